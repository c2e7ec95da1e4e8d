"""The purposes of stay of section 6 of the § 81 form, with current legal bases (seed 002)."""

from __future__ import annotations

import dataclasses

import pytest
from django.utils import translation

from applications.purposes import (
    PURPOSE_GROUPS,
    PURPOSES,
    UNKNOWN_PURPOSE,
    Purpose,
    UnknownPurposeError,
    purpose_by_code,
)

# Code -> (group, legal basis in the AufenthG today, section 11 asked).
EXPECTED = {
    "education.study": ("education", "§ 16b", False),
    "education.study_applicant": ("education", "§ 17 Abs. 2", False),
    "education.language_course": ("education", "§ 16f Abs. 1", False),
    "education.school": ("education", "§ 16f Abs. 2", False),
    "education.vocational_training": ("education", "§ 16a", False),
    "employment.skilled_worker": ("employment", "§§ 18a, 18b", True),
    "employment.blue_card": ("employment", "§ 18g", True),
    "employment.research": ("employment", "§ 18d", True),
    "employment.self_employment": ("employment", "§ 21", True),
    "humanitarian.admission": ("humanitarian", "§§ 22, 23, 23a, 24", True),
    "humanitarian.protection": ("humanitarian", "§ 25", True),
    "family.german_family": ("family", "§ 28", True),
    "family.spouse_of_foreigner": ("family", "§ 30", True),
    "family.child_of_foreigner": ("family", "§ 32", True),
    "family.other_relative": ("family", "§ 36", True),
    "special.return": ("special", "§ 37", False),
    "special.former_german": ("special", "§ 38", False),
    "special.eu_long_term_resident": ("special", "§ 38a", True),
    "other.other": ("other", "", False),
}


def test_the_purposes_are_those_of_the_form_in_its_order():
    assert [purpose.code for purpose in PURPOSES] == list(EXPECTED)


def test_the_groups_are_those_of_the_form_in_its_order():
    assert list(PURPOSE_GROUPS) == [
        "education",
        "employment",
        "humanitarian",
        "family",
        "special",
        "other",
    ]
    # The purposes come group by group, in the order of the groups.
    groups_in_order = list(dict.fromkeys(purpose.group for purpose in PURPOSES))
    assert groups_in_order == list(PURPOSE_GROUPS)


@pytest.mark.parametrize(("code", "expected"), list(EXPECTED.items()))
def test_purpose_data(code, expected):
    group, legal_basis, integration_relevant = expected
    purpose = purpose_by_code(code)
    assert isinstance(purpose, Purpose)
    assert purpose.code == code
    assert purpose.group == group
    assert code.split(".")[0] == group
    assert purpose.legal_basis == legal_basis
    assert purpose.integration_relevant is integration_relevant
    assert str(purpose.label)


@pytest.mark.parametrize(
    ("code", "institution"),
    [
        ("education.study", "University or college"),
        ("education.study_applicant", "University or college"),
        ("education.language_course", "Language school or course provider"),
        ("education.school", "School"),
        ("education.vocational_training", "Training company or school"),
        ("employment.skilled_worker", "Employer"),
        ("employment.blue_card", "Employer"),
        ("employment.research", "Research institution"),
        ("employment.self_employment", "Your company"),
        ("humanitarian.admission", "File number of the admission decision"),
        ("humanitarian.protection", "BAMF file number"),
        ("family.german_family", "Person you join"),
        ("family.spouse_of_foreigner", "Person you join"),
        ("family.child_of_foreigner", "Person you join"),
        ("family.other_relative", "Person you join"),
        ("special.return", None),
        ("special.former_german", None),
        ("special.eu_long_term_resident", None),
        ("other.other", None),
    ],
)
def test_institution_label(code, institution):
    label = purpose_by_code(code).institution_label
    with translation.override("en"):
        assert (None if label is None else str(label)) == institution


@pytest.mark.parametrize(
    ("group", "label"),
    [
        ("education", "Education"),
        ("employment", "Employment"),
        ("humanitarian", "International law, humanitarian or political grounds"),
        ("family", "Family reasons"),
        ("special", "Special rights of residence"),
        ("other", "Other purpose"),
    ],
)
def test_group_labels(group, label):
    with translation.override("en"):
        assert str(PURPOSE_GROUPS[group]) == label


def test_no_legal_basis_of_the_old_form_remains():
    """The form cites §§ 16, 17, 18, 19, 20 in their pre-2020 wording; none is used."""
    bases = {purpose.legal_basis for purpose in PURPOSES}
    for old in ("§ 16 ", "§ 16 Abs. 1", "§ 16 Abs. 5", "§ 17", "§ 18", "§ 19", "§ 20"):
        assert old not in bases
    assert "AufenthG" not in "".join(bases)  # the name of the act is added where shown


def test_codes_are_unique():
    codes = [purpose.code for purpose in PURPOSES]
    assert len(codes) == len(set(codes))


def test_purpose_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        PURPOSES[0].code = "changed"


@pytest.mark.parametrize("code", ["education", "study", "EDUCATION.STUDY", "", None, ["x"]])
def test_unknown_purpose(code):
    with pytest.raises(UnknownPurposeError) as raised:
        purpose_by_code(code)
    assert isinstance(raised.value, KeyError)
    message = UNKNOWN_PURPOSE.format(code=code, known=", ".join(EXPECTED))
    assert str(raised.value) == message
