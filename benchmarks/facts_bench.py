"""Materialised facts: store writes per article, the first query after start, and the update
of the facts after one new article, on a store of N generated articles (no NLP).

    python benchmarks/facts_bench.py --articles 5000                 # a SQLite file under a temp dir
    python benchmarks/facts_bench.py --articles 5000 --db postgresql://...

Prints one JSON object: ``write_ms_per_article`` (``Store.save`` of each article, facts kept
current in the same transaction when the store materialises them), ``first_query_ms``
(``Graph.facts()`` on a freshly opened read-only store), ``one_article_ms`` (saving one more
article, facts included) and ``facts_current_ms`` (what it takes until a reader sees facts that
include it: the save plus, on a store that does not materialise facts, a rebuild of them).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--db", help="store location (default: a fresh SQLite file)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--extra", type=int, default=5, help="single articles saved after the store is built")
    parser.add_argument("--deferred", action="store_true",
                        help="build the store as an ingest does: facts refreshed once at the end")
    args = parser.parse_args()

    from make_corpus import generate, result_from_truth

    from newsgraph.extract.kb import load_kb
    from newsgraph.query.graph import Graph
    from newsgraph.store import Store

    work = Path(tempfile.mkdtemp(prefix="facts-bench-"))
    corpus, truth = generate(args.articles + args.extra, work, seed=args.seed)
    results = [result_from_truth(json.loads(a), json.loads(t), str(corpus))
               for a, t in zip(corpus.open(encoding="utf-8"), truth.open(encoding="utf-8"), strict=True)]
    base, extra = results[: args.articles], results[args.articles:]
    kb = load_kb()
    db = args.db or str(work / "store.db")
    out: dict[str, object] = {"articles": args.articles}
    import contextlib

    with Store(db) as store:
        t0, cpu0 = time.perf_counter(), time.process_time()
        with store.deferred_facts() if args.deferred and hasattr(store, "deferred_facts") else contextlib.nullcontext():
            saved = sum(store.save(r, kb) for r in base)
            t_saved = time.perf_counter()
        seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        out["saves_only_ms_per_article"] = round(1000 * (t_saved - t0) / max(saved, 1), 2)
    out["write_ms_per_article"] = round(1000 * seconds / max(saved, 1), 2)
    out["write_cpu_ms_per_article"] = round(1000 * cpu / max(saved, 1), 2)
    with Store(db, readonly=True) as store:
        t0 = time.perf_counter()
        events, relations = Graph(store).facts()
        out["first_query_ms"] = round(1000 * (time.perf_counter() - t0), 1)
        out["facts"] = [len(events), len(relations)]
    materialised = hasattr(Store, "refresh_facts")
    one, current = [], []
    with Store(db) as store:
        for r in extra:
            t0 = time.perf_counter()
            store.save(r, kb)
            t1 = time.perf_counter()
            if not materialised:
                Graph(store).facts()
            t2 = time.perf_counter()
            one.append(1000 * (t1 - t0))
            current.append(1000 * (t2 - t0))
    out["one_article_ms"] = round(sorted(one)[len(one) // 2], 1)
    out["facts_current_ms"] = round(sorted(current)[len(current) // 2], 1)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
