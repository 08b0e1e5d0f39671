#!/usr/bin/env python3
"""Office staff open the bulletin from the output folder on a Windows share.
A private Samba server (Debian's smbd with its default link settings) shares
a folder holding out/linzi-2020q3 (and, as a second share, the output folder
itself); smbclient, speaking SMB as Windows does, lists the README's file
names as plain files (the .zwgk folder hidden) and reads each one with the
bytes of the current set (docs/bulletin.md, "输出目录")."""
import pathlib
import re
import socket
import subprocess
import sys
import tempfile
import time

from example_report import fail
from output_folder import NAMES


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    fail(f"smbd did not listen on port {port}")


def smbclient(port, share, commands):
    run = subprocess.run(["smbclient", f"//127.0.0.1/{share}", "-p", str(port), "-N", "-c", commands],
                         capture_output=True, text=True, timeout=120)
    if run.returncode != 0:
        fail(f"smbclient {share}: {run.stdout}{run.stderr}")
    return run.stdout


def main():
    zwgk, root = sys.argv[1], pathlib.Path(sys.argv[2])
    for tool in ("smbd", "smbclient"):
        if subprocess.run(["which", tool], capture_output=True).returncode != 0:
            fail(f"{tool} not found; run scripts/bootstrap.sh")
    with tempfile.TemporaryDirectory(prefix="zwgk-samba-") as tmp:
        tmp = pathlib.Path(tmp)
        tmp.chmod(0o755)  # smbd serves the guest as nobody
        out = tmp / "share/linzi-2020q3"
        subprocess.run([zwgk, "report", "--data", str(root / "examples/linzi-2020q3"), "--out", str(out)],
                       check=True, capture_output=True)
        state = tmp / "state"
        state.mkdir()
        port = free_port()
        conf = tmp / "smb.conf"
        conf.write_text(f"""[global]
  server role = standalone server
  map to guest = Bad User
  smb ports = {port}
  disable netbios = yes
  pid directory = {state}
  lock directory = {state}
  state directory = {state}
  cache directory = {state}
  private dir = {state}
  log file = {state}/log.%m
[out]
  path = {tmp / "share"}
  guest ok = yes
  read only = yes
[bulletin]
  path = {out}
  guest ok = yes
  read only = yes
""", encoding="utf-8")
        smbd = subprocess.Popen(["smbd", "-F", "-s", str(conf), "-d0"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        try:
            wait_for(port)
            got = tmp / "got"
            got.mkdir()
            gets = "; ".join(f'get "{name}" "{got / name}"' for name in NAMES)
            listing = smbclient(port, "out", f"cd linzi-2020q3; ls; {gets}")
            for name in NAMES:
                line = next((l for l in listing.splitlines() if l.strip().startswith(name + " ")), None)
                if line is None or not re.search(r"\s+N\s+\d+\s", line):
                    fail(f"{name} is not listed as a plain file: {line!r}")
                if (got / name).read_bytes() != (out / name).read_bytes():
                    fail(f"{name} read over SMB differs from the current set")
            if not re.search(r"^\s+\.zwgk\s+DH\s", listing, re.M):
                fail(f".zwgk is not a hidden folder in the listing:\n{listing}")
            smbclient(port, "bulletin", f'get "通报.docx" "{got / "root.docx"}"')
            if (got / "root.docx").read_bytes() != (out / "通报.docx").read_bytes():
                fail("通报.docx read from a share of the output folder itself differs")
        finally:
            smbd.terminate()
            smbd.wait(timeout=30)
        print(f"{len(NAMES)} files read over SMB as plain files, from both shares")
        print("1 passed, 0 failed")


if __name__ == "__main__":
    main()
