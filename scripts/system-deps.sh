#!/usr/bin/env bash
# Installs the Debian packages the portal needs, when they are missing.
#   scripts/system-deps.sh run    what `make run` needs
#   scripts/system-deps.sh test   what `make test` needs in addition
# As root it installs them with apt-get; as another user it names them and
# stops, so that you can install them (see README, "System packages").
set -euo pipefail

RUN_PACKAGES=(
  gettext                 # msgfmt, for compilemessages
  libpango-1.0-0          # WeasyPrint's text layout
  libpangoft2-1.0-0
  libharfbuzz-subset0     # without it WeasyPrint renders about 3.7 times slower
  fonts-dejavu-core       # fallback fonts for PDFs
)
TEST_PACKAGES=(
  postgresql              # the throwaway test cluster (PostgreSQL 15 on Debian 12)
  chromium                # browser tests through Playwright
  clamav-daemon           # clamd for the virus-scan tests (tests/portal/test_virus_scan.py)
  redis-server            # the Redis broker test (tests/appointments/test_redis_broker.py), bench/broker.py
)

case "${1:-run}" in
  run) wanted=("${RUN_PACKAGES[@]}") ;;
  test) wanted=("${RUN_PACKAGES[@]}" "${TEST_PACKAGES[@]}") ;;
  *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac

missing=()
for package in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
