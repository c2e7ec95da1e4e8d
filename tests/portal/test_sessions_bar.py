"""SECURITY-BAR lines 5 and 14: deactivated accounts lose their sessions; guest starts limited."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from portal.models import Draft

pytestmark = pytest.mark.django_db


def test_a_deactivated_account_loses_its_live_sessions(django_user_model):
    user = django_user_model.objects.create_user("ayse", email="a@example.org", password="x" * 16)
    client = Client()
    client.force_login(user)
    assert client.get(reverse("applications:my-requests")).status_code == 200
    user.is_active = False
    user.save()
    response = client.get(reverse("applications:my-requests"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_starting_guest_drafts_is_rate_limited():
    cache.clear()
    client = Client()
    url = reverse("applications:verlaengerung-start")
    statuses = [client.post(url, {"new": "1"}).status_code for _ in range(31)]
    assert statuses[:30] == [302] * 30
    assert statuses[30] == 429
    assert Draft.objects.count() == 30
    cache.clear()
