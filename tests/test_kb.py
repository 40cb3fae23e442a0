"""The packaged knowledge base (data/kb/*.yaml) and the dictionary importers (kb_import.py)."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
import yaml

from newsgraph.errors import InputError
from newsgraph.extract.kb import KB_DIR, KBEntry, KnowledgeBase, load_kb, norm, read_yaml
from newsgraph.extract.kb_import import (
    cameo_type,
    import_file,
    import_file_report,
    parse_phoenix,
    parse_phoenix_report,
    read_alias_table,
    read_alias_table_report,
)
from newsgraph.records import ENTITY_TYPES

FIXTURES = Path(__file__).parent / "fixtures" / "kb"
PHOENIX = Path(__file__).resolve().parents[1].parent / "shared" / "kb" / "phoenix"

# --------------------------------------------------------------------------- packaged KB


@cache
def _files() -> dict[str, list[KBEntry]]:
    return {p.name: read_yaml(p) for p in sorted(KB_DIR.glob("*.yaml"))}


def test_packaged_files_present():
    assert {"armed_groups.yaml", "organizations.yaml", "people.yaml"} <= set(_files())


ALLOWED_KEYS = {"id", "name", "type", "aliases", "country", "cameo", "parent", "note"}


@pytest.mark.parametrize("path", sorted(KB_DIR.glob("*.yaml")), ids=lambda p: p.name)
def test_raw_yaml_keys_and_scalars(path):
    # A comma in an unquoted flow-style value silently becomes an extra key: catch it here.
    for item in yaml.safe_load(path.read_text(encoding="utf-8")):
        assert set(item) <= ALLOWED_KEYS, (item["id"], set(item) - ALLOWED_KEYS)
        assert isinstance(item["name"], str) and isinstance(item.get("note", ""), str), item["id"]
        assert all(isinstance(a, str) and a == a.strip() for a in item.get("aliases") or []), item[
            "id"
        ]


def test_ids_unique_across_files():
    ids = Counter(e.id for entries in _files().values() for e in entries)
    assert [i for i, n in ids.items() if n > 1] == []


@pytest.mark.parametrize(
    ("file", "types", "minimum"),
    [
        ("armed_groups.yaml", {"ARMED_GROUP"}, 150),
        ("organizations.yaml", {"GOVERNMENT", "ORGANIZATION", "MEDIA", "FACILITY"}, 120),
        ("people.yaml", {"PERSON"}, 60),
    ],
)
def test_file_sizes_and_types(file, types, minimum):
    entries = _files()[file]
    assert len(entries) >= minimum
    assert {e.type for e in entries} <= types


def test_counts_in_loaded_kb(kb):
    counts = Counter(e.type for e in kb.entries.values())
    assert counts["ARMED_GROUP"] >= 150
    assert counts["PERSON"] >= 60
    assert counts["MEDIA"] >= 30 and counts["GOVERNMENT"] >= 40 and counts["ORGANIZATION"] >= 40


def test_entries_well_formed(kb):
    code = re.compile(r"^[A-Z]{3}(?:[A-Z0-9]{3})*(?: (?:[<>]\d{8}|\d{8}-\d{8}))?$")
    for e in kb.entries.values():
        assert e.type in ENTITY_TYPES, e.id
        assert re.fullmatch(r"[a-z0-9_]+", e.id), e.id
        assert e.note, f"{e.id} has no note"
        assert e.country is None or re.fullmatch(r"[A-Z]{3}", e.country), e.id
        assert all(code.match(c) for c in e.cameo), (e.id, e.cameo)
        if e.parent is not None:
            assert e.parent in kb.entries, (e.id, e.parent)
            assert e.parent != e.id


def test_parent_chains_terminate(kb):
    for e in kb.entries.values():
        seen = {e.id}
        while e.parent:
            e = kb.entries[e.parent]
            assert e.id not in seen, f"parent cycle through {e.id}"
            seen.add(e.id)


# Acronyms shared by two real groups: left ambiguous on purpose, resolution picks by context.
ALLOWED_AMBIGUOUS = {"erp", "jem", "sla"}


def test_only_deliberate_alias_collisions(kb):
    shared = {key for key, ids in kb._by_alias.items() if len(ids) > 1}
    assert shared == ALLOWED_AMBIGUOUS


@pytest.mark.parametrize(
    ("name", "expected_id"),
    [
        ("Pakistan Taliban", "ttp"),
        ("TTP", "ttp"),
        ("Pakistani Taliban", "ttp"),
        ("Tehrik-e-Taliban Pakistan", "ttp"),
        ("Tehreek-e-Taliban Pakistan", "ttp"),
        ("Pakistani branch of the Taliban", "ttp"),
        ("the Pakistani Taliban", "ttp"),
        ("Taliban", "taliban"),
        ("Afghan Taliban", "taliban"),
        ("Islamic Emirate of Afghanistan", "taliban"),
        ("al-Qaeda", "al_qaeda"),
        ("Al Qaida", "al_qaeda"),
        ("al Qaeda", "al_qaeda"),
        ("Al-Qa'ida", "al_qaeda"),
        ("Al-Qa\u2019ida", "al_qaeda"),
        ("Haqqani network", "haqqani_network"),
        ("the Haqqani Network", "haqqani_network"),
        ("Haqqanis", "haqqani_network"),
        ("Lashkar-e-Toiba", "lashkar_e_taiba"),
        ("LeT", "lashkar_e_taiba"),
        ("Sendero Luminoso", "shining_path"),
        ("Shining Path", "shining_path"),
        ("FMLN", "fmln"),
        ("MRTA", "mrta"),
        ("M-19", "m19"),
        ("Contras", "contras"),
        ("URNG", "urng"),
        ("ISIL", "islamic_state"),
        ("Daesh", "islamic_state"),
        ("AQAP", "aqap"),
        ("AQIM", "aqim"),
        ("Boko Haram", "boko_haram"),
        ("al-Shabab", "al_shabaab"),
        ("Hizbollah", "hezbollah"),
        ("Hamas", "hamas"),
        ("Euskadi Ta Askatasuna", "eta"),
        ("Provos", "provisional_ira"),
        ("Baitullah Mehsud", "baitullah_mehsud"),
        ("Hakimullah Mahsud", "hakimullah_mehsud"),
        ("Siraj Haqqani", "sirajuddin_haqqani"),
        ("Usama bin Ladin", "osama_bin_laden"),
        ("Ayman al-Zawahri", "ayman_al_zawahiri"),
        ("Abimael Guzman", "abimael_guzman"),
        ("Pentagon", "dod"),
        ("ISI", "isi"),
        ("Frontier Corps", "frontier_corps"),
        ("Al-Jazeera", "al_jazeera"),
        ("The Associated Press", "ap"),
        ("CBS News", "cbs_news"),
        ("Center for a New American Security", "cnas"),
        ("Pearl Continental", "pearl_continental"),
        ("NWFP", "khyber_pakhtunkhwa"),
        ("South Waziristan", "south_waziristan"),
    ],
)
def test_lookup(kb, name, expected_id):
    assert [e.id for e in kb.lookup(name)] == [expected_id]


@pytest.mark.parametrize(
    "name",
    # Bare surnames and ordinary words are not aliases: resolution decides them from context.
    [
        "Mehsud",
        "Haqqani",
        "Baghdadi",
        "IS",
        "AQ",
        "Siraj",
        "the Base",
        "Washington",
        "Congress",
        "Amnesty",
        "time",
    ],
)
def test_deliberately_not_aliases(kb, name):
    assert kb.lookup(name) == []


def test_splinter_parents(kb):
    assert kb.entries["jamaat_ul_ahrar"].parent == "ttp"
    assert kb.entries["haqqani_network"].parent == "taliban"
    assert kb.entries["real_ira"].parent == "provisional_ira"
    assert kb.entries["ttp"].parent is None  # allied with, not a branch of, the Afghan Taliban


# --------------------------------------------------------------------------- Phoenix importer: fixture

SAMPLE = FIXTURES / "sample.actors.txt"

EXPECTED_SAMPLE = [
    KBEntry(
        "phoenix:ATLANTIS",
        "Atlantis",
        "LOCATION",
        ("Atlantean", "Republic of Atlantis"),
        "ATL",
        ("ATL",),
        note="Phoenix country actor: synonyms may include its cities, regions and demonyms.",
        source="phoenix",
    ),
    KBEntry(
        "phoenix:ATLANTIS_NATIONAL_ARMY",
        "Atlantis National Army",
        "GOVERNMENT",
        ("Atlantean Army",),
        "ATL",
        ("ATLMIL",),
        source="phoenix",
    ),
    KBEntry(
        "phoenix:JOHN_Q_DOE",
        "John Q Doe",
        "PERSON",
        (),
        "ATL",
        ("ATLELI 19550101-19991231", "ATLGOV 19991231-20040322", "ATLELI"),
        note="CountryInfo.txt",
        source="phoenix",
    ),
    KBEntry(
        "phoenix:MARY_ROE",
        "Mary Roe",
        "PERSON",
        ("President Mary Roe",),
        "ATL",
        ("ATLGOV >20100105",),
        source="phoenix",
    ),
    KBEntry(
        "phoenix:FREEDOM_FRONT_OF_ATLANTIS_FFA",
        "Freedom Front of Atlantis",
        "ARMED_GROUP",
        ("FFA", "Freedom Front", "FFA Fighters"),
        "ATL",
        ("ATLREB", "ATLREB 20050101-20060101"),
        note="kkl 21 Mar 13",
        source="phoenix",
    ),
    KBEntry(
        "phoenix:U_N",
        "U.N.",
        "ORGANIZATION",
        ("UN Secretary General", "UNSG"),
        None,
        ("IGOUNO",),
        source="phoenix",
    ),
    KBEntry(
        "phoenix:DAILY_TRIDENT", "Daily Trident", "MEDIA", (), "ATL", ("ATLMED",), source="phoenix"
    ),
    KBEntry(
        "phoenix:SEA_RELIEF", "Sea Relief", "ORGANIZATION", (), None, ("NGOHLH",), source="phoenix"
    ),
    KBEntry(
        "phoenix:ABU_HARPOON",
        "Abu Harpoon",
        "PERSON",
        (),
        None,
        ("IMGATLREB",),
        note="leader of the front",
        source="phoenix",
    ),
    KBEntry(
        "phoenix:BAD_DATE_ACTOR",
        "Bad Date Actor",
        "GOVERNMENT",
        (),
        "ATL",
        ("ATLGOV",),
        source="phoenix",
    ),
]


def test_phoenix_fixture_exact():
    assert parse_phoenix(SAMPLE) == EXPECTED_SAMPLE


def test_phoenix_fixture_skipped_lines():
    report = parse_phoenix_report(SAMPLE)
    assert [(no, reason) for no, reason, _ in report.skipped] == [
        (4, "synonym before any actor"),
        (5, "code line before any actor"),
        (38, "date '19991301' has no such month/day"),
        (40, "unbalanced brackets"),
        (43, "agent (generic role, not an actor)"),
        (44, "agent substitution set"),
        (45, "actor without any code"),
    ]


def test_phoenix_hint_types_uncoded_roles(tmp_path):
    path = tmp_path / "groups.txt"
    path.write_text("JEMAAH_TEST_ [SEAMUSJMA]\n+JT_\n", encoding="utf-8")
    # region + religion codes and no hint: a religious body
    assert parse_phoenix(path)[0].type == "ORGANIZATION"
    assert parse_phoenix(path, hint="ARMED_GROUP")[0].type == "ARMED_GROUP"
    named = tmp_path / "Test.MilNonState.actors.txt"
    named.write_text(path.read_text())
    assert parse_phoenix(named)[0].type == "ARMED_GROUP"


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        (["AFG"], "LOCATION"),
        (["ETHERI <19910424", "ERI >19930427"], "LOCATION"),
        (["AFGREB"], "ARMED_GROUP"),
        (["IMGMUSALQ"], "ARMED_GROUP"),
        (["PSEREBHMS 19870101-20040322"], "ARMED_GROUP"),
        (["PAKSPY"], "GOVERNMENT"),
        (["USAGOVLEG"], "GOVERNMENT"),
        (["MED"], "MEDIA"),
        (["USAMED"], "MEDIA"),
        (["IGOUNOKID"], "ORGANIZATION"),
        (["NGOHRIAMN"], "ORGANIZATION"),
        (["MNCUSA"], "ORGANIZATION"),
        (["SEAMUSJMA"], "ORGANIZATION"),
        ([], None),
    ],
)
def test_cameo_type(codes, expected):
    assert cameo_type(codes) == expected


def test_missing_file_is_input_error(tmp_path):
    with pytest.raises(InputError):
        parse_phoenix(tmp_path / "nope.txt")


# --------------------------------------------------------------------------- Phoenix importer: real files


@pytest.fixture(scope="module")
def phoenix():
    if not PHOENIX.is_dir():
        pytest.skip("shared Phoenix dictionaries not available")
    return {
        name: parse_phoenix_report(PHOENIX / f"Phoenix.{name}.actors.txt")
        for name in ("Countries", "International", "MilNonState")
    }


def _by_id(report):
    return {e.id: e for e in report.entries}


@pytest.mark.parametrize(
    ("name", "entries", "max_skipped"),
    [("Countries", 18333, 10), ("International", 6659, 10), ("MilNonState", 1016, 0)],
)
def test_phoenix_counts(phoenix, name, entries, max_skipped):
    report = phoenix[name]
    assert len(report.entries) == entries
    assert len(report.skipped) <= max_skipped
    assert len({e.id for e in report.entries}) == len(report.entries)


def test_phoenix_types(phoenix):
    countries = Counter(e.type for e in phoenix["Countries"].entries)
    assert countries["PERSON"] > 15000 and countries["LOCATION"] > 200
    intl = Counter(e.type for e in phoenix["International"].entries)
    assert intl["ORGANIZATION"] > 5000 and intl["MEDIA"] > 100
    mil = Counter(e.type for e in phoenix["MilNonState"].entries)
    assert mil["ARMED_GROUP"] > 800 and mil["PERSON"] > 100


@pytest.mark.parametrize(
    ("file", "eid", "etype", "alias", "code"),
    [
        ("Countries", "phoenix:AFGHANISTAN", "LOCATION", "Afghan", "AFG"),
        ("Countries", "phoenix:HAMID_KARZAI", "PERSON", "President Karzai", "AFGGOV >20011222"),
        ("Countries", "phoenix:MOHAMMAD_ZAHIR_SHAH", "PERSON", None, "AFGGOV 19331108-19730717"),
        ("Countries", "phoenix:DGSE", "GOVERNMENT", "DCRI", "FRASPY"),
        (
            "Countries",
            "phoenix:ISLAMIC_STATE_OF_IRAQ_AND_THE_LEVANT",
            "ARMED_GROUP",
            "Islamic State of Iraq and Syria",
            "IMGMUSISI >19990101",
        ),
        ("International", "phoenix:AL_JAZEERA", "MEDIA", "Al Jazeera", "MED"),
        ("International", "phoenix:IAEA", "ORGANIZATION", None, "IGOUNOIAE"),
        (
            "International",
            "phoenix:SECRETARY_GENERAL_BAN_KI_MOON",
            "PERSON",
            "Ban Ki-Moon",
            "IGOUNO >20070101",
        ),
        ("MilNonState", "phoenix:TALIBAN", "ARMED_GROUP", "Taleban", "AFGREB"),
        ("MilNonState", "phoenix:HAMAS", "ARMED_GROUP", "Islamic Resistance Movement", "PSEREBHMS"),
        (
            "MilNonState",
            "phoenix:SHEIKH_AHMED_YASSIN",
            "PERSON",
            "Ahmed Yassin",
            "PSEREBHMS 19870101-20040322",
        ),
        ("MilNonState", "phoenix:AL_QA_IDA", "ARMED_GROUP", "Al-Qaida", "IMGMUSALQ"),
        ("MilNonState", "phoenix:ADEN_ABYAN_ISLAMIC_ARMY_AAIA", "ARMED_GROUP", "AAIA", "YEMREB"),
        ("MilNonState", "phoenix:SHOKO_ASHAHARA", "PERSON", None, "BUDREB"),
    ],
)
def test_phoenix_known_actors(phoenix, file, eid, etype, alias, code):
    entry = _by_id(phoenix[file])[eid]
    assert entry.type == etype
    assert code in entry.cameo
    assert entry.source == "phoenix"
    if alias:
        assert alias in entry.aliases


def test_phoenix_agents_file_has_no_actors():
    path = PHOENIX / "Phoenix.agents.txt"
    if not path.exists():
        pytest.skip("shared Phoenix dictionaries not available")
    report = parse_phoenix_report(path)
    assert report.entries == []
    assert len(report.skipped) > 2000


def test_phoenix_entries_load_into_kb(phoenix):
    kb = load_kb(extra_entries=phoenix["MilNonState"].entries)
    assert {"taliban", "phoenix:TALIBAN"} <= {e.id for e in kb.lookup("Taliban")}


# --------------------------------------------------------------------------- alias tables and dispatch


def test_alias_table_csv_exact():
    src = str(FIXTURES / "aliases.csv")
    assert read_alias_table(FIXTURES / "aliases.csv") == [
        KBEntry(
            "ffa",
            "Freedom Front of Atlantis",
            "ARMED_GROUP",
            ("FFA", "Atlantean Freedom Front"),
            "ATL",
            ("ATLREB", "IMGATLREB 20050101-20060101"),
            note="invented test group",
            source=src,
        ),
        KBEntry(
            "user:mary_roe",
            "Mary Roe",
            "PERSON",
            ("President Roe",),
            "ATL",
            (),
            parent="ffa",
            source=src,
        ),
    ]


def test_alias_table_skips_bad_rows():
    report = read_alias_table_report(FIXTURES / "aliases.csv")
    assert [(no, reason.split(" (")[0]) for no, reason, _ in report.skipped] == [
        (5, "unknown type 'WIZARD'"),
        (6, "empty name"),
        (7, "duplicate id 'ffa'"),
    ]


def test_alias_table_tsv():
    assert read_alias_table(FIXTURES / "aliases.tsv") == [
        KBEntry(
            "cia",
            "Central Intelligence Agency",
            "GOVERNMENT",
            ("CIA", "the Agency"),
            source=str(FIXTURES / "aliases.tsv"),
        )
    ]


def test_alias_table_needs_name_and_type(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("id,label\nx,y\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing: name, type"):
        read_alias_table(path)


def test_import_file_dispatch(tmp_path):
    assert import_file(SAMPLE) == EXPECTED_SAMPLE  # Phoenix by content
    assert [e.id for e in import_file(FIXTURES / "aliases.csv")] == ["ffa", "user:mary_roe"]
    as_txt = tmp_path / "table.txt"  # an alias table without its extension, found by its header
    as_txt.write_text((FIXTURES / "aliases.csv").read_text(encoding="utf-8"), encoding="utf-8")
    assert [e.id for e in import_file(as_txt)] == ["ffa", "user:mary_roe"]
    yml = tmp_path / "mine.yaml"
    yml.write_text(
        "- {id: x1, name: Example Front, type: ARMED_GROUP, aliases: [EXF]}\n", encoding="utf-8"
    )
    assert import_file(yml) == [
        KBEntry("x1", "Example Front", "ARMED_GROUP", ("EXF",), source=str(yml))
    ]
    assert import_file_report(yml).skipped == []


def test_imported_entries_extend_kb():
    kb = KnowledgeBase()
    kb.extend(import_file(SAMPLE))
    kb.extend(read_alias_table(FIXTURES / "aliases.csv"))
    assert {e.id for e in kb.lookup("FFA")} == {"phoenix:FREEDOM_FRONT_OF_ATLANTIS_FFA", "ffa"}
    assert [e.id for e in kb.lookup("Republic of Atlantis")] == ["phoenix:ATLANTIS"]
    assert norm("FFA Fighters") in kb._by_alias


def test_countries_are_one_entity_under_their_informal_names():
    from newsgraph.extract.kb import load_kb

    kb = load_kb()
    ids = {e.id for n in ("U.S.", "United States", "US", "USA") for e in kb.lookup(n)}
    assert ids == {"country_usa"}
    assert [e.name for e in kb.lookup("DPRK")] == ["North Korea"]
    assert kb.lookup("Chad") == [] and kb.lookup("Jordan") == []  # given names stay open
