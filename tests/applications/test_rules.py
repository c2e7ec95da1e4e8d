"""Deadlines, document lists and reference codes of a residence-permit request (seeds 001, 002)."""

from __future__ import annotations

import dataclasses
import itertools
import re
from datetime import date, datetime, timedelta

import pytest
from django.utils import translation
from django.utils.formats import date_format

from applications import rules
from applications.purposes import PURPOSES, UnknownPurposeError
from applications.rules import (
    EFFECTS,
    ENTRY_EU_TITLE,
    ENTRY_NATIONAL_VISA,
    ENTRY_SCHENGEN_VISA,
    ENTRY_VISA_EXEMPT,
    KIND_CHANGE,
    KIND_ISSUE,
    KIND_RENEWAL,
    KINDS,
    DeadlineError,
    DeadlineResult,
    DocumentsError,
    application_deadline,
    required_documents,
)

# --- Deadlines ------------------------------------------------------------------

LAST_DAY = date(2026, 3, 31)  # last day of validity of a title or visa
BEFORE = LAST_DAY - timedelta(days=1)
AFTER = LAST_DAY + timedelta(days=1)
ENTRY = date(2026, 1, 10)
NINETIETH = date(2026, 4, 10)  # 21 days of January, 28, 31, 10
CONTINUES = "§ 81 Abs. 4 Satz 1 AufenthG"
SCHENGEN = "§ 81 Abs. 4 Satz 2 AufenthG"
HARDSHIP = "§ 81 Abs. 4 Satz 3 AufenthG"
PERMITTED = "§ 81 Abs. 3 Satz 1 AufenthG"
SUSPENDED = "§ 81 Abs. 3 Satz 2 AufenthG"
CONDITIONS = "§ 12 Abs. 2 AufenthG"
EXPIRED = "§ 51 Abs. 1 Nr. 1 AufenthG"

NATIONAL = {"entry_type": ENTRY_NATIONAL_VISA, "entry_date": ENTRY}
SCHENGEN_VISA = {"entry_type": ENTRY_SCHENGEN_VISA, "entry_date": ENTRY}

DEADLINE_CASES = [
    # Renewal: on time through the title's last day; then it continues (§ 81 (4) 1).
    ("renewal, day before", {"kind": KIND_RENEWAL, "filed_on": BEFORE,
     "current_title_valid_until": LAST_DAY}, True, LAST_DAY, "title_continues", CONTINUES),
    ("renewal, last day", {"kind": KIND_RENEWAL, "filed_on": LAST_DAY,
     "current_title_valid_until": LAST_DAY}, True, LAST_DAY, "title_continues", CONTINUES),
    ("renewal, a day late", {"kind": KIND_RENEWAL, "filed_on": AFTER,
     "current_title_valid_until": LAST_DAY}, False, LAST_DAY, "none", HARDSHIP),
    ("renewal, entry facts are checked but do not count", {"kind": KIND_RENEWAL,
     "filed_on": LAST_DAY, "current_title_valid_until": LAST_DAY,
     "entry_type": ENTRY_NATIONAL_VISA, "entry_date": date(2025, 1, 10),
     "visa_valid_until": date(2025, 6, 30)}, True, LAST_DAY, "title_continues", CONTINUES),
    # Change of conditions: the title must still be valid; it stays valid by itself.
    ("change, last day", {"kind": KIND_CHANGE, "filed_on": LAST_DAY,
     "current_title_valid_until": LAST_DAY}, True, LAST_DAY, "none", CONDITIONS),
    ("change, a day late", {"kind": KIND_CHANGE, "filed_on": AFTER,
     "current_title_valid_until": LAST_DAY}, False, LAST_DAY, "none", EXPIRED),
    # Issue after entry with a national visa: as a renewal, with the visa's last day.
    ("national visa, last day", {"kind": KIND_ISSUE, "filed_on": LAST_DAY, **NATIONAL,
     "visa_valid_until": LAST_DAY}, True, LAST_DAY, "title_continues", CONTINUES),
    ("national visa, no entry date", {"kind": KIND_ISSUE, "filed_on": LAST_DAY,
     "entry_type": ENTRY_NATIONAL_VISA, "visa_valid_until": LAST_DAY}, True, LAST_DAY,
     "title_continues", CONTINUES),
    ("national visa, a day late", {"kind": KIND_ISSUE, "filed_on": AFTER, **NATIONAL,
     "visa_valid_until": LAST_DAY}, False, LAST_DAY, "none", HARDSHIP),
    # Schengen visa: same deadline, but no continuation (§ 81 (4) 2).
    ("Schengen visa, last day", {"kind": KIND_ISSUE, "filed_on": LAST_DAY, **SCHENGEN_VISA,
     "visa_valid_until": LAST_DAY}, True, LAST_DAY, "none", SCHENGEN),
    ("Schengen visa, a day late", {"kind": KIND_ISSUE, "filed_on": AFTER, **SCHENGEN_VISA,
     "visa_valid_until": LAST_DAY}, False, LAST_DAY, "none", SCHENGEN),
    # Without a visa or with a title of another EU state: 90 days after the day of entry.
    ("visa exempt, day of entry", {"kind": KIND_ISSUE, "filed_on": ENTRY,
     "entry_type": ENTRY_VISA_EXEMPT, "entry_date": ENTRY}, True, NINETIETH,
     "stay_deemed_permitted", PERMITTED),
    ("visa exempt, 90th day", {"kind": KIND_ISSUE, "filed_on": NINETIETH,
     "entry_type": ENTRY_VISA_EXEMPT, "entry_date": ENTRY}, True, NINETIETH,
     "stay_deemed_permitted", PERMITTED),
    ("visa exempt, 91st day", {"kind": KIND_ISSUE, "filed_on": NINETIETH + timedelta(days=1),
     "entry_type": ENTRY_VISA_EXEMPT, "entry_date": ENTRY}, False, NINETIETH,
     "deportation_suspended", SUSPENDED),
    ("EU title, 90th day", {"kind": KIND_ISSUE, "filed_on": NINETIETH,
     "entry_type": ENTRY_EU_TITLE, "entry_date": ENTRY}, True, NINETIETH,
     "stay_deemed_permitted", PERMITTED),
    ("EU title, 91st day", {"kind": KIND_ISSUE, "filed_on": NINETIETH + timedelta(days=1),
     "entry_type": ENTRY_EU_TITLE, "entry_date": ENTRY}, False, NINETIETH,
     "deportation_suspended", SUSPENDED),
    ("leap year: 90 days after 1 January 2028", {"kind": KIND_ISSUE,
     "filed_on": date(2028, 3, 31), "entry_type": ENTRY_VISA_EXEMPT,
     "entry_date": date(2028, 1, 1)}, True, date(2028, 3, 31), "stay_deemed_permitted",
     PERMITTED),
    ("over a year end", {"kind": KIND_ISSUE, "filed_on": date(2027, 3, 1),
     "entry_type": ENTRY_EU_TITLE, "entry_date": date(2026, 12, 1)}, True,
     date(2027, 3, 1), "stay_deemed_permitted", PERMITTED),
    # Issue while holding a title (change of purpose): "Erteilung eines anderen
    # Aufenthaltstitels", § 81 (4) 1, whatever the entry long ago.
    ("other title, last day", {"kind": KIND_ISSUE, "filed_on": LAST_DAY,
     "current_title_valid_until": LAST_DAY}, True, LAST_DAY, "title_continues", CONTINUES),
    ("other title, entered with an old visa", {"kind": KIND_ISSUE, "filed_on": LAST_DAY,
     "entry_type": ENTRY_NATIONAL_VISA, "entry_date": date(2024, 1, 10),
     "visa_valid_until": date(2024, 6, 30), "current_title_valid_until": LAST_DAY},
     True, LAST_DAY, "title_continues", CONTINUES),
    ("other title, a day late", {"kind": KIND_ISSUE, "filed_on": AFTER,
     "entry_type": ENTRY_VISA_EXEMPT, "entry_date": ENTRY,
     "current_title_valid_until": LAST_DAY}, False, LAST_DAY, "none", HARDSHIP),
]  # fmt: skip


@pytest.mark.parametrize(
    ("facts", "on_time", "deadline", "effect", "legal_basis"),
    [case[1:] for case in DEADLINE_CASES],
    ids=[case[0] for case in DEADLINE_CASES],
)
def test_deadline(facts, on_time, deadline, effect, legal_basis):
    result = application_deadline(**facts)
    assert isinstance(result, DeadlineResult)
    assert (result.on_time, result.deadline, result.effect, result.legal_basis) == (
        on_time,
        deadline,
        effect,
        legal_basis,
    )
    assert result.effect in EFFECTS


def test_every_effect_occurs():
    effects = {application_deadline(**case[1]).effect for case in DEADLINE_CASES}
    assert effects == set(EFFECTS)


@pytest.mark.parametrize(
    ("facts", "phrases"),
    [
        (
            {"kind": KIND_RENEWAL, "filed_on": LAST_DAY, "current_title_valid_until": LAST_DAY},
            ["before your residence permit expires on {until}", "continues to apply"],
        ),
        (
            {"kind": KIND_RENEWAL, "filed_on": AFTER, "current_title_valid_until": LAST_DAY},
            ["expired on {until}", "does not continue", "undue hardship", "still submit"],
        ),
        (
            {"kind": KIND_CHANGE, "filed_on": LAST_DAY, "current_title_valid_until": LAST_DAY},
            ["valid until {until}", "current conditions apply"],
        ),
        (
            {"kind": KIND_CHANGE, "filed_on": AFTER, "current_title_valid_until": LAST_DAY},
            ["expired on {until}", "you need a new residence permit", "can still be submitted"],
        ),
        (
            {"kind": KIND_ISSUE, "filed_on": LAST_DAY, **NATIONAL, "visa_valid_until": LAST_DAY},
            ["while your visa is valid (until {until})", "continues to apply"],
        ),
        (
            {"kind": KIND_ISSUE, "filed_on": AFTER, **NATIONAL, "visa_valid_until": LAST_DAY},
            ["visa expired on {until}", "undue hardship", "still submit"],
        ),
        (
            {"kind": KIND_ISSUE, "filed_on": LAST_DAY, **SCHENGEN_VISA,
             "visa_valid_until": LAST_DAY},
            ["Schengen visa does not continue", "after {until}", "contact the office"],
        ),
        (
            {"kind": KIND_ISSUE, "filed_on": AFTER, **SCHENGEN_VISA, "visa_valid_until": LAST_DAY},
            ["expired on {until}", "does not give you a right to stay", "still submit"],
        ),
        (
            {"kind": KIND_ISSUE, "filed_on": NINETIETH, "entry_type": ENTRY_VISA_EXEMPT,
             "entry_date": ENTRY},
            ["within 90 days of your entry on {entry}", "at the latest on {deadline}",
             "counts as permitted"],
        ),
        (
            {"kind": KIND_ISSUE, "filed_on": AFTER + timedelta(days=30),
             "entry_type": ENTRY_EU_TITLE, "entry_date": ENTRY},
            ["entry on {entry} ended on {deadline}", "not be deported", "still submit"],
        ),
    ],
)  # fmt: skip
def test_explanation_in_plain_language(facts, phrases):
    result = application_deadline(**facts)
    with translation.override("en"):
        text = str(result.explanation)
        dates = {
            "until": date_format(LAST_DAY, "DATE_FORMAT"),
            "entry": date_format(ENTRY, "DATE_FORMAT"),
            "deadline": date_format(NINETIETH, "DATE_FORMAT"),
        }
    for phrase in phrases:
        assert phrase.format(**dates) in text
    assert "{" not in text


def test_explanation_is_rendered_in_the_language_of_the_page():
    """The result is computed once; its text and dates follow the active language."""
    result = application_deadline(
        kind=KIND_RENEWAL, filed_on=LAST_DAY, current_title_valid_until=LAST_DAY
    )
    with translation.override("en"):
        english = str(result.explanation)
    with translation.override("de"):
        german = str(result.explanation)
    assert "31.03.2026" in english  # English dates as day.month.year (portal/formats/en)
    assert "31. März 2026" in german


def test_deadline_result_is_frozen():
    result = application_deadline(
        kind=KIND_RENEWAL, filed_on=LAST_DAY, current_title_valid_until=LAST_DAY
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.on_time = False


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        ({"kind": "extension", "filed_on": LAST_DAY},
         rules.UNKNOWN_KIND.format(kind="extension", known=", ".join(KINDS))),
        ({"kind": KIND_ISSUE, "filed_on": LAST_DAY, "entry_type": "by_boat",
          "entry_date": ENTRY},
         rules.UNKNOWN_ENTRY_TYPE.format(entry_type="by_boat",
                                         known=", ".join(rules.ENTRY_TYPES))),
        ({"kind": KIND_RENEWAL, "filed_on": datetime(2026, 3, 31, 12, 0),
          "current_title_valid_until": LAST_DAY},
         rules.NOT_A_DATE.format(fact="filed_on", value=datetime(2026, 3, 31, 12, 0))),
        ({"kind": KIND_RENEWAL, "filed_on": "2026-03-31", "current_title_valid_until": LAST_DAY},
         rules.NOT_A_DATE.format(fact="filed_on", value="2026-03-31")),
        ({"kind": KIND_ISSUE, "filed_on": LAST_DAY, "entry_type": ENTRY_VISA_EXEMPT,
          "entry_date": "2026-01-10"},
         rules.NOT_A_DATE.format(fact="entry_date", value="2026-01-10")),
        ({"kind": KIND_ISSUE, "filed_on": LAST_DAY, "entry_type": ENTRY_NATIONAL_VISA,
          "visa_valid_until": 20260331},
         rules.NOT_A_DATE.format(fact="visa_valid_until", value=20260331)),
        ({"kind": KIND_RENEWAL, "filed_on": LAST_DAY, "current_title_valid_until": "soon"},
         rules.NOT_A_DATE.format(fact="current_title_valid_until", value="soon")),
        ({"kind": KIND_RENEWAL, "filed_on": LAST_DAY},
         rules.CURRENT_TITLE_MISSING.format(kind=KIND_RENEWAL)),
        ({"kind": KIND_RENEWAL, "filed_on": LAST_DAY, **NATIONAL, "visa_valid_until": LAST_DAY},
         rules.CURRENT_TITLE_MISSING.format(kind=KIND_RENEWAL)),
        ({"kind": KIND_CHANGE, "filed_on": LAST_DAY},
         rules.CURRENT_TITLE_MISSING.format(kind=KIND_CHANGE)),
        ({"kind": KIND_ISSUE, "filed_on": LAST_DAY}, rules.ENTRY_TYPE_MISSING),
        ({"kind": KIND_ISSUE, "filed_on": LAST_DAY, "entry_date": ENTRY},
         rules.ENTRY_TYPE_MISSING),
        ({"kind": KIND_ISSUE, "filed_on": LAST_DAY, **NATIONAL},
         rules.VISA_VALIDITY_MISSING.format(entry_type=ENTRY_NATIONAL_VISA)),
        ({"kind": KIND_ISSUE, "filed_on": LAST_DAY, **SCHENGEN_VISA},
         rules.VISA_VALIDITY_MISSING.format(entry_type=ENTRY_SCHENGEN_VISA)),
        ({"kind": KIND_ISSUE, "filed_on": LAST_DAY, "entry_type": ENTRY_VISA_EXEMPT},
         rules.ENTRY_DATE_MISSING.format(entry_type=ENTRY_VISA_EXEMPT)),
        ({"kind": KIND_ISSUE, "filed_on": LAST_DAY, "entry_type": ENTRY_EU_TITLE},
         rules.ENTRY_DATE_MISSING.format(entry_type=ENTRY_EU_TITLE)),
        ({"kind": KIND_ISSUE, "filed_on": ENTRY - timedelta(days=1),
          "entry_type": ENTRY_VISA_EXEMPT, "entry_date": ENTRY},
         rules.FILED_BEFORE_ENTRY.format(filed_on=ENTRY - timedelta(days=1), entry_date=ENTRY)),
        ({"kind": KIND_RENEWAL, "filed_on": ENTRY - timedelta(days=1), "entry_date": ENTRY,
          "entry_type": ENTRY_VISA_EXEMPT, "current_title_valid_until": LAST_DAY},
         rules.FILED_BEFORE_ENTRY.format(filed_on=ENTRY - timedelta(days=1), entry_date=ENTRY)),
        ({"kind": KIND_ISSUE, "filed_on": LAST_DAY, "entry_type": ENTRY_NATIONAL_VISA,
          "entry_date": AFTER, "visa_valid_until": LAST_DAY},
         rules.FILED_BEFORE_ENTRY.format(filed_on=LAST_DAY, entry_date=AFTER)),
        ({"kind": KIND_ISSUE, "filed_on": AFTER, "entry_type": ENTRY_SCHENGEN_VISA,
          "entry_date": AFTER, "visa_valid_until": LAST_DAY},
         rules.ENTRY_AFTER_VISA.format(entry_date=AFTER, until=LAST_DAY)),
        ({"kind": KIND_ISSUE, "filed_on": LAST_DAY, "entry_type": ENTRY_VISA_EXEMPT,
          "entry_date": ENTRY, "visa_valid_until": LAST_DAY},
         rules.VISA_WITHOUT_VISA_ENTRY.format(entry_type=ENTRY_VISA_EXEMPT)),
        ({"kind": KIND_ISSUE, "filed_on": LAST_DAY, "entry_type": ENTRY_EU_TITLE,
          "entry_date": ENTRY, "visa_valid_until": LAST_DAY},
         rules.VISA_WITHOUT_VISA_ENTRY.format(entry_type=ENTRY_EU_TITLE)),
        ({"kind": KIND_ISSUE, "filed_on": LAST_DAY, "visa_valid_until": LAST_DAY},
         rules.VISA_WITHOUT_VISA_ENTRY.format(entry_type=None)),
    ],
)  # fmt: skip
def test_deadline_errors(facts, message):
    with pytest.raises(DeadlineError, match=f"^{re.escape(message)}$"):
        application_deadline(**facts)


def test_deadline_error_is_a_value_error():
    assert issubclass(DeadlineError, ValueError)


# --- A child born in Germany (§ 81 Abs. 2 Satz 2 with § 33 AufenthG) ----------------

BORN = rules.ENTRY_BORN_IN_GERMANY
BORN_ON_TIME = "§ 81 Abs. 2 Satz 2, Abs. 3 Satz 1 AufenthG"
BORN_LATE = "§ 81 Abs. 2 Satz 2, Abs. 3 Satz 2 AufenthG"

NEWBORN_CASES = [
    # (name, birth date, filed on, on time, deadline)
    ("born mid-month, last day", date(2026, 1, 15), date(2026, 7, 15), True, date(2026, 7, 15)),
    ("born mid-month, a day late", date(2026, 1, 15), date(2026, 7, 16), False,
     date(2026, 7, 15)),
    ("filed on the day of birth", date(2026, 1, 15), date(2026, 1, 15), True, date(2026, 7, 15)),
    ("born on 31 August: the period ends on 28 February", date(2026, 8, 31), date(2027, 2, 28),
     True, date(2027, 2, 28)),
    ("born on 31 August: 1 March is late", date(2026, 8, 31), date(2027, 3, 1), False,
     date(2027, 2, 28)),
    ("born on 31 August 2027: 29 February 2028 in the leap year", date(2027, 8, 31),
     date(2028, 2, 29), True, date(2028, 2, 29)),
    ("born on 29 February: ends on 29 August", date(2028, 2, 29), date(2028, 8, 29), True,
     date(2028, 8, 29)),
    ("born on 31 December: ends on 30 June", date(2026, 12, 31), date(2027, 6, 30), True,
     date(2027, 6, 30)),
    ("born on 31 December: 1 July is late", date(2026, 12, 31), date(2027, 7, 1), False,
     date(2027, 6, 30)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "born", "filed_on", "on_time", "deadline"),
    NEWBORN_CASES,
    ids=[case[0] for case in NEWBORN_CASES],
)
def test_a_child_born_in_germany_applies_within_six_months(name, born, filed_on, on_time, deadline):
    result = application_deadline(
        kind=KIND_ISSUE, filed_on=filed_on, entry_type=BORN, birth_date=born
    )
    assert (result.on_time, result.deadline) == (on_time, deadline)
    if on_time:
        assert (result.effect, result.legal_basis) == ("stay_deemed_permitted", BORN_ON_TIME)
    else:
        assert (result.effect, result.legal_basis) == ("deportation_suspended", BORN_LATE)
    with translation.override("en"):
        text = str(result.explanation)
        assert date_format(born, "DATE_FORMAT") in text
        assert date_format(deadline, "DATE_FORMAT") in text
    assert ("within six months of the birth" in text) is on_time
    assert ("six months for the application ended" in text) is not on_time
    assert "{" not in text


def test_a_child_born_in_germany_with_a_title_is_judged_by_the_title():
    result = application_deadline(
        kind=KIND_ISSUE,
        filed_on=LAST_DAY,
        entry_type=BORN,
        birth_date=date(2025, 1, 1),
        current_title_valid_until=LAST_DAY,
    )
    assert (result.effect, result.legal_basis) == ("title_continues", CONTINUES)


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        ({"entry_type": BORN}, rules.BIRTH_DATE_MISSING),
        ({"entry_type": BORN, "birth_date": date(2026, 1, 1), "entry_date": ENTRY},
         rules.ENTRY_DATE_FOR_BORN),
        ({"entry_type": ENTRY_VISA_EXEMPT, "entry_date": ENTRY, "birth_date": date(2026, 1, 1)},
         rules.BIRTH_DATE_WITHOUT_BIRTH.format(entry_type=ENTRY_VISA_EXEMPT)),
        ({"entry_type": BORN, "birth_date": AFTER},
         rules.FILED_BEFORE_BIRTH.format(filed_on=LAST_DAY, birth_date=AFTER)),
        ({"entry_type": BORN, "birth_date": "2026-01-01"},
         rules.NOT_A_DATE.format(fact="birth_date", value="2026-01-01")),
    ],
)  # fmt: skip
def test_born_in_germany_errors(facts, message):
    with pytest.raises(DeadlineError) as error:
        application_deadline(kind=KIND_ISSUE, filed_on=LAST_DAY, **facts)
    assert str(error.value) == message


# --- The dated periods (issue 17, item 8) -----------------------------------------------


def test_the_period_tables_have_no_gaps():
    from portal.validity import gaps_and_overlaps

    for table in (rules.VISA_EXEMPT_RULES, rules.NEWBORN_RULES):
        assert gaps_and_overlaps(table) == []
    assert rules.VISA_EXEMPT_RULES[0].days == 90
    assert rules.NEWBORN_RULES[0].months == 6


@pytest.mark.parametrize(
    ("filed_on", "known"),
    [(date(2020, 12, 31), False), (date(2021, 1, 1), True)],
)
def test_the_90_days_apply_from_the_verified_wording(filed_on, known):
    entry = filed_on - timedelta(days=10)
    facts = {"kind": KIND_ISSUE, "filed_on": filed_on, "entry_type": ENTRY_VISA_EXEMPT}
    if known:
        result = application_deadline(**facts, entry_date=entry)
        assert result.deadline == entry + timedelta(days=90)
    else:
        with pytest.raises(DeadlineError) as error:
            application_deadline(**facts, entry_date=entry)
        assert str(error.value) == rules.NO_PERIOD_RULE_ON.format(
            what="an entry without a visa", on=filed_on, since=date(2021, 1, 1)
        )


# --- Required documents ------------------------------------------------------------

GENERAL = ("passport", "biometric_photo", "livelihood", "housing", "health_insurance")

# Purpose -> the proof of the purpose it adds to the general documents (seed 001).
PURPOSE_PROOFS = {
    "education.study": ("admission_certificate",),
    "education.study_applicant": ("admission_certificate",),
    "education.language_course": ("admission_certificate",),
    "education.school": ("admission_certificate",),
    "education.vocational_training": ("admission_certificate",),
    "employment.skilled_worker": ("employment_contract",),
    "employment.blue_card": ("employment_contract",),
    "employment.research": ("hosting_agreement",),
    "employment.self_employment": ("business_plan",),
    "humanitarian.admission": ("bamf_decision",),
    "humanitarian.protection": ("bamf_decision",),
    "family.german_family": ("relationship_certificate", "joined_person_documents"),
    "family.spouse_of_foreigner": ("marriage_certificate", "joined_person_documents"),
    "family.child_of_foreigner": ("birth_certificate", "joined_person_documents"),
    "family.other_relative": ("relationship_certificate", "joined_person_documents"),
    "special.return": ("purpose_proof",),
    "special.former_german": ("purpose_proof",),
    "special.eu_long_term_resident": ("purpose_proof",),
    "other.other": ("purpose_proof",),
    None: ("purpose_proof",),
}


def codes(documents) -> tuple[str, ...]:
    return tuple(document.code for document in documents)


def test_every_purpose_has_its_proof():
    assert set(PURPOSE_PROOFS) - {None} == {purpose.code for purpose in PURPOSES}


@pytest.mark.parametrize(("purpose", "proof"), list(PURPOSE_PROOFS.items()))
def test_issue_documents(purpose, proof):
    documents = required_documents(kind=KIND_ISSUE, purpose_code=purpose)
    assert codes(documents) == GENERAL + proof


@pytest.mark.parametrize(("purpose", "proof"), list(PURPOSE_PROOFS.items()))
def test_renewal_adds_the_current_title(purpose, proof):
    documents = required_documents(kind=KIND_RENEWAL, purpose_code=purpose)
    assert codes(documents) == ("passport", "current_title", *GENERAL[1:], *proof)


@pytest.mark.parametrize(("purpose", "proof"), list(PURPOSE_PROOFS.items()))
def test_a_first_request_of_someone_holding_a_title_adds_it_like_a_renewal(purpose, proof):
    # § 81 (4) sentence 1 AufenthG: a new title for another purpose; the one held is shown.
    documents = required_documents(kind=KIND_ISSUE, purpose_code=purpose, holds_title=True)
    assert codes(documents) == ("passport", "current_title", *GENERAL[1:], *proof)


@pytest.mark.parametrize("purpose", list(PURPOSE_PROOFS))
def test_change_of_conditions_documents(purpose):
    documents = required_documents(kind=KIND_CHANGE, purpose_code=purpose)
    assert codes(documents) == ("passport", "current_title", "change_proof")


@pytest.mark.parametrize(
    ("kind", "purpose", "expected"),
    [
        (KIND_ISSUE, "education.study", (*GENERAL, "admission_certificate",
                                         "marriage_certificate")),
        (KIND_ISSUE, None, (*GENERAL, "purpose_proof", "marriage_certificate")),
        (KIND_RENEWAL, "employment.blue_card", ("passport", "current_title", *GENERAL[1:],
                                                "employment_contract", "marriage_certificate")),
        (KIND_CHANGE, None, ("passport", "current_title", "change_proof",
                             "marriage_certificate")),
        # Already in the list: not twice, and where it was.
        (KIND_ISSUE, "family.spouse_of_foreigner", (*GENERAL, "marriage_certificate",
                                                    "joined_person_documents")),
        (KIND_RENEWAL, "family.spouse_of_foreigner", ("passport", "current_title",
                                                      *GENERAL[1:], "marriage_certificate",
                                                      "joined_person_documents")),
    ],
)  # fmt: skip
def test_married_adds_the_marriage_certificate(kind, purpose, expected):
    documents = required_documents(kind=kind, purpose_code=purpose, married=True)
    assert codes(documents) == expected


@pytest.mark.parametrize(
    ("kind", "purpose", "married"),
    list(itertools.product(KINDS, list(PURPOSE_PROOFS), [False, True])),
)
def test_document_codes_are_unique_and_the_order_stable(kind, purpose, married):
    documents = required_documents(kind=kind, purpose_code=purpose, married=married)
    assert len(codes(documents)) == len(set(codes(documents)))
    assert documents == required_documents(kind=kind, purpose_code=purpose, married=married)
    assert isinstance(documents, tuple)
    for document in documents:
        with translation.override("en"):
            assert str(document.label)
            assert document.hint is None or str(document.hint)


@pytest.mark.parametrize(
    ("purpose", "code", "label", "hint"),
    [
        ("education.study", "admission_certificate",
         "letter of admission or certificate of enrolment",
         "from your university, college, school or course provider"),
        ("employment.skilled_worker", "employment_contract",
         "employment contract or certificate from your employer", None),
        ("employment.self_employment", "business_plan",
         "business plan or trade registration of your business", None),
        ("employment.research", "hosting_agreement",
         "hosting agreement with the research institution", None),
        ("humanitarian.protection", "bamf_decision",
         "decision of the Federal Office for Migration and Refugees (BAMF)", None),
        ("humanitarian.admission", "bamf_decision",
         "decision of the Federal Office for Migration and Refugees (BAMF)",
         "if you were admitted from abroad, as a hardship case or for temporary protection: "
         "the decision on your admission"),
        ("family.german_family", "joined_person_documents",
         "German passport or identity card of the family member you join", None),
        ("family.child_of_foreigner", "joined_person_documents",
         "passport and residence title of the family member you join", None),
        ("family.other_relative", "relationship_certificate",
         "marriage or birth certificate", None),
        ("family.child_of_foreigner", "birth_certificate", "birth certificate", None),
        ("special.eu_long_term_resident", "purpose_proof",
         "proof of the purpose of your stay, e.g. employment contract or marriage certificate",
         "your EU long-term residence permit from the other member state"),
        ("special.former_german", "purpose_proof",
         "proof of the purpose of your stay, e.g. employment contract or marriage certificate",
         "for example proof of your former German citizenship"),
        ("other.other", "purpose_proof",
         "proof of the purpose of your stay, e.g. employment contract or marriage certificate",
         None),
        ("other.other", "biometric_photo", "a current biometric photo (frontal)",
         "at least 35 x 45 mm, suitable for biometrics"),
    ],
)  # fmt: skip
def test_document_labels(purpose, code, label, hint):
    documents = {d.code: d for d in required_documents(kind=KIND_ISSUE, purpose_code=purpose)}
    with translation.override("en"):
        assert str(documents[code].label) == label
        assert (None if documents[code].hint is None else str(documents[code].hint)) == hint


GERMAN_ID = "German passport or identity card of the family member you join"
FOREIGN_PAPERS = "passport and residence title of the family member you join"


@pytest.mark.parametrize(
    ("relation", "sponsor_is_german", "joined"),
    [
        ("other_relative", True, GERMAN_ID),  # § 36 with § 28 (4): a German holds no title
        ("other_relative", False, FOREIGN_PAPERS),
        ("spouse_of_german", True, GERMAN_ID),
        ("child_of_foreigner", False, FOREIGN_PAPERS),
        ("spouse_of_foreigner", False, FOREIGN_PAPERS),
    ],
)
def test_the_person_joined_shows_the_papers_a_german_or_a_foreigner_has(
    relation, sponsor_is_german, joined
):
    from applications.checklists import reunification_documents

    documents = reunification_documents(
        first_application="issue",
        relation=relation,
        married=False,
        sponsor_is_german=sponsor_is_german,
    )
    codes = [item.code for item in documents]
    assert len(codes) == len(set(codes))
    with translation.override("en"):
        assert {
            str(item.label) for item in documents if item.code == "joined_person_documents"
        } == {joined}


def test_renewal_names_the_supplementary_sheet():
    documents = required_documents(kind=KIND_RENEWAL, purpose_code="education.study")
    with translation.override("en"):
        assert str(documents[1].label) == (
            "your current residence permit with its supplementary sheet"
        )


def test_documents_unknown_kind():
    message = rules.UNKNOWN_KIND.format(kind="extension", known=", ".join(KINDS))
    with pytest.raises(DocumentsError, match=f"^{re.escape(message)}$"):
        required_documents(kind="extension", purpose_code="education.study")
    assert issubclass(DocumentsError, ValueError)


@pytest.mark.parametrize("kind", KINDS)
def test_documents_unknown_purpose(kind):
    with pytest.raises(UnknownPurposeError, match=re.escape("'education.studies'")):
        required_documents(kind=kind, purpose_code="education.studies")


# --- The respond-by date of a request for documents (Art. 31 BayVwVfG, §§ 187, 188 BGB) --


@pytest.mark.parametrize(
    ("written_on", "weeks", "respond_by"),
    [
        # A Tuesday plus four weeks: a Tuesday.
        (date(2026, 12, 1), 4, date(2026, 12, 29)),
        # Saturday 28 November plus four weeks ends on Boxing Day (Saturday) -> Monday 28.
        (date(2026, 11, 28), 4, date(2026, 12, 28)),
        # Ends on Christmas Day (Friday 25 Dec 2026) -> Boxing Day is Saturday -> Monday 28.
        (date(2026, 11, 27), 4, date(2026, 12, 28)),
        # Ends on a Sunday -> Monday.
        (date(2027, 1, 3), 2, date(2027, 1, 18)),
        # Ends on Epiphany (Wednesday 6 January 2027, Bavarian holiday) -> Thursday 7.
        (date(2026, 12, 23), 2, date(2027, 1, 7)),
        # Ends on Good Friday 2027 (26 March) -> Easter Monday is a holiday too -> Tuesday.
        (date(2027, 3, 12), 2, date(2027, 3, 30)),
        # Ends on Corpus Christi (Thursday 4 June 2026) -> Friday 5 June.
        (date(2026, 5, 7), 4, date(2026, 6, 5)),
        # 29 February: a leap day plus two weeks, across the month end.
        (date(2028, 2, 29), 2, date(2028, 3, 14)),
        # Over the turn of the year, ending on New Year's Day (Friday 1 Jan 2027) -> Monday 4.
        (date(2026, 12, 18), 2, date(2027, 1, 4)),
        # Assumption Day (Wednesday 15 August 2029) is not a public holiday in Nuremberg.
        (date(2029, 8, 1), 2, date(2029, 8, 15)),
    ],
)
def test_respond_by(written_on, weeks, respond_by):
    assert rules.respond_by(written_on=written_on, weeks=weeks) == respond_by


def test_respond_by_needs_at_least_a_week():
    with pytest.raises(ValueError, match="at least one week"):
        rules.respond_by(written_on=date(2026, 12, 1), weeks=0)


# --- The fiction certificate against the deadline result (§ 81 (3), (4), (5) AufenthG) -----


def _deadline(on_time, effect, basis):
    return rules.DeadlineResult(
        on_time=on_time, deadline=None, effect=effect, legal_basis=basis, explanation=""
    )


ON_TIME_RENEWAL = _deadline(True, rules.EFFECT_TITLE_CONTINUES, rules.BASIS_TITLE_CONTINUES)
LATE_RENEWAL = _deadline(False, rules.EFFECT_NONE, rules.BASIS_HARDSHIP)
SCHENGEN = _deadline(True, rules.EFFECT_NONE, rules.BASIS_SCHENGEN_EXCLUDED)
VISA_FREE_ON_TIME = _deadline(True, rules.EFFECT_STAY_PERMITTED, rules.BASIS_STAY_PERMITTED)
VISA_FREE_LATE = _deadline(
    False, rules.EFFECT_DEPORTATION_SUSPENDED, rules.BASIS_DEPORTATION_SUSPENDED
)
UNDETERMINED = _deadline(None, rules.EFFECT_NONE, "")
CONDITIONS = _deadline(True, rules.EFFECT_NONE, rules.BASIS_CONDITIONS)


@pytest.mark.parametrize(
    ("chosen", "deadline", "hardship", "refusal"),
    [
        # § 81 (4) s. 1: in time before expiry, the old title continues.
        (rules.EFFECT_TITLE_CONTINUES, ON_TIME_RENEWAL, False, None),
        (rules.EFFECT_STAY_PERMITTED, ON_TIME_RENEWAL, False, rules.FICTION_MISMATCH),
        (rules.EFFECT_DEPORTATION_SUSPENDED, ON_TIME_RENEWAL, False, rules.FICTION_MISMATCH),
        # § 81 (4) s. 3: late, only with the office's hardship order.
        (rules.EFFECT_TITLE_CONTINUES, LATE_RENEWAL, False, rules.FICTION_NEEDS_HARDSHIP_ORDER),
        (rules.EFFECT_TITLE_CONTINUES, LATE_RENEWAL, True, None),
        (rules.EFFECT_STAY_PERMITTED, LATE_RENEWAL, True, rules.FICTION_NO_EFFECT),
        # § 81 (4) s. 2: never after a Schengen visa, hardship or not.
        (rules.EFFECT_TITLE_CONTINUES, SCHENGEN, False, rules.FICTION_NO_EFFECT),
        (rules.EFFECT_TITLE_CONTINUES, SCHENGEN, True, rules.FICTION_NO_EFFECT),
        # § 81 (3) s. 1 and 2: a lawful stay without a title, in time or late.
        (rules.EFFECT_STAY_PERMITTED, VISA_FREE_ON_TIME, False, None),
        (rules.EFFECT_DEPORTATION_SUSPENDED, VISA_FREE_ON_TIME, False, rules.FICTION_MISMATCH),
        (rules.EFFECT_DEPORTATION_SUSPENDED, VISA_FREE_LATE, False, None),
        (rules.EFFECT_STAY_PERMITTED, VISA_FREE_LATE, False, rules.FICTION_MISMATCH),
        (rules.EFFECT_TITLE_CONTINUES, VISA_FREE_LATE, True, rules.FICTION_MISMATCH),
        # The dates did not decide: a team lead decides.
        (rules.EFFECT_TITLE_CONTINUES, UNDETERMINED, False, rules.FICTION_UNDETERMINED),
        # A change of conditions: the title stays valid by itself, no fiction.
        (rules.EFFECT_TITLE_CONTINUES, CONDITIONS, False, rules.FICTION_NO_EFFECT),
    ],
)
def test_fiction_effect_refusal(chosen, deadline, hardship, refusal):
    assert (
        rules.fiction_effect_refusal(chosen=chosen, deadline=deadline, hardship_order=hardship)
        == refusal
    )
