"""No personal data in logs, URLs or queue rows (SECURITY-BAR.md line 22)."""

from __future__ import annotations

import logging
import re

import pytest
from django.test import Client
from django.urls import reverse
from django_q.models import OrmQ, Schedule, Task
from django_q.signing import SignedPackage

from applications import casework
from applications.models import Application
from portal.models import AuditEvent
from tests.journeys import step_answers, walk

pytestmark = pytest.mark.django_db

CANARIES = {
    "surname": "Kanarienvogel",
    "religion": "Zitronenfalterglaube",
    "passport": "CANARY4711",
    "health": "Kanarienkrankheit",
    "place": "Kanarienhausen",
}


class RecordingClient(Client):
    """A test client that remembers every URL it was sent to."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.locations: list[str] = []

    def request(self, **request):
        response = super().request(**request)
        self.locations.append(request.get("PATH_INFO", "") + "?" + request.get("QUERY_STRING", ""))
        if response.has_header("Location"):
            self.locations.append(response["Location"])
        return response


def test_canary_values_appear_in_no_log_url_or_queue_row(caplog, django_user_model):
    caplog.set_level(logging.DEBUG)
    client = RecordingClient()
    answers = step_answers(
        "renewal",
        personal=dict(
            step_answers()["personal"],
            surname=CANARIES["surname"],
            place_of_birth=CANARIES["place"],
        ),
        voluntary={"religion": CANARIES["religion"]},
        health={"illnesses": "yes", "illnesses_which": CANARIES["health"], "insurer": "AOK"},
    )
    answers["passport"] = dict(answers["passport"], passport_number=CANARIES["passport"])
    filed = walk(client, "renewal", answers, upload=True)
    application = Application.objects.get()
    assert application.surname == CANARIES["surname"]  # the canary really went in

    # The status page, opened with the code the confirmation page shows once: the code is a
    # live secret, so it joins the canaries.
    confirmation = client.get(filed["Location"]).content.decode()
    status_code = re.search(r'class="status-code">([0-9A-Z-]+)<', confirmation).group(1)
    opened = client.post(
        reverse("applications:status"),
        {"reference": application.reference, "date_of_birth": "14.03.1990", "code": status_code},
    )
    assert opened.status_code == 302
    assert client.get(opened["Location"]).status_code == 200

    # The case goes on: documents verified, which may enqueue background tasks.
    caseworker = django_user_model.objects.create_user("cw", password="x" * 14, is_staff=True)
    for item in application.document_declarations.all():
        casework.document_review(
            application_id=application.pk, declaration_id=item.pk, state="verified", by=caseworker
        )

    haystacks = {
        "logs": caplog.text,
        "urls": "\n".join(client.locations),
        # Queue rows are signed pickles: decode them to see what a task carries.
        "queue": "\n".join(str(SignedPackage.loads(row.payload)) for row in OrmQ.objects.all()),
        "tasks": "\n".join(f"{t.name} {t.args} {t.kwargs} {t.result}" for t in Task.objects.all()),
        "schedules": "\n".join(f"{s.name} {s.args} {s.kwargs}" for s in Schedule.objects.all()),
    }
    haystacks["audit"] = "\n".join(
        f"{e.actor_label} {e.object_type} {e.object_id} {e.detail}"
        for e in AuditEvent.objects.all()
    )
    assert "status:opened" in haystacks["audit"]
    for where, text in haystacks.items():
        for canary in [*CANARIES.values(), status_code]:
            assert canary.lower() not in text.lower(), (where, canary)
