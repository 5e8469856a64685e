#!/usr/bin/env bash
# Installs the Debian packages chaos and its local lab need, only those missing. Idempotent; needs root.
# Usage: sudo scripts/install-deps.sh [--tests]
#   --tests  also what only the tests need: headless Chromium and Python for the game day's browser test
set -euo pipefail

packages=(
  postgresql-15 postgresql-client-15 libpq-dev   # the database, psql, libpq for the writer
  patroni etcd-server etcd-client pgpool2        # the HA stack
  prometheus-postgres-exporter prometheus        # per-node metrics; Prometheus for `chaos lab up --monitoring`
  iptables iproute2 util-linux procps curl       # namespaces, faults, setpriv, probes
  openssh-client openssh-server                  # the ssh platform; sshd in the lab for `chaos lab up --ssh`
  tmux                                           # the game day test drives `chaos gameday` in a real terminal
  libcurl4-openssl-dev libyaml-dev               # build: CCurl, Yams
)
if [ "${1:-}" = "--tests" ]; then
  packages+=(chromium python3)                   # the game day's page, read in headless Chromium (scripts/browser-probe.py)
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: needs root (apt-get install); run: sudo $0" >&2
  exit 1
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
else
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Debian's postinst scripts start services through policy-rc.d; the lab runs its own, so forbid that.
  policy=/usr/sbin/policy-rc.d
  created_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; created_policy=1
  fi
  trap '[ "$created_policy" = 1 ] && rm -f "$policy"' EXIT
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
  # Debian enables Prometheus as a host service listening on every interface; the lab runs its own on the lab
  # bridge (`chaos lab up --monitoring`), so keep the package's from starting at boot.
  if [[ " ${missing[*]} " == *" prometheus "* ]] && command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
    systemctl disable --now prometheus.service >/dev/null 2>&1 || true
  fi
fi

echo "install-deps: ok"
