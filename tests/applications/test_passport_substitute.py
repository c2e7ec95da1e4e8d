"""The travel document for foreigners (seed 001 "Deutsches Passersatzpapier", §§ 5 to 7, 48
AufenthV): a guest's walk to the receipt, its checklist, its fee and its questions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from applications.models import Application
from tests.factories import DraftFactory, draft_open
from tests.journeys import day, post_step, step_answers, step_url, walk

pytestmark = pytest.mark.django_db

KIND = "passport_substitute"


def requirements_of(client) -> list[str]:
    page = client.get(step_url(KIND, "documents"))
    return [requirement.code for requirement in page.context["form"].requirements]


def test_a_guest_files_the_request_and_gets_the_receipt(client):
    response = walk(client, KIND, step_answers(KIND), upload=True)
    application = Application.objects.get()
    assert response["Location"] == f"/antrag/{application.reference}/"
    assert application.kind == KIND
    # Subsidiary protection, 36 years old: § 48 (1) Satz 1 Nr. 1c AufenthV, since 1 May 2025.
    assert application.fee_quote_total == Decimal("70.00")
    assert application.answers["ps_status"]["status"] == "subsidiary_protection"
    assert application.answers["ps_passport"]["passport_number"] == "N0123456"
    # The person and the address of form 002, not asked again.
    assert application.answers["personal"]["surname"] == "Yılmaz"
    assert "passport" not in application.answers  # section 2 is replaced by ps_passport
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert application.reference in page.content.decode()
    receipt = client.get(f"/antrag/{application.reference}/eingangsbestaetigung.pdf")
    assert receipt.status_code == 200


@pytest.mark.parametrize(
    ("status", "national_passport", "expected"),
    [
        (
            "subsidiary_protection",
            "expired",
            [
                "biometric_photo",
                "current_title",
                "passport_efforts",
                "bamf_decision",
                "last_passport",
            ],
        ),
        (
            "resettlement",
            "never",
            ["biometric_photo", "current_title", "passport_efforts", "bamf_decision"],
        ),
        (
            "other",
            "lost",
            ["biometric_photo", "current_title", "passport_efforts", "last_passport"],
        ),
        ("other", "never", ["biometric_photo", "current_title", "passport_efforts"]),
    ],
)
def test_the_checklist_follows_the_status_and_the_last_passport(
    client, status, national_passport, expected
):
    answers = step_answers(
        KIND,
        ps_status={"status": status, "status_details": "Aufenthaltserlaubnis § 25 Abs. 3"},
        ps_passport={
            "national_passport": national_passport,
            "issued_by": "Botschaft Berlin" if national_passport != "never" else "",
        },
    )
    draft_open(client, DraftFactory(kind=KIND, at_step="documents", at_step__answers=answers))
    assert requirements_of(client) == expected


@pytest.mark.parametrize(
    ("personal_birth", "status", "travel", "total"),
    [
        ("14.03.1990", "other", {"travel_planned": "no"}, Decimal("100.00")),
        ("14.03.2010", "other", {"travel_planned": "no"}, Decimal("97.00")),
        ("14.03.2010", "resettlement", {"travel_planned": "no"}, Decimal("38.00")),
        # A child under twelve: the office chooses the document and sets the fee.
        ("14.03.2020", "other", {"travel_planned": "no"}, None),
        (
            "14.03.1990",
            "subsidiary_protection",
            {
                "travel_planned": "yes",
                "destination": "Türkei",
                "travel_purpose": "Beerdigung meines Vaters",
                "departure": day(10),
                "return_date": day(20),
                "provisional": "on",
            },
            Decimal("26.00"),
        ),
    ],
)
def test_the_fee_of_the_request_is_the_one_of_section_48(
    client, personal_birth, status, travel, total
):
    answers = step_answers(
        KIND,
        personal=dict(step_answers()["personal"], date_of_birth=personal_birth),
        ps_status={"status": status, "status_details": "Duldung"},
        ps_travel=travel,
    )
    walk(client, KIND, answers)
    assert Application.objects.get().fee_quote_total == total


@pytest.mark.parametrize(
    ("step", "values", "field"),
    [
        ("ps_passport", {"national_passport": "expired"}, "issued_by"),
        ("ps_status", {"status": "other"}, "status_details"),
        ("ps_efforts", {"reason": "refused", "efforts": ""}, "efforts"),
        ("ps_travel", {"travel_planned": "yes"}, "destination"),
        ("ps_travel", {"travel_planned": "no", "provisional": "on"}, "departure"),
        (
            "ps_travel",
            {"travel_planned": "no", "departure": day(20), "return_date": day(10)},
            "return_date",
        ),
    ],
)
def test_missing_or_contradictory_answers_are_refused_next_to_their_field(
    client, step, values, field
):
    walk(client, KIND, step_answers(KIND), until=step)
    response = post_step(client, KIND, step, values)
    assert response.status_code == 200
    assert field in response.context["form"].errors


def test_an_account_holder_files_it_and_finds_it_under_my_requests(client, django_user_model):
    user = django_user_model.objects.create_user(
        "ayse", email="ayse@example.org", password="Mein-sicheres-Passwort-2026"
    )
    client.force_login(user)
    walk(client, KIND, step_answers(KIND))
    application = Application.objects.get()
    assert application.owner == user
    html = client.get(reverse("applications:my-requests")).content.decode()
    assert application.reference in html
    assert "Reiseausweis für Ausländer" in html
