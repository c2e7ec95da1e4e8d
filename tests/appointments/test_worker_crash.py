"""A qcluster killed in the middle of the invitation task: after a restart, exactly one letter.

The broker hands an unacknowledged task out again after Q_RETRY seconds; the
task's own "already done?" check and the database constraints make the
second run the only one that writes.
"""

from __future__ import annotations

import os
import signal
import time
from datetime import time as clock_time

import pytest
from django.db import connection
from django_q.tasks import async_task

from applications import casework
from applications.models import Application
from appointments.models import Appointment, InvitationLetter, OpeningHours
from tests.environment import database_url_of
from tests.journeys import step_answers, walk
from tests.workers import start_cluster, wait_for


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_task_still_ends_with_exactly_one_letter(
    letter_storage, client, django_user_model, tmp_path
):
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
    from unittest import mock

    with mock.patch("appointments.services.invitation_enqueue"):
        for item in application.document_declarations.all():
            casework.document_review(
                application_id=application.pk,
                declaration_id=item.pk,
                state="verified",
                by=caseworker,
            )

    marker = tmp_path / "started"
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url_of(connection.settings_dict),
        DJANGO_SETTINGS_MODULE="tests.settings",
        Q_WORKERS="1",
        Q_TIMEOUT="30",
        Q_RETRY="35",
        CRASH_TEST_MARKER=str(marker),
    )
    log_path = tmp_path / "qcluster.log"
    async_task("tests.appointments.slow_tasks.send_invitation_slowly", application.pk)
    with log_path.open("w") as log:
        first = start_cluster(env, log)
        try:
            wait_for(marker.exists, "the first run of the task", log_path)
        finally:
            os.killpg(first.pid, signal.SIGKILL)  # a crash: no acknowledgement, no cleanup
            first.wait()
        assert not InvitationLetter.objects.exists()

        second = start_cluster(env, log)
        try:
            wait_for(
                lambda: InvitationLetter.objects.filter(application=application).exists(),
                "the letter after the restart",
                log_path,
            )
            time.sleep(2)  # give a duplicate run the chance to show itself
        finally:
            os.killpg(second.pid, signal.SIGKILL)
            second.wait()

    assert InvitationLetter.objects.filter(application=application).count() == 1
    assert Appointment.objects.filter(application=application).count() == 1
    application.refresh_from_db()
    assert application.status == "invited"
