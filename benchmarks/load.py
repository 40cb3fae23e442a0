"""The web server under load: concurrent reads against a real ``newsgraph serve`` on loopback.

    python benchmarks/load.py --db build/bench/load.db              # 2 waves of 200 requests
    python benchmarks/load.py --db STORE --concurrency 200 --waves 3
    python benchmarks/load.py --db build/bench/load.db --postgres postgresql://USER:PW@127.0.0.1/DB

Starts ``newsgraph serve`` on a free 127.0.0.1 port, then sends waves of ``--concurrency``
simultaneous GETs (one thread each, released together) in the mix the page sends: the network of
a month, entity profiles and lists, stats, months, articles, events, places, and static files.
The first wave meets a cold server; the next ones a warm one.  Reports p50/p95 latency per wave,
the slowest static file, and the server's peak RSS (sampled every 50 ms).  Bounded: every
request times out after ``--timeout`` seconds and the server is stopped at the end.  ``make
bench`` runs it on a generated store (benchmarks/run.py); the targets live here, nowhere else.

``--postgres URL`` runs the same test on PostgreSQL: the SQLite store ``--db`` is copied row for
row into a fresh schema of that database (``newsgraph_load_...``, dropped at the end), and the
server reads it there.  When the URL cannot be reached (no server, no psycopg) the PostgreSQL run
is skipped with one line saying why, and the exit status is still 0.  ``--db`` may also be a
``postgresql://`` URL of an existing store, served as it is.

``--real N`` serves a store of at least N *real* articles instead: the 73 AQUAINT articles of
TimeBank/TempEval (``../shared/eval/timeml/aquaint``) and then the MUC-4 development messages
(``../shared/eval/muc4/dev``, 1,300 wire messages of 1989-90, in file order) go once through the
normal pipeline (``ingest_raw``, ``--workers 2``) into ``OUT/real-N.db`` (``--out``, default
build/bench), which later runs reuse as it is (delete it to rebuild); the ingest time is kept
beside it in ``real-N.json`` and printed on every run.  When ../shared is absent the real-store
run is skipped with one line.  The files are read where they lie, never copied.

    python benchmarks/load.py --real 600                      # build once (minutes), then serve it
    python benchmarks/load.py --real 600 --postgres URL       # and on a copy of it in PostgreSQL
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import closing
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:  # this checkout's newsgraph, for the store's ids and the copy
    sys.path.insert(0, str(ROOT / "src"))
TARGET_P95_S = 1.0  # warm waves
TARGET_RSS_MB = 600
SHARED_EVAL = ROOT.parent / "shared" / "eval"
MUC4_DEV = SHARED_EVAL / "muc4" / "dev"
AQUAINT = SHARED_EVAL / "timeml" / "aquaint"
_AQUAINT_PUBLISHERS = {"APW": "Associated Press", "NYT": "The New York Times", "XIE": "Xinhua"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, timeout: float) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:  # noqa: S310 (loopback only)
            return r.status, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def _start(db: str, port: int, timeout: float) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT / "src"), os.environ.get("PYTHONPATH"))))}
    proc = subprocess.Popen([sys.executable, "-m", "newsgraph", "serve", "--db", db, "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"newsgraph serve exited: {proc.stderr.read().decode()[-2000:] if proc.stderr else ''}")
        try:
            if _get(f"http://127.0.0.1:{port}/api/config", 2)[0] == 200:
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"newsgraph serve did not answer within {timeout:.0f} s")


def _paths(db: str, rng: random.Random) -> list[str]:
    """Reads in the mix the page sends (network, entity, article and map views, static files),
    with ids taken from the store itself (not through the server, which stays cold for wave one)."""
    from newsgraph.store import Store

    with Store(db, readonly=True) as store:
        people = [r[0] for r in store.conn.execute(
            "SELECT entity_id FROM mentions GROUP BY entity_id ORDER BY COUNT(*) DESC, entity_id LIMIT 200").fetchall()]
        articles = [r[0] for r in store.conn.execute("SELECT id FROM articles ORDER BY id LIMIT 100").fetchall()]
        months = sorted({r[0][:7] for r in store.conn.execute(
            "SELECT COALESCE(published, published_from) FROM articles").fetchall() if r[0]})
    mix: list[tuple[float, Any]] = [
        (0.25, lambda: "/api/network" + (f"?as_of={rng.choice(months)}" if months else "")),
        (0.05, lambda: "/api/network"),
        (0.15, lambda: f"/api/entities/{rng.choice(people)}"),
        (0.05, lambda: f"/api/entities/{rng.choice(people)}/timeline"),
        (0.05, lambda: "/api/entities?limit=100"),
        (0.05, lambda: "/api/stats"),
        (0.05, lambda: "/api/months"),
        (0.05, lambda: "/api/articles?limit=100"),
        (0.05, lambda: f"/api/articles/{rng.choice(articles)}"),
        (0.05, lambda: f"/api/events?entity={rng.choice(people)}"),
        (0.05, lambda: "/api/places"),
        (0.15, lambda: rng.choice(["/", "/static/app.js", "/static/app.css", "/static/vendor/cytoscape.esm.min.js"])),
    ]
    weights = [w for w, _ in mix]
    return [rng.choices(mix, weights)[0][1]() for _ in range(10_000)]


def _wave(base: str, paths: list[str], timeout: float) -> dict[str, Any]:
    """All of ``paths`` at once, one thread each; latency in seconds per request."""
    results: list[tuple[str, float, int]] = []
    lock = threading.Lock()
    gate = threading.Barrier(len(paths) + 1)

    def one(path: str) -> None:
        gate.wait()
        t0 = time.perf_counter()
        try:
            status = _get(base + path, timeout)[0]
        except OSError:
            status = 0  # timed out or refused
        with lock:
            results.append((path, time.perf_counter() - t0, status))

    threads = [threading.Thread(target=one, args=(p,), daemon=True) for p in paths]
    for t in threads:
        t.start()
    t0 = time.perf_counter()
    gate.wait()
    for t in threads:
        t.join(timeout + 5)
    lat = sorted(r[1] for r in results)
    static = [r[1] for r in results if not r[0].startswith("/api/")]
    return {"requests": len(paths), "answered": len(results), "seconds": time.perf_counter() - t0,
            "p50": statistics.median(lat), "p95": lat[min(len(lat) - 1, int(0.95 * len(lat)))], "max": lat[-1],
            "static_max": max(static, default=float("nan")),
            "errors": sum(1 for r in results if r[2] != 200)}


def postgres_reason(url: str) -> str | None:
    """Why the PostgreSQL run cannot happen at ``url`` (one line), or None when it can."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed (pip install 'newsgraph[postgres]')"
    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        return f"cannot reach {_redact(url)}: {' '.join(str(exc).split())[:200]}"
    return None


def _redact(url: str) -> str:
    from newsgraph.store import redact_url

    return redact_url(url)


def copy_to_postgres(db: str, url: str) -> tuple[str, str]:
    """Copy the SQLite store ``db`` row for row into a fresh schema of the PostgreSQL database at
    ``url`` (its tables made by :class:`newsgraph.store.Store`, so the server sees a store as
    ingest would write it); returns (that store's URL, the schema's name)."""
    import sqlite3
    import uuid

    import psycopg

    from newsgraph.store import Store

    schema = f"newsgraph_load_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(url, autocommit=True, connect_timeout=10) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    target = f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
    src = sqlite3.connect(f"file:{Path(db).resolve()}?mode=ro", uri=True)
    try:
        with Store(target) as pg, closing(src):
            tables = [r[0] for r in src.execute(  # creation order: a table before those that refer to it
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "AND name != 'schema_version' ORDER BY rowid")]
            with pg.transaction() as c:
                for table in reversed(tables):  # what opening the store wrote, children first
                    if pg.has_table(table):
                        c.execute(f"DELETE FROM {table}")
                for table in tables:
                    if not pg.has_table(table):
                        continue  # a table this version no longer has
                    cols = [r[1] for r in src.execute(f"PRAGMA table_info({table})")]
                    names = ", ".join(f'"{c}"' for c in cols)
                    rows = src.execute(f"SELECT {names} FROM {table}").fetchall()
                    if rows:
                        c.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(cols))})", rows)
    except BaseException:
        drop_schema(url, schema)
        raise
    return target, schema


def drop_schema(url: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True, connect_timeout=10) as admin:
        admin.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


# -- a store of real articles --------------------------------------------------------------------
def real_reason() -> str | None:
    """Why a real-article store cannot be built here (one line), or None when it can."""
    missing = [str(p) for p in (MUC4_DEV, AQUAINT) if not p.is_dir()]
    return f"real-article load test skipped: {' and '.join(missing)} not found" if missing else None


def real_inputs() -> list[Any]:
    """The real articles in the order the store takes them: AQUAINT (newswire of 1998, with its
    creation date, title and agency), then the MUC-4 development messages (dateline date and
    agency, upper-case text truecased as ``newsgraph eval muc4`` does)."""
    import re

    from newsgraph.evaluate import muc4
    from newsgraph.evaluate.scoring import read_timeml
    from newsgraph.records import RawArticle

    raws: list[Any] = []
    for path in sorted(AQUAINT.glob("*.tml")):
        doc = read_timeml(path)
        title = re.search(r"<TITLE>(.*?)</TITLE>", path.read_text(encoding="utf-8"), re.S)
        raws.append(RawArticle(source=f"{path.stem}.txt", text=doc.text.strip(), published=doc.dct,
                               publisher=_AQUAINT_PUBLISHERS.get(path.name[:3]),
                               title=" ".join(title.group(1).split()) or None if title else None))
    raws.extend(muc4.raw_articles(muc4.read_texts(MUC4_DEV)))
    return raws


def _article_count(db: Path) -> int:
    """Articles in the SQLite store ``db``, its write-ahead log folded into the file first (the
    store is renamed when complete; a log left beside the old name would be lost)."""
    import sqlite3

    with closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])


def real_store(n: int, out: Path, workers: int = 2) -> tuple[Path, dict[str, Any]]:
    """A SQLite store of at least ``n`` real articles under ``out`` (``real-N.db``), ingested once
    through the normal pipeline and reused after; returns its path and what building it took
    (``real-N.json``: inputs read, articles stored, seconds, workers, the commit that built it).
    Inputs are taken in :func:`real_inputs` order until ``n`` articles are stored (near-duplicate
    wire messages are not stored twice, so a few more inputs than ``n`` may be read)."""
    from dataclasses import replace

    from newsgraph.pipeline import ingest_raw
    from newsgraph.settings import Settings

    db, meta_path = out / f"real-{n}.db", out / f"real-{n}.json"
    if db.exists() and meta_path.exists():
        return db, {**json.loads(meta_path.read_text()), "reused": True}
    out.mkdir(parents=True, exist_ok=True)
    part = out / f"real-{n}.part.db"  # renamed when complete: an interrupted build is never reused
    for suffix in ("", "-wal", "-shm"):
        Path(f"{part}{suffix}").unlink(missing_ok=True)
    raws = real_inputs()
    if len(raws) < n:
        raise ValueError(f"--real {n}: only {len(raws)} real articles are available")
    settings = replace(Settings(), workers=workers, db=str(part))
    t0, used, stored = time.perf_counter(), 0, 0
    while stored < n and used < len(raws):
        batch = raws[used:used + n - stored]
        used += len(batch)
        ingest_raw(batch, str(part), settings=settings)
        stored = _article_count(part)
    seconds = time.perf_counter() - t0
    if stored < n:
        raise ValueError(f"--real {n}: only {stored} of the {len(raws)} real inputs were stored")
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip() or None
    meta = {"articles": stored, "inputs": used, "seconds": round(seconds, 1), "workers": workers,
            "commit": commit, "built": time.strftime("%Y-%m-%d %H:%M")}
    part.rename(db)
    for suffix in ("-wal", "-shm"):  # empty after the checkpoint
        Path(f"{part}{suffix}").unlink(missing_ok=True)
    meta_path.write_text(json.dumps(meta, indent=2))
    return db, {**meta, "reused": False}


def describe_real(db: Path, meta: dict[str, Any]) -> str:
    how = "reused" if meta.get("reused") else "built"
    return (f"real-article store {db}: {meta['articles']} articles from {meta['inputs']} inputs "
            f"(AQUAINT + MUC-4 dev), {how}; ingest took {meta['seconds']:.0f} s with --workers "
            f"{meta['workers']} (commit {meta.get('commit')}, {meta.get('built')})")


def load_test(db: str, concurrency: int = 200, waves: int = 2, timeout: float = 120, seed: int = 7) -> dict[str, Any]:
    """Start a server on ``db``, send ``waves`` waves of ``concurrency`` reads, stop it."""
    import psutil

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    proc = _start(db, port, 60)
    peak = psutil.Process(proc.pid).memory_info().rss
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            try:
                peak = max(peak, psutil.Process(proc.pid).memory_info().rss)
            except psutil.Error:
                return
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    try:
        idle = psutil.Process(proc.pid).memory_info().rss
        pool = _paths(db, random.Random(seed))
        from newsgraph.store import Store

        with Store(db, readonly=True) as store:
            articles = int(store.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
        sampler.start()
        out = []
        for i in range(waves):
            out.append(_wave(base, pool[i * concurrency:(i + 1) * concurrency], timeout))
    finally:
        stop.set()
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
    warm = out[1:] or out
    return {"store": "postgresql" if db.startswith(("postgres://", "postgresql://")) else "sqlite",
            "articles": articles, "concurrency": concurrency, "waves": out, "idle_rss_mb": idle / 2**20, "peak_rss_mb": peak / 2**20,
            "warm_p95": max(w["p95"] for w in warm),
            "p95_met": max(w["p95"] for w in warm) < TARGET_P95_S, "rss_met": peak / 2**20 < TARGET_RSS_MB}


def report(result: dict[str, Any]) -> str:
    lines = [f"store: {result.get('store', 'sqlite')}, {result.get('articles', '?')} articles"]
    for i, w in enumerate(result["waves"]):
        lines.append(f"wave {i + 1} ({'cold' if i == 0 else 'warm'}): {w['answered']}/{w['requests']} answered, "
                     f"{w['errors']} not 200, p50 {w['p50']:.2f} s, p95 {w['p95']:.2f} s, max {w['max']:.2f} s, "
                     f"slowest static file {w['static_max']:.2f} s, wave {w['seconds']:.1f} s")
    lines.append(f"server RSS: {result['idle_rss_mb']:.0f} MB idle, {result['peak_rss_mb']:.0f} MB peak")
    lines.append(f"target warm p95 < {TARGET_P95_S:.0f} s: {'met' if result['p95_met'] else 'NOT met'} "
                 f"({result['warm_p95']:.2f} s); target RSS < {TARGET_RSS_MB} MB: "
                 f"{'met' if result['rss_met'] else 'NOT met'} ({result['peak_rss_mb']:.0f} MB)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="the store to serve (a SQLite file or a postgresql:// URL)")
    parser.add_argument("--real", type=int, metavar="N", default=0,
                        help="serve a store of at least N real articles (AQUAINT + MUC-4 dev from ../shared), "
                             "ingested once into OUT/real-N.db and reused after")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench", help="where --real keeps its store")
    parser.add_argument("--postgres", metavar="URL", default=None,
                        help="also run on PostgreSQL: copy --db into a fresh schema of this database and "
                             "serve it from there (skipped, with the reason, when unreachable)")
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--waves", type=int, default=2, help="the first is cold (default 2)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds per request")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.real:
        reason = real_reason()
        if reason is not None:
            print(reason, file=sys.stderr)
            return 0
        db, meta = real_store(args.real, args.out)
        print(describe_real(db, meta), file=sys.stderr, flush=True)
        args.db = str(db)
    elif not args.db:
        parser.error("--db or --real is required")
    results = [load_test(args.db, args.concurrency, args.waves, args.timeout)]
    print(json.dumps(results[0], indent=2) if args.json else report(results[0]), flush=True)
    if args.postgres:
        result = load_postgres(args.db, args.postgres, args.concurrency, args.waves, args.timeout)
        if result is not None:
            print(json.dumps(result, indent=2) if args.json else report(result))
    return 0


def load_postgres(db: str, url: str, concurrency: int = 200, waves: int = 2,
                  timeout: float = 120) -> dict[str, Any] | None:
    """:func:`load_test` on a copy of the SQLite store ``db`` in PostgreSQL at ``url``; None, with
    the reason printed, when PostgreSQL cannot be reached."""
    reason = postgres_reason(url)
    if reason is not None:
        print(f"PostgreSQL load test skipped: {reason}", file=sys.stderr)
        return None
    t0 = time.perf_counter()
    target, schema = copy_to_postgres(db, url)
    try:
        print(f"copied {db} into PostgreSQL schema {schema} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        return load_test(target, concurrency, waves, timeout)
    finally:
        drop_schema(url, schema)


if __name__ == "__main__":
    raise SystemExit(main())
