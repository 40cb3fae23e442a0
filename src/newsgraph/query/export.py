"""Exports.  The JSONL export is the public contract documented in ``docs/export.md``."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..store import Store
from .facts import held_from

EXPORT_VERSION = "1.1"


def _write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n


def article_rows(store: Store) -> Iterable[dict[str, Any]]:
    for r in store.articles():
        yield {
            "id": r.id,
            "source": r.source if r.line is None else f"{r.source}:{r.line}",
            "line": r.line,
            "url": r.url,
            "title": r.title,
            "publisher": r.publisher,
            "byline": r.byline,
            "dateline": r.dateline,
            "published": r.published,
            "published_range": [r.published_from, r.published_to] if r.published_from or r.published_to else None,
            "corrections": r.corrections,
            "removed_share": r.removed_share,
            "removed": [{"kind": k, "lines": n} for k, n in r.removed.items()],
            "pipeline_version": r.pipeline_version,
            "text": r.text,
        }


def entity_rows(store: Store) -> Iterable[dict[str, Any]]:
    aliases = store.aliases_by_entity()
    mentions: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for m in store.mentions():
        mentions[m.entity_id].append({"article_id": m.article_id, "start": m.start, "end": m.end,
                                      "text": m.text, "type": m.type, "sentence": m.sentence, "source": m.source})
    for e in store.entities():
        yield {
            "id": e.id,
            "name": e.name,
            "type": e.type,
            "aliases": aliases.get(e.id, []),
            "kb_id": e.kb_id,
            "ambiguous": e.ambiguous,
            "mentions": mentions[e.id],
        }


def event_rows(store: Store) -> tuple[list[dict[str, Any]], dict[str, str]]:
    facts = store.event_facts()
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
            "reported": f.published,
        }
        for f in store.relation_facts()
    ]


def timex_rows(store: Store) -> Iterable[dict[str, Any]]:
    for x in store.timexes():
        yield {"article_id": x.article_id, "start": x.start, "end": x.end, "text": x.text,
               "value": x.value, "precision": x.precision, "anchor": x.anchor, "sentence": x.sentence}


def quote_rows(store: Store) -> Iterable[dict[str, Any]]:
    for q in store.quotes():
        yield {"article_id": q.article_id, "speaker": q.speaker_entity if q.speaker_entity is not None
               else q.speaker, "speaker_name": q.speaker, "cue": q.cue, "content": q.content,
               "start": q.start, "end": q.end, "sentence": q.sentence}


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


# == Graph and table formats ===================================================================
# Everything below reads the same facts as the JSONL contract (events.jsonl, relations.jsonl)
# and adds nothing the store does not hold.  Time intervals: an edge starts when the relation
# began (valid_from) or, failing that, when it was first reported, and ends at valid_to; a node
# starts at the earliest of its first report and its edges' starts, so Gephi's timeline never
# shows an edge without its ends.

EXPORT_FORMATS = ("jsonl", "graphml", "gexf", "neo4j", "parquet", "plover")


def _published(store: Store) -> dict[str, str | None]:
    return {a.id: a.date for a in store.article_heads()}


def _clean(attrs: dict[str, Any]) -> dict[str, Any]:
    """GraphML/GEXF hold scalars only: drop None, join lists."""
    out = {}
    for k, v in attrs.items():
        if v is None:
            continue
        if isinstance(v, (list, tuple)):
            v = "; ".join(str(x) for x in v)
        out[k] = v
    return out


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def network_graph(store: Store, include_events: bool = True) -> Any:
    """The actor network as a ``networkx.MultiDiGraph`` with time intervals (``start``/``end``,
    ISO dates) on nodes and edges; events become nodes linked to their role fillers when
    ``include_events``.  Node ids are ``e<entity id>`` and ``<event id>``."""
    import networkx as nx

    from ..periods import period_end, period_start
    from .geo import places

    events, claim_to_fact = event_rows(store)
    relations = relation_rows(store, claim_to_fact)
    published = _published(store)
    first_seen = store.entity_first_seen()
    where = places(store)
    entities = {e.id: e for e in store.entities()}
    g = nx.MultiDiGraph(name="newsgraph")
    starts: dict[str, list[str | None]] = defaultdict(list)

    def add_entity(eid: int) -> str:
        nid = f"e{eid}"
        if nid not in g:
            e = entities[eid]
            p = where.get(eid)
            g.add_node(nid, **_clean({
                "label": e.name, "kind": "entity", "type": e.type, "kb_id": e.kb_id,
                "lat": p.lat if p else None, "lon": p.lon if p else None,
                "geo_precision": p.precision if p else None}))
            if eid in first_seen:
                starts[nid].append(first_seen[eid])
        return nid

    for r in relations:
        if r["object_is_event"] and not include_events:
            continue
        if r["subject"] not in entities or (not r["object_is_event"] and r["object"] not in entities):
            continue
        reported = min(filter(None, (published.get(a) for a in r["articles"])), default=None)
        start = held_from(r["valid_from"], r["valid_to"], reported)  # as graph.holds_at
        end = period_end(r["valid_to"])
        u = add_entity(r["subject"])
        v = str(r["object"]) if r["object_is_event"] else add_entity(r["object"])
        g.add_edge(u, v, key=r["id"], **_clean({
            "id": r["id"], "label": r["type"], "kind": "relation", "relation": r["type"], "subtype": r["subtype"],
            "modality": r["modality"], "polarity": r["polarity"], "retracted": r["retracted"],
            "attributed_to": r["attributed_to"], "valid_from": r["valid_from"], "valid_to": r["valid_to"],
            "reported": reported, "start": start, "end": end, "articles": r["articles"],
            "claims": len(r["claims"]),
            "evidence": _short(r["evidence"][0]["text"]) if r["evidence"] else None}))
        starts[u].append(start)  # None: open to the past, so the node is too
        starts[v].append(start)
    if include_events:
        for ev in events:
            nid = ev["id"]
            date = period_start((ev["date"] or {}).get("value"))
            reported = min(filter(None, (published.get(a) for a in ev["articles"])), default=None)
            start = date or reported
            loc = where.get(ev["location"]) if ev["location"] is not None else None
            g.add_node(nid, **_clean({
                "label": ev["subtype"].replace("_", " "), "kind": "event", "type": ev["type"],
                "subtype": ev["subtype"], "date": (ev["date"] or {}).get("value"), "modality": ev["modality"],
                "killed": ev["killed"], "injured": ev["injured"], "articles": ev["articles"],
                "lat": loc.lat if loc else None, "lon": loc.lon if loc else None,
                "geo_precision": loc.precision if loc else None}))
            starts[nid].append(start)
            if ev["location"] in entities:
                place_node = add_entity(ev["location"])
                g.add_edge(nid, place_node, key=f"{nid}:occurred_in", **_clean({
                    "id": f"{nid}:occurred_in", "label": "occurred_in", "kind": "location",
                    "relation": "occurred_in", "modality": ev["modality"], "start": start}))
                starts[place_node].append(start)
            seen: set[tuple[int, str]] = set()
            for role in ev["roles"]:
                if role["entity_id"] is None or role["entity_id"] not in entities:
                    continue
                if (role["entity_id"], role["role"]) in seen:
                    continue
                seen.add((role["entity_id"], role["role"]))
                ent = add_entity(role["entity_id"])
                u, v = (ent, nid) if role["role"] in SOURCE_ROLES else (nid, ent)
                g.add_edge(u, v, key=f"{nid}:{role['role']}:{role['entity_id']}", **_clean({
                    "id": f"{nid}:{role['role']}:{role['entity_id']}", "label": role["role"], "kind": "role",
                    "relation": role["role"], "modality": ev["modality"], "start": start}))
                starts[ent].append(start)
    for nid, dates in starts.items():
        if nid in g and dates and None not in dates:
            g.nodes[nid]["start"] = min(d for d in dates if d is not None)
    return g


def export_graphml(store: Store, path: str | Path, include_events: bool = True) -> dict[str, int]:
    """GraphML (yEd, Cytoscape, networkx) with ``start``/``end`` date attributes."""
    import networkx as nx

    g = network_graph(store, include_events)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(g, path, named_key_ids=True)
    return {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()}


def export_gexf(store: Store, path: str | Path, include_events: bool = True) -> dict[str, int]:
    """GEXF 1.3, ``mode="dynamic"``, ``timeformat="date"``: node and edge ``start``/``end``
    intervals that Gephi's timeline plays."""
    import networkx as nx

    g = network_graph(store, include_events)
    g.graph["mode"] = "dynamic"
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    text = "\n".join(nx.generate_gexf(g, version="1.3"))
    # networkx 3.x writes the XSI namespace for 1.3 without "www.", which makes schema
    # validators read xsi:schemaLocation as an undeclared attribute.
    text = text.replace('xmlns:xsi="http://w3.org/2001/XMLSchema-instance"',
                        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"')
    Path(path).write_text(text, encoding="utf-8")
    return {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()}


# -- Neo4j -------------------------------------------------------------------------------------
_NEO4J_ARRAY = ";"  # neo4j-admin's default --array-delimiter


def _neo4j_value(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (list, tuple)):
        return _NEO4J_ARRAY.join(str(x).replace(_NEO4J_ARRAY, ",") for x in v)
    return str(v)


def _write_neo4j(out: Path, name: str, header: list[str], rows: Iterable[list[Any]]) -> int:
    """``<name>_header.csv`` (one line) and ``<name>.csv`` (data only), as neo4j-admin takes them."""
    import csv

    with (out / f"{name}_header.csv").open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerow(header)
    n = 0
    with (out / f"{name}.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        for row in rows:
            w.writerow([_neo4j_value(v) for v in row])
            n += 1
    return n


def _label(text: str) -> str:
    return "".join(part.capitalize() for part in text.lower().split("_"))


def export_neo4j(store: Store, out_dir: str | Path) -> dict[str, int]:
    """CSV files for ``neo4j-admin database import full`` (header files apart from data).

    Nodes: ``Entity`` (plus its type as a second label: ``Person``, ``ArmedGroup``...),
    ``Event`` (plus its PLOVER type), ``Article``.  Relationships: one per relation fact with
    its type upper-cased (``LEADS``, ``MEMBER_OF``), one per event role (``PERPETRATOR`` from the
    actor to the event; ``TARGET``, ``VICTIM``... from the event to the entity), ``OCCURRED_IN``
    (event -> place) and ``REPORTED_IN`` (event -> article).  ``import.sh`` holds the command.
    """
    from .geo import places

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    events, claim_to_fact = event_rows(store)
    relations = relation_rows(store, claim_to_fact)
    where = places(store)
    counts: dict[str, int] = {}
    counts["entities"] = _write_neo4j(
        out, "entities",
        ["id:ID", "entity_id:long", "name", "type", "kb_id", "aliases:string[]", "lat:double", "lon:double",
         "geo_precision", ":LABEL"],
        ([f"e{e['id']}", e["id"], e["name"], e["type"], e["kb_id"], e["aliases"],
          where[e["id"]].lat if e["id"] in where else None, where[e["id"]].lon if e["id"] in where else None,
          where[e["id"]].precision if e["id"] in where else None, ["Entity", _label(e["type"])]]
         for e in entity_rows(store)))
    counts["events"] = _write_neo4j(
        out, "events",
        ["id:ID", "type", "subtype", "date", "date_precision", "killed:long", "injured:long", "modality",
         "polarity:boolean", "attributed_to", "evidence", ":LABEL"],
        ([ev["id"], ev["type"], ev["subtype"], (ev["date"] or {}).get("value"), (ev["date"] or {}).get("precision"),
          ev["killed"], ev["injured"], ev["modality"], ev["polarity"], ev["attributed_to"],
          _short(ev["evidence"][0]["text"], 1000) if ev["evidence"] else None, ["Event", _label(ev["type"])]]
         for ev in events))
    counts["articles"] = _write_neo4j(
        out, "articles", ["id:ID", "title", "publisher", "published", "url", "source", ":LABEL"],
        ([f"a:{a['id']}", a["title"], a["publisher"], a["published"], a["url"], a["source"], "Article"]
         for a in article_rows(store)))
    entity_ids = {e.id for e in store.entities()}

    def rel_rows() -> Iterable[list[Any]]:
        for r in relations:
            if r["subject"] not in entity_ids:
                continue
            end = r["object"] if r["object_is_event"] else f"e{r['object']}"
            if not r["object_is_event"] and r["object"] not in entity_ids:
                continue
            yield [f"e{r['subject']}", end, r["type"].upper(), r["id"], r["subtype"], r["modality"], r["polarity"],
                   r["retracted"], r["valid_from"], r["valid_to"], r["attributed_to"], r["articles"],
                   _short(r["evidence"][0]["text"], 1000) if r["evidence"] else None]
        for ev in events:
            seen = set()
            for role in ev["roles"]:
                if role["entity_id"] not in entity_ids or (role["entity_id"], role["role"]) in seen:
                    continue
                seen.add((role["entity_id"], role["role"]))
                ent = f"e{role['entity_id']}"
                start, end = (ent, ev["id"]) if role["role"] in SOURCE_ROLES else (ev["id"], ent)
                yield [start, end, role["role"].upper(), None, None, ev["modality"], ev["polarity"], False,
                       None, None, None, [role["article_id"]], role["text"]]
            if ev["location"] in entity_ids:
                yield [ev["id"], f"e{ev['location']}", "OCCURRED_IN", None, None, ev["modality"], ev["polarity"],
                       False, None, None, None, ev["articles"], None]
            for a in ev["articles"]:
                yield [ev["id"], f"a:{a}", "REPORTED_IN", None, None, ev["modality"], ev["polarity"], False,
                       None, None, ev["attributed_to"], [a], None]

    counts["relationships"] = _write_neo4j(
        out, "relationships",
        [":START_ID", ":END_ID", ":TYPE", "relation_id", "subtype", "modality", "polarity:boolean",
         "retracted:boolean", "valid_from", "valid_to", "attributed_to", "articles:string[]", "evidence"],
        rel_rows())
    (out / "import.sh").write_text(
        "#!/bin/sh\n# Load into an empty database (Neo4j 5): run from this directory.\n"
        "neo4j-admin database import full neo4j --overwrite-destination \\\n"
        "  --nodes=entities_header.csv,entities.csv \\\n"
        "  --nodes=events_header.csv,events.csv \\\n"
        "  --nodes=articles_header.csv,articles.csv \\\n"
        "  --relationships=relationships_header.csv,relationships.csv \\\n"
        "  --multiline-fields=true\n", encoding="utf-8")
    return counts


# -- Parquet -----------------------------------------------------------------------------------
_SQLITE_ARROW = {"INTEGER": "int64", "REAL": "float64", "TEXT": "string"}


def export_parquet(store: Store, out_dir: str | Path) -> dict[str, int]:
    """Every store table as ``tables/<table>.parquet`` (columns typed from the SQLite schema),
    and the contract's rows (articles, entities, events, relations, timexes, quotes; nested
    lists and structs kept) as ``<name>.parquet``, for DuckDB, Spark or pandas."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = Path(out_dir)
    (out / "tables").mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for dump in store.table_dumps():
        table, cols = dump.name, dump.columns
        arrays, fields = [], []
        for i, (name, ctype) in enumerate(cols):
            kind = _SQLITE_ARROW.get(ctype.upper(), "string")
            values = [r[i] for r in dump.rows]
            if kind == "string":
                values = [None if v is None else str(v) for v in values]
            arrays.append(pa.array(values, type=getattr(pa, kind)()))
            fields.append(pa.field(name, getattr(pa, kind)(), nullable=True))
        pq.write_table(pa.Table.from_arrays(arrays, schema=pa.schema(fields)), out / "tables" / f"{table}.parquet")
        counts[f"tables/{table}.parquet"] = len(dump.rows)
    events, claim_to_fact = event_rows(store)
    relations = relation_rows(store, claim_to_fact)
    # Columns that hold "integer or string" in JSONL get one typed column each in Parquet.
    for r in relations:
        obj = r.pop("object")
        r["object_entity"] = None if r["object_is_event"] else obj
        r["object_event"] = obj if r["object_is_event"] else None
    quotes = []
    for q in quote_rows(store):
        speaker = q.pop("speaker")
        q["speaker_entity"] = speaker if isinstance(speaker, int) else None
        quotes.append(q)
    contract = {"articles": list(article_rows(store)), "entities": list(entity_rows(store)), "events": events,
                "relations": relations, "timexes": list(timex_rows(store)), "quotes": quotes}
    for name, rows in contract.items():
        for row in rows:  # empty lists carry no element type; give them one via None-free rows
            for k, v in list(row.items()):
                if isinstance(v, list) and not v:
                    row[k] = None
        table = pa.Table.from_pylist(rows) if rows else pa.table({})
        pq.write_table(table, out / f"{name}.parquet")
        counts[f"{name}.parquet"] = len(rows)
    return counts


# -- PLOVER-style event table ------------------------------------------------------------------
PLOVER_COLUMNS = (
    "event_id", "event_date", "date_precision", "actor", "actor_id", "actor_cameo", "recipient",
    "recipient_id", "recipient_cameo", "event_type", "mode", "location", "location_id", "latitude",
    "longitude", "geo_precision", "source", "source_date", "modality", "polarity", "attributed_to",
    "killed", "injured", "articles", "evidence",
)
_RECIPIENT_ROLES = ("target", "victim")
# who acts in an event: the perpetrator of violence or coercion, the actor of anything else
SOURCE_ROLES = ("perpetrator", "actor")
_DATED_CODE = re.compile(r"^(\S+)(?:\s*\[?\s*(\d{8})?\s*-\s*(\d{8})?\s*\]?)?$")


def cameo_code(codes: Iterable[str], on: str | None = None) -> str | None:
    """The CAMEO code valid on date ``on`` (YYYY-MM-DD) from KB codes like ``PAKREB`` or
    ``PSEREBHMS 19870101-20040322``; undated codes are always valid; None when none fits."""
    day = on.replace("-", "")[:8] if on and re.match(r"^\d{4}-\d{2}-\d{2}", on) else None
    fallback = None
    for code in codes:
        m = _DATED_CODE.match(code.strip())
        if not m:
            continue
        base, lo, hi = m.group(1), m.group(2), m.group(3)
        if not lo and not hi:
            fallback = fallback or base
            continue
        if day is None:
            fallback = fallback or base
        elif (not lo or lo <= day) and (not hi or day <= hi):
            return base
    return fallback


def export_plover(store: Store, path: str | Path) -> int:
    """One row per event fact, PLOVER-style: date, actor, recipient, event type, mode,
    location, source, modality, with CAMEO actor codes from the knowledge base (or the KB
    country code) where the actor has a KB id.  Several actors or recipients are joined with
    `` | `` in the same order in the name, id and code columns."""
    import csv

    from ..extract.kb import load_kb
    from ..periods import period_start
    from .geo import iso3, places

    events, _ = event_rows(store)
    names = {e.id: (e.name, e.kb_id) for e in store.entities()}
    kb = load_kb((), store.kb_entries())
    where = places(store)
    arts = {a.id: a for a in store.article_heads()}

    def codes(eid: int, on: str | None) -> str:
        kb_id = names.get(eid, (None, None))[1]
        entry = kb.entries.get(kb_id) if kb_id else None
        if entry is not None:
            return cameo_code(entry.cameo, on) or (entry.country or "")
        place = where.get(eid)  # a country named as an actor: its CAMEO code is its ISO-3 code
        if place is not None and place.precision == "country" and place.country:
            return iso3(place.country) or ""
        return ""

    def side(ev: dict[str, Any], roles: tuple[str, ...], on: str | None) -> tuple[str, str, str]:
        ids = list(dict.fromkeys(r["entity_id"] for r in ev["roles"]
                                 if r["role"] in roles and r["entity_id"] in names))
        if not ids:  # a described actor ("gunmen") still says who, without an id
            texts = list(dict.fromkeys(r["text"] for r in ev["roles"] if r["role"] in roles))
            return " | ".join(texts), "", ""
        return (" | ".join(names[i][0] for i in ids), " | ".join(str(i) for i in ids),
                " | ".join(codes(i, on) for i in ids))

    Path(path).parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with Path(path).open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=PLOVER_COLUMNS)
        w.writeheader()
        for ev in events:
            date = (ev["date"] or {}).get("value")
            on = period_start(date)
            actor, actor_id, actor_cameo = side(ev, SOURCE_ROLES, on)
            recipient, recipient_id, recipient_cameo = side(ev, _RECIPIENT_ROLES, on)
            loc = ev["location"]
            place = where.get(loc) if loc is not None else None
            sources = [arts[a] for a in ev["articles"] if a in arts]
            w.writerow({
                "event_id": ev["id"], "event_date": date or "", "date_precision": (ev["date"] or {}).get("precision", ""),
                "actor": actor, "actor_id": actor_id, "actor_cameo": actor_cameo,
                "recipient": recipient, "recipient_id": recipient_id, "recipient_cameo": recipient_cameo,
                "event_type": ev["type"], "mode": ev["subtype"],
                "location": names[loc][0] if loc in names else "", "location_id": "" if loc is None else loc,
                "latitude": place.lat if place else "", "longitude": place.lon if place else "",
                "geo_precision": place.precision if place else "",
                "source": " | ".join(dict.fromkeys(s.publisher or "" for s in sources)),
                "source_date": min(filter(None, (s.date for s in sources)), default=""),
                "modality": ev["modality"], "polarity": ev["polarity"], "attributed_to": ev["attributed_to"] or "",
                "killed": "" if ev["killed"] is None else ev["killed"],
                "injured": "" if ev["injured"] is None else ev["injured"],
                "articles": " | ".join(ev["articles"]),
                "evidence": _short(ev["evidence"][0]["text"], 1000) if ev["evidence"] else "",
            })
            n += 1
    return n


def export(store: Store, format: str, out: str | Path) -> dict[str, int]:
    """Write ``format`` to ``out`` (a directory for jsonl, neo4j and parquet; a file otherwise)."""
    from ..errors import InputError

    if format == "jsonl":
        return export_jsonl(store, out)
    if format == "graphml":
        return export_graphml(store, out)
    if format == "gexf":
        return export_gexf(store, out)
    if format == "neo4j":
        return export_neo4j(store, out)
    if format == "parquet":
        return export_parquet(store, out)
    if format == "plover":
        return {"events": export_plover(store, out)}
    raise InputError(f"unknown export format {format!r}; available: {', '.join(EXPORT_FORMATS)}")
