"""Load benchmark: gunicorn on PostgreSQL, a bounded load generator on localhost.

    scripts/with-postgres.sh .venv/bin/python bench/load.py [--requests 600] [--rows 100000]

Every page is measured as a share of the throughput of the bare 3-query
PostgreSQL view (bench/urls.py: read the session row, read one row by primary
key, UPDATE one row, render about 10 KB), the physical limit of a
database-backed page here, served the same way in the same run. A minimal
Django view (no database) is measured too, and (c) the floor of the Django
admin: its plainest list (one column, the worklist's capped count) and change
page (one read-only field) of the same requests for the same staff member,
which the worklist and the request page are compared with as well.

- gunicorn with 2 sync workers, ``--concurrency`` clients on 127.0.0.1, each
  with its own session (and its own draft), keep-alive connections;
- the targets are interleaved: ``--rounds`` rounds of A B C … each, so that a
  slower or busier moment of the machine falls on every target alike;
- every wizard POST really writes: each client alternates between two
  answers, so each post changes its draft (checked after the run);
- in process, before the server starts: a step POST's time against its
  position in the renewal journey (every step, median of ``--walks`` walks).

Only 127.0.0.1 is contacted; every loop is bounded. Ratios, not absolute
figures, hold across machines.
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
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

RENEWAL = "/aufenthaltserlaubnis/verlaengerung/"
EARLY_STEP = "nationality"  # step 2 of the renewal
LATE_STEP = "health"  # step 19 of the renewal
# Two valid answers for each posted step: every post changes the draft.
EARLY_ANSWERS = ({"nationality": "TR"}, {"nationality": "SY"})
LATE_ANSWERS = (
    {"illnesses": "no", "insurer": "AOK Bayern"},
    {"illnesses": "no", "insurer": "Techniker Krankenkasse"},
)
GOAL_POST, GOAL_GET, GOAL_ADMIN, GOAL_P99 = 0.50, 0.70, 0.30, 3.0
# (c), the Django admin's floor (bench/urls.py): its plainest list and change
# page over the same requests, for the same staff member.
FLOOR_LIST = "(c) Django admin floor: list"
FLOOR_CHANGE = "(c) Django admin floor: change page"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- Preparation (in process) ---------------------------------------------------------


def family_answers() -> dict:
    """A renewal with the spouse and nine children of section 4 applying together."""
    from tests.journeys import family_answers as answers_with
    from tests.journeys import member

    names = ["Emre", "Can", "Deniz", "Elif", "Emir", "Ada", "Mert", "Zeynep", "Aras", "Defne"]
    return answers_with(
        "renewal",
        member("spouse", names[0], "02.02.1988", sex="male", place_of_birth="Ankara"),
        *(
            member("child", name, f"{index + 1:02d}.06.2015")
            for index, name in enumerate(names[1:])
        ),
    )


def prepare(rows: int, clients: int) -> dict:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from applications.models import Application
    from appointments.demo import demo_locations_ensure
    from bench.urls import BARE_ROW
    from portal.models import Draft
    from tests.journeys import step_answers, walk

    setup_test_environment()  # the test client's page contexts, for the helpers reused here
    call_command("migrate", verbosity=0)
    demo_locations_ensure()
    Application.objects.all().delete()
    cache.clear()
    walk(Client(), "renewal", step_answers("renewal"))
    first = Application.objects.get()
    fields = {
        f.name: getattr(first, f.name)
        for f in Application._meta.concrete_fields
        if f.name not in ("id", "reference", "owner", "release_declared_by", "receipt")
    }
    batch = 5000
    for start in range(0, rows, batch):
        Application.objects.bulk_create(
            Application(**fields, reference=f"B{index:07d}-X")
            for index in range(start, min(rows, start + batch))
        )

    def session_cookie(client) -> str:
        return (
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )

    # Guests in the middle of a renewal, at the check-answers page: one per
    # client, and one per client with ten family members applying too.
    guests, families, bare = [], [], []
    for index in range(clients):
        cache.clear()  # the limit on new drafts per address
        guest = Client(REMOTE_ADDR=f"127.0.1.{index + 1}")
        walk(guest, "renewal", step_answers("renewal"), until="check")
        guests.append(session_cookie(guest))
        family = Client(REMOTE_ADDR=f"127.0.2.{index + 1}")
        walk(family, "renewal", family_answers(), until="check")
        families.append(session_cookie(family))
        # The bare view's client: a session that names a row (a draft) and nothing else.
        row = Draft.objects.create(journey="bench", resume_code_digest=f"bench-{index:058d}")
        other = Client()
        other.get("/bench/minimal/")
        session = other.session
        session[BARE_ROW] = str(row.pk)
        session.save()
        bare.append(f"{settings.SESSION_COOKIE_NAME}={session.session_key}")
    lead = get_user_model().objects.create_user("bench-lead", password="x" * 16, is_staff=True)
    lead.groups.add(Group.objects.get(name="Teamleitung"))
    staff = []
    for _index in range(clients):
        client = Client()
        client.force_login(lead)
        staff.append(session_cookie(client))
    cache.clear()
    return {
        "guests": guests,
        "families": families,
        "bare": bare,
        "staff": staff,
        "change_page": f"/admin/applications/application/{first.pk}/change/",
        "floor_list": "/bench/admin/applications/application/",
        "floor_change_page": f"/bench/admin/applications/application/{first.pk}/change/",
    }


# --- In process: a step POST against its position in the journey ----------------------


def growth_table(walks: int) -> list[dict]:
    """Time each step's POST (and GET) as a renewal is walked, ``walks`` times; medians."""
    from django.core.cache import cache
    from django.test import Client

    from tests.journeys import post_step, start, step_answers

    answers = step_answers("renewal")
    timings: dict[str, dict[str, list[float]]] = {}
    order: list[str] = []
    for walk_index in range(walks):
        cache.clear()
        client = Client(REMOTE_ADDR=f"127.0.3.{walk_index + 1}")
        location = start(client, "renewal")["Location"]
        while (step := location.rstrip("/").split("/")[-1]) != "documents":
            started = time.perf_counter()
            client.get(location)
            got = time.perf_counter() - started
            started = time.perf_counter()
            response = post_step(client, "renewal", step, answers[step])
            posted = time.perf_counter() - started
            assert response.status_code == 302, step
            if walk_index == 0:
                order.append(step)
            entry = timings.setdefault(step, {"get": [], "post": []})
            entry["get"].append(got)
            entry["post"].append(posted)
            location = response["Location"]
    rows = []
    for position, step in enumerate(order, start=1):
        rows.append(
            {
                "position": position,
                "step": step,
                "get_ms": statistics.median(timings[step]["get"]) * 1000,
                "post_ms": statistics.median(timings[step]["post"]) * 1000,
            }
        )
    return rows


# --- The load -------------------------------------------------------------------------


@dataclass
class Target:
    name: str
    method: str
    path: str
    cookies: list[str]  # one per client ("" for none)
    expect: int = 200
    bodies: list[list[dict]] | None = None  # per client: the bodies it alternates between
    share: float = 1.0  # of --requests (the admin list is slow)
    kind: str = "get"  # goal class: get, post, admin, anchor or floor
    floor: str = ""  # the name of the floor (c) it is compared with, if any
    latencies: list[float] = field(default_factory=list)
    wall: float = 0.0
    errors: int = 0
    requests: int = 0  # sent, warm-up included


def run_round(port: int, target: Target, count: int, concurrency: int) -> None:
    lock = threading.Lock()
    per_client = max(1, count // concurrency)

    def client(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        cookie = target.cookies[index % len(target.cookies)] if target.cookies else ""
        bodies = target.bodies[index] if target.bodies else None
        latencies, errors = [], 0
        for number in range(per_client):
            headers = {"Host": "localhost"}
            if cookie:
                headers["Cookie"] = cookie
            payload = None
            if bodies is not None:
                # Continue the alternation where the last round ended; the first
                # post changes the answer the walk gave.
                payload = urlencode(
                    bodies[(target.requests // concurrency + number + 1) % len(bodies)]
                )
                headers["Content-Type"] = "application/x-www-form-urlencoded"
                headers["Referer"] = f"http://localhost:{port}{target.path}"
            started = time.perf_counter()
            connection.request(target.method, target.path, body=payload, headers=headers)
            response = connection.getresponse()
            response.read()
            latencies.append(time.perf_counter() - started)
            if response.status != target.expect:
                errors += 1
        connection.close()
        with lock:
            target.latencies.extend(latencies)
            target.errors += errors

    threads = [threading.Thread(target=client, args=(index,)) for index in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    target.wall += time.perf_counter() - started
    target.requests += per_client * concurrency


def csrf_for(port: int, path: str, cookie: str) -> tuple[str, str]:
    """The form's token and the CSRF cookie for a session, from the page itself."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Cookie": cookie, "Host": "localhost"})
    response = connection.getresponse()
    html = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    set_cookie = response.getheader("Set-Cookie") or ""
    found = re.search(r"(__Host-csrftoken|portal_csrftoken)=([^;]+)", set_cookie)
    return token, (f"{found.group(1)}={found.group(2)}" if found else "")


def post_target(name, port, step, answers, guests) -> Target:
    path = f"{RENEWAL}{step}/"
    cookies, bodies = [], []
    for guest in guests:
        token, csrf_cookie = csrf_for(port, path, guest)
        cookies.append(f"{guest}; {csrf_cookie}")
        bodies.append(
            [
                {
                    "csrfmiddlewaretoken": token,
                    "permit-verlaengerung-current_step": step,
                    **{f"{step}-{key}": value for key, value in values.items()},
                }
                for values in answers
            ]
        )
    return Target(name, "POST", path, cookies, expect=302, bodies=bodies, kind="post")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=600, help="per page, over all rounds")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--walks", type=int, default=9, help="walks for the growth table")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Run me through scripts/with-postgres.sh (PostgreSQL is the point).")
    print(f"preparing {args.rows:,} requests and {args.concurrency} clients …", flush=True)
    state = prepare(args.rows, args.concurrency)
    print(f"growth table: {args.walks} walks of the renewal, in process …", flush=True)
    growth = growth_table(args.walks)

    port = free_port()
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="bench.settings")
    server = subprocess.Popen(
        [
            str(BASE / ".venv/bin/gunicorn"),
            "--config",
            "python:portal.gunicorn_conf",
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
    updates_before = draft_updates()
    try:
        for _attempt in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        guests, families = state["guests"], state["families"]
        targets = [
            Target("bare 3-query view (b)", "GET", "/bench/bare/", state["bare"], kind="anchor"),
            Target("minimal view", "GET", "/bench/minimal/", [], kind="anchor"),
            Target("start page GET", "GET", "/", []),
            Target(f"step 2 GET ({EARLY_STEP})", "GET", f"{RENEWAL}{EARLY_STEP}/", guests),
            post_target(f"step 2 POST ({EARLY_STEP})", port, EARLY_STEP, EARLY_ANSWERS, guests),
            Target(f"step 19 GET ({LATE_STEP})", "GET", f"{RENEWAL}{LATE_STEP}/", guests),
            post_target(f"step 19 POST ({LATE_STEP})", port, LATE_STEP, LATE_ANSWERS, guests),
            Target("check page GET, 0 family members", "GET", f"{RENEWAL}check/", guests),
            Target("check page GET, 10 family members", "GET", f"{RENEWAL}check/", families),
            Target(
                f"admin list ({args.rows:,} requests)",
                "GET",
                "/admin/applications/application/",
                state["staff"],
                share=0.25,
                kind="admin",
                floor=FLOOR_LIST,
            ),
            Target(
                "admin change page",
                "GET",
                state["change_page"],
                state["staff"],
                kind="admin",
                floor=FLOOR_CHANGE,
            ),
            Target(
                FLOOR_LIST, "GET", state["floor_list"], state["staff"], share=0.25, kind="floor"
            ),
            Target(FLOOR_CHANGE, "GET", state["floor_change_page"], state["staff"], kind="floor"),
        ]
        # Warm-up: every worker has loaded its code, templates and connections.
        for target in targets:
            run_round(port, target, 4 * args.concurrency, args.concurrency)
            target.latencies.clear()
            target.wall = 0.0
            target.errors = 0
        for round_index in range(args.rounds):
            print(f"round {round_index + 1} of {args.rounds} …", flush=True)
            for target in targets:
                count = max(args.concurrency, int(args.requests * target.share / args.rounds))
                run_round(port, target, count, args.concurrency)
    finally:
        server.terminate()
        server.wait(timeout=20)

    # Each step POST and each bare view updates one draft row, and nothing
    # else does: PostgreSQL's statistics count the row updates (the server's
    # processes reported theirs when they ended).
    writes = draft_updates() - updates_before
    expected = sum(t.requests for t in targets if t.kind == "post" or t.path == "/bench/bare/")
    report(targets, growth, args, writes, expected)


def draft_updates() -> int:
    """Rows of the draft table updated so far, by every process (PostgreSQL's statistics)."""
    from django.db import connection

    # A backend reports its counts when it ends (or idles a while): this
    # process's own connection ends first, and the count is read by a new one.
    connection.close()
    time.sleep(0.5)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n_tup_upd FROM pg_stat_user_tables WHERE relname = %s",
            [draft_table()],
        )
        return cursor.fetchone()[0]


def draft_table() -> str:
    from portal.models import Draft

    return Draft._meta.db_table


def report(targets: list[Target], growth: list[dict], args, writes: int, expected: int) -> None:
    results = {}
    for target in targets:
        results[target.name] = {
            "rps": len(target.latencies) / target.wall,
            "p50": statistics.median(target.latencies) * 1000,
            "p99": percentile(target.latencies, 0.99) * 1000,
            "n": len(target.latencies),
            "errors": target.errors,
            "kind": target.kind,
        }
    anchor = results["bare 3-query view (b)"]
    print(
        f"\n{args.concurrency} clients, gunicorn 2 sync workers, {args.rounds} interleaved "
        f"rounds; (b) = bare 3-query view: {anchor['rps']:.0f} req/s, "
        f"p50 {anchor['p50']:.1f} ms, p99 {anchor['p99']:.1f} ms"
    )
    header = (
        f"{'page':38} {'req/s':>7} {'share of (b)':>13} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'p99/(b)':>8} {'n':>5} {'errors':>6}  goal"
    )
    print(header)
    print("-" * len(header))
    for name, result in results.items():
        share = result["rps"] / anchor["rps"]
        p99_ratio = result["p99"] / anchor["p99"]
        goal = ""
        if result["kind"] == "post":
            met = share >= GOAL_POST and p99_ratio < GOAL_P99
            goal = f"≥ {GOAL_POST:.2f}, p99 < {GOAL_P99:.0f}× (b): {'met' if met else 'NOT met'}"
        elif result["kind"] == "get":
            goal = f"≥ {GOAL_GET:.2f}: {'met' if share >= GOAL_GET else 'NOT met'}"
        elif result["kind"] == "admin":
            goal = f"≥ {GOAL_ADMIN:.2f}: {'met' if share >= GOAL_ADMIN else 'NOT met'}"
        elif result["kind"] == "floor":
            goal = "(no goal: what any Django admin page costs)"
        print(
            f"{name:38} {result['rps']:7.0f} {share:13.2f} {result['p50']:8.1f} "
            f"{result['p99']:8.1f} {p99_ratio:8.2f} {result['n']:5d} {result['errors']:6d}  {goal}"
        )
    for target in targets:
        if target.floor:
            floor = results[target.floor]["rps"]
            print(
                f"{target.name}: {results[target.name]['rps'] / floor:.2f} of the Django "
                f"admin's floor ({floor / anchor['rps']:.2f} of (b))"
            )
    print(
        "\nerrors: answers other than the expected status (200, or 302 for a saved step).\n"
        f"draft rows updated: {writes:,} for {expected:,} step POSTs and bare views "
        f"({'every one wrote' if writes == expected else 'NOT ONE WRITE EACH'})"
    )
    print("\nA step POST's time against its position in the renewal (in process, medians):")
    print(f"{'#':>3} {'step':22} {'POST ms':>8} {'× step 1':>9} {'GET ms':>8}")
    first = growth[0]["post_ms"]
    for row in growth:
        print(
            f"{row['position']:3d} {row['step']:22} {row['post_ms']:8.2f} "
            f"{row['post_ms'] / first:9.2f} {row['get_ms']:8.2f}"
        )
    last = growth[-1]["post_ms"]
    posts = [row["post_ms"] for row in growth]
    print(
        f"last step / first step: {last / first:.2f} (goal ≤ 1.20); "
        f"slowest / fastest: {max(posts) / min(posts):.2f}"
    )


if __name__ == "__main__":
    main()
