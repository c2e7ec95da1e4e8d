"""Case work in the Django admin: the worklist and the request page as a caseworker's desk.

The list (the worklist) fits a laptop: urgency, appointment, location and the
flags a day's work is sorted by, each an annotation of the list's one query.
The request page opens with the summary a caseworker decides from, then the
appointment and letters, the buttons of the workflow, the document checklist
(each item with its files beside it) and the fee record in one form with one
Save, then the answers by section and the history.

Every change goes through a service (casework.py); guards live there, so the
buttons only offer what the services allow. Nothing here keeps per-request
state on the ModelAdmin instance (it is shared between threads): what
depends on the user is computed from ``request`` each time.
"""

from __future__ import annotations

import functools
from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME, ActionForm
from django.contrib.admin.templatetags.admin_list import ResultList
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F, Prefetch, Q, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import get_script_prefix, get_urlconf, path, reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from locations.selectors import location_ids_of, may_see_all_locations
from portal import admin_lists, codes
from portal.admin_site import ListTitledByName, related_as_text
from portal.audit import audit
from portal.forms import Select, ShortListChoiceField, impossible_date_error
from portal.markup import escape

from . import casework, desk, hooks, kinds, names, rules, services, workflow
from .constants import DocumentState, RequestKind, Status
from .models import (
    Application,
    DocumentDeclaration,
    DocumentsOverride,
    FeeAssessment,
    FictionEffect,
)

COUNT_CAP = 10_000

# Messages of the page (tests assert against these).
STALE_PAGE = _(
    "Someone else changed this request in the meantime. The page now shows the current "
    "state; please check and save again."
)
REASON_FOR_REJECTION = _("Give the reason for the rejection: the applicant reads it.")
FEE_REASON = _("Give the reason for this fee (for example the fee schedule's item).")
GUARD_MESSAGES = {
    workflow.DOCUMENTS_MISSING: _(
        "Not every required document is verified: verify them in the checklist (or a team "
        "lead overrides this with a reason)."
    ),
    workflow.NO_BOOKED_APPOINTMENT: _("There is no booked appointment."),
    workflow.NO_LETTER: _("The appointment has no letter yet."),
    workflow.APPOINTMENT_STILL_BOOKED: _("The appointment is still booked."),
    workflow.APPOINTMENT_NOT_BEGUN: _("The appointment has not begun yet."),
}
# Why the release declaration of a blocked account was not issued (the worklist's action).
RELEASE_REFUSALS = {
    workflow.DOCUMENTS_MISSING: _(
        "%(reference)s: not issued, the documents are not complete yet. Verify them first."
    ),
    workflow.REQUEST_CLOSED: _(
        "%(reference)s: the request is refused or withdrawn; the blocking note stays."
    ),
}
FICTION_MESSAGES = {
    rules.FICTION_UNDETERMINED: _(
        "The dates of the request did not allow a decision on the deadline: only a team lead "
        "may issue this certificate, with a reason."
    ),
    rules.FICTION_NO_EFFECT: _(
        "Filing this request has no effect of § 81 AufenthG on the stay (for example after "
        "entry with a Schengen visa): no fiction certificate can state one. A team lead may "
        "override this with a reason."
    ),
    rules.FICTION_NEEDS_HARDSHIP_ORDER: _(
        "The request was filed late: the previous title continues only when the office "
        "orders it to avoid undue hardship (§ 81 (4) sentence 3 AufenthG). Tick the order."
    ),
    rules.FICTION_MISMATCH: _(
        "This effect is not the one the law gives this request (see “Deadline” above). A team "
        "lead may override this with a reason."
    ),
    "not_allowed": _("Only a team lead may override the check, with a reason."),
    "not_after_today": _("Enter a valid-until date after today."),
}


def _may_change_workflow(model_admin, request, application) -> bool:
    return request.user.has_perm("applications.change_workflow")


def _may_change_request(model_admin, request, application) -> bool:
    return model_admin.has_change_permission(request, application)


CLOSE_UNCONFIRMED = _(
    "The request was not closed: tick “I have checked the request and want to close it "
    "now” first. A closed request cannot be reopened."
)


def _casework_button(*, allowed, denied):
    """The guard the case-work buttons of the change page share.

    POST only (else 405); the request must be one the user sees (else 404, as if it
    did not exist); ``allowed(model_admin, request, application)`` must hold (else the
    error message ``denied`` and back to the change page). The view then gets the
    application instead of its pk.
    """

    def decorate(view):
        @functools.wraps(view)
        def guarded(self, request, pk):
            if request.method != "POST":
                return HttpResponseNotAllowed(["POST"])
            application = get_object_or_404(self.get_queryset(request), pk=pk)
            if not allowed(self, request, application):
                self.message_user(request, denied, messages.ERROR)
                return self._back(application)
            return view(self, request, application)

        return guarded

    return decorate


@functools.lru_cache(maxsize=16)
def _change_url_template(script_prefix: str, urlconf) -> str:
    """The request page's URL with ``{pk}`` for the id: one reverse() per list, not per row."""
    url = reverse("admin:applications_application_change", args=[0])
    head, tail = url.rsplit("/0/", 1)
    return f"{head.replace('{', '{{').replace('}', '}}')}/{{pk}}/{tail}"


class CappedCountPaginator(Paginator):
    """Counts at most COUNT_CAP rows: no full count on a large table.

    The count reads ids only, in no order: the worklist's queryset carries the
    columns' subqueries and flags (``WorklistChangeList``) and its urgency
    order, which a count would otherwise compute for each of those rows. A
    filter on a flag keeps its condition; only what is selected goes.
    """

    @cached_property
    def count(self):
        rows = self.object_list
        if isinstance(rows, QuerySet):
            rows = rows.order_by().values("pk")
        return rows[: COUNT_CAP + 1].count()


# --- The worklist ------------------------------------------------------------------------


@functools.cache
def _own_flags() -> tuple[hooks.WorklistFlag, ...]:
    """Made once per process: the labels are lazy, the annotations read the day when used."""
    from django.db.models import Exists, OuterRef

    from .models import DocumentRequest

    def handed_in():
        return Exists(
            DocumentDeclaration.objects.filter(
                application=OuterRef("pk"), handed_in_at__isnull=False
            )
        )

    def request_overdue():
        from django.db.models import BooleanField, ExpressionWrapper, Q

        overdue = DocumentRequest.objects.filter(
            application=OuterRef("pk"), respond_by__lt=timezone.localdate()
        )
        return ExpressionWrapper(
            Q(status=Status.DOCUMENTS_REQUESTED) & Q(Exists(overdue)), output_field=BooleanField()
        )

    return (
        hooks.WorklistFlag(
            code="handed_in",
            label=_("documents handed in online since the last review"),
            annotation=handed_in,
        ),
        hooks.WorklistFlag(
            code="overdue",
            label=_("document request overdue (respond-by date passed)"),
            annotation=request_overdue,
        ),
    )


def worklist_flags() -> list[hooks.WorklistFlag]:
    return [*_own_flags(), *hooks.registry.worklist_flags]


class FlagFilter(admin.SimpleListFilter):
    title = _("needs attention")
    parameter_name = "flag"

    def lookups(self, request, model_admin):
        return [(flag.code, flag.label) for flag in worklist_flags()]

    def queryset(self, request, queryset):
        for flag in worklist_flags():
            if flag.code == self.value():
                return queryset.alias(_flag=flag.annotation()).filter(_flag=True)
        return queryset


class TitleExpiryFilter(admin.SimpleListFilter):
    title = _("current title expires")
    parameter_name = "expiry"

    def lookups(self, request, model_admin):
        return [
            ("expired", _("already expired")),
            ("30", _("within 30 days")),
            ("90", _("within 90 days")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "expired":
            return queryset.filter(current_title_valid_until__lt=today)
        if self.value() in ("30", "90"):
            until = today + timedelta(days=int(self.value()))
            return queryset.filter(
                current_title_valid_until__gte=today, current_title_valid_until__lte=until
            )
        return queryset


class WorklistChangeList(ChangeList):
    """The list's one query carries the columns and flags of every app (hooks)."""

    # What no column shows: decrypting and parsing the answers of 50 rows was
    # half the time of the list's query.
    deferred = ("answers", "fee_quote_items", "location__kinds", "location__postcode_prefixes")

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters).defer(*self.deferred)
        return hooks.annotate_worklist(queryset, worklist_flags())

    def result_rows(self, headers: list[dict]) -> list[ResultList]:
        """The rows of the page, each its cells in one string, for the list's template.

        Django's ``items_for_result`` looks up, for each of the 450 cells of a
        page, the column's field, label and empty value again; here each column
        is resolved once per page. The markup is Django's, cell for cell, with
        each cell's role and column name (``headers``, Django's
        ``result_headers``) as ``portal.admin_lists`` gives them to Django's rows
        (tests/applications/test_worklist_rows.py compares the two).
        """
        cells = []
        for name, header in zip(self.list_display, headers, strict=True):
            if name == "action_checkbox":
                cell = _action_checkbox()
            elif callable(getattr(self.model_admin, name, None)):
                cell = getattr(self.model_admin, name)
            else:  # a field with choices, shown by its label
                cell = _choice_label(self.model._meta.get_field(name))
            css = "action-checkbox" if name == "action_checkbox" else f"field-{name}"
            attributes = admin_lists.cell_attributes(admin_lists.column_label(header))
            cells.append((f'<td{attributes} class="{css}">', cell))
        rows = []
        for obj in self.result_list:
            html = "".join(f"{start}{escape(cell(obj))}</td>" for start, cell in cells)
            # Every cell is escaped above, as format_html does in Django's rows.
            rows.append(ResultList(None, [mark_safe(html)]))  # noqa: S308
        return rows

    @property
    def count_capped(self) -> bool:
        """More requests than the paginator counts (CappedCountPaginator)."""
        return self.result_count > COUNT_CAP

    @property
    def count_text(self) -> str:
        """ "more than 10,000 requests" when the count stopped at the cap (the pagination)."""
        return gettext("more than %(count)s requests") % {
            "count": number_format(COUNT_CAP, force_grouping=True)
        }


def _action_checkbox():
    """The rows' checkbox of the action bar, as ``ModelAdmin.action_checkbox`` renders it."""
    label = gettext("Select this object for an action - {}")

    def checkbox(obj) -> str:
        # format_html(label, str(obj)), as Django writes it: the label is the format.
        return mark_safe(  # noqa: S308 (the pk and the label are escaped)
            f'<input type="checkbox" name="{ACTION_CHECKBOX_NAME}"'
            f' value="{escape(obj.pk)}" class="action-select"'
            f' aria-label="{label.format(escape(str(obj)))}">'
        )

    return checkbox


def _choice_label(field):
    """A field's value by the label of its choice (``get_FOO_display``), labels read once."""
    labels = {value: str(label) for value, label in field.flatchoices}

    def label(obj):
        value = getattr(obj, field.attname)
        return labels.get(value, value)

    return label


class CaseworkActionForm(ActionForm):
    """The admin's action bar, with the location for "assign to location"."""

    location = ShortListChoiceField(
        queryset=None,
        required=False,
        label=_("location"),
        empty_label=_("(location)"),
        widget=Select,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Both lists in one pass (portal.forms.Select), not one template per option.
        self.fields["action"].widget = Select()
        location_model = Application._meta.get_field("location").related_model
        self.fields["location"].queryset = location_model.objects.filter(active=True)


# --- The form of the request page: checklist and fees, one Save ----------------------------


class ApplicationDeskForm(forms.ModelForm):
    """The request itself is read-only here; the form carries its version (no lost updates)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Application
        fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        current = Application.objects.filter(pk=self.instance.pk).values_list("version", flat=True)
        expected = data.get("version")
        if expected is not None and current.first() != expected:
            raise forms.ValidationError(STALE_PAGE, code="stale")
        return data


class DocumentReviewForm(forms.ModelForm):
    """One checklist item: its state (received, verified, rejected) and the reason."""

    class Meta:
        model = DocumentDeclaration
        fields = ("state", "reason")
        widgets = {"state": Select, "reason": forms.TextInput(attrs={"size": 30})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.state if self.instance.pk else DocumentState.LATER
        states = [current, *sorted(casework.REVIEW_STATES - {current})]
        labels = dict(DocumentState.choices)
        order = [s.value for s in DocumentState]
        self.fields["state"].choices = [
            (state, labels[state]) for state in sorted(set(states), key=order.index)
        ]
        self.fields["state"].label = _("state")
        self.fields["reason"].label = _("reason (when rejected)")
        self.fields["reason"].required = False
        label = (
            getattr(self.instance, "desk_label", self.instance.label) if self.instance.pk else ""
        )
        self.fields["state"].widget.attrs["aria-label"] = f"{label}: {_('state')}"
        self.fields["reason"].widget.attrs["aria-label"] = f"{label}: {_('reason (when rejected)')}"

    def clean(self):
        data = super().clean()
        if data.get("state") == DocumentState.REJECTED and not (data.get("reason") or "").strip():
            self.add_error("reason", forms.ValidationError(REASON_FOR_REJECTION, code="required"))
        return data

    def validate_constraints(self, exclude=None):
        # The rejection's reason is checked above with a message next to the field.
        return


class DeskInlineFormSet(BaseInlineFormSet):
    """An inline's rows as the request page read them for the desk (``_desk_read``).

    Without them (or where the inline may show nothing) the formset reads its
    own, as Django's does. The prefetch keeps the model's ordering, the
    formset's own order.
    """

    def get_queryset(self):
        if not hasattr(self, "_queryset"):
            cached = getattr(self.instance, "_prefetched_objects_cache", {})
            rows = cached.get(self.fk.remote_field.get_accessor_name())
            if rows is not None and not self.queryset.query.is_empty():
                self._queryset = rows
        return super().get_queryset()


class DocumentInline(admin.TabularInline):
    model = DocumentDeclaration
    form = DocumentReviewForm
    formset = DeskInlineFormSet
    template = "admin/applications/application/checklist.html"
    extra = 0
    fields = ("state", "reason")
    can_delete = False
    verbose_name_plural = _("document checklist")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reviewed_by")

    def has_add_permission(self, request, obj=None):
        return False  # the office adds items with "Add a document to the checklist"


class FeeAssessmentForm(forms.ModelForm):
    amount = forms.DecimalField(
        label=_("amount (EUR)"),
        min_value=0,
        max_digits=8,
        decimal_places=2,
        required=False,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 8}),
    )

    class Meta:
        model = FeeAssessment
        fields = ("amount", "reason")
        widgets = {"reason": forms.TextInput(attrs={"size": 40})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Checked in clean() with its own message (not also Django's "required").
        self.fields["reason"].required = False
        # The table's column headings are not labels: name each input for screen readers.
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = str(field.label)

    def clean(self):
        data = super().clean()
        if self.has_changed() and data.get("amount") is None and "amount" not in self.errors:
            self.add_error("amount", _("Enter the amount charged, for example 93,00."))
        if self.has_changed() and not (data.get("reason") or "").strip():
            self.add_error("reason", forms.ValidationError(FEE_REASON, code="required"))
        return data

    def validate_constraints(self, exclude=None):
        return  # checked above; the service records who assessed it


class FeeAssessmentInline(admin.TabularInline):
    model = FeeAssessment
    form = FeeAssessmentForm
    formset = DeskInlineFormSet
    extra = 1  # one empty row to record a fee, without JavaScript
    fields = ("amount", "reason", "assessed_by_text", "assessed_at")
    readonly_fields = ("assessed_by_text", "assessed_at")
    assessed_by_text = related_as_text("assessed_by", _("assessed by"))
    can_delete = False
    verbose_name = _("fee charged")
    verbose_name_plural = _("fees charged (a correction is a new row)")

    def has_change_permission(self, request, obj=None):
        # An assessment is a record: a correction is a new assessment.
        return False


# --- The request ---------------------------------------------------------------------------


@admin.register(Application)
class ApplicationAdmin(ListTitledByName, admin.ModelAdmin):
    form = ApplicationDeskForm
    fieldsets = ((None, {"fields": ("version",)}),)
    list_display = (
        "reference_link",
        "person",
        "kind_short",
        "status",
        "urgency",
        "appointment",
        "location_short",
        "flags",
    )
    list_display_links = None
    list_filter = (FlagFilter, "status", "kind", "location", TitleExpiryFilter)
    list_select_related = ("location",)
    # Shows the search box; the search itself is get_search_results'.
    search_fields = ("search_name", "=passport_number")
    search_help_text = _(
        "Reference (with or without hyphens), name (accents may be left out: Yilmaz), "
        "passport number or date of birth (dd.mm.yyyy)"
    )
    show_full_result_count = False
    paginator = CappedCountPaginator
    list_per_page = 50
    change_form_template = "admin/applications/application/change_form.html"
    inlines = [DocumentInline, FeeAssessmentInline]
    actions = ["issue_release_declaration", "assign_location"]
    action_form = CaseworkActionForm

    class Media:
        css = {"all": ("css/admin-desk.css",)}

    def get_queryset(self, request):
        """Caseworkers see the requests of their locations; team leads see all."""
        queryset = super().get_queryset(request).select_related("location")
        if may_see_all_locations(request.user):
            return queryset
        return queryset.filter(location_id__in=location_ids_of(request.user))

    def get_changelist(self, request, **kwargs):
        return WorklistChangeList

    def changelist_view(self, request, extra_context=None):
        # The caseworkers' worklist, not Django's "Select request to change".
        extra_context = {**(extra_context or {}), "title": _("Worklist: requests")}
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self._desk_read(request, object_id)
        if application is None:
            audit(
                action="denied",
                request=request,
                object_type="applications.application",
                object_id=str(object_id)[:40],
                detail="admin",
            )
            raise Http404  # another location's request: as if it did not exist
        if request.method == "GET":
            audit(action="view", request=request, obj=application, detail="admin")
        # Django's change view reads the object again: hand it this one (nothing
        # has changed it since), which spares a query and decrypting the answers.
        request._desk_object = (str(object_id), application)
        # The caseworker reviews and decides; Django's "Change request" would suggest
        # editing the applicant's answers.
        extra_context = {
            **(extra_context or {}),
            "title": _("Request %(reference)s") % {"reference": application.reference},
            "subtitle": None,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def _desk_read(self, request, object_id):
        """The request with its checklist, fees and overrides, one query each.

        The desk's facts, summary, missing items and history and the inline
        forms all read these rows (``DeskInlineFormSet``); None where the user
        may not see the request or the id is no id.
        """
        try:
            pk = self.model._meta.pk.to_python(object_id)
        except (ValidationError, ValueError):
            return None
        application = (
            self.get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "document_declarations",
                    DocumentDeclaration.objects.select_related("reviewed_by"),
                ),
                Prefetch("fee_assessments", FeeAssessment.objects.select_related("assessed_by")),
                Prefetch(
                    "documents_overrides", DocumentsOverride.objects.select_related("created_by")
                ),
            )
            .filter(pk=pk)
            .first()
        )
        if application is not None:
            # Shown, never saved: the stored label stays the applicant's.
            labels = desk.requirement_labels(application)
            for item in application.document_declarations.all():
                item.desk_label = labels.get(item.requirement, item.label)
        return application

    def get_object(self, request, object_id, from_field=None):
        known = getattr(request, "_desk_object", None)
        if known is not None and from_field is None and known[0] == str(object_id):
            return known[1]
        return super().get_object(request, object_id, from_field)

    def get_ordering(self, request):
        # Urgency: the current title that expires soonest first.
        return [F("current_title_valid_until").asc(nulls_last=True), "-submitted_at"]

    def get_search_results(self, request, queryset, search_term):
        from datetime import datetime

        term = search_term.strip()
        try:
            born = datetime.strptime(term, "%d.%m.%Y").date()
        except ValueError:
            born = None
        if born is not None:
            return queryset.filter(date_of_birth=born), False
        reference = codes.code_normalise(term) if term else None
        if reference is not None:
            # Some passport numbers pass the reference's check digit too (DEMO00001).
            return queryset.filter(Q(reference=reference) | Q(passport_number__iexact=term)), False
        if not term:
            return queryset, False
        # Every word in the name, without accents (names.py); one word may
        # also be the passport number.
        found = names.name_search(term, "search_name")
        if len(term.split()) == 1:
            found |= Q(passport_number__iexact=term)
        return queryset.filter(found), False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    # --- Columns of the worklist ---------------------------------------------------------

    # The columns write their cells with f-strings and ``escape``: the markup of
    # format_html at a fraction of its cost, for 50 rows a page (the worklist's
    # rows are compared with Django's in tests/applications/test_worklist_rows.py).

    @admin.display(description=_("reference"), ordering="reference")
    def reference_link(self, obj):
        url = _change_url_template(get_script_prefix(), get_urlconf()).format(pk=obj.pk)
        return mark_safe(f'<a href="{escape(url)}">{escape(obj.reference)}</a>')  # noqa: S308

    @admin.display(description=_("person"), ordering="surname")
    def person(self, obj):
        # Outside the f-string: xgettext finds no call inside a string literal.
        born = gettext("born")
        return mark_safe(  # noqa: S308 (every value escaped)
            f"{escape(obj.given_names)} {escape(obj.surname)}<br><small>"
            f"{escape(born)} {obj.date_of_birth:%d.%m.%Y}</small>"
        )

    @admin.display(description=_("kind"), ordering="kind")
    def kind_short(self, obj):
        return kinds.get(obj.kind).short_label

    @admin.display(description=_("urgency"), ordering="current_title_valid_until")
    def urgency(self, obj):
        state = desk.urgency(obj.current_title_valid_until)
        if state.until is None:
            return "–"
        return mark_safe(  # noqa: S308 (the level escaped, the date digits)
            f'<span class="urgency urgency-{escape(state.level)}">{state.until:%d.%m.%Y}</span>'
        )

    @admin.display(description=_("appointment"))
    def appointment(self, obj):
        for column in hooks.registry.worklist_columns:
            if column.name == "appointment_at":
                return column.render(obj)
        return "–"

    @admin.display(description=_("location"), ordering="location__name")
    def location_short(self, obj):
        return obj.location.name if obj.location_id else "–"

    @admin.display(description=_("flags"))
    def flags(self, obj):
        badges = "".join(
            f'<span class="flag flag-{escape(flag.code)}">{escape(flag.label)}</span>'
            for flag in worklist_flags()
            if getattr(obj, f"flag_{flag.code}", False)
        )
        return mark_safe(badges) if badges else "–"  # noqa: S308 (codes and labels escaped)

    # --- The request page ----------------------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(self._desk_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _desk_context(self, request, application) -> dict:
        user = request.user
        facts = casework.case_facts(application)
        sections, hidden = desk.answers(application, user)
        targets = workflow.button_targets(application.status, facts)
        overridable = (
            user.has_perm(casework.OVERRIDE_PERMISSION)
            and application.status in workflow.COMPLETABLE
            and not facts.documents_complete
        )
        deadline = casework.deadline_result(application)
        return {
            "summary": desk.summary(application),
            "period_reasons": desk.period_reasons(application),
            "status_targets": [
                (target, Status(target).label)
                for target in targets
                if not workflow.is_final(target)
            ],
            "closing_targets": [
                (target, Status(target).label) for target in targets if workflow.is_final(target)
            ],
            "is_final": workflow.is_final(application.status),
            "may_change_status": user.has_perm("applications.change_workflow"),
            "may_override": overridable,
            "may_override_fiction": user.has_perm(casework.OVERRIDE_PERMISSION),
            "missing": casework.missing_items(application),
            "respond_weeks": rules.RESPOND_WEEKS,
            "default_weeks": rules.DEFAULT_RESPOND_WEEKS,
            "fiction_effects": FictionEffect.choices,
            "suggested_effect": application.deadline_effect,
            "hardship_possible": deadline.legal_basis == rules.BASIS_HARDSHIP,
            "letters": self._letters(application),
            "panels": [panel(request, application) for panel in hooks.registry.desk_panels],
            "files_by_requirement": desk.files_by_requirement(application),
            "answer_sections": sections,
            "answers_hidden": hidden,
            "history": desk.history(application),
            "overrides": list(application.documents_overrides.all()),
            "family": self._family(application),
        }

    def _letters(self, application) -> list[tuple]:
        letters = [
            (
                _("Receipt (every answer as filed)"),
                application.submitted_at,
                reverse(
                    "applications:staff-letter", kwargs={"kind": "receipt", "pk": application.pk}
                ),
            )
        ]
        letters += [
            (
                _("Request for documents"),
                item.created_at,
                reverse("applications:staff-letter", kwargs={"kind": "request", "pk": item.pk}),
            )
            for item in application.document_requests.all()
        ]
        letters += [
            (
                _("Fiction certificate until %(date)s") % {"date": f"{item.valid_until:%d.%m.%Y}"},
                item.issued_at,
                reverse("applications:staff-letter", kwargs={"kind": "fiction", "pk": item.pk}),
            )
            for item in application.fiction_certificates.all()
        ]
        if application.release_declaration:
            letters.append(
                (
                    _("Release declaration to the bank"),
                    application.release_declared_at,
                    reverse(
                        "applications:release-declaration",
                        kwargs={"reference": application.reference},
                    ),
                )
            )
        return letters

    def _family(self, application) -> list:
        if application.family_id is None:
            return []
        return list(
            Application.objects.filter(family_id=application.family_id)
            .exclude(pk=application.pk)
            .order_by("pk")
            .only("pk", "reference", "given_names", "surname")
        )

    # --- Changes go through the services ---------------------------------------------------

    def save_model(self, request, obj, form, change):
        # The request's own fields are not edited here (the checklist and fees are).
        return

    def save_formset(self, request, form, formset, change):
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if formset.model is FeeAssessment:
            for item_form in formset.extra_forms:
                if not item_form.has_changed():
                    continue
                assessment = casework.fee_assess(
                    application_id=form.instance.pk,
                    amount=item_form.cleaned_data["amount"],
                    reason=item_form.cleaned_data["reason"],
                    by=request.user,
                )
                formset.new_objects.append(assessment)
            return
        if formset.model is DocumentDeclaration:
            for item_form in formset.initial_forms:
                if not item_form.has_changed():
                    continue
                casework.document_review(
                    application_id=form.instance.pk,
                    declaration_id=item_form.instance.pk,
                    state=item_form.cleaned_data["state"],
                    reason=item_form.cleaned_data.get("reason", ""),
                    by=request.user,
                )
                formset.changed_objects.append((item_form.instance, item_form.changed_data))
            return
        super().save_formset(request, form, formset, change)

    def response_change(self, request, obj):
        # Back to the request page (the desk), not to the list, after a Save.
        if "_continue" not in request.POST and "_save" in request.POST:
            self.message_user(request, _("The changes were saved."), messages.SUCCESS)
            return self._back(obj)
        return super().response_change(request, obj)

    def get_urls(self):
        urls = super().get_urls()
        own = [
            path(
                "<int:pk>/status/",
                self.admin_site.admin_view(self.change_status),
                name="applications_application_status",
            ),
            path(
                "<int:pk>/request-documents/",
                self.admin_site.admin_view(self.request_documents),
                name="applications_application_request_documents",
            ),
            path(
                "<int:pk>/fiction-certificate/",
                self.admin_site.admin_view(self.issue_fiction_certificate),
                name="applications_application_fiction_certificate",
            ),
            path(
                "<int:pk>/add-document/",
                self.admin_site.admin_view(self.add_document),
                name="applications_application_add_document",
            ),
            path(
                "<int:pk>/override/",
                self.admin_site.admin_view(self.override_documents),
                name="applications_application_override",
            ),
        ]
        return own + urls

    def _back(self, application):
        return HttpResponseRedirect(
            reverse("admin:applications_application_change", args=[application.pk])
        )

    @_casework_button(allowed=_may_change_workflow, denied=_("You may not change the status."))
    def change_status(self, request, application):
        try:
            expected = int(request.POST.get("version", ""))
        except ValueError:
            expected = None
        if workflow.is_final(request.POST.get("target", "")) and (
            request.POST.get("confirm_final") != "1"
        ):
            # Closing cannot be undone: one click by mistake must not do it.
            self.message_user(request, CLOSE_UNCONFIRMED, messages.ERROR)
            return self._back(application)
        try:
            casework.application_transition(
                application_id=application.pk,
                target=request.POST.get("target", ""),
                by=request.user,
                expected_version=expected,
            )
            self.message_user(request, _("The status was changed."))
        except casework.StaleVersion:
            self.message_user(request, STALE_PAGE, messages.ERROR)
        except workflow.GuardFailed as failure:
            self.message_user(
                request,
                GUARD_MESSAGES.get(failure.code, _("This status change is not allowed now.")),
                messages.ERROR,
            )
        except workflow.IllegalTransition:
            self.message_user(request, _("This status change is not allowed."), messages.ERROR)
        return self._back(application)

    @_casework_button(allowed=_may_change_workflow, denied=_("You may not change the status."))
    def request_documents(self, request, application):
        raw = request.POST.get("respond_weeks", "")
        weeks = int(raw) if raw.isdigit() and int(raw) in rules.RESPOND_WEEKS else None
        if raw and weeks is None:
            self.message_user(request, _("Choose one of the periods offered."), messages.ERROR)
            return self._back(application)
        try:
            letter = casework.documents_request(
                application_id=application.pk, by=request.user, respond_within_weeks=weeks
            )
            if letter.respond_by:
                self.message_user(
                    request,
                    _("The letter asking for the documents was written (respond by %(date)s).")
                    % {"date": f"{letter.respond_by:%d.%m.%Y}"},
                )
            else:
                self.message_user(request, _("The letter asking for the documents was written."))
        except casework.ReviewError:
            self.message_user(
                request, _("No required document is missing: nothing to request."), messages.ERROR
            )
        except workflow.IllegalTransition:
            self.message_user(
                request, _("Documents cannot be requested in this status."), messages.ERROR
            )
        return self._back(application)

    @_casework_button(allowed=_may_change_workflow, denied=_("You may not issue certificates."))
    def issue_fiction_certificate(self, request, application):
        typed = request.POST.get("valid_until", "").strip()
        valid_until = _parse_date(typed)
        if valid_until is None:
            # "31.02.2027" is typed right: say that the day does not exist.
            impossible = impossible_date_error(typed)
            message = (
                impossible.messages[0]
                if impossible is not None
                else _("Enter the valid-until date as dd.mm.yyyy.")
            )
            self.message_user(request, message, messages.ERROR)
            return self._back(application)
        try:
            casework.fiction_certificate_issue(
                application_id=application.pk,
                effect=request.POST.get("effect", ""),
                valid_until=valid_until,
                by=request.user,
                hardship_order=request.POST.get("hardship_order") == "1",
                override_reason=request.POST.get("override_reason", ""),
            )
            self.message_user(request, _("The fiction certificate was issued."))
        except casework.ReviewError as error:
            self.message_user(
                request,
                FICTION_MESSAGES.get(error.code, _("Choose the effect of the certificate.")),
                messages.ERROR,
            )
        return self._back(application)

    @_casework_button(allowed=_may_change_request, denied=_("You may not change this request."))
    def add_document(self, request, application):
        try:
            casework.document_add(
                application_id=application.pk,
                label=request.POST.get("label", ""),
                by=request.user,
                required=request.POST.get("required", "1") == "1",
            )
            self.message_user(request, _("The document was added to the checklist."))
        except casework.ReviewError:
            self.message_user(request, _("Enter the name of the document."), messages.ERROR)
        return self._back(application)

    @_casework_button(allowed=_may_change_workflow, denied=_("You may not change the status."))
    def override_documents(self, request, application):
        try:
            casework.documents_complete_override(
                application_id=application.pk,
                reason=request.POST.get("reason", ""),
                by=request.user,
            )
            self.message_user(request, _("The documents were marked complete (override)."))
        except casework.ReviewError as error:
            message = (
                _("Give the reason for the override.")
                if error.code == "reason_missing"
                else _("Only a team lead may override the document check.")
            )
            self.message_user(request, message, messages.ERROR)
        except workflow.IllegalTransition:
            self.message_user(
                request,
                _("The documents cannot be marked complete in this status."),
                messages.ERROR,
            )
        return self._back(application)

    # --- Actions ----------------------------------------------------------------------

    def has_reassign_permission(self, request):
        return request.user.has_perm("applications.view_all_locations")

    @admin.action(description=_("Assign to the location chosen above"), permissions=["reassign"])
    def assign_location(self, request, queryset):
        location_model = Application._meta.get_field("location").related_model
        location = location_model.objects.filter(pk=request.POST.get("location") or None).first()
        if location is None:
            self.message_user(request, _("Choose a location first."), messages.ERROR)
            return
        count = casework.applications_assign_location(
            application_ids=list(queryset.values_list("pk", flat=True)),
            location_id=location.pk,
            by=request.user,
        )
        self.message_user(
            request,
            _("%(count)d requests assigned to %(location)s.")
            % {"count": count, "location": location},
        )

    @admin.action(
        description=_("Issue the release declaration to the bank (blocked account)"),
        permissions=["change"],
    )
    def issue_release_declaration(self, request, queryset):
        issued = 0
        for application in queryset.filter(kind=RequestKind.BLOCKED_ACCOUNT_RELEASE):
            try:
                services.release_declaration_issue(application_id=application.pk, by=request.user)
            except services.AlreadyDeclared:
                self.message_user(
                    request,
                    _("%(reference)s: the declaration was already issued.")
                    % {"reference": application.reference},
                    level=messages.WARNING,
                )
                continue
            except services.NotDeclarable as refusal:
                self.message_user(
                    request,
                    RELEASE_REFUSALS[refusal.code] % {"reference": application.reference},
                    level=messages.WARNING,
                )
                continue
            issued += 1
        skipped = queryset.exclude(kind=RequestKind.BLOCKED_ACCOUNT_RELEASE).count()
        if skipped:
            self.message_user(
                request,
                _("%(count)d selected requests are not blocked-account releases.")
                % {"count": skipped},
                level=messages.WARNING,
            )
        if issued:
            self.message_user(
                request, _("%(count)d release declarations issued.") % {"count": issued}
            )


def _parse_date(value: str):
    from datetime import datetime

    try:
        return datetime.strptime(value.strip(), "%d.%m.%Y").date()
    except ValueError:
        return None
