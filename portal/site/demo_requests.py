"""Demo requests for ``make run``: filed through the portal's own pages, as an applicant files.

So that a caseworker and print staff have something to work on the moment the
portal is up, the demo data files two fictional renewals through the renewal
wizard (every step posted as the browser posts it, the documents "handed in
later"), then the demo caseworker verifies the second one's checklist: the
request is complete, and the worker books its appointment and writes its
invitation letter, which waits in the print queue. The first waits for the
caseworker. A message to the naturalisation team is sent through its form,
for the team's account. Demo mode only (``load_demo_data``); filed once: a
later run finds the requests by their passport numbers and sends nothing.

Nothing here is a shortcut: the wizard validates and stores each step, the
final submit files the request with its receipt, deadline and fee, and the
checklist is verified by ``casework.document_review`` as the desk's Save does.
Django's test client carries the posts: it drives the real URLs, middleware
and views in process, and ``load_demo_data`` runs before any server is up.
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications import casework
from applications.constants import DocumentState
from applications.kinds import JOURNEYS
from applications.models import Application

KIND = "renewal"
# A documentation address (RFC 5737): the drafts' rate limit counts per
# address, and the person trying the portal on 127.0.0.1 keeps theirs.
DEMO_ADDRESS = "192.0.2.10"
_LATER = re.compile(r'name="documents-(later_[a-z0-9_]+)"')


def _day(offset_days: int) -> str:
    return (timezone.localdate() + timedelta(days=offset_days)).strftime("%d.%m.%Y")


def _answers(person: dict) -> dict[str, dict[str, str]]:
    """A renewal's answers, step by step, as a person types them (German formats)."""
    return {
        "personal": {
            "surname": person["surname"],
            "given_names": person["given_names"],
            "sex": person["sex"],
            "date_of_birth": person["date_of_birth"],
            "place_of_birth": person["place_of_birth"],
            "country_of_birth": person["nationality"],
        },
        "nationality": {"nationality": person["nationality"]},
        "voluntary": {},
        "marital": {"marital_status": "single"},
        "passport": {
            "passport_kind": "own",
            "passport_type": "Reisepass",
            "passport_number": person["passport_number"],
            "issued_by": person["passport_issued_by"],
            "issued_on": "01.02.2022",
            "valid_until": _day(3 * 365),
        },
        "address": {"street": person["street"], "postcode": person["postcode"], "town": "Nürnberg"},
        "earlier_stays": {"earlier_stays": "no"},
        "abroad": {"has_residence_abroad": "no"},
        "children": {"has_children": "no"},
        "parents": {"father_name": person["father"], "mother_name": person["mother"]},
        "followers": {},
        "entry": {"last_entry": "01.09.2023", "entry_type": "national_visa"},
        "title_held": {"holds_title": "no"},
        "visa": {
            "visa_issued_by": person["visa_issued_by"],
            "visa_issued_on": "01.07.2023",
            "visa_number": "D1234567",
            "visa_valid_from": "15.08.2023",
            "visa_valid_until": "14.11.2023",
        },
        "current_title": {
            "title_kind": "residence_permit",
            "title_number": person["title_number"],
            "title_valid_until": _day(person["title_days_left"]),
        },
        "purpose_group": {"purpose_group": "employment"},
        "purpose_detail": {
            "purpose": "employment.skilled_worker",
            "institution": person["employer"],
        },
        "duration": {
            "valid_from": _day(person["title_days_left"] + 1),
            "valid_until": _day(person["title_days_left"] + 365),
        },
        "livelihood": {"means": "Gehalt", "benefits": "none"},
        "health": {"illnesses": "no", "insurer": "AOK Bayern"},
        "legal": {
            "convicted": "no",
            "investigated": "no",
            "expelled": "no",
            "entry_refused": "no",
            "title_refused": "no",
        },
        "integration": {"german_level": "b1", "school_years": "12"},
        "family_applicants": {"applicants": "nobody"},
        "check": {},
        "declaration": {"filed_by": "applicant", "place": "Nürnberg", "confirm": "on"},
    }


# Fictional people: the passport numbers mark them as the demo's (DEMO...).
PEOPLE = (
    {
        "surname": "Yılmaz",
        "given_names": "Ayşe",
        "sex": "female",
        "date_of_birth": "14.03.1990",
        "place_of_birth": "Izmir",
        "nationality": "TR",
        "passport_number": "DEMO00001",
        "passport_issued_by": "Generalkonsulat der Türkei, Nürnberg",
        "street": "Äußere Laufer Gasse 1",
        "postcode": "90403",
        "father": "Mehmet Yılmaz",
        "mother": "Fatma Yılmaz",
        "visa_issued_by": "Deutsche Botschaft Ankara",
        "title_number": "Y0DEMO001",
        "title_days_left": 30,
        "employer": "Muster GmbH, Nürnberg (fiktiv)",
    },
    {
        "surname": "Kovalenko",
        "given_names": "Olena",
        "sex": "female",
        "date_of_birth": "02.11.1987",
        "place_of_birth": "Lwiw",
        "nationality": "UA",
        "passport_number": "DEMO00002",
        "passport_issued_by": "Botschaft der Ukraine, Berlin",
        "street": "Fürther Straße 12",
        "postcode": "90429",
        "father": "Petro Kovalenko",
        "mother": "Iryna Kovalenko",
        "visa_issued_by": "Deutsche Botschaft Kyjiw",
        "title_number": "Y0DEMO002",
        "title_days_left": 45,
        "employer": "Beispiel AG, Nürnberg (fiktiv)",
    },
)
PASSPORT_NUMBERS = tuple(person["passport_number"] for person in PEOPLE)


# Seed 003's contact form, as a person fills it in.
MESSAGE = {
    "given_names": "Chidi",
    "surname": "Okafor",
    "date_of_birth": "05.07.1985",
    "street": "Allersberger Straße 40",
    "postcode": "90461",
    "town": "Nürnberg",
    "phone": "0911 000000",
    "message": "Ich lebe seit acht Jahren in Nürnberg und möchte mich einbürgern lassen. "
    "Reicht mein Zertifikat Deutsch B1 als Sprachnachweis? Bitte rufen Sie mich an.",
}


def _browser() -> tuple[Client, bool]:
    """A browser of the demo's own, on an allowed host; True: it must ask over HTTPS."""
    hosts = [host for host in settings.ALLOWED_HOSTS if host != "*" and not host.startswith(".")]
    client = Client(REMOTE_ADDR=DEMO_ADDRESS, HTTP_HOST=hosts[0] if hosts else "127.0.0.1")
    return client, bool(settings.SECURE_SSL_REDIRECT)


class DemoFilingFailed(RuntimeError):
    """A step refused the demo's answers: the demo answers no longer fit the wizard."""


def _file(person: dict) -> Application:
    """File one renewal through the wizard's pages; returns the request filed."""
    journey = JOURNEYS[KIND]
    client, secure = _browser()
    answers = _answers(person)
    steps_at = reverse(journey.start_url_name)
    response = client.post(steps_at, secure=secure)
    while True:
        if response.status_code != 302:
            raise DemoFilingFailed(f"{response.status_code} at {response.request['PATH_INFO']}")
        location = response["Location"]
        if not location.startswith(steps_at):
            break  # the wizard is done: the receipt page
        step = location.rstrip("/").split("/")[-1]
        data = {f"{journey.journey}-current_step": step}
        if step == "documents":
            page = client.get(location, secure=secure).content.decode()
            data |= {f"documents-{name}": "on" for name in _LATER.findall(page)}
        else:
            data |= {f"{step}-{key}": value for key, value in answers[step].items()}
        response = client.post(location, data, secure=secure)
    return Application.objects.get(passport_number=person["passport_number"])


def _message_send() -> None:
    """Send the demo message through the naturalisation team's contact form."""
    client, secure = _browser()
    response = client.post(reverse("naturalisation:contact"), MESSAGE, secure=secure)
    if response.status_code != 302 or response["Location"] != reverse(
        "naturalisation:contact-sent"
    ):
        raise DemoFilingFailed(f"the contact form answered {response.status_code}")


def demo_requests_ensure(caseworker) -> list[Application]:
    """File the demo requests and the message once; the second request's checklist verified
    by ``caseworker``."""
    found = list(Application.objects.filter(passport_number__in=PASSPORT_NUMBERS))
    if found:
        return found
    _message_send()
    waiting, complete = (_file(person) for person in PEOPLE)
    for item in complete.document_declarations.order_by("pk"):
        complete = casework.document_review(
            application_id=complete.pk,
            declaration_id=item.pk,
            state=DocumentState.VERIFIED,
            by=caseworker,
        )
    return [waiting, complete]
