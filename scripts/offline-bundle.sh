#!/usr/bin/env bash
# The offline bundle (issue 20): zwgk's .deb with every .deb it needs on a bare
# Debian 12, and an install.sh that installs them from the local files alone,
# for a government intranet server without internet access.
#
#   ./scripts/offline-bundle.sh     # on a Debian 12 machine with apt access;
#                                   # prints the archive's path on its last line
#
# Builds the package (package-deb.sh), works out with apt what it needs on a
# machine holding only what debootstrap installs (Priority: required and apt;
# Recommends are left out: LibreOffice, for PDF alone, is several hundred MB
# and can be added later), downloads those with apt-get download and writes dist/zwgk-offline_<version>_amd64.tar
# (whole or not at all) holding zwgk-offline_<version>_amd64/: install.sh,
# 软件包清单.txt, zwgk_<version>_amd64.deb and debs/.
set -euo pipefail
cd "$(dirname "$0")/.."

deb=$(./scripts/package-deb.sh | tail -1)
version=$(dpkg-deb -f "$deb" Version)
name=zwgk-offline_${version}_amd64
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name/debs"
cp "$deb" "$stage/$name/"

# What apt would install on a machine with nothing installed (an empty dpkg
# status), once for a bare Debian 12 (every Priority: required package and apt,
# what debootstrap installs) and once for that plus zwgk: the difference is
# what the bundle must carry. apt's own resolver picks among alternatives.
empty=$stage/empty-status
: > "$empty"
installs() {
  apt-get -s -o Dir::State::status="$empty" -o APT::Install-Recommends=false install "$@" 2>&1 |
    sed -n 's/^Inst \([^ ]*\) .*/\1/p' | sort -u
}
mapfile -t required < <(apt-cache dumpavail | awk '/^Package:/ {p = $2} /^Priority: required/ {print p}' | sort -u)
base=$(installs "${required[@]}" apt)
with_zwgk=$(installs "${required[@]}" apt "./$deb")
[ -n "$base" ] && grep -qx zwgk <<<"$with_zwgk" || { echo "offline-bundle: apt could not resolve zwgk's dependencies" >&2; exit 1; }
mapfile -t needed < <(comm -13 <(echo "$base") <(echo "$with_zwgk") | grep -vx zwgk)
echo "offline-bundle: ${#needed[@]} packages besides zwgk" >&2
(cd "$stage/$name/debs" && apt-get -q -o APT::Sandbox::User=root download "${needed[@]}" >&2)

{
  echo "zwgk 离线安装包：zwgk ${version} 及其在 Debian 12 上所需的全部软件包"
  echo
  printf '%-40s %-32s %10s\n' 软件包 版本 大小
  for f in "$stage/$name/$(basename "$deb")" "$stage/$name"/debs/*.deb; do
    printf '%-40s %-32s %10s\n' "$(dpkg-deb -f "$f" Package)" "$(dpkg-deb -f "$f" Version)" "$(du -k "$f" | cut -f1) KB"
  done
} > "$stage/$name/软件包清单.txt"
cp packaging/offline-install.sh "$stage/$name/install.sh"
chmod 755 "$stage/$name/install.sh"

mkdir -p dist
tar -C "$stage" -cf "dist/.$name.tar.tmp" "$name"
mv "dist/.$name.tar.tmp" "dist/$name.tar"
echo "offline-bundle: $(du -h "dist/$name.tar" | cut -f1), $(( ${#needed[@]} + 1 )) packages" >&2
echo "dist/$name.tar"
