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

# Each process runs in its own process group, so that stopping it reaches its
# children too (the queue cluster's workers). On Ctrl-C or TERM both get TERM;
# whatever still runs after STOP_GRACE_SECONDS (a worker in the middle of a
# task) is killed: tasks run at least once and are idempotent, so nothing is lost.
STOP_GRACE_SECONDS="${STOP_GRACE_SECONDS:-5}"
pids=()
alive() {
  local pid
  for pid in "${pids[@]}"; do
    kill -0 -- "-$pid" 2>/dev/null && return 0
  done
  return 1
}
stop() {
  trap - INT TERM EXIT
  local pid deadline=$((SECONDS + STOP_GRACE_SECONDS))
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  # The grace counts in seconds of the clock, not in rounds of the loop: on a
  # loaded machine each round takes longer than its sleep.
  while alive && [ "$SECONDS" -lt "$deadline" ]; do
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
  wait "${pids[@]}" 2>/dev/null || true
}
trap stop INT TERM EXIT

setsid $python manage.py qcluster &
pids+=($!)
setsid $python manage.py runserver "127.0.0.1:${PORT}" &
pids+=($!)

cat <<INFO

  Portal:       http://127.0.0.1:${PORT}/
  Health:       http://127.0.0.1:${PORT}/healthz
  Case work:    http://127.0.0.1:${PORT}/admin/  (see the demo account above)
  Queue worker: django-q2 cluster running beside the portal
  Stop both with Ctrl-C.

INFO
# Whichever ends first (or Ctrl-C) stops the other.
wait -n "${pids[@]}" || true
