#!/usr/bin/env bash
# Generates the chaos(1) man page from the command definitions (swift-argument-parser's GenerateManual
# plugin) and, as root, installs it as /usr/local/share/man/man1/chaos.1 (`man chaos`).
# Usage: scripts/install-man.sh   (after `swift build`)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
swift package plugin generate-manual --configuration debug >/dev/null
page=.build/plugins/GenerateManual/outputs/chaos/chaos.1
test -s "$page"
if [ "$(id -u)" -eq 0 ]; then
  install -D -m 0644 "$page" /usr/local/share/man/man1/chaos.1
  echo "man page: /usr/local/share/man/man1/chaos.1 (man chaos)"
else
  echo "man page: $page (not root: not installed; read it with man -l $page)"
fi
