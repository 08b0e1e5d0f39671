#!/usr/bin/env bash
# package.deb (issue 20): builds the Debian package, checks it with lintian,
# installs it on this machine, runs `zwgk report` on the installed Linzi
# example as the zwgk user (the four tables equal the seed's goldens), checks
# the service unit with systemd-analyze and starts the unit's command line as
# the unit gives it, upgrades the package over itself keeping a workspace,
# removes it (data kept) and purges it (data gone).
#
#   tests/package/deb_test.sh SOURCE_DIR
#
# Needs root (dpkg); without it the test is skipped (exit 77). A machine
# whose installed zwgk holds data this test did not make is left alone: the
# test fails and says so rather than purge someone's workspace.
set -euo pipefail
root=$(cd "$1" && pwd)
marker=.zwgk-package-test

fail() { echo "FAIL: $*" >&2; exit 1; }
step() { printf '== %s\n' "$*"; }
installed() { dpkg-query -W -f='${Status}' zwgk 2>/dev/null | grep -q 'install ok installed'; }
known() { dpkg-query -W -f='${Status}' zwgk 2>/dev/null | grep -qv 'not-installed'; }

if [ "$(id -u)" != 0 ]; then echo "skipped: installing a package needs root"; exit 77; fi
if known; then
  if [ -d /var/lib/zwgk ] && [ ! -e /var/lib/zwgk/$marker ] && [ -n "$(ls -A /var/lib/zwgk)" ]; then
    fail "zwgk is installed here with a workspace this test did not make (/var/lib/zwgk); not touching it"
  fi
  dpkg -P zwgk >/dev/null
fi

work=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

step "building the package"
cd "$root"
deb=$root/$(ZWGK_SKIP_BOOTSTRAP=1 ./scripts/package-deb.sh | tail -1)
version=$(dpkg-deb -f "$deb" Version)
[ "$(basename "$deb")" = "zwgk_${version}_amd64.deb" ] || fail "package name $(basename "$deb")"

step "lintian"
lintian --fail-on error "$deb" | tee "$work/lintian.txt" || fail "lintian reports errors"
grep -q '^E:' "$work/lintian.txt" && fail "lintian reports errors"

step "control fields"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for lib in adduser libc6 libstdc++6 libicu72 libsqlite3-0 libpq5 libcurl4 libgmime-3.0-0 libzip4 libxlsxwriter libsodium23 libxml2; do
  grep -q "\b$lib" <<<"$depends" || fail "Depends lacks $lib"
done
grep -q libreoffice <<<"$(dpkg-deb -f "$deb" Recommends)" || fail "Recommends lacks LibreOffice"
for dev in -dev gtest; do grep -q -- "$dev" <<<"$depends" && fail "Depends names a build package ($dev)"; done

step "installing"
dpkg -i "$deb" | tee "$work/install.txt"
installed || fail "not installed"
grep -q "zwgk 已安装" "$work/install.txt" || fail "postinst said nothing on a fresh install"
touch /var/lib/zwgk/$marker
getent passwd zwgk | grep -q ':/var/lib/zwgk:' || fail "no zwgk user with home /var/lib/zwgk"
[ "$(stat -c '%U:%G %a' /var/lib/zwgk)" = "zwgk:zwgk 750" ] || fail "/var/lib/zwgk is $(stat -c '%U:%G %a' /var/lib/zwgk)"
[ "$(stat -c '%U:%G %a' /etc/zwgk/zwgk.conf)" = "root:zwgk 640" ] || fail "/etc/zwgk/zwgk.conf is $(stat -c '%U:%G %a' /etc/zwgk/zwgk.conf)"
grep -qx /etc/zwgk/zwgk.conf /var/lib/dpkg/info/zwgk.conffiles || fail "zwgk.conf is not a conffile"
for page in zwgk zwgk-report zwgk-serve zwgk-store; do man -w "$page" >/dev/null || fail "no man page $page"; done
man zwgk-report 2>/dev/null | grep -q "考核" || fail "zwgk-report(1) does not read as the Chinese help"

step "zwgk --version"
/usr/bin/zwgk --version | tee "$work/version.txt"
head -1 "$work/version.txt" | grep -q "^zwgk $version（源代码提交 $(git -c safe.directory="*" -C "$root" rev-parse --short=12 HEAD)" ||
  fail "--version does not name $version and the source commit"
for lib in ICU SQLite libpq libcurl GMime libzip; do grep -q "^  $lib [0-9]" "$work/version.txt" || fail "--version lacks $lib"; done

step "zwgk report on the installed example, as the zwgk user"
cp -r /usr/share/doc/zwgk/examples/linzi-2020q3 "$work/linzi"
chown -R zwgk:zwgk "$work"
chmod 755 "$work"
runuser -u zwgk -- /usr/bin/zwgk report --data "$work/linzi" --out "$work/out"
for table in "$root"/tests/golden/linzi-2020q3/expected/*; do
  cmp "$table" "$work/out/$(basename "$table")" || fail "$(basename "$table") differs from the seed's golden"
done
[ -s "$work/out/通报.docx" ] || fail "no 通报.docx"

step "the service unit"
unit=/lib/systemd/system/zwgk.service
systemd-analyze verify "$unit" >"$work/verify.txt" 2>&1 || { cat "$work/verify.txt"; fail "systemd-analyze verify refuses the unit"; }
grep -v -e '^$' "$work/verify.txt" | grep -q . && fail "systemd-analyze verify complains"
value() { sed -n "s/^$1=//p" "$unit"; }
user=$(value User)
envfile=$(value EnvironmentFile)
exec_start=$(value ExecStart)
[ "$user" = zwgk ] || fail "the unit runs as '$user'"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# The unit's command line with the unit's settings file (the port alone moved off
# 8080, which this machine may be using), as the unit's user, in its directory.
(cd "$(value WorkingDirectory)" && env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin bash -c \
  "set -a; . '$envfile'; ZWGK_PORT=$port; exec runuser -u '$user' -- $exec_start" >"$work/serve.txt" 2>&1) &
server_pid=$!
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$port/" -o "$work/index.html" && break
  sleep 0.2
done
grep -q "政务公开" "$work/index.html" || { cat "$work/serve.txt"; fail "the service's page did not answer"; }
grep -q "数据目录：/var/lib/zwgk" "$work/serve.txt" || fail "the service did not take its data directory from zwgk.conf"
kill "$server_pid"; wait "$server_pid" || true; server_pid=

step "a workspace, then an upgrade over itself"
ZWGK_PASSWORD='Zwgk-包测试-2026' runuser -u zwgk -- /usr/bin/zwgk user add --data /var/lib/zwgk --name 管理员 --role admin
sed -i 's/^ZWGK_PORT=.*/ZWGK_PORT=8181/' /etc/zwgk/zwgk.conf
dpkg -i "$deb" | tee "$work/upgrade.txt"
grep -q "升级数据目录 /var/lib/zwgk 的数据库结构" "$work/upgrade.txt" || fail "the upgrade did not migrate the database"
grep -q "数据库的结构已是本版本的" "$work/upgrade.txt" || fail "the migration did not finish"
runuser -u zwgk -- /usr/bin/zwgk user list --data /var/lib/zwgk | grep -q 管理员 || fail "the upgrade lost the workspace's user"
grep -qx ZWGK_PORT=8181 /etc/zwgk/zwgk.conf || fail "the upgrade replaced the changed settings"

step "remove keeps the data, purge deletes it"
dpkg -r zwgk | tee "$work/remove.txt"
[ ! -e /usr/bin/zwgk ] || fail "/usr/bin/zwgk still there after remove"
[ -f /var/lib/zwgk/zwgk.db ] || fail "remove deleted the workspace"
[ -f /etc/zwgk/zwgk.conf ] || fail "remove deleted the settings"
dpkg -P zwgk | tee "$work/purge.txt"
grep -q "正在删除数据目录 /var/lib/zwgk" "$work/purge.txt" || fail "purge did not say it deletes the data"
[ ! -e /var/lib/zwgk ] || fail "purge left /var/lib/zwgk"
[ ! -e /etc/zwgk ] || fail "purge left /etc/zwgk"
echo "package.deb: all checks passed"
