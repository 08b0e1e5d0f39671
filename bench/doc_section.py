"""docs/benchmarks.md holds one section per benchmark script; each script
replaces only its own section, between <!-- NAME:start --> and
<!-- NAME:end --> (appended if absent), so running one keeps the others."""
import pathlib


def replace_section(path, name, text):
    path = pathlib.Path(path)
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{text.rstrip()}\n{end}\n"
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n"
    if start in old and end in old:
        before, rest = old.split(start, 1)
        after = rest.split(end, 1)[1].lstrip("\n")
        new = before + block + ("\n" + after if after else "")
    else:
        new = old.rstrip("\n") + "\n\n" + block
    tmp = path.with_suffix(".tmp")
    tmp.write_text(new, encoding="utf-8")
    tmp.replace(path)
