"""DEBUG-only previews of every letter as HTML, for quick layout work (DESIGN.md, "PDFs").

Mounted under /dev/briefe/ only when DEBUG is on (portal/site/urls.py); the data
are fictional samples, never anyone's request.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation


def _sample_application():
    return SimpleNamespace(
        reference="7K3Q-9TXD-M",
        surname="Mustermann",
        given_names="Erika",
        date_of_birth=date(1990, 3, 14),
        nationality="TR",
        passport_number="U12345678",
        submitted_at=timezone.now(),
        answers={"address": {"street": "Musterstraße 1", "postcode": "90403", "town": "Nürnberg"}},
    )


def _invitation() -> tuple[str, dict]:
    from appointments.letters import InvitationFacts, invitation_context

    facts = InvitationFacts(
        reference="7K3Q-9TXD-M",
        given_names="Erika",
        surname="Mustermann",
        street="Musterstraße 1",
        address_extra="",
        postcode="90403",
        town="Nürnberg",
        kind="renewal",
        starts_at=timezone.make_aware(
            datetime.combine(timezone.localdate() + timedelta(days=9), time(9, 30))
        ),
        location_name="Amt für Migration und Integration – Zentrale",
        location_street=settings.OFFICE["street"],
        location_postcode=settings.OFFICE["postcode"],
        location_town=settings.OFFICE["town"],
        location_phone=settings.OFFICE["phone"],
        fee=Decimal("93.00"),
        must_bring_sponsor=True,
        language="de",
        code="ABCD-EFGH-JKMN-P",
        today=timezone.localdate(),
    )
    return "pdf/letters/invitation.html", invitation_context(facts)


def _common(application) -> dict:
    from applications.letters import applicant_address_lines

    return {
        "office": settings.OFFICE,
        "reference": application.reference,
        "today": timezone.localdate(),
        "caseworker_name": "Demo Sachbearbeitung",
        "recipient_lines": applicant_address_lines(application),
        "application": application,
    }


def _document_request() -> tuple[str, dict]:
    application = _sample_application()
    context = _common(application) | {
        "items": [
            "Nachweis über ausreichenden Wohnraum",
            "Nachweis über Krankenversicherungsschutz",
        ],
        "code": "ABCD-EFGH-J",
        "respond_by": timezone.localdate() + timedelta(days=28),
        "upload_url": settings.PORTAL_BASE_URL.rstrip("/") + "/unterlagen-nachreichen/",
    }
    return "pdf/letters/document_request.html", context


def _fiction_certificate() -> tuple[str, dict]:
    application = _sample_application()
    context = _common(application) | {
        "effect_label": "die bisherige Aufenthaltserlaubnis gilt fort (§ 81 Abs. 4 AufenthG)",
        "valid_until": timezone.localdate() + timedelta(days=90),
    }
    return "pdf/letters/fiction_certificate.html", context


def _release_declaration() -> tuple[str, dict]:
    return "pdf/letters/release_declaration.html", {
        "office": settings.OFFICE,
        "reference": "7K3Q-9TXD-M",
        "today": timezone.localdate(),
        "account_holder": "Erika Mustermann",
        "birth_date": date(1990, 3, 14),
        "iban": "DE89 3704 0044 0532 0130 00",
        "bank_name": "Sparkasse Nürnberg",
        "bank_address_lines": ["Lorenzer Platz 12", "90402 Nürnberg"],
        "caseworker_name": "Demo Sachbearbeitung",
        "recipient_lines": ["Sparkasse Nürnberg", "Lorenzer Platz 12", "90402 Nürnberg"],
    }


LETTERS = {
    "einladung": _invitation,
    "unterlagen": _document_request,
    "fiktionsbescheinigung": _fiction_certificate,
    "sperrvermerk": _release_declaration,
}


def letter_preview(request: HttpRequest, name: str) -> HttpResponse:
    if not settings.DEBUG or name not in LETTERS:
        raise Http404
    template, context = LETTERS[name]()
    with translation.override("de"):
        html = render_to_string(template, context)
    return HttpResponse(html)


def letter_index(request: HttpRequest) -> HttpResponse:
    if not settings.DEBUG:
        raise Http404
    links = "".join(f'<li><a href="{name}/">{name}</a></li>' for name in LETTERS)
    return HttpResponse(f"<!DOCTYPE html><title>Briefe</title><h1>Briefe</h1><ul>{links}</ul>")
