"""Temporal expressions: find them in a parsed article and normalise them against its date.

Values follow TIMEX3: ``2009-12-30`` (day), ``2009-W26`` (week), ``2009-08`` (month), ``2009-SU``
(season), ``2009`` (year), ``198X`` (decade), ``P3W`` (duration), ``PAST_REF`` (relative).

The anchor is the article's publication date, or its bounded range ``(earliest, latest)``.  A
relative expression is resolved against each end of a range and kept only when both ends agree;
otherwise it stays relative.  Nothing ever defaults to the current date: with no anchor, relative
expressions come back unresolved.

News reports the past: a month-day without a year ("Dec. 30"), a bare weekday ("Wednesday") or a
bare month is the most recent such date on or before the anchor, unless the governing verb is in
the future ("will meet on Friday"), which turns it to the next one on or after the anchor.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml
from spacy.tokens import Doc, Span, Token

from ..records import Article, Timex
from ..settings import DATA_DIR
from .nlp import doc_text

DATA_FILE = DATA_DIR / "timex.yaml"

AnchorLike = str | tuple[str, str] | None
Result = tuple[str | None, str]

UNKNOWN: Result = (None, "unknown")
RELATIVE: Result = (None, "relative")

# --------------------------------------------------------------------------------------------
# Word lists and the regular expressions built from them (loaded once)


def _alt(words: list[str]) -> str:
    """A regex alternation of phrases, longest first so that "sept" beats "sep"."""
    parts = sorted({w for w in words}, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in parts)


@dataclass(frozen=True)
class _Lexicon:
    data: dict[str, Any]
    months: dict[str, int]
    weekdays: dict[str, int]
    seasons: dict[str, str]
    season_months: dict[str, list[int]]
    units: dict[str, dict[str, Any]]
    numbers: dict[str, float]
    # normalisation regexes (on cleaned, lower-case text)
    re_dmy: re.Pattern[str]
    re_mdy: re.Pattern[str]
    re_my: re.Pattern[str]
    re_month: re.Pattern[str]
    re_weekday: re.Pattern[str]
    re_season: re.Pattern[str]
    re_period: re.Pattern[str]
    re_quantity: re.Pattern[str]
    re_decade_word: re.Pattern[str]
    re_prep: re.Pattern[str]
    re_modifier: re.Pattern[str]
    re_bound: re.Pattern[str]
    re_span_tail: re.Pattern[str]
    re_clock: re.Pattern[str]
    re_set: re.Pattern[str]


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    months = {str(k): int(v) for k, v in data["months"].items()}
    weekdays = {str(k): int(v) for k, v in data["weekdays"].items()}
    seasons = {str(k): str(v) for k, v in data["seasons"].items()}
    units = {str(k): dict(v) for k, v in data["units"].items()}
    numbers = {str(k): float(v) for k, v in data["numbers"].items()}
    month = _alt(list(months))
    wday = _alt(list(weekdays))
    season = _alt(list(seasons))
    cue = _alt(list(data["relative_cues"]))
    year = rf"(?:\d{{1,5}}|'\d{{2}}|(?:{cue})\s+year)"  # "18 July last year"
    num = rf"(?:\d+(?:\.\d+)?|{_alt(list(numbers) + list(data['vague_numbers']))})"
    tens = _alt([k for k, v in numbers.items() if v in (20, 30, 40, 50, 60, 70, 80, 90)])
    ones = _alt([k for k, v in numbers.items() if 1 <= v <= 9 and k not in ("a", "an", "single")])
    # "twenty five" (after tidying "twenty-five"); "a three" is "a" before a number, not 4
    num_words = rf"(?:(?:a\s+|an\s+)?(?:(?:{tens})\s+(?:{ones})|{num}))"
    unit = rf"(?:{_alt(list(units))}|centuries)s?"
    tail = _alt(list(data["ago_words"]) + list(data["offset_words"]) + ["old", "long", "from now"])
    return _Lexicon(
        data=data,
        months=months,
        weekdays=weekdays,
        seasons=seasons,
        season_months={str(k): list(v) for k, v in data["season_months"].items()},
        units=units,
        numbers=numbers,
        re_dmy=re.compile(rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({month})(?:\s+({year}))?"),
        re_mdy=re.compile(rf"({month})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+({year}))?"),
        re_my=re.compile(rf"({month})\s+(?:of\s+)?({year})"),
        re_month=re.compile(rf"(?:({cue})\s+)?({month})"),
        re_weekday=re.compile(rf"(?:({cue})\s+)?({wday})(?:\s+(.+))?"),
        re_season=re.compile(rf"(?:({cue})\s+)?({season})(?:\s+(?:of\s+)?({year}))?"),
        re_period=re.compile(rf"({cue})\s+(week|weekend|month|year|decade)"),
        re_quantity=re.compile(rf"({num_words})\s+({unit})(?:\s+({tail}))?"),
        re_decade_word=re.compile(rf"({_alt(list(data['decade_words']))})"),
        re_prep=re.compile(rf"(?:{_alt(list(data['prepositions']))})\s+"),
        re_modifier=re.compile(rf"(?:{_alt(list(data['modifiers']))})\s+"),
        re_bound=re.compile(rf"(?:{_alt(list(data['duration_bounds']))})\s+"),
        # the possessive is no part of the span, except in a decade ("the 1980's")
        re_span_tail=re.compile(
            rf"(?:(?<![0-9]0)(?:'s|\u2019s)|\s+(?i:{_alt(list(data['offset_words']))}))$"
        ),
        # after _tidy: "9 a m est tuesday", "10:35 a m", "noon"
        re_clock=re.compile(
            rf"(?:(?P<word>{_alt(list(data['clock_words']))})"
            rf"|(?P<h>\d{{1,2}})(?::(?P<m>\d{{2}}))?\s*(?P<ap>a|p)\s?m)"
            rf"(?:\s+(?:{_alt(list(data['time_zones']))}))?(?:\s+(?:on\s+)?(?P<rest>.+))?"
        ),
        re_set=re.compile(
            rf"(?:every|each)\s+(?:(?P<other>other)\s+|(?P<n>{num_words})\s+)?"
            rf"(?P<unit>{_alt(list(units))})s?"
        ),
    )


# --------------------------------------------------------------------------------------------
# Anchors


def _parse_date(value: str | None) -> dt.date | None:
    if not value or not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def anchor_of(article: Article) -> str | tuple[str, str] | None:
    """The article's date (ISO), its bounded range ``(earliest, latest)``, or None."""
    day = _parse_date(article.published)
    if day is not None:
        return day.isoformat()
    if article.published_range:
        lo, hi = (_parse_date(x) for x in article.published_range)
        if lo and hi:
            lo, hi = min(lo, hi), max(lo, hi)
            return (lo.isoformat(), hi.isoformat()) if lo != hi else lo.isoformat()
    # No metadata date: a full date written in the dateline ("LIMA, 20 AUG 88 (EFE)") is the
    # article's own statement of its date.
    return _dateline_date(article.dateline)


def _dateline_date(dateline: str | None) -> str | None:
    if not dateline:
        return None
    # Datelines also write "JUNE 11 89", which in running text would swallow a count.
    month = _alt(list(_lexicon().months))
    loose = re.compile(rf"(?i:(?P<t>\b(?:{month})\.?\s+\d{{1,2}},?\s+\d{{2}}(?:\d{{2}})?\b))")
    patterns = [p for kind, p in _detectors() if kind in ("date", "iso")] + [loose]
    for pattern in patterns:
        for m in pattern.finditer(dateline):
            value, precision = normalize(m.group("t"), None)
            if precision == "day" and value:
                return value
    return None


def _anchor_str(anchor: AnchorLike) -> str | None:
    if isinstance(anchor, tuple):
        return f"{anchor[0]}/{anchor[1]}"
    return anchor


# --------------------------------------------------------------------------------------------
# normalize()


def normalize(text: str, anchor: AnchorLike, *, tense: str | None = None) -> Result:
    """Normalise one temporal expression against ``anchor``; return ``(value, precision)``.

    ``anchor`` is an ISO date, a range ``(earliest, latest)`` or None.  ``tense`` is the tense of
    the governing verb ("past", "present", "future"); only "future" changes the reading of
    underspecified dates.  Unresolvable text gives ``(None, "unknown")``; a relative expression
    without a usable anchor gives ``(None, "relative")`` or a ``*_REF`` value.
    """
    if not isinstance(text, str):
        return UNKNOWN
    if isinstance(anchor, (tuple, list)) and len(anchor) == 2:
        lo, hi = _parse_date(anchor[0]), _parse_date(anchor[1])
        if lo and hi:
            lo, hi = min(lo, hi), max(lo, hi)
            first, second = _safe_resolve(text, lo, tense), _safe_resolve(text, hi, tense)
            if first == second:
                return first
            # The ends disagree: the expression depends on the exact date, which we don't know.
            return RELATIVE
        return _safe_resolve(text, None, tense)  # half a range bounds nothing: no anchor
    return _safe_resolve(text, _parse_date(anchor) if isinstance(anchor, str) else None, tense)


def _safe_resolve(text: str, anchor: dt.date | None, tense: str | None) -> Result:
    try:
        return _resolve(text, anchor, tense)
    except (ValueError, OverflowError):  # out-of-range dates (year 0, year 10000, ...)
        return UNKNOWN


def _clean(text: str) -> str:
    s = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    s = re.sub(r"[\u2010-\u2015]", "-", s)
    s = s.strip(' \t\r\n,;:!?"()[]')
    # the possessive goes ("last year's"), but "1960's" is a decade
    s = re.sub(r"(?:(?<![0-9])'s|s')$", lambda m: "" if m.group(0) == "'s" else "s", s)
    return s


def _tidy(s: str) -> str:
    """Hyphens between words and abbreviation periods become spaces ("mid-2008", "Dec.")."""
    s = re.sub(r"(?<=[a-z])-(?=[a-z0-9'])|(?<=[0-9])-(?=[a-z])", " ", s)
    s = re.sub(r"[.,]", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def _resolve(text: str, anchor: dt.date | None, tense: str | None) -> Result:
    lex = _lexicon()
    data = lex.data
    raw = _clean(text)
    if not raw:
        return UNKNOWN
    numeric = _numeric_date(raw, anchor)
    if numeric is not None:
        return numeric
    s = _tidy(raw)
    refs = data["references"]
    if s in refs:
        return refs[s], "relative"
    # Leading prepositions carry nothing ("in 2007", "on Thursday"); drop them.
    while (m := lex.re_prep.match(s)) and m.end() < len(s):
        s = s[m.end() :]
        if s in refs:
            return refs[s], "relative"
    days = _relative_day(s, data)
    if days is not None:
        return _shift_days(anchor, days)
    had_the = s.startswith("the ")
    if had_the:
        s = s[4:]
    # Modifiers ("late", "mid", "earlier") narrow a period without changing its value.
    while (m := lex.re_modifier.match(s)) and m.end() < len(s):
        s = s[m.end() :]
        if s.startswith("the "):
            s = s[4:]
    if s.startswith("mid") and s[3:].isdigit():  # "mid2008" after tidying "mid-2008"
        s = s[3:]
    days = _relative_day(s, data)
    if days is not None:
        return _shift_days(anchor, days)
    if s in data["anaphoric_periods"]:  # "that year": the anchor's (extract() passes the story's)
        return _counted_point(anchor, 0, str(data["anaphoric_periods"][s]))
    if s in data["holidays"]:
        month, day = data["holidays"][s]
        return _month_day(month, day, anchor, tense)
    if s in data["weekday_holidays"]:
        return _weekday_holiday(data["weekday_holidays"][s], anchor, tense)
    # Parts of the day add nothing at day precision ("Wednesday night").
    words = s.split()
    if len(words) > 1 and words[-1] in data["day_parts"]:
        return _resolve(" ".join(words[:-1]), anchor, tense)
    for handler in _HANDLERS:
        result = handler(s, had_the, anchor, tense)
        if result is not None:
            return result
    return UNKNOWN


def _relative_day(s: str, data: dict[str, Any]) -> int | None:
    if s in data["relative_days"]:
        return int(data["relative_days"][s])
    if s in data["anaphoric_days"]:
        return int(data["anaphoric_days"][s])
    words = s.split()
    if len(words) > 1 and words[-1] in data["day_parts"]:
        return _relative_day(" ".join(words[:-1]), data)
    return None


def _shift_days(anchor: dt.date | None, days: int) -> Result:
    if anchor is None:
        return RELATIVE
    return (anchor + dt.timedelta(days=days)).isoformat(), "day"


def _numeric_date(s: str, anchor: dt.date | None) -> Result | None:
    """ISO dates and numeric dates (US month/day/year first, then day.month.year)."""
    if m := re.fullmatch(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})", s):
        return _day(int(m[1]), int(m[2]), int(m[3]))
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", s):
        month = int(m[2])
        return (f"{int(m[1]):04d}-{month:02d}", "month") if 1 <= month <= 12 else UNKNOWN
    if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})", s):
        year = _year(m[3], anchor)
        if year is None:
            return RELATIVE
        first = _day(year, int(m[1]), int(m[2]))
        return first if first[1] == "day" else _day(year, int(m[2]), int(m[1]))
    if m := re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})", s):
        year = _year(m[3], anchor)
        return RELATIVE if year is None else _day(year, int(m[2]), int(m[1]))
    return None


def _day(year: int, month: int, day: int) -> Result:
    """A full date; an impossible day keeps the month ("Feb. 30, 2009" -> 2009-02)."""
    if not 1 <= year <= 9999 or not 1 <= month <= 12:
        return UNKNOWN
    try:
        return dt.date(year, month, day).isoformat(), "day"
    except ValueError:
        return f"{year:04d}-{month:02d}", "month"


def _year(token: str | None, anchor: dt.date | None) -> int | None:
    """A written year; two digits pivot on the anchor's century (POSIX window without one)."""
    if token is None:
        return None
    digits = token.lstrip("'")
    if len(digits) == 2 or token.startswith("'"):
        yy = int(digits)
        if anchor is None:
            return 2000 + yy if yy < 69 else 1900 + yy  # fixed POSIX window, never "today"
        year = anchor.year // 100 * 100 + yy
        return year - 100 if year > anchor.year + 10 else year
    return int(digits)


def _month_day(month: int, day: int, anchor: dt.date | None, tense: str | None) -> Result:
    """A month-day without a year: the most recent one on or before the anchor (the next one on
    or after it for the future)."""
    if not 1 <= month <= 12:
        return UNKNOWN
    if not 1 <= day <= 31 or day > _max_day(month):
        # Impossible in every year: keep the month, placed the same way.
        return _month_only(month, None, anchor, tense) if 1 <= day <= 31 else UNKNOWN
    if anchor is None:
        return RELATIVE
    before, after = _occurrence(month, day, anchor, -1), _occurrence(month, day, anchor, 1)
    if tense == "future" or (tense == "present" and _nearer_after(before, after, anchor)):
        return (after.isoformat(), "day") if after else UNKNOWN
    return (before.isoformat(), "day") if before else UNKNOWN


def _weekday_holiday(rule: list[int], anchor: dt.date | None, tense: str | None) -> Result:
    """A holiday on the n-th given weekday of a month on or after a day ("Thanksgiving": the
    fourth Thursday of November; US Election Day: the Tuesday after the first Monday of
    November); n = -1 is the last one.  Placed like a month-day without a year."""
    if anchor is None:
        return RELATIVE
    month, weekday, n, first_day = (list(rule) + [1])[:4]

    def on(year: int) -> dt.date:
        if n < 0:
            last = dt.date(year, month, calendar.monthrange(year, month)[1])
            return last - dt.timedelta(days=(last.weekday() - weekday) % 7)
        start = dt.date(year, month, first_day)
        return start + dt.timedelta(days=(weekday - start.weekday()) % 7 + 7 * (n - 1))

    days = [on(y) for y in range(anchor.year - 1, anchor.year + 2)]
    before = max((d for d in days if d <= anchor), default=None)
    after = min((d for d in days if d >= anchor), default=None)
    if tense == "future" or (tense == "present" and _nearer_after(before, after, anchor)):
        chosen = after
    else:
        chosen = before
    return (chosen.isoformat(), "day") if chosen else UNKNOWN


def _occurrence(month: int, day: int, anchor: dt.date, step: int) -> dt.date | None:
    """The month-day on or before (``step`` -1) or on or after (+1) the anchor."""
    year = anchor.year
    for _ in range(9):  # Feb 29 recurs within 8 years
        try:
            candidate = dt.date(year, month, day)
        except (ValueError, OverflowError):
            year += step
            continue
        if (candidate >= anchor) if step > 0 else (candidate <= anchor):
            return candidate
        year += step
    return None


def _nearer_after(before: Any, after: Any, anchor: Any) -> bool:
    """In the present tense ("Congress reconvenes Jan. 24", "the case is heard in May") an
    underspecified date is the nearer of its two readings.  News mostly looks back, so the
    reading ahead must be nearer by the data file's factor ("present_future_bias")."""
    if after is None:
        return False
    if before is None:
        return True
    bias = float(_lexicon().data["present_future_bias"])
    return bool((after - anchor) * bias < anchor - before)


def _max_day(month: int) -> int:
    return 29 if month == 2 else calendar.monthrange(2001, month)[1]


def _month_only(month: int, cue: int | None, anchor: dt.date | None, tense: str | None) -> Result:
    """A month name with an optional cue offset (last -1, this 0, next +1)."""
    if anchor is None:
        return RELATIVE
    here = anchor.year * 12 + anchor.month - 1
    if cue == 0:
        index = anchor.year * 12 + month - 1
    elif cue == -1 or (
        cue is None
        and tense != "future"
        and not (tense == "present" and _month_ahead(month, here, anchor.year))
    ):
        # "last August": the latest August strictly before this month; a bare month in past
        # reporting may be this month.
        index = anchor.year * 12 + month - 1
        limit = here - 1 if cue == -1 else here
        while index > limit:
            index -= 12
    else:
        index = anchor.year * 12 + month - 1
        limit = here + 1 if cue == 1 else here
        while index < limit:
            index += 12
    year, m0 = divmod(index, 12)
    if not 1 <= year <= 9999:
        return UNKNOWN
    return f"{year:04d}-{m0 + 1:02d}", "month"


def _month_ahead(month: int, here: int, year: int) -> bool:
    """Whether the next ``month`` (after this one) is nearer than the last (this one counts as
    the last)."""
    index = year * 12 + month - 1
    back = index
    while back > here:
        back -= 12
    ahead = back + 12
    return _nearer_after(back, ahead, here)


def _cue(word: str | None) -> int | None:
    if word is None:
        return None
    return int(_lexicon().data["relative_cues"][re.sub(r"\s+", " ", word)])


# --- handlers: each takes the cleaned text and returns a Result or None (not its form) -----


def _h_dates(s: str, had_the: bool, anchor: dt.date | None, tense: str | None) -> Result | None:
    lex = _lexicon()
    for pattern, order in ((lex.re_mdy, "md"), (lex.re_dmy, "dm")):
        m = pattern.fullmatch(s)
        if not m:
            continue
        if order == "md":
            month, day = lex.months[m[1]], int(m[2])
        else:
            month, day = lex.months[m[2]], int(m[1])
        if m[3] is None:
            return _month_day(month, day, anchor, tense)
        if m[3].endswith("year"):  # "18 July last year"
            relative = _h_period(m[3], False, anchor, tense)
            if relative is None or relative[1] != "year" or relative[0] is None:
                return relative or UNKNOWN
            return _day(int(relative[0]), month, day)
        year = _year(m[3], anchor)
        if year is None or not 1 <= year <= 9999:
            return UNKNOWN
        return _day(year, month, day)
    m = lex.re_my.fullmatch(s)
    if m:
        if m[2].endswith("year"):  # "October this year", "April next year"
            relative = _h_period(m[2], False, anchor, tense)
            if relative is None or relative[1] != "year" or relative[0] is None:
                return relative or UNKNOWN
            return f"{relative[0]}-{lex.months[m[1]]:02d}", "month"
        year = _year(m[2], anchor)
        if year is None or not 1 <= year <= 9999:
            return UNKNOWN
        return f"{year:04d}-{lex.months[m[1]]:02d}", "month"
    return None


def _h_weekday(s: str, had_the: bool, anchor: dt.date | None, tense: str | None) -> Result | None:
    lex = _lexicon()
    m = lex.re_weekday.fullmatch(s)
    if not m:
        return None
    if m[3]:  # "Wednesday, Dec. 30": the date decides
        if anchor is not None and (fitting := _year_of_weekday(m[3], lex.weekdays[m[2]], anchor)):
            return fitting.isoformat(), "day"
        rest = _resolve(m[3], anchor, tense)
        return rest if rest[1] in ("day", "month", "relative") else None
    if anchor is None:
        return RELATIVE
    weekday = lex.weekdays[m[2]]
    cue = _cue(m[1])
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    if cue == 0 and tense not in ("past", "future"):  # "this Friday": the anchor's week
        day = anchor + dt.timedelta(days=weekday - anchor.weekday())
    elif cue == -1:
        day = anchor - dt.timedelta(days=back or 7)
    elif cue == 1:
        day = anchor + dt.timedelta(days=ahead or 7)
    elif tense == "future":
        day = anchor + dt.timedelta(days=ahead)
    else:
        day = anchor - dt.timedelta(days=back)
    return day.isoformat(), "day"


def _year_of_weekday(rest: str, weekday: int, anchor: dt.date) -> dt.date | None:
    """ "Monday, Oct. 26" without a year: the Oct. 26 nearest the anchor that is a Monday."""
    lex = _lexicon()
    for pattern, order in ((lex.re_mdy, "md"), (lex.re_dmy, "dm")):
        m = pattern.fullmatch(rest)
        if not m or m[3] is not None:
            continue
        month = lex.months[m[1] if order == "md" else m[2]]
        day = int(m[2] if order == "md" else m[1])
        found = []
        for year in range(anchor.year - 1, anchor.year + 2):
            try:
                date = dt.date(year, month, day)
            except ValueError:
                continue
            if date.weekday() == weekday:
                found.append(date)
        return min(found, key=lambda d: abs((d - anchor).days)) if found else None
    return None


def _h_month(s: str, had_the: bool, anchor: dt.date | None, tense: str | None) -> Result | None:
    lex = _lexicon()
    m = lex.re_month.fullmatch(s)
    if not m:
        return None
    return _month_only(lex.months[m[2]], _cue(m[1]), anchor, tense)


def _season_span(code: str, year: int) -> tuple[dt.date, dt.date]:
    months = _lexicon().season_months[code]
    start = dt.date(year, months[0], 1)
    end_year = year + 1 if months[-1] < months[0] else year
    end = dt.date(end_year, months[-1], calendar.monthrange(end_year, months[-1])[1])
    return start, end


def _h_season(s: str, had_the: bool, anchor: dt.date | None, tense: str | None) -> Result | None:
    lex = _lexicon()
    m = lex.re_season.fullmatch(s)
    if not m:
        return None
    code = lex.seasons[m[2]]
    if m[3]:
        year = _year(m[3], anchor)
        return (f"{year:04d}-{code}", "season") if year and 1 <= year <= 9999 else UNKNOWN
    if anchor is None:
        return RELATIVE
    cue = _cue(m[1])
    spans = [(y, *_season_span(code, y)) for y in range(anchor.year - 2, anchor.year + 2)]
    if cue == 0:  # the current one, or this year's if it has not begun
        current = [y for y, a, b in spans if a <= anchor <= b]
        year = (
            current[0]
            if current
            else (anchor.year if code != "WI" or anchor.month > 2 else anchor.year - 1)
        )
    elif cue == -1:  # the latest one already over
        year = max(y for y, a, b in spans if b < anchor)
    elif cue == 1:  # the first one not yet begun
        year = min(y for y, a, b in spans if a > anchor)
    elif tense == "future":
        year = min(y for y, a, b in spans if b >= anchor)
    else:
        year = max(y for y, a, b in spans if a <= anchor)
    return f"{year:04d}-{code}", "season"


def _h_period(s: str, had_the: bool, anchor: dt.date | None, tense: str | None) -> Result | None:
    """ "last year", "this week", "next month", "this weekend"; "the past year" is a duration."""
    lex = _lexicon()
    m = lex.re_period.fullmatch(s)
    if not m:
        return None
    cue_word, unit = re.sub(r"\s+", " ", m[1]), m[2]
    if unit == "weekend" and cue_word == "past":
        cue_word = "last"  # "the past weekend" is a point, the last one
    elif cue_word == "past" or (had_the and cue_word in ("last", "next", "coming", "following")):
        if unit == "weekend":
            return None
        info = lex.units[unit]
        return f"P{int(info.get('factor', 1))}{info['code']}", "duration"
    if anchor is None:
        return RELATIVE
    offset = _cue(cue_word) or 0
    if unit == "year":
        return f"{anchor.year + offset:04d}", "year"
    if unit == "decade":
        return f"{(anchor.year // 10 + offset):03d}X", "decade"
    if unit == "month":
        index = anchor.year * 12 + anchor.month - 1 + offset
        return f"{index // 12:04d}-{index % 12 + 1:02d}", "month"
    year, week, _ = (anchor + dt.timedelta(weeks=offset)).isocalendar()
    value = f"{year:04d}-W{week:02d}"
    return (value + "-WE" if unit == "weekend" else value), "week"


def _number(phrase: str) -> float | None:
    """A number in digits or words; None for vague quantities ("a few", "several")."""
    lex = _lexicon()
    phrase = re.sub(r"\s+", " ", phrase)
    article = re.match(r"(?:a|an) (?=\S)", phrase)
    if article and phrase not in lex.numbers and phrase not in lex.data["vague_numbers"]:
        phrase = phrase[article.end() :]  # "a three-week-old truce"
    if re.fullmatch(r"\d+(?:\.\d+)?", phrase):
        return float(phrase)
    if phrase in lex.data["vague_numbers"]:
        return None
    if phrase in lex.numbers:
        return lex.numbers[phrase]
    total = 0.0
    for word in phrase.split():
        if word not in lex.numbers:
            return None
        value = lex.numbers[word]
        total = max(total, 1.0) * value if value == 100 else total + value
    return total


def _fmt(n: float) -> str:
    return str(int(n)) if n == int(n) else f"{n:g}"


def _h_quantity(s: str, had_the: bool, anchor: dt.date | None, tense: str | None) -> Result | None:
    """Durations ("less than two months", "three-week-old", "a day after") and counted points
    ("two years ago")."""
    lex = _lexicon()
    tails = {*lex.data["ago_words"], *lex.data["offset_words"], "from now"}
    while (m := lex.re_bound.match(s)) and m.end() < len(s):
        s = s[m.end() :]
    m = lex.re_quantity.fullmatch(s)
    if not m:
        # "for years", "months": a vague duration
        bare = re.fullmatch(
            r"(minutes|hours|days|weeks|months|years|decades)(?: (\w+(?: now)?))?", s
        )
        if not bare or (bare[2] and bare[2] not in tails):
            return None
        if bare[2] in lex.data["ago_words"]:  # "years ago"
            return "PAST_REF", "relative"
        if bare[2] == "from now":
            return "FUTURE_REF", "relative"
        vague = lex.units[bare[1][:-1]]
        return f"{'PT' if vague.get('time') else 'P'}X{vague['code']}", "duration"
    unit_word = m[2]
    if unit_word.startswith("centur"):
        unit = "century"
    else:
        unit = unit_word if unit_word in lex.units else unit_word.rstrip("s")
    info = lex.units.get(unit)
    if info is None:
        return None
    count = _number(m[1])
    tail = re.sub(r"\s+", " ", m[3]) if m[3] else None
    if count is not None:
        count *= float(info.get("factor", 1))
        if count <= 0 or count > 100_000:
            return UNKNOWN
    if tail in lex.data["ago_words"] or tail == "from now":
        sign = 1 if tail == "from now" else -1
        if count is None or count != int(count):
            return ("FUTURE_REF" if sign > 0 else "PAST_REF"), "relative"
        # the factor is already in ``count``: count decades and fortnights as years and weeks
        base = {"decade": "year", "century": "year", "fortnight": "week"}.get(unit, unit)
        return _counted_point(anchor, sign * int(count), base)
    code = info["code"]
    amount = "X" if count is None else _fmt(count)
    prefix = "PT" if info.get("time") else "P"
    return f"{prefix}{amount}{code}", "duration"


def _counted_point(anchor: dt.date | None, n: int, unit: str) -> Result:
    """The anchor moved by ``n`` units, at the precision of the unit ("two years ago" -> year)."""
    if anchor is None:
        return RELATIVE
    if unit in ("day", "night"):
        return (anchor + dt.timedelta(days=n)).isoformat(), "day"
    if unit == "week":
        year, week, _ = (anchor + dt.timedelta(weeks=n)).isocalendar()
        return f"{year:04d}-W{week:02d}", "week"
    if unit == "month":
        index = anchor.year * 12 + anchor.month - 1 + n
        if not 1 <= index // 12 <= 9999:
            return UNKNOWN
        return f"{index // 12:04d}-{index % 12 + 1:02d}", "month"
    if unit == "year":
        year = anchor.year + n
        return (f"{year:04d}", "year") if 1 <= year <= 9999 else UNKNOWN
    return (anchor.isoformat(), "day") if abs(n) < 24 * 3600 else RELATIVE


def _h_year(s: str, had_the: bool, anchor: dt.date | None, tense: str | None) -> Result | None:
    if m := re.fullmatch(r"(?:year\s+)?(\d{4})(?:'s)?", s):
        year = int(m[1])
        return (f"{year:04d}", "year") if year >= 1000 else UNKNOWN
    if m := re.fullmatch(r"(?:year\s+)?'(\d{2})", s):
        if anchor is None:
            return RELATIVE
        return f"{_year(chr(39) + m[1], anchor):04d}", "year"
    return None


def _h_decade(s: str, had_the: bool, anchor: dt.date | None, tense: str | None) -> Result | None:
    lex = _lexicon()
    if m := re.fullmatch(r"(\d{3})0 ?'?s", s):
        return f"{m[1]}X", "decade"
    digit: int | None = None
    if m := re.fullmatch(r"'?(\d)0 ?'?s", s):
        digit = int(m[1])
    elif m := lex.re_decade_word.fullmatch(s):
        digit = int(lex.data["decade_words"][m[1]])
    if digit is None:
        return None
    if anchor is None:
        return RELATIVE
    start = anchor.year // 100 * 100 + digit * 10
    if start > anchor.year:  # "the '90s" in 2009 is the 1990s
        start -= 100
    return f"{start // 10:03d}X", "decade"


def _h_clock(s: str, had_the: bool, anchor: dt.date | None, tense: str | None) -> Result | None:
    """A time of day ("10:35 a.m.", "9 a.m. EST Tuesday", "noon"): the day it falls on (the
    anchor unless one is written) at ``THH:MM``."""
    lex = _lexicon()
    m = lex.re_clock.fullmatch(s)
    if not m:
        return None
    if m["word"]:
        hour, minute = int(lex.data["clock_words"][m["word"]]), 0
    else:
        hour, minute = int(m["h"]), int(m["m"] or 0)
        if not 1 <= hour <= 12 or minute > 59:
            return UNKNOWN
        hour = hour % 12 + (12 if m["ap"] == "p" else 0)
    if m["rest"]:
        day = _resolve(m["rest"], anchor, tense)
        if day[1] != "day" or not day[0]:
            return day if day[1] == "relative" else UNKNOWN
        date = day[0]
    elif anchor is None:
        return RELATIVE
    else:
        date = anchor.isoformat()
    return f"{date}T{hour:02d}:{minute:02d}", "time"


def _h_set(s: str, had_the: bool, anchor: dt.date | None, tense: str | None) -> Result | None:
    """Sets: "daily", "every week", "each other month" -> P1D, P1W, P2M."""
    lex = _lexicon()
    if s in lex.data["set_words"]:
        return str(lex.data["set_words"][s]), "set"
    m = lex.re_set.fullmatch(s)
    if not m:
        return None
    unit = m["unit"]
    info = lex.units.get(unit)
    if info is None:
        return None
    count = 2.0 if m["other"] else (_number(m["n"]) if m["n"] else 1.0)
    if count is None or count <= 0:
        return UNKNOWN
    count *= float(info.get("factor", 1))
    return f"{'PT' if info.get('time') else 'P'}{_fmt(count)}{info['code']}", "set"


_HANDLERS: list[Callable[[str, bool, dt.date | None, str | None], Result | None]] = [
    _h_clock,
    _h_set,
    _h_dates,
    _h_weekday,
    _h_month,
    _h_season,
    _h_period,
    _h_decade,  # before years: "the 1960's" is a decade
    _h_year,
    _h_quantity,
]


# --------------------------------------------------------------------------------------------
# extract()

# Each detection pattern names its timex span ``t``; text around it (a preposition) only
# licenses the match.  Month and weekday names are matched case-sensitively (Title or UPPER) so
# that "may", "march" and "sun" as ordinary words are left alone.


def _names(words: list[str], *, abbrev: bool) -> str:
    forms: list[str] = []
    for w in words:
        short = len(w) <= 4 and abbrev
        for form in (w.title(), w.upper()):
            forms.append(re.escape(form) + (r"\b\.?" if short else r"\b"))
    forms.sort(key=len, reverse=True)
    return "(?:" + "|".join(forms) + ")"


def _ci(words: list[str]) -> str:
    return "(?i:" + _alt([str(w) for w in words]) + ")"


@lru_cache(maxsize=1)
def _detectors() -> list[tuple[str, re.Pattern[str]]]:
    lex = _lexicon()
    data = lex.data
    full_months = [m for m in lex.months if len(m) > 4 or m in ("june", "july")]
    short_months = [m for m in lex.months if m not in full_months]
    month = f"(?:{_names(full_months, abbrev=False)}|{_names(short_months, abbrev=True)})"
    full_days = [d for d in lex.weekdays if d.endswith("day")]
    short_days = [d for d in lex.weekdays if not d.endswith("day")]
    wday = _names(full_days, abbrev=False)
    wday_any = f"(?:{wday}|{_names(short_days, abbrev=True)})"
    mod = rf"(?:{_ci(list(data['modifiers']))}[\s-]+)"
    cue = _ci(list(data["relative_cues"]))
    season = _ci(list(lex.seasons))
    day = r"(?<![\d/.])\d{1,2}(?:st|nd|rd|th)?(?![\d/])"
    year4 = r"(?:1\d{3}|20\d{2})(?!\d)"
    year = rf"(?:{year4}|'\d{{2}}(?!\d))"
    num_words = _alt([k for k in lex.numbers] + list(data["vague_numbers"]))
    tens = _alt([k for k, v in lex.numbers.items() if v in (20, 30, 40, 50, 60, 70, 80, 90)])
    ones = _alt(
        [k for k, v in lex.numbers.items() if 1 <= v <= 9 and k not in ("a", "an", "single")]
    )
    num = rf"(?:\d+(?:\.\d+)?|(?i:\b(?:(?:{tens})[\s-]+(?:{ones})|{num_words})\b))"
    # singular "second" is nearly always the ordinal ("a second attack")
    unit = r"(?i:seconds|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|years?|decades?|century|centuries)\b"
    bound = _ci([b for b in data["duration_bounds"] if b != "the"])  # "the" is the noun's
    tail = _ci(list(data["ago_words"]) + list(data["offset_words"]) + ["from now"])
    prep = _ci(
        [p for p in data["prepositions"]]
        + ["to", "between", "and", "as of", "as early as", "as late as"]
    )
    refs = [
        r
        for r in data["references"]
        if r not in ("recent", "the past", "the future", "the present")
    ]
    days = list(data["relative_days"]) + [
        d for d in data["anaphoric_days"] if d not in ("the day before", "the day after")
    ]
    parts = _ci(list(data["day_parts"]))
    holidays = _ci(list(data["holidays"]) + list(data["weekday_holidays"]))
    year_prep = _ci(list(data["year_prepositions"]))
    rel_year = rf"{cue}\s+(?i:year)\b"
    month_prep = _ci(list(data["month_prepositions"]))
    decade_words = _ci(list(data["decade_words"]))
    table = {
        # Wednesday, Dec. 30, 2009 / Dec. 30 / 30 December 2009 / 20 AUG 88
        "date": rf"(?P<t>(?:{wday_any},?\s+)?(?:{month}\s+{day}(?:,?\s+(?:{year}|{rel_year}))?|{day}\s+(?:of\s+)?{month}(?:,?\s+(?:{year4}|\d{{2}}(?!\d)|{rel_year}))?))",
        "month_year": rf"(?P<t>{mod}?{month},?\s+(?:of\s+)?(?:{year4}|{rel_year}))",
        "iso": r"(?P<t>(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])|(?<![\d/])\d{4}/\d{1,2}/\d{1,2}(?![\d/])|(?<![\d/])\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})(?![\d/]))",
        "relative": rf"(?P<t>{mod}?(?:(?i:the)\s+)?{cue}\s+(?:(?i:week|weekend|month|year|decade)\b|{season}\b|{month}(?!\.?\s*\d)|{wday})(?:'s)?)",
        "quantity_point": rf"(?P<t>(?:{num}[\s-]+)?{unit}\s+{tail}\b)",
        "duration": rf"(?P<t>(?:{bound}\s+)?{num}[\s-]+{unit}(?:[\s-](?i:old|long)\b)?)",
        "weekday": rf"(?P<t>(?:(?i:early|late)[\s-]+)?{wday}(?:\s+{parts}\b)?)",
        "relative_day": rf"(?P<t>\b{_ci(days)}(?:'s)?(?:\s+{parts})?\b)",
        "reference": rf"(?P<t>\b{_ci(refs)}\b)",
        "season_year": rf"(?P<t>(?:(?i:the)\s+)?{mod}?{season}\s+(?:of\s+)?{year4})",
        "season": rf"\b{prep}\s+(?:(?i:the)\s+)?(?P<t>{mod}?{season})\b",
        "month_mod": rf"(?P<t>{mod}{month})(?!\.?\s*\d)",
        "month_prep": rf"\b{month_prep}\s+(?P<t>{month})(?!\.?\s*\d)",
        "year_mod": rf"(?P<t>{mod}{year4})",
        "year_prep": rf"\b{year_prep}\s+(?:(?i:the\s+year)\s+)?(?P<t>{year4})(?!\s*(?:%|percent|people|troops))",
        "decade": rf"(?P<t>(?:(?i:the)\s+)?{mod}?(?:(?:1\d|20)\d0'?[sS]|'\d0'?[sS])\b|(?i:the)\s+{mod}?{decade_words}\b)",
        "holiday": rf"(?P<t>\b{holidays}\b)",
        "anaphoric": rf"(?P<t>\b{mod}?{_ci(list(data['anaphoric_periods']) + days)}(?:\s+{parts})?\b)",
    }
    return [(name, re.compile(pattern)) for name, pattern in table.items()]


@lru_cache(maxsize=1)
def _timeml_detectors() -> list[tuple[str, re.Pattern[str]]]:
    """Patterns for what only TimeML annotates: bare references, sets and clock times."""
    lex = _lexicon()
    data = lex.data
    excl = data["timeml_reference_exclusions"]
    before = "".join(
        rf"(?<!\b{re.escape(form)}\s)" for w in excl["before"] for form in (w, w.title())
    )
    after = rf"(?!\s+{_ci(list(excl['after']))}\b)" if excl["after"] else ""
    refs = _ci(list(data["timeml_references"]))
    wdays = _names([d for d in lex.weekdays if d.endswith("day")], abbrev=False)
    units = r"(?i:seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|decades?)\b"
    nums = _alt([k for k in lex.numbers if k not in ("a", "an", "single")])
    zones = _ci(list(data["time_zones"]))
    rest = rf"(?:\s+(?:(?i:on)\s+)?(?:{wdays}|(?i:today|yesterday|tomorrow|tonight)\b))"
    table = {
        "timeml_ref": rf"{before}(?P<t>\b{refs}\b){after}",
        "set": rf"(?P<t>\b(?:{_ci(list(data['set_words']))}|(?i:every|each)\s+(?:(?i:other|{nums}|\d+)\s+)?{units}))",
        "clock": rf"(?<!(?i:high)\s)(?P<t>\b(?:\d{{1,2}}(?::\d{{2}})?\s*[aApP]\.?\s?[mM]\b\.?|\b{_ci(list(data['clock_words']))}\b)(?:\s+{zones}\b)?{rest}?)",
    }
    return [(name, re.compile(pattern)) for name, pattern in table.items()]


def extract(doc: Doc, article: Article, *, timeml: bool = False) -> list[Timex]:
    """Find and normalise the temporal expressions of ``doc`` (the parse of ``article.text``).

    Spans come from the patterns of the data file and from spaCy's DATE/TIME entities; each is
    normalised against :func:`anchor_of` with the tense of its governing verb.  Anaphoric days
    ("the previous day") count from the last full date mentioned before them.

    ``timeml`` follows the TimeML guidelines where they annotate more than the project's gold:
    bare references ("now", "the future"), sets ("daily", "every week") and clock times.
    """
    text = doc_text(doc)
    anchor = anchor_of(article)
    lex = _lexicon()
    spans: set[tuple[int, int, str]] = set()
    detectors = _detectors() + (_timeml_detectors() if timeml else [])
    for kind, pattern in detectors:
        if kind == "reference" and not lex.data["extract_references"]:
            continue
        for m in pattern.finditer(text):
            spans.add((*_trim(text, *m.span("t")), kind))
    for ent in doc.ents:
        if ent.label_ in ("DATE", "TIME"):
            spans.add((*_trim(text, ent.start_char, ent.end_char), "spacy"))

    # Normalise every candidate first, so that a span that cannot be read (spaCy's "between
    # 2004 and 2009") gives way to the readable ones inside it.
    readable: list[_Candidate] = []
    unreadable: list[_Candidate] = []
    ages: list[tuple[int, int]] = []
    for start, end, kind in sorted(spans, key=lambda c: c[0] - c[1]):  # longest first
        if end <= start or any(a < end and start < b for a, b in ages):
            continue  # "20-YEAR" inside the age "20-YEAR OLD"
        span_text = text[start:end]
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and _is_age(span_text, span, text[end : end + 40]):
            ages.append((start, end))
            continue
        if span is not None and _not_temporal(kind, text, start, span):
            continue
        tense = _tense(span) if span is not None else None
        if tense != "past" and _deadline_before(text, start):
            # "as early as Tuesday", "by Monday": the next one; "by Jan. 14": the nearer one
            # (a deadline may just have passed)
            tense = "future" if _weekday_first(span_text) else "present"
        value, precision = normalize(span_text, anchor, tense=tense)
        if precision in ("set", "time") and not timeml:
            continue  # the project's gold dates events, not hours and frequencies
        if kind == "set" and span is not None and _names_a_paper(span):
            continue  # "the daily Granma", "the weekly Der Spiegel"
        candidate = _Candidate(start, end, kind, tense, value, precision)
        if precision != "unknown":
            readable.append(candidate)
        elif kind == "spacy" and _temporal_words(span_text):
            unreadable.append(candidate)  # "the holy month of Ramadan": temporal, unresolved
        # else: ordinals ("first"), amounts and other non-temporal DATE entities
    chosen = _leftmost_longest(readable)
    if not timeml:  # a TIMEX3 needs a value: TimeML output leaves out what it cannot read
        chosen += [
            c for c in _leftmost_longest(unreadable) if not any(_overlap(c, k) for k in chosen)
        ]
    chosen.sort(key=lambda c: c.start)

    sent_starts = [s.start_char for s in doc.sents]
    result: list[Timex] = []
    # the last date the narrative named, at each precision ("later that year", "that day")
    last: dict[str, str] = {}
    for c in chosen:
        span_text = text[c.start : c.end]
        use_anchor: AnchorLike = anchor
        value, precision = c.value, c.precision
        unit = _anaphoric_unit(span_text)
        if precision == "time" and _bare_clock(span_text):
            unit = "day"
        if unit and last.get(unit):
            # "the previous day", "later that year", "at 10 p.m." follow the narrative, not
            # the dateline.
            use_anchor = last[unit]
            value, precision = normalize(span_text, use_anchor, tense=c.tense)
        _remember(last, value, precision)
        sentence = max(0, bisect.bisect_right(sent_starts, c.start) - 1) if sent_starts else None
        result.append(
            Timex(
                start=c.start,
                end=c.end,
                text=span_text,
                value=value,
                precision=precision,
                anchor=_anchor_str(use_anchor),
                sentence=sentence,
            )
        )
    return result


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    kind: str
    tense: str | None
    value: str | None
    precision: str


def _overlap(a: _Candidate, b: _Candidate) -> bool:
    return a.start < b.end and b.start < a.end


def _leftmost_longest(candidates: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping spans, leftmost first, then longest; patterns win ties with spaCy."""
    ordered = sorted(
        candidates, key=lambda c: (c.start, -(c.end - c.start), c.kind == "spacy", c.kind)
    )
    chosen: list[_Candidate] = []
    for c in ordered:
        if not chosen or c.start >= chosen[-1].end:
            chosen.append(c)
    return chosen


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop leading prepositions spaCy sometimes includes, and trailing punctuation."""
    lex = _lexicon()
    while True:
        m = lex.re_prep.match(text[start:end].lower())
        if not m or start + m.end() >= end:
            break
        start += m.end()
    # "earlier Friday": the adverb is no part of a weekday's span (TimeML)
    if m := re.match(r"(?i:earlier|later)\s+(?=(?i:mon|tues|wednes|thurs|fri|satur|sun)day\b)",
                     text[start:end]):
        start += m.end()
    while end > start and text[end - 1] in ",;:)\"'":
        end -= 1
    # TimeML leaves the possessive and signal words ("a day *after* X") out of the span; the
    # value does not depend on them ("a day" and "a day after" are both P1D).
    while True:
        m = lex.re_span_tail.search(text, start, end)
        if not m or m.start() <= start:
            break
        end = m.start()
    return start, end


def _not_temporal(kind: str, text: str, start: int, span: Span) -> bool:
    """Numbers that only look like times: "about 2000 people", "once a day"."""
    if kind.startswith("year") and span.root.dep_ == "nummod" and span.root.head.pos_ == "NOUN":
        return True
    if re.fullmatch(r"\d{4}", span.text) and _clock_time(text, start, start + 4):
        return True
    if re.fullmatch(r"(?i:(?:early|mid|late)[\s-]+)?'?\d0'?s", span.text) and re.search(
        r"\b(?i:his|her|their|my|your|our)\s+(?:(?i:early|mid|late)[\s-]+)?$", text[:start]
    ):
        return True  # "in his 30s": an age
    if kind in ("duration", "spacy"):
        before = re.findall(r"[a-z]+", text[max(0, start - 12) : start].lower())
        if kind == "duration" and before and before[-1] in _lexicon().data["frequency_words"]:
            return True
        # a rate: "24 hours a day", "seven days a week" (neither part is a time)
        if re.match(r"\s+(?:a|an|per)\s+(?:day|week|month|year)\b", text[span.end_char :]):
            return True
        if before and re.fullmatch(r"(?:second|minute|hour|day|week|month)s", before[-1]) and \
                re.fullmatch(r"(?i:an?|per)\s+\w+", span.text):
            return True
        # a title: "60 Minutes" in lower-case running text
        words = span.text.split()
        if len(words) == 2 and words[0].isdigit() and words[1].istitle() and not text.isupper():
            return True
    return False


def _names_a_paper(span: Span) -> bool:
    """ "daily" as a noun ("the party daily") or before a title ("daily Granma")."""
    if len(span) != 1:
        return False
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    return span.root.pos_ in ("NOUN", "PROPN") or bool(
        nxt is not None and (nxt.pos_ == "PROPN" or nxt.is_title)
    )


def _anaphoric_unit(span_text: str) -> str | None:
    """ "the previous day", "earlier that day" -> "day"; "later that year" -> "year"."""
    lex = _lexicon()
    s = _tidy(_clean(span_text))
    while (m := lex.re_modifier.match(s) or lex.re_prep.match(s)) and m.end() < len(s):
        s = s[m.end() :]
    if s in lex.data["anaphoric_days"]:
        return "day"
    words = s.split()
    if len(words) > 1 and words[-1] in lex.data["day_parts"]:
        if " ".join(words[:-1]) in lex.data["anaphoric_days"]:
            return "day"
    unit = lex.data["anaphoric_periods"].get(s)
    return str(unit) if unit else None


def _remember(last: dict[str, str], value: str | None, precision: str) -> None:
    """Note a resolved date as the narrative's latest at each precision it fixes."""
    if not value or not (m := re.match(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)):
        return
    if precision in ("day", "time") and m[3]:
        day = f"{m[1]}-{m[2]}-{m[3]}"
        last.update(day=day, week=day, month=day, year=day)
    elif precision == "month" and m[2]:
        last.update(month=f"{m[1]}-{m[2]}-01", year=f"{m[1]}-{m[2]}-01")
    elif precision in ("year", "season"):
        last["year"] = f"{m[1]}-01-01"


def _bare_clock(span_text: str) -> bool:
    m = _lexicon().re_clock.fullmatch(_tidy(_clean(span_text)))
    return m is not None and not m["rest"]


def _weekday_first(span_text: str) -> bool:
    """Whether the span names a weekday ("Tuesday", "9 a.m. Tuesday")."""
    lex = _lexicon()
    words = _tidy(_clean(span_text)).split()
    return any(w in lex.weekdays for w in words) and not any(w in lex.months for w in words)


@lru_cache(maxsize=1)
def _deadline_pattern() -> re.Pattern[str]:
    return re.compile(rf"\b{_ci(list(_lexicon().data['deadline_words']))}\s+$")


def _deadline_before(text: str, start: int) -> bool:
    """A deadline or earliest-date phrase before the span points ahead ("as soon as Tuesday")."""
    return bool(_deadline_pattern().search(text[max(0, start - 20) : start]))


def _clock_time(text: str, start: int, end: int) -> bool:
    """A four-digit number that is a time of day ("AT 1215 (1815 GMT)"), not a year."""
    hour, minute = int(text[start : start + 2]), int(text[start + 2 : end])
    if hour > 23 or minute > 59:
        return False
    if int(text[start:end]) > 2099:  # no news archive dates that far ahead
        return True
    before = re.findall(r"[a-z]+", text[max(0, start - 12) : start].lower())
    if before and before[-1] in _lexicon().data["clock_prepositions"]:
        return True
    return bool(_clock_follow().match(text, end))


@lru_cache(maxsize=1)
def _clock_follow() -> re.Pattern[str]:
    cues = _ci(list(_lexicon().data["clock_cues"]))
    return re.compile(rf"\s*[(\[]?\s*(?:\d{{4}}\s*)?{cues}\b")


def _temporal_words(span_text: str) -> bool:
    words = set(re.findall(r"[a-z]+", span_text.lower()))
    return bool(words & set(_lexicon().data["temporal_words"]))


def _is_age(span_text: str, span: Span, following: str) -> bool:
    """ "the 65-year-old", "65 years old": ages, not times.  ``following`` is the text after."""
    lowered = span_text.lower()
    if re.search(r"\byears?\s+old\b", lowered):
        return True
    if not re.search(r"-old\b", lowered):
        return False
    data = _lexicon().data
    if "year" in lowered:
        # "N-year-old" is nearly always a person's age; a thing that ages ("a 30-year-old
        # conflict") is the exception, listed in the data file.  Works on upper-case wire copy,
        # where the parse cannot be trusted.
        nxt = re.match(r"[\s,]*([A-Za-z]+)", following)
        return not (nxt and nxt.group(1).lower() in data["aged_things"])
    root = span.root
    head = root.head if root.head is not root else root
    return head.lemma_.lower() in data["person_nouns"] or head.ent_type_ in ("PERSON", "NORP")


def _tense(span: Span) -> str | None:
    """Tense of the verb governing ``span``: "past", "present", "future" or None."""
    future_lemmas = set(_lexicon().data["future_lemmas"])
    token: Token = span.root
    for _ in range(12):
        if token.pos_ in ("VERB", "AUX") or token.head is token:
            break
        token = token.head
    if token.pos_ not in ("VERB", "AUX"):
        return None
    if token.lower_ in ("will", "shall", "'ll", "wo"):
        return "future"
    for child in token.children:
        if child.dep_ == "aux" and child.lower_ in ("will", "shall", "'ll", "wo"):
            return "future"
    # An infinitive under "expected to", "plans to", "going to" looks ahead.
    if token.tag_ == "VB" and token.dep_ in ("xcomp", "ccomp", "advcl"):
        head = token.head
        if head.lemma_.lower() in future_lemmas and (head.lemma_ != "go" or head.tag_ == "VBG"):
            return "future"
    # "talks scheduled for June 22", "a vote due on Monday" look ahead whatever their form.
    if token.lemma_.lower() in _lexicon().data["future_governors"]:
        return "future"
    # "a summit set for April": "set" schedules only with "for"
    prep = span.root.head
    if prep.lower_ == "for" and prep.head is token and token.lemma_.lower() == "set":
        return "future"
    # The first auxiliary is the finite verb and carries the tense: "was ordered", "had left"
    # are past; "must be returned", "would be held", "has given" are not.
    auxes = sorted(
        (c for c in token.children if c.dep_ in ("aux", "auxpass") and c.i < token.i),
        key=lambda c: c.i,
    )
    if auxes:
        first = auxes[0]
        if first.tag_ == "VBD" or first.morph.to_dict().get("Tense") == "Past":
            return "past"
        if first.tag_ in ("MD", "VBZ", "VBP"):
            return "present"
    if token.morph.to_dict().get("Tense") == "Past" or token.tag_ in ("VBD", "VBN"):
        return "past"
    return "present"
