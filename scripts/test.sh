#!/usr/bin/env bash
# Installs what zwgk needs, builds the debug preset (ASan/UBSan, warnings as
# errors) and runs every test: unit tests and golden tests.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/bootstrap.sh
cmake --preset dev >/dev/null
cmake --build --preset dev
ctest --preset dev
