#!/usr/bin/env bash
# Starts the web workspace on a copy of the shipped example (out/workspace),
# with an administrator account, and keeps it running (Ctrl+C stops it).
#   ./scripts/serve-example.sh [port]
# The first run creates out/workspace and the account `admin` with a random
# password, printed and kept in out/管理员初始密码.txt (outside the data
# directory, whose files the workspace keeps versions of).
set -euo pipefail
cd "$(dirname "$0")/.."

port="${1:-8080}"
zwgk=./build/release/src/zwgk
if [ ! -x "$zwgk" ]; then
  ./scripts/bootstrap.sh
  cmake --preset release >/dev/null
  cmake --build --preset release --target zwgk
fi
ws=out/workspace
pwfile=out/管理员初始密码.txt
if [ ! -d "$ws" ]; then
  mkdir -p out
  cp -r examples/linzi-2020q3 "$ws"
  password="$(head -c 12 /dev/urandom | base64 | tr -d '/+=' | head -c 12)"
  ZWGK_PASSWORD="$password" "$zwgk" user add --data "$ws" --name admin --role admin
  echo "$password" > "$pwfile"
  chmod 600 "$pwfile"
fi
echo "工作台：http://127.0.0.1:${port}/  用户名 admin，密码见 $pwfile（$(cat "$pwfile")）"
echo "Workspace: http://127.0.0.1:${port}/  user admin, password in $pwfile"
exec "$zwgk" serve --data "$ws" --port "$port"
