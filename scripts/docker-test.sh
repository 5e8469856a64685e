#!/usr/bin/env bash
# The Docker tests (issue: Compose stack + Docker platform), as root: installs Debian's docker.io,
# docker-compose and debootstrap, validates docker-compose.yaml, starts a dockerd of our own (by PID, with its
# own data root), builds the base image from a debootstrap rootfs and the chaos image from it, runs the
# DockerTests target (Compose stack up, primary-kill and primary-isolate through the Docker platform), and
# removes everything dockerd leaves behind: its iptables chains and rules, docker0, ip_forward, FORWARD policy.
# When no Docker engine can start here, it says so loudly and exits 0 (the tests are skipped, not faked) —
# except under CI=true, where that is a failure (exit 1). Builds what it runs (`swift build --build-tests`).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
[ "$(id -u)" -eq 0 ] || { echo "docker-test: needs root" >&2; exit 1; }

missing=()
for package in docker.io docker-compose debootstrap; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "docker-test: installing ${missing[*]}"
  policy=/usr/sbin/policy-rc.d
  created_policy=0
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; created_policy=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  [ "$created_policy" = 1 ] && rm -f "$policy"
fi

# Settings for the stack: the repository's .env, or a throwaway one with random passwords.
env_file=.env
if [ ! -f "$env_file" ]; then
  env_file=$(mktemp /tmp/chaos-docker-env.XXXXXX)
  random() { head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9'; }
  while IFS= read -r line; do
    case "$line" in *PASSWORD=*) echo "${line%%=*}=$(random)" ;; *) echo "$line" ;; esac
  done < .env.example > "$env_file"
fi
case "$env_file" in /*) export CHAOS_DOCKER_ENV="$env_file" ;; *) export CHAOS_DOCKER_ENV="$PWD/$env_file" ;; esac
export COMPOSE_PROJECT_NAME=chaos
compose=(docker-compose --env-file "$CHAOS_DOCKER_ENV" -f docker-compose.yaml)
echo "docker-test: docker-compose config"
"${compose[@]}" config -q

forward_before=$(cat /proc/sys/net/ipv4/ip_forward)
# Bridges and docker0 that exist before we start belong to someone else: cleanup leaves them alone.
bridges_before=" $(ip -o link show type bridge | awk -F': ' '{print $2}' | tr '\n' ' ')"
policy_before=$(iptables -S FORWARD | sed -n 's/^-P FORWARD //p')
data_root=/var/lib/chaos-dockerd
dockerd_pid=""
# Tears the stack down and stops the dockerd with this PID (ours): TERM, up to 30 s, then KILL.
stop_dockerd() {
  "${compose[@]}" --profile monitoring down -v --remove-orphans >/dev/null 2>&1
  kill -TERM "$1" 2>/dev/null
  for _ in $(seq 1 30); do kill -0 "$1" 2>/dev/null || break; sleep 1; done
  kill -KILL "$1" 2>/dev/null
}
cleanup() {
  set +e
  [ -n "$dockerd_pid" ] && stop_dockerd "$dockerd_pid"
  # What dockerd leaves: its chains (and the jumps to them), docker0, ip_forward=1, FORWARD policy DROP.
  for table in filter nat; do
    iptables -t "$table" -S 2>/dev/null | grep -E '^-A .*(DOCKER|docker0|br-[0-9a-f]{12})' | sed 's/^-A/-D/' | while read -r rule; do
      eval iptables -t "$table" "$rule" 2>/dev/null
    done
    for chain in DOCKER DOCKER-ISOLATION-STAGE-1 DOCKER-ISOLATION-STAGE-2 DOCKER-USER; do
      iptables -t "$table" -F "$chain" 2>/dev/null && iptables -t "$table" -X "$chain" 2>/dev/null
    done
  done
  case "$bridges_before" in *" docker0 "*) ;; *) ip link show docker0 >/dev/null 2>&1 && ip link delete docker0 ;; esac
  for bridge in $(ip -o link show type bridge | awk -F': ' '{print $2}' | grep '^br-'); do
    case "$bridges_before" in *" $bridge "*) ;; *) ip link delete "$bridge" ;; esac
  done
  echo "$forward_before" > /proc/sys/net/ipv4/ip_forward
  [ -n "$policy_before" ] && iptables -P FORWARD "$policy_before"
  [ -n "${env_file:-}" ] && [ "$env_file" != .env ] && rm -f "$env_file"
  rm -rf /var/lib/chaos-docker   # the torn-down stack's inventory, credentials copy and journal
}
trap cleanup EXIT

# A dockerd an earlier, killed run of this script started (our pidfile, and it is dockerd): stop it first.
if [ -f /run/chaos-dockerd.pid ]; then
  stale=$(cat /run/chaos-dockerd.pid)
  if [ -n "$stale" ] && [ "$(cat "/proc/$stale/comm" 2>/dev/null)" = dockerd ]; then
    echo "docker-test: stopping the dockerd an earlier run left (PID $stale)"
    dockerd_pid=$stale
    stop_dockerd "$stale" || true
    dockerd_pid=""
  fi
  rm -f /run/chaos-dockerd.pid
fi
echo "docker-test: starting dockerd (data root $data_root)"
mkdir -p "$data_root"
dockerd --data-root "$data_root" --pidfile /run/chaos-dockerd.pid >/tmp/chaos-dockerd.log 2>&1 &
dockerd_pid=$!
for _ in $(seq 1 30); do docker info >/dev/null 2>&1 && break; kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 1; done
if ! docker info >/dev/null 2>&1; then
  tail -5 /tmp/chaos-dockerd.log >&2
  if [ "${CI:-}" = true ]; then
    echo "docker-test: FAILED — no Docker engine could start on this CI machine, so the Docker tests could not run." >&2
    exit 1
  fi
  echo "docker-test: SKIPPED — no Docker engine could start on this machine; the Docker tests did not run." >&2
  exit 0
fi

scripts/docker-base-image.sh chaos-base:bookworm
echo "docker-test: building the chaos image from chaos-base:bookworm"
BASE_IMAGE=chaos-base:bookworm "${compose[@]}" build -q
echo "docker-test: building the tests"
swift build --build-tests
CHAOS_DOCKER_TESTS=1 CHAOS_PLATFORM=docker swift test --skip-build --filter DockerTests
