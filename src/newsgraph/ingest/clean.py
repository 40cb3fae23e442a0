"""Turn a :class:`RawArticle` into a clean :class:`Article`: body text without page chrome,
title, metadata and an offset map back to the raw text.

Plain text (a scrape with its boilerplate left in) is cleaned line by line with general rules:

* markup lines (``<iframe ...>``) and bare tags go; entities are decoded;
* short lines that are not sentences and are made only of UI words (``Watch CBS News``,
  ``Chrome Safari Continue``, ``• Download``), logo lines (``NPR logo``), photo credits
  (``(AP Photo/Dilawar Jan)``), copyright lines, "Related:" / "Read more" lines and link blocks go;
* paragraphs that score as comment policy, terms of use, cookie, newsletter or app prompts go;
* the page *header* (lines before the first sentence-like line) keeps only the title, which is a
  short headline-like line, preferably one the page repeats; the *footer* (after the last
  sentence) keeps only sentences; repeated lines are kept once;
* byline, date and dateline lines/prefixes leave the body and feed :mod:`newsgraph.ingest.metadata`;
* correction / editor's notes stay in the body and their spans go to ``Article.corrections``;
* lists and tables are content: a run of short lines announced by a lead-in ("The dead were
  identified as:") or shaped like list items (a rank or date first, a number or measure last,
  table columns, "Name, 45") is kept wherever it stands, one item per paragraph; a run of three
  or more headlines inside the article with nothing announcing it is a related-story list;
* what went is counted: ``Article.removed_share`` (share of the characters, title, byline and
  date lines not counted) and ``Article.removed`` (lines per kind).

HTML goes through trafilatura first (main text with its tables, title, author, date, site name;
scripts and comments never kept); its extracted text then gets the same line rules.  For HTML,
``Article.raw_text`` is that extracted text and ``Article.offsets`` map into it (the HTML itself
stays on the :class:`RawArticle`), so ``raw_text[to_raw_offset(a, i)] == text[i]`` holds for every
verbatim-copied character of every article.

The words live in ``data/boilerplate.yaml``; this module holds the rules.
"""

from __future__ import annotations

import bisect
import hashlib
import html as htmllib
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..errors import InputError
from ..records import Article, RawArticle
from . import metadata as md

# A tag, comment, entity, whitespace run or invisible character inside a line.
_INLINE = re.compile(
    r"<!--.*?(?:-->|$)|</?[A-Za-z][^<>]*(?:>|$)|<![^<>]*>"
    r"|&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
    r"|\s+|[\u00ad\u200b\u200c\u200d\u2060\ufeff]"
)
_BULLET = re.compile(r"^(?:[•·▪◦●■►▶▸‣⁃*]|[-–—](?=\s))\s*")
# A gap between two table cells on one raw line: a tab, three or more spaces, or a "|".
_COLUMN_GAP = re.compile(r"(?<=\S)(?:\t+ *|   +| *\| *)(?=\S)")
_ATTRS = re.compile(r'\b[\w-]+=(?:"[^"]*"|\'[^\']*\')')
_TERMINAL = re.compile(r"[.!?…][\"'”’»)\]]*$|[\"”»]$")
_ABBREV_END = re.compile(
    r"(?:\b(?:[A-Z]\.){2,}|\b(?:Jr|Sr|St|Dr|Mr|Mrs|Ms|Co|Inc|Ltd|Gen|Col|Lt|Sgt|Capt|No)\.)$"
)
# Bracketed source notes after a wire dateline: "[REPORT] [ARMED FORCES PRESS COMMITTEE] [TEXT]".
_SOURCE_NOTES = re.compile(
    r"(?:\[[^\[\]\n]{1,80}\]\s*)*\[(?:text|excerpt|excerpts|report|summary|passage omitted)\]\s*",
    re.I,
)
_STATED = re.compile(r"\b(published|updated|posted|modified)\b", re.I)
# "BBC News, Islamabad": a publisher and the reporter's location under a byline.
_PUBLISHER_PLACE = re.compile(
    r"^(?P<pub>[^,]{2,40}),\s*(?P<loc>[A-Z][\w'.-]+(?: [A-Z][\w'.-]+){0,2})$"
)
_WORD = re.compile(r"[^\W\d_][\w'’.-]*|\d[\d:.,/]*")


@cache
def _data() -> dict[str, Any]:
    data = md.load_data()
    flags = re.I
    return {
        "ui": frozenset(w.lower() for w in data["ui_words"]) | md.publisher_words(),
        "prefixes": tuple(p.lower() for p in data["line_prefixes"]),
        "link_headings": frozenset(h.lower() for h in data["link_block_headings"]),
        "widget_starts": tuple(w.lower() for w in data["widget_starts"]),
        "credits": [re.compile(p, flags) for p in data["credit_patterns"]],
        "units": tuple(data["list_units"]),
        "logos": [re.compile(p, flags) for p in data["logo_patterns"]],
        "copyright": [re.compile(p, flags) for p in data["copyright_patterns"]],
        "policy": [
            (re.compile(rf"(?<!\w){re.escape(cue.lower())}(?!\w)"), weight)
            for cue, weight in data["policy_cues"].items()
        ],
        "policy_any": re.compile(
            "|".join(rf"(?<!\w){re.escape(c.lower())}(?!\w)" for c in data["policy_cues"])
        ),
        "policy_threshold": data["policy_threshold"],
        "corrections": [
            re.compile(rf"^{re.escape(c.lower())}(?!\w)") for c in data["correction_starts"]
        ],
    }


# --------------------------------------------------------------------------- ids and offsets


def article_id(text: str) -> str:
    """A stable content id: the first 16 hex digits of sha256 over the whitespace-normalised
    cleaned text, so the same article re-scraped with other boilerplate gets the same id."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


def to_raw_offset(article: Article, pos: int) -> int:
    """Translate a position in ``article.text`` to ``article.raw_text``.

    Inside a verbatim-copied segment the mapping is exact.  A character the cleaner inserted
    (a paragraph break, a decoded entity, a space that joins two raw lines) maps to the raw
    position just after the preceding copied character; ``len(text)`` maps past the last one.
    """
    segments = article.offsets
    if not segments:
        return 0
    starts = [s[0] for s in segments]
    i = bisect.bisect_right(starts, pos) - 1
    if i < 0:
        return segments[0][1]
    clean_start, raw_start, length = segments[i]
    if pos < clean_start + length:
        return raw_start + (pos - clean_start)
    return raw_start + length


def _segments(src: list[int]) -> tuple[tuple[int, int, int], ...]:
    """Compress a per-character source map (-1 = inserted) into (clean, raw, length) runs."""
    out: list[tuple[int, int, int]] = []
    run_clean = run_raw = -1
    length = 0
    for i, s in enumerate(src):
        if s >= 0 and length and s == run_raw + length:
            length += 1
            continue
        if length:
            out.append((run_clean, run_raw, length))
            length = 0
        if s >= 0:
            run_clean, run_raw, length = i, s, 1
    if length:
        out.append((run_clean, run_raw, length))
    return tuple(out)


# --------------------------------------------------------------------------- lines


@dataclass
class _Line:
    text: str
    src: list[int]
    block: int  # blank-line separated block index
    index: int  # raw line number
    markup: bool = False
    bulleted: bool = False
    columns: int = 0  # column gaps in the raw line (tabs, runs of spaces, "|"): a table row
    listed: bool = False  # an item of a content list (results, names, facts): never chrome
    kind: str = "body"  # body | drop | title | meta | correction
    reason: str = ""
    date: tuple[str, str] | None = None  # (published|updated, ISO) for a date line

    @property
    def key(self) -> str:
        return re.sub(r"\W+", "", self.text.casefold())

    @property
    def words(self) -> int:
        return len(self.text.split())


def _normalise(raw: str, start: int, end: int) -> tuple[str, list[int], bool]:
    """One raw line -> (text, per-char raw offsets, had markup): tags removed, entities decoded,
    whitespace collapsed and stripped; verbatim characters keep their raw offset."""
    pieces: list[str] = []
    src: list[int] = []
    markup = False
    pos = start
    for m in _INLINE.finditer(raw, start, end):
        if m.start() > pos:
            pieces.append(raw[pos : m.start()])
            src.extend(range(pos, m.start()))
        tok = m.group()
        if tok.startswith("<"):
            markup = True
            pieces.append(" ")
            src.append(-1)
        elif tok.startswith("&"):
            decoded = htmllib.unescape(tok)
            if decoded == tok:
                pieces.append(tok)
                src.extend(range(m.start(), m.end()))
            else:
                decoded = re.sub(r"\s", " ", decoded)
                pieces.append(decoded)
                src.extend([-1] * len(decoded))
        elif tok[0].isspace():
            pieces.append(" ")
            src.append(m.start() if tok[0] == " " else -1)
        pos = m.end()
    if end > pos:
        pieces.append(raw[pos:end])
        src.extend(range(pos, end))
    text = "".join(pieces)
    if "  " in text or text.startswith(" ") or text.endswith(" "):
        chars: list[str] = []
        out_src: list[int] = []
        for c, s in zip(text, src, strict=True):
            if c == " " and (not chars or chars[-1] == " "):
                continue
            chars.append(c)
            out_src.append(s)
        if chars and chars[-1] == " ":
            chars.pop()
            out_src.pop()
        text = "".join(chars)
        src = out_src
    return text, src, markup


_HIDDEN = re.compile(
    r"<(script|style|noscript|template)\b[^>]*>.*?(?:</\1\s*>|$)|<!--.*?(?:-->|$)", re.I | re.S
)


def _mask_hidden(raw: str) -> str:
    """Scripts, styles and comments pasted into plain text are never article text: blank them
    (same length, newlines kept) so every other character keeps its raw offset."""
    if "<" not in raw:
        return raw
    return _HIDDEN.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), raw)


def _split_lines(original: str) -> list[_Line]:
    raw = _mask_hidden(original)
    lines: list[_Line] = []
    block = 0
    pos = 0
    for n, chunk in enumerate(raw.splitlines(keepends=True)):
        content = chunk.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        text, src, markup = _normalise(raw, pos, pos + len(content))
        if raw is not original:  # a blank left by a masked script is inserted, not copied
            src = [i if i < 0 or original[i] == c else -1 for c, i in zip(text, src, strict=True)]
        pos += len(chunk)
        if not text:
            if not markup:
                block += 1
            continue
        line = _Line(text, src, block, n, markup=markup)
        line.columns = len(_COLUMN_GAP.findall(content.strip()))
        bullet = _BULLET.match(line.text)
        if bullet and bullet.end() < len(line.text):
            line.bulleted = True
            line.text = line.text[bullet.end() :]
            line.src = line.src[bullet.end() :]
        lines.append(line)
    return lines


def is_sentence(text: str) -> bool:
    """A line that reads as running prose: ends like a sentence (not on an abbreviation such as
    "U.S.") with at least five words, or is long anyway."""
    n = len(text.split())
    if n >= 20:
        return True
    if n < 5:
        return False
    stripped = text.rstrip("\"'”’»)] ")
    if _ABBREV_END.search(stripped) and not text.rstrip().endswith(('"', "”")):
        return False
    return bool(_TERMINAL.search(text.rstrip()))


def _is_headline(text: str) -> bool:
    n = len(text.split())
    if not 2 <= n <= 25 or is_sentence(text):
        return False
    if len(re.findall(r"\s[|»›>/•·]\s", text)) >= 2:
        return False  # a menu or breadcrumb: "Home | News | World"
    letters = sum(c.isalpha() for c in text)
    return letters >= 0.6 * len(text.replace(" ", "")) and text[0].isupper() or text[0] in "\"'“‘"


def _is_ui_line(text: str) -> bool:
    text = re.sub(r"\b(\d+) of (\d+)\b", r"\1/\2", text)  # a gallery counter: "Photo 3 of 12"
    tokens = [t.strip(".,:;!?()[]{}\"'“”‘’").lower() for t in text.split()]
    tokens = [t for t in tokens if t]
    if not tokens or len(tokens) > 10:
        return False
    ui = _data()["ui"]
    # "share2", "4:32", "1/3": counters and durations glued to UI words count as UI too.
    return all(
        t in ui or re.fullmatch(r"[\d:.,/()|+-]+", t) or t.rstrip("0123456789") in ui
        for t in tokens
    )


def _policy_score(text: str) -> int:
    """Weighted policy / prompt cues in ``text``; 0 unless one strong cue (weight >= 2) is
    there, so weak words alone ("comments", "newsletter") never remove a news paragraph."""
    lowered = text.lower()
    if not _data()["policy_any"].search(lowered):
        return 0  # one combined scan first: most lines hold no cue at all
    weights = [w for pattern, w in _data()["policy"] if pattern.search(lowered)]
    return sum(weights) if weights and max(weights) >= 2 else 0


def _is_correction_start(text: str) -> bool:
    lowered = text.lower().lstrip("*[( ")
    return any(p.match(lowered) for p in _data()["corrections"])


@dataclass
class _Found:
    """Signals collected while cleaning (fed to metadata.derive)."""

    signals: md.Signals
    title: str | None = None
    # What cleaning removed: kind -> [lines, characters], and the characters of all lines.
    removed: dict[str, list[int]] = field(default_factory=dict)
    total: int = 0


def _classify(line: _Line, found: _Found) -> None:
    """Single-line boilerplate rules; sets ``line.kind``/``reason`` and collects signals."""
    t = line.text
    lowered = t.lower()
    d = _data()

    def drop(reason: str) -> None:
        line.kind, line.reason = "drop", reason

    if not re.search(r"[^\W\d_]", t):
        return drop("no letters")
    if line.markup and (_ATTRS.search(t) or len(_WORD.findall(t)) < 2):
        return drop("markup")
    if re.match(r"^</?[a-z]+\b", lowered) or len(_ATTRS.findall(t)) >= 2:
        return drop("markup")
    if re.fullmatch(r"[a-z]{2,5}(?:[-/][a-z]{1,5})*/[a-z]{1,5}(?:[-/][a-z]{1,5})*", t):
        return drop("wire tag")  # AFP/AP desk tags at the end of copy: "bur-jm/ser"
    if (
        line.words <= 12
        and not is_sentence(t)
        and re.search(r"https?://|\bwww\.|(?<!\S)[^\s@]+@[^\s@]+\.[a-z]{2,}|(?:^|\s)@\w{2,}", t, re.I)
    ):
        return drop("link or handle")  # "Follow @AJEnglish", "Email: desk@example.com"
    if _is_correction_start(t):
        line.kind = "correction"
        return None
    for pattern in d["logos"]:
        m = pattern.match(t)
        if m and len(t.split()) <= 6:
            found.signals.publisher_hints.append(m.group("name"))
            return drop("logo")
    if _is_ui_line(t):
        if md.find_publisher(t):
            found.signals.publisher_hints.append(t)
        return drop("navigation")
    if line.bulleted and not is_sentence(t) and line.words <= 4:
        return drop("ui list item")
    if line.words <= 60 and not is_sentence(t) and any(p.match(t) for p in d["credits"]):
        return drop("photo credit")
    if line.words <= 30:
        for i, pattern in enumerate(d["copyright"]):
            m = pattern.search(t)
            if m:
                if i == 0 and m.group("name"):
                    found.signals.publisher_hints.append(m.group("name"))
                elif md.find_publisher(t):
                    found.signals.publisher_hints.append(t)
                return drop("copyright")
    if line.words <= 25:
        for prefix in d["prefixes"]:
            if not lowered.startswith(prefix):
                continue
            rest = lowered[len(prefix) :]
            if rest[:1].isalnum() and prefix[-1].isalnum():
                continue  # "Trendingly" is not "Trending"
            # "READ MORE: ...", "Related | ...", a bare "Advertisement", or a non-sentence such
            # as "Share this article"; "Recommended reforms were announced on Monday." stays.
            if (
                not prefix[-1].isalnum()
                or rest.lstrip()[:1] in ("", ":", "|")
                or not is_sentence(t)
            ):
                return drop("prompt")
    alone = md.match_dateline(t + " ")
    if alone is not None and alone.end >= len(t) and found.signals.dateline is None:
        # a wire dateline on a line of its own ("HAVANA, August 7 (Xinhua) --"): metadata
        found.signals.dateline = alone
        line.kind, line.reason = "meta", "dateline"
        return None
    dl = md.parse_date_line(t)
    if dl:
        line.date = dl
        line.kind, line.reason = "meta", "date line"
        return None
    if (
        line.words <= 16
        and re.match(
            r"^(by\b|this (story|article|report|piece) was|(additional )?reporting by|filed by|written by)",
            lowered,
        )
        or md._CONTRIBUTED.search(t)
        and line.words <= 30
    ):
        b = md.parse_byline(t)
        if b:
            found.signals.bylines.append(b)
            line.kind, line.reason = "meta", "byline"
    return None


def _policy_blocks(lines: list[_Line]) -> None:
    """Drop comment-policy / terms / cookie / newsletter paragraphs (scored per line and per
    blank-separated block, so hard-wrapped notices go too)."""
    threshold = _data()["policy_threshold"]
    news = re.compile(r"\b(said|says|told|according to)\b", re.I)
    by_block: dict[int, list[_Line]] = {}
    for line in lines:
        if line.kind == "body":
            by_block.setdefault(line.block, []).append(line)
            if _policy_score(line.text) >= threshold and not news.search(line.text):
                line.kind, line.reason = "drop", "policy"
    for block in by_block.values():
        live = [ln for ln in block if ln.kind == "body"]
        if len(live) < 2:
            continue
        text = " ".join(ln.text for ln in live)
        if len(text.split()) <= 120 and _policy_score(text) >= threshold and not news.search(text):
            for ln in live:
                ln.kind, ln.reason = "drop", "policy"


def _link_blocks(lines: list[_Line]) -> None:
    """A "Related" / "More from" heading and the headline-like lines after it go together."""
    headings = _data()["link_headings"]
    in_block = False
    for line in lines:
        if line.kind not in ("body", "drop"):
            in_block = False
            continue
        norm = line.text.lower().rstrip(" :»›>").strip()
        if norm in headings or any(
            norm.startswith(h + " ") and line.words <= 5 for h in ("more from",)
        ):
            line.kind, line.reason = "drop", "link block"
            in_block = True
            continue
        if in_block:
            if line.kind == "body" and is_sentence(line.text):
                in_block = False
            elif line.words <= 25:
                line.kind, line.reason = "drop", "link block"


def _widget_blocks(lines: list[_Line]) -> None:
    """A dropped sign-up / newsletter prompt takes the short lines glued under it (same raw
    block, no blank line between) with it: "Week in the Middle East", "Subscribe"."""
    starts = _data()["widget_starts"]
    owner: _Line | None = None
    # Only below the start of the article: in the page header a glued line may be the headline.
    first = next((i for i, ln in enumerate(lines) if ln.kind == "body" and is_sentence(ln.text)), 0)
    for line in lines[first:]:
        if owner is not None and line.block == owner.block and line.words <= 15:
            if line.kind == "body":
                line.kind, line.reason = "drop", "widget"
            continue
        owner = None
        if (
            line.kind == "drop"
            and line.reason in ("prompt", "policy", "navigation")
            and line.words >= 2
            and line.text.lower().startswith(starts)
        ):
            owner = line


def _author_bios(lines: list[_Line], names: list[str]) -> None:
    """ "Declan Walsh is the chief international correspondent ..." after the article: a
    paragraph that starts with a byline name and describes the author goes."""
    for name in names:
        pattern = re.compile(
            rf"^{re.escape(name)}\s+(is|was|has|reported|contributed|writes|covers)\b", re.I
        )
        for line in lines:
            if line.kind == "body" and line.words <= 60 and pattern.match(line.text):
                line.kind, line.reason = "drop", "author bio"


# --------------------------------------------------------------------------- content lists
#
# Wire reports are often mostly lists: results ("1. Name (Country) 2:03.45"), tables of votes or
# casualties, names of victims or candidates, bullet facts.  Their lines are short and are not
# sentences, like navigation, so the chrome rules (short bullet items, header / footer zones,
# repeated lines) would drop them.  A run of such lines is a *content list* when it is introduced
# by a lead-in ("The dead were identified as:") or when most of its lines have the shape of a
# list item: a rank or date first, a number or measure last, table columns, "Name, 45".  Related-
# story lists are headline-like teasers without those marks, and sit under a heading that the
# link-block rule drops.

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_ITEM_START = re.compile(
    r"^(?:\(?\d{1,3}[.)](?=\s)|\(\d{1,3}\)|\d{1,4}\s*[-–—:](?=\s)"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\s|{_MONTH}\s+(?:\d{{1,2}},?\s+)?(?:\d{{4}}|\d{{1,2}}\b))",
    re.I,
)
# "Ghoryan: 310 dead", "Turnout: 38.6 percent": a label and a figure.
_LABEL_NUMBER = re.compile(r"^[^:]{1,40}:\s*[-+±$€£]?\d")
_NAME_DETAIL = re.compile(r"^[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,4},\s+(?:\d|[a-z])")


def _breaks_list(line: _Line) -> bool:
    """A dropped line that ends a list: a link block or its heading ("Read more: ..."), a
    sign-up widget, a policy paragraph; not a photo credit, caption prompt or menu line."""
    if line.reason in ("link block", "widget", "policy", "author bio"):
        return True
    lowered = line.text.lower()
    return line.reason == "prompt" and any(lowered.startswith(h) for h in _data()["link_headings"])


@cache
def _item_end() -> re.Pattern[str]:
    units = "|".join(re.escape(u) for u in sorted(_data()["units"], key=len, reverse=True))
    return re.compile(
        rf"(?:[-+±]?\d[\d,.:'/]*\s*(?:%|(?:{units})\b\.?)?|\(\s*[-+]?\d[^()]{{0,20}}\))\s*$", re.I
    )


def _item_shaped(line: _Line) -> bool:
    """A line shaped like an item of a results table, name list or fact list."""
    t = line.text
    if line.columns >= 2 or line.columns == 1 and re.search(r"\d", t):
        return True
    return bool(
        _ITEM_START.match(t) or _item_end().search(t) or _NAME_DETAIL.match(t) or _LABEL_NUMBER.match(t)
    )


def _is_lead_in(line: _Line) -> bool:
    """ "The dead were identified as:", "Results of the final:" - text announcing a list."""
    return line.words >= 3 and line.text.rstrip().endswith(":") and line.kind in ("body", "correction")


def _content_lists(lines: list[_Line], prose: set[int]) -> None:
    """Mark the items of content lists (``listed``), reviving short items a chrome rule dropped."""
    run: list[_Line] = []
    lead_before = False
    in_body = False  # after the first prose line: a run of headlines there is a link list
    for ln in lines:
        revivable = ln.kind == "drop" and (
            ln.reason == "ui list item" or ln.reason == "no letters" and not ln.markup and re.search(r"\d", ln.text)
        )
        if id(ln) not in prose and (ln.kind == "body" or revivable):
            run.append(ln)
            continue
        if ln.kind == "drop" and not _breaks_list(ln):
            continue  # a photo credit or a menu line between a list's lines is no end of it
        _judge_run(run, lead_before, in_body, bool(prose))
        run = []
        lead_before = _is_lead_in(ln)
        in_body = in_body or id(ln) in prose
    _judge_run(run, lead_before, in_body, bool(prose))


def _judge_run(run: list[_Line], lead_before: bool, in_body: bool, any_prose: bool) -> None:
    if not run:
        return
    # Split at lead-ins: each part after one is a list; the part before the first is judged by
    # its shape alone unless the line before the run was the lead-in.
    parts: list[tuple[_Line | None, list[_Line]]] = [(None, [])]
    for ln in run:
        if _is_lead_in(ln) and ln.kind == "body":
            parts.append((ln, []))
        else:
            parts[-1][1].append(ln)
    for i, (lead, items) in enumerate(parts):
        if not items:
            continue
        shaped = [_item_shaped(ln) for ln in items]
        introduced = lead is not None or (i == 0 and lead_before)
        if introduced:
            keep = list(items)
            # Headline-like lines after a list of shaped items (links glued under a results
            # table) are not part of it.
            if sum(shaped) >= 2 and sum(shaped) >= 0.6 * len(items):
                last = max(j for j, ok in enumerate(shaped) if ok)
                keep = items[: last + 1]
        elif len(items) >= 2 and sum(shaped) >= 2 and sum(shaped) >= 0.6 * len(items):
            first = min(j for j, ok in enumerate(shaped) if ok)
            last = max(j for j, ok in enumerate(shaped) if ok)
            while first > 0 and (items[first - 1].columns >= 2 or items[first - 1].bulleted):
                first -= 1  # a table's header row, or a bullet item of the same list
            while last + 1 < len(items) and items[last + 1].bulleted and items[last].bulleted:
                last += 1
            keep = items[first : last + 1]
        elif not any_prose and sum(ln.bulleted for ln in items) >= 2:
            # No prose anywhere: a bulleted list is the article itself (a list of candidates
            # under its headline), not a menu - menu words were dropped line by line already.
            first = min(j for j, ln in enumerate(items) if ln.bulleted)
            last = max(j for j, ln in enumerate(items) if ln.bulleted)
            keep = items[first : last + 1]
        else:
            if in_body and len(items) >= 3 and not any(shaped) and all(
                ln.kind == "drop" or ln.words >= 4 and _is_headline(ln.text) for ln in items
            ):
                # Three or more headlines in a row inside the article, nothing announcing them:
                # teasers for other stories.
                for ln in items:
                    if ln.kind == "body":
                        ln.kind, ln.reason = "drop", "link list"
            continue
        if lead is not None and keep:
            lead.listed = True
        for ln in keep:
            ln.listed = True
            if ln.kind == "drop":
                ln.kind, ln.reason = "body", ""


def _choose_title(lines: list[_Line], header: list[_Line], given: str | None) -> str | None:
    if given:
        return " ".join(given.split())
    counts: dict[str, int] = {}
    for line in lines:
        if line.kind == "body":
            counts[line.key] = counts.get(line.key, 0) + 1
    candidates = [ln for ln in header if _is_headline(ln.text) and md.parse_byline(ln.text) is None]
    # A headline the page repeats wins; else the first with >= 5 words (site names, section
    # labels and kickers are shorter), else the first with >= 3, else the first.
    repeated = [ln for ln in candidates if counts.get(ln.key, 0) >= 2 and ln.words >= 3]
    pools = (
        repeated,
        [ln for ln in candidates if ln.words >= 5],
        [ln for ln in candidates if ln.words >= 3],
        candidates,
    )
    for pool in pools:
        if pool:
            return pool[0].text
    return None


def _wrapped(prev: _Line, ln: _Line) -> bool:
    """``ln`` continues ``prev`` as a hard-wrapped line of the same paragraph: adjacent raw
    lines, ``prev`` long and without a sentence end, and ``ln`` no longer than the wrap width
    ``prev`` suggests (a caption followed by a long body line is two paragraphs)."""
    return (
        ln.block == prev.block
        and ln.index == prev.index + 1
        and prev.words >= 6
        and len(prev.text) >= 30
        and not _TERMINAL.search(prev.text)
        and len(ln.text) <= len(prev.text) + 20
    )


def _prose_lines(content: list[_Line]) -> set[int]:
    """ids of lines that are prose: sentence-like themselves, or part of a hard-wrapped run of
    adjacent long lines (no sentence end before the last) that reads as a sentence joined up."""
    prose: set[int] = set()
    run: list[_Line] = []

    def flush() -> None:
        if len(run) >= 2 and _TERMINAL.search(run[-1].text):
            prose.update(id(ln) for ln in run)
        run.clear()

    for ln in content:
        if is_sentence(ln.text):
            prose.add(id(ln))
        if run:
            prev = run[-1]
            if not _wrapped(prev, ln):
                flush()
        run.append(ln)
    flush()
    return prose


def _clean_lines(
    raw_text: str, found: _Found, given_title: str | None
) -> tuple[str, list[int], list[tuple[int, int]]]:
    """The line pipeline; returns (text, per-char source map, correction spans)."""
    lines = _split_lines(raw_text)
    for line in lines:
        _classify(line, found)
    _link_blocks(lines)
    _policy_blocks(lines)
    _widget_blocks(lines)

    content = [ln for ln in lines if ln.kind in ("body", "correction")]
    _content_lists(lines, _prose_lines(content))
    content = [ln for ln in lines if ln.kind in ("body", "correction")]
    prose = _prose_lines(content)
    sentences = [i for i, ln in enumerate(content) if id(ln) in prose and ln.kind == "body"]
    if sentences:
        first, last = sentences[0], sentences[-1]
    else:
        first, last = 0, len(content) - 1
    header = content[:first]
    title = _choose_title(lines, header, given_title)
    found.title = title
    if title:
        key = re.sub(r"\W+", "", title.casefold())
        for ln in lines:
            if ln.kind == "body" and ln.key == key:
                ln.kind, ln.reason = "title", "title"
    # "Published/Updated ..." lines state the publication date anywhere; a bare date does so
    # only in the page header (in the footer it belongs to a related-story link).
    first_raw = content[first].index if content else -1
    last_raw = content[last].index if content else -1
    for ln in lines:
        if not ln.date:
            continue
        if _STATED.search(ln.text) or ln.index < first_raw:
            found.signals.date_lines.append(ln.date)
        elif ln.index < last_raw:
            # A bare date between paragraphs heads a section of a timeline or live page: it is
            # text (and no publication date), so it stays.
            ln.kind, ln.reason = "body", ""
    for ln in header:
        if ln.kind != "body" or id(ln) in prose or ln.listed:
            continue
        b = md.parse_byline(ln.text)
        place = _PUBLISHER_PLACE.match(ln.text)
        if place and md.find_publisher(place.group("pub")):
            b = md.Byline(
                names=(),
                publisher=md.find_publisher(place.group("pub")),
                location=place.group("loc"),
            )
        if b:
            found.signals.bylines.append(b)
            ln.kind, ln.reason = "meta", "byline"
        elif ln.words < 10:
            ln.kind, ln.reason = "drop", "header chrome"
    authors = [n for b in found.signals.bylines for n in b.names]
    authors += [n for n in (md.clean_author(found.signals.html_author) or "").split(" and ") if n]
    _author_bios(lines, authors)
    for ln in content[last + 1 :]:
        if ln.kind == "body" and id(ln) not in prose and not ln.listed:
            ln.kind, ln.reason = "drop", "footer chrome"
    # A line seen before goes, except a list item repeating one of its own list ("stable",
    # "Independent": cells of one table).
    seen: dict[str, int] = {}
    for i, ln in enumerate(lines):
        if ln.kind in ("body", "correction"):
            if ln.key in seen:
                j = seen[ln.key]
                if not (ln.listed and all(x.listed or x.kind == "drop" for x in lines[j : i + 1])):
                    ln.kind, ln.reason = "drop", "repeated"
                    continue
            seen[ln.key] = i

    for ln in lines:  # title, byline and date lines are metadata now, not removed
        size = len(ln.text) - ln.text.count(" ")
        found.total += size
        if ln.kind == "drop":
            counts = found.removed.setdefault(ln.reason or "other", [0, 0])
            counts[0] += 1
            counts[1] += size

    kept = [ln for ln in lines if ln.kind in ("body", "correction")]
    # Assemble paragraphs: a blank line, a dropped line, a sentence end or a short line breaks.
    chars: list[str] = []
    src: list[int] = []
    corrections: list[tuple[int, int]] = []
    open_correction: int | None = None  # start of a correction header awaiting its paragraph
    para_start = 0
    prev: _Line | None = None

    def close_paragraph() -> None:
        nonlocal open_correction
        if prev is None:
            return
        if open_correction is not None and (prev.kind != "correction" or is_sentence(prev.text)):
            corrections.append((open_correction, len(chars)))
            open_correction = None

    for ln in kept:
        if prev is None:
            new_para = True
        else:
            new_para = (
                not _wrapped(prev, ln) or ln.kind == "correction" or ln.bulleted or ln.listed or prev.listed
            )
        if new_para:
            close_paragraph()
            if chars:
                chars.extend("\n\n")
                src.extend((-1, -1))
            para_start = len(chars)
            if ln.kind == "correction" and open_correction is None:
                open_correction = para_start
        else:
            chars.append(" ")
            src.append(-1)
        chars.extend(ln.text)
        src.extend(ln.src)
        prev = ln
    close_paragraph()
    if open_correction is not None:
        corrections.append((open_correction, len(chars)))
    text = "".join(chars)
    # A wire dateline opens the first paragraph ("KABUL, Afghanistan (AP) — ..."), perhaps with
    # bracketed source notes after it as in FBIS/MUC wires ("[REPORT] [COPREFA] [TEXT]").  Cut
    # after assembly, so a dateline never changes how hard-wrapped lines are joined.
    dl = md.match_dateline(text)
    if dl:
        cut = dl.end
        notes = _SOURCE_NOTES.match(text, cut)
        if notes:
            cut = notes.end()
        if cut < len(text) and "\n" not in text[:cut].rstrip():
            found.signals.dateline = dl
            text, src = text[cut:], src[cut:]
            corrections = [(s - cut, e - cut) for s, e in corrections if s >= cut]
            if text[0].islower():
                text = text[0].upper() + text[1:]
                src[0] = -1
    return text, src, corrections


# --------------------------------------------------------------------------- HTML


def _html_fallback_text(markup: str) -> str:
    """Block-structured text of an HTML page when trafilatura finds no main text."""
    import lxml.html

    try:
        doc = lxml.html.document_fromstring(markup)
    except Exception:  # lxml raises several types on junk; the caller reports "no text"
        return ""
    for bad in doc.xpath("//script|//style|//noscript|//template|//svg|//iframe|//head"):
        bad.drop_tree()
    for el in doc.iter(
        "p",
        "div",
        "br",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "figcaption",
        "nav",
    ):
        el.tail = "\n" + (el.tail or "")
    return doc.text_content()


def _extract_html(raw: RawArticle, found: _Found) -> str:
    import trafilatura

    html = raw.html or ""
    try:
        doc = trafilatura.bare_extraction(
            html, url=raw.url, with_metadata=True, include_comments=False, include_tables=True
        )
    except Exception:  # trafilatura can fail on malformed pages; fall back to plain block text
        doc = None
    text = getattr(doc, "text", None) if doc is not None else None
    if doc is not None:
        s = found.signals
        s.html_title = getattr(doc, "title", None)
        s.html_author = getattr(doc, "author", None)
        s.html_date = getattr(doc, "date", None)
        s.html_sitename = getattr(doc, "sitename", None)
    if not text:
        text = _html_fallback_text(html)
    return text


# --------------------------------------------------------------------------- entry point


def clean_article(raw: RawArticle) -> Article:
    """Clean one raw article.  Raises :class:`InputError` when no article text is left."""
    found = _Found(md.Signals(url=raw.url))
    if raw.html is not None and raw.text is None:
        raw_text = _extract_html(raw, found)
        given_title = raw.title or found.signals.html_title
    else:
        raw_text = raw.text or ""
        given_title = raw.title
    text, src, corrections = _clean_lines(raw_text, found, given_title)
    words = len(re.findall(r"[^\W\d_]{2,}", text))
    if words < 5:
        # No path in the message: the caller's Failure carries source and line already.
        raise InputError(
            f"no article text left after removing boilerplate ({words} words remained,"
            f" from {len(raw_text.split())} in the input)"
        )
    meta = md.derive(
        raw.publisher,
        raw.published,
        raw.byline,
        title=found.title,
        text=text,
        signals=found.signals,
        corrections=corrections,
    )
    return Article(
        id=article_id(text),
        source=raw.source,
        raw_text=raw_text,
        text=text,
        title=meta.title,
        publisher=meta.publisher,
        byline=meta.byline,
        dateline=meta.dateline,
        published=meta.published,
        published_range=meta.published_range,
        url=raw.url,
        line=raw.line,
        offsets=_segments(src),
        corrections=tuple(corrections),
        removed_share=round(sum(c for _, c in found.removed.values()) / found.total, 4) if found.total else 0.0,
        removed=tuple(sorted(((k, n) for k, (n, _) in found.removed.items()), key=lambda kv: (-kv[1], kv[0]))),
    )
