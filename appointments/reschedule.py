"""Cancelling and moving an appointment online (seed 001: "Terminabsage oder Terminverschiebung").

The applicant opens /termin/ with the reference, the date of birth and the
personal code of the invitation letter (appointments.views); these services
then do the change, each in one transaction:

- ``appointment_cancel``: the appointment is cancelled (its slot is free
  again: the unique constraint counts booked appointments only), the request
  goes back to "documents complete" without a new automatic invitation (the
  caseworker's page shows the cancellation and offers "invite again"), and
  a confirmation letter (kind "cancellation") waits in the print queue.
- ``appointment_move``: books a free slot at the same location (the same
  rules as the invitation, lead time included; never the current time) and
  cancels the old appointment; after a cancellation it books a new one. The location row is
  locked as the invitation does, so two applicants never get one slot; a
  confirmation letter (kind "confirmation") waits in the print queue.
- ``days_offered`` and ``slots_offered``: the days with free times in the
  coming weeks, and the free times of one day, to choose from (day first,
  then the time).

The letter is rendered before the transaction (the facts are known), so that
the location is locked only for the booking itself; a change that fails
deletes its file again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from applications import casework
from applications.constants import Status
from applications.models import Application
from portal.audit import audit

from . import letters, rules, services
from .models import (
    Appointment,
    AppointmentStatus,
    CancelledBy,
    InvitationLetter,
    LetterKind,
    Location,
)

logger = logging.getLogger(__name__)

# The days with free times offered for a new appointment: every day with free times in
# the next OFFER_WEEKS weeks, and at least MIN_DAYS_OFFERED days when they are fewer.
OFFER_WEEKS = 6
MIN_DAYS_OFFERED = 10

# Error codes of ChangeRefused (no personal data).
NOT_CHANGEABLE = "not_changeable"
SLOT_TAKEN = "slot_taken"
NO_ADDRESS = "no_address"

# The booked appointment first ("booked" < "cancelled"), then the newest.
LATEST_FIRST = ("status", "-created_at", "-pk")


class ChangeRefused(RuntimeError):
    """The change cannot be made (now); ``code`` says why."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class State:
    """What the applicant's page shows: the booked appointment, or the last one."""

    application: Application
    # The booked appointment, else the latest (cancelled) one; None when there never was one.
    appointment: Appointment | None
    # The booked appointment can be cancelled or moved online.
    changeable: bool
    # No booked appointment, and a new one can be booked online (after a cancellation).
    bookable: bool


def _current(application_id: int) -> Appointment | None:
    return (
        Appointment.objects.select_related("location")
        .filter(application_id=application_id)
        .order_by(*LATEST_FIRST)
        .first()
    )


def _is_changeable(application: Application, appointment: Appointment | None, now) -> bool:
    return (
        appointment is not None
        and appointment.status == AppointmentStatus.BOOKED
        and appointment.starts_at > now
        and application.status == Status.INVITED
    )


def _is_bookable(application: Application, appointment: Appointment | None) -> bool:
    return (
        appointment is not None
        and appointment.status == AppointmentStatus.CANCELLED
        and application.status == Status.DOCUMENTS_COMPLETE
        and application.location_id is not None
    )


def appointment_state(*, application_id: int, now: datetime | None = None) -> State:
    """The applicant's appointment and what they may do with it online."""
    now = now or timezone.now()
    application = Application.objects.get(pk=application_id)
    appointment = _current(application_id)
    return State(
        application=application,
        appointment=appointment,
        changeable=_is_changeable(application, appointment, now),
        bookable=_is_bookable(application, appointment),
    )


def _location_for_booking(application: Application, appointment: Appointment | None) -> int:
    """A move stays at the appointment's location; a new booking goes to the responsible one."""
    if appointment is not None and appointment.status == AppointmentStatus.BOOKED:
        return appointment.location_id
    return application.location_id


def _free_times(state: State, now: datetime, *, until: date | None = None) -> Iterator[rules.Slot]:
    """Free times (one per start time, the lowest desk) for the applicant, in order.

    The same rules as the invitation (appointments.services.free_slots_at),
    lead time included; never the current appointment's own time.
    """
    location = Location.objects.get(pk=_location_for_booking(state.application, state.appointment))
    current = state.appointment.starts_at if state.changeable else None
    last = None
    for slot in services.free_slots_at(location=location, kind=state.application.kind, now=now):
        if until is not None and timezone.localdate(slot.starts_at) > until:
            return
        if slot.starts_at == last or slot.starts_at == current:
            continue
        last = slot.starts_at
        yield slot


@dataclass(frozen=True)
class DayOffer:
    """A working day with free times, and how many."""

    day: date
    times: int


def days_offered(*, application_id: int, now: datetime | None = None) -> list[DayOffer]:
    """The days with free times to choose from: every such day in the next OFFER_WEEKS weeks.

    Counted from the first day the invitation's rules allow (lead time
    included); when fewer than MIN_DAYS_OFFERED days have free times in
    those weeks, the next days with free times after them too (the search
    of the invitation's rules ends after rules.SEARCH_DAYS). Empty when
    nothing can be changed or booked.
    """
    now = now or timezone.now()
    state = appointment_state(application_id=application_id, now=now)
    if not (state.changeable or state.bookable):
        return []
    counts: dict[date, int] = {}
    horizon: date | None = None
    for slot in _free_times(state, now):
        day = timezone.localdate(slot.starts_at)
        if horizon is None:
            horizon = day + timedelta(weeks=OFFER_WEEKS)
        if day > horizon and len(counts) >= MIN_DAYS_OFFERED and day not in counts:
            break
        counts[day] = counts.get(day, 0) + 1
    return [DayOffer(day=day, times=times) for day, times in counts.items()]


def slots_offered(
    *, application_id: int, day: date, now: datetime | None = None
) -> list[rules.Slot]:
    """The free times on ``day`` (one per start time, the lowest desk) to choose from.

    The same rules as the invitation, lead time included; never the current
    appointment's time. Empty when nothing can be changed or booked, or the
    day has no free time.
    """
    now = now or timezone.now()
    state = appointment_state(application_id=application_id, now=now)
    if not (state.changeable or state.bookable):
        return []
    return [
        slot
        for slot in _free_times(state, now, until=day)
        if timezone.localdate(slot.starts_at) == day
    ]


# --- Cancel ----------------------------------------------------------------------------


def appointment_cancel(
    *, application_id: int, appointment_id: int, now: datetime | None = None
) -> InvitationLetter:
    """Cancel the booked appointment ``appointment_id`` of a request: one transaction.

    Frees the slot, moves the request back to "documents complete" without
    enqueueing a new invitation, and queues the confirmation letter (kind
    "cancellation") for the print queue. Raises ChangeRefused(NOT_CHANGEABLE)
    when the appointment is not the request's booked one, has begun, or the
    request is no longer "invited". Returns the letter.
    """
    now = now or timezone.now()
    application = Application.objects.get(pk=application_id)
    appointment = (
        Appointment.objects.select_related("location")
        .filter(pk=appointment_id, application_id=application_id)
        .first()
    )
    if not _is_changeable(application, appointment, now):
        raise ChangeRefused(NOT_CHANGEABLE)
    name = _letter(
        application,
        appointment.location,
        change=letters.CANCELLED,
        starts_at=appointment.starts_at,
        previous=None,
        now=now,
    )
    try:
        with transaction.atomic():
            application = Application.objects.select_for_update().get(pk=application_id)
            appointment = (
                Appointment.objects.select_for_update()
                .filter(pk=appointment_id, application_id=application_id)
                .first()
            )
            if not _is_changeable(application, appointment, now):
                raise ChangeRefused(NOT_CHANGEABLE)
            appointment.status = AppointmentStatus.CANCELLED
            appointment.cancelled_by = CancelledBy.APPLICANT
            appointment.save(update_fields=["status", "cancelled_by"])
            casework.application_appointment_ended(
                application_id=application_id, cause=casework.CANCELLED_BY_APPLICANT
            )
            letter = InvitationLetter.objects.create(
                application=application,
                appointment=appointment,
                kind=LetterKind.CANCELLATION,
                language=application.language,
                file=name,
            )
    except BaseException:
        letters.letter_delete(name)
        raise
    logger.info(
        "appointment cancelled online application=%s appointment=%s", application_id, appointment_id
    )
    audit(action="change", obj=appointment, detail="appointment:cancelled", actor_label="applicant")
    return letter


# --- Move, or book again after a cancellation ---------------------------------------------


def appointment_move(
    *,
    application_id: int,
    appointment_id: int | None,
    starts_at: datetime,
    now: datetime | None = None,
) -> Appointment:
    """Book the free slot starting at ``starts_at`` and cancel the old appointment: one transaction.

    ``appointment_id`` is the booked appointment being moved (the new one is
    at the same location), or None to book again after a cancellation (at
    the request's location; the request moves to "invited" again). Locks the
    request, then the location row (as the invitation does), checks the slot
    against the same rules as the invitation (lead time included) and takes
    the lowest free desk at that time. The new appointment keeps the digest
    of the personal code: the code of the letter stays valid. Queues the
    confirmation letter (kind "confirmation") for the print queue.

    Raises ChangeRefused: NOT_CHANGEABLE (the appointment is no longer the
    booked one, has begun, or the request's status does not allow it),
    SLOT_TAKEN (someone else booked that time first, or it is not a free
    time at all). Returns the new appointment.
    """
    now = now or timezone.now()
    application = Application.objects.get(pk=application_id)
    current = _current(application_id)
    moving = appointment_id is not None
    if moving:
        allowed = current is not None and current.pk == appointment_id
        allowed = allowed and _is_changeable(application, current, now)
    else:
        allowed = _is_bookable(application, current)
    if not allowed:
        raise ChangeRefused(NOT_CHANGEABLE)
    location = Location.objects.get(pk=_location_for_booking(application, current))
    name = _letter(
        application,
        location,
        change=letters.MOVED if moving else letters.BOOKED,
        starts_at=starts_at,
        previous=current.starts_at if moving else None,
        now=now,
    )
    try:
        with transaction.atomic():
            application = Application.objects.select_for_update().get(pk=application_id)
            old = (
                Appointment.objects.select_for_update()
                .filter(application_id=application_id)
                .order_by(*LATEST_FIRST)
                .first()
            )
            if moving:
                still = old is not None and old.pk == appointment_id
                if not (still and _is_changeable(application, old, now)):
                    raise ChangeRefused(NOT_CHANGEABLE)
            elif not _is_bookable(application, old):
                raise ChangeRefused(NOT_CHANGEABLE)
            location = Location.objects.select_for_update().get(pk=location.pk)
            if moving and starts_at == old.starts_at:
                raise ChangeRefused(SLOT_TAKEN)  # the current time: not a free one to move to
            slot = _free_slot_at(location, application.kind, starts_at, now)
            if slot is None:
                raise ChangeRefused(SLOT_TAKEN)
            if moving:
                old.status = AppointmentStatus.CANCELLED
                old.cancelled_by = CancelledBy.APPLICANT
                old.save(update_fields=["status", "cancelled_by"])
            try:
                with transaction.atomic():
                    new = Appointment.objects.create(
                        application=application,
                        location=location,
                        starts_at=slot.starts_at,
                        ends_at=slot.ends_at,
                        desk=slot.desk,
                        code_digest=old.code_digest,
                    )
            except IntegrityError:  # the backstop: the constraint saw a booking first
                raise ChangeRefused(SLOT_TAKEN) from None
            InvitationLetter.objects.create(
                application=application,
                appointment=new,
                kind=LetterKind.CONFIRMATION,
                language=application.language,
                file=name,
            )
            if not moving:  # the guard of "invited" sees the booking and its letter
                casework.application_mark_invited(application_id=application_id)
    except BaseException:
        letters.letter_delete(name)
        raise
    audit(
        action="change",
        obj=new,
        detail="appointment:moved" if moving else "appointment:booked",
        actor_label="applicant",
    )
    logger.info(
        "appointment %s online application=%s old=%s new=%s",
        "moved" if moving else "booked",
        application_id,
        old.pk,
        new.pk,
    )
    return new


def _free_slot_at(
    location: Location, kind: str, starts_at: datetime, now: datetime
) -> rules.Slot | None:
    """The free slot (lowest desk) starting exactly at ``starts_at``, by the invitation's rules.

    The caller refuses the current appointment's own time before (a move to
    the same time is no move).
    """
    for slot in services.free_slots_at(location=location, kind=kind, now=now):
        if slot.starts_at == starts_at:
            return slot
        if slot.starts_at > starts_at:
            return None
    return None


def _letter(
    application: Application,
    location: Location,
    *,
    change: str,
    starts_at: datetime,
    previous: datetime | None,
    now: datetime,
) -> str:
    """Render and store the confirmation letter; returns the storage name."""
    address = application.answers.get("address") or {}
    if not all(str(address.get(key) or "").strip() for key in ("street", "postcode", "town")):
        raise ChangeRefused(NO_ADDRESS)
    facts = letters.ConfirmationFacts(
        change=change,
        reference=application.reference,
        given_names=application.given_names,
        surname=application.surname,
        street=address["street"],
        address_extra=address.get("address_extra") or "",
        postcode=address["postcode"],
        town=address["town"],
        kind=application.kind,
        starts_at=starts_at,
        previous_starts_at=previous,
        location_name=location.name,
        location_street=location.street,
        location_postcode=location.postcode,
        location_town=location.town,
        location_phone=location.phone,
        language=application.language,
        today=timezone.localdate(now),
    )
    return letters.letter_store(letters.confirmation_pdf(facts), now=now)
