"""Section 3 of form 002: residences in Germany and abroad."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.forms import (
    CountryField,
    DateField,
    KernForm,
    PostcodeField,
    TextField,
    YesNoField,
    kern_formset,
)

PERIOD_ORDER = _("The end of the stay must be after its beginning.")


class AddressForm(KernForm):
    street = TextField(label=_("Street and house number"), max_length=150)
    address_extra = TextField(label=_("Address line 2"), required=False, max_length=150)
    postcode = PostcodeField(label=_("Postcode"))
    town = TextField(label=_("Town"), latin=True, max_length=100)
    moved_from = TextField(
        label=_("Previous address"),
        required=False,
        max_length=200,
        help_text=_("If you moved here in the last 12 months: your previous address."),
    )
    moved_on = DateField(label=_("Moved in on"), required=False, past=True)


class EarlierStaysForm(KernForm):
    earlier_stays = YesNoField(label=_("Have you lived in Germany before?"))


class EarlierStayForm(KernForm):
    stay_from = DateField(label=_("From"), past=True)
    stay_to = DateField(label=_("To"), past=True)
    place = TextField(
        label=_("Place"), max_length=150, help_text=_("Town, district and federal state.")
    )

    def clean(self):
        data = super().clean()
        if data.get("stay_from") and data.get("stay_to") and data["stay_to"] < data["stay_from"]:
            self.add_error("stay_to", ValidationError(PERIOD_ORDER))
        return data


EarlierStayFormSet = kern_formset(
    EarlierStayForm,
    item_label=_("Stay %(number)s"),
    add_label=_("Add another stay"),
    min_message=_("Enter at least one earlier stay, or go back and answer “No”."),
)


class AbroadForm(KernForm):
    has_residence_abroad = YesNoField(label=_("Do you have a residence abroad?"))
    abroad_address = TextField(label=_("Address abroad"), required=False, max_length=200)
    abroad_country = CountryField(label=_("Country"), required=False)
    abroad_kept = YesNoField(label=_("Will you keep this residence?"), required=False)
    conditional_fields = ("abroad_address", "abroad_country", "abroad_kept")

    def clean(self):
        data = super().clean()
        if data.get("has_residence_abroad"):
            for name in ("abroad_address", "abroad_country"):
                if not data.get(name):
                    self.add_error(name, ValidationError(_("Enter your residence abroad.")))
            if data.get("abroad_kept") is None:
                self.add_error("abroad_kept", ValidationError(_("Select one of the options.")))
        else:
            data.update(abroad_address="", abroad_country="", abroad_kept=None)
        return data
