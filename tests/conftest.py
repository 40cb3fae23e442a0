from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
GOLD = Path(__file__).parent / "gold"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    """The bare spaCy model, loaded once for the whole session.

    A copy of its own: the pipeline adds its knowledge-base component to the cached model it uses.
    """
    import spacy

    from newsgraph.settings import Settings

    return spacy.load(Settings().model)


@pytest.fixture(scope="session")
def kb():
    from newsgraph.extract.kb import load_kb

    return load_kb()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.db"
