"""Typed reads: one :class:`Store` method per question the rest of newsgraph asks, returning
records (frozen dataclasses) rather than rows, so that no module outside the store writes SQL.

Each method is the one place its query is written (SQLAlchemy Core, the same on both backends);
orders are spelt out (``NULLS FIRST`` as SQLite sorts, a key as the last tie-break) so both
backends return the same sequence.  :class:`Reads` is a mixin of :class:`~newsgraph.store.Store`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, inspect, select
from sqlalchemy.dialects import sqlite

from . import schema as t
from .params import LIKE_ESCAPE, like_containing


@dataclass(frozen=True)
class ArticleRecord:
    """A stored article as exports show it (without its raw text and offsets)."""

    id: str
    source: str
    line: int | None
    url: str | None
    title: str | None
    publisher: str | None
    byline: str | None
    dateline: str | None
    published: str | None
    published_from: str | None
    published_to: str | None
    corrections: list[Any]
    removed_share: float | None
    removed: dict[str, int]
    pipeline_version: str
    text: str


@dataclass(frozen=True)
class ArticleHead:
    """What citing an article needs: title, publisher, link and date."""

    id: str
    title: str | None
    publisher: str | None
    url: str | None
    published: str | None
    published_from: str | None

    @property
    def date(self) -> str | None:
        """The publication date, or the start of the range it was inferred to lie in."""
        return self.published or self.published_from


@dataclass(frozen=True)
class EntityRecord:
    id: int
    name: str
    type: str
    kb_id: str | None
    ambiguous: bool


@dataclass(frozen=True)
class MentionRecord:
    entity_id: int
    article_id: str
    start: int
    end: int
    text: str
    type: str
    sentence: int
    source: str


@dataclass(frozen=True)
class TimexRecord:
    article_id: str
    start: int
    end: int
    text: str
    value: str | None
    precision: str | None
    anchor: str | None
    sentence: int | None


@dataclass(frozen=True)
class QuoteRecord:
    article_id: str
    speaker: str | None
    speaker_entity: int | None
    cue: str | None
    content: str
    start: int
    end: int
    sentence: int | None


@dataclass(frozen=True)
class EventClaim:
    """One event as one article states it, with that article's date."""

    id: str
    article_id: str
    idx: int
    type: str
    subtype: str
    date_value: str | None
    date_precision: str | None
    location_entity: int | None
    killed: int | None
    injured: int | None
    modality: str
    polarity: bool
    attributed_to: str | None
    published: str | None  # the article's date, or the start of its inferred range


@dataclass(frozen=True)
class RoleRecord:
    event_id: str
    role: str
    text: str
    entity_id: int | None
    start: int
    end: int


@dataclass(frozen=True)
class RelationClaim:
    """One relation as one article states it, with that article's date."""

    id: str
    article_id: str
    idx: int
    type: str
    subtype: str | None
    subject_entity: int
    object_entity: int | None
    object_event: str | None
    polarity: bool
    modality: str
    valid_from: str | None
    valid_to: str | None
    attributed_to: str | None
    retracted: bool
    published: str | None  # the article's date, or the start of its inferred range


@dataclass(frozen=True)
class EvidenceRecord:
    claim_id: str
    article_id: str
    start: int
    end: int
    text: str
    sentence: int | None


@dataclass(frozen=True)
class EntitySummary:
    """An entity with how often it is mentioned, and in how many articles."""

    id: int
    name: str
    type: str
    kb_id: str | None
    mentions: int
    articles: int


@dataclass(frozen=True)
class MentionInContext:
    """One mention of an entity with its article's title and dates and its sentence's text."""

    article_id: str
    start: int
    end: int
    text: str
    type: str
    sentence: int
    sentence_text: str  # "" when the sentence is not stored
    title: str | None
    publisher: str | None
    published: str | None
    published_from: str | None
    published_to: str | None


@dataclass(frozen=True)
class LinkRecord:
    """Why one article's entity was linked to a stored entity."""

    article_id: str
    local_name: str
    reason: str


@dataclass(frozen=True)
class TableDump:
    """One table's rows, its columns in schema order with their SQLite types (INTEGER, REAL,
    TEXT): the shape of a dump on either backend."""

    name: str
    columns: list[tuple[str, str]]
    rows: list[tuple[Any, ...]]


_A, _E, _M = t.articles.c, t.entities.c, t.mentions.c
_ARTICLE_DATE = func.coalesce(_A.published, _A.published_from)


class Reads:
    """The typed read methods of :class:`~newsgraph.store.Store`."""

    sa: Connection

    def has_table(self, name: str) -> bool:
        """Whether the store has a table (a read-only store may predate some)."""
        return inspect(self.sa).has_table(name)

    def articles(self) -> list[ArticleRecord]:
        """Every article, oldest first (undated ones first of all), then by id."""
        rows = self.sa.execute(select(
            _A.id, _A.source, _A.line, _A.url, _A.title, _A.publisher, _A.byline, _A.dateline, _A.published,
            _A.published_from, _A.published_to, _A.corrections, _A.removed_share, _A.removed,
            _A.pipeline_version, _A.text).order_by(_ARTICLE_DATE.asc().nulls_first(), _A.id)).all()
        return [ArticleRecord(
            id=r.id, source=r.source, line=r.line, url=r.url, title=r.title, publisher=r.publisher,
            byline=r.byline, dateline=r.dateline, published=r.published, published_from=r.published_from,
            published_to=r.published_to, corrections=json.loads(r.corrections or "[]"),
            removed_share=r.removed_share, removed=json.loads(r.removed or "{}"),
            pipeline_version=r.pipeline_version, text=r.text) for r in rows]

    def article_heads(self) -> list[ArticleHead]:
        """Title, publisher, link and date of every article, by id."""
        rows = self.sa.execute(select(_A.id, _A.title, _A.publisher, _A.url, _A.published, _A.published_from)
                               .order_by(_A.id)).all()
        return [ArticleHead(*r) for r in rows]

    def entities(self) -> list[EntityRecord]:
        """Every entity, by id."""
        rows = self.sa.execute(select(_E.id, _E.name, _E.type, _E.kb_id, _E.ambiguous).order_by(_E.id)).all()
        return [EntityRecord(r.id, r.name, r.type, r.kb_id, bool(r.ambiguous)) for r in rows]

    def aliases_by_entity(self) -> dict[int, list[str]]:
        """Each entity's aliases, sorted (as SQLite's binary order: by code point)."""
        out: dict[int, list[str]] = defaultdict(list)
        for eid, alias in self.sa.execute(select(t.aliases.c.entity_id, t.aliases.c.alias)):
            out[eid].append(alias)
        for aliases in out.values():
            aliases.sort()
        return out

    def mentions(self) -> list[MentionRecord]:
        """Every mention, by article and position."""
        rows = self.sa.execute(select(_M.entity_id, _M.article_id, _M.start, _M.end, _M.text, _M.type,
                                      _M.sentence, _M.source).order_by(_M.article_id, _M.start, _M.id)).all()
        return [MentionRecord(*r) for r in rows]

    def entity_first_seen(self) -> dict[int, str]:
        """Entity id -> publication date of the earliest article mentioning it (entities whose
        articles are all undated are left out)."""
        first = func.min(_ARTICLE_DATE)
        rows = self.sa.execute(select(_M.entity_id, first).join(t.articles, _A.id == _M.article_id)
                               .group_by(_M.entity_id))
        return {eid: day for eid, day in rows if day}

    def timexes(self) -> list[TimexRecord]:
        """Every time expression, by article and position."""
        x = t.timexes.c
        rows = self.sa.execute(select(x.article_id, x.start, x.end, x.text, x.value, x.precision, x.anchor,
                                      x.sentence).order_by(x.article_id, x.start, x.idx)).all()
        return [TimexRecord(*r) for r in rows]

    def quotes(self) -> list[QuoteRecord]:
        """Every quote, by article and position."""
        q = t.quotes.c
        rows = self.sa.execute(select(q.article_id, q.speaker, q.speaker_entity, q.cue, q.content, q.start,
                                      q.end, q.sentence).order_by(q.article_id, q.start, q.id)).all()
        return [QuoteRecord(*r) for r in rows]

    def event_claims(self) -> list[EventClaim]:
        """Every event claim, in the order of its article's date (undated first), article, position."""
        e = t.events.c
        rows = self.sa.execute(select(
            e.id, e.article_id, e.idx, e.type, e.subtype, e.date_value, e.date_precision, e.location_entity,
            e.killed, e.injured, e.modality, e.polarity, e.attributed_to, _ARTICLE_DATE)
            .join(t.articles, _A.id == e.article_id)
            .order_by(_ARTICLE_DATE.asc().nulls_first(), e.article_id, e.idx)).all()
        return [EventClaim(
            id=x.id, article_id=x.article_id, idx=x.idx, type=x.type, subtype=x.subtype, date_value=x.date_value,
            date_precision=x.date_precision, location_entity=x.location_entity, killed=x.killed,
            injured=x.injured, modality=x.modality, polarity=bool(x.polarity), attributed_to=x.attributed_to,
            published=x[13]) for x in rows]

    def event_roles(self) -> dict[str, list[RoleRecord]]:
        """Every event's roles, by event claim id, in the order they were stored."""
        r = t.event_roles.c
        out: dict[str, list[RoleRecord]] = defaultdict(list)
        for row in self.sa.execute(select(r.event_id, r.role, r.text, r.entity_id, r.start, r.end)):
            out[row[0]].append(RoleRecord(*row))
        return out

    def evidence(self, kind: str) -> dict[str, list[EvidenceRecord]]:
        """Every claim's evidence of one kind (``event``, ``relation``), by claim id, in text order."""
        v = t.evidence.c
        out: dict[str, list[EvidenceRecord]] = defaultdict(list)
        for row in self.sa.execute(select(v.claim_id, v.article_id, v.start, v.end, v.text, v.sentence)
                                   .where(v.claim_kind == kind).order_by(v.claim_id, v.start)):
            out[row[0]].append(EvidenceRecord(*row))
        return out

    def relation_claims(self) -> list[RelationClaim]:
        """Every relation claim, in the order of its article's date (undated first), article, position."""
        r = t.relations.c
        rows = self.sa.execute(select(
            r.id, r.article_id, r.idx, r.type, r.subtype, r.subject_entity, r.object_entity, r.object_event,
            r.polarity, r.modality, r.valid_from, r.valid_to, r.attributed_to, r.retracted, _ARTICLE_DATE)
            .join(t.articles, _A.id == r.article_id)
            .order_by(_ARTICLE_DATE.asc().nulls_first(), r.article_id, r.idx)).all()
        return [RelationClaim(
            id=x.id, article_id=x.article_id, idx=x.idx, type=x.type, subtype=x.subtype,
            subject_entity=x.subject_entity, object_entity=x.object_entity, object_event=x.object_event,
            polarity=bool(x.polarity), modality=x.modality, valid_from=x.valid_from, valid_to=x.valid_to,
            attributed_to=x.attributed_to, retracted=bool(x.retracted), published=x[14]) for x in rows]

    def person_deaths(self, lethal_subtypes: Collection[str]) -> list[tuple[int, str]]:
        """(entity id, event date) of every person named as the victim of a dated, asserted,
        positive event that killed someone or is of one of ``lethal_subtypes``."""
        e, r, n = t.events.c, t.event_roles.c, t.entities.c
        rows = self.sa.execute(
            select(r.entity_id, e.date_value).select_from(t.events)
            .join(t.event_roles, r.event_id == e.id).join(t.entities, n.id == r.entity_id)
            .where(r.role == "victim", n.type == "PERSON", e.polarity == 1, e.date_value.is_not(None),
                   e.modality == "asserted", (e.killed >= 1) | e.subtype.in_(sorted(lethal_subtypes))))
        return [(eid, day) for eid, day in rows]

    # -- entities, for lookups and profiles -------------------------------------------------
    def entity_id(self, name: str | int) -> int:
        """Resolve an id, a canonical name or an alias (case- and punctuation-insensitive)."""
        from ..errors import NotFoundError, echo
        from ..extract.kb import norm
        from .params import row_id

        eid = row_id(name, "entity")
        if eid is not None:
            if self.entity_exists(eid):
                return eid
            raise NotFoundError(f"no entity with id {eid}")
        text = str(name).strip()
        ids = self.entity_ids_named(text) or self.entity_ids_named(text, alias=True)
        if not ids:
            key = norm(text)
            aliases = self.aliases_by_entity()
            ids = [i for i in sorted(aliases) if any(norm(a) == key for a in aliases[i])]
        if not ids:
            raise NotFoundError(f"no entity named {echo(text)}; try `newsgraph entities --search`")
        return ids[0]

    def entity_exists(self, entity_id: int) -> bool:
        return self.sa.execute(select(_E.id).where(_E.id == entity_id)).first() is not None

    def entity_ids_named(self, name: str, *, alias: bool = False) -> list[int]:
        """Entities whose name (``alias``: one of whose aliases) is ``name``, case aside; the
        most mentioned first, then by id."""
        column, owner = (t.aliases.c.alias, t.aliases.c.entity_id) if alias else (_E.name, _E.id)
        mentions = func.count(_M.id)
        rows = self.sa.execute(
            select(owner).select_from(t.aliases if alias else t.entities)
            .outerjoin(t.mentions, _M.entity_id == owner)
            .where(func.lower(column) == func.lower(name))
            .group_by(owner).order_by(mentions.desc(), owner))
        return [eid for eid, in rows]

    def entity_summaries(self, *, types: Collection[str] | None = None, search: str | None = None,
                         ids: Collection[int] | None = None, mentioned: bool = False,
                         limit: int | None = None, offset: int = 0) -> list[EntitySummary]:
        """Entities with their mention and article counts, the most mentioned first (then by
        name, then id): of ``types``, with an alias containing ``search`` (case aside), among
        ``ids``, only those mentioned at all when ``mentioned``."""
        mentions, articles = func.count(_M.id), func.count(_M.article_id.distinct())
        query = select(_E.id, _E.name, _E.type, _E.kb_id, mentions, articles).select_from(t.entities)
        query = query.join(t.mentions, _M.entity_id == _E.id) if mentioned else \
            query.outerjoin(t.mentions, _M.entity_id == _E.id)
        if types is not None:
            query = query.where(_E.type.in_(sorted(types)))
        if search:
            a = t.aliases.c
            query = query.where(_E.id.in_(select(a.entity_id).where(
                func.lower(a.alias).like(func.lower(like_containing(search)), escape=LIKE_ESCAPE))))
        if ids is not None:
            query = query.where(_E.id.in_(sorted(ids)))
        query = query.group_by(_E.id, _E.name, _E.type, _E.kb_id).order_by(mentions.desc(), _E.name, _E.id)
        if limit is not None:
            query = query.limit(limit).offset(offset)
        return [EntitySummary(*r) for r in self.sa.execute(query)]

    def aliases_of(self, entity_ids: Collection[int]) -> dict[int, list[str]]:
        """The aliases of some entities, sorted (by code point)."""
        out: dict[int, list[str]] = defaultdict(list)
        ids = sorted(entity_ids)
        for lo in range(0, len(ids), 500):
            for eid, alias in self.sa.execute(select(t.aliases.c.entity_id, t.aliases.c.alias)
                                              .where(t.aliases.c.entity_id.in_(ids[lo: lo + 500]))):
                out[eid].append(alias)
        for aliases in out.values():
            aliases.sort()
        return out

    def mentions_in_context(self, entity_id: int) -> list[MentionInContext]:
        """Every mention of an entity with its sentence, oldest article first (undated first),
        then by article and position."""
        s = t.sentences.c
        rows = self.sa.execute(
            select(_M.article_id, _M.start, _M.end, _M.text, _M.type, _M.sentence, _A.text, s.start, s.end,
                   _A.title, _A.publisher, _A.published, _A.published_from, _A.published_to)
            .select_from(t.mentions).join(t.articles, _A.id == _M.article_id)
            .outerjoin(t.sentences, (s.article_id == _M.article_id) & (s.idx == _M.sentence))
            .where(_M.entity_id == entity_id)
            .order_by(_ARTICLE_DATE.asc().nulls_first(), _M.article_id, _M.start, _M.id))
        return [MentionInContext(aid, start, end, text, mtype, sentence,
                                 body[s_start:s_end] if s_start is not None else "", *rest)
                for aid, start, end, text, mtype, sentence, body, s_start, s_end, *rest in rows]

    def entity_links(self, entity_id: int) -> list[LinkRecord]:
        """How each article's entity came to be linked to this one, in the order stored."""
        k = t.links.c
        return [LinkRecord(*r) for r in self.sa.execute(
            select(k.article_id, k.local_name, k.reason).where(k.entity_id == entity_id))]

    def quotes_by(self, entity_id: int) -> list[QuoteRecord]:
        """The quotes an entity is the speaker of, in the order stored."""
        q = t.quotes.c
        return [QuoteRecord(*r) for r in self.sa.execute(
            select(q.article_id, q.speaker, q.speaker_entity, q.cue, q.content, q.start, q.end, q.sentence)
            .where(q.speaker_entity == entity_id))]

    def event_tolls(self, claim_ids: Collection[str]) -> list[int | None]:
        """The death toll (``killed``) each of these event claims states, by claim id."""
        e = t.events.c
        ids = sorted(claim_ids)
        return [killed for killed, in self.sa.execute(select(e.killed).where(e.id.in_(ids)).order_by(e.id))] \
            if ids else []

    def table_dumps(self) -> Iterator[TableDump]:
        """Every table the store has, by name, with all its rows."""
        dialect = sqlite.dialect()
        for table in sorted(t.metadata.sorted_tables, key=lambda x: x.name):
            if not self.has_table(table.name):
                continue
            columns = [(c.name, c.type.compile(dialect)) for c in table.columns]
            rows = [tuple(r) for r in self.sa.execute(select(*table.columns))]
            yield TableDump(table.name, columns, rows)
