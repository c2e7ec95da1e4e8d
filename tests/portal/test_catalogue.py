"""The start page lists the services by task: name (the link) and purpose in a line.

What to have ready and the fees are one click away, on each service's start
page (from the registry of request kinds); the start page does not repeat them,
so that it stays short on a phone.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from applications import kinds
from fees import quote
from portal.site.catalogue import SERVICES, TASKS

pytestmark = pytest.mark.django_db


def items(html: str) -> dict[str, str]:
    found = re.findall(r'<li class="catalogue__item" id="service-([\w-]+)">(.*?)</li>', html, re.S)
    return dict(found)


def service_start_page(client, kind: str, language: str = "de") -> str:
    client.cookies["portal_language"] = language
    return client.get(reverse(kinds.get(kind).start_url_name)).content.decode()


def test_every_service_of_the_mission_is_listed_under_its_task(client):
    html = client.get("/").content.decode()
    listed = items(html)
    assert set(listed) == {
        "residence-permit-issue",
        "residence-permit-renewal",
        "change-of-conditions",
        "family-reunification",
        "naturalisation",
        "blocked-account-release",
        "passport-substitute",
        "citizenship-certificate",
        "request-status",
        "appointment-change",
    }
    for task in TASKS:
        section = html.split(f'id="task-{task.slug}">', 1)[1].split("</section>", 1)[0]
        for service in task.services:
            assert f'id="service-{service.slug}"' in section
            assert str(service.summary) in listed[service.slug]
    assert 'href="/einbuergerung/beantragen/"' in listed["naturalisation"]


def test_services_not_built_yet_have_no_link_and_say_so(client):
    html = client.get("/").content.decode()
    for service in SERVICES:
        item = items(html)[service.slug]
        if service.available:
            assert f'href="{service.url}"' in item.split("</h4>")[0]
            assert "Demnächst verfügbar" not in item
        else:
            assert "<a " not in item.split("</h4>")[0]
            assert "Demnächst verfügbar" in item


def test_the_start_page_repeats_no_document_list_and_no_fee(client):
    html = client.get("/").content.decode()
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "€" not in main
    assert "Halten Sie bereit" not in main
    assert "gültiger Pass" not in main


@pytest.mark.parametrize(
    ("kind", "amounts"),
    [
        ("renewal", ("96,00\xa0€", "93,00\xa0€")),
        ("issue", ("100,00\xa0€",)),
        ("naturalisation", ("255,00\xa0€", "51,00\xa0€")),
        # § 48 (1) Satz 1 Nr. 1a to 1f AufenthV (in force since 1 May 2025) and seed 003.
        (
            "passport_substitute",
            tuple(
                f"{amount}\xa0€"
                for amount in ("100,00", "97,00", "67,00", "70,00", "38,00", "26,00")
            ),
        ),
        ("citizenship_certificate", ("51,00\xa0€",)),
    ],
)
def test_the_service_start_page_gives_the_fees_from_the_fee_module(client, kind, amounts):
    assert quote("residence_permit.renewal", valid_months=3).total == 96
    html = service_start_page(client, kind)
    for amount in amounts:
        assert amount in html
    english = service_start_page(client, kind, "en")
    assert amounts[0].replace(",", ".") in english


@pytest.mark.parametrize(
    "kind", ["family_reunification", "change_of_conditions", "blocked_account_release"]
)
def test_individual_fees_say_so_on_the_service_start_page(client, kind):
    html = service_start_page(client, kind)
    assert "Die Gebühr wird individuell im Verfahren festgesetzt" in html


def test_permit_fees_for_minors_are_half_on_the_permit_start_pages(client):
    for kind in ("issue", "renewal"):
        assert "unter 18 Jahren zahlen die Hälfte" in service_start_page(client, kind)
    assert "unter 18 Jahren" not in service_start_page(client, "blocked_account_release")


@pytest.mark.parametrize("kind", sorted(kinds.JOURNEYS))
def test_each_document_is_listed_once_on_the_service_start_page(client, kind):
    html = service_start_page(client, kind)
    listed = re.findall(r"<li>([^<]*)</li>", html.split("Halten Sie diese Unterlagen bereit")[1])
    documents = [str(document.label) for document in kinds.get(kind).start_documents()]
    assert listed[: len(documents)] == documents
    assert len(set(listed)) == len(listed)
    assert html.count("Aufenthaltszweck") <= 1


def test_the_family_reunification_start_page_sends_family_abroad_to_the_embassy(client):
    """Seed 004: entry for family reunification needs a national visa as a rule."""
    main = service_start_page(client, "family_reunification").split("<main", 1)[1]
    assert "die bereits in Deutschland leben" in main
    assert "bei der für sie zuständigen deutschen Botschaft ein Visum" in main
    assert "Botschaft" not in service_start_page(client, "renewal")


def test_the_blocked_account_start_page_says_what_holds_for_it(client):
    html = service_start_page(client, "blocked_account_release")
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "§ 81" not in main  # the paper form of seed 002 is for residence permits
    assert "Kinder" not in main
    assert "Minuten" not in main
    assert "Welche weiteren Nachweise wir benötigen, hängt vom Einzelfall ab" in main
    pages = len(kinds.get("blocked_account_release").steps)
    assert f"Das Formular hat höchstens {pages} Seiten" in main


@pytest.mark.parametrize("kind", sorted(kinds.JOURNEYS))
def test_only_the_residence_permit_requests_claim_to_replace_the_paper_form(client, kind):
    html = service_start_page(client, kind)
    claims = "ersetzt den Papiervordruck" in html
    assert claims == (kind in {"issue", "renewal", "family_reunification"})
    assert "Minuten" not in html
