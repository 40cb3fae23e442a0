"""newsgraph: a time-aware, source-cited graph of who did what to whom, from news articles.

    import newsgraph
    newsgraph.ingest(["samples/"], "newsgraph.db")
    with newsgraph.Store("newsgraph.db") as store:
        newsgraph.Graph(store).network(as_of="2009-06")

The sub-packages follow the data's path: ``ingest`` (read sources, clean the text, find the
metadata, spot near-duplicates), ``extract`` (the model and the rules: entities, time
expressions, events, relations, quotes), ``store`` (the database), ``query`` (facts, the graph
and what is built on it: analytics, places, review, exports, reports), ``web`` (the HTTP API and
page) and ``evaluate`` (scores against gold sets and benchmarks).  ``pipeline`` runs the first
three; ``cli`` is the command line.
"""

from __future__ import annotations

import importlib as _importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .pipeline import IngestReport, Pipeline, ingest
    from .query.graph import Graph
    from .store import Store

_LAZY = {"ingest": "pipeline", "Pipeline": "pipeline", "IngestReport": "pipeline", "Store": "store",
         "Graph": "query.graph", "Settings": "settings", "load_settings": "settings",
         "export_jsonl": "query.export"}

# The sub-package newsgraph.ingest shares its name with the function newsgraph.ingest().  Python
# binds a sub-package's name in its parent when it is first imported, which would hide the
# function; so the (empty) sub-package is imported here, once, and that binding dropped:
# newsgraph.ingest is always the function, found by __getattr__ below.
_importlib.import_module(f"{__name__}.ingest")
del globals()["ingest"]


def __getattr__(name: str) -> Any:
    """Import the heavy modules (spaCy) only when their names are used."""
    if name in _LAZY:
        return getattr(_importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(name)


__all__ = ["Graph", "IngestReport", "Pipeline", "Store", "ingest", "__version__"]
