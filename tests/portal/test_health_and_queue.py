"""The health check, and a real django-q2 cluster working on the test PostgreSQL."""

from __future__ import annotations

import secrets
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import DatabaseError
from django_q.tasks import async_task, result

from portal import health


@pytest.mark.django_db
def test_healthz_is_503_without_a_queue_cluster(client):
    cache.clear()
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unhealthy"
    assert body["database"] == "ok"
    assert body["queue"]["clusters"] == 0
    assert body["queue"]["status"] == "no cluster running"


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_is_unreachable(client, monkeypatch):
    class BrokenCursor:
        def __enter__(self):
            raise DatabaseError("connection refused")

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(health.connection, "cursor", lambda: BrokenCursor())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unhealthy", "database": "unreachable", "queue": None}


@pytest.mark.worker
def test_a_real_qcluster_runs_a_task_and_healthz_turns_healthy(qcluster, client):
    token = secrets.token_hex(8)
    task_id = async_task("portal.tasks.queue_probe", token)
    answer = result(task_id, wait=30_000)
    assert answer == {"token": token, "database": "postgresql"}, qcluster.log()

    response = client.get("/healthz")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok"
    assert body["queue"]["clusters"] >= 1
    assert body["queue"]["queued_tasks"] == 0


@pytest.mark.worker
def test_check_queue_command_proves_the_worker_end_to_end(qcluster):
    out = StringIO()
    call_command("check_queue", "--timeout", "30", stdout=out)
    assert "Queue OK" in out.getvalue()


@pytest.mark.django_db
def test_check_queue_command_fails_clearly_without_a_worker():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No worker answered"):
        call_command("check_queue", "--timeout", "1")


def test_queue_settings_follow_the_django_q2_rules(settings):
    q = settings.Q_CLUSTER
    assert q["orm"] == "default"
    assert q["retry"] > q["timeout"]
    assert 1 <= q["max_attempts"] < 100
