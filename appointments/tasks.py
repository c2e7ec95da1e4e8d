"""Background tasks of the appointments app (django-q2): ids in, codes out.

Delivery is at least once, so each task is idempotent: it takes ids only,
checks "already done?" first, counts its attempts in its own row
(InvitationJob) and leaves personal data out of its arguments, results and
exception messages (they are stored in the queue's tables).
"""

from __future__ import annotations

from . import printing, services


class InvitationFailed(RuntimeError):
    """The invitation task failed; the message holds ids and an error code only."""


def send_invitation(application_id: int) -> str:
    """Book the earliest free slot for a request and write its invitation letter.

    Enqueued by appointments.services.invitation_enqueue (on commit of the
    change to "documents complete") and by the sweep. Returns "invited",
    "already_done", "not_ready", "gave_up" or "gone". A failure is recorded
    (InvitationJob.last_error) and raised as InvitationFailed without the
    original message; the sweep tries again until the attempts run out.
    """
    outcome = services.invitation_attempt_start(application_id=application_id)
    if outcome != services.PROCEED:
        return outcome
    try:
        return services.invitation_issue(application_id=application_id)
    except Exception as error:
        code = services.invitation_failed(application_id=application_id, error=error)
        # "from None": the stored traceback must not carry the original message.
        raise InvitationFailed(
            f"invitation failed: application={application_id} error={code}"
        ) from None


def invitation_sweep() -> int:
    """Every 10 minutes (migration appointments/0004): enqueue what still waits."""
    return services.invitation_sweep()


def print_batch_make(batch_id: int) -> str:
    """Merge a print batch's letters into one PDF (enqueued by the print queue's button)."""
    return printing.print_batch_make(batch_id)


def print_batch_sweep() -> int:
    """Every 10 minutes (migration appointments/0007): batches whose task was lost."""
    return printing.print_batch_sweep()
