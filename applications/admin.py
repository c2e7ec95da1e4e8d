"""Case work in the Django admin: requests read by section, the document checklist,
the workflow buttons, fees. Every change goes through a service (casework.py)."""

from __future__ import annotations

from datetime import timedelta
from functools import wraps

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal.answers import summarise_answers
from portal.audit import audit

from . import casework, services, workflow
from .constants import SPECIAL_CATEGORY_SECTIONS, DocumentState, RequestKind, Status
from .models import Application, DocumentDeclaration, FeeAssessment, FictionEffect
from .steps import stored_steps

COUNT_CAP = 10_000


def _parse_date(value: str):
    from datetime import datetime

    try:
        return datetime.strptime(value.strip(), "%d.%m.%Y").date()
    except ValueError:
        return None


def _may_change_workflow(model_admin, request, application) -> bool:
    return request.user.has_perm("applications.change_workflow")


def _may_change_request(model_admin, request, application) -> bool:
    return model_admin.has_change_permission(request, application)


def _casework_button(*, allowed, denied):
    """The guard the case-work buttons of the change page share.

    POST only (else 405); the request must be one the user sees (else 404, as if it
    did not exist); ``allowed(model_admin, request, application)`` must hold (else the
    error message ``denied`` and back to the change page). The view then gets the
    application instead of its pk.
    """

    def decorate(view):
        @wraps(view)
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


class CappedCountPaginator(Paginator):
    """Counts at most COUNT_CAP rows: no full count on a large table."""

    @cached_property
    def count(self):
        return self.object_list[: COUNT_CAP + 1].count()


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


class CaseworkActionForm(ActionForm):
    """The admin's action bar, with the location for "assign to location"."""

    location = forms.ModelChoiceField(
        queryset=None, required=False, label=_("location"), empty_label=_("(location)")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from appointments.models import Location

        self.fields["location"].queryset = Location.objects.filter(active=True)


class FeeAssessmentInline(admin.TabularInline):
    model = FeeAssessment
    extra = 0
    fields = ("amount", "reason", "assessed_by", "assessed_at")
    readonly_fields = ("assessed_by", "assessed_at")
    can_delete = False

    def has_change_permission(self, request, obj=None):
        # An assessment is a record: a correction is a new assessment.
        return False


class DocumentInline(admin.TabularInline):
    model = DocumentDeclaration
    extra = 0
    fields = ("label", "required", "state", "reason", "reviewed_by", "reviewed_at")
    readonly_fields = ("label", "required", "reviewed_by", "reviewed_at")
    can_delete = False
    verbose_name_plural = _("document checklist")

    def has_add_permission(self, request, obj=None):
        return False  # the office adds items with the action "add a document"


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = (
        "reference",
        "kind",
        "status",
        "surname",
        "given_names",
        "date_of_birth",
        "current_title_valid_until",
        "filed_on_time",
        "submitted_at",
        "location",
    )
    list_filter = (
        "kind",
        "status",
        "location",
        "filed_on_time",
        TitleExpiryFilter,
        "submitted_at",
    )
    list_select_related = ("location",)
    search_fields = ("=reference", "surname", "given_names", "=passport_number")
    search_help_text = _("Reference, name, passport number or date of birth (dd.mm.yyyy)")
    show_full_result_count = False
    paginator = CappedCountPaginator
    list_per_page = 50
    date_hierarchy = None
    change_form_template = "admin/applications/application/change_form.html"
    readonly_fields = (
        "reference",
        "kind",
        "status",
        "version",
        "submitted_at",
        "location",
        "surname",
        "given_names",
        "date_of_birth",
        "nationality",
        "passport_number",
        "postcode",
        "current_title_valid_until",
        "deadline_summary",
        "fee_summary",
        "max_period_summary",
        "answers_by_section",
        "family_requests",
        "uploaded_files",
        "release_declaration_link",
    )
    fieldsets = (
        (
            _("Request"),
            {"fields": ("reference", "kind", "status", "version", "submitted_at", "location")},
        ),
        (
            _("Person"),
            {
                "fields": (
                    "surname",
                    "given_names",
                    "date_of_birth",
                    "nationality",
                    "passport_number",
                    "postcode",
                    "current_title_valid_until",
                )
            },
        ),
        (
            _("Deadline, fee and period"),
            {"fields": ("deadline_summary", "fee_summary", "max_period_summary")},
        ),
        (_("Answers by section of the form"), {"fields": ("answers_by_section",)}),
        (_("Family and files"), {"fields": ("family_requests", "uploaded_files")}),
        (_("Blocked account"), {"fields": ("release_declaration_link",)}),
    )
    inlines = [DocumentInline, FeeAssessmentInline]
    actions = ["issue_release_declaration", "assign_location"]
    action_form = CaseworkActionForm

    def get_queryset(self, request):
        """Caseworkers see the requests of their locations; team leads see all."""
        queryset = super().get_queryset(request).select_related("location")
        user = request.user
        if user.is_superuser or user.has_perm("applications.view_all_locations"):
            return queryset
        return queryset.filter(location__stafflocations__user=user)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self.get_object(request, object_id)
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
        return super().change_view(request, object_id, form_url, extra_context)

    def get_ordering(self, request):
        # Urgency: the current title that expires soonest first.
        return [F("current_title_valid_until").asc(nulls_last=True), "-submitted_at"]

    def get_search_results(self, request, queryset, search_term):
        from datetime import datetime

        try:
            born = datetime.strptime(search_term.strip(), "%d.%m.%Y").date()
        except ValueError:
            return super().get_search_results(request, queryset, search_term)
        return queryset.filter(date_of_birth=born), False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    # --- Read-only views of the request ---------------------------------------------

    @admin.display(description=_("deadline"))
    def deadline_summary(self, obj):
        if obj.filed_on_time is None:
            state = _("to be checked")
        else:
            state = _("on time") if obj.filed_on_time else _("late")
        deadline = obj.deadline.strftime("%d.%m.%Y") if obj.deadline else "–"
        return format_html("{} ({}: {}; {})", state, _("deadline"), deadline, obj.deadline_effect)

    @admin.display(description=_("fee"))
    def fee_summary(self, obj):
        quoted = (
            _("set individually") if obj.fee_quote_total is None else f"{obj.fee_quote_total} EUR"
        )
        charged = obj.fee_assessments.first()
        if charged is None:
            return format_html("{}: {}", _("quoted"), quoted)
        return format_html("{}: {} · {}: {} EUR", _("quoted"), quoted, _("charged"), charged.amount)

    @admin.display(description=_("maximum permit period"))
    def max_period_summary(self, obj):
        if obj.kind != RequestKind.FAMILY_REUNIFICATION:
            return "–"
        until = obj.max_permit_until.strftime("%d.%m.%Y") if obj.max_permit_until else "–"
        sponsor = _("must come with the sponsor") if obj.must_bring_sponsor else ""
        return format_html("{} ({}) {}", until, obj.max_permit_binding, sponsor)

    @admin.display(description=_("answers"))
    def answers_by_section(self, obj):
        answers = dict(obj.answers)
        hidden = False
        if not self._may_see_special(obj):
            hidden = any(step in answers for step in SPECIAL_CATEGORY_SECTIONS)
            for step in SPECIAL_CATEGORY_SECTIONS:
                answers.pop(step, None)
        sections = summarise_answers(answers, stored_steps(obj.kind))
        return render_to_string(
            "admin/applications/answers.html", {"sections": sections, "hidden": hidden}
        )

    @admin.display(description=_("family"))
    def family_requests(self, obj):
        if obj.family_id is None:
            return "–"
        members = Application.objects.filter(family_id=obj.family_id).exclude(pk=obj.pk)
        links = [
            format_html(
                '<a href="{}">{} – {} {}</a>',
                reverse("admin:applications_application_change", args=[member.pk]),
                member.reference,
                member.given_names,
                member.surname,
            )
            for member in members.order_by("pk")
        ]
        return format_html("<br>".join(["{}"] * len(links)), *links) if links else "–"

    @admin.display(description=_("uploaded files"))
    def uploaded_files(self, obj):
        uploads = list(obj.uploads.order_by("requirement", "pk"))
        if not uploads:
            return "–"
        links = [
            format_html(
                '<a href="{}">{}</a> ({})',
                reverse("applications:upload-download", args=[upload.pk]),
                upload.display_name,
                upload.requirement,
            )
            for upload in uploads
        ]
        return format_html("<br>".join(["{}"] * len(links)), *links)

    @admin.display(description=_("release declaration"))
    def release_declaration_link(self, obj):
        if obj.kind != RequestKind.BLOCKED_ACCOUNT_RELEASE:
            return "–"
        if not obj.release_declaration:
            return _("not issued")
        url = reverse("applications:release-declaration", kwargs={"reference": obj.reference})
        return format_html('<a href="{}">{}</a>', url, _("Download (PDF)"))

    def _may_see_special(self, obj) -> bool:
        user = getattr(self, "_request_user", None)
        return bool(user and user.has_perm("applications.view_special_categories"))

    def get_fieldsets(self, request, obj=None):
        self._request_user = request.user
        return super().get_fieldsets(request, obj)

    # --- Changes go through the services ----------------------------------------------

    def save_model(self, request, obj, form, change):
        # The request's own fields are read-only here; nothing to save directly.
        return

    def save_formset(self, request, form, formset, change):
        if formset.model is FeeAssessment:
            for instance in formset.save(commit=False):
                if instance.pk is None:
                    instance.assessed_by = request.user
                    instance.save()
            return
        if formset.model is DocumentDeclaration:
            review_states = {
                DocumentState.RECEIVED,
                DocumentState.VERIFIED,
                DocumentState.REJECTED,
            }
            for item_form in formset.forms:
                if not item_form.has_changed():
                    continue
                state = item_form.cleaned_data.get("state")
                if state not in review_states:
                    continue
                try:
                    casework.document_review(
                        application_id=form.instance.pk,
                        declaration_id=item_form.instance.pk,
                        state=state,
                        reason=item_form.cleaned_data.get("reason", ""),
                        by=request.user,
                    )
                except casework.ReviewError as error:
                    self.message_user(request, str(error), level=messages.ERROR)
            return
        super().save_formset(request, form, formset, change)

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
        try:
            casework.application_transition(
                application_id=application.pk,
                target=request.POST.get("target", ""),
                by=request.user,
                expected_version=expected,
            )
            self.message_user(request, _("The status was changed."))
        except casework.StaleVersion:
            self.message_user(
                request,
                _(
                    "Someone else changed this request in the meantime. The page now "
                    "shows the current state; please check and try again."
                ),
                messages.ERROR,
            )
        except workflow.IllegalTransition:
            self.message_user(request, _("This status change is not allowed."), messages.ERROR)
        return self._back(application)

    @_casework_button(allowed=_may_change_workflow, denied=_("You may not change the status."))
    def request_documents(self, request, application):
        respond_by = _parse_date(request.POST.get("respond_by", ""))
        try:
            casework.documents_request(
                application_id=application.pk, by=request.user, respond_by=respond_by
            )
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
        valid_until = _parse_date(request.POST.get("valid_until", ""))
        if valid_until is None:
            self.message_user(
                request, _("Enter the valid-until date as dd.mm.yyyy."), messages.ERROR
            )
            return self._back(application)
        try:
            casework.fiction_certificate_issue(
                application_id=application.pk,
                effect=request.POST.get("effect", ""),
                valid_until=valid_until,
                by=request.user,
            )
            self.message_user(request, _("The fiction certificate was issued."))
        except casework.ReviewError:
            self.message_user(
                request,
                _("Choose the effect and a valid-until date after today."),
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
            )
            self.message_user(request, _("The document was added to the checklist."))
        except casework.ReviewError:
            self.message_user(request, _("Enter the name of the document."), messages.ERROR)
        return self._back(application)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["status_targets"] = [
                (target, Status(target).label)
                for target in sorted(workflow.allowed_targets(obj.status))
            ]
            context["may_change_status"] = request.user.has_perm("applications.change_workflow")
            context["fiction_effects"] = FictionEffect.choices
            context["suggested_effect"] = obj.deadline_effect
            context["letters"] = [
                (_("Request for documents"), item.created_at, "request", item.pk)
                for item in obj.document_requests.all()
            ] + [
                (_("Fiction certificate"), item.issued_at, "fiction", item.pk)
                for item in obj.fiction_certificates.all()
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- Actions ----------------------------------------------------------------------

    def has_reassign_permission(self, request):
        return request.user.has_perm("applications.view_all_locations")

    @admin.action(description=_("Assign to the location chosen above"), permissions=["reassign"])
    def assign_location(self, request, queryset):
        from appointments.models import Location

        location = Location.objects.filter(pk=request.POST.get("location") or None).first()
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
