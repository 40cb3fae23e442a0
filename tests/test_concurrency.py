"""Concurrency on one SQLite store (WAL): readers during an ingest, and two ingests at once.

A reader must never see an error or a torn article (an article row without its sentences, a
mention whose entity is missing) while a writer commits; two ingest processes on one store must
serialize (BEGIN IMMEDIATE + busy timeout) and end with every article once.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from newsgraph.query.graph import Graph
from newsgraph.store import Store

from .conftest import ROOT
from .test_crash_safety import _env, _ingest_cmd, corpus, dump

pytestmark = pytest.mark.slow

PY = sys.executable


def _read_consistently(db: Path, stop: threading.Event, seen: list[int], errors: list[str]) -> None:
    """Query through the library until told to stop; record counts and any problem."""
    while not stop.is_set():
        try:
            with Store(db, readonly=True) as store:
                g = Graph(store)
                store.conn.execute("BEGIN")  # one snapshot for the checks below
                n = store.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
                bare = store.conn.execute(
                    "SELECT COUNT(*) FROM articles a WHERE NOT EXISTS "
                    "(SELECT 1 FROM sentences s WHERE s.article_id = a.id)").fetchone()[0]
                dangling = store.conn.execute(
                    "SELECT COUNT(*) FROM mentions m WHERE NOT EXISTS "
                    "(SELECT 1 FROM entities e WHERE e.id = m.entity_id)").fetchone()[0]
                orphans = store.conn.execute(
                    "SELECT COUNT(*) FROM entities e WHERE NOT EXISTS "
                    "(SELECT 1 FROM mentions m WHERE m.entity_id = e.id)").fetchone()[0]
                store.conn.execute("COMMIT")
                if bare or dangling or orphans:
                    errors.append(f"torn read at {n} articles: {bare} bare, {dangling} dangling, {orphans} orphans")
                seen.append(n)
                g.entities(limit=20)
                g.top_entities(limit=5)
                g.network()
                store.stats()
        except Exception as exc:  # any error while a writer works is the failure we look for
            if "no such store" in str(exc) or "no such table" in str(exc):
                time.sleep(0.05)  # the writer has not created it yet
                continue
            errors.append(f"{type(exc).__name__}: {exc}")
        time.sleep(0.01)


def test_reader_during_ingest(tmp_path):
    src = corpus(tmp_path / "c.jsonl", n=200, seed=11)
    db = tmp_path / "w.db"
    stop, seen, errors = threading.Event(), [], []
    readers = [threading.Thread(target=_read_consistently, args=(db, stop, seen, errors)) for _ in range(2)]
    writer = subprocess.Popen(_ingest_cmd(src, db), cwd=ROOT, env=_env(), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    for r in readers:
        r.start()
    try:
        out, err = writer.communicate(timeout=300)
    finally:
        stop.set()
        for r in readers:
            r.join(60)
    assert writer.returncode == 0, err[-2000:]
    assert not errors, errors[:5]
    assert len(set(seen)) > 3, "the readers never saw the store grow; the test proved nothing"
    assert max(seen) <= 200
    with Store(db, readonly=True) as store:
        assert store.stats()["articles"] == 200


def test_two_ingests_into_one_store_serialize(tmp_path):
    src = corpus(tmp_path / "all.jsonl", n=160, seed=5)
    lines = src.read_text().splitlines(keepends=True)
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text("".join(lines[:100]))  # 60 articles overlap: both processes try to store them
    b.write_text("".join(lines[40:]))
    db = tmp_path / "shared.db"
    procs = [subprocess.Popen(_ingest_cmd(p, db), cwd=ROOT, env=_env(), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for p in (a, b)]
    results = [p.communicate(timeout=300) for p in procs]
    for p, (_out, err) in zip(procs, results, strict=True):
        assert p.returncode == 0, err[-2000:]
        assert "Traceback" not in err
    reference = tmp_path / "ref.db"
    run = subprocess.run(_ingest_cmd(src, reference), cwd=ROOT, env=_env(), capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0
    shared, ref = dump(db), dump(reference)
    assert shared["articles"] == ref["articles"]  # every article once, overlap included
    assert shared["totals"]["articles"] == 160
    for table in ("mentions", "events", "relations", "quotes", "timexes", "evidence"):
        assert shared["totals"][table] == ref["totals"][table], table
    # the entity *set* may only differ where linking order matters; names and types must agree here
    assert {(n, t) for n, t, _ in shared["entities"]} == {(n, t) for n, t, _ in ref["entities"]}
    check = subprocess.run([PY, "-m", "newsgraph", "check", "--db", str(db)], cwd=ROOT, env=_env(),
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr
