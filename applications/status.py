"""Where is my request? The status page, opened with the details of the receipt (issue 20).

/status/: the reference number, the date of birth and the status code from
the confirmation of receipt open the request's status in this browser
session for 30 minutes (portal/grants.py), as /termin/ and the hand-in do
with the codes of their letters. Every wrong input gets the same answer, the
attempts are rate-limited like /termin/'s, and opening and viewing are
written to the audit trail.

The status code is made when the request is filed (``status_code_new``),
printed on the receipt and shown on the confirmation page once; the
database keeps only its keyed digest (``status_code_digest``), and the code
reaches the confirmation page in a short-lived cookie of that browser,
encrypted with the field-encryption keys, never in the session. Requests
filed before the status page existed have no code (an empty digest, which
no code matches): they get the same answer as every wrong input.

The page says in plain words what the status already says (applications/
progress.py): no internal notes, no caseworker's name, nothing of the
answers; the appointment comes through ``hooks.applicant_appointment``.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import date, datetime

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from locations.models import Location
from portal import codes, encryption, grants, language_switch
from portal.audit import audit
from portal.forms import DateField, KernForm, TextField

from . import hooks, progress
from .constants import DocumentState, RequestKind
from .models import Application, DocumentDeclaration, DocumentRequest

logger = logging.getLogger(__name__)

SESSION_KEY = "request_status"  # {"application": id, "until": ISO datetime}
RATE_SCOPE = "request-status"
RATE_LIMIT = 10
RATE_WINDOW_SECONDS = 900
# The confirmation page shows the new codes once, from this cookie, within these seconds;
# the browser sends it to the confirmation pages only (/antrag/<reference>/).
CODES_COOKIE_SECONDS = 900
CODES_COOKIE_PATH = "/antrag/"

NOT_FOUND = _(
    "We could not find a request with these details. Check the reference number, your date "
    "of birth and the status code on your confirmation of receipt."
)
SESSION_ENDED = _(
    "For your security, the status of your request is shown for 30 minutes only. Please "
    "enter your details again."
)


# --- The code -------------------------------------------------------------------------


def status_code_new() -> str:
    """A new status code "XXXX-XXXX-XXXX-C" (portal.codes: 60 random bits and a check symbol)."""
    return codes.resume_code_new()


def status_code_digest(code: str) -> str:
    """The stored digest of a status code (portal.codes, purpose "status": its own salt)."""
    return codes.digest(code, purpose="status")


def status_url() -> str:
    """The page's public address, printed on the receipt (settings.PORTAL_BASE_URL)."""
    base = str(settings.PORTAL_BASE_URL).rstrip("/")
    return f"{base}{reverse('applications:status')}"


def codes_cookie_name() -> str:
    # __Secure- (not __Host-, which demands the path /): HTTPS only, host-only (no Domain).
    return "__Secure-status-codes" if settings.SESSION_COOKIE_SECURE else "portal_status_codes"


def codes_cookie_set(response: HttpResponse, codes: dict[str, str]) -> None:
    """Hand the new codes (reference -> code) to the next page of this browser, encrypted."""
    if not codes:
        return
    token = encryption.cipher().encrypt(json.dumps(codes).encode()).decode("ascii")
    response.set_cookie(
        codes_cookie_name(),
        token,
        max_age=CODES_COOKIE_SECONDS,
        path=CODES_COOKIE_PATH,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )


def codes_cookie_take(request: HttpRequest, references) -> dict[str, str]:
    """The new codes of ``references`` this browser holds (then the cookie must go)."""
    token = request.COOKIES.get(codes_cookie_name())
    if not token:
        return {}
    try:
        plain = encryption.cipher().decrypt(token.encode("ascii"), ttl=CODES_COOKIE_SECONDS)
        codes = json.loads(plain)
    except (InvalidToken, UnicodeEncodeError, ValueError):
        return {}
    if not isinstance(codes, dict):
        return {}
    wanted = set(references)
    return {str(key): str(value) for key, value in codes.items() if key in wanted}


def codes_cookie_forget(response: HttpResponse) -> None:
    response.delete_cookie(codes_cookie_name(), path=CODES_COOKIE_PATH, samesite="Strict")


# --- What the page shows ------------------------------------------------------------------


@dataclass(frozen=True)
class MissingDocument:
    label: str
    # The office's reason when a file was rejected (written for the applicant), else "".
    reason: str = ""


@dataclass(frozen=True)
class RequestStatus:
    reference: str
    kind_label: str
    submitted_at: datetime
    stage: progress.Stage
    steps: list = field(default_factory=list)
    missing: list[MissingDocument] = field(default_factory=list)
    handed_in: list[str] = field(default_factory=list)
    respond_by: date | None = None
    appointment_starts_at: datetime | None = None
    location: Location | None = None
    must_bring_sponsor: bool = False
    changed_at: datetime | None = None


def request_status(*, application_id: int) -> RequestStatus:
    """Where the request stands, with only what its applicant may read (a few queries)."""
    application = Application.objects.only(
        "reference", "kind", "status", "submitted_at", "status_changed_at", "must_bring_sponsor"
    ).get(pk=application_id)
    facts = hooks.appointment_facts(application_id)
    stage = progress.stage_of(
        application.status, cancelled_by_applicant=facts.cancelled_by_applicant
    )
    missing, handed_in, respond_by = [], [], None
    if stage == progress.Stage.DOCUMENTS_REQUESTED:
        for item in DocumentDeclaration.objects.filter(
            application_id=application_id, required=True
        ).order_by("pk"):
            if item.state in (DocumentState.LATER, DocumentState.REJECTED):
                reason = item.reason if item.state == DocumentState.REJECTED else ""
                missing.append(MissingDocument(label=item.label, reason=reason))
            elif item.handed_in_at is not None:
                handed_in.append(item.label)
        respond_by = (
            DocumentRequest.objects.filter(application_id=application_id)
            .order_by("-created_at", "-pk")
            .values_list("respond_by", flat=True)
            .first()
        )
    appointment = location = None
    if stage == progress.Stage.INVITED:
        appointment = hooks.applicant_appointment(application_id)
        if appointment is not None:
            location = Location.objects.filter(pk=appointment.location_id).first()
    return RequestStatus(
        reference=application.reference,
        kind_label=str(RequestKind(application.kind).label),
        submitted_at=application.submitted_at,
        stage=stage,
        steps=progress.steps_with_state(stage),
        missing=missing,
        handed_in=handed_in,
        respond_by=respond_by,
        appointment_starts_at=appointment.starts_at if appointment else None,
        location=location,
        must_bring_sponsor=application.must_bring_sponsor,
        changed_at=application.status_changed_at,
    )


# --- The pages --------------------------------------------------------------------------


class StatusForm(KernForm):
    reference = TextField(
        label=_("Reference number"),
        max_length=20,
        help_text=_("As on your confirmation of receipt, for example ABCD-EFGH-J."),
    )
    date_of_birth = DateField(label=_("Your date of birth"), birth=True)
    code = TextField(
        label=_("Status code"),
        max_length=24,
        help_text=_("As on your confirmation of receipt, for example 7Q4M-9TXC-2K8R-4."),
    )


def _find(data) -> int | None:
    """The id of the request the details open, or None (one query)."""
    reference = codes.code_normalise(data["reference"])
    code = codes.code_normalise(data["code"])
    if reference is None or code is None:
        return None
    return (
        Application.objects.filter(
            reference=reference,
            date_of_birth=data["date_of_birth"],
            status_code_digest__in=codes.digests(code, purpose="status"),
        )
        .values_list("pk", flat=True)
        .first()
    )


DETAILS = grants.LetterDetails(
    session_key=SESSION_KEY,
    rate_scope=RATE_SCOPE,
    find=_find,
    not_found=NOT_FOUND,
    opened_url="applications:status-overview",
    audit_code="status",
    rate_limit=RATE_LIMIT,
    rate_window_seconds=RATE_WINDOW_SECONDS,
)


@require_http_methods(["GET", "POST"])
def status_find(request: HttpRequest) -> HttpResponse:
    """/status/: the details from the receipt open the status for 30 minutes."""
    language = language_switch.switch_if_requested(request)
    form = StatusForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not language:
        response = grants.letter_details_open(request, form, DETAILS)
        if response is not None:
            return response
    return language_switch.form_page(
        request, "applications/status.html", form, form_id="status-form", language=language
    )


@require_http_methods(["GET"])
def status_overview(request: HttpRequest) -> HttpResponse:
    """Where the request stands, in plain words."""
    application_id = grants.granted(request, SESSION_KEY)
    if application_id is None:
        if request.session.pop(SESSION_KEY, None) is not None:
            messages.info(request, SESSION_ENDED)
        return redirect("applications:status")
    state = request_status(application_id=application_id)
    audit(
        action="view",
        request=request,
        object_type="applications.application",
        object_id=str(application_id),
        detail="status",
        actor_label="applicant",
    )
    timeout = grants.timeout_context(
        request,
        SESSION_KEY,
        extend_url=reverse("applications:status-extend"),
        ended_url=reverse("applications:status"),
    )
    context = {"state": state, "until": grants.grant_until(request, SESSION_KEY), **timeout}
    return render(request, "applications/status_overview.html", context)


@require_POST
def status_extend(request: HttpRequest) -> JsonResponse:
    """The dialog's "keep the pages open": another 30 minutes for a grant still open."""
    return JsonResponse({"seconds": grants.grant_extend(request, SESSION_KEY)})
