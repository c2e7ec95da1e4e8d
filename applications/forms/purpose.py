"""Sections 6, 7 and 12 of form 002: purpose of the stay with its legal basis, and duration."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from applications.purposes import PURPOSE_GROUPS, PURPOSES
from portal.citations import cite
from portal.forms import ChoiceField, DateField, KernForm, TextField

PERIOD_ORDER = _("The end of the period must be after its beginning.")
BAMF_MISSING = _("Enter the date and file number of the decision of the Federal Office (BAMF).")


def purpose_choice_label(purpose) -> str:
    if purpose.legal_basis:
        return f"{purpose.label} ({cite(purpose.legal_basis)} AufenthG)"
    return str(purpose.label)


class PurposeGroupForm(KernForm):
    purpose_group = ChoiceField(
        label=_("For what purpose do you want to stay in Germany?"),
        choices=(),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["purpose_group"].choices = list(PURPOSE_GROUPS.items())


class PurposeDetailForm(KernForm):
    purpose = ChoiceField(label=_("Which of these applies to you?"), choices=())
    institution = TextField(
        label=_("Name and address of the institution, employer or person you join"),
        max_length=300,
        help_text=_(
            "For example the university, the school, the company, or the family member in Germany."
        ),
    )
    bamf_decision_date = DateField(label=_("Date of the BAMF decision"), required=False, past=True)
    bamf_file_number = TextField(label=_("BAMF file number"), required=False, max_length=40)
    conditional_fields = ("bamf_decision_date", "bamf_file_number")

    def __init__(self, *args, group: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        self.fields["purpose"].choices = [
            (purpose.code, purpose_choice_label(purpose))
            for purpose in PURPOSES
            if group is None or purpose.group == group
        ]
        if group != "humanitarian":
            del self.fields["bamf_decision_date"]
            del self.fields["bamf_file_number"]

    def clean(self):
        data = super().clean()
        if self.group == "humanitarian":
            for name in ("bamf_decision_date", "bamf_file_number"):
                if not data.get(name):
                    self.add_error(name, ValidationError(BAMF_MISSING))
        return data


class DurationForm(KernForm):
    valid_from = DateField(
        label=_("From"),
        future=True,
        hint=_("The first day of the period you apply for."),
        example=lambda today: date(today.year + 1, 2, 1),
    )
    valid_until = DateField(
        label=_("Until"),
        future=True,
        hint=_("The last day."),
        example=lambda today: date(today.year + 2, 1, 31),
    )
    duration_other = TextField(
        label=_("Other information on the duration"), required=False, max_length=300
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", ValidationError(PERIOD_ORDER))
        return data
