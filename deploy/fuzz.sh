#!/usr/bin/env bash
# fuzz.sh [SECONDS] [TARGET ...] -- runs each fuzz target (mime, text, codes; all by default) under
#   AFL++ for SECONDS (default 600) on the stable toolchain, seeded from fuzz/seeds (see its
#   PROVENANCE.md), and prints executions, time, crashes and hangs per target. Findings are in
#   fuzz/out/<target>/default/{crashes,hangs}; copy each into tests/fixtures/fuzz/<target>/ so
#   tests/fuzz_regressions.rs replays it in every test run. Not part of the test command.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-600}
[ $# -gt 0 ] && shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(mime text codes)
command -v afl-fuzz >/dev/null 2>&1 || { export DEBIAN_FRONTEND=noninteractive; apt-get install -y -qq afl++ >/dev/null; }
command -v cargo-afl >/dev/null 2>&1 || cargo install cargo-afl --locked
cargo afl config --build >/dev/null 2>&1 || true   # AFL++'s runtime for cargo-afl, built once
(cd fuzz && cargo afl build --release --locked 2>&1 | tail -1)
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1
for t in "${targets[@]}"; do
  seeds=fuzz/seeds/text; [ "$t" = mime ] && seeds=fuzz/seeds/mime
  rm -rf "fuzz/out/$t"; mkdir -p fuzz/out
  # -V: stop after that many seconds; -t: a run over 1 s is a hang
  (cd fuzz && cargo afl fuzz -V "$secs" -t 1000 -i "../$seeds" -o "out/$t" "target/release/$t" >"out-$t.log" 2>&1) || true
  stats=fuzz/out/$t/default/fuzzer_stats
  if [ -s "$stats" ]; then
    awk -F' *: *' -v t="$t" '/^(execs_done|run_time|execs_per_sec|saved_crashes|saved_hangs|corpus_count)/ {v[$1]=$2}
      END {printf "%-5s %s s, %s executions (%s/s), corpus %s, crashes %s, hangs %s\n", t, v["run_time"], v["execs_done"], v["execs_per_sec"], v["corpus_count"], v["saved_crashes"], v["saved_hangs"]}' "$stats"
  else
    echo "$t: no statistics; see fuzz/out-$t.log" >&2
  fi
done
