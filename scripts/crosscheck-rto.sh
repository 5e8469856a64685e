#!/usr/bin/env bash
# Independent cross-check of the writer's RTO: while ChaosBench's writer runs at 100 writes/s, a separate
# client (a bash loop of one-shot `psql` INSERTs, its own clock and connection handling) writes to the same
# server. A fault is injected; both report fault → first ack after the last failure, and the longest ack gap.
#
# Usage: scripts/crosscheck-rto.sh                      # throwaway loopback PostgreSQL; fault = crash + restart
#        FAULT='cmd' HEAL='cmd' scripts/crosscheck-rto.sh DSN   # your server, your fault
#        LAB=/var/lib/chaos-lab/inventory.json FAULT='chaos fault inject kill --target primary' \
#            HEAL='chaos recover' RUN=40 OUTAGE=20 scripts/crosscheck-rto.sh   # the lab's direct path
#   With LAB, both clients use the lab's multi-host direct path (psql through libpq's PGHOST list and
#   PGTARGETSESSIONATTRS=read-write) and the lab test lock is held.
# OUTAGE (default 3 s) separates FAULT and HEAL; RUN (default 15 s) is the whole run, fault at 5 s.
# REFERENCE=1: the independent client is a second ChaosBench process writing every 10 ms the naive way (libpq's
#   multi-host DSN, a new connection after every failure, no CPU budget) instead of the psql loop (~40 ms apart).
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
OUTAGE=${OUTAGE:-3}
RUN=${RUN:-15}
HERE=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/chaos-crosscheck.XXXXXX)
DSN=${1:-}
OWN_SERVER=0
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
    if [ "$OWN_SERVER" = 1 ]; then as_postgres "$PGBIN/pg_ctl" -D "$WORK/data" -m fast -w stop >/dev/null 2>&1 || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

LAB=${LAB:-}
if [ -z "$DSN" ] && [ -z "$LAB" ]; then
    PORT=${CROSSCHECK_PORT:-55498}
    [ "$(id -u)" = 0 ] && chown postgres "$WORK"
    as_postgres "$PGBIN/initdb" -D "$WORK/data" -A trust -U postgres >/dev/null
    START="$PGBIN/pg_ctl -D $WORK/data -l $WORK/log -w -o '-p $PORT -k $WORK -c listen_addresses=127.0.0.1' start"
    as_postgres bash -c "$START" >/dev/null
    OWN_SERVER=1
    DSN="host=127.0.0.1 port=$PORT user=postgres dbname=postgres connect_timeout=2"
    FAULT=${FAULT:-"runuser -u postgres -- $PGBIN/pg_ctl -D $WORK/data -m immediate -w stop"}
    HEAL=${HEAL:-"runuser -u postgres -- bash -c \"$START\""}
fi
: "${FAULT:?set FAULT}" "${HEAL:?set HEAL}"

cd "$HERE"
flock /tmp/chaos-swift-build.lock swift build -c release --product ChaosBench >"$WORK/build.log" 2>&1 ||
    { tail -20 "$WORK/build.log"; exit 1; }
BENCH="$(swift build -c release --show-bin-path)/ChaosBench"
if [ -n "$LAB" ]; then
    exec 9>/tmp/chaos-lab-tests.lock
    flock -w 900 9 || { echo "lab busy (lock held)"; exit 1; }
    TARGET=(--lab "$LAB")
    CLIENT=("$BENCH" labenv --lab "$LAB" --)
else
    TARGET=(--dsn "$DSN")
    CLIENT=()
fi
"${CLIENT[@]}" "$PGBIN/psql" -X -q ${DSN:+"$DSN"} -c "CREATE TABLE IF NOT EXISTS chaos_crosscheck (at_ns bigint)" >/dev/null

# The independent client: one psql process per attempt; start/end wall ns and exit status per line.
independent() {
    local end=$(( $(date +%s%N) + RUN * 1000000000 ))
    while [ "$(date +%s%N)" -lt "$end" ]; do
        local t0=$(date +%s%N) rc=0
        PGCONNECT_TIMEOUT=2 timeout 3 "${CLIENT[@]}" "$PGBIN/psql" -X -q ${DSN:+"$DSN"} -c "INSERT INTO chaos_crosscheck VALUES ($t0)" \
            >/dev/null 2>&1 || rc=$?
        echo "$t0 $(date +%s%N) $rc"
        sleep 0.02
    done
}

"$BENCH" writer "${TARGET[@]}" --rate 100 --seconds "$RUN" --fault-file "$WORK/fault" >"$WORK/bench" &
BENCH_PID=$!
if [ "${REFERENCE:-0}" = 1 ]; then
    # The reference: a second process, libpq's multi-host DSN reconnecting at every 10 ms tick with no CPU budget.
    "$BENCH" writer "${TARGET[@]}" --rate 100 --seconds "$RUN" --fault-file "$WORK/fault" --reference 1 >"$WORK/reference" &
else
    independent >"$WORK/independent" &
fi
CLIENT_PID=$!
sleep 5
date +%s%N >"$WORK/fault"
bash -c "$FAULT" >"$WORK/fault.log" 2>&1 || echo "fault command failed: $(cat "$WORK/fault.log")"
sleep "$OUTAGE"
bash -c "$HEAL" >"$WORK/heal.log" 2>&1 || echo "heal command failed: $(cat "$WORK/heal.log")"
wait "$CLIENT_PID"
wait "$BENCH_PID"

FAULT_NS=$(cat "$WORK/fault")
if [ "${REFERENCE:-0}" = 1 ]; then
    echo "reference client:   $(grep -E '^rto_s=' "$WORK/reference")   $(grep -E '^process_cpu_s=' "$WORK/reference")"
    echo "chaos writer:       $(grep -E '^rto_s=' "$WORK/bench")   $(grep -E '^process_cpu_s=' "$WORK/bench")"
    exit 0
fi
awk -v fault="$FAULT_NS" '
    { start[NR] = $1; stop[NR] = $2; rc[NR] = $3 }
    END {
        last_fail = 0; for (i = 1; i <= NR; i++) if (rc[i] != 0 && stop[i] >= fault) last_fail = i
        rto = "0"; if (last_fail) { rto = "never"; for (i = last_fail + 1; i <= NR; i++) if (rc[i] == 0) { rto = sprintf("%.3f", (stop[i] - fault) / 1e9); break } }
        prev = 0; gap = 0; for (i = 1; i <= NR; i++) if (rc[i] == 0) { if (prev && stop[i] - prev > gap) gap = stop[i] - prev; prev = stop[i] }
        printf "independent client: attempts=%d rto_s=%s max_gap_s=%.3f\n", NR, rto, gap / 1e9
    }' "$WORK/independent"
echo "chaos writer:       $(grep -E '^rto_s=' "$WORK/bench")"
