#!/usr/bin/env python3
"""Runs one golden test case: input files + command -> expected output.

A case is a directory holding:
  cmd        the zwgk arguments, one line; placeholders {root} (repository),
             {case} (this directory) and {out} (a fresh empty output directory)
  exit       expected exit code (default 0)
  stdout     expected standard output (optional; compared exactly)
  stderr     expected standard error (optional; compared exactly)
  expected/  files that must appear in {out}, byte for byte (optional)
  env        extra environment variables, one NAME=VALUE per line (optional)
  data/      input data, usually (referenced from cmd)
When the exit code is not 0, {out} must stay empty: nothing half-written.
In stdout/stderr the actual output directory is shown as {out}.
Set ZWGK_GOLDEN_UPDATE=1 to rewrite stdout/stderr/expected from the actual run.
"""
import difflib
import os
import pathlib
import shlex
import subprocess
import sys
import tempfile


def show_diff(name, expected, actual):
    diff = difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                f"expected/{name}", f"actual/{name}")
    sys.stdout.writelines(diff)
    sys.stdout.write("\n")


def main():
    zwgk, root, case = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
    update = os.environ.get("ZWGK_GOLDEN_UPDATE") == "1"
    failures = 0
    with tempfile.TemporaryDirectory(prefix="zwgk-golden-") as tmp:
        out = pathlib.Path(tmp) / "out"
        out.mkdir()
        cmd_text = (case / "cmd").read_text(encoding="utf-8").strip()
        cmd_text = cmd_text.replace("{root}", str(root)).replace("{case}", str(case)).replace("{out}", str(out))
        env = dict(os.environ)
        if (case / "env").exists():
            for line in (case / "env").read_text(encoding="utf-8").splitlines():
                if "=" in line:
                    name, value = line.split("=", 1)
                    env[name.strip()] = value.strip()
        proc = subprocess.run([zwgk] + shlex.split(cmd_text), capture_output=True, timeout=600, env=env)
        stdout = proc.stdout.decode("utf-8", "replace").replace(str(out), "{out}")
        stderr = proc.stderr.decode("utf-8", "replace").replace(str(out), "{out}")
        exit_file = case / "exit"
        want_exit = int(exit_file.read_text().strip()) if exit_file.exists() else 0
        if proc.returncode != want_exit:
            print(f"exit code {proc.returncode}, expected {want_exit}\nstderr:\n{stderr}")
            failures += 1
        for name, actual in (("stdout", stdout), ("stderr", stderr)):
            path = case / name
            if update and (path.exists() or actual):
                path.write_text(actual, encoding="utf-8")
            elif path.exists() and path.read_text(encoding="utf-8") != actual:
                show_diff(name, path.read_text(encoding="utf-8"), actual)
                failures += 1
        produced = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
        if want_exit != 0 and produced:
            print(f"failed run left files behind: {produced}")
            failures += 1
        expected_dir = case / "expected"
        if update and want_exit == 0 and expected_dir.exists():
            for rel in produced:
                if (expected_dir / rel).exists():
                    (expected_dir / rel).write_bytes((out / rel).read_bytes())
        if expected_dir.exists():
            for path in sorted(p for p in expected_dir.rglob("*") if p.is_file()):
                rel = path.relative_to(expected_dir)
                actual_path = out / rel
                if not actual_path.exists():
                    print(f"missing output file: {rel}")
                    failures += 1
                    continue
                want, got = path.read_bytes(), actual_path.read_bytes()
                if want != got:
                    show_diff(str(rel), want.decode("utf-8", "replace"), got.decode("utf-8", "replace"))
                    failures += 1
    print("golden case", case.name, "FAILED" if failures else "passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
