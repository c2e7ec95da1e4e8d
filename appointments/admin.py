"""Admin for locations: which location handles which requests, and when it has time.

Request kinds and postcode prefixes are edited as JSON lists; the form checks
them against appointments.rules (known request kinds, prefixes of one to five
digits) and stores them without duplicates, in a fixed order. The capacity of
a location (opening hours with desks, slot lengths, closed days) is edited
inline on the location's page; closures of all locations have their own list.
The invitation jobs list shows requests whose invitation task failed, and
gives them a new set of attempts.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from applications.constants import RequestKind

from . import rules, services
from .models import ClosedDay, InvitationJob, Location, OpeningHours, SlotLength

# Error messages of the form (tests assert against these).
KINDS_NOT_A_LIST = _('Enter the request kinds as a JSON list, for example ["issue", "renewal"].')
KINDS_EMPTY = _("Enter at least one request kind.")
UNKNOWN_KINDS = _("Unknown request kind: %(values)s. Known kinds: %(known)s.")
PREFIXES_NOT_A_LIST = _(
    'Enter the postcode prefixes as a JSON list, for example ["904", "9041"], '
    "or [] for every postcode."
)
BAD_PREFIXES = _(
    'A postcode prefix is one to five digits in quotes, for example "904". Not valid: %(values)s.'
)
OVERLAPPING_HOURS = _("Opening hours on %(weekday)s overlap: %(first)s and %(second)s.")


def _listing(values) -> str:
    return ", ".join(
        repr(value) if not isinstance(value, str) else f'"{value}"' for value in values
    )


class LocationForm(forms.ModelForm):
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
            "kinds": format_lazy(
                "{} {}",
                _("The request kinds this location handles, as a JSON list. Known kinds:"),
                ", ".join(f'"{kind}"' for kind in rules.KINDS),
            ),
            "postcode_prefixes": _(
                "Postcodes this location is limited to, as a JSON list of leading digits "
                '(for example ["904", "9041"]). Empty list: every postcode. The longest '
                "matching prefix of all locations wins."
            ),
            "is_demo": _("A fictional location for demonstrations; never a real address."),
        }
        # An empty list counts as no value: Django's "This field is required." says too little.
        error_messages = {"kinds": {"required": KINDS_EMPTY}}

    def clean_kinds(self):
        kinds = self.cleaned_data.get("kinds")
        if not isinstance(kinds, list):
            raise forms.ValidationError(KINDS_NOT_A_LIST, code="not_a_list")
        unknown = rules.unknown_kinds(kinds)
        if unknown:
            raise forms.ValidationError(
                UNKNOWN_KINDS,
                code="unknown_kind",
                params={"values": _listing(unknown), "known": _listing(rules.KINDS)},
            )
        return [kind for kind in rules.KINDS if kind in kinds]

    def clean_postcode_prefixes(self):
        prefixes = self.cleaned_data.get("postcode_prefixes")
        if prefixes is None:
            return []
        if not isinstance(prefixes, list):
            raise forms.ValidationError(PREFIXES_NOT_A_LIST, code="not_a_list")
        bad = rules.bad_prefixes(prefixes)
        if bad:
            raise forms.ValidationError(
                BAD_PREFIXES, code="bad_prefix", params={"values": _listing(bad)}
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


class ClosedDayInline(admin.TabularInline):
    model = ClosedDay
    fields = ("date", "reason")
    extra = 0
    verbose_name_plural = _("closed days of this location (public holidays need no row)")


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
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
class ClosedDayAdmin(admin.ModelAdmin):
    """Closed days, also those of all locations (without a location)."""

    list_display = ("date", "location_or_all", "reason")
    list_filter = ("location",)
    date_hierarchy = "date"
    fields = ("date", "location", "reason")

    @admin.display(description=_("location"), ordering="location__name")
    def location_or_all(self, obj: ClosedDay) -> str:
        return obj.location.name if obj.location else _("all locations")


@admin.register(InvitationJob)
class InvitationJobAdmin(admin.ModelAdmin):
    """The invitation task per request: attempts and error codes (no personal data)."""

    list_display = ("application_id", "attempts", "last_error", "attempted_at", "done_at")
    list_filter = ("last_error",)
    fields = ("application_id", "attempts", "last_error", "enqueued_at", "attempted_at", "done_at")
    readonly_fields = fields
    actions = ("retry",)

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
