#!/usr/bin/env python3
"""Size limits of the sources: no file under src/ over 400 lines, no function
over 80 lines.

Usage: check_sizes.py [--strict] [--max-file N] [--max-function N] [PATH ...]

PATHs are files or folders (*.h, *.cpp, searched recursively); the default is
src/ of this repository. Offenders are printed one a line,
"path: N lines (over 400)" or "path:LINE: function NAME: N lines (over 80)".
Without --strict the exit status is 0 (a report); with --strict it is 1 when
anything is over.

What counts as a function, and its length:
- A function is a body in braces at namespace or class scope whose head (the
  text since the previous declaration) has a parameter list: free functions,
  member functions defined outside or inside their class, constructors (their
  initializer list included), operators, and a lambda assigned to a variable
  at namespace or class scope.
- Its length is every line from the first line of its head (template<…>
  included; comments before it and access specifiers excluded) to the line of
  its closing brace, blank and comment lines included.
- Lambdas and local classes inside a function are part of that function:
  moving code into a lambda does not make a function shorter.
- Braces inside comments, string literals, raw string literals
  (R"d(…)d"), character literals and preprocessor lines are not code; a
  digit separator (1'000) is not a character literal. Initializer braces
  (`int a[] = {…}`, `m_x{1}` in a constructor's initializer list) are not
  bodies.
"""
import argparse
import pathlib
import re
import sys

MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 80

_RAW_PREFIXES = ("R", "u8R", "uR", "UR", "LR")


def mask(text):
    """The text with comments, literals and preprocessor lines blanked
    (newlines kept, so offsets and line numbers stay)."""
    out = list(text)
    n = len(text)
    i = 0
    line_start = True  # only whitespace since the last newline

    def blank(a, b):
        for k in range(a, min(b, n)):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        c = text[i]
        if c == "\n":
            line_start = True
            i += 1
            continue
        if c in " \t\r\f\v":
            i += 1
            continue
        if line_start and c == "#":
            j = i
            while j < n and text[j] != "\n":
                if text[j] == "\\" and j + 1 < n and text[j + 1] == "\n":
                    j += 2
                    continue
                if text.startswith("/*", j):  # a comment may run past the line
                    end = text.find("*/", j + 2)
                    j = n if end < 0 else end + 2
                    continue
                j += 1
            blank(i, j)
            i = j
            continue
        line_start = False
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            blank(i, j)
            i = j
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            j = n if end < 0 else end + 2
            blank(i, j)
            i = j
        elif c == '"':
            word = re.search(r"[A-Za-z0-9_]*$", text[max(0, i - 16):i]).group(0)
            if word in _RAW_PREFIXES:
                open_paren = text.find("(", i + 1)
                delim = text[i + 1:open_paren] if open_paren >= 0 else ""
                end = text.find(")" + delim + '"', open_paren + 1) if open_paren >= 0 else -1
                j = n if end < 0 else end + len(delim) + 2
            else:
                j = _end_of_quoted(text, i, '"')
            blank(i, j)
            i = j
        elif c == "'":
            token = re.search(r"[A-Za-z0-9_.']*$", text[max(0, i - 64):i]).group(0)
            if token[:1].isdigit():  # a digit separator: 1'000'000, 0xFF'FF
                i += 1
                continue
            j = _end_of_quoted(text, i, "'")
            blank(i, j)
            i = j
        else:
            i += 1
    return "".join(out)


def _end_of_quoted(text, i, quote):
    j = i + 1
    while j < len(text):
        if text[j] == "\\":
            j += 2
            continue
        if text[j] == quote or text[j] == "\n":  # an unterminated literal ends at the line
            return j + 1
        j += 1
    return j


def _matching(code, i, pair="{}"):
    """Index of the bracket closing the one at code[i] (len(code) if none)."""
    depth = 0
    for j in range(i, len(code)):
        if code[j] == pair[0]:
            depth += 1
        elif code[j] == pair[1]:
            depth -= 1
            if depth == 0:
                return j
    return len(code)


def _strip_templates(head):
    """The head without its template<…> parameter lists."""
    out = head
    while True:
        m = re.search(r"\btemplate\s*<", out)
        if not m:
            return out
        j = _matching(out, m.end() - 1, "<>")
        out = out[:m.start()] + " " * (j + 1 - m.start()) + out[j + 1:]


def _top_level_assign(head):
    """Index of an '=' outside parentheses and brackets that is an assignment
    (not ==, !=, <=, >=), or -1."""
    depth = 0
    for k, ch in enumerate(head):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "=" and depth == 0:
            before = head[k - 1] if k else ""
            after = head[k + 1] if k + 1 < len(head) else ""
            if before not in "=!<>" and after != "=":
                return k
    return -1


def _params_end(head):
    """Index just past the parameter list's ')' (the first '(' at depth 0), or -1."""
    open_paren = head.find("(")
    if open_paren < 0:
        return -1
    close = _matching(head, open_paren, "()")
    return close + 1 if close < len(head) else -1


def _name(head):
    assign = _top_level_assign(head)
    if assign >= 0 and not re.search(r"\boperator\b", head[:assign]):
        m = re.search(r"([A-Za-z_][\w:]*)\s*(\[[^\]]*\])?\s*$", head[:assign])
        return m.group(1) if m else "lambda"
    m = re.search(r"\boperator\b\s*(\(\)|[^\s(]+)", head)
    if m:
        return head[:m.start()].split()[-1] + "operator" + m.group(1) if head[:m.start()].rstrip().endswith("::") \
            else "operator" + m.group(1)
    open_paren = head.find("(")
    m = re.search(r"(~?[A-Za-z_][\w:~]*)\s*$", head[:open_paren])
    return m.group(1) if m else "?"


def _classify(head):
    """'namespace', 'class', 'function', 'ctor' (a function head with an
    initializer list begun) or 'data' for the brace that ends `head`."""
    h = _strip_templates(head).strip()
    if re.match(r"^(inline\s+)?namespace\b", h) or re.match(r"^extern\b[^(]*$", h):
        return "namespace"
    paren = h.find("(")
    before_paren = h if paren < 0 else h[:paren]
    if re.search(r"\benum\b", before_paren):
        return "data"
    if re.search(r"\b(class|struct|union)\b", before_paren) and _top_level_assign(h) < 0:
        return "class"
    if re.search(r"\boperator\b", h) and ")" in h:
        return _function_kind(h)
    assign = _top_level_assign(h)
    if assign >= 0:
        return "function" if re.match(r"\s*\[[^\]]*\]\s*(\(|\{|mutable|->|$)", h[assign + 1:] + " ") else "data"
    return _function_kind(h) if paren >= 0 else "data"


def _function_kind(h):
    end = _params_end(h)
    if end < 0:
        return "data"
    rest = h[end:]
    return "ctor" if re.search(r"(^|[^:]):([^:]|$)", rest) else "function"


_ACCESS = re.compile(r"^\s*(public|private|protected)\s*:(?!:)")


def functions(text):
    """[(name, first_line, last_line)] of the functions of a C++ source."""
    code = mask(text)
    found = []

    def line_of(k):
        return code.count("\n", 0, k) + 1

    def scan(begin, end):
        """Declarations between code[begin:end] (namespace or class scope)."""
        head_start = begin
        parens = 0  # open parentheses in the head: braces in them are expressions
        i = begin
        while i < end:
            ch = code[i]
            if ch == "(":
                parens += 1
            elif ch == ")":
                parens -= 1
            elif ch == "{" and parens > 0:
                i = _matching(code, i) + 1  # f(int x = {}), g(T{1})
                continue
            elif ch in ";}":
                head_start = i + 1
                parens = 0
            elif ch == "{":
                head = code[head_start:i]
                while True:  # access specifiers belong to no declaration
                    m = _ACCESS.match(head)
                    if not m:
                        break
                    head_start += m.end()
                    head = code[head_start:i]
                kind = _classify(head)
                if kind == "ctor" and re.search(r"[\w>]\s*$", head):
                    i = _matching(code, i) + 1  # m_x{…} in the initializer list
                    continue
                close = _matching(code, i)
                if kind in ("namespace", "class"):
                    scan(i + 1, close)
                elif kind in ("function", "ctor"):
                    first = head_start + len(head) - len(head.lstrip())
                    found.append((_name(_strip_templates(head).strip()), line_of(first), line_of(close)))
                head_start = close + 1
                parens = 0
                i = close + 1
                continue
            i += 1

    scan(0, len(code))
    return found


def sources(paths):
    for path in paths:
        p = pathlib.Path(path)
        if p.is_dir():
            yield from sorted(q for q in p.rglob("*") if q.suffix in (".h", ".cpp") and q.is_file())
        else:
            yield p


def _shown(path):
    root = pathlib.Path(__file__).resolve().parent.parent
    try:
        return path.resolve().relative_to(root)
    except ValueError:
        return path


def offenders(paths, max_file, max_function):
    out = []
    for path in sources(paths):
        shown = _shown(path)
        text = path.read_text(encoding="utf-8", errors="replace")
        lines = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
        if lines > max_file:
            out.append(f"{shown}: {lines} lines (over {max_file})")
        for name, first, last in functions(text):
            if last - first + 1 > max_function:
                out.append(f"{shown}:{first}: function {name}: {last - first + 1} lines (over {max_function})")
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 when anything is over")
    parser.add_argument("--max-file", type=int, default=MAX_FILE_LINES)
    parser.add_argument("--max-function", type=int, default=MAX_FUNCTION_LINES)
    parser.add_argument("paths", nargs="*")
    args = parser.parse_args(argv)
    paths = args.paths or [pathlib.Path(__file__).resolve().parent.parent / "src"]
    found = offenders(paths, args.max_file, args.max_function)
    for line in found:
        print(line)
    print(f"{len(found)} over the limits (files {args.max_file} lines, functions {args.max_function} lines)"
          + ("" if args.strict else "; report only, --strict fails"))
    return 1 if args.strict and found else 0


if __name__ == "__main__":
    sys.exit(main())
