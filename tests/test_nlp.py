"""nlp.py: the model loads once, with newsgraph's faster attribute-ruler matching giving the
same matches as spaCy's own, and a sentence guard that bounds runaway sentences."""

from __future__ import annotations

import pytest

from newsgraph.extract import events
from newsgraph.extract.nlp import MAX_SENTENCE_TOKENS, doc_text, load_model
from newsgraph.settings import Settings

TEXTS = [
    "I ain't gonna do it, she said.",
    "We gon na see what happens",
    "   ",
    "",
    "GUERRILLAS OF THE FARABUNDO MARTI NATIONAL LIBERATION FRONT ATTACKED A POWER STATION IN USULUTAN.",
    "Hakimullah Mehsud, who took charge of the Pakistan Taliban after Baitullah's death, was seen in the video.",
    "A car bomb exploded outside the Interior Ministry on Tuesday, killing 12 people and wounding 30.",
    "The suicide bombing at the Mariott hotel and the assassination of Benazir Bhutto were blamed on him.",
    "Rebels kidnapped two aid workers; troops launched an offensive and arrested the commander.",
]


@pytest.fixture(scope="module")
def pipeline_nlp():
    return load_model(Settings().model)


@pytest.mark.parametrize("text", TEXTS)
def test_fast_attribute_ruler_matches_spacys(pipeline_nlp, text):
    ruler = pipeline_nlp.get_pipe("attribute_ruler")
    assert "match" in ruler.__dict__, "the indexed matcher is installed on the pipeline's model"
    with pipeline_nlp.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        doc = pipeline_nlp(text)
    assert ruler.match(doc) == type(ruler).match(ruler, doc)


@pytest.mark.parametrize("text", TEXTS)
def test_trigger_index_matches_the_matcher(pipeline_nlp, text):
    doc = pipeline_nlp(text)
    expected = [(s, e, int(doc.vocab.strings[m][2:])) for m, s, e in events._matcher(doc.vocab)(doc)]
    assert events._match_triggers(doc) == expected


def test_sentence_guard_bounds_runaway_sentences(pipeline_nlp):
    doc = pipeline_nlp(" ".join(["militants attacked the post"] * 200))  # 800 tokens, no full stop
    assert max(len(s) for s in doc.sents) <= MAX_SENTENCE_TOKENS + 1


def test_doc_text_is_cached_and_equal(pipeline_nlp):
    doc = pipeline_nlp("Officials said the attack killed four people.")
    assert doc_text(doc) == doc.text
    assert doc.user_data["newsgraph_text"] is doc_text(doc)
