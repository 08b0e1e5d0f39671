"""Shared by the output checks: run `zwgk report` on the shipped example into
a temporary directory, and fail a check with a message."""
import contextlib
import pathlib
import subprocess
import sys
import tempfile


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


@contextlib.contextmanager
def example_report(*extra_args):
    """Yields the output directory of `zwgk report` (argv: zwgk, repository root)."""
    zwgk, root = sys.argv[1], pathlib.Path(sys.argv[2])
    with tempfile.TemporaryDirectory(prefix="zwgk-report-") as tmp:
        out = pathlib.Path(tmp)
        subprocess.run([zwgk, "report", "--data", str(root / "examples/linzi-2020q3"), "--out", str(out), *extra_args],
                       check=True, capture_output=True)
        yield out
