"""The start page lists every service with its purpose, what to have ready and its fee."""

from __future__ import annotations

import re

import pytest

from fees import quote
from portal.site.catalogue import SERVICES

pytestmark = pytest.mark.django_db


def cards(html: str) -> dict[str, str]:
    found = re.findall(
        r'<article class="kern-card" aria-labelledby="service-([\w-]+)">(.*?)</article>', html, re.S
    )
    return dict(found)


def test_every_service_of_the_mission_is_listed(client):
    html = client.get("/").content.decode()
    listed = cards(html)
    assert set(listed) == {
        "residence-permit-issue",
        "residence-permit-renewal",
        "change-of-conditions",
        "family-reunification",
        "naturalisation",
        "blocked-account-release",
        "passport-substitute",
        "citizenship-certificate",
        "appointment-change",
    }
    for service in SERVICES:
        card = listed[service.slug]
        assert "Halten Sie bereit" in card
        assert str(service.summary) in card


def test_services_not_built_yet_have_no_link_and_say_so(client):
    html = client.get("/").content.decode()
    for service in SERVICES:
        card = cards(html)[service.slug]
        if service.available:
            assert f'href="{service.url}"' in card
            assert "Demnächst verfügbar" not in card
        else:
            assert "<a " not in card.split("</h3>")[0]
            assert "Demnächst verfügbar" in card


def test_fees_come_from_the_fee_module(client):
    html = client.get("/").content.decode()
    listed = cards(html)
    renewal_short = quote("residence_permit.renewal", valid_months=3).total
    renewal_long = quote("residence_permit.renewal", valid_months=4).total
    assert (renewal_short, renewal_long) == (96, 93)
    assert "96,00\xa0€" in listed["residence-permit-renewal"]
    assert "93,00\xa0€" in listed["residence-permit-renewal"]
    assert "100,00\xa0€" in listed["residence-permit-issue"]
    assert "255,00\xa0€" in listed["naturalisation"]
    assert "51,00\xa0€" in listed["naturalisation"]
    # § 48 (1) Satz 1 Nr. 1a to 1f AufenthV (in force since 1 May 2025) and seed 003.
    for amount in ("100,00", "97,00", "67,00", "70,00", "38,00", "26,00"):
        assert f"{amount}\xa0€" in listed["passport-substitute"], amount
    assert "51,00\xa0€" in listed["citizenship-certificate"]
    for slug in ("family-reunification", "change-of-conditions", "blocked-account-release"):
        assert "Die Gebühr wird individuell im Verfahren festgesetzt" in listed[slug]
        assert "€" not in listed[slug]


def test_fees_in_english_number_format(client):
    client.cookies["portal_language"] = "en"
    html = client.get("/").content.decode()
    assert "255.00\xa0€" in cards(html)["naturalisation"]
