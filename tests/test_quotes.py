"""Quotes: speaker, cue and content of direct, split, continued and indirect speech."""

from __future__ import annotations

import pytest

from newsgraph.extract import quotes
from tests._facts_helpers import make_result

# (text, [(speaker substring, cue, content prefix)]); an empty list: no quote at all.
CASES = [
    (
        '"We will not negotiate with terrorists," Colombian Defense Minister Juan Carlos Pinzon told Reuters.',
        [("Pinzon", "told", "We will not negotiate with terrorists")],
    ),
    (
        '"The ceasefire is over," said Abu Obaida, a spokesman for Hamas.',
        [("Abu Obaida", "said", "The ceasefire is over")],
    ),
    (
        '"Al-Shabaab is weaker than it has ever been," says Matt Bryden, a Somalia analyst at Sahan Research.',
        [("Matt Bryden", "says", "Al-Shabaab is weaker than it has ever been")],
    ),
    (
        'Nigerian army spokesman Sani Usman said: "The terrorists have been routed from their camps in Sambisa."',
        [("Sani Usman", "said", "The terrorists have been routed from their camps")],
    ),
    (
        '"We have arrested twelve suspects," Gen. Sani Usman said. "More arrests will follow soon," he added.',
        [
            ("Sani Usman", "said", "We have arrested twelve suspects"),
            ("Sani Usman", "added", "More arrests will follow"),
        ],
    ),
    (
        '"The group is finished," a senior Iraqi intelligence official in Baghdad said. '
        '"It has no money left and no leaders," added the official, who spoke on condition of anonymity.',
        [
            ("a senior Iraqi intelligence official", "said", "The group is finished"),
            ("a senior Iraqi intelligence official", "added", "It has no money left"),
        ],
    ),
    (
        '"The fighters are surrounded," Gerry Adams said, "and they will not surrender without talks."',
        [
            ("Gerry Adams", "said", "The fighters are surrounded"),
            ("Gerry Adams", "said", "and they will not surrender"),
        ],
    ),
    (
        '"This is the first attack of its kind in the capital. We expect more of them before the election. '
        'The police are not ready," according to a senior Western diplomat in Kabul.',
        [
            (
                "a senior Western diplomat in Kabul",
                "according to",
                "This is the first attack of its kind",
            )
        ],
    ),
    (
        "Hassan Nasrallah said the group would respond to any Israeli strike on Lebanese soil.",
        [("Hassan Nasrallah", "said", "the group would respond to any Israeli strike")],
    ),
    (
        "Analysts said the FARC had lost much of its support in rural areas.",
        [("Analysts", "said", "the FARC had lost much of its support")],
    ),
    (
        "The army denied that its soldiers had fired on the protesters in Jaffna.",
        [("The army", "denied", "its soldiers had fired on the protesters")],
    ),
    (
        'Police chief Ahmed Said warned that Boko Haram "is planning new attacks on schools in Borno."',
        [("Ahmed Said", "warned", "Boko Haram is planning new attacks on schools")],
    ),
    (
        '"Our fighters are ready," Abubakar Shekau said in the video.\n\n'
        '"We will strike again and again until the infidels leave our land."',
        [("Shekau", "said", "Our fighters are ready"), ("Shekau", "said", "We will strike again")],
    ),
    ('The Pentagon described the attack as a "cowardly act" by the Islamic State.', []),
    ('The militants have forged new "connections," according to U.S. officials.', []),
    # "according to X" around a statement: X says it (an indirect quote), at either end
    (
        "According to Agencia Estado, members of the movement are accused of beating farm workers.",
        [("Agencia Estado", "according to", "members of the movement are accused of beating farm workers")],
    ),
    (
        "Twelve people were killed in the attack on the market, according to police.",
        [("police", "according to", "Twelve people were killed in the attack on the market")],
    ),
    (
        '"We were not involved in the kidnapping," Hezbollah said in a statement on Sunday.',
        [("Hezbollah", "said", "We were not involved in the kidnapping")],
    ),
    # --- audit of wire copy (docs/audit.md): speakers a reader could not cite are dropped
    ("I can tell you that the army has the situation under control.", []),
    ("We want to inform you that a car bomb has been defused in the capital.", []),
    ("It was officially reported that two policemen were killed in Cali.", []),
    ("No government can claim that it has defeated the drug trade.", []),
    ("The minister did not say that the talks had failed.", []),
    # a relative pronoun speaks for its antecedent, through an apposition
    (
        "I want to quote Rafael Soto, a rebel commander, who told the newspaper that the war would end soon.",
        [("Rafael Soto", "told", "the war would end soon")],
    ),
    # the apposition names the described speaker
    (
        "A police spokesman, Colonel Luis Vega, told reporters that the town was calm.",
        [("Luis Vega", "told", "the town was calm")],
    ),
    # "he" does not go back to a radio station; it does go back to a named person
    (
        "Radio Caracol said the bomb exploded at noon. He added that three people were hurt.",
        [("Radio Caracol", "said", "the bomb exploded at noon")],
    ),
    (
        "Mayor Luis Prado said the curfew would be lifted. He added that the army would stay.",
        [
            ("Luis Prado", "said", "the curfew would be lifted"),
            ("Luis Prado", "added", "the army would stay"),
        ],
    ),
    # "they" opening a sentence is the previous sentence's plural subject, not the last speaker
    (
        "The army said the situation was calm. The rebels destroyed two bridges in the north. "
        "They also announced that they had mined the main roads.",
        [
            ("The army", "said", "the situation was calm"),
            ("The rebels", "announced", "they had mined the main roads"),
        ],
    ),
    # a second speech verb coordinated inside the clause ends the first statement
    (
        "The army claimed it had no information on the clashes reported by the rebels and "
        "asserted that four soldiers had died.",
        [("The army", "claimed", "it had no information on the clashes reported by the rebels")],
    ),
    (
        '"Where are the weapons?" asked Juan Manuel Santos. "Nobody knows," he acknowledges.',
        [
            ("Juan Manuel Santos", "asked", "Where are the weapons?"),
            ("Juan Manuel Santos", "acknowledges", "Nobody knows"),
        ],
    ),
]


def _checked_exactly(content: str) -> bool:
    """Contents written as a whole clause in the table are checked exactly (clause ends)."""
    return content.endswith(("by the rebels", "the main roads"))


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_quote_table(nlp, text, expected):
    doc = nlp(text)
    result = make_result(doc)
    got = quotes.extract(doc, result)
    seen = [(q.speaker, q.cue, q.content) for q in got]
    assert len(got) == len(expected), seen
    for q, (speaker, cue, content) in zip(got, expected, strict=True):
        assert speaker.lower() in q.speaker.lower(), seen
        assert q.cue == cue, seen
        assert q.content.startswith(content), seen
        if _checked_exactly(content):
            assert q.content == content, seen
        assert '"' not in q.content
        if q.cue != "said" or not content[0].islower():  # direct quotes: the span is the content
            assert text[q.start : q.end] == q.content or q.content.startswith(content)


def test_speaker_entity_is_the_named_speaker(nlp):
    doc = nlp('"The militants are surrounded," Interior Minister Rehman Malik told CBS News.')
    result = make_result(doc)
    (q,) = quotes.extract(doc, result)
    assert q.speaker_entity is not None and result.entities[q.speaker_entity].name == q.speaker
    assert "Malik" in q.speaker and q.cue == "told"
    assert doc.text[q.start : q.end] == "The militants are surrounded"


def test_quote_spans_pair_marks_and_close_at_paragraph_end():
    text = 'He said, \u201cfirst part.\n\n\u201cSecond part\u201d and "third".'
    spans = quotes.quote_spans(text)
    assert [text[s:e] for s, e in spans] == ["first part.", "Second part", "third"]


@pytest.fixture(scope="module")
def seed_quotes():
    try:
        from newsgraph.pipeline import Pipeline
    except ImportError as exc:
        pytest.skip(f"pipeline does not import yet: {exc}")
    from tests.conftest import SAMPLES

    pipe = Pipeline()
    cbs = pipe.analyse_text(
        (SAMPLES / "000_ade3ec06338c3c2f.txt").read_text(), published="2009-06-25"
    )[1]
    npr = pipe.analyse_text(
        (SAMPLES / "003_146b48d1e1b73cbb.txt").read_text(),
        published_range=("2009-12-30", "2010-02-02"),
    )[1]
    return cbs.quotes + npr.quotes


@pytest.mark.parametrize(
    "start,speaker,cue",
    [
        ("We have had unprecedented public support", "Rehman Malik", "told"),
        ("You can see that across this country", "Rehman Malik", "added"),
        ("the military offensive in Swat is now in its final stages", "Rehman Malik", "said"),
        ("The militants are surrounded", "Rehman Malik", "added"),
        (
            "Baitullah Mehsud is suffering",
            "a senior Pakistani security official in Islamabad",
            "said",
        ),
        ("It is just not possible", "a senior Pakistani security official in Islamabad", "added"),
        ("If it was the Pakistan Taliban that did it", "Christine Fair", "says"),
        ("Thank God the mujahideen", "Haqqani", "said"),
        (
            "splintered, reconstituted and reconnected",
            "a senior U.S. intelligence official",
            "says",
        ),
        (
            "We have probably been less attentive",
            "a senior U.S. intelligence official",
            "acknowledges",
        ),
        ("What we may have to come to realize", "Andrew Exum", "says"),
    ],
)
def test_seed_quotes(seed_quotes, start, speaker, cue):
    hits = [q for q in seed_quotes if q.content.startswith(start)]
    assert hits, [q.content[:30] for q in seed_quotes]
    assert speaker in hits[0].speaker and hits[0].cue == cue


def test_block_quote_after_a_colon_introduction(nlp):
    from newsgraph.extract import quotes
    from tests._facts_helpers import make_result

    text = ("The speech drew mixed reactions online.\n\nGershom Gorenberg, an Israeli historian, notes:\n\n"
            "Barack Obama likes to change what history means, and that is a very good thing for the region.\n\n"
            "Other bloggers were less kind.")
    doc = nlp(text)
    got = quotes.extract(doc, make_result(doc))
    block = [q for q in got if q.content.startswith("Barack Obama likes")]
    assert block and "Gorenberg" in block[0].speaker and block[0].cue == "notes"


def test_wire_copy_two_character_quote_marks():
    text = ("``I think they are at best disingenuous,'' she said. ''It never even entered my "
            "mind,'' he said. The boy's dog barked.")
    spans = [text[a:b] for a, b in quotes.quote_spans(text)]
    assert spans == ["I think they are at best disingenuous,", "It never even entered my mind,"]


def test_a_wire_quote_on_its_own_continues_the_speaker():
    from newsgraph.pipeline import get_pipeline

    text = ("Susan Dudley spoke at the rally.\n\n``I think that when pro-life organizations try "
            "to distinguish,'' she said. ``They are the ones who call these doctors murderers.''")
    _, result = get_pipeline().analyse_text(text)
    assert [(q.speaker, q.content.split()[0]) for q in result.quotes] == [
        ("Susan Dudley", "I"), ("Susan Dudley", "They")]


def test_the_apposition_names_the_speaker_wherever_the_parser_hangs_it():
    from newsgraph.pipeline import get_pipeline

    _, result = get_pipeline().analyse_text(
        "One of the indigenous leaders of the protest group, Alberto Pizango, called a press "
        "conference and stated that the Peruvian government has committed genocide.")
    assert [q.speaker for q in result.quotes] == ["Alberto Pizango"]
