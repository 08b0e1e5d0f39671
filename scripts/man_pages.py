#!/usr/bin/env python3
"""Makes zwgk's man pages from the program's own Chinese help.

    scripts/man_pages.py --zwgk build/package/src/zwgk --version 0.1.0 --out DIR

Writes DIR/zwgk.1.gz (the program and its list of commands) and one
DIR/zwgk-COMMAND.1.gz per command, holding the command's help and, for a
command with subcommands, each subcommand's. The help is the one source of
the text, so a page cannot drift from what `zwgk COMMAND --help` says.
Compressed with gzip -9 and no name or time in the header (Debian policy;
the same program gives the same bytes).
"""
import argparse
import gzip
import os
import re
import subprocess
import sys

SUBCOMMANDS = "子命令："


def help_of(zwgk, *words):
    run = subprocess.run([zwgk, *words, "--help"], capture_output=True, text=True,
                         env={**os.environ, "LANG": "C.UTF-8"})
    if run.returncode != 0:
        sys.exit(f"man_pages.py: `zwgk {' '.join(words)} --help` failed: {run.stderr}")
    return run.stdout


def subcommands(help_text):
    """(name, summary) of the lines under 子命令： up to the next blank line."""
    lines = help_text.splitlines()
    if SUBCOMMANDS not in lines:
        return []
    found = []
    for line in lines[lines.index(SUBCOMMANDS) + 1:]:
        if not line.strip():
            break
        match = re.match(r"\s+(\S+)\s+(.*)", line)
        if match:
            found.append((match.group(1), match.group(2).strip()))
    return found


def roff(text):
    """Text as roff lines: backslashes and hyphens escaped, no line read as a request."""
    out = []
    for line in text.splitlines():
        line = line.replace("\\", "\\e").replace("-", "\\-")
        if line.startswith((".", "'")):
            line = "\\&" + line
        out.append(line)
    return "\n".join(out)


def block(text):
    return ".nf\n" + roff(text.strip("\n")) + "\n.fi\n"


def page(title, version, name, summary, sections):
    head = f'.TH {title} 1 "" "zwgk {version}" "zwgk 手册"\n.SH 名称\n{roff(name)} \\- {roff(summary)}\n'
    return head + "".join(f".SH {heading}\n{body}" for heading, body in sections)


def write(out_dir, file_name, text):
    path = os.path.join(out_dir, file_name + ".gz")
    with open(path + ".tmp", "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as z:
            z.write(text.encode("utf-8"))
    os.replace(path + ".tmp", path)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--zwgk", required=True)
    parser.add_argument("--version", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)

    top = help_of(args.zwgk)
    commands = subcommands(top)
    if not commands:
        sys.exit("man_pages.py: `zwgk --help` lists no commands")
    summary = top.splitlines()[0].split("——", 1)[-1].strip()
    see_also = ",\n".join(f".BR zwgk\\-{name} (1)" for name, _ in commands)
    write(args.out, "zwgk.1", page("ZWGK", args.version, "zwgk", summary, [
        ("说明", block(top)),
        ("文件", block("/etc/zwgk/zwgk.conf    网页工作台服务（zwgk.service）的设置\n"
                       "/var/lib/zwgk         服务的数据目录\n"
                       "/usr/share/doc/zwgk   说明文档、临淄区的示例和 nginx 配置示例")),
        ("参见", see_also + "\n"),
    ]))
    for name, summary in commands:
        text = help_of(args.zwgk, name)
        sections = [("说明", block(text))]
        for sub, _ in subcommands(text):
            sections.append((f"zwgk {name} {sub}", block(help_of(args.zwgk, name, sub))))
        sections.append(("参见", ".BR zwgk (1)\n"))
        write(args.out, f"zwgk-{name}.1", page(f"ZWGK-{name.upper()}", args.version, f"zwgk-{name}", summary,
                                              sections))
    print(f"man_pages.py: {len(commands) + 1} pages in {args.out}")


if __name__ == "__main__":
    main()
