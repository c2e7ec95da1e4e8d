"""Where a request stands, in the applicant's words: the stages of the status page (pure).

Seed 000 describes the procedure the applicant sees: the request is filed
online, the office checks the documents, and only when all required
documents are present does it invite the applicant by post to an
appointment (which "can take a while"); then the office decides. Seed 003
says that status enquiries are not answered by phone; this page answers
them with what the request's status already says, never with internal notes.
"""

from __future__ import annotations

from enum import StrEnum

from .constants import Status


class Stage(StrEnum):
    RECEIVED = "received"
    DOCUMENTS_REQUESTED = "documents_requested"
    DOCUMENTS_COMPLETE = "documents_complete"
    APPOINTMENT_CANCELLED = "appointment_cancelled"
    INVITED = "invited"
    APPOINTMENT_HELD = "appointment_held"
    DECIDED = "decided"
    WITHDRAWN = "withdrawn"


# The steps of the procedure as the page lists them (seed 000), in order.
STEPS = (
    Stage.RECEIVED,
    Stage.DOCUMENTS_COMPLETE,
    Stage.INVITED,
    Stage.APPOINTMENT_HELD,
    Stage.DECIDED,
)

# Which of the listed steps a stage belongs to.
_STEP_OF = {
    Stage.RECEIVED: Stage.RECEIVED,
    Stage.DOCUMENTS_REQUESTED: Stage.RECEIVED,
    Stage.DOCUMENTS_COMPLETE: Stage.DOCUMENTS_COMPLETE,
    Stage.APPOINTMENT_CANCELLED: Stage.DOCUMENTS_COMPLETE,
    Stage.INVITED: Stage.INVITED,
    Stage.APPOINTMENT_HELD: Stage.APPOINTMENT_HELD,
    Stage.DECIDED: Stage.DECIDED,
}

_BY_STATUS = {
    Status.SUBMITTED: Stage.RECEIVED,
    Status.IN_REVIEW: Stage.RECEIVED,
    Status.DOCUMENTS_REQUESTED: Stage.DOCUMENTS_REQUESTED,
    Status.DOCUMENTS_COMPLETE: Stage.DOCUMENTS_COMPLETE,
    Status.INVITED: Stage.INVITED,
    Status.APPOINTMENT_HELD: Stage.APPOINTMENT_HELD,
    Status.GRANTED: Stage.DECIDED,
    Status.REFUSED: Stage.DECIDED,
    Status.WITHDRAWN: Stage.WITHDRAWN,
}


def stage_of(status: str, *, cancelled_by_applicant: bool = False) -> Stage:
    """The stage the status page shows for a request's ``status``.

    "Submitted" and "in review" are both "received": the office checks the
    documents (seed 000). "Granted" and "refused" are both "decided": the
    decision itself reaches the applicant in writing, with its reasons and
    the legal remedy (seed 001), not as a word on a web page. "Documents
    complete" after the applicant cancelled the appointment online says so,
    because the office then sends no new invitation by itself.
    """
    stage = _BY_STATUS.get(status)
    if stage is None:
        raise ValueError(f"Unknown status {status!r}.")
    if stage == Stage.DOCUMENTS_COMPLETE and cancelled_by_applicant:
        return Stage.APPOINTMENT_CANCELLED
    return stage


def steps_with_state(stage: Stage) -> list[tuple[Stage, str]]:
    """Each listed step with "done", "current" or "open"; no list for a withdrawn request."""
    current = _STEP_OF.get(stage)
    if current is None:
        return []
    position = STEPS.index(current)
    states = []
    for index, step in enumerate(STEPS):
        if index < position:
            states.append((step, "done"))
        elif index == position:
            states.append((step, "current"))
        else:
            states.append((step, "open"))
    return states
