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
import base64
import email.parser
import email.policy
import email.utils
import fnmatch
import json
import os
import pathlib
import pwd
import grp
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time

DOVECOT = "/usr/sbin/dovecot"
FALLBACK_DATE = 946684800  # 2000-01-01 00:00:00 UTC


def fail(message):
    print(f"dovecot.py: {message}", file=sys.stderr)
    sys.exit(1)


def mutf7(name):
    """RFC 3501 §5.1.3 modified UTF-7, as Dovecot names Maildir++ folders on disk."""
    out, pending = [], []

    def flush():
        if pending:
            raw = "".join(pending).encode("utf-16-be")
            out.append("&" + base64.b64encode(raw).decode("ascii").rstrip("=").replace("/", ",") + "-")
            pending.clear()

    for ch in name:
        if 0x20 <= ord(ch) <= 0x7E:
            flush()
            out.append("&-" if ch == "&" else ch)
        else:
            pending.append(ch)
    flush()
    return "".join(out)


def message_time(data):
    """Seconds since the epoch of the topmost Received header, else Date, else FALLBACK_DATE."""
    try:
        headers = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(data)
    except Exception:  # a broken message still gets a date
        return FALLBACK_DATE
    candidates = []
    received = headers.get_all("Received") or []
    if received:
        text = str(received[0])
        if ";" in text:
            candidates.append(text.rsplit(";", 1)[1])
    if headers.get("Date"):
        candidates.append(str(headers["Date"]))
    for text in candidates:
        parsed = email.utils.parsedate_tz(" ".join(text.split()))
        if parsed:
            return int(email.utils.mktime_tz(parsed))
    return FALLBACK_DATE


def source_messages(source):
    """(file name, bytes) of every message in SOURCE, sorted by file name."""
    source = pathlib.Path(source)
    if (source / "cur").is_dir() or (source / "new").is_dir():
        files = [p for sub in ("cur", "new") if (source / sub).is_dir() for p in (source / sub).iterdir()]
    else:
        files = list(source.glob("*.eml"))
    files = sorted((p for p in files if p.is_file()), key=lambda p: p.name)
    if not files:
        fail(f"no messages in {source}")
    return [(p.name, p.read_bytes()) for p in files]


def write_maildir(folder_dir, messages):
    """A Maildir with these messages in cur/, unseen, in this order of UIDs."""
    for sub in ("cur", "new", "tmp"):
        (folder_dir / sub).mkdir(parents=True, exist_ok=True)
    for index, (_, data) in enumerate(messages):
        # Dovecot gives new files UIDs in the order of the time stamp that
        # starts their names, so the sequence number goes there.
        path = folder_dir / "cur" / f"{1000000000 + index}.M{index}P0.zwgk:2,"
        path.write_bytes(data)
        when = message_time(data)
        os.utime(path, (when, when))


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_certificates(tls):
    tls.mkdir(mode=0o700, exist_ok=True)

    def openssl(*args):
        done = subprocess.run(["openssl", *args], cwd=tls, capture_output=True, text=True)
        if done.returncode != 0:
            fail(f"openssl {' '.join(args[:2])} failed: {done.stderr.strip()}")

    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    for ca in ("ca", "wrong_ca"):
        openssl("req", "-x509", *ec, "-keyout", f"{ca}.key", "-out", f"{ca}.pem", "-days", "3650",
                "-subj", f"/CN=zwgk test {ca}", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    openssl("req", "-new", *ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost")
    (tls / "server.ext").write_text(
        "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
        "extendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "server.pem", "-days", "3650", "-extfile", "server.ext")
    for name in ("ca.pem", "wrong_ca.pem"):
        os.chmod(tls / name, 0o644)


def accounts():
    """(internal user, login user, mail uid, mail gid) for this process's privileges."""
    if os.geteuid() != 0:
        me = pwd.getpwuid(os.geteuid()).pw_name
        return me, me, os.geteuid(), os.getegid()
    nobody = pwd.getpwnam("nobody")
    internal = "dovecot" if has_user("dovecot") else "nobody"
    login = "dovenull" if has_user("dovenull") else "nobody"
    return internal, login, nobody.pw_uid, nobody.pw_gid


def has_user(name):
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def write_config(state, imap_port, imaps_port, user):
    internal, login, uid, gid = accounts()
    internal_group = grp.getgrgid(pwd.getpwnam(internal).pw_gid).gr_name
    dh = "ssl_dh = </usr/share/dovecot/dh.pem\n" if os.path.exists("/usr/share/dovecot/dh.pem") else ""
    conf = f"""# Generated by tests/imap/dovecot.py: a private test server, nothing shared with /etc/dovecot.
base_dir = {state}/run
state_dir = {state}/lib
instance_name = zwgk-test-{imaps_port}
log_path = {state}/dovecot.log
info_log_path = {state}/dovecot.log
protocols = imap
listen = 127.0.0.1
shutdown_clients = yes
default_internal_user = {internal}
default_internal_group = {internal_group}
default_login_user = {login}
first_valid_uid = {uid}
last_valid_uid = {uid}
first_valid_gid = {gid}
last_valid_gid = {gid}
mail_location = maildir:{state}/mail
mail_max_userip_connections = 100
ssl = yes
ssl_cert = <{state}/tls/server.pem
ssl_key = <{state}/tls/server.key
{dh}disable_plaintext_auth = yes
auth_mechanisms = plain login
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {state}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={state}/home
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
    ssl = yes
  }}
}}
# No growing delay for an address after failed logins (tests log in wrongly
# on purpose), nor the fixed delay of each failure.
auth_failure_delay = 0
service anvil {{
  chroot =
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
service auth-worker {{
  user = $default_internal_user
}}
"""
    (state / "dovecot.conf").write_text(conf)
    return uid, gid


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


def chown_tree(path, uid, gid):
    os.chown(path, uid, gid)
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            os.chown(os.path.join(root, name), uid, gid)


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
