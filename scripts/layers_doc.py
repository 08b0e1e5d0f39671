#!/usr/bin/env python3
"""ARCHITECTURE.md's layer drawing, generated from cmake/layers.cmake.

Usage: layers_doc.py [--cmake CMAKE] (--check | --write)

The drawing sits between the lines "<!-- layers:begin -->" and
"<!-- layers:end -->": one line per library, highest rank first, with the
libraries it uses directly. --write puts the current drawing there; --check
fails (exit 1, saying what differs) when the drawing is not the table's, or
when the folder table (rows "| `src/<folder>/` | …") does not list exactly
the table's folders. The table is read by CMake itself (`cmake -P`), so
there is one reader of it.
"""
import argparse
import pathlib
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
DOC = ROOT / "ARCHITECTURE.md"
BEGIN = "<!-- layers:begin -->"
END = "<!-- layers:end -->"


def read_table(cmake):
    """[(folder, rank, [folders used])] in the table's order."""
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "layers.txt"
        subprocess.run([cmake, f"-DZWGK_LAYERS_OUT={out}", "-P", str(ROOT / "cmake" / "layers.cmake")], check=True)
        rows = []
        for line in out.read_text().splitlines():
            name, rank, *uses = line.split()
            strip = lambda n: n.removeprefix("zwgk_")  # noqa: E731
            rows.append((strip(name), int(rank), [strip(u) for u in uses]))
        return rows


def drawing(rows):
    width = max(len(folder) for folder, _, _ in rows)
    lines = ["```", "rank  library" + " " * (width - 7) + "  uses (directly)"]
    for folder, rank, uses in sorted(rows, key=lambda r: -r[1]):
        lines.append(f"{rank:>4}  {folder:<{width}}  {'→ ' + ', '.join(uses) if uses else ''}".rstrip())
    lines.append("```")
    return "\n".join(lines)


def folder_rows(text):
    return set(re.findall(r"^\| `src/([a-z_]+)/` \|", text, re.MULTILINE))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cmake", default="cmake")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true")
    mode.add_argument("--write", action="store_true")
    args = parser.parse_args()

    rows = read_table(args.cmake)
    text = DOC.read_text(encoding="utf-8")
    match = re.search(re.escape(BEGIN) + r"\n(.*?)" + re.escape(END), text, re.DOTALL)
    if not match:
        sys.exit(f"ARCHITECTURE.md: no {BEGIN} … {END} block")
    wanted = drawing(rows) + "\n"
    if args.write:
        DOC.write_text(text[:match.start(1)] + wanted + text[match.end(1):], encoding="utf-8")
        return 0

    problems = []
    if match.group(1) != wanted:
        problems.append("the drawing is not cmake/layers.cmake's (run scripts/layers_doc.py --write); it should be:\n"
                        + wanted)
    folders = {folder for folder, _, _ in rows}
    documented = folder_rows(text)
    if folders - documented:
        problems.append(f"the folder table lacks src/{', src/'.join(sorted(folders - documented))}")
    if documented - folders:
        problems.append(f"the folder table lists src/{', src/'.join(sorted(documented - folders))}, "
                        "which have no row in cmake/layers.cmake")
    for problem in problems:
        print("ARCHITECTURE.md: " + problem)
    if not problems:
        print(f"ARCHITECTURE.md: the drawing and the folder table agree with cmake/layers.cmake ({len(rows)} libraries)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
