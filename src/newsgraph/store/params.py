"""Values that go into queries: row ids checked before they reach a driver, LIKE patterns."""

from __future__ import annotations

from ..errors import NotFoundError, echo

MAX_ID = 2**63 - 1  # the largest INTEGER of SQLite, BIGINT of PostgreSQL


def row_id(value: str | int, what: str = "row") -> int | None:
    """``value`` as a row id when it is written as one (an int, or ASCII digits), else None: a
    name, say, for the caller to look up.  An id no row can have (below 1, beyond :data:`MAX_ID`,
    5,000 digits) is a :class:`NotFoundError` here, never an overflow in the database driver."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = str(value).strip()
        if not (text.isascii() and text.isdigit()):
            return None
        number = int(text) if len(text) <= len(str(MAX_ID)) else MAX_ID + 1
    if not 1 <= number <= MAX_ID:
        raise NotFoundError(f"no {what} with id {echo(value)}")
    return number


LIKE_ESCAPE = "\\"


def like_containing(text: str) -> str:
    """A ``LIKE ... ESCAPE '\\'`` pattern matching ``text`` anywhere, its ``%`` and ``_`` taken
    literally.  Compare ``LOWER(column) LIKE LOWER(pattern)`` for a case-insensitive match that
    is the same on SQLite and PostgreSQL."""
    escaped = text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", LIKE_ESCAPE + "%").replace("_", LIKE_ESCAPE + "_")
    return f"%{escaped}%"
