"""Check answers and declaration (section 13 of form 002)."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.forms import ChoiceField, KernForm, TextField
from portal.periods import date_of_age

DECLARATION_MISSING = _("Confirm the declaration to submit your request.")
REPRESENTATIVE_MISSING = _("Enter the name of the legal representative.")
MINOR_ALONE = _(
    "You are under 18: your legal representative (usually a parent) submits the request for "
    "you. Choose “a legal representative” and enter their name."
)
# § 80 (1) AufenthG (since 2015; form 002 still says 16): only an adult can file alone.
# The naturalisation follows it through § 37 (1) StAG.
FULL_AGE = 18


class CheckAnswersForm(KernForm):
    """The check-answers page: no fields; continuing confirms the answers were read."""


class DeclarationForm(KernForm):
    filed_by = ChoiceField(
        label=_("Who submits this request?"),
        choices=[
            ("applicant", _("I, the applicant")),
            ("representative", _("a legal representative (for applicants under 18)")),
        ],
    )
    representative_name = TextField(
        label=_("Name of the legal representative"), required=False, max_length=200
    )
    place = TextField(
        label=_("Place"), max_length=100, help_text=_("Where you sign, e.g. Nürnberg.")
    )
    confirm = forms.BooleanField(
        label=_(
            "I declare that my information is complete and true, and I have read the notices above."
        ),
        error_messages={"required": DECLARATION_MISSING},
    )
    conditional_fields = ("representative_name",)

    def __init__(self, *args, born: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # The applicant's date of birth (section 1, ISO), where the journey asked it.
        self.born = date.fromisoformat(born) if born else None

    def clean(self):
        data = super().clean()
        minor = self.born is not None and timezone.localdate() < date_of_age(self.born, FULL_AGE)
        if minor and data.get("filed_by") == "applicant":
            self.add_error("filed_by", ValidationError(MINOR_ALONE, code="minor_alone"))
        if data.get("filed_by") == "representative" and not data.get("representative_name"):
            self.add_error("representative_name", ValidationError(REPRESENTATIVE_MISSING))
        if data.get("filed_by") == "applicant":
            data["representative_name"] = ""
        return data
