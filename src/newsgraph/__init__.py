"""newsgraph: a time-aware, source-cited graph of who did what to whom, from news articles.

    import newsgraph
    newsgraph.ingest(["samples/"], "newsgraph.db")
    with newsgraph.Store("newsgraph.db") as store:
        newsgraph.Graph(store).network(as_of="2009-06")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .graph import Graph
    from .pipeline import IngestReport, Pipeline, ingest
    from .store import Store

_LAZY = {"ingest": "pipeline", "Pipeline": "pipeline", "IngestReport": "pipeline", "Store": "store",
         "Graph": "graph", "Settings": "settings", "load_settings": "settings", "export_jsonl": "export"}


def __getattr__(name: str) -> Any:
    """Import the heavy modules (spaCy) only when their names are used."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(name)


__all__ = ["Graph", "IngestReport", "Pipeline", "Store", "ingest", "__version__"]
