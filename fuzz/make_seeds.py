#!/usr/bin/env python3
"""Writes the seeds of the fuzz targets' corpora (fuzz/corpus/TARGET/seed_* and ex_*)
and their dictionaries (fuzz/dict/TARGET.dict, from fuzz/seeds/dicts.py).

Run from anywhere: python3 fuzz/make_seeds.py [TARGET...] (default: all).
Standard library only; the output is deterministic. seed_* files are
hand-made (fuzz/seeds/*.py says what each aims at); ex_* files are copies of
the project's own inputs (examples/, tests/golden/*/data, tests/regress/*/data),
one per distinct content. Both are rewritten; other files of a corpus
(inputs libFuzzer found and scripts/fuzz.sh --merge kept, regress_* inputs of
bugs) are left alone. Seeds listed in fuzz/seeds/common.py HELD_BACK are not
written: they violate an invariant until a parser fix lands (FINDINGS.md).
"""
import sys

from seeds import dicts, message, tables, texts, uploads

WRITERS = {
    "message": message.write_seeds,
    "mbox": uploads.write_mbox,
    "csv": tables.write_csv,
    "xlsx": tables.write_xlsx,
    "registry": tables.write_registry,
    "scheme": texts.write_scheme,
    "calendar": texts.write_calendar,
    "template": texts.write_template,
    "multipart": uploads.write_multipart,
}


def main(targets):
    for target in targets or WRITERS:
        if target not in WRITERS:
            sys.exit(f"make_seeds.py: no target {target!r}; the targets: {', '.join(WRITERS)}")
        WRITERS[target]()
        if target in dicts.TOKENS:
            dicts.write_dict(target)


if __name__ == "__main__":
    main(sys.argv[1:])
