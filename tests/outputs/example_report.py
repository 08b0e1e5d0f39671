"""Shared by the output checks: run `zwgk report` on the shipped example (or
on a variant of it) into a temporary directory, and fail a check with a
message."""
import contextlib
import pathlib
import shutil
import subprocess
import sys
import tempfile


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


def run_report(data, out, extra_args):
    zwgk = sys.argv[1]
    subprocess.run([zwgk, "report", "--data", str(data), "--out", str(out), *extra_args], check=True,
                   capture_output=True)


@contextlib.contextmanager
def example_report(*extra_args):
    """Yields the output directory of `zwgk report` (argv: zwgk, repository root)."""
    root = pathlib.Path(sys.argv[2])
    with tempfile.TemporaryDirectory(prefix="zwgk-report-") as tmp:
        out = pathlib.Path(tmp)
        run_report(root / "examples/linzi-2020q3", out, extra_args)
        yield out


@contextlib.contextmanager
def report_of(relative_data_dir, *extra_args):
    """Yields the output directory of `zwgk report` on a data directory of the repository."""
    root = pathlib.Path(sys.argv[2])
    with tempfile.TemporaryDirectory(prefix="zwgk-report-") as tmp:
        out = pathlib.Path(tmp)
        run_report(root / relative_data_dir, out, extra_args)
        yield out


# The example's quarter template with every optional part and a body long
# enough to fill a whole page (tests/outputs/variant/通报模板.txt).
VARIANT_TEMPLATE = pathlib.Path(__file__).parent / "variant/通报模板.txt"


@contextlib.contextmanager
def report_variant(*extra_args, template=VARIANT_TEMPLATE):
    """Like example_report, with the quarter's 通报模板.txt replaced by `template`."""
    root = pathlib.Path(sys.argv[2])
    with tempfile.TemporaryDirectory(prefix="zwgk-variant-") as tmp:
        data, out = pathlib.Path(tmp) / "data", pathlib.Path(tmp) / "out"
        shutil.copytree(root / "examples/linzi-2020q3", data)
        shutil.copyfile(template, data / "2020Q3/通报模板.txt")
        run_report(data, out, extra_args)
        yield out
