"""A throwaway redis-server (Debian's package), as scripts/with-postgres.sh makes PostgreSQL.

It runs in a new temporary folder, listens on 127.0.0.1 on a free port with a
random password, keeps nothing on disk, and is stopped and deleted when the
block ends. As root it runs as the unprivileged ``redis`` user (the Debian
package creates it). Used by the broker test (tests/appointments/test_redis_broker.py)
and the queue benchmark (bench/broker.py).

    with redis_server() as server:
        server.url  # redis://:password@127.0.0.1:port/0
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
UNPRIVILEGED_USER = "redis"


class RedisMissing(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    def __init__(self, folder: Path):
        if not Path(REDIS_SERVER).exists():
            raise RedisMissing(
                f"redis-server not found at {REDIS_SERVER}. Install Debian's redis-server "
                "(scripts/system-deps.sh test does); the broker test does not skip."
            )
        self.folder = folder
        self.port = free_port()
        self.password = secrets.token_hex(16)
        config = folder / "redis.conf"
        config.write_text(
            "bind 127.0.0.1\n"
            f"port {self.port}\n"
            f"requirepass {self.password}\n"
            f"dir {folder}\n"
            'save ""\n'
            "appendonly no\n"
            "daemonize no\n"
            f"logfile {folder / 'redis.log'}\n"
        )
        os.chmod(config, 0o600)
        command = [REDIS_SERVER, str(config)]
        if os.geteuid() == 0:
            account = pwd.getpwnam(UNPRIVILEGED_USER)
            os.chown(folder, account.pw_uid, account.pw_gid)
            os.chown(config, account.pw_uid, account.pw_gid)
            command = [
                "setpriv",
                f"--reuid={account.pw_uid}",
                f"--regid={account.pw_gid}",
                "--init-groups",
                "--",
                *command,
            ]
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped as a whole
        )
        try:
            self._wait()
        except BaseException:
            self.stop()  # never leave a server behind that nobody will stop
            raise

    @property
    def url(self) -> str:
        return f"redis://:{self.password}@127.0.0.1:{self.port}/0"

    def client(self):
        import redis

        return redis.Redis.from_url(self.url)

    def _wait(self, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server ended: {self.log()}")
            try:
                if self.client().ping():
                    return
            except Exception:  # noqa: S110 (not up yet: connection refused, loading)
                pass
            time.sleep(0.1)
        raise RuntimeError(f"redis-server did not answer within {timeout} s: {self.log()}")

    def log(self) -> str:
        path = self.folder / "redis.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


@contextmanager
def redis_server() -> Iterator[RedisServer]:
    folder = Path(tempfile.mkdtemp(prefix="portal-redis-"))
    try:
        server = RedisServer(folder)
        try:
            yield server
        finally:
            server.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
