"""The residence-permit wizard through the test client: order, branches, saving, submission."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from applications.models import Application, Upload
from portal.models import Draft
from tests.factories import DraftFactory, draft_open
from tests.journeys import post_step, step_answers, step_url, walk

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "kind",
    [
        "issue",
        "renewal",
        "change_of_conditions",
        "family_reunification",
        "blocked_account_release",
        "naturalisation",
    ],
)
def test_each_kind_can_be_filed_completely(client, kind):
    response = walk(client, kind, step_answers(kind))
    assert response.status_code == 302
    application = Application.objects.get()
    assert response["Location"] == reverse(
        "applications:confirmation", kwargs={"reference": application.reference}
    )
    assert application.kind == kind
    assert application.surname == "Yılmaz"
    assert application.answers["personal"]["place_of_birth"] == "Izmir"
    assert Draft.objects.get().submitted_reference == application.reference
    assert Draft.objects.get().state == {}
    page = client.get(response["Location"])
    assert application.reference in page.content.decode()


@pytest.mark.parametrize(
    ("kind", "photo", "family"),
    [
        ("renewal", True, True),
        ("change_of_conditions", False, True),
        ("blocked_account_release", False, False),
    ],
)
def test_the_confirmation_says_what_this_request_needs(client, kind, photo, family):
    response = walk(client, kind, step_answers(kind))
    html = client.get(response["Location"]).content.decode()
    assert ("ein biometrisches Lichtbild" in html) is photo
    assert ("Antrag für ein Familienmitglied" in html) is family
    assert ('id="family"' in html) is family
    if not family:  # nor can it be started by hand
        reference = Application.objects.get().reference
        started = client.post(
            reverse("applications:family-member", kwargs={"reference": reference}),
            {"relation": "spouse"},
        )
        assert started.status_code == 404


def test_renewal_with_upload_gets_a_receipt_with_every_answer(client):
    response = walk(client, "renewal", step_answers("renewal"), upload=True)
    application = Application.objects.get()
    assert Upload.objects.get().application == application
    receipt = client.get(
        reverse("applications:receipt", kwargs={"reference": application.reference})
    )
    assert receipt.status_code == 200
    assert receipt["Content-Disposition"].startswith("attachment")
    assert receipt["X-Content-Type-Options"] == "nosniff"
    text = "\n".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(b"".join(receipt.streaming_content))).pages
    )
    for expected in (
        application.reference,
        "Yılmaz",
        "Izmir",
        "AOK Bayern",
        "Muster GmbH",
        "93,00",
    ):
        assert expected in text, expected
    assert response.status_code == 302


def test_the_receipt_lists_each_document_with_its_own_files(client):
    walk(client, "renewal", step_answers("renewal"), upload=("passport", "housing"))
    application = Application.objects.get()
    receipt = client.get(
        reverse("applications:receipt", kwargs={"reference": application.reference})
    )
    text = "\n".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(b"".join(receipt.streaming_content))).pages
    )
    lines = [line.strip() for line in text.splitlines()]
    assert any(line.endswith("pass.pdf") for line in lines), lines
    assert any(line.endswith("housing.pdf") for line in lines), lines
    assert not any("pass.pdf," in line or "housing.pdf," in line for line in lines)


def test_a_child_born_in_germany_is_on_time_within_six_months_of_birth(client):
    from datetime import date, timedelta

    from django.utils import timezone

    from portal.periods import add_months

    born = timezone.localdate() - timedelta(days=40)
    answers = step_answers(
        "issue",
        personal={**step_answers()["personal"], "date_of_birth": born.strftime("%d.%m.%Y")},
        entry={"entry_type": "born_in_germany", "last_entry": ""},
    )
    draft_open(client, DraftFactory(kind="issue", at_step="check", at_step__answers=answers))
    check = client.get(step_url("issue", "check"))
    deadline = check.context["deadline"]
    assert deadline.on_time is True
    assert deadline.deadline == add_months(born, 6)
    assert deadline.effect == "stay_deemed_permitted"
    assert "sechs Monaten nach der Geburt" in check.content.decode()
    # Not asked: the visa step, and the date of entry.
    assert "visa" not in {
        section.step for part in check.context["sections"] for section in part.steps
    }
    response = walk(client, "issue", answers)
    assert response.status_code == 302
    application = Application.objects.get()
    assert (application.filed_on_time, application.deadline_effect) == (
        True,
        "stay_deemed_permitted",
    )
    assert application.deadline == add_months(born, 6)
    assert application.answers["entry"]["last_entry"] is None
    assert isinstance(application.deadline, date)


def test_a_first_request_from_someone_holding_a_title_keeps_that_title_valid(client):
    """§ 81 (4) sentence 1 AufenthG: a request for another title before the one held
    ends; judged by the entry visa (expired in 2023), it would be late."""
    from datetime import timedelta

    from django.utils import timezone

    held = step_answers("issue", title_held={"holds_title": "yes"})
    draft_open(client, DraftFactory(kind="issue", at_step="check", at_step__answers=held))
    check = client.get(step_url("issue", "check"))
    deadline = check.context["deadline"]
    assert deadline.on_time is True
    assert deadline.effect == "title_continues"
    documents = client.get(step_url("issue", "documents")).context["form"].requirements
    assert "current_title" in {item.code for item in documents}

    walk(client, "issue", held)
    application = Application.objects.get()
    assert application.filed_on_time is True
    assert application.current_title_valid_until == timezone.localdate() + timedelta(days=30)


def test_a_first_request_without_a_title_is_judged_by_the_entry_and_not_asked_for_one(client):
    answers = step_answers("issue")
    assert answers["title_held"] == {"holds_title": "no"}
    draft_open(client, DraftFactory(kind="issue", at_step="check", at_step__answers=answers))
    check = client.get(step_url("issue", "check"))
    assert check.context["deadline"].on_time is False  # the visa ended on 14.11.2023
    steps = {section.step for part in check.context["sections"] for section in part.steps}
    assert "title_held" in steps
    assert "issue_current_title" not in steps
    documents = client.get(step_url("issue", "documents")).context["form"].requirements
    assert "current_title" not in {item.code for item in documents}


def test_optional_is_said_only_of_answers_that_may_always_stay_empty(client):
    import re

    def labels(step):
        html = client.get(step_url("issue", step)).content.decode()
        return {
            name: "(optional)" in label
            for name, label in re.findall(
                r'<label class="kern-label" for="id_[\w]+-(\w+)">(.*?)</label>', html
            )
        }

    answers = step_answers("issue")
    draft_open(client, DraftFactory(kind="issue", at_step="check", at_step__answers=answers))
    # Needed unless born in Germany (its hint says so): not "(optional)".
    assert labels("entry")["last_entry"] is False
    assert labels("visa")["visa_duration_days"] is True
    assert labels("visa")["visa_number"] is False


def test_the_entry_date_is_asked_unless_born_in_germany(client):
    answers = step_answers("issue")
    draft_open(client, DraftFactory(kind="issue", at_step="entry", at_step__answers=answers))
    response = post_step(client, "issue", "entry", {"entry_type": "visa_exempt", "last_entry": ""})
    assert response.status_code == 200
    assert "last_entry" in response.context["form"].errors
    page = response.content.decode()
    assert "Geben Sie den Tag Ihrer letzten Einreise an" in page
    assert "<title>Fehler:" in page


def test_the_declaration_cites_the_expulsion_interests_in_force(client):
    """Form 002's § 55 (2) nos. 1 and 2 AufenthG are § 54 (2) nos. 8 and 9 since 2016."""
    answers = step_answers("renewal")
    draft_open(
        client, DraftFactory(kind="renewal", at_step="declaration", at_step__answers=answers)
    )
    html = client.get(step_url("renewal", "declaration")).content.decode()
    assert "§ 54 Abs. 2 Nr. 8" in html
    assert "§ 54 Abs. 2 Nr. 9" in html
    assert "§ 55 Abs. 2" not in html


@pytest.mark.parametrize(
    ("years", "filed_by", "accepted"),
    [
        (17, "applicant", False),  # § 80 (1) AufenthG: under 18 never alone
        (17, "representative", True),
        (18, "applicant", True),  # from the 18th birthday on
        (40, "applicant", True),
    ],
)
def test_only_an_adult_submits_alone(client, years, filed_by, accepted):
    from django.utils import timezone

    from portal.periods import date_of_age

    today = timezone.localdate()
    born = today.replace(year=today.year - years)
    if date_of_age(born, years) > today:  # 29 February
        born = born.replace(day=28)
    declaration = {"filed_by": filed_by, "place": "Nürnberg", "confirm": "on"}
    if filed_by == "representative":
        declaration["representative_name"] = "Fatma Yılmaz"
    answers = step_answers(
        "renewal",
        personal={**step_answers()["personal"], "date_of_birth": born.strftime("%d.%m.%Y")},
        declaration=declaration,
    )
    draft_open(
        client, DraftFactory(kind="renewal", at_step="declaration", at_step__answers=answers)
    )
    response = post_step(client, "renewal", "declaration", declaration)
    if accepted:
        assert response.status_code == 302
        assert Application.objects.count() == 1
    else:
        assert response.status_code == 200
        errors = [str(e) for e in response.context["form"].errors["filed_by"]]
        assert errors == [
            "Sie sind noch nicht 18 Jahre alt: Ihre gesetzliche Vertretung (meist die "
            "Eltern) stellt den Antrag für Sie. Wählen Sie „Gesetzliche Vertretung“ und "
            "geben Sie den Namen an."
        ]
        assert Application.objects.count() == 0
