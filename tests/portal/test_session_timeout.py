"""Idle applicant sessions end on the server; the draft is kept; a warning comes first."""

from __future__ import annotations

import time

import pytest
import time_machine
from django.urls import reverse

from portal.models import Draft
from portal.session import LAST_SEEN_REFRESH, idle_expired, last_seen_due
from tests.journeys import post_step, start, step_answers, step_url

pytestmark = pytest.mark.django_db


def test_an_idle_guest_session_ends_but_the_draft_stays(client):
    start(client, "renewal")
    post_step(client, "renewal", "personal", step_answers()["personal"])
    page = client.get(step_url("renewal", "nationality")).content.decode()
    assert 'data-session-timeout="1800"' in page
    assert 'id="session-dialog"' in page
    assert "js/session-timeout.js" in page

    # Idle for the whole timeout, and the margin of the time written (LAST_SEEN_REFRESH).
    with time_machine.travel(time.time() + 1800 + LAST_SEEN_REFRESH + 1, tick=False):
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


@pytest.mark.parametrize(
    ("idle_seconds", "expired"),
    [
        (0, False),
        (1800, False),  # the timeout itself
        (1800 + LAST_SEEN_REFRESH, False),  # the time written may be that much older
        (1800 + LAST_SEEN_REFRESH + 1, True),
    ],
)
def test_idle_counts_from_the_time_written_with_its_margin(idle_seconds, expired):
    assert idle_expired(1_000_000, 1_000_000 + idle_seconds) is expired


class _Request:
    def __init__(self, method, path="/aufenthaltserlaubnis/verlaengerung/personal/"):
        self.method, self.path = method, path


@pytest.mark.parametrize(
    ("method", "path", "last_seen", "due"),
    [
        ("GET", "/x/", None, True),  # nothing written yet
        ("GET", "/x/", 1000 - LAST_SEEN_REFRESH + 1, False),  # written a moment ago
        ("GET", "/x/", 1000 - LAST_SEEN_REFRESH, True),
        ("POST", "/x/", 999, True),  # every POST
        ("POST", "/sitzung/verlaengern/", 999, True),  # the warning's "continue"
        ("GET", "/sitzung/verlaengern/", None, False),  # asking is not activity
    ],
)
def test_which_requests_write_their_time(method, path, last_seen, due):
    assert last_seen_due(_Request(method, path), last_seen, 1000) is due


def test_a_get_soon_after_the_last_write_leaves_the_session_row_alone(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    start(client, "renewal")
    began = time.time()
    with time_machine.travel(began + 5, tick=False):
        client.get(step_url("renewal", "personal"))
    with time_machine.travel(began + 10, tick=False), CaptureQueriesContext(connection) as seen:
        assert client.get(step_url("renewal", "personal")).status_code == 200
    assert not [q for q in seen if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
    later = began + 10 + LAST_SEEN_REFRESH
    with time_machine.travel(later, tick=False), CaptureQueriesContext(connection) as seen:
        client.get(step_url("renewal", "personal"))
    assert [q for q in seen if "django_session" in q["sql"] and "UPDATE" in q["sql"]]


def test_a_session_never_ends_before_it_was_idle_for_the_whole_timeout(client):
    start(client, "renewal")  # a POST: its time is written
    began = time.time()
    with time_machine.travel(began + 40, tick=False):
        client.get(step_url("renewal", "personal"))  # not written: 40 s after the last write
    # 1,800 s after the last request, 1,840 s after the last write: still open.
    with time_machine.travel(began + 40 + 1800, tick=False):
        assert client.get(step_url("renewal", "personal")).status_code == 200


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
