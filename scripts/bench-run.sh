#!/usr/bin/env bash
# Measures the runner during real runs: CPU of the chaos process itself (user+sys from /proc/PID/stat, read
# just before it exits) and of the commands it spawned (curl, psql, ip, iptables: cutime+cstime), as a share of
# one core over the run's wall time; and the wall time of the whole scenario library (`chaos run --all`).
# Needs root and the lab up. Usage: sudo scripts/bench-run.sh [SCENARIO…]   (default: primary-kill, then --all)
set -euo pipefail
cd "$(dirname "$0")/.."
chaos=${CHAOS:-.build/debug/chaos}
ticks=$(getconf CLK_TCK)
runs=$(mktemp -d /tmp/chaos-bench-runs.XXXXXX)
trap 'rm -rf "$runs"' EXIT

measure() {   # measure LABEL ARGS… → one line: wall s, self CPU s and % of a core, children CPU s and %
  local label=$1; shift
  local start end pid stat self=0 children=0
  start=$(date +%s.%N)
  # CHAOS_RUN_ARGS: more options for every run, e.g. "--cluster cluster.yaml --confirm NAME" (the ssh platform).
  # shellcheck disable=SC2086
  "$chaos" run "$@" ${CHAOS_RUN_ARGS:-} --runs-directory "$runs" >/dev/null 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    stat=$(cut -d' ' -f14-17 "/proc/$pid/stat" 2>/dev/null) || break
    [ "$(awk '{print NF}' <<<"$stat")" = 4 ] || break
    self=$(awk -v t="$ticks" '{printf "%.2f", ($1 + $2) / t}' <<<"$stat")
    children=$(awk -v t="$ticks" '{printf "%.2f", ($3 + $4) / t}' <<<"$stat")
    sleep 0.2
  done
  wait "$pid" || true
  end=$(date +%s.%N)
  awk -v l="$label" -v s="$start" -v e="$end" -v a="$self" -v c="$children" 'BEGIN {
    w = e - s; printf "%-28s wall %7.1f s  runner %6.1f s CPU (%4.1f %% of a core)  spawned commands %6.1f s (%4.1f %%)\n", l, w, a, 100 * a / w, c, 100 * c / w }'
}

if [ $# -gt 0 ]; then
  for scenario in "$@"; do measure "$(basename "$scenario" .yaml)" "$scenario"; done
else
  measure primary-kill scenarios/primary-kill.yaml
  measure "run --all (14 scenarios)" --all
fi
