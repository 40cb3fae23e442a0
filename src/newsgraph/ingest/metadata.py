"""Article metadata from the text itself: publisher, byline, dateline and publication date.

``clean`` sorts the lines of a scraped page into body and non-body lines and hands the non-body
signals (logo and nav lines, byline and date lines, the HTML extractor's fields) to
:func:`derive`, which decides with a fixed precedence: what the input *gave* (JSONL keys, sidecar,
CLI flags) beats what the page *states* (a "Published ..." line, HTML meta), which beats what can
only be *inferred* (a publisher named in a logo line).  When no publication date is stated,
:func:`bound_publication` brackets it from the text: a dated correction notice is an upper bound,
the latest date the body reports as past a lower bound.  Today's date is never used.

The words (publisher names and aliases, "published"/"updated" cues, future cues) live in
``data/boilerplate.yaml``.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

import yaml

from ..settings import DATA_DIR

DATA_FILE = DATA_DIR / "boilerplate.yaml"


@cache
def load_data() -> dict[str, Any]:
    """The phrase lists and publisher table, loaded once."""
    with open(DATA_FILE, encoding="utf-8") as f:
        return yaml.safe_load(f)


# --------------------------------------------------------------------------- dates

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9,
    "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12,
    "december": 12,
}  # fmt: skip
_MON = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
# Order matters: the most specific forms first; every pattern is tried and overlaps resolved
# by keeping the earliest, longest match.
_DATE_PATTERNS = [
    re.compile(r"\b(?P<year>(?:1[89]|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)(?![\d])"),
    re.compile(r"\b(?P<year>(?:1[89]|20)\d\d)/(?P<mnum>[01]?\d)/(?P<day>[0-3]?\d)\b"),
    # Numeric day and month in either order ("06/25/2009", "25.06.2009"): kept only when one
    # of the two numbers is over 12, so the order is certain.
    re.compile(r"\b(?P<a>[0-3]?\d)[/.](?P<b>[0-3]?\d)[/.](?P<year>(?:1[89]|20)\d\d)\b"),
    re.compile(rf"\b{_MON}\s+{_DAY},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MON},?\s+{_YEAR}\b", re.I),
    # Wire-service style with a two-digit year: "20 AUG 88" (upper case only, to avoid prose).
    re.compile(
        r"\b(?P<day>[0-3]?\d)\s+(?P<mon>JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)\s+(?P<yy>\d\d)\b"
    ),
    re.compile(rf"\b{_MON}\s+{_YEAR}\b", re.I),  # month precision: "August 2009"
    re.compile(rf"\b{_MON}\s+{_DAY}\b(?!\s*,?\s*\d)", re.I),  # no year: "Dec. 30"
    re.compile(rf"\b{_DAY}\s+{_MON}\b(?!\s*,?\s*\d)", re.I),  # no year: "30 December"
]
# "may" and "march" are also common words; a bare month-day only counts with a capital letter.
_AMBIGUOUS_MONTHS = {"may", "march", "mar", "jun", "jan", "dec", "sept"}


@dataclass(frozen=True)
class DateMention:
    """A calendar date found in text.  ``day`` or ``year`` is None when the text omits it."""

    start: int
    end: int
    year: int | None
    month: int
    day: int | None

    def iso(self) -> str | None:
        """YYYY-MM-DD when the date is complete, else None."""
        if self.year is None or self.day is None:
            return None
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def _two_digit_year(yy: int) -> int:
    # Wire archives (MUC-4: "20 AUG 88") predate 2000; a pivot keeps "23" in this century.
    return 1900 + yy if yy >= 50 else 2000 + yy


def find_dates(text: str) -> list[DateMention]:
    """Every explicit calendar date in ``text`` (full, month-year or month-day), in order."""
    found: list[DateMention] = []
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            g = m.groupdict()
            if g.get("a"):
                a, b = int(g["a"]), int(g["b"])
                if (a > 12) == (b > 12):
                    continue  # 06/07/2009: June 7 or 6 July; no guess
                month, g = (b, {**g, "day": g["a"]}) if a > 12 else (a, {**g, "day": g["b"]})
            elif g.get("mnum"):
                month = int(g["mnum"])
            else:
                mon = g["mon"]
                if g.get("day") is None or g.get("year") is None and g.get("yy") is None:
                    # Partial dates with a word-like month need a capital: "may 30" is not a date.
                    if mon.lower() in _AMBIGUOUS_MONTHS and not mon[0].isupper():
                        continue
                month = MONTHS[mon.lower().rstrip(".")]
            year = int(g["year"]) if g.get("year") else None
            if g.get("yy"):
                year = _two_digit_year(int(g["yy"]))
            day = int(g["day"]) if g.get("day") else None
            if not 1 <= month <= 12:
                continue
            if day is not None:
                limit = calendar.monthrange(year or 2000, month)[1]  # 2000: Feb 29 allowed
                if not 1 <= day <= limit:
                    continue
            found.append(DateMention(m.start(), m.end(), year, month, day))
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    kept: list[DateMention] = []
    for d in found:
        if kept and d.start < kept[-1].end:
            continue  # overlaps a longer/earlier match
        kept.append(d)
    return kept


def normalize_date(value: str | None) -> str | None:
    """An ISO date (YYYY-MM-DD) from a date string such as "2009-06-25T10:00Z" or
    "June 25, 2009"; None when the string holds no complete date."""
    if not value:
        return None
    for d in find_dates(str(value)):
        iso = d.iso()
        if iso:
            return iso
    return None


# --------------------------------------------------------------------------- publishers


@cache
def _publisher_patterns() -> list[tuple[str, re.Pattern[str]]]:
    out: list[tuple[str, re.Pattern[str]]] = []
    for entry in load_data()["publishers"]:
        for alias in sorted(entry["aliases"], key=len, reverse=True):
            # Short all-caps aliases (AP, AA, DW) only match in capitals.
            flags = 0 if (alias.isupper() and len(alias) <= 4) else re.I
            pattern = re.compile(rf"(?<![\w/]){re.escape(alias)}(?![\w/])", flags)
            out.append((entry["name"], pattern))
    # Longest alias first, so "CBS News" wins over "CBS" and "BBC Urdu" over "BBC".
    out.sort(key=lambda p: len(p[1].pattern), reverse=True)
    return out


def find_publisher(text: str) -> str | None:
    """The canonical name of the first known publisher named in ``text`` (leftmost match)."""
    best: tuple[int, int, str] | None = None
    for name, pattern in _publisher_patterns():
        m = pattern.search(text)
        if m and (best is None or (m.start(), -(m.end() - m.start())) < (best[0], best[1])):
            best = (m.start(), -(m.end() - m.start()), name)
    return best[2] if best else None


def publisher_words() -> frozenset[str]:
    """Lower-cased words of all publisher aliases (used to recognise nav lines)."""
    return _publisher_words()


@cache
def _publisher_words() -> frozenset[str]:
    words: set[str] = set()
    for entry in load_data()["publishers"]:
        for alias in entry["aliases"]:
            words.update(w.lower() for w in re.findall(r"[\w.'/-]+", alias))
    return frozenset(words)


# --------------------------------------------------------------------------- bylines

_NAME_TOKEN = r"(?:[A-Z][\w'’.-]*|al-[A-Z][\w'’-]*|bin|ibn|de|van|von|der|la|le|da|el|al|ul|ud)"
_NAME_RE = re.compile(rf"^[A-Z][\w'’.-]*(?:\s+{_NAME_TOKEN}){{1,4}}$")
_ROLE_WORDS = re.compile(
    r"\b(writer|correspondent|reporter|editor|staff|contributor|bureau|chief|producer|"
    r"analyst|columnist|special|senior|news|desk|team|agencies|agency|and|with)\b",
    re.I,
)
_BYLINE_STARTS = [
    # "This story was filed by CBS News' Farhan Bokhari, reporting from Islamabad."
    re.compile(
        r"^(?:this\s+(?:story|article|report|piece)\s+was\s+)?(?:filed|written|reported|compiled)\s+by\s+(?P<rest>.+)$",
        re.I,
    ),
    re.compile(r"^by[:\s]\s*(?P<rest>.+)$", re.I),
    re.compile(r"^(?:additional\s+)?reporting\s+by\s+(?P<rest>.+)$", re.I),
    re.compile(r"^(?:words|text|story)\s*(?:by|:)\s*(?P<rest>.+)$", re.I),
]
_CONTRIBUTED = re.compile(
    r"\bcontributed\s+(?:to\s+)?(?:this|the)\s+(?:report|story|article)\b", re.I
)


@dataclass(frozen=True)
class Byline:
    names: tuple[str, ...]
    publisher: str | None = None
    location: str | None = None

    @property
    def text(self) -> str:
        return " and ".join(self.names)


def _title_name(name: str) -> str:
    # "KATHY GANNON" -> "Kathy Gannon"; mixed case is kept as written.
    if name.isupper():
        return " ".join(w if "." in w else w.capitalize() for w in name.split())
    return name


def parse_byline(line: str) -> Byline | None:
    """Parse a byline or credit line; None when the line is not one.

    Handles "By Jane Doe and John Roe, Reuters", "By KATHY GANNON, Associated Press Writer",
    "This story was filed by CBS News' Farhan Bokhari, reporting from Islamabad.",
    "Reporting by Jibran Ahmad in Peshawar; Editing by Jane Doe" and "Jane Doe in Kabul".
    """
    line = line.strip()
    if not line or len(line.split()) > 30:
        return None
    m = re.match(
        r"^(?:reporting|writing|filed)\s+from\s+(?P<loc>[A-Z][\w .,'-]{1,60}?)\.?$", line, re.I
    )
    if m:  # "Reporting from Islamabad, Pakistan" under a byline (NYT style)
        return Byline(names=(), location=m.group("loc").strip())
    rest = None
    for pattern in _BYLINE_STARTS:
        m = pattern.match(line)
        if m:
            rest = m.group("rest")
            break
    if rest is None:
        if _CONTRIBUTED.search(line):
            return Byline(names=(), publisher=find_publisher(line))
        # "Jon Boone in Islamabad" (Guardian style): a bare name and a place, nothing else.
        m = re.match(
            rf"^(?P<name>[A-Z][\w'’.-]+(?:\s+{_NAME_TOKEN}){{1,3}})\s+in\s+(?P<loc>[A-Z][\w .'-]{{1,40}})$",
            line,
        )
        if m and not find_publisher(m.group("name")) and len(line.split()) <= 8:
            return Byline(names=(m.group("name"),), location=m.group("loc").strip())
        return None
    # Only the first clause names the author(s); "; Editing by ..." names editors.
    rest = re.split(r";|\s+\|\s+|\s+[-–—]\s+(?=[A-Z][a-z]+\s+\d)", rest)[0].strip().rstrip(".")
    location = None
    m = re.search(r",?\s+(?:reporting|writing)\s+from\s+(?P<loc>[A-Z][\w .'-]+)$", rest)
    if m:
        location = m.group("loc").strip()
        rest = rest[: m.start()]
    m = re.search(
        r"\s+in\s+(?P<loc>[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+)*(?:,\s*[A-Z][\w.'-]+)?)$", rest
    )
    if m:
        location = location or m.group("loc").strip()
        rest = rest[: m.start()]
    publisher = None
    names: list[str] = []
    for part in re.split(r",\s*|\s+and\s+|\s+&\s+", rest):
        part = part.strip().strip(".")
        if not part:
            continue
        # "CBS News' Farhan Bokhari" / "Reuters' Jane Doe": a possessive publisher prefix.
        m = re.match(r"^(?P<pub>.+?)['’]s?\s+(?P<name>[A-Z].+)$", part)
        if m and find_publisher(m.group("pub")):
            publisher = publisher or find_publisher(m.group("pub"))
            part = m.group("name")
        pub = find_publisher(part)
        if pub and (_ROLE_WORDS.search(part) or part.lower() in _alias_set()):
            publisher = publisher or pub
            continue
        if _ROLE_WORDS.search(part):
            continue  # "Staff Reporter", "Associated Press Writer", "Special Correspondent"
        if _NAME_RE.match(part):
            names.append(_title_name(part))
    if not names and not publisher:
        return None
    return Byline(names=tuple(names), publisher=publisher, location=location)


@cache
def _alias_set() -> frozenset[str]:
    return frozenset(a.lower() for e in load_data()["publishers"] for a in e["aliases"])


# --------------------------------------------------------------------------- datelines

_MONTH_WORDS = (
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|"
    r"july|august|september|october|november|december)\b"
)
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z'.\-]+(?:\s+[A-Z][A-Za-z'.\-]+){0,3})"
    rf"(?:,\s*(?!{_MONTH_WORDS})(?P<region>[A-Z][A-Za-z'.\-]+(?:\s+[A-Z][A-Za-z'.\-]+){{0,2}}))?"
    r"(?:,?\s*(?P<date>[0-3]?\d\s+[A-Za-z]{3,9}\.?(?:\s+\d{2,4})?|[A-Z][a-z]{2,8}\.?\s+[0-3]?\d(?:,\s*\d{4})?))?"
    r"\s*(?:\((?P<agency>[A-Za-z][A-Za-z .&/-]{0,30})\))?"
    r"\s*(?P<dash>—|–|--|-|_|:)\s+",
)


@dataclass(frozen=True)
class Dateline:
    location: str
    agency: str | None
    date: DateMention | None
    end: int  # where the sentence proper starts


def _place_case(place: str) -> str:
    if not place.isupper():
        return place
    return " ".join(
        w if "." in w else "-".join(p.capitalize() for p in w.split("-")) for w in place.split()
    )


def match_dateline(paragraph: str) -> Dateline | None:
    """A wire-style dateline at the start of a paragraph: "KABUL, Afghanistan (AP) —",
    "LIMA, 20 AUG 88 (EFE) --", "ISLAMABAD, June 25 (Reuters) -", "WASHINGTON —"."""
    m = _DATELINE.match(paragraph)
    if not m:
        return None
    place = m.group("place")
    agency = m.group("agency")
    # Without an agency the place must be in capitals ("WASHINGTON —"); a capitalised word and a
    # dash is too often an ordinary sentence ("Mehsud - who ...").
    if not place.isupper() and not agency:
        return None
    if m.group("dash") == ":" and not agency:
        # "PESHAWAR: Militants ..." (Dawn style) is a dateline; "UPDATE:" / "WATCH:" are labels.
        labels = set(load_data()["dateline_labels"])
        if not place.isupper() or any(w.lower() in labels for w in place.split()):
            return None
    if len(re.sub(r"[^A-Za-z]", "", place)) < 3:
        return None
    location = _place_case(place)
    if m.group("region"):
        location += ", " + _place_case(m.group("region"))
    when = None
    if m.group("date"):
        ds = find_dates(m.group("date"))
        if ds:
            d = ds[0]
            when = DateMention(
                m.start("date") + d.start, m.start("date") + d.end, d.year, d.month, d.day
            )
    return Dateline(
        location=location, agency=agency.strip() if agency else None, date=when, end=m.end()
    )


# --------------------------------------------------------------------------- date lines

_TIME = re.compile(
    r"\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?|\b\d{1,2}\s*[ap]\.?m\.?|"
    r"\b(?:gmt|utc|et|est|edt|pt|pst|pdt|bst|cet|cest|pkt|ist|ast|z)\b",
    re.I,
)
_WEEKDAY = re.compile(r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day)?\b\.?", re.I)


def parse_date_line(line: str) -> tuple[str, str] | None:
    """A header/footer line that only states a date: ("published"|"updated", ISO date).

    "Published June 25, 2009", "Updated: 2009-06-25 10:44 ET", "June 25, 2009 / 10:44 AM / CBS",
    "Thursday 25 June 2009 12.01 BST".  Lines with other words are body text, not date lines.
    """
    if len(line.split()) > 16:
        return None
    dates = [d for d in find_dates(line) if d.iso()]
    if not dates:
        return None
    rest = line
    for d in reversed(dates):
        rest = rest[: d.start] + " " + rest[d.end :]
    rest = _TIME.sub(" ", rest)
    rest = _WEEKDAY.sub(" ", rest)
    lowered = rest.lower()
    words = sorted(load_data()["published_words"], key=len, reverse=True)
    for w in words:
        lowered = re.sub(rf"\b{re.escape(w)}\b", " ", lowered)
    for alias in sorted(_alias_set(), key=len, reverse=True):
        lowered = re.sub(rf"(?<!\w){re.escape(alias)}(?!\w)", " ", lowered)
    lowered = re.sub(r"\b(on|at|:|last|first|by|and|the|staff|news)\b", " ", lowered)
    if re.search(r"[a-z]{2,}", lowered):
        return None
    kind = (
        "updated"
        if re.search(r"\b(updated|modified)\b", line, re.I)
        and not re.search(r"\bpublished\b", line, re.I)
        else "published"
    )
    return kind, dates[0].iso() or ""


# --------------------------------------------------------------------------- the bound


def _resolve_month_day(month: int, day: int, upper: date) -> date | None:
    """The most recent (month, day) not after ``upper``."""
    for year in (upper.year, upper.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:  # Feb 29 in a non-leap year
            continue
        if candidate <= upper:
            return candidate
    return None


def _is_future(text: str, start: int) -> bool:
    # Look back to the start of the sentence (at most 80 chars) for a future cue.
    window = text[max(0, start - 80) : start]
    window = re.split(r"[.!?]\s", window)[-1].lower()
    return any(re.search(rf"\b{re.escape(cue)}\b", window) for cue in load_data()["future_cues"])


def bound_publication(
    text: str, corrections: Sequence[tuple[int, int]] = ()
) -> tuple[str | None, str | None]:
    """(lower, upper) bounds of an undated article's publication date, each ISO or None.

    Upper: the earliest full date inside a correction / update notice (the story existed then).
    Lower: the latest date the body reports as past — full dates, "August 2009" (its first day),
    and month-day forms without a year ("the Dec. 30 attack") resolved to their most recent
    occurrence not after the upper bound (without an upper bound they cannot be resolved).
    """

    def inside(d: DateMention) -> bool:
        return any(s <= d.start < e for s, e in corrections)

    mentions = find_dates(text)
    uppers = [date.fromisoformat(iso) for d in mentions if inside(d) and (iso := d.iso())]
    upper = min(uppers) if uppers else None
    lowers: list[date] = []
    for d in mentions:
        if inside(d) or _is_future(text, d.start):
            continue
        if d.year is not None and d.day is not None:
            value: date | None = date(d.year, d.month, d.day)
        elif d.year is not None:
            value = date(d.year, d.month, 1)
        elif d.day is not None and upper is not None:
            value = _resolve_month_day(d.month, d.day, upper)
        else:
            value = None
        if value is not None and (upper is None or value <= upper):
            lowers.append(value)
    lower = max(lowers) if lowers else None
    return (lower.isoformat() if lower else None, upper.isoformat() if upper else None)


# --------------------------------------------------------------------------- derive


def _url_publisher(url: str | None) -> str | None:
    """A known publisher from the URL's host name ("https://www.dawn.com/news/1" -> Dawn)."""
    if not url:
        return None
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.strip(), flags=re.I).split("/", 1)[0]
    return find_publisher(host.split("@")[-1].split(":")[0]) if host else None


def clean_author(author: str | None) -> str | None:
    """An author string from HTML metadata without publisher parts: "Reza Sayah; CNN" ->
    "Reza Sayah"; several names are joined with " and "."""
    if not author:
        return None
    names = []
    for part in re.split(r";|,|\s+and\s+|\s+&\s+", re.sub(r"^\s*by\s+", "", author, flags=re.I)):
        part = part.strip()
        if part and part.lower() not in _alias_set() and not _ROLE_WORDS.search(part):
            names.append(_title_name(part))
    return " and ".join(names) or None


@dataclass
class Signals:
    """What ``clean`` saw outside the body, in page order."""

    publisher_hints: list[str] = field(default_factory=list)  # logo / nav / copyright lines
    bylines: list[Byline] = field(default_factory=list)
    date_lines: list[tuple[str, str]] = field(default_factory=list)  # (published|updated, iso)
    dateline: Dateline | None = None
    html_title: str | None = None
    html_author: str | None = None
    html_date: str | None = None
    html_sitename: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Metadata:
    title: str | None
    publisher: str | None
    byline: str | None
    dateline: str | None
    published: str | None
    published_range: tuple[str, str] | None


def _first(values: Iterable[str | None]) -> str | None:
    for v in values:
        if v:
            return v
    return None


def derive(
    given_publisher: str | None,
    given_published: str | None,
    given_byline: str | None,
    *,
    title: str | None,
    text: str,
    signals: Signals,
    corrections: Sequence[tuple[int, int]] = (),
) -> Metadata:
    """Combine given metadata (wins), stated metadata and inferred metadata for one article."""
    byline_pubs = [b.publisher for b in signals.bylines]
    hint_pubs = [find_publisher(h) for h in signals.publisher_hints]
    dl = signals.dateline
    publisher = _first(
        [
            given_publisher,
            find_publisher(signals.html_sitename) if signals.html_sitename else None,
            signals.html_sitename,
            _url_publisher(signals.url),
            *byline_pubs,
            *hint_pubs,
            find_publisher(dl.agency) if dl and dl.agency else None,
            dl.agency if dl else None,
        ]
    )
    named = [b for b in signals.bylines if b.names]
    byline = _first(
        [given_byline, clean_author(signals.html_author), named[0].text if named else None]
    )
    location = dl.location if dl else None
    if not location:
        location = _first(b.location for b in signals.bylines)
    stated = [iso for kind, iso in signals.date_lines if kind == "published"]
    updated = [iso for kind, iso in signals.date_lines if kind == "updated"]
    published = _first(
        [
            normalize_date(given_published),
            _first(stated),
            normalize_date(signals.html_date),
            _first(updated),
            dl.date.iso() if dl and dl.date else None,
        ]
    )
    published_range = None
    if published is None:
        lower, upper = bound_publication(text, corrections)
        if lower and upper:
            published_range = (lower, upper)
    return Metadata(
        title=title,
        publisher=publisher,
        byline=byline,
        dateline=location,
        published=published,
        published_range=published_range,
    )
