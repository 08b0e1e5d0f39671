#!/usr/bin/env bash
# Installs what zwgk needs, builds it, and produces the bulletin of the shipped
# example (Linzi District, 2020 Q3). Prints where the files are.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/bootstrap.sh
cmake --preset release >/dev/null
cmake --build --preset release --target zwgk
out="${1:-out/linzi-2020q3}"
./build/release/src/zwgk report --data examples/linzi-2020q3 --out "$out"
echo
echo "通报附件已生成：$(cd "$out" && pwd)"
echo "The bulletin's tables are in: $(cd "$out" && pwd)"
