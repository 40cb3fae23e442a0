"""Crash safety: SIGKILL an ingest part-way, run it again, and get exactly a clean run's store.

One transaction per article (store.py) means a kill can only lose the article in flight; the
re-run skips what is stored and finishes the rest.  We compare the resumed store with a clean
run's on what a user sees: article ids, entities (name, type, kb id), each article's mentions and
their entities, event/relation/quote/timex counts per article, no duplicates, `newsgraph check`.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow

PY = sys.executable
N_ARTICLES = 300
KILL_AT = (40, 150, 260)  # articles stored when each kill lands

PEOPLE = ["Baitullah Mehsud", "Hakimullah Mehsud", "Asif Ali Zardari", "Yusuf Raza Gilani", "Rehman Malik",
          "Maulana Fazlullah", "Sufi Muhammad", "Qari Zainuddin", "Ashfaq Kayani", "Owais Ghani"]
PLACES = ["Peshawar", "Islamabad", "South Waziristan", "Swat", "Lahore", "Karachi", "Quetta", "Bannu", "Kohat"]
GROUPS = ["the Pakistan Taliban", "al-Qaeda", "Lashkar-e-Taiba", "the Pakistani army", "the Frontier Corps"]


def corpus(path: Path, n: int = N_ARTICLES, seed: int = 7) -> Path:
    """n distinct short articles in one JSONL file (varied actors, places, dates, tolls)."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            p, q = rng.sample(PEOPLE, 2)
            place, group = rng.choice(PLACES), rng.choice(GROUPS)
            text = (f"{place}, Pakistan - A suicide bomber killed {rng.randint(2, 60)} people at a market in {place} "
                    f"on Tuesday, police said. {p}, the leader of {group}, claimed responsibility for the attack. "
                    f"Officials said {q} met army commanders in Islamabad to discuss the offensive. "
                    f"It was attack number {i + 1} this year, according to local officials.")
            f.write(json.dumps({"text": text, "title": f"Bomb kills people in {place} ({i})",
                                "published": f"2009-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"}) + "\n")
    return path


def _ingest_cmd(src: Path, db: Path) -> list[str]:
    return [PY, "-m", "newsgraph", "ingest", str(src), "--db", str(db), "-q"]


def _env() -> dict[str, str]:
    return {**os.environ, "NEWSGRAPH_SETTINGS": "/nonexistent"}


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as c:
            return c.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.Error:  # not created yet, or the schema is still being written
        return 0


def _kill_when(src: Path, db: Path, stored: int, deadline: float = 120) -> int:
    """Start an ingest, SIGKILL it once ``stored`` articles are in; the count seen at the kill."""
    proc = subprocess.Popen(_ingest_cmd(src, db), cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    start = time.monotonic()
    try:
        while time.monotonic() - start < deadline:
            if proc.poll() is not None:
                pytest.fail(f"ingest finished before the kill (wanted one at {stored} articles)")
            n = _stored(db)
            if n >= stored:
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                return n
            time.sleep(0.02)
        pytest.fail("ingest made no progress")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return -1


def dump(db: Path) -> dict:
    """What a user sees, independent of row order and rowids."""
    with sqlite3.connect(db) as c:
        ent = {r[0]: (r[1], r[2], r[3]) for r in c.execute("SELECT id, name, type, kb_id FROM entities")}
        per_article = {}
        for (aid,) in c.execute("SELECT id FROM articles ORDER BY id"):
            mentions = sorted((s, e, t, ent[eid]) for s, e, t, eid in c.execute(
                'SELECT start, "end", text, entity_id FROM mentions WHERE article_id = ?', (aid,)))
            counts = tuple(c.execute(f"SELECT COUNT(*) FROM {t} WHERE article_id = ?", (aid,)).fetchone()[0]
                           for t in ("events", "relations", "quotes", "timexes", "sentences", "evidence"))
            per_article[aid] = (mentions, counts)
        return {
            "articles": sorted(per_article),
            "entities": sorted(ent.values(), key=repr),
            "per_article": per_article,
            "aliases": sorted((ent[e], a) for e, a in c.execute("SELECT entity_id, alias FROM aliases")),
            "totals": {t: c.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                       for t in ("articles", "entities", "mentions", "events", "event_roles", "relations",
                                 "quotes", "timexes", "evidence", "links", "failures")},
        }


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory) -> tuple[Path, dict]:
    work = tmp_path_factory.mktemp("crash")
    src = corpus(work / "corpus.jsonl")
    db = work / "clean.db"
    run = subprocess.run(_ingest_cmd(src, db), cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    return src, dump(db)


def test_clean_run_has_everything(clean_run):
    _, clean = clean_run
    assert len(clean["articles"]) == N_ARTICLES
    assert clean["totals"]["events"] > 0 and clean["totals"]["relations"] > 0


def test_kill_and_resume_equals_clean_run(clean_run, tmp_path):
    src, clean = clean_run
    db = tmp_path / "resumed.db"
    seen = [_kill_when(src, db, at) for at in KILL_AT]  # three kills, each resumed by the next run
    assert seen == sorted(seen) and seen[-1] < N_ARTICLES
    run = subprocess.run(_ingest_cmd(src, db), cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    resumed = dump(db)
    assert resumed["articles"] == clean["articles"]
    assert resumed["totals"] == clean["totals"]
    assert resumed["entities"] == clean["entities"]
    assert resumed["aliases"] == clean["aliases"]
    assert resumed["per_article"] == clean["per_article"]
    check = subprocess.run([PY, "-m", "newsgraph", "check", "--db", str(db)], cwd=ROOT, env=_env(),
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr
    # and a further run changes nothing
    again = subprocess.run(_ingest_cmd(src, db), cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=300)
    assert "0 articles added" in again.stdout
    assert dump(db)["totals"] == clean["totals"]


def test_killed_store_has_no_half_article(clean_run, tmp_path):
    """Right after a kill (before any resume) every stored article is complete."""
    src, clean = clean_run
    db = tmp_path / "killed.db"
    _kill_when(src, db, 60)
    killed = dump(db)
    assert killed["articles"] and set(killed["articles"]) <= set(clean["articles"])
    for aid in killed["articles"]:
        assert killed["per_article"][aid][1] == clean["per_article"][aid][1], aid
        assert len(killed["per_article"][aid][0]) == len(clean["per_article"][aid][0]), aid
    with sqlite3.connect(db) as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert not c.execute("PRAGMA foreign_key_check").fetchall()
