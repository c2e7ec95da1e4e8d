"""Section 5 of form 002 (stay and entry), and the current title for renewals and changes."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.forms import ChoiceField, DateField, KernForm, TextField, YesNoField

ENTRY_CHOICES = [
    ("visa_exempt", _("without a visa")),
    ("national_visa", _("with a national visa (type D)")),
    ("schengen_visa", _("with a Schengen visa (type C)")),
    ("eu_title", _("with a residence title of another EU state")),
    ("born_in_germany", _("not at all: I was born in Germany and have not entered from abroad")),
]
VISA_ORDER = _("The end of the visa's validity must be after its beginning.")
LAST_ENTRY_MISSING = _("Enter the day you last entered Germany, for example 01.09.2023.")


class EntryForm(KernForm):
    entry_type = ChoiceField(
        label=_("How did you last enter Germany?"),
        choices=ENTRY_CHOICES,
        help_text=_(
            "A child born in Germany: the application for the first residence permit is due "
            "within six months of the birth (§ 81 (2) AufenthG)."
        ),
    )
    last_entry = DateField(
        label=_("When did you last enter Germany?"),
        past=True,
        required=False,
        help_text=_("Leave empty if you were born in Germany. For example 01.09.2023"),
    )
    conditional_fields = ("last_entry",)

    def clean(self):
        data = super().clean()
        if data.get("entry_type") == "born_in_germany":
            data["last_entry"] = None
        elif (
            data.get("entry_type")
            and not data.get("last_entry")
            and "last_entry" not in self.errors
        ):
            self.add_error("last_entry", ValidationError(LAST_ENTRY_MISSING))
        return data


class VisaForm(KernForm):
    visa_issued_by = TextField(
        label=_("Issued by"), help_text=_("For example German Embassy Ankara.")
    )
    visa_issued_on = DateField(label=_("Issued on"), past=True)
    visa_number = TextField(label=_("Visa number"), max_length=30)
    visa_valid_from = DateField(label=_("Valid from"))
    visa_valid_until = DateField(label=_("Valid until"), expiry=True)
    visa_duration_days = TextField(
        label=_("Duration of stay (days)"), required=False, max_length=10
    )
    visa_consent_by = TextField(
        label=_("Consent of the immigration office of"),
        required=False,
        help_text=_("Only if the visa names one."),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("visa_valid_from"), data.get("visa_valid_until")
        if start and end and end < start:
            self.add_error("visa_valid_until", ValidationError(VISA_ORDER))
        return data


TITLE_CHOICES = [
    ("residence_permit", _("residence permit")),
    ("national_visa", _("national visa")),
    ("other", _("other residence title")),
]


class CurrentTitleForm(KernForm):
    title_kind = ChoiceField(
        label=_("Which residence title do you have now?"), choices=TITLE_CHOICES
    )
    title_number = TextField(
        label=_("Number of the residence title"),
        max_length=30,
        help_text=_("On the front of the card, top right."),
    )
    title_valid_until = DateField(
        label=_("Valid until"), expiry=True, hint=_("As printed on the card.")
    )


class TitleHeldForm(KernForm):
    """Form 002 asks a first request for the entry only; a person who lives here
    with a title and applies for one for another purpose keeps the old one valid
    until the decision (§ 81 (4) sentence 1 AufenthG): that needs its validity."""

    holds_title = YesNoField(
        label=_("Do you already hold a residence permit issued in Germany?"),
        help_text=_(
            "For example a residence permit for your studies, if you now apply for one "
            "for work. Answer no if you only have the visa you entered with."
        ),
    )


CONDITION_CHOICES = [
    ("employment", _("permitted employment (for example employer or working hours)")),
    ("study", _("permitted course of study")),
    ("residence", _("residence obligation or spatial restriction")),
    ("other", _("other condition")),
]


class ChangeForm(KernForm):
    condition = ChoiceField(label=_("Which condition should change?"), choices=CONDITION_CHOICES)
    change_reason = TextField(
        label=_("What should change, and why?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("For example: new employer from 1 March, full time instead of 20 hours."),
    )
