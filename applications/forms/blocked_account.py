"""Release of a blocked account ("Sperrvermerk", seed 001): the bank and the reason."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from portal.forms import ChoiceField, KernForm, PostcodeField, TextField

IBAN_INVALID = _(
    "Enter a valid IBAN, for example DE89 3704 0044 0532 0130 00. Check the digits: the "
    "check number does not match."
)
REASON_DETAILS_MISSING = _("Describe the reason briefly.")

REASON_CHOICES = [
    ("departure", _("I leave Germany")),
    ("change_of_purpose", _("the purpose of my stay changes (for example employment)")),
    ("other_livelihood", _("my livelihood is secured otherwise (for example a scholarship)")),
    ("moving", _("I move to another city")),
    ("other", _("other reason")),
]


class BankForm(KernForm):
    bank_name = TextField(label=_("Name of the bank"), max_length=150)
    bank_street = TextField(label=_("Street and house number of the bank"), max_length=150)
    bank_postcode = PostcodeField(label=_("Postcode of the bank"))
    bank_town = TextField(label=_("Town of the bank"), max_length=100)
    iban = TextField(
        label=_("IBAN of the blocked account"),
        max_length=42,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "spellcheck": "false",
                "class": "kern-form-input__input input--iban",
            }
        ),
    )
    account_holder = TextField(label=_("Account holder"), latin="names", max_length=150)

    def clean_iban(self):
        value = self.cleaned_data["iban"]
        try:
            return IBAN(value).compact
        except (SchwiftyException, ValueError) as error:
            raise ValidationError(IBAN_INVALID, code="iban") from error


class ReleaseReasonForm(KernForm):
    reason = ChoiceField(label=_("Why should the blocking note be lifted?"), choices=REASON_CHOICES)
    reason_details = TextField(
        label=_("Details"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example the date of your departure or your new employer."),
    )

    def clean(self):
        data = super().clean()
        if data.get("reason") == "other" and not data.get("reason_details"):
            self.add_error("reason_details", ValidationError(REASON_DETAILS_MISSING))
        return data
