"""Issue "family reunification and blocked account" in Debian's Chromium."""

from __future__ import annotations

from decimal import Decimal

import pytest

from applications.models import Application
from tests.browser.pages import CONTINUE, answer_until, current_step, fill_step
from tests.journeys import day, family_answers, member, step_answers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def start(page, path: str) -> None:
    page.goto(path)
    page.locator("main form button.kern-btn--primary").click()
    page.wait_for_load_state()


def submit(page, answers) -> None:
    assert current_step(page) == "check"
    page.locator(CONTINUE).click()
    fill_step(page, "declaration", answers["declaration"])
    page.locator(CONTINUE).click()
    page.wait_for_url("**/antrag/*/")


def test_a_parent_renews_for_themself_their_spouse_and_two_children(page, tmp_path):
    start(page, "/aufenthaltserlaubnis/verlaengerung/")
    members = [
        member("spouse", "Emre", "02.02.1988", sex="male", place_of_birth="Ankara"),
        member("child", "Can", "01.06.2015"),
        member("child", "Deniz", "15.09.2018"),
    ]
    answers = family_answers("renewal", *members)
    answer_until(page, answers, "children_list", tmp_path)
    children = answers["children_list"]
    for index in range(int(children["TOTAL_FORMS"])):
        if index:
            page.locator('button[name="add_row"]').click()
            page.wait_for_load_state()
        row = {key: value for key, value in children.items() if key.startswith(f"{index}-")}
        fill_step(page, "children_list", row)
    page.locator(CONTINUE).click()
    page.wait_for_load_state()
    answer_until(page, answers, "family_applicants_list", tmp_path)
    # The people of section 4 are listed with what is known; only the rest is asked.
    main = page.locator("main")
    for person in members:
        assert f"{person['given_names']} Yılmaz" in main.inner_text()
    assert page.locator('[name$="-surname"]').count() == 0
    fill_step(page, "family_applicants_list", answers["family_applicants_list"])
    page.locator(CONTINUE).click()
    page.wait_for_load_state()
    answer_until(page, answers, "check", tmp_path)
    submit(page, answers)

    requests = list(Application.objects.order_by("pk"))
    assert [r.fee_quote_total for r in requests] == [
        Decimal("93.00"),
        Decimal("93.00"),
        Decimal("46.50"),
        Decimal("46.50"),
    ]
    assert len({r.family_id for r in requests}) == 1
    text = page.locator("main").inner_text()
    for request in requests:
        assert request.reference in text
    assert "46,50" in text


def test_reunification_of_a_child_of_a_foreign_parent_shows_the_capped_period(page, tmp_path):
    start(page, "/aufenthaltserlaubnis/familiennachzug/")
    answers = step_answers(
        "family_reunification",
        relation={"relation": "child_of_foreigner"},
        personal=dict(step_answers()["personal"], date_of_birth="10.06.2015", given_names="Can"),
    )
    answers["sponsor"]["sponsor_title_valid_until"] = day(200)
    answers["duration"] = {"valid_from": day(31), "valid_until": day(200)}
    answer_until(page, answers, "duration", tmp_path)
    # The duration page states the ceiling (§ 27 (4) AufenthG: the parent's title).
    assert "Aufenthaltstitel der Person" in page.locator(".duration-maximum").inner_text()
    answer_until(page, answers, "check", tmp_path)
    period = page.locator("#section-period").locator("xpath=..").inner_text()
    assert day(200) in period
    submit(page, answers)
    application = Application.objects.get()
    assert application.max_permit_until.strftime("%d.%m.%Y") == day(200)
    assert application.must_bring_sponsor


def test_release_of_a_blocked_account(page, tmp_path):
    start(page, "/sperrvermerk/aufhebung/")
    answers = step_answers("blocked_account_release")
    answer_until(page, answers, "check", tmp_path)
    summary = page.locator("main").inner_text()
    assert "DE89370400440532013000" in summary or "DE89 3704" in summary
    submit(page, answers)
    application = Application.objects.get()
    assert application.kind == "blocked_account_release"
    assert application.uploads.filter(requirement="passport").exists()
