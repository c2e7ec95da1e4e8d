from __future__ import annotations

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError

from portal.site.demo import (
    CASEWORKER_GROUP,
    DEMO_CASEWORKER_PASSWORD,
    DEMO_CASEWORKER_USERNAME,
)

pytestmark = pytest.mark.django_db


def test_demo_data_is_refused_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="only loaded with DEMO_MODE=1"):
        call_command("load_demo_data")
    assert not get_user_model().objects.exists()


def test_demo_data_is_idempotent_and_the_caseworker_can_log_in(settings):
    settings.DEMO_MODE = True
    call_command("load_demo_data")
    call_command("load_demo_data")
    users = get_user_model().objects.filter(username=DEMO_CASEWORKER_USERNAME)
    assert users.count() == 1
    assert Group.objects.filter(name=CASEWORKER_GROUP).count() == 1
    user = authenticate(username=DEMO_CASEWORKER_USERNAME, password=DEMO_CASEWORKER_PASSWORD)
    assert user is not None
    assert user.is_staff
    assert not user.is_superuser
    assert user.password.startswith("argon2$")


def test_readme_names_the_demo_credentials():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert DEMO_CASEWORKER_USERNAME in readme
    assert DEMO_CASEWORKER_PASSWORD in readme
