"""The statuses of a request and the transitions between them: one explicit table.

An illegal transition raises ``IllegalTransition``; nothing passes silently.
Seed 000: the office checks the documents; only when all required documents
are present does it invite the applicant by post.
"""

from __future__ import annotations

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
