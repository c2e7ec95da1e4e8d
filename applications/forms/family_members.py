"""Whole-family filing: the spouse and children who apply together with the applicant.

Nobody is asked again what they entered a few pages earlier (WCAG 2.2 SC 3.3.7
Redundant Entry): the spouse or registered partner and the children of
section 4 (``people_known``) are offered for selection, and for each person
selected only what is missing is asked (passport, current title on a renewal,
two legal questions). The names, sex, birth and nationality of section 4 are
fields of the form too, but disabled with the earlier answers as their values:
they are stored with the person's row exactly as if typed, and whatever the
browser posts for them is ignored (Django's ``Field.disabled``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.answers import stored_rows
from portal.forms import (
    CHOICE_FIELD,
    ChoiceField,
    DateField,
    KernForm,
    KernFormSet,
    TextField,
    YesNoField,
)

from .. import conditions
from .person import OtherPersonForm

SEPARATE_REQUEST_NEEDED = _(
    "For this person, please file a separate request after this one, so that you can give "
    "the details (use “File for a family member” on the confirmation page)."
)
NOBODY = "nobody"
NOBODY_AND_OTHERS = _("Select the people who apply with you, or “No one”, not both.")

KNOWN_SUMMARY = _(
    "%(relation)s · %(sex)s · born on %(born)s in %(place)s · nationality: %(nationality)s"
)
# What section 4 knows of a person, and so is never asked again here.
KNOWN_FIELDS = ("surname", "given_names", "sex", "date_of_birth", "place_of_birth", "nationality")


@dataclass(frozen=True)
class Person:
    """The spouse or a child as entered in section 4 of the form."""

    key: str
    relation: str  # "spouse" or "child"
    data: dict  # the stored answers of KNOWN_FIELDS (ISO dates)

    @property
    def name(self) -> str:
        return f"{self.data.get('given_names', '')} {self.data.get('surname', '')}".strip()


def person_key(relation: str, data: dict) -> str:
    """A key that names this person as long as their name and birth date stay the same.

    A correction of the name or the birth date in section 4 makes a new key, so
    the selection and the person's own answers are asked again, never carried
    over to someone else.
    """
    who = "|".join(str(data.get(name, "")) for name in ("surname", "given_names", "date_of_birth"))
    return f"{relation}-{hashlib.sha256(who.encode()).hexdigest()[:10]}"


def people_known(answers) -> list[Person]:
    """The spouse or registered partner and the children entered in section 4 (pure).

    Only answers of steps the applicant is still asked count (a spouse entered
    before the marital status changed to "single" does not).
    """
    found: list[Person] = []
    spouse = answers.get("spouse") if conditions.spouse_applies(answers) else None
    if spouse:
        data = {name: spouse.get(name) for name in KNOWN_FIELDS}
        found.append(Person(key=person_key("spouse", data), relation="spouse", data=data))
    children = answers.get("children_list") if conditions.children_listed(answers) else None
    for child in children or []:
        data = {name: child.get(name) for name in KNOWN_FIELDS}
        key = person_key("child", data)
        if all(person.key != key for person in found):  # the same child entered twice: once
            found.append(Person(key=key, relation="child", data=data))
    return found


def family_filing_offered(answers) -> bool:
    """The filing together is offered when section 4 names someone who can apply too."""
    return bool(people_known(answers))


def people_selected(answers) -> list[Person]:
    """The people of section 4 selected as applying together, in the order of section 4."""
    chosen = set((answers.get("family_applicants") or {}).get("applicants") or ())
    return [person for person in people_known(answers) if person.key in chosen]


class FamilyApplicantsQuestionForm(KernForm):
    intro = _(
        "Your spouse or registered partner and your children can apply together with you. "
        "We make one request for each person you select, with the shared answers (address, "
        "entry, purpose, duration, livelihood) taken from yours. What you entered about them "
        "is not asked again; you only add their passport and two questions."
    )
    applicants = forms.MultipleChoiceField(
        label=_("Who applies together with you?"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The people as you entered them under “Family”."),
    )

    def __init__(self, *args, people: list[Person] = (), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(person.key, _person_choice_label(person)) for person in people]
        choices.append((NOBODY, _("No one, only I apply")))
        self.fields["applicants"].choices = choices
        self.fields["applicants"].error_messages.update(
            {"invalid_choice": CHOICE_FIELD % {"label": self.fields["applicants"].label}}
        )

    @classmethod
    def answer_display(cls, name: str, value, answers: dict) -> str | None:
        """The people chosen, by name (the stored keys mean nothing to a reader)."""
        if name != "applicants":
            return None
        chosen = set(value or ())
        if NOBODY in chosen:
            return str(_("No one, only I apply"))
        return ", ".join(
            _person_choice_label(person) for person in people_known(answers) if person.key in chosen
        )

    def clean_applicants(self):
        chosen = self.cleaned_data["applicants"]
        if NOBODY in chosen and len(chosen) > 1:
            raise ValidationError(NOBODY_AND_OTHERS, code="nobody_and_others")
        return chosen


def _person_choice_label(person: Person) -> str:
    relation = _("spouse or registered partner") if person.relation == "spouse" else _("child")
    born = _day(person.data.get("date_of_birth"))
    return str(
        _("%(name)s (%(relation)s, born %(born)s)")
        % {"name": person.name, "relation": relation, "born": born}
    )


def _day(value) -> str:
    text = str(value or "")
    if len(text) == 10 and text[4] == "-":
        return f"{text[8:10]}.{text[5:7]}.{text[:4]}"
    return text


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

    def __init__(self, *args, renewal: bool = False, person: Person | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.renewal = renewal
        self.person = person
        if renewal:
            # Asked on a renewal, and then needed (not "optional").
            self.fields["title_number"].required = True
            self.fields["title_valid_until"].required = True
        else:
            del self.fields["title_number"]
            del self.fields["title_valid_until"]
        if person is not None:
            # Known from section 4: shown, never asked again, stored as they were entered.
            known = {"relation": person.relation, **person.data}
            for name, value in known.items():
                self.fields[name].disabled = True
                self.initial[name] = value

    def known_rows(self):
        """The person's answers from section 4, as labelled rows for the page."""
        if self.person is None:
            return []
        known = {"relation": self.person.relation, **self.person.data}
        return [row for row in stored_rows(self, known) if row.name in known]

    def known_summary(self) -> str:
        """The person's answers from section 4 in one line, for the page."""
        values = {row.name: row.value for row in self.known_rows()}
        if not values:
            return ""
        return str(
            KNOWN_SUMMARY
            % {
                "relation": values.get("relation", ""),
                "sex": values.get("sex", ""),
                "born": values.get("date_of_birth", ""),
                "place": values.get("place_of_birth", ""),
                "nationality": values.get("nationality", ""),
            }
        )

    def asked_fields(self):
        return [field for field in self if not field.field.disabled]

    def clean_passport_number(self):
        return self.cleaned_data["passport_number"].upper().replace(" ", "")

    def clean(self):
        data = super().clean()
        for name in ("convicted", "other_legal_matters"):
            if data.get(name) is True:
                self.add_error(name, ValidationError(SEPARATE_REQUEST_NEEDED))
        return data


class _FamilyApplicantsFormSet(KernFormSet):
    """One row per selected person (``people``), each under its own key, none added or removed.

    A row's fields are named by the person's key (``family_applicants_list-<key>-…``),
    not by its position: when the selection changes, each person keeps their own
    answers, and a newly selected person starts empty.
    """

    item_label = _("Family member %(number)s")
    add_label = ""
    min_message = _("Select at least one family member, or go back and select “No one”.")

    def __init__(self, *args, people: list[Person] = (), **kwargs):
        self.people = list(people)[: self.absolute_max]
        super().__init__(*args, **kwargs)
        # Every selected person's row must be answered.
        self.min_num = len(self.people)

    def total_form_count(self):
        return len(self.people)

    def initial_form_count(self):
        return 0

    def add_prefix(self, index):
        if isinstance(index, int) and 0 <= index < len(self.people):
            return f"{self.prefix}-{self.people[index].key}"
        return super().add_prefix(index)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if index is not None and 0 <= index < len(self.people):
            kwargs["person"] = self.people[index]
        return kwargs

    def item_labels(self):
        return [person.name for person in self.people]


FamilyApplicantFormSet = forms.formset_factory(
    FamilyApplicantForm,
    formset=_FamilyApplicantsFormSet,
    extra=0,
    min_num=0,
    max_num=20,
    absolute_max=20,
)


def check_page_items(items: list, members: list[dict]) -> list:
    """The family list's entries for the check page (pure): each named by the person, with
    only what the list asked; names, birth and nationality are shown under "Family" already."""
    known = {"relation", *KNOWN_FIELDS}
    return [
        (
            f"{member.get('given_names', '')} {member.get('surname', '')}".strip() or label,
            [row for row in rows if row.name not in known],
        )
        for (label, rows), member in zip(items, members, strict=False)
    ]
