"""The DEBUG-only letter previews render every letter, and do not exist in production."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from portal.site import preview

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", sorted(preview.LETTERS))
def test_each_letter_renders_as_html_in_debug(rf, name):
    with override_settings(DEBUG=True):
        response = preview.letter_preview(rf.get("/"), name)
    assert response.status_code == 200
    assert "Mustermann" in response.content.decode() or "Sparkasse" in response.content.decode()


def test_previews_are_not_routed_in_production():
    assert Client().get("/dev/briefe/").status_code == 404
