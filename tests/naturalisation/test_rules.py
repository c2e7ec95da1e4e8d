"""The quick check of naturalisation (seed 003) and the dates of validity of § 10 StAG."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import date, datetime, timedelta

import pytest
from django.utils import translation
from django.utils.formats import date_format

from naturalisation import rules
from naturalisation.rules import (
    CLAIM_AUTHORITY,
    COMMITMENT,
    DISCRETIONARY_AUTHORITY,
    GERMAN,
    GERMAN_LEVELS,
    GERMAN_PROOFS,
    IDENTITY,
    KNOWLEDGE,
    KNOWLEDGE_PROOFS,
    LIVELIHOOD,
    MET,
    NO_CONVICTION,
    NOT_MET,
    PREREQUISITE_CODES,
    REFORM_IN_FORCE_ON,
    RESIDENCE,
    RESIDENCE_RULES,
    ROUTE_CLAIM,
    ROUTE_DISCRETIONARY,
    SHORTENED_ROUTE_ABOLISHED_ON,
    TO_CHECK,
    NaturalisationRuleError,
    Prerequisite,
    QuickCheckAnswers,
    QuickCheckResult,
    ResidenceRule,
    quick_check,
    residence_complete_on,
    residence_rule_on,
    residence_years_required,
)

TODAY = date(2026, 3, 1)
LONG_AGO = date(2015, 4, 20)  # five years complete on 2020-04-20
LAST_SHORTENED_DAY = date(2025, 10, 29)
ABOLITION = date(2025, 10, 30)
NOW = datetime(2026, 3, 1, 12, 0)


def answers(**changes):
    """An applicant who meets every prerequisite on the five-year route."""
    base = {
        "identity_clarified": "yes",
        "residence_since": LONG_AGO,
        "has_right_of_residence": True,
        "special_integration": False,
        "german_level": "b1",
        "german_proof": "certificate",
        "guest_worker": False,
        "knowledge_proof": "test",
        "test_score": 25,
        "receives_benefits": False,
        "livelihood_secured": True,
        "convicted": False,
        "commitment": True,
        "minor_children": 0,
    }
    return QuickCheckAnswers(**{**base, **changes})


def shortened(**changes):
    """Special integration achievements with C1 and a secured livelihood: the three-year route."""
    return answers(**{"special_integration": True, "german_level": "c1", **changes})


def english(text):
    with translation.override("en"):
        return str(text)


def day(value):
    with translation.override("en"):
        return date_format(value, "DATE_FORMAT")


def statuses(result):
    return {prerequisite.code: prerequisite.status for prerequisite in result.prerequisites}


# --- The shape of the API ------------------------------------------------------------


def test_dates_of_validity():
    assert date(2025, 10, 30) == SHORTENED_ROUTE_ABOLISHED_ON
    assert date(2024, 6, 27) == REFORM_IN_FORCE_ON


def test_answers_fields():
    assert [field.name for field in dataclasses.fields(QuickCheckAnswers)] == [
        "identity_clarified",
        "residence_since",
        "has_right_of_residence",
        "special_integration",
        "german_level",
        "german_proof",
        "guest_worker",
        "knowledge_proof",
        "test_score",
        "receives_benefits",
        "livelihood_secured",
        "convicted",
        "commitment",
        "minor_children",
        # The facts of § 10 (1) s. 1 no. 3 and § 12a StAG (issue 17), asked only where needed.
        "full_time_employed",
        "full_time_months",
        "partner_full_time",
        "lives_with_minor_child",
        "benefits_beyond_control",
        "hate_motive",
        "serious_sentence",
        "fine_daily_rates",
        "suspended_prison_months",
        "measure_ordered",
        "minor_children_with_income",
    ]
    assert GERMAN_LEVELS == ("none", "a1", "a2", "b1", "b2", "c1", "c2")
    assert GERMAN_PROOFS == (
        "certificate",
        "school",
        "training",
        "degree",
        "retraining",
        "school_reports",
        "none",
    )
    assert KNOWLEDGE_PROOFS == ("school_certificate", "training", "degree", "test", "none")
    assert (MET, NOT_MET, TO_CHECK) == ("met", "not_met", "to_check")
    assert rules.ROUTES == (ROUTE_CLAIM, ROUTE_DISCRETIONARY, rules.ROUTE_NONE)
    assert rules.ROUTES == ("claim", "discretionary", "none")
    assert rules.IDENTITY_ANSWERS == ("yes", "no", "unsure")


def test_results_are_frozen():
    result = quick_check(answers(), on=TODAY)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.route = ROUTE_DISCRETIONARY
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.prerequisites[0].status = NOT_MET
    with pytest.raises(dataclasses.FrozenInstanceError):
        answers().convicted = True
    with pytest.raises(dataclasses.FrozenInstanceError):
        RESIDENCE_RULES[0].years = 8
    assert isinstance(result, QuickCheckResult)
    assert all(isinstance(item, Prerequisite) for item in result.prerequisites)


def test_prerequisites_in_order_with_texts():
    result = quick_check(answers(), on=TODAY)
    assert tuple(item.code for item in result.prerequisites) == PREREQUISITE_CODES
    # § 10 (1) s. 1 StAG names identity and nationality first (issue 17, item 7).
    assert PREREQUISITE_CODES == (
        "identity",
        "residence",
        "knowledge",
        "german",
        "livelihood",
        "no_conviction",
        "commitment",
    )
    for prerequisite in result.prerequisites:
        assert english(prerequisite.reason)
        assert english(prerequisite.proof)
        assert "StAG" in prerequisite.legal_basis
    assert result.prerequisite(GERMAN) is result.prerequisites[3]
    with pytest.raises(KeyError):
        result.prerequisite("passport")


def test_all_met():
    result = quick_check(answers(), on=TODAY)
    assert set(statuses(result).values()) == {MET}
    assert result.route == ROUTE_CLAIM
    assert result.authority == CLAIM_AUTHORITY
    assert english(result.authority) == "City of Nuremberg, Amt für Migration und Integration"
    assert result.residence_met_on == date(2020, 4, 20)
    assert result.shortened_route_note is None


# --- The table of residence rules ------------------------------------------------------


def test_table_is_contiguous_from_the_reform():
    assert RESIDENCE_RULES[0].valid_from == REFORM_IN_FORCE_ON
    for earlier, later in itertools.pairwise(RESIDENCE_RULES):
        assert earlier.valid_until is not None
        assert later.valid_from == earlier.valid_until + timedelta(days=1)
    assert RESIDENCE_RULES[-1].valid_until is None
    assert all(isinstance(rule, ResidenceRule) and rule.legal_basis for rule in RESIDENCE_RULES)


@pytest.mark.parametrize(
    ("on", "claimed", "years"),
    [
        (REFORM_IN_FORCE_ON, False, 5),
        (REFORM_IN_FORCE_ON, True, 3),
        (date(2025, 1, 1), True, 3),
        (LAST_SHORTENED_DAY, True, 3),
        (LAST_SHORTENED_DAY, False, 5),
        (ABOLITION, True, 5),
        (ABOLITION, False, 5),
        (date(2040, 1, 1), True, 5),
    ],
)
def test_residence_years_required(on, claimed, years):
    assert residence_years_required(on=on, shortened_route_claimed=claimed) == years


def test_rule_rows_on_the_boundaries():
    assert residence_rule_on(LAST_SHORTENED_DAY) is RESIDENCE_RULES[0]
    assert residence_rule_on(ABOLITION) is RESIDENCE_RULES[1]
    assert RESIDENCE_RULES[0].shortened_years == 3
    assert RESIDENCE_RULES[1].shortened_years is None
    assert "2025 I Nr. 256" in RESIDENCE_RULES[1].legal_basis


@pytest.mark.parametrize("claimed", [True, False])
def test_no_rule_before_the_reform(claimed):
    before = REFORM_IN_FORCE_ON - timedelta(days=1)
    message = rules.NO_RULE_ON.format(on=before)
    assert "27 June 2024" in message
    with pytest.raises(NaturalisationRuleError) as error:
        residence_years_required(on=before, shortened_route_claimed=claimed)
    assert str(error.value) == message
    with pytest.raises(NaturalisationRuleError) as error:
        quick_check(answers(residence_since=date(2010, 1, 1)), on=before)
    assert str(error.value) == message


def test_reform_day_is_checked():
    result = quick_check(answers(), on=REFORM_IN_FORCE_ON)
    assert result.route == ROUTE_CLAIM


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"on": "2026-03-01", "shortened_route_claimed": False},
         rules.NOT_A_DATE.format(fact="on", value="2026-03-01")),
        ({"on": NOW, "shortened_route_claimed": False},
         rules.NOT_A_DATE.format(fact="on", value=NOW)),
        ({"on": TODAY, "shortened_route_claimed": "yes"},
         rules.NOT_A_BOOL.format(fact="shortened_route_claimed", value="yes")),
    ],
)  # fmt: skip
def test_residence_years_required_errors(kwargs, message):
    with pytest.raises(NaturalisationRuleError) as error:
        residence_years_required(**kwargs)
    assert str(error.value) == message


# --- Residence: calendar years --------------------------------------------------------

RESIDENCE_CASES = [
    # (name, since, on, shortened route, status, met on)
    ("anniversary day", date(2021, 3, 1), date(2026, 3, 1), False, MET, date(2026, 3, 1)),
    ("a day before the anniversary", date(2021, 3, 1), date(2026, 2, 28), False, NOT_MET,
     date(2026, 3, 1)),
    ("arrived today", TODAY, TODAY, False, NOT_MET, date(2031, 3, 1)),
    ("29 February, common year: 1 March", date(2020, 2, 29), date(2025, 3, 1), False, MET,
     date(2025, 3, 1)),
    ("29 February, common year: not yet on 28 February", date(2020, 2, 29), date(2025, 2, 28),
     False, NOT_MET, date(2025, 3, 1)),
    ("start on 28 February: complete on 28 February", date(2021, 2, 28), date(2026, 2, 28),
     False, MET, date(2026, 2, 28)),
    ("29 February, three years: 1 March", date(2020, 2, 29), date(2024, 7, 1), True, MET,
     date(2023, 3, 1)),
    ("29 February 2024: not yet on 28 February 2029", date(2024, 2, 29), date(2029, 2, 28),
     False, NOT_MET, date(2029, 3, 1)),
    ("29 February 2024: met on 1 March 2029", date(2024, 2, 29), date(2029, 3, 1), False, MET,
     date(2029, 3, 1)),
    ("three years complete on the last day of the route", date(2022, 10, 29), LAST_SHORTENED_DAY,
     True, MET, LAST_SHORTENED_DAY),
    ("three years, a day short on the last day of the route", date(2022, 10, 30),
     LAST_SHORTENED_DAY, True, NOT_MET, date(2027, 10, 30)),
    ("three years before the abolition, five after it", date(2022, 10, 29), ABOLITION, True,
     NOT_MET, date(2027, 10, 29)),
    ("five years complete on the day of the abolition", date(2020, 10, 30), ABOLITION, True, MET,
     ABOLITION),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "since", "on", "short", "status", "met_on"),
    RESIDENCE_CASES,
    ids=[case[0] for case in RESIDENCE_CASES],
)
def test_residence_counted_in_calendar_years(name, since, on, short, status, met_on):
    given = shortened(residence_since=since) if short else answers(residence_since=since)
    result = quick_check(given, on=on)
    residence = result.prerequisite(RESIDENCE)
    assert residence.status == status
    assert result.residence_met_on == met_on
    assert day(met_on) in english(residence.reason)
    assert day(since) in english(residence.reason)
    assert result.route == (ROUTE_CLAIM if status == MET else ROUTE_DISCRETIONARY)


def test_pending_residence_names_the_day():
    result = quick_check(answers(residence_since=date(2021, 3, 1)), on=date(2026, 2, 28))
    assert english(result.prerequisite(RESIDENCE).reason) == (
        f"You need at least 5 years of lawful, habitual residence in Germany. Counted from "
        f"{day(date(2021, 3, 1))}, they will be complete on {day(date(2026, 3, 1))}. The "
        "prerequisite is met from that day on."
    )
    assert result.authority == DISCRETIONARY_AUTHORITY
    assert english(result.authority) == "Regierung von Mittelfranken"


def test_residence_complete_on_helper():
    assert residence_complete_on(
        since=date(2020, 2, 29), on=TODAY, shortened_route_claimed=False
    ) == date(2025, 3, 1)
    # Three years would end after the abolition: the law of that day asks five.
    assert residence_complete_on(
        since=date(2023, 1, 10), on=date(2025, 6, 1), shortened_route_claimed=True
    ) == date(2028, 1, 10)
    assert residence_complete_on(
        since=date(2022, 1, 10), on=date(2025, 6, 1), shortened_route_claimed=True
    ) == date(2025, 1, 10)


def test_residence_unknown_is_to_check():
    result = quick_check(answers(residence_since=None), on=TODAY)
    residence = result.prerequisite(RESIDENCE)
    assert residence.status == TO_CHECK
    assert result.residence_met_on is None
    assert "at least 5 years" in english(residence.reason)
    assert result.route == ROUTE_CLAIM


@pytest.mark.parametrize("since", [LONG_AGO, None, date(2025, 1, 1)])
def test_no_right_of_residence_is_not_met(since):
    result = quick_check(answers(residence_since=since, has_right_of_residence=False), on=TODAY)
    residence = result.prerequisite(RESIDENCE)
    assert residence.status == NOT_MET
    assert english(residence.reason).startswith("Naturalisation needs a right of residence")
    assert result.route == ROUTE_DISCRETIONARY
    assert result.authority == DISCRETIONARY_AUTHORITY


# --- The shortened route and 30 October 2025 ---------------------------------------------


def test_shortened_route_on_29_october_2025():
    result = quick_check(shortened(residence_since=date(2022, 6, 1)), on=LAST_SHORTENED_DAY)
    residence = result.prerequisite(RESIDENCE)
    assert residence.status == MET
    assert result.residence_met_on == date(2025, 6, 1)
    assert result.shortened_route_note is None
    assert "at least 3 years" in english(residence.reason)
    assert "three years instead of five" in english(residence.reason)
    assert "special integration achievements" in english(residence.proof)
    assert result.route == ROUTE_CLAIM
    german = result.prerequisite(GERMAN)
    assert german.status == MET
    assert "C1 is also one of the conditions" in english(german.reason)


def test_shortened_route_abolished_on_30_october_2025():
    result = quick_check(shortened(residence_since=date(2022, 6, 1)), on=ABOLITION)
    residence = result.prerequisite(RESIDENCE)
    assert residence.status == NOT_MET
    assert result.residence_met_on == date(2027, 6, 1)
    assert "at least 5 years" in english(residence.reason)
    assert "three years instead of five" not in english(residence.reason)
    assert "special integration achievements" not in english(residence.proof)
    assert english(result.shortened_route_note) == english(rules.SHORTENED_ABOLISHED_NOTE)
    assert "30 October 2025" in english(result.shortened_route_note)
    assert "five years" in english(result.shortened_route_note)
    assert result.route == ROUTE_DISCRETIONARY
    assert "conditions for naturalisation after three years" not in english(
        result.prerequisite(GERMAN).reason
    )


def test_abolition_note_also_when_five_years_are_complete():
    result = quick_check(shortened(), on=TODAY)
    assert result.prerequisite(RESIDENCE).status == MET
    assert english(result.shortened_route_note) == english(rules.SHORTENED_ABOLISHED_NOTE)
    assert result.route == ROUTE_CLAIM


@pytest.mark.parametrize("on", [LAST_SHORTENED_DAY, ABOLITION, TODAY])
def test_no_note_without_a_claim(on):
    result = quick_check(answers(german_level="c1"), on=on)
    assert result.shortened_route_note is None


def test_three_years_ending_after_the_abolition_do_not_help():
    since = date(2022, 11, 15)  # three years complete on 2025-11-15
    result = quick_check(shortened(residence_since=since), on=date(2025, 9, 1))
    assert result.prerequisite(RESIDENCE).status == NOT_MET
    assert result.residence_met_on == date(2027, 11, 15)
    note = english(result.shortened_route_note)
    assert day(date(2025, 11, 15)) in note
    assert "30 October 2025" in note
    assert "at least 5 years" in english(result.prerequisite(RESIDENCE).reason)


SHORTENED_CONDITION_CASES = [
    # (name, answers, three years apply)
    ("C1 and secured", shortened(), True),
    ("C2 and secured", shortened(german_level="c2"), True),
    ("B2 only", shortened(german_level="b2"), False),
    ("livelihood not stated", shortened(livelihood_secured=False), False),
    ("benefits", shortened(receives_benefits=True), False),
    ("no special integration", answers(german_level="c1"), False),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "given", "three"),
    SHORTENED_CONDITION_CASES,
    ids=[case[0] for case in SHORTENED_CONDITION_CASES],
)
def test_conditions_of_the_shortened_route(name, given, three):
    since = date(2021, 5, 10)  # three years on 2024-05-10, five on 2026-05-10
    result = quick_check(dataclasses.replace(given, residence_since=since), on=date(2025, 5, 1))
    residence = result.prerequisite(RESIDENCE)
    assert residence.status == (MET if three else NOT_MET)
    assert result.residence_met_on == (date(2024, 5, 10) if three else date(2026, 5, 10))
    if three or not given.special_integration:
        assert result.shortened_route_note is None
    else:
        assert english(result.shortened_route_note) == english(rules.SHORTENED_CONDITIONS_NOTE)


# --- Knowledge of the legal and social order ---------------------------------------------

KNOWLEDGE_CASES = [
    # (name, changes, status, text in the reason, text in the proof)
    ("school certificate", {"knowledge_proof": "school_certificate", "test_score": None}, MET,
     "school-leaving certificate", "school-leaving certificate"),
    ("vocational training", {"knowledge_proof": "training"}, MET, "at least two years",
     "vocational training"),
    ("degree", {"knowledge_proof": "degree"}, MET, "political science", "degree certificate"),
    ("test, 17 of 33", {"test_score": 17}, MET, "You answered 17 of 33", "naturalisation test"),
    ("test, 33 of 33", {"test_score": 33}, MET, "You answered 33 of 33", "naturalisation test"),
    ("test, 16 of 33", {"test_score": 16}, NOT_MET, "At least 17 correct answers",
     "Bildungszentrum"),
    ("test, 0 of 33", {"test_score": 0}, NOT_MET, "You answered 0 of 33", "Bildungszentrum"),
    ("test, no score", {"test_score": None}, NOT_MET, "at least 17 of 33", "Bildungszentrum"),
    ("none", {"knowledge_proof": "none", "test_score": None}, NOT_MET, "at least 17 of 33",
     "Bildungszentrum"),
    ("a score beside a certificate is ignored", {"knowledge_proof": "degree", "test_score": 3},
     MET, "degree", "degree"),
    ("guest worker without proof", {"knowledge_proof": "none", "test_score": None,
     "guest_worker": True}, TO_CHECK, "waives the naturalisation test", "recruitment agreement"),
    ("guest worker, failed test", {"test_score": 10, "guest_worker": True}, TO_CHECK,
     "waives the naturalisation test", "contract worker"),
    ("guest worker with a certificate", {"knowledge_proof": "school_certificate",
     "guest_worker": True}, MET, "school-leaving certificate", "school-leaving certificate"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "changes", "status", "reason", "proof"),
    KNOWLEDGE_CASES,
    ids=[case[0] for case in KNOWLEDGE_CASES],
)
def test_knowledge(name, changes, status, reason, proof):
    result = quick_check(answers(**changes), on=TODAY)
    knowledge = result.prerequisite(KNOWLEDGE)
    assert knowledge.status == status
    assert reason in english(knowledge.reason)
    assert proof in english(knowledge.proof)
    assert result.route == (ROUTE_DISCRETIONARY if status == NOT_MET else ROUTE_CLAIM)
    if status == NOT_MET:
        assert "illness, a disability or your age" in english(knowledge.reason)


# --- German at level B1 --------------------------------------------------------------------

GERMAN_CASES = [
    # (name, changes, status, text in the reason)
    ("certificate B1", {}, MET, "level B1, proved by a language certificate"),
    ("certificate B2", {"german_level": "b2"}, MET, "level B2"),
    ("school C2", {"german_proof": "school", "german_level": "c2"}, MET,
     "general school-leaving certificate"),
    ("training", {"german_proof": "training"}, MET, "vocational training of at least two years"),
    ("degree", {"german_proof": "degree"}, MET, "German-language degree"),
    ("retraining", {"german_proof": "retraining"}, MET, "retraining of at least two years"),
    ("school reports", {"german_proof": "school_reports"}, MET,
     "four annual reports of a German school"),
    # Seed 003: a German school-leaving certificate, training, degree, retraining or
    # four school reports prove the German by themselves; only a certificate by its level.
    ("school A2", {"german_proof": "school", "german_level": "a2"}, MET,
     "this proof is enough by itself"),
    ("training, no level stated", {"german_proof": "training", "german_level": "none"}, MET,
     "this proof is enough by itself"),
    ("school reports A1", {"german_proof": "school_reports", "german_level": "a1"}, MET,
     "enough by itself: four annual reports of a German school"),
    ("certificate A2", {"german_level": "a2"}, NOT_MET, "You need German at level B1"),
    ("certificate A1", {"german_level": "a1"}, NOT_MET, "You need German at level B1"),
    ("no German", {"german_level": "none", "german_proof": "none"}, NOT_MET,
     "language certificate at level B1 or higher"),
    ("C1 without proof", {"german_level": "c1", "german_proof": "none"}, NOT_MET,
     "You need German at level B1"),
    ("guest worker without proof", {"german_level": "a2", "german_proof": "none",
     "guest_worker": True}, TO_CHECK, "spoken German is enough"),
    ("guest worker, no German stated", {"german_level": "none", "german_proof": "none",
     "guest_worker": True}, TO_CHECK, "checks your spoken German"),
    ("guest worker with B1", {"guest_worker": True}, MET, "level B1"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "changes", "status", "reason"), GERMAN_CASES, ids=[case[0] for case in GERMAN_CASES]
)
def test_german(name, changes, status, reason):
    result = quick_check(answers(**changes), on=TODAY)
    german = result.prerequisite(GERMAN)
    assert german.status == status
    assert reason in english(german.reason)
    assert english(german.proof)
    assert result.route == (ROUTE_DISCRETIONARY if status == NOT_MET else ROUTE_CLAIM)
    if status == NOT_MET:
        assert "Bildungszentrum" in english(german.proof)
        assert "illness, a disability or your age" in english(german.reason)


@pytest.mark.parametrize(
    ("level", "on", "mentioned"),
    [
        ("c1", LAST_SHORTENED_DAY, True),
        ("c2", REFORM_IN_FORCE_ON, True),
        ("b2", LAST_SHORTENED_DAY, False),
        ("c1", ABOLITION, False),
        ("c2", TODAY, False),
    ],
)
def test_c1_mentioned_only_while_the_shortened_route_exists(level, on, mentioned):
    german = quick_check(answers(german_level=level), on=on).prerequisite(GERMAN)
    assert german.status == MET
    assert ("C1 is also one of the conditions" in english(german.reason)) is mentioned


# --- Livelihood, conviction, commitment -------------------------------------------------------

OTHER_CASES = [
    # (name, changes, code, status, text in the reason)
    ("livelihood secured", {}, LIVELIHOOD, MET, "from your own means"),
    ("benefits", {"receives_benefits": True, "livelihood_secured": False}, LIVELIHOOD, NOT_MET,
     "SGB II"),
    ("benefits although secured stated", {"receives_benefits": True}, LIVELIHOOD, NOT_MET,
     "none of them applies"),
    ("livelihood not stated", {"livelihood_secured": False}, LIVELIHOOD, TO_CHECK,
     "The office checks your income"),
    ("not convicted", {}, NO_CONVICTION, MET, "not been convicted"),
    ("convicted", {"convicted": True}, NO_CONVICTION, TO_CHECK, "§ 12a StAG"),
    ("commitment", {}, COMMITMENT, MET, "historical responsibility"),
    ("no commitment", {"commitment": False}, COMMITMENT, NOT_MET, "Without it"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "changes", "code", "status", "reason"),
    OTHER_CASES,
    ids=[case[0] for case in OTHER_CASES],
)
def test_other_prerequisites(name, changes, code, status, reason):
    result = quick_check(answers(**changes), on=TODAY)
    prerequisite = result.prerequisite(code)
    assert prerequisite.status == status
    assert reason in english(prerequisite.reason)
    assert english(prerequisite.proof)
    assert result.route == (ROUTE_DISCRETIONARY if status == NOT_MET else ROUTE_CLAIM)


def test_benefits_text():
    """The exceptions of § 10 (1) s. 1 no. 3 StAG, named with the dates of the table."""
    livelihood = quick_check(answers(receives_benefits=True), on=TODAY).prerequisite(LIVELIHOOD)
    assert english(livelihood.reason) == (
        "You receive benefits under SGB II (citizen's income) or SGB XII (social assistance). For "
        "naturalisation by entitlement your livelihood must be secured without them, unless one "
        "of the exceptions of the law applies: you work full time and did so for at least 20 of "
        "the last 24 months; you live with such a spouse or registered partner and a minor child; "
        f"or you came under a recruitment agreement (until {day(date(1974, 6, 30))}) or as a "
        f"contract worker of the GDR (until {day(date(1990, 6, 13))}) and are not responsible "
        "for receiving the benefits. From your answers, none of them applies."
    )
    assert livelihood.legal_basis.startswith("§ 10 Abs. 1 Satz 1 Nr. 3")


# --- Route and authority ----------------------------------------------------------------------


def test_everything_to_check_still_claims():
    result = quick_check(
        answers(
            residence_since=None,
            livelihood_secured=False,
            convicted=True,
            guest_worker=True,
            german_level="none",
            german_proof="none",
            knowledge_proof="none",
            test_score=None,
        ),
        on=TODAY,
    )
    assert set(statuses(result).values()) == {TO_CHECK, MET}
    assert statuses(result)[COMMITMENT] == MET
    assert result.route == ROUTE_CLAIM
    assert result.authority == CLAIM_AUTHORITY


def test_every_not_met_goes_to_the_regierung():
    result = quick_check(
        answers(
            has_right_of_residence=False,
            german_level="a2",
            knowledge_proof="none",
            test_score=None,
            receives_benefits=True,
            commitment=False,
        ),
        on=TODAY,
    )
    assert statuses(result) == {
        IDENTITY: MET,
        RESIDENCE: NOT_MET,
        KNOWLEDGE: NOT_MET,
        GERMAN: NOT_MET,
        LIVELIHOOD: NOT_MET,
        NO_CONVICTION: MET,
        COMMITMENT: NOT_MET,
    }
    assert result.route == ROUTE_DISCRETIONARY
    assert result.authority == DISCRETIONARY_AUTHORITY
    assert rules.ROUTE_LEGAL_BASIS == {"claim": "§ 10 StAG", "discretionary": "§ 8 StAG"}


def test_minor_children_do_not_change_the_check():
    assert quick_check(answers(minor_children=3), on=TODAY) == quick_check(answers(), on=TODAY)


# --- Errors ---------------------------------------------------------------------------------

ERROR_CASES = [
    ("unknown German level", answers(german_level="B1"),
     rules.UNKNOWN_GERMAN_LEVEL.format(value="B1", known=", ".join(GERMAN_LEVELS))),
    ("German level None", answers(german_level=None),
     rules.UNKNOWN_GERMAN_LEVEL.format(value=None, known=", ".join(GERMAN_LEVELS))),
    ("unknown German proof", answers(german_proof="diploma"),
     rules.UNKNOWN_GERMAN_PROOF.format(value="diploma", known=", ".join(GERMAN_PROOFS))),
    ("unknown knowledge proof", answers(knowledge_proof="school"),
     rules.UNKNOWN_KNOWLEDGE_PROOF.format(value="school", known=", ".join(KNOWLEDGE_PROOFS))),
    ("negative test score", answers(test_score=-1),
     rules.TEST_SCORE_INVALID.format(value=-1)),
    ("test score above 33", answers(test_score=34),
     rules.TEST_SCORE_INVALID.format(value=34)),
    ("test score a string", answers(test_score="20"),
     rules.TEST_SCORE_INVALID.format(value="20")),
    ("test score a bool", answers(test_score=True),
     rules.TEST_SCORE_INVALID.format(value=True)),
    ("negative minor children", answers(minor_children=-1),
     rules.CHILDREN_INVALID.format(value=-1)),
    ("minor children a string", answers(minor_children="2"),
     rules.CHILDREN_INVALID.format(value="2")),
    ("minor children a bool", answers(minor_children=False),
     rules.CHILDREN_INVALID.format(value=False)),
    ("residence after the day", answers(residence_since=TODAY + timedelta(days=1)),
     rules.RESIDENCE_AFTER_DAY.format(since=TODAY + timedelta(days=1), on=TODAY)),
    ("residence since a string", answers(residence_since="2015-04-20"),
     rules.NOT_A_DATE.format(fact="residence_since", value="2015-04-20")),
    ("residence since a datetime", answers(residence_since=NOW),
     rules.NOT_A_DATE.format(fact="residence_since", value=NOW)),
    ("a bool answer as text", answers(convicted="no"),
     rules.NOT_A_BOOL.format(fact="convicted", value="no")),
    ("a bool answer missing", answers(commitment=None),
     rules.NOT_A_BOOL.format(fact="commitment", value=None)),
    ("not answers", {"residence_since": LONG_AGO},
     rules.NOT_ANSWERS.format(value={"residence_since": LONG_AGO})),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "given", "message"), ERROR_CASES, ids=[case[0] for case in ERROR_CASES]
)
def test_quick_check_errors(name, given, message):
    with pytest.raises(NaturalisationRuleError) as error:
        quick_check(given, on=TODAY)
    assert str(error.value) == message
    assert isinstance(error.value, ValueError)


@pytest.mark.parametrize("on", ["2026-03-01", NOW, None, 20260301])
def test_quick_check_day_must_be_a_date(on):
    with pytest.raises(NaturalisationRuleError) as error:
        quick_check(answers(), on=on)
    assert str(error.value) == rules.NOT_A_DATE.format(fact="on", value=on)


# --- Issue 17, item 7: identity and nationality clarified (§ 10 (1) s. 1, § 8 (1) StAG) ----


@pytest.mark.parametrize(
    ("answer", "status", "route", "text"),
    [
        ("yes", MET, ROUTE_CLAIM, "are clarified"),
        ("unsure", TO_CHECK, ROUTE_CLAIM, "The office checks your documents"),
        ("no", NOT_MET, rules.ROUTE_NONE, "You stated that they are not"),
    ],
)
def test_identity_and_nationality(answer, status, route, text):
    result = quick_check(answers(identity_clarified=answer), on=TODAY)
    identity = result.prerequisite(IDENTITY)
    assert identity.status == status
    assert text in english(identity.reason)
    assert "passport" in english(identity.proof)
    assert result.route == route
    if route == rules.ROUTE_NONE:
        assert result.authority is None
        (reason,) = result.no_route_reasons
        assert "Neither route is open" in english(reason)
        assert "§ 8 (1) StAG" in english(reason)
    else:
        assert result.no_route_reasons == ()


def test_identity_not_clarified_closes_the_discretionary_route_too():
    """Both §§ 8 and 10 need it: not 'discretionary' even when other things fail too."""
    result = quick_check(answers(identity_clarified="no", commitment=False), on=TODAY)
    assert result.route == rules.ROUTE_NONE
    assert statuses(result)[COMMITMENT] == NOT_MET


# --- Issue 17, item 1: the exceptions of § 10 (1) s. 1 no. 3 StAG ----------------------------


def benefits(**changes):
    """Receives SGB II / XII benefits; none of the exceptions unless changed."""
    base = {
        "receives_benefits": True,
        "livelihood_secured": False,
        "full_time_employed": False,
        "full_time_months": None,
        "partner_full_time": False,
        "lives_with_minor_child": None,
        "benefits_beyond_control": None,
    }
    return answers(**{**base, **changes})


LIVELIHOOD_CASES = [
    # (name, answers, status, route, text in the reason)
    ("no exception", benefits(), NOT_MET, ROUTE_DISCRETIONARY, "none of them applies"),
    ("(b) full time for 20 of 24 months", benefits(full_time_employed=True, full_time_months=20),
     MET, ROUTE_CLAIM, "did so for 20 of the last 24 months"),
    ("(b) full time for all 24 months", benefits(full_time_employed=True, full_time_months=24),
     MET, ROUTE_CLAIM, "24 of the last 24 months"),
    ("(b) 19 months are one too few", benefits(full_time_employed=True, full_time_months=19),
     NOT_MET, ROUTE_DISCRETIONARY, "none of them applies"),
    ("(b) 20 months, but not full time now", benefits(full_time_employed=False,
     full_time_months=20), NOT_MET, ROUTE_DISCRETIONARY, "none of them applies"),
    ("(c) spouse in full time and a minor child", benefits(partner_full_time=True,
     lives_with_minor_child=True), MET, ROUTE_CLAIM, "and with a minor child"),
    ("(c) spouse in full time, but no minor child", benefits(partner_full_time=True,
     lives_with_minor_child=False), NOT_MET, ROUTE_DISCRETIONARY, "none of them applies"),
    ("(a) guest worker, not responsible", benefits(guest_worker=True,
     benefits_beyond_control=True), TO_CHECK, ROUTE_CLAIM, "not responsible for receiving"),
    ("(a) guest worker, responsible", benefits(guest_worker=True, benefits_beyond_control=False),
     NOT_MET, ROUTE_DISCRETIONARY, "none of them applies"),
    ("(a) not responsible, but no guest worker", benefits(benefits_beyond_control=True),
     NOT_MET, ROUTE_DISCRETIONARY, "none of them applies"),
    ("no benefits, secured", answers(full_time_employed=None), MET, ROUTE_CLAIM,
     "from your own means"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "given", "status", "route", "text"),
    LIVELIHOOD_CASES,
    ids=[case[0] for case in LIVELIHOOD_CASES],
)
def test_livelihood_exceptions(name, given, status, route, text):
    result = quick_check(given, on=TODAY)
    livelihood = result.prerequisite(LIVELIHOOD)
    assert livelihood.status == status
    assert text in english(livelihood.reason)
    assert english(livelihood.proof)
    assert result.route == route


@pytest.mark.parametrize(
    ("on", "has_row"),
    [(REFORM_IN_FORCE_ON - timedelta(days=1), False), (REFORM_IN_FORCE_ON, True)],
)
def test_the_exceptions_apply_from_27_june_2024(on, has_row):
    given = benefits(full_time_employed=True, full_time_months=20, residence_since=date(2015, 1, 1))
    if has_row:
        assert quick_check(given, on=on).prerequisite(LIVELIHOOD).status == MET
        assert rules.livelihood_rule_on(on).full_time_months == 20
    else:
        with pytest.raises(NaturalisationRuleError):
            rules.livelihood_rule_on(on)


def test_the_shortened_route_still_needs_a_livelihood_without_benefits():
    result = quick_check(
        shortened(
            receives_benefits=True,
            full_time_employed=True,
            full_time_months=24,
            residence_since=date(2022, 6, 1),
        ),
        on=LAST_SHORTENED_DAY,
    )
    assert result.prerequisite(LIVELIHOOD).status == MET
    assert result.prerequisite(RESIDENCE).status == NOT_MET  # five years, not three
    assert english(result.shortened_route_note) == english(rules.SHORTENED_CONDITIONS_NOTE)


# --- Issue 17, item 2: convictions, § 10 (1) s. 1 no. 5, § 12a and § 8 (1) no. 2 StAG -------


def convicted(**changes):
    base = {
        "convicted": True,
        "hate_motive": False,
        "serious_sentence": False,
        "fine_daily_rates": 0,
        "suspended_prison_months": 0,
        "measure_ordered": False,
    }
    return answers(**{**base, **changes})


CONVICTION_CASES = [
    # (name, answers, status, route, text in the reason)
    ("only juvenile measures", convicted(), MET, ROUTE_CLAIM, "juvenile criminal law"),
    ("a fine of 90 daily rates", convicted(fine_daily_rates=90), MET, ROUTE_CLAIM,
     "add up to 90 days"),
    ("a fine of 91 daily rates: case by case", convicted(fine_daily_rates=91), TO_CHECK,
     ROUTE_CLAIM, "slightly above the 90 days"),
    ("111 daily rates: still case by case", convicted(fine_daily_rates=111), TO_CHECK,
     ROUTE_CLAIM, "decides individually"),
    ("112 daily rates: counts, neither route", convicted(fine_daily_rates=112), NOT_MET,
     rules.ROUTE_NONE, "well above the 90 days"),
    ("3 months suspended and remitted", convicted(suspended_prison_months=3), MET,
     ROUTE_CLAIM, "add up to 90 days"),
    ("4 months suspended: counts", convicted(suspended_prison_months=4), NOT_MET,
     rules.ROUTE_NONE, "add up to 120 days"),
    ("added up: 60 daily rates and 1 month", convicted(fine_daily_rates=60,
     suspended_prison_months=1), MET, ROUTE_CLAIM, "add up to 90 days"),
    ("added up: 61 daily rates and 1 month", convicted(fine_daily_rates=61,
     suspended_prison_months=1), TO_CHECK, ROUTE_CLAIM, "add up to 91 days"),
    ("added up: 90 daily rates and 2 months", convicted(fine_daily_rates=90,
     suspended_prison_months=2), NOT_MET, rules.ROUTE_NONE, "add up to 150 days"),
    ("a hate motive always counts", convicted(hate_motive=True, fine_daily_rates=10), NOT_MET,
     rules.ROUTE_NONE, "always counts"),
    ("youth penalty or unsuspended prison", convicted(serious_sentence=True), NOT_MET,
     rules.ROUTE_NONE, "never disregarded"),
    ("a measure of § 61 no. 5 StGB: case by case", convicted(fine_daily_rates=30,
     measure_ordered=True), TO_CHECK, ROUTE_CLAIM, "withdrew your driving licence"),
    ("convicted without details", answers(convicted=True), TO_CHECK, ROUTE_CLAIM, "§ 12a StAG"),
    ("not convicted", answers(), MET, ROUTE_CLAIM, "not been convicted"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "given", "status", "route", "text"),
    CONVICTION_CASES,
    ids=[case[0] for case in CONVICTION_CASES],
)
def test_conviction_thresholds(name, given, status, route, text):
    result = quick_check(given, on=TODAY)
    conviction = result.prerequisite(NO_CONVICTION)
    assert conviction.status == status
    assert text in english(conviction.reason)
    assert result.route == route
    if route == rules.ROUTE_NONE:
        assert result.authority is None
        (reason,) = result.no_route_reasons
        reason = english(reason)
        for phrase in (
            "neither route is open for now",
            "§ 8 (1) no. 2 StAG",
            "§ 8 (2) StAG",
            "Federal Central Criminal Register",
        ):
            assert phrase in reason
    else:
        assert result.no_route_reasons == ()


def test_a_hate_motive_cites_section_12a_1_sentence_2():
    conviction = quick_check(convicted(hate_motive=True), on=TODAY).prerequisite(NO_CONVICTION)
    assert conviction.legal_basis == "§ 12a Abs. 1 Satz 2 StAG"


def test_both_closed_routes_are_named():
    result = quick_check(convicted(serious_sentence=True, identity_clarified="no"), on=TODAY)
    assert result.route == rules.ROUTE_NONE
    assert len(result.no_route_reasons) == 2


def test_other_failures_with_a_conviction_that_is_disregarded_keep_the_discretionary_route():
    result = quick_check(convicted(fine_daily_rates=40, commitment=False), on=TODAY)
    assert result.route == ROUTE_DISCRETIONARY
    assert result.authority == DISCRETIONARY_AUTHORITY


# --- Issue 17, item 8: the dated tables ----------------------------------------------------


def test_every_table_is_contiguous_from_the_reform():
    from portal.validity import gaps_and_overlaps

    for name, table in rules.TABLES.items():
        assert gaps_and_overlaps(table) == [], name
        assert min(row.valid_from for row in table) == REFORM_IN_FORCE_ON, name
        assert all(row.legal_basis for row in table), name


@pytest.mark.parametrize(
    ("on", "c1"),
    [(REFORM_IN_FORCE_ON, "c1"), (LAST_SHORTENED_DAY, "c1"), (ABOLITION, None), (TODAY, None)],
)
def test_language_and_test_marks_by_day(on, c1):
    rule = rules.integration_rule_on(on)
    assert (rule.german_level, rule.test_pass_mark, rule.test_questions) == ("b1", 17, 33)
    assert rule.shortened_german_level == c1


@pytest.mark.parametrize(
    "lookup",
    [rules.integration_rule_on, rules.livelihood_rule_on, rules.commitment_rule_on,
     rules.conviction_rule_on],
)  # fmt: skip
def test_no_row_before_the_reform(lookup):
    before = REFORM_IN_FORCE_ON - timedelta(days=1)
    with pytest.raises(NaturalisationRuleError) as error:
        lookup(before)
    assert "27 June 2024" in str(error.value)
    assert lookup(REFORM_IN_FORCE_ON).valid_from == REFORM_IN_FORCE_ON


def test_conviction_thresholds_of_the_table():
    rule = rules.conviction_rule_on(TODAY)
    assert (rule.fine_daily_rates, rule.suspended_prison_months, rule.days_per_month) == (
        90,
        3,
        30,
    )
    assert rule.slight_excess_days == 21


NEW_ERROR_CASES = [
    ("unknown identity answer", answers(identity_clarified=True),
     rules.UNKNOWN_IDENTITY.format(value=True, known="yes, no, unsure")),
    ("months above 24", benefits(full_time_months=25), rules.MONTHS_INVALID.format(value=25)),
    ("months negative", benefits(full_time_months=-1), rules.MONTHS_INVALID.format(value=-1)),
    ("daily rates a string", convicted(fine_daily_rates="90"),
     rules.COUNT_INVALID.format(fact="fine_daily_rates", value="90")),
    ("prison months negative", convicted(suspended_prison_months=-1),
     rules.COUNT_INVALID.format(fact="suspended_prison_months", value=-1)),
    ("an optional flag as text", convicted(hate_motive="no"),
     rules.OPTIONAL_NOT_A_BOOL.format(fact="hate_motive", value="no")),
    ("more children with income than children",
     answers(minor_children=1, minor_children_with_income=2),
     rules.CHILDREN_WITH_INCOME_INVALID.format(children=1, value=2)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "given", "message"), NEW_ERROR_CASES, ids=[case[0] for case in NEW_ERROR_CASES]
)
def test_quick_check_errors_of_the_new_answers(name, given, message):
    with pytest.raises(NaturalisationRuleError) as error:
        quick_check(given, on=TODAY)
    assert str(error.value) == message


# --- When the claim opens: § 10 Abs. 1 Satz 1 StAG, five years of residence -----------------

CLAIM_OPENS_CASES = [
    # (name, changes, on, opens on)
    ("all met: open now, no day to wait for", {}, TODAY, None),
    ("only the residence: the day the five years are complete",
     {"residence_since": date(2022, 9, 1)}, TODAY, date(2027, 9, 1)),
    ("from 29 February: on 1 March of a common year",
     {"residence_since": date(2024, 2, 29)}, TODAY, date(2029, 3, 1)),
    ("the residence and German: time alone does not open it",
     {"residence_since": date(2022, 9, 1), "german_level": "a2"}, TODAY, None),
    ("the residence and the test: time alone does not open it",
     {"residence_since": date(2022, 9, 1), "test_score": 12}, TODAY, None),
    ("no right of residence: no day is known",
     {"residence_since": date(2022, 9, 1), "has_right_of_residence": False}, TODAY, None),
    ("no right of residence, years complete: still no day",
     {"has_right_of_residence": False}, TODAY, None),
    ("start unknown: to be checked, no day",
     {"residence_since": None}, TODAY, None),
    ("German missing, residence complete: no day", {"german_proof": "none"}, TODAY, None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "changes", "on", "opens_on"),
    CLAIM_OPENS_CASES,
    ids=[case[0] for case in CLAIM_OPENS_CASES],
)
def test_claim_route_opens_on(name, changes, on, opens_on):
    result = quick_check(answers(**changes), on=on)
    assert rules.claim_route_opens_on(result) == opens_on
    assert result.claim_opens_on == opens_on
    if opens_on is None:
        assert result.claim_opens_text is None
    else:
        assert [item.code for item in result.not_met] == [RESIDENCE]
        assert english(result.claim_opens_text) == (
            f"Your residence period will be complete on {day(opens_on)}. If nothing else "
            "changes, you can then be naturalised by entitlement (§ 10 StAG)."
        )


def test_every_prerequisite_has_a_title():
    result = quick_check(answers(), on=TODAY)
    titles = [english(item.title) for item in result.prerequisites]
    assert len(set(titles)) == len(PREREQUISITE_CODES)
    assert titles[1] == "Years of lawful residence"
