#!/usr/bin/env python3
"""`zwgk mail import` of a large mbox in bounded memory, and an import killed half-way.

    large_mbox.py ZWGK ROOT

Issue 12 item 14: an mbox was read whole, so memory grew with the file and a
file larger than the memory available aborted with std::bad_alloc (exit 134).
- A 220 MB mbox (220 submissions of 1 MB, each with a PDF attachment) is
  imported; its peak RSS must stay within K_RSS_MARGIN_MB of a 3-message
  import's, less than half the file (before: about 2.5 times the file).
- A 70 MB message (over the 64 MB message limit) between small ones is
  reported with its number and line (exit 1), the others are stored.
- Builds without AddressSanitizer (the release preset) also run the 220 MB
  import under an address-space limit of 200 MB (setrlimit RLIMIT_AS, as the
  issue did with `ulimit -v`), and the 70 MB message under 150 MB, too little
  to hold it up to the limit: a Chinese error and exit 1, never exit 134.
  An ASan build reserves terabytes of address space for its shadow memory,
  so no such limit can be set, and its allocator aborts instead of throwing
  std::bad_alloc: the dev build is held to the RSS bound, which checks the
  same thing in proportion. 220 MB keeps the test to seconds under ASan (~25 s).
- The child's ASan quarantine is made small (quiet_quarantine), and this
  script writes the files piece by piece so that it stays small itself: a
  forked child's peak RSS starts at its parent's.

Issue 12 item 15: an import killed half-way (SIGKILL, as a power cut or the
OOM killer would) leaves an audit entry for each batch it stored. The entry
follows its batch's commit at once; a kill between the two leaves the last
batch without one, so the last "导入进行中" entry names as many new messages as
the ledger holds, or one batch fewer. Running the import again adds the rest.
"""
import base64
import os
import pathlib
import random
import re
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

K_RSS_MARGIN_MB = 100      # what streaming may add over a small import: a 32 MB batch, a 1 MB message, slack
K_AS_LIMIT_MB = 200        # release build: address space allowed for a 220 MB file of 1 MB messages
K_AS_SHORT_MB = 150        # release build: too little to hold a message up to the 64 MB limit
K_MESSAGES = 220           # of 1 MB: a 220 MB mbox
K_ATTACHMENT = 1 << 20
K_HUGE_AT = 3              # the message over the limit (1-based number)
K_HUGE = 70 << 20
K_BATCH = 100              # mailbox::k_batch_messages


def write_message(f, n, attachment_bytes, block):
    """One submission of 区司法局 with a PDF of about attachment_bytes (base64 lines taken from `block`),
    written piece by piece: this process stays small, so a child's peak RSS is its own (a forked
    child starts with its parent's as its high-water mark)."""
    day = 1 + n % 28
    f.write(f"From xxgk@sfj.linzi.gov.cn Mon Aug {day:2d} 02:00:00 2020\n"
            f"Received: from mx.sfj.linzi.gov.cn by mail.linzi.gov.cn; Mon, {day} Aug 2020 10:00:00 +0800\n"
            f"From: xxgk@sfj.linzi.gov.cn\nTo: zwgk@linzi.gov.cn\n"
            f"Subject: =?UTF-8?B?44CQ5Yy65Y+45rOV5bGA44CR?= {n}\nMessage-ID: <large-{n}@sfj.linzi.gov.cn>\n"
            f"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b{n}\"\n\n"
            f"--b{n}\nContent-Type: text/plain; charset=utf-8\n\n第{n}篇稿件，政务公开。\n"
            f"--b{n}\nContent-Type: application/pdf; name=\"{n}.pdf\"\nContent-Transfer-Encoding: base64\n\n"
            .encode())
    written = 0
    while written < attachment_bytes:
        part = block[:attachment_bytes - written]
        part = part[:part.rfind(b"\n") + 1] or block[:77]
        f.write(part)
        written += len(part)
    f.write(f"--b{n}--\n\n".encode())


def write_mbox(path, count, size_of):
    rng = random.Random(12)
    raw = rng.randbytes(57 * 16384)
    block = b"".join(base64.b64encode(raw[i:i + 57]) + b"\n" for i in range(0, len(raw), 57))  # 1.2 MB
    with open(path, "wb") as f:
        for n in range(1, count + 1):
            write_message(f, n, size_of(n), block)


def has_asan(zwgk):
    with open(zwgk, "rb") as f:
        return b"__asan_init" in f.read()


def quiet_quarantine():
    """The environment with ASan's quarantine of freed memory (256 MB by default) made small, so that
    RSS measures what zwgk holds, not what ASan keeps back to catch use-after-free."""
    env = dict(os.environ)
    env["ASAN_OPTIONS"] = ":".join(filter(None, [env.get("ASAN_OPTIONS", ""), "quarantine_size_mb=8"]))
    return env


def peak_rss_mb(zwgk, data, source, as_limit=None):
    """Runs one import in a fresh child and returns (exit code, stdout, stderr, its own peak RSS in MB)."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (as_limit << 20, as_limit << 20))
    out_path, err_path = data.parent / "stdout.txt", data.parent / "stderr.txt"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        proc = subprocess.Popen([zwgk, "mail", "import", "--data", str(data), str(source)], stdout=out, stderr=err,
                                preexec_fn=limit if as_limit else None, env=quiet_quarantine())
        _, status, usage = os.wait4(proc.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    return code, out_path.read_text(encoding="utf-8"), err_path.read_text(encoding="utf-8"), usage.ru_maxrss / 1024


def fresh_data(root, tmp, name):
    data = tmp / name / "data"
    shutil.copytree(root / "tests" / "golden" / "mail-linzi-mbox" / "data", data)
    return data


def check(condition, text):
    if not condition:
        sys.exit("FAILED: " + text)


def test_memory(zwgk, root, tmp):
    small = tmp / "small.mbox"
    write_mbox(small, 3, lambda n: 4096)
    code, out, err, base = peak_rss_mb(zwgk, fresh_data(root, tmp, "small"), small)
    check(code == 0, f"small import: exit {code}\n{err}")

    # The case: an mbox of ordinary submissions, larger than the memory allowed.
    plain = tmp / "large.mbox"
    write_mbox(plain, K_MESSAGES, lambda n: K_ATTACHMENT)
    start = time.monotonic()
    code, out, err, peak = peak_rss_mb(zwgk, fresh_data(root, tmp, "large"), plain)
    print(f"{plain.stat().st_size >> 20} MB mbox: exit {code}, peak RSS {peak:.0f} MB (small import {base:.0f} MB), "
          f"{time.monotonic() - start:.1f} s")
    check(code == 0 and f"读取 {K_MESSAGES} 封邮件：新增 {K_MESSAGES} 封" in out, f"exit {code}\n{out}\n{err[-2000:]}")
    check(peak - base < K_RSS_MARGIN_MB,
          f"peak RSS {peak:.0f} MB is {peak - base:.0f} MB over a small import's (at most {K_RSS_MARGIN_MB})")

    # A message over the 64 MB limit among small ones: reported with its place, the others stored.
    huge = tmp / "huge.mbox"
    write_mbox(huge, 5, lambda n: K_HUGE if n == K_HUGE_AT else 4096)
    code, out, err, peak = peak_rss_mb(zwgk, fresh_data(root, tmp, "huge"), huge)
    print(f"{huge.stat().st_size >> 20} MB message: exit {code}, peak RSS {peak:.0f} MB")
    check(code == 1, f"exit {code}, expected 1 (one message over the limit)\n{err[-2000:]}")
    check("读取 5 封邮件：新增 4 封，以前已导入 0 封，无法读取 1 封" in out, out)
    check(re.search(rf"“huge.mbox” 第{K_HUGE_AT}封（第\d+行）：邮件大小 70\.\d MB，超过上限 64\.0 MB", err), err[-2000:])

    if has_asan(zwgk):
        print("AddressSanitizer build: no address-space limit (see the docstring); RSS bound checked")
        return
    code, out, err, peak = peak_rss_mb(zwgk, fresh_data(root, tmp, "limited"), plain, as_limit=K_AS_LIMIT_MB)
    print(f"under RLIMIT_AS {K_AS_LIMIT_MB} MB: exit {code}, peak RSS {peak:.0f} MB")
    check(code == 0 and f"新增 {K_MESSAGES} 封" in out, f"exit {code} under the limit\n{out}\n{err[-2000:]}")
    # Too little memory to hold a message up to the 64 MB limit: a clear error, not an abort.
    code, out, err, _ = peak_rss_mb(zwgk, fresh_data(root, tmp, "short"), huge, as_limit=K_AS_SHORT_MB)
    print(f"huge message under RLIMIT_AS {K_AS_SHORT_MB} MB: exit {code}: {err.strip()[:30]}")
    check(code == 1 and "错误：内存不足，导入中止" in err, f"exit {code}\n{out}\n{err[-2000:]}")


def stored_count(db):
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as c:
            return c.execute("SELECT count(*) FROM mail_messages").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_killed_import(zwgk, root, tmp):
    # Enough messages that the import is still running when 3 batches are stored: an optimised build
    # stores thousands a second, one with ASan a few hundred.
    count = 1500 if has_asan(zwgk) else 20000
    mbox = tmp / "many.mbox"
    write_mbox(mbox, count, lambda n: 2048)
    data = fresh_data(root, tmp, "killed")
    db = data / "zwgk.db"
    proc = subprocess.Popen([zwgk, "mail", "import", "--data", str(data), str(mbox)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while stored_count(db) < 3 * K_BATCH and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    check(proc.poll() is None, "the import ended before it could be killed; make the mbox larger")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(db) as c:
        stored = c.execute("SELECT count(*) FROM mail_messages").fetchone()[0]
        details = [r[0] for r in c.execute("SELECT detail FROM audit WHERE action = '导入邮件' ORDER BY id")]
    print(f"killed after {stored} messages stored; audit: {details[-1] if details else '(none)'}")
    check(stored >= 3 * K_BATCH, f"{stored} stored")
    check(details and all(d.startswith("导入进行中") for d in details), f"audit entries: {details}")
    audited = int(re.search(r"新增 (\d+) 封", details[-1]).group(1))
    check(stored - K_BATCH <= audited <= stored, f"audited {audited}, stored {stored}")

    code, out, err, _ = peak_rss_mb(zwgk, data, mbox)
    check(code == 0 and f"读取 {count} 封邮件：新增 {count - stored} 封，以前已导入 {stored} 封" in out, f"{out}\n{err}")


def main():
    zwgk, root = sys.argv[1], pathlib.Path(sys.argv[2])
    with tempfile.TemporaryDirectory(prefix="zwgk-large-mbox-") as tmp:
        test_memory(zwgk, root, pathlib.Path(tmp))
        test_killed_import(zwgk, root, pathlib.Path(tmp))
    print("large_mbox: passed")


if __name__ == "__main__":
    main()
