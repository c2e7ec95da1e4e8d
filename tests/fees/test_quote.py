"""quote(): every schedule row, every boundary, every error (issue "fees")."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import translation

from fees import SERVICES, FeeError, Quote, paid_with_the_application, quote
from fees import rules as fee_rules
from fees.schedule import EXEMPTIONS, SCHEDULE

ON = date(2026, 11, 22)
D = Decimal


@pytest.mark.parametrize(
    ("service", "facts", "total", "bases"),
    [
        # Issue: up to one year / more than one year (§ 45 Nr. 1 a / b AufenthV).
        (
            "residence_permit.issue",
            {"valid_months": 1},
            D("100.00"),
            ["§ 45 Nr. 1 Buchst. a AufenthV"],
        ),
        (
            "residence_permit.issue",
            {"valid_months": 12},
            D("100.00"),
            ["§ 45 Nr. 1 Buchst. a AufenthV"],
        ),
        (
            "residence_permit.issue",
            {"valid_months": 13},
            D("100.00"),
            ["§ 45 Nr. 1 Buchst. b AufenthV"],
        ),
        (
            "residence_permit.issue",
            {"valid_from": date(2026, 12, 1), "valid_until": date(2027, 11, 30)},
            D("100.00"),
            ["§ 45 Nr. 1 Buchst. a AufenthV"],
        ),
        (
            "residence_permit.issue",
            {"valid_from": date(2026, 12, 1), "valid_until": date(2027, 12, 1)},
            D("100.00"),
            ["§ 45 Nr. 1 Buchst. b AufenthV"],
        ),
        # Renewal: up to three months / more (§ 45 Nr. 2 a / b AufenthV).
        (
            "residence_permit.renewal",
            {"valid_months": 3},
            D("96.00"),
            ["§ 45 Nr. 2 Buchst. a AufenthV"],
        ),
        (
            "residence_permit.renewal",
            {"valid_months": 4},
            D("93.00"),
            ["§ 45 Nr. 2 Buchst. b AufenthV"],
        ),
        (
            "residence_permit.renewal",
            {"valid_from": date(2026, 12, 1), "valid_until": date(2027, 2, 28)},
            D("96.00"),
            ["§ 45 Nr. 2 Buchst. a AufenthV"],
        ),
        (
            "residence_permit.renewal",
            {"valid_from": date(2026, 12, 1), "valid_until": date(2027, 3, 1)},
            D("93.00"),
            ["§ 45 Nr. 2 Buchst. b AufenthV"],
        ),
        (
            "residence_permit.renewal",
            {"valid_from": date(2026, 11, 30), "valid_until": date(2027, 2, 28)},
            D("96.00"),
            ["§ 45 Nr. 2 Buchst. a AufenthV"],
        ),
        (
            "residence_permit.renewal",
            {"valid_from": date(2026, 12, 1), "valid_until": date(2026, 12, 1)},
            D("96.00"),
            ["§ 45 Nr. 2 Buchst. a AufenthV"],
        ),
        # Naturalisation: 255 plus 51 per co-naturalised minor child (§ 38 (2) StAG).
        ("naturalisation", {}, D("255.00"), ["§ 38 Abs. 2 Satz 1 StAG"]),
        ("naturalisation", {"minor_children": 0}, D("255.00"), ["§ 38 Abs. 2 Satz 1 StAG"]),
        (
            "naturalisation",
            {"minor_children": 1},
            D("306.00"),
            ["§ 38 Abs. 2 Satz 1 StAG", "§ 38 Abs. 2 Satz 2 StAG"],
        ),
        (
            "naturalisation",
            {"minor_children": 2},
            D("357.00"),
            ["§ 38 Abs. 2 Satz 1 StAG"] + ["§ 38 Abs. 2 Satz 2 StAG"] * 2,
        ),
        (
            "naturalisation",
            {"minor_children": 4},
            D("459.00"),
            ["§ 38 Abs. 2 Satz 1 StAG"] + ["§ 38 Abs. 2 Satz 2 StAG"] * 4,
        ),
        ("citizenship_certificate", {}, D("51.00"), ["StAGebV"]),
    ],
)
def test_fixed_fees(service, facts, total, bases):
    answer = quote(service, on=ON, **facts)
    assert isinstance(answer, Quote)
    assert answer.total == total
    assert [item.legal_basis for item in answer.items] == bases
    assert sum(item.amount for item in answer.items) == total
    assert all(isinstance(item.amount, Decimal) for item in answer.items)
    assert answer.total.as_tuple().exponent == -2
    assert answer.on == ON


def test_the_example_of_the_readme():
    q = quote(
        "residence_permit.renewal",
        on=date(2026, 11, 22),
        valid_from=date(2026, 12, 1),
        valid_until=date(2027, 2, 28),
    )
    assert q.total == Decimal("96.00")
    with translation.override("en"):
        labels = [str(item.label) for item in q.items]
    assert labels == ["Renewal of a residence permit for up to three months"]


@pytest.mark.parametrize(
    ("service", "months", "birth", "total", "reduction"),
    [
        ("residence_permit.issue", 12, date(2016, 5, 1), D("50.00"), D("-50.00")),
        ("residence_permit.renewal", 12, date(2016, 5, 1), D("46.50"), D("-46.50")),
        ("residence_permit.renewal", 3, date(2016, 5, 1), D("48.00"), D("-48.00")),
        # Turns 18 on the day of the quote: an adult, full fee.
        ("residence_permit.renewal", 12, date(2008, 11, 22), D("93.00"), None),
        # Turns 18 the day after: still a minor.
        ("residence_permit.renewal", 12, date(2008, 11, 23), D("46.50"), D("-46.50")),
        ("residence_permit.issue", 12, date(1990, 1, 1), D("100.00"), None),
        # Born on the day of the quote.
        ("residence_permit.issue", 12, ON, D("50.00"), D("-50.00")),
    ],
)
def test_minors_pay_half_shown_as_its_own_line(service, months, birth, total, reduction):
    answer = quote(service, on=ON, valid_months=months, applicant_birth_date=birth)
    assert answer.total == total
    reductions = [item for item in answer.items if item.legal_basis == "§ 50 Abs. 1 AufenthV"]
    if reduction is None:
        assert reductions == []
    else:
        assert [item.amount for item in reductions] == [reduction]


def test_born_on_29_february_is_an_adult_from_1_march():
    feb_28 = quote(
        "residence_permit.renewal",
        on=date(2026, 2, 28),
        valid_months=6,
        applicant_birth_date=date(2008, 2, 29),
    )
    mar_1 = quote(
        "residence_permit.renewal",
        on=date(2026, 3, 1),
        valid_months=6,
        applicant_birth_date=date(2008, 2, 29),
    )
    assert (feb_28.total, mar_1.total) == (D("46.50"), D("93.00"))


@pytest.mark.parametrize("code", sorted(EXEMPTIONS))
@pytest.mark.parametrize("service", ["residence_permit.issue", "residence_permit.renewal"])
def test_exemptions_make_the_total_zero_with_their_own_line(service, code):
    answer = quote(service, on=ON, valid_months=6, exemption=code)
    assert answer.total == D("0.00")
    last = answer.items[-1]
    assert last.legal_basis == "§ 52 AufenthV"
    assert last.amount == -answer.items[0].amount


def test_exemption_for_a_minor_cancels_the_reduced_fee():
    answer = quote(
        "residence_permit.issue",
        on=ON,
        valid_months=6,
        applicant_birth_date=date(2015, 1, 1),
        exemption="recognised_refugee",
    )
    assert [item.amount for item in answer.items] == [D("100.00"), D("-50.00"), D("-50.00")]
    assert answer.total == D("0.00")


@pytest.mark.parametrize(
    "service",
    ["family_reunification", "residence_permit.change_of_conditions", "blocked_account.release"],
)
def test_individually_set_fees_have_no_total_and_say_so(service):
    answer = quote(service, on=ON)
    assert answer.total is None
    assert answer.is_individual
    assert answer.items == ()
    with translation.override("en"):
        assert "set individually" in str(answer.note)


def test_family_reunification_still_checks_its_facts():
    assert (
        quote(
            "family_reunification", on=ON, valid_months=24, applicant_birth_date=date(2015, 1, 1)
        ).total
        is None
    )
    with pytest.raises(FeeError, match="valid_months must be a whole number"):
        quote("family_reunification", on=ON, valid_months=0)


def test_on_defaults_to_today(monkeypatch):
    monkeypatch.setattr(fee_rules.timezone, "localdate", lambda: date(2026, 1, 5))
    assert quote("citizenship_certificate").on == date(2026, 1, 5)


# --- Dates of validity -----------------------------------------------------------


def test_a_row_that_ended_the_day_before_is_not_used():
    old = replace(SCHEDULE[3], amount=D("80.00"), valid_until=date(2026, 11, 21))
    new = replace(SCHEDULE[3], valid_from=date(2026, 11, 22))
    schedule = [row for row in SCHEDULE if row is not SCHEDULE[3]] + [old, new]
    assert quote(
        "residence_permit.renewal", on=date(2026, 11, 21), valid_months=6, schedule=schedule
    ).total == D("80.00")
    assert quote(
        "residence_permit.renewal", on=date(2026, 11, 22), valid_months=6, schedule=schedule
    ).total == D("93.00")


def test_a_day_before_any_row_has_no_fee():
    with pytest.raises(
        FeeError,
        match=r"No fee for residence_permit.renewal \(up_to_three_months\) "
        r"is on record for 2020-01-01",
    ):
        quote("residence_permit.renewal", on=date(2020, 1, 1), valid_months=3)


def test_overlapping_rows_are_an_error_not_a_guess():
    schedule = [*SCHEDULE, replace(SCHEDULE[0], amount=D("1.00"))]
    with pytest.raises(FeeError, match="more than one row"):
        quote("residence_permit.issue", on=ON, valid_months=3, schedule=schedule)


def test_the_published_schedule_has_no_overlaps_and_only_decimal_cents():
    for row in SCHEDULE:
        assert isinstance(row.amount, Decimal)
        assert row.amount == row.amount.quantize(D("0.01"))
        assert row.valid_until is None or row.valid_until >= row.valid_from
        twins = [
            other
            for other in SCHEDULE
            if other is not row and (other.service, other.condition) == (row.service, row.condition)
        ]
        for other in twins:
            assert (other.valid_until or date.max) < row.valid_from or (
                row.valid_until or date.max
            ) < other.valid_from


def test_every_service_is_answered():
    facts = {
        "residence_permit.issue": {"valid_months": 6},
        "residence_permit.renewal": {"valid_months": 6},
        "passport_substitute": {"protection_status": "other"},
    }
    for service in SERVICES:
        quote(service, on=ON, **facts.get(service, {}))


# --- Errors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("service", "facts", "message"),
    [
        ("residence_permit.extension", {}, "Unknown service 'residence_permit.extension'"),
        ("", {}, "Unknown service ''"),
        ("residence_permit.renewal", {}, "residence_permit.renewal needs the permit's validity"),
        (
            "residence_permit.issue",
            {"applicant_birth_date": date(2000, 1, 1)},
            "needs the permit's validity",
        ),
        (
            "residence_permit.renewal",
            {"valid_months": 3, "valid_from": date(2026, 12, 1), "valid_until": date(2027, 1, 1)},
            "either as valid_months or as valid_from and valid_until",
        ),
        (
            "residence_permit.renewal",
            {"valid_from": date(2026, 12, 1)},
            "only valid_from was given",
        ),
        (
            "residence_permit.renewal",
            {"valid_until": date(2026, 12, 1)},
            "only valid_until was given",
        ),
        (
            "residence_permit.renewal",
            {"valid_from": date(2026, 12, 2), "valid_until": date(2026, 12, 1)},
            r"valid_until \(2026-12-01\) lies before valid_from \(2026-12-02\)",
        ),
        (
            "residence_permit.renewal",
            {"valid_months": 0},
            "valid_months must be a whole number of at least 1, not 0",
        ),
        ("residence_permit.renewal", {"valid_months": -3}, "not -3"),
        ("residence_permit.renewal", {"valid_months": 3.5}, "not 3.5"),
        ("residence_permit.renewal", {"valid_months": "3"}, "not '3'"),
        ("residence_permit.renewal", {"valid_months": True}, "not True"),
        (
            "residence_permit.renewal",
            {"valid_from": "2026-12-01", "valid_until": date(2027, 1, 1)},
            "valid_from must be a date",
        ),
        (
            "residence_permit.renewal",
            {"valid_from": datetime(2026, 12, 1), "valid_until": date(2027, 1, 1)},
            "valid_from must be a date",
        ),
        (
            "residence_permit.renewal",
            {"valid_months": 3, "applicant_birth_date": date(2027, 1, 1)},
            "applicant_birth_date .2027-01-01. lies after the day of the quote",
        ),
        (
            "residence_permit.renewal",
            {"valid_months": 3, "applicant_birth_date": "2000-01-01"},
            "applicant_birth_date must be a date",
        ),
        (
            "residence_permit.renewal",
            {"valid_months": 3, "exemption": "student"},
            "Unknown exemption 'student'",
        ),
        ("residence_permit.renewal", {"valid_months": 3, "exemption": 1}, "Unknown exemption 1"),
        (
            "residence_permit.renewal",
            {"valid_months": 3, "minor_children": 1},
            "does not take the fact 'minor_children'",
        ),
        ("residence_permit.renewal", {"valid_month": 3}, "does not take the fact 'valid_month'"),
        (
            "naturalisation",
            {"minor_children": -1},
            "minor_children must be a whole number of at least 0, not -1",
        ),
        ("naturalisation", {"minor_children": "2"}, "not '2'"),
        ("naturalisation", {"minor_children": False}, "not False"),
        (
            "naturalisation",
            {"exemption": "recognised_refugee"},
            "does not take the fact 'exemption'",
        ),
        ("citizenship_certificate", {"minor_children": 1}, "It takes: no facts"),
        ("blocked_account.release", {"valid_months": 3}, "does not take the fact 'valid_months'"),
    ],
)
def test_errors_say_what_is_wrong(service, facts, message):
    with pytest.raises(FeeError, match=message):
        quote(service, on=ON, **facts)


def test_fee_error_is_a_value_error():
    assert issubclass(FeeError, ValueError)


def test_on_must_be_a_date():
    with pytest.raises(FeeError, match="on must be a date"):
        quote("citizenship_certificate", on="2026-11-22")


# --- § 38 Abs. 2 Satz 2 StAG: 51 euros only for a child without income of their own ------


@pytest.mark.parametrize(
    ("children", "with_income", "total", "lines"),
    [
        (1, 0, D("306.00"), [D("255.00"), D("51.00")]),
        (1, 1, D("510.00"), [D("255.00"), D("255.00")]),
        (2, 1, D("561.00"), [D("255.00"), D("51.00"), D("255.00")]),
        (3, 3, D("1020.00"), [D("255.00")] * 4),
        (0, 0, D("255.00"), [D("255.00")]),
    ],
)
def test_a_child_with_income_of_their_own_pays_the_full_fee(children, with_income, total, lines):
    answer = quote(
        "naturalisation", on=ON, minor_children=children, minor_children_with_income=with_income
    )
    assert answer.total == total
    assert [item.amount for item in answer.items] == lines
    bases = [item.legal_basis for item in answer.items[1:]]
    assert bases.count("§ 38 Abs. 2 Satz 2 StAG") == children - with_income
    with translation.override("en"):
        labels = [str(item.label) for item in answer.items[1:]]
    assert (
        labels.count("Minor child with income of their own naturalised together with a parent")
        == with_income
    )


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        ({"minor_children": 1, "minor_children_with_income": 2},
         "minor_children_with_income (2) is more than minor_children (1)."),
        ({"minor_children_with_income": 1},
         "minor_children_with_income (1) is more than minor_children (0)."),
        ({"minor_children": 1, "minor_children_with_income": -1},
         "minor_children_with_income must be a whole number of at least 0, not -1."),
        ({"minor_children": 1, "minor_children_with_income": True},
         "minor_children_with_income must be a whole number of at least 0, not True."),
    ],
)  # fmt: skip
def test_children_with_income_errors(facts, message):
    with pytest.raises(FeeError) as error:
        quote("naturalisation", on=ON, **facts)
    assert str(error.value) == message


# --- Dated reductions and exemptions (issue 17, item 8) -------------------------------------


def test_minor_reduction_and_exemptions_are_dated():
    from fees.schedule import MINOR_REDUCTIONS, SEED_001_STATUS
    from portal.validity import gaps_and_overlaps

    assert gaps_and_overlaps(MINOR_REDUCTIONS) == []
    (rule,) = MINOR_REDUCTIONS
    assert (rule.age, rule.share, rule.legal_basis) == (18, D("0.5"), "§ 50 Abs. 1 AufenthV")
    assert rule.valid_from == SEED_001_STATUS
    assert all(exemption.valid_from == SEED_001_STATUS for exemption in EXEMPTIONS.values())


@pytest.mark.parametrize(
    ("birth", "on", "reduced"),
    [
        (date(2008, 3, 1), date(2026, 2, 28), True),  # 18 tomorrow
        (date(2008, 3, 1), date(2026, 3, 1), False),  # the 18th birthday
        (date(2008, 2, 29), date(2026, 2, 28), True),  # 29 February: 18 on 1 March
        (date(2008, 2, 29), date(2026, 3, 1), False),
    ],
)
def test_minor_reduction_ends_on_the_18th_birthday(birth, on, reduced):
    answer = quote("residence_permit.issue", on=on, valid_months=12, applicant_birth_date=birth)
    assert answer.total == (D("50.00") if reduced else D("100.00"))


def test_a_day_before_the_records_has_no_exemption():
    from fees import schedule

    before = schedule.SEED_001_STATUS - timedelta(days=1)
    rows = (
        *schedule.SCHEDULE,
        *(
            replace(row, valid_from=date(2020, 1, 1))
            for row in schedule.SCHEDULE
            if row.service == "residence_permit.issue"
        ),
    )
    with pytest.raises(FeeError) as error:
        quote(
            "residence_permit.issue",
            on=before,
            schedule=rows,
            valid_months=6,
            exemption="recognised_refugee",
        )
    assert str(error.value) == (
        f"The exemption 'recognised_refugee' is not on record for {before}."
    )


@pytest.mark.parametrize(
    ("service", "with_the_application"),
    [
        # Seed 003, "Gebühren": "bereits bei beziehungsweise nach Antragsstellung bezahlen".
        ("naturalisation", True),
        ("residence_permit.issue", False),
        ("residence_permit.renewal", False),
        ("residence_permit.change_of_conditions", False),
        ("family_reunification", False),
        ("blocked_account.release", False),
        ("citizenship_certificate", False),
        ("passport_substitute", False),
    ],
)
def test_when_the_fee_is_paid(service, with_the_application):
    assert paid_with_the_application(service) is with_the_application


def test_a_quote_says_when_its_fee_is_paid():
    assert quote("naturalisation", minor_children=1).paid_with_the_application is True
    assert quote("residence_permit.issue", valid_months=12).paid_with_the_application is False


def test_every_service_is_in_the_table_of_when_its_fee_is_paid():
    assert set(SERVICES) == {
        "naturalisation",
        "residence_permit.issue",
        "residence_permit.renewal",
        "residence_permit.change_of_conditions",
        "family_reunification",
        "blocked_account.release",
        "citizenship_certificate",
        "passport_substitute",
    }


def test_when_the_fee_of_an_unknown_service_is_paid_is_not_guessed():
    with pytest.raises(FeeError, match="Unknown service 'visa'"):
        paid_with_the_application("visa")
