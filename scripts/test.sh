#!/usr/bin/env bash
# The test command: installs what the tests need (pinned Python lab tools into .venv: real Airflow
# and the temporal CLI; Chromium for screenshots), then runs every module's tests with Maven.
# Safe to run again: installs are skipped when already in place.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

started=$(date +%s)
if [ -x scripts/python-tools.sh ]; then
  scripts/python-tools.sh
fi
# Headless Chromium renders the migration report and the Temporal UI for the screenshot tests.
if [ ! -x /usr/bin/chromium ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q chromium >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }
fi
echo "[test] tools ready in $(( $(date +%s) - started )) s" >&2

mvn -B -ntp verify "$@"

# Benchmarks print figures (they are not timed tests); CI runs their small settings.
./runbook bench-offsets --small --out target/bench/offset-translation.md
./runbook bench-scale --small --out target/bench/orchestration.md
./runbook bench-data --small --out target/bench/data-path.md
echo "[test] done in $(( $(date +%s) - started )) s" >&2
