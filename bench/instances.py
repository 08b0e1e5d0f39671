#!/usr/bin/env python3
"""The ranking API with the workspace's data in PostgreSQL (issue 18): one instance, and
two instances behind nginx, against one instance on the data directory's SQLite file —
same machine, same run, wrk with 64 connections for each. Writes the "instances" section
of docs/benchmarks.md.

    bench/instances.py build/bench/src/zwgk [seconds]

Starts a private PostgreSQL 15 (tests/pg/pg_cluster.py) and nginx; needs Debian's wrk,
nginx and postgresql-15 (scripts/bootstrap.sh installs them).
"""
import json
import os
import pathlib
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

from api_throughput import free_port, wait_for, wrk
from doc_section import replace_section

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests/pg"))
import nginx_front  # noqa: E402  (the README's upstream, shared with the two-instance test)
import pg_cluster  # noqa: E402
PASSWORD = "Instances-Load-7q"
RANKING = "/api/v1/periods/2020Q3/ranking"


def login(base):
    request = urllib.request.Request(base + "/api/v1/login",
                                     json.dumps({"name": "bench", "password": PASSWORD}).encode(),
                                     {"Content-Type": "application/json"})
    cookies = urllib.request.urlopen(request).headers.get_all("Set-Cookie")
    return next(c.split(";")[0] for c in cookies if c.startswith("zwgk_session="))


def serve(zwgk, data, store, procs):
    port = free_port()
    args = [zwgk, "serve", "--data", str(data), "--port", str(port)] + (["--store", store] if store else [])
    procs.append(subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    wait_for(port)
    return port


def measure(base, seconds):
    cookie = login(base)
    with urllib.request.urlopen(urllib.request.Request(base + RANKING, headers={"Cookie": cookie})) as answer:
        if answer.status != 200:
            sys.exit(f"{base}{RANKING} answered {answer.status}")
    wrk(base + RANKING, 2, [f"Cookie: {cookie}"])  # warm up: the assessment cached
    return wrk(base + RANKING, seconds, [f"Cookie: {cookie}"])


def main():
    zwgk, seconds = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10
    env = dict(os.environ, ZWGK_PASSWORD=PASSWORD)
    results = {}
    with tempfile.TemporaryDirectory(prefix="zwgk-instances-bench-") as tmp:
        tmp = pathlib.Path(tmp)
        state = tmp / "pg"
        url = subprocess.run([sys.executable, str(ROOT / "tests/pg/pg_cluster.py"), "start", str(state)], check=True,
                             capture_output=True, text=True).stdout.strip()
        procs = []
        try:
            sqlite_dir = tmp / "sqlite"
            shutil.copytree(ROOT / "examples/linzi-2020q3", sqlite_dir)
            subprocess.run([zwgk, "user", "add", "--data", str(sqlite_dir), "--name", "bench", "--role", "admin"],
                           check=True, env=env, capture_output=True)
            store = pg_cluster.create_database(url, "zwgk_bench")
            source = tmp / "source"
            shutil.copytree(ROOT / "examples/linzi-2020q3", source)
            subprocess.run([zwgk, "store", "import", "--store", store, "--data", str(source)], check=True,
                           capture_output=True)
            subprocess.run([zwgk, "user", "add", "--store", store, "--data", str(source), "--name", "bench", "--role",
                            "admin"], check=True, env=env, capture_output=True)

            port = serve(zwgk, sqlite_dir, "", procs)
            results["sqlite-1"] = measure(f"http://127.0.0.1:{port}", seconds)
            pg_ports = []
            for n in range(2):
                (tmp / f"copy{n}").mkdir()
                pg_ports.append(serve(zwgk, tmp / f"copy{n}", store, procs))
            results["pg-1"] = measure(f"http://127.0.0.1:{pg_ports[0]}", seconds)
            for label, upstreams in (("pg-1-nginx", pg_ports[:1]), ("pg-2-nginx", pg_ports)):
                front = free_port()
                nginx = nginx_front.start(tmp, label, front, upstreams)
                try:
                    wait_for(front)
                    results[label] = measure(f"http://127.0.0.1:{front}", seconds)
                finally:
                    nginx.terminate()
                    nginx.wait()
        finally:
            for proc in procs:
                proc.terminate()
                proc.wait()
            subprocess.run([sys.executable, str(ROOT / "tests/pg/pg_cluster.py"), "stop", str(state)],
                           capture_output=True)
    write(results, seconds)


def write(results, seconds):
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    rows = [("sqlite-1", "1 instance, data directory's SQLite file (baseline)"),
            ("pg-1", "1 instance, PostgreSQL 15"),
            ("pg-1-nginx", "1 instance, PostgreSQL 15, behind nginx"),
            ("pg-2-nginx", "2 instances, PostgreSQL 15, behind nginx")]
    table = "\n".join(f"| {label} | {results[key]['rps']:,.0f} | {results[key]['p99_ms']:.2f} ms | "
                      f"{results[key]['errors']} |" for key, label in rows)
    text = f"""## The ranking API on PostgreSQL, one and two instances

`bench/instances.py build/bench/src/zwgk {seconds}`: `wrk -t2 -c64 -d{seconds}s --latency` on loopback against
`GET /api/v1/periods/2020Q3/ranking` for a logged-in administrator (every answer checked: non-2xx must be 0), every server, PostgreSQL 15 (a private cluster,
`tests/pg/pg_cluster.py`, fsync off) and nginx 1.22 (2 workers) on the same {os.cpu_count()}-CPU machine as the
client, in one run. With PostgreSQL every request checks the session and the data files' version in the database
(the instance's working copy is brought up to date when a version was saved; none is during the run); with SQLite
the session is read from the data directory's file.

| configuration | requests/s | p99 latency | non-2xx |
|---|---:|---:|---:|
{table}

Machine: {cpu}, {platform.platform()}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, source {commit}.
On this machine the client, nginx, PostgreSQL and the instances share the same {os.cpu_count()} CPUs, so a second
instance adds no CPU to share the work: it shows the cost of the extra hop and of the database round trips, not
the scaling a second machine would give. Against SQLite's in-process reads, each PostgreSQL request makes several
round trips over loopback (the session, its user, the data files' version, the ledgers' versions), which the
2 CPUs pay for in turn; folding them into fewer queries, or caching them under LISTEN/NOTIFY, is left to the
performance work (issue 19)."""
    replace_section(ROOT / "docs/benchmarks.md", "instances", text)
    for key, label in rows:
        print(f"{label}: {results[key]['rps']:.0f} req/s, p99 {results[key]['p99_ms']:.2f} ms")


if __name__ == "__main__":
    main()
