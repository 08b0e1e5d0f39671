#!/usr/bin/env bash
# Fuzzes zwgk's parsers with libFuzzer under ASan and UBSan: one target or
# all of them, one after the other. Not part of CI (CI replays the corpora:
# tests/unit/corpora_fuzz_regress_test.cpp). See docs/fuzzing.md.
#
#   scripts/fuzz.sh [--merge] [--target NAME|all] [SECONDS]
#
# NAME is one of the targets below (fuzz/NAME_fuzzer.cpp); all (the
# default) runs each for SECONDS (default 600). Installs what it needs (the
# project's packages through scripts/bootstrap.sh, then Debian 12's clang 16
# and its sanitizer/libFuzzer runtimes), configures and builds the `fuzz`
# preset (build/fuzz), and runs each target with its dictionary
# fuzz/dict/NAME.dict. The repo corpus fuzz/corpus/NAME is only read (the
# seeds); new inputs go to the work corpus build/fuzz/corpus/NAME, crash,
# leak, timeout and out-of-memory inputs to build/fuzz/artifacts/NAME/, the
# output to build/fuzz/NAME.log. A summary per target (time, executions,
# exec/s, coverage, corpus, peak memory, result) is printed at the end and
# written to build/fuzz/summary.md, ready to paste into docs/fuzzing.md.
# Exits non-zero when any target found something.
#
# --merge: after a clean run of a target, merges its work corpus into
# fuzz/corpus/NAME with -merge=1 (only inputs that add coverage), so that
# they can be committed.
#
# ZWGK_FUZZ_FORK=N runs N fuzzing processes per target (-fork=N) instead of
# one. ZWGK_FUZZ_KEEP_GOING=1 goes on after a crash, timeout or OOM (-fork=1
# unless set, -ignore_crashes ...), to collect several findings in one run.
set -euo pipefail
cd "$(dirname "$0")/.."

targets_all=(message mbox csv xlsx registry scheme calendar template multipart)
usage="usage: scripts/fuzz.sh [--merge] [--target NAME|all] [SECONDS]; NAME: ${targets_all[*]}"
merge=0
seconds=600
target=all
while [ $# -gt 0 ]; do
  case "$1" in
    --merge) merge=1 ;;
    --target) [ $# -ge 2 ] || { echo "$usage" >&2; exit 2; }; target="$2"; shift ;;
    ''|*[!0-9]*) echo "$usage" >&2; exit 2 ;;
    *) seconds="$1" ;;
  esac
  shift
done
if [ "$target" = all ]; then
  targets=("${targets_all[@]}")
elif [[ " ${targets_all[*]} " == *" $target "* ]]; then
  targets=("$target")
else
  echo "fuzz: no target '$target'; $usage" >&2
  exit 2
fi

./scripts/bootstrap.sh

# Debian 12's clang 16 (bookworm's own packages, no other repository).
# libclang-rt-16-dev has ASan, UBSan and libFuzzer; llvm-16 has
# llvm-symbolizer-16, for stack traces with file and line. The project's
# std::expected needs a flag with clang 16: see the fuzz preset and
# docs/fuzzing.md.
packages=(clang-16 libclang-rt-16-dev llvm-16)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "fuzz: need root to install: ${missing[*]}" >&2; exit 1
    fi
  fi
  echo "fuzz: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

cmake --preset fuzz >/dev/null
if [ "$target" = all ]; then
  cmake --build --preset fuzz
else
  cmake --build build/fuzz --target "${target}_fuzzer"
fi

# LeakSanitizer suppressions (fuzz/lsan.supp; empty so far): GMime's, GLib's
# and ICU's global tables are reachable at exit, not leaks.
export ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}detect_leaks=1:abort_on_error=0:print_summary=1"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-}${UBSAN_OPTIONS:+:}print_stacktrace=1:halt_on_error=1"
export ASAN_SYMBOLIZER_PATH="${ASAN_SYMBOLIZER_PATH:-/usr/bin/llvm-symbolizer-16}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-}${LSAN_OPTIONS:+:}suppressions=$PWD/fuzz/lsan.supp:print_suppressions=0"

# The same limits for every target: inputs of at most 64 KiB, 30 s per
# input, 2 GiB of memory in all, no single allocation over 512 MiB (an
# input of 64 KiB that needs more is a bug). fuzz/NAME.options, if present,
# adds options (one per line) for one target.
common=(-max_len=65536 -timeout=30 -rss_limit_mb=2048 -malloc_limit_mb=512)

# One line of build/fuzz/summary.md from a target's log.
summarise() {
  local name="$1" log="$2" result="$3" elapsed="$4"
  local status edges runs rate rss
  status=$(grep -aE '^#[0-9]+.*cov: ' "$log" | tail -n 1 || true)
  edges=$(grep -aoE 'Loaded [0-9]+ modules +\([0-9]+ inline 8-bit counters\)' "$log" | grep -oE '\([0-9]+' | tr -d '(' | head -n 1 || true)
  # libFuzzer's final statistics when it printed them, else its last status line.
  final_stat() { grep -aoE "stat::$1: +[0-9]+" "$log" | grep -oE '[0-9]+$' | tail -n 1 || true; }
  runs=$(final_stat number_of_executed_units)
  [ -n "$runs" ] || runs=$(grep -aoE '^#[0-9]+' <<<"$status" | tr -d '#' || true)
  rate=$(final_stat average_exec_per_sec)
  [ -n "$rate" ] || rate=$(grep -aoE 'exec/s: [0-9]+' <<<"$status" | grep -oE '[0-9]+' || true)
  rss=$(final_stat peak_rss_mb)
  [ -n "$rss" ] || rss=$(grep -aoE 'rss: [0-9]+Mb' <<<"$status" | grep -oE '[0-9]+' || true)
  printf '| %s | %s s | %s | %s | %s of %s | %s | %s | %s MB | %s |\n' "$name" "$elapsed" "${runs:-?}" "${rate:-?}" \
    "$(grep -aoE 'cov: [0-9]+' <<<"$status" | grep -oE '[0-9]+' || echo '?')" "${edges:-?}" \
    "$(grep -aoE 'ft: [0-9]+' <<<"$status" | grep -oE '[0-9]+' || echo '?')" \
    "$(grep -aoE 'corp: [0-9]+/[0-9]+[a-zA-Z]*' <<<"$status" | cut -d' ' -f2 || echo '?')" "${rss:-?}" "$result"
}

# The targets' scratch files (fuzz/harness.h) and libFuzzer's fork-mode files
# go to a folder of this run, on tmpfs when there is one, removed at the end:
# an input that crashes leaves its scratch directory behind.
scratch=$(mktemp -d -p /dev/shm zwgk-fuzz-run.XXXXXX 2>/dev/null || mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export TMPDIR="$scratch"

summary=build/fuzz/summary.md
{
  echo "scripts/fuzz.sh --target $target $seconds: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs," \
       "$(clang++-16 --version | head -n 1), load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"
  echo
  echo "| target | time | executions | exec/s | coverage (edges) | features | corpus (inputs/size) | peak RSS | result |"
  echo "|---|---|---|---|---|---|---|---|---|"
} >"$summary.tmp"

failed=0
for name in "${targets[@]}"; do
  fuzzer=build/fuzz/fuzz/${name}_fuzzer
  seeds=fuzz/corpus/$name
  work=build/fuzz/corpus/$name
  artifacts=build/fuzz/artifacts/$name
  log=build/fuzz/$name.log
  mkdir -p "$work" "$artifacts"
  options=(-max_total_time="$seconds" -dict="fuzz/dict/$name.dict" "${common[@]}" -print_final_stats=1
           -artifact_prefix="$artifacts/")
  if [ -f "fuzz/$name.options" ]; then mapfile -t extra < <(grep -v '^#' "fuzz/$name.options"); options+=("${extra[@]}"); fi
  if [ -n "${ZWGK_FUZZ_FORK:-}" ]; then options+=(-fork="$ZWGK_FUZZ_FORK"); fi
  if [ -n "${ZWGK_FUZZ_KEEP_GOING:-}" ]; then
    [ -n "${ZWGK_FUZZ_FORK:-}" ] || options+=(-fork=1)
    options+=(-ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
  fi

  echo "fuzz: $name for ${seconds}s (seeds $seeds, work corpus $work, log $log)"
  stamp=$(mktemp)
  started=$SECONDS
  status=0
  # The work corpus first: libFuzzer writes new inputs to the first directory only.
  "$fuzzer" "${options[@]}" "$work" "$seeds" >"$log" 2>&1 || status=$?
  new_artifacts=$(find "$artifacts" -type f -newer "$stamp" -printf '%f\n' | sort)
  rm -f "$stamp"
  if [ "$status" -eq 0 ] && [ -z "$new_artifacts" ]; then
    result="clean"
  else
    failed=1
    kinds=$(sed -n 's/-.*//p' <<<"$new_artifacts" | sort | uniq -c | awk '{printf "%s%s %s", (NR>1?", ":""), $1, $2}')
    result="**found: ${kinds:-status $status, see the log}** (build/fuzz/artifacts/$name/)"
    echo "fuzz: $name stopped with status $status; new inputs in $artifacts/:" >&2
    sed "s|^|  $artifacts/|" <<<"$new_artifacts" >&2
    grep -aE 'invariant violated|ERROR: |SUMMARY: ' "$log" | sort | uniq -c | head -n 10 >&2 || true
    echo "fuzz: reproduce with: $fuzzer <input>" >&2
  fi
  summarise "$name" "$log" "$result" "$((SECONDS - started))" | tee -a "$summary.tmp"

  if [ "$merge" -eq 1 ] && [ "$result" = clean ]; then
    before=$(ls "$seeds" | wc -l)
    "$fuzzer" -merge=1 "${common[@]}" -dict="fuzz/dict/$name.dict" "$seeds" "$work" 2>&1 | tail -n 2
    echo "fuzz: $seeds: $before -> $(ls "$seeds" | wc -l) files, $(du -sb "$seeds" | cut -f1) bytes"
  fi
done
mv "$summary.tmp" "$summary"
echo
cat "$summary"
exit "$failed"
