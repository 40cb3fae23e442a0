"""Persistence: the only package that talks to the database.

- :mod:`~newsgraph.store.schema`: the tables, as SQLAlchemy Core definitions;
- :mod:`~newsgraph.store.engine`: opening SQLite files and PostgreSQL URLs;
- :mod:`~newsgraph.store.migrate`: bringing a store's schema up to date when it is opened;
- :mod:`~newsgraph.store.core`: the :class:`Store` itself;
- :mod:`~newsgraph.store.connection`: portable SQL for code outside the store (a stop-gap).
"""

from .core import SCHEMA_VERSION, Store, lock_id
from .engine import redact_url
from .params import LIKE_ESCAPE, MAX_ID, like_containing, row_id

__all__ = ["LIKE_ESCAPE", "MAX_ID", "SCHEMA_VERSION", "Store", "like_containing", "lock_id", "redact_url",
           "row_id"]
