#!/usr/bin/env python3
"""`zwgk serve` on a port in use is refused (issue 14).

    serve_port_in_use.py ZWGK ROOT

1. Another program holds a loopback port: `zwgk serve --port` on it exits
   with 1 and says, in Chinese, that the port is in use.
2. A first `zwgk serve` listens on a free port; a second one on the same port
   is refused alike, and the first goes on answering. (httplib's default
   socket options set SO_REUSEPORT, with which the second server started
   and the kernel shared the connections between both at random.)
"""
import pathlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print(f"FAIL: {message}", flush=True)


def serve(zwgk, data, port):
    return [zwgk, "serve", "--data", str(data), "--port", str(port)]


def refused(zwgk, data, port, what):
    proc = subprocess.Popen(serve(zwgk, data, port), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL)
    try:
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:  # it started: the bug
        proc.kill()
        _, err = proc.communicate()
    err = err.decode("utf-8", "replace")
    check(proc.returncode == 1, f"{what}: exit code {proc.returncode}, expected 1 (refused); stderr: {err}")
    check(f"错误：端口 {port} 已被占用" in err, f"{what}: no Chinese message about port {port}: {err}")


def main():
    zwgk, root = sys.argv[1], pathlib.Path(sys.argv[2])
    with tempfile.TemporaryDirectory(prefix="zwgk-port-") as tmp:
        data = pathlib.Path(tmp) / "data"
        shutil.copytree(root / "examples" / "linzi-2020q3", data)

        other = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        other.bind(("127.0.0.1", 0))
        other.listen(1)
        refused(zwgk, data, other.getsockname()[1], "a port held by another program")
        other.close()

        probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
        first = subprocess.Popen(serve(zwgk, data, port), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 stdin=subprocess.DEVNULL)
        try:
            line = first.stdout.readline().decode("utf-8", "replace")
            check("工作台已启动" in line, f"the first serve did not start: {line!r}")
            refused(zwgk, data, port, "a second zwgk serve on the same port")
            for _ in range(5):  # every request still reaches the first server, which answers 401
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/me", timeout=30)
                    check(False, "GET /api/v1/me without a session was not refused")
                except urllib.error.HTTPError as e:
                    check(e.code == 401, f"first server answered {e.code}")
        finally:
            first.terminate()
            first.wait(timeout=60)
    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print("serve_port_in_use: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
