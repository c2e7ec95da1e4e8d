"""The fee of the travel document for foreigners, § 48 (1) Satz 1 Nr. 1a to 1f AufenthV.

By age on the day (before the 24th birthday: Nr. 1b, 1d), by status (subsidiary
protection, § 4 (1) AsylG, or resettlement, § 23 (4) Satz 1 AufenthG: Nr. 1c,
1d, 1f), provisional documents (Nr. 1e, 1f) and by date: Nr. 1c rose from 60 to
70 euros on 1 May 2025 (Art. 9 V. v. 30.10.2023, BGBl. 2023 I Nr. 290).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fees import FeeError, quote
from fees import rules as fee_rules

D = Decimal
ON = date(2026, 11, 22)
BEFORE = date(2025, 4, 30)
AFTER = date(2025, 5, 1)


@pytest.mark.parametrize(
    ("on", "birth", "status", "provisional", "total", "basis"),
    [
        # Nr. 1a: an adult of 24 or more, no protection status.
        (ON, date(1990, 3, 14), "other", False, D("100.00"), "Nr. 1a"),
        # Nr. 1b: "bis zum vollendeten 24. Lebensjahr" -- the day before the birthday.
        (ON, date(2002, 11, 23), "other", False, D("97.00"), "Nr. 1b"),
        # On the 24th birthday the full fee applies.
        (ON, date(2002, 11, 22), "other", False, D("100.00"), "Nr. 1a"),
        # Twelve years old: Nr. 1b still (Nr. 1g only up to the twelfth birthday).
        (ON, date(2014, 11, 22), "other", False, D("97.00"), "Nr. 1b"),
        # Nr. 1c: subsidiary protection or resettlement, 70 euros since 1 May 2025 ...
        (ON, date(1990, 3, 14), "subsidiary_protection", False, D("70.00"), "Nr. 1c"),
        (ON, date(1990, 3, 14), "resettlement", False, D("70.00"), "Nr. 1c"),
        (AFTER, date(1990, 3, 14), "subsidiary_protection", False, D("70.00"), "Nr. 1c"),
        # ... 60 euros the day before.
        (BEFORE, date(1990, 3, 14), "subsidiary_protection", False, D("60.00"), "Nr. 1c"),
        (BEFORE, date(1990, 3, 14), "other", False, D("100.00"), "Nr. 1a"),
        # Nr. 1d: protected and under 24, unchanged by the amendment.
        (ON, date(2005, 1, 1), "resettlement", False, D("38.00"), "Nr. 1d"),
        (BEFORE, date(2005, 1, 1), "subsidiary_protection", False, D("38.00"), "Nr. 1d"),
        # Nr. 1e / 1f: provisional documents, whatever the age.
        (ON, date(1990, 3, 14), "other", True, D("67.00"), "Nr. 1e"),
        (ON, date(2020, 1, 1), "other", True, D("67.00"), "Nr. 1e"),
        (ON, date(1990, 3, 14), "subsidiary_protection", True, D("26.00"), "Nr. 1f"),
        (BEFORE, date(2005, 1, 1), "resettlement", True, D("26.00"), "Nr. 1f"),
    ],
)
def test_the_fee_by_age_status_and_date(on, birth, status, provisional, total, basis):
    answer = quote(
        "passport_substitute",
        on=on,
        applicant_birth_date=birth,
        protection_status=status,
        provisional=provisional,
    )
    assert answer.total == total
    assert [item.legal_basis for item in answer.items] == [f"§ 48 Abs. 1 Satz 1 {basis} AufenthV"]


@pytest.mark.parametrize(
    ("facts", "note"),
    [
        # Nr. 1g: up to the twelfth birthday the office chooses the document.
        ({"applicant_birth_date": date(2014, 11, 23)}, fee_rules.CHILD_TRAVEL_DOCUMENT_NOTE),
        ({"applicant_birth_date": date(2020, 5, 1)}, fee_rules.CHILD_TRAVEL_DOCUMENT_NOTE),
        # Without the birth date the facts do not decide between Nr. 1a and 1b.
        ({}, fee_rules.AGE_UNKNOWN_NOTE),
    ],
)
def test_the_office_sets_the_fee_where_the_facts_do_not_decide(facts, note):
    answer = quote("passport_substitute", on=ON, protection_status="other", **facts)
    assert answer.total is None
    assert answer.is_individual
    assert answer.note == note


def test_a_day_before_the_confirmed_wording_has_no_fee():
    with pytest.raises(FeeError, match="No fee for passport_substitute"):
        quote(
            "passport_substitute",
            on=date(2025, 4, 29),
            applicant_birth_date=date(1990, 1, 1),
            protection_status="other",
        )


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        ({}, "needs the protection_status"),
        ({"protection_status": "refugee"}, "Unknown protection_status 'refugee'"),
        ({"protection_status": "other", "provisional": "yes"}, "provisional must be True"),
        (
            {"protection_status": "other", "applicant_birth_date": date(2027, 1, 1)},
            "lies after the day of the quote",
        ),
        ({"protection_status": "other", "valid_months": 12}, "does not take the fact"),
    ],
)
def test_errors_say_what_is_wrong(facts, message):
    with pytest.raises(FeeError, match=message):
        quote("passport_substitute", on=ON, **facts)
