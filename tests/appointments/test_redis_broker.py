"""The queue on Redis (Q_BROKER_URL): a real redis-server and a real qcluster (issue 20).

django-q2's Redis broker hands a task to a worker by popping it off a list
(BLPOP) and keeps no acknowledgement: a worker killed in the middle of a task
takes the task with it, and Redis will never hand it out again. What brings
the invitation back is the portal's own schedule ``invitation-sweep``
(appointments.services.invitation_sweep), which the cluster's scheduler runs
on Redis as on the database; the task's "already done?" check and the
database constraints keep the letter to one. This test kills a worker in
the middle of the invitation task and shows exactly that: the task is gone
from Redis, nothing was written, and after the restart the sweep leads to
exactly one letter and one appointment.
"""

from __future__ import annotations

import os
import signal
import time
from datetime import time as clock_time
from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone
from django_q.conf import Conf
from django_q.models import OrmQ, Schedule

from applications import casework
from applications.models import Application
from appointments.models import Appointment, InvitationLetter, OpeningHours
from portal import health
from tests.environment import database_url_of
from tests.journeys import step_answers, walk
from tests.redis_server import redis_server
from tests.workers import start_cluster, wait_for


@pytest.fixture
def redis_broker(monkeypatch):
    """A fresh redis-server; this process's django-q2 uses it as its broker too."""
    with redis_server() as server:
        monkeypatch.setattr(Conf, "ORM", None)
        monkeypatch.setattr(Conf, "REDIS", server.url)
        yield server


def test_the_settings_switch_the_broker(monkeypatch):
    from portal import deployment

    assert deployment.queue_broker({}) == {"orm": "default"}
    broker = deployment.queue_broker({"Q_BROKER_URL": "redis://redis:6379/0"})
    assert broker == {"redis": "redis://redis:6379/0"}
    assert "orm" not in broker  # django-q2 picks the ORM broker first when both are given


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_task_on_redis_still_ends_with_exactly_one_letter(
    redis_broker, letter_storage, client, django_user_model, tmp_path
):
    from django_q.brokers import get_broker
    from django_q.tasks import async_task

    from appointments.demo import demo_locations_ensure

    for location in demo_locations_ensure():
        for weekday in range(5):
            OpeningHours.objects.create(
                location=location, weekday=weekday, opens=clock_time(8), closes=clock_time(16)
            )
    walk(client, "renewal", step_answers("renewal"))
    application = Application.objects.get()
    caseworker = django_user_model.objects.create_user("cw", password="x" * 14, is_staff=True)
    # Documents complete without the automatic enqueue: the test enqueues the slow task.
    with mock.patch("appointments.services.invitation_enqueue"):
        for item in application.document_declarations.all():
            casework.document_review(
                application_id=application.pk,
                declaration_id=item.pk,
                state="verified",
                by=caseworker,
            )

    broker = get_broker()
    assert type(broker).__name__ == "Redis"
    marker = tmp_path / "started"
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url_of(connection.settings_dict),
        DJANGO_SETTINGS_MODULE="tests.settings",
        Q_BROKER_URL=redis_broker.url,
        Q_WORKERS="1",
        Q_TIMEOUT="30",
        Q_RETRY="35",
        CRASH_TEST_MARKER=str(marker),
    )
    log_path = tmp_path / "qcluster.log"
    async_task(
        "tests.appointments.slow_tasks.send_invitation_slowly", application.pk, broker=broker
    )
    assert broker.queue_size() == 1
    assert not OrmQ.objects.exists()  # the task went to Redis, not to the database
    with log_path.open("w") as log:
        first = start_cluster(env, log)
        try:
            wait_for(marker.exists, "the first run of the task", log_path)
        finally:
            os.killpg(first.pid, signal.SIGKILL)  # a crash: no cleanup
            first.wait()
        assert not InvitationLetter.objects.exists()
        assert broker.queue_size() == 0  # Redis handed it out once: it is gone with the worker

        # The sweep is due now (it runs every 10 minutes); the restarted cluster's scheduler
        # runs it within about 30 seconds.
        # (As migration appointments/0004 makes it; a transactional test before may have
        # emptied the table.)
        Schedule.objects.update_or_create(
            name="invitation-sweep",
            defaults={
                "func": "appointments.tasks.invitation_sweep",
                "schedule_type": Schedule.MINUTES,
                "minutes": 10,
                "repeats": -1,
                "next_run": timezone.now(),
            },
        )
        second = start_cluster(env, log)
        try:
            wait_for(
                lambda: InvitationLetter.objects.filter(application=application).exists(),
                "the letter after the restart",
                log_path,
            )
            state = health.queue_state()
            assert state.clusters >= 1, state  # the cluster reports through Redis
            time.sleep(2)  # give a duplicate run the chance to show itself
        finally:
            os.killpg(second.pid, signal.SIGKILL)
            second.wait()

    assert InvitationLetter.objects.filter(application=application).count() == 1
    assert Appointment.objects.filter(application=application).count() == 1
    application.refresh_from_db()
    assert application.status == "invited"
    assert not OrmQ.objects.exists()
