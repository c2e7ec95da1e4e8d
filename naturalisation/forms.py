"""Forms of the naturalisation quick check and application (seed 003)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from applications.forms.person import OtherPersonForm
from portal.forms import (
    CHOICE_MISSING,
    ChoiceField,
    DateField,
    KernForm,
    TextField,
    YesNoField,
    kern_formset,
)

GERMAN_LEVELS = [
    ("none", _("no German")),
    ("a1", "A1"),
    ("a2", "A2"),
    ("b1", "B1"),
    ("b2", "B2"),
    ("c1", "C1"),
    ("c2", "C2"),
]
GERMAN_PROOFS = [
    ("certificate", _("language certificate (for example telc, Goethe, ÖSD)")),
    ("school", _("German general school-leaving certificate")),
    ("training", _("completed German vocational training of at least two years")),
    ("degree", _("completed degree taught in German")),
    ("retraining", _("completed German retraining of at least two years")),
    ("school_reports", _("four annual reports of a German school with promotion")),
    ("none", _("no proof yet")),
]
KNOWLEDGE_PROOFS = [
    ("test", _("test “Leben in Deutschland” or naturalisation test")),
    ("school_certificate", _("German school-leaving certificate")),
    ("training", _("completed German vocational training of at least two years")),
    ("degree", _("completed German-language degree with such content (e.g. political science)")),
    ("none", _("no proof yet")),
]
TEST_SCORE_MISSING = _("Enter how many questions you answered correctly (0 to 33).")
TEST_SCORE_INVALID = _("Enter a number from 0 to 33.")
TEST_SCORE_TOO_LOW = _(
    "At least 17 of 33 answers must be correct. With fewer, the test is not passed: you can "
    "take it again at the Bildungszentrum of the City of Nuremberg."
)


def score_field(required: bool = False) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Correct answers in the test (of 33)"),
        required=required,
        min_value=0,
        max_value=33,
        error_messages={
            "required": TEST_SCORE_MISSING,
            "invalid": TEST_SCORE_INVALID,
            "min_value": TEST_SCORE_INVALID,
            "max_value": TEST_SCORE_INVALID,
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )


class QuickCheckForm(KernForm):
    """The quick check: a few questions; the answers are not stored."""

    residence_since = DateField(
        label=_("Since when have you lived in Germany lawfully and habitually?"),
        past=True,
        help_text=_("The day your lawful stay began. For example 01.09.2019"),
    )
    has_right_of_residence = YesNoField(
        label=_("Do you have a right of residence now (a residence title)?")
    )
    german_level = ChoiceField(label=_("How well do you speak German?"), choices=GERMAN_LEVELS)
    german_proof = ChoiceField(label=_("How can you prove your German?"), choices=GERMAN_PROOFS)
    guest_worker = YesNoField(
        label=_(
            "Did you come under a recruitment agreement (until 1974) or as a contract "
            "worker to the former GDR (until 1990)?"
        )
    )
    knowledge_proof = ChoiceField(
        label=_("How can you prove knowledge of the legal and social order in Germany?"),
        choices=KNOWLEDGE_PROOFS,
    )
    test_score = score_field()
    receives_benefits = YesNoField(
        label=_("Do you or your family receive benefits under SGB II or SGB XII?"),
        help_text=_("For example citizen's income (Bürgergeld) or social assistance."),
    )
    livelihood_secured = YesNoField(
        label=_(
            "Can you support yourself, your spouse and your minor children from your own means?"
        )
    )
    convicted = YesNoField(label=_("Have you ever been convicted of a criminal offence?"))
    special_integration = YesNoField(
        label=_(
            "Do you have special integration achievements (for example very good results at "
            "school or work, or civic engagement)?"
        ),
        help_text=_("Until 29 October 2025 this could shorten the required residence."),
    )
    commitment = YesNoField(
        label=_(
            "Do you commit to the free democratic basic order and to Germany's special "
            "historical responsibility for the Nazi regime and its consequences?"
        )
    )
    minor_children = forms.IntegerField(
        label=_("How many minor children should be naturalised together with you?"),
        min_value=0,
        max_value=20,
        initial=0,
        error_messages={
            "required": CHOICE_MISSING,
            "invalid": _("Enter a number, for example 0 or 2."),
            "min_value": _("Enter a number from 0 to 20."),
            "max_value": _("Enter a number from 0 to 20."),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    conditional_fields = ("test_score",)

    def clean(self):
        data = super().clean()
        missing = data.get("knowledge_proof") == "test" and data.get("test_score") is None
        if missing and "test_score" not in self.errors:
            self.add_error("test_score", ValidationError(TEST_SCORE_MISSING))
        return data


class ResidenceHistoryForm(KernForm):
    period_from = DateField(label=_("From"), past=True)
    period_to = DateField(label=_("To"), required=False, help_text=_("Leave empty if ongoing."))
    place = TextField(label=_("Place"), max_length=150)
    title_held = TextField(
        label=_("Residence title held"),
        max_length=150,
        help_text=_("For example residence permit for employment, settlement permit."),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and end < start:
            self.add_error("period_to", ValidationError(_("The end must be after the beginning.")))
        return data


ResidenceHistoryFormSet = kern_formset(
    ResidenceHistoryForm,
    item_label=_("Period %(number)s"),
    add_label=_("Add another period"),
    min_message=_("Enter at least one period of your residence in Germany."),
)


class LanguageForm(KernForm):
    german_proof = ChoiceField(label=_("How do you prove your German?"), choices=GERMAN_PROOFS)
    german_level = ChoiceField(label=_("Level of German"), choices=GERMAN_LEVELS)
    german_proof_details = TextField(
        label=_("Details of the proof"),
        max_length=300,
        required=False,
        help_text=_("For example: telc Deutsch B1, 12.05.2024, or the name of the school."),
    )
    guest_worker = YesNoField(
        label=_(
            "Did you come under a recruitment agreement (until 1974) or as a contract "
            "worker to the former GDR (until 1990)?"
        )
    )


class KnowledgeForm(KernForm):
    knowledge_proof = ChoiceField(
        label=_("How do you prove knowledge of the legal and social order?"),
        choices=KNOWLEDGE_PROOFS,
    )
    test_score = score_field()
    test_date = DateField(label=_("Date of the test"), required=False, past=True)
    conditional_fields = ("test_score", "test_date")

    def clean(self):
        data = super().clean()
        if data.get("knowledge_proof") == "test":
            score = data.get("test_score")
            if score is None and "test_score" not in self.errors:
                self.add_error("test_score", ValidationError(TEST_SCORE_MISSING))
            elif score is not None and score < 17:
                self.add_error("test_score", ValidationError(TEST_SCORE_TOO_LOW))
        else:
            data.update(test_score=None, test_date=None)
        return data


class FormerCitizenshipForm(KernForm):
    intro = _(
        "German law no longer requires you to give up your previous citizenship. Please "
        "consider any duties to report, notify or ask for approval towards the authorities "
        "of your other state."
    )
    former_citizenships = TextField(
        label=_("Your current and former citizenships"),
        max_length=300,
        help_text=_("For example: Turkish (current), Yugoslav (until 1992)."),
    )
    keep_citizenship = YesNoField(label=_("Do you want to keep your current citizenship?"))


class NaturalisedChildForm(OtherPersonForm):
    sex = None  # not asked for co-naturalised children
    own_income = YesNoField(
        label=_("Does this child have income of their own?"),
        help_text=_(
            "Income in the sense of income tax law, for example wages from a job or an "
            "apprenticeship, or income from renting or investments; child benefit does not "
            "count. The fee for a child without income of their own is 51 euros, otherwise "
            "255 euros (§ 38 (2) StAG)."
        ),
    )

    def clean_date_of_birth(self):
        from django.utils import timezone

        from portal.periods import age_on

        born = self.cleaned_data["date_of_birth"]
        if age_on(born, timezone.localdate()) >= 18:
            raise ValidationError(
                _("This child is 18 or older and needs their own application."), code="adult"
            )
        return born


class ChildrenQuestionForm(KernForm):
    naturalise_children = YesNoField(
        label=_("Should minor children be naturalised together with you?"),
        help_text=_(
            "Each child naturalised with a parent costs 51 euros instead of 255 euros, if the "
            "child has no income of their own."
        ),
    )


NaturalisedChildFormSet = kern_formset(
    NaturalisedChildForm,
    item_label=_("Child %(number)s"),
    add_label=_("Add another child"),
    min_message=_("Enter at least one child, or go back and answer “No”."),
)


class CommitmentForm(KernForm):
    commitment = forms.BooleanField(
        label=_("I make this declaration of commitment and loyalty."),
        error_messages={"required": _("Confirm the declaration of commitment to apply.")},
    )
