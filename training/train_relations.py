"""Train the relation classifier on the rows of training/convert_relations.py.

    python training/train_relations.py [--rows training/corpus/relations.jsonl]
        [--out src/newsgraph/data/models/relations/model.json.gz] [--heldout-only]

A multinomial logistic regression with L2, fitted by full-batch Adam in numpy (no other
machine-learning library is needed, and the run is deterministic: no sampling at all).
Every tenth document is held out first to report the model's own precision and recall per
label; the shipped model is then fitted on every document with the same settings.  The model
file is JSON (labels, bias, one weight row per feature), read by
:mod:`newsgraph.extract.relation_model` without numpy.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_OUT = ROOT / "src" / "newsgraph" / "data" / "models" / "relations" / "model.json.gz"
SEED = 13
MIN_COUNT = 2  # a feature seen once teaches nothing that generalises
L2 = 1e-5
STEPS = 400
LEARNING_RATE = 0.05
KEEP = 1e-3  # weights under this (every label) are dropped from the shipped file
MAX_BYTES = 20_000_000


def heldout(group: str) -> bool:
    """Every tenth document, chosen by a hash of its name (stable across runs and corpora)."""
    return int(hashlib.sha1(group.encode()).hexdigest(), 16) % 10 == 0


class Data:
    def __init__(self, rows: list[dict[str, Any]], vocab: dict[str, int], labels: list[str]) -> None:
        cols: list[int] = []
        starts: list[int] = []
        for r in rows:
            starts.append(len(cols))
            ids = sorted({vocab[f] for f in r["features"] if f in vocab})
            cols.extend(ids or [vocab["<bias-only>"]])
        self.cols = np.asarray(cols, dtype=np.int64)
        self.starts = np.asarray(starts, dtype=np.int64)
        self.rows = np.repeat(np.arange(len(rows)), np.diff(np.append(self.starts, len(cols))))
        index = {label: k for k, label in enumerate(labels)}
        self.y = np.asarray([index[r["label"]] for r in rows], dtype=np.int64)
        self.n = len(rows)

    def scores(self, w: np.ndarray, b: np.ndarray) -> np.ndarray:
        return np.add.reduceat(w[self.cols], self.starts, axis=0) + b


def softmax(s: np.ndarray) -> np.ndarray:
    s = s - s.max(axis=1, keepdims=True)
    e = np.exp(s)
    return e / e.sum(axis=1, keepdims=True)


def fit(
    data: Data, n_features: int, n_labels: int, l2: float = L2, steps: int = STEPS
) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(SEED)
    w = rng.normal(0.0, 1e-3, size=(n_features, n_labels))
    b = np.zeros(n_labels)
    params = [w, b]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    onehot = np.eye(n_labels)[data.y]
    for step in range(1, steps + 1):
        p = softmax(data.scores(w, b))
        g = (p - onehot) / data.n
        gw = np.stack(
            [np.bincount(data.cols, weights=g[data.rows, k], minlength=n_features) for k in range(n_labels)],
            axis=1,
        ) + l2 * w
        gb = g.sum(axis=0)
        for k, (param, grad) in enumerate(zip(params, (gw, gb), strict=True)):
            m[k] = 0.9 * m[k] + 0.1 * grad
            v[k] = 0.999 * v[k] + 0.001 * grad * grad
            mhat = m[k] / (1 - 0.9**step)
            vhat = v[k] / (1 - 0.999**step)
            param -= LEARNING_RATE * mhat / (np.sqrt(vhat) + 1e-8)
        if step % 100 == 0:
            loss = -np.log(p[np.arange(data.n), data.y] + 1e-12).mean()
            print(f"  step {step}: loss {loss:.4f}", file=sys.stderr)
    return w, b


def vocabulary(rows: list[dict[str, Any]]) -> dict[str, int]:
    counts = Counter(f for r in rows for f in set(r["features"]))
    names = sorted(f for f, c in counts.items() if c >= MIN_COUNT)
    vocab = {f: k for k, f in enumerate(names)}
    vocab["<bias-only>"] = len(vocab)
    return vocab


def report(labels: list[str], gold: np.ndarray, pred: np.ndarray) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for k, label in enumerate(labels):
        if label == "none":
            continue
        tp = int(((pred == k) & (gold == k)).sum())
        npred, ngold = int((pred == k).sum()), int((gold == k).sum())
        p = tp / npred if npred else 0.0
        r = tp / ngold if ngold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out[label] = {"p": round(p, 3), "r": round(r, 3), "f1": round(f, 3), "gold": ngold}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=Path, default=ROOT / "training" / "corpus" / "relations.jsonl")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--labels", type=Path, default=HERE / "relation_labels.yaml")
    ap.add_argument("--heldout-only", action="store_true", help="report held-out scores, write nothing")
    ap.add_argument("--l2", type=float, default=L2)
    ap.add_argument("--steps", type=int, default=STEPS)
    args = ap.parse_args(argv)
    import yaml

    labels = list(yaml.safe_load(args.labels.read_text())["labels"])
    rows = [json.loads(line) for line in args.rows.read_text(encoding="utf-8").splitlines() if line]
    train = [r for r in rows if not heldout(r["group"])]
    test = [r for r in rows if heldout(r["group"])]
    print(f"held-out check: {len(train)} rows to fit, {len(test)} held out", file=sys.stderr)
    vocab = vocabulary(train)
    w, b = fit(Data(train, vocab, labels), len(vocab), len(labels), args.l2, args.steps)
    dev = Data(test, vocab, labels)
    scores = report(labels, dev.y, softmax(dev.scores(w, b)).argmax(axis=1))
    for label, s in scores.items():
        print(f"  held out {label:12} P {s['p']:.3f} R {s['r']:.3f} F1 {s['f1']:.3f} ({s['gold']})")
    if args.heldout_only:
        return 0
    print(f"final fit on all {len(rows)} rows", file=sys.stderr)
    vocab = vocabulary(rows)
    w, b = fit(Data(rows, vocab, labels), len(vocab), len(labels), args.l2, args.steps)
    weights = {
        f: [round(float(x), 4) for x in w[k]]
        for f, k in sorted(vocab.items())
        if f != "<bias-only>" and np.abs(w[k]).max() >= KEEP
    }
    counts = Counter((r["group"].split("/")[0], r["label"]) for r in rows)
    model = {
        "labels": labels,
        "bias": [round(float(x), 4) for x in b],
        "weights": weights,
        "meta": {
            "trainer": "training/train_relations.py",
            "seed": SEED,
            "l2": args.l2,
            "steps": args.steps,
            "min_count": MIN_COUNT,
            "rows": {f"{c}/{label}": n for (c, label), n in sorted(counts.items())},
            "heldout": scores,
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(model, sort_keys=True, separators=(",", ":")).encode()
    with args.out.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as fh:
        fh.write(data)
    size = args.out.stat().st_size
    print(f"{len(weights)} features, {size / 1e6:.2f} MB -> {args.out}")
    if size > MAX_BYTES:
        print(f"model over {MAX_BYTES} bytes", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
