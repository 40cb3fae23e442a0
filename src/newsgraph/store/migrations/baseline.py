"""The store's schema as revision 0001 (the baseline) created it: newsgraph 0.1's schema
version 4, frozen.

A copy of ``schema.py`` as it stood at the baseline, so that the baseline revision builds the
same tables however ``schema.py`` changes later (later changes come with revisions of their
own).  Never edit it.
"""

from __future__ import annotations

from sqlalchemy import (
    REAL,
    BigInteger,
    Column,
    Double,
    ForeignKey,
    Identity,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.types import TypeEngine

INT: TypeEngine[int] = BigInteger().with_variant(Integer(), "sqlite")
FLOAT: TypeEngine[float] = Double().with_variant(REAL(), "sqlite")

metadata = MetaData()


def _id() -> Column:
    """An integer primary key the database numbers (a rowid alias on SQLite)."""
    return Column("id", INT, Identity(), primary_key=True)


def _article_fk(name: str = "article_id", *, nullable: bool = False) -> Column:
    """A reference to an article; the row goes with the article."""
    return Column(name, Text, ForeignKey("articles.id", ondelete="CASCADE"), nullable=nullable)


def _entity_fk(name: str, *, nullable: bool = True, cascade: bool = False) -> Column:
    return Column(name, INT, ForeignKey("entities.id", ondelete="CASCADE" if cascade else None),
                  nullable=nullable)


def _span() -> list[Column]:
    return [Column("start", INT, nullable=False), Column("end", INT, nullable=False)]


schema_version = Table("schema_version", metadata, Column("version", INT, nullable=False))

articles = Table(
    "articles", metadata,
    Column("id", Text, primary_key=True),
    Column("source", Text, nullable=False),
    Column("line", INT),
    Column("url", Text),
    Column("title", Text),
    Column("publisher", Text),
    Column("byline", Text),
    Column("dateline", Text),
    Column("published", Text),
    Column("published_from", Text),
    Column("published_to", Text),
    Column("raw_text", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("offsets", Text, nullable=False),
    Column("corrections", Text, nullable=False, server_default="[]"),
    Column("removed_share", FLOAT),
    Column("removed", Text, nullable=False, server_default="{}"),
    Column("pipeline_version", Text, nullable=False),
    Column("ingested_at", Text, nullable=False),
)

sentences = Table(
    "sentences", metadata,
    _article_fk(),
    Column("idx", INT, nullable=False),
    *_span(),
    PrimaryKeyConstraint("article_id", "idx"),
)

entities = Table(
    "entities", metadata,
    _id(),
    Column("name", Text, nullable=False),
    Column("type", Text, nullable=False),
    Column("kb_id", Text),
    Column("ambiguous", INT, nullable=False, server_default=text("0")),
    Column("created_at", Text, nullable=False),
    Index("entities_kb", "kb_id"),
    Index("entities_type", "type"),
)

aliases = Table(
    "aliases", metadata,
    _entity_fk("entity_id", nullable=False, cascade=True),
    Column("alias", Text, nullable=False),
    PrimaryKeyConstraint("entity_id", "alias"),
)

entity_keys = Table(
    "entity_keys", metadata,
    Column("key", Text, nullable=False),
    _entity_fk("entity_id", nullable=False, cascade=True),
    PrimaryKeyConstraint("key", "entity_id"),
)

mentions = Table(
    "mentions", metadata,
    _id(),
    _article_fk(),
    _entity_fk("entity_id", nullable=False),
    Column("local_idx", INT, nullable=False),
    Column("sentence", INT, nullable=False),
    *_span(),
    Column("text", Text, nullable=False),
    Column("type", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("kb_id", Text),
    Index("mentions_entity", "entity_id"),
    Index("mentions_article", "article_id"),
)

links = Table(
    "links", metadata,
    _article_fk(),
    Column("local_idx", INT, nullable=False),
    _entity_fk("entity_id", nullable=False),
    Column("local_name", Text, nullable=False),
    Column("reason", Text, nullable=False),
    PrimaryKeyConstraint("article_id", "local_idx"),
    Index("links_entity", "entity_id"),
)

timexes = Table(
    "timexes", metadata,
    _article_fk(),
    Column("idx", INT, nullable=False),
    *_span(),
    Column("text", Text, nullable=False),
    Column("value", Text),
    Column("precision", Text, nullable=False),
    Column("anchor", Text),
    Column("sentence", INT),
    PrimaryKeyConstraint("article_id", "idx"),
)

events = Table(
    "events", metadata,
    Column("id", Text, primary_key=True),
    _article_fk(),
    Column("idx", INT, nullable=False),
    Column("type", Text, nullable=False),
    Column("subtype", Text, nullable=False),
    Column("date_value", Text),
    Column("date_precision", Text),
    _entity_fk("location_entity"),
    Column("killed", INT),
    Column("injured", INT),
    Column("modality", Text, nullable=False),
    Column("polarity", INT, nullable=False, server_default=text("1")),
    Column("attributed_to", Text),
    _entity_fk("attributed_entity"),
    Column("trigger_start", INT, nullable=False),
    Column("trigger_end", INT, nullable=False),
    Column("trigger_text", Text, nullable=False),
    Column("extractor", Text, nullable=False),
    Index("events_article", "article_id"),
)

event_roles = Table(
    "event_roles", metadata,
    Column("event_id", Text, ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column("role", Text, nullable=False),
    Column("text", Text, nullable=False),
    _entity_fk("entity_id"),
    *_span(),
    Index("event_roles_event", "event_id"),
    Index("event_roles_entity", "entity_id"),
)

relations = Table(
    "relations", metadata,
    Column("id", Text, primary_key=True),
    _article_fk(),
    Column("idx", INT, nullable=False),
    Column("type", Text, nullable=False),
    Column("subtype", Text),
    _entity_fk("subject_entity", nullable=False),
    _entity_fk("object_entity"),
    Column("object_event", Text, ForeignKey("events.id")),
    Column("polarity", INT, nullable=False, server_default=text("1")),
    Column("modality", Text, nullable=False),
    Column("valid_from", Text),
    Column("valid_to", Text),
    Column("attributed_to", Text),
    _entity_fk("attributed_entity"),
    Column("retracted", INT, nullable=False, server_default=text("0")),
    Column("extractor", Text, nullable=False),
    Index("relations_subject", "subject_entity"),
    Index("relations_object", "object_entity"),
    Index("relations_article", "article_id"),
)

evidence = Table(
    "evidence", metadata,
    Column("claim_kind", Text, nullable=False),
    Column("claim_id", Text, nullable=False),
    _article_fk(),
    *_span(),
    Column("text", Text, nullable=False),
    Column("sentence", INT),
    Index("evidence_claim", "claim_kind", "claim_id"),
)

quotes = Table(
    "quotes", metadata,
    Column("id", Text, primary_key=True),
    _article_fk(),
    Column("speaker", Text, nullable=False),
    _entity_fk("speaker_entity"),
    Column("cue", Text, nullable=False),
    Column("content", Text, nullable=False),
    *_span(),
    Column("sentence", INT),
    Index("quotes_speaker", "speaker_entity"),
)

failures = Table(
    "failures", metadata,
    _id(),
    Column("source", Text, nullable=False),
    Column("line", INT),
    Column("reason", Text, nullable=False),
    Column("at", Text, nullable=False),
)
# One row per (source, line, reason), a missing line counting as one value: recording the same
# failure twice is a no-op (the insert ignores the conflict).
Index("failures_unique", failures.c.source, func.coalesce(failures.c.line, -1), failures.c.reason,
      unique=True)

kb_entries = Table(
    "kb_entries", metadata,
    Column("id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", Text, nullable=False),
    Column("aliases", Text, nullable=False),
    Column("country", Text),
    Column("cameo", Text, nullable=False),
    Column("parent", Text),
    Column("note", Text),
    Column("source", Text, nullable=False),
)

# Analysts' decisions (newsgraph.query.review).
decisions = Table(
    "decisions", metadata,
    _id(),
    Column("action", Text, nullable=False),
    Column("target", Text, nullable=False),
    Column("payload", Text, nullable=False, server_default="{}"),
    Column("by", Text, nullable=False),
    Column("why", Text),
    Column("at", Text, nullable=False),
    Column("undone", INT, nullable=False, server_default=text("0")),
    Index("decisions_action", "action"),
)

# Places (newsgraph.query.geo): resolved coordinates, and analysts' overrides that outlive the entity id.
places = Table(
    "places", metadata,
    Column("entity_id", INT, ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True,
           autoincrement=False),
    Column("lat", FLOAT, nullable=False),
    Column("lon", FLOAT, nullable=False),
    Column("precision", Text, nullable=False),
    Column("place_name", Text, nullable=False),
    Column("country", Text),
    Column("source", Text, nullable=False),
    Column("geonameid", INT),
    Column("via", Text),
    Column("at", Text, nullable=False),
)

place_overrides = Table(
    "place_overrides", metadata,
    Column("entity_key", Text, primary_key=True),
    Column("entity_id", INT, nullable=False),
    Column("lat", FLOAT, nullable=False),
    Column("lon", FLOAT, nullable=False),
    Column("precision", Text, nullable=False),
    Column("note", Text),
    Column("at", Text, nullable=False),
)

# Near-duplicate detection (newsgraph.ingest.dedup).
signatures = Table(
    "signatures", metadata,
    Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("minhash", Text, nullable=False),
)

lsh_bands = Table(
    "lsh_bands", metadata,
    Column("band", INT, nullable=False),
    Column("hash", Text, nullable=False),
    _article_fk(),
    PrimaryKeyConstraint("band", "hash", "article_id"),
)

duplicates = Table(
    "duplicates", metadata,
    Column("article_id", Text, primary_key=True),
    Column("source", Text, nullable=False),
    Column("line", INT),
    _article_fk("duplicate_of"),
    Column("similarity", FLOAT, nullable=False),
    Column("at", Text, nullable=False),
)
