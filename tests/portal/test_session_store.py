"""The session store: Django's database sessions, an existing one saved by one UPDATE."""

from __future__ import annotations

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.session import SessionStore

pytestmark = pytest.mark.django_db


def test_a_new_session_is_created_and_an_existing_one_saved_by_a_single_update():
    store = SessionStore()
    store["drafts"] = {"permit-verlaengerung": "x"}
    store.save()  # a new session: Django's INSERT
    key = store.session_key
    assert Session.objects.filter(session_key=key).exists()

    again = SessionStore(session_key=key)
    again["last_seen"] = 1
    again.load()
    with CaptureQueriesContext(connection) as queries:
        again.save()
    statements = [query["sql"] for query in queries.captured_queries]
    assert len(statements) == 1
    assert statements[0].startswith('UPDATE "django_session"')
    assert SessionStore(session_key=key).load() == {
        "drafts": {"permit-verlaengerung": "x"},
        "last_seen": 1,
    }


def test_saving_a_session_deleted_meanwhile_raises_update_error():
    store = SessionStore()
    store["a"] = 1
    store.save()
    Session.objects.filter(session_key=store.session_key).delete()
    store["a"] = 2
    with pytest.raises(UpdateError):
        store.save()


def test_the_portal_uses_this_store(client):
    client.get("/")
    assert isinstance(client.session, SessionStore)
