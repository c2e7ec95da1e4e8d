#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster.
#
#   scripts/with-postgres.sh COMMAND [ARGS...]
#
# The cluster lives in a new temporary directory, listens on 127.0.0.1 on a
# free port with a random password, and is stopped and deleted when the
# command ends, fails or is interrupted. PostgreSQL refuses to run as root,
# so as root the cluster runs as the unprivileged `postgres` user.
# The command sees DATABASE_URL; the script exits with the command's status.
set -euo pipefail

pgbin="${PGBIN:-}"
if [ -z "$pgbin" ]; then
  pgbin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
fi
if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then
  if command -v initdb >/dev/null; then pgbin="$(dirname "$(command -v initdb)")"; else
    echo "PostgreSQL server binaries not found (Debian package: postgresql)." >&2
    exit 1
  fi
fi

workdir="$(mktemp -d "${TMPDIR:-/tmp}/portal-pg.XXXXXX")"
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  owner=postgres
  if ! id "$owner" >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin "$owner"
  fi
  chown "$owner" "$workdir"
  as_owner=(runuser -u "$owner" --)
fi

cleanup() {
  "${as_owner[@]}" "$pgbin/pg_ctl" -D "$workdir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$workdir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
password="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
printf '%s\n' "$password" >"$workdir/pwfile"
chmod 600 "$workdir/pwfile"
[ ${#as_owner[@]} -eq 0 ] || chown "$owner" "$workdir/pwfile"

"${as_owner[@]}" "$pgbin/initdb" -D "$workdir/data" -U portal --pwfile="$workdir/pwfile" \
  --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$workdir/initdb.log" 2>&1 \
  || { cat "$workdir/initdb.log" >&2; exit 1; }
rm -f "$workdir/pwfile"
# Durability is worthless for a throwaway cluster; skipping fsync makes tests faster.
"${as_owner[@]}" "$pgbin/pg_ctl" -D "$workdir/data" -l "$workdir/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $workdir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null || { cat "$workdir/server.log" >&2; exit 1; }

echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') running on 127.0.0.1:$port (throwaway)"
export DATABASE_URL="postgres://portal:${password}@127.0.0.1:${port}/postgres"
status=0
"$@" || status=$?
exit "$status"
