"""Store upgrades: an older store is migrated when opened, a newer one is refused clearly.

The "v0" store is built by hand as the first release wrote it: a subset of today's tables and
columns (no ``corrections``/``published_from``/``published_to`` columns, no failures or
kb_entries tables) stamped ``schema_version = 0``.  After opening it with today's code it must
have every table and column a fresh store has, keep its rows, take new articles and pass
``check``.  A store stamped with a version from the future must be refused by the library and by
the CLI with one line that says to upgrade newsgraph, and must be left untouched.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from newsgraph.errors import StoreError
from newsgraph.pipeline import ingest
from newsgraph.store import SCHEMA_VERSION, Store

from .conftest import ROOT

V0_SCHEMA = """
CREATE TABLE schema_version (version INTEGER NOT NULL);
INSERT INTO schema_version VALUES (0);
CREATE TABLE articles (
    id TEXT PRIMARY KEY, source TEXT NOT NULL, line INTEGER, url TEXT, title TEXT, publisher TEXT,
    byline TEXT, dateline TEXT, published TEXT, raw_text TEXT NOT NULL, text TEXT NOT NULL,
    offsets TEXT NOT NULL, pipeline_version TEXT NOT NULL, ingested_at TEXT NOT NULL
);
CREATE TABLE sentences (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, idx INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, PRIMARY KEY (article_id, idx)
);
CREATE TABLE entities (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, kb_id TEXT,
    ambiguous INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL
);
CREATE TABLE aliases (
    entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE, alias TEXT NOT NULL,
    PRIMARY KEY (entity_id, alias)
);
CREATE TABLE mentions (
    id INTEGER PRIMARY KEY, article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    entity_id INTEGER NOT NULL REFERENCES entities(id), local_idx INTEGER NOT NULL, sentence INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, type TEXT NOT NULL, source TEXT NOT NULL,
    kb_id TEXT
);
INSERT INTO articles VALUES ('00000000000000aa', 'old.txt', NULL, NULL, 'An old article', 'CBS News', NULL,
    'Islamabad', '2009-06-25', 'Baitullah Mehsud was seen in Makeen.', 'Baitullah Mehsud was seen in Makeen.',
    '[[0, 0, 36]]', 'newsgraph-0.0.1', '2009-07-01T00:00:00+00:00');
INSERT INTO sentences VALUES ('00000000000000aa', 0, 0, 36);
INSERT INTO entities VALUES (1, 'Baitullah Mehsud', 'PERSON', NULL, 0, '2009-07-01T00:00:00+00:00');
INSERT INTO aliases VALUES (1, 'Baitullah Mehsud');
INSERT INTO mentions VALUES (1, '00000000000000aa', 1, 0, 0, 0, 16, 'Baitullah Mehsud', 'PERSON', 'ner', NULL);
"""

ARTICLE = ("ISLAMABAD (Reuters) - Militants attacked a police post in Bannu on Monday, killing five officers, "
           "officials said. Baitullah Mehsud, the leader of the Pakistan Taliban, claimed responsibility.")


def _columns(db: Path) -> dict[str, set[str]]:
    with sqlite3.connect(db) as c:
        tables = [r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: {r[1] for r in c.execute(f'PRAGMA table_info("{t}")')} for t in tables}


def _version(db: Path) -> int:
    with sqlite3.connect(db) as c:
        return c.execute("SELECT version FROM schema_version").fetchone()[0]


@pytest.fixture
def v0_store(tmp_path: Path) -> Path:
    db = tmp_path / "v0.db"
    with sqlite3.connect(db) as c:
        c.executescript(V0_SCHEMA)
    return db


@pytest.fixture
def fresh_columns(tmp_path: Path) -> dict[str, set[str]]:
    Store(tmp_path / "fresh.db").close()
    return _columns(tmp_path / "fresh.db")


def test_v0_store_is_migrated_on_open(v0_store, fresh_columns):
    with Store(v0_store) as store:
        assert store.has_article("00000000000000aa")
    assert _version(v0_store) == SCHEMA_VERSION
    migrated = _columns(v0_store)
    for table, columns in fresh_columns.items():
        assert columns <= migrated.get(table, set()), f"{table}: missing {columns - migrated.get(table, set())}"


def test_migrated_store_keeps_rows_and_takes_new_articles(v0_store, tmp_path):
    art = tmp_path / "new.txt"
    art.write_text(ARTICLE)
    report = ingest([str(art)], str(v0_store))
    assert report.added == 1 and report.failed == 0
    with Store(v0_store) as store:
        assert store.stats()["articles"] == 2
        assert store.article("00000000000000aa")["title"] == "An old article"
        assert store.check() == []
        # the old Baitullah Mehsud and the new article's one are one entity
        ids = {r[0] for r in store.query("SELECT entity_id FROM mentions WHERE text = 'Baitullah Mehsud'")}
        assert ids == {1}


def test_unversioned_store_is_stamped(tmp_path):
    """A store whose schema_version table is empty (an interrupted first open) gets stamped."""
    db = tmp_path / "blank.db"
    with sqlite3.connect(db) as c:
        c.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    Store(db).close()
    assert _version(db) == SCHEMA_VERSION


def test_migration_is_idempotent(v0_store):
    Store(v0_store).close()
    before = _columns(v0_store)
    Store(v0_store).close()
    assert _columns(v0_store) == before and _version(v0_store) == SCHEMA_VERSION


@pytest.fixture
def future_store(tmp_path: Path) -> Path:
    db = tmp_path / "future.db"
    Store(db).close()
    with sqlite3.connect(db) as c:
        c.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
    return db


@pytest.mark.parametrize("readonly", [False, True])
def test_newer_store_is_refused(future_store, readonly):
    with pytest.raises(StoreError) as err:
        Store(future_store, readonly=readonly)
    message = str(err.value)
    assert str(SCHEMA_VERSION + 1) in message and "newer" in message and "upgrade newsgraph" in message
    assert "\n" not in message
    assert _version(future_store) == SCHEMA_VERSION + 1  # left as it was


@pytest.mark.parametrize("command", [["stats"], ["check"], ["failures"], ["entities"]])
def test_cli_refuses_newer_store_in_one_line(future_store, command):
    run = subprocess.run([sys.executable, "-m", "newsgraph", *command, "--db", str(future_store)], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "newer" in lines[0]


def test_cli_ingest_refuses_newer_store(future_store, tmp_path):
    art = tmp_path / "a.txt"
    art.write_text(ARTICLE)
    run = subprocess.run([sys.executable, "-m", "newsgraph", "ingest", str(art), "--db", str(future_store), "-q"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "newer" in run.stderr
    with sqlite3.connect(future_store) as c:
        assert c.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 0
