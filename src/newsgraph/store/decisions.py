"""Analysts' decisions as the store keeps them, and the claims they reject or confirm.

A decision (table ``decisions``: action, JSON target and payload, who, when, why, undone) is
written by :mod:`newsgraph.query.review`.  A reject or confirm decision keeps *stable claim keys*
(kind, article, type, trigger or evidence span, argument names: :meth:`DecisionStore.claim_key`),
which :func:`claim_status` matches against the claims stored now -- so a decision holds across
re-ingests and re-analyses of its articles.  The status is materialised in ``claim_status`` and
kept current with the facts (:mod:`newsgraph.store.materialise`), which leave rejected claims out.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select, update

from ..extract.kb import norm
from . import schema as t

CLAIM_ACTIONS = ("reject", "confirm")


@dataclass(frozen=True)
class DecisionRecord:
    """One stored review decision."""

    id: int
    action: str
    target: dict[str, Any]
    payload: dict[str, Any]
    by: str
    why: str | None
    at: str
    undone: bool


def _record(row: Any) -> DecisionRecord:
    return DecisionRecord(row.id, row.action, json.loads(row.target), json.loads(row.payload), row.by, row.why,
                          row.at, bool(row.undone))


def decision_records(sa: Connection, *, include_undone: bool = True,
                     actions: Sequence[str] | None = None) -> list[DecisionRecord]:
    d = t.decisions.c
    query = select(d.id, d.action, d.target, d.payload, d.by, d.why, d.at, d.undone).order_by(d.id)
    if not include_undone:
        query = query.where(d.undone == 0)
    if actions is not None:
        query = query.where(d.action.in_(list(actions)))
    return [_record(r) for r in sa.execute(query)]


def names_of(sa: Connection, eid: int) -> set[str]:
    """An entity's canonical name and aliases, normalised (:func:`newsgraph.kb.norm`)."""
    name = sa.scalar(select(t.entities.c.name).where(t.entities.c.id == eid))
    aliases = {norm(a) for a in sa.scalars(select(t.aliases.c.alias).where(t.aliases.c.entity_id == eid))}
    return aliases | ({norm(name)} if name is not None else set())


def _overlap(a: Sequence[int] | None, b: Sequence[int] | None) -> bool:
    return bool(a and b and a[0] < b[1] and a[1] > b[0])


def current_claims(sa: Connection, article_ids: set[str]) -> list[dict[str, Any]]:
    """The claims stored now in these articles, as keys comparable with stored ones."""
    if not article_ids:
        return []
    ids = sorted(article_ids)
    e, r, v = t.events.c, t.relations.c, t.evidence.c
    out = []
    triggers = {}
    for row in sa.execute(select(e.id, e.article_id, e.type, e.subtype, e.trigger_start, e.trigger_end)
                          .where(e.article_id.in_(ids))):
        triggers[row.id] = [row.trigger_start, row.trigger_end]
        out.append({"kind": "event", "id": row.id, "article_id": row.article_id, "type": row.type,
                    "subtype": row.subtype, "span": [row.trigger_start, row.trigger_end]})
    spans = {row[0]: [row[1], row[2]] for row in sa.execute(
        select(v.claim_id, func.min(v.start), func.max(v.end))
        .where(v.claim_kind == "relation", v.article_id.in_(ids)).group_by(v.claim_id))}
    for row in sa.execute(select(r.id, r.article_id, r.type, r.subtype, r.polarity, r.subject_entity,
                                 r.object_entity, r.object_event).where(r.article_id.in_(ids))):
        out.append({"kind": "relation", "id": row.id, "article_id": row.article_id, "type": row.type,
                    "subtype": row.subtype, "polarity": bool(row.polarity), "span": spans.get(row.id),
                    "subject_entity": row.subject_entity, "object_entity": row.object_entity,
                    "object_event": triggers.get(row.object_event) if row.object_event else None})
    return out


def claim_matches(sa: Connection, key: dict[str, Any], claim: dict[str, Any], names: dict[int, set[str]]) -> bool:
    """Whether a current claim is the one a stored key describes: same article, kind and type,
    overlapping trigger/evidence span, and for relations the same polarity, subtype and
    arguments (by any name the argument entities now carry, so merges and renames keep it)."""
    if (claim["kind"], claim["article_id"], claim["type"]) != (key["kind"], key["article_id"], key["type"]):
        return False
    if claim["kind"] == "event":
        return _overlap(claim["span"], key["span"])
    if claim["subtype"] != key["subtype"] or claim["polarity"] != key["polarity"]:
        return False
    if key["span"] and not _overlap(claim["span"], key["span"]):
        return False

    def known(eid: int | None, recorded: list[str]) -> bool:
        if eid is None or not recorded:
            return eid is None and not recorded
        if eid not in names:
            names[eid] = names_of(sa, eid)
        return bool(names[eid] & set(recorded))

    if not known(claim["subject_entity"], key["subject_names"]):
        return False
    if "event" in key["object"]:
        return _overlap(claim["object_event"], key["object"]["event"])
    return known(claim["object_entity"], key["object"]["names"])


def claim_status(sa: Connection) -> dict[str, tuple[str, str]]:
    """``{claim id: (article id, "rejected" | "confirmed")}`` for the claims stored now; the
    later decision wins.  Computed from the decisions (what ``claim_status`` materialises)."""
    active = decision_records(sa, include_undone=False, actions=CLAIM_ACTIONS)
    if not active:
        return {}
    current = current_claims(sa, {k["article_id"] for d in active for k in d.target["claims"]})
    by_article: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for c in current:
        by_article[(c["kind"], c["article_id"])].append(c)
    names: dict[int, set[str]] = {}
    status: dict[str, tuple[str, str]] = {}
    for d in active:
        word = "rejected" if d.action == "reject" else "confirmed"
        for key in d.target["claims"]:
            for c in by_article[(key["kind"], key["article_id"])]:
                if claim_matches(sa, key, c, names):
                    status[c["id"]] = (c["article_id"], word)
    return status


class DecisionStore:
    """The decision methods of :class:`~newsgraph.store.Store` (a mixin)."""

    sa: Connection

    def has_table(self, name: str) -> bool:  # pragma: no cover - Reads provides it
        raise NotImplementedError

    def decisions(self, *, include_undone: bool = True) -> list[DecisionRecord]:
        """Every decision, oldest first; none when a read-only store predates the table."""
        if not self.has_table("decisions"):
            return []
        return decision_records(self.sa, include_undone=include_undone)

    def add_decision(self, action: str, target: dict[str, Any], payload: dict[str, Any], by: str,
                     why: str | None, at: str) -> DecisionRecord:
        """Record a decision (in the caller's transaction); claim decisions change the claim
        status, which the facts follow when the transaction ends."""
        d = t.decisions.c
        new_id = self.sa.execute(t.decisions.insert().returning(d.id), dict(
            action=action, target=json.dumps(target, ensure_ascii=False),
            payload=json.dumps(payload, ensure_ascii=False), by=by, why=why, at=at, undone=0)).scalar_one()
        return DecisionRecord(int(new_id), action, target, payload, by, why, at, False)

    def latest_undoable(self) -> DecisionRecord | None:
        """The latest decision not undone that is not itself an undo."""
        d = t.decisions.c
        row = self.sa.execute(select(d.id, d.action, d.target, d.payload, d.by, d.why, d.at, d.undone)
                              .where(d.undone == 0, d.action != "undo").order_by(d.id.desc()).limit(1)).first()
        return _record(row) if row is not None else None

    def mark_undone(self, decision_id: int) -> None:
        self.sa.execute(update(t.decisions).where(t.decisions.c.id == decision_id).values(undone=1))

    def stored_claim_status(self) -> dict[str, str]:
        """``{claim id: "rejected" | "confirmed"}`` as materialised (empty on a store without it)."""
        if not self.has_table("claim_status"):
            return {c: s for c, (_, s) in claim_status(self.sa).items()} if self.has_table("decisions") else {}
        s = t.claim_status.c
        return {c: st for c, st in self.sa.execute(select(s.claim_id, s.status))}

    def claim_key(self, claim_id: str, kind: str) -> dict[str, Any] | None:
        """The stable content key of one stored relation (``kind`` "r") or event ("e") claim;
        None when there is no such claim."""
        e = t.events.c
        if kind == "e":
            row = self.sa.execute(select(e.article_id, e.type, e.subtype, e.trigger_start, e.trigger_end,
                                         e.trigger_text).where(e.id == claim_id)).first()
            if row is None:
                return None
            return {"kind": "event", "id": claim_id, "article_id": row.article_id, "type": row.type,
                    "subtype": row.subtype, "span": [row.trigger_start, row.trigger_end], "text": row.trigger_text}
        r, v = t.relations.c, t.evidence.c
        rel = self.sa.execute(select(r.article_id, r.type, r.subtype, r.polarity, r.subject_entity,
                                     r.object_entity, r.object_event).where(r.id == claim_id)).first()
        if rel is None:
            return None
        lo, hi = self.sa.execute(select(func.min(v.start), func.max(v.end))
                                 .where(v.claim_kind == "relation", v.claim_id == claim_id)).one()

        def name(eid: int | None) -> str | None:
            return None if eid is None else self.sa.scalar(select(t.entities.c.name).where(t.entities.c.id == eid))

        obj: dict[str, Any]
        if rel.object_event:
            trig = self.sa.execute(select(e.trigger_start, e.trigger_end, e.trigger_text)
                                   .where(e.id == rel.object_event)).one()
            obj = {"event": [trig[0], trig[1]], "text": trig[2]}
        else:
            obj = {"name": name(rel.object_entity), "names": sorted(names_of(self.sa, rel.object_entity))}
        # Every name the arguments carry now, so the claim is found again before a merge is re-applied.
        return {"kind": "relation", "id": claim_id, "article_id": rel.article_id, "type": rel.type,
                "subtype": rel.subtype, "polarity": bool(rel.polarity),
                "span": [lo, hi] if lo is not None else None,
                "subject": name(rel.subject_entity), "subject_names": sorted(names_of(self.sa, rel.subject_entity)),
                "object": obj}
