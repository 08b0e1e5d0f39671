#!/usr/bin/env python3
"""A private Dovecot IMAP server on loopback for the IMAP client's tests.

    dovecot.py start STATE_DIR SOURCE [--user U] [--password P] [--folder NAME=GLOB ...] [--watch PID]
    dovecot.py stop STATE_DIR
    dovecot.py flags STATE_DIR [FOLDER]

`start` builds everything inside STATE_DIR (which it creates; two servers
never share one): a throw-away CA and a server certificate for 127.0.0.1 and
localhost (tls/), a dovecot.conf of its own (nothing under /etc/dovecot is
read or changed), a passwd-file with one user, and a Maildir (mail/) holding
the messages of SOURCE, which is either a directory of .eml files or a Maildir
(its cur/ and new/). Every message goes to INBOX; each --folder NAME=GLOB also
copies the messages whose file names match GLOB into the folder NAME (UTF-8,
e.g. 投稿; stored on disk in modified UTF-7 as Dovecot's Maildir++ layout
does). Each message file's mtime, which Dovecot reports as INTERNALDATE, is
the date of the message's topmost Received header, else of its Date header,
else 2000-01-01 00:00 UTC. The server runs with TZ=UTC, so INTERNALDATE comes
back as +0000 and clients must convert it themselves.

Dovecot listens on 127.0.0.1 only, on two free ports: plain IMAP that
requires STARTTLS before login (disable_plaintext_auth) and implicit-TLS
IMAPS. It runs as the calling user; as root, the mail processes run as
`nobody` (Dovecot refuses mail access as UID 0) and the login/internal
processes as the package's dovenull/dovecot users. When the server is up,
one JSON line goes to stdout:

    {"imaps_port": .., "imap_port": .., "ca_file": .., "wrong_ca_file": ..,
     "user": .., "password_file": .., "log_file": ..}

password_file holds the password on one line (the way `zwgk mail fetch
--password-file` reads it); wrong_ca_file is a second CA that did not sign
the server's certificate. With --watch PID a detached watcher stops the
server when that process ends, so a crashed test leaves no server behind.
`stop` ends the server whose pid file is in STATE_DIR and waits for it to
exit. `flags` prints {"UID": "FLAGS", ...} of
a folder (opened read-only), so a test can check that nothing was marked
read. Standard library and the openssl command only; Debian's /usr/bin/python3.
"""
import argparse
import fnmatch
import json
import os
import pathlib
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time

# The state dir's contents (Maildir, certificates, dovecot.conf) are written by
# dovecot_setup.py next to this file; its names are re-exported here.
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from dovecot_setup import (FALLBACK_DATE, accounts, chown_tree, fail, has_user, make_certificates,  # noqa: E402,F401
                           message_time, mutf7, source_messages, write_config, write_maildir)

DOVECOT = "/usr/sbin/dovecot"


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pid_of(state):
    try:
        return int((state / "run" / "master.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (our own child not yet reaped) counts as gone.
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def stop(state):
    pid = pid_of(state)
    if pid is None or not alive(pid):
        return
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if alive(pid):
        os.kill(pid, signal.SIGKILL)


def wait_for_port(port, pid, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pid is not None and not alive(pid):
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def watch(state, pid):
    """Stops the server once process `pid` is gone (a test that crashed or was
    killed by its timeout never runs `stop`). A detached watcher process, its
    output on /dev/null so that whoever reads ours sees it end."""
    child = os.fork()
    if child:
        os.waitpid(child, 0)
        return
    os.setsid()
    if os.fork():
        os._exit(0)
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    try:
        master = pid_of(state)
        while alive(pid) and master is not None and alive(master):
            time.sleep(0.5)
        if master is not None and alive(master) and pid_of(state) == master:
            stop(state)
    finally:
        os._exit(0)


def start(args):
    if not os.access(DOVECOT, os.X_OK):
        fail(f"{DOVECOT} not found: run scripts/bootstrap.sh (package dovecot-imapd)")
    if shutil.which("openssl") is None:
        fail("openssl not found: run scripts/bootstrap.sh")
    state = pathlib.Path(args.state_dir).resolve()
    state.mkdir(parents=True, exist_ok=True)
    stop(state)  # a server left over from an earlier run of the same state dir
    for sub in ("mail", "home", "run", "lib", "tls"):
        shutil.rmtree(state / sub, ignore_errors=True)
    for stale in ("dovecot.log", "server.json", "start.out"):
        (state / stale).unlink(missing_ok=True)

    messages = source_messages(args.source)
    write_maildir(state / "mail", messages)
    for spec in args.folder:
        name, sep, pattern = spec.partition("=")
        if not sep or not name:
            fail(f"--folder wants NAME=GLOB, got {spec!r}")
        chosen = [m for m in messages if fnmatch.fnmatch(m[0], pattern)]
        folder_dir = state / "mail" / ("." + mutf7(name))
        write_maildir(folder_dir, chosen)
        (folder_dir / "maildirfolder").touch()
    (state / "home").mkdir()

    make_certificates(state / "tls")
    password = args.password if args.password is not None else secrets.token_urlsafe(16)
    if any(c in password for c in ":\n\r") or any(c in args.user for c in ":\n\r"):
        fail("user and password must not contain ':' or line breaks (passwd-file format)")
    users = state / "users"
    users.write_text(f"{args.user}:{{PLAIN}}{password}::::::\n")
    password_file = state / "password"
    password_file.write_text(password + "\n")
    os.chmod(password_file, 0o600)

    env = dict(os.environ, TZ="UTC")
    last_error = ""
    for _ in range(8):  # another process may take a free port before Dovecot binds it
        imap_port, imaps_port = free_port(), free_port()
        if imap_port == imaps_port:
            continue
        uid, gid = write_config(state, imap_port, imaps_port, args.user)
        if os.geteuid() == 0:
            # Mail processes run as nobody: the mail must be theirs, and the
            # state dir traversable (the keys in tls/ stay root's).
            chown_tree(state / "mail", uid, gid)
            chown_tree(state / "home", uid, gid)
            os.chmod(state, 0o755)
            os.chmod(users, 0o644)
        (state / "dovecot.log").unlink(missing_ok=True)
        # The master daemonizes; its output goes to a file, not a pipe, so
        # that waiting for it does not wait for the daemon too.
        with open(state / "start.out", "w+") as out:
            done = subprocess.run([DOVECOT, "-c", str(state / "dovecot.conf")], env=env,
                                  stdin=subprocess.DEVNULL, stdout=out, stderr=out)
            out.seek(0)
            output = out.read()
        if done.returncode == 0 and wait_for_port(imaps_port, pid_of(state)) and \
                wait_for_port(imap_port, pid_of(state)):
            info = json.dumps({
                "imaps_port": imaps_port, "imap_port": imap_port,
                "ca_file": str(state / "tls" / "ca.pem"),
                "wrong_ca_file": str(state / "tls" / "wrong_ca.pem"),
                "user": args.user, "password_file": str(password_file),
                "log_file": str(state / "dovecot.log"),
            }, ensure_ascii=False)
            (state / "server.json").write_text(info + "\n")
            print(info, flush=True)
            if args.watch:
                watch(state, args.watch)
            return
        log = (state / "dovecot.log").read_text(errors="replace") if (state / "dovecot.log").exists() else ""
        last_error = (output + log).strip()
        stop(state)
        if "in use" not in last_error:
            break
    fail(f"dovecot did not start: {last_error}")


def flags(state, folder):
    """Prints {"UID": "FLAGS", ...} of a folder, read over IMAPS without changing anything."""
    import imaplib
    import ssl
    info = json.loads((state / "server.json").read_text())
    context = ssl.create_default_context(cafile=info["ca_file"])
    password = pathlib.Path(info["password_file"]).read_text().rstrip("\n")
    with imaplib.IMAP4_SSL("127.0.0.1", info["imaps_port"], ssl_context=context) as client:
        # SASL PLAIN: imaplib's LOGIN cannot send a non-ASCII password.
        client.authenticate("PLAIN", lambda _: f"\0{info['user']}\0{password}".encode())
        status, _ = client.select('"' + mutf7(folder) + '"', readonly=True)
        if status != "OK":
            fail(f"cannot open {folder}")
        status, data = client.uid("FETCH", "1:*", "(FLAGS)")
        result = {}
        for item in data:
            if not item:
                continue
            text = item.decode() if isinstance(item, bytes) else item[0].decode()
            uid = text.split("UID ", 1)[1].split()[0].rstrip(")")
            result[uid] = text.split("FLAGS (", 1)[1].split(")", 1)[0]
        print(json.dumps(result))
        client.logout()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_start = sub.add_parser("start")
    p_start.add_argument("state_dir")
    p_start.add_argument("source")
    p_start.add_argument("--user", default="zwgk")
    p_start.add_argument("--password")
    p_start.add_argument("--folder", action="append", default=[], metavar="NAME=GLOB")
    p_start.add_argument("--watch", type=int, metavar="PID",
                         help="stop the server when this process ends (the test's own pid)")
    p_stop = sub.add_parser("stop")
    p_stop.add_argument("state_dir")
    p_flags = sub.add_parser("flags")
    p_flags.add_argument("state_dir")
    p_flags.add_argument("folder", nargs="?", default="INBOX")
    args = parser.parse_args()
    if args.command == "start":
        start(args)
    elif args.command == "flags":
        flags(pathlib.Path(args.state_dir).resolve(), args.folder)
    else:
        stop(pathlib.Path(args.state_dir).resolve())


if __name__ == "__main__":
    main()
