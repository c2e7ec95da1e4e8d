"""Section 4 of form 002: spouse or registered partner, children, parents."""

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

RESIDENCE_STATUS_CHOICES = [
    ("german", _("German citizen")),
    ("residence_permit", _("residence permit")),
    ("settlement_permit", _("settlement permit or EU long-term residence")),
    ("asylum", _("asylum procedure or protection status")),
    ("other", _("other")),
]
VALIDITY_MISSING = _("Enter until when the title is valid.")


class SpouseForm(OtherPersonForm):
    address = TextField(
        label=_("Address"), max_length=200, help_text=_("If different from yours."), required=False
    )
    residence_status = ChoiceField(label=_("Residence status"), choices=RESIDENCE_STATUS_CHOICES)
    residence_valid_until = DateField(
        label=_("Title valid until"),
        required=False,
        expiry=True,
        hint=_("For a residence permit or an asylum document."),
    )
    conditional_fields = ("residence_valid_until",)

    def clean(self):
        data = super().clean()
        needs_date = data.get("residence_status") in {"residence_permit", "asylum"}
        if needs_date and not data.get("residence_valid_until"):
            self.add_error("residence_valid_until", ValidationError(VALIDITY_MISSING))
        return data


class ChildrenQuestionForm(KernForm):
    has_children = YesNoField(label=_("Do you have children?"))


class ChildForm(OtherPersonForm):
    address = TextField(
        label=_("Address"), max_length=200, required=False, help_text=_("If different from yours.")
    )


ChildFormSet = kern_formset(
    ChildForm,
    item_label=_("Child %(number)s"),
    add_label=_("Add another child"),
    min_message=_("Enter at least one child, or go back and answer “No”."),
)


class ParentsForm(KernForm):
    father_name = TextField(
        label=_("Father: surname and given names"), latin="names", max_length=200, required=False
    )
    mother_name = TextField(
        label=_("Mother: surname and given names"), latin="names", max_length=200, required=False
    )
    parents_address = TextField(
        label=_("Address of the parents"),
        max_length=200,
        required=False,
        help_text=_("Only for applicants under 18."),
    )


class FollowersForm(KernForm):
    family_with_you = TextField(
        label=_("Family members who entered with you"),
        required=False,
        max_length=500,
        help_text=_("Names and relationship."),
    )
    family_following = TextField(
        label=_("Family members who want to join you later"),
        required=False,
        max_length=500,
        help_text=_("Names and relationship."),
    )
