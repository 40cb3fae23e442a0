"""Store migrations (Alembic): the schema the revisions build is the one ``store/schema.py``
defines, on both backends; a store written by newsgraph 0.1 (schema version 4, before Alembic)
upgrades in place and keeps its rows; a store from a newer newsgraph is refused.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from newsgraph.errors import StoreError
from newsgraph.store import SCHEMA_VERSION, Store, migrate
from newsgraph.store.schema import metadata

from .test_store import _first, _kb
from .test_store_backends import pg_schema, store_url  # noqa: F401 - fixtures

V4_SCHEMA = Path(__file__).parent / "fixtures" / "store_schema_v4.sql"

V4_ROWS = """
INSERT INTO schema_version VALUES (4);
INSERT INTO articles (id, source, title, published, raw_text, text, offsets, pipeline_version, ingested_at)
    VALUES ('00000000000000aa', 'old.txt', 'An old article', '2009-06-25',
            'Baitullah Mehsud was seen in Makeen.', 'Baitullah Mehsud was seen in Makeen.',
            '[[0, 0, 36]]', 'newsgraph-0.1.0', '2009-07-01T00:00:00+00:00');
INSERT INTO sentences VALUES ('00000000000000aa', 0, 0, 36);
INSERT INTO entities VALUES (1, 'Baitullah Mehsud', 'PERSON', NULL, 0, '2009-07-01T00:00:00+00:00');
INSERT INTO aliases VALUES (1, 'Baitullah Mehsud');
INSERT INTO entity_keys VALUES ('baitullah mehsud', 1);
INSERT INTO mentions VALUES (1, '00000000000000aa', 1, 0, 0, 0, 16, 'Baitullah Mehsud', 'PERSON', 'ner', NULL);
INSERT INTO links VALUES ('00000000000000aa', 0, 1, 'Baitullah Mehsud', 'new entity (no candidate)');
INSERT INTO decisions (action, target, payload, "by", at) VALUES ('rename', '{"entity": 1}', '{}', 'analyst', '2009-07-02');
INSERT INTO failures (source, line, reason, at) VALUES ('bad.jsonl', 3, 'not JSON', '2009-07-01');
"""


# SQLite cannot reflect the expression index failures_unique, so autogenerate leaves it out
# there (PostgreSQL compares it).
pytestmark = pytest.mark.filterwarnings("ignore:.*expression-based index:UserWarning",
                                        "ignore:.*expression-based index:sqlalchemy.exc.SAWarning")


def _differences(url: str) -> list:
    with Store(url) as store:
        return compare_metadata(MigrationContext.configure(store.sa), metadata)


def test_migrations_build_the_schema_module(store_url: str) -> None:  # noqa: F811 - the fixture
    """What the revisions create is what schema.py says: a schema change needs its revision."""
    assert _differences(store_url) == []


@pytest.fixture
def v4_store(tmp_path: Path) -> Path:
    """A store as newsgraph 0.1 wrote it: its own DDL, schema_version 4, no Alembic table."""
    db = tmp_path / "v4.db"
    with sqlite3.connect(db) as c:
        c.executescript(V4_SCHEMA.read_text() + V4_ROWS)
    return db


def test_v4_store_upgrades_in_place_and_keeps_its_rows(v4_store: Path) -> None:
    with Store(v4_store) as store:
        assert migrate.revision(store.sa) == migrate.head()
        assert store.query("SELECT version FROM schema_version")[0][0] == SCHEMA_VERSION
        assert store.article("00000000000000aa")["title"] == "An old article"
        assert [tuple(r) for r in store.failures()] == [("bad.jsonl", 3, "not JSON", "2009-07-01")]
        assert store.query('SELECT action, "by" FROM decisions')[0] == ("rename", "analyst")
        assert store.entity_record(1).aliases == ("Baitullah Mehsud",)
        assert store.check() == []
        assert store.save(_first(store), _kb()) is True  # and takes new articles
        assert store.stats()["articles"] == 2


def test_upgraded_v4_store_matches_the_schema(v4_store: Path) -> None:
    """Every table, column and index of schema.py, with its type.  Two differences remain and
    are harmless: 0.1's SQLite DDL let a text primary key be NULL (SQLite's quirk; no row has
    one), and Alembic reads its inline foreign keys without their ON DELETE (SQLite's PRAGMA
    foreign_key_list shows them, test_store_backends' check() relies on them)."""
    structural = [d for d in _differences(str(v4_store))
                  if isinstance(d, tuple) and d[0] not in ("remove_fk", "add_fk")]
    assert structural == []
    nullable = [d[0] for d in _differences(str(v4_store)) if isinstance(d, list)]
    assert {(kind, column) for kind, _, _table, column, *_ in nullable} <= {
        ("modify_nullable", c) for c in ("id", "article_id", "entity_key", "entity_id")}


def test_unknown_revision_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "future.db"
    Store(db).close()
    with sqlite3.connect(db) as c:
        c.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    for readonly in (False, True):
        with pytest.raises(StoreError, match="revision 9999_from_the_future is newer .* upgrade newsgraph"):
            Store(db, readonly=readonly)
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "9999_from_the_future"


def test_store_from_before_alembic_is_stamped_on_both_backends(store_url: str) -> None:  # noqa: F811
    """A version-4 store without Alembic's table (as 0.1 left one, on either backend) is
    stamped with the baseline, its rows untouched."""
    with Store(store_url) as store:
        store.save(_first(store), _kb())
        store.conn.execute("DROP TABLE alembic_version")
        assert migrate.revision(store.sa) is None
    with Store(store_url) as store:
        assert migrate.revision(store.sa) == migrate.head()
        assert store.stats()["articles"] == 1 and store.check() == []


def test_downgrading_past_the_baseline_leaves_an_empty_database(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, inspect

    path = tmp_path / "s.db"
    Store(path).close()
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as sa:
        config = Config()
        config.set_main_option("script_location", str(migrate.MIGRATIONS))
        config.attributes["connection"] = sa
        command.downgrade(config, "base")
    with engine.connect() as sa:
        assert set(inspect(sa).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    Store(path).close()  # and a fresh upgrade builds it again
