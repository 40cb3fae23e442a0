"""Test inputs for the facts stages (relations, quotes, corrections) without the entity stages:
an ArticleResult whose mentions and entities come straight from spaCy's ``doc.ents``."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from newsgraph.extract.kb import norm
from newsgraph.records import (
    Article,
    ArticleResult,
    Event,
    Evidence,
    LocalEntity,
    Mention,
    Role,
    Timex,
)

TYPES = {
    "PERSON": "PERSON",
    "ORG": "ARMED_GROUP",
    "NORP": "ARMED_GROUP",
    "GPE": "LOCATION",
    "LOC": "LOCATION",
    "FAC": "FACILITY",
}


# What the knowledge base would know about the names the tables use: the type of each, and the
# names spaCy's small model misses.  Listing every name keeps the tables independent of the
# shared model (the pipeline fixture adds the KB's EntityRuler to it).  Longest names first so "Real IRA" wins over "IRA".
KNOWN = {
    "ARMED_GROUP": [
        "Boko Haram",
        "Hezbollah",
        "Hamas",
        "Islamic Jihad",
        "FARC",
        "ELN",
        "Shining Path",
        "Provisional IRA",
        "Real IRA",
        "IRA",
        "Tamil Tigers",
        "LTTE",
        "al-Shabaab",
        "Al-Shabaab",
        "Islamic State",
        "ISIS",
        "al-Qaida",
        "Al-Qaida",
        "Al-Qaida in the Arabian Peninsula",
        "Nusra Front",
        "al-Mourabitoun",
        "Jamaat-ul-Ahrar",
        "Pakistani Taliban",
        "Pakistan Taliban",
        "Afghan Taliban",
        "Taliban",
        "Sinaloa Cartel",
        "Gulf Cartel",
        "Zetas",
        "Fatah",
        "PKK",
        "Haqqani network",
        "Lashkar-e-Taiba",
        "Houthis",
        "M23",
        "Abu Sayyaf",
    ],
    "PERSON": [
        "Timoleon Jimenez",
        "Mohammed Emwazi",
        "Gerry Adams",
        "Abdullah Ocalan",
        "Osman Ocalan",
        "Mathivathani",
        "Abu Obaida",
        "Siraj",
        "Hakimullah Mehsud",
        "Baitullah Mehsud",
        "Abu Yahya al-Libi",
        "Abubakar Shekau",
        "Joaquin Guzman",
        "Ahmed Jabari",
        "Hamza bin Laden",
        "Osama bin Laden",
        "Ayman al-Zawahiri",
        "Ali Musa Daqduq",
        "Saddam Hussein",
        "Uday Hussein",
        "Hassan Nasrallah",
        "Ismail Haniyeh",
        "Ahmed Abdi Godane",
        "Ahmed Godane",
        "Abu Bakr al-Baghdadi",
        "Abimael Guzman",
        "Mokhtar Belmokhtar",
        "Velupillai Prabhakaran",
        "Andrew Exum",
        "Bruce Hoffman",
        "Bruce Riedel",
        "Martin McGuinness",
        "Qari Zainuddin",
        "Jalaluddin Haqqani",
        "Abu Mohammed al-Julani",
        "Juan Carlos Pinzon",
        "Matt Bryden",
        "Sani Usman",
        "Juan Manuel Santos",
        "Ahmed Said",
        "Rehman Malik",
    ],
    "LOCATION": [
        "Arauca",
        "Syria",
        "Iraq",
        "Borno",
        "Qatar",
        "Lebanon",
        "Mogadishu",
        "Gaza",
        "Iran",
        "Kashmir",
        "Islamabad",
        "Abuja",
    ],
    "GOVERNMENT": ["Pentagon", "United Nations", "Israeli forces", "Colombian army"],
    "ORGANIZATION": [
        "Georgetown University",
        "Center for a New American Security",
        "Reuters",
        "Al-Jazeera",
    ],
}


def _known_spans(doc: Doc) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    names = sorted(((n, t) for t, ns in KNOWN.items() for n in ns), key=lambda x: -len(x[0]))
    for name, etype in names:
        for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", doc.text):
            if not any(s < m.end() and m.start() < e for s, e, _ in out):
                out.append((m.start(), m.end(), etype))
    return out


def make_result(
    doc: Doc,
    published: str | None = "2010-01-15",
    publisher: str | None = None,
    corrections: tuple[tuple[int, int], ...] = (),
) -> ArticleResult:
    """Mentions from KNOWN names and doc.ents; entities cluster equal names and a person's
    surname or given name."""
    text = doc.text
    article = Article(
        id="t",
        source="<test>",
        raw_text=text,
        text=text,
        published=published,
        publisher=publisher,
        corrections=corrections,
    )
    result = ArticleResult(
        article=article, sentences=[(s.start_char, s.end_char) for s in doc.sents]
    )
    sent_of = {t.i: i for i, s in enumerate(doc.sents) for t in s}
    for ent in doc.ents:  # years only: enough to test valid_from / valid_to
        year = re.search(r"\b(1[89]\d\d|20\d\d)\b", ent.text)
        if ent.label_ == "DATE" and year:
            result.timexes.append(
                Timex(ent.start_char, ent.end_char, ent.text, year.group(1), "year")
            )
    known = _known_spans(doc)
    spans = [(doc.char_span(s, e, alignment_mode="expand"), t) for s, e, t in known]
    for ent in doc.ents:
        if TYPES.get(ent.label_) and not any(
            s < ent.end_char and ent.start_char < e for s, e, _ in known
        ):
            spans.append((ent, TYPES[ent.label_]))
    spans.sort(key=lambda x: x[0].start_char)
    for span, etype in spans:
        if span[0].lower_ == "the":
            span = span[1:]
        key = norm(span.text)
        target = None
        for i, e in enumerate(result.entities):
            words = norm(e.name).split()
            if key == norm(e.name) or (
                e.type == "PERSON" and len(key.split()) == 1 and key in words
            ):
                target, etype = i, e.type
                break
        if target is None:
            result.entities.append(LocalEntity(name=span.text, type=etype))
            target = len(result.entities) - 1
        result.mentions.append(
            Mention(span.start_char, span.end_char, span.text, etype, sent_of[span.start], target)
        )
        result.entities[target].mentions.append(len(result.mentions) - 1)
    return result


def entity(result: ArticleResult, name: str) -> int:
    """The index of the entity whose name contains ``name`` (case-insensitive)."""
    for i, e in enumerate(result.entities):
        if name.lower() in e.name.lower():
            return i
    raise KeyError(f"{name!r} not among {[e.name for e in result.entities]}")


def add_event(
    result: ArticleResult,
    doc: Doc,
    trigger: str,
    subtype: str,
    *,
    victim: str | None = None,
    perpetrator: str | None = None,
    date: str | None = None,
    modality: str = "asserted",
) -> int:
    """Append a hand-made event (trigger = first occurrence of the word) and return its index."""
    start = doc.text.index(trigger)
    roles = []
    for role, name in (("victim", victim), ("perpetrator", perpetrator)):
        if name:
            i = entity(result, name)
            m = result.mentions[result.entities[i].mentions[0]]
            roles.append(Role(role, m.text, m.start, m.end, i))
    tx = Timex(0, 0, date, date, "month") if date else None
    ev = Event(
        "ASSAULT",
        subtype,
        Evidence(start, start + len(trigger), trigger),
        tuple(roles),
        date=tx,
        modality=modality,
    )
    result.events.append(ev)
    return len(result.events) - 1
