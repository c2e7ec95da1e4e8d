"""No live resume code at rest: not in the session table, not in the cache (issue 16, item 1).

SECURITY-BAR "Learned in use": resume codes are stored as keyed digests only, and expired
sessions are deleted on a schedule. Whoever has a code reads the draft, special categories
included, so a dump of ``django_session`` must hand out none.
"""

from __future__ import annotations

import base64
import importlib
import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_q.models import Schedule

from applications.models import Application
from portal import codes as portal_codes
from portal import drafts, tasks
from portal.models import Draft
from tests.journeys import post_step, start, step_answers, step_url, walk

pytestmark = pytest.mark.django_db

RESUME_CODE = re.compile(r'<strong class="resume-code">([^<]+)</strong>')


@pytest.fixture(autouse=True)
def _no_rate_limits_left():
    cache.clear()
    yield
    cache.clear()


def shown_code(client, url: str) -> str | None:
    page = client.get(url)
    assert page.status_code == 200
    match = RESUME_CODE.search(page.content.decode())
    return match.group(1) if match else None


def raw_session_rows() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT session_key, session_data FROM django_session")
        return cursor.fetchall()


def raw_cache_values() -> list[bytes]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM portal_cache")
        return [base64.b64decode(value) for (value,) in cursor.fetchall()]


def spellings(code: str) -> list[str]:
    return [code, code.replace("-", ""), code.lower(), code.replace("-", "").lower()]


def test_no_resume_code_is_in_the_session_table_after_guest_journeys():
    codes = []
    # A guest files a renewal from start to end; the code is shown on the way.
    filer = Client()
    start(filer, "renewal")
    codes.append(shown_code(filer, step_url("renewal", "personal")))
    walk(filer, "renewal", step_answers("renewal"))
    assert Application.objects.count() == 1
    # Another starts an issue and leaves after one page; a third resumes it with the code.
    leaver = Client()
    start(leaver, "issue")
    codes.append(shown_code(leaver, step_url("issue", "personal")))
    post_step(leaver, "issue", "personal", step_answers("issue")["personal"])
    resumer = Client()
    assert resumer.post(reverse("applications:resume"), {"code": codes[-1]}).status_code == 302
    assert shown_code(resumer, step_url("issue", "nationality")) == codes[-1]
    # A naturalisation is started from the quick check.
    naturaliser = Client()
    assert naturaliser.post(reverse("naturalisation:apply"), {}).status_code == 302
    codes.append(shown_code(naturaliser, step_url("naturalisation", "personal")))
    assert all(codes)
    assert len(set(codes)) == 3

    rows = raw_session_rows()
    assert len(rows) >= 4
    holding_drafts = 0
    for _key, data in rows:
        decoded = SessionStore().decode(data)
        holding_drafts += bool(decoded.get(drafts.SESSION_DRAFTS))
        text = data + json.dumps(decoded)
        for code in codes:
            for spelling in spellings(code):
                assert spelling not in text
    assert holding_drafts >= 3  # the decoding works: the sessions do hold their drafts' ids
    for value in raw_cache_values():
        for code in codes:
            assert code.encode() not in value
    for code in codes:  # the drafts keep the keyed digest only
        assert not Draft.objects.filter(resume_code_digest=code).exists()
        digest = portal_codes.digest(code, purpose="resume")
        assert Draft.objects.filter(resume_code_digest=digest).count() == 1


def test_the_code_is_shown_again_in_the_same_browser_only():
    client = Client()
    response = start(client, "renewal")
    cookie = response.cookies[drafts.resume_cookie_name()]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Strict"
    assert cookie["path"] == "/"
    assert bool(cookie["secure"]) == settings.SESSION_COOKIE_SECURE
    assert not cookie["max-age"]  # gone when the browser closes, like the session
    code = shown_code(client, step_url("renewal", "personal"))
    assert code
    for spelling in spellings(code):
        assert spelling not in cookie.value  # encrypted, not merely signed
    post_step(client, "renewal", "personal", step_answers("renewal")["personal"])
    assert shown_code(client, step_url("renewal", "nationality")) == code

    # The session alone (a copied session cookie, a session row) gives no code.
    session_only = Client()
    session_only.cookies[settings.SESSION_COOKIE_NAME] = client.cookies[
        settings.SESSION_COOKIE_NAME
    ].value
    assert shown_code(session_only, step_url("renewal", "nationality")) is None


def test_a_forged_or_outdated_cookie_shows_no_code_and_breaks_nothing(client):
    start(client, "renewal")
    client.cookies[drafts.resume_cookie_name()] = "gAAAAAforged"
    assert shown_code(client, step_url("renewal", "personal")) is None

    request = RequestFactory().get("/")
    draft = Draft.objects.get()
    with time_machine.travel(timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE + 5)):
        token = drafts.encryption.cipher().encrypt(
            b'{"%s": "7K3Q-9TXD-M2PA-4"}' % str(draft.pk).encode()
        )
    request.COOKIES[drafts.resume_cookie_name()] = token.decode()
    assert drafts.resume_code_of_session(request=request, draft=draft) is None


def test_expired_sessions_are_deleted_by_a_daily_schedule():
    schedule = Schedule.objects.get(name="delete-expired-sessions")
    assert (schedule.func, schedule.schedule_type, schedule.repeats) == (
        "portal.tasks.delete_expired_sessions",
        Schedule.DAILY,
        -1,
    )
    old = SessionStore()
    old["drafts"] = {"permit-verlaengerung": "1"}
    with time_machine.travel(timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE + 1)):
        old.create()
    live = SessionStore()
    live["drafts"] = {"permit-erteilung": "2"}
    live.create()

    tasks.delete_expired_sessions()

    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]


def test_the_migration_removes_codes_that_older_versions_kept_in_live_sessions():
    migration = importlib.import_module(
        "portal.migrations.0008_expired_sessions_schedule_and_no_codes_in_sessions"
    )
    old = SessionStore()
    old["drafts"] = {"permit-verlaengerung": "d1"}
    old["resume_codes"] = {"d1": "7K3Q-9TXD-M2PA-4"}
    old.create()
    other = SessionStore()
    other["language"] = "de"
    other.create()

    migration.strip_resume_codes(django_apps, None)

    assert "7K3Q" not in json.dumps([SessionStore().decode(d) for _k, d in raw_session_rows()])
    assert SessionStore(session_key=old.session_key).load() == {
        "drafts": {"permit-verlaengerung": "d1"}
    }
    assert SessionStore(session_key=other.session_key).load() == {"language": "de"}
