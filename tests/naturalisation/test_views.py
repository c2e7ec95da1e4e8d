"""The quick check page (stores nothing) and the application it leads to."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import escape
from pypdf import PdfReader

from applications.models import Application
from portal.models import Draft
from tests.factories import DraftFactory, draft_open
from tests.journeys import (
    CHECK,
    post_step,
    step_answers,
    step_url,
    walk,
)

pytestmark = pytest.mark.django_db


def test_quick_check_answers_and_stores_nothing(client):
    response = client.post(reverse("naturalisation:quick-check"), CHECK)
    assert response.status_code == 200
    result = response.context["result"]
    assert result.route == "claim"
    assert {item.code: item.status for item in result.prerequisites} == {
        "identity": "met",
        "residence": "met",
        "knowledge": "met",
        "german": "met",
        "livelihood": "met",
        "no_conviction": "met",
        "commitment": "met",
    }
    assert response.context["fee"].total == Decimal("357.00")
    assert "357,00" in response.content.decode()
    assert not Draft.objects.exists()
    assert settings.SESSION_COOKIE_NAME not in response.cookies


@pytest.mark.parametrize(
    ("day", "shortened_note"),
    [("2025-10-29", False), ("2025-10-30", True)],
)
def test_quick_check_on_both_sides_of_30_october_2025(client, day, shortened_note):
    data = dict(
        CHECK,
        residence_since="01.09.2021",
        special_integration="yes",
        german_level="c1",
    )
    with time_machine.travel(f"{day} 10:00:00+01:00", tick=False):
        response = client.post(reverse("naturalisation:quick-check"), data)
    residence = next(i for i in response.context["result"].prerequisites if i.code == "residence")
    # Four years and two months: enough only on the shortened route, which ended on 30.10.2025.
    assert residence.status == ("not_met" if shortened_note else "met")
    assert (response.context["result"].shortened_route_note is not None) is shortened_note


def test_not_met_is_an_answer_not_an_error(client):
    response = client.post(
        reverse("naturalisation:quick-check"), dict(CHECK, commitment="no", test_score="12")
    )
    assert response.status_code == 200
    result = response.context["result"]
    assert result.route == "discretionary"
    assert "Regierung von Mittelfranken" in str(result.authority)


def test_quick_check_form_errors_are_specific(client):
    response = client.post(reverse("naturalisation:quick-check"), dict(CHECK, test_score=""))
    assert response.status_code == 200
    assert "test_score" in response.context["form"].errors
    assert "<title>Fehler:" in response.content.decode()


def test_the_start_address_opened_leads_to_the_quick_check_and_starts_nothing(client):
    from portal.models import Draft

    response = client.get(reverse("naturalisation:apply"))
    assert response.status_code == 302
    assert response["Location"] == reverse("naturalisation:quick-check")
    assert not Draft.objects.exists()


def test_the_quick_check_prefills_the_application(client):
    response = client.post(reverse("naturalisation:apply"), CHECK)
    assert response["Location"] == step_url("naturalisation", "personal")
    answers = step_answers("naturalisation")
    for step in ("personal", "nationality", "voluntary", "marital", "passport", "address"):
        post_step(client, "naturalisation", step, answers[step])
    post_step(client, "naturalisation", "nat_residence_history", answers["nat_residence_history"])
    post_step(client, "naturalisation", "current_title", answers["current_title"])
    page = client.get(step_url("naturalisation", "nat_language"))
    assert page.context["form"]["german_level"].value() == "b1"
    assert page.context["form"]["german_proof"].value() == "certificate"


def test_application_with_two_children_costs_357_and_the_receipt_says_so(client):
    answers = step_answers("naturalisation", nat_children={"naturalise_children": "yes"})
    answers["nat_children_list"] = {
        "TOTAL_FORMS": "2",
        "INITIAL_FORMS": "0",
        "0-surname": "Yılmaz",
        "0-given_names": "Can",
        "0-date_of_birth": "01.06.2015",
        "0-place_of_birth": "Nürnberg",
        "0-nationality": "TR",
        "0-own_income": "no",
        "1-surname": "Yılmaz",
        "1-given_names": "Deniz",
        "1-date_of_birth": "15.09.2018",
        "1-place_of_birth": "Nürnberg",
        "1-nationality": "TR",
        "1-own_income": "no",
    }
    walk(client, "naturalisation", answers)
    application = Application.objects.get()
    assert application.kind == "naturalisation"
    assert application.fee_quote_total == Decimal("357.00")
    receipt = client.get(
        reverse("applications:receipt", kwargs={"reference": application.reference})
    )
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(b"".join(receipt.streaming_content))).pages
    )
    for expected in (application.reference, "357,00", "Deniz", "25"):
        assert expected in text, expected


def test_an_adult_child_cannot_be_co_naturalised(client):
    answers = step_answers("naturalisation", nat_children={"naturalise_children": "yes"})
    draft_open(
        client,
        DraftFactory(kind="naturalisation", at_step="nat_children_list", at_step__answers=answers),
    )
    response = client.post(
        step_url("naturalisation", "nat_children_list"),
        {
            "permit-beantragen-current_step": "nat_children_list",
            "nat_children_list-TOTAL_FORMS": "1",
            "nat_children_list-INITIAL_FORMS": "0",
            "nat_children_list-0-surname": "Yılmaz",
            "nat_children_list-0-given_names": "Ali",
            "nat_children_list-0-date_of_birth": "01.01.2000",
            "nat_children_list-0-place_of_birth": "Izmir",
            "nat_children_list-0-nationality": "TR",
            "nat_children_list-0-own_income": "no",
        },
    )
    assert response.status_code == 200
    assert "date_of_birth" in response.context["form"].forms[0].errors


def test_a_child_with_income_of_their_own_costs_255_and_the_question_is_asked(client):
    answers = step_answers("naturalisation", nat_children={"naturalise_children": "yes"})
    child = {
        "surname": "Yılmaz",
        "given_names": "Can",
        "date_of_birth": "01.06.2009",
        "place_of_birth": "Nürnberg",
        "nationality": "TR",
    }
    draft_open(
        client,
        DraftFactory(kind="naturalisation", at_step="nat_children_list", at_step__answers=answers),
    )
    missing = client.post(
        step_url("naturalisation", "nat_children_list"),
        {
            "permit-beantragen-current_step": "nat_children_list",
            "nat_children_list-TOTAL_FORMS": "1",
            "nat_children_list-INITIAL_FORMS": "0",
            **{f"nat_children_list-0-{key}": value for key, value in child.items()},
        },
    )
    assert missing.status_code == 200
    assert "own_income" in missing.context["form"].forms[0].errors
    assert "eigene Einkünfte" in missing.content.decode()
    answers["nat_children_list"] = {
        "TOTAL_FORMS": "2",
        "INITIAL_FORMS": "0",
        **{f"0-{key}": value for key, value in child.items()},
        "0-own_income": "yes",
        **{f"1-{key}": value for key, value in child.items()},
        "1-given_names": "Deniz",
        "1-date_of_birth": "15.09.2018",
        "1-own_income": "no",
    }
    draft_open(
        client, DraftFactory(kind="naturalisation", at_step="check", at_step__answers=answers)
    )
    check = client.get(step_url("naturalisation", "check"))
    assert check.context["fee"].total == Decimal("561.00")
    walk(client, "naturalisation", answers)
    application = Application.objects.get()
    assert application.fee_quote_total == Decimal("561.00")
    assert [child["own_income"] for child in application.answers["nat_children_list"]] == [
        True,
        False,
    ]
    amounts = [item["amount"] for item in application.fee_quote_items]
    assert amounts == ["255.00", "51.00", "255.00"]


# --- Issue 17: the questions the rules need, asked and answered through the page ----------


def check_page(client, **changes):
    return client.post(reverse("naturalisation:quick-check"), {**CHECK, **changes})


def test_benefits_with_full_time_work_keep_the_claim_route(client):
    response = check_page(
        client,
        receives_benefits="yes",
        livelihood_secured="no",
        full_time_employed="yes",
        full_time_months="22",
        partner_full_time="no",
    )
    result = response.context["result"]
    assert result.prerequisite("livelihood").status == "met"
    assert result.route == "claim"
    assert "22 der letzten 24 Monate" in response.content.decode()


def test_benefits_without_an_exception_are_not_met_and_route_to_the_regierung(client):
    response = check_page(
        client,
        receives_benefits="yes",
        livelihood_secured="no",
        full_time_employed="no",
        partner_full_time="no",
    )
    assert response.context["result"].prerequisite("livelihood").status == "not_met"
    assert response.context["result"].route == "discretionary"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"receives_benefits": "yes"}, "full_time_employed"),
        ({"receives_benefits": "yes", "full_time_employed": "yes", "partner_full_time": "no"},
         "full_time_months"),
        ({"receives_benefits": "yes", "full_time_employed": "no", "partner_full_time": "no",
          "guest_worker": "yes"}, "benefits_beyond_control"),
        ({"convicted": "yes", "serious_sentence": "no", "measure_ordered": "no"}, "hate_motive"),
        ({"receives_benefits": "yes", "full_time_employed": "yes", "full_time_months": "25",
          "partner_full_time": "no"}, "full_time_months"),
        ({"minor_children": "1", "minor_children_with_income": "2"},
         "minor_children_with_income"),
    ],
)  # fmt: skip
def test_follow_up_questions_are_required_with_a_message_next_to_them(client, changes, field):
    response = check_page(client, **changes)
    assert response.status_code == 200
    assert "result" not in response.context
    assert field in response.context["form"].errors
    page = response.content.decode()
    assert "<title>Fehler:" in page
    assert escape(str(response.context["form"].errors[field][0])) in page


def test_a_conviction_above_the_limit_closes_both_routes_and_says_why(client):
    response = check_page(
        client,
        convicted="yes",
        hate_motive="no",
        serious_sentence="no",
        fine_daily_rates="120",
        suspended_prison_months="",
        measure_ordered="no",
    )
    assert response.status_code == 200
    result = response.context["result"]
    assert result.route == "none"
    assert result.prerequisite("no_conviction").status == "not_met"
    page = response.content.decode()
    assert "Derzeit steht keiner der beiden Wege zur Einbürgerung offen" in page
    assert "§ 8 Abs. 2 StAG" in page
    assert "Regierung von Mittelfranken" in page


def test_a_small_fine_is_disregarded_and_identity_unsure_is_to_be_checked(client):
    response = check_page(
        client,
        identity_clarified="unsure",
        convicted="yes",
        hate_motive="no",
        serious_sentence="no",
        fine_daily_rates="30",
        measure_ordered="no",
    )
    result = response.context["result"]
    assert result.prerequisite("no_conviction").status == "met"
    assert result.prerequisite("identity").status == "to_check"
    assert result.route == "claim"


def test_identity_not_clarified_is_an_answer_not_an_error(client):
    response = check_page(client, identity_clarified="no")
    assert response.status_code == 200
    assert response.context["result"].route == "none"
    assert "<title>Fehler:" not in response.content.decode()


def test_the_quick_check_fee_counts_children_with_income(client):
    response = check_page(client, minor_children="2", minor_children_with_income="1")
    assert response.context["fee"].total == Decimal("561.00")


def test_the_quick_check_page_asks_the_new_questions_in_sections(client):
    page = client.get(reverse("naturalisation:quick-check")).content.decode()
    for name in (
        "identity_clarified",
        "full_time_months",
        "partner_full_time",
        "benefits_beyond_control",
        "hate_motive",
        "fine_daily_rates",
        "suspended_prison_months",
        "minor_children_with_income",
    ):
        assert f'name="{name}"' in page, name
    assert "Sind Ihre Identität und Ihre Staatsangehörigkeit geklärt?" in page
    assert page.count('class="quick-check-section"') == 5


@time_machine.travel("2026-03-01 12:00")
def test_a_negative_result_leads_with_what_is_not_met_and_when(client):
    page = client.post(
        reverse("naturalisation:quick-check"), dict(CHECK, residence_since="01.09.2022")
    )
    text = page.content.decode()
    panel = text.index("not-met-panel")
    assert panel < text.index("route-panel")
    assert "Noch nicht erfüllt: eine Voraussetzung" in text
    assert "Jahre rechtmäßigen Aufenthalts" in text[panel:]
    when = date_format(date(2027, 9, 1), "DATE_FORMAT")
    assert f"Ihr Aufenthalt ist am {when} lang genug" in text[panel : text.index("route-panel")]
    start = text.index('action="/einbuergerung/antrag-starten/"')
    button = text[start : text.index("</form>", start)]
    assert "kern-btn--secondary" in button
    assert "kern-btn--primary" not in button


def test_a_positive_result_keeps_the_application_as_the_main_action(client):
    text = client.post(reverse("naturalisation:quick-check"), CHECK).content.decode()
    assert "not-met-panel" not in text
    start = text.index('action="/einbuergerung/antrag-starten/"')
    assert "kern-btn--primary" in text[start : text.index("</form>", start)]


# --- What the quick check knows is not asked again; the check page of the application ----


def test_the_quick_check_carries_over_the_residence_start_and_the_children(client):
    client.post(reverse("naturalisation:apply"), CHECK)
    answers = step_answers("naturalisation")
    for step in ("personal", "nationality", "voluntary", "marital", "passport", "address"):
        post_step(client, "naturalisation", step, answers[step])
    page = client.get(step_url("naturalisation", "nat_residence_history"))
    assert page.context["form"].forms[0]["period_from"].value() == "01.09.2018"
    assert 'value="01.09.2018"' in page.content.decode()
    assert "prefilled-note" in page.content.decode()
    walk_on = dict(answers)
    walk_on["nat_residence_history"] = dict(
        answers["nat_residence_history"], **{"0-period_from": "01.09.2018"}
    )
    for step in ("nat_residence_history", "current_title", "nat_language", "nat_knowledge"):
        post_step(client, "naturalisation", step, walk_on[step])
    for step in ("livelihood", "legal", "nat_former_citizenship"):
        post_step(client, "naturalisation", step, answers[step])
    page = client.get(step_url("naturalisation", "nat_children"))
    assert page.context["form"]["naturalise_children"].value() == "yes"
    post_step(client, "naturalisation", "nat_children", {"naturalise_children": "yes"})
    page = client.get(step_url("naturalisation", "nat_children_list"))
    assert len(page.context["form"].forms) == 2  # the two children of the quick check


def test_the_nationality_is_asked_once():
    from applications import kinds

    asked = {
        step: [name for name in form.base_fields if "citizenships" in name or "nationalit" in name]
        for step, form in kinds.form_list("naturalisation")
        if hasattr(form, "base_fields") and step != "nat_children_list"
    }
    assert {step for step, names in asked.items() if names} == {"nationality"}
    assert (
        "keep_citizenship"
        in dict(kinds.form_list("naturalisation"))["nat_former_citizenship"].base_fields
    )


def test_the_check_page_has_one_title_per_section_and_shows_the_commitment(client):
    from applications import kinds

    steps = kinds.get("naturalisation").steps
    assert steps.index("nat_commitment") < steps.index("documents") < steps.index("check")
    draft_open(
        client,
        DraftFactory(
            kind="naturalisation", at_step="check", at_step__answers=step_answers("naturalisation")
        ),
    )
    page = client.get(step_url("naturalisation", "check"))
    assert page.status_code == 200
    titles = [str(section.title) for section in page.context["sections"]]
    assert titles == [
        "Angaben zur Person",
        "Pass oder Passersatz",
        "Aufenthalt in Deutschland",
        "Deutschkenntnisse und Kenntnisse der Rechts- und Gesellschaftsordnung",
        "Lebensunterhalt",
        "Verurteilungen",
        "Staatsangehörigkeit und Kinder",
        "Bekenntniserklärung",
    ]
    commitment = page.context["sections"][-1].steps[0]
    assert commitment.step == "nat_commitment"
    assert [row.value for row in commitment.rows] == ["Ja"]
    text = page.content.decode()
    assert "/einbuergerung/beantragen/nat_commitment/?return=check" in text
    assert "keine Frist" not in text
    assert "Ist Ihr Antrag rechtzeitig" not in text


def test_the_naturalisation_fee_is_paid_with_the_application_as_its_pages_say(client):
    """Seed 003: "bereits bei beziehungsweise nach Antragsstellung bezahlen"; the
    quick check, the check page and the confirmation say so, not "at the appointment"."""
    said = "bei beziehungsweise nach der Antragstellung, nicht erst beim Termin"
    result = client.post(reverse("naturalisation:quick-check"), CHECK).content.decode()
    assert "Sie bezahlen diese Gebühr " + said in result
    answers = step_answers("naturalisation")
    check = client.get(walk(client, "naturalisation", answers, until="check")).content.decode()
    assert "Sie bezahlen diese Gebühr " + said in check
    confirmation = client.get(walk(client, "naturalisation", answers)["Location"], follow=True)
    page = confirmation.content.decode()
    assert "Voraussichtliche Gebühr: 255,00\xa0€. Sie bezahlen die Gebühr " + said in page
    assert "Sie bezahlen die Gebühr beim Termin." not in page


def test_a_renewal_s_fee_is_paid_at_the_appointment_as_the_confirmation_says(client):
    confirmation = client.get(walk(client, "renewal", step_answers("renewal"))["Location"])
    page = confirmation.content.decode()
    assert "Sie bezahlen die Gebühr beim Termin." in page
    assert "nach der Antragstellung" not in page
