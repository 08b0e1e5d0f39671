#!/usr/bin/env python3
"""scripts/check_sizes.py on planted files (tests/layers/sizes/): exactly the
functions there are, with their lines, and the report and --strict modes."""
import contextlib
import io
import pathlib
import sys
import unittest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import check_sizes  # noqa: E402

SIZES = pathlib.Path(__file__).resolve().parent / "sizes"


def run(*args):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = check_sizes.main([str(a) for a in args])
    return status, out.getvalue()


class Functions(unittest.TestCase):
    def test_tricky_file_has_exactly_its_functions(self):
        found = check_sizes.functions((SIZES / "tricky.cpp").read_text())
        self.assertEqual(found, [
            ("raw", 19, 23),            # a raw string with braces and quotes
            ("with_default", 25, 27),   # braces in default arguments
            ("twice", 29, 35),          # from template<>; its lambda is part of it
            ("Box", 39, 41),            # the initializer list's m_a{a} is no body
            ("sum", 42, 42),
            ("operator==", 43, 45),
            ("get", 49, 49),            # a member of a nested class
            ("k_square", 56, 58),       # a lambda at namespace scope
            ("planted_c", 65, 70),      # in extern "C"; its local class is part of it
        ])

    def test_literals_and_comments_are_not_code(self):
        code = check_sizes.mask('int a = \'{\'; // {\n/* } */ auto s = "{"; int n = 1\'000;\n#define X {\n')
        self.assertNotIn("{", code)
        self.assertNotIn("}", code)
        self.assertEqual(code.count("\n"), 3)
        self.assertEqual(check_sizes.functions("void f() {\n  char c = '}';\n}\n"), [("f", 1, 3)])

    def test_digit_separator_is_no_character_literal(self):
        text = "int f() {\n  return 1'000 + 0xFF'FF;\n}\nint g() { return 2; }\n"
        self.assertEqual(check_sizes.functions(text), [("f", 1, 3), ("g", 4, 4)])


class Modes(unittest.TestCase):
    def test_report_lists_offenders_and_passes(self):
        status, out = run("--max-function", "6", "--max-file", "50", SIZES)
        self.assertEqual(status, 0)
        self.assertIn("tricky.cpp: 71 lines (over 50)", out)
        self.assertIn("tricky.cpp:29: function twice: 7 lines (over 6)", out)
        self.assertNotIn("planted_c", out)  # 6 lines: not over
        self.assertNotIn("short.cpp", out)

    def test_strict_fails_on_offenders_only(self):
        self.assertEqual(run("--strict", "--max-function", "6", SIZES)[0], 1)
        self.assertEqual(run("--strict", "--max-function", "6", SIZES / "short.cpp")[0], 0)
        self.assertEqual(run("--strict", SIZES)[0], 0)  # the real limits


if __name__ == "__main__":
    unittest.main()
