#!/bin/sh
# entrypoint.sh etcd|patroni|pgpool|exporter|prometheus: renders the shared infra/ templates for this container and
# execs the service (as PID 1's only child that matters: `docker kill -s` reaches it directly).
set -eu
INFRA=/etc/chaos/infra
RUN=/run/chaos
mkdir -p "$RUN"
export RUN_DIR="$RUN" LOG_DIR="$RUN" SUBNET="${SUBNET:-10.204.0.0/24}"
export SCOPE="${SCOPE:-chaos}" PG_BIN_DIR=/usr/lib/postgresql/15/bin

case "${1:-}" in
etcd)
    export DATA_DIR=/var/lib/chaos/etcd CLUSTER_TOKEN="${CLUSTER_TOKEN:-chaos-compose}"
    render.sh "$INFRA/etcd/etcd.conf.yml" "$RUN/etcd.conf.yml"
    exec etcd --config-file "$RUN/etcd.conf.yml"
    ;;
patroni)
    export DATA_DIR=/var/lib/chaos/pgdata
    export POST_INIT="$RUN/post_init.sh" CALLBACK="$RUN/on_role_change.sh" PCPPASS="$RUN/pcppass"
    export SYNCHRONOUS_MODE="${SYNCHRONOUS_MODE:-false}" FAILSAFE_MODE="${FAILSAFE_MODE:-false}"
    export TTL="${TTL:-10}" LOOP_WAIT="${LOOP_WAIT:-1}" RETRY_TIMEOUT="${RETRY_TIMEOUT:-4}"
    export MAXIMUM_LAG_ON_FAILOVER="${MAXIMUM_LAG_ON_FAILOVER:-1048576}" SYNCHRONOUS_MODE_STRICT="${SYNCHRONOUS_MODE_STRICT:-false}"
    export PCP_PORT=9898 SUPERUSER=postgres
    render.sh "$INFRA/patroni/patroni.yml" "$RUN/patroni.yml"
    render.sh "$INFRA/patroni/post_init.sh" "$RUN/post_init.sh"
    render.sh "$INFRA/patroni/on_role_change.sh" "$RUN/on_role_change.sh"
    render.sh "$INFRA/pgpool/pcppass" "$RUN/pcppass"
    chmod 0755 "$RUN/post_init.sh" "$RUN/on_role_change.sh"
    chmod 0600 "$RUN/pcppass" "$RUN/patroni.yml"
    mkdir -p /var/lib/chaos
    chown -R postgres:postgres "$RUN" /var/lib/chaos
    exec setpriv --reuid=postgres --regid=postgres --init-groups patroni "$RUN/patroni.yml"
    ;;
pgpool)
    export PORT=9999 NUM_INIT_CHILDREN="${NUM_INIT_CHILDREN:-32}" SUPERUSER=postgres
    export PCP_PORT=9898 SEARCH_PRIMARY_NODE_TIMEOUT="${SEARCH_PRIMARY_NODE_TIMEOUT:-30}"
    export HEALTH_CHECK_PERIOD="${HEALTH_CHECK_PERIOD:-1}" HEALTH_CHECK_TIMEOUT="${HEALTH_CHECK_TIMEOUT:-1}"
    export HEALTH_CHECK_MAX_RETRIES="${HEALTH_CHECK_MAX_RETRIES:-3}" HEALTH_CHECK_RETRY_DELAY="${HEALTH_CHECK_RETRY_DELAY:-1}"
    export CHECK_USER=postgres CHECK_PASSWORD="$SUPERUSER_PASSWORD"
    export PCP_PASSWORD_MD5="$(printf '%s' "$PCP_PASSWORD" | md5sum | cut -d' ' -f1)"
    backends=""
    id=0
    for member in $PGPOOL_BACKENDS; do            # name=address …, in node id order
        ID=$id NAME="${member%%=*}" ADDRESS="${member#*=}" DATA_DIR=/var/lib/chaos/pgdata \
            render.sh "$INFRA/pgpool/backend.conf" "$RUN/backend$id.conf"
        backends="$backends$(cat "$RUN/backend$id.conf")
"
        id=$((id + 1))
    done
    export BACKENDS="$backends" FAILOVER_SCRIPT="$RUN/failover.sh" PCPPASS="$RUN/pcppass"
    for file in pgpool.conf pcp.conf pool_hba.conf pool_passwd pcppass failover.sh; do
        render.sh "$INFRA/pgpool/$file" "$RUN/$file"
    done
    chmod 0600 "$RUN/pool_passwd" "$RUN/pcppass"
    chmod 0755 "$RUN/failover.sh"
    chown -R postgres:postgres "$RUN"
    exec setpriv --reuid=postgres --regid=postgres --init-groups \
        pgpool -n -D -f "$RUN/pgpool.conf" -F "$RUN/pcp.conf" -a "$RUN/pool_hba.conf"
    ;;
exporter)
    export DATA_SOURCE_NAME="postgresql://postgres:${SUPERUSER_PASSWORD}@${TARGET_ADDRESS}:5432/postgres?sslmode=disable"
    exec setpriv --reuid=nobody --regid=nogroup --clear-groups prometheus-postgres-exporter --web.listen-address=:9187
    ;;
prometheus)
    mkdir -p /var/lib/chaos/prometheus
    chown -R nobody:nogroup /var/lib/chaos/prometheus
    exec setpriv --reuid=nobody --regid=nogroup --clear-groups prometheus \
        --config.file="$INFRA/docker/prometheus.yml" --storage.tsdb.path=/var/lib/chaos/prometheus \
        --web.listen-address=:9090
    ;;
*)
    echo "entrypoint: unknown service '${1:-}' (etcd, patroni, pgpool, exporter, prometheus)" >&2
    exit 2
    ;;
esac
