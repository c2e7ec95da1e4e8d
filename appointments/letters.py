"""The invitation letter: its PDF (DIN 5008 form B), personal code, QR code and file.

Pure of the database: appointments.services gathers the values
(``InvitationFacts``) and stores the result. The letter is German (the
language of the procedure, § 23 VwVfG); a request filed in English gets an
English page after the German one, for information.
"""

from __future__ import annotations

import base64
import functools
import io
import logging
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format

from applications.constants import RequestKind
from applications.letters import recipient_lines
from portal import codes, files
from portal.pdf import render_to_pdf

logger = logging.getLogger(__name__)

INVITATION_TEMPLATE = "pdf/letters/invitation.html"
CONFIRMATION_TEMPLATE = "pdf/letters/confirmation.html"
# Generated names only: letters/invitations/2027/01/<32 hex digits>.pdf
LETTER_FOLDER = "letters/invitations"
APPOINTMENT_PATH = "/termin/"


# --- The personal code -------------------------------------------------------------


def appointment_code_new() -> str:
    """A new personal code "XXXX-XXXX-XXXX-C" (portal.codes: 60 random bits, a check symbol)."""
    return codes.resume_code_new()


def appointment_code_digest(code: str) -> str:
    """The stored digest of a personal code (portal.codes, purpose "appointment")."""
    return codes.digest(code, purpose="appointment")


# --- The address for cancelling or moving, and its QR code -------------------------


def portal_base_url() -> str:
    """settings.PORTAL_BASE_URL without a trailing slash (default https://portal.example.org)."""
    return str(settings.PORTAL_BASE_URL).rstrip("/")


def appointment_url() -> str:
    """Where the applicant cancels or moves the appointment: https://<portal host>/termin/."""
    return portal_base_url() + APPOINTMENT_PATH


def qr_matrix(text: str) -> list[list[bool]]:
    """The modules of a QR code for ``text`` (error correction M), with the quiet zone."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4, box_size=1)
    code.add_data(text)
    code.make(fit=True)
    return code.get_matrix()


def qr_png(text: str) -> bytes:
    """A QR code for ``text`` as a PNG: one grey-scale pixel per module, quiet zone included.

    Laid out at 26 mm with ``image-rendering: pixelated`` (the PDF image is not
    interpolated), every module prints as a sharp square. WeasyPrint decodes it
    once per process (portal.pdf's image cache); a vector drawing of the
    modules cost every letter a fifth of its render time.
    """
    from PIL import Image

    matrix = qr_matrix(text)
    size = len(matrix)
    pixels = bytes(0 if dark else 255 for row in matrix for dark in row)
    image = Image.frombytes("L", (size, size), pixels)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


@functools.lru_cache(maxsize=16)
def qr_data_uri(text: str) -> str:
    """The QR code as a ``data:`` URI (WeasyPrint embeds it without any network access).

    The same for every letter of a deployment (it holds the portal's address):
    made once per process.
    """
    return "data:image/png;base64," + base64.b64encode(qr_png(text)).decode()


# --- The letter --------------------------------------------------------------------


@dataclass(frozen=True)
class InvitationFacts:
    """What the invitation letter says; gathered by appointments.services."""

    reference: str
    given_names: str
    surname: str
    street: str
    address_extra: str
    postcode: str
    town: str
    kind: str
    starts_at: datetime
    location_name: str
    location_street: str
    location_postcode: str
    location_town: str
    location_phone: str
    # The quoted fee; None when it is set individually in the procedure.
    fee: Decimal | None
    must_bring_sponsor: bool
    language: str
    code: str
    today: date
    # Seed 003: paid when or after the request is filed (fees.paid_with_the_application),
    # so not among what to bring to the appointment.
    fee_paid_with_the_application: bool = False
    # Required checklist items not verified when a team lead marked the documents
    # complete all the same (casework.documents_complete_override), each as its
    # (German, English) label: the letter asks for them instead of saying that
    # every document is there.
    still_missing: tuple[tuple[str, str], ...] = ()


def _in_language(language: str, function, *args):
    with translation.override(language):
        return function(*args)


def _euro(amount: Decimal) -> str:
    return f"{number_format(amount, 2, force_grouping=True)}\N{NO-BREAK SPACE}€"


def _euro_en(amount: Decimal) -> str:
    return f"€{number_format(amount, 2, force_grouping=True)}"


def invitation_context(facts: InvitationFacts) -> dict:
    """The template context of the letter (also for a preview as HTML)."""
    local = timezone.localtime(facts.starts_at)
    url = appointment_url()
    kind = RequestKind(facts.kind)
    name = f"{facts.given_names} {facts.surname}"
    return {
        "office": settings.OFFICE,
        "reference": facts.reference,
        "today": facts.today,
        "recipient_lines": recipient_lines(
            name, facts.street, facts.address_extra, f"{facts.postcode} {facts.town}"
        ),
        "name": " ".join(name.split()),
        "kind_de": _in_language("de", str, kind.label),
        "kind_en": _in_language("en", str, kind.label),
        "date_de": _in_language("de", date_format, local, "l, j. F Y"),
        "date_en": _in_language("en", date_format, local, "l, j F Y"),
        "time": f"{local:%H:%M}",
        "location": {
            "name": facts.location_name,
            "street": facts.location_street,
            "postcode": facts.location_postcode,
            "town": facts.location_town,
            "phone": facts.location_phone or settings.OFFICE["phone"],
        },
        "fee_de": None if facts.fee is None else _in_language("de", _euro, facts.fee),
        "fee_en": None if facts.fee is None else _in_language("en", _euro_en, facts.fee),
        "fee_paid_with_the_application": facts.fee_paid_with_the_application,
        "still_missing_de": [german for german, _english in facts.still_missing],
        "still_missing_en": [english for _german, english in facts.still_missing],
        "must_bring_sponsor": facts.must_bring_sponsor,
        # How the fee is paid, as the office words it (settings; empty: ask the location).
        "payment_de": settings.FEE_PAYMENT_DE,
        "payment_en": settings.FEE_PAYMENT_EN,
        "english": facts.language == "en",
        "url": url,
        "url_display": url.split("://", 1)[-1],
        "qr": qr_data_uri(url),
        "code": facts.code,
    }


def invitation_pdf(facts: InvitationFacts) -> bytes:
    """The invitation letter as a tagged PDF, German (with an English page for "en")."""
    context = invitation_context(facts)
    # German document language and page numbers, whatever language is active.
    with translation.override("de"):
        return render_to_pdf(INVITATION_TEMPLATE, context)


# --- The confirmation of a change made online -----------------------------------------

# What happened (ConfirmationFacts.change).
MOVED = "moved"
CANCELLED = "cancelled"
BOOKED = "booked"
CHANGES = (MOVED, CANCELLED, BOOKED)


@dataclass(frozen=True)
class ConfirmationFacts:
    """What the confirmation of an online change says; gathered by appointments.reschedule.

    ``starts_at`` is the new appointment (moved, booked) or the cancelled one;
    ``previous_starts_at`` the old time of a moved appointment. The personal
    code is not repeated: the database keeps its digest only, and the code
    of the invitation letter stays valid.
    """

    change: str
    reference: str
    given_names: str
    surname: str
    street: str
    address_extra: str
    postcode: str
    town: str
    kind: str
    starts_at: datetime
    previous_starts_at: datetime | None
    location_name: str
    location_street: str
    location_postcode: str
    location_town: str
    location_phone: str
    language: str
    today: date


def _when(moment: datetime | None) -> dict | None:
    if moment is None:
        return None
    local = timezone.localtime(moment)
    return {
        "date_de": _in_language("de", date_format, local, "l, j. F Y"),
        "date_en": _in_language("en", date_format, local, "l, j F Y"),
        "time": f"{local:%H:%M}",
    }


def confirmation_context(facts: ConfirmationFacts) -> dict:
    """The template context of the confirmation letter."""
    if facts.change not in CHANGES:
        raise ValueError(f"Unknown change {facts.change!r}.")
    url = appointment_url()
    kind = RequestKind(facts.kind)
    name = f"{facts.given_names} {facts.surname}"
    return {
        "office": settings.OFFICE,
        "change": facts.change,
        "reference": facts.reference,
        "today": facts.today,
        "recipient_lines": recipient_lines(
            name, facts.street, facts.address_extra, f"{facts.postcode} {facts.town}"
        ),
        "name": " ".join(name.split()),
        "kind_de": _in_language("de", str, kind.label),
        "kind_en": _in_language("en", str, kind.label),
        "when": _when(facts.starts_at),
        "previous": _when(facts.previous_starts_at),
        "location": {
            "name": facts.location_name,
            "street": facts.location_street,
            "postcode": facts.location_postcode,
            "town": facts.location_town,
            "phone": facts.location_phone or settings.OFFICE["phone"],
        },
        "english": facts.language == "en",
        "url_display": url.split("://", 1)[-1],
    }


def confirmation_pdf(facts: ConfirmationFacts) -> bytes:
    """The confirmation of a change as a tagged PDF, German (with an English page for "en")."""
    context = confirmation_context(facts)
    with translation.override("de"):
        return render_to_pdf(CONFIRMATION_TEMPLATE, context)


# --- The file ------------------------------------------------------------------------


def letter_file_name(now: datetime) -> str:
    """A new generated name: letters/invitations/YYYY/MM/<random>.pdf."""
    return files.dated_name(LETTER_FOLDER, now)


def letter_store(content: bytes, *, now: datetime) -> str:
    """Store a letter under a new generated name; the file appears whole or not at all.

    On a local disk the bytes go to a hidden temporary file in the target
    folder (".<random>.part"), are flushed to disk and then renamed into
    place. On object storage (no local path) one upload is atomic by itself.
    Returns the storage name.
    """
    return files.store(letter_file_name(now), lambda handle: handle.write(content))


def letter_delete(name: str) -> None:
    """Delete a stored letter file; a failure is logged (the sweep tries again later)."""
    try:
        default_storage.delete(name)
    except OSError:
        logger.warning("letter file could not be deleted name=%s", name)
