#!/usr/bin/env bash
# Installs the Debian packages the desk and its test rig need, only when something is missing.
set -euo pipefail
need=()
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v dovecot >/dev/null 2>&1 || need+=(dovecot-imapd dovecot-lmtpd)
[ -e /usr/lib/dovecot/lmtp ] || need+=(dovecot-lmtpd)
[ -e /usr/lib/dovecot/modules/lib90_sieve_plugin.so ] || need+=(dovecot-sieve)
command -v postfix >/dev/null 2>&1 || need+=(postfix)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v cc >/dev/null 2>&1 || need+=(gcc)
# The web desk's browser test: Debian's chromium, driven by playwright-core under Node.js.
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" ca-certificates >/dev/null
fi
# Debian's packages start system-wide daemons on the default ports; the rig runs its own on other ports,
# so the system ones are left alone.

# A Rust toolchain that meets Cargo.toml's rust-version: rustup's when there is one, otherwise
# Debian's. On Debian 12 the current Rust is packaged as rustc-web/cargo-web (security updates);
# later releases carry it as rustc/cargo.
here=$(cd "$(dirname "$0")/.." && pwd)
wanted=$(sed -n 's/^rust-version *= *"\(.*\)"/\1/p' "$here/Cargo.toml")
[ -d "$HOME/.cargo/bin" ] && export PATH="$HOME/.cargo/bin:$PATH"
at_least() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -1)" = "$2" ]; }
candidate() { apt-cache policy "$1" 2>/dev/null | sed -n 's/^ *Candidate: *\([0-9.]*\).*/\1/p'; }
if ! command -v cargo >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  if at_least "$(candidate rustc-web)" "$wanted"; then rust=(rustc-web cargo-web)
  elif at_least "$(candidate rustc)" "$wanted"; then rust=(rustc cargo)
  else echo "no Debian package carries Rust $wanted or later; install it with rustup (https://rustup.rs)" >&2; exit 1; fi
  echo "installing: ${rust[*]}"
  apt-get install -y -qq --no-install-recommends "${rust[@]}" >/dev/null
fi
have=$(rustc --version | awk '{print $2}')
at_least "$have" "$wanted" || { echo "rustc $have is older than the rust-version $wanted in Cargo.toml" >&2; exit 1; }
