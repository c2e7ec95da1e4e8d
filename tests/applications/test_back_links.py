"""Every page of a journey has a back link: the first step back to the service start page,
the service start pages and the quick check back to the start page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from applications import kinds
from tests.journeys import SLUG, start

pytestmark = pytest.mark.django_db

BACK = re.compile(r'<p class="back-link"><a class="kern-link" href="([^"]+)">')


def back_link(response) -> str:
    found = BACK.findall(response.content.decode())
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("kind", sorted(SLUG))
def test_the_first_step_leads_back_to_the_service_start_page(client, kind):
    start_page = reverse(f"applications:{SLUG[kind]}-start")
    first = start(client, kind)["Location"]
    assert first.rstrip("/").endswith(kinds.get(kind).first_step)
    assert back_link(client.get(first)) == start_page
    assert back_link(client.get(start_page)) == reverse("portal:start")


def test_the_quick_check_leads_back_to_the_start_page(client):
    assert back_link(client.get(reverse("naturalisation:quick-check"))) == reverse("portal:start")
