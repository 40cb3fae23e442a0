"""The ``ray`` executor: the same analysis as local worker processes, on a Ray cluster.

Articles (already read and cleaned by the caller) go through Ray Data ``map_batches`` to a pool
of actors; each actor builds one :class:`newsgraph.pipeline.Pipeline` (spaCy model and knowledge
base loaded once per worker) and analyses whole batches with ``nlp.pipe``.  Results come back in
input order, so the caller writes them through the normal store exactly as the local executor
does and gets the same entity ids and the same export.

Where the cluster is: ``settings.extra["ray_address"]``, else ``$RAY_ADDRESS``, else a local Ray
started with ``settings.workers`` CPUs.  Needs the ``[distributed]`` extra (``ray[data]``).
"""

from __future__ import annotations

import logging
import os
import pickle
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import Any, Protocol

from .errors import NewsgraphError
from .extract.kb import KBEntry
from .records import Article, ArticleResult, Failure
from .settings import Settings

log = logging.getLogger(__name__)

# Articles per Ray dataset.  The input is a stream of unknown length; it is cut into windows so
# memory stays bounded.  Each window starts its own actor pool (one model load per worker per
# window), so a window should take minutes, not seconds, to analyse.
DEFAULT_WINDOW = 5000


class Analysis(Protocol):
    """What each worker runs: a :class:`newsgraph.pipeline.Pipeline`."""

    def process(self, articles: Iterable[Article]) -> Iterator[ArticleResult | Failure]: ...


# Builds a worker's Analysis from the settings and the extra KB entries: the Pipeline class, given
# by the caller (the pipeline imports this module, so this module does not import it back).
# Ray sends it to the workers by name, so each imports the pipeline module itself.
AnalysisFactory = Callable[[Settings, tuple[KBEntry, ...]], Analysis]


class _Analyser:
    """A Ray Data actor: one Pipeline per worker, reused for every batch it is given."""

    def __init__(self, make_pipeline: AnalysisFactory, settings: Settings,
                 extra_kb: tuple[KBEntry, ...]) -> None:
        self.pipeline = make_pipeline(settings, extra_kb)

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        import numpy as np

        out = []
        for blob in batch["articles"]:  # each row is one pipeline batch, cut by the driver
            articles = pickle.loads(blob)
            results = list(self.pipeline.process(articles))
            if len(results) != len(articles):  # Pipeline.process yields exactly one item per article
                raise RuntimeError(f"{len(articles)} articles gave {len(results)} results")
            out.append(pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL))
        arr = np.empty(len(out), dtype=object)
        arr[:] = out
        return {"results": arr}


def ensure_ray(settings: Settings) -> Any:
    """Connect to the configured Ray cluster, or start a local one; returns the ``ray`` module."""
    try:
        import ray
        import ray.data
    except ImportError as exc:
        raise NewsgraphError(
            "the ray executor needs Ray: pip install 'newsgraph[distributed]' (or 'ray[data]')"
        ) from exc
    if not ray.is_initialized():
        address = settings.extra.get("ray_address") or os.environ.get("RAY_ADDRESS")
        if address:
            ray.init(address=address, log_to_driver=False)
        else:  # a local "cluster": this machine, as many CPUs as workers asked for
            ray.init(num_cpus=max(1, settings.workers), include_dashboard=False, log_to_driver=False)
    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True  # same order in, same order out: same entity ids
    ctx.enable_progress_bars = False
    return ray


def analyse_with_ray(articles: Iterable[Article], settings: Settings, extra_kb: Sequence[KBEntry] = (),
                     *, make_pipeline: AnalysisFactory) -> Iterator[ArticleResult | Failure]:
    """Analyse articles on Ray; yields one ArticleResult or Failure per article, in input order.
    ``make_pipeline`` is :class:`newsgraph.pipeline.Pipeline`; each worker builds one.

    ``settings.workers`` actors (each one CPU) analyse ``settings.batch_size`` articles at a time,
    in the same batches as the local executor.
    ``settings.extra``: ``ray_address`` (cluster to join), ``ray_window`` (articles per dataset).
    """
    ray = ensure_ray(settings)
    workers = max(1, int(settings.extra.get("ray_workers", settings.workers)))
    size = settings.batch_size
    # Windows are whole batches, and each row is one batch cut here exactly as the local
    # executor cuts them: nlp.pipe sees the same groups of texts, so results are identical
    # (spaCy's numbers can differ in the last bits with a different batch composition).
    window = max(1, -(-int(settings.extra.get("ray_window", DEFAULT_WINDOW)) // size)) * size
    it = iter(articles)
    while chunk := list(islice(it, window)):
        rows = [{"articles": pickle.dumps(chunk[i:i + size], protocol=pickle.HIGHEST_PROTOCOL)}
                for i in range(0, len(chunk), size)]
        ds = ray.data.from_items(rows, override_num_blocks=len(rows))
        out = ds.map_batches(
            _Analyser,
            fn_constructor_kwargs={"make_pipeline": make_pipeline, "settings": settings,
                                   "extra_kb": tuple(extra_kb)},
            batch_size=1,
            concurrency=min(workers, len(rows)),
            num_cpus=1,
        )
        n = 0
        for row in out.iter_rows():
            for result in pickle.loads(row["results"]):
                n += 1
                yield result
        if n != len(chunk):  # never silently drop articles
            raise NewsgraphError(f"ray executor returned {n} results for {len(chunk)} articles")
