#!/usr/bin/env python3
"""The API under load: `zwgk serve` answering the ranking alone, the 总览 page's set of
requests and the unit page's (a logged-in session: every request checks the session and
the database's change counter, the data files each second, then sends the assessment's
JSON made once) against nginx serving the same bytes as static files, both on loopback,
measured by wrk with 64 connections in the same run. Writes the "api-throughput" section
of docs/benchmarks.md.

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
import urllib.parse
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


def wrk(url, seconds, headers=(), script=None):
    args = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency"]
    for h in headers:
        args += ["-H", h]
    if script:
        args += ["-s", str(script)]
    out = subprocess.run(args + [url], check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p99_ms": float(p99.group(1)) * scale, "errors": int(errors.group(1)) if errors else 0}


# What is measured: (name, what the doc calls it, the API paths requested in turn). The 总览
# page's set is what the browser asks for when the page opens and its tabs are shown; the
# unit page's what it asks for a unit.
UNIT = urllib.parse.quote("区商务局")
SETS = [
    ("ranking", "`GET …/2020Q3/ranking` alone", ["/api/v1/periods/2020Q3/ranking"]),
    ("overview", "the 总览 page's requests in turn (me, periods, scheme, ranking, progress, trends)",
     ["/api/v1/me", "/api/v1/periods", "/api/v1/scheme", "/api/v1/periods/2020Q3/ranking",
      "/api/v1/periods/2020Q3/progress", "/api/v1/trends"]),
    ("unit", "the unit page's requests in turn (periods, scheme, ranking, the unit's details)",
     ["/api/v1/periods", "/api/v1/scheme", "/api/v1/periods/2020Q3/ranking", f"/api/v1/periods/2020Q3/units/{UNIT}"]),
]


def rotation_script(path, paths):
    """A wrk script asking for `paths` in turn on every connection."""
    listed = ", ".join(json.dumps(p) for p in paths)
    path.write_text(f"local paths = {{{listed}}}\nlocal i = 0\n"
                    "request = function()\n  i = i % #paths + 1\n  return wrk.format('GET', paths[i])\nend\n")
    return path


def static_name(path):
    """Where nginx keeps the bytes of API path `path`."""
    return "/" + urllib.parse.quote(path.strip("/").replace("/", "_"), safe="") + ".json"


def login(port):
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/login",
                                     json.dumps({"name": "bench", "password": "Api-Load-Secret-7q"}).encode(),
                                     {"Content-Type": "application/json"})
    return next(c.split(";")[0] for c in urllib.request.urlopen(request).headers.get_all("Set-Cookie")
                if c.startswith("zwgk_session="))


def nginx_conf(tmp, port):
    return f"""
worker_processes 2; pid {tmp}/nginx.pid; error_log {tmp}/error.log; daemon off;
events {{ worker_connections 1024; }}
http {{ access_log off; default_type application/json;
  client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fcgi;
  uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
  server {{ listen 127.0.0.1:{port}; root {tmp}/www; }} }}
"""


def measure(zwgk, seconds, tmp):
    """{set name: {"zwgk": wrk result, "nginx": wrk result, "bytes": bytes per round}}."""
    ws = tmp / "ws"
    shutil.copytree(ROOT / "examples/linzi-2020q3", ws)
    env = dict(os.environ, ZWGK_PASSWORD="Api-Load-Secret-7q")
    subprocess.run([zwgk, "user", "add", "--data", str(ws), "--name", "bench", "--role", "admin"],
                   check=True, env=env, capture_output=True)
    port, static_port = free_port(), free_port()
    server = subprocess.Popen([zwgk, "serve", "--data", str(ws), "--port", str(port)], stdout=subprocess.DEVNULL)
    nginx = None
    results = {}
    try:
        wait_for(port)
        cookie = login(port)
        (tmp / "www").mkdir()
        for name, _, paths in SETS:
            size = 0
            for path in paths:
                body = urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}{path}",
                                                                     headers={"Cookie": cookie})).read()
                (tmp / "www" / static_name(path).lstrip("/")).write_bytes(body)
                size += len(body)
            results[name] = {"bytes": size}
        (tmp / "nginx.conf").write_text(nginx_conf(tmp, static_port))
        nginx = subprocess.Popen(["nginx", "-p", str(tmp), "-c", str(tmp / "nginx.conf")])
        wait_for(static_port)
        for name, _, paths in SETS:
            api_script = rotation_script(tmp / f"{name}-api.lua", paths)
            static_script = rotation_script(tmp / f"{name}-static.lua", [static_name(p) for p in paths])
            wrk(f"http://127.0.0.1:{port}/", 2, [f"Cookie: {cookie}"], api_script)  # warm up
            results[name]["zwgk"] = wrk(f"http://127.0.0.1:{port}/", seconds, [f"Cookie: {cookie}"], api_script)
            results[name]["nginx"] = wrk(f"http://127.0.0.1:{static_port}/", seconds, [], static_script)
    finally:
        server.terminate()
        server.wait()
        if nginx:
            nginx.terminate()
            nginx.wait()
    return results


def main():
    zwgk, seconds = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10
    with tempfile.TemporaryDirectory(prefix="zwgk-api-bench-") as tmp:
        tmp = pathlib.Path(tmp)
        tmp.chmod(0o755)  # nginx's workers run as nobody: they must read www/
        load_before = os.getloadavg()[0]
        results = measure(zwgk, seconds, tmp)
        load_after = os.getloadavg()[0]
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    rows = []
    for name, what, _ in SETS:
        r = results[name]
        z, n = r["zwgk"], r["nginx"]
        rows.append(f"| {what} | {z['rps']:,.0f} | {z['p99_ms']:.2f} ms | {z['errors']} | {n['rps']:,.0f} | "
                    f"{n['p99_ms']:.2f} ms | {n['rps'] / z['rps']:.1f}× |")
    table = "\n".join(rows)
    text = f"""## The API under 64 concurrent connections, against nginx

`bench/api_throughput.py build/bench/src/zwgk {seconds}`: `wrk -t{THREADS} -c{CONNECTIONS} -d{seconds}s --latency`
on loopback, client and servers on the same {os.cpu_count()}-CPU machine, one after the other in one run. zwgk
answers a logged-in administrator: the first time a worker thread answers (the session recognised from
memory while the SQLite database's change counter stays the same, the data files looked at again each
second, each answer's JSON made once per assessment), and from then on the gate thread replays that answer
byte for byte while the database, the workspace, the session and the caches it was read from are unchanged
(`src/server/replay.h`; at most one second, so each answer is made again by a worker about once a second);
the baseline is nginx 1.22 (2 workers) serving the same bytes as static files. Each set is
asked in turn on every connection (a wrk script).

| requests | zwgk requests/s | zwgk p99 | zwgk non-2xx | nginx requests/s | nginx p99 | nginx ÷ zwgk |
|---|---:|---:|---:|---:|---:|---:|
{table}

The p99 latencies are those of a 2-CPU machine shared by wrk's two threads and the server: nginx's are
as high. Before issue 19's work (sessions, ledger versions and period lists read from the database or
the disk on every request) the same machine answered the ranking alone at 8,000–12,000 requests/s; with
those caches but without replays (every request handed to a worker thread, one thread wake-up each) at
about 40,000 requests/s (2.4× below nginx).

Machine: {cpu}, {platform.platform()}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, source {commit};
1-minute load average {load_before:.2f} before the runs, {load_after:.2f} after."""
    replace_section(ROOT / "docs/benchmarks.md", "api-throughput", text)
    for name, _, _ in SETS:
        z, n = results[name]["zwgk"], results[name]["nginx"]
        print(f"api_throughput {name}: zwgk {z['rps']:.0f} req/s p99 {z['p99_ms']:.2f} ms; "
              f"nginx {n['rps']:.0f} req/s p99 {n['p99_ms']:.2f} ms")


if __name__ == "__main__":
    main()
