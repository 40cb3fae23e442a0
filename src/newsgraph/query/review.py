"""Analyst review with memory: merge, split, rename, retype, reject and confirm, and undo.

A decision is stored apart from the extracted data (table ``decisions``: who, when, why) and is
re-applied by :func:`reapply` after every ingest, so a correction is made once and survives
``ingest --replace`` and pipeline upgrades.  Integer entity ids and fact ids ("rel3") are not
stable across re-ingests, so decisions keep *stable references*:

- an entity is its canonical name, type, KB id, alias names and the spans of its mentions
  ``(article_id, start, end)``; it is found again by the mentions now at those spans (overlap,
  so a slightly moved span after a pipeline upgrade still counts), then by KB id, then by
  name and type;
- a claim is its kind, article, type, evidence or trigger span and argument names; it is found
  again among the current claims of the same article (see :func:`_claim_matches`).

Rejections and confirmations change no extracted row: :func:`claim_status` computes, for the
claims stored now, which are rejected or confirmed, so :mod:`newsgraph.query.facts` can skip the
rejected ones.  Entity decisions do change rows (mentions, aliases, keys, links, roles and
relation arguments move), and record what they moved so :func:`undo` can put it back.
"""

from __future__ import annotations

import getpass
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..errors import NewsgraphError, NotFoundError, echo
from ..extract import resolve
from ..records import ENTITY_TYPES
from ..store import Store, row_id
from ..store.decisions import DecisionRecord
from .facts import positional, resolve_fact_id

# ``target``/``payload`` are JSON; ``undone`` is 1 once an ``undo`` decision reverted the row.


ENTITY_ACTIONS = ("merge", "split", "rename", "retype")
CLAIM_ACTIONS = ("reject", "confirm")
ACTIONS = (*ENTITY_ACTIONS, *CLAIM_ACTIONS, "undo")

_SPAN = re.compile(r"^(?P<article>[^:\s]+):(?P<start>\d+)-(?P<end>\d+)$")
_CLAIM_ID = re.compile(r"^(?P<article>[^:\s]+):(?P<kind>[re])(?P<idx>\d+)$")

# The columns that point at an entity from a claim, grouped by how a moved mention carries them.
_POINTERS = (
    ("relations", "subject_entity", "id"),
    ("relations", "object_entity", "id"),
    ("relations", "attributed_entity", "id"),
    ("events", "location_entity", "id"),
    ("events", "attributed_entity", "id"),
    ("quotes", "speaker_entity", "id"),
)


@dataclass(frozen=True)
class Decision:
    """One stored review decision."""

    id: int
    action: str
    target: dict[str, Any]
    payload: dict[str, Any]
    by: str
    why: str | None
    at: str
    undone: bool

    @property
    def summary(self) -> str:
        """One line saying what the decision does."""
        t, p = self.target, self.payload
        if self.action == "merge":
            return f"merge {_label(t['gone'])} into {_label(t['keep'])}"
        if self.action == "split":
            return (f"split {len(t['mentions'])} mention(s) of {_label(t['entity'])} "
                    f"into {p['name']!r} ({p['type']})")
        if self.action == "rename":
            return f"rename {_label(t['entity'])} to {p['name']!r}"
        if self.action == "retype":
            return f"retype {_label(t['entity'])} to {p['type']}"
        if self.action in CLAIM_ACTIONS:
            what = t.get("fact") or ", ".join(c["id"] for c in t["claims"])
            return f"{self.action} {what}: {t.get('summary', '')}".rstrip(": ")
        if self.action == "undo":
            return f"undo #{t['decision']} ({t.get('summary', '')})"
        return self.action

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "action": self.action, "summary": self.summary, "by": self.by, "why": self.why,
                "at": self.at, "undone": self.undone, "target": self.target, "payload": self.payload}


def _label(ref: dict[str, Any]) -> str:
    return f"{ref['name']!r} ({ref['type']})"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def default_user() -> str:
    """Who decides when ``by`` is not given: $USER, else the login name."""
    try:
        return os.environ.get("USER") or getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


# Adding a name an entity already has is a no-op.
ALIAS_ONCE = "INSERT INTO aliases (entity_id, alias) VALUES (?, ?) ON CONFLICT DO NOTHING"


# -- schema --------------------------------------------------------------------------------------
def _record(store: Store, action: str, target: dict[str, Any], payload: dict[str, Any],
            by: str | None, why: str | None) -> Decision:
    d = store.add_decision(action, target, payload, by or default_user(), why, _now())
    if action in CLAIM_ACTIONS:  # the claims' status changes: their facts follow
        store.touch(articles={k["article_id"] for k in target["claims"]})
    return _decision(d)


def _decision(d: DecisionRecord) -> Decision:
    return Decision(d.id, d.action, d.target, d.payload, d.by, d.why, d.at, d.undone)


def decisions(store: Store, *, include_undone: bool = True) -> list[Decision]:
    """Every decision, oldest first (undo decisions included, for the audit trail)."""
    return [_decision(d) for d in store.decisions(include_undone=include_undone)]


# -- entity references ---------------------------------------------------------------------------
def _entity_id(store: Store, name: str | int) -> int:
    return store.entity_id(name)


def entity_ref(store: Store, eid: int) -> dict[str, Any]:
    """The stable reference of a stored entity: name, type, KB id, aliases and mention spans."""
    row = store.conn.execute("SELECT * FROM entities WHERE id = ?", (eid,)).fetchone()
    if row is None:
        raise NotFoundError(f"no entity with id {eid}")
    aliases = [r[0] for r in store.conn.execute("SELECT alias FROM aliases WHERE entity_id = ? ORDER BY alias",
                                                (eid,))]
    spans = [[r[0], r[1], r[2]] for r in store.conn.execute(
        'SELECT article_id, start, "end" FROM mentions WHERE entity_id = ? ORDER BY article_id, start', (eid,))]
    return {"id": eid, "name": row["name"], "type": row["type"], "kb_id": row["kb_id"],
            "ambiguous": bool(row["ambiguous"]), "aliases": aliases, "mentions": spans}


def _mentions_at(store: Store, spans: Iterable[Sequence[Any]]) -> list[Any]:
    """Current mention rows overlapping any of ``spans`` (article_id, start, end)."""
    by_article: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for article, start, end in spans:
        by_article[article].append((int(start), int(end)))
    found = []
    for article, wanted in by_article.items():
        for m in store.conn.execute(
                'SELECT id, article_id, entity_id, local_idx, start, "end", text FROM mentions WHERE article_id = ?',
                (article,)):
            if any(m["start"] < e and m["end"] > s for s, e in wanted):
                found.append(m)
    return found


def _holders(store: Store, spans: Iterable[Sequence[Any]]) -> Counter[int]:
    return Counter(m["entity_id"] for m in _mentions_at(store, spans))


def _by_name(store: Store, ref: dict[str, Any]) -> list[int]:
    """Entities now carrying the reference's KB id, else its canonical name and type."""
    if ref.get("kb_id"):
        rows = store.query("SELECT id FROM entities WHERE kb_id = ? ORDER BY id", (ref["kb_id"],))
        if rows:
            return [r[0] for r in rows]
    return [r[0] for r in store.query("SELECT id FROM entities WHERE LOWER(name) = LOWER(?) AND type = ? "
                                      "ORDER BY id", (ref["name"], ref["type"]))]


def resolve_ref(store: Store, ref: dict[str, Any], *, exclude: Iterable[int] = ()) -> int | None:
    """The entity a stored reference names now: the one holding most of its mention spans,
    else the one with its KB id or its name and type; None when it is gone."""
    skip = set(exclude)
    holders = Counter({k: v for k, v in _holders(store, ref.get("mentions", [])).items() if k not in skip})
    if holders:
        return max(holders, key=lambda k: (holders[k], -k))
    named = [i for i in _by_name(store, ref) if i not in skip]
    return named[0] if named else None


# -- moving mentions between entities ------------------------------------------------------------
def _rekey(store: Store, eid: int) -> None:
    """Rebuild an entity's blocking keys from its name and aliases, so later ingests link to it."""
    row = store.conn.execute("SELECT name, type FROM entities WHERE id = ?", (eid,)).fetchone()
    if row is None:
        return
    names = {row["name"], *(r[0] for r in store.conn.execute("SELECT alias FROM aliases WHERE entity_id = ?",
                                                                 (eid,)))}
    keys: set[str] = set()
    for n in names:
        keys |= resolve.blocking_keys(n, row["type"])
    store.touch(rekey=[eid])  # a new name or type: a new key in fact ids
    store.conn.execute("DELETE FROM entity_keys WHERE entity_id = ?", (eid,))
    store.conn.executemany("INSERT INTO entity_keys (key, entity_id) VALUES (?, ?) "
                           "ON CONFLICT DO NOTHING",
                           [(k, eid) for k in sorted(keys)])


def _create_entity(store: Store, name: str, type_: str, kb_id: str | None = None) -> int:
    eid = int(store.conn.execute(
        "INSERT INTO entities (name, type, kb_id, ambiguous, created_at) VALUES (?, ?, ?, 0, ?) RETURNING id",
        (name, type_, kb_id, _now())).fetchone()[0])
    store.conn.execute(ALIAS_ONCE, (eid, name))
    return eid


def _merge_all(store: Store, keep: int, gone: int) -> dict[str, Any]:
    """Move everything of ``gone`` to ``keep`` and delete ``gone``; returns what moved (for undo)."""
    c = store.conn
    store.touch(entities=[keep, gone])
    gone_row = c.execute("SELECT * FROM entities WHERE id = ?", (gone,)).fetchone()
    keep_row = c.execute("SELECT * FROM entities WHERE id = ?", (keep,)).fetchone()
    keep_aliases = {r[0] for r in c.execute("SELECT alias FROM aliases WHERE entity_id = ?", (keep,))}
    gone_aliases = [r[0] for r in c.execute("SELECT alias FROM aliases WHERE entity_id = ? ORDER BY alias", (gone,))]
    moved: dict[str, Any] = {
        "gone": {"name": gone_row["name"], "type": gone_row["type"], "kb_id": gone_row["kb_id"],
                 "ambiguous": bool(gone_row["ambiguous"]), "aliases": gone_aliases},
        "mentions": [[r[0], r[1], r[2]] for r in c.execute(
            'SELECT article_id, start, "end" FROM mentions WHERE entity_id = ? ORDER BY article_id, start', (gone,))],
        "links": [[r[0], r[1]] for r in c.execute("SELECT article_id, local_idx FROM links WHERE entity_id = ?",
                                                  (gone,))],
        "roles": [[r[0], r[1], r[2], r[3]] for r in c.execute(
            'SELECT event_id, role, start, "end" FROM event_roles WHERE entity_id = ?', (gone,))],
        "pointers": {f"{t}.{col}": [r[0] for r in c.execute(f"SELECT {key} FROM {t} WHERE {col} = ?", (gone,))]
                     for t, col, key in _POINTERS},
        "added_aliases": sorted(set(gone_aliases) - keep_aliases),
        "took_kb_id": bool(gone_row["kb_id"] and not keep_row["kb_id"]),
    }
    c.execute("UPDATE mentions SET entity_id = ? WHERE entity_id = ?", (keep, gone))
    c.execute("UPDATE links SET entity_id = ? WHERE entity_id = ?", (keep, gone))
    c.execute("UPDATE event_roles SET entity_id = ? WHERE entity_id = ?", (keep, gone))
    for t, col, _ in _POINTERS:
        c.execute(f"UPDATE {t} SET {col} = ? WHERE {col} = ?", (keep, gone))
    c.executemany(ALIAS_ONCE, [(keep, a) for a in gone_aliases])
    if moved["took_kb_id"]:
        c.execute("UPDATE entities SET kb_id = ? WHERE id = ?", (gone_row["kb_id"], keep))
    c.execute("DELETE FROM entities WHERE id = ?", (gone,))  # aliases and keys cascade
    _rekey(store, keep)
    return moved


def _move_mentions(store: Store, src: int, dst: int, spans: Sequence[Sequence[Any]],
                   recorded: dict[str, Any] | None = None) -> int:
    """Move the mentions of ``src`` at ``spans`` to ``dst``, with what hangs on them.

    Roles move when their span overlaps a moved mention; links, relation arguments, event places,
    attributions and quote speakers move in articles where ``src`` keeps no mention (claims point
    at an article's local entities, so there they can only mean the moved ones), and wherever
    ``recorded`` (what a merge moved) lists them.  Returns the number of mentions moved.
    """
    c = store.conn
    moving = [m for m in _mentions_at(store, spans) if m["entity_id"] == src]
    if not moving:
        return 0
    ids = [m["id"] for m in moving]
    store.touch(entities=[src, dst])
    c.executemany("UPDATE mentions SET entity_id = ? WHERE id = ?", [(dst, i) for i in ids])
    moved_spans = defaultdict(list)
    for m in moving:
        moved_spans[m["article_id"]].append((m["start"], m["end"]))
    for article, ranges in moved_spans.items():
        for r in c.execute('SELECT event_id, role, start, "end" FROM event_roles WHERE entity_id = ? '
                           "AND event_id IN (SELECT id FROM events WHERE article_id = ?)", (src, article)).fetchall():
            if any(r["start"] < e and r["end"] > s for s, e in ranges):  # a role has no row id of its own
                c.execute('UPDATE event_roles SET entity_id = ? WHERE event_id = ? AND role = ? AND start = ? '
                          'AND "end" = ? AND entity_id = ?', (dst, r["event_id"], r["role"], r["start"], r["end"], src))
        remaining = {r[0] for r in c.execute("SELECT local_idx FROM mentions WHERE entity_id = ? AND article_id = ?",
                                             (src, article))}
        if not remaining:
            for t, col, _ in _POINTERS:
                c.execute(f"UPDATE {t} SET {col} = ? WHERE {col} = ? AND article_id = ?", (dst, src, article))
            c.execute("UPDATE event_roles SET entity_id = ? WHERE entity_id = ? AND event_id IN "
                      "(SELECT id FROM events WHERE article_id = ?)", (dst, src, article))
        for local_idx in {m["local_idx"] for m in moving if m["article_id"] == article} - remaining:
            c.execute("UPDATE links SET entity_id = ? WHERE article_id = ? AND local_idx = ? AND entity_id = ?",
                      (dst, article, local_idx, src))
    if recorded:
        for t, col, key in _POINTERS:
            for rid in recorded["pointers"].get(f"{t}.{col}", []):
                c.execute(f"UPDATE {t} SET {col} = ? WHERE {key} = ? AND {col} = ?", (dst, rid, src))
        for event_id, role, start, end in recorded["roles"]:
            c.execute('UPDATE event_roles SET entity_id = ? WHERE event_id = ? AND role = ? AND start = ? '
                      'AND "end" = ? AND entity_id = ?', (dst, event_id, role, start, end, src))
        for article, local_idx in recorded["links"]:
            c.execute("UPDATE links SET entity_id = ? WHERE article_id = ? AND local_idx = ? AND entity_id = ?",
                      (dst, article, local_idx, src))
    # Names travel with their mentions: the source keeps only names its remaining mentions use.
    src_name = c.execute("SELECT name FROM entities WHERE id = ?", (src,)).fetchone()[0]
    kept_texts = {r[0] for r in c.execute("SELECT DISTINCT text FROM mentions WHERE entity_id = ?", (src,))}
    moved_texts = {m["text"] for m in moving}
    c.executemany(ALIAS_ONCE, [(dst, t) for t in moved_texts])
    drop = (moved_texts | set((recorded or {}).get("added_aliases", []))) - kept_texts - {src_name}
    c.executemany("DELETE FROM aliases WHERE entity_id = ? AND alias = ?", [(src, a) for a in sorted(drop)])
    if c.execute("SELECT 1 FROM mentions WHERE entity_id = ? LIMIT 1", (src,)).fetchone() is None:
        _merge_all(store, dst, src)  # nothing left: whatever still points at it belongs to dst
    else:
        _rekey(store, src)
    _rekey(store, dst)
    return len(ids)


# -- applying entity decisions -------------------------------------------------------------------
def _apply_merge(store: Store, target: dict[str, Any], payload: dict[str, Any]) -> str:
    keep = resolve_ref(store, target["keep"])
    if keep is None:
        return "skipped: the entity to keep is no longer in the store"
    gone_ref = target["gone"]
    done = 0
    for holder in _holders(store, gone_ref["mentions"]):
        if holder == keep:
            continue
        holder_spans = store.query('SELECT article_id, start, "end" FROM mentions WHERE entity_id = ?', (holder,))
        wanted = _mentions_at(store, gone_ref["mentions"])
        if len([m for m in wanted if m["entity_id"] == holder]) == len(holder_spans):
            _merge_all(store, keep, holder)  # all of it was the merged entity
        else:  # the resolver put the merged mentions into a bigger entity: move only those
            _move_mentions(store, holder, keep, gone_ref["mentions"])
        done += 1
    # Entities made later under the merged name (new articles) land in the kept one too; the
    # alias keys usually see to that at link time, this catches what the resolver refused.
    for eid in _same_name(store, gone_ref):
        if eid != keep:
            _merge_all(store, keep, eid)
            done += 1
    return "applied" if done else "in effect"


def _same_name(store: Store, ref: dict[str, Any]) -> list[int]:
    """Unambiguous entities with exactly the reference's canonical name and type; a lone
    person name ("Mehsud") is never enough."""
    if ref["type"] == "PERSON" and len(ref["name"].split()) < 2:
        return []
    return [r[0] for r in store.query("SELECT id FROM entities WHERE LOWER(name) = LOWER(?) AND type = ? "
                                      "AND ambiguous = 0 ORDER BY id", (ref["name"], ref["type"]))]


def _apply_split(store: Store, target: dict[str, Any], payload: dict[str, Any]) -> str:
    moved = target["mentions"]
    moved_keys = {(a, s, e) for a, s, e in moved}
    rest = [span for span in target["entity"]["mentions"] if tuple(span) not in moved_keys]
    rest_ids = set(_holders(store, rest))
    holders = _holders(store, moved)
    if not holders:
        return "skipped: the split mentions are no longer in the store"
    tangled = [h for h in holders if h in rest_ids]
    if not tangled:
        return "in effect"
    free = [h for h in holders if h not in rest_ids]
    dst = max(free, key=lambda k: holders[k]) if free else _create_entity(store, payload["name"], payload["type"])
    for h in tangled:
        _move_mentions(store, h, dst, moved)
        # A re-ingest may have linked the rest to the split-off entity's name (its alias keys
        # matched): the rest takes back the name it had when the analyst split it.
        row = store.conn.execute("SELECT name FROM entities WHERE id = ?", (h,)).fetchone()
        if row and row[0] == payload["name"] != target["entity"]["name"]:
            store.conn.execute("UPDATE entities SET name = ? WHERE id = ?", (target["entity"]["name"], h))
            store.conn.execute(ALIAS_ONCE,
                               (h, target["entity"]["name"]))
            _rekey(store, h)
    return "applied"


def _apply_rename(store: Store, target: dict[str, Any], payload: dict[str, Any]) -> str:
    eid = resolve_ref(store, target["entity"])
    if eid is None:
        return "skipped: the entity is no longer in the store"
    row = store.conn.execute("SELECT name FROM entities WHERE id = ?", (eid,)).fetchone()
    if row["name"] == payload["name"]:
        return "in effect"
    store.conn.execute("UPDATE entities SET name = ? WHERE id = ?", (payload["name"], eid))
    store.conn.execute(ALIAS_ONCE, (eid, payload["name"]))
    _rekey(store, eid)
    return "applied"


def _apply_retype(store: Store, target: dict[str, Any], payload: dict[str, Any]) -> str:
    eid = resolve_ref(store, target["entity"])
    if eid is None:
        return "skipped: the entity is no longer in the store"
    row = store.conn.execute("SELECT type FROM entities WHERE id = ?", (eid,)).fetchone()
    if row["type"] == payload["type"]:
        return "in effect"
    store.touch(entities=[eid])  # a death counts for people only
    store.conn.execute("UPDATE entities SET type = ? WHERE id = ?", (payload["type"], eid))
    _rekey(store, eid)  # people are also filed under their surname
    return "applied"


_APPLY = {"merge": _apply_merge, "split": _apply_split, "rename": _apply_rename, "retype": _apply_retype}


def reapply(store: Store) -> list[tuple[int, str]]:
    """Re-apply every active entity decision, oldest first, in one transaction.

    Call after every ingest (``ingest --replace`` re-creates mentions and may create new entity
    ids).  Idempotent: a decision already in effect changes nothing.  Returns (decision id,
    outcome) pairs.  Rejections and confirmations need no replay: :func:`claim_status` matches
    them against the current claims each time it is asked.
    """
    outcomes = []
    with store.transaction():
        for d in decisions(store, include_undone=False):
            if d.action in _APPLY:
                outcomes.append((d.id, _APPLY[d.action](store, d.target, d.payload)))
    return outcomes


# -- entity commands -----------------------------------------------------------------------------
def merge(store: Store, keep: str | int, gone: str | int, *, by: str | None = None,
          why: str | None = None) -> Decision:
    """Merge entity ``gone`` into ``keep``: its mentions, aliases, keys, links, roles and relation
    arguments move to ``keep`` and ``gone`` is deleted.  Later ingests of its names land in ``keep``."""
    a, b = _entity_id(store, keep), _entity_id(store, gone)
    if a == b:
        raise NewsgraphError(f"{keep!r} and {gone!r} are already one entity (id {a})")
    with store.transaction():
        target = {"keep": entity_ref(store, a), "gone": entity_ref(store, b)}
        payload = _merge_all(store, a, b)
        return _record(store, "merge", target, payload, by, why)


def parse_mentions(store: Store, items: Iterable[str | int]) -> list[list[Any]]:
    """Mention ids or ``article_id:start-end`` spans (comma lists allowed) as sorted spans."""
    spans: list[list[Any]] = []
    for item in items:
        for part in str(item).split(","):
            part = part.strip()
            if not part:
                continue
            m = _SPAN.match(part)
            if m:
                spans.append([m["article"], int(m["start"]), int(m["end"])])
                continue
            mid = row_id(part, "mention")
            if mid is None:
                raise NewsgraphError(f"mention {echo(part)}: give a mention id or ARTICLE_ID:START-END")
            row = store.conn.execute('SELECT article_id, start, "end" FROM mentions WHERE id = ?',
                                     (mid,)).fetchone()
            if row is None:
                raise NotFoundError(f"no mention with id {part}; see `newsgraph show ENTITY --json`")
            spans.append([row[0], row[1], row[2]])
    return sorted(spans)


def split(store: Store, entity: str | int, mentions: Iterable[str | int], *, name: str | None = None,
          type: str | None = None, by: str | None = None, why: str | None = None) -> Decision:  # noqa: A002
    """Move the given mentions of ``entity`` to a new entity (named ``name``, else after the
    longest moved mention), with their roles and, where unambiguous, the claims that hang on them."""
    eid = _entity_id(store, entity)
    with store.transaction():
        ref = entity_ref(store, eid)
        spans = parse_mentions(store, mentions)
        rows = [m for m in _mentions_at(store, spans) if m["entity_id"] == eid]
        if not rows:
            raise NotFoundError(f"none of those mentions belongs to {ref['name']!r} (id {eid})")
        if len(rows) == len(ref["mentions"]):
            raise NewsgraphError(f"that is every mention of {ref['name']!r}; use `rename` or `retype` instead")
        exact = sorted([m["article_id"], m["start"], m["end"]] for m in rows)
        new_name = name or max((m["text"] for m in rows), key=len)
        new_type = _check_type(type) if type else ref["type"]
        new = _create_entity(store, new_name, new_type)
        _move_mentions(store, eid, new, exact)
        return _record(store, "split", {"entity": ref, "mentions": exact},
                       {"name": new_name, "type": new_type, "new_id": new}, by, why)


def rename(store: Store, entity: str | int, name: str, *, by: str | None = None,
           why: str | None = None) -> Decision:
    """Set an entity's canonical name (kept as an alias too, so it can be looked up)."""
    name = " ".join(name.split())
    if not name:
        raise NewsgraphError("the new name is empty")
    eid = _entity_id(store, entity)
    with store.transaction():
        ref = entity_ref(store, eid)
        had_alias = name in ref["aliases"]
        _apply_rename(store, {"entity": ref}, {"name": name})
        return _record(store, "rename", {"entity": ref}, {"name": name, "old_name": ref["name"],
                                                          "had_alias": had_alias}, by, why)


def _check_type(type_: str) -> str:
    t = type_.strip().upper()
    if t not in ENTITY_TYPES:
        raise NewsgraphError(f"unknown entity type {type_!r}; use one of {', '.join(ENTITY_TYPES)}")
    return t


def retype(store: Store, entity: str | int, type: str, *, by: str | None = None,  # noqa: A002
           why: str | None = None) -> Decision:
    """Set an entity's type (one of ``records.ENTITY_TYPES``)."""
    t = _check_type(type)
    eid = _entity_id(store, entity)
    with store.transaction():
        ref = entity_ref(store, eid)
        _apply_retype(store, {"entity": ref}, {"type": t})
        return _record(store, "retype", {"entity": ref}, {"type": t, "old_type": ref["type"]}, by, why)


# -- claims: reject and confirm ------------------------------------------------------------------
def _claim_key(store: Store, claim_id: str) -> dict[str, Any]:
    """The stable content key of one stored relation or event claim."""
    m = _CLAIM_ID.match(claim_id)
    if not m:
        raise NewsgraphError(f"{claim_id!r} is not a claim id (ARTICLE_ID:rN or ARTICLE_ID:eN) or fact id "
                             "(ev-…, rel-…, or relN, evN as listed)")
    key = store.claim_key(claim_id, m["kind"])
    if key is None:
        raise NotFoundError(f"no {'event' if m['kind'] == 'e' else 'relation'} claim {claim_id!r}")
    return key


def claim_status(store: Store) -> dict[str, str]:
    """``{claim id: "rejected" | "confirmed"}`` for the claims stored now; the later decision
    wins.  The store keeps it current (matched again whenever claims or entities change)."""
    return store.stored_claim_status()


def rejected_claims(store: Store) -> set[str]:
    """Ids of the claims stored now that an analyst rejected; facts and the graph skip them."""
    return {c for c, s in claim_status(store).items() if s == "rejected"}


def confirmed_claims(store: Store) -> set[str]:
    """Ids of the claims stored now that an analyst confirmed."""
    return {c for c, s in claim_status(store).items() if s == "confirmed"}


def _resolve_fact(store: Store, fact: str) -> tuple[str | None, list[str]]:
    """A fact id (``ev-…``, ``rel-…``, or ``relN``/``evN`` as listed now) or claim ids (comma
    list) -> (stable fact id, claim ids)."""
    fact = fact.strip()
    if fact.startswith(("ev-", "rel-")) or positional(fact):
        fid = resolve_fact_id(store, fact)
        if fid is None:
            raise NotFoundError(f"no fact {fact!r}; list them with `newsgraph claims --json`")
        return fid, store.fact_claims(fid)
    claims = [c.strip() for c in fact.split(",") if c.strip()]
    if not claims:
        raise NewsgraphError("give a fact id (ev-…, rel-…, relN, evN) or claim ids (ARTICLE_ID:rN, ARTICLE_ID:eN)")
    return None, claims


def _judge(store: Store, action: str, fact: str, by: str | None, why: str | None) -> Decision:
    fact_id, claim_ids = _resolve_fact(store, fact)
    keys = [_claim_key(store, c) for c in claim_ids]
    first = keys[0]
    obj = first.get("object", {})
    summary = (f"{first['subject']} {first['type']} {obj.get('name') or obj.get('text')}"
               if first["kind"] == "relation" else f"{first['type']}/{first['subtype']} {first['text']!r}")
    with store.transaction():
        return _record(store, action, {"fact": fact_id, "claims": keys, "summary": summary}, {}, by, why)


def reject(store: Store, fact: str, *, by: str | None = None, why: str | None = None) -> Decision:
    """Reject a fact (all its supporting claims) or the given claims; they leave facts and graph."""
    return _judge(store, "reject", fact, by, why)


def confirm(store: Store, fact: str, *, by: str | None = None, why: str | None = None) -> Decision:
    """Confirm a fact or claims: an analyst vouches for them (overrides an earlier rejection)."""
    return _judge(store, "confirm", fact, by, why)


# -- undo ----------------------------------------------------------------------------------------
def _revert(store: Store, d: Decision) -> None:
    """Put back what ``d`` changed in the extracted data (claim decisions changed nothing)."""
    c = store.conn
    if d.action == "merge":
        gone = d.payload["gone"]
        keep = resolve_ref(store, d.target["keep"]) or resolve_ref(store, d.target["gone"])
        if keep is None:
            return
        new = _create_entity(store, gone["name"], gone["type"], gone["kb_id"])
        c.execute("UPDATE entities SET ambiguous = ? WHERE id = ?", (int(gone["ambiguous"]), new))
        c.executemany(ALIAS_ONCE,
                      [(new, a) for a in gone["aliases"]])
        if d.payload["took_kb_id"]:
            store.touch(rekey=[keep])
            c.execute("UPDATE entities SET kb_id = NULL WHERE id = ?", (keep,))
        _move_mentions(store, keep, new, d.payload["mentions"], recorded=d.payload)
    elif d.action == "split":
        rest = [s for s in d.target["entity"]["mentions"] if s not in d.target["mentions"]]
        orig = resolve_ref(store, {**d.target["entity"], "mentions": rest})
        for holder in _holders(store, d.target["mentions"]):
            if orig is not None and holder != orig:
                _move_mentions(store, holder, orig, d.target["mentions"])
    elif d.action == "rename":
        eid = resolve_ref(store, d.target["entity"])
        if eid is not None:
            c.execute("UPDATE entities SET name = ? WHERE id = ?", (d.payload["old_name"], eid))
            if not d.payload["had_alias"]:
                c.execute("DELETE FROM aliases WHERE entity_id = ? AND alias = ?", (eid, d.payload["name"]))
            _rekey(store, eid)
    elif d.action == "retype":
        eid = resolve_ref(store, d.target["entity"])
        if eid is not None:
            store.touch(entities=[eid])
            c.execute("UPDATE entities SET type = ? WHERE id = ?", (d.payload["old_type"], eid))
            _rekey(store, eid)


def undo(store: Store, *, by: str | None = None, why: str | None = None) -> Decision:
    """Revert the latest decision not yet undone; returns it.  The undo is itself recorded."""
    with store.transaction():
        record = store.latest_undoable()
        if record is None:
            raise NotFoundError("no decision to undo")
        d = _decision(record)
        _revert(store, d)
        store.mark_undone(d.id)
        if d.action in CLAIM_ACTIONS:
            store.touch(articles={k["article_id"] for k in d.target["claims"]})
        _record(store, "undo", {"decision": d.id, "action": d.action, "summary": d.summary}, {}, by, why)
    return Decision(d.id, d.action, d.target, d.payload, d.by, d.why, d.at, True)
