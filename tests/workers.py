"""Starting a real django-q2 cluster in a child process, and waiting for what it does."""

from __future__ import annotations

import subprocess
import sys
import time

from tests.environment import BASE_DIR

TIMEOUT = 120


def start_cluster(env: dict, log) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "qcluster"],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: killed as a whole
    )


def wait_for(condition, what: str, log_path) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    raise AssertionError(f"{what} not within {TIMEOUT} s:\n{log_path.read_text()[-4000:]}")
