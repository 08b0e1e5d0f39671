#!/usr/bin/env python3
"""The ranking API under load: `zwgk serve` answering
GET /api/v1/periods/2020Q3/ranking (a logged-in session: every request checks
the session and the data files' fingerprint, then formats the cached
assessment) against nginx serving the same JSON as a static file, both on
loopback, measured by wrk with 64 connections in the same run. Writes the
"api-throughput" section of docs/benchmarks.md.

    bench/api_throughput.py build/release/src/zwgk [seconds]
Needs Debian's wrk and nginx (scripts/bootstrap.sh installs them).
"""
import json
import os
import pathlib
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

from doc_section import replace_section

ROOT = pathlib.Path(__file__).resolve().parent.parent
CONNECTIONS, THREADS = 64, 2


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port):
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"nothing listens on {port}")


def wrk(url, seconds, headers=()):
    args = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency"]
    for h in headers:
        args += ["-H", h]
    out = subprocess.run(args + [url], check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p99_ms": float(p99.group(1)) * scale, "errors": int(errors.group(1)) if errors else 0}


def main():
    zwgk, seconds = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10
    with tempfile.TemporaryDirectory(prefix="zwgk-api-bench-") as tmp:
        tmp = pathlib.Path(tmp)
        tmp.chmod(0o755)  # nginx's workers run as nobody: they must read www/
        ws = tmp / "ws"
        shutil.copytree(ROOT / "examples/linzi-2020q3", ws)
        env = dict(os.environ, ZWGK_PASSWORD="Api-Load-Secret-7q")
        subprocess.run([zwgk, "user", "add", "--data", str(ws), "--name", "bench", "--role", "admin"],
                       check=True, env=env, capture_output=True)
        port, static_port = free_port(), free_port()
        server = subprocess.Popen([zwgk, "serve", "--data", str(ws), "--port", str(port)], stdout=subprocess.DEVNULL)
        nginx = None
        try:
            wait_for(port)
            login = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/login",
                                           json.dumps({"name": "bench", "password": "Api-Load-Secret-7q"}).encode(),
                                           {"Content-Type": "application/json"})
            cookie = next(c.split(";")[0] for c in urllib.request.urlopen(login).headers.get_all("Set-Cookie")
                          if c.startswith("zwgk_session="))
            url = f"http://127.0.0.1:{port}/api/v1/periods/2020Q3/ranking"
            body = urllib.request.urlopen(urllib.request.Request(url, headers={"Cookie": cookie})).read()
            (tmp / "www").mkdir()
            (tmp / "www/ranking.json").write_bytes(body)
            (tmp / "nginx.conf").write_text(f"""
worker_processes 2; pid {tmp}/nginx.pid; error_log {tmp}/error.log; daemon off;
events {{ worker_connections 1024; }}
http {{ access_log off; default_type application/json;
  client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fcgi;
  uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
  server {{ listen 127.0.0.1:{static_port}; root {tmp}/www; }} }}
""")
            nginx = subprocess.Popen(["nginx", "-p", str(tmp), "-c", str(tmp / "nginx.conf")])
            wait_for(static_port)
            wrk(url, 2, [f"Cookie: {cookie}"])  # warm up
            zw = wrk(url, seconds, [f"Cookie: {cookie}"])
            ng = wrk(f"http://127.0.0.1:{static_port}/ranking.json", seconds)
        finally:
            server.terminate()
            server.wait()
            if nginx:
                nginx.terminate()
                nginx.wait()
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    text = f"""## The ranking API under 64 concurrent connections

`bench/api_throughput.py build/release/src/zwgk {seconds}`: `wrk -t{THREADS} -c{CONNECTIONS} -d{seconds}s --latency`
on loopback, client and servers on the same {os.cpu_count()}-CPU machine. zwgk answers
`GET /api/v1/periods/2020Q3/ranking` for a logged-in administrator (session lookup in the SQLite store,
a fingerprint of the data files, the cached assessment formatted as JSON: {len(body):,} bytes for
67 units); the baseline is nginx 1.22 (2 workers) serving the same bytes as a static file.

| server | requests/s | p99 latency | non-2xx |
|---|---:|---:|---:|
| zwgk serve | {zw['rps']:,.0f} | {zw['p99_ms']:.2f} ms | {zw['errors']} |
| nginx, static file (baseline) | {ng['rps']:,.0f} | {ng['p99_ms']:.2f} ms | {ng['errors']} |

Machine: {cpu}, {platform.platform()}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, source {commit}."""
    replace_section(ROOT / "docs/benchmarks.md", "api-throughput", text)
    print(f"api_throughput: zwgk {zw['rps']:.0f} req/s p99 {zw['p99_ms']:.2f} ms; nginx {ng['rps']:.0f} req/s "
          f"p99 {ng['p99_ms']:.2f} ms")


if __name__ == "__main__":
    main()
