"""Screenshots of the web UI for the README, made from a real store (never by hand).

Usage: python scripts/screenshots.py [--db newsgraph.db | --real 600] [--out docs/img]
``--real N`` shows the store of N real articles that the load test uses (AQUAINT + MUC-4 dev from
../shared/eval, ingested once into build/bench/real-N.db by benchmarks/load.py and reused after);
``make screenshots`` does that when ../shared is there.  Without either it ingests samples/ into
a temporary store first.  The network view shows the month in which the most articles were
published (on samples/, the month before the last).  Needs Debian's chromium
(/usr/bin/chromium), the playwright Python package and the vendored browser libraries
(`make web-assets`).
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1280, "height": 860}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _ingest_samples(db: Path) -> None:
    newsgraph = Path(sys.executable).with_name("newsgraph")
    subprocess.run([str(newsgraph), "ingest", str(ROOT / "samples"), "--db", str(db), "--quiet"], check=True)


def _busiest_month(db: Path) -> str | None:
    """The month in which the most articles of ``db`` were published (None when one month or
    none holds more than a tenth of them: a small store shows the month before its last)."""
    from newsgraph.store import Store

    with Store(str(db), readonly=True) as store:
        rows = store.conn.execute(
            "SELECT SUBSTR(COALESCE(published, published_from), 1, 7) AS m, COUNT(*) AS n FROM articles "
            "WHERE COALESCE(published, published_from) IS NOT NULL GROUP BY m ORDER BY n DESC, m LIMIT 1").fetchall()
        total = int(store.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    return str(rows[0][0]) if rows and total >= 100 and rows[0][1] * 10 > total else None


def shoot(db: Path, out: Path) -> list[Path]:
    import uvicorn
    from playwright.sync_api import sync_playwright

    from newsgraph.web.api import create_app
    from newsgraph.web.vendor import is_vendored, vendor

    if not is_vendored():
        vendor(ROOT / "node_modules")
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    out.mkdir(parents=True, exist_ok=True)
    shots = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport=VIEWPORT)
            # Network view of the busiest month (samples/: 2010-01) with a leader's edge selected
            # (else the first edge): the evidence panel shows why.
            month = _busiest_month(db)
            page.goto(f"{base}/#/network" + (f"?month={month}" if month else ""))
            page.wait_for_selector("#cy[data-ready]")
            if not month:
                page.evaluate("""() => { const s = document.querySelector('#month');
                    s.value = String(Math.max(0, Number(s.max) - 1));  // the month before the last
                    s.dispatchEvent(new Event('input')); }""")
            page.wait_for_timeout(800)
            button = page.locator("#edge-list button", has_text="leads")
            if not button.count():
                button = page.locator("#edge-list button")
            if button.count():
                button.first.click()
                page.wait_for_timeout(300)
            page.evaluate("() => window.scrollTo(0, 0)")
            shots.append(out / "network.png")
            page.screenshot(path=str(shots[-1]))
            # Entity page of the most mentioned actor.
            top = page.request.get(f"{base}/api/stats").json()["top_entities"]
            person = next((e for e in top if e["type"] == "PERSON"), top[0])
            page.goto(f"{base}/#/entity/{person['id']}")
            page.wait_for_selector(".entity-view")
            shots.append(out / "entity.png")
            page.screenshot(path=str(shots[-1]))
            # Map, with the place that has the most events selected.
            page.goto(f"{base}/#/map")
            page.wait_for_selector("svg.map")
            places = page.request.get(f"{base}/api/places").json()["places"]
            busiest = max(places, key=lambda p: (len(p["events"]), p["mentions"]), default=None)
            if busiest:
                page.locator(".place-list button", has_text=busiest["name"]).first.click()
                page.evaluate("() => window.scrollTo(0, 0)")
            shots.append(out / "map.png")
            page.screenshot(path=str(shots[-1]))
            browser.close()
    finally:
        server.should_exit = True
    return shots


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="store to show (default: ingest samples/ into a temporary one)")
    parser.add_argument("--real", type=int, metavar="N", default=0,
                        help="show the load test's store of N real articles (built once from ../shared)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    args = parser.parse_args()
    if args.real:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import load

        reason = load.real_reason()
        if reason is not None:
            sys.exit(f"screenshots: {reason}")
        args.db, meta = load.real_store(args.real, ROOT / "build" / "bench")
        print(f"screenshots: {load.describe_real(args.db, meta)}")
    if args.db:
        shots = shoot(args.db, args.out)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "samples.db"
            _ingest_samples(db)
            shots = shoot(db, args.out)
    for shot in shots:
        print(f"screenshots: {shot.relative_to(ROOT) if shot.is_relative_to(ROOT) else shot} "
              f"({shot.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
