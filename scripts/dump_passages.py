"""Dump every passage and catalogue entry an index build would hold, for diffing two versions of the code.

Why: a change to how documents are read must leave passage ids, text, kinds, sections, topics, offsets and
citations exactly as they were (or say why). Run it on two checkouts and ``diff`` the outputs:

    PYTHONPATH=src python scripts/dump_passages.py OUT_DIR

It reads three corpora: the bundled one (``corpus/``); the tests' generated review with a cited paper in
``corpus/references/``; and the bundled review with the real articles of ``tests/data/realdocs`` stored in
a library. Each gives ``<name>.passages.jsonl`` (one passage a line, every field) and
``<name>.documents.json`` (the catalogue, ``documents.json`` of an index). Nothing is embedded.
"""
from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def dump(name: str, corpus: Path, out: Path) -> None:
    from tzqa.index.build import collect_passages

    result = collect_passages(corpus)
    passages, catalogue = result[1], result[-1]
    with (out / f"{name}.passages.jsonl").open("w", encoding="utf-8") as f:
        for p in passages:
            f.write(json.dumps(p.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
    clean = {d: {k: v for k, v in e.items() if k != "fingerprint"} for d, e in catalogue.items()}
    (out / f"{name}.documents.json").write_text(json.dumps(clean, ensure_ascii=False, indent=1, sort_keys=True),
                                               encoding="utf-8")
    print(f"{name}: {len(passages)} passages, {len(catalogue)} documents")


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    dump("bundled", ROOT / "corpus", out)
    sys.path.insert(0, str(ROOT / "tests"))
    from fake_corpus import write_tiny_corpus

    from tzqa.ingest.library.batch import store_many

    with tempfile.TemporaryDirectory() as tmp:
        dump("tiny", write_tiny_corpus(Path(tmp) / "tiny"), out)
        lib = Path(tmp) / "lib"
        lib.mkdir()
        for p in (ROOT / "corpus").glob("*.txt"):
            shutil.copy(p, lib / p.name)
        real = ROOT / "tests" / "data" / "realdocs"
        store_many(lib, sorted(p for p in real.iterdir() if p.suffix in (".xml", ".nxml", ".pdf")), progress=False)
        dump("library", lib, out)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
