"""scripts/supervise.py, which runs `make run`'s portal and queue cluster side by side.

Real processes and real signals, with small Python children instead of Django:
one that ends on TERM and says so, one that ignores TERM (a worker in the middle
of a task), one that leaves a grandchild behind in its group.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

SUPERVISE = Path(__file__).resolve().parents[2] / "scripts" / "supervise.py"

# Each child writes <name>.ready once its handlers are set, and <name>.term when TERM ends it.
POLITE = """
import pathlib, signal, sys, time
def on_term(*_):
    pathlib.Path(sys.argv[1] + ".term").touch()
    sys.exit(0)
signal.signal(signal.SIGTERM, on_term)
pathlib.Path(sys.argv[1] + ".ready").touch()
time.sleep(120)
"""
STUBBORN = """
import pathlib, signal, sys, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
pathlib.Path(sys.argv[1] + ".ready").touch()
time.sleep(120)
"""
WITH_GRANDCHILD = """
import pathlib, subprocess, sys, time
grandchild = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
pathlib.Path(sys.argv[1] + ".pid").write_text(str(grandchild.pid))
pathlib.Path(sys.argv[1] + ".ready").touch()
time.sleep(120)
"""
ENDS_WITH_3 = """
import pathlib, sys, time
pathlib.Path(sys.argv[1] + ".ready").touch()
time.sleep(1)
sys.exit(3)
"""


def command(code: str, marker: Path) -> str:
    return shlex.join([sys.executable, "-c", code, str(marker)])


def start(tmp_path: Path, *commands: str, grace: float = 2.0, **popen) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(SUPERVISE), "--grace", str(grace), "--", *commands],
        start_new_session=True,  # its own process group, as a terminal gives `make run`
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        **popen,
    )


def wait_for(*paths: Path, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not all(path.exists() for path in paths):
        assert time.monotonic() < deadline, f"not there: {[str(p) for p in paths]}"
        time.sleep(0.05)


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def ends_within(process: subprocess.Popen, seconds: float) -> tuple[int, float]:
    begin = time.monotonic()
    status = process.wait(timeout=seconds)
    return status, time.monotonic() - begin


@pytest.fixture
def supervisor_cleanup():
    started: list[subprocess.Popen] = []
    yield started
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.mark.parametrize(
    ("send", "ignore_sigint_at_start"),
    [
        ("Ctrl-C", False),
        ("TERM", False),
        ("HUP", False),
        # A shell started with SIGINT ignored cannot trap it; the supervisor still can.
        ("Ctrl-C", True),
    ],
)
def test_a_signal_stops_every_child_politely_then_by_force(
    tmp_path, supervisor_cleanup, send, ignore_sigint_at_start
):
    polite, stubborn = tmp_path / "polite", tmp_path / "stubborn"
    process = start(
        tmp_path,
        command(POLITE, polite),
        command(STUBBORN, stubborn),
        grace=2.0,
        preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
        if ignore_sigint_at_start
        else None,
    )
    supervisor_cleanup.append(process)
    wait_for(Path(f"{polite}.ready"), Path(f"{stubborn}.ready"))

    if send == "Ctrl-C":
        os.killpg(process.pid, signal.SIGINT)  # the terminal signals the foreground group
    else:
        process.send_signal(signal.SIGTERM if send == "TERM" else signal.SIGHUP)
    status, took = ends_within(process, 15)

    assert status == 0
    assert Path(f"{polite}.term").exists(), "the polite child got TERM first"
    assert 1.5 <= took < 10, "the stubborn one is killed after the grace, not before"


def test_a_second_ctrl_c_skips_the_grace(tmp_path, supervisor_cleanup):
    stubborn = tmp_path / "stubborn"
    process = start(tmp_path, command(STUBBORN, stubborn), grace=60.0)
    supervisor_cleanup.append(process)
    wait_for(Path(f"{stubborn}.ready"))

    os.killpg(process.pid, signal.SIGINT)
    # Apart, as a person presses it twice (a signal sent while the same one is still
    # pending is merged with it by the kernel).
    time.sleep(0.5)
    assert process.poll() is None, "still within the grace"
    os.killpg(process.pid, signal.SIGINT)
    status, _took = ends_within(process, 10)
    assert status == 0


def test_the_childs_own_children_are_stopped_too(tmp_path, supervisor_cleanup):
    parent = tmp_path / "parent"
    process = start(tmp_path, command(WITH_GRANDCHILD, parent))
    supervisor_cleanup.append(process)
    wait_for(Path(f"{parent}.ready"))
    grandchild = int(Path(f"{parent}.pid").read_text())
    assert running(grandchild)

    process.send_signal(signal.SIGTERM)
    ends_within(process, 15)
    deadline = time.monotonic() + 5
    while running(grandchild) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not running(grandchild)


def test_when_one_ends_the_other_is_stopped_and_its_status_returned(tmp_path, supervisor_cleanup):
    ends, polite = tmp_path / "ends", tmp_path / "polite"
    process = start(tmp_path, command(ENDS_WITH_3, ends), command(POLITE, polite))
    supervisor_cleanup.append(process)

    status, _took = ends_within(process, 20)
    assert status == 3, "make run fails when the portal or the worker fails"
    assert Path(f"{polite}.term").exists()


def test_a_command_that_cannot_start_stops_the_others(tmp_path, supervisor_cleanup):
    polite = tmp_path / "polite"
    process = start(
        tmp_path, command(POLITE, polite), shlex.join([str(tmp_path / "no-such-program")])
    )
    supervisor_cleanup.append(process)

    status, _took = ends_within(process, 20)
    assert status == 127
    assert "cannot start" in process.stderr.read().decode()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--grace", "-1", "--", "true"], "--grace must not be negative"),
        (["--grace", "soon", "--", "true"], "invalid float value"),
        (["--", ""], "a command must not be empty"),
        ([], "the following arguments are required"),
    ],
)
def test_bad_arguments_are_refused_with_a_message(arguments, message):
    result = subprocess.run(
        [sys.executable, str(SUPERVISE), *arguments], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 2
    assert message in result.stderr
