#!/usr/bin/env python3
"""Two `zwgk serve` instances on one PostgreSQL database behind nginx (issue 18).

    two_instances.py ZWGK ROOT PG_URL_FILE [SECONDS]

The example data directory is moved into a fresh database with `zwgk store import`;
each instance then starts on an EMPTY directory of its own (its working copy is made
from the database) and nginx balances between them. For SECONDS (default 60) 64
readers ask for the ranking and a writer records findings one after another, all
through nginx with one login (the session lives in the database, so it works on both
instances). A third of the way in, instance A is killed with SIGKILL; a little later it
is started again on the same directory.

Passes when every reader request was answered 200 throughout (nginx moves reads to B
while A is down), every finding whose POST was acknowledged (201) is in the database
exactly once, no unacknowledged one is there twice, and afterwards both instances —
the restarted one included — list the same findings and give the same ranking.
"""
import http.cookiejar
import json
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import nginx_front
import pg_cluster

PASSWORD = "Two-Instances-Secret-7"
READERS = 64
FINDINGS = "/api/v1/periods/2020Q3/findings"
RANKING = "/api/v1/periods/2020Q3/ranking"

failures = []
lock = threading.Lock()
stop = threading.Event()


def fail(message):
    with lock:
        if len(failures) < 50:
            print(f"FAIL: {message}", flush=True)
        failures.append(message)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port, proc=None, seconds=120):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on {port} after {seconds} s")


def request(base, path, cookie, csrf="", body=None, timeout=60):
    headers = {"Cookie": cookie}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers.update({"Content-Type": "application/json", "X-CSRF-Token": csrf})
    req = urllib.request.Request(base + path, data=data, headers=headers, method="POST" if body is not None else "GET")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError as error:
        return 0, str(error).encode()


def login(base):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    req = urllib.request.Request(base + "/api/v1/login", json.dumps({"name": "admin", "password": PASSWORD}).encode(),
                                 {"Content-Type": "application/json"})
    with opener.open(req, timeout=120) as response:
        csrf = json.loads(response.read())["csrf"]
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar if c.name == "zwgk_session")
    return cookie, csrf


def reader(base, cookie, counts):
    while not stop.is_set():
        status, body = request(base, RANKING, cookie)
        if status != 200:
            fail(f"reader: GET {RANKING} answered {status} at {time.strftime('%H:%M:%S')}: {body[:200]!r}")
        with lock:
            counts["reads"] += 1


def writer(base, cookie, csrf, acknowledged, sent):
    n = 0
    while not stop.is_set():
        note = f"写入{n}"
        sent.append(note)
        status, body = request(base, FINDINGS, cookie, csrf,
                                {"unit": "区商务局", "code": "目录未上传", "quantity": 1, "note": note})
        if status == 201:
            acknowledged.append(note)
        elif status not in (0, 502, 503, 504):
            fail(f"writer: POST {note} answered {status}: {body[:300]!r}")
        n += 1


def zwgk_run(zwgk, args, env):
    result = subprocess.run([zwgk, *args], capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL,
                            timeout=600)
    if result.returncode != 0:
        raise RuntimeError(f"zwgk {' '.join(args[:2])} failed ({result.returncode}): {result.stderr}")
    return result.stdout


def start_instance(zwgk, data, port, url, log):
    proc = subprocess.Popen([zwgk, "serve", "--store", url, "--data", str(data), "--port", str(port), "--behind-proxy"],
                            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    wait_for(port, proc)
    return proc


def check(base_a, base_b, cookie, acknowledged, sent):
    lists = []
    for base in (base_a, base_b):
        status, body = request(base, FINDINGS + "/entered", cookie)
        if status != 200:
            fail(f"GET {base}{FINDINGS}/entered answered {status}: {body[:200]!r}")
            return
        lists.append([f["note"] for f in json.loads(body)["findings"]])
    if lists[0] != lists[1]:
        fail(f"the instances list different findings: {len(lists[0])} and {len(lists[1])}")
    notes = lists[1]
    for note in acknowledged:
        if notes.count(note) != 1:
            fail(f"the acknowledged finding {note} is in the file {notes.count(note)} times")
    for note in set(notes):
        if notes.count(note) > 1:
            fail(f"the finding {note} is in the file {notes.count(note)} times")
        if note not in sent:
            fail(f"a finding nobody sent: {note}")
    rankings = [request(base, RANKING, cookie)[1] for base in (base_a, base_b)]
    if rankings[0] != rankings[1]:
        fail("the instances give different rankings")
    print(f"{len(acknowledged)} findings acknowledged of {len(sent)} sent; {len(notes)} in the file, "
          f"the same on both instances", flush=True)


def main():
    zwgk, root, url_file = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
    seconds = int(sys.argv[4]) if len(sys.argv) > 4 else 60
    server_url = url_file.read_text().strip()
    name = f"zwgk_two_instances_{os.getpid()}"
    url = pg_cluster.create_database(server_url, name)
    procs = {}
    nginx = None
    with tempfile.TemporaryDirectory(prefix="zwgk-two-instances-") as tmp:
        tmp = pathlib.Path(tmp)
        try:
            source = tmp / "source"
            shutil.copytree(root / "examples" / "linzi-2020q3", source)
            env = dict(os.environ, ZWGK_PASSWORD=PASSWORD)
            print(zwgk_run(zwgk, ["store", "import", "--store", url, "--data", str(source)], env), end="")
            zwgk_run(zwgk, ["user", "add", "--store", url, "--data", str(source), "--name", "admin", "--role", "admin"],
                     env)
            ports = {"A": free_port(), "B": free_port()}
            logs = {k: open(tmp / f"serve-{k}.log", "a") for k in ports}
            for k, port in ports.items():
                (tmp / k).mkdir()  # empty: the working copy comes from the database
                procs[k] = start_instance(zwgk, tmp / k, port, url, logs[k])
            front = free_port()
            nginx = nginx_front.start(tmp, "nginx", front, ports.values())
            wait_for(front, nginx)
            base = f"http://127.0.0.1:{front}"
            cookie, csrf = login(base)
            counts = {"reads": 0}
            acknowledged, sent = [], []
            threads = [threading.Thread(target=reader, args=(base, cookie, counts)) for _ in range(READERS)]
            threads.append(threading.Thread(target=writer, args=(base, cookie, csrf, acknowledged, sent)))
            for t in threads:
                t.start()
            time.sleep(seconds / 3)
            procs["A"].send_signal(signal.SIGKILL)
            procs["A"].wait()
            print(f"killed instance A after {seconds / 3:.0f} s ({len(acknowledged)} findings acknowledged)", flush=True)
            time.sleep(seconds / 6)
            procs["A"] = start_instance(zwgk, tmp / "A", ports["A"], url, logs["A"])
            print(f"restarted instance A ({len(acknowledged)} findings acknowledged)", flush=True)
            time.sleep(seconds / 2)
            stop.set()
            for t in threads:
                t.join()
            print(f"{counts['reads']} rankings read by {READERS} readers", flush=True)
            check(f"http://127.0.0.1:{ports['A']}", f"http://127.0.0.1:{ports['B']}", cookie, acknowledged, sent)
        finally:
            stop.set()
            for proc in procs.values():
                proc.terminate()
                proc.wait(timeout=60)
            if nginx:
                nginx.terminate()
                nginx.wait(timeout=30)
            if failures:
                for k in ("A", "B"):
                    log = tmp / f"serve-{k}.log"
                    if log.exists():
                        print(f"--- serve-{k}.log\n" + log.read_text(errors="replace")[-3000:])
            pg_cluster.drop_database(server_url, name)
    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print("two instances: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
