"""The statuses of a request and the transitions between them: one explicit table.

An illegal transition raises ``IllegalTransition``; nothing passes silently.
Seed 000: the office checks the documents; only when all required documents
are present does it invite the applicant by post.

Besides the table, each transition has a guard (``guard_failure``): a pure
function of the request's facts (``CaseFacts``) that says why a transition
the table allows cannot happen now. The services check it, so no button, task
or page gets around it:

- "documents complete" only when every required checklist item is verified,
  or a team lead overrode that with a reason; back from "invited" only when
  no appointment is booked any more (the applicant cancelled);
- "invited" only when an appointment is booked and its letter written (the
  worker's booking, or the applicant's new booking after a cancellation);
- "appointment held" only once the booked appointment has begun.

Some transitions are made by the portal itself, never by a status button
(``AUTOMATIC``): "documents requested" by writing the letter, "invited" by
the booking, and back to "documents complete" by the applicant's cancellation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .constants import FINAL_STATUSES, Status

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.SUBMITTED: frozenset({Status.IN_REVIEW, Status.WITHDRAWN}),
    Status.IN_REVIEW: frozenset(
        {Status.DOCUMENTS_REQUESTED, Status.DOCUMENTS_COMPLETE, Status.REFUSED, Status.WITHDRAWN}
    ),
    Status.DOCUMENTS_REQUESTED: frozenset(
        {Status.IN_REVIEW, Status.DOCUMENTS_COMPLETE, Status.REFUSED, Status.WITHDRAWN}
    ),
    Status.DOCUMENTS_COMPLETE: frozenset({Status.INVITED, Status.IN_REVIEW, Status.WITHDRAWN}),
    Status.INVITED: frozenset(
        {Status.APPOINTMENT_HELD, Status.DOCUMENTS_COMPLETE, Status.WITHDRAWN}
    ),
    Status.APPOINTMENT_HELD: frozenset(
        {Status.GRANTED, Status.REFUSED, Status.DOCUMENTS_REQUESTED, Status.WITHDRAWN}
    ),
    Status.GRANTED: frozenset(),
    Status.REFUSED: frozenset(),
    Status.WITHDRAWN: frozenset(),
}

ILLEGAL = "A request in status {current!r} cannot move to {target!r}."
UNKNOWN = "Unknown status {status!r}."


class IllegalTransition(ValueError):
    """The requested status change is not in the transition table."""


class GuardFailed(IllegalTransition):
    """The table allows the transition, but its guard does not hold now; ``code`` says why."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def allowed_targets(current: str) -> frozenset[str]:
    if current not in TRANSITIONS:
        raise IllegalTransition(UNKNOWN.format(status=current))
    return TRANSITIONS[current]


def check_transition(current: str, target: str) -> None:
    """Raise ``IllegalTransition`` unless ``current`` -> ``target`` is in the table."""
    if target not in TRANSITIONS:
        raise IllegalTransition(UNKNOWN.format(status=target))
    if target not in allowed_targets(current):
        raise IllegalTransition(ILLEGAL.format(current=str(current), target=str(target)))


def is_final(status: str) -> bool:
    return status in FINAL_STATUSES


# Statuses in which verifying the last required document completes the documents.
COMPLETABLE = frozenset({Status.SUBMITTED, Status.IN_REVIEW, Status.DOCUMENTS_REQUESTED})


def documents_complete(items) -> bool:
    """Every required checklist item is verified (pure; ``items``: (required, state) pairs)."""
    required = [state for is_required, state in items if is_required]
    return bool(required) and all(state == "verified" for state in required)


# --- Guards --------------------------------------------------------------------------------

# Why a guard fails (codes; the admin shows a sentence for each).
DOCUMENTS_MISSING = "documents_missing"
NO_BOOKED_APPOINTMENT = "no_booked_appointment"
NO_LETTER = "no_letter"
APPOINTMENT_STILL_BOOKED = "appointment_still_booked"
APPOINTMENT_NOT_BEGUN = "appointment_not_begun"

REQUEST_CLOSED = "request_closed"

# The release declaration of a blocked account (seed 001, "Sperrvermerk ... Aufhebung"):
# the office lifts the blocking note once it has checked the documents (passport,
# title with its supplementary sheet, the account's copy and what the case needs),
# so from "documents complete" on, and never for a request refused or withdrawn.
RELEASE_DECLARABLE = frozenset(
    {Status.DOCUMENTS_COMPLETE, Status.INVITED, Status.APPOINTMENT_HELD, Status.GRANTED}
)


def release_declaration_failure(status: str) -> str | None:
    """None when the release declaration may be issued in ``status``, else the reason's code."""
    if status in (Status.REFUSED, Status.WITHDRAWN):
        return REQUEST_CLOSED
    if status in RELEASE_DECLARABLE:
        return None
    if status in Status.values:
        return DOCUMENTS_MISSING
    raise ValueError(f"Unknown status {status!r}.")


# Transitions the portal makes itself (a letter, the worker, the applicant): never a button.
AUTOMATIC = frozenset(
    {(source, Status.DOCUMENTS_REQUESTED) for source in TRANSITIONS}
    | {(Status.DOCUMENTS_COMPLETE, Status.INVITED), (Status.INVITED, Status.DOCUMENTS_COMPLETE)}
)


@dataclass(frozen=True)
class CaseFacts:
    """What the guards need to know of a request (plain values)."""

    # Every required checklist item is verified (``documents_complete``).
    documents_complete: bool = False
    # A team lead marked the documents complete with a reason.
    documents_override: bool = False
    # A booked appointment exists, with its letter, and when it starts.
    appointment_booked: bool = False
    appointment_letter: bool = False
    appointment_starts_at: datetime | None = None
    # The moment the decision is made.
    now: datetime | None = None


def guard_failure(current: str, target: str, facts: CaseFacts) -> str | None:
    """None when the guard of ``current`` -> ``target`` holds, else the reason's code.

    Only for transitions the table allows (``check_transition`` first).
    """
    if target == Status.DOCUMENTS_COMPLETE:
        if current == Status.INVITED:
            return APPOINTMENT_STILL_BOOKED if facts.appointment_booked else None
        if facts.documents_complete or facts.documents_override:
            return None
        return DOCUMENTS_MISSING
    if target == Status.INVITED:
        if not facts.appointment_booked:
            return NO_BOOKED_APPOINTMENT
        return None if facts.appointment_letter else NO_LETTER
    if target == Status.APPOINTMENT_HELD:
        if not facts.appointment_booked:
            return NO_BOOKED_APPOINTMENT
        starts = facts.appointment_starts_at
        if starts is None or facts.now is None or starts > facts.now:
            return APPOINTMENT_NOT_BEGUN
    return None


def check(current: str, target: str, facts: CaseFacts) -> None:
    """Raise ``IllegalTransition`` (table) or ``GuardFailed`` (guard) unless the move may happen."""
    check_transition(current, target)
    failure = guard_failure(current, target, facts)
    if failure is not None:
        raise GuardFailed(failure)


def is_automatic(current: str, target: str) -> bool:
    return (current, target) in AUTOMATIC


def button_targets(current: str, facts: CaseFacts) -> list[str]:
    """The statuses a caseworker's buttons offer: allowed, not automatic, guard holding.

    In the order of ``Status`` (the order of the procedure).
    """
    allowed = allowed_targets(current)
    return [
        status.value
        for status in Status
        if status in allowed
        and not is_automatic(current, status)
        and guard_failure(current, status, facts) is None
    ]
