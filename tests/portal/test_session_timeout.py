"""Idle applicant sessions end on the server; the draft is kept; a warning comes first."""

from __future__ import annotations

import time

import pytest
import time_machine
from django.urls import reverse

from portal.models import Draft
from tests.applications.journey import step_answers
from tests.applications.test_wizard import post_step, start, step_url

pytestmark = pytest.mark.django_db


def test_an_idle_guest_session_ends_but_the_draft_stays(client):
    start(client, "renewal")
    post_step(client, "renewal", "personal", step_answers()["personal"])
    page = client.get(step_url("renewal", "nationality")).content.decode()
    assert 'data-session-timeout="1800"' in page
    assert 'id="session-dialog"' in page
    assert "js/session-timeout.js" in page

    with time_machine.travel(time.time() + 1801, tick=False):
        response = client.get(step_url("renewal", "nationality"))
    assert response.status_code == 302  # no draft in this session any more
    assert Draft.objects.get().state["step_data"]["personal"]
    follow = client.get(response["Location"]).content.decode()
    assert "session ended" in follow or "Sitzung" in follow


def test_activity_keeps_the_session_and_extend_answers(client):
    start(client, "renewal")
    with time_machine.travel(time.time() + 1000, tick=False):
        assert client.get(step_url("renewal", "personal")).status_code == 200
    with time_machine.travel(time.time() + 2000, tick=False):
        assert client.get(step_url("renewal", "personal")).status_code == 200
        assert client.post(reverse("session-extend")).json() == {"seconds": 1800}


def test_pages_without_an_applicant_session_carry_no_timeout(client):
    assert "data-session-timeout" not in client.get("/").content.decode()
