#!/bin/sh
# Patroni callback (on_start, on_role_change): make PgPool-II follow this member's new role.
# PgPool-II runs with failover_on_backend_shutdown/error off and follows Patroni, but two cases it does not
# catch by itself:
#   - a primary it dropped that comes back (auto_failback covers a streaming replica, not a primary):
#     pcp_attach_node. A replica is left to auto_failback, which waits until it streams: a demoted old
#     primary accepts connections for a moment and is then restarted by Patroni (pg_rewind), and attaching it
#     in that moment left PgPool-II 4.3.5 refusing every new client ("kind does not match between main(0)
#     slot[0]") after a child crashed on the vanished backend;
#   - a primary change without a failover it saw (a switchover: it still has the old primary up as
#     primary): pcp_promote_node, which only moves PgPool-II's notion of the primary (the other backends
#     are detached and auto_failback re-attaches them once they stream). When PgPool-II has no live primary
#     it is already searching (find_primary_node) and finds this node within a second: promoting then would
#     only detach the healthy replicas needlessly, so it is left alone unless the search has not ended
#     after ~15 s.
#   - a replica PostgreSQL that (re)starts while PgPool-II has it up (on_start): pcp_detach_node once it
#     accepts connections, so PgPool-II recomputes its main node (see below); auto_failback re-attaches it.
# Arguments from Patroni: $1 action, $2 role, $3 scope. Runs detached and gives up after ~60 s.
NODE_ID={{pgpool_node_id}}
ACTION="$1"
ROLE="$2"
export PCPPASSFILE='{{pcppass}}'
PCP="-h {{pgpool_address}} -p {{pcp_port}} -U {{pcp_user}} -w"
(
  i=0
  pgpool_started_after=no
  while [ $i -lt 60 ]; do
    i=$((i + 1))
    # One line per backend, in node id order: host port status weight status_name pg_status role pg_role …
    all=$(/usr/sbin/pcp_node_info $PCP -a 2>/dev/null)
    mine=$(echo "$all" | sed -n "$((NODE_ID + 1))p")
    status=$(echo "$mine" | cut -d' ' -f3)
    pool_role=$(echo "$mine" | cut -d' ' -f7)
    # Another backend PgPool-II has up (status 1 or 2) and calls primary?
    other_primary=$(echo "$all" | awk -v me=$((NODE_ID + 1)) 'NR != me && ($3 == 1 || $3 == 2) && $7 == "primary" {print "yes"}')
    ready=no
    '{{pg_bin_dir}}/pg_isready' -q -h '{{address}}' -p 5432 && ready=yes
    case "$ROLE:$status" in
      *:) pgpool_started_after=yes ;;          # PgPool-II not reachable yet: retry
      master:3|primary:3) [ $ready = yes ] && /usr/sbin/pcp_attach_node $PCP -n $NODE_ID >/dev/null 2>&1 ;;
      master:*|primary:*)
        [ "$pool_role" = primary ] && exit 0
        if [ $ready = yes ] && { [ -n "$other_primary" ] || [ $i -ge 15 ]; }; then
          /usr/sbin/pcp_promote_node $PCP -n $NODE_ID >/dev/null 2>&1
        fi ;;
      replica:1|replica:2|standby:1|standby:2)
        # PostgreSQL (re)started as a replica while PgPool-II still has it up: while it was down, a PgPool-II
        # 4.3 child that could not reach it may have rewritten the shared main node id without a failover
        # (new_connection() with failover_on_backend_error = off), leaving every new client refused with
        # "kind does not match between main(0) slot[0]". A detach once it accepts connections is a real
        # failover, which recomputes the main node; auto_failback attaches it again once it streams.
        # A PgPool-II that started after this PostgreSQL (the lab coming up) never saw it down: nothing to fix.
        [ "$ACTION" = on_start ] && [ $pgpool_started_after = no ] || exit 0
        if [ $ready = yes ]; then
          /usr/sbin/pcp_detach_node $PCP -n $NODE_ID >/dev/null 2>&1
          exit 0
        fi ;;
      *) exit 0 ;;                             # a replica PgPool-II has down: auto_failback brings it back
    esac
    sleep 1
  done
) </dev/null >/dev/null 2>&1 &
exit 0
