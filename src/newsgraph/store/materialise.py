"""Keeping a store's facts current: event and relation facts (:mod:`newsgraph.store.facts`)
stored in their tables, recomputed only where a write touched them.

A write marks what it touched (:class:`Touched`): the articles it saved or deleted, the entities
whose rows or pointers it moved (a review merge, a dropped entity), and the entities whose name
or KB id may have changed (every entity an article links to).  When the write's transaction
ends, :func:`refresh` -- in that transaction -- brings the facts up to date:

1. claim status: the analysts' reject/confirm decisions are matched against the claims stored
   now (:func:`newsgraph.store.decisions.claim_status`); articles whose claims changed status
   count as touched;
2. entity keys: entities whose key in fact ids (:func:`~newsgraph.store.facts.entity_fact_key`)
   changed, and those sharing a key with them, count as touched entities;
3. events: the touched claims and those of the facts they were part of, closed under "shares a
   subtype family and an anchor (place, victim, target) or an article" -- a union of whole
   components of the merge rule, so aggregating them alone gives what a full rebuild gives --
   replace the facts they were part of;
4. relations: every fact of a touched subject is recomputed from that subject's claims; a subject
   is touched by its claims in touched articles, by touched entities on either end, by an event
   object recomputed in 3 (its id may have changed), by a death reported or withdrawn.

:func:`rebuild` computes everything from scratch (new stores, upgrades, and the test that the
incremental result equals it); :func:`compute` does the same in memory, for read-only stores
that predate the tables.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, delete, func, select

from . import facts as f
from . import schema as t
from .decisions import claim_status
from .reads import EventClaim, EvidenceRecord, RelationClaim, RoleRecord

BATCH = 500
_E, _R, _A = t.events.c, t.relations.c, t.articles.c


@dataclass
class Touched:
    """What writes touched since the facts were last brought up to date."""

    articles: set[str] = field(default_factory=set)
    entities: set[int] = field(default_factory=set)  # rows or pointers moved: every fact naming them
    rekey: set[int] = field(default_factory=set)  # may have a new name or KB id: facts only if their key changed

    def __bool__(self) -> bool:
        return bool(self.articles or self.entities or self.rekey)

    def add(self, other: Touched) -> None:
        self.articles |= other.articles
        self.entities |= other.entities
        self.rekey |= other.rekey

    def take(self) -> Touched:
        out = Touched(set(self.articles), set(self.entities), set(self.rekey))
        self.articles.clear()
        self.entities.clear()
        self.rekey.clear()
        return out

    def rows(self) -> list[dict[str, str]]:
        return ([{"kind": "article", "ref": a} for a in sorted(self.articles)]
                + [{"kind": "entity", "ref": str(e)} for e in sorted(self.entities)]
                + [{"kind": "rekey", "ref": str(e)} for e in sorted(self.rekey)])


def _chunks(items: Collection[Any]) -> Iterator[list[Any]]:
    ordered = sorted(items)
    for lo in range(0, len(ordered), BATCH):
        yield ordered[lo: lo + BATCH]


# -- reading claims ------------------------------------------------------------------------------
def _date() -> Any:
    return func.coalesce(_A.published, _A.published_from)


def _event_claims(sa: Connection, where: Any) -> list[EventClaim]:
    rows = sa.execute(select(
        _E.id, _E.article_id, _E.idx, _E.type, _E.subtype, _E.date_value, _E.date_precision, _E.location_entity,
        _E.killed, _E.injured, _E.modality, _E.polarity, _E.attributed_to, _date())
        .join(t.articles, _A.id == _E.article_id).where(where))
    return [EventClaim(x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], x[8], x[9], x[10], bool(x[11]), x[12], x[13])
            for x in rows]


def _relation_claims(sa: Connection, where: Any) -> list[RelationClaim]:
    rows = sa.execute(select(
        _R.id, _R.article_id, _R.idx, _R.type, _R.subtype, _R.subject_entity, _R.object_entity, _R.object_event,
        _R.polarity, _R.modality, _R.valid_from, _R.valid_to, _R.attributed_to, _R.retracted, _date())
        .join(t.articles, _A.id == _R.article_id).where(where))
    return [RelationClaim(x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], bool(x[8]), x[9], x[10], x[11], x[12],
                          bool(x[13]), x[14]) for x in rows]


def _in_chunks(sa: Connection, load: Any, column: Any, values: Collection[Any]) -> list[Any]:
    out: list[Any] = []
    for chunk in _chunks(values):
        out += load(sa, column.in_(chunk))
    return out


def _roles(sa: Connection, event_ids: Collection[str] | None) -> dict[str, list[RoleRecord]]:
    r = t.event_roles.c
    out: dict[str, list[RoleRecord]] = defaultdict(list)
    query = select(r.event_id, r.role, r.text, r.entity_id, r.start, r.end)
    if event_ids is None:
        for row in sa.execute(query):
            out[row[0]].append(RoleRecord(*row))
        return out
    for chunk in _chunks(event_ids):
        for row in sa.execute(query.where(r.event_id.in_(chunk))):
            out[row[0]].append(RoleRecord(*row))
    return out


def _evidence(sa: Connection, kind: str, claim_ids: Collection[str] | None) -> dict[str, list[EvidenceRecord]]:
    v = t.evidence.c
    out: dict[str, list[EvidenceRecord]] = defaultdict(list)
    query = select(v.claim_id, v.article_id, v.start, v.end, v.text, v.sentence).where(v.claim_kind == kind)
    chunks: Iterable[Any] = [None] if claim_ids is None else _chunks(claim_ids)
    for chunk in chunks:
        q = query if chunk is None else query.where(v.claim_id.in_(chunk))
        for row in sa.execute(q.order_by(v.claim_id, v.start)):
            out[row[0]].append(EvidenceRecord(*row))
    return out


def _order(claims: Iterable[Any]) -> list[Any]:
    return sorted(claims, key=lambda c: f.claim_order(c.published, c.article_id, c.idx))


# -- entity keys ---------------------------------------------------------------------------------
def _bases(sa: Connection, where: Any) -> dict[int, str]:
    n = t.entities.c
    return {eid: f.entity_fact_key(kb, etype, name)
            for eid, kb, etype, name in sa.execute(select(n.id, n.kb_id, n.type, n.name).where(where))}


def _update_keys(sa: Connection, check: Collection[int]) -> set[int]:
    """Bring ``entity_fact_keys`` up to date for ``check`` and every entity sharing a base key with
    one of them, before or now; returns the entities whose key changed (or that came or went)."""
    if not check:
        return set()
    k, n = t.entity_fact_keys.c, t.entities.c
    old_bases: set[str] = set()
    for chunk in _chunks(check):
        old_bases.update(sa.scalars(select(k.base).where(k.entity_id.in_(chunk))))
    now = {}
    for chunk in _chunks(check):
        now.update(_bases(sa, n.id.in_(chunk)))
    bases = old_bases | set(now.values())
    before: dict[int, str] = {}
    for chunk in _chunks(bases):
        before.update({a: b for a, b in sa.execute(select(k.entity_id, k.key).where(k.base.in_(chunk)))})
    kbs = sorted(b[3:] for b in bases if b.startswith("kb:"))
    names = sorted({b.split(":", 1)[1] for b in bases if not b.startswith("kb:")})
    sharing: dict[int, str] = {}
    for chunk in _chunks(kbs):
        sharing.update(_bases(sa, n.kb_id.in_(chunk)))
    for chunk in _chunks(names):
        sharing.update(_bases(sa, n.name.in_(chunk)))
    sharing = {eid: b for eid, b in sharing.items() if b in bases}
    after = f.rank_keys(sharing)
    changed = {eid for eid in set(before) | set(after) | set(check) if before.get(eid) != after.get(eid)}
    for chunk in _chunks(changed):
        sa.execute(delete(t.entity_fact_keys).where(k.entity_id.in_(chunk)))
    rows = [{"entity_id": eid, "base": sharing[eid], "key": after[eid]} for eid in sorted(changed) if eid in after]
    if rows:
        sa.execute(t.entity_fact_keys.insert(), rows)
    return changed


def _key_of(sa: Connection, ids: Collection[int]) -> dict[int, str]:
    k = t.entity_fact_keys.c
    out: dict[int, str] = {}
    for chunk in _chunks(ids):
        out.update({a: b for a, b in sa.execute(select(k.entity_id, k.key).where(k.entity_id.in_(chunk)))})
    missing = set(ids) - set(out)
    if missing:  # not keyed yet (never expected after a rebuild): key them now
        _update_keys(sa, missing)
        for chunk in _chunks(missing):
            out.update({a: b for a, b in sa.execute(select(k.entity_id, k.key).where(k.entity_id.in_(chunk)))})
    return out


# -- claim status --------------------------------------------------------------------------------
def _refresh_status(sa: Connection) -> set[str]:
    """Bring ``claim_status`` up to date; the articles whose claims changed status."""
    s = t.claim_status.c
    old = {c: (a, st) for c, a, st in sa.execute(select(s.claim_id, s.article_id, s.status))}
    new = claim_status(sa)
    if old == new:
        return set()
    changed = {c for c in set(old) | set(new) if old.get(c) != new.get(c)}
    for chunk in _chunks(changed):
        sa.execute(delete(t.claim_status).where(s.claim_id.in_(chunk)))
    rows = [{"claim_id": c, "article_id": new[c][0], "status": new[c][1]} for c in sorted(changed) if c in new]
    if rows:
        sa.execute(t.claim_status.insert(), rows)
    return {old[c][0] for c in changed if c in old} | {new[c][0] for c in changed if c in new}


def _rejected(sa: Connection) -> set[str]:
    s = t.claim_status.c
    return set(sa.scalars(select(s.claim_id).where(s.status == "rejected")))


# -- writing facts -------------------------------------------------------------------------------
def _event_row(x: f.EventFact) -> dict[str, Any]:
    return {"id": x.id, "seq": x.seq, "type": x.type, "subtype": x.subtype,
            "date_value": (x.date or {}).get("value"), "date_precision": (x.date or {}).get("precision"),
            "location_entity": x.location, "killed": x.killed, "injured": x.injured, "modality": x.modality,
            "polarity": int(x.polarity), "attributed_to": x.attributed_to, "published": x.published,
            "body": json.dumps({"claims": x.claims, "roles": x.roles, "evidence": x.evidence,
                                "articles": x.articles}, ensure_ascii=False)}


def _relation_row(x: f.RelationFact) -> dict[str, Any]:
    return {"id": x.id, "seq": x.seq, "type": x.type, "subtype": x.subtype, "subject_entity": x.subject,
            "object_entity": None if x.object_is_event else x.object,
            "object_event": x.object if x.object_is_event else None, "polarity": int(x.polarity),
            "modality": x.modality, "valid_from": x.valid_from, "valid_to": x.valid_to,
            "attributed_to": x.attributed_to, "retracted": int(x.retracted), "published": x.published,
            "body": json.dumps({"claims": x.claims, "evidence": x.evidence, "articles": x.articles},
                               ensure_ascii=False)}


def _claim_articles(facts: Iterable[Any]) -> Iterator[tuple[str, str]]:
    for x in facts:
        for c in x.claims:
            yield c, c.rpartition(":")[0]


def _write_events(sa: Connection, facts: Sequence[f.EventFact]) -> None:
    if not facts:
        return
    sa.execute(t.event_facts.insert(), [_event_row(x) for x in facts])
    sa.execute(t.fact_claims.insert(), [{"claim_id": c, "kind": "event", "fact_id": x.id, "article_id": a}
                                        for x in facts for c, a in _claim_articles([x])])
    links = {(x.id, e) for x in facts for e in
             ([x.location] if x.location is not None else []) + [r["entity_id"] for r in x.roles]
             if e is not None}
    if links:
        sa.execute(t.fact_entities.insert(), [{"fact_id": fid, "entity_id": e} for fid, e in sorted(links)])


def _write_relations(sa: Connection, facts: Sequence[f.RelationFact]) -> None:
    if not facts:
        return
    sa.execute(t.relation_facts.insert(), [_relation_row(x) for x in facts])
    sa.execute(t.fact_claims.insert(), [{"claim_id": c, "kind": "relation", "fact_id": x.id, "article_id": a}
                                        for x in facts for c, a in _claim_articles([x])])


def _delete_facts(sa: Connection, table: Any, fact_ids: Collection[str]) -> None:
    for chunk in _chunks(fact_ids):
        sa.execute(delete(table).where(table.c.id.in_(chunk)))
        sa.execute(delete(t.fact_claims).where(t.fact_claims.c.fact_id.in_(chunk)))
        sa.execute(delete(t.fact_entities).where(t.fact_entities.c.fact_id.in_(chunk)))


# -- computing -----------------------------------------------------------------------------------
def _deaths(sa: Connection, entity_ids: Collection[int] | None) -> dict[int, str]:
    e, r, n = _E, t.event_roles.c, t.entities.c
    query = (select(r.entity_id, e.date_value).select_from(t.events)
             .join(t.event_roles, r.event_id == e.id).join(t.entities, n.id == r.entity_id)
             .where(r.role == "victim", n.type == "PERSON", e.polarity == 1, e.date_value.is_not(None),
                    e.modality == "asserted", (e.killed >= 1) | e.subtype.in_(sorted(f.LETHAL_SUBTYPES))))
    if entity_ids is None:
        return f.deaths((eid, day) for eid, day in sa.execute(query))
    pairs: list[tuple[int, str]] = []
    for chunk in _chunks(entity_ids):
        pairs += [(eid, day) for eid, day in sa.execute(query.where(r.entity_id.in_(chunk)))]
    return f.deaths(pairs)


def _events_of(sa: Connection, claims: Sequence[EventClaim], rejected: set[str]) -> list[f.EventFact]:
    claims = _order(c for c in claims if c.id not in rejected)
    ids = [c.id for c in claims]
    roles = _roles(sa, ids)
    ents = {c.location_entity for c in claims if c.location_entity is not None}
    ents |= {r.entity_id for rs in roles.values() for r in rs if r.entity_id is not None}
    keys = _key_of(sa, ents)
    return f.aggregate_events(claims, roles, _evidence(sa, "event", ids), keys.__getitem__)


def _relations_of(sa: Connection, claims: Sequence[RelationClaim], rejected: set[str],
                  event_fact: dict[str, str]) -> list[f.RelationFact]:
    claims = _order(c for c in claims if c.id not in rejected)
    # a correction retracts the matching claims of its own article: read each article's retractions
    articles = {c.article_id for c in claims}
    retracted = [c for c in _in_chunks(sa, _relation_claims, _R.article_id, articles) if c.retracted]
    objects = {c.object_event for c in [*claims, *retracted] if c.object_event} - set(event_fact)
    fc = t.fact_claims.c
    for chunk in _chunks(objects):
        event_fact.update({a: b for a, b in sa.execute(select(fc.claim_id, fc.fact_id).where(fc.claim_id.in_(chunk)))})
    parties = {c.subject_entity for c in claims} | {c.object_entity for c in claims if c.object_entity is not None}
    keys = _key_of(sa, parties)
    return f.aggregate_relations(claims, _evidence(sa, "relation", [c.id for c in claims]), event_fact,
                                 f.corrected_pairs(retracted, event_fact), _deaths(sa, parties), keys.__getitem__)


def compute(sa: Connection, *, rejected: set[str] | None = None,
            keys: dict[int, str] | None = None) -> tuple[list[f.EventFact], list[f.RelationFact]]:
    """Every fact of the store, computed from its claims (nothing is written)."""
    if rejected is None:
        rejected = {c for c, (_, s) in claim_status(sa).items() if s == "rejected"}
    if keys is None:
        keys = f.rank_keys(_bases(sa, t.entities.c.id.is_not(None)))
    claims = _order(c for c in _event_claims(sa, _E.id.is_not(None)) if c.id not in rejected)
    events = f.aggregate_events(claims, _roles(sa, None), _evidence(sa, "event", None), keys.__getitem__)
    event_fact = {c: x.id for x in events for c in x.claims}
    rels = _order(c for c in _relation_claims(sa, _R.id.is_not(None)) if c.id not in rejected)
    retracted = [c for c in rels if c.retracted]
    relations = f.aggregate_relations(rels, _evidence(sa, "relation", None), event_fact,
                                      f.corrected_pairs(retracted, event_fact), _deaths(sa, None), keys.__getitem__)
    return events, relations


def rebuild(sa: Connection) -> None:
    """Recompute every fact, claim status and entity key, in the caller's transaction."""
    for table in (t.event_facts, t.relation_facts, t.fact_claims, t.fact_entities, t.entity_fact_keys,
                  t.claim_status, t.facts_pending):
        sa.execute(delete(table))
    status = claim_status(sa)
    if status:
        sa.execute(t.claim_status.insert(), [{"claim_id": c, "article_id": a, "status": s}
                                             for c, (a, s) in sorted(status.items())])
    bases = _bases(sa, t.entities.c.id.is_not(None))
    keys = f.rank_keys(bases)
    if keys:
        sa.execute(t.entity_fact_keys.insert(), [{"entity_id": e, "base": bases[e], "key": keys[e]}
                                                 for e in sorted(keys)])
    events, relations = compute(sa, rejected={c for c, (_, s) in status.items() if s == "rejected"}, keys=keys)
    _write_events(sa, events)
    _write_relations(sa, relations)


def _fact_ids(sa: Connection, kind: str, column: Any, values: Collection[Any]) -> set[str]:
    fc = t.fact_claims.c
    out: set[str] = set()
    for chunk in _chunks(values):
        out.update(sa.scalars(select(fc.fact_id).where(fc.kind == kind, column.in_(chunk))))
    return out


def _claims_of_facts(sa: Connection, fact_ids: Collection[str]) -> set[str]:
    fc = t.fact_claims.c
    out: set[str] = set()
    for chunk in _chunks(fact_ids):
        out.update(sa.scalars(select(fc.claim_id).where(fc.fact_id.in_(chunk))))
    return out


def _event_closure(sa: Connection, articles: set[str], entities: set[int],
                   rejected: set[str]) -> tuple[list[EventClaim], set[str]]:
    """The event claims to re-aggregate -- whole components of the merge rule -- and the stored
    facts they replace: the claims of touched articles, those naming touched entities and those
    of the facts either was part of, closed under sharing a (family, anchor) or a (family,
    article) and under "was in one stored fact with"."""
    r, fc, fe = t.event_roles.c, t.fact_claims.c, t.fact_entities.c
    old_facts = _fact_ids(sa, "event", fc.article_id, articles)
    for chunk in _chunks(entities):
        old_facts.update(sa.scalars(select(fe.fact_id).where(fe.entity_id.in_(chunk))))
    frontier = _claims_of_facts(sa, old_facts)
    for chunk in _chunks(articles):
        frontier.update(sa.scalars(select(_E.id).where(_E.article_id.in_(chunk))))
    for chunk in _chunks(entities):
        frontier.update(sa.scalars(select(_E.id).where(_E.location_entity.in_(chunk))))
        frontier.update(sa.scalars(select(r.event_id).where(r.entity_id.in_(chunk))))
    found: dict[str, EventClaim] = {}
    by_anchor: set[tuple[str, int]] = set()  # (family, anchor) and (family, article) followed
    by_article: set[tuple[str, str]] = set()
    while frontier:
        loaded = _in_chunks(sa, _event_claims, _E.id, frontier)
        roles = _roles(sa, [c.id for c in loaded])
        new_anchor: set[tuple[str, int]] = set()
        new_article: set[tuple[str, str]] = set()
        for c in loaded:
            found[c.id] = c
            if c.id in rejected:  # in no fact: links nothing
                continue
            fam = f.family(c.subtype)
            new_anchor |= {(fam, a) for a in f.anchors(c, roles.get(c.id, ()))} - by_anchor
            if (fam, c.article_id) not in by_article:
                new_article.add((fam, c.article_id))
        by_anchor |= new_anchor
        by_article |= new_article
        candidates: set[str] = set()
        for chunk in _chunks({a for _, a in new_anchor}):
            candidates.update(sa.scalars(select(_E.id).where(_E.location_entity.in_(chunk))))
            candidates.update(sa.scalars(select(r.event_id).where(
                r.entity_id.in_(chunk), r.role.in_(("victim", "target")))))
        for chunk in _chunks({a for _, a in new_article}):
            candidates.update(sa.scalars(select(_E.id).where(_E.article_id.in_(chunk))))
        candidates -= set(found) | rejected
        joined: set[str] = set()
        if candidates:
            loaded = _in_chunks(sa, _event_claims, _E.id, candidates)
            roles = _roles(sa, [c.id for c in loaded])
            for c in loaded:
                fam = f.family(c.subtype)
                if (fam, c.article_id) in by_article or any(
                        (fam, a) in by_anchor for a in f.anchors(c, roles.get(c.id, ()))):
                    joined.add(c.id)
        more = _fact_ids(sa, "event", fc.claim_id, joined) - old_facts
        old_facts |= more
        frontier = (joined | _claims_of_facts(sa, more)) - set(found)
    return list(found.values()), old_facts


def _subjects(sa: Connection, column: Any, values: Collection[Any]) -> set[int]:
    out: set[int] = set()
    for chunk in _chunks(values):
        out.update(sa.scalars(select(_R.subject_entity).where(column.in_(chunk))))
    return out


def refresh(sa: Connection, touched: Touched) -> None:
    """Bring the facts up to date after writes that touched ``touched``, in the caller's
    transaction (see the module's docstring for what is recomputed)."""
    s = t.facts_pending.c
    for kind, ref in sa.execute(select(s.kind, s.ref)):  # what a deferred refresh left
        if kind == "article":
            touched.articles.add(ref)
        else:
            (touched.entities if kind == "entity" else touched.rekey).add(int(ref))
    sa.execute(delete(t.facts_pending))
    articles = set(touched.articles) | _refresh_status(sa)
    entities = set(touched.entities)
    entities |= _update_keys(sa, touched.rekey | touched.entities)
    if not articles and not entities:
        return
    rejected = _rejected(sa)
    # events
    claims, old_events = _event_closure(sa, articles, entities, rejected)
    old_bodies = []
    for chunk in _chunks(old_events):
        old_bodies += list(sa.scalars(select(t.event_facts.c.body).where(t.event_facts.c.id.in_(chunk))))
    _delete_facts(sa, t.event_facts, old_events)
    events = _events_of(sa, claims, rejected)
    _write_events(sa, events)
    event_fact = {c: x.id for x in events for c in x.claims}
    # relations: the subjects touched
    rf, fc = t.relation_facts.c, t.fact_claims.c
    old_relations = _fact_ids(sa, "relation", fc.article_id, articles)
    subjects: set[int] = set(entities)
    for chunk in _chunks(old_relations):
        subjects.update(sa.scalars(select(rf.subject_entity).where(rf.id.in_(chunk))))
    subjects |= _subjects(sa, _R.article_id, articles)
    subjects |= _subjects(sa, _R.object_entity, entities)
    subjects |= _subjects(sa, _R.object_event, [c.id for c in claims])
    for chunk in _chunks(entities):
        subjects.update(sa.scalars(select(rf.subject_entity).where(rf.object_entity.in_(chunk))))
    # a death reported or withdrawn ends (or no longer ends) the relations of the dead
    victims = {r["entity_id"] for body in old_bodies for r in json.loads(body)["roles"]
               if r["role"] == "victim" and r["entity_id"] is not None and r["article_id"] in articles}
    ev_roles = _roles(sa, [c.id for c in claims if c.article_id in articles])
    victims |= {r.entity_id for rs in ev_roles.values() for r in rs if r.role == "victim" and r.entity_id is not None}
    if victims:
        subjects |= victims | _subjects(sa, _R.object_entity, victims)
        for chunk in _chunks(victims):
            subjects.update(sa.scalars(select(rf.subject_entity).where(rf.object_entity.in_(chunk))))
    stale: set[str] = set()
    for chunk in _chunks(subjects):
        stale.update(sa.scalars(select(rf.id).where(rf.subject_entity.in_(chunk))))
    _delete_facts(sa, t.relation_facts, stale | old_relations)
    rel_claims = _in_chunks(sa, _relation_claims, _R.subject_entity, subjects)
    _write_relations(sa, _relations_of(sa, rel_claims, rejected, event_fact))


# -- reading facts -------------------------------------------------------------------------------
def read_events(sa: Connection) -> list[f.EventFact]:
    """The stored event facts, in the order of their first claims."""
    x = t.event_facts.c
    out = []
    for r in sa.execute(select(x.id, x.seq, x.type, x.subtype, x.date_value, x.date_precision, x.location_entity,
                               x.killed, x.injured, x.modality, x.polarity, x.attributed_to, x.published, x.body)):
        body = json.loads(r.body)
        out.append(f.EventFact(
            id=r.id, type=r.type, subtype=r.subtype,
            date={"value": r.date_value, "precision": r.date_precision} if r.date_value else None,
            location=r.location_entity, killed=r.killed, injured=r.injured, modality=r.modality,
            attributed_to=r.attributed_to, polarity=bool(r.polarity), claims=body["claims"], roles=body["roles"],
            evidence=body["evidence"], articles=body["articles"], published=r.published, seq=r.seq))
    out.sort(key=lambda e: e.seq)
    return out


def read_relations(sa: Connection) -> list[f.RelationFact]:
    """The stored relation facts, in the order of their first claims."""
    x = t.relation_facts.c
    out = []
    for r in sa.execute(select(x.id, x.seq, x.type, x.subtype, x.subject_entity, x.object_entity, x.object_event,
                               x.polarity, x.modality, x.valid_from, x.valid_to, x.attributed_to, x.retracted,
                               x.published, x.body)):
        body = json.loads(r.body)
        is_event = r.object_event is not None
        out.append(f.RelationFact(
            id=r.id, type=r.type, subtype=r.subtype, subject=r.subject_entity,
            object=r.object_event if is_event else r.object_entity, object_is_event=is_event,
            polarity=bool(r.polarity), modality=r.modality, valid_from=r.valid_from, valid_to=r.valid_to,
            attributed_to=r.attributed_to, retracted=bool(r.retracted), claims=body["claims"],
            evidence=body["evidence"], articles=body["articles"], published=r.published, seq=r.seq))
    out.sort(key=lambda e: e.seq)
    return out


def fact_claims(sa: Connection, fact_id: str) -> list[str]:
    """The claims of one stored fact, in order."""
    fc = t.fact_claims.c
    for table in (t.event_facts, t.relation_facts):
        body = sa.scalar(select(table.c.body).where(table.c.id == fact_id))
        if body is not None:
            return list(json.loads(body)["claims"])
    return list(sa.scalars(select(fc.claim_id).where(fc.fact_id == fact_id).order_by(fc.claim_id)))
