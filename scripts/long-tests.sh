#!/usr/bin/env bash
# The long suites the test command keeps short: the plan fuzzers at 1,000 mutations of each example
# plan (CI runs 200), the benchmarks at their full settings (CI runs --small) and the Schema Registry
# benchmark (10,000 versions; not in CI). Prints each suite's
# figures; the benchmark tables land under target/bench/.
#
#   scripts/long-tests.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

started=$(date +%s)
mvn -B -ntp verify -pl workflows,starter -am -DskipITs -Drunbook.fuzz.perPlan=1000 \
  -Dtest='WorkflowInputFuzzTest,StartDryRunFuzzTest' -Dsurefire.failIfNoSpecifiedTests=false
cat workflows/target/surefire-reports/*FuzzTest-output.txt starter/target/surefire-reports/*FuzzTest-output.txt 2>/dev/null \
  | grep " mutations, " || true
echo "[long-tests] fuzzers done in $(( $(date +%s) - started )) s" >&2

./runbook bench-offsets --out target/bench/offset-translation-full.md
./runbook bench-scale --out target/bench/orchestration-full.md
./runbook bench-data --out target/bench/data-path-full.md
./runbook bench-schemas --out target/bench/schema-registry-full.md
echo "[long-tests] done in $(( $(date +%s) - started )) s" >&2
