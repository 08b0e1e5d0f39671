#!/usr/bin/env bash
# Builds the Debian package: dist/zwgk_<version>_amd64.deb (issue 20).
#
#   ./scripts/package-deb.sh        # prints the package's path on its last line
#
# Installs the build's needs (bootstrap.sh), builds the "package" preset
# (Release, no tests; build/package) and runs CPack's DEB generator, which
# takes Depends: from the program's shared libraries with dpkg-shlibdeps.
# What the package holds and does: cmake/packaging.cmake, packaging/,
# docs/install.md. The package is written to dist/ whole or not at all.
# ZWGK_SKIP_BOOTSTRAP=1 skips the install step (the tests, which run after it).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${ZWGK_SKIP_BOOTSTRAP:-0}" != 1 ]; then ./scripts/bootstrap.sh >&2; fi
cmake --preset package >/dev/null
cmake --build --preset package >&2
version=$(sed -n 's/^project(zwgk VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
(cd build/package && cpack -G DEB >&2)
deb=build/package/zwgk_${version}_amd64.deb
[ -f "$deb" ] || { echo "package-deb.sh: CPack wrote no $deb" >&2; exit 1; }
mkdir -p dist
cp "$deb" "dist/.zwgk_${version}_amd64.deb.tmp"
mv "dist/.zwgk_${version}_amd64.deb.tmp" "dist/zwgk_${version}_amd64.deb"
echo "dist/zwgk_${version}_amd64.deb"
