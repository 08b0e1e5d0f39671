#!/usr/bin/env python3
"""The layer rule is enforced, both ways, and the tree keeps it.

Usage: check_layers.py CMAKE SOURCE_DIR BUILD_DIR

- Links: cmake/layers.cmake read by `cmake -P` passes as it is; a copy with a
  planted row (zwgk_engine using zwgk_server) fails with the message naming
  both libraries and their ranks.
- Includes: a planted file in engine/ compiled with engine's real flags
  (compile_commands.json) fails on #include "server/api.h" with "No such
  file", and compiles with #include "engine/assess.h" (the flags work).
- No library compiles with all of src/ as an include folder, and no #include
  under src/ climbs out of its folder with "../".
"""
import json
import pathlib
import re
import shlex
import subprocess
import sys
import tempfile

failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def squash(text):
    return " ".join(text.split())


def read_table(cmake, table, source_dir, tmp):
    out = pathlib.Path(tmp) / "layers.txt"
    done = subprocess.run([cmake, f"-DZWGK_SOURCE_DIR={source_dir}", f"-DZWGK_LAYERS_OUT={out}", "-P", str(table)],
                          capture_output=True, text=True)
    rows = {}
    if done.returncode == 0:
        for line in out.read_text().splitlines():
            name, rank, *uses = line.split()
            rows[name] = (int(rank), uses)
    return done, rows


def check_links(cmake, source_dir, tmp):
    table = source_dir / "cmake" / "layers.cmake"
    done, rows = read_table(cmake, table, source_dir, tmp)
    check(done.returncode == 0 and "zwgk_engine" in rows and "zwgk_server" in rows,
          f"the table as it is passes: {squash(done.stderr)}")
    if not rows:
        return
    text = table.read_text()
    planted, n = re.subn(r"(zwgk_layer\(zwgk_engine\s+\d+\s+USES)", r"\1 zwgk_server", text)
    check(n == 1, "planted zwgk_engine -> zwgk_server in a copy of the table")
    copy = pathlib.Path(tmp) / "layers.cmake"
    copy.write_text(planted)
    bad, _ = read_table(cmake, copy, source_dir, tmp)
    expected = (f"zwgk_engine (rank {rows['zwgk_engine'][0]}) may not use zwgk_server "
                f"(rank {rows['zwgk_server'][0]})")
    check(bad.returncode != 0 and expected in squash(bad.stderr),
          f"the planted link fails with \"{expected}\": rc={bad.returncode} {squash(bad.stderr)[:400]}")


def engine_command(build_dir, source_dir):
    entries = json.loads((build_dir / "compile_commands.json").read_text())
    for entry in entries:
        if pathlib.Path(entry["file"]).parent == source_dir / "src" / "engine":
            return entry
    return None


def compile_planted(entry, tmp, include):
    planted = pathlib.Path(tmp) / "engine" / "planted.cpp"
    planted.parent.mkdir(exist_ok=True)
    planted.write_text(f'#include "{include}"\n')
    args = shlex.split(entry["command"]) if "command" in entry else list(entry["arguments"])
    out = []
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in ("-o", "-c", "-MF", "-MT", "-MQ"):
            skip = True
        elif arg not in ("-MD", "-MMD"):
            out.append(arg)
    out += ["-fsyntax-only", str(planted)]
    return subprocess.run(out, cwd=entry["directory"], capture_output=True, text=True)


def check_includes(build_dir, source_dir, tmp):
    entry = engine_command(build_dir, source_dir)
    check(entry is not None, "compile_commands.json has a file of src/engine/")
    if entry is None:
        return
    bad = compile_planted(entry, tmp, "server/api.h")
    check(bad.returncode != 0 and "server/api.h: No such file" in bad.stderr,
          f"engine/ including server/api.h fails with \"No such file\": rc={bad.returncode} {bad.stderr[:300]}")
    good = compile_planted(entry, tmp, "engine/assess.h")
    check(good.returncode == 0, f"engine/ including engine/assess.h compiles with the same flags: {good.stderr[:300]}")

    src = str(source_dir / "src")
    whole = []
    for e in json.loads((build_dir / "compile_commands.json").read_text()):
        args = shlex.split(e["command"]) if "command" in e else e["arguments"]
        for i, arg in enumerate(args):
            path = arg[2:] if arg.startswith("-I") and len(arg) > 2 else (args[i + 1] if arg == "-I" else None)
            if path is not None and str(pathlib.Path(path)).rstrip("/") == src:
                whole.append(e["file"])
    check(not whole, f"nothing compiles with all of src/ as an include folder: {whole[:5]}")


def check_no_climbing(source_dir):
    climbing = []
    for path in sorted((source_dir / "src").rglob("*")):
        if path.suffix in (".h", ".cpp"):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if re.match(r'\s*#\s*include\s*"[^"]*\.\./', line):
                    climbing.append(f"{path.relative_to(source_dir)}:{number}")
    check(not climbing, f"no #include \"../…\" under src/: {climbing[:5]}")


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    cmake = sys.argv[1]
    source_dir = pathlib.Path(sys.argv[2]).resolve()
    build_dir = pathlib.Path(sys.argv[3]).resolve()
    with tempfile.TemporaryDirectory() as tmp:
        check_links(cmake, source_dir, tmp)
        check_includes(build_dir, source_dir, tmp)
    check_no_climbing(source_dir)
    if failures:
        sys.exit(f"{len(failures)} check(s) failed")


if __name__ == "__main__":
    main()
