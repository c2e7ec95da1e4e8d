"""Shared harness: PostgreSQL guard, a real django-q2 cluster, Debian's Chromium."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent

# Playwright's sync API keeps an asyncio loop in the test thread; Django's
# guard against ORM calls from async code would then refuse the test's own
# database access. The tests are synchronous, so the guard is lifted here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]


def pytest_configure(config):
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise pytest.UsageError(
            "The test suite runs on PostgreSQL. Run `make test`, or set DATABASE_URL to a "
            "PostgreSQL server (scripts/with-postgres.sh does both)."
        )


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the portal's default language, whatever ran before."""
    from django.utils import translation

    with translation.override("de"):
        yield


# --- The queue worker -------------------------------------------------------


def database_url_of(settings_dict: dict) -> str:
    """A DATABASE_URL for another process to reach the database this test uses."""
    user = quote(settings_dict["USER"] or "", safe="")
    password = quote(settings_dict["PASSWORD"] or "", safe="")
    host = settings_dict["HOST"] or "127.0.0.1"
    port = settings_dict["PORT"] or "5432"
    return f"postgres://{user}:{password}@{host}:{port}/{settings_dict['NAME']}"


class QCluster:
    """A real ``manage.py qcluster`` process on the test database."""

    def __init__(self, process: subprocess.Popen, log_path: Path):
        self.process = process
        self.log_path = log_path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_until_running(self, timeout: float = 30.0) -> None:
        from django_q.status import Stat

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"qcluster exited early:\n{self.log()}")
            if Stat.get_all():
                return
            time.sleep(0.2)
        raise RuntimeError(f"qcluster did not report within {timeout} s:\n{self.log()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def qcluster(transactional_db):
    """Start a django-q2 cluster in its own process, against the test database."""
    from django.core.cache import cache
    from django.db import connection

    cache.clear()
    env = dict(os.environ)
    env["DATABASE_URL"] = database_url_of(connection.settings_dict)
    env["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    env["Q_WORKERS"] = "1"
    with tempfile.NamedTemporaryFile(prefix="qcluster-", suffix=".log", delete=False) as log:
        log_path = Path(log.name)
    with log_path.open("w") as log_file:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "qcluster"],
            cwd=BASE_DIR,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    cluster = QCluster(process, log_path)
    try:
        cluster.wait_until_running()
        yield cluster
    finally:
        cluster.stop()
        cache.clear()
        log_path.unlink(missing_ok=True)


# --- The browser ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright. Missing, it fails: browser tests never skip."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. Browser tests do not skip: install Debian's "
            "`chromium` package (make test does so as root) or set CHROMIUM_PATH."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


AXE_SOURCE = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[dict]:
    """Run axe-core (npm package, served from disk) on the page; WCAG 2.1 A/AA rules."""
    # Evaluated through the DevTools protocol, so the page's CSP (rightly
    # without 'unsafe-inline') does not block it.
    page.evaluate(AXE_SOURCE.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
    ]
