"""Every rate limit holds its documented window, with a frozen clock at the window's edges.

SECURITY-BAR line 14 and "Learned in use": a limit holds its documented window. Django's
``cache.incr`` writes the counter again with the cache's default timeout (300 s), which
made "30 starts per hour" and "10 attempts per 15 minutes" five-minute windows (issue 16,
item 3). Each endpoint below is hit up to its limit, then probed one second before the
window ends (still refused, the page saying the time really left) and at its end (open).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.ratelimit import Refusal, Window, limit_reached, window_after_hit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


# --- The window as a pure function -----------------------------------------------------


@pytest.mark.parametrize(
    ("window", "now", "cost", "expected"),
    [
        # No window yet: one opens now and lasts its length.
        (None, 1000.0, 1, Window(count=1, ends_at=1900.0)),
        (None, 1000.0, 3, Window(count=3, ends_at=1900.0)),
        # A running window counts on and keeps its end, however late the hit.
        (Window(count=4, ends_at=1900.0), 1001.0, 1, Window(count=5, ends_at=1900.0)),
        (Window(count=4, ends_at=1900.0), 1899.0, 2, Window(count=6, ends_at=1900.0)),
        # At its end (and after) a new window opens.
        (Window(count=40, ends_at=1900.0), 1900.0, 1, Window(count=1, ends_at=2800.0)),
        (Window(count=40, ends_at=1900.0), 5000.0, 1, Window(count=1, ends_at=5900.0)),
    ],
)
def test_a_window_opens_with_the_first_hit_and_keeps_its_end(window, now, cost, expected):
    assert window_after_hit(window, now=now, cost=cost, seconds=900) == expected


@pytest.mark.parametrize(
    ("retry_after", "minutes"), [(1, 1), (59, 1), (60, 1), (61, 2), (899, 15), (3600, 60)]
)
def test_the_wait_is_rounded_up_to_whole_minutes(retry_after, minutes):
    assert Refusal(retry_after=retry_after).wait_minutes == minutes


def test_the_counter_is_never_kept_past_the_window_by_more_hits():
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert limit_reached(scope="t", key="k", limit=2, window_seconds=900) is None
    with time_machine.travel(start + timedelta(seconds=600), tick=False):
        assert limit_reached(scope="t", key="k", limit=2, window_seconds=900) is None
        refusal = limit_reached(scope="t", key="k", limit=2, window_seconds=900)
        assert refusal == Refusal(retry_after=300)
    with time_machine.travel(start + timedelta(seconds=900), tick=False):
        assert limit_reached(scope="t", key="k", limit=2, window_seconds=900) is None


# --- Every limit of the portal, through HTTP ----------------------------------------------


@dataclass(frozen=True)
class Limit:
    name: str
    limit: int
    window_seconds: int

    def hit(self, client: Client):
        raise NotImplementedError


class DraftStart(Limit):
    def hit(self, client):
        return client.post(reverse("applications:verlaengerung-start"), {"new": "1"})


class NaturalisationStart(Limit):
    def hit(self, client):
        return client.post(reverse("naturalisation:apply"), {})


class Resume(Limit):
    def hit(self, client):
        return client.post(reverse("applications:resume"), {"code": "AAAA-AAAA-AAAA-A"})


class HandIn(Limit):
    def hit(self, client):
        data = {"reference": "ZZZZ-ZZZZ-Z", "date_of_birth": "14.03.1990", "code": "AAAA-AAAA-A"}
        return client.post(reverse("applications:hand-in"), data)


class AppointmentChange(Limit):
    def hit(self, client):
        data = {"reference": "ZZZZ-ZZZZ-Z", "date_of_birth": "14.03.1990", "code": "AAAA-AAAA-A"}
        return client.post(reverse("appointments:change"), data)


LIMITS = [
    DraftStart("30 guest starts per hour", 30, 3600),
    NaturalisationStart("30 starts per hour (naturalisation)", 30, 3600),
    Resume("10 resume codes per 15 minutes", 10, 900),
    HandIn("10 hand-in codes per 15 minutes", 10, 900),
    AppointmentChange("10 letter codes per 15 minutes (/termin/)", 10, 900),
]


def _hits_within(limit: Limit, client: Client, start: datetime) -> None:
    for number in range(limit.limit):
        # Spread over the first minute, so the last hit is well after the first.
        with time_machine.travel(start + timedelta(seconds=number), tick=False):
            response = limit.hit(client)
        assert response.status_code in (200, 302), (limit.name, number, response.status_code)


@pytest.mark.parametrize("limit", LIMITS, ids=lambda limit: limit.name)
def test_the_limit_holds_until_its_window_ends_and_says_the_time_left(limit):
    client = Client()
    start = timezone.now().replace(microsecond=0)
    _hits_within(limit, client, start)

    # Five minutes and a second after the last hit (where the old counter had expired).
    with time_machine.travel(start + timedelta(seconds=limit.limit + 300), tick=False):
        assert limit.hit(client).status_code == 429

    # Ten minutes into the window: the page says the five minutes really left of 15.
    with time_machine.travel(start + timedelta(seconds=600), tick=False):
        refused = limit.hit(client)
    assert refused.status_code == 429
    left = limit.window_seconds - 600
    assert refused["Retry-After"] == str(left)
    page = refused.content.decode()
    assert f"Bitte warten Sie {left // 60} Minuten" in page

    # One second before the window ends: still refused, "1 Minute" (rounded up).
    with time_machine.travel(start + timedelta(seconds=limit.window_seconds - 1), tick=False):
        last = limit.hit(client)
    assert last.status_code == 429
    assert last["Retry-After"] == "1"
    assert "Bitte warten Sie 1 Minute " in last.content.decode()

    # At its end a new window opens: the limit is available again, in full.
    with time_machine.travel(start + timedelta(seconds=limit.window_seconds), tick=False):
        for _ in range(limit.limit):
            assert limit.hit(client).status_code in (200, 302)
        assert limit.hit(client).status_code == 429


def test_the_429_page_speaks_english_with_the_true_wait(client):
    client.cookies["portal_language"] = "en"
    limit = LIMITS[2]
    start = timezone.now().replace(microsecond=0)
    _hits_within(limit, client, start)
    with time_machine.travel(start + timedelta(seconds=179), tick=False):
        refused = limit.hit(client)
    assert refused.status_code == 429
    assert "Please wait 13 minutes and try again." in refused.content.decode()


def test_the_upload_limit_holds_its_hour(client, settings):
    from applications.views import JOURNEYS
    from tests.factories import DraftFactory, draft_open
    from tests.journeys import step_answers, step_url
    from tests.sample_files import tiny_pdf

    settings.UPLOAD_RATE_LIMIT_PER_HOUR = 2
    start = timezone.now().replace(microsecond=0)

    def upload(at: int):
        file = io.BytesIO(tiny_pdf())
        file.name = "pass.pdf"
        data = {
            f"{JOURNEYS['renewal'].journey}-current_step": "documents",
            "documents-file_passport": file,
        }
        with time_machine.travel(start + timedelta(seconds=at), tick=False):
            return client.post(step_url("renewal", "documents"), data)

    with time_machine.travel(start, tick=False):
        draft_open(
            client,
            DraftFactory(
                kind="renewal", at_step="documents", at_step__answers=step_answers("renewal")
            ),
        )
    assert upload(0).status_code in (200, 302)
    assert upload(1).status_code in (200, 302)
    assert upload(400).status_code == 429  # past the old five minutes: still the same hour
    refused = upload(1500)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "2100"
    assert "Bitte warten Sie 35 Minuten" in refused.content.decode()
    # The idle timeout ends the guest's session before the hour is over; the draft stays and
    # the limit belongs to the address, so the next window is checked with a new session.
    client.cookies.clear()
    with time_machine.travel(start + timedelta(seconds=3600), tick=False):
        draft_open(
            client,
            DraftFactory(
                kind="renewal", at_step="documents", at_step__answers=step_answers("renewal")
            ),
        )
    assert upload(3600).status_code in (200, 302)
