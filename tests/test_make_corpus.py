"""The benchmark corpus generator: reproducible, truthful offsets, and a scorer that can fail."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from newsgraph.store import Store

from .conftest import ROOT

_spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "benchmarks" / "make_corpus.py")
make_corpus = importlib.util.module_from_spec(_spec)
sys.modules["make_corpus"] = make_corpus  # dataclasses look their module up while it loads
_spec.loader.exec_module(make_corpus)


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, Path]:
    return make_corpus.generate(60, tmp_path_factory.mktemp("corpus"), seed=3, people=80)


def test_same_seed_same_bytes(corpus, tmp_path) -> None:
    arts, truth = make_corpus.generate(60, tmp_path / "again", seed=3, people=80)
    assert arts.read_bytes() == corpus[0].read_bytes() and truth.read_bytes() == corpus[1].read_bytes()
    other, _ = make_corpus.generate(60, tmp_path / "other", seed=4, people=80)
    assert other.read_bytes() != arts.read_bytes()


def test_records_are_ingestable_news(corpus) -> None:
    for rec in _lines(corpus[0]):
        assert set(rec) >= {"text", "title", "published", "publisher"}
        assert len(rec["published"]) == 10 and rec["text"].count("\n\n") >= 7
        assert 80 <= len(rec["text"].split()) <= 400


def test_truth_offsets_point_at_their_text(corpus) -> None:
    for rec, truth in zip(_lines(corpus[0]), _lines(corpus[1]), strict=True):
        assert truth["mentions"]
        for m in truth["mentions"]:
            assert rec["text"][m["start"]:m["end"]] == m["text"]


def test_surnames_shared_and_second_mentions_short(corpus) -> None:
    """The resolution test needs people who share a surname and surname-only later mentions."""
    people: dict[str, set[str]] = {}
    short = 0
    for truth in _lines(corpus[1]):
        for m in truth["mentions"]:
            if m["type"] == "PERSON":
                people.setdefault(m["entity"], set()).add(m["text"])
                short += " " not in m["text"]
    full = {max(forms, key=len) for forms in people.values()}
    surnames = [name.split()[-1] for name in full]
    assert len(surnames) > len(set(surnames)) and short > 0


def test_truth_has_events_and_relations(corpus) -> None:
    truths = _lines(corpus[1])
    assert sum(len(t["events"]) for t in truths) >= 60
    rels = [r for t in truths for r in t["relations"]]
    assert {"leads", "member_of"} & {r["type"] for r in rels}
    assert all(r["subject"] and r["object"] for r in rels)


def _store_from_truth(db: Path, truth_path: Path, merge: tuple[str, str] | None = None) -> None:
    """A store whose PERSON clusters are the truth's (optionally with two people merged)."""
    with Store(db) as s, s.transaction() as c:
        ids: dict[str, int] = {}
        for t in _lines(truth_path):
            aid = f"a{t['line']}"
            c.execute("INSERT INTO articles (id, source, line, raw_text, text, offsets, pipeline_version, "
                      "ingested_at) VALUES (?, 'c.jsonl', ?, '', '', ?, 't', 'now')",
                      (aid, t["line"], json.dumps([[0, 0, 10**6]])))
            for m in t["mentions"]:
                if m["type"] != "PERSON":
                    continue
                who = merge[0] if merge and m["entity"] == merge[1] else m["entity"]
                if who not in ids:
                    ids[who] = c.execute("INSERT INTO entities (name, type, created_at) VALUES (?, 'PERSON', 'now')",
                                         (who,)).lastrowid
                c.execute('INSERT INTO mentions (article_id, entity_id, local_idx, sentence, start, "end", text, '
                          "type, source) VALUES (?, ?, 0, 0, ?, ?, ?, 'PERSON', 'ner')",
                          (aid, ids[who], m["start"], m["end"], m["text"]))


def test_score_perfect_and_merged(corpus, tmp_path) -> None:
    _store_from_truth(tmp_path / "good.db", corpus[1])
    good = make_corpus.score_resolution(str(tmp_path / "good.db"), corpus[1])
    assert good["precision"] == pytest.approx(1.0) and good["recall"] == pytest.approx(1.0)
    assert good["coverage"] == pytest.approx(1.0)
    counts: dict[str, int] = {}
    for t in _lines(corpus[1]):
        for m in t["mentions"]:
            if m["type"] == "PERSON":
                counts[m["entity"]] = counts.get(m["entity"], 0) + 1
    a, b = sorted(counts, key=counts.get, reverse=True)[:2]
    _store_from_truth(tmp_path / "merged.db", corpus[1], merge=(a, b))
    merged = make_corpus.score_resolution(str(tmp_path / "merged.db"), corpus[1])
    assert merged["precision"] < 0.95 and merged["recall"] == pytest.approx(1.0)
