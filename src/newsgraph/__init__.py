"""newsgraph: a time-aware, source-cited graph of who did what to whom, from news articles."""

__version__ = "0.1.0"
