"""Release of a blocked account ("Sperrvermerk", seed 001): the bank and the reason."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from schwifty import IBAN
from schwifty.exceptions import (
    InvalidBBANChecksum,
    InvalidChecksumDigits,
    InvalidCountryCode,
    InvalidLength,
    InvalidStructure,
    SchwiftyException,
)
from schwifty.registry import get_iban_spec

from portal.forms import ChoiceField, KernForm, PostcodeField, TextField

IBAN_INVALID = _(
    "Enter a valid IBAN, for example DE89 3704 0044 0532 0130 00. Check the digits: the "
    "check number does not match."
)
IBAN_LENGTH = _(
    "An IBAN starting with %(country)s has %(expected)d characters; this one has %(count)d. "
    "Check that no character is missing or extra."
)
IBAN_START = _(
    "An IBAN starts with the country code and two check digits, for example DE89 for "
    "Germany. Check the first characters."
)
IBAN_NOT_VALID = _(
    "This is not a valid IBAN. Copy it from your bank's documents, for example "
    "DE89 3704 0044 0532 0130 00."
)
REASON_DETAILS_MISSING = _("Describe the reason briefly.")

REASON_CHOICES = [
    ("departure", _("I leave Germany")),
    ("change_of_purpose", _("the purpose of my stay changes (for example employment)")),
    ("other_livelihood", _("my livelihood is secured otherwise (for example a scholarship)")),
    ("moving", _("I move to another city")),
    ("other", _("other reason")),
]


def _known_start(compact: str) -> bool:
    """The IBAN begins with a country's code that has IBANs, and two digits."""
    if not re.match(r"[A-Z]{2}\d{2}", compact):
        return False
    try:
        get_iban_spec(compact[:2])
    except (KeyError, SchwiftyException):
        return False
    return True


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
        compact = "".join(value.split()).upper()  # as typed, for the messages
        try:
            return IBAN(value).compact
        except InvalidLength as error:
            expected = get_iban_spec(compact[:2]).iban_length
            message = IBAN_LENGTH % {
                "country": compact[:2],
                "expected": expected,
                "count": len(compact),
            }
            raise ValidationError(message, code="iban_length") from error
        except (InvalidCountryCode, InvalidStructure) as error:
            if isinstance(error, InvalidStructure) and _known_start(compact):
                # A known beginning, then characters the country's IBAN does not have.
                raise ValidationError(IBAN_NOT_VALID, code="iban_not_valid") from error
            raise ValidationError(IBAN_START, code="iban_start") from error
        except (InvalidChecksumDigits, InvalidBBANChecksum) as error:
            raise ValidationError(IBAN_INVALID, code="iban") from error
        except (SchwiftyException, ValueError) as error:
            raise ValidationError(IBAN_NOT_VALID, code="iban_not_valid") from error


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
