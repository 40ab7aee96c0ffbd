"""Drop new evaluation questions that are near an existing one, before any of them is run.

A developer's tool (eval/README.md, "Later batches"). Writers given the same corpus write the same
questions; a new dev question that paraphrases a test question would let dev choices fit test, and
one that paraphrases a training question (eval/train_questions.jsonl) would flatter the encoder
adapter, which was fitted on those. The filter is mechanical, on the question text alone:

- within Jaccard 0.5 (sets of the project's tokens) or plain-MiniLM cosine 0.85 of a test, blind or
  training question: dropped;
- within Jaccard 0.6 or cosine 0.9 of a dev question, or of a new one kept before it: dropped.

New *training* questions (``--training``) must be far from every evaluation question, dev and blind
included: the adapter fitted on them is then chosen on dev.

Usage: python scripts/filter_new_questions.py NEW.jsonl [NEW2.jsonl ...] --out KEPT.jsonl [--training]
Prints every dropped question with the one it is near.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
FAR = (0.5, 0.85)    # from test, blind and training questions (and dev ones with --training)
NEAR = (0.6, 0.9)    # from dev questions and each other


def words(text: str) -> set[str]:
    """Content tokens (the project's tokenizer: stemmed, no stopwords), as tests/test_adapter.py compares them."""
    from tzqa.index.tokenize import tokenize

    return set(tokenize(text))


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / max(1, len(a | b))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("new", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--training", action="store_true", help="new training questions: far from dev and blind too")
    args = ap.parse_args()
    from sentence_transformers import SentenceTransformer

    from tzqa.index.embedding import resolve_model_path

    rows = [json.loads(line) for line in (ROOT / "eval" / "questions.jsonl").read_text().splitlines() if line.strip()]
    train = [json.loads(line) for line in (ROOT / "eval" / "train_questions.jsonl").read_text().splitlines() if line]
    far_splits = {"test", "blind", "dev"} if args.training else {"test", "blind"}
    far = [(r["id"], r["question"]) for r in rows if r["split"] in far_splits] + [(t["id"], t["question"]) for t in train]
    near = [(r["id"], r["question"]) for r in rows if r["split"] == "dev" and not args.training]
    new = [json.loads(line) for f in args.new for line in f.read_text().splitlines() if line.strip()]
    _, path = resolve_model_path(None)
    model = SentenceTransformer(str(path), device="cpu")
    enc = lambda texts: model.encode(texts, normalize_embeddings=True, batch_size=64)  # noqa: E731
    far_v, new_v = enc([q for _, q in far]), enc([d["question"] for d in new])
    near_v = enc([q for _, q in near]) if near else np.zeros((0, new_v.shape[1]), dtype=new_v.dtype)
    kept, kept_v = [], []
    for d, v in zip(new, new_v, strict=True):
        w = words(d["question"])
        why = None
        for (qid, q), cos in zip(far, far_v @ v, strict=True):
            if jaccard(w, words(q)) >= FAR[0] or cos >= FAR[1]:
                why = f"near {qid} (evaluation/train): {q!r}"
                break
        pool = near + [(k["id"], k["question"]) for k in kept]
        pool_v = np.vstack([near_v, *kept_v]) if kept_v else near_v
        for (qid, q), cos in zip(pool, pool_v @ v, strict=True):
            if why is None and (jaccard(w, words(q)) >= NEAR[0] or cos >= NEAR[1]):
                why = f"near {qid} (dev): {q!r}"
                break
        if why:
            print(f"dropped {d['id']} {d['question']!r}: {why}")
        else:
            kept.append(d)
            kept_v.append(v[None, :])
    args.out.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in kept), encoding="utf-8")
    print(f"kept {len(kept)} of {len(new)} -> {args.out}")


if __name__ == "__main__":
    main()
