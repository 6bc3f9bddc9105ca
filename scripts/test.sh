#!/usr/bin/env bash
# The README's test command. On a fresh Debian/Ubuntu machine with only the .NET SDK it first installs what the tests
# need and the machine lacks (Debian packages: chromium for the browser journeys, postgresql for the PostgreSQL tests,
# fonts-noto-cjk so Chinese pages render in screenshots, poppler-utils to read the printed reports), then restores the
# local dotnet tools and runs every test. Safe to run again; it installs nothing that is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need+=(postgresql)
[ -d /usr/share/fonts/opentype/noto ] || need+=(fonts-noto-cjk)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "These tests need: ${need[*]} (Debian/Ubuntu package names). Install them, then run this again." >&2
    exit 1
  fi
  echo "== installing: ${need[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
# No database service is started here: the PostgreSQL tests start their own throw-away server from the packaged
# binaries on a free loopback port (tests/Portal.IntegrationTests/Infrastructure/PostgresServer.cs).

echo "== dotnet tools"
dotnet tool restore

echo "== tests"
dotnet test "$@"
