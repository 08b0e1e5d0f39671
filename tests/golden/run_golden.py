#!/usr/bin/env python3
"""Runs one golden test case: input files + command -> expected output.

A case is a directory holding:
  cmd        the zwgk arguments, one line; placeholders {root} (repository),
             {case} (this directory) and {out} (a fresh empty output directory)
  exit       expected exit code (default 0)
  stdout     expected standard output (optional; compared exactly)
  stderr     expected standard error (optional; compared exactly)
  expected/  files that must appear in {out}, byte for byte (optional)
  env        extra environment variables, one NAME=VALUE per line (optional);
             ZWGK_PROGRESS is off unless env sets it (ZWGK_PROGRESS=on)
  data/      input data, usually (referenced from cmd)
  copy_data  (optional, empty) for commands that write into the data directory
             (zwgk.db): data/ is copied to a temporary directory, named {data} in
             cmd, setup, stdout and stderr, so the case's own data/ stays clean;
             not empty: another case's data folder to copy instead ("city-gather/data")
  setup      (optional, with copy_data) zwgk commands run first, one per line,
             with the same placeholders and env, all in one `zwgk batch` run;
             each must exit 0
  stdin      (optional) text given to cmd's standard input
When the exit code is not 0, {out} must stay empty: nothing half-written.
In stdout/stderr the actual output directory is shown as {out}.
Set ZWGK_GOLDEN_UPDATE=1 to rewrite stdout/stderr/expected from the actual run.
"""
import difflib
import os
import pathlib
import shlex
import shutil
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
        data = None
        if (case / "copy_data").exists():
            data = pathlib.Path(tmp) / "data"
            shared = (case / "copy_data").read_text(encoding="utf-8").strip()
            shutil.copytree(case.parent / shared if shared else case / "data", data)

        def expand(text):
            text = text.replace("{root}", str(root)).replace("{case}", str(case)).replace("{out}", str(out))
            return text.replace("{data}", str(data)) if data else text

        def shown(raw):
            text = raw.decode("utf-8", "replace").replace(str(out), "{out}")
            return text.replace(str(data), "{data}") if data else text

        cmd_text = expand((case / "cmd").read_text(encoding="utf-8").strip())
        env = dict(os.environ)
        # Progress lines into a log depend on how fast the machine is (one
        # every 5 s): off, unless a case's env turns them on.
        env["ZWGK_PROGRESS"] = "off"
        if (case / "env").exists():
            for line in (case / "env").read_text(encoding="utf-8").splitlines():
                if "=" in line:
                    name, value = line.split("=", 1)
                    env[name.strip()] = value.strip()
        if data and (case / "setup").exists():
            # All setup commands run in one process (`zwgk batch`): a sanitizer build
            # spends seconds starting each process.
            lines = [expand(l) for l in (case / "setup").read_text(encoding="utf-8").splitlines() if l.strip()]
            batch = pathlib.Path(tmp) / "setup.txt"
            batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
            setup = subprocess.run([zwgk, "batch", str(batch)], capture_output=True, timeout=600,
                                   env=env, stdin=subprocess.DEVNULL)
            if setup.returncode != 0:
                print(f"setup failed ({setup.returncode}):\n{shown(setup.stderr)}")
                failures += 1
        stdin_args = {}
        if (case / "stdin").exists():
            stdin_args["input"] = (case / "stdin").read_bytes()
        proc = subprocess.run([zwgk] + shlex.split(cmd_text), capture_output=True, timeout=600, env=env,
                              **stdin_args)
        stdout = shown(proc.stdout)
        stderr = shown(proc.stderr)
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
