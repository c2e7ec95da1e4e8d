"""Sections 1 and 2 of form 002: the person and their passport."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.forms import (
    EMAIL_INVALID,
    ChoiceField,
    CountryField,
    DateField,
    KernForm,
    TextField,
    validate_phone,
)

SEX_CHOICES = [
    ("female", _("female")),
    ("male", _("male")),
    ("diverse", _("diverse")),
    ("unspecified", _("no entry")),
]

MARITAL_CHOICES = [
    ("single", _("single")),
    ("married", _("married")),
    ("partnership", _("registered partnership")),
    ("divorced", _("divorced")),
    ("widowed", _("widowed")),
    ("separated", _("permanently separated")),
]

PASSPORT_NUMBER_INVALID = _(
    "Enter the passport number with letters A–Z and digits only, as in the passport."
)
SEPARATED_SINCE_MISSING = _("Enter since when you have been separated.")


class PersonalForm(KernForm):
    surname = TextField(label=_("Surname"), latin=True)
    former_names = TextField(
        label=_("Former names"),
        latin=True,
        required=False,
        max_length=200,
        help_text=_("For example your birth name, if it was different."),
    )
    given_names = TextField(label=_("Given names"), latin=True, max_length=150)
    sex = ChoiceField(label=_("Sex"), choices=SEX_CHOICES)
    date_of_birth = DateField(label=_("Date of birth"), birth=True)
    place_of_birth = TextField(label=_("Place of birth"), latin=True)
    country_of_birth = CountryField(label=_("Country of birth"))


class NationalityForm(KernForm):
    nationality = CountryField(
        label=_("Nationality"),
        with_unclear=True,
        help_text=_("The nationality of the passport you travel with."),
    )
    other_nationalities = TextField(
        label=_("Other nationalities"),
        required=False,
        max_length=200,
        help_text=_("If you have more than one nationality."),
    )
    former_nationalities = TextField(
        label=_("Former nationalities"), required=False, max_length=200
    )


class VoluntaryForm(KernForm):
    """Voluntary information ("freiwillige Angabe" on form 002): never prefilled, valid empty."""

    intro = _(
        "All information on this page is voluntary. You can leave every field empty; "
        "this has no effect on your request."
    )
    ethnicity = TextField(label=_("Ethnicity"), required=False)
    religion = TextField(label=_("Religion"), required=False)
    phone = TextField(
        label=_("Phone"),
        required=False,
        max_length=32,
        validators=[validate_phone],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    fax = TextField(label=_("Fax"), required=False, max_length=32, validators=[validate_phone])
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        max_length=254,
        error_messages={"invalid": EMAIL_INVALID},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class MaritalForm(KernForm):
    marital_status = ChoiceField(label=_("What is your marital status?"), choices=MARITAL_CHOICES)
    separated_since = DateField(
        label=_("Separated since"),
        required=False,
        past=True,
        help_text=_("Only if you live permanently separated. For example 31.01.2020"),
    )
    conditional_fields = ("separated_since",)

    def clean(self):
        data = super().clean()
        if data.get("marital_status") == "separated" and not data.get("separated_since"):
            self.add_error("separated_since", ValidationError(SEPARATED_SINCE_MISSING))
        if data.get("marital_status") != "separated":
            data["separated_since"] = None
        return data


PASSPORT_KIND_CHOICES = [
    ("own", _("my own passport")),
    ("parent", _("entered in the passport of my father or mother")),
    ("substitute", _("passport substitute")),
]


class PassportForm(KernForm):
    passport_kind = ChoiceField(
        label=_("Which passport do you have?"), choices=PASSPORT_KIND_CHOICES
    )
    passport_type = TextField(
        label=_("Kind of document"),
        help_text=_("For example national passport, travel document for refugees."),
    )
    passport_number = TextField(
        label=_("Passport number"),
        max_length=30,
        validators=[],
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    issued_by = TextField(label=_("Issued by"), help_text=_("The authority and the state."))
    issued_on = DateField(label=_("Issued on"), past=True)
    valid_until = DateField(label=_("Valid until"), future=True)
    return_right_state = TextField(
        label=_("Right of return to (state)"),
        required=False,
        help_text=_("Only if your passport gives a right of return to another state."),
    )

    def clean_passport_number(self):
        value = self.cleaned_data["passport_number"].upper().replace(" ", "")
        if not value.isascii() or not value.isalnum():
            raise ValidationError(
                PASSPORT_NUMBER_INVALID,
                code="passport_number",
            )
        return value


class OtherPersonForm(KernForm):
    """Names, sex, birth and nationality of another person: spouse, child, family member."""

    surname = TextField(label=_("Surname"), latin=True)
    given_names = TextField(label=_("Given names"), latin=True, max_length=150)
    sex = ChoiceField(label=_("Sex"), choices=SEX_CHOICES)
    date_of_birth = DateField(label=_("Date of birth"), birth=True)
    place_of_birth = TextField(label=_("Place of birth"), latin=True)
    nationality = CountryField(label=_("Nationality"), with_unclear=True)
