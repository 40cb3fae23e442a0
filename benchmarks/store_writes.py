"""Store write throughput: ``Store.save`` of N generated articles' perfect analyses (no NLP).

    python benchmarks/store_writes.py --articles 1000            # a SQLite file under build/
    python benchmarks/store_writes.py --db postgresql://...       # or a PostgreSQL database

Measures what the store costs per article (linking, inserts, one transaction each), e.g. to
compare two versions of the store on the same corpus (docs/performance.md).
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
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--db", help="store location (default: a fresh SQLite file)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    from make_corpus import generate, result_from_truth

    from newsgraph.extract.kb import load_kb
    from newsgraph.store import Store

    work = Path(tempfile.mkdtemp(prefix="store-writes-"))
    corpus, truth = generate(args.articles, work, seed=args.seed)
    results = [result_from_truth(json.loads(a), json.loads(t), str(corpus))
               for a, t in zip(corpus.open(encoding="utf-8"), truth.open(encoding="utf-8"), strict=True)]
    kb = load_kb()
    with Store(args.db or str(work / "store.db")) as store:
        t0, cpu0 = time.perf_counter(), time.process_time()
        saved = sum(store.save(r, kb) for r in results)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    # CPU time of this process as well: on a shared machine it varies less than wall time (it
    # leaves out the database server's share on PostgreSQL)
    print(json.dumps({"articles": saved, "seconds": round(seconds, 2),
                      "ms_per_article": round(1000 * seconds / max(saved, 1), 2),
                      "cpu_ms_per_article": round(1000 * cpu / max(saved, 1), 2)}))


if __name__ == "__main__":
    main()
