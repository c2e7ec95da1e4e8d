"""Load benchmark: gunicorn on PostgreSQL, a bounded load generator on localhost.

    scripts/with-postgres.sh .venv/bin/python bench/load.py [--requests 400] [--rows 100000]

Measures throughput and p50/p95 latency of the start page, a wizard step POST,
the check-answers page and the admin list with ``--rows`` requests, each as a
ratio to a minimal Django view served the same way in the same run. Only
127.0.0.1 is contacted; every loop is bounded. Timings are ratios, not
absolute figures: they hold across machines.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(rows: int) -> dict:
    import django

    django.setup()
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from applications.models import Application
    from appointments.demo import demo_locations_ensure
    from tests.applications.journey import step_answers
    from tests.applications.test_wizard import walk

    setup_test_environment()  # the test client's page contexts, for the helpers reused here
    call_command("migrate", verbosity=0)
    demo_locations_ensure()
    Application.objects.all().delete()
    client = Client()
    walk(client, "renewal", step_answers("renewal"))
    first = Application.objects.get()
    fields = {
        f.name: getattr(first, f.name)
        for f in Application._meta.concrete_fields
        if f.name not in ("id", "reference", "owner", "release_declared_by")
    }
    batch = 5000
    for start in range(0, rows, batch):
        Application.objects.bulk_create(
            Application(**fields, reference=f"B{index:07d}-X")
            for index in range(start, min(rows, start + batch))
        )
    # A guest in the middle of a renewal, at the check-answers page.
    guest = Client()
    walk(guest, "renewal", step_answers("renewal"), until="check")
    from django.contrib.auth import get_user_model

    lead = get_user_model().objects.create_user("bench-lead", password="x" * 16, is_staff=True)
    lead.groups.add(Group.objects.get(name="Teamleitung"))
    staff = Client()
    staff.force_login(lead)
    from django.conf import settings

    return {
        "guest_cookie": guest.cookies[settings.SESSION_COOKIE_NAME].value,
        "staff_cookie": staff.cookies[settings.SESSION_COOKIE_NAME].value,
        "cookie_name": settings.SESSION_COOKIE_NAME,
    }


def run(
    port: int,
    method: str,
    path: str,
    count: int,
    concurrency: int,
    cookie: str = "",
    body: dict | None = None,
) -> dict:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    per_thread = count // concurrency

    def worker():
        nonlocal errors
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _ in range(per_thread):
            headers = {"Cookie": cookie, "Host": "localhost"}
            payload = None
            if body is not None:
                payload = urlencode(body)
                headers["Content-Type"] = "application/x-www-form-urlencoded"
                headers["Referer"] = f"http://localhost:{port}{path}"
            started = time.perf_counter()
            connection.request(method, path, body=payload, headers=headers)
            response = connection.getresponse()
            response.read()
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if response.status >= 400:
                    errors += 1
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies.sort()
    return {
        "rps": len(latencies) / wall,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "errors": errors,
    }


def csrf_for(port: int, path: str, cookie: str) -> tuple[str, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Cookie": cookie, "Host": "localhost"})
    response = connection.getresponse()
    html = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    set_cookie = response.getheader("Set-Cookie") or ""
    csrf_cookie = re.search(r"(__Host-csrftoken|portal_csrftoken)=([^;]+)", set_cookie)
    return token, (f"{csrf_cookie.group(1)}={csrf_cookie.group(2)}" if csrf_cookie else "")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Run me through scripts/with-postgres.sh (PostgreSQL is the point).")
    print(f"preparing {args.rows} requests …", flush=True)
    state = prepare(args.rows)
    port = free_port()
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="bench.settings")
    server = subprocess.Popen(
        [
            str(BASE / ".venv/bin/gunicorn"),
            "portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=BASE,
        env=env,
    )
    try:
        for _attempt in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        guest = f"{state['cookie_name']}={state['guest_cookie']}"
        staff = f"{state['cookie_name']}={state['staff_cookie']}"
        token, csrf_cookie = csrf_for(port, "/aufenthaltserlaubnis/verlaengerung/health/", guest)
        step_body = {
            "csrfmiddlewaretoken": token,
            "permit-verlaengerung-current_step": "health",
            "health-illnesses": "no",
            "health-insurer": "AOK Bayern",
        }
        count, conc = args.requests, args.concurrency
        run(port, "GET", "/bench/minimal/", 40, 2)  # warm up both workers
        baseline = run(port, "GET", "/bench/minimal/", count, conc)
        targets = {
            "start page": run(port, "GET", "/", count, conc),
            "wizard step POST": run(
                port,
                "POST",
                "/aufenthaltserlaubnis/verlaengerung/health/",
                count,
                conc,
                cookie=f"{guest}; {csrf_cookie}",
                body=step_body,
            ),
            "check-answers page": run(
                port, "GET", "/aufenthaltserlaubnis/verlaengerung/check/", count, conc, cookie=guest
            ),
            f"admin list ({args.rows:,} requests)": run(
                port,
                "GET",
                "/admin/applications/application/",
                max(40, count // 10),
                conc,
                cookie=staff,
            ),
        }
    finally:
        server.terminate()
        server.wait(timeout=20)
    print(
        f"\nbaseline (minimal view): {baseline['rps']:.0f} req/s, "
        f"p50 {baseline['p50']:.1f} ms, p95 {baseline['p95']:.1f} ms"
    )
    print(f"{'page':32} {'throughput':>12} {'p50':>10} {'p95':>10} {'errors':>7}")
    for name, result in targets.items():
        print(
            f"{name:32} {result['rps'] / baseline['rps']:>11.2f}x "
            f"{result['p50'] / baseline['p50']:>9.1f}x {result['p95'] / baseline['p95']:>9.1f}x "
            f"{result['errors']:>7}"
        )
    print("\nthroughput: share of the minimal view's; p50/p95: multiples of its latency")


if __name__ == "__main__":
    main()
