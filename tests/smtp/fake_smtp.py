#!/usr/bin/env python3
"""A fake SMTP server on loopback that records what it receives, for the
tests of `zwgk remind --send` (tests/smtp/remind_send.py imports it).

    server = FakeSmtp(mode, tls_dir, user="gk", password="pw", reject={"x@y"})
    server.start()        # listens on 127.0.0.1:server.port in a thread
    ... server.messages   # [Received(mail_from, rcpt_to, data, tls, auth_user)]
    server.connections    # how many clients connected
    server.stop()

Modes:
  plain        plain SMTP, no TLS; AUTH PLAIN/LOGIN offered when a user is set
  starttls     plain SMTP offering STARTTLS; AUTH and MAIL refused before it
  tls          implicit TLS from the first byte (smtps)
  no-starttls  like starttls but never offers it (a careful client must stop)

Addresses in `reject` are refused at RCPT TO (550). Bytes of DATA are kept
as sent (CRLF), with dot-stuffing undone. make_certificates(dir) (from
tests/tls_certs.py) writes the certificates. Standard library and the openssl
command only; Debian's /usr/bin/python3.
"""
import base64
import dataclasses
import pathlib
import socket
import socketserver
import ssl
import sys
import threading

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
from tls_certs import make_certificates  # noqa: E402,F401  (re-exported for remind_send.py)


@dataclasses.dataclass
class Received:
    mail_from: str
    rcpt_to: list
    data: bytes
    tls: bool
    auth_user: str


class Session:
    """One client's conversation."""

    def __init__(self, server, sock):
        self.server = server
        self.sock = sock
        self.buffer = b""
        self.tls = False
        self.user = ""
        self.reset()

    def reset(self):
        self.mail_from = None
        self.rcpt_to = []

    def readline(self):
        while b"\r\n" not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                return None
            self.buffer += chunk
            if len(self.buffer) > (16 << 20):
                return None
        line, self.buffer = self.buffer.split(b"\r\n", 1)
        return line

    def reply(self, text):
        self.sock.sendall(text.encode("utf-8") + b"\r\n")

    def start_tls(self):
        self.sock = self.server.context.wrap_socket(self.sock, server_side=True)
        self.tls = True
        self.buffer = b""
        self.user = ""
        self.reset()

    def auth_offered(self):
        fake = self.server
        if not fake.user:
            return False
        return fake.mode in ("plain", "no-starttls") or self.tls

    def check_login(self, user, password):
        if user == self.server.user and password == self.server.password:
            self.user = user
            self.reply("235 2.7.0 Authentication successful")
        else:
            self.reply("535 5.7.8 Authentication credentials invalid")

    def auth(self, args):
        parts = args.split()
        if not parts:
            return self.reply("501 Syntax error")
        mechanism = parts[0].upper()
        if mechanism == "PLAIN":
            if len(parts) > 1:
                token = parts[1]
            else:
                self.reply("334 ")
                token = (self.readline() or b"").decode("ascii", "replace")
            try:
                _, user, password = base64.b64decode(token).decode("utf-8").split("\0")
            except Exception:
                return self.reply("501 Bad PLAIN response")
            return self.check_login(user, password)
        if mechanism == "LOGIN":
            try:
                if len(parts) > 1:
                    user = base64.b64decode(parts[1]).decode("utf-8")
                else:
                    self.reply("334 VXNlcm5hbWU6")
                    user = base64.b64decode(self.readline() or b"").decode("utf-8")
                self.reply("334 UGFzc3dvcmQ6")
                password = base64.b64decode(self.readline() or b"").decode("utf-8")
            except Exception:
                return self.reply("501 Bad LOGIN response")
            return self.check_login(user, password)
        self.reply("504 Unrecognized authentication type")

    def data(self):
        self.reply("354 End data with <CR><LF>.<CR><LF>")
        lines = []
        while True:
            line = self.readline()
            if line is None:
                return False
            if line == b".":
                break
            lines.append(line[1:] if line.startswith(b".") else line)
        data = b"".join(l + b"\r\n" for l in lines)
        with self.server.lock:
            self.server.messages.append(Received(self.mail_from, list(self.rcpt_to), data, self.tls, self.user))
        self.reset()
        self.reply("250 2.0.0 Ok: queued")
        return True

    def run(self):
        fake = self.server
        if fake.mode == "tls":
            self.start_tls()
        self.reply("220 fake.zwgk.test ESMTP")
        while True:
            raw = self.readline()
            if raw is None:
                return
            line = raw.decode("utf-8", "replace")
            verb, _, args = line.partition(" ")
            verb = verb.upper()
            if verb in ("EHLO", "HELO"):
                extensions = ["fake.zwgk.test"]
                if fake.mode == "starttls" and not self.tls:
                    extensions.append("STARTTLS")
                if self.auth_offered():
                    extensions.append("AUTH PLAIN LOGIN")
                extensions.append("8BITMIME")
                for i, ext in enumerate(extensions):
                    self.reply(("250 " if i == len(extensions) - 1 else "250-") + ext)
            elif verb == "STARTTLS" and fake.mode == "starttls" and not self.tls:
                self.reply("220 2.0.0 Ready to start TLS")
                self.start_tls()
            elif verb == "AUTH":
                if not self.auth_offered():
                    self.reply("503 5.5.1 AUTH not available")
                else:
                    self.auth(args)
            elif verb == "MAIL":
                if fake.mode == "starttls" and not self.tls:
                    self.reply("530 5.7.0 Must issue a STARTTLS command first")
                elif fake.user and not self.user:
                    self.reply("530 5.7.0 Authentication required")
                else:
                    self.mail_from = args.partition(":")[2].strip().split(" ")[0].strip("<>")
                    self.reply("250 2.1.0 Ok")
            elif verb == "RCPT":
                address = args.partition(":")[2].strip().split(" ")[0].strip("<>")
                if self.mail_from is None:
                    self.reply("503 5.5.1 Need MAIL first")
                elif address in fake.reject:
                    self.reply(f"550 5.1.1 <{address}>: Recipient address rejected: User unknown")
                else:
                    self.rcpt_to.append(address)
                    self.reply("250 2.1.5 Ok")
            elif verb == "DATA":
                if not self.rcpt_to:
                    self.reply("503 5.5.1 Need RCPT first")
                elif not self.data():
                    return
            elif verb == "RSET":
                self.reset()
                self.reply("250 2.0.0 Ok")
            elif verb == "NOOP":
                self.reply("250 2.0.0 Ok")
            elif verb == "QUIT":
                self.reply("221 2.0.0 Bye")
                return
            else:
                self.reply("502 5.5.2 Command not recognized")


class _Handler(socketserver.BaseRequestHandler):
    def handle(self):
        fake = self.server.fake
        with fake.lock:
            fake.connections += 1
        self.request.settimeout(30)
        try:
            Session(fake, self.request).run()
        except (OSError, ssl.SSLError):
            pass  # a client that gave up, or refused our certificate


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class FakeSmtp:
    def __init__(self, mode, tls_dir, user="", password="", reject=()):
        assert mode in ("plain", "starttls", "tls", "no-starttls")
        self.mode = mode
        self.user = user
        self.password = password
        self.reject = set(reject)
        self.messages = []
        self.connections = 0
        self.lock = threading.Lock()
        tls_dir = pathlib.Path(tls_dir)
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(tls_dir / "server.pem", tls_dir / "server.key")
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.fake = self
        self.port = self._server.server_address[1]
        self._thread = None

    def start(self):
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()


def closed_port():
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
