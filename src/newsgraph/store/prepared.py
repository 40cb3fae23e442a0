"""The statements of saving an article, compiled once per dialect and run on the driver's cursor.

SQLAlchemy compiles a Core construct into the dialect's SQL and then, on every execution, looks
the compiled form up, turns each row's parameters into the driver's form and wraps the result
rows; for the twenty-odd small statements of saving an article that costs more than running
them on SQLite (docs/performance.md).  :class:`Prepared` keeps the Core constructs (and so one
statement for both backends, written by SQLAlchemy's dialects) but compiles each one once per
shape and runs it on the DBAPI cursor of the store's connection, inside the store's
transaction:

- :meth:`Prepared.insert`: a plain insert, ``ON CONFLICT DO NOTHING`` or ``ON CONFLICT (key) DO
  UPDATE`` (the dialect's own constructs), all the rows of a table in one ``executemany``;
- :meth:`Prepared.rows`: a select with one expanding ``IN`` list, compiled per list length
  rounded up to a power of two (the list padded with its last value), rows as tuples.

Parameters go in as the driver takes them (tuples in ``?`` order for SQLite, dicts for psycopg),
through the column type's bind processor where it has one (``REAL`` on SQLite: ``float()``);
an insert whose parameter names the compiler renames falls back to ordinary execution.  Driver errors arrive as SQLAlchemy's ``DBAPIError``, as from any other
statement.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from operator import itemgetter
from typing import Any, Literal

from sqlalchemy import Connection, Select, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.dml import Insert

Conflict = Literal["error", "ignore", "update"]


class _Compiled:
    """A statement's SQL for the driver, and how one row's values become its parameters."""

    def __init__(self, sql: str, order: tuple[str, ...] | None, defaults: dict[str, Any],
                 processors: dict[str, Callable[[Any], Any]] | None = None) -> None:
        self.sql = sql
        self.order = order  # parameter names in positional order; None: named parameters
        self.defaults = defaults  # the values bound in the construct itself
        self.processors = processors or {}  # the column types' bind processors, by parameter name
        self._pick: Callable[[dict[str, Any]], tuple[Any, ...]] | None = None
        if order is not None and len(order) > 1:
            self._pick = itemgetter(*order)

    def params(self, values: dict[str, Any]) -> Any:
        """One row's parameters as the driver takes them."""
        if self.processors:
            values = {**values, **{k: f(values[k]) for k, f in self.processors.items()}}
        if self.order is None:
            return values
        return self._pick(values) if self._pick else tuple(values[n] for n in self.order)


class Prepared:
    """Hot statements for one connection (and so one dialect)."""

    def __init__(self, sa: Connection) -> None:
        self.sa = sa
        self.dialect = sa.dialect
        self._inserts: dict[tuple[str, tuple[str, ...], Conflict], _Compiled | None] = {}
        self._selects: dict[tuple[int, int], _Compiled] = {}

    # -- running ----------------------------------------------------------------------------
    @contextmanager
    def _cursor(self, sql: str, params: Any) -> Iterator[Any]:
        cursor = self.sa.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            yield cursor
        except self.dialect.loaded_dbapi.Error as exc:
            raise DBAPIError.instance(sql, params, exc, self.dialect.loaded_dbapi.Error,
                                      dialect=self.dialect) from exc
        finally:
            cursor.close()

    # -- inserts ----------------------------------------------------------------------------
    def insert(self, table: Table, rows: Sequence[dict[str, Any]], conflict: Conflict = "error") -> None:
        """Insert rows that all have the same keys (one statement; nothing for no rows).
        ``ignore``: skip rows that would duplicate a unique key; ``update``: replace the
        non-key columns of the row with the same primary key."""
        if not rows:
            return
        columns = tuple(rows[0])
        key = (table.name, columns, conflict)
        if key not in self._inserts:
            self._inserts[key] = self._compile_insert(table, columns, conflict)
        compiled = self._inserts[key]
        if compiled is None:
            statement = self._insert_statement(table, columns, conflict)
            self.sa.execute(statement, list(rows) if len(rows) > 1 else rows[0])
            return
        params = [compiled.params(row) for row in rows]
        with self._cursor(compiled.sql, params) as cursor:
            if len(params) == 1:
                cursor.execute(compiled.sql, params[0])
            else:
                cursor.executemany(compiled.sql, params)

    def _insert_statement(self, table: Table, columns: tuple[str, ...], conflict: Conflict) -> Insert:
        if conflict == "error":
            return table.insert()
        dialect_insert = postgresql.insert if self.dialect.name == "postgresql" else sqlite.insert
        ins = dialect_insert(table)
        keys = [c.name for c in table.primary_key]
        rest = [c for c in columns if c not in keys]
        if conflict == "update" and rest:
            return ins.on_conflict_do_update(index_elements=keys, set_={c: ins.excluded[c] for c in rest})
        return ins.on_conflict_do_nothing()

    def _compile_insert(self, table: Table, columns: tuple[str, ...], conflict: Conflict) -> _Compiled | None:
        statement = self._insert_statement(table, columns, conflict)
        compiled = statement.compile(dialect=self.dialect, column_keys=list(columns))
        order = tuple(compiled.positiontup) if compiled.positiontup is not None else None
        if set(order if order is not None else compiled.params) != set(columns):
            return None
        processors: dict[str, Callable[[Any], Any]] = {c: f for c in columns
                                                       if (f := table.c[c].type.dialect_impl(self.dialect).bind_processor(self.dialect))}
        return _Compiled(str(compiled), order, {}, processors)

    # -- selects ----------------------------------------------------------------------------
    def rows(self, statement: Select[Any], name: str, values: Sequence[Any]) -> list[tuple[Any, ...]]:
        """The rows of ``statement`` with its expanding parameter ``name`` bound to ``values``
        (not empty)."""
        size = 8
        while size < len(values):
            size *= 2
        key = (id(statement), size)
        compiled = self._selects.get(key)
        if compiled is None:
            compiled = self._selects[key] = self._compile_select(statement, name, size)
        padded = list(values) + [values[-1]] * (size - len(values))
        params = compiled.params({**compiled.defaults, **{f"{name}_{i + 1}": v for i, v in enumerate(padded)}})
        with self._cursor(compiled.sql, params) as cursor:
            cursor.execute(compiled.sql, params)
            return [tuple(row) for row in cursor.fetchall()]

    def _compile_select(self, statement: Select[Any], name: str, size: int) -> _Compiled:
        compiled = statement.params({name: list(range(size))}).compile(
            dialect=self.dialect, compile_kwargs={"render_postcompile": True})
        order = tuple(compiled.positiontup) if compiled.positiontup is not None else None
        defaults = {k: v for k, v in compiled.params.items() if not k.startswith(f"{name}_")}
        return _Compiled(str(compiled), order, defaults)
