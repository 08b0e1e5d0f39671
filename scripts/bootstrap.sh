#!/usr/bin/env bash
# Installs every Debian package that zwgk's build, tests, benchmarks and tools need,
# then the browser tests' npm packages (tests/e2e, `npm ci`).
# Idempotent: packages already present are skipped by apt-get. Must run as root
# (or through sudo when available).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config ccache git
  libgtest-dev libgmock-dev libbenchmark-dev
  libicu-dev libsimdjson-dev libxlsxwriter-dev libzip-dev libexpat1-dev libpugixml-dev libtomlplusplus-dev libcli11-dev libfmt-dev nlohmann-json3-dev
  python3 python3-pandas python3-icu python3-openpyxl
  # `report --pdf` and its tests: LibreOffice without a GUI, CJK fonts, pdftotext
  libreoffice-writer-nogui fonts-noto-cjk poppler-utils
  # Times New Roman's metrics for the digits and letters of 通报.pdf (fontconfig maps it to Liberation Serif)
  fonts-liberation2
  # the workspace's store and logins: SQLite, libsodium (argon2id, tokens)
  libsqlite3-dev libsodium-dev
  # reading submissions from the mailbox: MIME parsing
  libgmime-3.0-dev
  # the web workspace: its HTTP library, browser tests (Chromium + playwright-core from npm), load benchmark
  libcpp-httplib-dev chromium wrk nginx-light
  # issue 17: government list pages read with libxml2's HTML parser
  libxml2-dev
  # issue 18: PostgreSQL's client library, and a PostgreSQL 15 server that the tests start
  # privately on loopback (tests/pg/pg_cluster.py: initdb and pg_ctl in a temporary folder)
  libpq-dev postgresql-15
  # the HTTP hardening tests compress request bodies (zlib)
  zlib1g-dev
  # fetching submissions over IMAP: libcurl; its tests run a private Dovecot on
  # loopback with a throw-away CA made by openssl (tests/imap/dovecot.py)
  libcurl4-openssl-dev dovecot-imapd openssl
  # the output folder read over a Windows share: a private Samba server and its client (tests/outputs/samba_share.py)
  samba smbclient
  # issue 20: the Debian package (CPack's DEB generator takes Depends: from dpkg-shlibdeps in
  # dpkg-dev), checked with lintian; its service unit checked with systemd-analyze (systemd); its man
  # pages read back with man (man-db); its service asked with curl
  dpkg-dev lintian systemd man-db curl
)

# Node.js and npm (for the browser tests' playwright-core): the machine's own
# if present (its nodejs package may come from NodeSource and bundle npm),
# else Debian's.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "bootstrap: all ${#packages[@]} packages already installed"
else
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "bootstrap: need root to install: ${missing[*]}" >&2; exit 1
    fi
  fi

  echo "bootstrap: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Installing dovecot-imapd starts the system's Dovecot, and in a container
  # without an init system a failed start fails the whole install. The tests
  # start their own server, so while installing, a policy-rc.d refuses to
  # start dovecot and postgresql (and allows everything else) unless the machine already
  # has a policy (Docker images deny all starts). The system service stays
  # as Debian enables it, for the next boot.
  policy=/usr/sbin/policy-rc.d
  made_policy=""
  if [ ! -e "$policy" ]; then
    printf '%s\n' '#!/bin/sh' '# scripts/bootstrap.sh: do not start dovecot while installing' \
      'for a in "$@"; do case "$a" in dovecot|dovecot.service|postgresql|postgresql.service) exit 101;; esac; done' 'exit 0' |
      $SUDO tee "$policy" >/dev/null
    $SUDO chmod 755 "$policy"
    made_policy=1
    trap '$SUDO rm -f "$policy"' EXIT
  fi
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
  if [ -n "$made_policy" ]; then
    $SUDO rm -f "$policy"
    trap - EXIT
  fi
fi

# The browser tests' npm packages (tests/e2e: playwright-core, which drives
# Debian's Chromium and downloads no browser, and axe-core, the accessibility
# checks of a11y.test.mjs), exactly as locked in
# tests/e2e/package-lock.json. Needs only the npm registry. Skipped when
# node_modules was installed from the same package.json and lockfile (a stamp
# inside node_modules, which `npm ci` removes with the rest).
e2e="$(cd "$(dirname "$0")/.." && pwd)/tests/e2e"
stamp="$e2e/node_modules/.zwgk-bootstrap-stamp"
want="$(cat "$e2e/package.json" "$e2e/package-lock.json" | sha256sum | cut -d' ' -f1) node $(node --version)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "bootstrap: tests/e2e/node_modules is up to date"
else
  echo "bootstrap: npm ci --prefix tests/e2e"
  npm_ci=(npm ci --prefix "$e2e" --ignore-scripts --no-audit --no-fund)
  # Under `sudo ./scripts/bootstrap.sh`, install as the calling user so that
  # the checkout stays theirs; as plain root (containers, CI), as root.
  if [ "$(id -u)" -eq 0 ] && [ -n "${SUDO_USER:-}" ] && [ "$SUDO_USER" != root ] && command -v sudo >/dev/null 2>&1; then
    sudo -u "$SUDO_USER" -H "${npm_ci[@]}"
    sudo -u "$SUDO_USER" -H sh -c 'printf "%s\n" "$1" > "$2"' sh "$want" "$stamp"
  else
    "${npm_ci[@]}"
    printf '%s\n' "$want" > "$stamp"
  fi
fi
