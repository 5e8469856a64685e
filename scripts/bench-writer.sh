#!/usr/bin/env bash
# Writer throughput vs pgbench: the chaos writer's sustained acknowledged writes/s on one connection against
# `pgbench -c1 -n -f insert.sql` running the same INSERT on the same server, alternating, median of N rounds.
#
# Usage: scripts/bench-writer.sh [LIBPQ-DSN]
#        LAB=/var/lib/chaos-lab/inventory.json scripts/bench-writer.sh   # the local lab's direct path
#   Without a DSN or LAB a throwaway PostgreSQL 15 is started on loopback (as user postgres when run as root).
#   With LAB both clients use the lab's multi-host direct path (pgbench through libpq's PGHOST list and
#   PGTARGETSESSIONATTRS=read-write, the password in PGPASSWORD), and the lab test lock is held.
#   ROUNDS (default 5) and BENCH_SECONDS (default 10) tune the run; PGBIN points at the server binaries.
set -euo pipefail

ROUNDS=${ROUNDS:-5}
BENCH_SECONDS=${BENCH_SECONDS:-10}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
HERE=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/chaos-bench.XXXXXX)
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
    PORT=${BENCH_PORT:-55499}
    [ "$(id -u)" = 0 ] && chown postgres "$WORK"
    as_postgres "$PGBIN/initdb" -D "$WORK/data" -A trust -U postgres >/dev/null
    as_postgres "$PGBIN/pg_ctl" -D "$WORK/data" -l "$WORK/log" -w \
        -o "-p $PORT -k $WORK -c listen_addresses=127.0.0.1" start >/dev/null
    OWN_SERVER=1
    DSN="host=127.0.0.1 port=$PORT user=postgres dbname=postgres"
fi

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

# The writer's exact statement (WriteTable.insertStatement), with a random seq for pgbench.
cat >"$WORK/insert.sql" <<'SQL'
\set seq random(1, 1000000000)
INSERT INTO chaos_writes (run_id, path, seq, client_start_ns) VALUES ('pgbench', 'direct', :seq, 0) RETURNING host(inet_server_addr()) || ':' || inet_server_port(), pg_current_wal_lsn()::text, substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8);
SQL

"$BENCH" writer "${TARGET[@]}" --seconds 1 >/dev/null   # creates the table, warms the server

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

: >"$WORK/pgbench" ; : >"$WORK/chaos"
for round in $(seq 1 "$ROUNDS"); do
    run_pgbench() {
        "${CLIENT[@]}" "$PGBIN/pgbench" -c1 -n -f "$WORK/insert.sql" -T "$BENCH_SECONDS" ${DSN:+"$DSN"} 2>/dev/null |
            awk '/^tps =/ { print $3 }' | tee -a "$WORK/pgbench"
    }
    run_chaos() {
        "$BENCH" writer "${TARGET[@]}" --seconds "$BENCH_SECONDS" | tee "$WORK/last" |
            awk -F= '/^acked_per_second=/ { print $2 }' | tee -a "$WORK/chaos"
    }
    if [ $((round % 2)) = 1 ]; then p=$(run_pgbench); c=$(run_chaos); else c=$(run_chaos); p=$(run_pgbench); fi
    echo "round $round: pgbench ${p} tps, chaos writer ${c} acked/s ($(grep latency "$WORK/last"))"
done

P=$(median <"$WORK/pgbench")
C=$(median <"$WORK/chaos")
echo "median of $ROUNDS x ${BENCH_SECONDS}s: pgbench ${P} tps, chaos writer ${C} acked/s, ratio $(awk -v c="$C" -v p="$P" 'BEGIN { printf "%.3f", c / p }')x"
echo "server: $("${CLIENT[@]}" "$PGBIN/psql" ${DSN:+"$DSN"} -Atc 'select version()' 2>/dev/null || echo unknown)"
