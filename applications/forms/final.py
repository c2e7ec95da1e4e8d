"""Check answers and declaration (section 13 of form 002)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.forms import ChoiceField, KernForm, TextField

DECLARATION_MISSING = _("Confirm the declaration to submit your request.")
REPRESENTATIVE_MISSING = _("Enter the name of the legal representative.")


class CheckAnswersForm(KernForm):
    """The check-answers page: no fields; continuing confirms the answers were read."""


class DeclarationForm(KernForm):
    filed_by = ChoiceField(
        label=_("Who submits this request?"),
        choices=[
            ("applicant", _("I, the applicant")),
            ("representative", _("a legal representative (for applicants under 16)")),
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

    def clean(self):
        data = super().clean()
        if data.get("filed_by") == "representative" and not data.get("representative_name"):
            self.add_error("representative_name", ValidationError(REPRESENTATIVE_MISSING))
        if data.get("filed_by") == "applicant":
            data["representative_name"] = ""
        return data
