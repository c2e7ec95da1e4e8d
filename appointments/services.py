"""Services of the appointments app: capacity and invitations.

- Invitations: ``invitation_enqueue`` (call it when a request reaches
  "documents complete"), ``invitation_issue`` (the worker's one transaction:
  slot, appointment, letter, status), ``invitation_sweep`` (every 10 minutes:
  enqueues what is still waiting, most urgent first). The task itself is
  appointments.tasks.send_invitation.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone, translation

from applications import casework, kinds
from applications.constants import DocumentState, Status
from applications.hooks import ApplicantAppointment, AppointmentFacts
from applications.models import Application
from portal.audit import audit

from . import letters, rules
from .models import (
    Appointment,
    AppointmentStatus,
    CancelledBy,
    ClosedDay,
    InvitationJob,
    InvitationLetter,
    LetterKind,
    Location,
    SlotLength,
)

logger = logging.getLogger(__name__)


# --- Invitations: capacity, allocation, the letter ----------------------------------------

INVITATION_TASK = "appointments.tasks.send_invitation"
SWEEP_LIMIT = 500
# A task enqueued this long ago that no worker has started is enqueued again.
ENQUEUE_STALE = timedelta(hours=1)
# Letter files younger than this may belong to a transaction still running.
ORPHAN_AGE = timedelta(hours=1)

# Outcomes of the invitation task (stored as the task's result: codes, no personal data).
INVITED = "invited"
ALREADY_DONE = "already_done"
NOT_READY = "not_ready"
GAVE_UP = "gave_up"
GONE = "gone"
PROCEED = "proceed"

# Error codes of InvitationError (InvitationJob.last_error).
NO_LOCATION = "no_location"
NO_FREE_SLOT = "no_free_slot"
NO_ADDRESS = "no_address"


class InvitationError(RuntimeError):
    """An invitation cannot be written now; ``code`` says why (no personal data)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def lead_working_days() -> int:
    """settings.INVITATION_LEAD_WORKING_DAYS: working days between letter and appointment."""
    return int(settings.INVITATION_LEAD_WORKING_DAYS)


def max_attempts() -> int:
    """settings.INVITATION_MAX_ATTEMPTS: how often the task tries one request (default 5)."""
    return int(settings.INVITATION_MAX_ATTEMPTS)


def invitation_enqueue(application_id: int) -> None:
    """Enqueue the invitation task for a request once the current transaction commits.

    Call it in the transaction that moves the request to "documents
    complete". The task gets the id only; its name carries the id, never
    personal data. Also records when it was enqueued (InvitationJob), so that
    the sweep does not enqueue it a second time while it waits in the queue.
    """
    InvitationJob.objects.bulk_create(
        [InvitationJob(application_id=application_id, enqueued_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["application"],
        update_fields=["enqueued_at"],
    )
    transaction.on_commit(lambda: _async_invitation(application_id))


def on_documents_completed(application_id: int) -> None:
    """The hook applications calls when a request's documents became complete."""
    invitation_enqueue(application_id)


def _async_invitation(application_id: int) -> None:
    from django_q.tasks import async_task

    async_task(INVITATION_TASK, application_id, task_name=f"invitation-{application_id}")


def invitation_attempt_start(*, application_id: int, now: datetime | None = None) -> str:
    """Before the work: "already done?", then count the attempt in its own transaction.

    Returns PROCEED when the task should go on, else the outcome: GONE (no
    such request), ALREADY_DONE (a letter exists), NOT_READY (the request is
    not in "documents complete"), GAVE_UP (settings.INVITATION_MAX_ATTEMPTS
    reached). The count is committed before the work starts, so a worker
    that dies half-way still used up an attempt.
    """
    now = now or timezone.now()
    with transaction.atomic():
        status = Application.objects.filter(pk=application_id).values_list("status", flat=True)
        status = status.first()
        if status is None:
            return GONE
        InvitationJob.objects.bulk_create(
            [InvitationJob(application_id=application_id)], ignore_conflicts=True
        )
        job = InvitationJob.objects.select_for_update().get(application_id=application_id)
        if job.done_at or _has_booking(application_id):
            return ALREADY_DONE
        if status != Status.DOCUMENTS_COMPLETE:
            return NOT_READY
        if job.attempts >= max_attempts():
            logger.warning(
                "invitation given up application=%s attempts=%s last_error=%s",
                application_id,
                job.attempts,
                job.last_error,
            )
            return GAVE_UP
        job.attempts += 1
        job.attempted_at = now
        job.save(update_fields=["attempts", "attempted_at"])
    return PROCEED


def invitation_failed(*, application_id: int, error: BaseException) -> str:
    """Record a failed attempt's error code (never its message); returns the code."""
    code = error.code if isinstance(error, InvitationError) else type(error).__name__
    code = code[:64]
    InvitationJob.objects.filter(application_id=application_id).update(last_error=code)
    logger.warning("invitation failed application=%s error=%s", application_id, code)
    return code


def _has_booking(application_id: int) -> bool:
    """The request has a booked appointment: its invitation is done (until it is cancelled)."""
    return Appointment.objects.filter(
        application_id=application_id, status=AppointmentStatus.BOOKED
    ).exists()


def appointment_facts(application_id: int) -> AppointmentFacts:
    """What the workflow's guards need to know of a request's appointment (two queries).

    Registered as applications.hooks.appointment_facts.
    """
    latest = (
        Appointment.objects.filter(application_id=application_id)
        .order_by("status", "-created_at", "-pk")  # "booked" before "cancelled", then newest
        .values_list("pk", "status", "starts_at", "cancelled_by")
        .first()
    )
    if latest is None:
        return AppointmentFacts()
    pk, status, starts_at, cancelled_by = latest
    if status != AppointmentStatus.BOOKED:
        return AppointmentFacts(cancelled_by_applicant=cancelled_by == CancelledBy.APPLICANT)
    return AppointmentFacts(
        booked=True,
        letter=InvitationLetter.objects.filter(appointment_id=pk).exists(),
        starts_at=starts_at,
    )


def applicant_appointment(application_id: int) -> ApplicantAppointment | None:
    """The booked appointment of a request, for its applicant's status page (one query).

    Registered as applications.hooks.applicant_appointment: when and where, nothing else.
    """
    found = (
        Appointment.objects.filter(application_id=application_id, status=AppointmentStatus.BOOKED)
        .order_by("-created_at", "-pk")
        .values_list("starts_at", "location_id")
        .first()
    )
    if found is None:
        return None
    return ApplicantAppointment(starts_at=found[0], location_id=found[1])


def invitation_issue(*, application_id: int, now: datetime | None = None) -> str:
    """Book the earliest free slot and write the invitation letter: one transaction.

    Locks the request, checks "already done?" (an appointment is booked), locks the
    request's location (allocations at one location take turns, so no two
    requests get one slot), books the earliest free slot after the lead time
    (settings.INVITATION_LEAD_WORKING_DAYS), renders the letter, stores it
    under a generated name, creates the letter row and moves the request to
    "invited". Any failure rolls all of it back and deletes the file again;
    should even that fail, the sweep deletes the orphaned file later.
    Returns INVITED, ALREADY_DONE, NOT_READY or GONE; raises InvitationError
    (NO_LOCATION, NO_FREE_SLOT, NO_ADDRESS) or whatever else went wrong.
    """
    now = now or timezone.now()
    written: list[str] = []
    try:
        with transaction.atomic():
            application = Application.objects.select_for_update().filter(pk=application_id).first()
            if application is None:
                return GONE
            if _has_booking(application_id):
                InvitationJob.objects.filter(application_id=application_id).update(done_at=now)
                return ALREADY_DONE
            if application.status != Status.DOCUMENTS_COMPLETE:
                return NOT_READY
            if application.location_id is None:
                raise InvitationError(NO_LOCATION)
            location = Location.objects.select_for_update().get(pk=application.location_id)
            slot = appointment_slot_find(location=location, kind=application.kind, now=now)
            if slot is None:
                raise InvitationError(NO_FREE_SLOT)
            code = letters.appointment_code_new()
            appointment = Appointment.objects.create(
                application=application,
                location=location,
                starts_at=slot.starts_at,
                ends_at=slot.ends_at,
                desk=slot.desk,
                code_digest=letters.appointment_code_digest(code),
            )
            facts = _letter_facts(application, location, slot, code, timezone.localdate(now))
            name = letters.letter_store(letters.invitation_pdf(facts), now=now)
            written.append(name)
            letter = InvitationLetter.objects.create(
                application=application,
                appointment=appointment,
                kind=LetterKind.INVITATION,
                language=application.language,
                file=name,
            )
            audit(action="letter", obj=letter, detail="invitation")
            casework.application_mark_invited(application_id=application.pk)
            InvitationJob.objects.filter(application_id=application_id).update(
                done_at=now, last_error=""
            )
    except BaseException:
        _forget_files(written)
        raise
    logger.info(
        "invitation written application=%s appointment=%s location=%s",
        application_id,
        appointment.pk,
        location.pk,
    )
    return INVITED


def _forget_files(names: list[str]) -> None:
    """Delete files of a rolled-back invitation, unless a letter row does refer to them."""
    for name in names:
        try:
            referenced = InvitationLetter.objects.filter(file=name).exists()
        except Exception:  # the database is gone: leave the file to the sweep
            logger.warning("letter file kept for the sweep name=%s", name)
            continue
        if not referenced:
            letters.letter_delete(name)


def _letter_facts(
    application: Application, location: Location, slot: rules.Slot, code: str, today: date
) -> letters.InvitationFacts:
    address = application.answers.get("address") or {}
    if not all(str(address.get(key) or "").strip() for key in ("street", "postcode", "town")):
        raise InvitationError(NO_ADDRESS)
    return letters.InvitationFacts(
        reference=application.reference,
        given_names=application.given_names,
        surname=application.surname,
        street=address["street"],
        address_extra=address.get("address_extra") or "",
        postcode=address["postcode"],
        town=address["town"],
        kind=application.kind,
        starts_at=slot.starts_at,
        location_name=location.name,
        location_street=location.street,
        location_postcode=location.postcode,
        location_town=location.town,
        location_phone=location.phone,
        fee=application.fee_due(),
        must_bring_sponsor=application.must_bring_sponsor,
        language=application.language,
        code=code,
        today=today,
        fee_paid_with_the_application=kinds.get(application.kind).fee_paid_with_the_application,
        still_missing=_still_missing(application),
    )


def _still_missing(application: Application) -> tuple[tuple[str, str], ...]:
    """The required checklist items not verified (after a team lead's override), each
    named in German and in English: the kind's list in each language, an item the
    office added by its own label."""
    items = [
        item
        for item in application.document_declarations.order_by("pk")
        if item.required and item.state != DocumentState.VERIFIED
    ]
    if not items:
        return ()
    labels = kinds.requirement_labels(application.kind, application.answers)

    def named(item, language: str) -> str:
        with translation.override(language):
            return str(labels.get(item.requirement, item.label))

    return tuple((named(item, "de"), named(item, "en")) for item in items)


def closed_days(*, location_id: int, start: date, end: date) -> set[date]:
    """Days without appointments at a location from ``start`` to ``end`` (inclusive).

    Public holidays in Bavaria, closures of all locations and of this one.
    """
    days = set(rules.public_holidays(range(start.year, end.year + 1)))
    days.update(
        ClosedDay.objects.filter(date__gte=start, date__lte=end)
        .filter(Q(location_id=location_id) | Q(location__isnull=True))
        .values_list("date", flat=True)
    )
    return days


def slot_minutes(*, location_id: int, kind: str) -> int:
    """How long an appointment of ``kind`` lasts at a location (default 30 minutes)."""
    minutes = (
        SlotLength.objects.filter(location_id=location_id, kind=kind)
        .values_list("minutes", flat=True)
        .first()
    )
    return minutes or rules.DEFAULT_SLOT_MINUTES


def appointment_slot_find(*, location: Location, kind: str, now: datetime) -> rules.Slot | None:
    """The earliest free slot at ``location`` for a request of ``kind``, letters written ``now``.

    The first day searched is settings.INVITATION_LEAD_WORKING_DAYS working
    days after today (appointments.rules.working_days_ahead). The caller
    holds the lock on the location row, so no other allocation runs at the
    same time.
    """
    return next(free_slots_at(location=location, kind=kind, now=now), None)


def free_slots_at(*, location: Location, kind: str, now: datetime) -> Iterator[rules.Slot]:
    """The free slots at ``location`` for a request of ``kind``, in order, from the lead time on.

    The same rules as the invitation (appointments.rules.free_slots): opening
    hours with desks, slot length of the kind, public holidays and closures,
    the bookings of the location, and the first day
    settings.INVITATION_LEAD_WORKING_DAYS working days after today. Reads the
    database once, then computes lazily. For a booking, the caller holds the
    lock on the location row.
    """
    tz = timezone.get_current_timezone()
    today = timezone.localdate(now, tz)
    lead = lead_working_days()
    # Enough days for the lead time (which skips holidays and closures) and the search.
    end = today + timedelta(days=2 * lead + 14 + rules.SEARCH_DAYS)
    closed = closed_days(location_id=location.pk, start=today, end=end)
    earliest = rules.working_days_ahead(today, lead, closed)
    windows = [
        rules.Window(weekday=weekday, opens=opens, closes=closes, desks=desks)
        for weekday, opens, closes, desks in location.opening_hours.values_list(
            "weekday", "opens", "closes", "desks"
        )
    ]
    first = datetime.combine(earliest, time.min, tzinfo=tz)
    booked = [
        rules.Busy(starts_at=starts_at, ends_at=ends_at, desk=desk)
        for starts_at, ends_at, desk in Appointment.objects.filter(
            location=location, status=AppointmentStatus.BOOKED, ends_at__gt=first
        ).values_list("starts_at", "ends_at", "desk")
    ]
    return rules.free_slots(
        windows=windows,
        slot_minutes=slot_minutes(location_id=location.pk, kind=kind),
        booked=booked,
        closed=closed,
        earliest=earliest,
        tz=tz,
        not_before=now if lead == 0 else None,
    )


# --- The sweep ---------------------------------------------------------------------------


def invitation_backlog(*, now: datetime | None = None, limit: int = SWEEP_LIMIT) -> list[int]:
    """Ids of requests waiting for an invitation, most urgent first (rules.invitation_order_key).

    In "documents complete" without a booked appointment, not done (after an
    online cancellation the job stays done until someone invites again),
    fewer than settings.INVITATION_MAX_ATTEMPTS attempts, and not waiting in the queue
    already: never enqueued, or a worker started it since it was last
    enqueued (it failed), or enqueued more than ENQUEUE_STALE ago (lost).
    """
    now = now or timezone.now()
    waiting = (
        Q(invitation_job__isnull=True)
        | Q(invitation_job__enqueued_at__isnull=True)
        | Q(invitation_job__enqueued_at__lt=now - ENQUEUE_STALE)
        | Q(invitation_job__attempted_at__gte=F("invitation_job__enqueued_at"))
    )
    tries_left = Q(invitation_job__isnull=True) | Q(
        invitation_job__attempts__lt=max_attempts(), invitation_job__done_at__isnull=True
    )
    # After an online cancellation only when someone invited again (the job was reset).
    never_booked = ~Exists(Appointment.objects.filter(application=OuterRef("pk")))
    invited_again = Q(invitation_job__isnull=False, invitation_job__done_at__isnull=True)
    return list(
        Application.objects.filter(status=Status.DOCUMENTS_COMPLETE)
        .exclude(appointments__status=AppointmentStatus.BOOKED)
        .filter(Q(never_booked) | invited_again)
        .filter(waiting & tries_left)
        .order_by(F("current_title_valid_until").asc(nulls_last=True), "submitted_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def invitation_sweep(*, now: datetime | None = None) -> int:
    """Enqueue the invitation task again for the backlog, most urgent first; tidy files.

    Returns how many requests were enqueued. Run every 10 minutes by
    django-q2 (migration appointments/0004).
    """
    now = now or timezone.now()
    backlog = invitation_backlog(now=now)
    with transaction.atomic():
        for application_id in backlog:
            invitation_enqueue(application_id)
    letters_delete_orphans(now=now)
    if backlog:
        logger.info("invitation sweep enqueued=%d", len(backlog))
    return len(backlog)


def invitation_retry(*, application_id: int) -> None:
    """Give a request whose invitation task gave up a new set of attempts (admin action)."""
    with transaction.atomic():
        InvitationJob.objects.filter(application_id=application_id, done_at__isnull=True).update(
            attempts=0, last_error=""
        )
        invitation_enqueue(application_id)


NOT_INVITABLE = "not_invitable"


def invitation_again(*, application_id: int, by) -> None:
    """After the applicant cancelled online: invite again (a new appointment and letter).

    Only for a request in "documents complete" whose appointment was
    cancelled and that has no booked one. One transaction: the job starts
    afresh (attempts 0, not done) and the invitation task is enqueued on
    commit. Raises InvitationError(NOT_INVITABLE) otherwise.
    """
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application_id)
        facts = appointment_facts(application_id)
        if application.status != Status.DOCUMENTS_COMPLETE or not facts.cancelled_by_applicant:
            raise InvitationError(NOT_INVITABLE)
        InvitationJob.objects.bulk_create(
            [InvitationJob(application_id=application_id)], ignore_conflicts=True
        )
        InvitationJob.objects.filter(application_id=application_id).update(
            attempts=0, last_error="", done_at=None
        )
        invitation_enqueue(application_id)
    logger.info("invitation again application=%s by=%s", application_id, by.pk)
    audit(action="change", actor=by, obj=application, detail="invitation:again")


def letters_delete_orphans(*, now: datetime | None = None) -> int:
    """Delete invitation files that no letter refers to (a crash between file and commit).

    Looks at this month's and last month's folders, only at files older
    than ORPHAN_AGE (a younger one may belong to a transaction still
    running). Returns how many files were deleted.
    """
    now = now or timezone.now()
    last_month = now.replace(day=1) - timedelta(days=1)
    deleted = 0
    for moment in (now, last_month):
        folder = f"{letters.LETTER_FOLDER}/{moment:%Y/%m}"
        try:
            _dirs, files = default_storage.listdir(folder)
        except (FileNotFoundError, NotADirectoryError):
            continue
        names = [f"{folder}/{file}" for file in files]
        referenced = set(
            InvitationLetter.objects.filter(file__in=names).values_list("file", flat=True)
        )
        for name in names:
            if name in referenced:
                continue
            try:
                modified = default_storage.get_modified_time(name)
            except OSError:
                continue
            if modified < now - ORPHAN_AGE:
                letters.letter_delete(name)
                deleted += 1
    if deleted:
        logger.info("orphaned letter files deleted count=%d", deleted)
    return deleted


# --- Invitations printed too late for the lead time -------------------------------------


def _earliest_day(location_id: int, today: date, closed_cache: dict) -> date:
    """The first day an appointment may be on when its letter is printed ``today``."""
    if location_id not in closed_cache:
        lead = lead_working_days()
        end = today + timedelta(days=2 * lead + 14)
        closed = closed_days(location_id=location_id, start=today, end=end)
        closed_cache[location_id] = rules.working_days_ahead(today, lead, closed)
    return closed_cache[location_id]


def late_invitations(*, now: datetime | None = None) -> list[int]:
    """Ids of waiting invitation letters whose appointment is now too soon to be posted.

    The lead time (settings.INVITATION_LEAD_WORKING_DAYS working days) is
    counted from when the letter is printed, not from when it was written:
    a letter printed today must not invite to a day earlier than the lead
    time allows from today.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    cache: dict = {}
    late = []
    for pk, location_id, starts_at in (
        InvitationLetter.objects.filter(
            kind=LetterKind.INVITATION,
            printed_at__isnull=True,
            print_batch=None,
            appointment__status=AppointmentStatus.BOOKED,
        )
        .exclude(file="")
        .values_list("pk", "appointment__location_id", "appointment__starts_at")
    ):
        if timezone.localdate(starts_at) < _earliest_day(location_id, today, cache):
            late.append(pk)
    return late


def invitation_reissue(*, letter_id: int, now: datetime | None = None) -> bool:
    """An unprinted invitation whose appointment is now too soon: book again, write again.

    One transaction: the letter (never printed, never posted) and its file
    are removed, the appointment is cancelled by the office (its slot is
    free again), the request goes back to "documents complete" and the
    invitation task is enqueued anew, so that the worker books the earliest
    slot after the lead time from now and writes a new letter. Returns False
    when the letter was printed, batched or removed in the meantime.
    """
    now = now or timezone.now()
    with transaction.atomic():
        letter = (
            InvitationLetter.objects.select_for_update()
            .filter(
                pk=letter_id,
                kind=LetterKind.INVITATION,
                printed_at__isnull=True,
                print_batch=None,
            )
            .select_related("appointment")
            .first()
        )
        if letter is None or letter.appointment.status != AppointmentStatus.BOOKED:
            return False
        application_id = letter.application_id
        Application.objects.select_for_update().filter(pk=application_id).first()
        appointment = letter.appointment
        name = letter.file.name
        letter.delete()
        appointment.status = AppointmentStatus.CANCELLED
        appointment.cancelled_by = CancelledBy.OFFICE
        appointment.save(update_fields=["status", "cancelled_by"])
        casework.application_appointment_ended(
            application_id=application_id, cause=casework.REISSUED_BY_OFFICE
        )
        InvitationJob.objects.bulk_create(
            [InvitationJob(application_id=application_id)], ignore_conflicts=True
        )
        InvitationJob.objects.filter(application_id=application_id).update(
            attempts=0, last_error="", done_at=None
        )
        invitation_enqueue(application_id)
        transaction.on_commit(lambda: letters.letter_delete(name))
    logger.info(
        "invitation rebooked before printing application=%s appointment=%s",
        application_id,
        appointment.pk,
    )
    return True


def late_invitations_reissue(*, now: datetime | None = None) -> int:
    """Book again every waiting invitation that would now be printed too late; returns how many."""
    return sum(
        invitation_reissue(letter_id=letter_id, now=now) for letter_id in late_invitations(now=now)
    )
