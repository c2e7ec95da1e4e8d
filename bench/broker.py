"""Queue benchmark: invitations per second, Redis broker against the database broker.

    scripts/with-postgres.sh .venv/bin/python bench/broker.py [--requests 120] [--rounds 2]

For each broker in turn (database, Redis, database, Redis, … ``--rounds``
times each) a real ``manage.py qcluster`` with two workers (``Q_WORKERS=2``)
is started on a throwaway PostgreSQL (scripts/with-postgres.sh) and, for
Redis, a throwaway redis-server (tests/redis_server.py, Debian's package).
Once the cluster reports, ``--requests`` requests in "documents complete",
spread over three locations, get their invitation task at once; the clock
runs from the enqueue until every letter is in the database. Each
invitation is the real one: the slot booked under the location's lock, the
letter rendered (WeasyPrint) and stored encrypted, the status changed.

Printed: invitations per second per broker and the ratio Redis / database of
the same run. Only 127.0.0.1 is contacted; every loop is bounded in time.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import time as clock_time
from decimal import Decimal
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))

LIMIT_SECONDS = 600  # one round may take at most this long


def setup(files: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ["FILE_STORAGE_ROOT"] = files
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_requests(count: int) -> list[int]:
    """``count`` requests in "documents complete" at three locations with opening hours."""
    from django.utils import timezone
    from django_q.models import Schedule

    from applications.models import Application
    from appointments.demo import demo_locations_ensure
    from appointments.models import OpeningHours
    from portal import codes

    Schedule.objects.all().delete()  # no sweep may enqueue anything during a round
    locations = list(demo_locations_ensure())
    for location in locations:
        for weekday in range(5):
            OpeningHours.objects.get_or_create(
                location=location,
                weekday=weekday,
                opens=clock_time(8),
                closes=clock_time(18),
                defaults={"desks": 4},
            )
    ids = []
    for index in range(count):
        application = Application.objects.create(
            reference=codes.reference_new(),
            kind="renewal",
            status="documents_complete",
            submitted_at=timezone.now(),
            language="de",
            surname="Yılmaz",
            given_names="Ayşe",
            date_of_birth="1990-03-14",
            nationality="TR",
            passport_number=f"U{index:08d}",
            postcode="90403",
            location=locations[index % len(locations)],
            answers={
                "address": {
                    "street": "Äußere Laufer Gasse 1",
                    "postcode": "90403",
                    "town": "Nürnberg",
                },
                "personal": {"surname": "Yılmaz", "given_names": "Ayşe"},
            },
            deadline_effect="title_continues",
            fee_quote_total=Decimal("93.00"),
        )
        ids.append(application.pk)
    return ids


def reset(ids: list[int]) -> None:
    """Back to "documents complete" without appointments, letters or jobs."""
    from django.core.files.storage import default_storage
    from django_q.models import Task

    from applications.models import Application
    from appointments.models import Appointment, InvitationJob, InvitationLetter

    for name in InvitationLetter.objects.values_list("file", flat=True):
        default_storage.delete(name)
    InvitationLetter.objects.all().delete()
    Appointment.objects.all().delete()
    InvitationJob.objects.all().delete()
    Task.objects.all().delete()
    Application.objects.filter(pk__in=ids).update(status="documents_complete")


def start_cluster(env: dict, log) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "qcluster"],
        cwd=BASE,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def one_round(ids: list[int], *, broker_url: str, files: str, log_path: Path) -> float:
    """Invitations per second of one cluster with two workers on the given broker."""
    from django_q.brokers import get_broker
    from django_q.conf import Conf
    from django_q.models import Task
    from django_q.status import Stat
    from django_q.tasks import async_task

    from appointments.models import InvitationLetter

    Conf.ORM = None if broker_url else "default"
    Conf.REDIS = broker_url or {}
    broker = get_broker()
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="tests.settings",
        FILE_STORAGE_ROOT=files,
        Q_WORKERS="2",
        Q_BROKER_URL=broker_url,
    )
    reset(ids)
    with log_path.open("a") as log:
        cluster = start_cluster(env, log)
        try:
            deadline = time.monotonic() + 60
            while not Stat.get_all(broker=broker):
                if cluster.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"qcluster did not start:\n{log_path.read_text()[-3000:]}")
                time.sleep(0.2)
            started = time.perf_counter()
            for application_id in ids:
                async_task("appointments.tasks.send_invitation", application_id, broker=broker)
            deadline = time.monotonic() + LIMIT_SECONDS
            while InvitationLetter.objects.count() < len(ids):
                if Task.objects.filter(success=False).exists():
                    raise RuntimeError(f"an invitation failed:\n{log_path.read_text()[-3000:]}")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"round not done:\n{log_path.read_text()[-3000:]}")
                time.sleep(0.05)
            seconds = time.perf_counter() - started
        finally:
            os.killpg(cluster.pid, signal.SIGTERM)
            try:
                cluster.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(cluster.pid, signal.SIGKILL)
                cluster.wait()
    if InvitationLetter.objects.count() != len(ids):
        raise RuntimeError("a request got more than one letter")
    return len(ids) / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=120)
    parser.add_argument("--rounds", type=int, default=2)
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Run me through scripts/with-postgres.sh (a throwaway PostgreSQL).")
    from tests.redis_server import redis_server

    with tempfile.TemporaryDirectory(prefix="bench-queue-") as folder, redis_server() as redis:
        files = str(Path(folder) / "files")
        setup(files)
        ids = make_requests(options.requests)
        log_path = Path(folder) / "qcluster.log"
        results: dict[str, list[float]] = {"database": [], "redis": []}
        for round_number in range(options.rounds):
            for name, url in (("database", ""), ("redis", redis.url)):
                rate = one_round(ids, broker_url=url, files=files, log_path=log_path)
                results[name].append(rate)
                print(f"round {round_number + 1} {name:8s} {rate:6.1f} invitations/s", flush=True)
    database = statistics.median(results["database"])
    redis_rate = statistics.median(results["redis"])
    spread = {name: f"{min(rates):.1f}–{max(rates):.1f}" for name, rates in results.items()}
    print(
        f"\n{options.requests} invitations, 2 workers, median of {options.rounds} rounds "
        "(range):\n"
        f"  database broker {database:6.1f} invitations/s ({spread['database']})\n"
        f"  Redis broker    {redis_rate:6.1f} invitations/s ({spread['redis']})\n"
        f"  Redis / database: {redis_rate / database:.2f}"
    )


if __name__ == "__main__":
    # A TERM (a timeout, Ctrl-C of a wrapper) ends the run through the cleanups: the cluster,
    # the redis-server and the folders are stopped and removed.
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit(143))
    main()
