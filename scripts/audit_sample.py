"""Seeded sampled-precision audit: ingest articles, sample the output, print it with its evidence.

    .venv/bin/python scripts/audit_sample.py sample eval/realnews/gold/test --out audit.tsv
    (a reader fills `judgement`: right / wrong by the strict test of the layer, `loose`: right /
wrong by the lenient one, and a short `why`; see CRITERIA)
    .venv/bin/python scripts/audit_sample.py score audit.tsv

`sample` runs the normal pipeline on the gold set's article files (the same path as
`newsgraph eval gold`), exports, and draws a seeded random sample of entities, relations, events
and quotes. Each row carries what a reader needs to judge it without the tool: the entity's type
and every surface form, the relation's arguments, direction, modality and source with its
sentence, the event's type, roles, date and casualties with its sentences. `score` prints the
judged precision per layer. The judged numbers go into docs/audit.md.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from newsgraph.evaluate.scoring import gold_inputs, read_export, run_to_export

COLUMNS = ("layer", "n", "item", "evidence", "judgement", "loose", "why")
DEFAULT_SIZES = {"entity": 60, "relation": 50, "event": 40, "quote": 20}
PLURAL = {"entity": "entities", "relation": "relations", "event": "events", "quote": "quotes"}


# What a reader checks per layer: strict (`judgement`) and lenient (`loose`).
CRITERIA = {
    "entity": ("a real named entity, of the right type, not merged with a different one", "a real named entity"),
    "relation": ("type, both arguments and direction right, and modality and source right",
                 "type, both arguments and direction right"),
    "event": ("type right, every role filler right, and the date right (or rightly none)",
              "type right and no wrong role filler"),
    "quote": ("speaker right (and the span is a quote)", "the span is a quote"),
}


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence-ish window around a span, with the span marked by [[ ]]."""
    lo = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    hi_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    hi = min(hi_candidates) + 1 if hi_candidates else len(text)
    lo, hi = max(lo, start - 300), min(hi, end + 300)
    return (text[lo:start] + "[[" + text[start:end] + "]]" + text[end:hi]).strip().replace("\n", " ")


def _evidence(spans: list[dict[str, Any]], texts: dict[str, str], limit: int = 2) -> str:
    out = []
    for sp in spans[:limit]:
        text = texts.get(sp.get("article_id"), "")
        if text and sp.get("start") is not None:
            out.append(_sentence(text, int(sp["start"]), int(sp["end"])))
    return " || ".join(out)


def sample(export_dir: Path, sizes: dict[str, int], seed: int) -> list[dict[str, str]]:
    data = read_export(export_dir)
    texts = {a["id"]: a.get("text") or "" for a in data["articles"]}
    dates = {a["id"]: a.get("published") or (a.get("published_range") or [None, None])[-1] for a in data["articles"]}
    names = {e["id"]: f"{e['name']} [{e['type']}]" for e in data["entities"]}
    events = {e["id"]: e for e in data["events"]}
    rng = random.Random(seed)
    rows: list[dict[str, str]] = []

    def draw(layer: str, items: list[Any]) -> list[Any]:
        items = sorted(items, key=lambda x: str(x.get("id", x.get("start"))) + str(x.get("article_id", "")))
        return rng.sample(items, min(sizes[layer], len(items)))

    for n, e in enumerate(draw("entity", data["entities"]), 1):
        forms = Counter(m.get("text") for m in e.get("mentions") or [])
        item = f"{e['name']} [{e['type']}] forms: " + "; ".join(f"{f} x{c}" for f, c in forms.most_common(8))
        rows.append({"layer": "entity", "n": str(n), "item": item,
                     "evidence": _evidence(e.get("mentions") or [], texts, 3)})
    for n, r in enumerate(draw("relation", data["relations"]), 1):
        obj = r.get("object")
        obj_s = (f"event {events[obj]['type']}/{events[obj].get('subtype')}" if obj in events
                 else names.get(obj, str(obj)))
        pol = "" if r.get("polarity", True) else "NOT "
        item = (f"{names.get(r.get('subject'), r.get('subject'))} {pol}{r['type']}"
                f"{'/' + r['subtype'] if r.get('subtype') else ''} {obj_s} | modality={r.get('modality')} "
                f"source={r.get('attributed_to')} valid={r.get('valid_from')}..{r.get('valid_to')}")
        rows.append({"layer": "relation", "n": str(n), "item": item, "evidence": _evidence(r.get("evidence") or [], texts)})
    for n, ev in enumerate(draw("event", data["events"]), 1):
        roles = "; ".join(f"{x['role']}={names.get(x.get('entity_id'), x.get('text'))}" for x in ev.get("roles") or [])
        date = (ev.get("date") or {}).get("value")
        item = (f"{ev['type']}/{ev.get('subtype')} date={date} place={names.get(ev.get('location'))} "
                f"killed={ev.get('killed')} injured={ev.get('injured')} modality={ev.get('modality')} "
                f"source={ev.get('attributed_to')} roles: {roles}")
        arts = [x.get("article_id") for x in ev.get("evidence") or []]
        item += f" | article published {dates.get(arts[0]) if arts else None}"
        rows.append({"layer": "event", "n": str(n), "item": item, "evidence": _evidence(ev.get("evidence") or [], texts, 3)})
    for n, q in enumerate(draw("quote", data["quotes"]), 1):
        speaker = names.get(q.get("speaker"), q.get("speaker"))
        rows.append({"layer": "quote", "n": str(n), "item": f"speaker={speaker} cue={q.get('cue')}",
                     "evidence": _evidence([q], texts, 1)})
    return rows


def score(path: Path) -> dict[str, tuple[int, int, int]]:
    """layer -> (strictly right, loosely right, judged)."""
    by_layer: dict[str, list[tuple[str, str]]] = defaultdict(list)
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row.get("judgement"):
                strict = row["judgement"].strip().lower()
                loose = (row.get("loose") or strict).strip().lower()
                by_layer[row["layer"]].append((strict, loose))
    return {k: (sum(a == "right" for a, _ in v), sum(b == "right" for _, b in v), len(v))
            for k, v in by_layer.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample")
    s.add_argument("gold_dir", type=Path, help="a gold directory whose articles are ingested")
    s.add_argument("--out", type=Path, required=True)
    s.add_argument("--seed", type=int, default=12)
    s.add_argument("--work", type=Path, default=None)
    for layer, size in DEFAULT_SIZES.items():
        s.add_argument(f"--{PLURAL[layer]}", type=int, default=size)
    c = sub.add_parser("score")
    c.add_argument("tsv", type=Path)
    args = ap.parse_args(argv)
    if args.cmd == "score":
        for layer, (right, loose, n) in sorted(score(args.tsv).items()):
            strict_c, loose_c = CRITERIA.get(layer, ("", ""))
            print(f"{layer:9s} {right}/{n} ({100 * right / max(n, 1):.0f}%) {strict_c}; "
                  f"{loose}/{n} ({100 * loose / max(n, 1):.0f}%) {loose_c}")
        return 0
    work = args.work or Path(tempfile.mkdtemp(prefix="ng-audit-"))
    export = run_to_export(gold_inputs(args.gold_dir), work)
    sizes = {layer: getattr(args, PLURAL[layer]) for layer in DEFAULT_SIZES}
    rows = sample(export, sizes, args.seed)
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, delimiter="\t")
        w.writeheader()
        for row in rows:
            w.writerow({**row, "judgement": "", "loose": "", "why": ""})
    print(f"{len(rows)} rows -> {args.out} (export in {export})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
