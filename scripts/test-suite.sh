#!/usr/bin/env bash
# The checks that need a database: migrations complete, then the whole pytest
# suite. Called by `make test` inside scripts/with-postgres.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?run me through scripts/with-postgres.sh}"
export DJANGO_SETTINGS_MODULE=tests.settings
export TESTS_REQUIRE_POSTGRES=1
.venv/bin/python manage.py makemigrations --check --dry-run -v1
# One pytest process per core (pytest-xdist); TEST_PROCESSES=0 runs in this process alone.
.venv/bin/python -m pytest -n "${TEST_PROCESSES:-auto}" "$@"
