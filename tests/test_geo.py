"""Places: offline gazetteer lookups, country-context disambiguation, facilities, user overrides."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from newsgraph.errors import InputError, NotFoundError
from newsgraph.extract.kb import load_kb
from newsgraph.query import geo
from newsgraph.store import Store
from tests.test_analytics import TEXT_A, _article, build_scenario


@pytest.mark.parametrize("names, context, country, precision, lat", [
    (["Washington"], {}, "US", "city", 38.9),                 # the capital beats towns named Washington
    (["Washington"], {"GB": 2}, "GB", "city", 54.9),          # ...unless the article is about England
    (["Punjab"], {"PK": 1}, "PK", "region", 31.15),           # homonymous provinces: context decides
    (["Punjab"], {"IN": 1}, "IN", "region", 30.9),
    (["Hyderabad"], {}, "IN", "city", 17.4),                  # no context: the larger city
    (["Hyderabad"], {"PK": 2}, "PK", "city", 25.4),
    (["Khost"], {}, "AF", "city", 33.3),                      # a bare name that is a city: the city
    (["Khost province"], {}, "AF", "region", 33.35),          # the region word picks the province
    (["Kandahar Province"], {}, "AF", "region", 31.0),
    (["Pakistan"], {}, "PK", "country", None),
    (["U.S."], {}, "US", "country", None),                    # country_aliases.yaml
    (["Britain"], {}, "GB", "country", None),
    (["Georgia"], {}, "GE", "country", None),                 # a country before a US state...
    (["Georgia"], {"US": 3}, "US", "region", None),           # ...unless the article is American
    (["Waziristan"], {}, "PK", "region", 32.6),               # places.yaml
    (["North Waziristan Agency"], {}, "PK", "region", 32.95),
    (["Peshawar"], {}, "PK", "city", 34.0),
    (["Pesh", "Peshawar"], {}, "PK", "city", 34.0),           # an alias finds it when the name does not
    (["Bagdad"], {}, "IQ", "city", 33.3),                     # GeoNames alternate spelling
])
def test_resolve_place(names: list[str], context: dict[str, int], country: str, precision: str,
                       lat: float | None) -> None:
    place = geo.resolve_place(names, Counter(context))
    assert place is not None
    assert (place.country, place.precision) == (country, precision)
    if lat is not None:
        assert place.lat == pytest.approx(lat, abs=0.3)


@pytest.mark.parametrize("name", ["Nowhereville Xq", "U.S.-Pakistan", ""])
def test_unknown_places(name: str) -> None:
    assert geo.resolve_place([name]) is None


def test_country_point_lies_inside_the_country() -> None:
    # Median of the country's towns: a rough centre, but inside the borders' bounding box.
    pk = geo.resolve_place(["Pakistan"])
    assert 24 < pk.lat < 37 and 61 < pk.lon < 77
    us = geo.resolve_place(["United States"])
    assert 25 < us.lat < 49 and -125 < us.lon < -67


@pytest.mark.parametrize("names, context, city", [
    (["Pearl Continental Hotel Peshawar"], {"PK": 1}, "Peshawar"),
    (["Islamabad Marriott Hotel"], {}, "Islamabad"),
    (["the hotel", "Marriott hotel in Islamabad"], {}, "Islamabad"),
])
def test_facility_via_its_city(names: list[str], context: dict[str, int], city: str) -> None:
    place = geo.place_in_name(names, Counter(context))
    assert place is not None and place.name == city and place.via == city and place.precision == "city"


def test_facility_without_a_place() -> None:
    assert geo.place_in_name(["Camp Chapman"]) is None


def test_iso3() -> None:
    assert geo.iso3("pk") == "PAK" and geo.iso3("XX") is None


def _eid(store: Store, name: str) -> int:
    return store.query("SELECT id FROM entities WHERE name = ?", (name,))[0]["id"]


def test_geocode_store_uses_article_context(tmp_path: Path) -> None:
    store = build_scenario(tmp_path / "g.db")
    found = geo.geocode(store)
    by_name = {store.query("SELECT name FROM entities WHERE id = ?", (k,))[0]["name"]: v for k, v in found.items()}
    # Hyderabad appears with Karachi and Pakistani actors: the Sindh city, not the larger Indian one.
    assert by_name["Hyderabad"].country == "PK"
    assert by_name["South Waziristan"].precision == "region"
    assert by_name["Pearl Continental Hotel Peshawar"].via == "Peshawar"
    assert geo.places(store)[_eid(store, "Peshawar")].precision == "city"
    # Actors are not places.
    assert _eid(store, "Baitullah Mehsud") not in found


def test_set_place_survives_regeocode_and_reingest(tmp_path: Path) -> None:
    store = build_scenario(tmp_path / "g.db")
    geo.geocode(store)
    wana = _eid(store, "South Waziristan")
    geo.set_place(store, wana, 32.30, 69.57, "city", note="Wana, the district's main town")
    assert geo.place_of(store, wana).source == "user"
    geo.geocode(store)  # re-geocoding does not undo the correction
    assert (geo.place_of(store, wana).lat, geo.place_of(store, wana).precision) == (32.30, "city")
    # A re-ingest of the article drops and re-creates the entity; the correction follows its name.
    kb = load_kb((), store.kb_entries())
    store.save(_article("artA", TEXT_A, "2009-06-25", "CBS News",
                        [("South Waziristan", "LOCATION", ["South Waziristan"], None)]), kb, replace=True)
    geo.geocode(store)
    again = _eid(store, "South Waziristan")
    assert geo.place_of(store, again).source == "user" and geo.place_of(store, again).lat == 32.30
    assert geo.clear_place(store, again)
    assert geo.place_of(store, again).source == "places.yaml"
    store.close()


@pytest.mark.parametrize("lat, lon, precision, error", [
    (32.3, 69.5, "village", InputError),
    (132.3, 69.5, "city", InputError),
])
def test_set_place_rejects_bad_input(tmp_path: Path, lat: float, lon: float, precision: str,
                                     error: type[Exception]) -> None:
    with Store(tmp_path / "s.db") as store:
        with pytest.raises(error):
            geo.set_place(store, 1, lat, lon, precision)


def test_set_place_unknown_entity(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store, pytest.raises(NotFoundError):
        geo.set_place(store, 999, 1.0, 1.0, "city")


def test_places_empty_before_geocode(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        assert geo.places(store) == {}


# -- generic words: "Delta" and "Valley" are parts of longer names, not towns in the USA -------------
@pytest.mark.parametrize("names, context", [
    (["Delta"], {}),                          # four towns called Delta: no guess
    (["Delta"], {"NG": 3, "US": 1}),          # an article on the Niger Delta that names the U.S.
    (["Delta"], {"NG": 1, "US": 1}),          # a tie is about no one country
    (["Delta State"], {"NG": 2}),             # the region word strips to a generic word
    (["Valley"], {}),
    (["Valley"], {"PK": 4, "US": 2}),         # "the valley" of an article on Swat
    (["Reading"], {}),                        # a common word that towns bear
    (["Union"], {"US": 3}),                   # agrees, but five Unions in the USA: ambiguous
    (["River"], {"US": 2}),                   # an alternate name of a town is no better
])
def test_generic_words_stay_unplaced(names: list[str], context: dict[str, int]) -> None:
    assert geo.resolve_place(names, Counter(context)) is None


@pytest.mark.parametrize("names, context, country, name, precision", [
    (["Kabul"], {}, "AF", "Kabul", "city"),
    (["Kabul"], {"PK": 3}, "AF", "Kabul", "city"),
    (["Peshawar"], {}, "PK", "Peshawar", "city"),
    (["Swat Valley"], {}, "PK", "Swat Valley", "region"),
    (["Valley", "Swat Valley"], {"PK": 2, "US": 1}, "PK", "Swat Valley", "region"),  # the full name places it
    (["Delta"], {"US": 3}, "US", "Delta", "city"),           # the articles are about the one US Delta
    (["Reading"], {"GB": 2}, "GB", "Reading", "city"),
    (["Nice"], {"FR": 1}, "FR", "Nice", "city"),
    (["Turkey"], {}, "TR", "Turkey", "country"),             # a country is never generic
])
def test_specific_and_agreeing_names_are_placed(names: list[str], context: dict[str, int], country: str,
                                                name: str, precision: str) -> None:
    place = geo.resolve_place(names, Counter(context))
    assert place is not None and (place.country, place.name, place.precision) == (country, name, precision)


def test_facility_named_after_a_generic_word() -> None:
    assert geo.place_in_name(["Delta Hotel"], Counter({"PK": 2})) is None
    place = geo.place_in_name(["Swat Valley police post"], Counter({"PK": 1}))
    assert place is not None and place.name == "Swat Valley"


def test_geocode_leaves_generic_words_unplaced(tmp_path: Path) -> None:
    text = ("Militants in the Niger Delta attacked a pipeline in Delta, officials in Abuja and Kaduna said. "
            "The U.S. embassy in Lagos warned citizens. In the Swat Valley the army said the Valley was calm.")
    kb = load_kb(())
    with Store(tmp_path / "g.db") as store:
        store.save(_article("ng1", text, "2009-06-25", "Reuters", [
            ("Niger Delta", "LOCATION", ["Niger Delta"], None), ("Delta", "LOCATION", ["Delta,"], None),
            ("Abuja", "LOCATION", ["Abuja"], None), ("Kaduna", "LOCATION", ["Kaduna"], None), ("Lagos", "LOCATION", ["Lagos"], None),
            ("United States", "LOCATION", ["U.S."], None), ("Swat Valley", "LOCATION", ["Swat Valley"], None),
            ("Valley", "LOCATION", ["Valley was"], None)]), kb)
        found = geo.geocode(store)
        by_name = {store.query("SELECT name FROM entities WHERE id = ?", (k,))[0]["name"]: v for k, v in found.items()}
    assert "Delta" not in by_name and "Valley" not in by_name
    assert by_name["Abuja"].country == "NG" and by_name["Kaduna"].country == "NG"
    assert by_name["Swat Valley"].country == "PK"
