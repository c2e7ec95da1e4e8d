"""Fixtures of the applications tests: a filed renewal with uploads and special categories."""

from __future__ import annotations

import pytest

from applications.models import Application
from tests.journeys import step_answers, walk


@pytest.fixture
def filed(client):
    from appointments.demo import demo_locations_ensure

    demo_locations_ensure()
    answers = step_answers(
        "renewal",
        voluntary={"religion": "evangelisch", "ethnicity": "kurdisch"},
        health={"illnesses": "yes", "illnesses_which": "Diabetes", "insurer": "AOK Bayern"},
    )
    walk(client, "renewal", answers, upload=True)
    return Application.objects.get()
