"""Importers that turn other people's actor dictionaries into :class:`~newsgraph.extract.kb.KBEntry` lists.

Two formats are read:

* **CAMEO / Phoenix / PETRARCH actor dictionaries** (:func:`parse_phoenix`) — TABARI-style text::

      AL_QA'IDA                       # primary name, underscores for spaces
      +AL_QAEDA                       # synonyms on '+' lines
      +AL-QAIDA
          [IMGMUSALQ]                 # codes on indented lines ...
      HAMID_KARZAI_  # CountryInfo.txt
          [AFGGOV >011222]            # ... optionally dated: '>' from, '<' until, or FROM-TO
      HAMAS_ [PSEREBHMS 19870101-20040322]   # ... or in-line after the name

  Comments start with ``#`` (or ``<!-- -->``).  As in PETRARCH, a primary line with no code
  that follows another code-less primary line shares that entry's codes (both are names of it).
  Agent lines (codes starting with ``~``) and ``!MARKER! = ...`` substitution sets describe
  generic roles, not actors: they are skipped, like malformed lines, and counted.

* **Alias tables** (:func:`read_alias_table`) — CSV or TSV with a header row::

      id,name,type,aliases,country,cameo,parent,note
      ttp,Tehrik-e-Taliban Pakistan,ARMED_GROUP,TTP|Pakistan Taliban,PAK,PAKREB,,umbrella group

  ``id``, ``country``, ``cameo``, ``parent`` and ``note`` may be empty or left out; ``aliases`` and
  ``cameo`` hold several values separated by ``|``.  An empty id becomes ``user:<slug of name>``.

:func:`import_file` picks the reader from the extension (``.yaml``/``.yml``, ``.csv``, ``.tsv``)
or, failing that, from the content.  Each reader has a ``*_report`` twin that also returns the
skipped lines and why, so a batch import can list them instead of aborting.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..records import ENTITY_TYPES
from .kb import KBEntry, read_yaml

log = logging.getLogger(__name__)

__all__ = [
    "ImportReport",
    "import_file",
    "import_file_report",
    "parse_phoenix",
    "parse_phoenix_report",
    "read_alias_table",
    "read_alias_table_report",
    "cameo_type",
]


@dataclass
class ImportReport:
    """What an import produced: the entries, and each skipped line as (line number, reason, text)."""

    path: str
    entries: list[KBEntry] = field(default_factory=list)
    skipped: list[tuple[int, str, str]] = field(default_factory=list)

    def skip(self, line_no: int, reason: str, text: str) -> None:
        self.skipped.append((line_no, reason, text.strip()[:200]))


# --------------------------------------------------------------------------- CAMEO code -> type

# CAMEO role segments (3 letters each, after the country/region/IGO prefix).
_ARMED_ROLES = {"REB", "INS", "SEP", "UAF", "IMG"}
_STATE_ROLES = {"GOV", "MIL", "COP", "SPY", "JUD", "LEG"}
_ORG_ROLES = set(
    "IGO NGO NGM MNC BUS EDU HLH HRI DEV ENV LAB PTY OPP CVL REF AGR MOD RAD CRM REL UIS ELI".split()
)


# Prefixes that are not a country: international bodies and transnational actors.
_INTL_PREFIXES = {"IGO", "NGO", "NGM", "IMG", "MNC", "INT", "UIS", "MED"}
# CAMEO religion codes, which can open a code for a transnational religious actor.
_RELIGIONS = set(
    "MOS MUS CHR JEW BUD HIN SIK BAH JAN ZRO SHN CTH PRO ORT SHI SUN ALE DRZ ITH CON TAO CHY SFI".split()
)


def _segments(code: str) -> list[str]:
    return [code[i : i + 3] for i in range(0, len(code), 3)]


def cameo_type(codes: list[str] | tuple[str, ...], hint: str | None = None) -> str | None:
    """The entity type the CAMEO codes imply (without dates), or ``hint`` when they say nothing.

    Armed roles win over state roles over media over other organisations: a code list that
    mixes them (an office-holder who later led a rebellion) is most usefully an armed actor.
    A bare country or region code (``AFG``, ``PSEGZA``) means a place.
    """
    segs = [s for c in codes for s in _segments(c.split()[0])]
    if not segs:
        return hint
    if any(s in _ARMED_ROLES for s in segs):
        return "ARMED_GROUP"
    if any(s in _STATE_ROLES for s in segs):
        return "GOVERNMENT"
    if "MED" in segs:
        return "MEDIA"
    if any(s in _ORG_ROLES for s in segs):
        return "ORGANIZATION"
    if hint:
        return hint
    if any(s in _RELIGIONS for s in segs):
        return "ORGANIZATION"  # a religious community or body
    # Only country/region segments (AFG, PSEGZA, ETHERIAUT): a place.
    if not any(c.split()[0][:3] in _INTL_PREFIXES for c in codes):
        return "LOCATION"
    return None


# Words that mark a name as an institution, not a person (used before guessing PERSON).
_INSTITUTION_WORDS = set(
    """ARMY FRONT GROUP GROUPS ORGANIZATION ORGANISATION MOVEMENT PARTY COUNCIL COMMITTEE MINISTRY
    AGENCY BRIGADE BRIGADES FORCE FORCES UNION LEAGUE ASSOCIATION INSTITUTE UNIVERSITY BANK FUND
    COMMISSION COURT OFFICE DEPARTMENT SERVICE SERVICES GOVERNMENT ASSEMBLY PARLIAMENT CONGRESS
    SENATE NATIONS SOCIETY FOUNDATION CENTER CENTRE PROGRAM PROGRAMME NETWORK CORPS POLICE
    COMPANY CORPORATION INC LTD REPUBLIC STATE KINGDOM FEDERATION AUTHORITY BOARD BUREAU CABINET
    COALITION ALLIANCE SECRETARIAT MISSION TRIBUNAL DIRECTORATE GUARD GUARDS NAVY CELLS CELL
    COMMAND BATTALION DIVISION REGIME MILITIA MILITIAS COMMUNITY WORLD INTERNATIONAL NATIONAL
    LIBERATION REVOLUTIONARY ISLAMIC PEOPLE PEOPLES TIMES NEWS PRESS RADIO TELEVISION""".split()
)
# Comment cues the Phoenix editors left on office-holders and militants.
_PERSON_COMMENT = re.compile(
    r"CountryInfo|IGOrulers|\b(leader|member|commander|head of|spokesman|chief|founder|minister"
    r"|president|killed)\b",
    re.I,
)


def _looks_like_person(name: str, raw_root: str, comment: str, codes: list[str]) -> bool:
    words = set(re.findall(r"[A-Z]+", name.upper()))
    if words & _INSTITUTION_WORDS:
        return False
    if _PERSON_COMMENT.search(comment):
        return True
    if re.search(r"[A-Z.'\"]__+$", raw_root.strip()):  # the MilNonState people list ends in "__"
        return True
    if any("ELI" in _segments(c.split()[0]) for c in codes):
        return True
    # Office-holders carry dated codes; institutions almost never do.
    dated = [c for c in codes if " " in c]
    return bool(dated) and len(dated) == len(codes) and len(name.split()) >= 2


# --------------------------------------------------------------------------- names and dates

_SMALL_WORDS = set(
    "of the and for in on at to de la del du des el y da dos das wa fi bin ibn van von der".split()
)
# Upper-case tokens that stay upper case in display names (lookups ignore case anyway).
_ACRONYMS = set(
    "UN US EU UK USA UAE NATO OPEC ASEAN IAEA UNICEF UNHCR ICRC AU OAS OIC WHO IMF ISAF KFOR SFOR II III".split()
)
_PAREN_ACRONYM = re.compile(r"\(([A-Z0-9.&-]{2,12})\)")


def _clean_phrase(raw: str) -> tuple[str, list[str]]:
    """A Phoenix phrase as display text, plus any parenthesised acronyms it contained.

    ``ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_`` -> ("Aden Abyan Islamic Army", ["AAIA"]).
    """
    text = raw.strip().replace('"', "")
    acronyms = _PAREN_ACRONYM.findall(text)
    text = _PAREN_ACRONYM.sub(" ", text)
    text = re.sub(r"[_\s]+", " ", text).strip(" -/")
    return _titlecase(text), acronyms


def _titlecase(text: str) -> str:
    """Phoenix's upper-case phrases in display case: "AL-QAEDA_IN_IRAQ" -> "Al-Qaeda in Iraq"."""
    words = text.split()
    out = []
    for i, word in enumerate(words):
        low = word.lower()
        if (
            "." in word
            or word in _ACRONYMS
            or (word.isalpha() and word.isupper() and not re.search(r"[AEIOUY]", word))
            or (len(words) == 1 and len(word) <= 4 and word.isupper() and word.isalpha())
        ):
            out.append(word)  # U.N., IAEA, FSB: abbreviations stay as written
        elif i > 0 and low in _SMALL_WORDS:
            out.append(low)
        elif not word.isupper():
            out.append(word)  # the dictionary already wrote it in mixed case
        else:
            out.append("-".join(p.capitalize() for p in word.split("-")))
    return " ".join(out)


def _id_key(raw: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "_", raw.upper()).strip("_")


def _norm_date(text: str) -> str:
    """A TABARI date (YYMMDD or YYYYMMDD) as YYYYMMDD; two-digit years <= 30 are 20xx (PETRARCH)."""
    if len(text) == 8:
        year, rest = int(text[:4]), text[4:]
    elif len(text) == 6:
        yy = int(text[:2])
        year, rest = (2000 + yy if yy <= 30 else 1900 + yy), text[2:]
    else:
        raise ValueError(f"date {text!r} is neither YYMMDD nor YYYYMMDD")
    month, day = int(rest[:2]), int(rest[2:])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise ValueError(f"date {text!r} has no such month/day")
    return f"{year:04d}{rest}"


_CODE_BODY = re.compile(
    r"^(?P<code>[A-Z0-9]{3,})(?:\s+(?:(?P<op>[<>])\s*(?P<d>\d+)|(?P<d1>\d+)\s*-\s*(?P<d2>\d+)))?$"
)


def _parse_code(body: str) -> str | None:
    """``"AFGGOV 320101-331108"`` -> ``"AFGGOV 19320101-19331108"``; ``"---"`` -> None.

    Raises ValueError on anything malformed.
    """
    body = body.strip()
    if not body or set(body) <= {"-"}:
        return None
    m = _CODE_BODY.match(body)
    if not m:
        raise ValueError(f"malformed code {body!r}")
    code = m["code"]
    if len(code) % 3:
        raise ValueError(f"code {code!r} is not made of 3-letter segments")
    if m["op"]:
        return f"{code} {m['op']}{_norm_date(m['d'])}"
    if m["d1"]:
        start, end = _norm_date(m["d1"]), _norm_date(m["d2"])
        if end < start:
            raise ValueError(f"date range {start}-{end} ends before it starts")
        return f"{code} {start}-{end}"
    return code


# --------------------------------------------------------------------------- Phoenix reader


@dataclass
class _Block:
    raw_root: str
    line_no: int
    names: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    comment: str = ""


def _strip_comment(line: str) -> tuple[str, str]:
    line = re.sub(r"<!--.*?-->", "", line)
    body, _, comment = line.partition("#")
    return body.rstrip(), comment.strip()


def _country_of(codes: list[str]) -> str | None:
    for code in codes:
        head = code.split()[0][:3]
        if head not in _INTL_PREFIXES | _RELIGIONS | _ARMED_ROLES | _STATE_ROLES | _ORG_ROLES:
            return head
    return None


def parse_phoenix_report(path: str | Path, hint: str | None = None) -> ImportReport:
    """Read a CAMEO/Phoenix/PETRARCH actor dictionary; see the module docstring for the format.

    ``hint`` is the type for entries whose codes say nothing (e.g. ``SEAMUSJMA``); by default it
    is ARMED_GROUP for files named like ``*MilNonState*`` and None otherwise.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(f"{path}: cannot read actor dictionary: {exc}") from exc
    if hint is None and re.search(r"nonstate|militant|armed", path.name, re.I):
        hint = "ARMED_GROUP"
    report = ImportReport(str(path))
    blocks: list[_Block] = []
    cur: _Block | None = None
    in_xml_comment = False

    for no, raw in enumerate(text.splitlines(), 1):
        if in_xml_comment:
            if "-->" in raw:
                in_xml_comment = False
            continue
        if "<!--" in raw and "-->" not in raw:
            in_xml_comment = True
            raw = raw[: raw.index("<!--")]
        if "---STOP---" in raw:
            break
        body, comment = _strip_comment(raw)
        if not body.strip():
            continue
        stripped = body.strip()
        if re.match(r"^!\w+!\s*=", stripped):
            report.skip(no, "agent substitution set", raw)
            continue

        # Split "NAME [CODE ...] [CODE ...]" into the phrase and its bracketed codes.
        phrase = stripped
        bodies: list[str] = []
        if "[" in stripped:
            phrase = stripped[: stripped.index("[")]
            rest = stripped[stripped.index("[") :]
            bodies = re.findall(r"\[([^\]]*)\]", rest)
            if rest.count("[") != rest.count("]") or not bodies:
                report.skip(no, "unbalanced brackets", raw)
                continue
        if any(b.strip().startswith("~") for b in bodies):
            report.skip(no, "agent (generic role, not an actor)", raw)
            continue
        codes: list[str] = []
        bad = None
        for b in bodies:
            try:
                code = _parse_code(b)
            except ValueError as exc:
                bad = str(exc)
                continue
            if code:
                codes.append(code)
        if bad:  # drop the bad code, keep the rest of the line
            report.skip(no, bad, raw)

        if not phrase.strip():  # a code line for the current entry
            if cur is None:
                report.skip(no, "code line before any actor", raw)
                continue
            cur.codes.extend(codes)
            continue
        if phrase.lstrip().startswith("+"):  # synonym(s) of the current entry
            if cur is None:
                report.skip(no, "synonym before any actor", raw)
                continue
            for part in phrase.strip()[1:].split("+"):  # "A_+_B" typos hold two synonyms
                if part.strip(" _"):
                    cur.names.append(part)
            cur.codes.extend(codes)
            continue
        # A primary phrase.  A code-less one directly after another code-less one joins it.
        if cur is not None and not cur.codes and not codes:
            cur.names.append(phrase)
            if comment:
                cur.comment += " " + comment
            continue
        cur = _Block(
            raw_root=phrase, line_no=no, names=[phrase], codes=list(codes), comment=comment
        )
        blocks.append(cur)

    by_id: dict[str, KBEntry] = {}
    for block in blocks:
        entry = _block_entry(block, hint, report)
        if entry is None:
            continue
        old = by_id.get(entry.id)
        if old is not None:  # the same actor listed twice: one entry, all names and codes
            aliases = [a for a in dict.fromkeys(old.aliases + entry.names) if a != old.name]
            cameo = tuple(dict.fromkeys(old.cameo + entry.cameo))
            entry = KBEntry(**{**old.__dict__, "aliases": tuple(aliases), "cameo": cameo})
        by_id[entry.id] = entry
    report.entries = list(by_id.values())
    if report.skipped:
        log.warning(
            "%s: %d actors, %d lines skipped", path, len(report.entries), len(report.skipped)
        )
    return report


# Phoenix codes a city or province as its country, so its country blocks list them as synonyms.
_COUNTRY_NOTE = "Phoenix country actor: synonyms may include its cities, regions and demonyms."


def _block_entry(block: _Block, hint: str | None, report: ImportReport) -> KBEntry | None:
    names: list[str] = []
    acronyms: set[str] = set()
    for raw in block.names:
        name, found = _clean_phrase(raw)
        names += [name, *found]
        acronyms.update(found)
    if acronyms:  # "FFA_FIGHTERS" next to "(FFA)": keep the acronym's case in every name
        names = [
            " ".join(w.upper() if w.upper() in acronyms else w for w in n.split()) for n in names
        ]
    names = [n for n in dict.fromkeys(names) if n]
    if not names:
        report.skip(block.line_no, "actor without a name", block.raw_root)
        return None
    if not block.codes:
        report.skip(block.line_no, "actor without any code", block.raw_root)
        return None
    codes = list(dict.fromkeys(block.codes))
    etype = cameo_type(codes, hint)
    if etype != "LOCATION" and _looks_like_person(names[0], block.raw_root, block.comment, codes):
        etype = "PERSON"
    if etype is None:
        report.skip(block.line_no, f"no entity type for codes {codes}", block.raw_root)
        return None
    name = names[0]
    if etype == "LOCATION" and name.isupper():
        name = name.capitalize()
    key = _id_key(block.raw_root) or _id_key(name)
    return KBEntry(
        id=f"phoenix:{key}",
        name=name,
        type=etype,
        aliases=tuple(n for n in names[1:] if n != name),
        country=_country_of(codes),
        cameo=tuple(codes),
        note=block.comment or (_COUNTRY_NOTE if etype == "LOCATION" else None),
        source="phoenix",
    )


def parse_phoenix(path: str | Path, hint: str | None = None) -> list[KBEntry]:
    """The actors of a CAMEO/Phoenix/PETRARCH actor dictionary (bad lines skipped and logged)."""
    return parse_phoenix_report(path, hint).entries


# --------------------------------------------------------------------------- alias tables

ALIAS_COLUMNS = ("id", "name", "type", "aliases", "country", "cameo", "parent", "note")


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.casefold()).strip("_")


def read_alias_table_report(path: str | Path) -> ImportReport:
    """Read a CSV/TSV alias table (see the module docstring); bad rows are skipped and listed."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"{path}: cannot read alias table: {exc}") from exc
    report = ImportReport(str(path))
    lines = [
        (no, ln)
        for no, ln in enumerate(text.splitlines(), 1)
        if ln.strip() and not ln.startswith("#")
    ]
    if not lines:
        return report
    header_line = lines[0][1]
    delim = "\t" if "\t" in header_line else ","
    header = [h.strip().lower() for h in next(csv.reader([header_line], delimiter=delim))]
    missing = {"name", "type"} - set(header)
    if missing:
        raise InputError(
            f"{path}: alias table needs columns {', '.join(ALIAS_COLUMNS)} (missing: {', '.join(sorted(missing))})"
        )
    reader = csv.reader(io.StringIO("\n".join(ln for _, ln in lines[1:])), delimiter=delim)
    seen: set[str] = set()
    for (no, raw), row in zip(lines[1:], reader, strict=False):
        if len(row) > len(header):
            report.skip(no, f"{len(row)} columns, header has {len(header)}", raw)
            continue
        rec = {k: (v.strip() if v else "") for k, v in zip(header, row, strict=False)}
        name, etype = rec.get("name", ""), rec.get("type", "").upper()
        if not name:
            report.skip(no, "empty name", raw)
            continue
        if etype not in ENTITY_TYPES:
            report.skip(
                no, f"unknown type {rec.get('type')!r} (one of {', '.join(ENTITY_TYPES)})", raw
            )
            continue
        eid = rec.get("id") or f"user:{_slug(name)}"
        if eid in seen:
            report.skip(no, f"duplicate id {eid!r}", raw)
            continue
        seen.add(eid)
        split = lambda v: tuple(x.strip() for x in v.split("|") if x.strip())  # noqa: E731
        report.entries.append(
            KBEntry(
                id=eid,
                name=name,
                type=etype,
                aliases=split(rec.get("aliases", "")),
                country=rec.get("country") or None,
                cameo=split(rec.get("cameo", "")),
                parent=rec.get("parent") or None,
                note=rec.get("note") or None,
                source=str(path),
            )
        )
    return report


def read_alias_table(path: str | Path) -> list[KBEntry]:
    """Entries of a CSV/TSV alias table (columns id,name,type,aliases,country,cameo[,parent,note])."""
    return read_alias_table_report(path).entries


# --------------------------------------------------------------------------- dispatch


def _sniff(path: Path) -> str:
    try:
        with path.open(encoding="utf-8", errors="replace") as fh:
            head = [
                ln
                for ln in (fh.readline() for _ in range(200))
                if ln.strip() and not ln.startswith("#")
            ]
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc}") from exc
    if not head:
        return "phoenix"
    first = head[0].strip().lower()
    cols = set(re.split(r"[,\t]\s*", first))
    if {"name", "type"} <= cols:
        return "table"
    if first.startswith("- ") or first.startswith("- id:"):
        return "yaml"
    return "phoenix"


def import_file_report(path: str | Path) -> ImportReport:
    """Read any supported dictionary, choosing the reader from the extension, else the content."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in {".yaml", ".yml"} or (suffix not in {".csv", ".tsv"} and _sniff(path) == "yaml"):
        return ImportReport(str(path), entries=read_yaml(path, source=str(path)))
    if suffix in {".csv", ".tsv"} or _sniff(path) == "table":
        return read_alias_table_report(path)
    return parse_phoenix_report(path)


def import_file(path: str | Path) -> list[KBEntry]:
    """The entries of a Phoenix/CAMEO dictionary, a CSV/TSV alias table or a KB YAML file."""
    return import_file_report(path).entries
