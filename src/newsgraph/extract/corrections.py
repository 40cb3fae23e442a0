"""Correction notices: the claims an article retracts.

A notice is found from ``Article.corrections`` (set by the cleaner) or by its own heading
("Correction Feb. 2, 2010", "Clarification:", "An earlier version of this story incorrectly ...",
"This article has been corrected").  The wrong claim is read with the ordinary relation patterns
(:mod:`newsgraph.extract.relations`) from the sentence that carries a cue ("incorrectly", "wrongly") and
then flipped: polarity False, ``retracted`` True, modality ``negated``, the notice as evidence and
``attributed_to`` naming the correction and its date.  So "incorrectly referred to Hakimullah
Mehsud and Baitullah Mehsud as brothers" becomes a retracted ``family``/``brother_of`` relation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from typing import Any

import yaml
from spacy.tokens import Doc

from ..records import ArticleResult, Relation
from ..settings import DATA_DIR

DATA = DATA_DIR / "corrections.yaml"
VERSION = "0.1"
EXTRACTOR = f"corrections/{VERSION}"

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}
_DATE = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})\b",
    re.I,
)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DMY = re.compile(
    r"\b(\d{1,2})\s+(Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?,?\s+(\d{4})\b",
    re.I,
)


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    raw: dict[str, Any] = yaml.safe_load(DATA.read_text())
    titles = sorted((h.lower() for h in raw.get("titles") or ()), key=len, reverse=True)
    openers = sorted((h.lower() for h in raw.get("openers") or ()), key=len, reverse=True)
    alt = lambda words: "|".join(re.escape(w) for w in words)  # noqa: E731
    # a title stands alone or is followed by ":" / a dash / a date, in any of the forms
    # newsrooms use: "Correction Feb. 2, 2010", "Correction 12 March 2015", "Correction, May 3"
    date = r"(?:[A-Z][a-z]{2,}\.?[ \t]+\d|\d{1,2}[ \t]+[A-Z][a-z]{2,}|\d{4}-\d{2}-\d{2})"
    raw["_heading_re"] = re.compile(
        rf"(?im)^[ \t]*(?:(?:{alt(titles)})(?=[ \t]*(?:$|[:\-\u2013\u2014(]|,?[ \t]*{date}))"
        rf"|\(?(?:{alt(openers)})\b)"
    )
    raw["wrong_cues"] = frozenset(w.lower() for w in raw.get("wrong_cues") or ())
    return raw


def correction_spans(doc: Doc, result: ArticleResult) -> list[tuple[int, int]]:
    """Character spans of the article's correction notices: the cleaner's, plus any notice
    heading found in the text, each running to the end of the next non-empty paragraph."""
    text = result.article.text
    spans = list(result.article.corrections)
    for m in lexicon()["_heading_re"].finditer(text):
        start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
        if any(s <= start < e for s, e in spans):
            continue
        # a heading line alone ("Correction Feb. 2, 2010") takes the paragraph after it
        end = _paragraph_end(text, start)
        if end - start < 60 and end < len(text):
            end = _paragraph_end(text, _skip_blank(text, end))
        spans.append((start, end))
    return sorted(spans)


def _paragraph_end(text: str, start: int) -> int:
    m = re.compile(r"\n[ \t]*\n").search(text, start)
    return m.start() if m else len(text)


def _skip_blank(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def correction_date(text: str) -> str | None:
    """The ISO date written in a notice ("Correction Feb. 2, 2010" -> 2010-02-02), if any."""
    m = _DATE.search(text)
    if m:
        month = _MONTHS.get(m.group(1)[:3].lower())
        if month:
            return f"{int(m.group(3)):04d}-{month:02d}-{int(m.group(2)):02d}"
    m = _DMY.search(text)  # "Correction 12 March 2015" (British and most non-US desks)
    if m:
        month = _MONTHS.get(m.group(2)[:3].lower())
        if month:
            return f"{int(m.group(3)):04d}-{month:02d}-{int(m.group(1)):02d}"
    m = _ISO.search(text)
    return m.group(0) if m else None


def wrong_sentences(doc: Doc, result: ArticleResult) -> list[tuple[int, int, str | None]]:
    """(start, end, notice date) of each sentence of a correction notice that states what was
    wrong ("... incorrectly referred to X and Y as brothers").  The notice's other sentences
    ("In fact, they were not related") are the publisher's own assertions."""
    cues = lexicon()["wrong_cues"]
    out = []
    for start, end in correction_spans(doc, result):
        date = correction_date(result.article.text[start:end])
        for sent in doc.sents:
            if start <= sent.start_char < end and any(t.lower_ in cues for t in sent):
                out.append((sent.start_char, sent.end_char, date))
    return out


# Reads the relations stated inside character spans: :func:`newsgraph.extract.relations.extract_in`, given
# by the caller (relations imports this module to skip the notices, so it is not imported back).
RelationReader = Callable[[Doc, ArticleResult, list[tuple[int, int]]], list[Relation]]


def extract(doc: Doc, result: ArticleResult, read: RelationReader) -> list[Relation]:
    """Retracted relations: the claims the article's correction notices say were wrong, as
    ``read`` (``relations.extract_in``) finds them in the notices' sentences."""
    out: list[Relation] = []
    publisher = result.article.publisher
    for start, end, date in wrong_sentences(doc, result):
        source = " ".join(x for x in (publisher, "correction", date and f"of {date}") if x)
        for rel in read(doc, result, [(start, end)]):
            out.append(
                replace(
                    rel,
                    polarity=False,
                    retracted=True,
                    modality="negated",
                    valid_from=None,
                    valid_to=None,
                    attributed_to=source,
                    attributed_entity=None,
                    extractor=EXTRACTOR,
                )
            )
    return out
