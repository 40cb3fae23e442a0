"""Persistence: the only module that talks to the database.

SQLite in WAL mode with foreign keys on and a versioned schema.  Everything extracted from one
article is written in one transaction, keyed by the article's content id, so re-ingesting the
same article changes nothing and a crash never leaves half an article behind.  Cross-article
entity linking happens here, inside that transaction, using :mod:`newsgraph.resolve` to decide.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import dedup, resolve
from .errors import NotFoundError, StoreError, echo
from .kb import KBEntry, KnowledgeBase
from .records import Article, ArticleResult, Failure, LocalEntity, StoredEntity

SCHEMA_VERSION = 4  # v4: articles.removed_share / removed (what cleaning removed)

SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    line INTEGER,
    url TEXT,
    title TEXT,
    publisher TEXT,
    byline TEXT,
    dateline TEXT,
    published TEXT,
    published_from TEXT,
    published_to TEXT,
    raw_text TEXT NOT NULL,
    text TEXT NOT NULL,
    offsets TEXT NOT NULL,
    corrections TEXT NOT NULL DEFAULT '[]',
    removed_share REAL,
    removed TEXT NOT NULL DEFAULT '{}',
    pipeline_version TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sentences (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    PRIMARY KEY (article_id, idx)
);
CREATE TABLE IF NOT EXISTS entities (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    kb_id TEXT,
    ambiguous INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS entities_kb ON entities(kb_id);
CREATE INDEX IF NOT EXISTS entities_type ON entities(type);
CREATE TABLE IF NOT EXISTS aliases (
    entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    PRIMARY KEY (entity_id, alias)
);
CREATE TABLE IF NOT EXISTS entity_keys (
    key TEXT NOT NULL,
    entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    PRIMARY KEY (key, entity_id)
);
CREATE TABLE IF NOT EXISTS mentions (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    local_idx INTEGER NOT NULL,
    sentence INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    type TEXT NOT NULL,
    source TEXT NOT NULL,
    kb_id TEXT
);
CREATE INDEX IF NOT EXISTS mentions_entity ON mentions(entity_id);
CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id);
CREATE TABLE IF NOT EXISTS links (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    local_idx INTEGER NOT NULL,
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    local_name TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (article_id, local_idx)
);
CREATE INDEX IF NOT EXISTS links_entity ON links(entity_id);
CREATE TABLE IF NOT EXISTS timexes (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    value TEXT,
    precision TEXT NOT NULL,
    anchor TEXT,
    sentence INTEGER,
    PRIMARY KEY (article_id, idx)
);
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    type TEXT NOT NULL,
    subtype TEXT NOT NULL,
    date_value TEXT,
    date_precision TEXT,
    location_entity INTEGER REFERENCES entities(id),
    killed INTEGER,
    injured INTEGER,
    modality TEXT NOT NULL,
    polarity INTEGER NOT NULL DEFAULT 1,
    attributed_to TEXT,
    attributed_entity INTEGER REFERENCES entities(id),
    trigger_start INTEGER NOT NULL,
    trigger_end INTEGER NOT NULL,
    trigger_text TEXT NOT NULL,
    extractor TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_article ON events(article_id);
CREATE TABLE IF NOT EXISTS event_roles (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    text TEXT NOT NULL,
    entity_id INTEGER REFERENCES entities(id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS event_roles_event ON event_roles(event_id);
CREATE INDEX IF NOT EXISTS event_roles_entity ON event_roles(entity_id);
CREATE TABLE IF NOT EXISTS relations (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    type TEXT NOT NULL,
    subtype TEXT,
    subject_entity INTEGER NOT NULL REFERENCES entities(id),
    object_entity INTEGER REFERENCES entities(id),
    object_event TEXT REFERENCES events(id),
    polarity INTEGER NOT NULL DEFAULT 1,
    modality TEXT NOT NULL,
    valid_from TEXT,
    valid_to TEXT,
    attributed_to TEXT,
    attributed_entity INTEGER REFERENCES entities(id),
    retracted INTEGER NOT NULL DEFAULT 0,
    extractor TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS relations_subject ON relations(subject_entity);
CREATE INDEX IF NOT EXISTS relations_object ON relations(object_entity);
CREATE INDEX IF NOT EXISTS relations_article ON relations(article_id);
CREATE TABLE IF NOT EXISTS evidence (
    claim_kind TEXT NOT NULL,
    claim_id TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    sentence INTEGER
);
CREATE INDEX IF NOT EXISTS evidence_claim ON evidence(claim_kind, claim_id);
CREATE TABLE IF NOT EXISTS quotes (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    speaker TEXT NOT NULL,
    speaker_entity INTEGER REFERENCES entities(id),
    cue TEXT NOT NULL,
    content TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    sentence INTEGER
);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker_entity);
CREATE TABLE IF NOT EXISTS failures (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    line INTEGER,
    reason TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS failures_unique ON failures(source, COALESCE(line, -1), reason);
CREATE TABLE IF NOT EXISTS kb_entries (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    aliases TEXT NOT NULL,
    country TEXT,
    cameo TEXT NOT NULL,
    parent TEXT,
    note TEXT,
    source TEXT NOT NULL
);
"""

# Analysts' decisions (newsgraph.review) and places (newsgraph.geo), part of the schema since v2.
DECISIONS_DDL = """
CREATE TABLE IF NOT EXISTS decisions (
    id INTEGER PRIMARY KEY,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}',
    "by" TEXT NOT NULL,
    why TEXT,
    at TEXT NOT NULL,
    undone INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS decisions_action ON decisions(action)
"""

PLACE_TABLES = """
CREATE TABLE IF NOT EXISTS places (
    entity_id INTEGER PRIMARY KEY REFERENCES entities(id) ON DELETE CASCADE,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    precision TEXT NOT NULL,
    place_name TEXT NOT NULL,
    country TEXT,
    source TEXT NOT NULL,
    geonameid INTEGER,
    via TEXT,
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS place_overrides (
    entity_key TEXT PRIMARY KEY,
    entity_id INTEGER NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    precision TEXT NOT NULL,
    note TEXT,
    at TEXT NOT NULL
)
"""

# Near-duplicate detection (newsgraph.dedup), since v3.
DEDUP_TABLES = """
CREATE TABLE IF NOT EXISTS signatures (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    minhash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS lsh_bands (
    band INTEGER NOT NULL,
    hash TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (band, hash, article_id)
);
CREATE TABLE IF NOT EXISTS duplicates (
    article_id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    line INTEGER,
    duplicate_of TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    similarity REAL NOT NULL,
    at TEXT NOT NULL
)
"""

SCHEMA = (SCHEMA + ";\n" + DECISIONS_DDL.strip() + ";\n" + PLACE_TABLES.strip() + ";\n"
          + DEDUP_TABLES.strip() + ";\n")

# Older schema versions upgrade by running these scripts in order: MIGRATIONS[v] takes v -> v + 1.
MIGRATIONS: dict[int, str] = {}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


MAX_ID = 2**63 - 1  # the largest INTEGER of SQLite, BIGINT of PostgreSQL


def row_id(value: str | int, what: str = "row") -> int | None:
    """``value`` as a row id when it is written as one (an int, or ASCII digits), else None: a
    name, say, for the caller to look up.  An id no row can have (below 1, beyond :data:`MAX_ID`,
    5,000 digits) is a :class:`NotFoundError` here, never an overflow in the database driver."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = str(value).strip()
        if not (text.isascii() and text.isdigit()):
            return None
        number = int(text) if len(text) <= len(str(MAX_ID)) else MAX_ID + 1
    if not 1 <= number <= MAX_ID:
        raise NotFoundError(f"no {what} with id {echo(value)}")
    return number


LIKE_ESCAPE = "\\"


def like_containing(text: str) -> str:
    """A ``LIKE ... ESCAPE '\\'`` pattern matching ``text`` anywhere, its ``%`` and ``_`` taken
    literally (on PostgreSQL too, where LIKE becomes ILIKE with the same ESCAPE clause)."""
    escaped = text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", LIKE_ESCAPE + "%").replace("_", LIKE_ESCAPE + "_")
    return f"%{escaped}%"


class Store:
    """A newsgraph store: one SQLite file (``:memory:`` works for tests) or a PostgreSQL database.

    ``Store("postgresql://user:pass@host/db")`` needs the ``[postgres]`` extra (psycopg 3).  The
    schema and every query are written once, in SQLite's dialect; :class:`_PgConnection` translates
    them, so ``store.conn.execute(...)`` and :meth:`query` behave the same on both backends.
    """

    def __init__(self, path: str | Path = "newsgraph.db", *, readonly: bool = False) -> None:
        self.path = str(path)
        self.backend = "postgresql" if self.path.startswith(("postgres://", "postgresql://")) else "sqlite"
        self.readonly = readonly
        if self.backend == "postgresql":
            self.conn: Any = _PgConnection.open(self.path, readonly=readonly)
            if not readonly:
                self._migrate()
            else:
                self._check_version()
            return
        try:
            if readonly:
                if not Path(self.path).exists():
                    raise StoreError(f"{self.path}: no such store; run `newsgraph ingest` first")
                uri = f"file:{Path(self.path).resolve()}?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=30)
            else:
                self.conn = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open store: {exc}") from exc
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        else:
            self._check_version()

    @property
    def label(self) -> str:
        """The store's location for messages, with any password hidden."""
        return redact_url(self.path)

    # -- schema -----------------------------------------------------------------------------
    def _version(self) -> int | None:
        if self.backend == "postgresql":
            if not self.conn.table_exists("schema_version"):
                return None
            row = self.conn.execute("SELECT version FROM schema_version").fetchone()
            return int(row[0]) if row else None
        try:
            row = self.conn.execute("SELECT version FROM schema_version").fetchone()
        except sqlite3.OperationalError:
            return None
        return int(row[0]) if row else None

    def _check_version(self) -> None:
        version = self._version()
        if version is not None and version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: store schema version {version} is newer than this newsgraph "
                f"understands ({SCHEMA_VERSION}); upgrade newsgraph to open it"
            )

    def _migrate(self) -> None:
        self._check_version()
        with self.transaction():
            if self.backend == "postgresql":  # two workers opening a fresh database at once
                self.conn.execute("SELECT pg_advisory_xact_lock(?)", (_lock_id("schema"),))
            version = self._version()
            if version is None:
                for statement in SCHEMA.split(";\n"):
                    if statement.strip():
                        self.conn.execute(statement)
                self.conn.execute("DELETE FROM schema_version")
                self.conn.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))
                return
            if version < SCHEMA_VERSION:
                self._reconcile()  # every table, index and column of today's schema
                self._backfill_keys()
                self._backfill_signatures()
            while version < SCHEMA_VERSION:
                for statement in MIGRATIONS.get(version, "").split(";\n"):  # data changes, if any
                    if statement.strip():
                        self.conn.execute(statement)
                version += 1
            self.conn.execute("UPDATE schema_version SET version = ?", (version,))

    def _reconcile(self) -> None:
        """Bring an older store's structure up to today's: missing tables and indexes are created,
        missing columns added (NOT NULL ones with their default, or an empty value of their type).

        The expected structure is read from the schema itself, built in an in-memory SQLite
        database, so a schema change needs no hand-written ALTER statements."""
        expected = sqlite3.connect(":memory:")
        expected.executescript(SCHEMA)
        tables = [r[0] for r in expected.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for statement in SCHEMA.split(";\n"):
            if statement.strip() and "INDEX" not in statement.upper().split("(")[0]:
                self.conn.execute(statement)
        for table in tables:
            present = self._columns(table)
            for _, name, ctype, notnull, default, _pk in expected.execute(f"PRAGMA table_info({table})"):
                if name in present:
                    continue
                if default is None and notnull:
                    default = "0" if ctype.upper() in ("INTEGER", "REAL") else "''"
                clause = f" NOT NULL DEFAULT {default}" if notnull else (f" DEFAULT {default}" if default else "")
                self.conn.execute(f'ALTER TABLE {table} ADD COLUMN "{name}" {ctype}{clause}')
        for statement in SCHEMA.split(";\n"):
            if statement.strip() and "INDEX" in statement.upper().split("(")[0]:
                self.conn.execute(statement)
        expected.close()

    def _backfill_keys(self) -> None:
        """Entities from a store older than its lookup keys get them, so new articles link to them."""
        rows = self.conn.execute(
            "SELECT e.id, e.name, e.type FROM entities e WHERE NOT EXISTS "
            "(SELECT 1 FROM entity_keys k WHERE k.entity_id = e.id)").fetchall()
        for eid, name, etype in rows:
            names = {name} | {r[0] for r in self.conn.execute(
                "SELECT alias FROM aliases WHERE entity_id = ?", (eid,)).fetchall()}
            keys = set().union(*(resolve.blocking_keys(n, etype) for n in names))
            self.conn.executemany("INSERT OR IGNORE INTO entity_keys (key, entity_id) VALUES (?, ?)",
                                  [(k, eid) for k in keys])

    def _backfill_signatures(self) -> None:
        """Articles from a store older than near-duplicate detection get their signatures."""
        rows = self.conn.execute(
            "SELECT id, text, source, line FROM articles a WHERE NOT EXISTS "
            "(SELECT 1 FROM signatures s WHERE s.article_id = a.id)").fetchall()
        for aid, text, source, line in rows:
            self._insert_signature(Article(id=aid, source=source, raw_text="", text=text, line=line))

    def _columns(self, table: str) -> set[str]:
        if self.backend == "postgresql":
            rows = self.conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?", (table,)).fetchall()
        else:
            rows = [(r[1],) for r in self.conn.execute(f"PRAGMA table_info({table})").fetchall()]
        return {r[0] for r in rows}

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """One write transaction; ``BEGIN IMMEDIATE`` so concurrent writers queue, not fail
        (plain ``BEGIN`` on PostgreSQL, where writers lock rows, not the file)."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def data_version(self) -> Any:
        """A value that changes whenever the store's data does, for caches of derived data.
        SQLite: ``PRAGMA data_version``, which moves on commits by *other* connections and is
        comparable only on this one.  PostgreSQL: the server's WAL position (it also moves for
        writes elsewhere on the server: a cache may rebuild needlessly, never serve stale data)."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ----------------------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def record_failure(self, failure: Failure) -> None:
        with self.transaction() as c:
            c.execute(
                "INSERT OR IGNORE INTO failures (source, line, reason, at) VALUES (?, ?, ?, ?)",
                (failure.source, failure.line, failure.reason[:500], _now()),
            )

    def save(self, result: ArticleResult, kb: KnowledgeBase, *, replace: bool = False) -> bool:
        """Write one analysed article in one transaction.  Returns False when it was already stored.

        On PostgreSQL several ingest processes may save at once: the transaction first takes
        advisory locks on the article id and on every blocking key of its entities (in sorted
        order, so two writers never wait on each other in a cycle), which makes "look up
        candidates, else create the entity" atomic per name; a deadlock or serialization failure
        from row locks is retried.
        """
        if self.backend != "postgresql":
            return self._save(result, kb, replace)
        for attempt in range(5):
            try:
                return self._save(result, kb, replace)
            except _PgConnection.retryable() as exc:
                if attempt == 4:
                    raise StoreError(f"{result.article.source}: could not save after retries: {exc}") from exc
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")

    def _link_locks(self, result: ArticleResult) -> list[int]:
        keys = {f"article:{result.article.id}"}
        for local in result.entities:
            for name in {local.name, *local.aliases}:
                keys |= resolve.blocking_keys(name, local.type)
            if local.kb_id:
                keys.add(f"kb:{local.kb_id}")
        return sorted({_lock_id(k) for k in keys})

    def _save(self, result: ArticleResult, kb: KnowledgeBase, replace: bool) -> bool:
        article = result.article
        with self.transaction() as c:
            if self.backend == "postgresql":
                for lock in self._link_locks(result):
                    c.execute("SELECT pg_advisory_xact_lock(?)", (lock,))
            if c.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone():
                if not replace:
                    return False
                self._delete_article(article.id)
            self._insert_article(article, result.pipeline_version)
            self._insert_signature(article)
            c.executemany(
                'INSERT INTO sentences (article_id, idx, start, "end") VALUES (?, ?, ?, ?)',
                [(article.id, i, s, e) for i, (s, e) in enumerate(result.sentences)],
            )
            entity_ids = [self._link_entity(article.id, i, local, kb) for i, local in enumerate(result.entities)]
            c.executemany(
                "INSERT INTO mentions (article_id, entity_id, local_idx, sentence, start, \"end\", text, type, "
                "source, kb_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (article.id, entity_ids[m.entity], m.entity, m.sentence, m.start, m.end, m.text, m.type,
                     m.source, m.kb_id)
                    for m in result.mentions
                    if 0 <= m.entity < len(entity_ids)
                ],
            )
            c.executemany(
                'INSERT INTO timexes (article_id, idx, start, "end", text, value, precision, anchor, sentence) '
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (article.id, i, t.start, t.end, t.text, t.value, t.precision, t.anchor, t.sentence)
                    for i, t in enumerate(result.timexes)
                ],
            )
            event_ids = self._insert_events(article.id, result, entity_ids)
            self._insert_relations(article.id, result, entity_ids, event_ids)
            self._insert_quotes(article.id, result, entity_ids)
        return True

    def _insert_article(self, a: Article, pipeline_version: str) -> None:
        lo, hi = a.published_range if a.published_range else (None, None)
        self.conn.execute(
            "INSERT INTO articles (id, source, line, url, title, publisher, byline, dateline, published, "
            "published_from, published_to, raw_text, text, offsets, corrections, removed_share, removed, "
            "pipeline_version, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (a.id, a.source, a.line, a.url, a.title, a.publisher, a.byline, a.dateline, a.published, lo, hi,
             a.raw_text, a.text, json.dumps(a.offsets), json.dumps(a.corrections), a.removed_share,
             json.dumps(dict(a.removed)), pipeline_version, _now()),
        )

    def _insert_signature(self, article: Article) -> None:
        sig = dedup.signature(article.text)
        self.conn.execute("INSERT INTO signatures (article_id, minhash) VALUES (?, ?)",
                          (article.id, dedup.to_hex(sig)))
        self.conn.executemany("INSERT OR IGNORE INTO lsh_bands (band, hash, article_id) VALUES (?, ?, ?)",
                              [(i, h, article.id) for i, h in enumerate(dedup.bands(sig))])

    def near_duplicate(self, text: str) -> tuple[str, float] | None:
        """The stored article this text nearly duplicates (id, estimated similarity), if any."""
        sig = dedup.signature(text)
        candidates: set[str] = set()
        for i, h in enumerate(dedup.bands(sig)):
            candidates.update(r[0] for r in self.conn.execute(
                "SELECT article_id FROM lsh_bands WHERE band = ? AND hash = ?", (i, h)).fetchall())
        best: tuple[str, float] | None = None
        for cid in sorted(candidates):
            row = self.conn.execute("SELECT minhash FROM signatures WHERE article_id = ?", (cid,)).fetchone()
            if row is None:
                continue
            score = dedup.similarity(sig, dedup.from_hex(row[0]))
            if score >= dedup.THRESHOLD and (best is None or score > best[1]):
                best = (cid, score)
        return best

    def record_duplicate(self, article: Article, of: str, similarity: float) -> None:
        """Link a near-duplicate to the stored article it copies; its claims are not counted again."""
        with self.transaction() as c:
            c.execute(
                "INSERT OR REPLACE INTO duplicates (article_id, source, line, duplicate_of, similarity, at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (article.id, article.source, article.line, of, round(similarity, 4), _now()))

    def _delete_article(self, article_id: str) -> None:
        c = self.conn
        touched = [r[0] for r in c.execute("SELECT DISTINCT entity_id FROM mentions WHERE article_id = ?", (article_id,))]
        c.execute("DELETE FROM evidence WHERE article_id = ?", (article_id,))
        c.execute("DELETE FROM relations WHERE article_id = ?", (article_id,))
        c.execute("DELETE FROM events WHERE article_id = ?", (article_id,))
        c.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        for eid in touched:  # entities left without any mention go with the article
            if not c.execute("SELECT 1 FROM mentions WHERE entity_id = ? LIMIT 1", (eid,)).fetchone():
                self._drop_entity(eid)

    def _drop_entity(self, eid: int) -> None:
        c = self.conn
        for table, col in (("relations", "subject_entity"), ("relations", "object_entity"),
                           ("event_roles", "entity_id"), ("events", "location_entity"),
                           ("events", "attributed_entity"), ("relations", "attributed_entity"),
                           ("quotes", "speaker_entity")):
            if col in ("subject_entity", "object_entity"):  # a relation without an argument is meaningless
                c.execute(f"DELETE FROM relations WHERE {col} = ?", (eid,))
            else:
                c.execute(f"UPDATE {table} SET {col} = NULL WHERE {col} = ?", (eid,))
        c.execute("DELETE FROM links WHERE entity_id = ?", (eid,))
        c.execute("DELETE FROM entities WHERE id = ?", (eid,))

    def _candidates(self, local: LocalEntity) -> list[StoredEntity]:
        keys: set[str] = set()
        for name in {local.name, *local.aliases}:
            keys |= resolve.blocking_keys(name, local.type)
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        ids = [r[0] for r in self.conn.execute(
            f"SELECT DISTINCT entity_id FROM entity_keys WHERE key IN ({marks}) LIMIT 200", tuple(keys))]
        if local.kb_id:
            ids += [r[0] for r in self.conn.execute("SELECT id FROM entities WHERE kb_id = ?", (local.kb_id,))]
        return self._entity_records(list(dict.fromkeys(ids)))

    def _entity_records(self, entity_ids: list[int]) -> list[StoredEntity]:
        """:meth:`entity_record` of each id, in order, in three queries for all of them rather
        than three per candidate (saving an article looks up candidates for every entity)."""
        if not entity_ids:
            return []
        rows: dict[int, Any] = {}
        aliases: dict[int, list[str]] = {i: [] for i in entity_ids}
        counts: dict[int, int] = dict.fromkeys(entity_ids, 0)
        for lo in range(0, len(entity_ids), 500):  # under every backend's parameter limit
            chunk = tuple(entity_ids[lo : lo + 500])
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(f"SELECT * FROM entities WHERE id IN ({marks})", chunk):
                rows[row["id"]] = row
            for eid, alias in self.conn.execute(
                f"SELECT entity_id, alias FROM aliases WHERE entity_id IN ({marks}) ORDER BY entity_id, alias",
                chunk,
            ):
                aliases[eid].append(alias)
            for eid, count in self.conn.execute(
                f"SELECT entity_id, COUNT(*) FROM mentions WHERE entity_id IN ({marks}) GROUP BY entity_id",
                chunk,
            ):
                counts[eid] = count
        out = []
        for i in entity_ids:
            row = rows.get(i)
            if row is None:
                raise NotFoundError(f"no entity with id {i}")
            out.append(StoredEntity(row["id"], row["name"], row["type"], tuple(aliases[i]), row["kb_id"], counts[i]))
        return out

    def entity_record(self, entity_id: int) -> StoredEntity:
        row = self.conn.execute("SELECT * FROM entities WHERE id = ?", (entity_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no entity with id {entity_id}")
        aliases = tuple(r[0] for r in self.conn.execute(
            "SELECT alias FROM aliases WHERE entity_id = ? ORDER BY alias", (entity_id,)))
        count = self.conn.execute("SELECT COUNT(*) FROM mentions WHERE entity_id = ?", (entity_id,)).fetchone()[0]
        return StoredEntity(row["id"], row["name"], row["type"], aliases, row["kb_id"], count)

    def _link_entity(self, article_id: str, local_idx: int, local: LocalEntity, kb: KnowledgeBase) -> int:
        """Find or create the stored entity for one in-article entity, recording why."""
        c = self.conn
        candidates = self._candidates(local)
        entity_id, reason = resolve.link(local, candidates, kb) if candidates else (None, "no candidate")
        if entity_id is None:
            cur = c.execute(
                "INSERT INTO entities (name, type, kb_id, ambiguous, created_at) VALUES (?, ?, ?, ?, ?)",
                (local.name, local.type, local.kb_id, int(local.ambiguous), _now()),
            )
            entity_id = int(cur.lastrowid)
            reason = f"new entity ({reason})"
        else:
            row = c.execute("SELECT name, kb_id FROM entities WHERE id = ?", (entity_id,)).fetchone()
            if local.kb_id and not row["kb_id"]:  # the KB's canonical name wins once known
                c.execute("UPDATE entities SET kb_id = ?, name = ? WHERE id = ?", (local.kb_id, local.name, entity_id))
            elif not row["kb_id"] and len(local.name) > len(row["name"]) and not local.ambiguous:
                c.execute("UPDATE entities SET name = ? WHERE id = ?", (local.name, entity_id))
        names = {local.name, *local.aliases}
        c.executemany("INSERT OR IGNORE INTO aliases (entity_id, alias) VALUES (?, ?)",
                      [(entity_id, n) for n in names])
        keys = set()
        for n in names:
            keys |= resolve.blocking_keys(n, local.type)
        c.executemany("INSERT OR IGNORE INTO entity_keys (key, entity_id) VALUES (?, ?)",
                      [(k, entity_id) for k in keys])
        c.execute(
            "INSERT OR REPLACE INTO links (article_id, local_idx, entity_id, local_name, reason) "
            "VALUES (?, ?, ?, ?, ?)",
            (article_id, local_idx, entity_id, local.name, "; ".join([reason, *local.reasons])[:1000]),
        )
        return entity_id

    @staticmethod
    def _eid(entity_ids: Sequence[int], idx: int | None) -> int | None:
        return entity_ids[idx] if idx is not None and 0 <= idx < len(entity_ids) else None

    def _evidence(self, kind: str, claim_id: str, article_id: str, evidence: Iterable[Any]) -> None:
        self.conn.executemany(
            'INSERT INTO evidence (claim_kind, claim_id, article_id, start, "end", text, sentence) '
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(kind, claim_id, article_id, e.start, e.end, e.text, e.sentence) for e in evidence],
        )

    def _insert_events(self, article_id: str, result: ArticleResult, entity_ids: list[int]) -> list[str]:
        ids = []
        for i, ev in enumerate(result.events):
            eid = f"{article_id}:e{i}"
            ids.append(eid)
            self.conn.execute(
                "INSERT INTO events (id, article_id, idx, type, subtype, date_value, date_precision, "
                "location_entity, killed, injured, modality, polarity, attributed_to, attributed_entity, "
                "trigger_start, trigger_end, trigger_text, extractor) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (eid, article_id, i, ev.type, ev.subtype, ev.date.value if ev.date else None,
                 ev.date.precision if ev.date else None, self._eid(entity_ids, ev.location), ev.killed,
                 ev.injured, ev.modality, int(ev.polarity), ev.attributed_to,
                 self._eid(entity_ids, ev.attributed_entity), ev.trigger.start, ev.trigger.end,
                 ev.trigger.text, ev.extractor),
            )
            self.conn.executemany(
                'INSERT INTO event_roles (event_id, role, text, entity_id, start, "end") VALUES (?, ?, ?, ?, ?, ?)',
                [(eid, r.role, r.text, self._eid(entity_ids, r.entity), r.start, r.end) for r in ev.roles],
            )
            self._evidence("event", eid, article_id, ev.evidence or (ev.trigger,))
        return ids

    def _insert_relations(self, article_id: str, result: ArticleResult, entity_ids: list[int],
                          event_ids: list[str]) -> None:
        for i, rel in enumerate(result.relations):
            subject = self._eid(entity_ids, rel.subject)
            if rel.object_is_event:
                obj_entity = None
                obj_event = event_ids[rel.object] if 0 <= rel.object < len(event_ids) else None
                if obj_event is None:
                    continue
            else:
                obj_entity, obj_event = self._eid(entity_ids, rel.object), None
                if obj_entity is None:
                    continue
            if subject is None:
                continue
            rid = f"{article_id}:r{i}"
            self.conn.execute(
                "INSERT INTO relations (id, article_id, idx, type, subtype, subject_entity, object_entity, "
                "object_event, polarity, modality, valid_from, valid_to, attributed_to, attributed_entity, "
                "retracted, extractor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (rid, article_id, i, rel.type, rel.subtype, subject, obj_entity, obj_event, int(rel.polarity),
                 rel.modality, rel.valid_from, rel.valid_to, rel.attributed_to,
                 self._eid(entity_ids, rel.attributed_entity), int(rel.retracted), rel.extractor),
            )
            self._evidence("relation", rid, article_id, rel.evidence)

    def _insert_quotes(self, article_id: str, result: ArticleResult, entity_ids: list[int]) -> None:
        self.conn.executemany(
            'INSERT INTO quotes (id, article_id, speaker, speaker_entity, cue, content, start, "end", sentence) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (f"{article_id}:q{i}", article_id, q.speaker, self._eid(entity_ids, q.speaker_entity), q.cue,
                 q.content, q.start, q.end, q.sentence)
                for i, q in enumerate(result.quotes)
            ],
        )

    # -- knowledge base ---------------------------------------------------------------------
    def save_kb_entries(self, entries: Iterable[KBEntry]) -> int:
        n = 0
        with self.transaction() as c:
            for e in entries:
                c.execute(
                    "INSERT OR REPLACE INTO kb_entries (id, name, type, aliases, country, cameo, parent, note, "
                    "source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (e.id, e.name, e.type, json.dumps(list(e.aliases)), e.country, json.dumps(list(e.cameo)),
                     e.parent, e.note, e.source),
                )
                n += 1
        return n

    def kb_entries(self) -> list[KBEntry]:
        return [
            KBEntry(r["id"], r["name"], r["type"], tuple(json.loads(r["aliases"])), r["country"],
                    tuple(json.loads(r["cameo"])), r["parent"], r["note"], r["source"])
            for r in self.conn.execute("SELECT * FROM kb_entries ORDER BY id")
        ]

    # -- reading ----------------------------------------------------------------------------
    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """Rows of one read query (SQLite dialect; rows index by position and by column name)."""
        return self.conn.execute(sql, tuple(params)).fetchall()

    def failures(self) -> list[Any]:
        return self.query("SELECT source, line, reason, at FROM failures ORDER BY id")

    def article(self, article_id: str) -> Any:
        row = self.conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no article with id {echo(article_id)}")
        return row

    def stats(self) -> dict[str, Any]:
        count = lambda t: self.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]  # noqa: E731
        by_type = {r[0]: r[1] for r in self.conn.execute(
            "SELECT type, COUNT(*) FROM entities GROUP BY type ORDER BY COUNT(*) DESC")}
        return {
            "articles": count("articles"),
            "entities": count("entities"),
            "mentions": count("mentions"),
            "events": count("events"),
            "relations": count("relations"),
            "quotes": count("quotes"),
            "timexes": count("timexes"),
            "failures": count("failures"),
            "duplicates": count("duplicates"),
            "entities_by_type": by_type,
        }

    def check(self) -> list[str]:
        """Integrity problems, empty when the store is sound."""
        # On PostgreSQL both PRAGMAs answer "sound": the server enforces integrity and foreign keys.
        problems = [r[0] for r in self.conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [f"foreign key violation in {r[0]} (rowid {r[1]})"
                     for r in self.conn.execute("PRAGMA foreign_key_check")]
        orphans = self.conn.execute(
            "SELECT COUNT(*) FROM entities e WHERE NOT EXISTS (SELECT 1 FROM mentions m WHERE m.entity_id = e.id)"
        ).fetchone()[0]
        if orphans:
            problems.append(f"{orphans} entities without mentions")
        return problems


# -- PostgreSQL ------------------------------------------------------------------------------------
def _lock_id(key: str) -> int:
    """A stable signed 64-bit advisory-lock id for a text key (same in every process)."""
    return zlib.crc32(key.encode("utf-8")) | (zlib.adler32(key.encode("utf-8")) << 32) & 0x7FFFFFFF00000000


def redact_url(url: str) -> str:
    """A store location fit for messages: the password of a database URL replaced by ***."""
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)


_DDL_TYPES = [
    (re.compile(r"\bINTEGER\s+PRIMARY\s+KEY(\s+AUTOINCREMENT)?", re.I), "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
    (re.compile(r"\bINTEGER\b", re.I), "BIGINT"),
    (re.compile(r"\bREAL\b", re.I), "DOUBLE PRECISION"),
    (re.compile(r"\bBLOB\b", re.I), "BYTEA"),
]
_NOCASE_EQ = re.compile(r"([\w.\"]+)\s*=\s*\?\s+COLLATE\s+NOCASE", re.I)
_NOCASE = re.compile(r"([\w.\"]+)\s+COLLATE\s+NOCASE", re.I)
_LIKE = re.compile(r"(?<![\w])LIKE(?![\w])", re.I)
_INSERT_OR = re.compile(r"^\s*INSERT\s+OR\s+(IGNORE|REPLACE)\s+INTO\s+(\w+)\s*\(([^)]*)\)", re.I)
_INSERT = re.compile(r"^\s*INSERT\s+INTO\s+(\w+)", re.I)
_BEGIN = re.compile(r"^\s*BEGIN(\s+(IMMEDIATE|DEFERRED|EXCLUSIVE))?\s*(TRANSACTION)?\s*$", re.I)
_PRAGMA = re.compile(r"^\s*PRAGMA\s+(\w+)\s*(?:\(\s*[\"']?(\w+)[\"']?\s*\))?", re.I)
_SQLITE_MASTER = re.compile(r"\bsqlite_master\b", re.I)
# sqlite_master as PostgreSQL sees it: the tables of the current schema
_PG_MASTER = ("(SELECT table_name::text AS name, 'table'::text AS type, table_name::text AS tbl_name "
              "FROM information_schema.tables WHERE table_schema = current_schema()) AS sqlite_master")
_PG_TYPES = {"bigint": "INTEGER", "integer": "INTEGER", "smallint": "INTEGER", "text": "TEXT",
             "double precision": "REAL", "real": "REAL", "bytea": "BLOB", "numeric": "NUMERIC"}


def _placeholders(sql: str) -> str:
    """``?`` -> ``%s`` and ``%`` -> ``%%`` outside quoted literals and identifiers."""
    out, quote = [], ""
    for ch in sql:
        if quote:
            if ch == quote:
                quote = ""
            out.append("%%" if ch == "%" else ch)
        elif ch in "'\"":
            quote = ch
            out.append(ch)
        elif ch == "?":
            out.append("%s")
        elif ch == "%":
            out.append("%%")
        else:
            out.append(ch)
    return "".join(out)


_ORDER_BY = re.compile(r"\bORDER\s+BY\s", re.I)
_ORDER_END = re.compile(r"\s(LIMIT|OFFSET|UNION|EXCEPT|INTERSECT)\b", re.I)


def _nulls_like_sqlite(sql: str) -> str:
    """SQLite sorts NULL as the smallest value, PostgreSQL as the largest: say so explicitly in
    every ORDER BY term (``NULLS FIRST`` ascending, ``NULLS LAST`` descending)."""
    out, pos = [], 0
    for m in _ORDER_BY.finditer(sql):
        if m.start() < pos:
            continue
        depth, i, quote = 0, m.end(), ""
        while i < len(sql):  # the clause ends at a closing paren, a keyword, or the end
            ch = sql[i]
            if quote:
                quote = "" if ch == quote else quote
            elif ch in "'\"":
                quote = ch
            elif ch == "(":
                depth += 1
            elif ch == ")":
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0 and _ORDER_END.match(sql, i):
                break
            i += 1
        terms, depth, start = [], 0, m.end()
        for j in range(m.end(), i + 1):
            ch = sql[j] if j < i else ","
            depth += ch == "("
            depth -= ch == ")"
            if ch == "," and depth == 0:
                terms.append(sql[start:j])
                start = j + 1
        fixed = []
        for term in terms:
            t = term.rstrip()
            if re.search(r"\bNULLS\s+(FIRST|LAST)$", t, re.I):
                fixed.append(term)
            else:
                tail = " NULLS LAST" if re.search(r"\bDESC$", t, re.I) else " NULLS FIRST"
                fixed.append(t + tail + term[len(t):])
        out.append(sql[pos:m.end()] + ",".join(fixed))
        pos = i
    out.append(sql[pos:])
    return "".join(out)


@lru_cache(maxsize=1024)
def _translate(sql: str) -> str:
    """SQLite dialect -> PostgreSQL for the statements newsgraph writes (not a general translator)."""
    if _BEGIN.match(sql):
        return "BEGIN"
    if re.match(r"^\s*CREATE\s+TABLE", sql, re.I):
        for pattern, repl in _DDL_TYPES:
            sql = pattern.sub(repl, sql)
    sql = _SQLITE_MASTER.sub(_PG_MASTER, sql)
    sql = _NOCASE_EQ.sub(r"LOWER(\1) = LOWER(?)", sql)
    sql = _NOCASE.sub(r"LOWER(\1)", sql)
    sql = _LIKE.sub("ILIKE", sql)  # SQLite's LIKE ignores ASCII case
    sql = _nulls_like_sqlite(sql)
    return _placeholders(sql)


class _PgRow(tuple):
    """A row that, like ``sqlite3.Row``, indexes by position or (case-insensitive) column name."""

    _index: dict[str, int]
    _names: tuple[str, ...]

    def __new__(cls, values: Sequence[Any], names: tuple[str, ...], index: dict[str, int]) -> _PgRow:
        row = super().__new__(cls, values)
        row._names, row._index = names, index
        return row

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            try:
                return tuple.__getitem__(self, self._index[key.lower()])
            except KeyError:
                raise IndexError(f"no such column: {key}") from None
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


def _row_factory(cursor: Any) -> Any:
    names = tuple(c.name for c in cursor.description) if cursor.description else ()
    index = {n.lower(): i for i, n in reversed(list(enumerate(names)))}
    return lambda values: _PgRow(values, names, index)


class _PgCursor:
    """The part of ``sqlite3.Cursor`` newsgraph uses."""

    def __init__(self, rows: list[Any], lastrowid: int | None = None, rowcount: int = -1) -> None:
        self._rows, self.lastrowid, self.rowcount, self._i = rows, lastrowid, rowcount, 0

    def fetchone(self) -> Any:
        if self._i >= len(self._rows):
            return None
        self._i += 1
        return self._rows[self._i - 1]

    def fetchall(self) -> list[Any]:
        rows, self._i = self._rows[self._i:], len(self._rows)
        return rows

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())


class _PgConnection:
    """A psycopg 3 connection that speaks the SQLite dialect newsgraph's modules write.

    Autocommit, with explicit ``BEGIN``/``COMMIT`` from :meth:`Store.transaction`, so reads
    outside a transaction never hold a snapshot open.  Translates placeholders, ``INSERT OR
    IGNORE/REPLACE`` (ON CONFLICT on the table's primary key), ``COLLATE NOCASE``, ``LIKE``,
    column types in ``CREATE TABLE``; answers ``PRAGMA``s with SQLite-shaped results; and gives
    ``lastrowid`` for inserts into tables with an identity ``id`` (via ``RETURNING id``).
    """

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self._pk: dict[str, list[str]] = {}
        self._identity: set[str] | None = None

    @classmethod
    def open(cls, url: str, *, readonly: bool = False) -> _PgConnection:
        try:
            import psycopg
            from psycopg.abc import Buffer
            from psycopg.types.numeric import Int8Dumper, NumericLoader
        except ImportError as exc:
            raise StoreError(
                "PostgreSQL stores need psycopg 3: pip install 'newsgraph[postgres]' "
                "(or pip install 'psycopg[binary]')"
            ) from exc

        class _BoolAsInt(Int8Dumper):  # SQLite stores booleans as 0/1; so do our INTEGER columns
            def dump(self, obj: Any) -> Buffer | None:
                return super().dump(int(obj))

        class _Number(NumericLoader):  # SUM() is NUMERIC in PostgreSQL; SQLite gives int/float
            def load(self, data: Any) -> Any:
                value = super().load(data)
                return int(value) if value == value.to_integral_value() else float(value)

        try:
            raw = psycopg.connect(url, autocommit=True, row_factory=_row_factory, connect_timeout=10)
        except psycopg.Error as exc:
            raise StoreError(f"{redact_url(url)}: cannot open store: {exc}") from exc
        raw.adapters.register_dumper(bool, _BoolAsInt)
        raw.adapters.register_loader("numeric", _Number)
        if readonly:
            raw.execute("SET default_transaction_read_only = on")
        return cls(raw)

    @staticmethod
    def retryable() -> tuple[type[BaseException], ...]:
        import psycopg.errors as e

        return (e.DeadlockDetected, e.SerializationFailure, e.UniqueViolation)

    # -- catalogue -------------------------------------------------------------------------------
    def table_exists(self, table: str) -> bool:
        return self.raw.execute("SELECT to_regclass(%s)", (table,)).fetchone()[0] is not None

    def _primary_key(self, table: str) -> list[str]:
        if table not in self._pk:
            self._pk[table] = [r[0] for r in self.raw.execute(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = to_regclass(%s) AND i.indisprimary "
                "ORDER BY array_position(i.indkey, a.attnum)", (table,))]
        return self._pk[table]

    def _has_identity(self, table: str) -> bool:
        if self._identity is None:
            self._identity = {r[0] for r in self.raw.execute(
                "SELECT table_name FROM information_schema.columns WHERE is_identity = 'YES' "
                "AND column_name = 'id' AND table_schema = current_schema()")}
        return table.lower() in self._identity

    # -- statements ------------------------------------------------------------------------------
    def _statement(self, sql: str) -> tuple[str, bool]:
        """The PostgreSQL text of one statement and whether it returns the new row's id."""
        returning = False
        m = _INSERT_OR.match(sql)
        if m:
            verb, table, cols = m[1].upper(), m[2], [c.strip().strip('"') for c in m[3].split(",")]
            sql = "INSERT INTO" + sql[m.start(2) - 1:]
            if verb == "IGNORE":
                sql += " ON CONFLICT DO NOTHING"
            else:
                pk = self._primary_key(table)
                rest = [c for c in cols if c not in pk]
                if pk and rest:
                    sets = ", ".join(f'"{c}" = EXCLUDED."{c}"' for c in rest)
                    sql += f" ON CONFLICT ({', '.join(pk)}) DO UPDATE SET {sets}"
                else:
                    sql += " ON CONFLICT DO NOTHING"
        else:
            m = _INSERT.match(sql)
            if m and self._has_identity(m[1]) and "RETURNING" not in sql.upper():
                sql += " RETURNING id"
                returning = True
        return _translate(sql), returning

    def execute(self, sql: str, params: Sequence[Any] = ()) -> _PgCursor:
        pragma = _PRAGMA.match(sql)
        if pragma:
            return self._pragma(pragma[1].lower(), pragma[2])
        text, returning = self._statement(sql)
        cur = self.raw.execute(text, tuple(params))
        if re.match(r"^\s*CREATE\s+TABLE", sql, re.I):
            self._identity = None
        rows = cur.fetchall() if cur.description else []
        if returning:
            return _PgCursor([], rows[0][0] if rows else None, cur.rowcount)
        return _PgCursor(rows, None, cur.rowcount)

    def executemany(self, sql: str, seq: Iterable[Sequence[Any]]) -> _PgCursor:
        text, returning = self._statement(sql)
        if returning:
            text = text[: -len(" RETURNING id")]
        params = [tuple(p) for p in seq]
        if params:
            with self.raw.cursor() as cur:
                cur.executemany(text, params)
        return _PgCursor([], None, len(params))

    def _pragma(self, name: str, arg: str | None = None) -> _PgCursor:
        if name == "integrity_check":
            return _PgCursor([("ok",)])
        if name == "data_version":  # changes whenever anything is written, like SQLite's
            return _PgCursor([(self.raw.execute("SELECT pg_current_wal_lsn()::text").fetchone()[0],)])
        if name == "table_info" and arg:  # (cid, name, type, notnull, dflt_value, pk)
            pk = self._primary_key(arg)
            rows = self.raw.execute(
                "SELECT ordinal_position - 1, column_name::text, data_type::text, is_nullable = 'NO', "
                "column_default FROM information_schema.columns WHERE table_schema = current_schema() "
                "AND table_name = %s ORDER BY ordinal_position", (arg,)).fetchall()
            return _PgCursor([
                _PgRow((r[0], r[1], _PG_TYPES.get(r[2], r[2].upper()), int(r[3]), r[4],
                        pk.index(r[1]) + 1 if r[1] in pk else 0),
                       ("cid", "name", "type", "notnull", "dflt_value", "pk"),
                       {"cid": 0, "name": 1, "type": 2, "notnull": 3, "dflt_value": 4, "pk": 5})
                for r in rows])
        if name == "journal_mode":
            return _PgCursor([("wal",)])
        return _PgCursor([])  # foreign_keys, synchronous, foreign_key_check: the server's job

    def commit(self) -> None:
        """Autocommit: statements outside :meth:`Store.transaction` are already committed."""

    def rollback(self) -> None:
        """Nothing to roll back outside an explicit transaction (autocommit)."""

    def close(self) -> None:
        self.raw.close()
