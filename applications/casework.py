"""Services of the case work: status changes and the document checklist.

Each is one transaction that locks the request (``select_for_update``),
checks the current state against the rules (``workflow``), changes it and
raises instead of passing silently. Admin views and actions call these.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from portal.audit import audit

from . import workflow
from .constants import DocumentState, Status
from .models import Application, DocumentDeclaration

logger = logging.getLogger(__name__)

STALE = (
    "The request was changed by someone else in the meantime (version {expected}, now {current})."
)
REASON_MISSING = "A rejected document needs a reason."
NOT_OF_REQUEST = "The document does not belong to this request."


class StaleVersion(ValueError):
    """Somebody saved the request after this caseworker loaded it."""


class ReviewError(ValueError):
    """A document review that the rules do not allow."""


def _lock(application_id: int, expected_version: int | None) -> Application:
    application = Application.objects.select_for_update().get(pk=application_id)
    if expected_version is not None and application.version != expected_version:
        raise StaleVersion(STALE.format(expected=expected_version, current=application.version))
    return application


def _move(application: Application, target: str) -> None:
    workflow.check_transition(application.status, target)
    application.status = target
    application.status_changed_at = timezone.now()
    application.version = F("version") + 1
    application.save(update_fields=["status", "status_changed_at", "version"])
    application.refresh_from_db(fields=["version"])
    if target == Status.DOCUMENTS_COMPLETE:
        # On commit the worker books the slot and writes the invitation (seed 000).
        from appointments.services import invitation_enqueue

        invitation_enqueue(application.pk)


def application_transition(
    *, application_id: int, target: str, by, expected_version: int | None = None
) -> Application:
    """Move a request to ``target`` if the transition table allows it."""
    with transaction.atomic():
        application = _lock(application_id, expected_version)
        previous = application.status
        _move(application, target)
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
    if state not in {DocumentState.RECEIVED, DocumentState.VERIFIED, DocumentState.REJECTED}:
        raise ReviewError(f"Unknown review state {state!r}.")
    if state == DocumentState.REJECTED and not reason.strip():
        raise ReviewError(REASON_MISSING)
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
        item.save(update_fields=["state", "reason", "reviewed_at", "reviewed_by"])
        items = application.document_declarations.values_list("required", "state")
        if application.status in workflow.COMPLETABLE and workflow.documents_complete(items):
            if application.status == Status.SUBMITTED:
                _move(application, Status.IN_REVIEW)
            _move(application, Status.DOCUMENTS_COMPLETE)
        else:
            application.version = F("version") + 1
            application.save(update_fields=["version"])
            application.refresh_from_db(fields=["version"])
    audit(action="change", actor=by, obj=application, detail=f"document:{state}")
    logger.info(
        "document review application=%s item=%s state=%s by=%s",
        application.pk,
        item.pk,
        state,
        by.pk,
    )
    return application


def document_add(
    *, application_id: int, label: str, by, required: bool = True
) -> DocumentDeclaration:
    """The caseworker adds a checklist item (a document the case needs)."""
    label = label.strip()
    if not label:
        raise ReviewError("A document needs a name.")
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
        application.version = F("version") + 1
        application.save(update_fields=["version"])
    logger.info("document added application=%s item=%s by=%s", application.pk, item.pk, by.pk)
    audit(action="create", actor=by, obj=item, detail="document")
    return item


NOTHING_MISSING = "Every required document is present or verified: nothing to request."
FICTION_NOT_POSSIBLE = "The valid-until date must lie after today."


def _missing_items(application: Application) -> list[DocumentDeclaration]:
    return [
        item
        for item in application.document_declarations.order_by("pk")
        if item.required and item.state in (DocumentState.LATER, DocumentState.REJECTED)
    ]


def documents_request(*, application_id: int, by, respond_by=None):
    """Write the letter that lists the missing documents, with a code to hand them in online.

    Moves the request to "documents requested" (through "in review" when it
    is still "submitted"). Returns the DocumentRequest.
    """
    import uuid

    from django.conf import settings
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.urls import reverse

    from portal.drafts import resume_code_digest

    from . import rules
    from .letters import document_request_pdf
    from .models import DocumentRequest

    with transaction.atomic():
        application = _lock(application_id, None)
        missing = _missing_items(application)
        if not missing:
            raise ReviewError(NOTHING_MISSING)
        if application.status == Status.SUBMITTED:
            _move(application, Status.IN_REVIEW)
        if application.status != Status.DOCUMENTS_REQUESTED:
            _move(application, Status.DOCUMENTS_REQUESTED)
        code = rules.reference_new()
        now = timezone.now()
        items = [{"id": item.pk, "label": item.label} for item in missing]
        pdf = document_request_pdf(
            application=application,
            items=[item.label for item in missing],
            code=code,
            respond_by=respond_by,
            upload_url=getattr(settings, "PORTAL_BASE_URL", "https://portal.example.org").rstrip(
                "/"
            )
            + reverse("applications:hand-in"),
            caseworker_name=by.get_full_name() or by.get_username(),
            today=timezone.localdate(now),
        )
        name = default_storage.save(f"letters/{now:%Y/%m}/{uuid.uuid4().hex}.pdf", ContentFile(pdf))
        request = DocumentRequest.objects.create(
            application=application,
            code_digest=resume_code_digest(code),
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


def fiction_certificate_issue(*, application_id: int, effect: str, valid_until, by):
    """Issue a Fiktionsbescheinigung (§ 81 (5) AufenthG) with its effect and validity."""
    import uuid

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from .letters import fiction_certificate_pdf
    from .models import FictionCertificate, FictionEffect

    if effect not in FictionEffect.values:
        raise ReviewError(f"Unknown effect {effect!r}.")
    today = timezone.localdate()
    if valid_until <= today:
        raise ReviewError(FICTION_NOT_POSSIBLE)
    with transaction.atomic():
        application = _lock(application_id, None)
        pdf = fiction_certificate_pdf(
            application=application,
            effect_label=FictionEffect(effect).label,
            valid_until=valid_until,
            caseworker_name=by.get_full_name() or by.get_username(),
            today=today,
        )
        now = timezone.now()
        name = default_storage.save(f"letters/{now:%Y/%m}/{uuid.uuid4().hex}.pdf", ContentFile(pdf))
        certificate = FictionCertificate.objects.create(
            application=application, effect=effect, valid_until=valid_until, file=name, issued_by=by
        )
    logger.info("fiction certificate issued application=%s by=%s", application.pk, by.pk)
    audit(action="letter", actor=by, obj=application, detail="fiction_certificate")
    return certificate


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
    """The invitation letter is written: "documents complete" -> "invited".

    Called by the invitation worker (appointments.services.invitation_issue)
    inside its transaction, so no staff member is involved.
    """
    with transaction.atomic():
        application = _lock(application_id, None)
        _move(application, Status.INVITED)
    logger.info("application status id=%s ->invited by=worker", application.pk)
    return application


def application_appointment_cancelled(*, application_id: int) -> Application:
    """The applicant cancelled the appointment online: "invited" -> "documents complete".

    Unlike a caseworker's move to "documents complete", no new invitation is
    enqueued: the applicant cancelled and books a new time online
    (appointments.reschedule, inside whose transaction this is called).
    """
    with transaction.atomic():
        application = _lock(application_id, None)
        workflow.check_transition(application.status, Status.DOCUMENTS_COMPLETE)
        application.status = Status.DOCUMENTS_COMPLETE
        application.status_changed_at = timezone.now()
        application.version = F("version") + 1
        application.save(update_fields=["status", "status_changed_at", "version"])
        application.refresh_from_db(fields=["version"])
    logger.info("application status id=%s ->documents_complete by=applicant", application.pk)
    return application
