#!/usr/bin/env bash
# fuzz-store.sh [SECONDS] -- drives generated hostile mail (tests/store_fuzz.rs: huge and odd
#   headers, huge bodies, thousands of addresses, unknown charsets, deep MIME) through parse,
#   classification and the case store for SECONDS (default 600), and prints messages, bytes,
#   messages/s and findings. With a rig's env sourced (DATABASE_URL set) it uses that PostgreSQL;
#   otherwise it starts its own rig 300 ports above the tests'. Each kind of failure's smallest
#   message is saved in tests/fixtures/store-fuzz/, which the same test file replays in every
#   test run. Not part of the test command.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-600}
if [ -z "${DATABASE_URL:-}" ]; then
  deploy/install-deps.sh
  export RIG=${RIG:-/tmp/caseconsult-fuzz-store-rig}
  export RIG_PORT_OFFSET=${RIG_PORT_OFFSET:-300}
  deploy/rig.sh stop
  trap 'deploy/rig.sh stop' EXIT
  deploy/rig.sh start
  # shellcheck disable=SC1091
  source "$RIG/env"
fi
STORE_FUZZ_SECS=$secs cargo test --locked --test store_fuzz generated_mail -- --nocapture
