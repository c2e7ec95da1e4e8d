"""The certificate of German citizenship (seed 003, § 30 StAG): a guest's walk to the
receipt, the parents and grandparents asked only for a citizenship by descent, the
checklist, the fee of 51 euros."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from applications.models import Application
from tests.factories import DraftFactory, draft_open
from tests.journeys import post_step, start, step_answers, step_url, walk

pytestmark = pytest.mark.django_db

KIND = "citizenship_certificate"


def answers(**overrides):
    return step_answers(KIND, nationality={"nationality": "DE"}, **overrides)


def requirements_of(client) -> list[str]:
    page = client.get(step_url(KIND, "documents"))
    return [requirement.code for requirement in page.context["form"].requirements]


def test_a_guest_files_the_request_by_descent_and_gets_the_receipt(client):
    response = walk(client, KIND, answers())
    application = Application.objects.get()
    assert response["Location"] == f"/antrag/{application.reference}/"
    assert application.kind == KIND
    assert application.fee_quote_total == Decimal("51.00")
    assert application.passport_number == "L01X00T47"
    assert application.answers["cc_parents"]["mother_birth_name"] == "Schmidt"
    assert application.answers["cc_grandparents"][0]["given_names"] == "Karl"
    assert application.answers["cc_residence"][0]["place"] == "Nürnberg"
    page = client.get(response["Location"])
    assert application.reference in page.content.decode()
    receipt = client.get(f"/antrag/{application.reference}/eingangsbestaetigung.pdf")
    assert receipt.status_code == 200


def test_after_a_naturalisation_neither_parents_nor_grandparents_are_asked(client):
    given = answers(
        cc_acquisition={
            "acquisition": "naturalisation",
            "certificate_authority": "Stadt Nürnberg",
            "certificate_date": "01.07.2015",
        }
    )
    walk(client, KIND, given)
    stored = Application.objects.get().answers
    assert "cc_parents" not in stored
    assert "cc_grandparents" not in stored


def test_grandparents_only_when_a_parent_is_german_by_descent_too(client):
    parents = dict(answers()["cc_parents"], mother_citizenship="naturalisation")
    walk(client, KIND, answers(cc_parents=parents))
    assert "cc_grandparents" not in Application.objects.get().answers


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (
            {},
            [
                "identity_document",
                "birth_certificate",
                "parents_birth_certificates",
                "parents_marriage_certificate",
                "grandparents_documents",
                "earlier_citizenship_documents",
            ],
        ),
        (
            {
                "marital": {"marital_status": "married"},
                "cc_identity": {"document": "none"},
                "cc_acquisition": {"acquisition": "adoption"},
            },
            ["birth_certificate", "marriage_certificate", "earlier_citizenship_documents"],
        ),
    ],
)
def test_the_checklist_follows_the_answers(client, overrides, expected):
    draft_open(
        client, DraftFactory(kind=KIND, at_step="documents", at_step__answers=answers(**overrides))
    )
    assert requirements_of(client) == expected


@pytest.mark.parametrize(
    ("step", "values", "field"),
    [
        ("cc_identity", {"document": "german_passport"}, "document_number"),
        ("cc_acquisition", {"acquisition": "naturalisation"}, "certificate_authority"),
        ("cc_acquisition", {"acquisition": "other"}, "details"),
        ("cc_parents", {"parents_married": "no"}, "mother_citizenship"),
        (
            "cc_parents",
            {"mother_citizenship": "descent", "parents_married": "yes"},
            "mother_surname",
        ),
        (
            "cc_parents",
            {**answers()["cc_parents"], "marriage_date": ""},
            "marriage_date",
        ),
    ],
)
def test_missing_answers_are_refused_next_to_their_field(client, step, values, field):
    walk(client, KIND, answers(), until=step)
    response = post_step(client, KIND, step, values)
    assert response.status_code == 200
    assert field in response.context["form"].errors


def test_the_purpose_is_optional(client):
    walk(client, KIND, answers(cc_purpose={}))
    assert Application.objects.get().answers["cc_purpose"]["purpose"] == ""


def test_a_guest_stops_and_resumes_with_the_code_in_another_browser(client):
    cache.clear()
    start(client, KIND)
    post_step(client, KIND, "personal", answers()["personal"])
    page = client.get(step_url(KIND, "nationality")).content.decode()
    code = re.search(r'<strong class="resume-code">([^<]+)</strong>', page).group(1)

    other = Client()
    response = other.post(reverse("applications:resume"), {"code": code})
    # Where it was left: the first unanswered step.
    assert other.get(response["Location"])["Location"] == step_url(KIND, "nationality")
    assert 'value="Yılmaz"' in other.get(step_url(KIND, "personal")).content.decode()
    assert other.get(step_url(KIND, "nationality")).status_code == 200
