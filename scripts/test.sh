#!/usr/bin/env bash
# Installs what zwgk needs, builds the debug preset (ASan/UBSan, warnings as
# errors) and the Debian package's Release build, and runs every test: unit
# tests, golden tests and the package's install test.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/bootstrap.sh
cmake --preset dev >/dev/null
cmake --build --preset dev
# The Debian package's build (Release), tested by package.deb.
cmake --preset package >/dev/null
cmake --build --preset package
ctest --preset dev
