#!/bin/sh
# PgPool-II failover_command: "$1" the detached node's id, "$2" its address, "$3" the id of the primary before.
# Patroni decides failovers; PgPool-II only follows (its health check drops a backend after ~6 s without an
# answer). A standby comes back by auto_failback once it streams. A *primary* has no such path: when
# PgPool-II drops the member Patroni still holds as leader (a pause or a network cut shorter than the TTL,
# so no failover and no Patroni callback), this attaches it again once Patroni's
# /primary answers 200 on it and it accepts connections. When Patroni says it is no longer the primary (a
# failover), it leaves it: the new leader's callback makes PgPool-II follow. Runs detached, gives up after 120 s.
NODE_ID="$1"
HOST="$2"
OLD_PRIMARY="$3"
[ "$NODE_ID" = "$OLD_PRIMARY" ] || exit 0
export PCPPASSFILE='{{pcppass}}'
PCP="-h {{pgpool_address}} -p {{pcp_port}} -U {{pcp_user}} -w"
(
  i=0
  while [ $i -lt 120 ]; do
    i=$((i + 1))
    sleep 1
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://$HOST:8008/primary")
    case "$code" in
      200)
        '{{pg_bin_dir}}/pg_isready' -q -h "$HOST" -p 5432 || continue
        status=$(/usr/sbin/pcp_node_info $PCP -n "$NODE_ID" 2>/dev/null | cut -d' ' -f3)
        case "$status" in
          3) /usr/sbin/pcp_attach_node $PCP -n "$NODE_ID" >/dev/null 2>&1 && exit 0 ;;
          1|2) exit 0 ;;
        esac ;;
      000|"") ;;                               # no answer (frozen, cut off): keep waiting
      *) exit 0 ;;                             # Patroni answers: not the primary any more
    esac
  done
) </dev/null >/dev/null 2>&1 &
exit 0
