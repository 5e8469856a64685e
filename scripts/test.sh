#!/usr/bin/env bash
# Runs every test. As root it first installs the Debian packages the lab needs (only the missing ones),
# so the lab tests run against a real cluster; without root they are skipped, loudly.
# Usage: scripts/test.sh [extra swift test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
if [ "$(id -u)" -eq 0 ]; then
  scripts/install-deps.sh
else
  echo "test: not root — lab tests will be skipped; run as root for the full suite" >&2
fi
swift build --build-tests
swift test --skip-build "$@"
