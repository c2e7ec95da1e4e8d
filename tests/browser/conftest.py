"""Fixtures of the browser tests (the browser and the page are in tests/conftest.py)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import timezone

from appointments import services
from tests.appointments.booking import invited
from tests.appointments.building import make_location


@pytest.fixture
def files(settings, tmp_path):
    """Letters go to a temporary folder (the live server runs in this process)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "portal.storage.EncryptedFileSystemStorage",
            "OPTIONS": {"location": tmp_path / "files", "base_url": None},
        },
    }
    return tmp_path / "files"


@pytest.fixture
def appointment_with_code(files):
    """An invited request whose appointment is the location's first free slot from today."""
    cache.clear()  # the rate limit of /termin/ lives in the database cache
    location = make_location()
    slot = services.appointment_slot_find(location=location, kind="renewal", now=timezone.now())
    application, appointment, code = invited(location, slot.starts_at)
    yield application, appointment, code
    cache.clear()
