"""Opening a store's database: one SQLAlchemy engine for a SQLite path or a PostgreSQL URL.

SQLite gets what it had before SQLAlchemy: foreign keys on, WAL and ``synchronous = NORMAL`` for
writers, a 30 s busy timeout so concurrent writers queue, and ``mode=ro`` for read-only stores.
PostgreSQL needs the ``[postgres]`` extra (psycopg 3); a read-only store refuses writes in the
server (``default_transaction_read_only``).

Connections run in autocommit mode: :meth:`newsgraph.store.Store.transaction` opens transactions
explicitly (``BEGIN IMMEDIATE`` on SQLite, so writers queue for the lock instead of failing on
upgrade), and reads outside one never hold a snapshot open.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

from ..errors import StoreError

SQLITE_TIMEOUT_S = 30
PG_CONNECT_TIMEOUT_S = 10


def is_postgres(location: str) -> bool:
    return location.startswith(("postgres://", "postgresql://", "postgresql+psycopg://"))


def redact_url(url: str) -> str:
    """A store location fit for messages: the password of a database URL replaced by ***."""
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)


def open_engine(location: str, *, readonly: bool = False) -> Engine:
    """An engine for a store: a SQLite file (or ``:memory:``) or a ``postgresql://`` URL."""
    if is_postgres(location):
        return _postgres_engine(location, readonly)
    return _sqlite_engine(location, readonly)


def _sqlite_engine(path: str, readonly: bool) -> Engine:
    if readonly:
        if not Path(path).exists():
            raise StoreError(f"{path}: no such store; run `newsgraph ingest` first")
        url = URL.create("sqlite", database=f"file:{Path(path).resolve()}",
                         query={"mode": "ro", "uri": "true"})
    else:
        url = URL.create("sqlite", database=path)
    # One connection per Store, opened in __init__ and kept: no pool to share it between threads.
    engine = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT",
                           connect_args={"check_same_thread": False, "timeout": SQLITE_TIMEOUT_S})
    event.listen(engine, "connect", _sqlite_pragmas(readonly))
    return engine


def _sqlite_pragmas(readonly: bool) -> Any:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            dbapi_connection.execute("PRAGMA journal_mode = WAL")
            dbapi_connection.execute("PRAGMA synchronous = NORMAL")

    return on_connect


def _postgres_engine(location: str, readonly: bool) -> Engine:
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        raise StoreError(
            "PostgreSQL stores need psycopg 3: pip install 'newsgraph[postgres]' "
            "(or pip install 'psycopg[binary]')"
        ) from exc
    url = make_url(re.sub(r"^postgres(ql)?(\+psycopg)?://", "postgresql+psycopg://", location))
    if readonly:  # set at connection start-up, before any statement
        given = url.query.get("options")
        given = " ".join(given) if isinstance(given, tuple) else given
        options = " ".join(filter(None, [given, "-c default_transaction_read_only=on"]))
        url = url.update_query_dict({"options": options})
    return create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT",
                         connect_args={"connect_timeout": PG_CONNECT_TIMEOUT_S})
