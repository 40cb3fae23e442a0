"""Score an entity recogniser setting through the normal pipeline (docs/models.md's tables).

    python training/measure.py [--ner generic|builtin|PATH] [--conll FILE] [--seed]

``--conll`` takes the CoNLL-2003 *dev* split (training/data/conll2003/valid.txt); never point
it at the test split.  ``--seed`` also scores the seed gold (the floors of
tests/test_eval_gate.py).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from newsgraph.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def _get(scores: dict, dotted: str) -> object:
    for part in dotted.split("."):
        scores = scores.get(part, {}) if isinstance(scores, dict) else {}
    return scores


def speed(corpus: Path, ner: str, rounds: int = 5) -> dict[str, float]:
    """Words per second of ``nlp.pipe`` (best of ``rounds``, alternating) for the generic
    recogniser and for ``ner``, in the same process over the same texts."""
    from newsgraph.extract.nlp import load_model

    texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8")]
    words = sum(len(t.split()) for t in texts)
    pipes = {"generic": load_model(Settings().model, "generic"), ner: load_model(Settings().model, ner)}
    best = {k: float("inf") for k in pipes}
    for _ in range(rounds):
        for name, nlp in pipes.items():
            t = time.perf_counter()
            for _ in nlp.pipe(texts, batch_size=32):
                pass
            best[name] = min(best[name], time.perf_counter() - t)
    out = {f"{k}_words_per_s": round(words / v) for k, v in best.items()}
    out["ratio"] = round(best["generic"] / best[ner], 3)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ner", default="builtin")
    ap.add_argument("--conll", type=Path, default=ROOT / "training/data/conll2003/valid.txt")
    ap.add_argument("--seed", action="store_true")
    ap.add_argument("--speed", type=Path, help="articles.jsonl (benchmarks/make_corpus.py): "
                    "time the spaCy pass with the generic and with this recogniser")
    args = ap.parse_args(argv)
    if args.speed:
        print(json.dumps(speed(args.speed, args.ner), indent=1))
        return 0
    if "test" in args.conll.name or args.conll.name.endswith("testb"):
        raise SystemExit("refusing to score a test split")
    from newsgraph.evaluate.scoring import eval_conll

    settings = Settings(ner_model=args.ner)
    t = time.perf_counter()
    out = {"ner_model": args.ner, "conll": eval_conll(args.conll, settings)["ner"]}
    out["conll_seconds"] = round(time.perf_counter() - t, 1)
    per = out["conll"]["per_type"]
    tp = sum(per[k]["tp"] for k in ("PER", "ORG", "LOC"))
    pred = sum(per[k]["pred"] for k in ("PER", "ORG", "LOC"))
    gold = sum(per[k]["gold"] for k in ("PER", "ORG", "LOC"))
    p, r = tp / max(pred, 1), tp / max(gold, 1)
    out["per_org_loc"] = {"p": p, "r": r, "f1": 2 * p * r / max(p + r, 1e-9)}
    if args.seed:
        import sys

        sys.path.insert(0, str(ROOT))
        from newsgraph.evaluate.scoring import check_floors, eval_gold
        from tests.conftest import GOLD
        from tests.test_eval_gate import SEED_FLOORS

        with tempfile.TemporaryDirectory() as tmp:
            scores = eval_gold(GOLD, tmp, root=ROOT, settings=settings)
        out["seed_floor_failures"] = check_floors(scores, SEED_FLOORS)
        out["seed"] = {k: _get(scores, k) for k in SEED_FLOORS}
    print(json.dumps(out, indent=1, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
