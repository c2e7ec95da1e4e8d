"""Forms of the certificate of German citizenship (Staatsangehörigkeitsausweis, § 30 StAG).

Seed 003. The person comes from the steps of form 002 (names, birth, nationality, marital
status, address); these forms ask how the citizenship was acquired (§ 3 StAG:
birth to a German parent, § 4; birth in Germany, § 4 (3); declaration, § 5;
adoption, § 6; naturalisation, §§ 8 to 16), the parents and, where the parent's
citizenship comes from descent too, the grandparents, the residence history and
the purpose of the certificate.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.forms import ChoiceField, DateField, KernForm, TextField, YesNoField, kern_formset

IDENTITY_DOCUMENT_CHOICES = [
    ("german_id_card", _("German identity card")),
    ("german_passport", _("German passport")),
    ("foreign_passport", _("passport of another state")),
    ("none", _("no identity document")),
]
DOCUMENT_NUMBER_MISSING = _("Enter the number of the document.")


class IdentityDocumentForm(KernForm):
    document = ChoiceField(
        label=_("With which document do you prove your identity?"),
        choices=IDENTITY_DOCUMENT_CHOICES,
    )
    document_number = TextField(
        label=_("Number of the document"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    valid_until = DateField(label=_("Valid until"), required=False, expiry=True)

    def clean_document_number(self):
        return self.cleaned_data["document_number"].upper().replace(" ", "")

    def clean(self):
        data = super().clean()
        if data.get("document") not in (None, "none") and not data.get("document_number"):
            self.add_error("document_number", ValidationError(DOCUMENT_NUMBER_MISSING))
        return data


# § 3 (1) StAG: the ways German citizenship is acquired.
ACQUISITION_CHOICES = [
    ("descent", _("by birth: my mother or my father was German (§ 4 (1) StAG)")),
    (
        "birth_in_germany",
        _("by birth in Germany to foreign parents (§ 4 (3) StAG)"),
    ),
    ("naturalisation", _("by naturalisation (§§ 8 to 16 StAG)")),
    ("declaration", _("by declaration (§ 5 StAG or § 15 StAG)")),
    ("adoption", _("by adoption as a minor by a German (§ 6 StAG)")),
    ("other", _("in another way, or I do not know")),
]
# The acquisitions that an authority certified in a document.
CERTIFIED = frozenset({"naturalisation", "declaration"})
CERTIFICATE_MISSING = _("Enter the authority that issued the certificate and its date.")
DETAILS_MISSING = _("Describe how you acquired German citizenship.")


class AcquisitionForm(KernForm):
    acquisition = ChoiceField(
        label=_("How did you acquire German citizenship?"), choices=ACQUISITION_CHOICES
    )
    certificate_authority = TextField(
        label=_("Authority that issued the certificate"),
        required=False,
        max_length=200,
        help_text=_("For naturalisation or declaration: for example Stadt Nürnberg."),
    )
    certificate_date = DateField(label=_("Date of the certificate"), required=False, past=True)
    details = TextField(
        label=_("Details"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example earlier certificates, a German passport of your parents."),
    )

    def clean(self):
        data = super().clean()
        acquisition = data.get("acquisition")
        if acquisition in CERTIFIED:
            for name in ("certificate_authority", "certificate_date"):
                if not data.get(name):
                    self.add_error(name, ValidationError(CERTIFICATE_MISSING))
        if acquisition == "other" and not data.get("details"):
            self.add_error("details", ValidationError(DETAILS_MISSING))
        return data


PARENT_CITIZENSHIP_CHOICES = [
    ("descent", _("German by birth, from their own parents")),
    ("naturalisation", _("German by naturalisation or declaration")),
    ("other", _("German in another way, or I do not know how")),
    ("not_german", _("not German")),
]
PARENT_MISSING = _("Enter the data of at least the parent through whom you are German.")
MARRIAGE_MISSING = _("Enter the date and place of your parents' marriage.")


def _name(label, **kwargs):
    return TextField(label=label, required=False, latin=True, **kwargs)


def _birth(label):
    return DateField(label=label, required=False, birth=True)


def _citizenship(label):
    return ChoiceField(label=label, required=False, choices=PARENT_CITIZENSHIP_CHOICES)


class ParentsForm(KernForm):
    intro = _(
        "Enter both parents as far as you know them; at least the parent through whom you "
        "are German. Write names as in the civil-status documents."
    )

    mother_surname = _name(_("Surname of your mother"))
    mother_birth_name = _name(_("Birth name of your mother"), help_text=_("If different."))
    mother_given_names = _name(_("Given names of your mother"), max_length=150)
    mother_date_of_birth = _birth(_("Date of birth of your mother"))
    mother_place_of_birth = _name(_("Place of birth of your mother"))
    mother_citizenship = _citizenship(_("Your mother was at your birth"))
    father_surname = _name(_("Surname of your father"))
    father_birth_name = _name(_("Birth name of your father"), help_text=_("If different."))
    father_given_names = _name(_("Given names of your father"), max_length=150)
    father_date_of_birth = _birth(_("Date of birth of your father"))
    father_place_of_birth = _name(_("Place of birth of your father"))
    father_citizenship = _citizenship(_("Your father was at your birth"))
    parents_married = YesNoField(label=_("Were your parents married when you were born?"))
    marriage_date = DateField(label=_("Date of the marriage"), required=False, past=True)
    marriage_place = TextField(label=_("Place of the marriage"), required=False)

    def clean(self):
        data = super().clean()
        german = [
            prefix
            for prefix in ("mother", "father")
            if data.get(f"{prefix}_citizenship") not in (None, "", "not_german")
        ]
        if not german:
            self.add_error("mother_citizenship", ValidationError(PARENT_MISSING))
        for prefix in german:
            for name in ("surname", "given_names", "date_of_birth", "place_of_birth"):
                if not data.get(f"{prefix}_{name}"):
                    self.add_error(f"{prefix}_{name}", ValidationError(PARENT_MISSING))
        if data.get("parents_married"):
            for name in ("marriage_date", "marriage_place"):
                if not data.get(name):
                    self.add_error(name, ValidationError(MARRIAGE_MISSING))
        return data


GRANDPARENT_CHOICES = [
    ("mother_mother", _("mother of my mother")),
    ("mother_father", _("father of my mother")),
    ("father_mother", _("mother of my father")),
    ("father_father", _("father of my father")),
]


class GrandparentForm(KernForm):
    grandparent = ChoiceField(label=_("Who is it?"), choices=GRANDPARENT_CHOICES, radio=False)
    surname = TextField(label=_("Surname"), latin=True)
    given_names = TextField(label=_("Given names"), latin=True, max_length=150)
    date_of_birth = DateField(label=_("Date of birth"), birth=True)
    place_of_birth = TextField(label=_("Place of birth"), latin=True)
    marriage_date = DateField(label=_("Date of their marriage"), required=False, past=True)
    marriage_place = TextField(label=_("Place of their marriage"), required=False)


GrandparentFormSet = kern_formset(
    GrandparentForm,
    item_label=_("Grandparent %(number)s"),
    add_label=_("Add another grandparent"),
    min_message=_("Enter at least the grandparent through whom your parent is German."),
    max_num=4,
)


class CertificateResidenceForm(KernForm):
    period_from = DateField(label=_("From"), past=True)
    period_to = DateField(label=_("To"), required=False, help_text=_("Leave empty if ongoing."))
    place = TextField(label=_("Place"), max_length=150)
    country = TextField(label=_("Country"), max_length=100)

    def clean(self):
        data = super().clean()
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and end < start:
            self.add_error("period_to", ValidationError(_("The end must be after the beginning.")))
        return data


CertificateResidenceFormSet = kern_formset(
    CertificateResidenceForm,
    item_label=_("Period %(number)s"),
    add_label=_("Add another period"),
    min_message=_("Enter at least one period: where you live now, since when."),
)

PURPOSE_CHOICES = [
    ("adoption", _("an adoption")),
    ("court", _("a court or a register office")),
    ("authority", _("an authority in Germany or abroad")),
    ("other", _("another purpose")),
]


class CertificatePurposeForm(KernForm):
    intro = _("This page is optional: it helps the office, but you can leave it empty.")

    purpose = ChoiceField(
        label=_("For what do you need the certificate?"), required=False, choices=PURPOSE_CHOICES
    )
    purpose_details = TextField(
        label=_("Details"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
