#!/usr/bin/env python3
"""A private PostgreSQL 15 server for the tests (issue 18), as tests/imap/dovecot.py is
for IMAP: a throw-away cluster made by Debian's initdb in a temporary folder, started
with pg_ctl on loopback only (a free port, its socket in the folder, trust for local
connections), and removed again.

  pg_cluster.py start STATE_DIR   # prints the connection URL; writes STATE_DIR/url
  pg_cluster.py stop STATE_DIR

The cluster itself lives in a fresh folder under the system's temporary folder (the
`postgres` user may not be able to reach a checkout under /root); STATE_DIR/cluster
names it.

PostgreSQL refuses to run as root: as root the cluster belongs to the `postgres` user
(Debian's package makes it) and its commands run through runuser.
"""
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time

BIN = pathlib.Path("/usr/lib/postgresql/15/bin")


def as_owner(cmd):
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--"] + cmd
    return cmd


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(state):
    stop(state)  # a cluster left by an interrupted run
    state.mkdir(parents=True, exist_ok=True)
    cluster = pathlib.Path(tempfile.mkdtemp(prefix="zwgk-pg-"))
    (state / "cluster").write_text(str(cluster))
    data = cluster / "data"
    if os.geteuid() == 0:
        shutil.chown(cluster, "postgres", "postgres")
    subprocess.run(as_owner([str(BIN / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                             "--locale=C.UTF-8", "--no-sync"]), check=True, capture_output=True)
    port = free_port()
    options = f"-p {port} -k {cluster} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
    subprocess.run(as_owner([str(BIN / "pg_ctl"), "-D", str(data), "-l", str(cluster / "log"), "-o", options,
                             "-w", "-t", "60", "start"]), check=True, capture_output=True)
    url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
    for _ in range(100):
        if subprocess.run([str(BIN / "pg_isready"), "-h", "127.0.0.1", "-p", str(port)],
                          capture_output=True).returncode == 0:
            break
        time.sleep(0.1)
    (state / "url").write_text(url)
    print(url)


def stop(state):
    marker = state / "cluster"
    if marker.exists():
        cluster = pathlib.Path(marker.read_text().strip())
        if (cluster / "data").exists():
            subprocess.run(as_owner([str(BIN / "pg_ctl"), "-D", str(cluster / "data"), "-m", "immediate", "stop"]),
                           capture_output=True)
        shutil.rmtree(cluster, ignore_errors=True)
    shutil.rmtree(state, ignore_errors=True)


def create_database(server_url, name):
    """A fresh database on the test server (for a test's own use); its URL."""
    subprocess.run(["psql", server_url, "-v", "ON_ERROR_STOP=1", "-qc", f"CREATE DATABASE {name}"], check=True)
    return server_url.rsplit("/", 1)[0] + "/" + name


def drop_database(server_url, name):
    subprocess.run(["psql", server_url, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"])


if __name__ == "__main__":
    action, state = sys.argv[1], pathlib.Path(sys.argv[2]).resolve()
    (start if action == "start" else stop)(state)
