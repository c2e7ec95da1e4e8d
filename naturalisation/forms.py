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


IDENTITY_CHOICES = [
    ("yes", _("yes, for example by a valid national passport")),
    ("no", _("no")),
    ("unsure", _("I am not sure")),
]
BENEFITS_QUESTION_MISSING = _(
    "Answer this question: it decides whether the benefits you receive stand in the way."
)
FULL_TIME_MONTHS_MISSING = _(
    "Enter in how many of the last 24 months you worked full time, from 0 to 24."
)
FULL_TIME_MONTHS_INVALID = _("Enter a number from 0 to 24.")
CONVICTION_QUESTION_MISSING = _(
    "Answer this question: it decides whether your conviction stands in the way."
)
COUNT_INVALID = _("Enter a whole number, for example 0 or 30.")
WITH_INCOME_TOO_MANY = _(
    "This cannot be more than the number of children naturalised together with you."
)
ONLY_IF_BENEFITS = _("Only if you receive benefits under SGB II or SGB XII.")

_BENEFIT_FIELDS = (
    "full_time_employed",
    "full_time_months",
    "partner_full_time",
    "lives_with_minor_child",
    "benefits_beyond_control",
)
_CONVICTION_FIELDS = (
    "hate_motive",
    "serious_sentence",
    "fine_daily_rates",
    "suspended_prison_months",
    "measure_ordered",
)


def count_field(label, *, help_text, maximum, invalid=COUNT_INVALID) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        required=False,
        min_value=0,
        max_value=maximum,
        error_messages={"invalid": invalid, "min_value": invalid, "max_value": invalid},
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )


class QuickCheckForm(KernForm):
    """The quick check: a few questions; the answers are not stored.

    The follow-up questions of a section are asked on the same page (no
    JavaScript): they are needed, and checked, only after the answer that
    opens them (benefits received, convicted).
    """

    identity_clarified = ChoiceField(
        label=_("Are your identity and your nationality clarified?"),
        choices=IDENTITY_CHOICES,
        help_text=_(
            "Usually by a valid passport of your country. If you are stateless: is your "
            "statelessness established?"
        ),
    )
    residence_since = DateField(
        label=_("Since when have you lived in Germany lawfully and habitually?"),
        past=True,
        help_text=_("The day your lawful stay began. For example 01.09.2019"),
    )
    has_right_of_residence = YesNoField(
        label=_("Do you have a right of residence now (a residence title)?")
    )
    special_integration = YesNoField(
        label=_(
            "Do you have special integration achievements (for example very good results at "
            "school or work, or civic engagement)?"
        ),
        help_text=_("Until 29 October 2025 this could shorten the required residence."),
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
    full_time_employed = YesNoField(
        label=_("Do you work full time now?"), required=False, help_text=ONLY_IF_BENEFITS
    )
    full_time_months = count_field(
        _("In how many of the last 24 months did you work full time?"),
        help_text=_("Only if you work full time now. From 0 to 24."),
        maximum=24,
        invalid=FULL_TIME_MONTHS_INVALID,
    )
    partner_full_time = YesNoField(
        label=_(
            "Do you live with your spouse or registered partner, who works full time now and "
            "did so in at least 20 of the last 24 months?"
        ),
        required=False,
        help_text=ONLY_IF_BENEFITS,
    )
    lives_with_minor_child = YesNoField(
        label=_("Does a minor child live with you both?"),
        required=False,
        help_text=_("Only if your spouse or partner works full time as described above."),
    )
    benefits_beyond_control = YesNoField(
        label=_(
            "Do you receive the benefits for reasons that are not your fault, for example "
            "illness, age or the loss of a job that was not your fault?"
        ),
        required=False,
        help_text=_(
            "Only if you receive benefits and came under a recruitment agreement or as a "
            "contract worker."
        ),
    )
    livelihood_secured = YesNoField(
        label=_(
            "Can you support yourself, your spouse and your minor children from your own means?"
        )
    )
    convicted = YesNoField(
        label=_("Have you ever been convicted of a criminal offence?"),
        help_text=_(
            "In Germany or abroad. Do not count convictions that have been removed from the "
            "Federal Central Criminal Register."
        ),
    )
    hate_motive = YesNoField(
        label=_(
            "Did a court find that an offence of yours had an antisemitic, racist, xenophobic or "
            "other inhuman motive?"
        ),
        required=False,
        help_text=_("Only if you have been convicted."),
    )
    serious_sentence = YesNoField(
        label=_(
            "Were you sentenced to a youth penalty or to prison that was not suspended on "
            "probation, or is a probation period still running?"
        ),
        required=False,
        help_text=_("Only if you have been convicted."),
    )
    fine_daily_rates = count_field(
        _("Fines: how many daily rates in total?"),
        help_text=_(
            "Only if you have been convicted. Add up all fines; where the court formed a "
            "combined sentence, count that one. Leave empty or enter 0 if none."
        ),
        maximum=9999,
    )
    suspended_prison_months = count_field(
        _("Prison sentences suspended on probation and remitted: how many months in total?"),
        help_text=_(
            "Only if you have been convicted. Leave empty or enter 0 if none. Educational or "
            "disciplinary measures under juvenile criminal law are not counted here."
        ),
        maximum=600,
    )
    measure_ordered = YesNoField(
        label=_("Did a court also withdraw your driving licence or ban you from a profession?"),
        required=False,
        help_text=_("Only if you have been convicted."),
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
    minor_children_with_income = count_field(
        _("How many of these children have income of their own?"),
        help_text=_(
            "For example wages from a job or an apprenticeship. A child without income of their "
            "own costs 51 euros, otherwise 255 euros. Leave empty or enter 0 if none."
        ),
        maximum=20,
    )
    conditional_fields = ("test_score", *_BENEFIT_FIELDS, *_CONVICTION_FIELDS)

    SECTIONS = (
        (
            _("Identity and residence"),
            ("identity_clarified", "residence_since", "has_right_of_residence"),
        ),
        (
            _("German and knowledge of the legal and social order"),
            ("german_level", "german_proof", "guest_worker", "knowledge_proof", "test_score"),
        ),
        (_("Livelihood"), ("receives_benefits", *_BENEFIT_FIELDS, "livelihood_secured")),
        (_("Convictions"), ("convicted", *_CONVICTION_FIELDS)),
        (
            _("Integration, commitment and children"),
            ("special_integration", "commitment", "minor_children", "minor_children_with_income"),
        ),
    )

    def sections(self):
        """(heading, bound fields) per part of the page, in the order of ``SECTIONS``."""
        return [(title, [self[name] for name in names]) for title, names in self.SECTIONS]

    def _require(self, data, name, message) -> None:
        if data.get(name) is None and name not in self.errors:
            self.add_error(name, ValidationError(message))

    def clean(self):
        data = super().clean()
        missing = data.get("knowledge_proof") == "test" and data.get("test_score") is None
        if missing and "test_score" not in self.errors:
            self.add_error("test_score", ValidationError(TEST_SCORE_MISSING))
        for name in (*_BENEFIT_FIELDS, *_CONVICTION_FIELDS):
            if data.get(name) == "":
                data[name] = None
        if data.get("receives_benefits") is True:
            self._require(data, "full_time_employed", BENEFITS_QUESTION_MISSING)
            if data.get("full_time_employed"):
                self._require(data, "full_time_months", FULL_TIME_MONTHS_MISSING)
            else:
                data["full_time_months"] = None
            self._require(data, "partner_full_time", BENEFITS_QUESTION_MISSING)
            if data.get("partner_full_time"):
                self._require(data, "lives_with_minor_child", BENEFITS_QUESTION_MISSING)
            else:
                data["lives_with_minor_child"] = None
            if data.get("guest_worker"):
                self._require(data, "benefits_beyond_control", BENEFITS_QUESTION_MISSING)
            else:
                data["benefits_beyond_control"] = None
        else:
            data.update(dict.fromkeys(_BENEFIT_FIELDS))
        if data.get("convicted") is True:
            for name in ("hate_motive", "serious_sentence", "measure_ordered"):
                self._require(data, name, CONVICTION_QUESTION_MISSING)
            for name in ("fine_daily_rates", "suspended_prison_months"):
                if data.get(name) is None and name not in self.errors:
                    data[name] = 0
        else:
            data.update(dict.fromkeys(_CONVICTION_FIELDS))
        if data.get("minor_children_with_income") is None:
            data["minor_children_with_income"] = 0
        children = data.get("minor_children")
        if children is not None and data["minor_children_with_income"] > children:
            self.add_error("minor_children_with_income", ValidationError(WITH_INCOME_TOO_MANY))
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
    """Keeping the citizenship; the citizenships themselves are asked once, on "Nationality"."""

    intro = _(
        "German law no longer requires you to give up your previous citizenship. Please "
        "consider any duties to report, notify or ask for approval towards the authorities "
        "of your other state. Your current and former citizenships are those you gave under "
        "“Nationality”."
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
