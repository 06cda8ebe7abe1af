#!/usr/bin/env bash
# quickstart.sh [stop] -- the whole desk on local throwaway servers, with a sample question.
set -euo pipefail
cd "$(dirname "$0")/.."
export RIG=${RIG:-/tmp/caseconsult-demo}
# The demo's servers sit 200 ports above the tests' (PostgreSQL 55632, IMAP 10343, SMTP 10225),
# so deploy/test.sh and deploy/bench.sh run while it is up; the web desk stays on 8080.
export RIG_PORT_OFFSET=${RIG_PORT_OFFSET:-200} RIG_WEB_PORT=${RIG_WEB_PORT:-8080}
PIDFILE=$RIG/desk.pid
if [ "${1:-}" = stop ]; then
  [ -s "$PIDFILE" ] && kill "$(cat "$PIDFILE")" 2>/dev/null || true
  deploy/rig.sh stop
  echo "desk and servers stopped"; exit 0
fi
deploy/install-deps.sh
cargo build --locked --release
[ -d "$RIG" ] || deploy/rig.sh start
export CASECONSULT_CONFIG=$RIG/caseconsult.toml
desk=target/release/caseconsult
if ! { [ -s "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }; then
  "$desk" serve </dev/null >"$RIG/desk.log" 2>&1 &
  echo $! >"$PIDFILE"
fi
before=$("$desk" cases list --format json 2>/dev/null | grep -c '"id"' || true)
. "$RIG/ports"
deploy/smtp-send.sh 127.0.0.1 "$SMTP_PORT" ann.coder@clinic.example consult@example.test deploy/samples/question.eml
for _ in $(seq 100); do
  now=$("$desk" cases list --format json 2>/dev/null | grep -c '"id"' || true)
  [ "$now" -gt "$before" ] && break; sleep 0.2
done
"$desk" cases list
# A demo consultant (an admin, so every page can be seen); kept when the account exists.
printf '%s\n' 'demo-password-1' | "$desk" consultants add demo@desk.example --name "Demo Consultant" --role admin >/dev/null 2>&1 || true
echo
echo "The web desk is open at http://127.0.0.1:$WEB_PORT"
echo "  log in as demo@desk.example with the password demo-password-1"
echo "The desk is running (pid $(cat "$PIDFILE"), log $RIG/desk.log) on the servers in $RIG."
echo "Try:  CASECONSULT_CONFIG=$CASECONSULT_CONFIG $desk cases show C-1001"
echo "Stop: deploy/quickstart.sh stop"
