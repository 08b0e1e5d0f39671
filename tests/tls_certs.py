#!/usr/bin/env python3
"""Throw-away TLS certificates for the tests' own servers (tests/imap/dovecot.py,
tests/smtp/fake_smtp.py): make_certificates(dir) writes a CA (ca.pem), a
certificate for 127.0.0.1 and localhost signed by it (server.pem, server.key),
and a second CA that signed nothing (wrong_ca.pem); the two CA files are
world-readable, so a server that drops privileges can read them. Raises
RuntimeError with openssl's message when a step fails. The openssl command
only; Debian's /usr/bin/python3.
"""
import os
import pathlib
import subprocess


def make_certificates(tls):
    tls = pathlib.Path(tls)
    tls.mkdir(mode=0o700, parents=True, exist_ok=True)

    def openssl(*args):
        done = subprocess.run(["openssl", *args], cwd=tls, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"openssl {' '.join(args[:2])} failed: {done.stderr.strip()}")

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
    return tls
