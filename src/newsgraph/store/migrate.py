"""Bringing a store's schema up to date when it is opened.

A store records its schema version in ``schema_version``.  A fresh store gets every table of
:mod:`newsgraph.store.schema`; an older one gains the tables, columns and indexes it lacks
(:func:`reconcile`), read from the schema itself so a change there needs no hand-written ALTER
statements; a newer one is refused, untouched.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Column, Connection, Table, delete, inspect, select, update

from ..errors import StoreError
from . import schema

SCHEMA_VERSION = 4  # v4: articles.removed_share / removed (what cleaning removed)


def version(sa: Connection) -> int | None:
    """The store's schema version; None for an empty database (or an interrupted first open)."""
    if not inspect(sa).has_table("schema_version"):
        return None
    found = sa.scalar(select(schema.schema_version.c.version))
    return None if found is None else int(found)


def check_version(sa: Connection, label: str) -> None:
    found = version(sa)
    if found is not None and found > SCHEMA_VERSION:
        raise StoreError(
            f"{label}: store schema version {found} is newer than this newsgraph "
            f"understands ({SCHEMA_VERSION}); upgrade newsgraph to open it"
        )


def upgrade(sa: Connection, label: str, backfill: Callable[[], None]) -> None:
    """Create or upgrade the schema, inside the caller's transaction; ``backfill`` fills in
    rows an older store lacks once its tables are there."""
    check_version(sa, label)
    found = version(sa)
    if found == SCHEMA_VERSION:
        return
    if found is None:
        schema.metadata.create_all(sa)
        sa.execute(delete(schema.schema_version))
        sa.execute(schema.schema_version.insert().values(version=SCHEMA_VERSION))
        return
    reconcile(sa)
    backfill()
    sa.execute(update(schema.schema_version).values(version=SCHEMA_VERSION))


def reconcile(sa: Connection) -> None:
    """Bring an older store's structure up to today's: missing tables and indexes are created,
    missing columns added (NOT NULL ones with their default, or an empty value of their type)."""
    present = set(inspect(sa).get_table_names())
    for table in schema.metadata.sorted_tables:
        if table.name not in present:
            table.create(sa)
            continue
        columns = {c["name"] for c in inspect(sa).get_columns(table.name)}
        for column in table.columns:
            if column.name not in columns:
                sa.exec_driver_sql(_add_column(sa, table, column))
        for index in table.indexes:
            index.create(sa, checkfirst=True)


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
