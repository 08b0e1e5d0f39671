#!/usr/bin/env bash
# package.offline_bundle (issue 20): builds the offline bundle, makes a bare
# Debian 12 (debootstrap --variant=minbase: what every Debian 12 has) in a
# temporary folder, and inside it (chroot, no network used) unpacks the bundle
# and runs its install.sh, then `zwgk report` on the installed Linzi example
# as the zwgk user: the four tables must equal the seed's goldens.
#
#   tests/package/offline_bundle_test.sh SOURCE_DIR
#
# Needs root and the Debian mirror (debootstrap, apt-get download): not in
# the default test run; ctest runs it when configured with
# -DZWGK_TEST_NETWORK=ON (docs/install.md).
set -euo pipefail
root=$(cd "$1" && pwd)
fail() { echo "FAIL: $*" >&2; exit 1; }
if [ "$(id -u)" != 0 ]; then echo "skipped: debootstrap and chroot need root"; exit 77; fi
command -v debootstrap >/dev/null || apt-get install -y -q --no-install-recommends debootstrap

bare=$(mktemp -d)
chmod 755 "$bare"  # the root folder of the bare system, which its users must enter
trap 'rm -rf "$bare"' EXIT
cd "$root"
bundle=$root/$(ZWGK_SKIP_BOOTSTRAP=1 ./scripts/offline-bundle.sh | tail -1)
name=$(basename "$bundle" .tar)
echo "== debootstrap --variant=minbase bookworm"
debootstrap --variant=minbase bookworm "$bare" http://deb.debian.org/debian >/dev/null
before=$(chroot "$bare" dpkg-query -W | wc -l)
mkdir -p "$bare/root/bundle"
cp "$bundle" "$bare/root/bundle/"
echo "== install.sh in the bare system ($before packages)"
chroot "$bare" /bin/bash -c "cd /root/bundle && tar -xf $name.tar && ./$name/install.sh" || fail "install.sh failed"
chroot "$bare" dpkg-query -W -f='${Status}' zwgk | grep -q 'install ok installed' || fail "zwgk not installed"
after=$(chroot "$bare" dpkg-query -W | wc -l)
listed=$(find "$bare/root/bundle/$name" -name '*.deb' | wc -l)
[ $((after - before)) = "$listed" ] || fail "$((after - before)) packages installed, the bundle has $listed"
echo "== zwgk report as the zwgk user"
chroot "$bare" /bin/bash -c 'cp -r /usr/share/doc/zwgk/examples/linzi-2020q3 /tmp/linzi && chown -R zwgk:zwgk /tmp/linzi &&
  runuser -u zwgk -- zwgk report --data /tmp/linzi --out /tmp/linzi-out'
for table in "$root"/tests/golden/linzi-2020q3/expected/*; do
  cmp "$table" "$bare/tmp/linzi-out/$(basename "$table")" || fail "$(basename "$table") differs from the seed's golden"
done
echo "package.offline_bundle: $listed packages installed from the bundle alone; the report equals the goldens"
