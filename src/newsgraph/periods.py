"""Calendar periods of TIMEX values: the first and last day a value names ("2009-08" ->
2009-08-01 .. 2009-08-31; weeks, seasons), and whether two values can name the same time.
Pure functions of strings: the store, the queries and the extractors all compare dates
through them."""

from __future__ import annotations

import calendar
import datetime as dt
import re

ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|AU|WI)")
_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "AU": (9, 11), "WI": (12, 14)}


def period(value: str | None) -> tuple[str, str] | None:
    """First and last day of a TIMEX-style value: 2009-08 -> (2009-08-01, 2009-08-31); weeks
    (2009-W26) and seasons (2009-SU) too.  None for durations, references and unknowns."""
    if not value:
        return None
    if m := _WEEK.match(value):
        monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        return monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat()
    if m := _SEASON.match(value):
        first, last = _SEASON_MONTHS[m[2]]
        year = int(m[1])
        end_year, end_month = (year + 1, last - 12) if last > 12 else (year, last)
        return (f"{year:04d}-{first:02d}-01",
                f"{end_year:04d}-{end_month:02d}-{calendar.monthrange(end_year, end_month)[1]:02d}")
    m = ISO_DATE.match(value)
    if not m:
        return None
    year = int(m[1])
    if m[3]:
        return f"{m[1]}-{m[2]}-{m[3]}", f"{m[1]}-{m[2]}-{m[3]}"
    if m[2]:
        return f"{m[1]}-{m[2]}-01", f"{m[1]}-{m[2]}-{calendar.monthrange(year, int(m[2]))[1]:02d}"
    return f"{m[1]}-01-01", f"{m[1]}-12-31"


def period_start(value: str | None) -> str | None:
    """First day of a TIMEX-style value (2009-08 -> 2009-08-01); None when not a calendar date."""
    span = period(value)
    return span[0] if span else None


def period_end(value: str | None) -> str | None:
    """Last day of a TIMEX-style value (2009-08 -> 2009-08-31)."""
    span = period(value)
    return span[1] if span else None


def values_overlap(a: str, b: str) -> bool:
    """Whether two TIMEX values can name the same time: their calendar periods overlap
    (1998-FA and 1998-10-23, 2009-W26 and 2009-06-24), or, for values that are not calendar
    dates, one is a prefix of the other."""
    pa, pb = period(a), period(b)
    if pa is None or pb is None:
        return a.startswith(b) or b.startswith(a)
    return pa[0] <= pb[1] and pb[0] <= pa[1]
