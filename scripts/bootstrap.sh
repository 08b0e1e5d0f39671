#!/usr/bin/env bash
# Installs every Debian package that zwgk's build, tests, benchmarks and tools need.
# Idempotent: packages already present are skipped by apt-get. Must run as root
# (or through sudo when available).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config ccache git
  libgtest-dev libgmock-dev libbenchmark-dev
  libicu-dev libsimdjson-dev libxlsxwriter-dev libzip-dev libpugixml-dev libtomlplusplus-dev libcli11-dev libfmt-dev nlohmann-json3-dev
  python3 python3-pandas python3-icu python3-openpyxl
  # `report --pdf` and its tests: LibreOffice without a GUI, CJK fonts, pdftotext
  libreoffice-writer-nogui fonts-noto-cjk poppler-utils
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "bootstrap: all ${#packages[@]} packages already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "bootstrap: need root to install: ${missing[*]}" >&2; exit 1
  fi
fi

echo "bootstrap: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
