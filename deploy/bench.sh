#!/usr/bin/env bash
# The benchmarks: same servers as the tests, release build, figures printed to stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/install-deps.sh
export RIG=${RIG:-/tmp/caseconsult-bench-rig}
# Ports of their own, so the benchmarks run while the tests or the demo are up.
export RIG_PORT_OFFSET=${RIG_PORT_OFFSET:-100}
deploy/rig.sh stop
trap 'deploy/rig.sh stop' EXIT
deploy/rig.sh start
# shellcheck disable=SC1091
source "$RIG/env"
cargo bench --locked --bench intake --bench replies --bench desk --bench instances --bench load --bench scale "$@"
