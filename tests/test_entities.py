"""Tests for newsgraph.extract.entities: KB matcher, span cleaning, type votes, fuzzy KB matches."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import spacy

from newsgraph.extract import entities
from newsgraph.extract.kb import KBEntry, KnowledgeBase, load_kb
from newsgraph.records import Article, Mention
from newsgraph.settings import Settings

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
CBS = SAMPLES / "000_ade3ec06338c3c2f.txt"
NPR = SAMPLES / "003_146b48d1e1b73cbb.txt"

SMALL_KB = [
    KBEntry(
        "ttp",
        "Tehrik-e-Taliban Pakistan",
        "ARMED_GROUP",
        ("TTP", "Pakistan Taliban", "Pakistani Taliban"),
    ),
    KBEntry(
        "boko_haram", "Boko Haram", "ARMED_GROUP", ("Jama'atu Ahlis Sunna Lidda'awati wal-Jihad",)
    ),
    KBEntry("hezbollah", "Hezbollah", "ARMED_GROUP", ("Hizbollah", "Hizballah")),
    KBEntry("hamas", "Hamas", "ARMED_GROUP", ("Islamic Resistance Movement",)),
    KBEntry(
        "farc",
        "Revolutionary Armed Forces of Colombia",
        "ARMED_GROUP",
        ("FARC", "Fuerzas Armadas Revolucionarias de Colombia"),
    ),
    KBEntry(
        "eln", "National Liberation Army", "ARMED_GROUP", ("ELN", "Ejército de Liberación Nacional")
    ),
    KBEntry("nusra", "Nusra Front", "ARMED_GROUP", ("Front",)),  # a deliberately bad alias
    KBEntry("cia", "Central Intelligence Agency", "GOVERNMENT", ("CIA",)),
    KBEntry("isi", "Inter-Services Intelligence", "GOVERNMENT", ("ISI",)),
    KBEntry("aljazeera", "Al Jazeera", "MEDIA", ("Al-Jazeera",)),
    KBEntry("marriott", "Marriott", "ORGANIZATION", ("Marriott International",)),
    KBEntry("baitullah_mehsud", "Baitullah Mehsud", "PERSON"),
    KBEntry("hakimullah_mehsud", "Hakimullah Mehsud", "PERSON"),
]


@pytest.fixture(scope="module")
def model():
    """A private copy of the model: configure() adds a pipe, which must not leak into the
    session-wide ``nlp`` fixture other modules use."""
    return spacy.load(Settings().model)


@pytest.fixture(scope="module")
def small_kb() -> KnowledgeBase:
    kb = KnowledgeBase()
    kb.extend(SMALL_KB)
    return kb


def run(model, kb: KnowledgeBase, text: str, publisher: str | None = None) -> list[Mention]:
    entities.configure(model, kb)
    doc = model(text)
    article = Article(id="t", source="t", raw_text=text, text=text, publisher=publisher)
    return entities.extract(doc, article, kb)


def found(mentions: list[Mention]) -> dict[str, str]:
    return {m.text: m.type for m in mentions}


# ------------------------------------------------------------------ pure helpers


@pytest.mark.parametrize(
    "a, b, person, expected",
    [
        ("Paksitani Taliban", "Pakistani Taliban", False, True),  # transposition
        ("Mariott", "Marriott", False, True),  # dropped letter
        ("Hezbolah", "Hezbollah", False, True),
        ("Baitullah Mehsud", "Hakimullah Mehsud", True, False),  # different given names
        ("Baitullah", "Hakimullah", True, False),
        ("Bashir Gemayel", "Amine Gemayel", True, False),
        ("Hamas", "Hamaz", False, False),  # short names never fuzzy
        ("ETA", "ETTA", False, False),
        ("Pakistan", "Pakistani", False, False),  # a demonym is not a typo
        ("Afghan Taliban", "Pakistan Taliban", False, False),
        ("Qari Zainuddin", "Zainuddin", True, True),  # honorifics are not part of the name
        ("Rehman Malik", "Malik", True, False),  # word counts differ: chaining, not typos
        ("Abubakar Shekau", "Abubakar Shekau", True, True),
    ],
)
def test_similar_names(a: str, b: str, person: bool, expected: bool) -> None:
    assert entities.similar_names(a, b, 88.0, person=person) is expected
    assert entities.similar_names(b, a, 88.0, person=person) is expected


@pytest.mark.parametrize(
    "name, tokens",
    [
        ("Interior Minister Rehman Malik", ["rehman", "malik"]),
        ("Gen. Qassem Soleimani", ["qassem", "soleimani"]),
        ("Qari Zainuddin", ["zainuddin"]),
        ("Mullah Omar", ["omar"]),
        ("Hammam Khalil al-Balawi", ["hammam", "khalil", "balawi"]),
        ("Osama bin Laden", ["osama", "bin", "laden"]),
        ("Mehsud's", ["mehsud"]),
    ],
)
def test_person_tokens(name: str, tokens: list[str]) -> None:
    assert entities.person_tokens(name) == tokens


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Ministry of Interior", "GOVERNMENT"),
        ("Pakistan Army", "GOVERNMENT"),
        ("Free Syrian Army", "ARMED_GROUP"),
        ("Al-Aqsa Martyrs Brigades", "ARMED_GROUP"),
        ("Lashkar-e-Jhangvi", "ARMED_GROUP"),
        ("Voice of America Radio", "MEDIA"),
        ("The New York Times", "MEDIA"),
        ("Georgetown University", "ORGANIZATION"),
        ("Serena Hotel", "FACILITY"),
        ("Acme", None),
    ],
)
def test_name_cue_type(name: str, expected: str | None) -> None:
    assert entities.name_cue_type(name) == expected


def test_initials() -> None:
    assert entities.initials("Tehrik-e-Taliban Pakistan") == "TTP"
    assert entities.initials("Center for a New American Security") == "CNAS"


# ------------------------------------------------------------------ configure


def test_configure_is_idempotent_and_before_ner(model, small_kb) -> None:
    entities.configure(model, small_kb)
    entities.configure(model, small_kb)
    names = model.pipe_names
    assert names.count(entities.COMPONENT) == 1
    assert names.index(entities.COMPONENT) < names.index("ner")


def test_component_pickles_for_worker_processes(model, small_kb) -> None:
    import pickle

    entities.configure(model, small_kb)
    copy = pickle.loads(pickle.dumps(model.get_pipe(entities.COMPONENT)))
    assert len(copy.patterns) == len(model.get_pipe(entities.COMPONENT).patterns)


def test_configure_is_fast_for_thousands_of_aliases(model, small_kb) -> None:
    big = KnowledgeBase()
    big.extend(SMALL_KB)
    big.extend(
        KBEntry(
            f"g{i}",
            f"Brigade Number {i} of Testland",
            "ARMED_GROUP",
            (f"Testland Group {i}", f"TG{i}"),
        )
        for i in range(3000)
    )
    t0 = time.perf_counter()
    entities.configure(model, big)
    assert time.perf_counter() - t0 < 5.0
    mentions = run(model, big, "Fighters of Testland Group 1234 attacked a village.")
    assert any(m.text == "Testland Group 1234" and m.kb_id == "g1234" for m in mentions)
    entities.configure(model, small_kb)  # reload: patterns follow the KB
    assert not any(
        m.kb_id == "g1234" for m in run(model, small_kb, "Testland Group 1234 attacked.")
    )


# ------------------------------------------------------------------ extraction table


@pytest.mark.parametrize(
    "text, expected",
    [
        # The KB keeps a hyphenated name whole and types it.
        (
            "The Tehrik-e-Taliban Pakistan claimed the attack in Bannu on Monday.",
            {"Tehrik-e-Taliban Pakistan": "ARMED_GROUP", "Bannu": "LOCATION"},
        ),
        # Possessives and leading "the" are stripped.
        (
            "Hamas's leader Ismail Haniyeh spoke in Gaza City.",
            {"Hamas": "ARMED_GROUP", "Ismail Haniyeh": "PERSON"},
        ),
        # Titles are not part of a person's span.
        (
            "Gen. Qassem Soleimani visited Baghdad. Soleimani met militia leaders.",
            {"Qassem Soleimani": "PERSON", "Soleimani": "PERSON", "Baghdad": "LOCATION"},
        ),
        # Typos of KB names join the entry; Spanish names through their KB alias.
        ("Hezbolah fighters crossed the border near Qusayr.", {"Hezbolah": "ARMED_GROUP"}),
        (
            "Las Fuerzas Armadas Revolucionarias de Colombia signed the accord in Havana.",
            {"Fuerzas Armadas Revolucionarias de Colombia": "ARMED_GROUP", "Havana": "LOCATION"},
        ),
        (
            "The Ejercito de Liberacion Nacional kidnapped two engineers in Arauca.",
            {"Ejercito de Liberacion Nacional": "ARMED_GROUP"},
        ),
        # A hotel named after its chain is the building.
        ("A truck bomb destroyed the Mariott hotel in Islamabad.", {"Mariott hotel": "FACILITY"}),
        (
            "Gunmen stormed the Serena hotel in Kabul.",
            {"Serena hotel": "FACILITY", "Kabul": "LOCATION"},
        ),
        # A name known only from one spaCy GPE label, before a building noun, is the building.
        (
            "Al-Shabaab gunmen stormed the Westgate mall in Nairobi on Saturday.",
            {"Westgate mall": "FACILITY", "Nairobi": "LOCATION"},
        ),
        # "X network" is the group, not the person.
        (
            "The Haqqani network has been blamed for the attack. Jalaluddin Haqqani denied it.",
            {"Haqqani network": "ARMED_GROUP", "Jalaluddin Haqqani": "PERSON"},
        ),
        # Cue words and context decide ORG types.
        (
            "Officials at the Ministry of Interior in Kabul denied the report.",
            {"Ministry of Interior": "GOVERNMENT"},
        ),
        (
            "The ISI denied links to the militants, Al-Jazeera television reported.",
            {"ISI": "GOVERNMENT", "Al-Jazeera": "MEDIA"},
        ),
        # Datelines and country names are places, whatever spaCy's label.
        ("BEIRUT (Reuters) - Hezbollah said on Friday it would respond.", {"BEIRUT": "LOCATION"}),
        ("MAIDUGURI, Nigeria (AP) - Gunmen killed 12 soldiers on Sunday.", {"Nigeria": "LOCATION"}),
        # A bare surname takes the type of the person named in full.
        (
            "Abubakar Shekau leads Boko Haram. Troops said Shekau fled to Sambisa.",
            {"Abubakar Shekau": "PERSON", "Shekau": "PERSON", "Boko Haram": "ARMED_GROUP"},
        ),
    ],
)
def test_extract_table(model, small_kb, text: str, expected: dict[str, str]) -> None:
    got = found(run(model, small_kb, text))
    for name, type_ in expected.items():
        assert got.get(name) == type_, (name, got)


@pytest.mark.parametrize(
    "text, absent",
    [
        (
            "View CBS News In\nCBS News App Open\nChrome Safari Continue",
            ["CBS News App", "Chrome Safari"],
        ),
        (
            "See also the Terms of Use, Privacy Policy and Community FAQ.",
            ["Terms of Use", "Community FAQ", "Community"],
        ),
        (
            '<iframe src="" width="100%" scrolling="no" title="NPR embedded audio player">',
            ['scrolling="no'],
        ),
        ("(AP Photo/Dilawar Jan)\nPakistan's army advanced.", ["AP Photo/Dilawar Jan"]),
        # A KB alias written with a capital does not match a lowercase word.
        ("Soldiers on the front line held their positions in Donetsk.", ["front"]),
        # Demonyms are not mentions.
        ("Pakistani officials said Afghan forces fired first.", ["Pakistani", "Afghan"]),
        ("Defense Secretary Robert Gates arrived in Kabul.", ["Defense"]),
        # hashtags and handles are no mentions; nor is a post-nominal after a name
        ("Reports use the hashtag #Bagua, @Peru21pe wrote.", ["Bagua", "#Bagua", "Peru21pe"]),
        ("In the words of the Crown prosecutor, Mark Tedeschi, QC, it was wrong.", ["QC"]),
        # a nationality is no name, however the model labels it
        ("The North Koreans also get offended, the Hungarians said.", ["North Koreans", "Hungarians"]),
        # so is a people or a faith's followers
        ("Thousands of Rohingya fled, and many Puerto Ricans and Kurds marched.",
         ["Rohingya", "Puerto Ricans", "Kurds"]),
    ],
)
def test_junk_is_dropped(model, small_kb, text: str, absent: list[str]) -> None:
    texts = {m.text for m in run(model, small_kb, text)}
    assert not texts & set(absent), texts
    assert not any("\n" in t or "<" in t for t in texts)


def test_a_name_ends_before_the_common_noun_after_it(model, small_kb) -> None:
    """ "the Yonhap news agency": the name is "Yonhap", typed by the word after it; "a Kim
    Jong-un aide": the article is no part of the name."""
    by_text = {m.text: m for m in run(model, small_kb, "Later a Kim Jong-un aide spoke to the Yonhap news agency.")}
    assert "Kim Jong-un" in by_text and not any(t.startswith("a ") for t in by_text)
    assert "Yonhap" in by_text and by_text["Yonhap"].type == "MEDIA", by_text


def test_mentions_are_sorted_with_sentences_and_offsets(model, small_kb) -> None:
    text = "The CIA trained them. Later the ISI met Pakistan Taliban commanders in Miranshah."
    mentions = run(model, small_kb, text)
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    for m in mentions:
        assert text[m.start : m.end] == m.text
    by_text = {m.text: m for m in mentions}
    assert (
        by_text["CIA"].sentence == 0
        and by_text["CIA"].kb_id == "cia"
        and by_text["CIA"].source == "kb"
    )
    assert by_text["Pakistan Taliban"].sentence == 1 and by_text["Pakistan Taliban"].kb_id == "ttp"


def test_publisher_is_media(model, small_kb) -> None:
    mentions = run(
        model, small_kb, "Reuters Global reported the attack.", publisher="Reuters Global"
    )
    assert found(mentions).get("Reuters Global") == "MEDIA"


# ------------------------------------------------------------------ seed samples


@pytest.mark.parametrize("path", [CBS, NPR])
def test_samples_no_junk(model, small_kb, path: Path) -> None:
    text = path.read_text()
    publisher = "CBS News" if path == CBS else "NPR"
    mentions = run(model, small_kb, text, publisher)
    for m in mentions:
        assert "\n" not in m.text and '"' not in m.text and "App" not in m.text.split()
        assert not m.text.startswith(("the ", "The ")) and not m.text.endswith(("'s", "'"))
    assert "Community" not in {m.text for m in mentions}


def test_cbs_bare_spacy_mistakes_fixed(model, small_kb) -> None:
    mentions = run(model, small_kb, CBS.read_text(), "CBS News")
    types = {}
    for m in mentions:
        types.setdefault(m.text, set()).add(m.type)
    assert types["Mehsud"] == {"PERSON"}  # bare spaCy: GPE and NORP
    assert types["Swat"] == {"LOCATION"}  # bare spaCy: ORG
    assert types["Mariott hotel"] == {"FACILITY"}  # bare spaCy: "Mariott" NORP
    assert types["Pearl Continental hotel"] == {"FACILITY"}
    assert types["CBS News"] == {"MEDIA"}
    assert types["Qari Zainuddin"] == {"PERSON"}
    assert "Pakistani" not in types and "Paksitani" not in types


def test_npr_bare_spacy_mistakes_fixed(model, small_kb) -> None:
    text = NPR.read_text()
    mentions = run(model, small_kb, text, "NPR")
    types: dict[str, set[str]] = {}
    for m in mentions:
        types.setdefault(m.text, set()).add(m.type)
    assert types["Baitullah"] == {"PERSON"}  # bare spaCy: ORG
    assert types["Khost"] == {"LOCATION"}  # bare spaCy: ORG once
    assert types["Haqqani"] == {"PERSON"}  # bare spaCy: GPE once
    assert types["Haqqani network"] == {"ARMED_GROUP"}
    assert types["Tehrik-e-Taliban Pakistan"] == {"ARMED_GROUP"}  # bare spaCy: "Tehrik"
    assert types["Georgetown University"] == {"ORGANIZATION"}
    assert types["Center for a New American Security"] == {"ORGANIZATION"}  # bare spaCy: FAC
    assert types["NPR"] == {"MEDIA"}
    assert "Tehrik" not in types and "Defense" not in types and "Pakistanis" not in types


# ------------------------------------------------------------------ the packaged KB


@pytest.fixture(scope="module")
def real_kb() -> KnowledgeBase:
    kb = load_kb()
    if len(kb) < 100:
        pytest.skip("packaged KB not filled in yet")
    return kb


def test_real_kb_on_npr(model, real_kb) -> None:
    mentions = run(model, real_kb, NPR.read_text(), "NPR")
    by_text = {}
    for m in mentions:
        by_text.setdefault(m.text, set()).add((m.type, m.kb_id))
    ttp = {
        kb_id
        for t, kb_id in by_text["Pakistan Taliban"]
        | by_text["TTP"]
        | by_text["Tehrik-e-Taliban Pakistan"]
    }
    assert len(ttp) == 1 and None not in ttp
    assert {t for t, _ in by_text["CIA"]} == {"GOVERNMENT"}
    assert {t for t, _ in by_text["Al-Jazeera"]} == {"MEDIA"}
    assert {t for t, _ in by_text["Khost"]} == {"LOCATION"}
    assert {t for t, _ in by_text["Haqqani network"]} == {"ARMED_GROUP"}


def test_real_kb_on_cbs(model, real_kb) -> None:
    mentions = run(model, real_kb, CBS.read_text(), "CBS News")
    types: dict[str, set[str]] = {}
    for m in mentions:
        types.setdefault(m.text, set()).add(m.type)
    assert types["Mehsud"] == {"PERSON"}
    assert types["Taliban"] == {"ARMED_GROUP"}
    assert types["CBS News"] == {"MEDIA"}
    assert "FACILITY" in types.get("Mariott hotel", set()) | types.get("Mariott", set())


# ------------------------------------------------------------------ case rules for aliases


@pytest.mark.parametrize(
    "alias, strict",
    [
        ("LeT", True),  # a capital inside a word
        ("JuA", True),
        ("RAND", True),  # all capitals, up to four letters
        ("TTP", True),
        ("U.S.", True),
        ("Dawn", False),
        ("al-Qaeda", False),
        ("Hezbollah", False),
        ("FARC", True),
        ("HAMAS", False),  # five letters: written "Hamas" just as often
    ],
)
def test_strict_case(alias: str, strict: bool) -> None:
    assert entities.strict_case(alias) is strict


@pytest.mark.parametrize(
    "surface, alias, ok",
    [
        ("Rand", "RAND", False),
        ("RAND", "RAND", True),
        ("Let", "LeT", False),
        ("us", "US", False),
        ("front", "Front", False),
        ("Al-Qaida", "al-Qaida", True),
        ("TALIBAN", "Taliban", True),
    ],
)
def test_case_ok(surface: str, alias: str, ok: bool) -> None:
    assert entities.case_ok(surface, alias) is ok


@pytest.mark.parametrize(
    "text, expected, absent",
    [
        # Acronyms and inner-capital aliases match only as written.
        (
            "Let us be clear, the commander said. LeT fighters attacked Mumbai.",
            {"LeT": "ARMED_GROUP"},
            ["Let"],
        ),
        ("Senator Rand Paul criticised the RAND report.", {"Rand Paul": "PERSON"}, ["Rand"]),
        # A common word opening a sentence is the word, not the newspaper.
        ("Dawn broke over Karachi before the raid.", {"Karachi": "LOCATION"}, ["Dawn"]),
    ],
)
def test_alias_case(model, real_kb, text: str, expected: dict[str, str], absent: list[str]) -> None:
    got = found(run(model, real_kb, text))
    for name, type_ in expected.items():
        assert got.get(name) == type_, (name, got)
    assert not set(absent) & set(got), got


# ------------------------------------------------------------------ annotation-rule reshaping


@pytest.mark.parametrize(
    "text, expected, absent",
    [
        # A country plus lower-case state nouns is the country; a demonym's is no mention.
        (
            "American troops left Kandahar as US troops and British forces withdrew.",
            {"US": "LOCATION", "Kandahar": "LOCATION"},
            ["American troops", "US troops", "British forces"],
        ),
        # Named forces stay GOVERNMENT.
        (
            "The US Army and the Afghan National Army patrolled Kunar.",
            {"US Army": "GOVERNMENT", "Afghan National Army": "GOVERNMENT"},
            [],
        ),
        # A KB building alias written with its city: building and place apart.
        (
            "A truck bomb hit the Marriott hotel in Islamabad on Saturday.",
            {"Marriott hotel": "FACILITY", "Islamabad": "LOCATION"},
            ["Marriott hotel in Islamabad"],
        ),
        # A lower-case place noun is not part of the name.
        (
            "Troops moved into Helmand province and the Bajaur district.",
            {"Helmand": "LOCATION", "Bajaur": "LOCATION"},
            ["Helmand province", "Bajaur district"],
        ),
        # Countries glued by hyphens, and a country used attributively.
        (
            "Iran-backed militias clashed with U.S.-backed forces.",
            {"Iran": "LOCATION", "U.S.": "LOCATION"},
            [],
        ),
        # A derived word is not a mention.
        ("Officials warned of the Shabaab-ization of the coast.", {}, ["Shabaab"]),
    ],
)
def test_reshaped_mentions(
    model, real_kb, text: str, expected: dict[str, str], absent: list[str]
) -> None:
    got = found(run(model, real_kb, text))
    for name, type_ in expected.items():
        assert got.get(name) == type_, (name, got)
    assert not set(absent) & set(got), got


def test_a_name_recognised_once_is_a_mention_wherever_written_the_same(model) -> None:
    text = (
        "Montalvo was a member of Scientology all his life. Scientology officials denied it, "
        "and the Scientology organization said so. Rathbun wrote about #Scientology, "
        "Scientology-related jobs and the Scientology Foundation. The KPA fired; KPA units moved."
    )
    doc = model(text)
    first = text.index("Scientology")
    kpa = text.index("KPA")
    known = [(first, first + 11, "ORGANIZATION", "ner", None), (kpa, kpa + 3, "GOVERNMENT", "ner", "kpa")]
    found_again = entities._name_repeats(doc, known)
    assert [(text[a:b], t, s, k) for a, b, t, s, k in found_again] == [
        ("Scientology", "ORGANIZATION", "repeat", None),
        ("Scientology", "ORGANIZATION", "repeat", None),
        ("KPA", "GOVERNMENT", "repeat", "kpa"),
    ]
    # never inside a hashtag, a derived word or a longer name
    assert [a for a, *_ in found_again][:2] == [
        text.index("Scientology officials"), text.index("Scientology organization")
    ]
    # a common word is re-found only where the text keeps capitalising it
    doc = model("The Church said no. A church burned. Church leaders met.")
    assert entities._name_repeats(doc, [(0 + 4, 10, "ORGANIZATION", "ner", None)]) == []


@pytest.mark.parametrize(
    "text, expected, absent",
    [
        # An institution named with "of" / "for" is one name, not its parts.
        (
            "Joseph Zwilling, a spokesman for the Archdiocese of New York, declined to comment.",
            {"Archdiocese of New York": "ORGANIZATION"},
            ["New York"],
        ),
        (
            "Caitlin Boswell of the Joint Council for the Welfare of Immigrants spoke.",
            {"Joint Council for the Welfare of Immigrants": None},
            ["Joint Council"],
        ),
        ("The summit met at the Palace of Conventions.", {"Palace of Conventions": "FACILITY"}, []),
        ("The Port of Spain is calm.", {"Port of Spain": "LOCATION"}, ["Spain"]),
        # people of a group are no institution: the group keeps its own name
        (
            "Guerrillas of the National Liberation Army attacked a police station.",
            {"National Liberation Army": "ARMED_GROUP"},
            ["Guerrillas of the National Liberation Army"],
        ),
        # A body named with its country is one name; its country's own KB entry links it.
        (
            "A United States State Department official met the British Red Cross.",
            {"United States State Department": "GOVERNMENT", "British Red Cross": "ORGANIZATION"},
            ["United States", "State Department"],
        ),
        ("The Saudi Interior Ministry said so.", {"Saudi Interior Ministry": "GOVERNMENT"}, []),
        # ... but not a country's forces, and not a broadcaster
        ("U.S. forces and American Current TV arrived.", {"U.S.": "LOCATION"}, ["U.S. forces"]),
    ],
)
def test_institution_names(
    model, real_kb, text: str, expected: dict[str, str | None], absent: list[str]
) -> None:
    got = found(run(model, real_kb, text))
    for name, type_ in expected.items():
        assert name in got and (type_ is None or got[name] == type_), (name, got)
    assert not set(absent) & set(got), got


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Times Square", "FACILITY"),  # "times" names newspapers, but the head is "square"
        ("Wall Street Journal", "MEDIA"),
        ("Sydney Morning Herald", "MEDIA"),
        ("Free Syrian Army", "ARMED_GROUP"),  # the head's type, qualified by the other words
        ("Church of Scientology", "ORGANIZATION"),  # the head comes before "of"
        ("Ministry of Interior", "GOVERNMENT"),
        # a state's army, named with a demonym two states share; "popular" alone is too weak
        ("Korean People's Army", "GOVERNMENT"),
    ],
)
def test_the_head_word_of_a_name_decides_its_cue(name: str, expected: str) -> None:
    assert entities.name_cue_type(name) == expected


def test_outlets_named_before_a_media_word_or_typed_by_their_head(model, real_kb) -> None:
    got = found(run(model, real_kb, "The Cape Argus newspaper reported it, according to the "
                                    "Sydney Morning Herald. Montalvo read Freedom Magazine."))
    assert got.get("Cape Argus") == "MEDIA" and got.get("Sydney Morning Herald") == "MEDIA", got
    assert got.get("Freedom Magazine") == "MEDIA", got


@pytest.mark.parametrize(
    "text, name, expected",
    [
        # the model's PERSON at every mention loses to what the name's own noun says
        ("It was a victory for the ruling Frelimo party. Frelimo won. Frelimo rules.", "Frelimo",
         "ORGANIZATION"),
        ("Golyardi writes on the Eutopia website. Eutopia is read widely.", "Eutopia", "MEDIA"),
        ("He was declared dead at nearby Millard Fillmore Suburban Hospital.",
         "Millard Fillmore Suburban Hospital", "FACILITY"),
        ("The document was found on Castlefrank Road in Kanata.", "Castlefrank Road", "FACILITY"),
        # a person's appositive says nothing of the name
        ("Alberto Pizango, one of the leaders of the protest group, spoke.", "Alberto Pizango",
         "PERSON"),
    ],
)
def test_a_name_of_a_kind_of_body(model, real_kb, text: str, name: str, expected: str) -> None:
    assert found(run(model, real_kb, text)).get(name) == expected


def test_body_named_with_its_country_links_its_own_kb_entry(model, real_kb) -> None:
    mentions = run(model, real_kb, "A US Justice Department spokesman and the British Red Cross.")
    kb_ids = {m.text: m.kb_id for m in mentions}
    assert kb_ids["US Justice Department"] is not None
    assert real_kb.entries[kb_ids["US Justice Department"]].country == "USA"
    assert kb_ids["British Red Cross"] is None  # the ICRC is another body


# ------------------------------------------------------------------ groups in disguise


def by_text(mentions: list[Mention]) -> dict[str, tuple[str, str | None, str]]:
    return {m.text: (m.type, m.kb_id, m.source) for m in mentions}


@pytest.mark.parametrize(
    "text, expected",
    [
        # A family name modifying a group noun is the group named after the family...
        (
            "Fazlullah loyalists burned a school. Mullah Fazlullah later denied it.",
            {"Fazlullah": ("ARMED_GROUP", "swat_taliban"), "Mullah Fazlullah": ("PERSON", None)},
        ),
        (
            "Maute fighters held the city, and Abdullah Maute vowed to fight on.",
            {"Maute": ("ARMED_GROUP", "maute_group")},
        ),
        # ... the elliptical first conjunct names its own group ...
        (
            "The Pakistani and Punjabi Taliban met in Waziristan.",
            {"Pakistani": ("ARMED_GROUP", "ttp"), "Punjabi Taliban": ("ARMED_GROUP", None)},
        ),
        # ... and "<country> branch of <group>" is the KB group of that country.
        (
            "Al-Shabaab, the Somali branch of al-Qaeda, and AQAP, its Yemeni wing, grew.",
            {
                "Somali branch of al-Qaeda": ("ARMED_GROUP", "al_shabaab"),
                "al-Qaeda": ("ARMED_GROUP", "al_qaeda"),
                "Yemeni wing": ("ARMED_GROUP", "aqap"),
            },
        ),
        # A typo in the demonym, an anaphor for the group.
        (
            "Al-Qaeda has spread. The Yemnei branch of the terrorist group is the strongest.",
            {"Yemnei branch of the terrorist group": ("ARMED_GROUP", "aqap")},
        ),
    ],
)
def test_group_descriptions(model, real_kb, text: str, expected: dict) -> None:
    got = by_text(run(model, real_kb, text))
    for name, (type_, kb_id) in expected.items():
        assert name in got, got
        assert got[name][0] == type_, (name, got)
        if kb_id:
            assert got[name][1] == kb_id, (name, got)


def test_nominal_mentions_nest_and_stay_sorted(model, real_kb) -> None:
    text = "A strike killed the leader of the Pakistan branch of the Taliban."
    mentions = run(model, real_kb, text)
    got = by_text(mentions)
    assert got["Pakistan branch of the Taliban"] == ("ARMED_GROUP", "ttp", "nominal")
    assert got["Pakistan"][0] == "LOCATION" and got["Taliban"][1] == "taliban"
    assert [(m.start, m.end) for m in mentions] == sorted((m.start, m.end) for m in mentions)


@pytest.mark.parametrize(
    "word, code",
    [
        ("Pakistani", "PAK"),
        ("Paksitani", "PAK"),
        ("Somlai", "SOM"),
        ("Afghan", "AFG"),
        ("Iraq", "IRQ"),
        ("Iran", "IRN"),
        ("Fooland", None),
    ],
)
def test_country_code(word: str, code: str | None) -> None:
    assert entities.country_code(word) == code


@pytest.mark.parametrize(
    "text, nominal, absent",
    [
        (
            "Rebels shelled the UN compound, then stormed the Kabul airport and the Pentagon "
            "annex.",
            ["Kabul airport"],
            [],
        ),
        (
            "A bomber struck the ISI base at Peshawar; the Peshawar base was sealed off.",
            ["ISI base at Peshawar", "Peshawar base"],
            [],
        ),
        # Indefinite or plural: no particular building.
        ("Drones hit a Taliban camp and several ISI bases.", [], ["Taliban camp", "ISI bases"]),
    ],
)
def test_nominal_facilities(
    model, real_kb, text: str, nominal: list[str], absent: list[str]
) -> None:
    got = by_text(run(model, real_kb, text))
    for name in nominal:
        assert got.get(name, ("", None, ""))[0::2] == ("FACILITY", "nominal"), (name, got)
    assert not set(absent) & set(got), got


# ------------------------------------------------------------------ wire-copy precision audit
# Error classes found on truecased MUC-4 wire copy (docs/audit.md, "Entities"); the names here
# are other names of the same kinds.


@pytest.mark.parametrize(
    "word, expected",
    [
        ("Gunman", True),
        ("Servicemen", True),  # any plural of a "-man" noun in the model's noun list
        ("Firemen", True),
        ("Linemen", True),
        ("Spokeswomen", True),  # plural of a listed role noun
        ("Soldiers", True),
        ("Militias", False),  # a plural of a group noun, not a role
        ("Yemen", False),
        ("Carmen", False),
        ("Truman", False),
        ("Friedman", False),
        ("Gates", False),
    ],
)
def test_is_role_noun(word: str, expected: bool) -> None:
    assert entities.is_role_noun(word) is expected


@pytest.mark.parametrize(
    "text, absent",
    [
        ("Officials said the Servicemen were safe.", ["Servicemen"]),
        ("The Gunman, who was never identified, fled.", ["Gunman"]),
        ("The blast happened at 0930 [1530 GMT], 40 KM north of Quito.", ["GMT", "KM"]),
        ("The bus left at 1545 (2145 GMT) from the airport.", ["GMT"]),
        ("The letter was signed by MR. Gomez and read out.", ["MR"]),
    ],
)
def test_common_words_are_not_names(model, small_kb, text: str, absent: list[str]) -> None:
    names = found(run(model, small_kb, text))
    assert not set(absent) & set(names), names


@pytest.mark.parametrize(
    "text, expected",
    [
        # A media word before, opening or after the name beats spaCy's PERSON label.
        ("Reports received by radio Sandino indicate that the toll rose.", {"Sandino": "MEDIA"}),
        ("The report was aired by Cadena 7 late on Monday.", {"Cadena 7": "MEDIA"}),
        ("Fighting continued, the Sandino radio station reported.", {"Sandino": "MEDIA"}),
        # Place-opening words, place nouns after the name, a locative preposition (through a
        # coordinated list) beat spaCy's PERSON / ORG labels.
        (
            "Fighting spread to Ciudad Arce and Lomas de Santa Elena on Tuesday.",
            {"Ciudad Arce": "LOCATION", "Lomas de Santa Elena": "LOCATION"},
        ),
        ("Soldiers surrounded the Montebello neighborhood.", {"Montebello": "LOCATION"}),
        ("Clashes were reported in San Marcos, Tonacatepeque and Nejapa.",
         {"San Marcos": "LOCATION", "Nejapa": "LOCATION"}),
        # A person's title before or opening a name spaCy calls an organisation.
        ("Immigration director colonel Ramiro Leiva reported today that 7 foreigners have been "
         "deported from El Salvador.", {"Ramiro Leiva": "PERSON"}),
        ("The guerrillas are acting against DR Segundo Ibarra, rector of the university.",
         {"DR Segundo Ibarra": "PERSON"}),
        # "<place noun> of X".
        ("Peasants from the district of Huanta fled to the city.", {"Huanta": "LOCATION"}),
        ("Troops were sent to the province of Cotabambas last week.",
         {"Cotabambas": "LOCATION"}),
        # Listed among places: a place ("Leon" is also a given name).
        ("The rebels attacked Managua, Masaya, Chontales and Granada.",
         {"Chontales": "LOCATION"}),
        ("The rebels attacked Leon, Masaya, Chontales, and Granada last week.",
         {"Leon": "LOCATION"}),
        # ... but a list of people stays people.
        ("The delegation included Ramirez, Mendoza and Fuentes.",
         {"Ramirez": "PERSON", "Fuentes": "PERSON"}),
        # A title-case wire dateline is a place.
        ("Clandestine, 4 Feb 90 -- [Text] Officials said.", {"Clandestine": "LOCATION"}),
        ("Puerto Montt -- Through telephone calls to the media, the FPMR has claimed "
         "responsibility for the bomb.", {"Puerto Montt": "LOCATION"}),
        ("Valle Hermoso -- Gunmen shot two guards at the plant.", {"Valle Hermoso": "LOCATION"}),
        ("Havana (Cuba), 3 Feb 90 (Prensa Latina) -- [Text] Officials said.",
         {"Havana": "LOCATION", "Cuba": "LOCATION"}),
    ],
)
def test_media_and_place_cues(model, small_kb, text: str, expected: dict[str, str]) -> None:
    names = found(run(model, small_kb, text))
    for name, type_ in expected.items():
        assert names.get(name) == type_, names


def test_person_named_after_preposition_with_possessive_stays_a_person(model, small_kb) -> None:
    names = found(run(model, small_kb, "Carlos Mendoza spoke first. In Mendoza's view, the talks failed."))
    assert names.get("Carlos Mendoza") == "PERSON"


def test_truecased_wire_copy_has_no_common_word_entities(model, small_kb) -> None:
    """Irregular "-men" plurals, comparatives and misspelt words are lower-cased by the MUC
    truecaser, so they never reach NER as names."""
    from newsgraph.extract.truecase import truecase

    text = truecase(
        "THE BRIDGE WAS BLOWN UP. LINEMEN AND FIREMEN ARRIVED AT THE SCENE. THE UNIDDENTIFIED "
        "ATTACKERS FLED TO SAFER POSITIONS IN THE LARGEST VILLAGES, AND THE HARRASSED "
        "RESIDENTS STAYED INDOORS."
    )
    assert "Linemen and firemen" in text and "uniddentified" in text and "harrassed" in text
    assert "safer" in text and "largest" in text
    names = found(run(model, small_kb, text))
    assert not {"Firemen", "Uniddentified", "Safer", "Largest", "Harrassed"} & set(names), names


def test_post_nominal_letters_do_not_split_a_person() -> None:
    from newsgraph.extract.entities import person_tokens

    assert person_tokens("Michael Mansfield QC") == ["michael", "mansfield"]
    assert person_tokens("Jane Doe MP") == ["jane", "doe"]
    assert person_tokens("Martin Luther King Jr.") == ["martin", "luther", "king", "jr"]


def test_major_city_tagged_as_organisation_is_a_place() -> None:
    from newsgraph.extract.entities import major_places, norm

    places = major_places()
    assert norm("Erbil") in places and norm("Maiduguri") in places
    assert norm("Boko Haram") not in places


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Church of England", "ORGANIZATION"),
        ("Greek Orthodox Church", "ORGANIZATION"),
        ("St. Mary Church", "FACILITY"),
        ("Vietnam People's Army", "GOVERNMENT"),
        ("Free Syrian Army", "ARMED_GROUP"),
        ("Salvadoran Armed Forces", "GOVERNMENT"),
        ("LA Weekly", "MEDIA"),
        ("Gawker.com", "MEDIA"),
    ],
)
def test_name_cues_institutions_state_forces_and_media(name: str, expected: str) -> None:
    from newsgraph.extract.entities import name_cue_type

    assert name_cue_type(name) == expected


def test_fragments_common_words_and_longer_names(model, small_kb) -> None:
    text = ("The Crown said the trial would resume. Anger grew in Lima. \"Ya no hay más importante\", "
            "wrote one reader. Officials in Mexico City and Central America met at the U.S. Embassy in Lima.")
    got = {m.text: m.type for m in run(model, small_kb, text)}
    assert "Crown" not in got and "Anger" not in got
    assert not any(t[:1].islower() for t in got)
    assert "Mexico" not in got and "America" not in got
    assert got.get("Lima") == "LOCATION"



def test_demonyms_and_plurals_are_no_typos_of_kb_names() -> None:
    from newsgraph.extract.entities import fuzzy_kb
    from newsgraph.extract.kb import load_kb

    kb = load_kb()
    assert fuzzy_kb("Guatemalan", kb) is None and fuzzy_kb("North Koreans", kb) is None
    assert fuzzy_kb("Hezbolah", kb) is not None  # a real typo still matches


def test_batched_fuzzy_lookups_answer_as_single_ones() -> None:
    """prefetch_fuzzy fills the memo with what fuzzy_kb computes name by name."""
    from newsgraph.extract import entities as ents
    from newsgraph.extract.kb import load_kb

    names = ["Hezbolah", "Guatemalan", "North Koreans", "Baitulla Mehsud", "Tehrik-i-Taliban Pakistan",
             "Farabundo Marti Liberation Front", "Al-Qaida in Irak", "Something Unrelated Entirely",
             "Paksitani", "Boko Harm"]
    kb = load_kb()
    single = {n: ents._fuzzy_search(ents.norm(n), kb, 90.0) for n in names}
    ents._kb_memo("fuzzy", kb, 90.0).clear()
    ents.prefetch_fuzzy(names, kb, 90.0)
    memo = ents._kb_memo("fuzzy", kb, 90.0)
    assert {n: memo.get(ents.norm(n)) for n in names if len(ents.norm(n)) >= 6} == {
        n: v for n, v in single.items() if len(ents.norm(n)) >= 6}
    assert any(v is not None for v in single.values())


def test_in_a_sentence_in_another_language_only_known_names_count(model, real_kb) -> None:
    text = ("Pizango does not want to answer about the deaths. Pizango no quiere responder por "
            "los policías muertos ni la quema de locales. Esto va a acabar mal. Lo único que van "
            "a ganar es el odio de la gente.")
    got = [m.text for m in run(model, real_kb, text)]
    assert got.count("Pizango") == 2, got  # named in English too
    assert not [t for t in got if t.split()[0] in {"Lo"}], got
    # a name's own Spanish article makes no sentence Spanish
    got = found(run(model, real_kb, "Salvadoran President Alfredo Cristiani visited El Salvador."))
    assert got.get("Alfredo Cristiani") == "PERSON", got


def test_a_name_in_apposition_with_a_persons_role_is_a_person(model, real_kb) -> None:
    text = ("One of the indigenous leaders of the protest group, Alberto Pizango, called a press "
            "conference. Pizango said the government committed genocide.")
    got = found(run(model, real_kb, text))
    assert got.get("Alberto Pizango") == "PERSON" and got.get("Pizango") == "PERSON", got
