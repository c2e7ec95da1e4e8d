"""Admin for locations: which location handles which requests, and when it has time.

Request kinds and postcode prefixes are edited as JSON lists; the form checks
them against appointments.rules (known request kinds, prefixes of one to five
digits) and stores them without duplicates, in a fixed order. The capacity of
a location (opening hours with desks, slot lengths, closed days) is edited
inline on the location's page; closures of all locations have their own list.
The invitation jobs list shows requests whose invitation task failed, and
gives them a new set of attempts.

The print queue (issue "appointments", item 4) is the list of letters: by
default those not printed yet, in print order, with the button "Print all
waiting letters as one batch" (appointments.printing.print_batch_create). The
print batches are listed with their counts; each can be downloaded and
reprinted with a reason. Print staff (group "Poststelle") see the letters'
names and postal addresses, never the answers of a request.
"""

from __future__ import annotations

import logging
import re

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from applications import names
from applications.constants import RequestKind
from locations import rules as location_rules
from locations.selectors import location_ids_of, may_see_all_locations, may_work_at
from portal import files
from portal.admin_site import ListTitledByName, related_as_text
from portal.audit import audit

from . import printing, rules, services
from .models import (
    Appointment,
    ClosedDay,
    InvitationJob,
    InvitationLetter,
    Location,
    OpeningHours,
    PrintBatch,
    PrintReprint,
    ReprintReason,
    SlotLength,
)

logger = logging.getLogger(__name__)

# Error messages of the form (tests assert against these).
KINDS_EMPTY = _("Choose at least one request kind.")
BAD_PREFIXES = _("A postcode prefix is one to five digits, for example 904. Not valid: %(values)s.")
OVERLAPPING_HOURS = _("Opening hours on %(weekday)s overlap: %(first)s and %(second)s.")


class LocationForm(forms.ModelForm):
    """A location: its address, the request kinds it handles (boxes to tick) and the
    postcodes it is limited to (leading digits, typed as a list)."""

    kinds = forms.MultipleChoiceField(
        label=_("request kinds"),
        choices=RequestKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The request kinds this location handles."),
        error_messages={"required": KINDS_EMPTY},
    )
    postcode_prefixes = forms.CharField(
        label=_("postcode prefixes"),
        required=False,
        max_length=500,
        help_text=_(
            "The leading digits of the postcodes this location is limited to, separated by "
            "commas, for example 904, 9041. Empty: every postcode. The longest matching "
            "prefix of all locations wins."
        ),
    )

    class Meta:
        model = Location
        fields = (
            "name",
            "street",
            "postcode",
            "town",
            "phone",
            "kinds",
            "postcode_prefixes",
            "active",
            "is_demo",
        )
        help_texts = {
            "is_demo": _("A fictional location for demonstrations; never a real address."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["postcode_prefixes"] = ", ".join(self.instance.postcode_prefixes or ())

    def clean_kinds(self):
        chosen = set(self.cleaned_data.get("kinds") or ())
        return [kind for kind in rules.KINDS if kind in chosen]

    def clean_postcode_prefixes(self):
        typed = self.cleaned_data.get("postcode_prefixes") or ""
        prefixes = [part for part in re.split(r"[\s,;]+", typed) if part]
        bad = location_rules.bad_prefixes(prefixes)
        if bad:
            raise forms.ValidationError(
                BAD_PREFIXES, code="bad_prefix", params={"values": ", ".join(bad)}
            )
        return sorted(set(prefixes))


class OpeningHoursFormSet(forms.BaseInlineFormSet):
    """Several rows per weekday are fine (a lunch break); overlapping ones are refused."""

    def clean(self):
        super().clean()
        windows = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE") or not all(
                data.get(key) is not None for key in ("weekday", "opens", "closes")
            ):
                continue
            windows.append(
                rules.Window(weekday=data["weekday"], opens=data["opens"], closes=data["closes"])
            )
        labels = dict(OpeningHours._meta.get_field("weekday").choices)
        for first, second in rules.overlapping_windows(windows):
            raise forms.ValidationError(
                OVERLAPPING_HOURS,
                code="overlap",
                params={
                    "weekday": labels[first.weekday],
                    "first": f"{first.opens:%H:%M}–{first.closes:%H:%M}",
                    "second": f"{second.opens:%H:%M}–{second.closes:%H:%M}",
                },
            )


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    formset = OpeningHoursFormSet
    fields = ("weekday", "opens", "closes", "desks")
    extra = 0


class SlotLengthInline(admin.TabularInline):
    model = SlotLength
    fields = ("kind", "minutes")
    extra = 0
    verbose_name_plural = _("slot lengths (30 minutes where no row is given)")


CLOSED_DAY_PAST = _(
    "This day has passed: a closed day stops appointments from being booked, so enter "
    "today or a day ahead."
)


class ClosedDayForm(forms.ModelForm):
    def clean_date(self):
        day = self.cleaned_data.get("date")
        # A day that has passed cannot be closed any more (a past row keeps its date).
        if day is not None and "date" in self.changed_data and day < timezone.localdate():
            raise forms.ValidationError(CLOSED_DAY_PAST, code="past")
        return day


class ClosedDayInline(admin.TabularInline):
    model = ClosedDay
    form = ClosedDayForm
    fields = ("date", "reason")
    extra = 0
    verbose_name_plural = _("closed days of this location (public holidays need no row)")


@admin.register(Location)
class LocationAdmin(ListTitledByName, admin.ModelAdmin):
    form = LocationForm
    inlines = (OpeningHoursInline, SlotLengthInline, ClosedDayInline)
    list_display = (
        "name",
        "street",
        "postcode",
        "town",
        "kinds_list",
        "prefixes_list",
        "active",
        "is_demo",
    )
    list_filter = ("active", "is_demo")
    search_fields = ("name", "town")
    readonly_fields = ("created", "updated")

    @admin.display(description=_("request kinds"))
    def kinds_list(self, obj: Location) -> str:
        labels = dict(RequestKind.choices)
        return ", ".join(str(labels.get(kind, kind)) for kind in obj.kinds or ())

    @admin.display(description=_("postcode prefixes"))
    def prefixes_list(self, obj: Location) -> str:
        return ", ".join(obj.postcode_prefixes or ()) or _("every postcode")


@admin.register(ClosedDay)
class ClosedDayAdmin(ListTitledByName, admin.ModelAdmin):
    """Closed days, also those of all locations (without a location)."""

    form = ClosedDayForm
    list_display = ("date", "location_or_all", "reason")
    list_filter = ("location",)
    date_hierarchy = "date"
    fields = ("date", "location", "reason")

    @admin.display(description=_("location"), ordering="location__name")
    def location_or_all(self, obj: ClosedDay) -> str:
        return obj.location.name if obj.location else _("all locations")


@admin.register(InvitationJob)
class InvitationJobAdmin(ListTitledByName, admin.ModelAdmin):
    """The invitation task per request: attempts and error codes (no personal data)."""

    list_display = ("reference", "attempts", "last_error", "attempted_at", "done_at")
    list_select_related = ("application",)
    list_filter = ("last_error",)
    fields = ("reference", "attempts", "last_error", "enqueued_at", "attempted_at", "done_at")
    readonly_fields = fields
    actions = ("retry",)

    @admin.display(description=_("reference"), ordering="application__reference")
    def reference(self, obj):
        return obj.application.reference

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Try the invitation again"), permissions=("change",))
    def retry(self, request, queryset):
        ids = list(queryset.filter(done_at__isnull=True).values_list("application_id", flat=True))
        for application_id in ids:
            services.invitation_retry(application_id=application_id)
        self.message_user(
            request,
            _("%(count)d invitations enqueued again.") % {"count": len(ids)},
            messages.SUCCESS,
        )


# --- Appointments, as caseworkers of a location see them ----------------------------------


@admin.register(Appointment)
class AppointmentAdmin(ListTitledByName, admin.ModelAdmin):
    """The appointments of the locations a caseworker works for (read only).

    Also the staff endpoints of the request page's appointment panel
    (appointments.desk): a letter's download, "invite again" after an online
    cancellation, and "try the invitation again" after a failure.
    """

    list_display = ("starts_at", "location", "desk", "request_link", "kind", "status")
    list_filter = ("status", "location")
    list_select_related = ("location", "application")
    date_hierarchy = "starts_at"
    search_fields = ("=application__reference",)
    fields = ("request_link", "kind", "location_text", "starts_at", "ends_at", "desk", "status")
    readonly_fields = fields
    location_text = related_as_text("location", _("location"))
    actions = None
    list_per_page = 100

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if may_see_all_locations(request.user):
            return queryset
        return queryset.filter(location_id__in=location_ids_of(request.user))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("request"), ordering="application__reference")
    def request_link(self, obj: Appointment) -> str:
        url = reverse("admin:applications_application_change", args=[obj.application_id])
        return format_html('<a href="{}">{}</a>', url, obj.application.reference)

    @admin.display(description=_("kind"))
    def kind(self, obj: Appointment) -> str:
        return obj.application.get_kind_display()

    def get_urls(self):
        own = [
            path(
                "letter/<int:pk>/",
                self.admin_site.admin_view(self.letter_view),
                name="appointments_appointment_letter",
            ),
            path(
                "invite-again/<int:application_id>/",
                self.admin_site.admin_view(self.invite_again_view),
                name="appointments_appointment_invite_again",
            ),
            path(
                "retry-invitation/<int:application_id>/",
                self.admin_site.admin_view(self.retry_view),
                name="appointments_appointment_retry_invitation",
            ),
        ]
        return own + super().get_urls()

    def _request_page(self, application_id: int) -> HttpResponseRedirect:
        return HttpResponseRedirect(
            reverse("admin:applications_application_change", args=[application_id])
        )

    def _application(self, request, application_id: int, permission: str):
        """The request, if the user has ``permission`` and works at its location (else 404)."""
        from applications.models import Application

        if not request.user.has_perm(permission):
            raise PermissionDenied
        application = Application.objects.filter(pk=application_id).first()
        if application is None or not may_work_at(request.user, application.location_id):
            raise Http404
        return application

    def letter_view(self, request, pk):
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        letter = InvitationLetter.objects.select_related("application").filter(pk=pk).first()
        if letter is None:
            raise Http404
        self._application(request, letter.application_id, "applications.view_application")
        return files.attachment(
            letter.file,
            filename=f"{letter.kind}-{letter.application.reference}-{letter.pk}.pdf",
            request=request,
            obj=letter,
            detail=f"letter:{letter.kind}",
        )

    def invite_again_view(self, request, application_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        application = self._application(request, application_id, "applications.change_workflow")
        try:
            services.invitation_again(application_id=application.pk, by=request.user)
        except services.InvitationError:
            self.message_user(
                request,
                _("Only a request whose appointment the applicant cancelled can be invited again."),
                messages.ERROR,
            )
        else:
            self.message_user(
                request,
                _("The invitation is being written: the worker books a new appointment."),
                messages.SUCCESS,
            )
        return self._request_page(application.pk)

    def retry_view(self, request, application_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        application = self._application(
            request, application_id, "appointments.change_invitationjob"
        )
        services.invitation_retry(application_id=application.pk)
        audit(action="change", request=request, obj=application, detail="invitation:retry")
        self.message_user(request, _("The invitation is tried again."), messages.SUCCESS)
        return self._request_page(application.pk)


# --- The print queue ---------------------------------------------------------------------


class PrintedFilter(admin.SimpleListFilter):
    """Waiting letters by default: the print queue."""

    title = _("printed")
    parameter_name = "printed"

    def lookups(self, request, model_admin):
        return [("no", _("waiting to be printed")), ("yes", _("printed")), ("all", _("all"))]

    def choices(self, changelist):
        value = self.value() or "no"
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or "no"
        if value == "no":
            return queryset.filter(printed_at__isnull=True)
        if value == "yes":
            return queryset.filter(printed_at__isnull=False)
        return queryset


def _address(letter: InvitationLetter) -> dict:
    return letter.application.answers.get("address") or {}


@admin.register(InvitationLetter)
class InvitationLetterAdmin(ListTitledByName, admin.ModelAdmin):
    """The print queue: letters with the recipient's name and postal address only."""

    change_list_template = "appointments/admin/print_queue.html"
    list_display = (
        "recipient",
        "street",
        "postcode",
        "town",
        "reference",
        "kind",
        "created_at",
        "printed_at",
        "print_batch",
    )
    list_filter = (PrintedFilter, "kind")
    list_select_related = ("application", "print_batch")
    # Shows the search box; the search itself is get_search_results'.
    search_fields = ("=application__reference", "application__search_name", "application__postcode")
    fields = (
        "recipient",
        "street",
        "postcode",
        "town",
        "reference",
        "kind",
        "language",
        "created_at",
        "printed_at",
        "print_batch",
    )
    readonly_fields = fields
    list_per_page = 100
    actions = None

    def get_ordering(self, request):
        return printing.PRINT_ORDER

    def get_search_results(self, request, queryset, search_term):
        """A reference or postcode, or the words of the recipient's name without accents."""
        term = search_term.strip()
        if not term:
            return queryset, False
        found = names.name_search(term, "application__search_name")
        if len(term.split()) == 1:
            found |= Q(application__reference__iexact=term) | Q(application__postcode=term)
        return queryset.filter(found), False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("recipient"), ordering="application__surname")
    def recipient(self, obj: InvitationLetter) -> str:
        return f"{obj.application.given_names} {obj.application.surname}"

    @admin.display(description=_("street and number"))
    def street(self, obj: InvitationLetter) -> str:
        address = _address(obj)
        extra = address.get("address_extra") or ""
        return ", ".join(part for part in (address.get("street") or "", extra) if part)

    @admin.display(description=_("postcode"), ordering="application__postcode")
    def postcode(self, obj: InvitationLetter) -> str:
        return _address(obj).get("postcode") or obj.application.postcode

    @admin.display(description=_("town"))
    def town(self, obj: InvitationLetter) -> str:
        return _address(obj).get("town") or ""

    @admin.display(description=_("reference"), ordering="application__reference")
    def reference(self, obj: InvitationLetter) -> str:
        return obj.application.reference

    def get_urls(self):
        own = [
            path(
                "print-batch/",
                self.admin_site.admin_view(self.print_batch),
                name="appointments_invitationletter_print_batch",
            ),
        ]
        return own + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "title": _("Print queue: letters"),
            "waiting": printing.pending_letters().count(),
            "batch_limit": printing.max_letters(),
            "may_print": request.user.has_perm("appointments.add_printbatch"),
        }
        return super().changelist_view(request, extra_context)

    def print_batch(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not request.user.has_perm("appointments.add_printbatch"):
            raise PermissionDenied
        batch = printing.print_batch_create(by=request.user, request=request)
        if batch is None:
            self.message_user(
                request,
                _("No letter is waiting to be printed (or someone else is printing them now)."),
                messages.WARNING,
            )
            return HttpResponseRedirect(reverse("admin:appointments_invitationletter_changelist"))
        self.message_user(
            request,
            ngettext(
                "A print batch with %(count)d letter is being prepared. It is usually ready "
                "within a minute: reload this page, then download it from the list below.",
                "A print batch with %(count)d letters is being prepared. It is usually ready "
                "within a minute: reload this page, then download it from the list below.",
                batch.count,
            )
            % {"count": batch.count},
            messages.SUCCESS,
        )
        left = printing.pending_letters().count()
        if left:
            self.message_user(
                request,
                ngettext(
                    "%(count)d more letter is waiting: make another batch.",
                    "%(count)d more letters are waiting: make another batch.",
                    left,
                )
                % {"count": left},
                messages.WARNING,
            )
        return HttpResponseRedirect(reverse("admin:appointments_printbatch_changelist"))


class ReprintForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why is the batch printed again?"),
        choices=ReprintReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the reason for the reprint.")},
    )
    note = forms.CharField(
        label=_("Note (required for another reason)"),
        max_length=200,
        required=False,
        help_text=_("About the print run only; never data of an applicant."),
    )

    def clean(self):
        data = super().clean()
        too_long = "note" in self.errors  # its own message (at most 200 characters)
        if (
            data.get("reason") == ReprintReason.OTHER
            and not too_long
            and not (data.get("note") or "").strip()
        ):
            self.add_error("note", _("Describe the other reason in the note."))
        return data


class PrintReprintInline(admin.TabularInline):
    model = PrintReprint
    fields = ("created_at", "created_by_text", "reason", "note")
    readonly_fields = fields
    created_by_text = related_as_text("created_by", _("created by"))
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PrintBatch)
class PrintBatchAdmin(ListTitledByName, admin.ModelAdmin):
    """Print batches with their counts; download, or reprint with a reason."""

    list_display = (
        "created_at",
        "created_by",
        "count",
        "status",
        "reprint_count",
        "download",
        "reprint",
    )
    list_filter = ("status",)
    fields = (
        "created_at",
        "created_by_text",
        "count",
        "status",
        "ready_at",
        "reprint_count",
        "download",
        "reprint",
    )
    readonly_fields = fields
    inlines = (PrintReprintInline,)
    created_by_text = related_as_text("created_by", _("created by"))
    list_select_related = ("created_by",)
    actions = None

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(reprints_total=Count("reprints"))

    def has_add_permission(self, request):
        return False  # batches are made with the print queue's button

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("reprints"), ordering="reprints_total")
    def reprint_count(self, obj: PrintBatch) -> int:
        return getattr(obj, "reprints_total", 0)

    @admin.display(description=_("PDF"))
    def download(self, obj: PrintBatch) -> str:
        if not obj.file:
            return "–"
        url = reverse("admin:appointments_printbatch_download", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download (PDF)"))

    @admin.display(description=_("reprint"))
    def reprint(self, obj: PrintBatch) -> str:
        if not obj.file:
            return "–"
        url = reverse("admin:appointments_printbatch_reprint", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Print again …"))

    def get_urls(self):
        own = [
            path(
                "<int:pk>/download/",
                self.admin_site.admin_view(self.download_view),
                name="appointments_printbatch_download",
            ),
            path(
                "<int:pk>/reprint/",
                self.admin_site.admin_view(self.reprint_view),
                name="appointments_printbatch_reprint",
            ),
        ]
        return own + super().get_urls()

    def _batch(self, request, pk) -> PrintBatch:
        if not request.user.has_perm("appointments.view_printbatch"):
            raise PermissionDenied
        batch = PrintBatch.objects.filter(pk=pk).exclude(file="").first()
        if batch is None:
            raise Http404
        return batch

    def _file(self, batch: PrintBatch) -> FileResponse:
        # Audited by print_batch_downloaded / print_batch_reprint (with the reason).
        made = timezone.localtime(batch.created_at)
        return files.attachment(
            batch.file, filename=f"Druckstapel-{made:%Y-%m-%d-%H%M}-{batch.pk}.pdf"
        )

    def download_view(self, request, pk):
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        batch = self._batch(request, pk)
        printing.print_batch_downloaded(batch=batch, by=request.user, request=request)
        return self._file(batch)

    def reprint_view(self, request, pk):
        batch = self._batch(request, pk)
        if not request.user.has_perm("appointments.add_printreprint"):
            raise PermissionDenied
        form = ReprintForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            printing.print_batch_reprint(
                batch_id=batch.pk,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                by=request.user,
                request=request,
            )
            return self._file(batch)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Print a batch again"),
            "batch": batch,
            "form": form,
        }
        return TemplateResponse(
            request,
            "appointments/admin/reprint.html",
            context,
            status=400 if form.errors else 200,
        )
