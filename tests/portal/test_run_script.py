"""`make run`'s script stops the portal and the queue worker within seconds, also mid-task.

Runs scripts/run.sh for real (demo mode on its own SQLite file in a temporary
folder and a free port), waits until the portal answers, gives the worker a
task that would run for a minute, and stops the script with TERM (as a
service manager does) or with Ctrl-C (SIGINT to the terminal's process group).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
STOP_WITHIN_SECONDS = 10


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment(tmp_path: Path, port: int) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "SECRET_KEY")
        and not key.startswith("PYTEST")
    }
    env.update(
        PORT=str(port),
        VAR_DIR=str(tmp_path / "var"),
        FILE_STORAGE_ROOT=str(tmp_path / "var" / "files"),
        FIELD_ENCRYPTION_KEYS="",
        STOP_GRACE_SECONDS="3",
    )
    return env


def _wait_until_up(port: int, process: subprocess.Popen, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"run.sh ended early with {process.returncode}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return
        except urllib.error.HTTPError:
            return  # 503 before the worker reports: the portal answers
        except OSError:
            time.sleep(0.5)
    raise AssertionError("the portal did not answer")


def _busy_worker(env: dict[str, str]) -> None:
    """A task that sleeps for a minute, so that the worker is busy when we stop."""
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django_q.tasks import async_task; async_task('time.sleep', 60)",
        ],
        cwd=BASE_DIR,
        env={**env, "DEBUG": "1", "DEMO_MODE": "1"},
        check=True,
        capture_output=True,
        timeout=60,
    )
    time.sleep(3)  # the cluster polls the ORM broker every few seconds


def _processes_of(env_var_dir: str) -> set[int]:
    """Every process started from this run (found by the VAR_DIR in its environment)."""
    mine: set[int] = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if f"VAR_DIR={env_var_dir}".encode() in environ.split(b"\0"):
            mine.add(int(entry.name))
    return mine


@pytest.mark.parametrize("how", ["TERM", "Ctrl-C"])
def test_run_stops_both_processes_within_seconds(tmp_path, how):
    port = _free_port()
    env = _environment(tmp_path, port)
    process = subprocess.Popen(
        ["scripts/run.sh"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, as a terminal gives it
    )
    try:
        _wait_until_up(port, process)
        _busy_worker(env)
        started = _processes_of(env["VAR_DIR"])
        assert len(started) >= 3, "the script, the web server and the queue cluster"
        begin = time.monotonic()
        if how == "TERM":
            process.send_signal(signal.SIGTERM)
        else:
            os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=STOP_WITHIN_SECONDS)
        while _processes_of(env["VAR_DIR"]) and time.monotonic() - begin < STOP_WITHIN_SECONDS:
            time.sleep(0.2)
        assert _processes_of(env["VAR_DIR"]) == set(), "something still runs"
        assert time.monotonic() - begin < STOP_WITHIN_SECONDS
    finally:
        for pid in _processes_of(env["VAR_DIR"]):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
