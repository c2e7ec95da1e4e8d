#!/usr/bin/env bash
# `make run`: the portal on 127.0.0.1:$PORT and a django-q2 cluster, in demo
# mode on the embedded SQLite database. One Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."

export DEBUG="${DEBUG:-1}"
export DEMO_MODE="${DEMO_MODE:-1}"
PORT="${PORT:-8000}"
python=.venv/bin/python

$python manage.py migrate --noinput -v0
$python manage.py load_demo_data

# Both run under scripts/supervise.py: each in its own process group; Ctrl-C
# or TERM (or either one ending) gives both TERM, and whatever still runs after
# STOP_GRACE_SECONDS (a worker in the middle of a task) is killed: tasks run at
# least once and are idempotent, so nothing is lost.
STOP_GRACE_SECONDS="${STOP_GRACE_SECONDS:-5}"

cat <<INFO

  Portal:       http://127.0.0.1:${PORT}/
  Health:       http://127.0.0.1:${PORT}/healthz
  Case work:    http://127.0.0.1:${PORT}/admin/  (see the demo account above)
  Queue worker: django-q2 cluster running beside the portal
  Stop both with Ctrl-C.

INFO
exec $python scripts/supervise.py --grace "$STOP_GRACE_SECONDS" -- \
  "$python manage.py qcluster" \
  "$python manage.py runserver 127.0.0.1:${PORT}"
