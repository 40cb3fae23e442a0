"""Tests for newsgraph.extract.modality: each modality value, its scope, and who a claim is attributed to."""

from __future__ import annotations

from typing import Any

import pytest

from newsgraph.extract.modality import Assessment, assess, phrase_span, sentence_source
from newsgraph.records import MODALITIES


def _token(doc: Any, word: str, nth: int = 0) -> Any:
    hits = [t for t in doc if t.text == word]
    assert len(hits) > nth, f"{word!r} not in {doc.text!r}"
    return hits[nth]


# sentence, trigger word, expected modality, expected attributed_to (None = the paper's voice)
CASES: list[tuple[str, str, str, str | None]] = [
    # asserted
    ("Rebels attacked an army convoy near Gulu on Monday.", "attacked", "asserted", None),
    ("The bombing killed 14 people in a crowded market in Baghdad.", "killed", "asserted", None),
    (
        "Mexican marines arrested the drug lord in Mazatlan, officials confirmed.",
        "arrested",
        "asserted",
        "officials",
    ),
    (
        "Pakistani officials confirmed the death of a senior militant commander.",
        "death",
        "asserted",
        "Pakistani officials",
    ),
    # reported: adverbs, reporting verbs, "according to"
    (
        "The FARC allegedly kidnapped the mayor of a small town in Cauca.",
        "kidnapped",
        "reported",
        None,
    ),
    (
        "The commander was reportedly targeted by a drone near Kismayo.",
        "targeted",
        "reported",
        None,
    ),
    ("A car bomb killed 14 people in Baghdad, police said.", "killed", "reported", "police"),
    (
        "Interior Minister Rehman Malik told reporters that the army had killed 40 militants.",
        "killed",
        "reported",
        "Interior Minister Rehman Malik",
    ),
    (
        "Russian warplanes bombed a hospital in Idlib, according to the Syrian Observatory for Human Rights.",
        "bombed",
        "reported",
        "the Syrian Observatory for Human Rights",
    ),
    (
        "The offensive has made serious inroads against the rebels, a senior Western diplomat in Nairobi warned on Thursday.",
        "offensive",
        "reported",
        "a senior Western diplomat in Nairobi",
    ),
    (
        "U.S. intelligence officials said the militias had attacked the base.",
        "attacked",
        "reported",
        "U.S. intelligence officials",
    ),
    (
        '"We destroyed their camp," said a spokesman for the Tamil Tigers.',
        "destroyed",
        "reported",
        "a spokesman for the Tamil Tigers",
    ),
    (
        "The army shelled the town overnight, the official, who spoke on condition of anonymity, said.",
        "shelled",
        "reported",
        "the official",
    ),
    # believed / suspected
    ("The bomber was believed to have trained in Yemen.", "trained", "believed", None),
    ("The gunmen are thought to have fled across the border.", "fled", "believed", None),
    # the hedge is on who did it ("the work of"), not on whether the attack happened
    ("The attack was probably the work of a splinter faction.", "work", "believed", None),
    ("The attack was probably the work of a splinter faction.", "attack", "asserted", None),
    ("Investigators believe the militia planted the bomb.", "planted", "believed", "Investigators"),
    (
        "The group has been linked to a string of kidnappings in the Niger Delta.",
        "kidnappings",
        "suspected",
        None,
    ),
    ("The Tamil Tigers were blamed for the bombing in Colombo.", "bombing", "suspected", None),
    (
        "Police suspect that the cartel ordered the killing of the journalist.",
        "killing",
        "suspected",
        "Police",
    ),
    (
        "The assassination of the foreign minister was blamed on the rebels.",
        "assassination",
        "suspected",
        None,
    ),
    # speculated
    (
        "Analysts speculated that the ambush was the work of the Haqqani network.",
        "ambush",
        "speculated",
        "Analysts",
    ),
    (
        "The statement has led analysts to speculate that the group carried out the bombing.",
        "bombing",
        "speculated",
        "analysts",
    ),
    (
        "Analysts had speculated that the attack was probably carried out by a rival faction.",
        "attack",
        "speculated",
        "Analysts",
    ),
    # possible: adverbs, modals, threats, hedge nouns
    (
        "The group may now be working with al-Shabab to target Kenyan forces.",
        "target",
        "possible",
        None,
    ),
    (
        "Militants could strike again before the elections, officials warned.",
        "strike",
        "possible",
        "officials",
    ),
    (
        "He has been linked to several attacks, and possibly even the assassination of a former president.",
        "assassination",
        "possible",
        None,
    ),
    ("The rebels threatened to attack the capital.", "attack", "possible", None),
    (
        "There is always the chance that he will order another suicide attack.",
        "attack",
        "possible",
        None,
    ),
    ("The kidnapping was perhaps the work of a criminal gang.", "work", "possible", None),
    # denied
    ("The army denied bombing the village.", "bombing", "denied", "The army"),
    (
        "A Hamas spokesman denied that the group had fired the rockets.",
        "fired",
        "denied",
        "A Hamas spokesman",
    ),
    # negated
    ("Police did not arrest anyone after the riot.", "arrest", "negated", None),
    ("There was no attack on the village, the army said.", "attack", "negated", "the army"),
    ("The militants never kidnapped the engineers.", "kidnapped", "negated", None),
    # a coordinated verb shares its head conjunct's negation and modals ...
    ("The officers did not beat or kill the prisoners.", "kill", "negated", None),
    ("The guards did not torture and execute the detainees.", "execute", "negated", None),
    ("The militia could loot or burn the villages.", "burn", "possible", None),
    ("The army will neither negotiate nor withdraw its troops.", "withdraw", "possible", None),
    # ... unless it contrasts or has its own subject or auxiliary
    ("The suspect was not charged but executed the next morning.", "executed", "asserted", None),
    ("The police did not come, and the gunmen killed the guard.", "killed", "asserted", None),
    # a negative subject denies its own verb's event, not a verb above it
    ("No militant group has claimed the kidnapping.", "claimed", "negated", None),
    ("None of the hostages were killed, officials said.", "killed", "negated", "officials"),
    ("No one was surprised that the rebels bombed the bridge.", "bombed", "asserted", None),
    # calls and decisions: not carried out yet
    ("The party called on its supporters to occupy the ministry.", "occupy", "possible", None),
    ("The junta decided to bomb the rebel strongholds.", "bomb", "possible", None),
    ("The rebels asked the residents to attack the police stations.", "attack", "possible", None),
]


@pytest.mark.parametrize(
    "text,word,modality,source", CASES, ids=[f"{i:02d}-{c[2]}" for i, c in enumerate(CASES)]
)
def test_modality_table(nlp: Any, text: str, word: str, modality: str, source: str | None) -> None:
    doc = nlp(text)
    a = assess(doc, _token(doc, word))
    assert isinstance(a, Assessment)
    assert a.modality in MODALITIES
    assert (a.modality, a.attributed_to) == (modality, source), a
    assert a.polarity == (modality != "negated")
    if source is not None:
        assert a.source_span is not None and text[a.source_span[0] : a.source_span[1]] == source
    if modality != "asserted" or source is not None:
        assert a.cue, "a non-default assessment names its cue"


def test_table_covers_every_modality() -> None:
    assert {c[2] for c in CASES} == set(MODALITIES)
    assert len(CASES) >= 25


def test_coordination_scope(nlp: Any) -> None:
    """A cue on one conjunct does not reach the conjuncts before it."""
    doc = nlp(
        "He has been connected to attacks including the bombing of a hotel in Peshawar, "
        "and possibly even the assassination of a former prime minister."
    )
    assert assess(doc, _token(doc, "bombing")).modality == "suspected"
    assert assess(doc, _token(doc, "assassination")).modality == "possible"


def test_ordinary_verb_does_not_hedge_its_subject(nlp: Any) -> None:
    doc = nlp("The attack could change the course of the war.")
    assert assess(doc, _token(doc, "attack")).modality == "asserted"


def test_negation_stays_in_its_clause(nlp: Any) -> None:
    doc = nlp("Police did not arrest anyone after the bombing.")
    assert assess(doc, _token(doc, "bombing")).modality == "asserted"


def test_own_voice(nlp: Any) -> None:
    doc = nlp("The militia attacked the convoy, CBS News has learned.")
    assert assess(doc, _token(doc, "attacked"), own_voice=("CBS News",)).attributed_to is None


def test_span_argument(nlp: Any) -> None:
    doc = nlp("Officials said a suicide attack killed nine soldiers.")
    a = assess(doc, doc[2:5])
    assert (a.modality, a.attributed_to) == ("reported", "Officials")


@pytest.mark.parametrize(
    "text,source",
    [
        (
            '"We will not stop," Interior Minister Rehman Malik told CBS News.',
            "Interior Minister Rehman Malik",
        ),
        (
            "The attack was a matter of high priority, according to a senior intelligence official.",
            "a senior intelligence official",
        ),
        ('"Thank God the fighters are getting more advanced," Haqqani said.', "Haqqani"),
        ("The rebels attacked the town on Monday.", None),
        # a hyphen inside a name is no phrase boundary (was "according to Presse")
        ("The militants killed ten soldiers, according to Agence France-Presse.", "Agence France-Presse"),
        ("Ten soldiers died, Agence France-Presse reported.", "Agence France-Presse"),
    ],
)
def test_sentence_source(nlp: Any, text: str, source: str | None) -> None:
    doc = nlp(text)
    got = sentence_source(next(iter(doc.sents)))
    assert (got[0] if got else None) == source
    if got:
        assert got[1].text == source


def test_phrase_span_trims_relative_clause(nlp: Any) -> None:
    doc = nlp("The official, who spoke on condition of anonymity, said the attack failed.")
    assert phrase_span(doc[1]).text == "The official"


# Conditions and hedging predicates: the event has not happened.
@pytest.mark.parametrize(
    ("text", "word", "modality"),
    [
        ("A ceasefire would be far more likely if the army withdrew from the valley.", "withdrew", "possible"),
        ("Unless the rebels release the hostages, talks will collapse.", "release", "possible"),
        ("A new offensive is likely before the rainy season.", "offensive", "possible"),
        ("An attack on the capital is imminent, the minister warned.", "attack", "possible"),
        ("The army withdrew from the valley after the ceasefire.", "withdrew", "asserted"),
    ],
)
def test_conditions_and_hedging_predicates(nlp: Any, text: str, word: str, modality: str) -> None:
    doc = nlp(text)
    assert assess(doc, _token(doc, word)).modality == modality


# A source is a named actor, a resolved pronoun, or nothing.
@pytest.mark.parametrize(
    ("text", "word", "source"),
    [
        ("The group's spokesman, Abu Ahmed, said the bombing was carried out by its fighters.", "bombing", "Abu Ahmed"),
        ("Police arrested Maria Lopez on Friday. She said the kidnapping was planned in Cali.", "kidnapping", "Maria Lopez"),
        ("They said the attack was carried out by a splinter cell.", "attack", None),
        ("The attack was condemned by Kofi Annan, who said the bombing killed 20 civilians.", "bombing", "Kofi Annan"),
    ],
)
def test_sources_are_named_or_nothing(nlp: Any, text: str, word: str, source: str | None) -> None:
    doc = nlp(text)
    assert assess(doc, _token(doc, word)).attributed_to == source

