"""Bringing a store's schema up to date when it is opened, with Alembic.

The revisions live in ``migrations/versions`` and run programmatically on the store's own
connection, inside the transaction that opens it (no alembic.ini).  ``0001_baseline`` is the
schema of newsgraph 0.1; it also upgrades stores that release wrote, which knew no Alembic and
carry only a ``schema_version`` number (0 to 4).  A store that is newer than this code (a
``schema_version`` above :data:`SCHEMA_VERSION`, or an Alembic revision this code does not
have) is refused, untouched.

``schema_version`` stays: it is what newsgraph 0.1 reads to refuse a store it cannot handle.  A
revision that changes the schema in a way 0.1 would misread raises it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Column, Connection, MetaData, Table, inspect, select
from sqlalchemy.schema import CreateIndex

from ..errors import StoreError
from . import schema

SCHEMA_VERSION = 4  # v4: articles.removed_share / removed (what cleaning removed)
MIGRATIONS = Path(__file__).parent / "migrations"

logging.getLogger("alembic").setLevel(logging.WARNING)  # no "Running upgrade" lines on every open


@lru_cache(maxsize=1)
def _script() -> ScriptDirectory:
    return ScriptDirectory(str(MIGRATIONS))


def head() -> str:
    """The newest revision this code knows."""
    found = _script().get_current_head()
    assert found is not None, "no revisions under store/migrations/versions"
    return found


def revision(sa: Connection) -> str | None:
    """The store's Alembic revision; None for an empty database or a store from before Alembic."""
    return MigrationContext.configure(sa).get_current_revision()


def version(sa: Connection) -> int | None:
    """The store's ``schema_version``; None for an empty database (or an interrupted first open)."""
    if not inspect(sa).has_table("schema_version"):
        return None
    found = sa.scalar(select(schema.schema_version.c.version))
    return None if found is None else int(found)


def check_version(sa: Connection, label: str) -> None:
    """Refuse a store written by a newer newsgraph, before anything touches it."""
    found = version(sa)
    if found is not None and found > SCHEMA_VERSION:
        raise StoreError(
            f"{label}: store schema version {found} is newer than this newsgraph "
            f"understands ({SCHEMA_VERSION}); upgrade newsgraph to open it"
        )
    rev = revision(sa)
    if rev is not None and not _known(rev):
        raise StoreError(
            f"{label}: store schema revision {rev} is newer than this newsgraph "
            f"understands ({head()}); upgrade newsgraph to open it"
        )


def _known(rev: str) -> bool:
    try:
        return _script().get_revision(rev) is not None
    except CommandError:
        return False


def upgrade(sa: Connection, label: str, backfill: Callable[[], None]) -> None:
    """Create or upgrade the schema, inside the caller's transaction; ``backfill`` fills in
    rows a store older than schema version 4 lacks once its tables are there."""
    check_version(sa, label)
    if revision(sa) == head():
        return
    found = version(sa)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = sa
    command.upgrade(config, "head")
    if found is not None and found < SCHEMA_VERSION:
        backfill()


def reconcile(sa: Connection, metadata: MetaData) -> None:
    """Bring a store's structure up to ``metadata``'s: missing tables and indexes are created,
    missing columns added (NOT NULL ones with their default, or an empty value of their type).
    Read from the table definitions themselves, so it needs no hand-written ALTER statements."""
    present = set(inspect(sa).get_table_names())
    for table in metadata.sorted_tables:
        if table.name not in present:
            table.create(sa)
            continue
        columns = {c["name"] for c in inspect(sa).get_columns(table.name)}
        for column in table.columns:
            if column.name not in columns:
                sa.exec_driver_sql(_add_column(sa, table, column))
        for index in table.indexes:  # IF NOT EXISTS: SQLite cannot reflect expression indexes
            sa.execute(CreateIndex(index, if_not_exists=True))


def _add_column(sa: Connection, table: Table, column: Column) -> str:
    quote = sa.dialect.identifier_preparer.quote
    ctype = column.type.compile(dialect=sa.dialect)
    default = _default_sql(column)
    if default is None and not column.nullable:
        default = "0" if ctype.upper() in ("INTEGER", "BIGINT", "REAL", "DOUBLE PRECISION") else "''"
    clause = (" NOT NULL" if not column.nullable else "") + (f" DEFAULT {default}" if default else "")
    return f"ALTER TABLE {quote(table.name)} ADD COLUMN {quote(column.name)} {ctype}{clause}"


def _default_sql(column: Column) -> str | None:
    default = column.server_default
    if default is None:
        return None
    arg = getattr(default, "arg", None)
    return f"'{arg}'" if isinstance(arg, str) else str(getattr(arg, "text", arg))
