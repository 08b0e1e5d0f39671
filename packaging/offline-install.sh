#!/bin/sh
# 在没有互联网的 Debian 12 服务器上安装 zwgk：解开离线安装包后，以 root 运行
#   ./install.sh
# 只用本目录中的软件包（不访问任何软件源）：本机已有相同或更新版本的软件包跳过，
# 其余的与 zwgk 一起用 dpkg 安装。再次运行无害；zwgk 已安装时即为升级（数据保留）。
set -e
cd "$(dirname "$0")"

if [ "$(id -u)" != 0 ]; then
  echo "错误：请以 root 运行（sudo ./install.sh）" >&2
  exit 1
fi

set --
for f in debs/*.deb; do
  [ -e "$f" ] || continue
  pkg=$(dpkg-deb -f "$f" Package)
  ver=$(dpkg-deb -f "$f" Version)
  have=$(dpkg-query -W -f='${Status} ${Version}' "$pkg" 2>/dev/null | sed -n 's/^install ok installed //p')
  if [ -n "$have" ] && dpkg --compare-versions "$have" ge "$ver"; then
    continue
  fi
  set -- "$@" "$f"
done
echo "安装依赖的软件包：$# 个（其余本机已有）"
for f in zwgk_*_amd64.deb; do set -- "$@" "$f"; done
if ! dpkg -i "$@"; then
  echo "错误：安装未完成。请把上面的输出发给 zwgk 的维护人员；可运行 dpkg --configure -a 重试。" >&2
  exit 1
fi
echo
echo "zwgk 已安装：$(zwgk --version | head -1)"
echo "设置：/etc/zwgk/zwgk.conf；说明：man zwgk 和 /usr/share/doc/zwgk/"
