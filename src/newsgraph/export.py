"""Exports.  The JSONL export is the public contract documented in ``docs/export.md``."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .facts import event_facts, relation_facts
from .store import Store

EXPORT_VERSION = "1.1"


def _write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n


def article_rows(store: Store) -> Iterable[dict[str, Any]]:
    for r in store.query("SELECT * FROM articles ORDER BY COALESCE(published, published_from), id"):
        yield {
            "id": r["id"],
            "source": r["source"] if r["line"] is None else f"{r['source']}:{r['line']}",
            "line": r["line"],
            "url": r["url"],
            "title": r["title"],
            "publisher": r["publisher"],
            "byline": r["byline"],
            "dateline": r["dateline"],
            "published": r["published"],
            "published_range": [r["published_from"], r["published_to"]] if r["published_from"] or r["published_to"] else None,
            "corrections": json.loads(r["corrections"]),
            "pipeline_version": r["pipeline_version"],
            "text": r["text"],
        }


def entity_rows(store: Store) -> Iterable[dict[str, Any]]:
    aliases: dict[int, list[str]] = defaultdict(list)
    for r in store.query("SELECT entity_id, alias FROM aliases ORDER BY alias"):
        aliases[r["entity_id"]].append(r["alias"])
    mentions: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in store.query('SELECT entity_id, article_id, start, "end", text, type, sentence, source FROM mentions '
                         "ORDER BY article_id, start"):
        mentions[r["entity_id"]].append({"article_id": r["article_id"], "start": r["start"], "end": r["end"],
                                         "text": r["text"], "type": r["type"], "sentence": r["sentence"],
                                         "source": r["source"]})
    for r in store.query("SELECT * FROM entities ORDER BY id"):
        yield {
            "id": r["id"],
            "name": r["name"],
            "type": r["type"],
            "aliases": aliases[r["id"]],
            "kb_id": r["kb_id"],
            "ambiguous": bool(r["ambiguous"]),
            "mentions": mentions[r["id"]],
        }


def event_rows(store: Store) -> tuple[list[dict[str, Any]], dict[str, str]]:
    facts = event_facts(store)
    claim_to_fact = {claim: f.id for f in facts for claim in f.claims}
    rows = [
        {
            "id": f.id, "type": f.type, "subtype": f.subtype, "date": f.date, "location": f.location,
            "roles": f.roles, "killed": f.killed, "injured": f.injured, "modality": f.modality,
            "polarity": f.polarity, "attributed_to": f.attributed_to, "evidence": f.evidence,
            "claims": f.claims, "articles": f.articles,
        }
        for f in facts
    ]
    return rows, claim_to_fact


def relation_rows(store: Store, claim_to_fact: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {
            "id": f.id, "type": f.type, "subtype": f.subtype, "subject": f.subject, "object": f.object,
            "object_is_event": f.object_is_event, "polarity": f.polarity, "modality": f.modality,
            "valid_from": f.valid_from, "valid_to": f.valid_to, "attributed_to": f.attributed_to,
            "retracted": f.retracted, "evidence": f.evidence, "claims": f.claims, "articles": f.articles,
        }
        for f in relation_facts(store, claim_to_fact)
    ]


def timex_rows(store: Store) -> Iterable[dict[str, Any]]:
    for r in store.query('SELECT * FROM timexes ORDER BY article_id, start'):
        yield {"article_id": r["article_id"], "start": r["start"], "end": r["end"], "text": r["text"],
               "value": r["value"], "precision": r["precision"], "anchor": r["anchor"], "sentence": r["sentence"]}


def quote_rows(store: Store) -> Iterable[dict[str, Any]]:
    for r in store.query('SELECT * FROM quotes ORDER BY article_id, start'):
        yield {"article_id": r["article_id"], "speaker": r["speaker_entity"] if r["speaker_entity"] is not None
               else r["speaker"], "speaker_name": r["speaker"], "cue": r["cue"], "content": r["content"],
               "start": r["start"], "end": r["end"], "sentence": r["sentence"]}


def export_jsonl(store: Store, out_dir: str | Path) -> dict[str, int]:
    """Write the JSONL contract files into ``out_dir``; returns row counts per file."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    counts = {
        "articles.jsonl": _write_jsonl(out / "articles.jsonl", article_rows(store)),
        "entities.jsonl": _write_jsonl(out / "entities.jsonl", entity_rows(store)),
    }
    events, claim_to_fact = event_rows(store)
    counts["events.jsonl"] = _write_jsonl(out / "events.jsonl", events)
    counts["relations.jsonl"] = _write_jsonl(out / "relations.jsonl", relation_rows(store, claim_to_fact))
    counts["timexes.jsonl"] = _write_jsonl(out / "timexes.jsonl", timex_rows(store))
    counts["quotes.jsonl"] = _write_jsonl(out / "quotes.jsonl", quote_rows(store))
    (out / "manifest.json").write_text(json.dumps({"export_version": EXPORT_VERSION, "files": counts}, indent=2))
    return counts
