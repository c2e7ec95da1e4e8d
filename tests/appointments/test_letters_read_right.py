"""Every letter as the applicant reads it from paper: addresses and codes on one line, whole.

Each kind of letter is rendered with a long portal address (so that lines
must wrap somewhere) and its text is taken from the PDF line by line: every
URL, reference and code a person types must stand whole on one line, never
broken at a hyphen. The invitation says the fee and how it is paid.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from applications import letters as application_letters
from appointments import letters
from tests.letter_layout import lines_of

BERLIN = ZoneInfo("Europe/Berlin")
LONG_BASE = "https://termine.auslaenderbehoerde-nuernberg.example.org"
REFERENCE = "ABCD-EFGH-J"
CODE = "7Q4M-9TXC-2K8R-4"
HAND_IN_CODE = "KX7P-M2QA-9"
TODAY = date(2026, 6, 1)

INVITATION = letters.InvitationFacts(
    reference=REFERENCE,
    given_names="Ayşe Nur",
    surname="Yılmaz-Okonkwo",
    street="Äußere Laufer Gasse 1",
    address_extra="",
    postcode="90403",
    town="Nürnberg",
    kind="renewal",
    starts_at=datetime(2026, 6, 8, 8, 0, tzinfo=BERLIN),
    location_name="Amt für Migration und Integration – Zentrale",
    location_street="Äußere Laufer Gasse 25",
    location_postcode="90403",
    location_town="Nürnberg",
    location_phone="0911 231-0",
    fee=Decimal("93.00"),
    must_bring_sponsor=False,
    language="en",
    code=CODE,
    today=TODAY,
)


def assert_whole(lines: list[str], *texts: str) -> None:
    for text in texts:
        assert any(text in line for line in lines), (text, lines)


@pytest.fixture
def long_address(settings):
    settings.PORTAL_BASE_URL = LONG_BASE


def test_the_invitation_keeps_its_address_and_codes_whole_and_says_how_to_pay(long_address):
    lines = lines_of(letters.invitation_pdf(INVITATION))
    address = LONG_BASE.split("://", 1)[1] + "/termin/"
    assert_whole(lines, address, REFERENCE, CODE)
    text = " ".join(lines)
    assert "93,00 €" in text
    assert "Sie bezahlen sie beim Termin vor Ort" in text
    assert (
        "Welche Zahlungsarten der Standort annimmt, erfahren Sie unter Telefon 0911 231-0" in text
    )
    assert "To ask which ways of payment the location accepts, call 0911 231-0" in text


def test_the_office_s_ways_of_payment_are_printed(long_address, settings):
    settings.FEE_PAYMENT_DE = "bargeldlos mit Girocard oder Kreditkarte"
    settings.FEE_PAYMENT_EN = "by debit card (girocard) or credit card"
    text = " ".join(lines_of(letters.invitation_pdf(INVITATION)))
    assert "beim Termin vor Ort, bargeldlos mit Girocard oder Kreditkarte." in text
    assert "at the appointment, by debit card (girocard) or credit card." in text
    assert "Welche Zahlungsarten" not in text


def test_the_naturalisation_fee_is_not_among_what_to_bring(long_address):
    """Seed 003: the naturalisation fee is paid when or after filing, not at the appointment."""
    facts = replace(
        INVITATION, kind="naturalisation", fee=Decimal("255.00"), fee_paid_with_the_application=True
    )
    text = " ".join(lines_of(letters.invitation_pdf(facts)))
    assert (
        "Die Gebühr von 255,00 € ist bereits bei beziehungsweise nach der Antragstellung zu "
        "bezahlen, nicht erst beim Termin." in text
    )
    assert "The fee of €255.00 is paid when or after you file the application" in text
    assert "Sie bezahlen sie beim Termin" not in text
    assert "You pay it at the appointment" not in text
    assert "Welche Zahlungsarten" not in text
    # The list of what to bring ends with the documents.
    assert "die Sie für Ihren Antrag eingereicht haben." in text
    assert "documents you submitted with your application." in text


@pytest.mark.parametrize("change", [letters.MOVED, letters.CANCELLED, letters.BOOKED])
def test_the_confirmations_keep_the_address_whole(long_address, change):
    facts = letters.ConfirmationFacts(
        change=change,
        reference=REFERENCE,
        given_names=INVITATION.given_names,
        surname=INVITATION.surname,
        street=INVITATION.street,
        address_extra="",
        postcode=INVITATION.postcode,
        town=INVITATION.town,
        kind=INVITATION.kind,
        starts_at=INVITATION.starts_at,
        previous_starts_at=INVITATION.starts_at - timedelta(days=3)
        if change == letters.MOVED
        else None,
        location_name=INVITATION.location_name,
        location_street=INVITATION.location_street,
        location_postcode=INVITATION.location_postcode,
        location_town=INVITATION.location_town,
        location_phone=INVITATION.location_phone,
        language="en",
        today=TODAY,
    )
    lines = lines_of(letters.confirmation_pdf(facts))
    assert_whole(lines, LONG_BASE.split("://", 1)[1] + "/termin/", REFERENCE)


@pytest.mark.django_db
def test_the_request_for_documents_keeps_its_address_and_code_whole(long_address):
    from tests.factories import ApplicationFactory

    application = ApplicationFactory(reference=REFERENCE, location=None)
    url = LONG_BASE + reverse("applications:hand-in")
    pdf = application_letters.document_request_pdf(
        application=application,
        items=["ein gültiger Pass", "Nachweis über ausreichenden Wohnraum"],
        code=HAND_IN_CODE,
        respond_by=date(2026, 6, 29),
        upload_url=url,
        caseworker_name="Demo Sachbearbeitung",
        today=TODAY,
    )
    lines = lines_of(pdf)
    assert_whole(lines, url, REFERENCE, HAND_IN_CODE)
    assert not any(line.rstrip().endswith("unterlagen-") for line in lines), lines


@pytest.mark.django_db
def test_the_fiction_certificate_and_the_release_declaration_keep_the_reference_whole():
    from tests.factories import ApplicationFactory

    application = ApplicationFactory(reference=REFERENCE, location=None)
    certificate = application_letters.fiction_certificate_pdf(
        application=application,
        effect_label="der bisherige Aufenthaltstitel gilt als fortbestehend",
        valid_until=date(2026, 9, 1),
        caseworker_name="Demo Sachbearbeitung",
        today=TODAY,
    )
    assert_whole(lines_of(certificate), REFERENCE)
    declaration = application_letters.release_declaration_pdf(
        reference=REFERENCE,
        account_holder="Ayşe Nur Yılmaz-Okonkwo",
        birth_date=date(1990, 3, 14),
        iban="DE89370400440532013000",
        bank_name="Musterbank AG",
        bank_address_lines=["Musterstraße 1", "00000 Musterstadt"],
        caseworker_name="Demo Sachbearbeitung",
        today=TODAY,
    )
    assert_whole(lines_of(declaration), REFERENCE)


def test_a_german_only_letter_has_no_english_payment_sentence(long_address):
    german = replace(INVITATION, language="de")
    text = " ".join(lines_of(letters.invitation_pdf(german)))
    assert "Welche Zahlungsarten" in text
    assert "ways of payment" not in text
