"""MUC-4 relevance: does a document report a terrorist incident?

A small spaCy ``textcat_multilabel`` (hashed bag of word uni- and bigrams, no vectors) trained on
the MUC-4 development keys by ``scripts/train_muc4_relevance.py``.  Its one label, ``relevant``,
says the key has at least one incident template (per-type labels were tried: dropping templates
of types the model doubts lost more recall than it gained precision).  The MUC mapping
(:func:`newsgraph.evaluate.scoring.events_to_muc4`) uses it to drop the templates of documents that
report no incident (military clashes, political news, ...), which rules on single events cannot
see.

The model ships in ``data/models/muc4_relevance/`` with ``relevance.json`` (label, threshold
chosen on out-of-fold development scores, training provenance).  When the directory is missing
or unreadable :func:`load_relevance` returns None and callers keep their behaviour without it.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..settings import DATA_DIR

log = logging.getLogger(__name__)

MODEL_DIR = DATA_DIR / "models" / "muc4_relevance"
META_FILE = "relevance.json"
RELEVANT = "relevant"
# Texts are cut to this many characters: a wire story reports its incident up front, and the
# cut bounds the cost of a very long article.
MAX_CHARS = 6000

_SPACE = re.compile(r"\s+")


def prepare(text: str) -> str:
    """The text the classifier sees: lower-cased (MUC wire text is all caps and the pipeline
    truecases it; lower case makes training and use independent of that step), whitespace
    collapsed, cut to :data:`MAX_CHARS`."""
    return _SPACE.sub(" ", text[:MAX_CHARS]).strip().lower()


@dataclass
class RelevanceModel:
    """A loaded relevance classifier with its decision threshold."""

    nlp: Any  # spacy.Language holding one textcat_multilabel pipe
    threshold: float = 0.5  # a document scoring below this on ``relevant`` reports no incident
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.nlp.get_pipe("textcat_multilabel").labels)

    def score(self, texts: list[str], batch_size: int = 64) -> list[dict[str, float]]:
        """Label -> probability for each text."""
        docs = self.nlp.pipe((prepare(t) for t in texts), batch_size=batch_size)
        return [{k: float(v) for k, v in d.cats.items()} for d in docs]

    def relevance(self, texts: list[str]) -> list[float]:
        """Probability that each text reports a MUC-relevant incident."""
        return [s.get(RELEVANT, 1.0) for s in self.score(texts)]

    def is_relevant(self, text: str) -> bool:
        """Whether ``text`` scores at or above the chosen threshold."""
        return self.relevance([text])[0] >= self.threshold


def load_relevance(path: str | Path | None = None) -> RelevanceModel | None:
    """Load the relevance model from ``path`` (default: the packaged one); None when absent."""
    return _load(str(Path(path) if path else MODEL_DIR))


@lru_cache(maxsize=4)
def _load(path: str) -> RelevanceModel | None:
    p = Path(path)
    meta_path = p / META_FILE
    if not meta_path.is_file():
        return None
    try:
        import spacy

        meta = json.loads(meta_path.read_text())
        nlp = spacy.load(p / "model")
    except Exception as exc:  # a broken model must not break the mapping: run without it
        log.warning("MUC-4 relevance model at %s not loaded: %s", p, exc)
        return None
    return RelevanceModel(
        nlp=nlp,
        threshold=float(meta.get("threshold", 0.5)),
        meta=meta,
    )
