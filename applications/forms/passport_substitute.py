"""The travel document for foreigners ("Reiseausweis für Ausländer", seed 001, §§ 5 to 7 AufenthV).

The person, their address and their residence title come from the steps of form
002; these forms ask only what that form does not: the national passport the
applicant has or had, the status that entitles, why a passport cannot be obtained
in a reasonable way and what they tried (§ 5 (1), (2) AufenthV), and the journey
they plan (for a provisional document, § 4 (1) Satz 2 AufenthV).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.forms import ChoiceField, DateField, KernForm, TextField, YesNoField

NATIONAL_PASSPORT_CHOICES = [
    ("never", _("I have never had a passport of my country")),
    ("expired", _("my passport has expired")),
    ("lost", _("my passport was lost or stolen")),
    ("withheld", _("my passport is held by an authority")),
]
# The answers with a passport whose data the office needs.
WITH_PASSPORT = frozenset({"expired", "lost", "withheld"})
PASSPORT_DATA_MISSING = _("Enter the data of your last passport, as far as you know them.")

# The status that entitles (§ 48 (1) Satz 1 Nr. 1c AufenthV names the first two).
STATUS_CHOICES = [
    (
        "subsidiary_protection",
        _("subsidiary protection (§ 4 (1) AsylG), granted by the BAMF"),
    ),
    ("resettlement", _("admission by resettlement (§ 23 (4) AufenthG)")),
    ("other", _("other residence title or status")),
]
STATUS_DETAILS_MISSING = _("Name your residence title or status.")

# § 5 (1) AufenthV: why a passport cannot be obtained in a reasonable way.
REASON_CHOICES = [
    ("refused", _("the authorities of my country refuse to issue or renew a passport")),
    ("no_mission", _("my country has no embassy or consulate I can reach, or it does not answer")),
    (
        "danger",
        _("contacting the authorities of my country would endanger me or my family"),
    ),
    (
        "unreasonable_demands",
        _(
            "the authorities demand something unreasonable, for example military service "
            "or a declaration I cannot give"
        ),
    ),
    ("stateless_unclear", _("my nationality is unclear")),
    ("other", _("other reason")),
]
EFFORTS_MISSING = _(
    "Describe what you did to obtain a passport: whom you asked, when, and what they answered."
)

TRAVEL_DETAILS_MISSING = _("Enter where you want to travel and why.")
PROVISIONAL_NEEDS_DATE = _(
    "Enter the date of your journey: a provisional document is for urgent travel."
)
TRAVEL_ORDER = _("The return cannot be before the departure.")


class NationalPassportForm(KernForm):
    """Section 2 of form 002 for someone without a valid passport: the last one, if any."""

    national_passport = ChoiceField(
        label=_("Do you have or did you have a passport of your country?"),
        choices=NATIONAL_PASSPORT_CHOICES,
    )
    passport_number = TextField(
        label=_("Number of your last passport"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    issued_by = TextField(
        label=_("Issued by"), required=False, help_text=_("The authority and the state.")
    )
    valid_until = DateField(label=_("Valid until"), required=False, expiry=True)

    def clean_passport_number(self):
        return self.cleaned_data["passport_number"].upper().replace(" ", "")

    def clean(self):
        data = super().clean()
        if data.get("national_passport") in WITH_PASSPORT and not data.get("issued_by"):
            self.add_error("issued_by", ValidationError(PASSPORT_DATA_MISSING))
        return data


class ProtectionStatusForm(KernForm):
    status = ChoiceField(label=_("Which status do you have in Germany?"), choices=STATUS_CHOICES)
    bamf_decision_date = DateField(
        label=_("Date of the decision (BAMF or admission)"),
        required=False,
        past=True,
        help_text=_("If you know it. For example 31.01.2024"),
    )
    status_details = TextField(
        label=_("Your residence title or status"),
        required=False,
        max_length=300,
        help_text=_("Only for “other”, for example residence permit under § 25 (3) AufenthG."),
    )

    def clean(self):
        data = super().clean()
        if data.get("status") == "other" and not data.get("status_details"):
            self.add_error("status_details", ValidationError(STATUS_DETAILS_MISSING))
        return data


class PassportEffortsForm(KernForm):
    intro = _(
        "A travel document for foreigners is issued only to someone who cannot obtain a "
        "passport of their country in a reasonable way (§ 5 AufenthV). Reasonable is, for "
        "example, to apply in good time, to appear in person, to provide photos and "
        "fingerprints and to pay the usual fees of your country."
    )

    reason = ChoiceField(
        label=_("Why can you not obtain a passport of your country?"), choices=REASON_CHOICES
    )
    efforts = TextField(
        label=_("What did you do to obtain a passport?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Whom you asked (embassy, consulate, authority at home), when, and what they "
            "answered. Upload letters and refusals at the documents step."
        ),
        error_messages={"required": EFFORTS_MISSING},
    )
    last_attempt = DateField(label=_("Date of your last attempt"), required=False, past=True)


class TravelForm(KernForm):
    intro = _("Answer if you already plan a journey; it helps the office to decide in time.")

    travel_planned = YesNoField(label=_("Do you plan a journey abroad?"))
    destination = TextField(label=_("Destination (country)"), required=False, max_length=150)
    travel_purpose = TextField(
        label=_("Purpose of the journey"),
        required=False,
        max_length=500,
        help_text=_("For example a visit to family, a funeral, a business trip."),
    )
    departure = DateField(label=_("Departure"), required=False, future=True)
    return_date = DateField(label=_("Return"), required=False, future=True)
    provisional = forms.BooleanField(
        label=_("I need a provisional travel document because the journey is urgent"),
        required=False,
        help_text=_(
            "A provisional document is issued for a short time when the regular one cannot be "
            "made in time; its fee is lower."
        ),
    )

    def clean(self):
        data = super().clean()
        if data.get("travel_planned"):
            for name in ("destination", "travel_purpose"):
                if not data.get(name):
                    self.add_error(name, ValidationError(TRAVEL_DETAILS_MISSING))
        departure, back = data.get("departure"), data.get("return_date")
        if departure and back and back < departure:
            self.add_error("return_date", ValidationError(TRAVEL_ORDER))
        if data.get("provisional") and not departure:
            self.add_error("departure", ValidationError(PROVISIONAL_NEEDS_DATE))
        return data
