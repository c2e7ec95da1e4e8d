"""The site's scheduled jobs: retention across every app (portal/site/retention.py)."""

from __future__ import annotations

from naturalisation.contact import contact_messages_delete_expired

from .retention import closed_requests_anonymise, drafts_delete_expired


def delete_expired_drafts() -> int:
    """Scheduled daily (schedule "delete-expired-drafts"): the retention of guest drafts."""
    return drafts_delete_expired()


def anonymise_closed_requests() -> int:
    """Scheduled daily (schedule "anonymise-closed-requests"): the retention of closed requests.

    Messages to the naturalisation team are kept as long as a closed request
    (from their receipt) and go in the same job.
    """
    return closed_requests_anonymise() + contact_messages_delete_expired()
