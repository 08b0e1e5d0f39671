#!/usr/bin/env bash
# Fuzzes the e-mail message parser (mail::parse_message) with libFuzzer under
# ASan and UBSan: not part of CI. See docs/fuzzing.md.
#
#   scripts/fuzz.sh [--merge] [SECONDS]     (SECONDS: default 600)
#
# Installs what it needs (the project's packages through scripts/bootstrap.sh,
# then clang 19 and its sanitizer/libFuzzer runtimes), configures and builds
# the `fuzz` preset (build/fuzz), and runs fuzz/message_fuzzer for SECONDS
# with the dictionary fuzz/dict/mail.dict. The repo corpus fuzz/corpus/message
# is only read (a seed); new inputs go to the work corpus build/fuzz/corpus,
# crash, leak and timeout inputs to build/fuzz/artifacts/. The output is also
# written to build/fuzz/message_fuzzer.log. Exits non-zero when the fuzzer
# found a crash (or a leak, a UBSan finding, a timeout, running out of memory).
#
# --merge: after a clean run, merges the work corpus into fuzz/corpus/message
# with -merge=1 (only inputs that add coverage; at most 64 KiB each), so that
# they can be committed.
#
# ZWGK_FUZZ_FORK=N runs N fuzzing processes (-fork=N) instead of one.
set -euo pipefail
cd "$(dirname "$0")/.."

merge=0
seconds=600
for arg in "$@"; do
  case "$arg" in
    --merge) merge=1 ;;
    ''|*[!0-9]*) echo "usage: scripts/fuzz.sh [--merge] [SECONDS]" >&2; exit 2 ;;
    *) seconds="$arg" ;;
  esac
done

./scripts/bootstrap.sh

# clang 19: Debian 12's clang 14 (and up to 18) cannot compile the project's
# std::expected (libstdc++ 12 enables <expected> only for a compiler whose
# __cpp_concepts is 202002). libclang-rt-19-dev has ASan, UBSan and libFuzzer;
# llvm-19 has llvm-symbolizer-19, for stack traces with file and line.
packages=(clang-19 libclang-rt-19-dev llvm-19)
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
cmake --build --preset fuzz

fuzzer=build/fuzz/fuzz/message_fuzzer
work=build/fuzz/corpus
artifacts=build/fuzz/artifacts
log=build/fuzz/message_fuzzer.log
mkdir -p "$work" "$artifacts"

# GMime and GLib keep their global tables (types, charsets) until exit:
# reachable, not leaks. fuzz/lsan.supp lists what LeakSanitizer should
# ignore nevertheless (see docs/fuzzing.md).
export ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}detect_leaks=1:abort_on_error=0:print_summary=1"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-}${UBSAN_OPTIONS:+:}print_stacktrace=1:halt_on_error=1"
export ASAN_SYMBOLIZER_PATH="${ASAN_SYMBOLIZER_PATH:-/usr/bin/llvm-symbolizer-19}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-}${LSAN_OPTIONS:+:}suppressions=$PWD/fuzz/lsan.supp:print_suppressions=0"

options=(
  -max_total_time="$seconds"
  -dict=fuzz/dict/mail.dict
  -max_len=65536
  -timeout=30
  -rss_limit_mb=2048
  -print_final_stats=1
  -artifact_prefix="$artifacts/"
)
if [ -n "${ZWGK_FUZZ_FORK:-}" ]; then options+=(-fork="$ZWGK_FUZZ_FORK"); fi

echo "fuzz: $fuzzer for ${seconds}s (work corpus $work, seeds fuzz/corpus/message, log $log)"
status=0
# The work corpus first: libFuzzer writes new inputs to the first directory only.
"$fuzzer" "${options[@]}" "$work" fuzz/corpus/message 2>&1 | tee "$log" || status=$?

if [ "$status" -ne 0 ]; then
  echo "fuzz: the fuzzer stopped with status $status; inputs in $artifacts/:" >&2
  ls -l "$artifacts" >&2 || true
  echo "fuzz: reproduce with: $fuzzer <input>" >&2
  exit "$status"
fi
echo "fuzz: no crash in ${seconds}s"

if [ "$merge" -eq 1 ]; then
  before=$(ls fuzz/corpus/message | wc -l)
  "$fuzzer" -merge=1 -max_len=65536 -timeout=30 -rss_limit_mb=2048 -dict=fuzz/dict/mail.dict \
    fuzz/corpus/message "$work" 2>&1 | tail -n 3
  after=$(ls fuzz/corpus/message | wc -l)
  echo "fuzz: fuzz/corpus/message: $before -> $after files, $(du -sb fuzz/corpus/message | cut -f1) bytes"
fi
