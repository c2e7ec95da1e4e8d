"""Periods, independent residence and the appointment for family reunification (seed 004)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

import pytest
from django.utils import translation
from django.utils.formats import date_format

from applications import family_rules
from applications.family_rules import (
    BINDING_FIRST_YEAR,
    BINDINGS,
    CHILD_OF_FOREIGNER,
    CHILD_OF_GERMAN,
    FAMILY_OF_GERMANS,
    FAMILY_PERIOD_RULES,
    FAMILY_RULES_FROM,
    OTHER_RELATIVE,
    PARENT_OF_GERMAN_MINOR,
    RELATION_LEGAL_BASIS,
    RELATIONS,
    SPONSOR_TITLE_KINDS,
    SPOUSE_OF_FOREIGNER,
    SPOUSE_OF_GERMAN,
    UNLIMITED_SPONSOR_TITLES,
    FamilyRuleError,
    MaxPeriod,
    family_period_rule_on,
    independent_residence_from,
    independent_residence_note,
    maximum_permit_period,
    must_come_with_sponsor,
)
from portal.validity import gaps_and_overlaps

START = date(2026, 3, 1)
LONG_AGO = date(1990, 5, 17)  # an adult applicant
FAR = date(2040, 1, 1)  # a passport or title that never binds
THREE_YEARS = date(2029, 2, 28)  # period_end(START, 36)
TWO_YEARS = date(2028, 2, 29)  # period_end(START, 24): 2028 is a leap year


def facts(**changes):
    """An adult spouse of a foreigner whose only binding limit is the two years."""
    base = {
        "relation": SPOUSE_OF_FOREIGNER,
        "valid_from": START,
        "applicant_birth_date": LONG_AGO,
        "passport_valid_until": FAR,
        "sponsor_is_german": False,
        "sponsor_title_valid_until": FAR,
    }
    return {**base, **changes}


def german(**changes):
    return facts(sponsor_is_german=True, sponsor_title_valid_until=None, **changes)


def english(texts):
    with translation.override("en"):
        return [str(text) for text in texts]


def day(value):
    with translation.override("en"):
        return date_format(value, "DATE_FORMAT")


# --- Relations ------------------------------------------------------------------


def test_relations():
    assert RELATIONS == (
        "spouse_of_german",
        "spouse_of_foreigner",
        "child_of_german",
        "child_of_foreigner",
        "parent_of_german_minor",
        "other_relative",
    )
    assert {"spouse_of_german", "child_of_german", "parent_of_german_minor"} == FAMILY_OF_GERMANS
    assert set(RELATION_LEGAL_BASIS) == set(RELATIONS)


@pytest.mark.parametrize(
    ("relation", "basis"),
    [
        (SPOUSE_OF_GERMAN, "§ 28 Abs. 1 Satz 1 Nr. 1 AufenthG"),
        (CHILD_OF_GERMAN, "§ 28 Abs. 1 Satz 1 Nr. 2 AufenthG"),
        (PARENT_OF_GERMAN_MINOR, "§ 28 Abs. 1 Satz 1 Nr. 3 AufenthG"),
        (SPOUSE_OF_FOREIGNER, "§ 30 AufenthG"),
        (CHILD_OF_FOREIGNER, "§ 32 AufenthG"),
        (OTHER_RELATIVE, "§ 36 AufenthG"),
    ],
)
def test_legal_basis(relation, basis):
    assert RELATION_LEGAL_BASIS[relation] == basis


# --- Longest period -----------------------------------------------------------------

PERIOD_CASES = [
    # Family members of Germans: three years per issue or renewal.
    ("spouse of a German, three years", german(relation=SPOUSE_OF_GERMAN),
     THREE_YEARS, "german_family_3_years", ["german_family_3_years", "passport"]),
    ("child of a German, three years, no 16th-birthday cap",
     german(relation=CHILD_OF_GERMAN, applicant_birth_date=date(2012, 6, 1)),
     THREE_YEARS, "german_family_3_years", ["german_family_3_years", "passport"]),
    ("parent of a German minor, three years", german(relation=PARENT_OF_GERMAN_MINOR),
     THREE_YEARS, "german_family_3_years", ["german_family_3_years", "passport"]),
    ("three years from 29 February end on 28 February",
     german(relation=SPOUSE_OF_GERMAN, valid_from=date(2024, 2, 29)),
     date(2027, 2, 28), "german_family_3_years", ["german_family_3_years", "passport"]),
    ("three years from mid-month", german(relation=SPOUSE_OF_GERMAN,
     valid_from=date(2026, 1, 15)), date(2029, 1, 14), "german_family_3_years",
     ["german_family_3_years", "passport"]),
    ("family of a German, passport ends first",
     german(relation=SPOUSE_OF_GERMAN, passport_valid_until=date(2027, 6, 30)),
     date(2027, 6, 30), "passport", ["passport", "german_family_3_years"]),
    # Spouses of foreigners: two years, not beyond the spouse's title.
    ("spouse of a foreigner, two years", facts(), TWO_YEARS, "spouse_2_years",
     ["spouse_2_years", "sponsor_title", "passport"]),
    ("spouse of a foreigner, title ends sooner",
     facts(sponsor_title_valid_until=date(2027, 4, 30)), date(2027, 4, 30), "sponsor_title",
     ["sponsor_title", "spouse_2_years", "passport"]),
    ("spouse of a foreigner, title ends on valid_from",
     facts(sponsor_title_valid_until=START), START, "sponsor_title",
     ["sponsor_title", "spouse_2_years", "passport"]),
    ("spouse of a foreigner, passport ends first",
     facts(passport_valid_until=date(2026, 9, 30), sponsor_title_valid_until=date(2027, 1, 31)),
     date(2026, 9, 30), "passport", ["passport", "sponsor_title", "spouse_2_years"]),
    ("spouse of a foreigner, passport ends on valid_from",
     facts(passport_valid_until=START), START, "passport",
     ["passport", "spouse_2_years", "sponsor_title"]),
    ("tie: the two years bind before an equal title",
     facts(sponsor_title_valid_until=TWO_YEARS), TWO_YEARS, "spouse_2_years",
     ["spouse_2_years", "sponsor_title", "passport"]),
    ("tie: the title binds before an equal passport",
     facts(sponsor_title_valid_until=date(2027, 1, 31), passport_valid_until=date(2027, 1, 31)),
     date(2027, 1, 31), "sponsor_title", ["sponsor_title", "passport", "spouse_2_years"]),
    # Children of foreigners: until the day before the 16th birthday, not beyond the title.
    ("child of a foreigner, 16th birthday first",
     facts(relation=CHILD_OF_FOREIGNER, applicant_birth_date=date(2011, 9, 10)),
     date(2027, 9, 9), "child_16th_birthday",
     ["child_16th_birthday", "sponsor_title", "passport"]),
    ("child born on 29 February, 16th birthday in a leap year",
     facts(relation=CHILD_OF_FOREIGNER, applicant_birth_date=date(2012, 2, 29)),
     date(2028, 2, 28), "child_16th_birthday",
     ["child_16th_birthday", "sponsor_title", "passport"]),
    ("child born on 29 February, 16th birthday in a common year (16 from 1 March 2100)",
     facts(relation=CHILD_OF_FOREIGNER, valid_from=date(2099, 6, 1),
           applicant_birth_date=date(2084, 2, 29), passport_valid_until=date(2105, 1, 1),
           sponsor_title_valid_until=date(2105, 1, 1)),
     date(2100, 2, 28), "child_16th_birthday",
     ["child_16th_birthday", "sponsor_title", "passport"]),
    ("child of a foreigner, parent's title ends sooner",
     facts(relation=CHILD_OF_FOREIGNER, applicant_birth_date=date(2015, 1, 1),
           sponsor_title_valid_until=date(2027, 12, 31)),
     date(2027, 12, 31), "sponsor_title", ["sponsor_title", "child_16th_birthday", "passport"]),
    ("child of a foreigner, passport ends first",
     facts(relation=CHILD_OF_FOREIGNER, applicant_birth_date=date(2015, 1, 1),
           passport_valid_until=date(2026, 8, 31)),
     date(2026, 8, 31), "passport", ["passport", "child_16th_birthday", "sponsor_title"]),
    ("child of a foreigner, 16 tomorrow: a one-day permit",
     facts(relation=CHILD_OF_FOREIGNER, applicant_birth_date=date(2010, 3, 2)),
     START, "child_16th_birthday", ["child_16th_birthday", "sponsor_title", "passport"]),
    ("child of a foreigner, 16 today: the parent's title binds",
     facts(relation=CHILD_OF_FOREIGNER, applicant_birth_date=date(2010, 3, 1),
           sponsor_title_valid_until=date(2028, 5, 31)),
     date(2028, 5, 31), "sponsor_title", ["sponsor_title", "passport"]),
    ("child of a foreigner, already 17: the passport binds",
     facts(relation=CHILD_OF_FOREIGNER, applicant_birth_date=date(2009, 1, 1),
           passport_valid_until=date(2027, 3, 31)),
     date(2027, 3, 31), "passport", ["passport", "sponsor_title"]),
    # Other relatives (§ 36): of a foreigner no cap of their own; of a German the
    # three years of seed 004's "Familienangehörige von Deutschen".
    ("other relative of a foreigner: the sponsor's title",
     facts(relation=OTHER_RELATIVE, sponsor_title_valid_until=date(2030, 7, 31)),
     date(2030, 7, 31), "sponsor_title", ["sponsor_title", "passport"]),
    ("other relative of a foreigner: the passport",
     facts(relation=OTHER_RELATIVE, passport_valid_until=date(2031, 7, 31)),
     date(2031, 7, 31), "passport", ["passport", "sponsor_title"]),
    ("other relative of a German: three years", german(relation=OTHER_RELATIVE),
     THREE_YEARS, "german_family_3_years", ["german_family_3_years", "passport"]),
]  # fmt: skip

TEXT_BY_LIMIT = {
    "german_family_3_years": "family member of a German",
    "spouse_2_years": "at most two years",
    "child_16th_birthday": "day before the 16th birthday",
    "sponsor_title": "residence title of the person you join",
    "passport": "longer than your passport",
}


@pytest.mark.parametrize(
    ("name", "given", "until", "binding", "limits"),
    PERIOD_CASES,
    ids=[case[0] for case in PERIOD_CASES],
)
def test_maximum_permit_period(name, given, until, binding, limits):
    result = maximum_permit_period(**given)
    assert result.until == until
    assert result.binding == binding
    assert binding in BINDINGS
    texts = english(result.reasons)
    # Each limit that applies is explained, the binding one first, then by date.
    for text, limit in zip(texts, limits, strict=False):
        assert TEXT_BY_LIMIT[limit] in text
    assert day(until) in texts[0]
    assert all("{" not in text for text in texts)
    already_16 = [text for text in texts if "already 16" in text]
    assert len(texts) == len(limits) + len(already_16)


@pytest.mark.parametrize(
    "birth",
    [date(2010, 3, 1), date(2010, 2, 28), date(2009, 1, 1), date(2008, 2, 29)],
)
def test_child_already_16_is_said(birth):
    result = maximum_permit_period(**facts(relation=CHILD_OF_FOREIGNER, applicant_birth_date=birth))
    assert result.binding != "child_16th_birthday"
    texts = english(result.reasons)
    assert texts[-1].startswith("The child is already 16: the office sets the period individually.")
    assert not any("16th birthday:" in text for text in texts)


def test_child_not_yet_16_gets_no_note():
    result = maximum_permit_period(
        **facts(relation=CHILD_OF_FOREIGNER, applicant_birth_date=date(2010, 3, 2))
    )
    assert not any("already 16" in text for text in english(result.reasons))


@pytest.mark.parametrize("relation", [SPOUSE_OF_FOREIGNER, CHILD_OF_FOREIGNER, OTHER_RELATIVE])
def test_sponsor_title_expired_before_start(relation):
    expired = date(2026, 2, 28)
    result = maximum_permit_period(
        **facts(relation=relation, applicant_birth_date=date(2015, 1, 1),
                sponsor_title_valid_until=expired)
    )  # fmt: skip
    assert result.until is None
    assert result.binding == "sponsor_title"
    (text,) = english(result.reasons)
    assert f"expired on {day(expired)}" in text
    assert "must be renewed first" in text


def test_reason_text_follows_the_language_of_the_page():
    result = maximum_permit_period(**german(relation=SPOUSE_OF_GERMAN))
    with translation.override("en"):
        assert "28.02.2029" in str(result.reasons[0])
    with translation.override("de"):
        assert "28. Februar 2029" in str(result.reasons[0])


def test_max_period_is_frozen():
    result = maximum_permit_period(**facts())
    assert isinstance(result, MaxPeriod)
    assert isinstance(result.reasons, tuple)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.until = None


# --- Errors ---------------------------------------------------------------------------

NOW = datetime(2026, 3, 1, 12, 0)  # a wrong type on purpose

ERROR_CASES = [
    ("unknown relation", facts(relation="cousin"),
     family_rules.UNKNOWN_RELATION.format(relation="cousin", known=", ".join(RELATIONS))),
    ("relation not a string", facts(relation=None),
     family_rules.UNKNOWN_RELATION.format(relation=None, known=", ".join(RELATIONS))),
    ("spouse of a German with a foreign sponsor", facts(relation=SPOUSE_OF_GERMAN),
     family_rules.SPONSOR_MUST_BE_GERMAN.format(relation=SPOUSE_OF_GERMAN)),
    ("child of a German with a foreign sponsor", facts(relation=CHILD_OF_GERMAN),
     family_rules.SPONSOR_MUST_BE_GERMAN.format(relation=CHILD_OF_GERMAN)),
    ("parent of a German minor with a foreign sponsor", facts(relation=PARENT_OF_GERMAN_MINOR),
     family_rules.SPONSOR_MUST_BE_GERMAN.format(relation=PARENT_OF_GERMAN_MINOR)),
    ("spouse of a foreigner with a German sponsor", german(relation=SPOUSE_OF_FOREIGNER),
     family_rules.SPONSOR_MUST_BE_FOREIGN.format(relation=SPOUSE_OF_FOREIGNER)),
    ("child of a foreigner with a German sponsor", german(relation=CHILD_OF_FOREIGNER),
     family_rules.SPONSOR_MUST_BE_FOREIGN.format(relation=CHILD_OF_FOREIGNER)),
    ("foreign sponsor without a title", facts(sponsor_title_valid_until=None),
     family_rules.SPONSOR_TITLE_MISSING),
    ("other relative, foreign sponsor without a title",
     facts(relation=OTHER_RELATIVE, sponsor_title_valid_until=None),
     family_rules.SPONSOR_TITLE_MISSING),
    ("German sponsor with a title",
     facts(relation=SPOUSE_OF_GERMAN, sponsor_is_german=True),
     family_rules.SPONSOR_TITLE_FOR_GERMAN),
    ("passport expired before valid_from", facts(passport_valid_until=date(2026, 2, 28)),
     family_rules.PASSPORT_BEFORE_START.format(passport=date(2026, 2, 28), valid_from=START)),
    ("born after valid_from", facts(applicant_birth_date=date(2026, 3, 2)),
     family_rules.BIRTH_AFTER_START.format(birth=date(2026, 3, 2), valid_from=START)),
    ("valid_from a datetime", facts(valid_from=NOW),
     family_rules.NOT_A_DATE.format(fact="valid_from", value=NOW)),
    ("valid_from a string", facts(valid_from="2026-03-01"),
     family_rules.NOT_A_DATE.format(fact="valid_from", value="2026-03-01")),
    ("birth date missing", facts(applicant_birth_date=None),
     family_rules.NOT_A_DATE.format(fact="applicant_birth_date", value=None)),
    ("passport a string", facts(passport_valid_until="2030-01-01"),
     family_rules.NOT_A_DATE.format(fact="passport_valid_until", value="2030-01-01")),
    ("sponsor's title a number", facts(sponsor_title_valid_until=20300101),
     family_rules.NOT_A_DATE.format(fact="sponsor_title_valid_until", value=20300101)),
    ("sponsor_is_german not a bool", facts(sponsor_is_german="no"),
     family_rules.NOT_A_BOOL.format(value="no")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "given", "message"), ERROR_CASES, ids=[case[0] for case in ERROR_CASES]
)
def test_maximum_permit_period_errors(name, given, message):
    with pytest.raises(FamilyRuleError) as error:
        maximum_permit_period(**given)
    assert str(error.value) == message
    assert isinstance(error.value, ValueError)


# --- Independent residence (§ 31 Abs. 1 Satz 1 Nr. 1 AufenthG) -------------------------


@pytest.mark.parametrize(
    ("since", "reached"),
    [
        (date(2023, 3, 1), date(2026, 3, 1)),
        (date(2023, 1, 15), date(2026, 1, 15)),
        (date(2023, 1, 31), date(2026, 1, 31)),
        # Three years from 29 February end with 28 February; the next day is 1 March.
        (date(2024, 2, 29), date(2027, 3, 1)),
        (date(2025, 2, 28), date(2028, 2, 28)),
        (date(2023, 12, 31), date(2026, 12, 31)),
    ],
)
def test_independent_residence_from(since, reached):
    assert independent_residence_from(cohabitation_in_germany_since=since) == reached


@pytest.mark.parametrize(
    ("today", "phrases"),
    [
        (date(2026, 2, 28), ["will have lasted three years on {date}", "may be possible"]),
        (date(2026, 3, 1), ["has lasted three years since {date}", "may therefore be possible"]),
        (date(2030, 1, 1), ["has lasted three years since {date}", "may therefore be possible"]),
        (date(2023, 3, 1), ["will have lasted three years on {date}", "From that day on"]),
    ],
)
def test_independent_residence_note(today, phrases):
    note = independent_residence_note(since=date(2023, 3, 1), today=today)
    (text,) = english([note])
    for phrase in phrases:
        assert phrase.format(date=day(date(2026, 3, 1))) in text
    assert "information only" in text
    assert "the office decides" in text
    assert "{" not in text


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: independent_residence_from(cohabitation_in_germany_since="2023-03-01"),
         family_rules.NOT_A_DATE.format(fact="cohabitation_in_germany_since",
                                        value="2023-03-01")),
        (lambda: independent_residence_from(cohabitation_in_germany_since=NOW),
         family_rules.NOT_A_DATE.format(fact="cohabitation_in_germany_since", value=NOW)),
        (lambda: independent_residence_note(since=None, today=START),
         family_rules.NOT_A_DATE.format(fact="cohabitation_in_germany_since", value=None)),
        (lambda: independent_residence_note(since=START, today=NOW),
         family_rules.NOT_A_DATE.format(fact="today", value=NOW)),
    ],
)  # fmt: skip
def test_independent_residence_errors(call, message):
    with pytest.raises(FamilyRuleError) as error:
        call()
    assert str(error.value) == message


# --- Appointment ---------------------------------------------------------------------


@pytest.mark.parametrize("relation", RELATIONS)
def test_must_come_with_sponsor(relation):
    assert must_come_with_sponsor(relation) is True


@pytest.mark.parametrize("relation", ["cousin", "", None])
def test_must_come_with_sponsor_unknown_relation(relation):
    with pytest.raises(FamilyRuleError) as error:
        must_come_with_sponsor(relation)
    assert str(error.value) == family_rules.UNKNOWN_RELATION.format(
        relation=relation, known=", ".join(RELATIONS)
    )


def test_a_sponsor_with_a_settlement_permit_sets_no_limit():
    from applications.family_rules import BINDING_SPOUSE, maximum_permit_period

    result = maximum_permit_period(
        relation="spouse_of_foreigner",
        valid_from=date(2026, 12, 1),
        applicant_birth_date=date(1990, 1, 1),
        passport_valid_until=date(2035, 1, 1),
        sponsor_is_german=False,
        sponsor_title_valid_until=None,
        sponsor_title_unlimited=True,
    )
    assert result.until == date(2028, 11, 30)
    assert result.binding == BINDING_SPOUSE


# --- The dated table (issue 17, item 8) ---------------------------------------------


def test_family_table_has_no_gaps_and_the_numbers_of_seed_004():
    assert gaps_and_overlaps(FAMILY_PERIOD_RULES) == []
    assert FAMILY_PERIOD_RULES[0].valid_from == FAMILY_RULES_FROM == date(2020, 3, 1)
    rule = family_period_rule_on(date(2026, 3, 1))
    assert (rule.german_family_months, rule.spouse_of_foreigner_months, rule.child_age_limit) == (
        36,
        24,
        16,
    )
    assert rule.first_permit_minimum_months == 12
    assert "§ 27 Abs. 4 AufenthG" in rule.legal_basis


@pytest.mark.parametrize(
    ("on", "has_row"),
    [(date(2020, 2, 29), False), (date(2020, 3, 1), True), (date(2099, 12, 31), True)],
)
def test_family_rules_from_1_march_2020(on, has_row):
    if has_row:
        assert family_period_rule_on(on) is FAMILY_PERIOD_RULES[0]
        assert maximum_permit_period(**facts(on=on)).until == TWO_YEARS
    else:
        with pytest.raises(FamilyRuleError) as error:
            maximum_permit_period(**facts(on=on))
        assert str(error.value) == family_rules.NO_RULE_ON.format(on=on)


# --- § 27 Abs. 4 Satz 2 AufenthG: the sponsor's whole validity -------------------------

FULL_VALIDITY_KINDS = sorted(FAMILY_PERIOD_RULES[0].full_validity_titles)
BLUE_CARD_END = date(2030, 6, 30)


def test_the_titles_of_section_27_4_sentence_2():
    assert set(FULL_VALIDITY_KINDS) == {
        "blue_card",
        "ict_card",
        "mobile_ict_card",
        "research",
        "research_short_mobility",
        "long_term_other_state",
    }
    assert {"settlement_permit", "eu_long_term"} == UNLIMITED_SPONSOR_TITLES
    assert set(FULL_VALIDITY_KINDS) | UNLIMITED_SPONSOR_TITLES < set(SPONSOR_TITLE_KINDS)


@pytest.mark.parametrize("kind", FULL_VALIDITY_KINDS)
def test_spouse_of_a_full_validity_sponsor_gets_the_whole_validity(kind):
    result = maximum_permit_period(
        **facts(sponsor_title_valid_until=BLUE_CARD_END, sponsor_title_kind=kind)
    )
    assert result.until == BLUE_CARD_END  # beyond the two years of seed 004
    assert result.until > TWO_YEARS
    assert result.binding == "sponsor_title"
    assert result.minimum_until == BLUE_CARD_END
    texts = english(result.reasons)
    assert "whole validity of their title" in texts[0]
    assert day(BLUE_CARD_END) in texts[0]
    assert not any("at most two years" in text for text in texts)


FULL_VALIDITY_CASES = [
    # (name, changes, until, binding, minimum)
    ("child of a Blue Card holder: beyond the 16th birthday",
     {"relation": CHILD_OF_FOREIGNER, "applicant_birth_date": date(2012, 6, 1)},
     BLUE_CARD_END, "sponsor_title", BLUE_CARD_END),
    ("child of an ICT card holder who is already 16",
     {"relation": CHILD_OF_FOREIGNER, "applicant_birth_date": date(2009, 1, 1),
      "sponsor_title_kind": "ict_card"}, BLUE_CARD_END, "sponsor_title", BLUE_CARD_END),
    ("the passport still limits", {"passport_valid_until": date(2028, 8, 31)},
     date(2028, 8, 31), "passport", date(2028, 8, 31)),
    ("title ends on 29 February", {"sponsor_title_valid_until": date(2028, 2, 29)},
     date(2028, 2, 29), "sponsor_title", date(2028, 2, 29)),
    ("title ends on valid_from: a one-day permit", {"sponsor_title_valid_until": START},
     START, "sponsor_title", START),
    ("other relative of a § 38a holder",
     {"relation": OTHER_RELATIVE, "sponsor_title_kind": "long_term_other_state"},
     BLUE_CARD_END, "sponsor_title", BLUE_CARD_END),
    ("also for a renewal", {"first_permit": False}, BLUE_CARD_END, "sponsor_title",
     BLUE_CARD_END),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "changes", "until", "binding", "minimum"),
    FULL_VALIDITY_CASES,
    ids=[case[0] for case in FULL_VALIDITY_CASES],
)
def test_full_validity_cases(name, changes, until, binding, minimum):
    given = facts(
        sponsor_title_valid_until=BLUE_CARD_END, sponsor_title_kind="blue_card", first_permit=True
    )
    result = maximum_permit_period(**{**given, **changes})
    assert (result.until, result.binding, result.minimum_until) == (until, binding, minimum)
    texts = english(result.reasons)
    assert any("whole validity of their title" in text for text in texts)
    assert not any("day before the 16th birthday" in text for text in texts)
    assert not any("at most two years" in text for text in texts)


@pytest.mark.parametrize("kind", ["residence_permit", "other"])
def test_other_limited_titles_keep_the_two_years(kind):
    result = maximum_permit_period(**facts(sponsor_title_kind=kind))
    assert (result.until, result.binding, result.minimum_until) == (
        TWO_YEARS,
        "spouse_2_years",
        None,
    )


@pytest.mark.parametrize("kind", sorted(UNLIMITED_SPONSOR_TITLES))
def test_unlimited_titles_set_no_limit(kind):
    result = maximum_permit_period(
        **facts(
            sponsor_title_valid_until=None, sponsor_title_unlimited=True, sponsor_title_kind=kind
        )
    )
    assert (result.until, result.binding) == (TWO_YEARS, "spouse_2_years")


# --- § 27 Abs. 4 Satz 3 AufenthG: a first permit for at least one year -------------------

FIRST_PERMIT_CASES = [
    # (name, changes, until, binding, minimum)
    ("spouse: at least one year, at most two", {}, TWO_YEARS, "spouse_2_years",
     date(2027, 2, 28)),
    ("from 29 February: one year ends on 28 February", {"valid_from": date(2024, 2, 29)},
     date(2026, 2, 28), "spouse_2_years", date(2025, 2, 28)),
    ("from a month end", {"valid_from": date(2026, 1, 31)}, date(2028, 1, 30),
     "spouse_2_years", date(2027, 1, 30)),
    ("the sponsor's title ends within the year",
     {"sponsor_title_valid_until": date(2026, 10, 31)}, date(2026, 10, 31), "sponsor_title",
     date(2026, 10, 31)),
    ("the passport ends within the year", {"passport_valid_until": date(2026, 9, 30)},
     date(2026, 9, 30), "passport", date(2026, 9, 30)),
    ("child 16 in three months: the year prevails over the 16th birthday",
     {"relation": CHILD_OF_FOREIGNER, "applicant_birth_date": date(2010, 6, 1)},
     date(2027, 2, 28), BINDING_FIRST_YEAR, date(2027, 2, 28)),
    ("child 16 in three months, parent's title ends sooner",
     {"relation": CHILD_OF_FOREIGNER, "applicant_birth_date": date(2010, 6, 1),
      "sponsor_title_valid_until": date(2026, 12, 31)}, date(2026, 12, 31), BINDING_FIRST_YEAR,
     date(2026, 12, 31)),
    ("child 16 on the first day of the second year: the birthday still binds",
     {"relation": CHILD_OF_FOREIGNER, "applicant_birth_date": date(2011, 3, 1)},
     date(2027, 2, 28), "child_16th_birthday", date(2027, 2, 28)),
    ("family of a German: three years, at least one", {"relation": SPOUSE_OF_GERMAN,
     "sponsor_is_german": True, "sponsor_title_valid_until": None}, THREE_YEARS,
     "german_family_3_years", date(2027, 2, 28)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "changes", "until", "binding", "minimum"),
    FIRST_PERMIT_CASES,
    ids=[case[0] for case in FIRST_PERMIT_CASES],
)
def test_first_permit_for_at_least_one_year(name, changes, until, binding, minimum):
    result = maximum_permit_period(**{**facts(first_permit=True), **changes})
    assert (result.until, result.binding, result.minimum_until) == (until, binding, minimum)
    texts = english(result.reasons)
    assert any("at least one year" in text and day(minimum) in text for text in texts), texts
    if binding == BINDING_FIRST_YEAR:
        assert "at least one year" in texts[0]
        assert not any("16th birthday" in text for text in texts)


def test_a_renewal_has_no_minimum_and_keeps_the_16th_birthday():
    result = maximum_permit_period(
        **facts(relation=CHILD_OF_FOREIGNER, applicant_birth_date=date(2010, 6, 1))
    )
    assert (result.until, result.binding, result.minimum_until) == (
        date(2026, 5, 31),
        "child_16th_birthday",
        None,
    )


SPONSOR_KIND_ERRORS = [
    ("unknown kind", facts(sponsor_title_kind="visa"),
     family_rules.UNKNOWN_SPONSOR_TITLE.format(kind="visa", known=", ".join(SPONSOR_TITLE_KINDS))),
    ("German sponsor with a kind",
     german(relation=SPOUSE_OF_GERMAN, sponsor_title_kind="blue_card"),
     family_rules.SPONSOR_TITLE_KIND_FOR_GERMAN.format(kind="blue_card")),
    ("a Blue Card is not unlimited", facts(sponsor_title_valid_until=None,
     sponsor_title_unlimited=True, sponsor_title_kind="blue_card"),
     family_rules.UNLIMITED_CONTRADICTION.format(kind="blue_card")),
    ("a Blue Card needs its end", facts(sponsor_title_valid_until=None,
     sponsor_title_kind="blue_card"), family_rules.SPONSOR_TITLE_MISSING),
    ("first_permit not a flag", facts(first_permit="yes"),
     family_rules.NOT_A_FLAG.format(fact="first_permit", value="yes")),
    ("on a string", facts(on="2026-03-01"),
     family_rules.NOT_A_DATE.format(fact="on", value="2026-03-01")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "given", "message"), SPONSOR_KIND_ERRORS, ids=[case[0] for case in SPONSOR_KIND_ERRORS]
)
def test_sponsor_kind_errors(name, given, message):
    with pytest.raises(FamilyRuleError) as error:
        maximum_permit_period(**given)
    assert str(error.value) == message
