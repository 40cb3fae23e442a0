"""MUC-4 (1992) terrorism corpus: read the raw texts and the answer keys, and truecase.

The corpus (``dev/dev-muc3-*``, ``tstN/tstN-muc*``) is 100 messages per file, each opened by a
header line such as ``DEV-MUC3-0001 (NOSC)`` or ``TST3-MUC4-0001`` and a dateline
``LIMA, 20 AUG 88 (EFE) -- [TEXT] ...``.  The keys (``key-*``) hold one template per incident,
24 numbered slots each; a message without a relevant incident has a single template of ``*``.

Key conventions handled here (see MUC-dir-README, README-CORPORA and the MUC-4 task definition):

* ``1. MESSAGE: TEMPLATE  2 (OPTIONAL)`` marks a template a system is not penalised for missing.
* Each line of a string slot is one filler (one entity); ``"A" / "B"`` on that line are
  alternative strings for the same entity, any of which counts as correct.
* ``? "X"`` marks an uncertain filler; it is still a filler.  ``"MONSIGNOR": "ARNULFO ROMERO"``
  in HUM TGT: DESCRIPTION describes the named victim: the description becomes an extra
  alternative of that victim instead of a second victim.
* ``*`` (not applicable) and ``-`` (no fill) are empty; ``\\"`` is a quote inside a string;
  lines starting with ``;`` are annotator comments.

The roles follow the document-level event-extraction literature (GRIT, GTT):
PerpInd = slot 9, PerpOrg = slot 10, Target = slot 12, Victim = slots 18 + 19, Weapon = slot 6.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import cast

from newsgraph.records import RawArticle

ROLES = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")
INCIDENT_TYPES = ("attack", "bombing", "kidnapping", "arson", "robbery", "forced work stoppage")

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
    )
}
_DOC_HEADER = re.compile(r"^((?:DEV|TST\d+)-MUC\d-\d{4})\b[^\n]*$", re.M)
_DATELINE = re.compile(
    r"^\s*(?P<place>[^\n,]+?(?:\([^)\n]*\))?),\s*(?P<date>NO DATE|\d{1,2}\s+[A-Z]{3}[A-Z]*\.?(?:\s+\d{2,4})?"
    r"|[A-Z]{3}[A-Z]*\.?\s+\d{1,2}(?:\s+\d{2,4})?)(?:\s*[(\[][^\n]*?)?\s*--",
    re.S,
)
_SLOT = re.compile(r"^(\d+)\.\s+([A-Z][A-Z .]*?:\s[A-Z][A-Z ]*?)(?:\s{2,}(.*))?$")
_SLOT_ROLE = {6: "Weapon", 9: "PerpInd", 10: "PerpOrg", 12: "Target", 18: "Victim", 19: "Victim"}
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


@dataclass(frozen=True)
class MucDoc:
    """One MUC message: ``text`` is the message body after the header line (dateline included)."""

    id: str
    text: str
    date: str | None  # ISO date from the dateline, None for "NO DATE"
    dateline: str | None  # e.g. "LIMA, 20 AUG 88 (EFE) --"


@dataclass
class Template:
    """One incident template of a key.  ``roles[role]`` is a list of entities, each a list of
    alternative strings (upper case, as in the key)."""

    doc_id: str
    number: int
    optional: bool = False
    incident_type: list[str] = field(default_factory=list)  # alternatives, lower case
    date: str | None = None  # the raw slot, e.g. "- 08 JAN 90" or "26 AUG 89 - 27 AUG 89"
    location: str | None = None  # the raw slot, e.g. "PERU: LIMA (CITY)"
    roles: dict[str, list[list[str]]] = field(default_factory=lambda: {r: [] for r in ROLES})


# --------------------------------------------------------------------------- texts


def _files(path: str | Path, keys: bool) -> list[Path]:
    p = Path(path)
    if p.is_file():
        return [p]
    skip = {"MUC-dir-README", "README-CORPORA", "text-headers-info"}
    found = [
        f
        for f in sorted(p.rglob("*"))
        if f.is_file() and f.name not in skip and f.name.startswith("key-") == keys
    ]
    return found


def parse_muc_date(day: str, month: str, year: str | None, default_year: int = 1989) -> str | None:
    """``("20", "AUG", "88") -> "1988-08-20"``; two-digit years are 19xx."""
    mon = _MONTHS.get(month[:3].upper())
    if mon is None or not day.isdigit():
        return None
    y = default_year if not year else int(year)
    if y < 100:
        y += 1900
    try:
        return date(y, mon, int(day)).isoformat()
    except ValueError:
        return None


def parse_dateline(text: str) -> tuple[str | None, str | None]:
    """Return ``(dateline, iso_date)`` from the start of a message body."""
    m = _DATELINE.match(text)
    if not m:
        return None, None
    dateline = " ".join(m.group(0).split())
    raw = m.group("date").replace(".", "").split()
    if raw[0] == "NO":
        return dateline, None
    if raw[0].isdigit():  # 20 AUG 88
        day, mon, yr = raw[0], raw[1], raw[2] if len(raw) > 2 else None
    else:  # JUNE 11 89
        mon, day, yr = raw[0], raw[1], raw[2] if len(raw) > 2 else None
    return dateline, parse_muc_date(day, mon, yr)


def read_texts(path: str | Path) -> list[MucDoc]:
    """Read every message of a MUC text file, or of all text files under a directory."""
    docs: list[MucDoc] = []
    for f in _files(path, keys=False):
        raw = f.read_text(encoding="latin-1")
        heads = list(_DOC_HEADER.finditer(raw))
        for i, h in enumerate(heads):
            end = heads[i + 1].start() if i + 1 < len(heads) else len(raw)
            body = raw[h.end() : end].strip("\n").rstrip()
            dateline, iso = parse_dateline(body)
            docs.append(MucDoc(id=h.group(1), text=body, date=iso, dateline=dateline))
    return docs


def raw_articles(docs: list[MucDoc], restore_case: bool = True) -> list[RawArticle]:
    """MUC messages as pipeline input: ``source`` is ``<ID>.txt`` (so an export maps back to
    the message id by file stem), ``published`` the dateline date, and the upper-case text
    truecased when ``restore_case`` (same length, so offsets into the original still hold)."""
    return [
        RawArticle(
            source=f"{d.id}.txt",
            text=truecase(d.text) if restore_case else d.text,
            published=d.date,
            publisher=_dateline_source(d.dateline),
        )
        for d in docs
    ]


def _dateline_source(dateline: str | None) -> str | None:
    """``"LIMA, 20 AUG 88 (EFE) --"`` -> ``"EFE"``."""
    if not dateline:
        return None
    m = re.search(r"[(\[]([^()\[\]]+)[)\]]\s*--$", dateline)
    return m.group(1).strip() if m else None


# --------------------------------------------------------------------------- keys


def _strings(value: str) -> list[str]:
    """The alternatives on one filler line: ``? "A" / "B"`` -> ``["A", "B"]``."""
    return [s.replace('\\"', '"').strip() for s in _STRING.findall(value) if s.strip(' "-')]


def _split_crossref(value: str) -> tuple[str, str | None]:
    """``"MONSIGNOR": "ARNULFO ROMERO"`` -> (``"MONSIGNOR"``, ``"ARNULFO ROMERO"``)."""
    m = re.match(r'^(.*"(?:[^"\\]|\\.)*")\s*:\s*("(?:[^"\\]|\\.)*".*)$', value)
    if m and not value.lstrip("? ").startswith(":"):
        return m.group(1), m.group(2)
    return value, None


def _parse_block(lines: list[tuple[int, str]]) -> Template | None:
    slots: dict[int, list[str]] = {}
    for num, value in lines:
        slots.setdefault(num, []).append(value.strip())
    msg = (slots.get(0) or [""])[0].split()
    if not msg:
        return None
    doc_id = msg[0]
    tmpl = (slots.get(1) or ["*"])[0]
    if tmpl.startswith("*"):
        return Template(doc_id=doc_id, number=0)
    number = re.match(r"\d+", tmpl)
    t = Template(
        doc_id=doc_id, number=int(number.group(0)) if number else 0, optional="OPTIONAL" in tmpl
    )
    itype = (slots.get(4) or [""])[0]
    t.incident_type = [x.strip().lower() for x in itype.split("/") if x.strip(" *-")]
    d = " ".join(slots.get(2) or []).strip()
    t.date = d if d.strip("*- ") else None
    loc = " ".join(slots.get(3) or []).strip()
    t.location = loc if loc.strip("*- ") else None
    names: dict[str, list[str]] = {}  # victim name -> its entity (to attach descriptions)
    for slot, role in sorted(_SLOT_ROLE.items()):
        for value in slots.get(slot, []):
            if value in ("*", "-", ""):
                continue
            own, ref = _split_crossref(value) if slot == 19 else (value, None)
            alts = _strings(own)
            if not alts:
                continue
            if ref is not None:
                targets = [names[r] for r in _strings(ref) if r in names]
                if targets:  # a description of a named victim: same entity
                    targets[0].extend(a for a in alts if a not in targets[0])
                    continue
            t.roles[role].append(alts)
            if slot == 18:
                for a in alts:
                    names[a] = alts
    return t


def read_keys(path: str | Path) -> dict[str, list[Template]]:
    """Parse key files: ``{doc_id: [Template, ...]}`` (an empty list for a message with no
    relevant incident)."""
    keys: dict[str, list[Template]] = {}
    for f in _files(path, keys=True):
        block: list[tuple[int, str]] = []
        blocks: list[list[tuple[int, str]]] = []
        for line in f.read_text(encoding="latin-1").splitlines():
            if line.startswith(";"):
                continue
            m = _SLOT.match(line.rstrip())
            if m:
                num = int(m.group(1))
                if num == 0 and block:
                    blocks.append(block)
                    block = []
                block.append((num, m.group(3) or ""))
            elif line.strip() and block:  # continuation: another filler of the last slot
                block.append((block[-1][0], line.strip()))
        if block:
            blocks.append(block)
        for b in blocks:
            t = _parse_block(b)
            if t is None:
                continue
            lst = keys.setdefault(t.doc_id, [])
            if t.number:
                lst.append(t)
    return keys


def parse_key_dates(value: str | None) -> tuple[str | None, str | None]:
    """A key date slot as an inclusive ``(earliest, latest)`` ISO range.

    ``"30 DEC 89"`` -> (d, d); ``"26 AUG 89 - 27 AUG 89"`` -> (a, b); ``"- 08 JAN 90"`` (on or
    before) -> (None, d).
    """
    if not value:
        return None, None
    found = [
        parse_muc_date(d, m, y)
        for d, m, y in re.findall(r"(\d{1,2})\s+([A-Z]{3})\s+(\d{2})", value.upper())
    ]
    dates = [f for f in found if f is not None]
    if not dates:
        return None, None
    if value.strip().startswith("-") and len(dates) == 1:
        return None, dates[0]
    return min(dates), max(dates)


def location_names(value: str | None) -> list[str]:
    """``"PERU: LIMA (CITY): SAN ISIDRO (NEIGHBORHOOD)"`` -> ``["PERU", "LIMA", "SAN ISIDRO"]``
    (broadest first); alternatives joined by ``/`` and the two ends of a ``A - B`` stretch are
    all kept."""
    if not value:
        return []
    names: list[str] = []
    for part in value.split(":"):
        for alt in re.split(r"/| - ", part):
            name = re.sub(r"\([^)]*\)", "", alt).strip(' "-*?')
            if name:
                names.append(name)
    return names


# --------------------------------------------------------------------------- truecasing


@lru_cache(maxsize=1)
def _lowercase_lexicon() -> frozenset[str]:
    """Words usually written in lower case: spaCy's English stop words plus the WordNet
    lemma index shipped inside the installed spaCy model (nouns, verbs, adjectives, adverbs).

    Nothing is downloaded; when the model's lookups are unavailable only stop words are used.
    """
    words: set[str] = set()
    try:
        from spacy.lang.en.stop_words import STOP_WORDS

        words |= {w.lower() for w in STOP_WORDS}
    except Exception:  # pragma: no cover - spaCy is a dependency
        pass
    try:
        from spacy.pipeline import Lemmatizer

        from newsgraph.nlp import load_model
        from newsgraph.settings import Settings

        nlp = load_model(Settings().model)
        lookups = cast(Lemmatizer, nlp.get_pipe("lemmatizer")).lookups
        if lookups.has_table("lemma_index"):
            for entries in lookups.get_table("lemma_index").values():
                words |= {w for w in entries if w.isalpha() and w.islower()}
        if lookups.has_table("lemma_exc"):
            for table in lookups.get_table("lemma_exc").values():
                words |= {w for w in table if w.isalpha() and w.islower()}
    except Exception:
        pass
    return frozenset(words)


@lru_cache(maxsize=1)
def _name_phrases() -> dict[tuple[str, ...], str]:
    """Cased names to restore as whole phrases: the knowledge base's names and aliases,
    Babel's English territory names and the time-zone cities ("El Salvador", "Shining Path",
    "FMLN", "Lima").  Keyed by the
    lower-cased word tuple."""
    names: set[str] = set()
    try:
        from newsgraph.kb import load_kb

        names |= {alias for alias, _ in load_kb().aliases()}
    except Exception:
        pass
    try:
        from babel import Locale

        names |= set(Locale("en").territories.values())
    except Exception:  # pragma: no cover - babel comes with dateparser
        pass
    try:  # city names of the IANA time zones: Lima, Bogota, Karachi, Kabul...
        import zoneinfo

        names |= {
            z.rsplit("/", 1)[-1].replace("_", " ")
            for z in zoneinfo.available_timezones()
            if "/" in z and not z.startswith("Etc/")
        }
    except Exception:  # pragma: no cover - no tz database on this system
        pass
    phrases: dict[tuple[str, ...], str] = {}
    common = _lowercase_lexicon()
    for name in names:
        if name != name.lower() and len(name) > 1:
            words = tuple(w.lower() for w in _WORD.findall(name))
            if len(words) == 1 and name not in (name.capitalize(), name.upper()) and words[0] in common:
                continue  # "LeT" (Lashkar-e-Taiba) must not turn every "LET US" into a name
            if words and " ".join(_WORD.findall(name)) == " ".join(name.split()):
                phrases.setdefault(words, name)
    return phrases


def is_upper_text(text: str, threshold: float = 0.9) -> bool:
    """True when at least ``threshold`` of the cased letters are upper case."""
    letters = [c for c in text if c.isalpha() and (c.isupper() or c.islower())]
    if len(letters) < 20:
        return False
    return sum(c.isupper() for c in letters) / len(letters) >= threshold


_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
# A gap between two words that ends a sentence (or a headline/bracketed header part).
_BOUNDARY = re.compile(r"[.!?:]['\")\]]*\s|\n\s*\n|--|\[")
# "[TEXT] THE ..." : the body starts after these bracketed header words.
_HEADER_WORDS = frozenset({"TEXT", "SUMMARY", "EXCERPT", "EXCERPTS", "CONTINUED", "RECORDING"})
_ABBREVIATIONS = frozenset(
    "MR MRS MS DR GEN COL LT MAJ CAPT SGT ST NO GOV SEN REP MSGR FR REV JR SR VS".split()
)
# Month names that are also common words: capitalised only next to a number ("10 MAY",
# "MAY 1989").
_MONTH_WORDS = frozenset({"may", "march"})


def _next_to_number(text: str, start: int, end: int) -> bool:
    return bool(re.match(r"[ \t]+\d", text[end : end + 3])) or bool(
        re.search(r"\d[ \t]+$", text[max(0, start - 3) : start])
    )


# Words that open a place or personal name: the word after them is part of the name
# ("SAN SALVADOR", "PUERTO BOYACA", "MOUNT ...").  Upper-cased for comparison.
_NAME_OPENERS = frozenset(
    "SAN SANTA SANTO SAO PUERTO PUERTA FORT PORT MOUNT LAKE CAPE CIUDAD VILLA".split()
)
_VOWEL = re.compile(r"[AEIOUYaeiouy]")


_ALWAYS_CAPITAL = frozenset(
    "jan feb mar apr jun jul aug sep sept oct nov dec january february march april june july "
    "august september october november december monday tuesday wednesday thursday friday "
    "saturday sunday".split()
)


def _known(low: str, lex: frozenset[str]) -> bool:
    """Is ``low`` (or its stem after a regular inflection) a lower-case word?"""
    if low in _ALWAYS_CAPITAL:
        return False
    base = low.split("'")[0]
    if base in lex:
        return True
    for suffix, repl in (
        ("ies", "y"),
        ("es", ""),
        ("s", ""),
        ("ied", "y"),
        ("ed", ""),
        ("ed", "e"),
        ("ing", ""),
        ("ing", "e"),
        ("ly", ""),
        ("er", ""),
        ("est", ""),
        ("est", "e"),  # largest -> large
        ("er", "e"),  # safer -> safe
        ("men", "man"),  # gunmen, policemen, spokesmen: irregular plurals of -man nouns
    ):
        if base.endswith(suffix) and len(base) > len(suffix) + 2:
            stem = base[: -len(suffix)] + repl
            if stem in lex:
                return True
            if (
                suffix in ("ed", "ing")
                and len(stem) > 3
                and stem[-1] == stem[-2]
                and stem[:-1] in lex
            ):
                return True  # doubled consonant: kidnapped -> kidnap
    return False


def _typo_of_known(low: str, lex: frozenset[str]) -> bool:
    """A long word with one letter too many ("undidentified", "afffected", "harrassed") is a
    misspelt common word, not a name: wire copy has many such typos, and a capital would make
    each one an entity.  Only long words: deleting a letter from a short name often gives a
    word."""
    if len(low) < 8:
        return False
    # Not the first letter nor the last two: "bernardo", "francois", "amazonia" are names,
    # not "bernard", "franco", "amazon" with a letter too many.
    return any(_known(low[:i] + low[i + 1 :], lex) for i in range(1, len(low) - 2))


def truecase(
    text: str,
    lexicon: frozenset[str] | None = None,
    phrases: dict[tuple[str, ...], str] | None = None,
) -> str:
    """Restore case in all-caps text; mixed-case text is returned unchanged.

    A word in the lower-case lexicon is lower-cased unless it starts a sentence; a word
    without vowels (FMLN, PCP) is an acronym and stays upper case; any other word is taken
    for a name and capitalised.  Known names (``phrases``: by default the knowledge base's
    names and aliases and Babel's country names) then get their own casing.  The result has exactly the same length as ``text``, so
    character offsets stay valid.
    """
    if not is_upper_text(text):
        return text
    lex = _lowercase_lexicon() if lexicon is None else lexicon
    out = list(text.lower())
    prev_end = 0
    prev_word = ""
    for m in _WORD.finditer(text):
        gap = text[prev_end : m.start()]
        if gap.startswith(".") and (len(prev_word) == 1 or prev_word in _ABBREVIATIONS):
            gap = gap[1:]  # "U.S. ARMY", "MR. CRISTIANI": the period ends no sentence
        sentence_start = (
            prev_end == 0
            or bool(_BOUNDARY.search(gap))
            or ("]" in gap and prev_word in _HEADER_WORDS)
        )
        word = m.group(0)
        low = word.lower()
        if len(word) == 1:  # "A" is the article; other single letters are initials (U.S.)
            if low != "a" or sentence_start:
                out[m.start()] = word.upper()
        elif len(word) > 1 and not _VOWEL.search(word):
            out[m.start() : m.end()] = list(word.upper())
        elif (
            sentence_start
            or not (_known(low, lex) or _typo_of_known(low, lex))
            or (low in _MONTH_WORDS and _next_to_number(text, m.start(), m.end()))
            or (prev_word in _NAME_OPENERS and gap in (" ", "\n"))
        ):
            out[m.start()] = word[0].upper()
        prev_end = m.end()
        prev_word = word.upper()
    if phrases is None:
        phrases = _name_phrases()
    if phrases:
        _restore_phrases(text, out, phrases)
    return "".join(out)


def _restore_phrases(text: str, out: list[str], phrases: dict[tuple[str, ...], str]) -> None:
    """Overwrite known names with their own casing, longest match first, in place."""
    longest = max(len(k) for k in phrases)
    words = list(_WORD.finditer(text))
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            span = words[i : i + n]
            # only across single spaces/newlines: a name does not cross punctuation
            if n > 1 and any(
                text[a.end() : b.start()] not in (" ", "\n")
                for a, b in zip(span, span[1:], strict=False)
            ):
                continue
            cased = phrases.get(tuple(w.group(0).lower() for w in span))
            if cased is None:
                continue
            cased_words = _WORD.findall(cased)
            for w, c in zip(span, cased_words, strict=False):
                if len(c) == len(w.group(0)):
                    out[w.start() : w.end()] = list(c)
            i += n - 1
            break
        i += 1
