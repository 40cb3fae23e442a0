"""Events: who did what to whom, where, when, with how many dead — from the dependency parse.

Triggers, PLOVER types, subtypes, role paths, instruments and number words are data
(``data/events.yaml``); this module holds the logic:

1. find trigger tokens with a spaCy :class:`~spacy.matcher.Matcher` built from the YAML
   (nouns, verbs, multi-word phrases such as "suicide attack"), plus verb + object phrases
   ("took charge of", "claimed responsibility for");
2. fill roles by dependency paths from the trigger (``roles`` table): perpetrator, target,
   victim, instrument, location; a filler keeps its noun-phrase text and is linked to an
   entity when a mention lies in it;
3. fold casualty clauses into the event they belong to ("the attack ..., where seven CIA
   employees were killed" -> killed 7, victim linked to the CIA) and attach the date (a Timex
   in the trigger's phrase or clause) and the place;
4. take modality and attribution from :mod:`newsgraph.extract.modality`;
5. merge mentions of the same event within the article ("the Dec. 30 attack" ... "the Khost
   attack") into one Event with several evidence spans.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import numpy as np
import yaml
from spacy.attrs import LEMMA, LOWER
from spacy.matcher import Matcher
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from ..event_identity import compatible_subtypes
from ..periods import period, values_overlap
from ..records import ArticleResult, Event, Evidence, Mention, Role, Timex
from ..settings import DATA_DIR
from . import modality as modality_mod
from .entities import is_role_noun

EXTRACTOR = "events-rules-v1"
DATA = DATA_DIR / "events.yaml"

# Entity types that can act (perpetrate) when they modify a trigger noun.
ACTOR_TYPES = {"PERSON", "ARMED_GROUP", "ORGANIZATION", "GOVERNMENT", "MEDIA"}
PLACE_TYPES = {"LOCATION", "FACILITY"}
# Children that start another clause or a side remark: not part of a role filler.
_CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "parataxis", "appos", "punct", "cc", "conj"}
_REL_PRONOUNS = {"who", "whom", "that", "which", "where", "whose"}
# PLOVER's violent categories: attacks on people and property, and armed fighting
VIOLENT_TYPES = frozenset({"ASSAULT", "FIGHT"})
_PERSON_PRONOUNS = {"he", "him", "his", "she", "her", "hers", "himself", "herself"}
_GROUP_PRONOUNS = {"they", "them", "their", "theirs", "themselves", "it", "its"}


# ---------------------------------------------------------------------------------------------
# Configuration


@dataclass(frozen=True)
class TriggerSpec:
    subtype: str
    type: str
    object_role: str = "target"
    subject_role: str = "perpetrator"
    poss_role: str = "perpetrator"
    needs_context: frozenset[str] = frozenset()
    needs_object: frozenset[str] = frozenset()


@dataclass
class Config:
    specs: list[TriggerSpec]
    nouns: dict[str, int]
    verbs: dict[str, int]
    phrases: list[tuple[tuple[str, ...], int]]
    verb_phrases: dict[tuple[str, str], int]
    context_words: frozenset[str]
    refiners: dict[str, str]
    instruments: frozenset[str]
    implied_instruments: dict[str, str]
    state_subtypes: frozenset[str]
    roles: dict[str, dict[str, str]]
    phrase_objects: dict[str, list[str]]
    casualty_verbs: dict[str, str]
    casualty_nouns: dict[str, str]
    casualty_particles: dict[str, str]
    numbers: dict[str, int]
    multipliers: dict[str, int]
    vague_counts: frozenset[str]
    generic_subtypes: frozenset[str]
    partitives: frozenset[str]
    site_preps: frozenset[str]
    not_sites: frozenset[str]
    generic_quantifiers: frozenset[str]
    person_object_verbs: frozenset[str]
    person_nouns: frozenset[str]
    relation_verbs: frozenset[str]
    raw: dict[str, Any] = field(default_factory=dict)


def _invert(table: dict[str, list[str]]) -> dict[str, str]:
    return {str(w).lower(): key for key, words in table.items() for w in words}


@lru_cache(maxsize=1)
def config() -> Config:
    """The trigger table and role paths from data/events.yaml, loaded once."""
    raw: dict[str, Any] = yaml.safe_load(DATA.read_text())
    specs: list[TriggerSpec] = []
    nouns: dict[str, int] = {}
    verbs: dict[str, int] = {}
    phrases: list[tuple[tuple[str, ...], int]] = []
    verb_phrases: dict[tuple[str, str], int] = {}
    for i, entry in enumerate(raw["triggers"]):
        specs.append(
            TriggerSpec(
                subtype=entry["subtype"],
                type=entry["type"],
                object_role=entry.get("object_role", "target"),
                subject_role=entry.get("subject_role", "perpetrator"),
                poss_role=entry.get("poss_role", "perpetrator"),
                needs_context=frozenset(entry.get("needs_context", ())),
                needs_object=frozenset(entry.get("needs_object", ())),
            )
        )
        for w in entry.get("nouns", ()):
            nouns.setdefault(str(w).lower(), i)
        for w in entry.get("verbs", ()):
            verbs.setdefault(str(w).lower(), i)
        for p in entry.get("phrases", ()):
            phrases.append((tuple(str(p).lower().split()), i))
        for v, o in entry.get("verb_phrases", ()):
            verb_phrases[(str(v).lower(), str(o).lower())] = i
    return Config(
        specs=specs,
        nouns=nouns,
        verbs=verbs,
        phrases=phrases,
        verb_phrases=verb_phrases,
        context_words=frozenset(raw.get("context_words", ())),
        refiners={str(k).lower(): v for k, v in raw.get("refiners", {}).items()},
        instruments=frozenset(str(w).lower() for w in raw.get("instruments", ())),
        implied_instruments=dict(raw.get("implied_instruments", {})),
        state_subtypes=frozenset(raw.get("state_subtypes", ())),
        roles=raw["roles"],
        phrase_objects=raw.get("phrase_objects", {}),
        casualty_verbs=_invert(raw["casualty_verbs"]),
        casualty_nouns=_invert(raw["casualty_nouns"]),
        casualty_particles=dict(raw.get("casualty_particles", {})),
        numbers={str(k).lower(): int(v) for k, v in raw["numbers"].items()},
        multipliers={str(k).lower(): int(v) for k, v in raw["multipliers"].items()},
        vague_counts=frozenset(raw.get("vague_counts", ())),
        generic_subtypes=frozenset(raw.get("generic_subtypes", ())),
        partitives=frozenset(raw.get("partitives", ())),
        site_preps=frozenset(raw.get("site_preps", ())),
        not_sites=frozenset(raw.get("not_sites", ())),
        generic_quantifiers=frozenset(raw.get("generic_quantifiers", ())),
        person_object_verbs=frozenset(raw.get("person_object_verbs", ())),
        person_nouns=frozenset(raw.get("person_nouns", ())),
        relation_verbs=frozenset(raw.get("relation_verbs", ())),
        raw=raw,
    )


_MATCHERS: dict[int, Matcher] = {}


def _matcher(vocab: Vocab) -> Matcher:
    """The trigger Matcher for this vocab (one per loaded model), built from the YAML."""
    key = id(vocab)
    if key not in _MATCHERS:
        cfg = config()
        m = Matcher(vocab)
        by_spec: dict[int, list[list[dict[str, Any]]]] = {}
        for lemma, i in cfg.nouns.items():
            by_spec.setdefault(i, []).append(
                [{"LEMMA": {"IN": [lemma, lemma.capitalize()]}, "POS": {"IN": ["NOUN", "PROPN"]}}]
            )
            by_spec[i].append([{"LOWER": lemma, "POS": {"IN": ["NOUN", "PROPN"]}}])
        for lemma, i in cfg.verbs.items():
            by_spec.setdefault(i, []).append([{"LEMMA": lemma, "POS": {"IN": ["VERB"]}}])
        for words, i in cfg.phrases:
            pattern = [{"LOWER": w} for w in words[:-1]] + [
                {"LEMMA": words[-1], "POS": {"IN": ["NOUN", "PROPN", "VERB"]}}
            ]
            by_spec.setdefault(i, []).append(pattern)
        for i, patterns in by_spec.items():
            m.add(f"EV{i}", patterns)
        _MATCHERS[key] = m
    return _MATCHERS[key]


_NOUN_POS = frozenset({"NOUN", "PROPN"})
_PHRASE_POS = frozenset({"NOUN", "PROPN", "VERB"})
_VERB_POS = frozenset({"VERB"})

# One trigger pattern, indexed by what its last token must be: (pattern's rank in the
# Matcher, spec index, POS its last token must have, LOWER of the tokens before the last).
_Pattern = tuple[int, int, frozenset[str], tuple[str, ...]]


@dataclass(frozen=True)
class _TriggerWords:
    """The patterns of :func:`_matcher`, indexed by their last token for direct look-up."""

    lemmas: np.ndarray  # LEMMA values a pattern's last token may have (string hashes)
    lowers: np.ndarray  # LOWER values a pattern's last token may have (string hashes)
    lookback: int  # tokens before the last one that the longest pattern spans
    by_lemma: dict[str, list[_Pattern]]
    by_lower: dict[str, list[_Pattern]]
    verb_phrase_heads: frozenset[str]


@lru_cache(maxsize=1)
def _trigger_words() -> _TriggerWords:
    """The same patterns, in the same order, as :func:`_matcher` builds from the YAML: every
    pattern's last token has a LEMMA (nouns: the lemma or its capitalised form; verbs; a
    phrase's last word) or, for nouns, a LOWER value, so a token with neither ends no match."""
    cfg = config()
    by_spec: dict[int, list[tuple[str, tuple[str, ...], frozenset[str], tuple[str, ...]]]] = {}
    for lemma, i in cfg.nouns.items():
        by_spec.setdefault(i, []).append(("LEMMA", (lemma, lemma.capitalize()), _NOUN_POS, ()))
        by_spec[i].append(("LOWER", (lemma,), _NOUN_POS, ()))
    for lemma, i in cfg.verbs.items():
        by_spec.setdefault(i, []).append(("LEMMA", (lemma,), _VERB_POS, ()))
    for words, i in cfg.phrases:
        by_spec.setdefault(i, []).append(("LEMMA", (words[-1],), _PHRASE_POS, tuple(words[:-1])))
    by_lemma: dict[str, list[_Pattern]] = {}
    by_lower: dict[str, list[_Pattern]] = {}
    rank = 0
    for i, patterns in by_spec.items():  # the Matcher ranks patterns in the order added
        for attr, values, pos, before in patterns:
            index = by_lemma if attr == "LEMMA" else by_lower
            for value in dict.fromkeys(values):
                index.setdefault(value, []).append((rank, i, pos, before))
            rank += 1
    return _TriggerWords(
        lemmas=np.array(sorted(get_string_id(w) for w in by_lemma), dtype=np.uint64),
        lowers=np.array(sorted(get_string_id(w) for w in by_lower), dtype=np.uint64),
        lookback=max((len(words) - 1 for words, _ in cfg.phrases), default=0),
        by_lemma=by_lemma,
        by_lower=by_lower,
        verb_phrase_heads=frozenset(v for v, _ in cfg.verb_phrases),
    )


def _match_triggers(doc: Doc) -> list[tuple[int, int, int]]:
    """``(start, end, spec index)`` of every trigger pattern match: what :func:`_matcher`
    finds, in the Matcher's order (by end token, then start, then pattern rank; one per spec
    and span), without testing every pattern at every token as the Matcher does."""
    words = _trigger_words()
    out: list[tuple[int, int, int]] = []
    for _lo, e in _trigger_windows(doc, ends=True):
        tok = doc[e]
        pos = tok.pos_
        hits: list[tuple[int, int, int]] = []  # (start, rank, spec)
        for rank, i, need_pos, before in words.by_lemma.get(tok.lemma_, ()):
            if pos not in need_pos:
                continue
            start = e - len(before)
            if before and (start < 0 or any(doc[start + k].lower_ != w for k, w in enumerate(before))):
                continue
            hits.append((start, rank, i))
        for rank, i, need_pos, _before in words.by_lower.get(tok.lower_, ()):
            if pos in need_pos:
                hits.append((e, rank, i))
        seen: set[tuple[int, int]] = set()
        for start, _rank, i in sorted(hits):
            if (start, i) not in seen:
                seen.add((start, i))
                out.append((start, e + 1, i))
    return out


def _trigger_windows(doc: Doc, ends: bool = False) -> list[tuple[int, int]]:
    """Token ranges ``[lo, hi)`` that contain every trigger match of ``doc``: each candidate
    last token with the longest pattern's length before it, overlapping ranges merged.  A
    match lies wholly inside one range (it ends on a candidate and starts within the lookback),
    so matching the ranges finds exactly what matching the whole doc finds, in the same order.
    With ``ends``, one ``(lo, candidate)`` per candidate token instead, unmerged."""
    if not len(doc):
        return []
    words = _trigger_words()
    arr = doc.to_array([LEMMA, LOWER]).astype(np.uint64, copy=False)
    hits = np.flatnonzero(np.isin(arr[:, 0], words.lemmas) | np.isin(arr[:, 1], words.lowers))
    if ends:
        return [(max(0, i - words.lookback), i) for i in hits.tolist()]
    windows: list[tuple[int, int]] = []
    for i in hits.tolist():
        lo, hi = max(0, i - words.lookback), i + 1
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    return windows


# ---------------------------------------------------------------------------------------------
# Small helpers over the parse


class _Index:
    """Mentions, timexes and sentences of one article, indexed by token for quick look-ups."""

    def __init__(self, doc: Doc, result: ArticleResult) -> None:
        self.doc = doc
        self.result = result
        self.sent_starts = [s for s, _ in result.sentences] or [s.start_char for s in doc.sents]
        self.mention_at: dict[int, int] = {}  # token index -> mention index
        for mi, m in enumerate(result.mentions):
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            for t in span:
                self.mention_at.setdefault(t.i, mi)
        self.timex_spans: list[tuple[Span, Timex]] = []
        for tx in result.timexes:
            if tx.precision == "duration":
                continue  # "for weeks", "less than two months": not when the event happened
            span = doc.char_span(tx.start, tx.end, alignment_mode="expand")
            if span is not None:
                self.timex_spans.append((span, tx))
        # what can date an event: calendar values only ("PAST_REF", "recently" cannot)
        self.date_spans = [(sp, tx) for sp, tx in self.timex_spans if not (tx.value or "").endswith("_REF")]

    def in_timex(self, tok: Token) -> bool:
        return any(span.start <= tok.i < span.end for span, _ in self.timex_spans)

    def sentence_of(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, char) - 1)

    def mention(self, tok: Token) -> Mention | None:
        mi = self.mention_at.get(tok.i)
        return self.result.mentions[mi] if mi is not None else None

    def entity_of(self, tok: Token) -> int | None:
        m = self.mention(tok)
        if m is None or m.entity < 0:
            return None
        return m.entity

    def entity_type(self, tok: Token) -> str | None:
        m = self.mention(tok)
        return m.type if m else None


def _passive(verb: Token) -> bool:
    if any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children):
        return True
    # reduced relative / participle: "the man killed in the raid", "seven killed"
    return (
        verb.tag_ == "VBN"
        and verb.dep_ in {"acl", "advcl", "amod"}
        and not any(c.dep_ == "aux" for c in verb.children)
    )


def filler_span(head: Token) -> Span:
    """The noun phrase headed by ``head``: its subtree without relative clauses, appositions,
    coordination or trailing punctuation ("Baitullah Mehsud, the leader of ..." -> "Baitullah
    Mehsud"; "one of his assistants" stays whole)."""
    doc = head.doc
    keep = {head.i}
    stack = [c for c in head.children if c.dep_ not in _CLAUSE_DEPS]
    while stack:
        t = stack.pop()
        keep.add(t.i)
        stack.extend(
            c
            for c in t.children
            if c.dep_ not in {"relcl", "acl", "advcl", "ccomp", "parataxis", "appos"}
        )
    lo = hi = head.i
    while lo - 1 in keep:
        lo -= 1
    while hi + 1 in keep:
        hi += 1
    span = doc[lo : hi + 1]
    while len(span) > 1 and (span[-1].is_punct or span[-1].dep_ in {"cc", "prep", "case", "det"}):
        span = span[:-1]
    while len(span) > 1 and (span[0].is_punct or span[0].dep_ == "cc"):
        span = span[1:]
    return span


def _subject(verb: Token) -> Token | None:
    """The subject of a verb, through coordination ("stormed ... and killed"), open complements
    ("vowed to attack") and relative clauses ("militants who attacked")."""
    for c in verb.children:
        if c.dep_ in {"nsubj", "csubj"}:
            return _antecedent(c)
    if verb.dep_ == "conj" and verb.head.pos_ in {"VERB", "AUX"} and not _passive(verb.head):
        return _subject(verb.head)
    if (
        verb.dep_ == "advcl"
        and verb.head.pos_ in {"VERB", "AUX"}
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        and not _passive(verb.head)
    ):
        # "protesters marched ... to demand": who does the purpose is who does the main verb
        return _subject(verb.head)
    if verb.dep_ in {"xcomp"} and verb.head.pos_ in {"VERB", "AUX"}:
        # "militants are believed to have murdered": the raised subject of the passive
        for c in verb.head.children:
            if c.dep_ == "nsubjpass":
                return _antecedent(c)
        controller = _object_controller(verb.head)
        if controller is not None:
            return controller
        return _subject(verb.head)
    return None


def _object_controller(gov: Token) -> Token | None:
    """Who is to act in "urged residents to attack", "called on supporters to occupy": the
    object of the governing verb, unless it is a subject-control verb ("promised them to")."""
    raw = config().raw
    lemma = gov.lemma_.lower()
    if lemma in {str(w).lower() for w in raw.get("subject_control_verbs", ())}:
        return None
    preps = {
        str(k).lower(): str(v).lower() for k, v in (raw.get("object_control_preps") or {}).items()
    }
    for c in gov.children:
        if c.dep_ in {"dobj", "obj"}:
            return _antecedent(c)
        if c.dep_ == "prep" and preps.get(lemma) == c.lower_:
            obj = _prep_object(c)
            if obj is not None:
                return _antecedent(obj)
    return None


def _antecedent(tok: Token) -> Token:
    """A relative pronoun stands for the noun its clause modifies."""
    if tok.lower_ in _REL_PRONOUNS:
        clause = tok.head
        while clause.dep_ == "conj":
            clause = clause.head
        if clause.dep_ in {"relcl", "acl"}:
            return clause.head
    return tok


def _number(head: Token) -> int | None:
    """The count a victim phrase gives: "seven CIA employees", "at least 12 people", "30",
    "two dozen soldiers", "1,200".  None for no count or a vague one ("dozens")."""
    cfg = config()
    # a number after the head set off by commas is an age ("Carlos Ruiz, 42, was killed")
    nums = [
        c
        for c in head.children
        if c.dep_ in {"nummod", "quantmod"} or (c.like_num and c.i < head.i)
    ]
    if head.like_num or head.lower_ in cfg.numbers:
        nums = [head, *nums]
    # "one of his assistants", "14 of them"
    if not nums and head.lower_ in cfg.partitives:
        nums = [head]
    for n in nums:
        value = _parse_number(n)
        if value is not None:
            return value
    return None


def _single(head: Token) -> bool:
    """A victim phrase naming one person: a name, or a singular noun with a determiner
    ("a senior commander", "the mayor"), not a partitive ("a number of")."""
    cfg = config()
    if head.lower_ in cfg.partitives or head.lower_ in _GROUP_PRONOUNS:
        return False
    if head.tag_ == "NNP" or head.lower_ in _PERSON_PRONOUNS:
        return True
    return head.tag_ == "NN" and any(
        c.dep_ in {"det", "poss"} and c.lower_ not in {"no", "every", "each"} for c in head.children
    )


def _parse_number(tok: Token) -> int | None:
    cfg = config()
    word = tok.lower_.replace(",", "")
    if word in cfg.vague_counts:
        return None
    value: int | None = None
    if re.fullmatch(r"\d+", word):
        value = int(word)
    elif word in cfg.numbers:
        value = cfg.numbers[word]
    elif "-" in word:  # twenty-five
        parts = [cfg.numbers.get(p) for p in word.split("-")]
        if all(p is not None for p in parts):
            value = sum(p for p in parts if p is not None)
    if value is None:
        return None
    # "two dozen", "three hundred": a multiplier right after the number
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.lower_ in cfg.multipliers and nxt.lower_ != word:
        value *= cfg.multipliers[nxt.lower_]
    # "two dozen": tok is the multiplier and a number precedes it
    prv = tok.nbor(-1) if tok.i > 0 else None
    if word in cfg.multipliers and prv is not None and prv.like_num:
        inner = _parse_number_plain(prv)
        if inner:
            value = inner * cfg.multipliers[word]
    return value


def _parse_number_plain(tok: Token) -> int | None:
    cfg = config()
    word = tok.lower_.replace(",", "")
    if re.fullmatch(r"\d+", word):
        return int(word)
    return cfg.numbers.get(word)


# ---------------------------------------------------------------------------------------------
# Draft events (mutable while roles are filled), then frozen into records.Event


@dataclass
class _Draft:
    spec: TriggerSpec
    subtype: str
    trigger: Span
    roles: list[tuple[str, Span, int | None]] = field(default_factory=list)
    date: Timex | None = None
    location: int | None = None
    killed: int | None = None
    injured: int | None = None
    folded: list[Token] = field(default_factory=list)  # casualty verbs folded into this event
    # the word whose modality is the event's, when not the trigger ("tried" in "tried to kill")
    modality_anchor: Token | None = None

    @property
    def head(self) -> Token:
        return self.trigger.root

    def add_role(self, role: str, span: Span, entity: int | None) -> None:
        for r, s, _e in self.roles:
            if r == role and (s.start == span.start and s.end == span.end):
                return
        self.roles.append((role, span, entity))


def _find_triggers(doc: Doc) -> list[tuple[Span, int]]:
    """Trigger spans with their spec index; the longest match wins where they overlap."""
    cfg = config()
    found: list[tuple[Span, int]] = []
    for start, end, i in _match_triggers(doc):
        found.append((doc[start:end], i))
    # verb + object / particle phrases: "took charge of", "claimed responsibility for"
    verb_heads = _trigger_words().verb_phrase_heads
    for tok in doc:
        if tok.pos_ not in {"VERB", "AUX"} or tok.lemma_.lower() not in verb_heads:
            continue
        for c in tok.children:
            key = (tok.lemma_.lower(), c.lemma_.lower())
            # "called for a boycott": the preposition of a verb phrase is its own child
            if c.dep_ in {"dobj", "prt", "npadvmod", "attr", "prep"} and key in cfg.verb_phrases:
                lo, hi = min(tok.i, c.i), max(tok.i, c.i)
                found.append((doc[lo : hi + 1], cfg.verb_phrases[key]))
    found.sort(key=lambda f: (-(f[0].end - f[0].start), f[0].start))
    taken: set[int] = set()
    out: list[tuple[Span, int]] = []
    for span, i in found:
        if any(t.i in taken for t in span):
            continue
        taken.update(t.i for t in span)
        out.append((span, i))
    out.sort(key=lambda f: f[0].start)
    return out


def _context_ok(span: Span, spec: TriggerSpec) -> bool:
    """Nouns like "operation" or "advance" are events only in a military context."""
    head = span.root
    if head.lemma_.lower() not in spec.needs_context:
        return True
    cfg = config()
    near = [c.lemma_.lower() for c in head.children] + [head.head.lemma_.lower()]
    near += [t.lemma_.lower() for t in head.subtree]
    if any(w in cfg.context_words for w in near):
        return True
    # "offensive against the Taliban", "advance into Waziristan"
    return any(c.dep_ == "prep" and c.lower_ in {"against", "into"} for c in head.children)


def _non_event_uses() -> dict[str, Any]:
    return config().raw.get("non_event_uses") or {}


def _modifier_words(tok: Token) -> set[str]:
    return {c.lower_ for c in tok.children if c.dep_ in {"compound", "amod", "nmod"}}


def _names_no_one(head: Token) -> bool:
    """A negative filler: "nobody", "none", "no group"."""
    lex = modality_mod.lexicon()
    if head.lower_ in lex.negative_pronouns:
        return True
    return any(c.dep_ == "det" and c.lower_ in lex.neg_dets for c in head.children)


def _reporting_subject(pron: Token) -> Token | None:
    """For a pronoun subject of a clause reported by a speech verb ("the army said it had
    killed"), the reporting verb's own non-pronoun subject."""
    if pron.dep_ not in {"nsubj", "nsubjpass"} or pron.head.dep_ != "ccomp":
        return None
    verb = pron.head.head
    if verb.lemma_.lower() not in modality_mod.reporting_verbs():
        return None
    subj = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subj is None or subj.pos_ == "PRON":
        return None
    return subj


def _figurative_noun(tok: Token) -> bool:
    """ "a heart attack", "a charm offensive", "a hunger strike": a modifier that turns the
    trigger noun into something else."""
    mods = _non_event_uses().get("noun_modifiers") or {}
    words = {str(w).lower() for w in mods.get(tok.lemma_.lower(), ())}
    return bool(words & _modifier_words(tok))


def _natural_death(head: Token) -> bool:
    """ "died of cancer", "died in a car crash", "his death from a heart attack"."""
    uses = _non_event_uses()
    if head.lemma_.lower() not in {"die", "perish", "death"}:
        return False
    preps = {str(p).lower() for p in uses.get("natural_preps") or ()}
    causes = {str(c).lower() for c in uses.get("natural_causes") or ()}
    # "his death due to cancer" (the parser hangs "due to" anywhere): read the words after it
    doc = head.doc
    after = doc[head.i + 1 : min(len(doc), head.i + 7)]
    if len(after) > 2 and after[0].lower_ in {"due", "owing"} and after[1].lower_ == "to":
        noun = next((t for t in after[2:] if t.pos_ in {"NOUN", "PROPN"}), None)
        if noun is not None and (noun.lemma_.lower() in causes or noun.lower_ in causes):
            return True
    for c in head.children:
        if c.dep_ != "prep" or c.lower_ not in preps:
            continue
        if head.pos_ == "NOUN" and c.lower_ == "of":
            continue  # "the death of the governor": of names the victim
        obj = _prep_object(c)
        if obj is not None and (obj.lemma_.lower() in causes or obj.lower_ in causes or _figurative_noun(obj)):
            return True
    return False


def _non_event_use(span: Span) -> bool:
    """A trigger word used in a sense in which nobody was attacked, killed or seized: idioms
    ("seized on the letter", "struck a deal", "shot a video"), medical or figurative nouns
    ("a heart attack", "a charm offensive") and natural deaths ("died of cancer").  The word
    lists are data (`non_event_uses` in events.yaml)."""
    head = span.root
    uses = _non_event_uses()
    lemma = head.lemma_.lower()
    if head.dep_ == "amod" and head.tag_ == "VBG" and head.head.pos_ == "NOUN" and not _is_event_noun(head.head):
        return True  # "an attacking style", "a shooting guard": a quality, not an event
    if head.pos_ not in {"VERB", "AUX"}:
        # "by accident", "in protest": a manner, not an event
        idioms = uses.get("prep_idioms") or {}
        if head.dep_ == "pobj" and head.head.lower_ in {str(p) for p in idioms.get(lemma, ())}:
            if not any(c.dep_ in {"det", "amod", "compound", "poss"} for c in head.children):
                return True
        return _figurative_noun(head) or _natural_death(head)
    if _natural_death(head):
        return True
    particles = {str(w).lower() for w in (uses.get("verb_particles") or {}).get(lemma, ())}
    if any(c.dep_ in {"prt", "prep"} and c.lower_ in particles and c.i == head.i + 1 for c in head.children):
        return True
    objects = {str(w).lower() for w in (uses.get("verb_objects") or {}).get(lemma, ())}
    if objects:
        for c in head.children:
            if c.dep_ in {"dobj", "nsubjpass", "obj"} and (c.lemma_.lower() in objects or c.lower_ in objects):
                return True
    return False


def _inside_name(span: Span, ix: _Index) -> bool:
    """A trigger word inside a name ("Operation Rescue", "the Army of the Guardians of the
    Islamic Revolution", "Bombing Range Road") names something; it reports no event.  Places are
    left out: "the Massacre of ..."-style place names are rare, triggers glued to them by the
    recogniser ("Kabul bombing") common."""
    types = {ix.entity_type(t) for t in span}
    return bool(types - {None, "LOCATION"})


def _is_light_noun_use(span: Span) -> bool:
    """ "threat" in "the danger of retaliation remains high" is fine; a trigger that is only a
    modifier of another noun ("attack helicopter", "the bombing campaign") is not an event."""
    head = span.root
    return head.dep_ == "compound" and head.head.pos_ in {"NOUN", "PROPN"} and head.head.i > head.i


# ---------------------------------------------------------------------------------------------
# Roles


def _role_key(child: Token) -> str:
    if child.dep_ in {"prep", "agent"}:
        return f"prep:{child.lower_}" if child.dep_ == "prep" else "agent"
    return child.dep_


def _prep_object(prep: Token) -> Token | None:
    for g in prep.children:
        if g.dep_ in {"pobj", "pcomp"}:
            return g
    return None


class _RoleFiller:
    def __init__(self, index: _Index) -> None:
        self.ix = index
        self.cfg = config()

    def entity_in(self, span: Span, head: Token, role: str) -> int | None:
        """The entity a filler names: the mention on its head, else a modifier's mention
        ("seven CIA employees" -> CIA), else the first mention in the phrase."""
        ix = self.ix
        if head.lower_ in _PERSON_PRONOUNS | _GROUP_PRONOUNS:
            return self.resolve_pronoun(head)
        ent = ix.entity_of(head)
        if ent is not None:
            return ent
        # partitive "one of his assistants": look through "of"
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                obj = _prep_object(c)
                if obj is not None and obj.i < span.end:
                    inner = self.entity_in(span, obj, role) if obj.i != head.i else None
                    if inner is not None:
                        return inner
        for c in head.children:
            # not the possessive: "one of Mehsud's aides" is not Mehsud
            if c.dep_ in {"compound", "amod", "nmod"} and c.i in range(span.start, span.end):
                for t in c.subtree:
                    ent = ix.entity_of(t)
                    if ent is not None:
                        return ent
        # a mention among the head's own modifiers, not inside a prepositional phrase
        # ("the Mariott hotel in Islamabad" is not Islamabad)
        for t in span:
            ent = ix.entity_of(t)
            if ent is None or (role == "perpetrator" and ix.entity_type(t) in PLACE_TYPES):
                continue
            if _governed_by(t, head, stop_deps={"prep", "agent", "relcl", "acl", "poss"}):
                return ent
        return None

    def resolve_pronoun(self, pron: Token, depth: int = 0) -> int | None:
        """A pronoun filler: the subject of the reporting clause it is in ("the bomber — ...
        Balawi — said his attack"), else the nearest preceding person (or group) in the
        sentence, else the subject of the previous sentence.  Never a later mention."""
        ix = self.ix
        want = {"PERSON"} if pron.lower_ in _PERSON_PRONOUNS else ACTOR_TYPES - {"PERSON"}

        def in_phrase(head: Token) -> int | None:
            # the subject's own name or an apposition naming it ("the bomber — ... Balawi —"),
            # not a place or employer in a prepositional phrase
            for t in head.subtree:
                if (
                    ix.entity_type(t) in want
                    and ix.entity_of(t) is not None
                    and _governed_by(t, head, {"prep"} if t.head.i == head.i else set())
                ):
                    return ix.entity_of(t)
            if head.lower_ in _PERSON_PRONOUNS | _GROUP_PRONOUNS and head.i != pron.i and depth < 3:
                return self.resolve_pronoun(head, depth + 1)
            return None

        node = pron
        # only "his"/"her" of a speaker: "they" in a quote is rarely the speaker
        while pron.lower_ in _PERSON_PRONOUNS and node.head.i != node.i:
            node = node.head
            if node.pos_ in {"VERB", "AUX"}:
                subj = next((c for c in node.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
                if subj is not None and not (subj.left_edge.i <= pron.i <= subj.right_edge.i):
                    found = in_phrase(subj)
                    if found is not None:
                        return found
        sent = pron.sent
        for t in reversed(list(sent[: pron.i - sent.start])):
            if ix.entity_type(t) in want and ix.entity_of(t) is not None:
                return ix.entity_of(t)
        if sent.start > 0 and depth < 3:
            prev = ix.doc[sent.start - 1].sent
            for t in prev:
                if t.dep_ in {"nsubj", "nsubjpass"} and t.head.dep_ == "ROOT":
                    found = in_phrase(t)
                    if found is not None:
                        return found
            for t in reversed(list(prev)):
                if ix.entity_type(t) in want and ix.entity_of(t) is not None:
                    return ix.entity_of(t)
        return None

    def add(self, draft: _Draft, role: str, head: Token) -> None:
        """Add ``head``'s phrase as ``role`` (place / instrument decided by what it names)."""
        head = _antecedent(head)
        if head.ent_type_ in {"DATE", "TIME"} or self.ix.in_timex(head):
            return  # "on Friday" is the date, not a target
        if head.is_punct:
            return
        span = filler_span(head)
        mention = self.ix.mention(head)
        if (
            mention is not None
            and not (span.start_char <= mention.start and mention.end <= span.end_char)
            and head.doc.text[span.end_char : mention.end] not in {"'s", "\u2019s"}
        ):
            # a misparse that heads a filler inside a name ("Ali", "al", "Megrahi" of "Abdel
            # Basset Ali al-Megrahi"): the filler is the whole name
            whole = head.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if whole is not None:
                span, head = whole, whole.root
        etype = self.ix.entity_type(head)
        lemma = head.lemma_.lower()
        if role in {"perpetrator", "victim", "target"} and _names_no_one(head):
            return  # "No group claimed ...", "nobody was hurt": no participant
        if role in {"victim", "target"} and lemma in _raw_words("reason_nouns") and etype is None:
            return  # "arrested him on corruption charges": the grounds, not a participant
        compound = " ".join(t.lower_ for t in span if t.dep_ == "compound" or t.i == head.i)
        is_weapon = lemma in self.cfg.instruments or compound in self.cfg.instruments
        if (
            role in {"perpetrator", "victim"}
            and draft.spec.type in VIOLENT_TYPES | {"COERCE"}
            and etype is None
            and not is_weapon
            and _is_event_noun(head)
        ):
            return  # "a bombing in Mosul that killed 40": an event is not a participant
        if role in {"perpetrator", "target", "victim"} and is_weapon and etype not in ACTOR_TYPES:
            role = "instrument"
        if role == "instrument" and not is_weapon:
            return  # "attacked with impunity", "clashed with militants"
        if role.startswith("place"):
            self.add_place(draft, head, span, role)
            return
        ent = self.entity_in(span, head, role)
        if ent is None and (head.pos_ == "PRON" or head.lower_ in _PERSON_PRONOUNS | _GROUP_PRONOUNS):
            # an unresolved pronoun names nobody: "the army said it had killed ..." is the
            # army; otherwise the role is left out rather than filled with "it"
            speaker = _reporting_subject(head)
            if speaker is None:
                return
            span, head = filler_span(speaker), speaker
            ent = self.entity_in(span, head, role)
        draft.add_role(role, span, ent)
        # "a U.S. drone", "Israeli warplanes": whoever owns the weapon carried out the attack
        if role == "instrument" and not any(r == "perpetrator" for r, _, _ in draft.roles):
            for c in head.children:
                if c.dep_ in {"compound", "amod", "poss"} and (
                    self.ix.entity_type(c) in ACTOR_TYPES | {"LOCATION"}
                    or c.ent_type_ in {"GPE", "NORP", "ORG"}
                ):
                    phrase = _compound_phrase(c)
                    draft.add_role(
                        "perpetrator",
                        phrase,
                        self.entity_in(phrase, c, "perpetrator") or self.ix.entity_of(c),
                    )
                    break
        # the target's own "at/in" phrase is the event's place ("attack on the base at Khost")
        if role in {"target", "victim"}:
            self.nested_location(draft, head)

    def add_place(self, draft: _Draft, head: Token, span: Span, role: str) -> None:
        """``role`` is "place:<prep>".  A named place is the location; a facility is also the
        target; an unnamed site after at/outside/near ("outside a Mormon church") is the
        target, and a place named inside it ("... in Lima") the location."""
        ix = self.ix
        etype = ix.entity_type(head)
        ent = ix.entity_of(head)
        if etype in PLACE_TYPES or (etype is None and head.ent_type_ in {"GPE", "LOC", "FAC"}):
            if etype == "FACILITY" or head.ent_type_ == "FAC":
                draft.add_role("target", span, ent)
            if draft.location is None and ent is not None:
                draft.location = ent
            draft.add_role("location", span, ent)
            self.nested_location(draft, head)
            return
        prep = role.partition(":")[2]
        if (
            etype is None
            and head.pos_ == "NOUN"
            and prep in self.cfg.site_preps
            and self._is_site(head)
        ):
            draft.add_role("target", span, self.entity_in(span, head, "target"))
        self.nested_location(draft, head)

    def nested_location(self, draft: _Draft, head: Token) -> None:
        if draft.location is not None:
            return
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in {"at", "in", "near", "outside"}:
                obj = _prep_object(c)
                if obj is not None:
                    ent = self.place_entity(obj)
                    if ent is not None:
                        draft.location = ent
                        draft.add_role("location", filler_span(obj), ent)
                        return
                    self.nested_location(draft, obj)
                    if draft.location is not None:
                        return

    def _is_site(self, head: Token) -> bool:
        """A common noun naming a place something can be attacked at (not "the behest", "the
        time", "the attack")."""
        lemma = head.lemma_.lower()
        if (
            lemma in self.cfg.not_sites
            or _is_event_noun(head)
            or head.ent_type_ in {"DATE", "TIME"}
        ):
            return False
        return any(c.dep_ in {"det", "compound", "amod", "poss"} for c in head.children)

    def place_entity(self, head: Token) -> int | None:
        """The LOCATION / FACILITY entity a place phrase names (its head, or a compound)."""
        ix = self.ix
        for t in [head, *(c for c in head.children if c.dep_ in {"compound", "appos"})]:
            if ix.entity_type(t) in PLACE_TYPES and ix.entity_of(t) is not None:
                return ix.entity_of(t)
        return None


def _fill_roles(draft: _Draft, filler: _RoleFiller) -> None:
    cfg = config()
    head = draft.head
    spec = draft.spec
    is_verb = head.pos_ in {"VERB", "AUX"}
    if is_verb:
        table = cfg.roles["verb_passive" if _passive(head) else "verb_active"]
    else:
        table = cfg.roles["noun"]

    has_of = any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children)

    def resolve(role: str, key: str = "") -> str:
        if role == "object":
            return spec.object_role
        if role == "place":
            return f"place:{key.partition(':')[2]}"
        if key == "poss" and not has_of:
            return spec.poss_role  # "Bhutto's assassination"; "the group's attack of May 3
        if role == "perpetrator" and is_verb and not _passive(head):
            return spec.subject_role
        return role

    # phrase objects: "took charge of X", "claimed responsibility for X"
    phrase_preps = set(cfg.phrase_objects.get(draft.subtype, ()))
    for tok in draft.trigger:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in phrase_preps:
                obj = _prep_object(c)
                if obj is not None:
                    filler.add(draft, spec.object_role, obj)
    for c in head.children:
        if c.i in range(draft.trigger.start, draft.trigger.end):
            continue
        key = _role_key(c)
        if key in {"agent"} or key.startswith("prep:"):
            if c.lower_ in phrase_preps:
                continue
            role = table.get(key) if key != "agent" else table.get("agent")
            if key == "prep:with" and spec.type in RECIPROCAL_TYPES:
                role = "target"  # "met with Netanyahu", "talks with the rebels": the other party
            obj = _prep_object(c)
            if role and obj is not None:
                filler.add(draft, resolve(role, key), obj)
            continue
        role = table.get(key)
        if role:
            if (
                key == "nsubj"
                and resolve(role) == "perpetrator"
                and _is_event_noun(c)
                and c.lemma_.lower() not in cfg.instruments
            ):
                continue  # "the bombing killed 14": handled by folding
            filler.add(draft, resolve(role, key), c)
            if key in {"nsubj", "nsubjpass", "dobj"}:
                # "The United States and the European Union hailed ...": each conjunct
                for conj in c.conjuncts:
                    if conj.i > c.i and conj.pos_ in {"NOUN", "PROPN"}:
                        filler.add(draft, resolve(role, key), conj)
    if (
        is_verb
        and not _passive(head)
        and not any(r == resolve("perpetrator") for r, _, _ in draft.roles)
    ):
        # the subject is not a child of the trigger: "stormed ... and killed", "vowed to attack"
        subj = _subject(head)
        if subj is not None and not _is_event_noun(subj):
            filler.add(draft, resolve("perpetrator"), subj)
    if not is_verb:
        _noun_modifiers(draft, filler)
        # "the death earlier this week of X": the parser hangs "of X" on the date or the verb
        if not has_of:
            doc = head.doc
            k = head.i + 1
            while k < head.sent.end and filler.ix.in_timex(doc[k]):
                k += 1
            obj = (
                _prep_object(doc[k])
                if head.i + 1 < k < head.sent.end and doc[k].lower_ == "of"
                else None
            )
            if obj is not None:
                filler.add(draft, spec.object_role, obj)
        # "the bomber, ..., was killed" / nominal trigger as an object of a light verb:
        # "militants launched an attack" -> perpetrator the light verb's subject
        gov = head.head
        if (
            head.dep_ in {"dobj", "attr"}
            and gov.pos_ == "VERB"
            and gov.lemma_.lower() in modality_mod.lexicon().light_verbs
        ):
            subj = _subject(gov)
            if subj is not None and not any(r == "perpetrator" for r, _, _ in draft.roles):
                filler.add(draft, "perpetrator", subj)
            # "carried out an attack on X in Y": the light verb's preps
            for c in gov.children:
                key = _role_key(c)
                if key.startswith("prep:") and key in cfg.roles["noun"] and key != "prep:of":
                    obj = _prep_object(c)
                    if obj is not None:
                        filler.add(draft, resolve(cfg.roles["noun"][key], key), obj)
        # "X claimed responsibility for the bombing": the claimant is the perpetrator
        claim = _claim_governor(head)
        if claim is not None:
            subj = _subject(claim)
            if subj is not None and not any(r == "perpetrator" for r, _, _ in draft.roles):
                filler.add(draft, "perpetrator", subj)
    # last resort for the place: where the perpetrators were ("individuals in Sinaloa")
    if draft.location is None:
        for r, span, _ in list(draft.roles):
            if r in {"perpetrator", "instrument"}:
                filler.nested_location(draft, span.root)
    # a weapon as the trigger itself ("a car bomb killed 14")
    if draft.head.pos_ == "NOUN" and " ".join(t.lower_ for t in draft.trigger) in cfg.instruments:
        draft.add_role("instrument", draft.trigger, None)
    # instruments implied by the trigger ("a drone strike")
    implied = cfg.implied_instruments.get(draft.subtype)
    if implied and not any(r == "instrument" for r, _, _ in draft.roles):
        for t in draft.trigger:
            if t.lower_ in implied.split():
                draft.add_role("instrument", draft.trigger.doc[t.i : t.i + 1], None)
                break


def _claim_governor(noun: Token) -> Token | None:
    cfg = config()
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in cfg.phrase_objects.get("claim_responsibility", ()):
        return None
    obj = prep.head
    verb = obj.head if obj.dep_ == "dobj" else obj
    if verb.pos_ == "VERB" and (verb.lemma_.lower(), obj.lemma_.lower()) in cfg.verb_phrases:
        return verb
    return None


def _noun_modifiers(draft: _Draft, filler: _RoleFiller) -> None:
    """Compounds / adjectives / possessives of a nominal trigger: "a U.S. drone attack",
    "the Khost attack", "Israeli air strikes", "the group's bombing"."""
    cfg = config()
    ix = filler.ix
    head = draft.head
    for c in head.children:
        if c.i in range(draft.trigger.start, draft.trigger.end) or c.dep_ not in {
            "compound",
            "amod",
            "nmod",
            "poss",
        }:
            continue
        if c.dep_ == "poss":
            continue  # the roles table handles possessives
        if c.ent_type_ in {"DATE", "TIME", "CARDINAL", "ORDINAL"} or c.like_num:
            continue
        etype = ix.entity_type(c)
        lemma = c.lemma_.lower()
        if lemma in cfg.refiners:
            continue
        phrase = _compound_phrase(c)
        if etype in {"PERSON", "ORGANIZATION", "MEDIA"}:
            from .entities import name_cue_type

            ent = filler.entity_in(phrase, c, "target")
            if etype == "ORGANIZATION" and name_cue_type(phrase.text) in {"ARMED_GROUP", "GOVERNMENT"}:
                draft.add_role("perpetrator", phrase, filler.entity_in(phrase, c, "perpetrator"))
            elif etype == "PERSON" and draft.subtype in LETHAL_SUBTYPES | {"kidnapping", "shooting"}:
                draft.add_role("victim", phrase, ent)  # "the Bhutto assassination"
            elif etype != "PERSON":
                draft.add_role("target", phrase, ent)  # "the Fenastras massacre"
            # a person's name before "attack" or "bombing" is too often the culprit
            # ("the bin Laden bombings") to be the victim, and too often the victim to be
            # the culprit: no role
        elif etype in ACTOR_TYPES or c.ent_type_ == "NORP" and etype is None:
            filler_span_ = phrase
            draft.add_role("perpetrator", filler_span_, filler.entity_in(phrase, c, "perpetrator"))
        elif etype in PLACE_TYPES or c.ent_type_ in {"GPE", "LOC", "FAC"}:
            ent = filler.place_entity(c)
            if draft.subtype in cfg.state_subtypes and c.ent_type_ == "GPE":
                draft.add_role("perpetrator", phrase, ent)
            else:
                if draft.location is None:
                    draft.location = ent
                draft.add_role("location", phrase, ent)


def _governed_by(
    tok: Token, head: Token, stop_deps: frozenset[str] | set[str] = frozenset()
) -> bool:
    """Whether ``head`` is reached from ``tok`` going up, without passing another event
    trigger noun or a dependency in ``stop_deps``."""
    node = tok
    for _ in range(20):
        if node.i == head.i:
            return True
        if node.i != tok.i and (_is_event_noun(node) or node.dep_ in stop_deps):
            return False
        if node.dep_ in stop_deps:
            return False
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _compound_phrase(tok: Token) -> Span:
    lo = min(t.i for t in tok.subtree)
    hi = max(t.i for t in tok.subtree)
    return tok.doc[lo : hi + 1]


def _is_event_noun(tok: Token) -> bool:
    cfg = config()
    return tok.lemma_.lower() in cfg.nouns or any(
        tok.lemma_.lower() == words[-1] for words, _ in cfg.phrases
    )


def _refine(draft: _Draft) -> None:
    """A generic subtype made specific by a modifier of the trigger or of its perpetrator /
    instrument ("a drone attack", "a suicide bomber killed 14", "a car bomb killed")."""
    cfg = config()
    if draft.subtype not in cfg.generic_subtypes and draft.subtype != "killing":
        return
    words = [c.lower_ for c in draft.head.children if c.dep_ in {"compound", "amod"}]
    words += [t.lower_ for t in draft.trigger]
    for role, span, _ in draft.roles:
        if role in {"perpetrator", "instrument"}:
            words += [t.lower_ for t in span]
    best = None
    order = [
        "suicide_attack",
        "drone_strike",
        "missile_strike",
        "air_strike",
        "shelling",
        "bombing",
        "shooting",
    ]
    for w in words:
        sub = cfg.refiners.get(w)
        if sub and (best is None or order.index(sub) < order.index(best)):
            best = sub
    if best and best != draft.subtype:
        if draft.subtype == "killing" and best == "shooting":
            return
        draft.subtype = best


# ---------------------------------------------------------------------------------------------
# Casualties, dates


def _casualty_verbs_for(draft: _Draft) -> list[Token]:
    """Kill / die / wound clauses that report this event's toll."""
    cfg = config()
    head = draft.head
    out: list[Token] = []
    if head.pos_ in {"VERB", "AUX"}:
        if head.lemma_.lower() in cfg.casualty_verbs or _casualty_particle(head):
            out.append(head)
        # "attacked ... and killed 14", "killing 14 and wounding 30"
        for c in head.children:
            if c.dep_ in {"conj", "advcl", "xcomp"} and c.lemma_.lower() in cfg.casualty_verbs:
                out.append(c)
                out.extend(
                    g
                    for g in c.children
                    if g.dep_ == "conj" and g.lemma_.lower() in cfg.casualty_verbs
                )
        for c in list(out):
            out.extend(
                g
                for g in c.children
                if g.dep_ == "conj" and g.lemma_.lower() in cfg.casualty_verbs and g not in out
            )
        return out
    # nominal trigger: "the bombing killed 14" (trigger is the subject)
    gov = head.head
    if head.dep_ in {"nsubj"} and gov.lemma_.lower() in cfg.casualty_verbs:
        out.append(gov)
        out.extend(
            g for g in gov.children if g.dep_ == "conj" and g.lemma_.lower() in cfg.casualty_verbs
        )
    # "... in an attack that killed X" / "where seven were killed": a relative clause on the
    # trigger or on a noun inside its phrase; the parser sometimes hangs it higher up, so we
    # also accept a relative pronoun subject / "where" just after the trigger phrase
    nodes = [t for t in head.subtree]
    for t in nodes:
        if (
            t.pos_ == "VERB"
            and t.lemma_.lower() in cfg.casualty_verbs
            and t.dep_ in {"relcl", "acl", "advcl"}
            and t.head.i in {n.i for n in nodes}
        ):
            # not the toll of another event named inside the phrase ("the deadliest attack
            # since a bombing in 2008 that killed 40")
            if t.head.i != head.i and _is_event_noun(t.head):
                continue
            if t.head.pos_ not in {"VERB", "AUX"} or t.head.i == head.i:
                out.append(t)
    right = head.right_edge.i
    sent_end = head.sent.end
    for t in head.doc[right + 1 : min(sent_end, right + 12)]:
        if t.pos_ == "VERB" and t.lemma_.lower() in cfg.casualty_verbs and t not in out:
            rel = any(
                c.lower_ in _REL_PRONOUNS and c.dep_ in {"nsubj", "advmod"} for c in t.children
            )
            if rel or (t.dep_ == "advcl" and t.tag_ == "VBG"):
                out.append(t)
                out.extend(
                    g
                    for g in t.children
                    if g.dep_ == "conj" and g.lemma_.lower() in cfg.casualty_verbs
                )
            break
    return out


def _casualty_particle(verb: Token) -> str | None:
    """ "shot dead", "beaten to death": the kind of casualty the verb's complement makes it."""
    particles = config().casualty_particles
    for c in verb.children:
        if c.lower_ in particles and c.dep_ in {"oprd", "acomp", "advmod", "xcomp", "amod", "dep"}:
            return particles[c.lower_]
        if c.dep_ == "prep" and c.lower_ == "to":
            obj = _prep_object(c)
            if obj is not None and obj.lower_ in particles:
                return particles[obj.lower_]
    return None


def _casualty_victims(verb: Token) -> list[Token]:
    passive = _passive(verb)
    lemma = verb.lemma_.lower()
    victims = []
    for c in verb.children:
        if (passive and c.dep_ == "nsubjpass") or (not passive and c.dep_ in {"dobj", "obj"}):
            victims.append(_antecedent(c))
        elif lemma in {"die", "perish"} and c.dep_ == "nsubj":
            victims.append(_antecedent(c))
    # "14 people killed" with the number as the verb's own subject phrase via conj
    out = []
    for v in victims:
        out.append(v)
        out.extend(g for g in v.children if g.dep_ == "conj")
    return [v for v in out if v.lower_ not in _REL_PRONOUNS]


def _apply_casualties(draft: _Draft, verbs: Iterable[Token], filler: _RoleFiller) -> None:
    cfg = config()
    for verb in verbs:
        kind = cfg.casualty_verbs.get(verb.lemma_.lower()) or _casualty_particle(verb)
        if kind is None:
            continue
        total = None
        for v in _casualty_victims(verb):
            if v.pos_ in {"NOUN", "PROPN", "NUM", "PRON"}:
                filler.add(draft, "victim", v)
                n = _number(v)
                if n is None and _single(v):
                    n = 1
                if n is not None:
                    total = (total or 0) + n
        if total is not None:
            if kind == "killed":
                draft.killed = max(draft.killed or 0, total)
            else:
                draft.injured = max(draft.injured or 0, total)
        if verb.i != draft.head.i:
            draft.folded.append(verb)
            # "... killed 14 people in a crowded market in Baghdad": the clause's place
            for c in verb.children:
                if c.dep_ == "prep" and f"prep:{c.lower_}" in cfg.roles["verb_active"]:
                    role = cfg.roles["verb_active"][f"prep:{c.lower_}"]
                    obj = _prep_object(c)
                    if role == "place" and obj is not None and not _is_event_noun(obj):
                        filler.add(draft, f"place:{c.lower_}", obj)


def _attach_date(draft: _Draft, ix: _Index, verb_events: dict[int, str] | None = None) -> None:
    """The Timex in the trigger's phrase ("the Dec. 30 suicide attack", "last year's bombing"),
    right after it ("a missile strike last August"), or attached to its clause ("On Wednesday,
    ... attacked").  A clause whose verb is another kind of event (``verb_events``: token ->
    type) dates that event, not a noun it governs ("Estrada on Tuesday condemned the
    bombings", "police arrested him on Monday for the shooting")."""
    head = draft.head
    if not ix.date_spans:
        return
    phrase = filler_span(head) if head.pos_ not in {"VERB", "AUX"} else None
    # 1. inside the noun phrase, and not the date of another event named in it
    if phrase is not None:
        for span, tx in ix.date_spans:
            if (
                phrase.start <= span.start
                and span.end <= phrase.end
                and _governed_by(span.root, head)
                and not _in_description(span.root, head)
            ):
                draft.date = tx
                return
    # 2. right after the trigger phrase
    edge = phrase.end if phrase is not None else head.i + 1
    for span, tx in ix.date_spans:
        if span.start == edge or (
            span.start == edge + 1 and ix.doc[edge].is_punct is False and ix.doc[edge].pos_ == "ADP"
        ):
            if span.root.dep_ in {
                "npadvmod",
                "tmod",
                "pobj",
                "nmod",
                "appos",
            } or span.root.head.i in range(head.i - 3, edge + 1):
                draft.date = tx
                return
    # 3. attached to the clause: the trigger verb, or the verb governing a nominal trigger,
    # or a casualty clause folded into the event ("... were killed on Monday")
    verb = head
    while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
        if verb.dep_ in {"relcl", "ccomp", "advcl"}:
            break
        verb = verb.head
    clauses = list(draft.folded)
    own_clause = (verb_events or {}).get(verb.i, draft.spec.type) == draft.spec.type
    if head.pos_ in {"VERB", "AUX"} or (own_clause and _date_carrier(head, verb)):
        clauses.insert(0, verb)
    # 4. the trigger noun's own relative clause: "a bomb attack that left four children
    # injured on 26 July", "an ambush in which three soldiers died on Monday"
    relatives = []
    if head.pos_ not in {"VERB", "AUX"}:
        relatives = [c for c in head.children if c.dep_ in {"relcl", "acl"} and c.pos_ in {"VERB", "AUX"}]
    for clause in clauses:
        if clause.pos_ in {"VERB", "AUX"} and _clause_date(draft, clause, ix):
            return
    for clause in relatives:
        if _clause_date(draft, clause, ix, through_xcomp=True):
            return



def _date_carrier(noun: Token, verb: Token) -> bool:
    """Whether a nominal trigger takes the date of the clause it sits in: as an adjunct
    ("On Wednesday, after a drone attack, ...") or the object of a light verb ("launched an
    attack on Monday"), not as the subject of a copula ("the bombing was the deadliest this
    year")."""
    node = noun
    while node.head.i != node.i and node.head.i != verb.i:
        node = node.head
    if node.dep_ in {"pobj", "prep", "npadvmod", "advcl"} or node.head.dep_ == "prep":
        return True
    lemma = verb.lemma_.lower()
    if (
        lemma in {"be", "have"}
        or lemma in modality_mod.lexicon().verbs
        or lemma in config().relation_verbs
    ):
        # a copula or a reporting verb dates the statement; "X followed Y last week" dates Y
        return False
    # "a missile strike hit a market last week", "militants launched an attack on Monday"
    return node.dep_ in {"nsubj", "dobj", "nsubjpass"}


def _clause_date(draft: _Draft, verb: Token, ix: _Index, through_xcomp: bool = False) -> bool:
    head = draft.head
    for span, tx in ix.date_spans:
        node = span.root
        # climb from the timex to the first verb; it must be our verb
        steps = 0
        while node.pos_ not in {"VERB", "AUX"} and node.head.i != node.i and steps < 6:
            node = node.head
            steps += 1
        # "left four children injured on 26 July": the date of a secondary predicate is its
        # clause's date
        if through_xcomp and node.dep_ == "xcomp" and node.i != verb.i and node.head.i == verb.i:
            node = node.head
        if (
            node.i == verb.i
            and span.sent.start == head.sent.start
            and not _in_description(span.root, verb)
        ):
            draft.date = tx
            return True
    return False


def _in_description(tok: Token, top: Token) -> bool:
    """Whether ``tok`` sits in the description of a participant on its way up to ``top``:
    an apposition, a relative clause or a person noun ("Pablo Pelaez, the former mayor of
    Medellin in 1984, was killed": 1984 dates his term, not the killing)."""
    cfg = config()
    doc = tok.doc
    # the parser often hangs "in 1984" of a trailing apposition on the trigger itself: a date in
    # the same comma segment as an apposition, after it, belongs to the apposition
    if tok.dep_ != "pobj":
        # "The FMLN today attacked ...": a bare date word hung on a name is a misparse
        return False
    k = tok.i - 1
    while k >= tok.sent.start and doc[k].text not in {",", ";", "(", ")", "--", "-", ":"}:
        if doc[k].dep_ == "appos" or (doc[k].dep_ == "conj" and doc[k].head.dep_ == "appos"):
            return True
        k -= 1
    node = tok
    for _ in range(20):
        if node.i == top.i or node.head.i == node.i:
            return False
        if node.dep_ in {"appos", "relcl", "acl"}:
            return True
        # a date inside the subject phrase describes the subject, unless it is an event
        # ("the attack on Monday killed five")
        if node.dep_ in {"nsubj", "nsubjpass"} and node.i != tok.i and not _is_event_noun(node):
            return True
        if (
            node.i != tok.i
            and node.pos_ in {"NOUN", "PROPN"}
            and (node.lemma_.lower() in cfg.person_nouns or node.ent_type_ == "PERSON")
        ):
            return True
        node = node.head
    return False


# ---------------------------------------------------------------------------------------------
# Extraction


def _someone(tok: Token, ix: _Index) -> bool:
    """Whether a filler can be a party to an act: a person, a body, a state, a pronoun or a
    name, or a noun of people or of a body."""
    tok = _antecedent(tok)
    return (_is_person(tok) or ix.entity_type(tok) in _ACTOR_TYPES | _PLACE_TYPES
            or tok.lemma_.lower() in _raw_words("agent_nouns") or tok.pos_ in {"PRON", "PROPN"})


def _meets_someone(span: Span, ix: _Index, spec: TriggerSpec) -> bool:
    """A verb that is a meeting only between people or bodies (``people_object_verbs``: "met
    with Netanyahu", "the ministers met") is none when what it meets is a thing: "the plan was
    met with outrage", "meet NATO's standards", "met the deadline"; nor is a killing of a thing
    ("killed the hopes and dreams of thousands")."""
    head = span.root
    if head.pos_ not in {"VERB", "AUX"}:
        return True
    lemma = head.lemma_.lower()
    if spec.type == "ASSAULT" and spec.object_role == "victim" and spec.subject_role != "victim":
        objects = [c for c in head.children if c.dep_ in {"dobj", "obj"} and not span.start <= c.i < span.end]
        return not objects or any(_someone(o, ix) or o.like_num or o.lower_ in config().numbers
                                  for o in objects)
    if lemma not in _raw_words("people_object_verbs"):
        return True
    objects = [c for c in head.children if c.dep_ in {"dobj", "obj", "nsubjpass"}]
    objects += [g for c in head.children if c.dep_ == "prep" and c.lower_ == "with"
                for g in c.children if g.dep_ == "pobj"]
    return not objects or any(_someone(o, ix) for o in objects)


def _threat_without_threatener(span: Span, ix: _Index, spec: TriggerSpec) -> bool:
    """ "the (perceived) threat of terrorism": a risk, not a threat someone made; a threat
    event names who makes it (a possessor, "from" / "by", a name or a noun of people before it)
    or is the object of a verb that does ("issued a threat")."""
    head = span.root
    if spec.type != "THREATEN" or head.pos_ not in {"NOUN", "PROPN"}:
        return False
    for c in head.children:
        if c.dep_ == "poss":
            return False
        if c.dep_ == "prep" and c.lower_ in {"from", "by"}:
            return False
        if c.dep_ in {"compound", "amod", "nmod"} and (ix.entity_type(c) is not None or _someone(c, ix)):
            return False
    return head.dep_ not in {"dobj", "obj"}


def _armed_subject_of_civil_act(span: Span) -> bool:
    """A verb that is a civil act only when civilians do it (``civilian_subject_verbs``) whose
    subject is an armed force (``armed_subject_nouns``), or an accident verb
    (``physical_subject_verbs``) whose subject is no vessel or structure ("the talks collapsed")."""
    raw = config().raw
    head = span.root
    if head.pos_ in {"VERB", "AUX"} and head.lemma_.lower() in _raw_words("physical_subject_verbs"):
        subj = next((c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        subj = _antecedent(subj) if subj is not None else None
        return subj is None or subj.lemma_.lower() not in _raw_words("physical_subjects")
    if head.pos_ not in {"VERB", "AUX"} or head.lemma_.lower() not in {
            str(w).lower() for w in raw.get("civilian_subject_verbs") or ()}:
        return False
    subj = _subject(head)
    armed = {str(w).lower() for w in raw.get("armed_subject_nouns") or ()}
    return subj is None or subj.lemma_.lower() in armed or subj.lower_ in armed


def _threats(doc: Doc, drafts: list[_Draft]) -> list[_Draft]:
    """A vow or warning to commit violence is a threat: "the Taliban vowed to attack NATO
    bases", "North Korea stated it would attack the loudspeakers" (a statement verb whose clause
    is a violent act in the future or conditional).  The threat's trigger is the vow or the
    statement; the violent act stays an event of its own, unrealised."""
    raw = config().raw
    vows = {str(w).lower() for w in raw.get("threat_vow_verbs") or ()}
    statements = {str(w).lower() for w in raw.get("threat_statement_verbs") or ()}
    spec = next((sp for sp in config().specs if sp.type == "THREATEN"), None)
    taken = {d.head.i for d in drafts}
    out: list[_Draft] = []
    if spec is None:
        return out
    for d in drafts:
        head = d.head
        if d.spec.type not in VIOLENT_TYPES or head.pos_ not in {"VERB", "AUX"}:
            continue
        gov = head.head
        lemma = gov.lemma_.lower()
        vowed = head.dep_ == "xcomp" and lemma in vows
        stated = head.dep_ == "ccomp" and lemma in statements and any(
            c.dep_ == "aux" and c.lower_ in {"would", "will", "'ll"} for c in head.children)
        if (vowed or stated) and gov.i not in taken:
            taken.add(gov.i)
            out.append(_Draft(spec=spec, subtype=spec.subtype, trigger=doc[gov.i : gov.i + 1]))
    return out


def _drafts(doc: Doc, ix: _Index) -> list[_Draft]:
    cfg = config()
    filler = _RoleFiller(ix)
    drafts: list[_Draft] = []
    for span, i in _find_triggers(doc):
        spec = cfg.specs[i]
        if _non_event_use(span) or _inside_name(span, ix):
            continue
        if span.root.pos_ not in {"VERB", "AUX"}:
            if not _context_ok(span, spec) or _is_light_noun_use(span) or _generic_plural(span):
                continue
        elif spec.object_role == "victim" and _object_is_event(span):
            continue  # "an operation they executed": not a killing
        elif span.root.lemma_.lower() in spec.needs_object and not any(
            c.dep_ in {"dobj", "nsubjpass", "ccomp"} for c in span.root.children
        ):
            continue  # "for the campaign to succeed" is no succession; "allege that X" is
        if _armed_subject_of_civil_act(span):
            continue  # "troops marched into the town" is no protest march
        if not _meets_someone(span, ix, spec):
            continue  # "met with outrage", "meet NATO's standards": no meeting
        if _threat_without_threatener(span, ix, spec):
            continue  # "the perceived threat of terrorism"
        drafts.append(_Draft(spec=spec, subtype=spec.subtype, trigger=span))
    drafts = sorted(drafts + _threats(doc, drafts), key=lambda d: d.trigger.start)
    drafts = [d for d in drafts if not _umbrella(d, drafts)]
    # a casualty verb reporting another event's toll is folded into it, not a separate event
    by_head = {d.head.i: d for d in drafts}
    for d in drafts:
        _fill_roles(d, filler)
        if d.spec.type in VIOLENT_TYPES or d.subtype in {"arrest", "raid"} | TOLL_HOSTS:
            verbs = _casualty_verbs_for(d)
            _apply_casualties(d, verbs, filler)
    # "Zainuddin was killed when he was attacked", "12 died when a bomb exploded", "killed
    # in an air strike": the killing is the toll of the attack
    for d in drafts:
        if d.subtype != "killing" or d.head.pos_ != "VERB":
            continue
        host = _enclosing_attack(d.head, by_head)
        if host is not None and host is not d and d.head.i not in {v.i for v in host.folded}:
            _apply_casualties(host, [d.head], filler)
    folded = {v.i for d in drafts for v in d.folded if v.i in by_head and by_head[v.i] is not d}
    out = []
    for d in drafts:
        if d.head.i in folded:
            host = next(h for h in drafts if any(v.i == d.head.i for v in h.folded) and h is not d)
            # keep the folded clause's roles (victims) on the host
            for r, s, e in d.roles:
                if r != "perpetrator" or not any(rr == "perpetrator" for rr, _, _ in host.roles):
                    host.add_role(r, s, e)
            if host.location is None:
                host.location = d.location
            continue
        out.append(d)
    # an instrument phrase that is itself a trigger ("a car bomb killed 14") belongs to the
    # event whose role it fills
    roles_cover = [(d, s) for d in out for r, s, _ in d.roles if r in {"instrument", "perpetrator"}]
    kept = []
    for d in out:
        host = next((h for h, s in roles_cover if h is not d and s.start <= d.head.i < s.end), None)
        if host is not None and d.head.pos_ != "VERB":
            continue
        kept.append(d)
    kept = [d for d in kept if not _seizes_goods(d) and _holds_someone(d, ix)]
    verb_events = {d.head.i: d.spec.type for d in kept if d.head.pos_ in {"VERB", "AUX"}}
    for d in kept:
        _audit_roles(d, ix)
        _refine(d)
        _attach_date(d, ix, verb_events)
        _lethal_toll(d, ix)
    return kept


LETHAL_SUBTYPES = frozenset({"killing", "assassination", "beheading", "execution"})


def _lethal_toll(d: _Draft, ix: _Index) -> None:
    """A killing with no stated toll kills its victims: one for each victim named or described
    as one person ("the murder of Dr. Barnett Slepian", "assassinating candidate Carlos
    Pizarro").  A plural victim ("the priests") leaves the toll unknown."""
    if d.killed is not None or d.subtype not in LETHAL_SUBTYPES or d.modality_anchor is not None:
        return
    victims = [s for r, s, _ in d.roles if r == "victim"]
    if not victims:
        return
    if all(_single(s.root) and (_is_person(s.root) or ix.entity_type(s.root) == "PERSON") for s in victims):
        d.killed = len({s.start for s in victims})


def _raw_words(key: str) -> frozenset[str]:
    """A word list from events.yaml, lower-cased."""
    return frozenset(str(w).lower() for w in config().raw.get(key, ()) or ())


def _direct_object(head: Token) -> Token | None:
    """The thing a seizure / arrest acts on: a verb's object (or passive subject), a noun's
    "of"-complement."""
    if head.pos_ in {"VERB", "AUX"}:
        obj = next((c for c in head.children if c.dep_ in {"dobj", "nsubjpass", "obj"}), None)
        return _antecedent(obj) if obj is not None else None
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            return _prep_object(c)
    return None


def _seizes_goods(d: _Draft) -> bool:
    """ "troops seized five AK-47 rifles", "the capture of a cocaine shipment": goods were
    taken, nobody was attacked or held, so there is no event."""
    if d.spec.type != "COERCE" or d.subtype == "raid":
        return False
    obj = _direct_object(d.head)
    if obj is None:
        return False
    cfg = config()
    goods = _raw_words("seized_goods") | cfg.instruments
    # "two tons of cocaine", "a shipment of rifles": the measure's "of"-complement
    if obj.lemma_.lower() in _raw_words("goods_measures"):
        inner = next(
            (
                o
                for c in obj.children
                if c.dep_ == "prep" and c.lower_ == "of"
                if (o := _prep_object(c)) is not None
            ),
            None,
        )
        obj = inner if inner is not None else obj
    lemma = obj.lemma_.lower()
    compound = " ".join(t.lower_ for t in obj.subtree if t.dep_ == "compound" or t.i == obj.i)
    return lemma in goods or obj.lower_ in goods or compound in goods


_PLACE_TYPES = frozenset({"LOCATION", "FACILITY"})
_ACTOR_TYPES = frozenset({"PERSON", "ARMED_GROUP", "ORGANIZATION", "GOVERNMENT", "MEDIA"})


def _holds_someone(d: _Draft, ix: _Index) -> bool:
    """An arrest or a deportation holds people: "captured the town" takes a place (a ``seizure``), and a verb
    that is an arrest only with a person object (``person_object_arrest_verbs``: "rounded up
    blog posts", "captured the attention of") is no event with anything else."""
    if d.subtype == "deportation" and d.head.pos_ in {"VERB", "AUX"}:
        # "handed over two suspects", not "turned over the keys"
        obj = _direct_object(d.head)
        return obj is None or _is_person(obj) or ix.entity_type(obj) in _ACTOR_TYPES
    if d.subtype != "arrest":
        return True
    obj = _direct_object(d.head)
    if obj is None or _is_person(obj) or ix.entity_type(obj) in _ACTOR_TYPES:
        return True
    if ix.entity_type(obj) in _PLACE_TYPES or obj.lemma_.lower() in _raw_words("place_nouns"):
        d.subtype = "seizure"
        d.roles = [("target" if r == "victim" else r, sp, e) for r, sp, e in d.roles]
        return True
    return d.head.lemma_.lower() not in _raw_words("person_object_arrest_verbs")


def _adjacent_group(head: Token, ix: _Index) -> Span | None:
    """A group name written right before a nominal trigger ("The Farabundo Marti National
    Liberation Front (FMLN) offensive"), which the parser often fails to attach to it: the
    mention ending at the trigger, an "(ACRONYM)" between them skipped."""
    doc = head.doc
    start = head.sent.start
    k = head.i - 1
    # "the FMLN urban offensive": skip unnamed modifiers of the trigger
    while k >= start and doc[k].dep_ in {"amod", "compound"} and ix.mention(doc[k]) is None:
        k -= 1
    if k >= start and doc[k].text == ")":
        opening = next(
            (j for j in range(k - 1, max(start, k - 6) - 1, -1) if doc[j].text == "("), None
        )
        if opening is None:
            return None
        k = opening - 1
    if k < start:
        return None
    m = ix.mention(doc[k])
    agents = {str(t) for t in config().raw.get("adjacent_agent_types") or config().raw.get("of_agent_types", ())}
    if m is None:
        return None
    if m.type not in agents:
        from .entities import name_cue_type

        # an organisation whose name says it is armed ("Revolutionary Armed Forces of ...")
        if m.type != "ORGANIZATION" or name_cue_type(m.text) not in agents:
            return None
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or span.end != k + 1:
        return None
    return span


def _audit_roles(d: _Draft, ix: _Index) -> None:
    """Rules from reading events against wire copy: who acted, what kind of event it was."""
    cfg = config()
    raw = cfg.raw
    head = d.head
    is_verb = head.pos_ in {"VERB", "AUX"}
    agent_types = {str(t) for t in raw.get("of_agent_types", ())}
    # 1. "the offensive of the FMLN": the group is the actor, not the target
    if not is_verb and d.subtype in _raw_words("of_agent_subtypes"):
        of_obj = next(
            (
                o
                for c in head.children
                if c.dep_ == "prep" and c.lower_ == "of"
                if (o := _prep_object(c)) is not None
            ),
            None,
        )
        if of_obj is not None and ix.entity_type(of_obj) in agent_types:
            d.roles = [
                ("perpetrator" if s.root.i == of_obj.i and r in {"target", "victim"} else r, s, e)
                for r, s, e in d.roles
            ]
    # 2a. "the offensive launched by the FMLN": the agent of a light-verb participle
    if not is_verb and not any(r == "perpetrator" for r, _, _ in d.roles):
        light = modality_mod.lexicon().light_verbs
        for c in head.children:
            if c.dep_ == "acl" and c.lemma_.lower() in light:
                for a in c.children:
                    obj = _prep_object(a) if a.dep_ == "agent" or a.lower_ == "by" else None
                    if obj is not None and not _is_event_noun(obj):
                        d.add_role("perpetrator", filler_span(obj), ix.entity_of(obj))
    # 2. a group named right before a nominal attack trigger is its perpetrator
    if (
        not is_verb
        and d.spec.type in VIOLENT_TYPES
        and not any(r == "perpetrator" for r, _, _ in d.roles)
    ):
        group = _adjacent_group(head, ix)
        if group is not None:
            d.add_role("perpetrator", group, ix.entity_of(group.root) or ix.entity_of(group[-1]))
    # 3. an attempt on someone's life: the attack happened, the death did not
    if d.subtype in _raw_words("lethal_subtypes"):
        anchor = _attempt_of(head)
        if anchor is not None:
            d.subtype = str(raw.get("attempt_subtype", "attack"))
            d.killed = None
            d.modality_anchor = anchor
    # 4. an arrest by the state: its author acts lawfully
    if d.subtype in _raw_words("lawful_subtypes"):
        unlawful = _raw_words("unlawful_actor_heads")
        role = str(raw.get("lawful_role", "actor"))
        d.roles = [
            (
                role
                if r == "perpetrator"
                and ix.entity_type(s.root) != "ARMED_GROUP"
                and s.root.lemma_.lower() not in unlawful
                else r,
                s,
                e,
            )
            for r, s, e in d.roles
        ]
    # 5. "took over the hospital": a place was seized, nobody became leader
    if d.subtype == "leadership_change" and len(d.trigger) > 1:
        org_role = d.spec.object_role
        objs = [(s, e) for r, s, e in d.roles if r == org_role]
        if objs and not any(
            ix.entity_type(s.root) in {str(t) for t in raw.get("leadership_object_types", ())}
            or s.root.lemma_.lower() in _raw_words("leadership_objects")
            for s, _ in objs
        ):
            d.subtype = "seizure"
            d.roles = [
                (
                    "target" if r == org_role else "perpetrator" if r == d.spec.subject_role else r,
                    s,
                    e,
                )
                for r, s, e in d.roles
            ]
    # 6. "the plane exploded": an intransitive explosion has no perpetrator as its subject
    if (
        is_verb
        and head.lemma_.lower() in _raw_words("no_agent_verbs")
        and not _passive(head)
        and not any(c.dep_ in {"dobj", "obj"} for c in head.children)
    ):
        subj = next((c for c in head.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            subj = _antecedent(subj)  # "the truck, which exploded"
            d.roles = [
                ("target" if r == "perpetrator" and s.root.i == subj.i else r, s, e)
                for r, s, e in d.roles
            ]
    # 7. only someone acts: "buildings" burning, "their computers" seizing or "international
    # aviation safety laws" shooting are misparses, not perpetrators
    d.roles = [(r, s, e) for r, s, e in d.roles if r not in _AGENT_ROLES or _can_act(s, e, ix)]


_AGENT_ROLES = frozenset({"perpetrator", "actor"})


def _can_act(span: Span, entity: int | None, ix: _Index) -> bool:
    """Whether a role filler can be an agent: a name (people, groups, states), a pronoun, or a
    noun of people or of an organised body (``person_nouns``, ``agent_nouns``)."""
    root = span.root
    if (
        entity is not None
        or ix.entity_type(root) is not None
        or root.ent_type_
        or root.pos_ in {"PRON", "PROPN"}
    ):
        return True
    nouns = config().person_nouns | _raw_words("agent_nouns") | _raw_words("unlawful_actor_heads")
    for tok in {root, span[-1]}:  # the last word heads a phrase the parser got wrong
        forms = {tok.lemma_.lower(), tok.lower_, tok.lower_.removesuffix("s")}
        if _is_person(tok) or forms & nouns or is_role_noun(tok.text):
            return True
    return False


def _attempt_of(head: Token) -> Token | None:
    """The attempt word a lethal trigger depends on ("tried to kill", "attempted to
    assassinate", "an attempt to kill", "an assassination attempt"), else None."""
    verbs = _raw_words("attempt_verbs")
    nouns = _raw_words("attempt_nouns")
    gov = head.head
    if head.dep_ in {"xcomp", "acl", "advcl", "ccomp"} and gov.i != head.i:
        if gov.lemma_.lower() in verbs | nouns:
            return gov
    if head.pos_ not in {"VERB", "AUX"} and head.dep_ in {"compound", "amod", "nmod"}:
        if gov.lemma_.lower() in nouns:
            return gov
    # "the failed assassination of X": a lethal noun that failed did not kill
    return None


def _generic_plural(span: Span) -> bool:
    """A kind of event, not one: "many attacks", "more deadly attacks", "such attacks"."""
    head = span.root
    if head.tag_ not in {"NNS", "NNPS"}:
        return False
    quantifiers = config().generic_quantifiers
    # the words before the head in its own phrase ("more deadly attacks": "more" hangs on "deadly")
    return any(t.lower_ in quantifiers for t in head.doc[head.left_edge.i : head.i])


def _object_is_event(trigger: Span) -> bool:
    """The object of a killing verb is an operation or a plan, not a person ("the operation
    they executed"); for verbs that also mean something else ("execute") it must be a person."""
    cfg = config()
    verb = trigger.root
    for c in verb.children:
        if c.dep_ not in {"dobj", "nsubjpass"} or trigger.start <= c.i < trigger.end:
            continue
        obj = _antecedent(c)
        if _is_event_noun(obj) or (c.lower_ in _REL_PRONOUNS and _is_event_noun(verb.head)):
            return True
        if verb.lemma_.lower() in cfg.person_object_verbs and not _is_person(obj):
            return True
    return False


def _is_person(tok: Token) -> bool:
    cfg = config()
    if tok.ent_type_ == "PERSON" or tok.lower_ in _PERSON_PRONOUNS | _GROUP_PRONOUNS - {
        "it",
        "its",
    }:
        return True
    if any(c.dep_ == "nummod" for c in tok.children) or tok.like_num:
        return True
    return tok.lemma_.lower() in cfg.person_nouns


def _umbrella(d: _Draft, drafts: list[_Draft]) -> bool:
    """A plural trigger that only introduces a list of events ("attacks including last
    year's bombing ..., the bombing of ...") is not itself one event."""
    head = d.head
    if head.tag_ not in {"NNS", "NNPS"}:
        return False
    heads = {x.head.i for x in drafts if x is not d}
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ in {"including", "like", "such"}:
            for t in c.subtree:
                if t.i in heads:
                    return True
    return False


TOLL_HOSTS = frozenset({"accident"})  # non-violent events that take a death toll ("killed in a stampede")


def _takes_toll(d: _Draft) -> bool:
    return d.spec.type in VIOLENT_TYPES or d.subtype in TOLL_HOSTS


def _enclosing_attack(verb: Token, by_head: dict[int, _Draft]) -> _Draft | None:
    """The attack (or accident) a casualty verb reports the toll of: its "in"/"during" object
    or its "when"/"as" clause ("345 pilgrims have been killed in a stampede")."""
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in {"in", "during", "by"}:
            obj = _prep_object(c)
            if obj is not None and obj.i in by_head and _takes_toll(by_head[obj.i]):
                return by_head[obj.i]
        if c.dep_ == "advcl" and c.i in by_head and _takes_toll(by_head[c.i]):
            if any(
                g.lower_ in {"when", "as", "after"} and g.dep_ in {"advmod", "mark"}
                for g in c.children
            ):
                return by_head[c.i]
    return None


def _freeze(d: _Draft, doc: Doc, ix: _Index, own_voice: tuple[str, ...]) -> Event:
    a = modality_mod.assess(doc, d.modality_anchor or d.trigger, own_voice=own_voice, presuppose=True)
    sent = d.head.sent
    sent_no = ix.sentence_of(sent.start_char)
    trig = Evidence(d.trigger.start_char, d.trigger.end_char, d.trigger.text, sent_no)
    evidence = Evidence(sent.start_char, sent.end_char, sent.text, sent_no)
    etype = d.spec.type if d.subtype == d.spec.subtype else _type_of(d.subtype, d.spec.type)
    # PLOVER's source of a violent or coercive act is its perpetrator; of anything else
    # (talks, accusations, demands, agreements) its actor
    agent = "perpetrator" if etype in VIOLENT_TYPES | {"COERCE", "THREATEN"} else "actor"
    # whom a state arrests, detains or expels is the target of its coercion (PLOVER), whom a
    # release frees or a rescue saves its target: victims are of violence and accidents only
    patient = {} if etype in VIOLENT_TYPES | {"OTHER"} else {"victim": "target"}
    roles = tuple(Role(agent if r == "perpetrator" else patient.get(r, r), s.text, s.start_char, s.end_char, e)
                  for r, s, e in d.roles)
    attributed_entity = None
    if a.source_span is not None:
        src = doc.char_span(a.source_span[0], a.source_span[1], alignment_mode="expand")
        if src is not None:
            filler = _RoleFiller(ix)
            attributed_entity = filler.entity_in(src, src.root, "source")
    return Event(
        type=etype,
        subtype=d.subtype,
        trigger=trig,
        roles=roles,
        date=d.date,
        location=d.location,
        killed=d.killed,
        injured=d.injured,
        modality=a.modality,
        attributed_to=a.attributed_to,
        attributed_entity=attributed_entity,
        polarity=a.polarity,
        evidence=(evidence,),
        extractor=EXTRACTOR,
    )


def _type_of(subtype: str, default: str) -> str:
    for spec in config().specs:
        if spec.subtype == subtype:
            return spec.type
    return default


# ---------------------------------------------------------------------------------------------
# Merging mentions of one event within an article


TOLL_DRIFT = 0.15  # a death toll revised within an article: "killed 247" ... "253" ... "257"


def _same_toll(a: int, b: int) -> bool:
    """Whether two death tolls can be one event's as the count was revised: equal, or both
    large and within :data:`TOLL_DRIFT` of each other (11 and 213 are two events)."""
    return a == b or (min(a, b) >= 10 and abs(a - b) <= TOLL_DRIFT * max(a, b))


def _dates_compatible(a: Timex | None, b: Timex | None) -> bool | None:
    """True: the same date, one possibly finer (2009-08 and 2009-08-05); False: different; None:
    at least one unknown, or overlapping periods that need not be one day ("earlier this week"
    and "Wednesday", "last fall" and "Oct. 23")."""
    if a is None or b is None or not a.value or not b.value:
        return None
    va, vb = a.value, b.value
    if va.startswith(vb) or vb.startswith(va):
        return True
    return None if values_overlap(va, vb) else False


AGENT_ROLES = frozenset({"actor", "perpetrator"})
# Event types done with someone: their "with"-object is the other party.
RECIPROCAL_TYPES = frozenset({"CONSULT", "AGREE"})


def _role_entities(e: Event, roles: Set[str]) -> set[int]:
    return {r.entity for r in e.roles if r.role in roles and r.entity is not None}


def _definite(e: Event, doc: Doc) -> bool:
    """ "the attack", "his attack", "the Khost attack", "that killing": refers back."""
    span = doc.char_span(e.trigger.start, e.trigger.end, alignment_mode="expand")
    if span is None:
        return False
    head = span.root
    return any(
        c.dep_ in {"det", "poss"}
        and c.lower_ in {"the", "this", "that", "these", "his", "her", "its", "their"}
        for c in head.children
    )


def _places_agree(a: int, b: int, names: Sequence[str]) -> bool:
    """One event's place may be named at two grains: "the U.S. embassy in Nairobi" and
    "Nairobi" (one name holds the other as whole words)."""
    if a == b:
        return True
    if not (0 <= a < len(names) and 0 <= b < len(names)):
        return False
    x, y = f" {names[a].casefold()} ", f" {names[b].casefold()} "
    return x in y or y in x


def _merge_score(a: Event, b: Event, doc: Doc, names: Sequence[str] = ()) -> tuple[str, int] | None:
    """How strongly ``b`` looks like a later mention of ``a``: the merged subtype and a score,
    or None when something contradicts (type, subtype, toll, place, date)."""
    if a.type != b.type:
        return None
    subtype = compatible_subtypes(a.subtype, b.subtype)
    if subtype is None:
        return None
    if a.killed is not None and b.killed is not None and not _same_toll(a.killed, b.killed):
        return None
    if a.location is not None and b.location is not None and not _places_agree(a.location, b.location, names):
        return None
    dates = _dates_compatible(a.date, b.date)
    if dates is False:
        return None
    agents_a, agents_b = _role_entities(a, AGENT_ROLES), _role_entities(b, AGENT_ROLES)
    if a.type not in VIOLENT_TYPES and agents_a and agents_b and not agents_a & agents_b:
        return None  # two actors' statements, meetings or protests are two acts
    score = 0
    if dates:
        score += 3
    if a.location is not None and a.location == b.location:
        score += 2
    if _role_entities(a, {"victim", "target"}) & _role_entities(b, {"victim", "target"}):
        score += 2
    if _role_entities(a, {"perpetrator"}) & _role_entities(b, {"perpetrator"}):
        score += 1
    if a.subtype == b.subtype and a.subtype not in config().generic_subtypes:
        score += 1
    return subtype, score


def _mergeable(e: Event, doc: Doc) -> bool:
    """Hypothetical or generic mentions ("may launch attacks", "many attacks") name no one
    event and are never merged."""
    if e.modality in {"possible", "negated"}:
        return e.date is not None
    span = doc.char_span(e.trigger.start, e.trigger.end, alignment_mode="expand")
    return not (
        span is not None
        and span.root.tag_ in {"NNS", "NNPS"}
        and e.date is None
        and e.location is None
    )


def _merge_pair(a: Event, b: Event, subtype: str) -> Event:
    ranks = modality_mod.lexicon().rank
    # the most certain report of the event stands for it (a later hedge does not undo an assertion)
    first, second = (a, b) if ranks.get(a.modality, 99) >= ranks.get(b.modality, 99) else (b, a)
    roles = list(a.roles)
    for r in b.roles:
        same = [
            i
            for i, x in enumerate(roles)
            if x.role == r.role
            and ((x.entity is not None and x.entity == r.entity) or x.text == r.text)
        ]
        if not same:
            roles.append(r)
        elif r.entity is not None and all(roles[i].entity is None for i in same):
            roles[same[0]] = r  # "his" resolved in a later mention beats "his" unresolved
    date = a.date
    if b.date is not None and (
        date is None or (b.date.value and date.value and len(b.date.value) > len(date.value))
    ):
        date = b.date
    evidence = list(a.evidence) + [e for e in b.evidence if e not in a.evidence]
    return replace(
        a,
        type=_type_of(subtype, a.type),
        subtype=subtype,
        roles=tuple(roles),
        date=date,
        location=a.location if a.location is not None else b.location,
        killed=a.killed if a.killed is not None else b.killed,
        injured=a.injured if a.injured is not None else b.injured,
        modality=first.modality,
        attributed_to=first.attributed_to,
        attributed_entity=first.attributed_entity,
        polarity=first.polarity,
        evidence=tuple(evidence),
    )


MERGE_WINDOW = 100
MAX_TOLL = 10_000_000  # larger casualty counts are misreadings (or hostile input), not tolls


BACKGROUND_DAYS = 60  # an event dated this long before publication is background, not news


def _background(e: Event, published: str | None) -> bool:
    """An event the article mentions in passing: dated well before its publication ("the
    deadliest since a bombing in Mosul in 2008").  A bare reference ("the bomber", "the blast")
    is to the news of the day, never to such an event."""
    if not published or e.date is None or not e.date.value or not e.date.value[:4].isdigit():
        return False
    span = period(e.date.value)
    if span is None:
        return False
    try:
        end = dt.date.fromisoformat(span[1])
        pub = dt.date.fromisoformat(published[:10])
    except ValueError:
        return False
    return (pub - end).days > BACKGROUND_DAYS


def _refers_back(e: Event, doc: Doc) -> bool:
    """A mention with nothing of its own that points back: "the attack", "his attack", or a
    clause about "the bomber" / "the centre" with no date and no place of its own."""
    if _role_entities(e, {"victim", "target"}):
        return False
    if e.type not in VIOLENT_TYPES and _role_entities(e, AGENT_ROLES):
        return False  # "The Cuban government condemned the explosions": a statement of its own
    if _definite(e, doc):
        return True
    if e.date is not None or e.location is not None or not e.roles:
        return False
    return all(r.text.lower().startswith(("the ", "his ", "her ", "its ", "their ")) for r in e.roles
               if r.role in {"perpetrator", "target", "instrument"}) and any(
        r.role in {"perpetrator", "target", "instrument"} for r in e.roles)


def merge(events: list[Event], doc: Doc, published: str | None = None,
          names: Sequence[str] = ()) -> list[Event]:
    """Merge mentions of the same event within one article (a later one into an earlier).

    A mention joins the earlier event it shares most with (date 3, place 2, victim / target 2,
    perpetrator 1, specific subtype 1) when the score reaches 2; a mention that refers back
    with nothing of its own ("the attack", "the bomber detonated his vest") joins the best
    compatible earlier event that is not background (dated well before ``published``).
    """
    out: list[Event] = []
    for e in events:
        best: tuple[int, int, str] | None = None
        if _mergeable(e, doc):
            definite = _refers_back(e, doc)
            # Only the most recent events are candidates: a news story refers back to what it has
            # just reported, and a bound keeps a pathological page (thousands of triggers) linear.
            for i in range(max(0, len(out) - MERGE_WINDOW), len(out)):
                prev = out[i]
                if not _mergeable(prev, doc):
                    continue
                scored = _merge_score(prev, e, doc, names)
                if scored is None:
                    continue
                subtype, score = scored
                if score < 2 and definite and _background(prev, published):
                    continue
                if score >= 2 or definite:
                    if best is None or (score, i) > (best[0], best[1]):
                        best = (score, i, subtype)
        if best is not None:
            _, i, subtype = best
            out[i] = _merge_pair(out[i], e, subtype)
        else:
            out.append(e)
    return out


def extract(doc: Doc, result: ArticleResult) -> list[Event]:
    """All events of one article, one Event per real-world event, each with its evidence."""
    ix = _Index(doc, result)
    publisher = result.article.publisher
    own_voice = (publisher,) if publisher else ()
    drafts = _drafts(doc, ix)
    events = [_plausible(_freeze(d, doc, ix, own_voice)) for d in drafts]
    published = result.article.published or (result.article.published_range or (None, None))[1]
    merged = merge(events, doc, published, [e.name for e in result.entities])
    used = {(e.date.start, e.date.end) for e in merged if e.date is not None}
    dated = [_sentence_date(e, doc, ix, used) for e in merged]
    return [e for e in dated if not _empty(e, doc)]


def _empty(e: Event, doc: Doc) -> bool:
    """A noun mention that says nothing of who, where, when or how many ("investigators have
    interviewed hundreds about the embassy bombings") and joined no fuller mention: a passing
    reference, not a record an analyst can use.  A verb ("the talks collapsed") reports an
    occurrence and stays."""
    if e.roles or e.location is not None or e.date is not None or e.killed is not None or e.injured is not None:
        return False
    trig = doc.char_span(e.trigger.start, e.trigger.end, alignment_mode="expand")
    if trig is None or trig.root.pos_ not in {"NOUN", "PROPN"}:
        return False
    head = trig.root
    # an indefinite noun introduces an event ("A dynamite attack destroyed two pylons"); a
    # definite or plural one refers to events told elsewhere ("the embassy bombings")
    return head.tag_ in {"NNS", "NNPS"} or any(
        c.dep_ in {"det", "poss"} and c.lower_ not in {"a", "an", "another"} for c in head.children
    )


def _sentence_date(event: Event, doc: Doc, ix: _Index, used: set[tuple[int, int]]) -> Event:
    """An event still undated after merging takes the one date of its trigger's sentence,
    unless that date belongs to a statement about it ("officials said Thursday ...") or the
    sentence names several dates.  Done after merging so a guess never keeps two mentions of
    one event apart."""
    if event.date is not None:
        return event
    trig = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    if trig is None:
        return event
    head = trig.root
    sent = head.sent
    in_sent = [(sp, tx) for sp, tx in ix.date_spans if sent.start <= sp.start and sp.end <= sent.end]
    if len(in_sent) != 1:
        return event
    span, tx = in_sent[0]
    if (tx.start, tx.end) in used:
        return event  # already the date of another event ("followed the death last week")
    verb = span.root
    steps = 0
    while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i and steps < 6:
        verb = verb.head
        steps += 1
    if verb.i != head.i and verb.lemma_.lower() in modality_mod.reporting_verbs():
        return event
    if _in_description(span.root, head) or _background_timex(tx, ix):
        return event
    return replace(event, date=tx)


def _background_timex(tx: Timex, ix: _Index) -> bool:
    """A date of another era than the article's news (more than a year before publication)."""
    pub = ix.result.article.published
    return bool(pub and tx.value and tx.value[:4].isdigit() and int(tx.value[:4]) < int(pub[:4]) - 1)


def _plausible(event: Event) -> Event:
    """Drop casualty counts no real event has (they would also overflow a store's integers)."""
    killed = event.killed if event.killed is None or 0 <= event.killed <= MAX_TOLL else None
    injured = event.injured if event.injured is None or 0 <= event.injured <= MAX_TOLL else None
    if (killed, injured) == (event.killed, event.injured):
        return event
    return replace(event, killed=killed, injured=injured)
