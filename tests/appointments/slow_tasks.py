"""A task for the crash test: the real invitation task, after a pause long enough to kill
the worker in the middle of it. Test code only; the worker imports it by its dotted path."""

from __future__ import annotations

import os
import time
from pathlib import Path


def send_invitation_slowly(application_id: int) -> str:
    from appointments.tasks import send_invitation

    marker = Path(os.environ["CRASH_TEST_MARKER"])
    if not marker.exists():
        marker.write_text("started")  # the first run: the test kills the worker now
        time.sleep(120)
    return send_invitation(application_id)
