"""Admin for locations: the office configures which location handles which requests.

Request kinds and postcode prefixes are edited as JSON lists; the form checks
them against appointments.rules (known request kinds, prefixes of one to five
digits) and stores them without duplicates, in a fixed order.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from applications.constants import RequestKind

from . import rules
from .models import Location

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


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    form = LocationForm
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
