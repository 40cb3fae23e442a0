"""Typed reads: one :class:`Store` method per question the rest of newsgraph asks, returning
records (frozen dataclasses) rather than rows, so that no module outside the store writes SQL.

Each method is the one place its query is written (SQLAlchemy Core, the same on both backends);
orders are spelt out (``NULLS FIRST`` as SQLite sorts, a key as the last tie-break) so both
backends return the same sequence.  :class:`Reads` is a mixin of :class:`~newsgraph.store.Store`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select
from sqlalchemy.dialects import sqlite

from . import schema as t


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

    def has_table(self, name: str) -> bool:  # defined by Store
        raise NotImplementedError

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

    def table_dumps(self) -> Iterator[TableDump]:
        """Every table the store has, by name, with all its rows."""
        dialect = sqlite.dialect()
        for table in sorted(t.metadata.sorted_tables, key=lambda x: x.name):
            if not self.has_table(table.name):
                continue
            columns = [(c.name, c.type.compile(dialect)) for c in table.columns]
            rows = [tuple(r) for r in self.sa.execute(select(*table.columns))]
            yield TableDump(table.name, columns, rows)
