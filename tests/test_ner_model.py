"""The packaged entity recogniser (make train, docs/models.md) loads from the package
directory inside the generic model's pipeline and tags text; no test trains it."""

from __future__ import annotations

import pytest

from newsgraph.errors import ModelError
from newsgraph.extract.nlp import BUILTIN_NER, load_model, ner_source
from newsgraph.settings import Settings


@pytest.fixture(scope="module")
def builtin_nlp():
    return load_model(Settings().model, "builtin")


def test_packaged_recogniser_is_small_and_complete():
    assert (BUILTIN_NER / "config.cfg").exists() and (BUILTIN_NER / "ner" / "model").exists()
    size = sum(p.stat().st_size for p in BUILTIN_NER.rglob("*") if p.is_file())
    assert size <= 20 * 1024 * 1024


def test_builtin_replaces_the_generic_ner(builtin_nlp):
    assert builtin_nlp.pipe_names.count("ner") == 1
    labels = set(builtin_nlp.get_pipe("ner").labels)
    # name types for entities.py, and the numeric/time types timex.py and events.py read
    assert {"PERSON", "ORG", "GPE", "NORP", "DATE", "CARDINAL"} <= labels


def test_builtin_tags_a_made_up_sentence(builtin_nlp):
    doc = builtin_nlp(
        "Commander Obrad Velkaric of the Northern Shield Brigade met officials of the "
        "Interior Ministry in Zaventa on Tuesday, a spokesman told Reuters."
    )
    ents = {e.text: e.label_ for e in doc.ents}
    assert ents.get("Obrad Velkaric") == "PERSON"
    assert ents.get("Zaventa") in ("GPE", "LOC")
    assert ents.get("Reuters") == "ORG"
    assert ents.get("Tuesday") == "DATE"


def test_ner_model_setting_resolution(tmp_path):
    assert ner_source("generic") is None
    assert ner_source("builtin") == BUILTIN_NER
    assert ner_source(str(tmp_path)) == tmp_path
    with pytest.raises(ModelError):
        load_model(Settings().model, str(tmp_path / "nowhere"))
