"""The store's behaviour on both backends: SQLite and PostgreSQL give the same answers.

The PostgreSQL cases need a server: ``scripts/start_postgres.sh`` starts one and prints its URL
(``make test`` runs it first); set ``NEWSGRAPH_TEST_PG`` to use another.  Each test gets a schema
of its own, dropped afterwards, so tests never see each other's rows.
"""

from __future__ import annotations

import json
import os
import threading
import uuid
from pathlib import Path

import pytest

from newsgraph.errors import NotFoundError, StoreError
from newsgraph.extract.kb import KBEntry
from newsgraph.query.export import export_jsonl
from newsgraph.query.graph import Graph
from newsgraph.records import Failure
from newsgraph.store import SCHEMA_VERSION, Store

from .test_store import TEXT2, _first, _kb, _result

PG_URL = os.environ.get("NEWSGRAPH_TEST_PG", "postgresql://newsgraph:newsgraph@127.0.0.1:5432/newsgraph_test")


def _pg_reason() -> str | None:
    """Why the PostgreSQL cases cannot run here, or None when they can."""
    try:
        import psycopg
    except ImportError:
        return "psycopg not installed (pip install 'psycopg[binary]')"
    try:
        psycopg.connect(PG_URL, connect_timeout=3).close()
    except psycopg.Error as exc:
        return f"no PostgreSQL at {PG_URL} (run scripts/start_postgres.sh): {str(exc).strip()[:120]}"
    return None


PG_SKIP = _pg_reason()


@pytest.fixture
def pg_schema():
    """A fresh schema on the test server; yields a URL whose search_path points at it."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_URL, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {name}")
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}options=-csearch_path%3D{name}"
    with psycopg.connect(PG_URL, autocommit=True) as admin:
        admin.execute(f"DROP SCHEMA {name} CASCADE")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request, tmp_path: Path) -> str:
    """Where a store lives: a SQLite file, or a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        return str(tmp_path / "test.db")
    if PG_SKIP:
        pytest.skip(PG_SKIP)
    return request.getfixturevalue("pg_schema")


@pytest.fixture
def store(store_url: str):
    with Store(store_url) as s:
        yield s


def test_schema_version(store: Store) -> None:
    assert store.query("SELECT version FROM schema_version")[0][0] == SCHEMA_VERSION
    assert store.check() == []


def test_reopen_keeps_data_and_version(store_url: str) -> None:
    with Store(store_url) as s:
        s.save(_first(s), _kb())
    with Store(store_url) as s:
        assert s.stats()["articles"] == 1
        assert len(s.query("SELECT * FROM schema_version")) == 1


def test_save_is_idempotent(store: Store) -> None:
    kb = _kb()
    assert store.save(_first(store), kb) is True
    before = store.stats()
    assert store.save(_first(store), kb) is False
    assert store.stats() == before
    assert (before["articles"], before["entities"], before["relations"], before["events"]) == (1, 2, 1, 1)


def test_replace_reanalyses_without_duplicates(store: Store) -> None:
    kb = _kb()
    store.save(_first(store), kb)
    store.save(_first(store), kb, replace=True)
    s = store.stats()
    assert (s["articles"], s["entities"], s["mentions"], s["relations"], s["events"]) == (1, 2, 2, 1, 1)
    assert store.check() == []


def test_cross_article_linking(store: Store) -> None:
    kb = _kb()
    store.save(_first(store), kb)
    r2 = _result(TEXT2, [("Hakimullah Mehsud", "PERSON", ["Hakimullah Mehsud"], None),
                         ("Tehrik-e-Taliban Pakistan", "ARMED_GROUP", ["TTP"], "ttp"),
                         ("Baitullah Mehsud", "PERSON", ["Baitullah Mehsud"], None)], aid="art2")
    store.save(r2, kb)
    g = Graph(store)
    people = {e["name"]: e for e in g.entities(type="PERSON")}
    assert set(people) == {"Baitullah Mehsud", "Hakimullah Mehsud"}
    assert people["Baitullah Mehsud"]["articles"] == 2
    ttp = g.entities(type="ARMED_GROUP")
    assert len(ttp) == 1 and set(ttp[0]["aliases"]) >= {"TTP", "Pakistan Taliban"}
    assert ttp[0]["articles"] == 2
    assert all(r[0] for r in store.query("SELECT reason FROM links WHERE article_id = 'art2'"))  # every link says why
    # COLLATE NOCASE and LIKE are case-insensitive on both backends
    assert g.entity_id("baitullah MEHSUD") == people["Baitullah Mehsud"]["id"]
    assert [e["name"] for e in g.entities(search="pakistan taliban")] == ["Tehrik-e-Taliban Pakistan"]


def test_an_entity_sees_those_created_before_it_in_its_article(store: Store) -> None:
    """Linking reads an article's candidates once (store/linking.py): an entity created, renamed
    or given a KB id by an earlier entity of the same article is still found by a later one."""
    kb = _kb()
    text = "Hakimullah Mehsud spoke. Later Hakimullah Mehsud left. The Pakistan Taliban and TTP agreed."
    r = _result(text, [("Hakimullah Mehsud", "PERSON", ["Hakimullah Mehsud"], None),
                       ("Hakimullah Mehsud", "PERSON", ["Hakimullah Mehsud"], None),
                       ("Pakistan Taliban", "ARMED_GROUP", ["Pakistan Taliban"], None),
                       ("Tehrik-e-Taliban Pakistan", "ARMED_GROUP", ["TTP", "Pakistan Taliban"], "ttp")], aid="same")
    store.save(r, kb)
    rows = store.query("SELECT local_idx, entity_id, reason FROM links WHERE article_id = 'same' ORDER BY local_idx")
    assert rows[1][1] == rows[0][1] and rows[1][2].startswith("same name")
    assert rows[3][1] == rows[2][1]  # the group created just before, given its KB id now
    assert (store.entity_record(rows[3][1]).kb_id, store.entity_record(rows[3][1]).name) == \
        ("ttp", "Tehrik-e-Taliban Pakistan")
    assert store.stats()["entities"] == 2 and store.check() == []


def test_driver_errors_are_dbapi_errors(store: Store) -> None:
    """The save path runs on the driver's cursor (store/prepared.py); its errors still arrive as
    SQLAlchemy's, and the transaction rolls back."""
    from sqlalchemy.exc import IntegrityError

    from newsgraph.store import schema
    from newsgraph.store.prepared import Prepared

    row = {"source": "x", "line": 1, "reason": "r", "at": "2020"}
    with pytest.raises(IntegrityError), store.transaction():
        Prepared(store.sa).insert(schema.failures, [dict(row, id=7), dict(row, id=7)])
    assert store.stats()["failures"] == 0
    store.save(_first(store), _kb())
    assert store.stats()["articles"] == 1


def test_search_takes_wildcards_literally(store: Store) -> None:
    store.save(_first(store), _kb())
    g = Graph(store)
    assert g.entities(search="%") == [] and g.entities(search="_") == [] and g.entities(search="\\") == []
    assert g.entities(search="Pakistan_Taliban") == [] and g.entities(search="%taliban") == []
    assert [e["name"] for e in g.entities(search="PAKISTAN TAL")] == ["Tehrik-e-Taliban Pakistan"]


def test_ids_no_row_can_have_are_not_found(store: Store) -> None:
    store.save(_first(store), _kb())
    for ref in (2**63, str(2**63), "9" * 5000, 0):
        with pytest.raises(NotFoundError, match="no entity with id"):
            Graph(store).entity_id(ref)


def test_network_as_of(store: Store) -> None:
    store.save(_first(store), _kb())
    g = Graph(store)
    # led "until August 2009", reported in 2010: held in August 2009, not from an unknown past
    assert g.network(as_of="2009-07-31")["edges"] == []
    assert len(g.network(as_of="2009-08-01")["edges"]) == 1
    assert g.network(as_of="2010-01-15")["edges"] == []
    assert g.relations("Baitullah Mehsud", as_of="2009-08-31")
    assert not g.relations("Baitullah Mehsud", as_of="2009-09-01")


def test_failures_recorded_once(store: Store) -> None:
    for _ in range(2):
        store.record_failure(Failure("x.jsonl", "not JSON", 3))
        store.record_failure(Failure("y.txt", "empty", None))
    assert [(r["source"], r["line"]) for r in store.failures()] == [("x.jsonl", 3), ("y.txt", None)]


def test_kb_entries_replace(store: Store) -> None:
    e = KBEntry("ttp", "Tehrik-e-Taliban Pakistan", "ARMED_GROUP", ("TTP",))
    store.save_kb_entries([e])
    store.save_kb_entries([KBEntry("ttp", "TTP renamed", "ARMED_GROUP", ("TTP", "Pakistan Taliban"))])
    assert [(k.id, k.name, k.aliases) for k in store.kb_entries()] == [
        ("ttp", "TTP renamed", ("TTP", "Pakistan Taliban"))]


def test_readonly_refuses_writes(store_url: str) -> None:
    with Store(store_url) as s:
        s.save(_first(s), _kb())
    with Store(store_url, readonly=True) as ro:
        assert ro.stats()["articles"] == 1
        with pytest.raises(_db_errors()):  # SQLite: readonly database; PostgreSQL: read-only transaction
            ro.record_failure(Failure("z", "nope"))


def _db_errors() -> tuple[type[BaseException], ...]:
    """The database's refusal, as the driver raises it wrapped by SQLAlchemy."""
    from sqlalchemy.exc import DBAPIError

    return (DBAPIError,)


def test_export_identical_across_backends(tmp_path: Path, pg_schema_or_skip: str) -> None:
    """The same saves give byte-identical exports from SQLite and PostgreSQL."""
    outs = []
    for url in (str(tmp_path / "a.db"), pg_schema_or_skip):
        with Store(url) as s:
            s.save(_first(s), _kb())
            s.save(_result(TEXT2, [("Hakimullah Mehsud", "PERSON", ["Hakimullah Mehsud"], None),
                                   ("Tehrik-e-Taliban Pakistan", "ARMED_GROUP", ["TTP"], "ttp")], aid="art2"),
                   _kb())
            out = tmp_path / f"out{len(outs)}"
            export_jsonl(s, out)
        outs.append({p.name: [_no_times(json.loads(line)) for line in p.read_text().splitlines()]
                     for p in sorted(out.glob("*.jsonl"))})
    assert outs[0] == outs[1]


def _no_times(obj: object) -> object:
    """Drop wall-clock fields (ingested_at, created_at), which differ between two saves."""
    if isinstance(obj, dict):
        return {k: _no_times(v) for k, v in obj.items() if not k.endswith(("_at", "ingested"))}
    if isinstance(obj, list):
        return [_no_times(v) for v in obj]
    return obj


@pytest.fixture
def pg_schema_or_skip(request) -> str:
    if PG_SKIP:
        pytest.skip(PG_SKIP)
    return request.getfixturevalue("pg_schema")


def test_concurrent_writers_link_not_duplicate(store_url: str) -> None:
    """Writers in parallel, each with its own connection, saving articles that name the same
    people: every person ends up as one entity (linking is atomic per name)."""
    kb = _kb()
    Store(store_url).close()  # create the schema once
    names = ["Baitullah Mehsud", "Hakimullah Mehsud", "Waliur Rehman", "Asif Ali Zardari"]
    errors: list[BaseException] = []

    def writer(w: int) -> None:
        try:
            with Store(store_url) as s:
                for i in range(12):
                    text = " and ".join(names) + f" met in Wana (report {w}-{i})."
                    ents = [(n, "PERSON", [n], None) for n in names]
                    s.save(_result(text, ents, aid=f"w{w}a{i}"), kb)
        except BaseException as exc:  # surfaced below; a thread's exception is otherwise lost
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    with Store(store_url) as s:
        assert s.stats()["articles"] == 36
        people = s.query("SELECT name, COUNT(*) AS n FROM entities GROUP BY name ORDER BY name")
        assert [(r["name"], r["n"]) for r in people] == [(n, 1) for n in sorted(names)]
        assert s.check() == []


def test_unreachable_server_is_a_store_error() -> None:
    pytest.importorskip("psycopg")
    with pytest.raises(StoreError, match="cannot open store") as info:
        Store("postgresql://u:secret@127.0.0.1:1/none")
    assert "secret" not in str(info.value)
