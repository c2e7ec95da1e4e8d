"""Whole-family filing: the spouse and children who apply together with the applicant."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.forms import (
    ChoiceField,
    DateField,
    KernForm,
    TextField,
    YesNoField,
    kern_formset,
)

from .person import OtherPersonForm

SEPARATE_REQUEST_NEEDED = _(
    "For this person, please file a separate request after this one, so that you can give "
    "the details (use “File for a family member” on the confirmation page)."
)
TITLE_MISSING = _("Enter the number and the expiry date of this person's current residence title.")


class FamilyApplicantsQuestionForm(KernForm):
    intro = _(
        "Each person needs their own request, children included. Here you can add your "
        "spouse or registered partner and your children who apply together with you: we "
        "make one request for each person, with the shared answers (address, entry, "
        "purpose, duration, livelihood) taken from yours."
    )
    family_applies = YesNoField(label=_("Do family members apply together with you?"))


class FamilyApplicantForm(OtherPersonForm):
    field_order = ["relation"]
    relation = ChoiceField(
        label=_("Relationship to you"),
        choices=[("spouse", _("spouse or registered partner")), ("child", _("child"))],
    )
    passport_number = TextField(label=_("Passport number"), max_length=30)
    passport_valid_until = DateField(label=_("Passport valid until"), future=True)
    title_number = TextField(
        label=_("Number of the current residence title"), required=False, max_length=30
    )
    title_valid_until = DateField(
        label=_("Current residence title valid until"), required=False, expiry=True
    )
    convicted = YesNoField(label=_("Has this person ever been convicted?"))
    other_legal_matters = YesNoField(
        label=_(
            "Is there an investigation, expulsion, deportation, refused entry or refused "
            "residence title for this person?"
        )
    )
    conditional_fields = ("title_number", "title_valid_until")

    def __init__(self, *args, renewal: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.renewal = renewal
        if not renewal:
            del self.fields["title_number"]
            del self.fields["title_valid_until"]

    def clean_passport_number(self):
        return self.cleaned_data["passport_number"].upper().replace(" ", "")

    def clean(self):
        data = super().clean()
        if self.renewal:
            for name in ("title_number", "title_valid_until"):
                if not data.get(name):
                    self.add_error(name, ValidationError(TITLE_MISSING))
        for name in ("convicted", "other_legal_matters"):
            if data.get(name) is True:
                self.add_error(name, ValidationError(SEPARATE_REQUEST_NEEDED))
        return data


FamilyApplicantFormSet = kern_formset(
    FamilyApplicantForm,
    item_label=_("Family member %(number)s"),
    add_label=_("Add another family member"),
    min_message=_("Add at least one family member, or go back and answer “No”."),
    max_num=20,
)
