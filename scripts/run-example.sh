#!/usr/bin/env bash
# Installs what zwgk needs, builds it, and produces the bulletin of the shipped
# example (Linzi District, 2020 Q3). Prints where the files are.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/bootstrap.sh
cmake --preset release >/dev/null
cmake --build --preset release --target zwgk
out="${1:-out/linzi-2020q3}"
./build/release/src/zwgk report --data examples/linzi-2020q3 --out "$out" --pdf
echo
echo "通报已生成：$(cd "$out" && pwd)/通报.docx（另有 通报.pdf、通报.xlsx、通报.html、附件 CSV 和 考核结果.json）"
echo "The bulletin is in: $(cd "$out" && pwd)/通报.docx (with 通报.pdf, 通报.xlsx, 通报.html, the CSVs and 考核结果.json)"
echo
echo "网页工作台（排名总览、单位详情、数据录入、发布）：运行 ./scripts/serve-example.sh 后在浏览器打开 http://127.0.0.1:8080/"
echo "The web workspace: run ./scripts/serve-example.sh, then open http://127.0.0.1:8080/"
