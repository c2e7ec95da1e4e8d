"""Shared harness: PostgreSQL for database tests, a real django-q2 cluster, Debian's Chromium."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.environment import BASE_DIR, database_url_of

# Playwright's sync API keeps an asyncio loop in the test thread; Django's
# guard against ORM calls from async code would then refuse the test's own
# database access. The tests are synchronous, so the guard is lifted here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# Fixtures that need the database; a test using one (or marked django_db) is a database test.
DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_setup", "live_server", "admin_client", "admin_user"}
    | {"django_user_model", "qcluster", "page", "letter_storage", "filed"}
)


def _on_postgresql() -> bool:
    from django.conf import settings

    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def pytest_configure(config):
    """The suite's database tests run on PostgreSQL only; without it, only the pure tests run.

    ``make test`` (scripts/test-suite.sh) sets ``TESTS_REQUIRE_POSTGRES``, so a
    missing PostgreSQL there is an error, never a silent skip.
    """
    if not _on_postgresql() and os.environ.get("TESTS_REQUIRE_POSTGRES"):
        raise pytest.UsageError(
            "The test suite runs on PostgreSQL. Run `make test`, or set DATABASE_URL to a "
            "PostgreSQL server (scripts/with-postgres.sh does both)."
        )


def needs_database(item) -> bool:
    marked = item.get_closest_marker("django_db") or item.get_closest_marker("postgresql")
    return marked is not None or bool(
        DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ()))
    )


def pytest_collection_modifyitems(config, items):
    if _on_postgresql():
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: `make test` runs it")
    for item in items:
        if needs_database(item):
            item.add_marker(skip)


def pytest_report_header(config):
    if not _on_postgresql():
        return "No PostgreSQL (DATABASE_URL unset): pure tests only, database tests skipped."
    return None


def empties_the_tables(item) -> bool:
    """A transactional test: pytest-django flushes every table when it ends."""
    marker = item.get_closest_marker("django_db")
    return "transactional_db" in getattr(item, "fixturenames", ()) or bool(
        marker is not None and marker.kwargs.get("transaction")
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test's flush, the data migrations' rows come back.

    The roles and the queue's schedules are there for every test, whatever ran
    before it in this process (pytest-xdist hands tests to processes in any
    order: scripts/test-suite.sh).
    """
    try:
        return (yield)
    finally:
        # After the last test the test database is gone already: nothing to restore.
        if nextitem is not None and _on_postgresql() and empties_the_tables(item):
            from pytest_django.plugin import blocking_manager_key

            from tests.roles import migration_data_restore

            with item.config.stash[blocking_manager_key].unblock():
                migration_data_restore()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the portal's default language, whatever ran before."""
    from django.utils import translation

    with translation.override("de"):
        yield


# --- The queue worker -------------------------------------------------------


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
    # Generous: with two test processes per core, a page behind a busy live
    # server can take seconds; a timeout is a hang detector, not a speed test.
    page.set_default_timeout(45_000)
    yield page
    context.close()


@pytest.fixture
def letter_storage(settings, tmp_path, monkeypatch) -> Path:
    """Files go to a temporary folder, in this process and in a qcluster started after it."""
    root = tmp_path / "files"
    root.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "portal.storage.EncryptedFileSystemStorage",
            "OPTIONS": {"location": root, "base_url": None},
        },
    }
    monkeypatch.setenv("FILE_STORAGE_ROOT", str(root))
    return root
