"""The :class:`Store`: one analysed article in, one transaction; reads for the rest of newsgraph.

Everything extracted from one article is written in one transaction, keyed by the article's
content id, so re-ingesting the same article changes nothing and a crash never leaves half an
article behind.  Cross-article entity linking happens here, inside that transaction, using
:mod:`newsgraph.extract.resolve` to decide.  Statements are SQLAlchemy Core constructs, so one code path
serves SQLite and PostgreSQL; those of the save path are compiled once and run on the driver's
cursor (:mod:`newsgraph.store.prepared`).  Reads for the rest of newsgraph are typed methods
returning records (:mod:`newsgraph.store.reads`).
"""

from __future__ import annotations

import json
import time
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Table,
    bindparam,
    delete,
    exists,
    func,
    select,
    text,
    update,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.elements import BindParameter

from ..errors import NotFoundError, StoreError, echo
from ..extract import resolve
from ..extract.kb import KBEntry, KnowledgeBase
from ..ingest import dedup
from ..records import Article, ArticleResult, Failure, LocalEntity, StoredEntity
from . import facts as factrules
from . import materialise, migrate
from . import schema as t
from .connection import Connection, Row, rows_of
from .decisions import DecisionStore
from .engine import is_postgres, open_engine, redact_url
from .linking import MAX_CANDIDATES, Candidate, LinkState
from .materialise import Touched
from .prepared import Prepared
from .reads import Reads

SCHEMA_VERSION = migrate.SCHEMA_VERSION
BATCH = 500  # ids per IN (...) list: under every backend's parameter limit


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# Advisory locks in the order given, in one statement (a function scan feeds the aggregate in
# array order).
_LOCKS = text("SELECT count(pg_advisory_xact_lock(k)) FROM unnest(CAST(:locks AS BIGINT[])) AS k")


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for lo in range(0, len(items), BATCH):
        yield items[lo: lo + BATCH]


def lock_id(key: str) -> int:
    """A stable signed 64-bit advisory-lock id for a text key (same in every process)."""
    return zlib.crc32(key.encode("utf-8")) | (zlib.adler32(key.encode("utf-8")) << 32) & 0x7FFFFFFF00000000


# Statements of the hot path (saving an article), built once: building a construct costs more
# than running it on SQLite.
_E, _A, _M = t.entities.c, t.aliases.c, t.mentions.c
_IDS: BindParameter[Any] = bindparam("ids", expanding=True)
_ARTICLES_IN = select(t.articles.c.id).where(t.articles.c.id.in_(bindparam("ids", expanding=True)))
_K = t.entity_keys.c
_RANKED_KEYS = select(_K.key, _K.entity_id, func.row_number().over(partition_by=_K.key, order_by=_K.entity_id)
                      .label("rank")).where(_K.key.in_(bindparam("keys", expanding=True))).subquery()
# the entities filed under each key, the lowest MAX_CANDIDATES ids of each
_BY_KEYS = select(_RANKED_KEYS.c.key, _RANKED_KEYS.c.entity_id).where(_RANKED_KEYS.c.rank <= MAX_CANDIDATES)
_BY_KBS = select(_E.kb_id, _E.id).where(_E.kb_id.in_(bindparam("kbs", expanding=True)))
_ENTITIES_IN = select(_E.id, _E.name, _E.type, _E.kb_id).where(_E.id.in_(_IDS))
_ALIASES_IN = select(_A.entity_id, _A.alias).where(_A.entity_id.in_(_IDS)).order_by(_A.entity_id, _A.alias)
_MENTION_COUNTS_IN = select(_M.entity_id, func.count()).where(_M.entity_id.in_(_IDS)).group_by(_M.entity_id)
_NEW_ENTITY = t.entities.insert().returning(_E.id)
_MENTION_COUNT = select(func.count()).where(_M.entity_id == _E.id).scalar_subquery()
_CANDIDATES_IN = select(_E.id, _E.name, _E.type, _E.kb_id, _MENTION_COUNT).where(_E.id.in_(_IDS))


class Store(Reads, DecisionStore):
    """A newsgraph store: one SQLite file (``:memory:`` works for tests) or a PostgreSQL database.

    ``Store("postgresql://user:pass@host/db")`` needs the ``[postgres]`` extra (psycopg 3).  The
    tables are defined once in :mod:`newsgraph.store.schema`; opening a writable store brings
    its schema up to date (:mod:`newsgraph.store.migrate`).  ``store.conn`` and :meth:`query`
    run portable SQL for code outside the store (:mod:`newsgraph.store.connection`).
    """

    def __init__(self, path: str | Path = "newsgraph.db", *, readonly: bool = False) -> None:
        self.path = str(path)
        self.backend = "postgresql" if is_postgres(self.path) else "sqlite"
        self.readonly = readonly
        engine = open_engine(self.path, readonly=readonly)
        try:
            self.sa = engine.connect()
        except DBAPIError as exc:
            raise StoreError(f"{self.label}: cannot open store: {exc.orig}") from exc
        self.conn = Connection(self.sa)
        self._prepared = Prepared(self.sa)
        self._touched = Touched()  # what writes touched since the facts were brought up to date
        self._defer = 0
        if readonly:
            migrate.check_version(self.sa, self.label)
        else:
            with self.transaction():
                if self.backend == "postgresql":  # two workers opening a fresh database at once
                    self.sa.execute(select(func.pg_advisory_xact_lock(lock_id("schema"))))
                before = migrate.revision(self.sa)
                migrate.upgrade(self.sa, self.label, self._backfill)
                if before in (None, "0001_baseline"):  # facts never computed: compute them all
                    materialise.rebuild(self.sa)
                elif self.sa.execute(select(t.facts_pending.c.kind).limit(1)).first() is not None:
                    materialise.refresh(self.sa, Touched())  # a deferred refresh that never ran

    @property
    def label(self) -> str:
        """The store's location for messages, with any password hidden."""
        return redact_url(self.path)

    def _insert_ignore(self, table: Table, rows: list[dict[str, Any]]) -> None:
        """Insert rows, skipping those that would duplicate a unique key."""
        self._prepared.insert(table, rows, "ignore")

    def _upsert(self, table: Table, rows: list[dict[str, Any]]) -> None:
        """Insert rows, or replace the columns of those with the same primary key."""
        self._prepared.insert(table, rows, "update")

    def _insert_many(self, table: Table, rows: list[dict[str, Any]]) -> None:
        self._prepared.insert(table, rows)

    def _backfill(self) -> None:
        """Rows an older store lacks: lookup keys for its entities, signatures for its articles."""
        self._backfill_keys()
        self._backfill_signatures()

    def _backfill_keys(self) -> None:
        """Entities from a store older than its lookup keys get them, so new articles link to them."""
        rows = self.sa.execute(select(t.entities.c.id, t.entities.c.name, t.entities.c.type).where(
            ~exists().where(t.entity_keys.c.entity_id == t.entities.c.id))).fetchall()
        for eid, name, etype in rows:
            names = {name} | set(self.sa.scalars(
                select(t.aliases.c.alias).where(t.aliases.c.entity_id == eid)))
            keys = set().union(*(resolve.blocking_keys(n, etype) for n in names))
            self._insert_ignore(t.entity_keys, [{"key": k, "entity_id": eid} for k in keys])

    def _backfill_signatures(self) -> None:
        """Articles from a store older than near-duplicate detection get their signatures."""
        a = t.articles
        rows = self.sa.execute(select(a.c.id, a.c.text, a.c.source, a.c.line).where(
            ~exists().where(t.signatures.c.article_id == a.c.id))).fetchall()
        for aid, body, source, line in rows:
            self._insert_signature(Article(id=aid, source=source, raw_text="", text=body, line=line))

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One write transaction; ``BEGIN IMMEDIATE`` so concurrent writers queue, not fail
        (plain ``BEGIN`` on PostgreSQL, where writers lock rows, not the file)."""
        self.sa.exec_driver_sql("BEGIN IMMEDIATE" if self.backend == "sqlite" else "BEGIN")
        before = self._touched.take()
        try:
            yield self.conn
            self._facts_follow(before)
        except BaseException:
            self.sa.exec_driver_sql("ROLLBACK")
            self._touched = before  # what this transaction touched is gone with it
            raise
        else:
            self.sa.exec_driver_sql("COMMIT")

    def _facts_follow(self, before: Touched) -> None:
        """At the end of a write transaction: bring the facts up to date with what it touched
        (or, inside :meth:`deferred_facts`, record it for the refresh at the end)."""
        if not self._touched:
            self._touched = before
            return
        if self._defer:
            self._insert_ignore(t.facts_pending, self._touched.rows())
            self._touched.add(before)
            return
        self._touched.add(before)
        materialise.refresh(self.sa, self._touched.take())

    def touch(self, *, articles: Iterable[str] = (), entities: Iterable[int] = (),
              rekey: Iterable[int] = ()) -> None:
        """Mark what a write changed, for the facts: articles saved or deleted, entities whose
        rows or pointers moved, entities that may have a new name or KB id."""
        self._touched.articles.update(articles)
        self._touched.entities.update(entities)
        self._touched.rekey.update(rekey)

    @contextmanager
    def deferred_facts(self) -> Iterator[None]:
        """Writes inside leave the facts to one refresh at the end (an ingest of many articles:
        each save stays as fast as without facts).  What they touched is recorded in the store
        as they commit, so a crash before the refresh leaves it for the next writable open."""
        self._defer += 1
        try:
            yield
        finally:
            self._defer -= 1
            if not self._defer:
                self.refresh_facts()

    def refresh_facts(self) -> None:
        """Bring the facts up to date with every write not yet followed (deferred ones too)."""
        with self.transaction():
            materialise.refresh(self.sa, self._touched.take())

    def rebuild_facts(self) -> None:
        """Recompute every fact from the claims (what the incremental updates must equal)."""
        with self.transaction():
            self._touched.take()
            materialise.rebuild(self.sa)

    # -- facts ------------------------------------------------------------------------------
    def event_facts(self) -> list[factrules.EventFact]:
        """The event facts, in the order of their first claims (computed in memory on a
        read-only store from before facts were stored)."""
        if not self.has_table("event_facts"):
            return materialise.compute(self.sa)[0]
        return materialise.read_events(self.sa)

    def relation_facts(self) -> list[factrules.RelationFact]:
        """The relation facts, in the order of their first claims."""
        if not self.has_table("relation_facts"):
            return materialise.compute(self.sa)[1]
        return materialise.read_relations(self.sa)

    def fact_claims(self, fact_id: str) -> list[str]:
        """The claim ids of one fact (empty when there is no such fact)."""
        if not self.has_table("event_facts"):
            events, relations = materialise.compute(self.sa)
            found = [e.claims for e in events if e.id == fact_id] + [r.claims for r in relations if r.id == fact_id]
            return list(found[0]) if found else []
        return materialise.fact_claims(self.sa, fact_id)

    def data_version(self) -> Any:
        """A value that changes whenever the store's data does, for caches of derived data.
        SQLite: ``PRAGMA data_version``, which moves on commits by *other* connections and is
        comparable only on this one.  PostgreSQL: the server's WAL position (it also moves for
        writes elsewhere on the server: a cache may rebuild needlessly, never serve stale data)."""
        if self.backend == "postgresql":
            return self.sa.exec_driver_sql("SELECT pg_current_wal_lsn()::text").scalar()
        return self.sa.exec_driver_sql("PRAGMA data_version").scalar()

    def close(self) -> None:
        self.sa.close()
        self.sa.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ----------------------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        return bool(self._prepared.rows(_ARTICLES_IN, "ids", [article_id]))

    def record_failure(self, failure: Failure) -> None:
        with self.transaction():
            self._insert_ignore(t.failures, [{"source": failure.source, "line": failure.line,
                                              "reason": failure.reason[:500], "at": _now()}])

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
            except DBAPIError as exc:
                if not _retryable(exc):
                    raise
                if attempt == 4:
                    raise StoreError(f"{result.article.source}: could not save after retries: {exc.orig}") from exc
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")

    @staticmethod
    def _local_keys(result: ArticleResult) -> list[set[str]]:
        """The blocking keys of each of the article's entities (its name and aliases)."""
        out = []
        for local in result.entities:
            keys: set[str] = set()
            for name in {local.name, *local.aliases}:
                keys |= resolve.blocking_keys(name, local.type)
            out.append(keys)
        return out

    def _link_locks(self, result: ArticleResult, local_keys: list[set[str]]) -> list[int]:
        keys = {f"article:{result.article.id}"}.union(*local_keys)
        keys |= {f"kb:{local.kb_id}" for local in result.entities if local.kb_id}
        return sorted({lock_id(k) for k in keys})

    def _save(self, result: ArticleResult, kb: KnowledgeBase, replace: bool) -> bool:
        """Each table's rows of the article go in one statement (one executemany), a few
        queries fetch every linking candidate at once (:class:`LinkState`): about 20
        statements per article however many entities and claims it has."""
        article = result.article
        local_keys = self._local_keys(result)
        with self.transaction():
            if self.backend == "postgresql":
                self.sa.execute(_LOCKS, {"locks": self._link_locks(result, local_keys)})
            if self.has_article(article.id):
                if not replace:
                    return False
                self._delete_article(article.id)
            self._insert_article(article, result.pipeline_version)
            self._insert_signature(article)
            self._insert_many(t.sentences, [{"article_id": article.id, "idx": i, "start": s, "end": e}
                                            for i, (s, e) in enumerate(result.sentences)])
            entity_ids = self._link_entities(article.id, result.entities, local_keys, kb)
            self._insert_many(t.mentions, [
                {"article_id": article.id, "entity_id": entity_ids[m.entity], "local_idx": m.entity,
                 "sentence": m.sentence, "start": m.start, "end": m.end, "text": m.text, "type": m.type,
                 "source": m.source, "kb_id": m.kb_id}
                for m in result.mentions if 0 <= m.entity < len(entity_ids)])
            self._insert_many(t.timexes, [
                {"article_id": article.id, "idx": i, "start": x.start, "end": x.end, "text": x.text,
                 "value": x.value, "precision": x.precision, "anchor": x.anchor, "sentence": x.sentence}
                for i, x in enumerate(result.timexes)])
            evidence: list[dict[str, Any]] = []
            event_ids = self._insert_events(article.id, result, entity_ids, evidence)
            self._insert_relations(article.id, result, entity_ids, event_ids, evidence)
            self._insert_many(t.evidence, evidence)
            self._insert_quotes(article.id, result, entity_ids)
            self.touch(articles=[article.id], rekey=entity_ids)
        return True

    def _insert_article(self, a: Article, pipeline_version: str) -> None:
        lo, hi = a.published_range if a.published_range else (None, None)
        self._insert_many(t.articles, [dict(
            id=a.id, source=a.source, line=a.line, url=a.url, title=a.title, publisher=a.publisher,
            byline=a.byline, dateline=a.dateline, published=a.published, published_from=lo, published_to=hi,
            raw_text=a.raw_text, text=a.text, offsets=json.dumps(a.offsets), corrections=json.dumps(a.corrections),
            removed_share=a.removed_share, removed=json.dumps(dict(a.removed)),
            pipeline_version=pipeline_version, ingested_at=_now())])

    def _insert_signature(self, article: Article) -> None:
        sig = dedup.signature(article.text)
        self._insert_many(t.signatures, [{"article_id": article.id, "minhash": dedup.to_hex(sig)}])
        self._insert_ignore(t.lsh_bands, [{"band": i, "hash": h, "article_id": article.id}
                                          for i, h in enumerate(dedup.bands(sig))])

    def near_duplicate(self, text: str) -> tuple[str, float] | None:
        """The stored article this text nearly duplicates (id, estimated similarity), if any."""
        sig = dedup.signature(text)
        b = t.lsh_bands.c
        candidates: set[str] = set()
        for i, h in enumerate(dedup.bands(sig)):
            candidates.update(self.sa.scalars(select(b.article_id).where(b.band == i, b.hash == h)))
        best: tuple[str, float] | None = None
        for cid in sorted(candidates):
            minhash = self.sa.scalar(select(t.signatures.c.minhash).where(t.signatures.c.article_id == cid))
            if minhash is None:
                continue
            score = dedup.similarity(sig, dedup.from_hex(minhash))
            if score >= dedup.THRESHOLD and (best is None or score > best[1]):
                best = (cid, score)
        return best

    def record_duplicate(self, article: Article, of: str, similarity: float) -> None:
        """Link a near-duplicate to the stored article it copies; its claims are not counted again."""
        with self.transaction():
            self._upsert(t.duplicates, [{"article_id": article.id, "source": article.source, "line": article.line,
                                         "duplicate_of": of, "similarity": round(similarity, 4), "at": _now()}])

    def _delete_article(self, article_id: str) -> None:
        m = t.mentions.c
        touched = list(self.sa.scalars(select(m.entity_id).where(m.article_id == article_id).distinct()))
        self.touch(articles=[article_id], rekey=touched)
        for table in (t.evidence, t.relations, t.events):
            self.sa.execute(delete(table).where(table.c.article_id == article_id))
        self.sa.execute(delete(t.articles).where(t.articles.c.id == article_id))
        for eid in touched:  # entities left without any mention go with the article
            if self.sa.execute(select(1).where(m.entity_id == eid).limit(1)).first() is None:
                self._drop_entity(eid)

    # Columns that point at an entity and are cleared when it goes.  A relation without one of
    # its arguments is meaningless, so those rows are deleted instead.
    _ENTITY_POINTERS = ((t.event_roles, "entity_id"), (t.events, "location_entity"),
                        (t.events, "attributed_entity"), (t.relations, "attributed_entity"),
                        (t.quotes, "speaker_entity"))

    def _drop_entity(self, eid: int) -> None:
        self.touch(entities=[eid])
        r = t.relations.c
        self.sa.execute(delete(t.relations).where((r.subject_entity == eid) | (r.object_entity == eid)))
        for table, col in self._ENTITY_POINTERS:
            self.sa.execute(update(table).where(table.c[col] == eid).values({col: None}))
        self.sa.execute(delete(t.links).where(t.links.c.entity_id == eid))
        self.sa.execute(delete(t.entities).where(t.entities.c.id == eid))

    def _link_state(self, locals_: Sequence[LocalEntity], local_keys: list[set[str]]) -> LinkState:
        """Every stored entity any of the article's entities may link to, in four queries."""
        rows = self._prepared.rows
        by_key: dict[str, set[int]] = {}
        for chunk in _chunks(sorted(set().union(*local_keys))):
            for key, eid in rows(_BY_KEYS, "keys", chunk):
                by_key.setdefault(key, set()).add(eid)
        by_kb: dict[str, set[int]] = {}
        for chunk in _chunks(sorted({local.kb_id for local in locals_ if local.kb_id})):
            for kb_id, eid in rows(_BY_KBS, "kbs", chunk):
                by_kb.setdefault(kb_id, set()).add(eid)
        entities: dict[int, Candidate] = {}
        for chunk in _chunks(sorted(set().union(*by_key.values(), *by_kb.values()))):
            for eid, name, etype, kb_id, count in rows(_CANDIDATES_IN, "ids", chunk):
                entities[eid] = Candidate(eid, name, etype, set(), kb_id, count)
            for eid, alias in rows(_ALIASES_IN, "ids", chunk):
                entities[eid].aliases.add(alias)
        return LinkState(by_key, by_kb, entities)

    def _entity_records(self, entity_ids: list[int]) -> list[StoredEntity]:
        """:meth:`entity_record` of each id, in order, in three queries for all of them."""
        if not entity_ids:
            return []
        rows: dict[int, Any] = {}
        aliases: dict[int, list[str]] = {i: [] for i in entity_ids}
        counts: dict[int, int] = dict.fromkeys(entity_ids, 0)
        for chunk in _chunks(entity_ids):
            for found in self.sa.execute(_ENTITIES_IN, {"ids": list(chunk)}):
                rows[found.id] = found
            for eid, alias in self.sa.execute(_ALIASES_IN, {"ids": list(chunk)}):
                aliases[eid].append(alias)
            for eid, count in self.sa.execute(_MENTION_COUNTS_IN, {"ids": list(chunk)}):
                counts[eid] = count
        out = []
        for i in entity_ids:
            row = rows.get(i)
            if row is None:
                raise NotFoundError(f"no entity with id {i}")
            out.append(StoredEntity(row.id, row.name, row.type, tuple(sorted(aliases[i])), row.kb_id, counts[i]))
        return out

    def entity_record(self, entity_id: int) -> StoredEntity:
        return self._entity_records([entity_id])[0]

    def _link_entities(self, article_id: str, locals_: Sequence[LocalEntity], local_keys: list[set[str]],
                       kb: KnowledgeBase) -> list[int]:
        """Find or create the stored entity of each in-article entity, in order, recording why;
        the stored entity of each, by local index.  An entity sees what the ones before it
        created or renamed (:class:`LinkState`); their aliases, keys and links are written at
        the end, one statement per table."""
        state = self._link_state(locals_, local_keys)
        entity_ids: list[int] = []
        aliases: list[dict[str, Any]] = []
        keys: list[dict[str, Any]] = []
        links: list[dict[str, Any]] = []
        for local_idx, (local, local_key_set) in enumerate(zip(locals_, local_keys, strict=True)):
            candidates = state.candidates(local_key_set, local.kb_id) if local_key_set else []
            entity_id, reason = resolve.link(local, candidates, kb) if candidates else (None, "no candidate")
            if entity_id is None:
                entity_id = self.sa.execute(_NEW_ENTITY, dict(
                    name=local.name, type=local.type, kb_id=local.kb_id, ambiguous=int(local.ambiguous),
                    created_at=_now())).scalar_one()
                state.add(Candidate(entity_id, local.name, local.type, kb_id=local.kb_id))
                reason = f"new entity ({reason})"
            else:
                self._rename_on_link(state.entities[entity_id], local, state)
            names = sorted({local.name, *local.aliases})
            state.file(entity_id, names, local_key_set)
            aliases += [{"entity_id": entity_id, "alias": n} for n in names]
            keys += [{"key": k, "entity_id": entity_id} for k in sorted(local_key_set)]
            links.append({"article_id": article_id, "local_idx": local_idx, "entity_id": entity_id,
                          "local_name": local.name, "reason": "; ".join([reason, *local.reasons])[:1000]})
            entity_ids.append(entity_id)
        self._insert_ignore(t.aliases, aliases)
        self._insert_ignore(t.entity_keys, keys)
        self._upsert(t.links, links)
        return entity_ids

    def _rename_on_link(self, entity: Candidate, local: LocalEntity, state: LinkState) -> None:
        """The KB's canonical name wins once known; otherwise a longer unambiguous name does."""
        e = t.entities.c
        if local.kb_id and not entity.kb_id:
            self.sa.execute(update(t.entities).where(e.id == entity.id).values(kb_id=local.kb_id, name=local.name))
            state.rename(entity.id, local.name, local.kb_id)
        elif not entity.kb_id and len(local.name) > len(entity.name) and not local.ambiguous:
            self.sa.execute(update(t.entities).where(e.id == entity.id).values(name=local.name))
            state.rename(entity.id, local.name, None)

    @staticmethod
    def _eid(entity_ids: Sequence[int], idx: int | None) -> int | None:
        return entity_ids[idx] if idx is not None and 0 <= idx < len(entity_ids) else None

    @staticmethod
    def _evidence(kind: str, claim_id: str, article_id: str, evidence: Iterable[Any]) -> list[dict[str, Any]]:
        return [{"claim_kind": kind, "claim_id": claim_id, "article_id": article_id, "start": e.start,
                 "end": e.end, "text": e.text, "sentence": e.sentence} for e in evidence]

    def _insert_events(self, article_id: str, result: ArticleResult, entity_ids: list[int],
                       evidence: list[dict[str, Any]]) -> list[str]:
        """The article's events and their roles, one statement each; their evidence is added to
        ``evidence``."""
        ids, events, roles = [], [], []
        for i, ev in enumerate(result.events):
            eid = f"{article_id}:e{i}"
            ids.append(eid)
            events.append(dict(
                id=eid, article_id=article_id, idx=i, type=ev.type, subtype=ev.subtype,
                date_value=ev.date.value if ev.date else None, date_precision=ev.date.precision if ev.date else None,
                location_entity=self._eid(entity_ids, ev.location), killed=ev.killed, injured=ev.injured,
                modality=ev.modality, polarity=int(ev.polarity), attributed_to=ev.attributed_to,
                attributed_entity=self._eid(entity_ids, ev.attributed_entity), trigger_start=ev.trigger.start,
                trigger_end=ev.trigger.end, trigger_text=ev.trigger.text, extractor=ev.extractor))
            roles += [{"event_id": eid, "role": r.role, "text": r.text, "entity_id": self._eid(entity_ids, r.entity),
                       "start": r.start, "end": r.end} for r in ev.roles]
            evidence += self._evidence("event", eid, article_id, ev.evidence or (ev.trigger,))
        self._insert_many(t.events, events)
        self._insert_many(t.event_roles, roles)
        return ids

    def _insert_relations(self, article_id: str, result: ArticleResult, entity_ids: list[int],
                          event_ids: list[str], evidence: list[dict[str, Any]]) -> None:
        rows = []
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
            rows.append(dict(
                id=rid, article_id=article_id, idx=i, type=rel.type, subtype=rel.subtype, subject_entity=subject,
                object_entity=obj_entity, object_event=obj_event, polarity=int(rel.polarity), modality=rel.modality,
                valid_from=rel.valid_from, valid_to=rel.valid_to, attributed_to=rel.attributed_to,
                attributed_entity=self._eid(entity_ids, rel.attributed_entity), retracted=int(rel.retracted),
                extractor=rel.extractor))
            evidence += self._evidence("relation", rid, article_id, rel.evidence)
        self._insert_many(t.relations, rows)

    def _insert_quotes(self, article_id: str, result: ArticleResult, entity_ids: list[int]) -> None:
        self._insert_many(t.quotes, [
            {"id": f"{article_id}:q{i}", "article_id": article_id, "speaker": q.speaker,
             "speaker_entity": self._eid(entity_ids, q.speaker_entity), "cue": q.cue, "content": q.content,
             "start": q.start, "end": q.end, "sentence": q.sentence}
            for i, q in enumerate(result.quotes)])

    # -- knowledge base ---------------------------------------------------------------------
    def save_kb_entries(self, entries: Iterable[KBEntry]) -> int:
        rows = [{"id": e.id, "name": e.name, "type": e.type, "aliases": json.dumps(list(e.aliases)),
                 "country": e.country, "cameo": json.dumps(list(e.cameo)), "parent": e.parent,
                 "note": e.note, "source": e.source} for e in entries]
        with self.transaction():
            for lo in range(0, len(rows), BATCH):
                self._upsert(t.kb_entries, rows[lo: lo + BATCH])
        return len(rows)

    def kb_entries(self) -> list[KBEntry]:
        return [
            KBEntry(r.id, r.name, r.type, tuple(json.loads(r.aliases)), r.country, tuple(json.loads(r.cameo)),
                    r.parent, r.note, r.source)
            for r in self.sa.execute(select(t.kb_entries).order_by(t.kb_entries.c.id))
        ]

    # -- reading ----------------------------------------------------------------------------
    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """Rows of one read query in portable SQL (``?`` placeholders; rows index by position
        and by column name).  A compatibility method: new reads belong in typed methods."""
        return self.conn.execute(sql, tuple(params)).fetchall()

    def failures(self) -> list[Any]:
        f = t.failures.c
        return rows_of(self.sa.execute(select(f.source, f.line, f.reason, f.at).order_by(f.id)))

    def article(self, article_id: str) -> Row:
        rows = rows_of(self.sa.execute(select(t.articles).where(t.articles.c.id == article_id)))
        if not rows:
            raise NotFoundError(f"no article with id {echo(article_id)}")
        return rows[0]

    def stats(self) -> dict[str, Any]:
        def count(table: Table) -> int:
            return int(self.sa.scalar(select(func.count()).select_from(table)) or 0)

        e = t.entities.c
        n = func.count()
        by_type = {r[0]: r[1] for r in self.sa.execute(select(e.type, n).group_by(e.type).order_by(n.desc()))}
        return {
            "articles": count(t.articles),
            "entities": count(t.entities),
            "mentions": count(t.mentions),
            "events": count(t.events),
            "relations": count(t.relations),
            "quotes": count(t.quotes),
            "timexes": count(t.timexes),
            "failures": count(t.failures),
            "duplicates": count(t.duplicates),
            "entities_by_type": by_type,
        }

    def check(self) -> list[str]:
        """Integrity problems, empty when the store is sound."""
        problems: list[str] = []
        if self.backend == "sqlite":  # PostgreSQL enforces integrity and foreign keys itself
            problems += [r[0] for r in self.sa.exec_driver_sql("PRAGMA integrity_check") if r[0] != "ok"]
            problems += [f"foreign key violation in {r[0]} (rowid {r[1]})"
                         for r in self.sa.exec_driver_sql("PRAGMA foreign_key_check")]
        e, m = t.entities.c, t.mentions.c
        orphans = self.sa.scalar(select(func.count()).select_from(t.entities).where(
            ~exists().where(m.entity_id == e.id)))
        if orphans:
            problems.append(f"{orphans} entities without mentions")
        return problems


def _retryable(exc: DBAPIError) -> bool:
    """PostgreSQL errors a save retries: another writer got in the way, not a bad row."""
    import psycopg.errors as pe

    return isinstance(exc.orig, (pe.DeadlockDetected, pe.SerializationFailure, pe.UniqueViolation))
