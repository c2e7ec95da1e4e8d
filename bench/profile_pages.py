"""Where a page's time goes: the pages of bench/load.py in process, timed and profiled.

    scripts/with-postgres.sh .venv/bin/python bench/profile_pages.py [--rows 100000]
        [--repeat 50] [--profile "admin list"] [--top 40]

Prepares the same state as bench/load.py (a renewal at the check page, one with
ten family members, staff sessions, ``--rows`` requests), then requests every
page ``--repeat`` times through Django's test client and prints the median
time, the queries and the time in garbage collection (per request) of each;
``--profile NAME`` (a part of a page's name) prints cProfile's top functions
by cumulative and by own time for that page.
Only for finding work to remove: the ratios of the README come from
bench/load.py.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gc
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

from bench.load import (  # noqa: E402
    EARLY_STEP,
    FLOOR_CHANGE,
    FLOOR_LIST,
    LATE_STEP,
    RENEWAL,
    prepare,
)


def client_for(cookie: str):
    from django.test import Client

    client = Client()
    for part in cookie.split("; "):
        if part:
            name, value = part.split("=", 1)
            client.cookies[name] = value
    return client


@contextlib.contextmanager
def collections_timed():
    """The seconds of each garbage collection while the block runs (a list, filled in)."""
    spent, started = [], []

    def callback(phase, info):
        if phase == "start":
            started.append(time.perf_counter())
        elif started:
            spent.append(time.perf_counter() - started.pop())

    gc.callbacks.append(callback)
    try:
        yield spent
    finally:
        gc.callbacks.remove(callback)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--profile", default="")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument(
        "--callers", default="", help="with --profile: who calls the functions matching this"
    )
    parser.add_argument(
        "--dump", default="", help="with --profile: write the profile to this file (pstats)"
    )
    parser.add_argument(
        "--state", default="", help="a JSON file: reuse its prepared state (same database)"
    )
    args = parser.parse_args()
    if args.state and Path(args.state).exists():
        import django

        django.setup()
        from django.test.utils import setup_test_environment

        setup_test_environment()
        state = json.loads(Path(args.state).read_text())
    else:
        state = prepare(args.rows, 1)
        if args.state:
            Path(args.state).write_text(json.dumps(state))
    from django.db import connection
    from django.test.utils import teardown_test_environment

    # The preparation reads the test client's page contexts; the pages are
    # measured without that instrumentation of every template render.
    teardown_test_environment()
    guest = state["guests"][0]
    pages = [
        ("bare 3-query view (b)", "/bench/bare/", state["bare"][0]),
        (f"step 2 GET ({EARLY_STEP})", f"{RENEWAL}{EARLY_STEP}/", guest),
        (f"step 19 GET ({LATE_STEP})", f"{RENEWAL}{LATE_STEP}/", guest),
        ("check page GET, 0 family members", f"{RENEWAL}check/", guest),
        ("check page GET, 10 family members", f"{RENEWAL}check/", state["families"][0]),
        ("admin list", "/admin/applications/application/", state["staff"][0]),
        ("admin change page", state["change_page"], state["staff"][0]),
        (FLOOR_LIST, state["floor_list"], state["staff"][0]),
        (FLOOR_CHANGE, state["floor_change_page"], state["staff"][0]),
    ]
    print(f"{'page':38} {'ms':>8} {'× (b)':>7} {'queries':>8} {'KB':>6} {'gc ms':>7}")
    anchor = None
    for name, path, cookie in pages:
        client = client_for(cookie)
        response = client.get(path, REMOTE_ADDR="127.0.0.1")
        assert response.status_code == 200, (name, response.status_code)
        queries = []

        def log(execute, sql, params, many, context, queries=queries):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                queries.append((time.perf_counter() - started, sql))

        with connection.execute_wrapper(log):
            client.get(path)
        times = []
        with collections_timed() as collecting:
            for _index in range(args.repeat):
                started = time.perf_counter()
                client.get(path)
                times.append(time.perf_counter() - started)
        median = statistics.median(times) * 1000
        anchor = anchor or median
        print(
            f"{name:38} {median:8.2f} {median / anchor:7.2f} {len(queries):8d} "
            f"{len(response.content) / 1024:6.1f} {sum(collecting) * 1000 / args.repeat:7.2f}",
            flush=True,
        )
        if args.profile and args.profile in name:
            profiler = cProfile.Profile()
            profiler.enable()
            for _index in range(args.repeat):
                client.get(path)
            profiler.disable()
            stats = pstats.Stats(profiler)
            if args.dump:
                stats.dump_stats(args.dump)
            stats.sort_stats("cumulative").print_stats(args.top)
            stats.sort_stats("tottime").print_stats(args.top)
            if args.callers:
                stats.print_callers(args.callers)
            for spent, sql in queries:
                print(f"{spent * 1000:7.2f} ms  {sql[:400]}")


if __name__ == "__main__":
    main()
