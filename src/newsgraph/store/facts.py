"""Facts: claims aggregated into the entity graph -- the rules, as pure functions of records.

A claim is what one article says at one span.  A fact gathers every claim that supports the
same thing: one ``leads`` edge between two entities, one real-world attack reported in several
sentences or articles.  Claims that disagree (other polarity, other modality, other source, a
retraction) stay apart, so conflicts are shown, never collapsed.

Every fact has a stable id derived from what identifies it (:func:`event_fact_id`,
:func:`relation_fact_id`), not from its position in a list, so a review decision or a link can
point at it across re-ingests.  :mod:`newsgraph.store.materialise` keeps the facts of a store
in its tables with these functions, recomputing only what a write touched.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..event_identity import compatible_subtypes, family
from ..periods import period, period_end, period_start, values_overlap
from .reads import EventClaim, EvidenceRecord, RelationClaim, RoleRecord


def held_from(valid_from: str | None, valid_to: str | None, first_reported: str | None) -> str | None:
    """The first day a relation counts as held in the world: the start the text gives, else its
    first report (the earliest publication date of its evidence) -- never an unknown past, so
    the network before the first article is empty.  One exception keeps what was reported only
    after it ended ("led the group until August 2009" in a December article) from vanishing: it
    holds in the period its end names.  None only when no date bounds it: an undated archive."""
    start = period_start(valid_from)
    if start or not first_reported:
        return start or period_start(valid_to)
    end = period_end(valid_to)
    return period_start(valid_to) if end and end < first_reported else first_reported


def _earliest(a: str | None, b: str | None) -> str | None:
    return min(filter(None, (a, b)), default=None)


@dataclass
class EventFact:
    id: str
    type: str
    subtype: str
    date: dict[str, str | None] | None
    location: int | None
    killed: int | None
    injured: int | None
    modality: str
    attributed_to: str | None
    polarity: bool
    claims: list[str] = field(default_factory=list)
    roles: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    published: str | None = None  # earliest publication date of a supporting article
    seq: str = ""  # the order of its first claim (see claim_order); facts are listed in it


@dataclass
class RelationFact:
    id: str
    type: str
    subtype: str | None
    subject: int
    object: int | str
    object_is_event: bool
    polarity: bool
    modality: str
    valid_from: str | None
    valid_to: str | None
    attributed_to: str | None
    retracted: bool
    claims: list[str] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    published: str | None = None  # earliest publication date of a supporting article
    seq: str = ""  # the order of its first claim (see claim_order)


_MODALITY_STRENGTH = {"asserted": 0, "reported": 1, "believed": 2, "suspected": 3, "speculated": 4,
                      "possible": 5, "denied": 6, "negated": 7}

# Relations a death ends (family ties, blame and the killing itself outlive the person).
_ENDED_BY_DEATH = {"leads", "member_of", "aide_of", "allied_with", "rival_of", "based_in", "operates_in",
                   "splinter_of"}
_LETHAL_SUBTYPES = {"killing", "assassination", "execution", "beheading"}


def deaths(victims: Iterable[tuple[int, str]]) -> dict[int, str]:
    """When each person died, from (entity id, event date) pairs (``Store.person_deaths``): the
    earliest with a calendar period."""
    out: dict[int, str] = {}
    for entity_id, day in victims:
        when = period(day)
        if when is None:
            continue
        current = out.get(entity_id)
        known = period(current) if current is not None else None  # never None: checked when stored
        if known is None or when[0] < known[0]:
            out[entity_id] = day
    return out


SYMMETRIC = {"allied_with", "rival_of", "family"}


def pair_key(fact: RelationFact) -> tuple[Any, ...]:
    """What a relation is about, regardless of what is said of it (symmetric types unordered)."""
    return _pair(fact.type, fact.subtype, fact.subject, fact.object, fact.object_is_event)


def _pair(rtype: str, subtype: str | None, a: Any, b: Any, object_is_event: bool) -> tuple[Any, ...]:
    if rtype in SYMMETRIC and not object_is_event and subtype in (None, "brother_of", "sibling_of", "cousin_of",
                                                                  "relative_of"):
        a, b = sorted((a, b), key=str)
    return (rtype, subtype, a, b)


# A relation type that says what another says, with subject and object swapped: "X killed_by Y"
# is "Y killed X", one fact with the claims of both.
INVERSE = {"killed_by": "killed"}


def _said_key(f: RelationFact) -> tuple[Any, ...]:
    """What a fact says, with inverse types turned around and symmetric pairs unordered."""
    rtype = f.type
    a: Any = f.subject
    b: Any = f.object
    if rtype in INVERSE and not f.object_is_event:
        rtype, a, b = INVERSE[rtype], b, a
    return (*_pair(rtype, f.subtype, a, b, f.object_is_event), f.polarity, f.modality, f.retracted)


def fold_inverses(facts: list[RelationFact]) -> list[RelationFact]:
    """One fact per thing said: "X killed_by Y" joins its twin "Y killed X" (and "B allied_with
    A" joins "A allied_with B"), gathering the claims, evidence and articles of both; a lone
    inverse is turned around.  The given facts are not changed."""
    out: dict[tuple[Any, ...], RelationFact] = {}
    for f in facts:
        key = _said_key(f)
        kept = out.get(key)
        if kept is None:
            if f.type in INVERSE and not f.object_is_event:
                f = replace(f, type=INVERSE[f.type], subject=int(f.object), object=f.subject)
            out[key] = replace(f, claims=list(f.claims), evidence=list(f.evidence), articles=list(f.articles))
            continue
        seen = {(e["article_id"], e["start"], e["end"]) for e in kept.evidence}
        kept.claims.extend(c for c in f.claims if c not in kept.claims)
        kept.evidence.extend(e for e in f.evidence if (e["article_id"], e["start"], e["end"]) not in seen)
        kept.articles.extend(a for a in f.articles if a not in kept.articles)
        kept.valid_from = min(filter(None, (kept.valid_from, f.valid_from)), default=None)
        kept.valid_to = max(filter(None, (kept.valid_to, f.valid_to)), default=None)
        kept.attributed_to = kept.attributed_to or f.attributed_to
        kept.published = min(filter(None, (kept.published, f.published)), default=None)
    return list(out.values())




# -- order and ids -------------------------------------------------------------------------------
def claim_order(published: str | None, article_id: str, idx: int) -> str:
    """A claim's place in the order facts are listed in: its article's date (undated first),
    article id, position.  A fact takes its first claim's; compared as Python strings."""
    return f"{published or ''} {article_id} {idx:06d}"


def _short_hash(*parts: Any) -> str:
    return hashlib.sha1(json.dumps(parts, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()[:12]


def entity_fact_key(kb_id: str | None, type_: str, name: str) -> str:
    """What names an entity in a fact id: its KB id, else its type and canonical name (so the
    ids survive a re-ingest, which gives entities new integer ids).  Entities that share one
    get ``#2``, ``#3`` ... by id (:func:`rank_keys`)."""
    return f"kb:{kb_id}" if kb_id else f"{type_}:{name}"


def rank_keys(bases: Mapping[int, str]) -> dict[int, str]:
    """Entity id -> fact key: the base key, with ``#n`` for the n-th entity (by id) sharing it."""
    out: dict[int, str] = {}
    seen: dict[str, int] = defaultdict(int)
    for eid in sorted(bases):
        base = bases[eid]
        seen[base] += 1
        out[eid] = base if seen[base] == 1 else f"{base}#{seen[base]}"
    return out


EVENT_ID = re.compile(r"^ev-[0-9a-f]{12}(?:-\d+)?$")
RELATION_ID = re.compile(r"^rel-[0-9a-f]{12}$")


def event_fact_id(family: str, polarity: bool, date: str | None, anchors: Iterable[str],
                  article: str | None) -> str:
    """An event fact's id: a hash of what the merge rule identifies it by (subtype family,
    polarity, date, the keys of its places, victims and targets; for a fact with none of those,
    which can only gather claims of one article, that article)."""
    return "ev-" + _short_hash("event", family, polarity, date, sorted(anchors), article)


def relation_fact_id(rtype: str, subtype: str | None, subject: str, obj: str, object_is_event: bool,
                     polarity: bool, modality: str, retracted: bool) -> str:
    """A relation fact's id: a hash of its grouping key with entities as their fact keys and an
    event object as its event fact's id."""
    return "rel-" + _short_hash("relation", rtype, subtype, subject, obj, object_is_event, polarity, modality,
                                retracted)


# -- events --------------------------------------------------------------------------------------
def _dates_compatible(a: str | None, b: str | None) -> bool:
    """Two event dates can name one event when either is unknown or their periods overlap
    (2009-08 ~ 2009-08-05, 1998-FA ~ 1998-10-23)."""
    if not a or not b:
        return True
    return values_overlap(a, b)


def anchors(row: EventClaim, roles: Sequence[RoleRecord]) -> set[int]:
    """The entities an event claim is anchored on: its place and its victims and targets."""
    out = {r.entity_id for r in roles if r.entity_id is not None and r.role in ("victim", "target")}
    if row.location_entity is not None:
        out.add(row.location_entity)
    return out


def _evidence_dicts(evidence: Sequence[EvidenceRecord]) -> list[dict[str, Any]]:
    return [{"article_id": e.article_id, "start": e.start, "end": e.end, "text": e.text, "sentence": e.sentence}
            for e in evidence]


def aggregate_events(rows: Sequence[EventClaim], roles_by_event: Mapping[str, Sequence[RoleRecord]],
                     evidence: Mapping[str, Sequence[EvidenceRecord]],
                     key_of: Callable[[int], str]) -> list[EventFact]:
    """Events aggregated across sentences and articles, from claims in :func:`claim_order`.

    Two event claims are one event when their subtypes are compatible (the rule that merges
    mentions within an article, :mod:`newsgraph.event_identity`), their dates overlap, and they
    share a victim, or a located place or target on the same (or an unknown) date, or (same
    article) a day.
    Claims only join facts that share a family and an anchor or an article with them, so the
    facts of a set of claims closed under sharing those (a component) do not depend on any
    other claim: what :mod:`~newsgraph.store.materialise` relies on to recompute only some.
    ``key_of`` gives an entity's fact key, for the ids.
    """
    facts: list[EventFact] = []
    keys: list[tuple[str, str | None, set[int], set[str]]] = []  # family, date, anchors, articles
    subtypes: list[str] = []  # each fact's subtype so far
    victims_of: list[set[int]] = []  # each fact's victims: a person is killed once
    by_anchor: dict[tuple[str, int], set[int]] = defaultdict(set)
    by_article: dict[tuple[str, str], set[int]] = defaultdict(set)
    for row in rows:
        fam = family(row.subtype)
        row_roles = roles_by_event.get(row.id, ())
        anchored = anchors(row, row_roles)
        victims = {r.entity_id for r in row_roles if r.entity_id is not None and r.role == "victim"}
        candidates = set(by_article.get((fam, row.article_id), ()))
        for a in anchored:
            candidates |= by_anchor.get((fam, a), set())
        match = None
        for i in sorted(candidates):
            _, date, ents, arts = keys[i]
            if not _dates_compatible(date, row.date_value) or facts[i].polarity != row.polarity:
                continue
            if facts[i].type != row.type or compatible_subtypes(subtypes[i], row.subtype) is None:
                continue
            if victims & victims_of[i]:
                match = i  # the same victim at overlapping dates ("Oct. 23", "last fall")
                break
            same_place = bool(anchored & ents)
            same_date = bool(date and row.date_value and date == row.date_value)
            if same_place and (same_date or date is None or row.date_value is None):
                match = i
                break
            if same_date and row.date_precision == "day" and (same_place or row.article_id in arts):
                match = i
                break
        ev = _evidence_dicts(evidence.get(row.id, ()))
        role_dicts = [{"role": r.role, "text": r.text, "entity_id": r.entity_id, "article_id": row.article_id,
                       "start": r.start, "end": r.end} for r in row_roles]
        target = match if match is not None else len(facts)
        by_article[(fam, row.article_id)].add(target)
        for a in anchored:
            by_anchor[(fam, a)].add(target)
        if match is None:
            keys.append((fam, row.date_value, anchored, {row.article_id}))
            subtypes.append(row.subtype)
            victims_of.append(set(victims))
            facts.append(EventFact(
                id="", type=row.type, subtype=row.subtype,
                date={"value": row.date_value, "precision": row.date_precision} if row.date_value else None,
                location=row.location_entity, killed=row.killed, injured=row.injured,
                modality=row.modality, attributed_to=row.attributed_to, polarity=row.polarity,
                claims=[row.id], roles=role_dicts, evidence=ev, articles=[row.article_id],
                published=row.published, seq=claim_order(row.published, row.article_id, row.idx)))
            continue
        fact = facts[match]
        fam, date, ents, arts = keys[match]
        # The most precise date and the strongest modality among the supporting claims win.
        if row.date_value and (not date or len(row.date_value) > len(date)):
            fact.date = {"value": row.date_value, "precision": row.date_precision}
            date = row.date_value
        if _MODALITY_STRENGTH.get(row.modality, 9) < _MODALITY_STRENGTH.get(fact.modality, 9):
            fact.modality, fact.attributed_to = row.modality, row.attributed_to
        fact.location = fact.location if fact.location is not None else row.location_entity
        fact.killed = max(filter(None, (fact.killed, row.killed)), default=None)
        fact.injured = max(filter(None, (fact.injured, row.injured)), default=None)
        # the more specific of the two ("bombing" + "suicide_attack")
        fact.subtype = subtypes[match] = compatible_subtypes(subtypes[match], row.subtype) or subtypes[match]
        victims_of[match] |= victims
        fact.claims.append(row.id)
        fact.roles.extend(role_dicts)
        fact.evidence.extend(ev)
        if row.article_id not in fact.articles:
            fact.articles.append(row.article_id)
        fact.published = _earliest(fact.published, row.published)  # undated articles sort first
        keys[match] = (fam, date, ents | anchored, arts | {row.article_id})
    # Ids: facts with one id (rare: the same anchors and date, kept apart by the order of their
    # claims) are told apart by their order; they share anchors, so they are always computed together.
    used: dict[str, int] = defaultdict(int)
    for fact, (fam, date, ents, arts) in zip(facts, keys, strict=True):
        base = event_fact_id(fam, fact.polarity, date, (key_of(e) for e in ents),
                             None if ents else sorted(arts)[0])
        used[base] += 1
        fact.id = base if used[base] == 1 else f"{base}-{used[base]}"
    return facts


# -- relations -----------------------------------------------------------------------------------
def corrected_pairs(rows: Iterable[RelationClaim], event_fact: Mapping[str, str]) -> set[tuple[Any, ...]]:
    """(article, pair) of every retracted claim: a correction retracts the matching claims of its
    own article; other articles that still assert the corrected claim keep it."""
    return {(row.article_id, _pair(row.type, row.subtype, row.subject_entity, object_of(row, event_fact),
                                   row.object_event is not None)) for row in rows if row.retracted}


def object_of(row: RelationClaim, event_fact: Mapping[str, str]) -> int | str:
    """A claim's object: an entity id, or the id of the event fact its event claim is part of
    (the event claim's own id when it is in none: a rejected one)."""
    if row.object_event is None:  # then the object is an entity (the store writes one or the other)
        return int(row.object_entity)  # type: ignore[arg-type]
    return event_fact.get(row.object_event, row.object_event)


def aggregate_relations(rows: Sequence[RelationClaim], evidence: Mapping[str, Sequence[EvidenceRecord]],
                        event_fact: Mapping[str, str], corrected: set[tuple[Any, ...]],
                        died: Mapping[int, str], key_of: Callable[[int], str]) -> list[RelationFact]:
    """Relation claims (in :func:`claim_order`) grouped by what they say; disagreeing claims
    stay separate facts.  A fact's claims all have one subject, so the facts of some subjects
    can be recomputed from their claims alone.

    ``event_fact`` maps event claim ids to event fact ids so ``responsible_for`` points at facts;
    ``corrected`` is :func:`corrected_pairs` of the claims' articles; ``died`` (:func:`deaths`)
    ends the relations a death ends.
    """
    groups: dict[tuple[Any, ...], RelationFact] = {}
    for row in rows:
        obj = object_of(row, event_fact)
        is_event = row.object_event is not None
        retracted = row.retracted or (row.article_id, _pair(row.type, row.subtype, row.subject_entity, obj,
                                                            is_event)) in corrected
        key = (row.type, row.subtype, row.subject_entity, obj, row.polarity, row.modality, retracted)
        fact = groups.get(key)
        if fact is None:
            fid = relation_fact_id(row.type, row.subtype, key_of(row.subject_entity),
                                   str(obj) if is_event else key_of(int(obj)), is_event, row.polarity,
                                   row.modality, retracted)
            fact = groups[key] = RelationFact(
                id=fid, type=row.type, subtype=row.subtype, subject=row.subject_entity, object=obj,
                object_is_event=is_event, polarity=row.polarity, modality=row.modality,
                valid_from=row.valid_from, valid_to=row.valid_to, attributed_to=row.attributed_to,
                retracted=retracted, published=row.published,
                seq=claim_order(row.published, row.article_id, row.idx))
        else:
            fact.valid_from = min(filter(None, (fact.valid_from, row.valid_from)), default=None)
            fact.valid_to = max(filter(None, (fact.valid_to, row.valid_to)), default=None)
            fact.attributed_to = fact.attributed_to or row.attributed_to
            fact.published = _earliest(fact.published, row.published)  # undated articles sort first
        fact.claims.append(row.id)
        fact.evidence.extend(_evidence_dicts(evidence.get(row.id, ())))
        if row.article_id not in fact.articles:
            fact.articles.append(row.article_id)
    for fact in groups.values():
        if fact.type not in _ENDED_BY_DEATH:
            continue
        for party in (fact.subject, None if fact.object_is_event else fact.object):
            death = died.get(party) if isinstance(party, int) else None  # an entity id
            ended = period(death) if death else None  # deaths() keeps only dates with a period
            if ended and (fact.valid_to is None or ended[1] < (period_end(fact.valid_to) or "9999")):
                fact.valid_to = death
    return list(groups.values())


LETHAL_SUBTYPES = _LETHAL_SUBTYPES
ENDED_BY_DEATH = _ENDED_BY_DEATH
