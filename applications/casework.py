"""Services of the case work: status changes, the document checklist, letters, fees.

Each is one transaction that locks the request (``select_for_update``),
checks the current state against the rules (``workflow``: the transition
table and each transition's guard), changes it and raises instead of
passing silently. Admin views and actions call these; the appointments app
calls ``application_mark_invited`` and ``application_appointment_ended``.

Every status change goes through ``_move``, the one transition function.
Apps above this one learn of completed documents through
``hooks.documents_completed`` (appointments enqueues the invitation).
"""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from portal import codes, files
from portal.audit import audit

from . import hooks, rules, workflow
from .constants import DocumentState, Status
from .letters import document_request_pdf, fiction_certificate_pdf
from .models import (
    Application,
    DocumentDeclaration,
    DocumentRequest,
    DocumentsOverride,
    FeeAssessment,
    FictionCertificate,
    FictionEffect,
)

logger = logging.getLogger(__name__)

STALE = (
    "The request was changed by someone else in the meantime (version {expected}, now {current})."
)
REASON_MISSING = "A rejected document needs a reason."
NOT_OF_REQUEST = "The document does not belong to this request."
NOTHING_MISSING = "Every required document is present or verified: nothing to request."
FICTION_NOT_POSSIBLE = "The valid-until date must lie after today."
OVERRIDE_NOT_ALLOWED = "Only a team lead may override the document check."
OVERRIDE_REASON_MISSING = "An override needs a reason."
FEE_INVALID = "A fee is an amount of at least 0.00 EUR with at most two decimal places."
FEE_REASON_MISSING = "A fee assessment needs a reason."
UNKNOWN_REVIEW_STATE = "Unknown review state {state!r}."

REVIEW_STATES = frozenset({DocumentState.RECEIVED, DocumentState.VERIFIED, DocumentState.REJECTED})
OVERRIDE_PERMISSION = "applications.override_documents"


class StaleVersion(ValueError):
    """Somebody saved the request after this caseworker loaded it."""


class ReviewError(ValueError):
    """A change that the rules do not allow; ``code`` says which rule where there is one."""

    def __init__(self, message: str, code: str = ""):
        super().__init__(message)
        self.code = code


def _lock(application_id: int, expected_version: int | None) -> Application:
    application = Application.objects.select_for_update().get(pk=application_id)
    if expected_version is not None and application.version != expected_version:
        raise StaleVersion(STALE.format(expected=expected_version, current=application.version))
    return application


def _bump(application: Application) -> None:
    application.version = F("version") + 1
    application.save(update_fields=["version"])
    application.refresh_from_db(fields=["version"])


def case_facts(application: Application, *, now=None) -> workflow.CaseFacts:
    """The facts the workflow's guards decide on, read from the database (three queries).

    Rows the caller read with the request (the desk's prefetch) are used as read.
    """
    items = [(item.required, item.state) for item in application.document_declarations.all()]
    appointment = hooks.appointment_facts(application.pk)
    return workflow.CaseFacts(
        documents_complete=workflow.documents_complete(items),
        documents_override=application.documents_overrides.exists(),
        appointment_booked=appointment.booked,
        appointment_letter=appointment.letter,
        appointment_starts_at=appointment.starts_at,
        now=now or timezone.now(),
    )


def _move(application: Application, target: str, facts: workflow.CaseFacts | None = None) -> None:
    """The one transition function: table, guard, then the change (the caller holds the lock)."""
    facts = facts if facts is not None else case_facts(application)
    workflow.check(application.status, target, facts)
    application.status = target
    application.status_changed_at = timezone.now()
    application.version = F("version") + 1
    application.save(update_fields=["status", "status_changed_at", "version"])
    application.refresh_from_db(fields=["version"])


def _complete_documents(application: Application) -> None:
    """Move to "documents complete" (through "in review") and tell the apps above."""
    if application.status == Status.SUBMITTED:
        _move(application, Status.IN_REVIEW)
    _move(application, Status.DOCUMENTS_COMPLETE)
    hooks.documents_completed(application.pk)


def application_transition(
    *, application_id: int, target: str, by, expected_version: int | None = None
) -> Application:
    """A caseworker's status button: move to ``target`` if table and guard allow it.

    Transitions the portal makes itself (a letter, the worker's booking, the
    applicant's cancellation) are refused here (``IllegalTransition``); a
    guard that does not hold raises ``workflow.GuardFailed``.
    """
    with transaction.atomic():
        application = _lock(application_id, expected_version)
        previous = application.status
        if workflow.is_automatic(previous, target):
            raise workflow.IllegalTransition(
                workflow.ILLEGAL.format(current=str(previous), target=str(target))
            )
        _move(application, target)
        if target == Status.DOCUMENTS_COMPLETE:
            hooks.documents_completed(application.pk)
    logger.info("application status id=%s %s->%s by=%s", application.pk, previous, target, by.pk)
    audit(action="change", actor=by, obj=application, detail=f"status:{target}")
    return application


def document_review(
    *,
    application_id: int,
    declaration_id: int,
    state: str,
    by,
    reason: str = "",
    expected_version: int | None = None,
) -> Application:
    """Mark one checklist item received, verified or rejected (with a reason).

    Verifying the last required item moves the request to "documents
    complete" in the same transaction (the invitation follows from there).
    """
    if state not in REVIEW_STATES:
        raise ReviewError(UNKNOWN_REVIEW_STATE.format(state=state))
    if state == DocumentState.REJECTED and not reason.strip():
        raise ReviewError(REASON_MISSING, code="reason_missing")
    with transaction.atomic():
        application = _lock(application_id, expected_version)
        item = (
            DocumentDeclaration.objects.select_for_update()
            .filter(pk=declaration_id, application=application)
            .first()
        )
        if item is None:
            raise ReviewError(NOT_OF_REQUEST)
        item.state = state
        item.reason = reason.strip() if state == DocumentState.REJECTED else ""
        item.reviewed_at = timezone.now()
        item.reviewed_by = by
        item.handed_in_at = None
        item.save(update_fields=["state", "reason", "reviewed_at", "reviewed_by", "handed_in_at"])
        items = application.document_declarations.values_list("required", "state")
        if application.status in workflow.COMPLETABLE and workflow.documents_complete(items):
            _complete_documents(application)
        else:
            _bump(application)
    audit(action="change", actor=by, obj=application, detail=f"document:{state}")
    logger.info(
        "document review application=%s item=%s state=%s by=%s",
        application.pk,
        item.pk,
        state,
        by.pk,
    )
    return application


def documents_complete_override(*, application_id: int, reason: str, by) -> Application:
    """A team lead marks the documents complete although not every item is verified.

    Needs the permission ``override_documents`` and a reason (stored as a
    DocumentsOverride, shown on the request page; the audit trail records
    the override, never the reason's words). Then as the last verification:
    "documents complete", and the invitation follows.
    """
    if not by.has_perm(OVERRIDE_PERMISSION):
        raise ReviewError(OVERRIDE_NOT_ALLOWED, code="not_allowed")
    reason = reason.strip()
    if not reason:
        raise ReviewError(OVERRIDE_REASON_MISSING, code="reason_missing")
    with transaction.atomic():
        application = _lock(application_id, None)
        if application.status not in workflow.COMPLETABLE:
            raise workflow.IllegalTransition(
                workflow.ILLEGAL.format(
                    current=str(application.status), target=str(Status.DOCUMENTS_COMPLETE)
                )
            )
        DocumentsOverride.objects.create(
            application=application, reason=reason[:500], created_by=by
        )
        _complete_documents(application)
    logger.info("documents override application=%s by=%s", application.pk, by.pk)
    audit(action="change", actor=by, obj=application, detail="override:documents_complete")
    return application


def document_add(
    *, application_id: int, label: str, by, required: bool = True
) -> DocumentDeclaration:
    """The caseworker adds a checklist item (a document the case needs)."""
    label = label.strip()
    if not label:
        raise ReviewError("A document needs a name.", code="label_missing")
    with transaction.atomic():
        application = _lock(application_id, None)
        code = f"office_{application.document_declarations.count() + 1}"
        item = DocumentDeclaration.objects.create(
            application=application,
            requirement=code,
            label=label[:200],
            state=DocumentState.LATER,
            required=required,
            added_by_caseworker=True,
        )
        _bump(application)
    logger.info("document added application=%s item=%s by=%s", application.pk, item.pk, by.pk)
    audit(action="create", actor=by, obj=item, detail="document")
    return item


def missing_items(application: Application) -> list[DocumentDeclaration]:
    """Required checklist items that are neither handed in nor accepted (later, rejected)."""
    return [
        item
        for item in application.document_declarations.all()  # ordered by pk
        if item.required and item.state in (DocumentState.LATER, DocumentState.REJECTED)
    ]


def _letter_name(now) -> str:
    return files.dated_name("letters", now)


def documents_request(
    *,
    application_id: int,
    by,
    respond_within_weeks: int | None = rules.DEFAULT_RESPOND_WEEKS,
):
    """Write the letter that lists the missing documents, with a code to hand them in online.

    The respond-by date is computed from the letter's date and the period in
    weeks (``rules.respond_by``: moved off weekends and Bavarian holidays),
    never typed; ``None`` asks without a date. Moves the request to
    "documents requested" (through "in review" when it is still
    "submitted"). Returns the DocumentRequest.
    """
    with transaction.atomic():
        application = _lock(application_id, None)
        missing = missing_items(application)
        if not missing:
            raise ReviewError(NOTHING_MISSING, code="nothing_missing")
        if application.status == Status.SUBMITTED:
            _move(application, Status.IN_REVIEW)
        if application.status != Status.DOCUMENTS_REQUESTED:
            _move(application, Status.DOCUMENTS_REQUESTED)
        code = codes.reference_new()
        now = timezone.now()
        today = timezone.localdate(now)
        respond_by = (
            rules.respond_by(written_on=today, weeks=respond_within_weeks)
            if respond_within_weeks
            else None
        )
        items = [{"id": item.pk, "label": item.label} for item in missing]
        pdf = document_request_pdf(
            application=application,
            items=[item.label for item in missing],
            code=code,
            respond_by=respond_by,
            upload_url=settings.PORTAL_BASE_URL.rstrip("/") + reverse("applications:hand-in"),
            caseworker_name=by.get_full_name() or by.get_username(),
            today=today,
        )
        name = default_storage.save(_letter_name(now), ContentFile(pdf))
        request = DocumentRequest.objects.create(
            application=application,
            code_digest=codes.digest(code, purpose="hand_in"),
            items=items,
            respond_by=respond_by,
            letter=name,
            created_by=by,
        )
    logger.info(
        "documents requested application=%s items=%d by=%s", application.pk, len(items), by.pk
    )
    audit(action="letter", actor=by, obj=application, detail="document_request")
    return request


def fiction_certificate_issue(
    *,
    application_id: int,
    effect: str,
    valid_until: date,
    by,
    hardship_order: bool = False,
    override_reason: str = "",
):
    """Issue a Fiktionsbescheinigung (§ 81 (5) AufenthG) with its effect and validity.

    The effect must be the one the law gives the filing (the deadline rule on
    the request's facts on the day of filing, ``deadline_result``, checked by
    ``rules.fiction_effect_refusal``). Otherwise it is refused with the
    rule's code, unless a team lead gives a reason (``override_reason``,
    stored with the certificate; the audit trail records the override).
    """
    if effect not in FictionEffect.values:
        raise ReviewError(f"Unknown effect {effect!r}.", code="unknown_effect")
    today = timezone.localdate()
    if valid_until <= today:
        raise ReviewError(FICTION_NOT_POSSIBLE, code="not_after_today")
    application = Application.objects.get(pk=application_id)
    refusal = rules.fiction_effect_refusal(
        chosen=effect, deadline=deadline_result(application), hardship_order=hardship_order
    )
    override_reason = override_reason.strip()
    if refusal is not None:
        if not override_reason:
            raise ReviewError(refusal, code=refusal)
        if not by.has_perm(OVERRIDE_PERMISSION):
            raise ReviewError(OVERRIDE_NOT_ALLOWED, code="not_allowed")
    else:
        override_reason = ""
    with transaction.atomic():
        application = _lock(application_id, None)
        pdf = fiction_certificate_pdf(
            application=application,
            effect_label=FictionEffect(effect).label,
            valid_until=valid_until,
            caseworker_name=by.get_full_name() or by.get_username(),
            today=today,
        )
        name = default_storage.save(_letter_name(timezone.now()), ContentFile(pdf))
        certificate = FictionCertificate.objects.create(
            application=application,
            effect=effect,
            valid_until=valid_until,
            file=name,
            issued_by=by,
            hardship_order=hardship_order,
            override_reason=override_reason[:500],
        )
    logger.info("fiction certificate issued application=%s by=%s", application.pk, by.pk)
    detail = "fiction_certificate:override" if override_reason else "fiction_certificate"
    audit(action="letter", actor=by, obj=application, detail=detail)
    return certificate


def deadline_result(application: Application) -> rules.DeadlineResult:
    """The deadline rule on the request's answers, for the day it was filed."""
    from .services import deadline_for

    return deadline_for(
        application.kind,
        application.answers,
        filed_on=timezone.localdate(application.submitted_at),
    )


def fee_assess(*, application_id: int, amount, reason: str, by) -> FeeAssessment:
    """Record the fee the office charges (a correction is a new assessment)."""
    try:
        amount = Decimal(str(amount)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ReviewError(FEE_INVALID, code="invalid") from None
    if amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise ReviewError(FEE_INVALID, code="invalid")
    reason = reason.strip()
    if not reason:
        raise ReviewError(FEE_REASON_MISSING, code="reason_missing")
    with transaction.atomic():
        application = _lock(application_id, None)
        assessment = FeeAssessment.objects.create(
            application=application, amount=amount, reason=reason[:500], assessed_by=by
        )
        _bump(application)
    logger.info("fee assessed application=%s by=%s", application.pk, by.pk)
    audit(action="create", actor=by, obj=assessment, detail="fee")
    return assessment


def applications_assign_location(*, application_ids: list[int], location_id: int, by) -> int:
    """A team lead moves requests to another location (issue "back office", item 7)."""
    with transaction.atomic():
        locked = list(
            Application.objects.select_for_update().filter(pk__in=application_ids).order_by("pk")
        )
        for application in locked:
            application.location_id = location_id
            application.version = F("version") + 1
            application.save(update_fields=["location", "version"])
    logger.info(
        "applications reassigned count=%d location=%s by=%s", len(locked), location_id, by.pk
    )
    for application in locked:
        audit(action="change", actor=by, obj=application, detail="location")
    return len(locked)


def application_mark_invited(*, application_id: int) -> Application:
    """An appointment is booked and its letter written: "documents complete" -> "invited".

    Called inside the booking's transaction by the invitation worker and by
    the applicant's new booking after a cancellation (appointments); the
    guard checks that the appointment and its letter exist.
    """
    with transaction.atomic():
        application = _lock(application_id, None)
        _move(application, Status.INVITED)
    logger.info("application status id=%s ->invited by=booking", application.pk)
    audit(action="change", obj=application, detail="status:invited", actor_label="system")
    return application


# Why a request went back from "invited" to "documents complete" (audit detail, log).
CANCELLED_BY_APPLICANT = "cancelled"
REISSUED_BY_OFFICE = "reissue"
_BACK_ACTORS = {CANCELLED_BY_APPLICANT: "applicant", REISSUED_BY_OFFICE: "system"}


def application_appointment_ended(*, application_id: int, cause: str) -> Application:
    """The booked appointment is gone: "invited" -> "documents complete".

    ``cause`` CANCELLED_BY_APPLICANT: the applicant cancelled online; no
    invitation is enqueued (``hooks.documents_completed`` is not called: the
    documents did not just become complete), the request page shows the
    cancellation and offers "invite again", and the applicant may book a new
    time online. REISSUED_BY_OFFICE: an invitation would have been printed
    too late for the lead time; appointments books again at once. The same
    transition function as every other change (the guard: no appointment is
    booked any more).
    """
    actor = _BACK_ACTORS[cause]
    with transaction.atomic():
        application = _lock(application_id, None)
        _move(application, Status.DOCUMENTS_COMPLETE)
    logger.info("application status id=%s ->documents_complete by=%s", application.pk, actor)
    audit(
        action="change",
        obj=application,
        detail=f"status:documents_complete:{cause}",
        actor_label=actor,
    )
    return application
