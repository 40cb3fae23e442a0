"""The packaged relation classifier (make train-classifiers, docs/models.md) loads from the
package directory and reads a few made-up sentences; no test trains it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from newsgraph.extract import relation_model as rm
from newsgraph.pipeline import Pipeline
from newsgraph.settings import Settings


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline(Settings())


def _scores(pipe: Pipeline, text: str) -> tuple[dict[tuple[str, str, str], float], object, object]:
    doc, result = pipe.analyse_text(text)
    best: dict[tuple[str, str, str], float] = {}
    for s in rm.score_pairs(doc, result, rm.load()):
        key = (result.entities[s.subject].name, s.type, result.entities[s.object].name)
        best[key] = max(best.get(key, 0.0), s.probability)
    return best, doc, result


def test_packaged_model_is_small_and_complete():
    assert rm.MODEL_FILE.exists() and rm.MODEL_FILE.stat().st_size <= 20 * 1024 * 1024
    model = rm.load()
    assert model.labels[0] == rm.NONE
    assert {"leads", "member_of", "family", "based_in"} <= set(model.labels)
    assert len(model.bias) == len(model.labels)
    assert all(len(row) == len(model.labels) for row in list(model.weights.values())[:100])
    assert model.meta["trainer"] == "training/train_relations.py"


@pytest.mark.parametrize(
    ("text", "subject", "rel", "obj"),
    [
        ("Obrad Velkaric, the leader of the Northern Shield Brigade, appeared in a video.",
         "Obrad Velkaric", "leads", "Northern Shield Brigade"),
        ("Damien Fernandez, a political scientist at Florida International University, said "
         "the talks had failed.", "Damien Fernandez", "member_of", "Florida International University"),
    ],
)
def test_reads_a_relation_in_the_right_direction(pipe, text, subject, rel, obj):
    best, _, _ = _scores(pipe, text)
    forward = next(p for (s, r, o), p in best.items() if r == rel and s.endswith(subject.split()[-1]) and obj.split()[-1] in o)
    backward = max((p for (s, r, o), p in best.items() if r == rel and o.endswith(subject.split()[-1])), default=0.0)
    assert forward >= 0.5 > backward


def test_two_names_in_a_sentence_are_not_a_relation(pipe):
    best, _, _ = _scores(pipe, "Reno said Bin Laden and Kopp have one thing in common.")
    assert max(best.values(), default=0.0) < 0.5


def test_far_apart_names_are_not_scored(pipe):
    doc, result = pipe.analyse_text(
        "Obrad Velkaric said on Tuesday that the long-delayed talks with officials from the "
        "Interior Ministry, which had been expected to resume after the election, were over."
    )
    assert not any(result.entities[s.subject].name == "Obrad Velkaric"
                   and "Interior" in result.entities[s.object].name
                   for s in rm.score_pairs(doc, result, rm.load()))


def test_modes(pipe):
    text = ("Ahmed Rashid, a Pakistani journalist who has written for the Daily Telegraph, said "
            "the talks had failed.  Abubakar Shekau, the leader of Boko Haram, appeared in a video.")
    doc, result = pipe.analyse_text(text)
    rules = result.relations
    assert rm.apply(doc, result, rules, "off", 0.9) == rules
    added = rm.apply(doc, result, rules, "add", 0.9)
    assert added[: len(rules)] == rules
    new = added[len(rules):]
    assert [(result.entities[r.subject].name, r.type) for r in new] == [("Ahmed Rashid", "member_of")]
    assert new[0].extractor == rm.EXTRACTOR and new[0].evidence[0].text.startswith("Ahmed Rashid")
    # a pair the rules already relate gets nothing more
    assert not any(r.extractor == rm.EXTRACTOR and "Shekau" in result.entities[r.subject].name for r in added)
    only = rm.apply(doc, result, rules, "only", 0.5)
    assert only and all(r.extractor == rm.EXTRACTOR for r in only)
    assert rm.apply(doc, result, rules, "filter", 0.9) == rules  # both rule relations are confirmed


def test_mode_setting():
    assert rm.mode_of(False) == "off"  # YAML reads a bare `off` as false
    assert rm.mode_of("ADD") == "add"
    with pytest.raises(rm.RelationModelError, match="use one of"):
        rm.mode_of("sometimes")


def test_pipeline_uses_the_setting():
    text = ("Ahmed Rashid, a Pakistani journalist who has written for the Daily Telegraph, said "
            "the talks had failed.")
    off = Pipeline(Settings())
    on = Pipeline(replace(Settings(), relation_classifier="add", relation_threshold=0.9))
    _, r_off = off.analyse_text(text)
    _, r_on = on.analyse_text(text)
    assert not any(r.extractor == rm.EXTRACTOR for r in r_off.relations)
    assert any(r.extractor == rm.EXTRACTOR and r.type == "member_of" for r in r_on.relations)


def test_unreadable_model_says_what_to_do(tmp_path):
    bad = tmp_path / "model.json.gz"
    bad.write_bytes(b"not gzip")
    with pytest.raises(rm.RelationModelError, match="make train-classifiers"):
        rm.LinearModel.read(bad)
