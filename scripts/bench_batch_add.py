"""What adding many papers costs: one ``tzqa add`` of N articles against N single ``tzqa add`` calls.

Usage (from the checkout; HF_HUB_OFFLINE=1 is set for the children)::

    python scripts/bench_batch_add.py --n 100 --singles 3 [--work /tmp/bench-batch] [--keep]

A copy of ``corpus/`` is indexed once (setup, not measured). N articles are made from the real eLife
JATS files in ``tests/data/realdocs/`` (published articles, CC0 / CC BY 4.0): each copy gets its own
DOI and title, and every sentence a copy-specific word, so no passage or sentence vector can be
reused from another copy — every document costs what a new paper costs. Then, each on its own copy
of the corpus and index, with the real model, as the user would run them (a fresh ``tzqa`` process):

- batch: ``tzqa add <folder of N articles>`` once;
- singles: ``tzqa add <article>`` for ``--singles`` more articles, one process each.

Each process counts how often the embedding model is loaded. Printed: JSON with the wall times,
time per document, model loads, passages embedded, and the single/batch ratio per document.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = sorted((ROOT / "tests" / "data" / "realdocs").glob("*.xml"))


def article(i: int) -> bytes:
    """Copy ``i`` of a real eLife article: its own DOI and title, and a copy-specific word in every sentence."""
    data = REAL[i % len(REAL)].read_bytes()
    doi = re.search(rb'<article-id pub-id-type="doi">([^<]+)</article-id>', data).group(1)  # type: ignore[union-attr]
    data = data.replace(doi, f"10.99999/bench.batch.{i}".encode())
    data = re.sub(rb"(<article-title>)", rf"\1Copy {i}: ".encode(), data, count=1)
    data = re.sub(rb"(?<=[a-z])\. (?=[A-Z])", f" c{i}. ".encode(), data)
    return re.sub(rb"\.</p>", f" c{i}.</p>".encode(), data)


def child(args: list[str]) -> int:
    """Run ``tzqa`` in this process, counting model loads into $BENCH_COUNT_FILE."""
    import tzqa.index.build as build

    loads = []
    real = build.load_embedder

    def counted(*a, **k):  # type: ignore[no-untyped-def]
        loads.append(time.perf_counter())
        return real(*a, **k)

    build.load_embedder = counted  # type: ignore[assignment]
    from tzqa.cli.main import app

    code = 0
    try:
        code = int(app(args=args, prog_name="tzqa", standalone_mode=False) or 0)
    except SystemExit as exc:
        code = int(exc.code or 0)
    except Exception as exc:  # typer.Exit under standalone_mode=False
        code = int(getattr(exc, "exit_code", 1))
    Path(os.environ["BENCH_COUNT_FILE"]).write_text(json.dumps({"model_loads": len(loads)}))
    return code


def run(args: list[str], index: Path, work: Path) -> dict:
    count = work / f"count-{time.monotonic_ns()}.json"
    env = {**os.environ, "TZQA_INDEX": str(index), "HF_HUB_OFFLINE": "1", "BENCH_COUNT_FILE": str(count),
           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    t = time.perf_counter()
    out = subprocess.run([sys.executable, __file__, "--child", *args], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t
    if out.returncode not in (0, 1):
        sys.stderr.write(out.stdout + out.stderr)
        raise SystemExit(f"tzqa {' '.join(args)} failed ({out.returncode})")
    embedded = re.search(r"embedded (\d+) new", out.stdout)
    build = re.search(r"index rebuilt: .*\(([\d.]+) s\)", out.stdout)
    return {"wall_seconds": round(wall, 2), **json.loads(count.read_text()), "stdout": out.stdout,
            "embedded": int(embedded.group(1)) if embedded else None,
            "build_seconds": float(build.group(1)) if build else None}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--n", type=int, default=100)
    p.add_argument("--singles", type=int, default=3)
    p.add_argument("--work", type=Path, default=None)
    p.add_argument("--keep", action="store_true")
    o = p.parse_args()
    work = o.work or Path(tempfile.mkdtemp(prefix="bench-batch-"))
    work.mkdir(parents=True, exist_ok=True)
    base = work / "base"
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from tzqa.index.build import build_index

    if not (base / "index" / "current").exists():
        shutil.copytree(ROOT / "corpus", base / "corpus", ignore=shutil.ignore_patterns("library"), dirs_exist_ok=True)
        t = time.perf_counter()
        build_index(root=base / "index", directory=base / "corpus", progress=False)
        print(f"setup: base index built in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    articles = work / "articles"
    shutil.rmtree(articles, ignore_errors=True)
    articles.mkdir()
    for i in range(o.n):
        (articles / f"copy-{i:03d}.xml").write_bytes(article(i))
    result: dict = {"n": o.n, "cpus": os.cpu_count()}

    def fresh(name: str) -> tuple[Path, Path]:
        c, r = work / name / "corpus", work / name / "index"
        shutil.rmtree(work / name, ignore_errors=True)
        shutil.copytree(base / "corpus", c)
        shutil.copytree(base / "index", r, symlinks=True, ignore=shutil.ignore_patterns("leases"))
        return c, r

    c, r = fresh("batch")
    batch = run(["add", str(articles), "--corpus", str(c)], r, work)
    added = len([ln for ln in batch.pop("stdout").splitlines() if ln.startswith("added ")])
    result["batch"] = {**batch, "added": added, "seconds_per_document": round(batch["wall_seconds"] / o.n, 2)}
    c, r = fresh("singles")
    singles = []
    for j in range(o.singles):
        f = work / f"single-{j}.xml"
        f.write_bytes(article(o.n + j))
        s = run(["add", str(f), "--corpus", str(c)], r, work)
        s.pop("stdout")
        singles.append(s)
    per = [s["wall_seconds"] for s in singles]
    result["singles"] = {"runs": singles, "mean_wall_seconds": round(sum(per) / len(per), 2) if per else None}
    if per:
        result["single_over_batch_per_document"] = round((sum(per) / len(per)) / result["batch"]["seconds_per_document"], 1)
        result["n_singles_estimate_seconds"] = round(sum(per) / len(per) * o.n, 1)
    print(json.dumps(result, indent=1))
    if not o.keep and o.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        raise SystemExit(child(sys.argv[2:]))
    main()
