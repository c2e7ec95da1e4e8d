"""Run commands side by side until one of them ends or the supervisor is told to stop.

`make run` (scripts/run.sh) uses it for the portal and the queue cluster:

    supervise.py [--grace SECONDS] -- "command one" "command two" ...

Each command runs in its own session and process group, so that stopping it
reaches its children too (the queue cluster's workers, the development
server's reloaded child). On Ctrl-C (SIGINT), TERM or HUP, and when any
command ends by itself, every group gets TERM; whatever still runs after the
grace (a worker in the middle of a task) gets KILL. A second Ctrl-C during the
grace kills at once. Queue tasks run at least once and are idempotent, so a
killed task is run again later, nothing is lost.

The exit status is that of the command that ended first by itself, or 0 when
a signal stopped everything. Only the standard library: it runs before and
without Django.

Why not a shell script: bash runs a trap only between commands, waits on
foreground children before it and treats SIGINT specially (and a signal
ignored when the shell starts cannot be trapped at all); Python runs the
handler here at once, whatever the loop is doing.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shlex
import signal
import subprocess
import sys
import time

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
POLL_SECONDS = 0.1


class Supervisor:
    def __init__(self, commands: list[list[str]], grace: float):
        self.commands = commands
        self.grace = grace
        self.children: list[subprocess.Popen] = []
        self.signals: list[int] = []

    def on_signal(self, signum, _frame) -> None:
        self.signals.append(signum)

    def run(self) -> int:
        # Handlers first, children after: a signal in between is not lost.
        # Children start with the default dispositions (exec resets caught ones).
        for signum in STOP_SIGNALS:
            signal.signal(signum, self.on_signal)
        try:
            for command in self.commands:
                # The commands come from scripts/run.sh, not from a user.
                child = subprocess.Popen(command, start_new_session=True)  # noqa: S603
                self.children.append(child)
            ended = self.wait_for_first()
        except OSError as error:  # a command that cannot be started
            print(f"supervise.py: cannot start {command[0]}: {error}", file=sys.stderr)
            ended = 127
        finally:
            self.stop()
        return 0 if ended is None else ended

    def wait_for_first(self) -> int | None:
        """The exit status of the first child that ends by itself; None after a signal."""
        while not self.signals:
            for child in self.children:
                status = child.poll()
                if status is not None:
                    return status if status >= 0 else 128 - status
            time.sleep(POLL_SECONDS)
        return None

    def groups_alive(self) -> bool:
        alive = False
        for child in self.children:
            child.poll()  # reaps an ended leader, whose group may live on
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(child.pid, 0)
                alive = True
        return alive

    def signal_groups(self, signum: int) -> None:
        for child in self.children:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(child.pid, signum)

    def stop(self) -> None:
        # The signal that began the stop (if one did); a Ctrl-C after it ends the grace,
        # also one that came before this line ran.
        handled = min(len(self.signals), 1)
        self.signal_groups(signal.SIGTERM)
        deadline = time.monotonic() + self.grace
        while self.groups_alive() and time.monotonic() < deadline:
            if len(self.signals) > handled and signal.SIGINT in self.signals[handled:]:
                break  # Ctrl-C once more: no more grace
            time.sleep(POLL_SECONDS)
        self.signal_groups(signal.SIGKILL)
        for child in self.children:
            child.wait()


def parse(argv: list[str]) -> tuple[list[list[str]], float]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--grace",
        type=float,
        default=5.0,
        help="seconds between TERM and KILL when stopping (default 5)",
    )
    parser.add_argument("commands", nargs="+", help="each command as one shell-quoted string")
    args = parser.parse_args(argv)
    if args.grace < 0:
        parser.error("--grace must not be negative")
    commands = [shlex.split(command) for command in args.commands]
    if not all(commands):
        parser.error("a command must not be empty")
    return commands, args.grace


def main(argv: list[str] | None = None) -> int:
    commands, grace = parse(sys.argv[1:] if argv is None else argv)
    return Supervisor(commands, grace).run()


if __name__ == "__main__":
    sys.exit(main())
