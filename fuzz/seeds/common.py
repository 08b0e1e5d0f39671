"""What the seed writers share: where the corpora are, finding the project's
own input files to copy, and writing a target's seeds."""
import hashlib
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "fuzz" / "corpus"
EXAMPLE = ROOT / "examples" / "linzi-2020q3"
# Where the project's own inputs are: the example and every golden and regression case's data.
SOURCES = [ROOT / "examples", ROOT / "tests" / "golden", ROOT / "tests" / "regress"]

# Seeds that currently violate an invariant: kept out of the corpus (the CI
# replay must pass) until the parser is fixed; FINDINGS.md has each. Remove
# an entry once its fix is merged and run make_seeds.py again.
HELD_BACK = {
}


def found(pattern):
    """(name, bytes) of every distinct file under SOURCES matching the glob,
    named after its place ("golden_input-crlf_2020Q3_投稿.csv"), first place wins."""
    seen = set()
    out = []
    for base in SOURCES:
        for path in sorted(base.glob(pattern)):
            if not path.is_file():
                continue
            data = path.read_bytes()
            digest = hashlib.sha1(data).digest()
            if digest in seen:
                continue
            seen.add(digest)
            rel = path.relative_to(ROOT)
            parts = [p for p in rel.parts if p not in ("data", "tests")]
            out.append(("_".join(parts), data))
    return out


class Corpus:
    """A target's corpus folder: seed_* (hand-made) and ex_* (copied) files are
    rewritten; other files (inputs libFuzzer found, merged in) are kept."""

    def __init__(self, target):
        self.target = target
        self.dir = CORPUS / target
        self.dir.mkdir(parents=True, exist_ok=True)
        for old in list(self.dir.glob("seed_*")) + list(self.dir.glob("ex_*")):
            old.unlink()
        self.held = HELD_BACK.get(target, set())

    def seed(self, name, data):
        self._write("seed_" + name, data)

    def copy(self, name, data):
        self._write("ex_" + name, data)

    def _write(self, name, data):
        if isinstance(data, str):
            data = data.encode("utf-8")
        if name in self.held:
            return
        (self.dir / name).write_bytes(data)
