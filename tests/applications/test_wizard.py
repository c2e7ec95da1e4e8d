"""The residence-permit wizard through the test client: order, branches, saving, submission."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from applications.models import Application, Upload
from applications.views import JOURNEYS
from portal.models import Draft
from tests.applications.journey import step_answers
from tests.portal.test_uploads_helpers import tiny_pdf

pytestmark = pytest.mark.django_db

SLUG = {
    "issue": "erteilung",
    "renewal": "verlaengerung",
    "change_of_conditions": "auflagenaenderung",
    "family_reunification": "familiennachzug",
    "blocked_account_release": "aufhebung",
    "naturalisation": "beantragen",
}


def step_url(kind: str, step: str) -> str:
    return reverse(f"applications:{SLUG[kind]}-step", kwargs={"step": step})


def start(client, kind: str):
    response = client.post(reverse(f"applications:{SLUG[kind]}-start"))
    assert response.status_code == 302
    return response


def post_step(client, kind, step, data, **extra):
    payload = {f"{JOURNEYS[kind].journey}-current_step": step}
    payload.update({f"{step}-{key}": value for key, value in data.items()})
    return client.post(step_url(kind, step), payload, **extra)


def walk(client, kind: str, answers: dict, *, until: str | None = None, upload: bool = False):
    """Answer every step in the order the wizard asks; returns the last response."""
    location = start(client, kind)["Location"]
    response = None
    while True:
        step = location.rstrip("/").split("/")[-1]
        if step == until:
            return location
        if step == "documents":
            response = post_documents(client, kind, upload=upload)
        else:
            response = post_step(client, kind, step, answers[step])
        assert response.status_code == 302, (step, response.content.decode()[:3000])
        location = response["Location"]
        if location.startswith("/antrag/"):
            return response


def post_documents(client, kind, *, upload=False):
    page = client.get(step_url(kind, "documents"))
    form = page.context["form"]
    data = {f"{JOURNEYS[kind].journey}-current_step": "documents"}
    for requirement in form.requirements:
        if upload and requirement.code == "passport":
            data[f"documents-file_{requirement.code}"] = io.BytesIO(tiny_pdf())
            data[f"documents-file_{requirement.code}"].name = "pass.pdf"
        else:
            data[f"documents-later_{requirement.code}"] = "on"
    return client.post(step_url(kind, "documents"), data)


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
