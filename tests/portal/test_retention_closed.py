"""Closed requests are anonymised after the retention period, files included (frozen clock)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.test import TestCase
from django.utils import timezone

from applications import casework
from applications.constants import Status
from applications.models import Application, Upload
from portal.retention import closed_requests_anonymise
from tests.applications.journey import step_answers
from tests.applications.test_wizard import walk

pytestmark = pytest.mark.django_db


def test_closed_requests_lose_their_personal_data_and_files_after_the_period(
    client, django_user_model
):
    walk(client, "renewal", step_answers("renewal"), upload=True)
    application = Application.objects.get()
    caseworker = django_user_model.objects.create_user("cw", password="x" * 14, is_staff=True)
    files = [Upload.objects.get().file.name, application.receipt.name]
    assert all(default_storage.exists(name) for name in files)
    casework.application_transition(
        application_id=application.pk, target=Status.WITHDRAWN, by=caseworker
    )

    with time_machine.travel(timezone.now() + timedelta(days=729), tick=False):
        assert closed_requests_anonymise(days=730) == 0
    with (
        time_machine.travel(timezone.now() + timedelta(days=731), tick=False),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        assert closed_requests_anonymise(days=730) == 1

    application.refresh_from_db()
    assert application.surname == "–"
    assert application.passport_number == ""
    assert "Yılmaz" not in str(application.answers)
    assert application.reference  # the bare record stays
    assert not Upload.objects.exists()
    assert not any(default_storage.exists(name) for name in files)


def test_open_requests_are_never_anonymised(client):
    walk(client, "renewal", step_answers("renewal"))
    with time_machine.travel(timezone.now() + timedelta(days=5000), tick=False):
        assert closed_requests_anonymise(days=730) == 0
    assert Application.objects.get().surname == "Yılmaz"
