"""Letters to third parties, as PDF (DIN 5008 form B, for window envelopes).

The functions are pure of the database: the caller passes the values (from
an application, the caseworker's decision) and stores or sends the bytes.
The letters are German only: they go to German banks and authorities.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import translation

from portal.pdf import render_to_pdf

if TYPE_CHECKING:
    from datetime import date

RELEASE_DECLARATION_TEMPLATE = "pdf/letters/release_declaration.html"

# The recipient part of a DIN 5008 address field holds at most six lines.
MAX_ADDRESS_LINES = 6


def format_iban(iban: str) -> str:
    """An IBAN in groups of four characters, upper case: ``DE89 3704 0044 0532 0130 00``.

    Spaces (also non-breaking ones) and other whitespace in the input are dropped.
    """
    compact = "".join(iban.split()).upper()
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def recipient_lines(*lines: str) -> list[str]:
    """Address lines for the window: stripped, without empty lines, at most six.

    A longer address would not fit the window of the envelope: ValueError.
    """
    cleaned = [" ".join(line.split()) for line in lines]
    cleaned = [line for line in cleaned if line]
    if not cleaned:
        raise ValueError("The letter needs a recipient address.")
    if len(cleaned) > MAX_ADDRESS_LINES:
        raise ValueError(
            f"A recipient address has at most {MAX_ADDRESS_LINES} lines (DIN 5008), "
            f"got {len(cleaned)}."
        )
    return cleaned


def release_declaration_pdf(
    *,
    reference: str,
    account_holder: str,
    birth_date: date,
    iban: str,
    bank_name: str,
    bank_address_lines: list[str],
    caseworker_name: str,
    today: date,
) -> bytes:
    """Declaration to the bank that the office consents to lifting the blocking note.

    Service "Sperrvermerk Ausbildung und Studium – Aufhebung": the student's
    blocked account (Sperrkonto) was the proof of means; from the date of
    the letter (``today``) the account holder may use the balance freely.
    """
    lines = recipient_lines(bank_name, *bank_address_lines)
    context = {
        "office": settings.OFFICE,
        "reference": reference,
        "today": today,
        "account_holder": account_holder,
        "birth_date": birth_date,
        "iban": format_iban(iban),
        "bank_name": lines[0],
        "bank_address_lines": lines[1:],
        "caseworker_name": caseworker_name,
    }
    # German document language and page numbers ("Seite 2 von 2"),
    # whatever language the caseworker's request runs in.
    with translation.override("de"):
        return render_to_pdf(RELEASE_DECLARATION_TEMPLATE, context)


def applicant_address_lines(application) -> list[str]:
    """The applicant's postal address for the window of a letter (no empty lines)."""
    address = application.answers.get("address") or {}
    return recipient_lines(
        f"{application.given_names} {application.surname}",
        address.get("street", ""),
        address.get("address_extra", ""),
        f"{address.get('postcode', '')} {address.get('town', '')}",
    )


def fiction_certificate_pdf(
    *, application, effect_label: str, valid_until: date, caseworker_name: str, today: date
) -> bytes:
    """The Fiktionsbescheinigung (§ 81 (5) AufenthG) for a request (German)."""
    with translation.override("de"):
        return render_to_pdf(
            "pdf/letters/fiction_certificate.html",
            {
                "office": settings.OFFICE,
                "reference": application.reference,
                "today": today,
                "caseworker_name": caseworker_name,
                "recipient_lines": applicant_address_lines(application),
                "application": application,
                "effect_label": effect_label,
                "valid_until": valid_until,
            },
        )


def document_request_pdf(
    *,
    application,
    items: list[str],
    code: str,
    respond_by: date | None,
    upload_url: str,
    caseworker_name: str,
    today: date,
) -> bytes:
    """The letter asking for missing documents, with the code to hand them in online."""
    with translation.override("de"):
        return render_to_pdf(
            "pdf/letters/document_request.html",
            {
                "office": settings.OFFICE,
                "reference": application.reference,
                "today": today,
                "caseworker_name": caseworker_name,
                "recipient_lines": applicant_address_lines(application),
                "application": application,
                "items": items,
                "code": code,
                "respond_by": respond_by,
                "upload_url": upload_url,
            },
        )
