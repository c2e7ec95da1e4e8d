"""Idle applicant sessions end on the server; the draft is kept; a warning comes first."""

from __future__ import annotations

import time

import pytest
import time_machine
from django.urls import reverse

from portal.models import Draft
from tests.journeys import post_step, start, step_answers, step_url

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


HOUR = 3600


def test_a_busy_guest_session_still_ends_after_eight_hours_and_the_draft_stays(client):
    start(client, "renewal")
    post_step(client, "renewal", "personal", step_answers()["personal"])
    began = time.time()
    for hour in range(1, 8):  # active every hour (the idle limit is 30 minutes)
        for quarter in (0, 900, 1800):
            moment = began + hour * HOUR - 2700 + quarter
            with time_machine.travel(moment, tick=False):
                assert client.get(step_url("renewal", "nationality")).status_code == 200
    with time_machine.travel(began + 8 * HOUR + 60, tick=False):
        response = client.get(step_url("renewal", "nationality"))
    assert response.status_code == 302  # the session is gone, however busy it was
    assert Draft.objects.get().state["step_data"]["personal"]


def test_staff_sessions_end_after_eight_hours_too(django_user_model):
    from tests.staff import staff_client

    staff = django_user_model.objects.create_user("lead", password="x" * 14, is_staff=True)
    client = staff_client(staff)
    began = time.time()
    with time_machine.travel(began + 4 * HOUR, tick=False):
        assert client.get("/admin/").status_code == 200
    with time_machine.travel(began + 7 * HOUR, tick=False):
        assert client.get("/admin/").status_code == 200
    with time_machine.travel(began + 8 * HOUR + 60, tick=False):
        response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_eight_hours_count_from_the_login(client, django_user_model):
    start(client, "renewal")  # a guest session first
    began = time.time()
    user = django_user_model.objects.create_user("ayse", email="a@example.org", password="x" * 16)
    login = began + 6 * HOUR
    with time_machine.travel(login, tick=False):
        client.force_login(user)
    for minutes in range(20, 8 * 60, 20):  # busy, from the login until eight hours after it
        with time_machine.travel(login + minutes * 60, tick=False):
            assert client.get(reverse("applications:my-requests")).status_code == 200
    with time_machine.travel(login + 8 * HOUR + 60, tick=False):
        response = client.get(reverse("applications:my-requests"))
    assert response.status_code == 302
