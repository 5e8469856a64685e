#!/usr/bin/env bash
# Runs every test. As root it first installs the Debian packages the lab needs (only the missing ones),
# so the lab tests run against a real cluster; then it runs the whole scenario library (`chaos run --all`)
# on the lab, which fails if any hypothesis fails. Without root the lab parts are skipped, loudly.
# Usage: scripts/test.sh [extra swift test arguments]   (with arguments: only `swift test` with them)
#        CHAOS_SKIP_SUITE=1 scripts/test.sh             (skip the scenario library)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
root=0
if [ "$(id -u)" -eq 0 ]; then
  root=1
  scripts/install-deps.sh --tests
else
  echo "test: not root — lab tests and the scenario library will be skipped; run as root for the full suite" >&2
fi
swift build --build-tests
scripts/install-man.sh
if [ $# -gt 0 ]; then
  swift test --skip-build "$@"
else
  # Two passes: the lab tests load both cores (a bench cell runs dozens of pgbench clients), and the measurement
  # tests beside them time a PostgreSQL restart on this machine; run together, a restart took 33 s in CI.
  swift test --skip-build --skip LabSuite
  swift test --skip-build --filter LabSuite
fi

if [ $# -gt 0 ] || [ "$root" = 0 ] || [ "${CHAOS_SKIP_SUITE:-0}" = 1 ]; then
  exit 0
fi
echo "test: the scenario library on the tests' own lab (chaos run --all)"
# The tests' own lab (as in the lab tests): a user's lab in /var/lib/chaos-lab on chaosbr0 is left alone.
export CHAOS_LAB_DIR=/var/lib/chaos-lab-test CHAOS_LAB_NETWORK=test CHAOS_PLATFORM=local
trap '.build/debug/chaos lab down >/dev/null 2>&1 || true' EXIT
.build/debug/chaos lab up
# A run that fails runs once more (--retries 1): on a shared 2-core machine a real cluster's timing now and then
# crosses a bound. Both attempts are kept; the suite lists a pass on the retry as flaky. A second failure fails.
runs="${CHAOS_RUNS_DIR:-runs}"
mkdir -p "$runs"
marker=$(mktemp)
status=0
.build/debug/chaos run --all --retries 1 --runs-directory "$runs" || status=$?
# What each run that did not pass measured, last, where a CI log's tail shows it.
find "$runs" -mindepth 1 -maxdepth 1 -type d -newer "$marker" ! -name '*_suite' | sort | while read -r dir; do
  [ -f "$dir/summary.md" ] || continue
  head -1 "$dir/summary.md" | grep -q -- '— PASSED$' && continue
  echo "=== $(basename "$dir"): $(head -1 "$dir/summary.md" | sed 's/^# //')"
  sed -n '/^## Hypotheses/,/^## Data loss/p' "$dir/summary.md" | grep -v '^## Data loss' || true
  sed -n '/^## Steps/,/^## /p' "$dir/summary.md" | head -20 || true
done || true
rm -f "$marker"
exit "$status"
