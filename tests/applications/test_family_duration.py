"""The duration page of a family reunification: the longest permit the rules allow is shown,
and an end beyond it is refused next to the field (seed 004, § 27 (4) AufenthG, § 3 AufenthG)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from applications import family_rules
from tests.factories import DraftFactory, draft_open
from tests.journeys import day, post_step, step_answers, step_url

START = date(2027, 1, 1)
PASSPORT = date(2035, 1, 1)


def period(relation, *, sponsor_until=None, german=False, kind=None, born=date(1990, 3, 14)):
    return family_rules.maximum_permit_period(
        relation=relation,
        valid_from=START,
        applicant_birth_date=born,
        passport_valid_until=PASSPORT,
        sponsor_is_german=german,
        sponsor_title_valid_until=sponsor_until,
        sponsor_title_kind=None if german else kind,
    )


# (case, the rules' ceiling for a permit from START, that ceiling as a date)
CASES = [
    # Seed 004: a spouse of a foreigner, at most two years at a time.
    (
        "spouse of a foreigner, two years",
        period("spouse_of_foreigner", sponsor_until=date(2031, 1, 1), kind="residence_permit"),
        date(2028, 12, 31),
    ),
    # § 27 (4) Satz 1 AufenthG: never beyond the sponsor's title.
    (
        "the sponsor's title ends first",
        period("spouse_of_foreigner", sponsor_until=date(2027, 6, 30), kind="residence_permit"),
        date(2027, 6, 30),
    ),
    # Seed 004: a child of a foreigner until the day before the 16th birthday.
    (
        "a child until the day before 16",
        period(
            "child_of_foreigner",
            sponsor_until=date(2031, 1, 1),
            kind="residence_permit",
            born=date(2012, 5, 10),
        ),
        date(2028, 5, 9),
    ),
    # Seed 004: family of a German, at most three years at a time.
    (
        "family of a German, three years",
        period("spouse_of_german", german=True),
        date(2029, 12, 31),
    ),
    # § 27 (4) Satz 2 AufenthG: the whole validity of a Blue Card, beyond two years.
    (
        "a Blue Card holder's whole validity",
        period("spouse_of_foreigner", sponsor_until=date(2030, 6, 30), kind="blue_card"),
        date(2030, 6, 30),
    ),
]


@pytest.mark.parametrize(("case", "maximum", "until"), CASES, ids=[case for case, _m, _u in CASES])
def test_an_end_beyond_the_maximum_is_not_allowed(case, maximum, until):
    assert maximum.until == until
    assert family_rules.requested_end_allowed(
        requested_until=until - timedelta(days=1), period=maximum
    )
    assert family_rules.requested_end_allowed(requested_until=until, period=maximum)
    assert not family_rules.requested_end_allowed(
        requested_until=until + timedelta(days=1), period=maximum
    )


def test_without_a_ceiling_the_office_decides_and_any_end_is_allowed():
    expired = period(
        "spouse_of_foreigner", sponsor_until=date(2026, 12, 1), kind="residence_permit"
    )
    assert expired.until is None
    assert family_rules.requested_end_allowed(requested_until=date(2040, 1, 1), period=expired)
    assert family_rules.requested_end_allowed(requested_until=date(2040, 1, 1), period=None)


def long_day(offset: int) -> str:
    with translation.override("de"):
        return date_format(timezone.localdate() + timedelta(days=offset), "DATE_FORMAT")


@pytest.mark.django_db
def test_the_duration_page_shows_the_maximum_and_refuses_a_later_end(client):
    answers = step_answers("family_reunification")
    answers["sponsor"]["sponsor_title_valid_until"] = day(200)
    draft_open(
        client,
        DraftFactory(kind="family_reunification", at_step="duration", at_step__answers=answers),
    )
    page = client.get(step_url("family_reunification", "duration")).content.decode()
    assert "Wie lange die Aufenthaltserlaubnis gelten kann" in page
    assert f"<strong>{long_day(200)}</strong>" in page

    response = post_step(
        client,
        "family_reunification",
        "duration",
        {"valid_from": day(31), "valid_until": day(201)},
    )
    assert response.status_code == 200
    (error,) = response.context["form"].errors["valid_until"]
    assert error.startswith(
        "Nach den Regeln ist diese Aufenthaltserlaubnis höchstens bis zum "
        f"{long_day(200)} möglich. "
    )
    # The reason: the parent's title (§ 27 (4) Satz 1 AufenthG).
    assert "als der Aufenthaltstitel der Person" in error
    assert error.endswith(f"Geben Sie den {day(200)} oder einen früheren Tag an.")
    assert 'class="kern-alert kern-alert--danger error-summary"' in response.content.decode()

    response = post_step(
        client,
        "family_reunification",
        "duration",
        {"valid_from": day(31), "valid_until": day(200)},
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_other_requests_show_no_maximum_on_the_duration_page(client):
    draft_open(
        client,
        DraftFactory(kind="renewal", at_step="duration", at_step__answers=step_answers("renewal")),
    )
    page = client.get(step_url("renewal", "duration")).content.decode()
    assert "Wie lange die Aufenthaltserlaubnis gelten kann" not in page
