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

pids=()
stop() {
  trap - INT TERM EXIT
  kill "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
}
trap stop INT TERM EXIT

$python manage.py qcluster &
pids+=($!)
$python manage.py runserver "127.0.0.1:${PORT}" &
pids+=($!)

cat <<INFO

  Portal:       http://127.0.0.1:${PORT}/
  Health:       http://127.0.0.1:${PORT}/healthz
  Case work:    http://127.0.0.1:${PORT}/admin/  (see the demo account above)
  Queue worker: django-q2 cluster running beside the portal
  Stop both with Ctrl-C.

INFO
# Whichever ends first (or Ctrl-C) stops the other.
wait -n "${pids[@]}"
