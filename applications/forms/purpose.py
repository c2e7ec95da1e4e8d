"""Sections 6, 7 and 12 of form 002: purpose of the stay with its legal basis, and duration."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from applications import family_rules
from applications.purposes import PURPOSE_GROUPS, PURPOSES
from portal.citations import cite
from portal.forms import ChoiceField, DateField, KernForm, TextField

PERIOD_ORDER = _("The end of the period must be after its beginning.")
BEYOND_MAXIMUM = _(
    "The rules allow this permit until %(until)s at the most. %(reason)s Enter %(day)s or an "
    "earlier day."
)
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


# The protection the BAMF granted (§ 25 AufenthG); the first three pay no fee for their
# residence permit (§ 52 AufenthV, fees.schedule.EXEMPTIONS).
PROTECTION_CHOICES = [
    ("entitled_to_asylum", _("entitled to asylum (§ 25 (1) AufenthG)")),
    ("recognised_refugee", _("recognised refugee (§ 25 (2) AufenthG, first alternative)")),
    (
        "subsidiary_protection",
        _("subsidiary protection (§ 25 (2) AufenthG, second alternative)"),
    ),
    ("deportation_ban", _("a national ban on deportation (§ 25 (3) AufenthG)")),
    ("other", _("another residence permit under § 25 AufenthG")),
]
PROTECTION_MISSING = _("Select the protection you were granted.")
# How a person admitted from abroad came (§§ 22, 23, 23a, 24 AufenthG): resettlement
# refugees (§ 23 (4)) pay no fee for their residence permit (§ 52 AufenthV).
ADMISSION_CHOICES = [
    ("resettlement", _("under a resettlement programme (§ 23 (4) AufenthG)")),
    ("other", _("in another way (§ 22, § 23 (1) or (2), § 23a or § 24 AufenthG)")),
]
ADMISSION_MISSING = _("Select how you were admitted.")


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
    protection_status = ChoiceField(
        label=_("Which protection were you granted?"),
        choices=PROTECTION_CHOICES,
        required=False,
        help_text=_(
            "Only for asylum, refugee protection or a ban on deportation: as the BAMF "
            "decision says. People entitled to asylum, recognised refugees and people with "
            "subsidiary protection pay no fee for their residence permit (§ 52 AufenthV)."
        ),
    )
    admission_basis = ChoiceField(
        label=_("How were you admitted?"),
        choices=ADMISSION_CHOICES,
        required=False,
        help_text=_(
            "Only for an admission from abroad, as a hardship case or for temporary "
            "protection: as your admission decision says. Resettlement refugees pay no fee "
            "for their residence permit (§ 52 AufenthV)."
        ),
    )
    conditional_fields = (
        "bamf_decision_date",
        "bamf_file_number",
        "protection_status",
        "admission_basis",
    )

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
            del self.fields["protection_status"]
            del self.fields["admission_basis"]

    def clean(self):
        data = super().clean()
        if self.group == "humanitarian":
            for name in ("bamf_decision_date", "bamf_file_number"):
                if not data.get(name):
                    self.add_error(name, ValidationError(BAMF_MISSING))
            if data.get("purpose") != "humanitarian.protection":
                data["protection_status"] = ""
            elif not data.get("protection_status") and "protection_status" not in self.errors:
                self.add_error("protection_status", ValidationError(PROTECTION_MISSING))
            if data.get("purpose") != "humanitarian.admission":
                data["admission_basis"] = ""
            elif not data.get("admission_basis") and "admission_basis" not in self.errors:
                self.add_error("admission_basis", ValidationError(ADMISSION_MISSING))
        return data


class DurationForm(KernForm):
    """The period applied for; in a family reunification, within the longest the rules allow.

    ``maximum`` (family reunification only) gives for a first day the longest
    permit of seed 004 and § 27 (4) AufenthG (``family_rules.MaxPeriod``, from the
    answers given so far): the page states it, and a requested end beyond it is
    refused next to the field.
    """

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

    def __init__(self, *args, maximum=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.maximum = maximum

    def maximum_preview(self):
        """(first day, MaxPeriod) for the page: the first day entered, or else today."""
        if self.maximum is None:
            return None
        start = None
        if self.is_bound:
            try:
                start = self.fields["valid_from"].clean(
                    self.data.get(self.add_prefix("valid_from"))
                )
            except ValidationError:
                start = None
        start = start or timezone.localdate()
        period = self.maximum(start)
        return (start, period) if period is not None else None

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", ValidationError(PERIOD_ORDER))
        elif start and end and self.maximum is not None:
            period = self.maximum(start)
            if not family_rules.requested_end_allowed(requested_until=end, period=period):
                self.add_error(
                    "valid_until",
                    ValidationError(
                        BEYOND_MAXIMUM,
                        code="beyond_maximum",
                        params={
                            "until": date_format(period.until, "DATE_FORMAT"),
                            "day": period.until.strftime("%d.%m.%Y"),
                            "reason": period.reasons[0],
                        },
                    ),
                )
        return data
