"""A learned relation classifier over pairs of named entities in one sentence (optional).

The rules of :mod:`newsgraph.relations` read a relation off a handful of known shapes
("X, the leader of Y", "Y leader X").  This module scores every pair of entity mentions in a
sentence with a small linear model trained on public relation corpora (Re-DocRED, re3d;
``training/train_relations.py``, docs/models.md): features are the dependency path between the
two names' heads, their coarse types, the words between them and their distance.  It knows
the entity-to-entity types the corpora can teach: ``leads``, ``member_of``, ``family``,
``based_in`` and ``allied_with``.

The setting ``relation_classifier`` decides how its output is used (default ``off``):

* ``add``: the rules' relations, plus the classifier's where the rules found no relation
  between that pair of entities, at probability >= ``relation_threshold``;
* ``filter``: the rules' relations minus those of a type the classifier knows whose pair it
  scores, in every sentence naming both, below ``1 - relation_threshold`` for that type;
* ``only``: the classifier's relations alone (to measure it; the rules' event relations are
  dropped too).

The model is a JSON file (labels, bias, one weight row per feature) read without any
machine-learning library; it ships in ``data/models/relations/``.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from math import exp
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from ..errors import NewsgraphError
from ..records import ArticleResult, Evidence, Relation
from ..settings import DATA_DIR
from . import modality as modality_mod

MODEL_FILE = DATA_DIR / "models" / "relations" / "model.json.gz"
VERSION = "0.1"
EXTRACTOR = f"relation_model/{VERSION}"
NONE = "none"
MODES = ("off", "add", "filter", "only")

# Our entity types onto the three coarse ones both corpora annotate.
COARSE = {
    "PERSON": "PER",
    "ARMED_GROUP": "ORG",
    "ORGANIZATION": "ORG",
    "GOVERNMENT": "ORG",
    "MEDIA": "ORG",
    "LOCATION": "LOC",
    "FACILITY": "LOC",
}
MAX_PATH = 6  # longer dependency paths are one feature value ("long")
MAX_EDGES = 4  # pairs of names farther apart in the parse are not scored
MAX_BETWEEN = 10  # words between the two names are features only up to this gap
# Relation types read the same both ways: one edge per unordered pair (relations.py does so too)
SYMMETRIC = frozenset({"family", "allied_with"})


class RelationModelError(NewsgraphError):
    """The relation model file is missing or unreadable."""


def mode_of(value: object) -> str:
    """The setting's value as a mode name (YAML reads a bare ``off`` as false)."""
    if value is False or value is None:
        return "off"
    mode = str(value).strip().lower()
    if mode not in MODES:
        raise RelationModelError(
            f"unknown relation_classifier {value!r}: use one of {', '.join(MODES)}"
        )
    return mode


# --------------------------------------------------------------------------- features


def candidate(a: Span, b: Span, type_a: str, type_b: str) -> bool:
    """Whether two names in one sentence are a pair the model scores: not two places (no
    relation it knows links them), not overlapping, and at most MAX_EDGES dependency edges
    apart (farther pairs are almost never related in the training corpora, and each one
    scored is a chance of a false relation)."""
    if type_a == "LOC" and type_b == "LOC":
        return False
    if a.start < b.end and b.start < a.end:
        return False
    path = _path(a.root, b.root)
    return path is not None and len(path[1]) <= MAX_EDGES


def _bucket(n: int) -> str:
    if n <= 2:
        return str(n)
    if n <= 5:
        return "3-5"
    if n <= 10:
        return "6-10"
    return "11+"


def _lemma(tok: Token) -> str:
    if tok.pos_ == "PROPN":
        return "<NAME>"
    if tok.like_num:
        return "<NUM>"
    return tok.lemma_.lower()


def _path(a: Token, b: Token) -> tuple[list[str], list[str], list[str]] | None:
    """The dependency path from ``a`` up to the lowest common ancestor and down to ``b``:
    (edges with lemmas, edges only, lemmas of the tokens strictly inside), or None when the
    two tokens share no ancestor (different sentences)."""
    up = [a, *a.ancestors]
    up_index = {t.i: n for n, t in enumerate(up)}
    down: list[Token] = []
    t = b
    while t.i not in up_index:
        down.append(t)
        if t.head.i == t.i:
            return None
        t = t.head
    top = up_index[t.i]
    rising, falling = up[:top], list(reversed(down))
    full: list[str] = []
    deps: list[str] = []
    inner: list[str] = []
    for tok in rising:
        deps.append(tok.dep_ + "^")
        full.append(tok.dep_ + "^")
        if tok.i != a.i:
            inner.append(_lemma(tok))
    lca = up[top]
    if lca.i not in (a.i, b.i):
        full.append(_lemma(lca))
        inner.append(_lemma(lca))
    for tok in falling:
        deps.append("v" + tok.dep_)
        full.append("v" + tok.dep_)
    for tok in falling[:-1]:
        inner.append(_lemma(tok))
    return full, deps, inner


def pair_features(subject: Span, obj: Span, type_s: str, type_o: str) -> list[str]:
    """The features of an ordered (subject, object) pair of names in one sentence."""
    types = f"{type_s}>{type_o}"
    order = "so" if subject.start < obj.start else "os"
    first, second = (subject, obj) if order == "so" else (obj, subject)
    gap = max(0, second.start - first.end)
    feats = [f"T={types}", f"O={order}|{types}", f"D={_bucket(gap)}|{order}|{types}"]
    between = [t for t in subject.doc[first.end : second.start]]
    if gap <= MAX_BETWEEN:
        words = [_lemma(t) for t in between if not t.is_punct or t.text in {",", "(", "'s", "-"}]
        for w in set(words):
            feats.append(f"BW={w}|{order}")
            feats.append(f"BWT={w}|{order}|{types}")
        feats.append("BS=" + " ".join(words) + f"|{order}")
        if words:
            feats.append(f"B1={words[0]}|{order}")
            feats.append(f"BL={words[-1]}|{order}")
    else:
        feats.append("BW=<far>")
    if first.start > 0:
        feats.append(f"W-1={_lemma(subject.doc[first.start - 1])}|{order}")
    if second.end < len(subject.doc):
        feats.append(f"W+1={_lemma(subject.doc[second.end])}|{order}")
    path = _path(subject.root, obj.root)
    if path is None:
        feats.append("P=<none>")
        return feats
    full, deps, inner = path
    if len(deps) > MAX_PATH:
        feats.append(f"P=<long>|{types}")
    else:
        feats.append("P=" + " ".join(full))
        feats.append("PT=" + " ".join(full) + f"|{types}")
        feats.append("PD=" + " ".join(deps) + f"|{types}")
    for w in set(inner):
        feats.append(f"PL={w}")
        feats.append(f"PLT={w}|{types}")
    feats.append(f"PN={min(len(deps), MAX_PATH + 1)}|{types}")
    return feats


# --------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class LinearModel:
    """A multinomial logistic regression: one weight row per feature string."""

    labels: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    meta: dict

    @classmethod
    def read(cls, path: Path) -> LinearModel:
        try:
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                raw = json.load(fh)
            return cls(
                labels=tuple(raw["labels"]),
                bias=tuple(raw["bias"]),
                weights={k: tuple(v) for k, v in raw["weights"].items()},
                meta=dict(raw.get("meta") or {}),
            )
        except (OSError, ValueError, KeyError) as exc:
            raise RelationModelError(
                f"cannot read the relation model {str(path)!r} ({exc}); run `make train-classifiers`"
                " or set `relation_classifier: off`"
            ) from exc

    def probabilities(self, features: Iterable[str]) -> dict[str, float]:
        scores = list(self.bias)
        for f in features:
            row = self.weights.get(f)
            if row is not None:
                for k, w in enumerate(row):
                    scores[k] += w
        top = max(scores)
        ex = [exp(s - top) for s in scores]
        total = sum(ex)
        return {label: e / total for label, e in zip(self.labels, ex, strict=True)}


@lru_cache(maxsize=4)
def load(path: str | None = None) -> LinearModel:
    """The packaged relation model (or the one at ``path``), read once."""
    return LinearModel.read(Path(path) if path else MODEL_FILE)


# --------------------------------------------------------------------------- use in the pipeline


@dataclass(frozen=True)
class Scored:
    """The classifier's probability that an ordered pair of entities named in one sentence
    holds one relation type."""

    subject: int
    object: int
    type: str
    probability: float
    anchor: Token  # the lowest common ancestor of the two names: where modality is read


def _mention_spans(doc: Doc, result: ArticleResult) -> list[tuple[Span, int, str]]:
    out = []
    for m in result.mentions:
        if not (0 <= m.entity < len(result.entities)) or m.source == "nominal":
            continue
        coarse = COARSE.get(result.entities[m.entity].type)
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if coarse is None or span is None or len(span) == 0:
            continue
        out.append((span, m.entity, coarse))
    return out


def _lca(a: Token, b: Token) -> Token:
    up = {t.i for t in (a, *a.ancestors)}
    t = b
    while t.i not in up and t.head.i != t.i:
        t = t.head
    return t if t.i in up else a.sent.root


def score_pairs(doc: Doc, result: ArticleResult, model: LinearModel) -> list[Scored]:
    """Every pair of different entities named in one sentence, in both directions, with the
    model's probability of each relation type it knows."""
    by_sentence: dict[int, list[tuple[Span, int, str]]] = {}
    for span, ent, coarse in _mention_spans(doc, result):
        by_sentence.setdefault(span.sent.start, []).append((span, ent, coarse))
    out: list[Scored] = []
    for names in by_sentence.values():
        for (sa, ea, ta), (sb, eb, tb) in combinations(names, 2):
            if ea == eb or not candidate(sa, sb, ta, tb):
                continue
            anchor = _lca(sa.root, sb.root)
            for (s, es, ts), (o, eo, to) in (((sa, ea, ta), (sb, eb, tb)), ((sb, eb, tb), (sa, ea, ta))):
                probs = model.probabilities(pair_features(s, o, ts, to))
                for label, p in probs.items():
                    if label != NONE:
                        out.append(Scored(es, eo, label, p, anchor))
    return out


def _best(scored: Sequence[Scored]) -> dict[tuple[str, int, int], float]:
    """The highest probability each (type, subject, object) gets anywhere in the article."""
    best: dict[tuple[str, int, int], float] = {}
    for s in scored:
        subj, obj = (min(s.subject, s.object), max(s.subject, s.object)) if s.type in SYMMETRIC else (s.subject, s.object)
        key = (s.type, subj, obj)
        best[key] = max(best.get(key, 0.0), s.probability)
    return best


def _relation(s: Scored, doc: Doc, result: ArticleResult, forbidden: dict) -> Relation | None:
    banned = forbidden.get(s.type, {})
    if result.entities[s.subject].type in banned.get("subject", ()):
        return None
    if result.entities[s.object].type in banned.get("object", ()):
        return None
    sent = s.anchor.sent
    sentence = next(
        (i for i, (a, b) in enumerate(result.sentences) if a <= sent.start_char < b), None
    )
    own_voice = tuple(x for x in (result.article.publisher,) if x)
    a = modality_mod.assess(doc, s.anchor, own_voice)
    subj, obj = s.subject, s.object
    if s.type in SYMMETRIC:
        subj, obj = min(subj, obj), max(subj, obj)
    return Relation(
        type=s.type,
        subject=subj,
        object=obj,
        evidence=(Evidence(sent.start_char, sent.end_char, sent.text, sentence),),
        polarity=a.polarity,
        modality=a.modality,
        attributed_to=a.attributed_to,
        extractor=EXTRACTOR,
    )


def apply(
    doc: Doc,
    result: ArticleResult,
    rules: list[Relation],
    mode: str,
    threshold: float,
    model: LinearModel | None = None,
) -> list[Relation]:
    """The article's relations under ``mode`` (see the module docstring)."""
    mode = mode_of(mode)
    if mode == "off":
        return rules
    from .relations import lexicon  # the rules' type constraints hold for learned relations too

    model = model or load()
    scored = score_pairs(doc, result, model)
    known = set(model.labels) - {NONE}
    if mode == "filter":
        best = _best(scored)
        kept = []
        for r in rules:
            if r.object_is_event or r.type not in known:
                kept.append(r)
                continue
            subj, obj = (min(r.subject, r.object), max(r.subject, r.object)) if r.type in SYMMETRIC else (r.subject, r.object)
            # a pair the classifier never saw in one sentence (a pronoun, "the group", two
            # sentences) is not its to judge
            p = best.get((r.type, subj, obj))
            if p is None or p >= 1.0 - threshold:
                kept.append(r)
        return kept
    # the best-scoring type of each ordered pair, above the threshold
    chosen: dict[tuple[int, int], Scored] = {}
    for s in scored:
        if s.type == NONE or s.probability < threshold:
            continue
        key = (s.subject, s.object)
        if key not in chosen or s.probability > chosen[key].probability:
            chosen[key] = s
    forbidden = lexicon().forbidden
    linked = {frozenset((r.subject, r.object)) for r in rules if not r.object_is_event}
    out: list[Relation] = [] if mode == "only" else list(rules)
    seen = {(r.type, r.subject, r.object) for r in out}
    for s in sorted(chosen.values(), key=lambda s: -s.probability):
        if mode == "add" and frozenset((s.subject, s.object)) in linked:
            continue
        rel = _relation(s, doc, result, forbidden)
        if rel is None or (rel.type, rel.subject, rel.object) in seen:
            continue
        seen.add((rel.type, rel.subject, rel.object))
        out.append(rel)
    return out


__all__ = [
    "COARSE",
    "EXTRACTOR",
    "LinearModel",
    "MODEL_FILE",
    "MODES",
    "RelationModelError",
    "apply",
    "candidate",
    "load",
    "mode_of",
    "pair_features",
    "score_pairs",
]
