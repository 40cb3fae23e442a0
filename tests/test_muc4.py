from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsgraph.evaluate import muc4
from newsgraph.extract import truecase

FIX = Path(__file__).parent / "fixtures" / "eval" / "muc4"
MUC = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "muc4"


def test_read_keys_fixture() -> None:
    keys = muc4.read_keys(FIX)
    assert list(keys) == ["TST9-MUC4-0001", "TST9-MUC4-0002", "TST9-MUC4-0003"]
    assert keys["TST9-MUC4-0002"] == []  # the "*" template: no relevant incident
    t1, t2 = keys["TST9-MUC4-0001"]
    assert (t1.number, t1.optional, t1.incident_type) == (1, False, ["bombing"])
    assert (t2.number, t2.optional, t2.incident_type) == (2, True, ["attack"])
    assert t1.roles["Weapon"] == [["DYNAMITE", "DYNAMITE CHARGE"]]
    assert t1.roles["PerpOrg"] == [["SHINING PATH", "SENDERO LUMINOSO"]]
    assert t1.roles["Target"] == [["U.S. EMBASSY"], ["BANK BRANCH"]]  # two lines, two entities
    # the description of a named victim joins that victim; "? " marks stay fillers
    assert t1.roles["Victim"] == [["JUAN PEREZ", "GUARD"], ["PASSERSBY"]]
    assert t1.date == "- 19 APR 89" and t1.location == "PERU: LIMA (CITY)"
    assert t2.roles["Weapon"] == []  # "*"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("30 DEC 89", ("1989-12-30", "1989-12-30")),
        ("- 08 JAN 90", (None, "1990-01-08")),
        ("26 AUG 89 - 27 AUG 89", ("1989-08-26", "1989-08-27")),
        (None, (None, None)),
    ],
)
def test_parse_key_dates(value: str | None, expected: tuple) -> None:
    assert muc4.parse_key_dates(value) == expected


@pytest.mark.parametrize(
    "value, names",
    [
        ("PERU: LIMA (CITY): SAN ISIDRO (NEIGHBORHOOD)", ["PERU", "LIMA", "SAN ISIDRO"]),
        ("COLOMBIA: ORITO (TOWN) - TUMACO (TOWN)", ["COLOMBIA", "ORITO", "TUMACO"]),
        ("EL SALVADOR", ["EL SALVADOR"]),
    ],
)
def test_location_names(value: str, names: list[str]) -> None:
    assert muc4.location_names(value) == names


def test_read_texts_fixture() -> None:
    docs = muc4.read_texts(FIX)
    assert [d.id for d in docs] == ["TST9-MUC4-0001", "TST9-MUC4-0002", "TST9-MUC4-0003"]
    assert [d.date for d in docs] == ["1989-04-20", None, "1989-06-11"]
    assert docs[0].dateline == "LIMA, 20 APR 89 (EFE) --"
    assert docs[0].text.strip().startswith("LIMA, 20 APR 89")
    assert "TST9-MUC4-0002" not in docs[0].text


@pytest.mark.parametrize(
    "dateline, iso",
    [
        ("LIMA, 20 AUG 88 (EFE) -- [TEXT] X", "1988-08-20"),
        ("SAN SALVADOR, 3 JAN 90 -- [REPORT]", "1990-01-03"),
        ("PERTH (AUSTRALIA), JUNE 11 89 (AFP) -- [TEXT]", "1989-06-11"),
        ("BOGOTA, 27 APR 90 [INRAVISION TELEVISION CADENA 1) -- [SPEECH]", "1990-04-27"),
        ("NO CITY (PERU), NO DATE -- [SPEECH]", None),
    ],
)
def test_parse_dateline(dateline: str, iso: str | None) -> None:
    line, date = muc4.parse_dateline(dateline)
    assert line is not None and line.endswith("--")
    assert date == iso


LEX = frozenset({"the", "attack", "a", "power", "station", "in", "said", "of", "police"})


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "THE FMLN ATTACKED A POWER STATION IN SAN SALVADOR.  POLICE SAID THE ATTACK OF THE FMLN",
            "The FMLN attacked a power station in San Salvador.  Police said the attack of the FMLN",
        ),
        # already mixed case: untouched
        (
            "The FMLN attacked a power station in San Salvador today.",
            "The FMLN attacked a power station in San Salvador today.",
        ),
    ],
)
def test_truecase_with_lexicon(text: str, expected: str) -> None:
    assert truecase.truecase(text, LEX) == expected


def test_truecase_default_lexicon_keeps_offsets() -> None:
    text = (
        "   LIMA, 20 APR 89 (EFE) -- [TEXT] A DYNAMITE CHARGE EXPLODED YESTERDAY OUTSIDE THE\n"
        "U.S. EMBASSY IN LIMA.  POLICE SAID SHINING PATH TERRORISTS PLANTED THE BOMB."
    )
    out = truecase.truecase(text)
    assert len(out) == len(text)
    assert out.upper() == text.upper()
    for word in ("dynamite", "charge", "exploded", "yesterday", "outside", "planted", "bomb"):
        assert re.search(rf"\b{word}\b", out), word
    # "Shining Path" from the knowledge base, "U.S." initials, "Police" starts a sentence
    for name in ("Lima,", "Shining Path", "U.S. embassy", "Police said"):
        assert name in out, name


@pytest.mark.parametrize(
    "text, expected",
    [
        ("THE ARMY OF EL SALVADOR ATTACKED.", "The army of El Salvador attacked."),
        ("THE U.S. ARMY ATTACKED THE POWER STATION.", "The U.S. army attacked the power station."),
        (
            "[TEXT] THE ARMY ATTACKED [FMLN] IN THE STATION",
            "[Text] The army attacked [FMLN] in the station",
        ),
    ],
)
def test_truecase_phrases_and_headers(text: str, expected: str) -> None:
    lex = LEX | {"army", "attacked"}
    phrases = {("el", "salvador"): "El Salvador"}
    assert truecase.truecase(text, lex, phrases) == expected


def test_is_upper_text() -> None:
    assert truecase.is_upper_text("THE ARMY SAID TODAY THAT GUERRILLAS ATTACKED")
    assert not truecase.is_upper_text("The army said today that guerrillas attacked")


# --------------------------------------------------------------------------- real corpus

needs_muc = pytest.mark.skipif(not (MUC / "dev").is_dir(), reason="MUC-4 corpus not present")


@needs_muc
def test_real_dev_keys_parse_every_block() -> None:
    files = sorted((MUC / "dev").glob("key-*"))
    text = "".join(f.read_text(encoding="latin-1") for f in files)
    blocks = len(re.findall(r"^0\.\s+MESSAGE: ID", text, re.M))
    empty = len(re.findall(r"^1\.\s+MESSAGE: TEMPLATE\s+\*", text, re.M))
    optional = len(re.findall(r"^1\.\s+MESSAGE: TEMPLATE\s+\d+\s*\(OPTIONAL\)", text, re.M))
    keys = muc4.read_keys(MUC / "dev")
    assert len(keys) == len(set(re.findall(r"^0\.\s+MESSAGE: ID\s+(\S+)", text, re.M))) == 1300
    templates = [t for ts in keys.values() for t in ts]
    assert len(templates) == blocks - empty
    assert sum(t.optional for t in templates) == optional
    assert all(
        t.incident_type and set(t.incident_type) <= set(muc4.INCIDENT_TYPES) for t in templates
    )


@needs_muc
def test_real_dev_texts_match_keys() -> None:
    docs = muc4.read_texts(MUC / "dev")
    keys = muc4.read_keys(MUC / "dev")
    assert len(docs) == 1300
    assert {d.id for d in docs} == set(keys)
    assert sum(d.dateline is not None for d in docs) == 1300
    assert sum(d.date is not None for d in docs) >= 1230  # the rest say NO DATE


@needs_muc
@pytest.mark.parametrize("split", ["tst1", "tst2", "tst3"])
def test_real_test_sets_parse(split: str) -> None:
    docs = muc4.read_texts(MUC / split)
    keys = muc4.read_keys(MUC / split)
    assert len(docs) == 100
    assert {d.id for d in docs} == set(keys)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "THE ATTACK IN SAN SALVADOR IN MAY 1989 WAS SAID TO BE",
            "The attack in San Salvador in May 1989 was said to be",
        ),
        (
            "THE POLICE MAY ATTACK ON 10 MARCH IN THE STATION",
            "The police may attack on 10 March in the station",
        ),
    ],
)
def test_truecase_months_and_name_openers(text: str, expected: str) -> None:
    lex = LEX | {"may", "march", "was", "to", "be", "on", "salvador"}
    assert truecase.truecase(text, lex, {}) == expected


def test_raw_articles() -> None:
    docs = muc4.read_texts(FIX)
    arts = muc4.raw_articles(docs)
    assert [a.source for a in arts] == [
        "TST9-MUC4-0001.txt",
        "TST9-MUC4-0002.txt",
        "TST9-MUC4-0003.txt",
    ]
    assert [a.published for a in arts] == ["1989-04-20", None, "1989-06-11"]
    assert [a.publisher for a in arts] == ["EFE", "RADIO VENCEREMOS", "AFP"]
    assert all(len(a.text or "") == len(d.text) for a, d in zip(arts, docs, strict=True))
    assert "exploded" in (arts[0].text or "")
    assert muc4.raw_articles(docs, restore_case=False)[0].text == docs[0].text


def test_a_word_cased_alias_never_recases_the_common_word():
    """The KB's "LeT" (Lashkar-e-Taiba) is written like a word; "LET US" in wire copy is the
    verb, so the truecaser leaves it to the lexicon."""
    text = truecase.truecase("THE REFERENDUM WILL LET PUERTO RICANS DECIDE IN LIMA.")
    assert "will let Puerto Ricans" in text and "Lima" in text
