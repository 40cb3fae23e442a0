"""Store: one transaction per article, idempotent saves, cross-article linking, schema versions."""

from __future__ import annotations

import sqlite3

import pytest

from newsgraph.errors import StoreError
from newsgraph.extract.kb import KBEntry, KnowledgeBase
from newsgraph.query.export import export_jsonl
from newsgraph.records import (
    Article,
    ArticleResult,
    Event,
    Evidence,
    LocalEntity,
    Mention,
    Relation,
    Role,
    Timex,
)
from newsgraph.store import SCHEMA_VERSION, Store


def _kb() -> KnowledgeBase:
    kb = KnowledgeBase()
    kb.add(KBEntry("ttp", "Tehrik-e-Taliban Pakistan", "ARMED_GROUP", ("TTP", "Pakistan Taliban")))
    return kb


def _result(text: str, ents: list[tuple[str, str, list[str], str | None]], published: str | None = None,
            aid: str | None = None) -> ArticleResult:
    """Build a result by hand: each entity is (name, type, surface forms found in text, kb_id)."""
    article = Article(id=aid or f"a{abs(hash(text)) % 10**8}", source="t.txt", raw_text=text, text=text,
                      published=published, offsets=((0, 0, len(text)),))
    result = ArticleResult(article=article, sentences=[(0, len(text))])
    for idx, (name, etype, forms, kb_id) in enumerate(ents):
        local = LocalEntity(name=name, type=etype, kb_id=kb_id, aliases=sorted(set(forms)))
        pos = 0
        for form in forms:
            start = text.index(form, pos if form == forms[0] else 0)
            result.mentions.append(Mention(start, start + len(form), form, etype, 0, idx, "ner", kb_id))
            local.mentions.append(len(result.mentions) - 1)
        result.entities.append(local)
    return result


TEXT1 = "Baitullah Mehsud, the leader of the Pakistan Taliban, was killed in a strike in August 2009."
TEXT2 = "Hakimullah Mehsud took charge of the TTP after Baitullah Mehsud died."


def _first(store: Store) -> ArticleResult:
    r = _result(TEXT1, [("Baitullah Mehsud", "PERSON", ["Baitullah Mehsud"], None),
                        ("Tehrik-e-Taliban Pakistan", "ARMED_GROUP", ["Pakistan Taliban"], "ttp")],
                published="2010-01-10", aid="art1")
    ev = Evidence(0, len(TEXT1), TEXT1, 0)
    r.relations.append(Relation("leads", 0, 1, (ev,), valid_to="2009-08"))
    r.timexes.append(Timex(TEXT1.index("August 2009"), TEXT1.index("August 2009") + 11, "August 2009", "2009-08",
                           "month", "2010-01-10", 0))
    trig = TEXT1.index("strike")
    r.events.append(Event("ASSAULT", "missile_strike", Evidence(trig, trig + 6, "strike", 0),
                          roles=(Role("victim", "Baitullah Mehsud", 0, 16, 0),), date=r.timexes[0],
                          killed=1, evidence=(ev,)))
    return r


def test_schema_version_and_wal(db_path):
    with Store(db_path) as store:
        assert store.query("SELECT version FROM schema_version")[0][0] == SCHEMA_VERSION
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_newer_schema_refused(db_path):
    Store(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store(db_path)


# Saving, replacing, cross-article linking and as-of queries are tested on both backends in
# tests/test_store_backends.py (SQLite always, PostgreSQL where a server runs).


def test_export_contract_fields(db_path, tmp_path):
    kb = _kb()
    with Store(db_path) as store:
        store.save(_first(store), kb)
        counts = export_jsonl(store, tmp_path / "out")
    import json

    assert counts["articles.jsonl"] == 1
    art = json.loads((tmp_path / "out" / "articles.jsonl").read_text())
    assert {"id", "source", "title", "publisher", "byline", "dateline", "published", "published_range",
            "text"} <= art.keys()
    for line in (tmp_path / "out" / "entities.jsonl").read_text().splitlines():
        ent = json.loads(line)
        assert {"id", "name", "type", "aliases", "mentions"} <= ent.keys()
        for m in ent["mentions"]:
            assert art["text"][m["start"]:m["end"]] == m["text"]
    ev = json.loads((tmp_path / "out" / "events.jsonl").read_text())
    assert {"id", "type", "subtype", "date", "location", "roles", "killed", "injured", "modality",
            "attributed_to", "evidence"} <= ev.keys()
    assert ev["date"] == {"value": "2009-08", "precision": "month"}
    rel = json.loads((tmp_path / "out" / "relations.jsonl").read_text())
    assert {"id", "type", "subject", "object", "polarity", "modality", "valid_from", "valid_to",
            "attributed_to", "retracted", "evidence"} <= rel.keys()
    tx = json.loads((tmp_path / "out" / "timexes.jsonl").read_text())
    assert {"article_id", "start", "end", "text", "value", "precision"} <= tx.keys()


def test_readonly_store_missing_file(tmp_path):
    with pytest.raises(StoreError, match="no such store"):
        Store(tmp_path / "absent.db", readonly=True)
