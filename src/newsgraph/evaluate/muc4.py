"""MUC-4 (1992) terrorism corpus: read the raw texts and the answer keys (the texts' capitals are
restored by :mod:`newsgraph.extract.truecase`).

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
from pathlib import Path

from newsgraph.extract.truecase import truecase
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
