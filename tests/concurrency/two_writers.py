#!/usr/bin/env python3
"""The CLI and the server record follow-up events into one data directory at once.

    two_writers.py ZWGK ROOT [EVENTS]

Issue 13: `zwgk rectify` (its own process) and `zwgk serve` write the same
DIR/zwgk.db; the admissibility check, the event and its audit entry are one
SQLite transaction that excludes the other process (BEGIN IMMEDIATE), not a
lock of one process. Here, on a copy of the example quarter, the command
line records EVENTS (default 200) events — two workers, each alternating
整改回复 and 退回 on its own item, one `zwgk rectify` process per event —
while the server records EVENTS more the same way on two other items through
its HTTP API, as an administrator registering the units' replies, keeping
pace with the command line so that both write from the first event to the
last. Every
command and request must succeed, and afterwards the ledger holds exactly
the 2 × EVENTS events, each once, each item's replies and rejections
alternating in the order they were sent, and the audit log one entry per
event naming it.
"""
import http.cookiejar
import json
import os
import pathlib
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

PASSWORD = "Two-Writers-Secret-9"
PERIOD = "2020Q3"
CLI_ITEMS = [("区商务局", "目录未上传"), ("区信访局", "目录未上传")]
SERVER_ITEMS = [("区残联", "目录未上传"), ("区供销社", "目录未上传")]

failures = []
lock = threading.Lock()
# How many events the command line has recorded: the server keeps pace with
# it, so that the two write at the same time from the first event to the last
# (the server alone is several times faster).
cli_done = 0
cli_progress = threading.Condition()


def fail(message):
    with lock:
        failures.append(message)
    print(f"FAIL: {message}", flush=True)


def item_id(unit, code):
    return f"{PERIOD}/{unit}/{code}"


def cli_worker(zwgk, data, unit, code, count):
    """Alternates reply and reject on one item, one process per event."""
    global cli_done
    for n in range(count):
        text = f"命令行第{n}次"
        if n % 2 == 0:
            args = ["rectify", "reply", "--data", data, item_id(unit, code), "--text", text,
                    "--link", f"https://example.gov.cn/cli/{n}"]
        else:
            args = ["rectify", "reject", "--data", data, item_id(unit, code), "--reason", text]
        result = subprocess.run([zwgk, *args], capture_output=True, text=True, timeout=120,
                                stdin=subprocess.DEVNULL)
        if result.returncode != 0:
            fail(f"zwgk {' '.join(args[:2])} {item_id(unit, code)} #{n}: exit {result.returncode}: {result.stderr}")
            return
        with cli_progress:
            cli_done += 1
            cli_progress.notify_all()


class Client:
    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.csrf = ""

    def post(self, path, body):
        request = urllib.request.Request(self.base + path, data=json.dumps(body).encode(), method="POST",
                                         headers={"Content-Type": "application/json", "X-CSRF-Token": self.csrf})
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def login(self, name):
        status, body = self.post("/api/v1/login", {"name": name, "password": PASSWORD})
        if status != 200:
            raise RuntimeError(f"login failed: {status} {body}")
        self.csrf = body.get("csrf", "")


def server_worker(base, unit, code, count):
    """The same alternation over HTTP, as an administrator registering the unit's reply."""
    client = Client(base)
    client.login("admin")
    path = f"/api/v1/periods/{PERIOD}/rectification/{urllib.parse.quote(unit)}/{urllib.parse.quote(code)}"
    for n in range(count):
        with cli_progress:  # each server worker follows one command-line worker's pace
            cli_progress.wait_for(lambda: cli_done >= 2 * n or failures, timeout=300)
        text = f"工作台第{n}次"
        if n % 2 == 0:
            status, body = client.post(path + "/reply", {"text": text, "link": f"https://example.gov.cn/web/{n}"})
        else:
            status, body = client.post(path + "/reject", {"text": text})
        if status != 200:
            fail(f"POST {path} #{n}: {status} {body}")
            return


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(zwgk, data, log):
    port = free_port()
    proc = subprocess.Popen([zwgk, "serve", "--data", data, "--host", "127.0.0.1", "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"zwgk serve exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc, base
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("zwgk serve did not listen within 60 s")


def check_ledger(data, items, who, per_item):
    db = sqlite3.connect(pathlib.Path(data) / "zwgk.db")
    for unit, code in items:
        item = item_id(unit, code)
        rows = db.execute("SELECT kind, text FROM followup_events WHERE item = ? ORDER BY id", (item,)).fetchall()
        if len(rows) != per_item:
            fail(f"{item}: {len(rows)} events in the ledger, expected {per_item}")
        expected = [("reply" if n % 2 == 0 else "reject", f"{who}第{n}次") for n in range(per_item)]
        if rows != expected[:len(rows)]:
            fail(f"{item}: the events are not the ones sent, once each, in order: {rows[:6]}…")
        audits = db.execute("SELECT detail FROM audit WHERE target = ? AND action IN ('整改回复', '退回') ORDER BY id",
                            (item,)).fetchall()
        if len(audits) != per_item:
            fail(f"{item}: {len(audits)} audit entries, expected {per_item}")
        for n, (detail,) in enumerate(audits[:per_item]):
            if f"{who}第{n}次" not in detail:
                fail(f"{item}: audit entry {n} does not name its event: {detail}")
                break
    db.close()


def main():
    zwgk, root = sys.argv[1], pathlib.Path(sys.argv[2])
    events = int(sys.argv[3]) if len(sys.argv) > 3 else 200
    per_item = events // 2
    with tempfile.TemporaryDirectory(prefix="zwgk-two-writers-") as tmp:
        data = str(pathlib.Path(tmp) / "data")
        shutil.copytree(root / "examples" / "linzi-2020q3", data)
        env = dict(os.environ, ZWGK_PASSWORD=PASSWORD)
        added = subprocess.run([zwgk, "user", "add", "--data", data, "--name", "admin", "--role", "admin"],
                               capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)
        if added.returncode != 0:
            print(added.stderr)
            return 1
        log = open(pathlib.Path(tmp) / "serve.log", "w")
        server, base = start_server(zwgk, data, log)
        try:
            threads = [threading.Thread(target=cli_worker, args=(zwgk, data, unit, code, per_item))
                       for unit, code in CLI_ITEMS]
            threads += [threading.Thread(target=server_worker, args=(base, unit, code, per_item))
                        for unit, code in SERVER_ITEMS]
            started = time.time()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            print(f"{4 * per_item} events recorded in {time.time() - started:.0f} s", flush=True)
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()
            if failures:
                print((pathlib.Path(tmp) / "serve.log").read_text(errors="replace")[-4000:])
        check_ledger(data, CLI_ITEMS, "命令行", per_item)
        check_ledger(data, SERVER_ITEMS, "工作台", per_item)
    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
