#!/usr/bin/env python3
"""The output folder as office staff use it (issue 12, item 19): the first
`zwgk report` into a folder that holds older plain outputs and the user's own
file; the README's paths (out/通报.docx …) keep working as links into the
current set; a second run switches the whole set; and with 通报.html a
directory the run fails saying so and the folder keeps every file as it was
(before, six files were replaced, the JSON stayed old, and zwgk said
"未生成任何文件")."""
import os
import pathlib
import subprocess
import sys
import tempfile

from example_report import fail

NAMES = ["通报.docx", "通报.xlsx", "通报.html", "考核结果.json",
         "附件1-各部门第三季度政务公开工作情况统计.csv", "附件2-各镇、街道第三季度政务公开工作情况统计.csv",
         "附件3-各单位政务公开工作第三季度投稿情况.csv", "附件4-各单位第三季度政务公开工作减分情况.csv"]


def snapshot(out):
    return {name: (out / name).read_bytes() for name in NAMES if (out / name).is_file()}


def main():
    zwgk, root = sys.argv[1], pathlib.Path(sys.argv[2])
    report = [zwgk, "report", "--data", str(root / "examples/linzi-2020q3"), "--out"]
    with tempfile.TemporaryDirectory(prefix="zwgk-folder-") as tmp:
        out = pathlib.Path(tmp) / "linzi-2020q3"
        out.mkdir()
        (out / "我的说明.txt").write_text("mine", encoding="utf-8")
        (out / "通报.docx").write_bytes(b"an older zwgk's plain file")
        (out / "通报.pdf").write_bytes(b"an older PDF, not written by this run")

        subprocess.run(report + [str(out)], check=True, capture_output=True)
        first = snapshot(out)
        if sorted(first) != sorted(NAMES):
            fail(f"missing after the first run: {sorted(set(NAMES) - set(first))}")
        if not first["通报.docx"].startswith(b"PK"):
            fail("通报.docx is not the new document")
        for name in NAMES:
            if os.readlink(out / name) != f".zwgk/通报-2020Q3/current/{name}":
                fail(f"{name} is not a link into the current set: {os.readlink(out / name)}")
        if (out / "我的说明.txt").read_text(encoding="utf-8") != "mine" or not (out / "通报.pdf").is_file():
            fail("the user's files were touched")
        moved = out.rename(out.with_name("moved"))  # the links are relative: the folder can move
        if snapshot(moved) != first:
            fail("a moved output folder does not show the same files")
        moved.rename(out)

        subprocess.run(report + [str(out)], check=True, capture_output=True)
        second = snapshot(out)
        del first["通报.xlsx"], second["通报.xlsx"]  # libxlsxwriter records the time it was written
        if second != first:
            fail("the second run of the same data changed the files")
        if os.readlink(out / ".zwgk/通报-2020Q3/current") != "v3":
            fail(f"current is {os.readlink(out / '.zwgk/通报-2020Q3/current')}, expected v3 (v1 took the plain file)")
        if sorted(p.name for p in (out / ".zwgk/通报-2020Q3").iterdir()) != ["current", "v2", "v3"]:
            fail(f"versions kept: {sorted(p.name for p in (out / '.zwgk/通报-2020Q3').iterdir())}")

        (out / "通报.html").unlink()
        (out / "通报.html").mkdir()
        before = snapshot(out)
        run = subprocess.run(report + [str(out)], capture_output=True, text=True)
        if run.returncode == 0 or "通报.html”是一个文件夹" not in run.stderr or "输出目录保持原样" not in run.stderr:
            fail(f"exit {run.returncode}, stderr: {run.stderr}")
        if snapshot(out) != before:
            fail("a refused run changed files")
        print("first run into a plain folder, README paths, a second run and a refused run: as documented")
        print("1 passed, 0 failed")


if __name__ == "__main__":
    main()
