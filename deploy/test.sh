#!/usr/bin/env bash
# The test command: installs what is missing, starts throwaway PostgreSQL, Dovecot and Postfix on
# loopback, runs every test against them, and stops them again.
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/install-deps.sh
(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
export RIG=${RIG:-/tmp/caseconsult-test-rig}
deploy/rig.sh stop            # a rig left over from an interrupted run
trap 'deploy/rig.sh stop' EXIT
deploy/rig.sh start
# shellcheck disable=SC1091
source "$RIG/env"
cargo test --locked "$@"
