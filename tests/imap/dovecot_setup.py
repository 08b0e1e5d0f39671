"""What `dovecot.py start` writes into its STATE_DIR before the server runs:
the Maildir of the test messages (with each file's mtime set to the
message's date), the throw-away certificates (tls/), the accounts the
server's processes run as, and dovecot.conf. Imported by dovecot.py, which
runs and stops the server; see its docstring for the whole picture.
Standard library and the openssl command only.
"""
import base64
import email.parser
import email.policy
import email.utils
import grp
import os
import pathlib
import pwd
import subprocess
import sys

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


def chown_tree(path, uid, gid):
    os.chown(path, uid, gid)
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            os.chown(os.path.join(root, name), uid, gid)
