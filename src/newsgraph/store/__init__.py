"""Persistence: the only package that talks to the database.

- :mod:`~newsgraph.store.schema`: the tables, as SQLAlchemy Core definitions;
- :mod:`~newsgraph.store.engine`: opening SQLite files and PostgreSQL URLs;
- :mod:`~newsgraph.store.migrate`: bringing a store's schema up to date when it is opened;
- :mod:`~newsgraph.store.core`: the :class:`Store` itself, saving an article in one transaction;
- :mod:`~newsgraph.store.linking`: the linking candidates of one article, read at once;
- :mod:`~newsgraph.store.prepared`: the save path's statements, compiled once per dialect;
- :mod:`~newsgraph.store.reads`: typed reads returning records, for the rest of newsgraph;
- :mod:`~newsgraph.store.connection`: portable SQL for code outside the store (a stop-gap).
"""

from .core import SCHEMA_VERSION, Store, lock_id
from .engine import redact_url
from .params import LIKE_ESCAPE, MAX_ID, like_containing, row_id

__all__ = ["LIKE_ESCAPE", "MAX_ID", "SCHEMA_VERSION", "Store", "like_containing", "lock_id", "redact_url",
           "row_id"]
