#!/usr/bin/env bash
# Measures the local lab: time from `chaos lab up` (lab down) to healthy, and the lab's memory (PSS, summed
# over every process in the lab's namespaces, 10 s after healthy). Repeats N times (default 5), prints
# each run and the medians. Needs root. Leaves the lab down.
# Usage: sudo scripts/bench-lab.sh [RUNS] [path/to/chaos]
set -euo pipefail
runs=${1:-5}
chaos=${2:-.build/debug/chaos}
settle=${SETTLE_SECONDS:-10}

pss_kib() {
  local total=0 pid kib
  for ns in $(ip netns list | awk '$1 ~ /^chaos-/ {print $1}'); do
    for pid in $(ip netns pids "$ns"); do
      kib=$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || true)
      total=$((total + ${kib:-0}))
    done
  done
  echo "$total"
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

"$chaos" lab down >/dev/null 2>&1
times=(); pss=()
for i in $(seq "$runs"); do
  start=$(date +%s.%N)
  "$chaos" lab up >/dev/null 2>&1
  end=$(date +%s.%N)
  t=$(echo "$end - $start" | bc)
  sleep "$settle"
  p=$(pss_kib)
  printf 'run %d: up→healthy %.2f s, PSS %d MiB\n' "$i" "$t" $((p / 1024))
  times+=("$t"); pss+=("$p")
  "$chaos" lab down >/dev/null 2>&1
done
mt=$(printf '%s\n' "${times[@]}" | median)
mp=$(printf '%s\n' "${pss[@]}" | median)
printf 'median of %d: up→healthy %.2f s, PSS %.0f MiB (cores: %s, %s)\n' "$runs" "$mt" "$(echo "$mp / 1024" | bc -l)" "$(nproc)" "$(uname -r)"
