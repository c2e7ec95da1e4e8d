"""Tasks of the ground: the queue probe and the clean-up of expired sessions.

The jobs that call every app (retention) are the site's (portal/site/tasks.py).

``queue_probe`` is the smallest real task: the worker answers with the
database it works on. ``manage.py check_queue`` and the integration test use
it to prove that a cluster takes tasks from the broker and stores results.
"""

from __future__ import annotations

from django.db import connection


def queue_probe(token: str) -> dict[str, str]:
    """Echo the token (an opaque random id, never personal data) with the worker's database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"token": token, "database": connection.vendor}


def delete_expired_sessions() -> None:
    """Scheduled daily (migration portal/0008): what ``manage.py clearsessions`` does.

    Expired sessions would otherwise stay in the table for ever, with whatever
    they held; the session engine knows which have expired.
    """
    from importlib import import_module

    from django.conf import settings

    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
