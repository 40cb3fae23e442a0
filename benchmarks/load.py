"""The web server under load: concurrent reads against a real ``newsgraph serve`` on loopback.

    python benchmarks/load.py --db build/bench/load.db              # 2 waves of 200 requests
    python benchmarks/load.py --db STORE --concurrency 200 --waves 3

Starts ``newsgraph serve`` on a free 127.0.0.1 port, then sends waves of ``--concurrency``
simultaneous GETs (one thread each, released together) in the mix the page sends: the network of
a month, entity profiles and lists, stats, months, articles, events, places, and static files.
The first wave meets a cold server; the next ones a warm one.  Reports p50/p95 latency per wave,
the slowest static file, and the server's peak RSS (sampled every 50 ms).  Bounded: every
request times out after ``--timeout`` seconds and the server is stopped at the end.  ``make
bench`` runs it on a generated store (benchmarks/run.py); the targets live here, nowhere else.
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
TARGET_P95_S = 1.0  # warm waves
TARGET_RSS_MB = 600


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
    with ids taken from the store file itself so that the server is still cold for wave one."""
    import sqlite3

    with closing(sqlite3.connect(f"file:{Path(db).resolve()}?mode=ro", uri=True)) as conn:
        people = [r[0] for r in conn.execute(
            "SELECT entity_id FROM mentions GROUP BY entity_id ORDER BY COUNT(*) DESC LIMIT 200")]
        articles = [r[0] for r in conn.execute("SELECT id FROM articles LIMIT 100")]
        months = sorted({r[0][:7] for r in conn.execute(
            "SELECT COALESCE(published, published_from) FROM articles") if r[0]})
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
    return {"concurrency": concurrency, "waves": out, "idle_rss_mb": idle / 2**20, "peak_rss_mb": peak / 2**20,
            "warm_p95": max(w["p95"] for w in warm),
            "p95_met": max(w["p95"] for w in warm) < TARGET_P95_S, "rss_met": peak / 2**20 < TARGET_RSS_MB}


def report(result: dict[str, Any]) -> str:
    lines = []
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
    parser.add_argument("--db", required=True, help="the store to serve")
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--waves", type=int, default=2, help="the first is cold (default 2)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds per request")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = load_test(args.db, args.concurrency, args.waves, args.timeout)
    print(json.dumps(result, indent=2) if args.json else report(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
