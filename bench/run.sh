#!/usr/bin/env bash
# The province benchmark: import + score + rank of a province-sized year,
# zwgk against a pandas and a DuckDB baseline on the same files; writes
# docs/benchmarks.md.
#
#   bench/run.sh
#
# 1. builds zwgk, zwgk_gen_province and zwgk_bench_assess (Release) in
#    $ZWGK_BENCH_BUILD (default build/bench), and installs DuckDB
#    (@duckdb/node-api, pinned in bench/package-lock.json) into
#    bench/node_modules (git-ignored) with `npm ci` if it is missing;
# 2. generates the data once into bench/data/ (git-ignored) if it is missing;
# 3. runs zwgk_bench_assess, bench/baseline_pandas.py and
#    bench/baseline_duckdb.mjs (with 1 and with 2 threads) $ZWGK_BENCH_REPS
#    times each (default 3), interleaved, and takes the medians;
# 4. checks that `zwgk report` and each baseline give every unit the same
#    total (and the same ranks) for the quarters in $ZWGK_BENCH_COMPARE;
# 5. writes the results with the machine's details to docs/benchmarks.md.
#
# ZWGK_BENCH_SCALE=0.01 makes a quick run on a 100-unit data set;
# ZWGK_BENCH_PANDAS=0 skips the pandas baseline (quicker; the document then
# has no pandas figures); ZWGK_BENCH_REPS, ZWGK_BENCH_COMPARE (quarters,
# space-separated), ZWGK_BENCH_IDLE_WAIT (seconds to wait for idle CPUs
# before each run), ZWGK_BENCH_BUILD, ZWGK_BENCH_DOC and
# ZWGK_BENCH_SOURCE_LABEL (what the document says was measured; default: the
# git commit) adjust the rest.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${ZWGK_BENCH_BUILD:-$root/build/bench}
scale=${ZWGK_BENCH_SCALE:-1}
reps=${ZWGK_BENCH_REPS:-3}
compare=${ZWGK_BENCH_COMPARE:-2020Q3}
doc=${ZWGK_BENCH_DOC:-$root/docs/benchmarks.md}
python=/usr/bin/python3  # Debian's, with python3-pandas (not a pyenv one)
node=node                # Debian's nodejs; DuckDB's native library comes with the npm package
run_pandas=${ZWGK_BENCH_PANDAS:-1}
duckdb_threads="1 2"
if [ "$scale" = 1 ]; then data=$root/bench/data/province-2020; else data=$root/bench/data/province-2020-scale$scale; fi
results=$build/bench-results

log() { printf '== %s\n' "$*" >&2; }

log "building (Release) in $build"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DZWGK_BUILD_TESTS=OFF -DZWGK_BUILD_BENCH=ON >/dev/null
cmake --build "$build" --target zwgk zwgk_gen_province zwgk_bench_assess
zwgk=$build/src/zwgk
bench=$build/bench/zwgk_bench_assess
gen=$build/bench/zwgk_gen_province

if [ ! -d "$root/bench/node_modules/@duckdb/node-api" ]; then
  log "installing DuckDB into bench/node_modules (npm ci)"
  npm ci --prefix "$root/bench" --no-audit --no-fund
fi

if [ ! -f "$data/.generated" ]; then
  log "generating $data (scale $scale)"
  "$gen" --out "$data" --scale "$scale"
else
  log "using $data ($(cat "$data/.generated"))"
fi

rm -rf "$results"
mkdir -p "$results"

# All tools read the files from the page cache.
log "warming the page cache"
cat "$data"/*.csv "$data"/*.toml "$data"/20*/*.csv >/dev/null

last_json() { grep '^{' "$1" | tail -n 1; }

# Percentage of CPU time idle over the next two seconds (all cores).
idle_percent() {
  local a b
  a=$(awk '/^cpu / {t = 0; for (i = 2; i <= 9; i++) t += $i; print t, $5 + $6}' /proc/stat)
  sleep 2
  b=$(awk '/^cpu / {t = 0; for (i = 2; i <= 9; i++) t += $i; print t, $5 + $6}' /proc/stat)
  echo "$a $b" | awk '{d = $3 - $1; printf "%d", (d > 0 ? 100 * ($4 - $2) / d : 100)}'
}

# The machine is shared: before each timed run, wait up to
# $ZWGK_BENCH_IDLE_WAIT seconds (default 300) for the CPUs to be at least
# 90% idle, and record how idle they were.
wait_idle() {
  local waited=0 idle
  idle=$(idle_percent)
  while [ "$idle" -lt 90 ] && [ "$waited" -lt "${ZWGK_BENCH_IDLE_WAIT:-300}" ]; do
    sleep 8
    waited=$((waited + 10))
    idle=$(idle_percent)
  done
  [ "$idle" -ge 90 ] || log "CPUs only $idle% idle after waiting ${waited}s; measuring anyway"
  echo "$idle"
}

# Adds "idle_before": N to a run's JSON line.
with_idle() { sed "s/}\$/,\"idle_before\":$1}/"; }
load_before=$(cut -d' ' -f1 /proc/loadavg)

# timed_run NAME I COMMAND...: waits for idle CPUs, runs the command, keeps
# its output in $results/NAME-I.txt and its JSON line (with idle_before) in
# $results/NAME-I.json.
timed_run() {
  local name=$1 i=$2 idle
  shift 2
  idle=$(wait_idle)
  log "run $i/$reps: $name (CPUs $idle% idle before)"
  "$@" | tee "$results/$name-$i.txt"
  last_json "$results/$name-$i.txt" | with_idle "$idle" >"$results/$name-$i.json"
}

# The baselines write their per-unit totals (after timing) in the first run.
peers=()
[ "$run_pandas" = 0 ] || peers+=(pandas)
for t in $duckdb_threads; do peers+=("duckdb$t"); done
for i in $(seq 1 "$reps"); do
  timed_run zwgk "$i" "$bench" "$data"
  for peer in "${peers[@]}"; do
    totals=()
    if [ "$i" = 1 ]; then totals=(--totals-dir "$results/$peer-totals"); fi
    case $peer in
      pandas) timed_run pandas "$i" "$python" "$root/bench/baseline_pandas.py" "$data" "${totals[@]}" ;;
      duckdb*) timed_run "$peer" "$i" "$node" "$root/bench/baseline_duckdb.mjs" "$data" \
                 --threads "${peer#duckdb}" "${totals[@]}" ;;
    esac
  done
done

status=0
for period in $compare; do
  "$zwgk" report --data "$data" --period "$period" --out "$results/report-$period" >/dev/null
  for peer in "${peers[@]}"; do
    log "checking $period: zwgk report vs $peer"
    out=$results/compare-$peer-$period
    if "$python" "$root/bench/compare_totals.py" "$results/report-$period/考核结果.json" \
        "$results/$peer-totals/totals-$period.csv" "$results/$peer-totals/meta.json" | tee "$out.txt"; then :
    else status=1; fi
    last_json "$out.txt" >"$out.json"
  done
done
if [ "$status" != 0 ]; then
  log "zwgk and a baseline disagree; $doc not written (see $results)"
  exit 1
fi

# Machine details.
load_after=$(cut -d' ' -f1 /proc/loadavg)
compiler=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt")
[ -n "$compiler" ] || compiler=c++
flags=$(sed -n 's/^CMAKE_CXX_FLAGS_RELEASE:[A-Z]*=//p' "$build/CMakeCache.txt")
pyicu=$("$python" -c 'import icu; print(icu.VERSION)' 2>/dev/null || echo "not installed (names sorted by bytes)")
if [ -n "${ZWGK_BENCH_SOURCE_LABEL:-}" ]; then
  source_state=$ZWGK_BENCH_SOURCE_LABEL
else
  source_state=$(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
  if [ -n "$(cd "$root" && git status --porcelain -- src 2>/dev/null)" ]; then
    source_state="$source_state with uncommitted changes in src/"
  fi
fi
MACHINE_DATE=$(date '+%Y-%m-%d %H:%M %Z') \
MACHINE_CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1) \
MACHINE_NPROC=$(nproc) \
MACHINE_MEMORY=$(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) \
MACHINE_LOAD="$load_before before the runs, $load_after after" \
MACHINE_OS=$( (. /etc/os-release && echo "$PRETTY_NAME") 2>/dev/null || uname -s) \
MACHINE_KERNEL=$(uname -r) \
MACHINE_COMPILER="$("$compiler" --version | head -n 1)" \
MACHINE_BUILD="CMAKE_BUILD_TYPE=Release ($flags)" \
MACHINE_PYTHON="$("$python" --version 2>&1)" \
MACHINE_PANDAS=$("$python" -c 'import pandas; print(pandas.__version__)') \
MACHINE_NUMPY=$("$python" -c 'import numpy; print(numpy.__version__)') \
MACHINE_PYICU=$pyicu \
MACHINE_NODE=$("$node" --version) \
MACHINE_DUCKDB_NODE_API=$("$node" -p "require('$root/bench/node_modules/@duckdb/node-api/package.json').version") \
MACHINE_SOURCE=$source_state \
"$python" - "$results/machine.json" <<'EOF'
import json, os, sys
keys = ["date", "cpu", "nproc", "memory", "load", "os", "kernel", "compiler", "build", "python", "pandas",
        "numpy", "pyicu", "node", "duckdb_node_api", "source"]
json.dump({k: os.environ["MACHINE_" + k.upper()] for k in keys}, open(sys.argv[1], "w"), ensure_ascii=False)
EOF

"$python" "$root/bench/summarize.py" "$results" "$data" "$doc"
