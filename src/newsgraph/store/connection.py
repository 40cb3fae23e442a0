"""The DB-API-like face of a store's connection, for code outside the store that still writes SQL.

``store.conn.execute(sql, params)`` and :meth:`newsgraph.store.Store.query` take SQL with ``?``
placeholders and give rows that index by position or column name, as ``sqlite3`` did.  The SQL
runs unchanged on both backends through SQLAlchemy (``text()`` with bound parameters), so it
must be portable: ``ON CONFLICT`` rather than ``INSERT OR IGNORE``, ``RETURNING id`` rather than
``lastrowid``, ``LOWER(x) = LOWER(?)`` rather than ``COLLATE NOCASE``, explicit ``NULLS
FIRST``/``NULLS LAST`` where a sort key can be NULL.  Nothing is rewritten; the placeholders are
only numbered.  This face is a stop-gap: queries move into typed ``Store`` methods (issue 14).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection as SAConnection
from sqlalchemy import TextClause, text


class Row(tuple):
    """A row that, like ``sqlite3.Row``, indexes by position or by column name (and so converts
    with ``dict(row)``)."""

    _index: dict[str, int]
    _names: tuple[str, ...]

    def __new__(cls, values: Sequence[Any], names: tuple[str, ...], index: dict[str, int]) -> Row:
        row = super().__new__(cls, values)
        row._names, row._index = names, index
        return row

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            try:
                return tuple.__getitem__(self, self._index[key])
            except KeyError:
                raise IndexError(f"no such column: {key}") from None
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


def rows_of(result: Any) -> list[Row]:
    """Every row of a SQLAlchemy result as a :class:`Row`."""
    if not result.returns_rows:
        return []
    names = tuple(result.keys())
    index = {n: i for i, n in reversed(list(enumerate(names)))}  # the first of two same names wins
    return [Row(values, names, index) for values in result.fetchall()]


class Cursor:
    """The part of ``sqlite3.Cursor`` newsgraph uses: the rows are read at once."""

    def __init__(self, rows: list[Row], rowcount: int = -1, lastrowid: int | None = None) -> None:
        self._rows, self.rowcount, self.lastrowid, self._i = rows, rowcount, lastrowid, 0

    def fetchone(self) -> Any:  # a Row, or None past the last
        if self._i >= len(self._rows):
            return None
        self._i += 1
        return self._rows[self._i - 1]

    def fetchall(self) -> list[Row]:
        rows, self._i = self._rows[self._i:], len(self._rows)
        return rows

    def __iter__(self) -> Iterator[Row]:
        return iter(self.fetchall())


@lru_cache(maxsize=2048)
def bind(sql: str) -> tuple[TextClause, int]:
    """``sql`` as a ``text()`` clause with ``?`` numbered ``:p0, :p1, ...``, and how many there
    are.  Quoted literals and identifiers are left alone, their colons escaped so that
    ``text()`` never takes them for parameters."""
    out: list[str] = []
    quote, n = "", 0
    for ch in sql:
        if quote:
            quote = "" if ch == quote else quote
            out.append("\\:" if ch == ":" else ch)
        elif ch in "'\"":
            quote = ch
            out.append(ch)
        elif ch == "?":
            out.append(f":p{n}")
            n += 1
        else:
            out.append(ch)
    return text("".join(out)), n


def _params(values: Sequence[Any], n: int) -> dict[str, Any]:
    if len(values) != n:
        raise ValueError(f"the statement takes {n} parameters, {len(values)} given")
    # booleans go in as 0/1: the schema's flags are integers on both backends
    return {f"p{i}": int(v) if isinstance(v, bool) else v for i, v in enumerate(values)}


class Connection:
    """``execute``/``executemany`` with ``?`` placeholders over one SQLAlchemy connection."""

    def __init__(self, sa: SAConnection) -> None:
        self.sa = sa

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        clause, n = bind(sql)
        result = self.sa.execute(clause, _params(tuple(params), n))
        lastrowid = getattr(result, "lastrowid", None) if self.sa.dialect.name == "sqlite" else None
        return Cursor(rows_of(result), result.rowcount, lastrowid)

    def executemany(self, sql: str, seq: Iterable[Sequence[Any]]) -> Cursor:
        clause, n = bind(sql)
        params = [_params(tuple(p), n) for p in seq]
        if not params:
            return Cursor([], 0)
        self.sa.execute(clause, params)
        return Cursor([], len(params))

    def commit(self) -> None:
        """Nothing to do: outside :meth:`Store.transaction` every statement commits by itself."""

    def rollback(self) -> None:
        """Nothing to roll back outside :meth:`Store.transaction` (autocommit)."""
