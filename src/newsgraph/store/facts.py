"""Facts: claims aggregated into the entity graph.

A claim is what one article says at one span.  A fact gathers every claim that supports the
same thing: one ``leads`` edge between two entities, one real-world attack reported in several
sentences or articles.  Claims that disagree (other polarity, other modality, other source, a
retraction) stay apart, so conflicts are shown, never collapsed.
"""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any, cast

from . import review
from .store import Store
from .store.reads import RelationClaim

ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|AU|WI)")
_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "AU": (9, 11), "WI": (12, 14)}


def period(value: str | None) -> tuple[str, str] | None:
    """First and last day of a TIMEX-style value: 2009-08 -> (2009-08-01, 2009-08-31); weeks
    (2009-W26) and seasons (2009-SU) too.  None for durations, references and unknowns."""
    import datetime as dt

    if not value:
        return None
    if m := _WEEK.match(value):
        monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        return monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat()
    if m := _SEASON.match(value):
        first, last = _SEASON_MONTHS[m[2]]
        year = int(m[1])
        end_year, end_month = (year + 1, last - 12) if last > 12 else (year, last)
        return (f"{year:04d}-{first:02d}-01",
                f"{end_year:04d}-{end_month:02d}-{calendar.monthrange(end_year, end_month)[1]:02d}")
    m = ISO_DATE.match(value)
    if not m:
        return None
    year = int(m[1])
    if m[3]:
        return f"{m[1]}-{m[2]}-{m[3]}", f"{m[1]}-{m[2]}-{m[3]}"
    if m[2]:
        return f"{m[1]}-{m[2]}-01", f"{m[1]}-{m[2]}-{calendar.monthrange(year, int(m[2]))[1]:02d}"
    return f"{m[1]}-01-01", f"{m[1]}-12-31"


def period_start(value: str | None) -> str | None:
    """First day of a TIMEX-style value (2009-08 -> 2009-08-01); None when not a calendar date."""
    span = period(value)
    return span[0] if span else None


def period_end(value: str | None) -> str | None:
    """Last day of a TIMEX-style value (2009-08 -> 2009-08-31)."""
    span = period(value)
    return span[1] if span else None


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


_MODALITY_STRENGTH = {"asserted": 0, "reported": 1, "believed": 2, "suspected": 3, "speculated": 4,
                      "possible": 5, "denied": 6, "negated": 7}

# Subtypes that name one real-world event when other evidence agrees.
_SUBTYPE_FAMILY = {
    "suicide_attack": "attack", "bombing": "attack", "suicide_bombing": "attack", "attack": "attack",
    "car_bombing": "attack", "shooting": "attack",
    "drone_strike": "strike", "missile_strike": "strike", "air_strike": "strike", "airstrike": "strike",
    "killing": "killing", "assassination": "killing",
}


def _all_evidence(store: Store, kind: str) -> dict[str, list[dict[str, Any]]]:
    """Every claim's evidence of one kind, in one query (not one per claim)."""
    return {claim: [{"article_id": e.article_id, "start": e.start, "end": e.end, "text": e.text,
                     "sentence": e.sentence} for e in evidence]
            for claim, evidence in store.evidence(kind).items()}


def _dates_compatible(a: str | None, b: str | None) -> bool:
    """Two event dates can name one event when one is a prefix of the other (2009-08 ~ 2009-08-05)."""
    if not a or not b:
        return True
    return a.startswith(b) or b.startswith(a)


def event_facts(store: Store) -> list[EventFact]:
    """Events aggregated across sentences and articles.

    Two event claims are one event when their subtypes belong to one family, their dates are
    compatible, and they share a located place, a victim/target entity, or (same article) a date.
    """
    rejected = review.rejected_claims(store)
    rows = [r for r in store.event_claims() if r.id not in rejected]
    roles_by_event = store.event_roles()
    all_evidence = _all_evidence(store, "event")
    facts: list[EventFact] = []
    keys: list[tuple[str, str | None, set[int], set[str]]] = []
    # Only facts that share a place/victim/target, or an article, can match: index them so the
    # aggregation stays near-linear in the number of claims.
    by_anchor: dict[tuple[str, int], set[int]] = defaultdict(set)
    by_article: dict[tuple[str, str], set[int]] = defaultdict(set)
    for row in rows:
        family = _SUBTYPE_FAMILY.get(row.subtype, row.subtype)
        anchors = {r.entity_id for r in roles_by_event.get(row.id, ())
                   if r.entity_id is not None and r.role in ("victim", "target")}
        if row.location_entity is not None:
            anchors.add(row.location_entity)
        candidates = set(by_article.get((family, row.article_id), ()))
        for a in anchors:
            candidates |= by_anchor.get((family, a), set())
        match = None
        for i in sorted(candidates):
            fam, date, ents, arts = keys[i]
            if fam != family or not _dates_compatible(date, row.date_value):
                continue
            if facts[i].polarity != row.polarity:
                continue
            same_place = bool(anchors & ents)
            same_date = bool(date and row.date_value and date == row.date_value)
            if same_place and (same_date or date is None or row.date_value is None):
                match = i
                break
            if same_date and row.date_precision == "day" and (same_place or row.article_id in arts):
                match = i
                break
        evidence = all_evidence.get(row.id, [])
        roles = [
            {"role": r.role, "text": r.text, "entity_id": r.entity_id, "article_id": row.article_id,
             "start": r.start, "end": r.end}
            for r in roles_by_event.get(row.id, ())
        ]
        published = row.published
        target = match if match is not None else len(facts)
        by_article[(family, row.article_id)].add(target)
        for a in anchors:
            by_anchor[(family, a)].add(target)
        if match is None:
            keys.append((family, row.date_value, anchors, {row.article_id}))
            facts.append(EventFact(
                id=f"ev{len(facts) + 1}", type=row.type, subtype=row.subtype,
                date={"value": row.date_value, "precision": row.date_precision} if row.date_value else None,
                location=row.location_entity, killed=row.killed, injured=row.injured,
                modality=row.modality, attributed_to=row.attributed_to, polarity=row.polarity,
                claims=[row.id], roles=roles, evidence=evidence, articles=[row.article_id],
                published=published))
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
        if fact.subtype != row.subtype and row.subtype in ("suicide_attack", "assassination"):
            fact.subtype = row.subtype
        fact.claims.append(row.id)
        fact.roles.extend(roles)
        fact.evidence.extend(evidence)
        if row.article_id not in fact.articles:
            fact.articles.append(row.article_id)
        fact.published = _earliest(fact.published, published)  # undated articles sort first
        keys[match] = (fam, date, ents | anchors, arts | {row.article_id})
    return facts


# Relations a death ends (family ties, blame and the killing itself outlive the person).
_ENDED_BY_DEATH = {"leads", "member_of", "aide_of", "allied_with", "rival_of", "based_in", "operates_in",
                   "splinter_of"}
_LETHAL_SUBTYPES = {"killing", "assassination", "execution", "beheading"}


def deaths(store: Store) -> dict[int, str]:
    """When each person died, as far as the store says: the earliest dated, asserted or reported,
    lethal event whose victim role names that person (not a group of people linked to an organisation)."""
    out: dict[int, str] = {}
    for entity_id, day in store.person_deaths(_LETHAL_SUBTYPES):
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


def relation_facts(store: Store, event_ids: dict[str, str] | None = None) -> list[RelationFact]:
    """Relation claims grouped by what they say; disagreeing claims stay separate facts.

    ``event_ids`` maps event claim ids to event fact ids so ``responsible_for`` points at facts.
    A person's death, reported in any article, ends the relations a death ends.
    """
    event_ids = event_ids or {}
    rejected = review.rejected_claims(store)
    rows = [r for r in store.relation_claims() if r.id not in rejected]
    all_evidence = _all_evidence(store, "relation")
    groups: dict[tuple[Any, ...], RelationFact] = {}

    def obj_of(row: RelationClaim) -> int | str:
        if row.object_event is None:  # then the object is an entity (the store writes one or the other)
            return cast(int, row.object_entity)
        return event_ids.get(row.object_event, row.object_event)

    def pair_of(row: RelationClaim) -> tuple[Any, ...]:
        return _pair(row.type, row.subtype, row.subject_entity, obj_of(row), row.object_event is not None)

    # A correction retracts the matching claims of its own article; other articles that still
    # assert the corrected claim keep it, and Graph.conflicts shows the disagreement.
    corrected = {(row.article_id, pair_of(row)) for row in rows if row.retracted}
    for row in rows:
        obj = obj_of(row)
        retracted = row.retracted or (row.article_id, pair_of(row)) in corrected
        key = (row.type, row.subtype, row.subject_entity, obj, row.polarity,
               row.modality, retracted)
        fact = groups.get(key)
        published = row.published
        if fact is None:
            fact = groups[key] = RelationFact(
                id=f"rel{len(groups) + 1}", type=row.type, subtype=row.subtype,
                subject=row.subject_entity, object=obj, object_is_event=row.object_event is not None,
                polarity=row.polarity, modality=row.modality, valid_from=row.valid_from,
                valid_to=row.valid_to, attributed_to=row.attributed_to, retracted=retracted,
                published=published)
        else:
            fact.valid_from = min(filter(None, (fact.valid_from, row.valid_from)), default=None)
            fact.valid_to = max(filter(None, (fact.valid_to, row.valid_to)), default=None)
            fact.attributed_to = fact.attributed_to or row.attributed_to
            fact.published = _earliest(fact.published, published)  # undated articles sort first
        fact.claims.append(row.id)
        fact.evidence.extend(all_evidence.get(row.id, []))
        if row.article_id not in fact.articles:
            fact.articles.append(row.article_id)
    died = deaths(store)
    for fact in groups.values():
        if fact.type not in _ENDED_BY_DEATH:
            continue
        for party in (fact.subject, None if fact.object_is_event else fact.object):
            death = died.get(party) if isinstance(party, int) else None  # an entity id
            ended = period(death) if death else None  # deaths() keeps only dates with a period
            if ended and (fact.valid_to is None or ended[1] < (period_end(fact.valid_to) or "9999")):
                fact.valid_to = death
    return list(groups.values())
