#!/usr/bin/env bash
# rig.sh start|stop|restart-dovecot|stop-postfix|start-postfix
#   A throwaway, loopback-only PostgreSQL + Dovecot + Postfix for the desk and its tests (Debian, run as root).
#   Needs: postgresql dovecot-imapd dovecot-lmtpd postfix (preseed 'No configuration'); dovecot-sieve for VACATION.
#   RIG=<dir> (default /tmp/mailrig) holds every config, socket, queue, maildir and log.
#   Ports: PG 55432, IMAP 10143 (STARTTLS), IMAPS 10993, LMTP 10024, SMTP 10025, each plus
#   RIG_PORT_OFFSET (default 0), so the tests, the benchmarks and the demo each have their own rig;
#   the desk config it writes listens on 127.0.0.1:RIG_WEB_PORT (default 8080 + offset).
set -euo pipefail
RIG=${RIG:-/tmp/mailrig}
if [ -s "$RIG/ports" ]; then . "$RIG/ports"      # a running rig keeps the ports it started with
else
  off=${RIG_PORT_OFFSET:-0}
  PG_PORT=$((55432 + off)) IMAP_PORT=$((10143 + off)) IMAPS_PORT=$((10993 + off))
  LMTP_PORT=$((10024 + off)) SMTP_PORT=$((10025 + off)) SMTPS_PORT=$((10465 + off))
  SASL_PORT=$((10027 + off)) SUBMIT_PORT=$((10587 + off)) OAUTH_PORT=$((10080 + off))
  WEB_PORT=${RIG_WEB_PORT:-$((8080 + off))}
fi
PORTS=("$PG_PORT" "$IMAP_PORT" "$IMAPS_PORT" "$LMTP_PORT" "$SMTP_PORT" "$SASL_PORT" "$SUBMIT_PORT")
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
# Any address @example.test is a mailbox (static userdb) whose password is "<local part>-pw", so tests make their own users.
SIEVE_PLUGIN=$([ -e /usr/lib/dovecot/modules/lib90_sieve_plugin.so ] && echo sieve || true)

wait_port() { for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.1; done
              echo "port $1 did not open" >&2; return 1; }
stop_pids() {   # args: pidfile:signal ...  -- signal every daemon first, then wait for each
  local pids=() e f sig pid
  for e in "$@"; do f=${e%:*}; sig=${e##*:}; [ -s "$f" ] || continue
    pid=$(head -1 "$f" | tr -d ' '); kill -"$sig" "$pid" 2>/dev/null && pids+=("$pid"); done
  for pid in "${pids[@]}"; do
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || continue 2; sleep 0.1; done
    echo "pid $pid ignored its stop signal, sending KILL" >&2; kill -KILL "$pid" 2>/dev/null || true; done; }

start() {
  [ -e "$RIG" ] && { echo "$RIG exists; run '$0 stop' first" >&2; exit 1; }
  for p in "${PORTS[@]}"; do      # a stale daemon would make wait_port lie
    (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null && { echo "port $p already in use" >&2; exit 1; }; done
  mkdir -p "$RIG"/{pg,tls,dovecot,mail,postfix/etc,postfix/spool,postfix/data}
  printf '%s\n' "PG_PORT=$PG_PORT IMAP_PORT=$IMAP_PORT IMAPS_PORT=$IMAPS_PORT" \
      "LMTP_PORT=$LMTP_PORT SMTP_PORT=$SMTP_PORT SMTPS_PORT=$SMTPS_PORT WEB_PORT=$WEB_PORT" \
      "SASL_PORT=$SASL_PORT SUBMIT_PORT=$SUBMIT_PORT OAUTH_PORT=$OAUTH_PORT" > "$RIG/ports"
  chmod 755 "$RIG"                                   # dovecot auth (user dovecot) and vmail must traverse it
  id vmail >/dev/null 2>&1 || useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin vmail
  chown vmail:vmail "$RIG/mail"; chown postfix "$RIG/postfix/data"; chown postgres "$RIG/pg"

  # --- PostgreSQL: throwaway cluster, trust auth, no fsync -------------------------------
  runuser -u postgres -- "$PGBIN/initdb" -D "$RIG/pg/data" -U postgres --auth=trust --no-sync \
      -E UTF8 --locale=C.UTF-8 >"$RIG/pg/initdb.log"
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$RIG/pg/data" -l "$RIG/pg/postgres.log" -w -o \
      "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $RIG/pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start </dev/null >/dev/null

  # --- TLS cert for Dovecot -------------------------------------------------------------
  # A throwaway CA signs the server certificate: rustls (webpki) refuses a CA certificate used
  # as the server's own, which is what a plain self-signed "req -x509" certificate is.
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=caseconsult rig CA" \
      -keyout "$RIG/tls/ca-key.pem" -out "$RIG/tls/ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj /CN=localhost \
      -keyout "$RIG/tls/key.pem" -out "$RIG/tls/server.csr" 2>/dev/null
  printf '%s\n' "basicConstraints=CA:FALSE" "keyUsage=digitalSignature,keyEncipherment" \
      "extendedKeyUsage=serverAuth" "subjectAltName=DNS:localhost,IP:127.0.0.1" > "$RIG/tls/server.ext"
  openssl x509 -req -in "$RIG/tls/server.csr" -CA "$RIG/tls/ca.pem" -CAkey "$RIG/tls/ca-key.pem" \
      -CAcreateserial -days 3650 -extfile "$RIG/tls/server.ext" -out "$RIG/tls/cert.pem" 2>/dev/null
  # And a server certificate made the way a small self-hosted server makes one: self-signed by
  # `req -x509`, which marks it CA:TRUE. Dovecot and Postfix present it on 127.0.0.2 (its name)
  # and 127.0.0.3 (a name it does not carry, for the host name check).
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=127.0.0.2 \
      -addext "subjectAltName=IP:127.0.0.2" \
      -keyout "$RIG/tls/self-key.pem" -out "$RIG/tls/self.pem" 2>/dev/null

  # --- Dovecot ---------------------------------------------------------------------------
  cat > "$RIG/dovecot/dovecot.conf" <<CONF
instance_name = dovecot-test
base_dir  = $RIG/dovecot/run
state_dir = $RIG/dovecot/state
log_path  = $RIG/dovecot/dovecot.log
protocols = imap lmtp
listen = 127.0.0.1
ssl = yes
ssl_cert = <$RIG/tls/cert.pem
ssl_key  = <$RIG/tls/key.pem
ssl_dh   = </usr/share/dovecot/dh.pem
disable_plaintext_auth = no
auth_mechanisms = plain login xoauth2 oauthbearer
first_valid_uid = 100
mail_uid = vmail
mail_gid = vmail
mail_home = $RIG/mail/%d/%n
mail_location = maildir:~/Maildir
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    special_use = \Sent
    auto = subscribe
  }
  mailbox Trash {
    special_use = \Trash
    auto = subscribe
  }
  mailbox Processed {
    auto = subscribe
  }
}
# XOAUTH2/OAUTHBEARER: Dovecot asks the token endpoint the tests run on 127.0.0.1:OAUTH_PORT
# whether a token is active and whose it is.
passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = $RIG/dovecot/oauth2.conf.ext
}
passdb {
  driver = static
  args = password=%n-pw
}
userdb {
  driver = static
  args = uid=vmail gid=vmail home=$RIG/mail/%d/%n
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1 127.0.0.2 127.0.0.3
    port = $IMAP_PORT
  }
  inet_listener imaps {
    address = 127.0.0.1 127.0.0.2 127.0.0.3
    port = $IMAPS_PORT
    ssl = yes
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 0
  }
  inet_listener pop3s {
    port = 0
  }
}
# Postfix's submission port authenticates through Dovecot (plain and XOAUTH2 alike).
service auth {
  inet_listener {
    address = 127.0.0.1
    port = $SASL_PORT
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $LMTP_PORT
  }
}
protocol lmtp {
  postmaster_address = postmaster@example.test
  mail_plugins = \$mail_plugins $SIEVE_PLUGIN
}
local 127.0.0.2 {
  ssl_cert = <$RIG/tls/self.pem
  ssl_key  = <$RIG/tls/self-key.pem
}
local 127.0.0.3 {
  ssl_cert = <$RIG/tls/self.pem
  ssl_key  = <$RIG/tls/self-key.pem
}
submission_host = 127.0.0.1:$SMTP_PORT
plugin {
  sieve = file:~/sieve;active=~/.dovecot.sieve
}
CONF
  cat > "$RIG/dovecot/oauth2.conf.ext" <<CONF
introspection_mode = auth
introspection_url = http://127.0.0.1:$OAUTH_PORT/introspect
force_introspection = yes
username_attribute = username
active_attribute = active
active_value = true
CONF
  # VACATION="alice bob": a real RFC 5230 autoresponder (Pigeonhole sieve, Debian package dovecot-sieve) on those mailboxes
  for u in ${VACATION:-}; do
    mkdir -p "$RIG/mail/example.test/$u"
    printf '%s\n' 'require ["vacation"];' 'vacation :days 1 :subject "Out of office" "I am away until Monday.";' \
      > "$RIG/mail/example.test/$u/.dovecot.sieve"
    chown -R vmail:vmail "$RIG/mail/example.test"
  done
  # Daemons get no terminal streams: a daemon holding the caller's stdout would keep a pipe
  # such as `rig.sh start | tail` open for as long as it runs.
  dovecot -c "$RIG/dovecot/dovecot.conf" </dev/null >/dev/null 2>&1   # daemonizes; pid in run/master.pid

  # --- Postfix (second instance, own config/queue/data dirs) -----------------------------
  cat > "$RIG/postfix/etc/main.cf" <<CONF
compatibility_level = 3.6
queue_directory = $RIG/postfix/spool
data_directory  = $RIG/postfix/data
maillog_file    = $RIG/postfix/maillog
maillog_file_prefixes = $RIG
mail_owner = postfix
setgid_group = postdrop
myhostname = mx.example.test
mydomain   = example.test
myorigin   = \$mydomain
mydestination =
local_recipient_maps =
local_transport = error:local delivery disabled
alias_maps =
alias_database =
inet_interfaces = loopback-only
inet_protocols  = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
# recipients named reject-*@example.test get a permanent 5xx: the tests' refusing server
smtpd_recipient_restrictions = check_recipient_access regexp:$RIG/postfix/etc/reject.regexp, permit_mynetworks, reject
smtpd_peername_lookup = no
smtp_dns_support_level = disabled
lmtp_host_lookup = native
virtual_mailbox_domains = example.test
virtual_transport = lmtp:inet:127.0.0.1:$LMTP_PORT
# every recipient outside example.test is captured in catchall@example.test: nothing leaves the host
virtual_alias_maps = regexp:$RIG/postfix/etc/catchall.regexp
virtual_alias_domains =
default_transport = error:outbound mail disabled in test rig
relay_transport   = error:outbound mail disabled in test rig
in_flow_delay = 0s
queue_run_delay = 10s
minimal_backoff_time = 10s
maximal_backoff_time = 60s
biff = no
CONF
  printf '%s\n' '!/@example\.test$/ catchall@example.test' > "$RIG/postfix/etc/catchall.regexp"
  printf '%s\n' '/^reject-.*@example\.test$/ REJECT mailbox refused by the test rig' > "$RIG/postfix/etc/reject.regexp"
  # Mail submitted over TLS to the self-signed certificate: STARTTLS and implicit TLS (465).
  self_tls="-o smtpd_tls_cert_file=$RIG/tls/self.pem -o smtpd_tls_key_file=$RIG/tls/self-key.pem"
  printf '%s\n' "127.0.0.1:$SMTP_PORT inet n - n - - smtpd" \
      "127.0.0.2:$SMTP_PORT inet n - n - - smtpd $self_tls -o smtpd_tls_security_level=may" \
      "127.0.0.2:$SMTPS_PORT inet n - n - - smtpd $self_tls -o smtpd_tls_wrappermode=yes -o smtpd_tls_security_level=encrypt" \
      "127.0.0.1:$SUBMIT_PORT inet n - n - - smtpd -o smtpd_sasl_auth_enable=yes -o smtpd_sasl_type=dovecot -o smtpd_sasl_path=inet:127.0.0.1:$SASL_PORT -o smtpd_relay_restrictions=permit_sasl_authenticated,reject -o smtpd_recipient_restrictions=permit_sasl_authenticated,reject" \
      > "$RIG/postfix/etc/master.cf"
  cat >> "$RIG/postfix/etc/master.cf" <<'CONF'
pickup    unix  n  -  n  60    1  pickup
cleanup   unix  n  -  n  -     0  cleanup
qmgr      unix  n  -  n  300   1  qmgr
tlsmgr    unix  -  -  n  1000? 1  tlsmgr
rewrite   unix  -  -  n  -     -  trivial-rewrite
bounce    unix  -  -  n  -     0  bounce
defer     unix  -  -  n  -     0  bounce
trace     unix  -  -  n  -     0  bounce
verify    unix  -  -  n  -     1  verify
flush     unix  n  -  n  1000? 0  flush
proxymap  unix  -  -  n  -     -  proxymap
smtp      unix  -  -  n  -     -  smtp
relay     unix  -  -  n  -     -  smtp
showq     unix  n  -  n  -     -  showq
error     unix  -  -  n  -     -  error
retry     unix  -  -  n  -     -  error
discard   unix  -  -  n  -     -  discard
lmtp      unix  -  -  n  -     -  lmtp
anvil     unix  -  -  n  -     1  anvil
scache    unix  -  -  n  -     1  scache
postlog   unix-dgram n - n -   1  postlogd
CONF
  # postfix prints nothing on a non-tty; on failure the reason is in maillog
  postfix -c "$RIG/postfix/etc" start </dev/null >/dev/null 2>&1 || { tail -20 "$RIG/postfix/maillog" >&2; exit 1; }

  for p in "${PORTS[@]}"; do wait_port "$p"; done
  cat > "$RIG/env" <<ENV
export DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/postgres
export IMAP_HOST=127.0.0.1 IMAP_PORT=$IMAP_PORT IMAPS_PORT=$IMAPS_PORT SMTP_HOST=127.0.0.1 SMTP_PORT=$SMTP_PORT
export TEST_CA_CERT=$RIG/tls/ca.pem
# Dovecot and Postfix with a self-signed (CA:TRUE) certificate for 127.0.0.2, also served on 127.0.0.3
# Postfix submission that takes only an authenticated sender (SASL through Dovecot); the OAuth2 token endpoint Dovecot asks
export SUBMIT_PORT=$SUBMIT_PORT OAUTH_PORT=$OAUTH_PORT
export SELF_SIGNED_CERT=$RIG/tls/self.pem SELF_SIGNED_HOST=127.0.0.2 SELF_SIGNED_OTHER_HOST=127.0.0.3 SMTPS_PORT=$SMTPS_PORT
export RIG=$RIG RIG_SCRIPT=$(realpath "$0")
ENV
  write_desk_config
  echo "mail rig up in $RIG (source $RIG/env; desk config $RIG/caseconsult.toml)"
}

write_desk_config() {
  cat > "$RIG/caseconsult.toml" <<TOML
# written by deploy/rig.sh for the throwaway servers in $RIG
[database]
url = "postgres://postgres@127.0.0.1:$PG_PORT/caseconsult"

[imap]
host = "127.0.0.1"
port = $IMAP_PORT
tls = "starttls"
username = "consult@example.test"
password = "consult-pw"
folder = "INBOX"
processed_folder = "Processed"
ca_file = "$RIG/tls/ca.pem"

[smtp]
host = "127.0.0.1"
port = $SMTP_PORT
tls = "none"
from = "Coding Desk <consult@example.test>"

[web]
listen = "127.0.0.1:$WEB_PORT"
TOML
  runuser -u postgres -- "$PGBIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc 'CREATE DATABASE caseconsult' >/dev/null
}

dovecot_start() { dovecot -c "$RIG/dovecot/dovecot.conf" </dev/null >/dev/null 2>&1; wait_port "$IMAP_PORT"; wait_port "$IMAPS_PORT"; wait_port "$LMTP_PORT"; }
dovecot_stop()  { stop_pids "$RIG/dovecot/run/master.pid:TERM"; }
postfix_start() { postfix -c "$RIG/postfix/etc" start </dev/null >/dev/null 2>&1 || postfix -c "$RIG/postfix/etc" status >/dev/null 2>&1; wait_port "$SMTP_PORT"; }
postfix_stop()  { stop_pids "$RIG/postfix/spool/pid/master.pid:TERM"; }

stop() {
  [ -d "$RIG" ] || return 0
  # postgres: SIGINT = fast shutdown; postfix/dovecot masters stop their children on TERM
  stop_pids "$RIG/postfix/spool/pid/master.pid:TERM" "$RIG/dovecot/run/master.pid:TERM" "$RIG/pg/data/postmaster.pid:INT"
  [ "${KEEP:-0}" = 1 ] || rm -rf "$RIG"
}
case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart-dovecot) dovecot_stop; dovecot_start ;;
  stop-postfix) postfix_stop ;;
  start-postfix) postfix_start ;;
  *) echo "usage: $0 start|stop|restart-dovecot|stop-postfix|start-postfix" >&2; exit 2 ;;
esac
