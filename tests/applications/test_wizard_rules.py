"""Security and robustness of the wizard: order, sessions, resume, double submit, queries."""

from __future__ import annotations

import io
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from applications import conditions
from applications.models import Application, Upload
from applications.views import JOURNEYS, RESUME_FAILED
from portal.forms import NOT_LATIN
from portal.models import Draft
from tests.factories import DraftFactory, draft_open
from tests.journeys import post_step, start, step_answers, step_url, walk
from tests.sample_files import tiny_pdf

pytestmark = pytest.mark.django_db

KIND = "renewal"
DONE = "absenden"


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def stored_steps() -> set[str]:
    state = Draft.objects.get().state
    return set(state.get("step_data", {}))


def test_a_later_step_cannot_be_posted_first(client):
    start(client, KIND)
    response = post_step(client, KIND, "legal", step_answers()["legal"])
    assert response.status_code == 302
    assert response["Location"] == step_url(KIND, "personal")
    assert "legal" not in stored_steps()


def test_a_tampered_step_name_is_refused(client):
    start(client, KIND)
    payload = {
        f"{JOURNEYS[KIND].journey}-current_step": "legal",
        **{f"legal-{k}": v for k, v in step_answers()["legal"].items()},
    }
    response = client.post(step_url(KIND, "personal"), payload)
    assert response["Location"] == step_url(KIND, "personal")
    assert stored_steps() == set()


def test_a_later_step_cannot_be_opened_before_the_earlier_ones(client):
    start(client, KIND)
    post_step(client, KIND, "personal", step_answers()["personal"])
    response = client.get(step_url(KIND, "declaration"))
    assert response["Location"] == step_url(KIND, "nationality")


def test_submitting_with_steps_missing_creates_nothing(client):
    start(client, KIND)
    response = client.get(step_url(KIND, DONE))
    assert response.status_code == 302
    assert response["Location"] == step_url(KIND, "personal")
    assert not Application.objects.exists()


def test_going_back_shows_what_was_entered(client):
    start(client, KIND)
    post_step(client, KIND, "personal", step_answers()["personal"])
    page = client.get(step_url(KIND, "personal")).content.decode()
    assert 'value="Yılmaz"' in page
    assert 'value="14.03.1990"' in page


def test_nothing_is_lost_when_the_session_ends_the_resume_code_brings_it_back(client):
    start(client, KIND)
    post_step(client, KIND, "personal", step_answers()["personal"])
    page = client.get(step_url(KIND, "nationality")).content.decode()
    code = re.search(r'<strong class="resume-code">([^<]+)</strong>', page).group(1)

    other = Client()  # a new browser: the old session is gone
    assert other.get(step_url(KIND, "personal"))["Location"].endswith("/verlaengerung/")
    response = other.post(reverse("applications:resume"), {"code": code.lower().replace("-", " ")})
    assert response.status_code == 302
    # Where it was left: the first unanswered step, not page 1.
    assert response["Location"].endswith("/absenden/")
    assert other.get(response["Location"])["Location"] == step_url(KIND, "nationality")
    page = other.get(step_url(KIND, "personal")).content.decode()
    assert 'value="Yılmaz"' in page
    assert other.get(step_url(KIND, "nationality")).status_code == 200


def test_a_wrong_resume_code_gets_one_answer_for_every_mistake(client):
    bad = client.post(reverse("applications:resume"), {"code": "ABCD-EFGH-JKMN-P"})
    typo = client.post(reverse("applications:resume"), {"code": "nonsense"})
    assert bad.status_code == typo.status_code == 200
    assert str(RESUME_FAILED) in bad.content.decode()
    assert bad.context["form"].errors == typo.context["form"].errors


def test_resume_attempts_are_rate_limited(client):
    for _attempt in range(10):
        client.post(reverse("applications:resume"), {"code": "ABCD-EFGH-JKMN-P"})
    assert client.post(reverse("applications:resume"), {"code": "x"}).status_code == 429


def test_another_session_cannot_see_a_request_or_its_receipt(client):
    walk(client, KIND, step_answers())
    reference = Application.objects.get().reference
    stranger = Client()
    for name in ("applications:confirmation", "applications:receipt"):
        assert stranger.get(reverse(name, kwargs={"reference": reference})).status_code == 404
    assert (
        stranger.post(
            reverse("applications:family-member", kwargs={"reference": reference}),
            {"relation": "child"},
        ).status_code
        == 404
    )


def test_double_submit_creates_one_request(client):
    walk(client, KIND, step_answers())
    again = client.get(step_url(KIND, DONE))
    assert Application.objects.count() == 1
    assert again["Location"] == reverse(
        "applications:confirmation", kwargs={"reference": Application.objects.get().reference}
    )
    repost = post_step(client, KIND, "declaration", step_answers()["declaration"])
    assert repost.status_code == 302
    assert Application.objects.count() == 1


def _csrf_token(page) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert match, "the page renders no CSRF token"
    return match.group(1)


def test_the_request_is_filed_by_the_post_of_the_declaration_with_its_csrf_token(client):
    """SECURITY-BAR line 11: filing is a POST with CSRF, exactly as the page renders it."""
    draft_open(
        client, DraftFactory(kind=KIND, at_step="declaration", at_step__answers=step_answers())
    )
    client.handler.enforce_csrf_checks = True
    page = client.get(step_url(KIND, "declaration"))
    assert page.status_code == 200
    assert 'method="post"' in page.content.decode()
    declaration = {
        f"{JOURNEYS[KIND].journey}-current_step": "declaration",
        **{f"declaration-{key}": value for key, value in step_answers()["declaration"].items()},
    }

    forged = client.post(step_url(KIND, "declaration"), declaration)  # no token: another site
    assert forged.status_code == 403
    assert not Application.objects.exists()

    filed = client.post(
        step_url(KIND, "declaration"),
        {**declaration, "csrfmiddlewaretoken": _csrf_token(page)},
    )
    application = Application.objects.get()
    assert filed.status_code == 302
    assert filed["Location"] == reverse(
        "applications:confirmation", kwargs={"reference": application.reference}
    )
    assert Draft.objects.get().submitted_reference == application.reference


def test_a_get_of_the_done_step_files_nothing_and_shows_the_declaration_again(client):
    """A link from another site to …/absenden/ (the session cookie is SameSite=Lax, so it
    comes along) must not file a draft whose declaration is already saved."""
    draft_open(
        client, DraftFactory(kind=KIND, at_step="declaration", at_step__answers=step_answers())
    )
    draft = Draft.objects.get()
    state = draft.state
    state["step_data"]["declaration"] = {
        f"{JOURNEYS[KIND].journey}-current_step": ["declaration"],
        **{f"declaration-{key}": [value] for key, value in step_answers()["declaration"].items()},
    }
    draft.state = state
    draft.save(update_fields=["state"])

    response = client.get(step_url(KIND, DONE))
    assert response.status_code == 302
    assert response["Location"] == step_url(KIND, "declaration")
    assert not Application.objects.exists()
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page.context["wizard"]["steps"].current == "declaration"
    assert not Application.objects.exists()
    assert Draft.objects.get().submitted_reference == ""


def test_csrf_is_required_on_every_step():
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("applications:verlaengerung-start"))
    response = client.post(reverse("applications:verlaengerung-start"))
    assert response.status_code == 403
    assert not Draft.objects.exists()


def test_get_requests_change_nothing(client):
    start(client, KIND)
    before = (Draft.objects.count(), Application.objects.count(), Upload.objects.count())
    for step in ("personal", "check", "declaration", DONE):
        client.get(step_url(KIND, step))
    client.get(reverse("applications:verlaengerung-start"))
    assert (Draft.objects.count(), Application.objects.count(), Upload.objects.count()) == before
    assert stored_steps() == set()


def test_names_in_other_scripts_get_the_passport_hint(client):
    start(client, KIND)
    answers = dict(step_answers()["personal"], surname="Иванов")
    response = post_step(client, KIND, "personal", answers)
    assert response.status_code == 200
    assert response.context["form"].errors["surname"] == [str(NOT_LATIN)]
    assert "<title>Fehler:" in response.content.decode()


def test_voluntary_fields_are_valid_empty_and_not_prefilled(client):
    start(client, KIND)
    post_step(client, KIND, "personal", step_answers()["personal"])
    post_step(client, KIND, "nationality", step_answers()["nationality"])
    page = client.get(step_url(KIND, "voluntary"))
    for name in ("ethnicity", "religion", "phone", "fax", "email"):
        field = page.context["form"][name]
        assert field.value() in (None, "")
        assert not field.field.required
    assert post_step(client, KIND, "voluntary", {}).status_code == 302


def test_an_upload_of_another_draft_cannot_be_removed(client):
    start(client, KIND)
    other_draft = Draft.objects.create(journey="permit-verlaengerung", resume_code_digest="f" * 64)
    upload = Upload.objects.create(
        draft=other_draft,
        requirement="passport",
        file="uploads/x.pdf",
        display_name="x.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
    )
    draft_open(
        client, DraftFactory(kind=KIND, at_step="documents", at_step__answers=step_answers())
    )
    client.post(
        step_url(KIND, "documents"),
        {f"{JOURNEYS[KIND].journey}-current_step": "documents", "remove_upload": str(upload.pk)},
    )
    assert Upload.objects.filter(pk=upload.pk).exists()


def test_an_upload_with_the_wrong_content_is_refused_next_to_its_field(client):
    draft_open(
        client, DraftFactory(kind=KIND, at_step="documents", at_step__answers=step_answers())
    )
    html = io.BytesIO(b"<html><script>alert(1)</script></html>")
    html.name = "pass.pdf"
    response = client.post(
        step_url(KIND, "documents"),
        {f"{JOURNEYS[KIND].journey}-current_step": "documents", "documents-file_passport": html},
    )
    assert response.status_code == 200
    assert "file_passport" in response.context["form"].errors
    assert not Upload.objects.exists()


def test_uploads_are_stored_under_generated_names(client):
    draft_open(
        client, DraftFactory(kind=KIND, at_step="documents", at_step__answers=step_answers())
    )
    pdf = io.BytesIO(tiny_pdf())
    pdf.name = "../../etc/passwd.pdf"
    data = {f"{JOURNEYS[KIND].journey}-current_step": "documents", "documents-file_passport": pdf}
    client.post(step_url(KIND, "documents"), data)
    upload = Upload.objects.get()
    assert upload.display_name == "passwd.pdf"
    assert "passwd" not in upload.file.name
    assert ".." not in upload.file.name


@pytest.mark.parametrize("children", [1, 8])
def test_steps_and_check_page_run_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, children
):
    answers = step_answers(children={"has_children": "yes"})
    child = {
        "surname": "Yılmaz",
        "given_names": "Can",
        "sex": "male",
        "date_of_birth": "01.01.2015",
        "place_of_birth": "Nürnberg",
        "nationality": "TR",
    }
    rows = {"TOTAL_FORMS": str(children), "INITIAL_FORMS": "0"}
    for index in range(children):
        rows.update({f"{index}-{key}": value for key, value in child.items()})
    answers["children_list"] = rows
    draft_open(client, DraftFactory(kind=KIND, at_step="check", at_step__answers=answers))
    with django_assert_max_num_queries(8):
        assert client.get(step_url(KIND, "check")).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(step_url(KIND, "legal")).status_code == 200


@pytest.mark.parametrize(
    ("predicate", "answers", "expected"),
    [
        (conditions.spouse_applies, {"marital": {"marital_status": "married"}}, True),
        (conditions.spouse_applies, {"marital": {"marital_status": "partnership"}}, True),
        (conditions.spouse_applies, {"marital": {"marital_status": "single"}}, False),
        (conditions.spouse_applies, {"marital": None}, False),
        (conditions.visa_applies, {"entry": {"entry_type": "national_visa"}}, True),
        (conditions.visa_applies, {"entry": {"entry_type": "schengen_visa"}}, True),
        (conditions.visa_applies, {"entry": {"entry_type": "visa_exempt"}}, False),
        (conditions.earlier_stays_listed, {"earlier_stays": {"earlier_stays": True}}, True),
        (conditions.earlier_stays_listed, {"earlier_stays": {"earlier_stays": False}}, False),
        (conditions.children_listed, {"children": {"has_children": True}}, True),
        (conditions.convictions_listed, {"legal": {"convicted": True}}, True),
        (conditions.convictions_listed, {"legal": {"convicted": False}}, False),
        (conditions.legal_details_apply, {"legal": {"convicted": True}}, False),
        (conditions.legal_details_apply, {"legal": {"expelled": True}}, True),
        (
            conditions.integration_applies,
            {"purpose_detail": {"purpose": "family.spouse_of_foreigner"}},
            True,
        ),
        (conditions.integration_applies, {"purpose_detail": {"purpose": "education.study"}}, False),
        (conditions.integration_applies, {"purpose_detail": None}, False),
    ],
)
def test_conditions(predicate, answers, expected):
    assert predicate(answers) is expected


def test_married_applicant_is_asked_about_the_spouse_and_convictions_after_yes(client):
    answers = step_answers(
        marital={"marital_status": "married"},
        legal={
            "convicted": "yes",
            "investigated": "no",
            "expelled": "no",
            "entry_refused": "no",
            "title_refused": "no",
        },
    )
    answers["spouse"] = {
        "surname": "Yılmaz",
        "given_names": "Emre",
        "sex": "male",
        "date_of_birth": "02.02.1988",
        "place_of_birth": "Ankara",
        "nationality": "TR",
        "residence_status": "residence_permit",
        "residence_valid_until": "31.12.2027",
    }
    answers["convictions"] = {
        "TOTAL_FORMS": "1",
        "INITIAL_FORMS": "0",
        "0-where": "germany",
        "0-date": "01.01.2020",
        "0-court": "AG Nürnberg",
        "0-offence": "Fahren ohne Fahrerlaubnis",
        "0-penalty": "30 Tagessätze",
    }
    walk(client, KIND, answers)
    stored = Application.objects.get().answers
    assert stored["spouse"]["given_names"] == "Emre"
    assert stored["convictions"][0]["court"] == "AG Nürnberg"
    assert "legal_details" not in stored


def test_family_member_request_is_prefilled_and_linked(client):
    walk(client, KIND, step_answers())
    first = Application.objects.get()
    response = client.post(
        reverse("applications:family-member", kwargs={"reference": first.reference}),
        {"relation": "child"},
    )
    assert response["Location"] == step_url(KIND, "personal")
    page = client.get(step_url(KIND, "address"))
    assert page.status_code == 302  # steps in order: personal comes first
    walk_answers = step_answers(personal=dict(step_answers()["personal"], given_names="Can"))
    for step in ("personal", "nationality", "voluntary", "marital", "passport"):
        post_step(client, KIND, step, walk_answers[step])
    address = client.get(step_url(KIND, "address"))
    assert address.context["form"]["postcode"].value() == "90403"
    first.refresh_from_db()
    assert first.family_id is not None
    assert Draft.objects.filter(family_id=first.family_id, submitted_reference="").count() == 1


def test_a_change_from_the_check_page_returns_there_and_new_steps_are_asked(client):
    draft_open(client, DraftFactory(kind=KIND, at_step="check", at_step__answers=step_answers()))
    check = client.get(step_url(KIND, "check")).content.decode()
    assert f'href="{step_url(KIND, "health")}?return=check"' in check
    assert '<span class="kern-sr-only">: ' in check  # hidden text names the answer

    response = client.post(
        step_url(KIND, "health") + "?return=check",
        {
            f"{JOURNEYS[KIND].journey}-current_step": "health",
            "health-illnesses": "no",
            "health-insurer": "TK",
        },
    )
    assert response["Location"] == step_url(KIND, "check")

    # Becoming married adds the spouse step: it is asked before returning.
    response = client.post(
        step_url(KIND, "marital") + "?return=check",
        {f"{JOURNEYS[KIND].journey}-current_step": "marital", "marital-marital_status": "married"},
    )
    assert response["Location"] == step_url(KIND, "spouse") + "?return=check"
    assert client.get(step_url(KIND, "check"))["Location"].startswith(step_url(KIND, "spouse"))
