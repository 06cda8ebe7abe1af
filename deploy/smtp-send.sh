#!/usr/bin/env bash
# smtp-send.sh HOST PORT FROM TO FILE -- submits FILE (an RFC 5322 message) over plain SMTP.
# Enough for the quick start's sample question; the desk itself uses lettre.
set -euo pipefail
host=$1 port=$2 from=$3 to=$4 file=$5
exec 3<>"/dev/tcp/$host/$port"
expect() { local line; while IFS= read -r line <&3; do [[ $line == "$1"* ]] || { echo "SMTP: $line" >&2; return 1; }; [[ ${line:3:1} == "-" ]] || return 0; done; }
say() { printf '%s\r\n' "$1" >&3; }
expect 220; say "EHLO quickstart.local"; expect 250
say "MAIL FROM:<$from>"; expect 250
say "RCPT TO:<$to>"; expect 250
say "DATA"; expect 354
sed -e 's/\r$//' -e 's/^\./../' -e 's/$/\r/' "$file" >&3
say "."; expect 250
say "QUIT"; exec 3>&-
