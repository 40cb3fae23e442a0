"""Train the MUC-4 relevance classifier (``newsgraph.extract.relevance``) from the development keys.

    .venv/bin/python scripts/train_muc4_relevance.py            # or: make train-muc4

Data (``../shared/eval/muc4/dev``): the texts and keys of dev messages 0101-1300 only.  Dev
0001-0100 is the CI gate's held-out slice and the TST sets are test data: neither is read.

Cross-fitting: the 1200 messages form 4 folds of 300 (0101-0400, 0401-0700, 0701-1000,
1001-1300).  For each fold a model trained on the other three scores it, so every message gets
an out-of-fold score.  Those scores give the printed classification metrics and choose the
decision threshold by the end metric: GTT micro F1 of the MUC mapping over the pipeline's
exports of all 1200 messages (about 5 minutes of pipeline on 2 CPUs; ``--work DIR`` keeps the
exports for the next run).  The shipped model is then trained on all 1200 with the same settings.

Label per message: ``relevant`` when its key has an incident template.  The model is a spaCy
``textcat_multilabel`` over hashed word uni- and bigrams of the lower-cased text (no vectors),
seeded (same seed, same bytes), a few seconds to train on one CPU.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from newsgraph.evaluate import muc4  # noqa: E402
from newsgraph.extract.relevance import META_FILE, MODEL_DIR, RELEVANT, RelevanceModel, prepare  # noqa: E402

LABELS = (RELEVANT,)
FILES = tuple(f"{i:04d}-{i + 99:04d}" for i in range(101, 1301, 100))  # dev 0101-1300
FOLDS = tuple(FILES[i : i + 3] for i in range(0, len(FILES), 3))  # 4 folds of 300 messages
FORBIDDEN = ("0001-0100",)  # the CI gate's slice


def load(dev: Path, ranges: tuple[str, ...]) -> list[tuple[str, str, dict[str, float]]]:
    """``(message id, text, cats)`` for the messages of the given dev files that have keys."""
    out = []
    for r in ranges:
        assert r not in FORBIDDEN, r
        docs = muc4.read_texts(dev / f"dev-muc3-{r}")
        keys = muc4.read_keys(dev / f"key-dev-{r.split('-')[0]}.muc4")
        for d in docs:
            if d.id not in keys:
                continue
            out.append((d.id, d.text, {RELEVANT: float(bool(keys[d.id]))}))
    return out


def build(ngram_size: int, length: int) -> Any:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe(
        "textcat_multilabel",
        config={
            "threshold": 0.5,
            "model": {
                "@architectures": "spacy.TextCatBOW.v3",
                "exclusive_classes": False,
                "ngram_size": ngram_size,
                "no_output_layer": False,
                "length": length,
            },
        },
    )
    return nlp


def train(
    data: list[tuple[str, str, dict[str, float]]],
    seed: int = 0,
    epochs: int = 12,
    ngram_size: int = 2,
    length: int = 2**16,
    dropout: float = 0.2,
) -> Any:
    """Train a textcat_multilabel on ``data``; deterministic for a given seed."""
    from spacy.training import Example
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(seed)
    nlp = build(ngram_size, length)
    tc = nlp.get_pipe("textcat_multilabel")
    for label in LABELS:
        tc.add_label(label)
    examples = [
        Example.from_dict(nlp.make_doc(prepare(text)), {"cats": cats}) for _, text, cats in data
    ]
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(seed)
    for epoch in range(epochs):
        rng.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in minibatch(examples, size=16):
            nlp.update(batch, sgd=optimizer, drop=dropout, losses=losses)
        print(f"  epoch {epoch + 1:2d}  loss {losses.get('textcat_multilabel', 0.0):.3f}")
    return nlp


def classification_report(
    scores: list[float], data: list[tuple[str, str, dict[str, float]]]
) -> dict[str, float]:
    """P/R/F1 at 0.5, ROC AUC and accuracy of the ``relevant`` scores against ``data``'s labels."""
    gold = [bool(c[RELEVANT]) for _, _, c in data]
    tp = sum(s >= 0.5 and g for s, g in zip(scores, gold, strict=True))
    pred = sum(s >= 0.5 for s in scores)
    p = tp / pred if pred else 0.0
    r = tp / sum(gold) if any(gold) else 0.0
    pos = [s for s, g in zip(scores, gold, strict=True) if g]
    neg = [s for s, g in zip(scores, gold, strict=True) if not g]
    wins = sum((a > b) + 0.5 * (a == b) for a in pos for b in neg)
    return {
        "p": p,
        "r": r,
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "auc": wins / (len(pos) * len(neg)) if pos and neg else 0.0,
        "accuracy": sum((s >= 0.5) == g for s, g in zip(scores, gold, strict=True)) / len(gold),
        "relevant": len(pos),
        "messages": len(gold),
    }


def exports(dev: Path, ranges: tuple[str, ...], work: Path, reuse: bool) -> list[tuple[Path, Path]]:
    """Run the pipeline on each dev file (or reuse an earlier run under ``work``): (export, key)."""
    from newsgraph.evaluate.scoring import run_to_export

    out = []
    for r in ranges:
        key = dev / f"key-dev-{r.split('-')[0]}.muc4"
        export = work / r / "export"
        if not (reuse and (export / "articles.jsonl").is_file()):
            docs = muc4.read_texts(dev / f"dev-muc3-{r}")
            keys = muc4.read_keys(key)
            t0 = time.time()
            run_to_export(muc4.raw_articles([d for d in docs if d.id in keys]), work / r)
            print(f"  pipeline on dev {r}: {time.time() - t0:.0f} s")
        out.append((export, key))
    return out


class Mapped:
    """The MUC mapping of some exports without the relevance filter, the keys, and each
    document's relevance score from the fold model that did not train on it."""

    def __init__(self) -> None:
        self.preds: dict[str, list[dict[str, Any]]] = {}
        self.gold: dict[str, list[Any]] = {}
        self.scores: dict[str, float] = {}

    def add(self, export: Path, key: Path, model: RelevanceModel) -> None:
        from newsgraph.evaluate.scoring import _stem, events_to_muc4, read_export

        self.preds.update(events_to_muc4(export, relevance=None))
        self.gold.update(muc4.read_keys(key))
        arts = read_export(export)["articles"]
        docs = [_stem(a.get("source")) for a in arts]
        self.scores.update(
            zip(docs, model.relevance([str(a.get("text") or "") for a in arts]), strict=True)
        )

    def gtt(self, threshold: float | None) -> dict[str, float]:
        """GTT micro P/R/F1 (and document-level F1) with documents below ``threshold`` dropped
        (the rule of ``evaluate._filter_relevant``); None: no filter."""
        from newsgraph.evaluate.scoring import score_muc4

        preds = {
            d: t
            for d, t in self.preds.items()
            if threshold is None or self.scores.get(d, 1.0) >= threshold
        }
        scores = score_muc4(preds, self.gold)
        micro, doc = scores["muc4_gtt"]["micro"], scores["muc4_document"]["micro"]
        return {"p": micro["p"], "r": micro["r"], "f1": micro["f1"], "doc_f1": doc["f1"]}


def tune(mapped: Mapped) -> float:
    """Pick the document threshold by GTT micro F1 over the out-of-fold scores (0: keep all)."""
    base = mapped.gtt(None)
    print(
        f"  without the model: P {base['p']:.3f} R {base['r']:.3f} F1 {base['f1']:.3f} doc F1 {base['doc_f1']:.3f}"
    )
    best = (base["f1"], 0.0)
    for th in [x / 20 for x in range(1, 16)]:
        s = mapped.gtt(th)
        print(
            f"  relevant >= {th:.2f}: P {s['p']:.3f} R {s['r']:.3f} F1 {s['f1']:.3f} doc F1 {s['doc_f1']:.3f}"
        )
        if s["f1"] > best[0] + 1e-9:
            best = (s["f1"], th)
    return best[1]


def _span(ranges: tuple[str, ...]) -> str:
    return f"{ranges[0][:4]}-{ranges[-1][5:]}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dev", type=Path, default=ROOT.parent / "shared" / "eval" / "muc4" / "dev")
    ap.add_argument("--out", type=Path, default=MODEL_DIR)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--ngram-size", type=int, default=2)
    ap.add_argument("--length", type=int, default=2**16, help="hashed feature rows (model size)")
    ap.add_argument("--work", type=Path, default=None, help="keep/reuse the pipeline exports here")
    ap.add_argument(
        "--no-tune", action="store_true", help="keep the threshold at 0.5; no pipeline run"
    )
    args = ap.parse_args(argv)
    hyper = {
        "seed": args.seed,
        "epochs": args.epochs,
        "ngram_size": args.ngram_size,
        "length": args.length,
    }

    work = args.work or Path(tempfile.mkdtemp(prefix="muc4-relevance-"))
    mapped = Mapped()
    held_out: list[tuple[str, str, dict[str, float]]] = []
    oof: list[float] = []
    for fold in FOLDS:
        train_files = tuple(r for r in FILES if r not in fold)
        data, test = load(args.dev, train_files), load(args.dev, fold)
        print(f"fold dev {_span(fold)}: train on the other {len(data)} messages")
        with contextlib.redirect_stdout(io.StringIO()):
            model = RelevanceModel(nlp=train(data, **hyper))
        held_out += test
        oof += model.relevance([t for _, t, _ in test])
        if not args.no_tune:
            for export, key in exports(args.dev, fold, work, reuse=args.work is not None):
                mapped.add(export, key, model)
    report = classification_report(oof, held_out)
    print(
        f"out-of-fold classification of {len(held_out)} messages (threshold 0.5): "
        + "  ".join(
            f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in report.items()
        )
    )

    threshold, tuning = 0.5, {}
    if not args.no_tune:
        threshold = tune(mapped)
        before, after = mapped.gtt(None), mapped.gtt(threshold)
        print(f"chosen: relevant >= {threshold}")
        print(
            f"dev {_span(FILES)} out-of-fold GTT micro: before P {before['p']:.3f} R {before['r']:.3f} "
            f"F1 {before['f1']:.3f} | after P {after['p']:.3f} R {after['r']:.3f} F1 {after['f1']:.3f}"
        )
        tuning = {"dev_gtt_before": before, "dev_gtt_after": after}
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)

    data = load(args.dev, FILES)
    t0 = time.time()
    nlp = train(data, **hyper)
    print(f"final model: {len(data)} messages, {time.time() - t0:.0f} s")
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    nlp.to_disk(args.out / "model")
    meta = {
        "labels": list(LABELS),
        "threshold": threshold,
        "trained_on": f"MUC-4 dev messages {_span(FILES)}",
        "tuned_on": f"out-of-fold scores of MUC-4 dev messages {_span(FILES)} ({len(FOLDS)} folds)",
        **hyper,
        "oof_classification": report,
        **tuning,
    }
    (args.out / META_FILE).write_text(json.dumps(meta, indent=2) + "\n")
    size = sum(f.stat().st_size for f in args.out.rglob("*") if f.is_file())
    print(f"wrote {args.out} ({size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
