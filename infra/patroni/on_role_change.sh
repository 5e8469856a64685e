#!/bin/sh
# Patroni callback (on_start, on_role_change): make PgPool-II (re)attach this member.
# PgPool-II does not re-attach by itself a node it dropped that later comes back as the primary
# (auto_failback only covers streaming replicas), so every member asks for itself.
# Arguments from Patroni: $1 action, $2 role, $3 scope. Runs detached and gives up after ~60 s.
NODE_ID={{pgpool_node_id}}
export PCPPASSFILE='{{pcppass}}'
PCP="-h {{pgpool_address}} -p {{pcp_port}} -U {{pcp_user}} -w"
(
  i=0
  while [ $i -lt 60 ]; do
    i=$((i + 1))
    status=$(/usr/sbin/pcp_node_info $PCP -n $NODE_ID 2>/dev/null | cut -d' ' -f3)
    case "$status" in
      1|2) exit 0 ;;   # waiting / up: nothing to do
      3) if '{{pg_bin_dir}}/pg_isready' -q -h '{{address}}' -p 5432; then
           /usr/sbin/pcp_attach_node $PCP -n $NODE_ID >/dev/null 2>&1 && exit 0
         fi ;;
    esac
    sleep 1
  done
) </dev/null >/dev/null 2>&1 &
exit 0
