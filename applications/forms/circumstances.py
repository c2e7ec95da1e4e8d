"""Sections 8 to 11 of form 002: livelihood, health, legal violations, integration."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.forms import (
    CHOICE_MISSING,
    ChoiceField,
    CountryField,
    DateField,
    KernForm,
    TextField,
    YesNoField,
    kern_formset,
)

BENEFIT_CHOICES = [
    ("none", _("no benefits")),
    ("social_assistance", _("social assistance (SGB XII)")),
    ("basic_income", _("basic income support for jobseekers (SGB II)")),
    ("other", _("other benefits")),
]
AMOUNT_MISSING = _("Enter the monthly amount in euros, for example 563.")
AMOUNT_INVALID = _("Enter the amount in euros as a number, for example 563 or 563.50.")
DETAILS_MISSING = _("Describe this briefly.")


class LivelihoodForm(KernForm):
    means = TextField(
        label=_("How do you pay for your living?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example salary from employment, scholarship, blocked account, spouse."),
    )
    benefits = ChoiceField(label=_("Do you receive benefits?"), choices=BENEFIT_CHOICES)
    benefits_amount = forms.DecimalField(
        label=_("Monthly amount in euros"),
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("100000"),
        max_digits=8,
        decimal_places=2,
        localize=True,
        error_messages={
            "invalid": AMOUNT_INVALID,
            "min_value": AMOUNT_INVALID,
            "max_value": AMOUNT_INVALID,
            "max_digits": AMOUNT_INVALID,
            "max_decimal_places": AMOUNT_INVALID,
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    conditional_fields = ("benefits_amount",)

    def clean(self):
        data = super().clean()
        if data.get("benefits") not in (None, "none") and data.get("benefits_amount") is None:
            self.add_error("benefits_amount", ValidationError(AMOUNT_MISSING))
        if data.get("benefits") == "none":
            data["benefits_amount"] = None
        return data


class HealthForm(KernForm):
    illnesses = YesNoField(
        label=_("Do you have an illness that needs treatment in Germany?"),
        help_text=_("Only what matters for your stay; you do not need to name a diagnosis."),
    )
    illnesses_which = TextField(label=_("Which?"), required=False, max_length=300)
    insurer = TextField(
        label=_("Health insurance in Germany"),
        max_length=150,
        help_text=_("The name of your health insurance company."),
    )
    conditional_fields = ("illnesses_which",)

    def clean(self):
        data = super().clean()
        if data.get("illnesses") and not data.get("illnesses_which"):
            self.add_error("illnesses_which", ValidationError(DETAILS_MISSING))
        if data.get("illnesses") is False:
            data["illnesses_which"] = ""
        return data


class LegalForm(KernForm):
    convicted = YesNoField(label=_("Have you ever been convicted, in Germany or abroad?"))
    investigated = YesNoField(label=_("Are criminal investigations pending against you?"))
    expelled = YesNoField(label=_("Have you ever been expelled or deported?"))
    entry_refused = YesNoField(label=_("Have you ever been refused entry to Germany?"))
    title_refused = YesNoField(label=_("Has a residence title ever been refused to you?"))


class ConvictionForm(KernForm):
    where = ChoiceField(
        label=_("Where?"), choices=[("germany", _("in Germany")), ("abroad", _("abroad"))]
    )
    date = DateField(label=_("Date of the judgment"), past=True)
    court = TextField(label=_("Court"), max_length=200)
    offence = TextField(label=_("Reason (offence)"), max_length=300)
    penalty = TextField(
        label=_("Kind and amount of the penalty"),
        max_length=200,
        help_text=_("For example fine of 30 daily rates, or 6 months on probation."),
    )


ConvictionFormSet = kern_formset(
    ConvictionForm,
    item_label=_("Conviction %(number)s"),
    add_label=_("Add another conviction"),
    min_message=_("Enter at least one conviction, or go back and answer “No”."),
)


class LegalDetailsForm(KernForm):
    """Details for every "yes" of the legal page except convictions (those repeat)."""

    investigation_authority = TextField(
        label=_("Investigating authority and file number"), required=False, max_length=300
    )
    expulsion_details = TextField(
        label=_("Expulsion or deportation: date and state"), required=False, max_length=300
    )
    entry_refusal_details = TextField(
        label=_("Refused entry: date and place"), required=False, max_length=300
    )
    title_refusal_details = TextField(
        label=_("Refused residence title: date and state"), required=False, max_length=300
    )

    FIELD_FOR = {
        "investigated": "investigation_authority",
        "expelled": "expulsion_details",
        "entry_refused": "entry_refusal_details",
        "title_refused": "title_refusal_details",
    }

    def __init__(self, *args, answers: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        answers = answers or {}
        for question, field in self.FIELD_FOR.items():
            if not answers.get(question):
                del self.fields[field]
            else:
                self.fields[field].required = True
                self.fields[field].error_messages["required"] = DETAILS_MISSING


GERMAN_LEVEL_CHOICES = [
    ("none", _("no German")),
    ("a1", "A1"),
    ("a2", "A2"),
    ("b1", "B1"),
    ("b2", "B2"),
    ("c1", "C1"),
    ("c2", _("C2 or native speaker")),
]


class IntegrationForm(KernForm):
    german_level = ChoiceField(
        label=_("How well do you speak German?"), choices=GERMAN_LEVEL_CHOICES
    )
    school_years = forms.IntegerField(
        label=_("Years of school attendance"),
        min_value=0,
        max_value=30,
        error_messages={
            "required": CHOICE_MISSING,
            "invalid": _("Enter the number of years, for example 12."),
            "min_value": _("Enter a number from 0 to 30."),
            "max_value": _("Enter a number from 0 to 30."),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    school_country = CountryField(label=_("Country of your schooling"), required=False)
    training = TextField(label=_("Vocational training or degree"), required=False, max_length=300)
    courses = TextField(
        label=_("German or integration courses attended"), required=False, max_length=300
    )
    eu_integration = TextField(
        label=_("Integration measures in another EU state"), required=False, max_length=300
    )
    course_impossible_reason = TextField(
        label=_("Reasons why you cannot attend an integration course"),
        required=False,
        max_length=500,
    )
    conditional_fields = ("school_country",)
