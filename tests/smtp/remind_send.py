#!/usr/bin/env python3
"""`zwgk remind --send` against a fake SMTP server (fake_smtp.py) on loopback.

    remind_send.py ZWGK ROOT

The example quarter (examples/linzi-2020q3, with its calendar) gets sender
addresses for two of the units with findings (区住建局 two, 齐都镇 one) and
is judged as of 2020-10-20, after the deadline. Each case copies it, writes
DIR/邮件发送.toml and runs `zwgk remind`:
- STARTTLS with login (password from a file, and from an environment
  variable), implicit TLS (smtps), a plain relay on loopback without login:
  the server receives one message per unit with an address, to that unit's
  addresses; the decoded subject is the digest's and the body is exactly the
  exported 整改提醒/<单位>.txt; every sending is in the audit log;
- without --send nothing reaches the server;
- a server without STARTTLS, a wrong password, a certificate from another
  CA, a refused recipient, a server nobody listens on and a missing
  configuration: a Chinese message, exit code 1, never a crash, and the
  password appears nowhere.
"""
import csv
import email
import email.policy
import io
import os
import pathlib
import shutil
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from fake_smtp import FakeSmtp, closed_port, make_certificates  # noqa: E402

AS_OF = "2020-10-20"
PASSWORD = "s3cret-授权码-pw"
ADDRESSES = {"区住建局": ["zjj@linzi.test", "zjj.office@linzi.test"], "齐都镇": ["qdz@linzi.test"]}
FROM = "临淄区人民政府办公室 <gk@linzi.test>"

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print(f"FAIL: {message}")


def run(zwgk, args, env=None):
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([zwgk, *map(str, args)], capture_output=True, text=True, timeout=120, env=full_env,
                          stdin=subprocess.DEVNULL)


def add_addresses(registry):
    rows = list(csv.reader(io.StringIO(registry.read_text(encoding="utf-8-sig"))))
    rows[0].append("投稿邮箱")
    for row in rows[1:]:
        row.append("、".join(ADDRESSES.get(row[1], [])))
    with registry.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)


def config(data, lines):
    (data / "邮件发送.toml").write_text("[smtp]\n" + "".join(f"{line}\n" for line in lines), encoding="utf-8")


def audit(data):
    with sqlite3.connect(data / "zwgk.db") as db:
        return db.execute("SELECT user_name, target, detail FROM audit WHERE action = '发送整改提醒' ORDER BY id").fetchall()


def received_by_unit(server):
    """{unit short name: message} by the recipients' addresses."""
    out = {}
    for m in server.messages:
        for unit, addresses in ADDRESSES.items():
            if sorted(m.rcpt_to) == sorted(addresses):
                out[unit] = m
    return out


def check_messages(name, server, digests, secure, auth_user):
    check(len(server.messages) == len(ADDRESSES), f"{name}: {len(server.messages)} messages received")
    got = received_by_unit(server)
    for unit, addresses in ADDRESSES.items():
        m = got.get(unit)
        check(m is not None, f"{name}: nothing received for {unit}")
        if m is None:
            continue
        check(m.mail_from == "gk@linzi.test", f"{name}: envelope sender {m.mail_from}")
        check(m.tls == secure, f"{name}: TLS {m.tls}")
        check(m.auth_user == auth_user, f"{name}: logged in as {m.auth_user!r}")
        msg = email.message_from_bytes(m.data, policy=email.policy.default)
        to = sorted(a.addr_spec for a in msg["To"].addresses)
        check(to == sorted(addresses), f"{name}: To {to}")
        frm = msg["From"].addresses[0]
        check((frm.display_name, frm.addr_spec) == ("临淄区人民政府办公室", "gk@linzi.test"), f"{name}: From {frm}")
        subject = str(msg["Subject"])
        check(subject == f"临淄区政务公开工作考核整改事项提醒（{unit}，截至2020年10月20日）", f"{name}: Subject {subject}")
        check(msg["Date"] is not None and msg["Message-ID"] is not None, f"{name}: Date/Message-ID missing")
        check(msg.get_content_type() == "text/plain" and msg.get_content_charset() == "utf-8",
              f"{name}: {msg.get_content_type()} {msg.get_content_charset()}")
        body = msg.get_content().replace("\r\n", "\n")
        check(body == digests[unit], f"{name}: body of {unit} differs from the exported digest:\n{body}")
        check(body.startswith(f"{unit}：\n　　截至2020年10月20日，贵单位尚有以下整改事项未完成"), f"{name}: body start")


def main():
    zwgk, root = sys.argv[1], pathlib.Path(sys.argv[2])
    with tempfile.TemporaryDirectory(prefix="zwgk-smtp-") as tmp:
        tmp = pathlib.Path(tmp)
        tls = make_certificates(tmp / "tls")
        base = tmp / "base"
        shutil.copytree(root / "examples" / "linzi-2020q3", base)
        add_addresses(base / "单位名录.csv")
        password_file = tmp / "smtp-password"
        password_file.write_text(PASSWORD + "\n", encoding="utf-8")
        password_file.chmod(0o600)

        # The digests as exported: what each unit must receive.
        out = tmp / "out"
        done = run(zwgk, ["remind", "--data", base, "--as-of", AS_OF, "--out", out])
        check(done.returncode == 0, f"remind --out: {done.returncode}\n{done.stdout}{done.stderr}")
        digests = {p.stem: p.read_text(encoding="utf-8") for p in (out / "整改提醒").glob("*.txt")}
        check(set(ADDRESSES) <= set(digests), f"digests: {sorted(digests)}")
        without_address = len(digests) - len(ADDRESSES)
        check(without_address > 0, "some units without an address")

        counter = iter(range(1000))

        def case(name, mode, lines, args=(), env=None, user="", reject=()):
            data = tmp / f"case{next(counter)}"
            shutil.copytree(base, data)
            server = FakeSmtp(mode, tls, user=user, password=PASSWORD, reject=reject).start()
            config(data, [line.replace("{port}", str(server.port)) for line in lines])
            try:
                done = run(zwgk, ["remind", "--data", data, "--as-of", AS_OF, *args], env=env)
            finally:
                server.stop()
            output = done.stdout + done.stderr
            check(PASSWORD not in output, f"{name}: the password was printed")
            check(done.returncode in (0, 1), f"{name}: exit code {done.returncode}\n{output}")
            return data, server, done, output

        starttls = ['url = "smtp://127.0.0.1:{port}"', f'from = "{FROM}"', 'user = "gk@linzi.test"',
                    f'password_file = "{password_file}"', f'ca_file = "{tls / "ca.pem"}"', 'security = "starttls"',
                    'timeout = 20']

        # STARTTLS, login with the password from a file.
        data, server, done, output = case("starttls", "starttls", starttls, ["--send", "--by", "张三"],
                                          user="gk@linzi.test")
        check(done.returncode == 0, f"starttls: exit {done.returncode}\n{output}")
        check_messages("starttls", server, digests, True, "gk@linzi.test")
        for unit, addresses in ADDRESSES.items():
            check(f"{unit}：已发送至 {'、'.join(addresses)}" in done.stdout, f"starttls: stdout for {unit}\n{output}")
        check(f"已发送 2 个单位，失败 0 个，没有邮箱 {without_address} 个" in done.stdout, f"starttls: tally\n{output}")
        entries = audit(data)
        check(len(entries) == 2 and all(e[0] == "张三" and "已发送至" in e[2] for e in entries),
              f"starttls: audit {entries}")

        # The password from an environment variable; implicit TLS.
        lines = ['url = "smtps://localhost:{port}"', f'from = "{FROM}"', 'user = "gk@linzi.test"',
                 'password_env = "ZWGK_TEST_SMTP_PASSWORD"', f'ca_file = "{tls / "ca.pem"}"']
        data, server, done, output = case("tls", "tls", lines, ["--send"], env={"ZWGK_TEST_SMTP_PASSWORD": PASSWORD},
                                          user="gk@linzi.test")
        check(done.returncode == 0, f"tls: exit {done.returncode}\n{output}")
        check_messages("tls", server, digests, True, "gk@linzi.test")
        check([e[0] for e in audit(data)] == ["命令行", "命令行"], f"tls: audit {audit(data)}")

        # A relay on loopback: plain, no login.
        lines = ['url = "smtp://127.0.0.1:{port}"', f'from = "{FROM}"', 'security = "none"']
        data, server, done, output = case("relay", "plain", lines, ["--send"])
        check(done.returncode == 0, f"relay: exit {done.returncode}\n{output}")
        check_messages("relay", server, digests, False, "")

        # One unit only.
        data, server, done, output = case("one unit", "plain", lines, ["--send", "--unit", "区住房和城乡建设局"])
        check(done.returncode == 0 and len(server.messages) == 1 and server.messages[0].rcpt_to == ADDRESSES["区住建局"],
              f"one unit: {[m.rcpt_to for m in server.messages]}\n{output}")

        # Without --send nothing is sent, and no audit entry is written.
        data, server, done, output = case("no send", "plain", lines)
        check(done.returncode == 0 and server.connections == 0, f"no send: {server.connections} connections\n{output}")
        check("发送结果" not in done.stdout and "截至2020年10月20日" in done.stdout, f"no send: stdout\n{output}")

        # A server that does not offer STARTTLS: nothing sent in the clear.
        data, server, done, output = case("no starttls", "no-starttls", starttls, ["--send"], user="gk@linzi.test")
        check(done.returncode == 1 and not server.messages, f"no starttls: {done.returncode}\n{output}")
        check("不支持 STARTTLS" in done.stdout, f"no starttls: message\n{output}")
        check(len(audit(data)) == 2 and all("失败" in e[2] for e in audit(data)), f"no starttls: audit {audit(data)}")

        # A wrong password.
        wrong = tmp / "wrong-password"
        wrong.write_text("not-the-password\n", encoding="utf-8")
        wrong.chmod(0o600)
        lines = [line if not line.startswith("password_file") else f'password_file = "{wrong}"' for line in starttls]
        data, server, done, output = case("wrong password", "starttls", lines, ["--send"], user="gk@linzi.test")
        check(done.returncode == 1 and not server.messages, f"wrong password: {done.returncode}\n{output}")
        check("拒绝登录" in done.stdout and "not-the-password" not in output, f"wrong password: message\n{output}")

        # A certificate the configured CA did not sign.
        lines = [line if not line.startswith("ca_file") else f'ca_file = "{tls / "wrong_ca.pem"}"' for line in starttls]
        data, server, done, output = case("wrong ca", "starttls", lines, ["--send"], user="gk@linzi.test")
        check(done.returncode == 1 and not server.messages, f"wrong ca: {done.returncode}\n{output}")
        check("证书未通过验证" in done.stdout or "TLS" in done.stdout, f"wrong ca: message\n{output}")

        # A refused recipient: that unit fails, the other is still sent.
        data, server, done, output = case("refused", "starttls", starttls, ["--send"], user="gk@linzi.test",
                                          reject={"zjj.office@linzi.test"})
        check(done.returncode == 1, f"refused: exit {done.returncode}\n{output}")
        check([m.rcpt_to for m in server.messages] == [ADDRESSES["齐都镇"]], f"refused: {server.messages}")
        check("区住建局：发送失败：" in done.stdout and "拒绝了收件人" in done.stdout and "User unknown" in done.stdout,
              f"refused: message\n{output}")

        # Nobody listening.
        port = closed_port()
        lines = [f'url = "smtp://127.0.0.1:{port}"', f'from = "{FROM}"', 'security = "none"', 'timeout = 10']
        data = tmp / "unreachable"
        shutil.copytree(base, data)
        config(data, lines)
        done = run(zwgk, ["remind", "--data", data, "--as-of", AS_OF, "--send"])
        check(done.returncode == 1, f"unreachable: exit {done.returncode}\n{done.stdout}{done.stderr}")
        check("无法连接邮件发送服务器 127.0.0.1" in done.stdout, f"unreachable: message\n{done.stdout}{done.stderr}")

        # No configuration: nothing written, nothing sent.
        data = tmp / "unconfigured"
        shutil.copytree(base, data)
        out = tmp / "out-unconfigured"
        done = run(zwgk, ["remind", "--data", data, "--as-of", AS_OF, "--send", "--out", out])
        check(done.returncode == 1 and "邮件发送.toml" in done.stderr and not out.exists(),
              f"unconfigured: {done.returncode}\n{done.stdout}{done.stderr}")

        # A password written into the file is refused, and not echoed.
        config(data, ['url = "smtp://127.0.0.1:25"', f'from = "{FROM}"', 'user = "gk"', f'password = "{PASSWORD}"'])
        done = run(zwgk, ["remind", "--data", data, "--as-of", AS_OF, "--send"])
        check(done.returncode == 1 and "password_env" in done.stderr and PASSWORD not in done.stderr,
              f"password in file: {done.returncode}\n{done.stdout}{done.stderr}")

    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
