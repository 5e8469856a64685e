#!/usr/bin/env bash
# From a fresh Debian 12 machine (as root): install what chaos needs, build it, bring up the local lab
# (3 etcd + 3 PostgreSQL/Patroni + PgPool-II in network namespaces) and run scenarios/primary-kill.yaml.
# Usage: scripts/quickstart.sh [scenario.yaml]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
scenario=${1:-scenarios/primary-kill.yaml}
scripts/install-deps.sh
swift build
scripts/install-man.sh
.build/debug/chaos lab up
.build/debug/chaos run "$scenario"
