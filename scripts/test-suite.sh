#!/usr/bin/env bash
# The checks that need a database: migrations complete, then the whole pytest
# suite. Called by `make test` inside scripts/with-postgres.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?run me through scripts/with-postgres.sh}"
export DJANGO_SETTINGS_MODULE=tests.settings
export TESTS_REQUIRE_POSTGRES=1
.venv/bin/python manage.py makemigrations --check --dry-run -v1
# Two pytest processes per core (pytest-xdist): much of the suite waits on a
# browser, a queue worker or a server, so two per core keep the cores busy.
# worksteal hands queued tests to whichever process runs out first. The order
# within a process does not matter: after each transactional test, which empties
# every table, tests/conftest.py writes the data migrations' rows again.
# TEST_PROCESSES=0 runs everything in this one process.
.venv/bin/python -m pytest -n "${TEST_PROCESSES:-$(( $(nproc) * 2 ))}" --dist worksteal "$@"
