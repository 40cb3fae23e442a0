"""Typed relations between actors (and actor -> event), read off the dependency parse.

Patterns are data (``data/relations.yaml``): relational nouns ("the leader of", "a senior
fellow at", "his son", "the main rival to"), verbs ("heads", "took charge of", "split from",
"claimed responsibility for"), reciprocal verbs ("X and Y are working together") and hyphenated
compounds ("Waziristan-based").  The code holds the generic shapes news copy uses to attach
such a phrase to the entity it describes: apposition, copula, relative clause, title compound,
"one of Y's aides", "referred to X and Y as brothers".  Events add ``responsible_for`` and
``killed``/``killed_by``; a lethal event ends its victim's ``leads`` relations at its date and
dates the successor's "took charge ... after X's death".

Every relation points at real :class:`~newsgraph.records.LocalEntity` indexes (never invented
ones), carries its sentence as evidence, the extractor's name and version, and the modality and
source from :func:`newsgraph.extract.modality.assess`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import combinations
from typing import Any

import yaml
from rapidfuzz import fuzz
from spacy.tokens import Doc, Token

from ..records import ArticleResult, Event, Evidence, Relation, Role
from ..settings import DATA_DIR
from . import modality as modality_mod
from .kb import norm

DATA = DATA_DIR / "relations.yaml"
VERSION = "0.1"
EXTRACTOR = f"relations/{VERSION}"

_PERSON_PRONOUNS = {"he", "him", "his", "himself", "she", "her", "hers", "herself"}
_GROUP_PRONOUNS = {"they", "them", "their", "it", "its", "itself", "themselves"}
_RELATIVE = {"who", "which", "that", "whom", "whose"}
_QUANTIFIERS = {"one", "some", "two", "three", "several", "many", "among", "each", "both", "any"}
_PART_NOUNS = {"branch", "wing", "faction", "arm", "chapter", "affiliate", "franchise"}
_GROUP_TYPES = frozenset({"ARMED_GROUP", "ORGANIZATION", "GOVERNMENT"})
_FUZZY = 88.0  # rapidfuzz ratio for a composed group name with a typo (Settings.fuzzy_threshold)


@dataclass(frozen=True)
class _Lex:
    nouns: dict[str, dict[str, Any]]
    verbs: dict[str, list[dict[str, Any]]]
    reciprocal: dict[str, dict[str, Any]]
    compound_suffixes: dict[str, str]
    family_inverse: dict[str, str]
    parent_by_pronoun: dict[str, str]
    past_modifiers: frozenset[str]
    date_from: frozenset[str]
    date_to: frozenset[str]
    death_words: frozenset[str]
    lethal_subtypes: frozenset[str]
    anaphoric_groups: frozenset[str]
    anaphoric_persons: frozenset[str]
    anaphoric_group_types: frozenset[str]
    state_heads: frozenset[str]
    forbidden: dict[str, dict[str, frozenset[str]]]
    responsible_types: frozenset[str]
    leadership: dict[str, str]
    ranks: frozenset[str]
    generic_members: frozenset[str]
    unit_modifiers: frozenset[str]
    affiliation_preps: frozenset[str] = frozenset()
    affiliation_types: frozenset[str] = frozenset()
    home_preps: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def lexicon() -> _Lex:
    """The relation patterns of data/relations.yaml, loaded once."""
    raw: dict[str, Any] = yaml.safe_load(DATA.read_text())
    verbs: dict[str, list[dict[str, Any]]] = {}
    for rule in raw.get("verbs") or []:
        verbs.setdefault(str(rule["lemma"]).lower(), []).append(rule)
    return _Lex(
        nouns={str(k).lower(): v for k, v in (raw.get("nouns") or {}).items()},
        verbs=verbs,
        reciprocal={str(k).lower(): v or {} for k, v in (raw.get("reciprocal") or {}).items()},
        compound_suffixes={
            str(k).lower(): v for k, v in (raw.get("compound_suffixes") or {}).items()
        },
        family_inverse=dict(raw.get("family_inverse") or {}),
        parent_by_pronoun=dict(raw.get("parent_by_pronoun") or {}),
        past_modifiers=frozenset(w.lower() for w in raw.get("past_modifiers") or ()),
        date_from=frozenset(raw.get("date_from_preps") or ()),
        date_to=frozenset(raw.get("date_to_preps") or ()),
        death_words=frozenset(raw.get("death_words") or ()),
        lethal_subtypes=frozenset(raw.get("lethal_subtypes") or ()),
        anaphoric_groups=frozenset(raw.get("anaphoric_groups") or ()),
        anaphoric_persons=frozenset(raw.get("anaphoric_persons") or ()),
        anaphoric_group_types=frozenset(raw.get("anaphoric_group_types") or ("ARMED_GROUP", "ORGANIZATION")),
        state_heads=frozenset(str(w).lower() for w in raw.get("state_heads") or ()),
        forbidden={
            str(k): {side: frozenset(v.get(side) or ()) for side in ("subject", "object")}
            for k, v in (raw.get("forbidden_types") or {}).items()
        },
        responsible_types=frozenset(raw.get("responsible_event_types") or ()),
        leadership=dict(raw.get("leadership_roles") or {}),
        ranks=frozenset(str(w).lower() for w in raw.get("ranks") or ()),
        generic_members=frozenset(str(w).lower() for w in raw.get("generic_members") or ()),
        unit_modifiers=frozenset(str(w).lower() for w in raw.get("unit_modifiers") or ()),
        affiliation_preps=frozenset(str(w).lower() for w in raw.get("affiliation_preps") or ()),
        affiliation_types=frozenset(raw.get("affiliation_object_types") or ()),
        home_preps=frozenset(str(w).lower() for w in raw.get("home_preps") or ()),
    )


# --------------------------------------------------------------------------- the article index


@dataclass
class Index:
    """Token-level views of an :class:`ArticleResult`: which entity, event or timex a token is in.

    Shared with :mod:`newsgraph.extract.quotes` and :mod:`newsgraph.extract.corrections`.
    """

    doc: Doc
    result: ArticleResult
    tok_ent: list[int | None] = field(default_factory=list)
    # (start_char, entity) of every resolved mention, in text order, for antecedent search
    ordered: list[tuple[int, int]] = field(default_factory=list)

    @classmethod
    def build(cls, doc: Doc, result: ArticleResult) -> Index:
        index = cls(doc, result, [None] * len(doc))
        for m in result.mentions:
            if m.entity < 0 or m.entity >= len(result.entities):
                continue
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            for t in span:
                # a pronoun mention from the resolver must not hide a name mention
                if index.tok_ent[t.i] is None or m.source != "chain":
                    index.tok_ent[t.i] = m.entity
            index.ordered.append((m.start, m.entity))
        index.ordered.sort()
        return index

    def etype(self, ent: int) -> str:
        return self.result.entities[ent].type

    def entity_at(self, tok: Token) -> int | None:
        """The entity a token names or refers to (names, relative and personal pronouns,
        "the group")."""
        low = tok.lower_
        if low in _PERSON_PRONOUNS:
            # "X said that he is a member of Y": the reported clause's subject pronoun is the
            # speaker, whatever name came last (binding beats recency and the resolver's chain)
            bound = self._bound_to_speaker(tok)
            if bound is not None:
                return bound
        ent = self.tok_ent[tok.i]
        if ent is not None:
            return ent
        if low in _RELATIVE and tok.head.dep_ in {"relcl", "acl"} and tok.head.head.i != tok.i:
            target = tok.head.head
            # "X, a student at Y, who said ...": the clause hangs on the apposition, not on X
            if self.tok_ent[target.i] is None and target.dep_ == "appos":
                target = target.head
            return self.entity_at(target)
        if low in _PERSON_PRONOUNS:
            return self.antecedent(tok, persons=True)
        if low in _GROUP_PRONOUNS:
            return self.antecedent(tok, persons=False)
        lex = lexicon()
        # "the group" (singular, definite) is the last group named; "the groups" is no one
        if tok.tag_ == "NN" and any(c.lower_ in {"the", "this", "that"} for c in tok.children):
            if tok.lemma_.lower() in lex.anaphoric_groups:
                return self.antecedent(tok, persons=False, types=lex.anaphoric_group_types)
        return None

    def _bound_to_speaker(self, tok: Token) -> int | None:
        """A person pronoun subject of a clause reported by a speech verb whose own subject is
        a named person: "Garcia said that he is a member" / "who admitted that he had"."""
        if tok.dep_ not in {"nsubj", "nsubjpass"} or tok.head.dep_ != "ccomp":
            return None
        verb = tok.head.head
        if verb.lemma_.lower() not in modality_mod.reporting_verbs():
            return None
        for c in verb.children:
            if c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ not in _PERSON_PRONOUNS:
                ent = self.entity_at(c)
                if ent is not None and self.etype(ent) == "PERSON":
                    return ent
        return None

    def antecedent(
        self, tok: Token, persons: bool, types: frozenset[str] | None = None
    ) -> int | None:
        """The nearest preceding entity mention of a fitting kind, within two sentences."""
        sent_starts = [s.start_char for s in self.doc.sents if s.start_char <= tok.idx]
        floor = sent_starts[-3] if len(sent_starts) >= 3 else 0
        for start, ent in reversed(self.ordered):
            if start >= tok.idx:
                continue
            if start < floor:
                break
            etype = self.etype(ent)
            if persons and etype == "PERSON":
                return ent
            if (
                not persons
                and etype not in {"PERSON", "LOCATION"}
                and (types is None or etype in types)
            ):
                return ent
        return None

    def entities_of(self, tok: Token) -> list[int]:
        """The entity at a token and at its coordinated tokens ("X and Y")."""
        out: list[int] = []
        for t in (tok, *tok.conjuncts):
            ent = self.entity_at(t)
            if ent is not None and ent not in out:
                out.append(ent)
        return out

    def events_under(self, tok: Token) -> list[int]:
        """Events whose trigger lies in the subtree of ``tok`` (the listed attacks)."""
        lo = min(t.idx for t in tok.subtree)
        hi = max(t.idx + len(t) for t in tok.subtree)
        return [
            i
            for i, e in enumerate(self.result.events)
            if lo <= e.trigger.start and e.trigger.end <= hi
        ]

    def timex_under(self, tok: Token) -> str | None:
        lo = min(t.idx for t in tok.subtree)
        hi = max(t.idx + len(t) for t in tok.subtree)
        for tx in self.result.timexes:
            if lo <= tx.start and tx.end <= hi and tx.value:
                return tx.value
        return None

    def sentence_of(self, char: int) -> int | None:
        for i, (s, e) in enumerate(self.result.sentences):
            if s <= char < e:
                return i
        return None


# --------------------------------------------------------------------------- generic shapes


def holders(tok: Token, index: Index) -> tuple[list[int], str]:
    """The entities a relational noun describes, and how ("appos", "copula", ...).

    "X, the leader of Y" / "X is the leader of Y" / "Hamas leader X" / "his son X" /
    "X, one of Y's aides" / "referred to X and Y as brothers" / "the leader of Y is X".
    """
    t = tok
    # "secretary-general" parsed as two nouns: the first carries the phrase's role
    if t.i >= 2 and t.nbor(-1).text == "-" and t.head.i == t.i - 2:
        t = t.head
    # "one of Y's key aides": the quantifier carries the noun's role
    if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lower_ in _QUANTIFIERS:
        t = t.head.head
    # "the founder and leader of Y": a later conjunct takes the first one's place
    while t.dep_ == "conj" and t.head.pos_ in {"NOUN"} and index.entity_at(t.head) is None:
        t = t.head
    appos = [e for c in tok.children if c.dep_ == "appos" for e in index.entities_of(c)]
    if appos:
        return appos, "appos"
    if t.dep_ == "appos" or (
        t.dep_ == "conj" and index.entity_at(t.head) is not None and t is not tok
    ):
        return index.entities_of(t.head), "appos"
    if t.dep_ in {"compound", "nmod"} and index.entity_at(t) is None:
        if index.entity_at(t.head) is not None:
            return index.entities_of(t.head), "compound"
        named = _past_rank(t.head, index)
        if named:
            return named, "compound"
    if t.dep_ in {"attr", "acomp", "oprd"}:
        head = t.head
        subj = [c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if t.dep_ == "oprd":  # "named X leader of Y"
            subj = [c for c in head.children if c.dep_ == "dobj"] or subj
        if not subj and head.dep_ in {"relcl", "acl"}:
            return index.entities_of(head.head), "relcl"
        up = head
        # "X was arrested and admitted being a member of Y": climb xcomp / conj to the subject
        while not subj and up.dep_ in {"xcomp", "ccomp", "conj"} and up.head.i != up.i:
            up = up.head
            kinds = (
                {"nsubj", "nsubjpass"} if up is not head.head else {"nsubj", "nsubjpass", "dobj"}
            )
            subj = [c for c in up.children if c.dep_ in kinds]
        return [e for s in subj for e in index.entities_of(s)], "copula"
    if t.dep_ == "pobj" and t.head.lower_ == "as":
        verb = t.head.head
        # "described X as", "referred to X as", "X was named as", "X served as"
        to_objects = [
            p
            for c in verb.children
            if c.dep_ == "prep" and c.lower_ in {"to", "of"}
            for p in c.children
            if p.dep_ == "pobj"
        ]
        for subj in (
            [c for c in verb.children if c.dep_ == "dobj"],
            to_objects,
            [c for c in verb.children if c.dep_ == "nsubjpass"],
            [c for c in verb.children if c.dep_ == "nsubj"],
        ):
            found = [e for s in subj for e in index.entities_of(s)]
            if found:
                return found, "as"
        if verb.dep_ in {"relcl", "acl"}:
            return index.entities_of(verb.head), "as"
    if t.dep_ == "nsubj" and t.head.lemma_ == "be":  # "the leader of Hamas is X"
        attr = [c for c in t.head.children if c.dep_ == "attr"]
        return [e for a in attr for e in index.entities_of(a)], "copula"
    # "Malaysia's Prime Minister, Najib Razak said": an apposition the parser missed; the
    # name must follow the title's phrase right after its comma
    edge = tok.i
    doc = tok.doc
    if edge + 2 < len(doc) and doc[edge + 1].text == ",":
        ent = index.entity_at(doc[edge + 2])
        if ent is not None and index.etype(ent) == "PERSON":
            return [ent], "appos"
    return [], ""


def _past_rank(tok: Token, index: Index) -> list[int]:
    """ "Treasury police director colonel Heriberto Hernandez": a title compound on a rank word
    ("colonel", "general", "Dr.") describes the name the rank word introduces."""
    ranks = lexicon().ranks
    t = tok
    for _ in range(3):  # "director [general] colonel": a short chain of rank words at most
        if t.lower_.rstrip(".") not in ranks or index.entity_at(t) is not None:
            return []
        names = [
            c
            for c in t.children
            if c.dep_ in {"appos", "compound", "flat"} and c.i > t.i and index.entity_at(c)
        ]
        if names:
            return index.entities_of(names[0])
        if t.head.i == t.i:
            return []
        if index.entity_at(t.head) is not None and t.dep_ in {"compound", "nmod"}:
            return index.entities_of(t.head)
        t = t.head
    return []


def _composed_entity(tok: Token, index: Index) -> int | None:
    """ "the Pakistan branch of the Taliban" -> the entity named "Pakistan Taliban" if the article
    has one (its name, aliases or a mention's text)."""
    mods = [c for c in tok.children if c.dep_ in {"compound", "amod"} and c.i < tok.i]
    groups = [
        p
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for p in c.children
        if p.dep_ == "pobj"
    ]
    if not mods or not groups:
        return None
    group_ent = index.entity_at(groups[0])
    group_names = [groups[0].text]
    if group_ent is not None:
        e = index.result.entities[group_ent]
        group_names += [e.name, *e.aliases]
    wanted = set()
    for m in mods:
        forms = {
            m.text,
            m.text[:-1] if m.text.endswith("i") else m.text,
            m.text[:-2] if m.text.endswith("ni") else m.text,
        }
        for f in forms:
            for g in group_names:
                wanted.add(norm(f"{f} {g}"))
    best, best_score = None, 0.0
    for i, e in enumerate(index.result.entities):
        names = {norm(n) for n in (e.name, *e.aliases)}
        names |= {
            norm(index.result.mentions[m].text)
            for m in e.mentions
            if m < len(index.result.mentions)
        }
        if names & wanted:
            return i
        # typos in copy ("the Paksitani branch"): a close match to a composed name
        score = max((fuzz.ratio(n, w) for n in names for w in wanted), default=0.0)
        if score > best_score:
            best, best_score = i, score
    return best if best_score >= _FUZZY else None


def object_entities(tok: Token, index: Index) -> list[int]:
    """The entities a noun-phrase object names: the name itself (with conjuncts), "the Pakistan
    branch of the Taliban" composed, or the nearest name inside the phrase."""
    direct = index.entities_of(tok)
    if direct:
        return direct
    if tok.lemma_.lower() in _PART_NOUNS:
        # "the Pakistan branch of the Taliban" is the Pakistani Taliban, not the Taliban: an
        # unresolved branch is no object at all rather than the wrong one
        ent = _composed_entity(tok, index)
        return [ent] if ent is not None else []
    # nearest name inside the phrase, breadth first; places only when nothing else is there
    queue = [
        c
        for c in tok.children
        if c.dep_ in {"compound", "poss", "prep", "pobj", "nmod", "amod", "appos"}
    ]
    found: list[int] = []
    while queue:
        t = queue.pop(0)
        ent = index.entity_at(t)
        if ent is not None and ent not in found:
            found.append(ent)
        queue.extend(
            c for c in t.children if c.dep_ in {"compound", "poss", "prep", "pobj", "nmod", "appos"}
        )
    non_place = [e for e in found if index.etype(e) != "LOCATION"]
    return (non_place or found)[:1]


def _subjects(verb: Token, index: Index) -> list[int]:
    """The entities doing ``verb``: its subject, a relative clause's antecedent, a participle's
    noun, or the subject of the verb it is coordinated with / complements."""
    subj = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if subj:
        out = [e for s in subj for e in index.entities_of(s)]
        if not out:  # "the militant who heads": a description of an entity
            for s in subj:
                if s.lower_ in _RELATIVE and verb.dep_ == "relcl":
                    out += _described(verb.head, index)
                else:
                    out += _described(s, index)
        return out
    if verb.dep_ in {"acl", "amod", "relcl"}:
        return _described(verb.head, index)
    if verb.dep_ in {"xcomp", "conj", "advcl"} and verb.head.pos_ in {"VERB", "AUX"}:
        return _subjects(verb.head, index)
    if verb.dep_ == "acomp":
        return _subjects(verb.head, index)
    return []


def _described(tok: Token, index: Index) -> list[int]:
    """A noun phrase's entity: its own name, or the entity it describes by apposition etc."""
    own = index.entities_of(tok)
    if own:
        return own
    held = holders(tok, index)[0]
    if held:
        return held
    # "Al-Jazeera television", "the Hamas movement": a plain head noun after a name is the name
    if tok.pos_ == "NOUN" and _noun_rule(tok, lexicon()) is None:
        names = [
            index.entity_at(c)
            for c in tok.children
            if c.dep_ in {"compound", "nmod"} and c.i < tok.i
        ]
        return [e for e in names if e is not None and index.etype(e) != "LOCATION"][:1]
    return []


# --------------------------------------------------------------------------- building relations


@dataclass
class _Draft:
    type: str
    subject: int
    object: int
    anchor: Token
    subtype: str | None = None
    object_is_event: bool = False
    descriptive: bool = False
    modality: str | None = None  # a rule's own hedge ("connected to" -> suspected)
    valid_from: str | None = None
    valid_to: str | None = None
    start_after_death_of: int | None = None  # "took charge ... after X's death"
    negated: bool = False  # the event it rests on did not happen ("did not kill anyone")


def _noun_rule(tok: Token, lex: _Lex) -> tuple[str, dict[str, Any]] | None:
    lemma = tok.lemma_.lower()
    low = tok.lower_
    if tok.i >= 2 and tok.nbor(-1).text == "-":  # "secretary-general", "co-founder", "half-brother"
        key = f"{tok.nbor(-2).lower_}-{lemma}"
        if key in lex.nouns:
            return key, lex.nouns[key]
    left = [c for c in tok.children if c.dep_ in {"compound", "amod"} and c.i == tok.i - 1]
    if left and f"{left[0].lower_} {lemma}" in lex.nouns:
        return f"{left[0].lower_} {lemma}", lex.nouns[f"{left[0].lower_} {lemma}"]
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for p in c.children:
                key = f"{lemma} of {p.lower_}"
                if p.dep_ == "pobj" and key in lex.nouns:
                    return key, lex.nouns[key]
    for key in (lemma, low):
        if key in lex.nouns:
            return key, lex.nouns[key]
    return None


def _noun_drafts(tok: Token, index: Index, lex: _Lex) -> list[_Draft]:
    found = _noun_rule(tok, lex)
    if found is None or tok.pos_ not in {"NOUN", "PROPN"}:
        return []
    key, rule = found
    subjects, how = holders(tok, index)
    if rule.get("inverse") and not subjects and tok.dep_ == "attr":
        # "the area around Khost has long been a Haqqani zone of operations": the place inside
        place_subj = [c for c in tok.head.children if c.dep_ == "nsubj"]
        subjects = [
            e
            for s_ in place_subj
            for t in s_.subtree
            if (e := index.entity_at(t)) is not None and index.etype(e) == "LOCATION"
        ][:1]
        how = "copula"
    objects: list[int] = []
    pronoun: str | None = None
    preps = set(rule.get("preps") or ())
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            for p in c.children:
                if p.dep_ == "pobj":
                    objects += object_entities(p, index)
        elif c.dep_ == "poss":
            objects += index.entities_of(c)
            if c.lower_ in lex.parent_by_pronoun:
                pronoun = c.lower_
        elif c.dep_ in {"compound", "nmod"} and c.i < tok.i:
            named = index.entity_at(c)
            if named is None and c.lower_ in lex.unit_modifiers:
                # "the FARC finance chief": the group names the unit word, not the title
                inner = [x for x in c.children if x.dep_ in {"compound", "nmod"} and x.i < c.i]
                named = next((e for x in inner if (e := index.entity_at(x)) is not None), None)
            if named is not None and named not in subjects:
                objects.append(named)  # "the Hamas leader"
        if (
            c.dep_ in {"amod", "compound", "nmod"}
            and c.i < tok.i
            and key in lex.state_heads
            and index.entity_at(c) is None
        ):
            # "Kenyan President X": the country the demonym names, when the article names it
            country = _country_entity(c.text, index)
            if country is not None and country not in subjects and country not in objects:
                objects.append(country)
    # "South Korea's President Lee Myung-bak": the possessor hangs on the name the title
    # compounds, not on the title
    if how == "compound" and tok.dep_ == "compound" and not objects:
        for c in tok.head.children:
            if c.dep_ == "poss" and c.i < tok.i:
                objects += [o for o in index.entities_of(c) if o not in subjects]
    # "one of Y's aides": the possessor sits on the quantified noun
    if how == "" and not subjects:
        return []
    drafts: list[_Draft] = []
    symmetric = bool(rule.get("symmetric"))
    rtype, subtype = rule["type"], rule.get("subtype")
    if rtype == "family":
        subtype_fwd = subtype
        if subtype in lex.family_inverse:  # "Y, the son of X" -> X parent_of Y
            subtype_fwd = lex.parent_by_pronoun.get(pronoun or "", lex.family_inverse[subtype])
            for s in subjects:
                for o in objects:
                    if s != o:
                        drafts.append(
                            _Draft(
                                "family",
                                o,
                                s,
                                tok,
                                subtype=subtype_fwd,
                                descriptive=how in {"appos", "compound"},
                            )
                        )
            return drafts
    past = any(
        c.lower_ in lex.past_modifiers
        for c in tok.children
        if c.dep_ in {"amod", "advmod", "compound"}
    )
    if rtype == "leads" and any(
        c.lower_ in lex.unit_modifiers and index.entity_at(c) is None
        for c in tok.children
        if c.dep_ in {"amod", "compound"} and c.i < tok.i
    ):
        # "the cartel's finance chief", "a Taliban field commander": heads a unit of the
        # group, so is one of its members, not its leader
        rtype, subtype = "member_of", None
    for s in subjects:
        for o in objects:
            if s == o:
                continue
            subj, obj = (o, s) if rule.get("inverse") else (s, o)
            d = _Draft(
                rtype,
                subj,
                obj,
                tok,
                subtype=subtype,
                descriptive=how in {"appos", "compound", "relcl"},
            )
            if past:
                d.valid_to = index.result.article.published
            _dates(d, [tok, tok.head] if how == "copula" else [tok], index, lex, starts=False)
            drafts.append(d)
    if symmetric and not objects and len(subjects) >= 2 and tok.tag_ in {"NNS", "NNPS"}:
        for a, b in combinations(subjects, 2):  # "X and Y are brothers"
            drafts.append(_Draft(rtype, a, b, tok, subtype=subtype))
    return drafts


def _affiliation_drafts(tok: Token, index: Index, lex: _Lex) -> list[_Draft]:
    """ "Matthew Ingram of The Globe and Mail said": a person's name that takes a preposition
    (``affiliation_preps``) whose object is an organisation's name is one of its members; a
    title before the name says which tie ("Bishop Henry Mansell of the Archdiocese" leads it);
    a place's name after ``home_preps`` is where the person lives ("Kopp, 44, of Vermont",
    "Thomas Sam, 42, from Sydney"; "from" only after a comma: "the release of X from Cuba").
    Only the name itself counts as the object, never a name inside a longer phrase."""
    person = index.tok_ent[tok.i]
    if person is None or index.etype(person) != "PERSON" or index.tok_ent[tok.head.i] == person:
        return []
    rtype, subtype = "member_of", None
    for t in tok.children:
        found = _noun_rule(t, lex) if t.dep_ == "compound" and index.tok_ent[t.i] is None else None
        if found and found[1]["type"] in ("leads", "member_of", "aide_of"):
            rtype, subtype = found[1]["type"], found[1].get("subtype")
    drafts = []
    for c in tok.children:
        if c.dep_ != "prep" or c.lower_ not in lex.affiliation_preps:
            continue
        for p in c.children:
            if p.dep_ != "pobj":
                continue
            for org in index.entities_of(p):
                if index.tok_ent[p.i] != org:
                    continue
                if index.etype(org) in lex.affiliation_types:
                    drafts.append(_Draft(rtype, person, org, c, subtype=subtype, descriptive=True))
                elif (
                    index.etype(org) == "LOCATION"
                    and c.lower_ in lex.home_preps
                    and (c.lower_ == "of" or c.nbor(-1).text == ",")
                ):
                    # "James Kopp, 44, of Vermont", "Thomas Sam, from Sydney": where he lives
                    drafts.append(_Draft("based_in", person, org, c, descriptive=True))
    return drafts


TITLE_RUN = 4  # words of an office between a body's name and a person's ("Shadow Home Secretary")


def _title_run_drafts(tok: Token, index: Index, lex: _Lex) -> list[_Draft]:
    """ "Environment Canada spokesperson Julie Hahn", "Joint Council for the Welfare of Immigrants
    campaigner Caitlin Boswell", "Labour's Shadow Home Secretary Yvette Cooper": a body's name,
    an office (a word of ``nouns`` last) and a person's name written in a row are one tie,
    however the parser hangs the long names together.  ``tok`` is the first word of the
    person's name."""
    person = index.tok_ent[tok.i]
    if person is None or index.etype(person) != "PERSON":
        return []
    if tok.i > 0 and index.tok_ent[tok.i - 1] == person:
        return []
    doc, start = tok.doc, tok.sent.start
    k = tok.i - 1
    while k >= start and tok.i - k <= TITLE_RUN and doc[k].is_alpha and index.tok_ent[k] is None:
        k -= 1
    title = doc[k + 1 : tok.i]
    if not len(title) or k < start:
        return []
    found = _noun_rule(title[-1], lex)
    if found is None or found[1]["type"] not in ("leads", "member_of"):
        return []
    if not all(t.is_title or t.is_upper or t.pos_ == "ADJ" or t.lower_ in lex.unit_modifiers
               for t in title[:-1]):
        return []  # "Chilean police chief X": the office is in a body the words name, not the name
    if doc[k].lower_ in ("'s", "’s") and k > start:
        k -= 1  # "Labour's Shadow Home Secretary"
    body = index.tok_ent[k]
    if body is None or body == person or index.etype(body) not in lex.affiliation_types:
        return []
    rtype, subtype = found[1]["type"], found[1].get("subtype")
    if rtype == "leads" and any(t.lower_ in lex.unit_modifiers for t in title[:-1]):
        rtype, subtype = "member_of", None  # "Hezbollah field commander X" heads a unit
    return [_Draft(rtype, person, body, title[-1], subtype=subtype, descriptive=True)]


def _country_entity(word: str, index: Index) -> int | None:
    """The article's LOCATION entity for the country a demonym or country word names."""
    from .entities import country_code

    code = country_code(word)
    low = word.casefold()
    for i, e in enumerate(index.result.entities):
        if e.type != "LOCATION":
            continue
        if code is not None and country_code(e.name) == code:
            return i
        # demonyms the tables lack: "Chilean" -> Chile, "Malaysian" -> Malaysia
        name = e.name.casefold()
        if (
            code is None
            and " " not in name
            and len(name) >= 4
            and low != name
            and low.startswith(name[: max(4, len(name) - 1)])
            and low.endswith(_DEMONYM_ENDINGS)
        ):
            return i
    return None


_DEMONYM_ENDINGS = ("an", "ian", "ean", "i", "ese", "ish", "ic")


def _prep_objects(
    anchors: Iterable[Token], preps: set[str], index: Index, events: bool
) -> tuple[list[int], list[Token]]:
    out: list[int] = []
    toks: list[Token] = []
    for a in anchors:
        for c in a.children:
            if c.dep_ in {"prep", "agent", "prt"} and c.lower_ in preps:
                for p in c.children:
                    if p.dep_ in {"pobj", "pcomp"}:
                        toks.append(p)
                        out += index.events_under(p) if events else object_entities(p, index)
    return out, toks


def _verb_drafts(tok: Token, index: Index, lex: _Lex) -> list[_Draft]:
    rules = lex.verbs.get(tok.lemma_.lower()) or lex.verbs.get(tok.lower_)
    if not rules:
        return []
    drafts: list[_Draft] = []
    children = list(tok.children)
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in children) or (
        tok.tag_ == "VBN" and tok.dep_ in {"acl", "amod"}
    )
    for rule in rules:
        prt = rule.get("prt")
        particles = [c for c in children if c.dep_ in {"prt", "advmod", "prep"} and c.lower_ == prt]
        if prt and not particles:
            continue
        anchors = [tok, *particles]
        if tok.dep_ == "acomp":  # "is active in Borno": the preposition hangs on the copula
            anchors.append(tok.head)
        if rule.get("dobj_lemma"):
            nouns = [
                c
                for c in children
                if c.dep_ in {"dobj", "nsubjpass"} and c.lemma_.lower() == rule["dobj_lemma"]
            ]
            if not nouns:
                continue
            anchors = nouns + [tok]
        if rule.get("needs_child"):
            need = [c for c in children if c.lemma_.lower() == rule["needs_child"]]
            if not need:
                continue
            anchors += need
        events = bool(rule.get("event_object"))
        spec = str(rule.get("object", "dobj"))
        subjects = _subjects(tok, index)
        if rule.get("holder") == "dobj" and not passive:
            # "Hamas accused Fatah of the killing": the accused is responsible, not the accuser
            subjects = [
                e for c in children if c.dep_ in {"dobj", "obj"} for e in object_entities(c, index)
            ]
        obj_toks: list[Token] = []
        if tok.pos_ == "ADP":  # "X was behind the attack"
            obj_toks = [c for c in children if c.dep_ == "pobj"]
            objects = [
                o
                for p in obj_toks
                for o in (index.events_under(p) if events else object_entities(p, index))
            ]
            subjects = [
                e for c in tok.head.children if c.dep_ == "nsubj" for e in _described(c, index)
            ]
        elif spec == "dobj":
            if passive and rule.get("passive_agent"):
                # "X (is) led by Y": Y leads X; "the attacks were plotted by Y"
                agents, _ = _prep_objects([tok], {"by"}, index, False)
                objects = subjects
                if events:
                    objects = [
                        o for c in children if c.dep_ == "nsubjpass" for o in index.events_under(c)
                    ]
                subjects = agents
            elif passive:
                objects = []  # "X was headed ...": no object to relate to
            else:
                obj_toks = [c for c in children if c.dep_ in {"dobj", "obj"}]
                objects = [
                    o
                    for p in obj_toks
                    for o in (index.events_under(p) if events else object_entities(p, index))
                ]
        elif spec.startswith("prep:"):
            objects, obj_toks = _prep_objects(anchors, set(spec[5:].split(",")), index, events)
        else:
            objects = []
        for s in subjects:
            for o in objects:
                if s == o and not events:
                    continue
                rtype = rule["type"]
                if not events and index.etype(o) == "LOCATION" and rule.get("object_location"):
                    # "took control of Swat": a group holds ground, it does not lead a place
                    rtype = rule["object_location"]
                d = _Draft(
                    rtype,
                    s,
                    o,
                    tok,
                    subtype=rule.get("subtype") if rtype == rule["type"] else None,
                    object_is_event=events,
                    modality=rule.get("modality"),
                    descriptive=tok.dep_ in {"acl", "amod", "relcl"},
                )
                _dates(d, anchors, index, lex, starts=bool(rule.get("starts")))
                drafts.append(d)
    return drafts


def _dates(d: _Draft, anchors: list[Token], index: Index, lex: _Lex, starts: bool) -> None:
    """valid_from / valid_to from "since 2007", "after X's death", "until 2009", and for a
    verb that starts the relation ("founded", "took charge") "in 1982"."""
    from_preps = lex.date_from | ({"in", "on"} if starts else set())
    for a in anchors:
        for c in a.children:
            if c.dep_ == "prep" and c.lower_ in from_preps:
                for p in c.children:
                    value = index.timex_under(p)
                    if value:
                        d.valid_from = d.valid_from or value
                        continue
                    ev = index.events_under(p)
                    dated = [
                        tx.value
                        for e in ev
                        if (tx := index.result.events[e].date) is not None and tx.value
                    ]
                    if dated and c.lower_ in lex.date_from:
                        d.valid_from = d.valid_from or dated[0]
                        continue
                    if p.lemma_.lower() in lex.death_words and c.lower_ in lex.date_from:
                        poss = [
                            x
                            for x in p.children
                            if x.dep_ == "poss" or (x.dep_ == "prep" and x.lower_ == "of")
                        ]
                        for x in poss:
                            target = (
                                x
                                if x.dep_ == "poss"
                                else next((y for y in x.children if y.dep_ == "pobj"), None)
                            )
                            if target is not None and index.entity_at(target) is not None:
                                d.start_after_death_of = index.entity_at(target)
            elif c.dep_ == "prep" and c.lower_ in lex.date_to:
                for p in c.children:
                    value = index.timex_under(p)
                    if value:
                        d.valid_to = value


def _compound_drafts(tok: Token, index: Index, lex: _Lex) -> list[_Draft]:
    """ "a Waziristan-based militant", "an Iran-backed militia", "a Hamas-led coalition"."""
    rtype = lex.compound_suffixes.get(tok.lower_)
    if rtype is None or tok.i == 0 or tok.nbor(-1).text not in {"-", "–"}:
        return []
    prefix = [c for c in tok.children if c.i < tok.i - 1 and index.entity_at(c) is not None]
    if not prefix and tok.i >= 2 and index.entity_at(tok.nbor(-2)) is not None:
        prefix = [tok.nbor(-2)]
    if not prefix:
        return []
    prefix_ent = index.entity_at(prefix[0])
    holder = tok.head if tok.dep_ in {"amod", "compound", "acl"} else tok
    described = _described(holder, index)
    drafts = []
    for s in described:
        if prefix_ent is None or s == prefix_ent:
            continue
        if rtype == "leads_by":
            drafts.append(_Draft("leads", prefix_ent, s, tok, descriptive=True))
        else:
            drafts.append(_Draft(rtype, s, prefix_ent, tok, descriptive=True))
    return drafts


def _reciprocal_drafts(tok: Token, index: Index, lex: _Lex) -> list[_Draft]:
    """ "Hamas and Islamic Jihad are working together" -> allied_with between the subjects."""
    rule = lex.reciprocal.get(tok.lemma_.lower())
    if rule is None or tok.pos_ not in {"VERB", "AUX"}:
        return []
    needs = set(rule.get("needs") or ())
    if needs and not any(
        c.lower_ in needs or c.lemma_.lower() in needs
        for c in tok.subtree
        if c.head.i == tok.i or c.head.head.i == tok.i
    ):
        return []
    if any(c.dep_ == "prep" and c.lower_ in {"with", "against", "alongside"} for c in tok.children):
        return []  # a binary "X works with Y" belongs to the verb rules
    subjects = [c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if not subjects and tok.dep_ in {"conj", "xcomp"}:
        subjects = [c for c in tok.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
    ents: list[int] = []
    for s in subjects:
        own = index.entities_of(s)
        if len(own) < 2 and s.tag_ in {
            "NNS",
            "NNPS",
        }:  # "the groups -- from al-Qaida to the Taliban"
            own = [
                e
                for t in s.subtree
                if (e := index.entity_at(t)) is not None
                and index.etype(e) not in {"LOCATION", "PERSON"}
            ]
        ents += [e for e in own if e not in ents]
    return [_Draft(rule["type"], a, b, tok) for a, b in combinations(ents, 2)]


def _event_drafts(index: Index, lex: _Lex) -> list[_Draft]:
    """responsible_for (perpetrator -> event) and killed / killed_by from the events' roles."""
    drafts: list[_Draft] = []
    doc = index.doc
    for i, ev in enumerate(index.result.events):
        span = doc.char_span(ev.trigger.start, ev.trigger.end, alignment_mode="expand")
        if span is None:
            continue
        anchor = span.root
        perps = [r.entity for r in ev.roles if r.role == "perpetrator" and r.entity is not None]
        if not perps:
            perps = [
                g
                for r in ev.roles
                if r.role == "perpetrator" and (g := _generic_group(r, index, lex)) is not None
            ][:1]
        victims = [
            r.entity
            for r in ev.roles
            if r.role == "victim" and r.entity is not None and _names_entity(r, index)
        ]
        lead = lex.leadership
        if lead and ev.subtype == lead.get("subtype"):
            leaders = [
                r.entity for r in ev.roles if r.role == lead.get("leader") and r.entity is not None
            ]
            orgs = [
                r.entity
                for r in ev.roles
                if r.role == lead.get("organization") and r.entity is not None
            ]
            for a in leaders:
                for o in orgs:
                    d = _Draft("leads", a, o, anchor, modality=ev.modality)
                    d.valid_from = ev.date.value if ev.date and ev.date.value else None
                    drafts.append(d)
        if ev.type not in lex.responsible_types:
            continue
        # a newspaper, a building or a town is never the culprit; a country may be
        perps = [p for p in perps if _can_be_culprit(p, index)]
        for p in dict.fromkeys(perps):
            d = _Draft("responsible_for", p, i, anchor, object_is_event=True, modality=ev.modality)
            d.negated = ev.polarity is False
            drafts.append(d)
            if _lethal(ev, lex) and ev.polarity is not False:
                for v in dict.fromkeys(victims):
                    if v != p:
                        drafts.append(_Draft("killed", p, v, anchor, modality=ev.modality))
                        drafts.append(_Draft("killed_by", v, p, anchor, modality=ev.modality))
    return drafts


def _can_be_culprit(ent: int, index: Index) -> bool:
    from .entities import country_code

    e = index.result.entities[ent]
    if e.type in {"MEDIA", "FACILITY"}:
        return False
    if e.type == "LOCATION":
        return bool((e.kb_id or "").startswith("country_") or country_code(e.name))
    return True


_GENERIC = re.compile(r"^(?:the|these|those)\s+(?:[a-z-]+\s+)?([a-z]+)$")


def _generic_group(role: Role, index: Index, lex: _Lex) -> int | None:
    """ "The rebels blew up ..." in an article that has named one armed group: that group.

    Only a definite plural description of fighters counts, and only when exactly one
    ``ARMED_GROUP`` is named before the role: two groups (or none) leave the role unlinked."""
    m = _GENERIC.match(" ".join(role.text.lower().split()))
    if m is None or m.group(1) not in lex.generic_members:
        return None
    groups = {
        m_.entity
        for m_ in index.result.mentions
        if m_.start < role.start
        and 0 <= m_.entity < len(index.result.entities)
        and index.etype(m_.entity) == "ARMED_GROUP"
    }
    return groups.pop() if len(groups) == 1 else None


def _names_entity(role: Role, index: Index) -> bool:
    """Does the role's text name its entity ("Baitullah Mehsud, the leader of ...") rather than
    merely mention it ("one of Mehsud's key aides")?"""
    if role.entity is None:
        return False
    text = norm(role.text)
    e = index.result.entities[role.entity]
    names = {norm(n) for n in (e.name, *e.aliases)}
    names |= {
        norm(index.result.mentions[m].text) for m in e.mentions if m < len(index.result.mentions)
    }
    return any(
        n and (text == n or text.startswith(n + " ") or text.endswith(" " + n)) for n in names
    ) and not (re.search(r"\b(of|one|among)\b", text.split(" ")[0] if text else ""))


def _lethal(ev: Event, lex: _Lex) -> bool:
    trigger = ev.trigger.text.lower()
    return (
        ev.subtype in lex.lethal_subtypes
        or bool(ev.killed)
        or any(w in trigger for w in ("kill", "assassin", "murder", "execut", "death", "slay"))
    )


def _death_dates(index: Index, lex: _Lex) -> dict[int, str]:
    """Entity -> the date of the dated lethal event it was a victim of."""
    out: dict[int, str] = {}
    for ev in index.result.events:
        if ev.date is None or not ev.date.value or ev.polarity is False:
            continue
        if not _lethal(ev, lex) or ev.modality != "asserted":
            continue
        for r in ev.roles:
            if r.role == "victim" and r.entity is not None and _names_entity(r, index):
                out.setdefault(r.entity, ev.date.value)
    return out


def _excluded(index: Index) -> list[tuple[int, int]]:
    """Spans this module leaves to :mod:`newsgraph.extract.corrections` (they retract, not assert)."""
    from .corrections import wrong_sentences

    return [(s, e) for s, e, _ in wrong_sentences(index.doc, index.result)]


def _evidence(tok: Token, index: Index) -> Evidence:
    sent = tok.sent
    return Evidence(sent.start_char, sent.end_char, sent.text, index.sentence_of(sent.start_char))


def _assess(
    d: _Draft, index: Index, own_voice: tuple[str, ...]
) -> tuple[str, str | None, int | None, bool]:
    """Modality, source text, source entity and polarity of a draft."""
    a = modality_mod.assess(index.doc, d.anchor, own_voice)
    modality, source, span, polarity = a.modality, a.attributed_to, a.source_span, a.polarity
    if d.object_is_event and a.cue and a.cue.lower() == d.anchor.text.lower() and modality == "possible":
        # "X planned the attacks": the verb's own intent hedges an infinitive ("planned to
        # attack"), not the responsibility it states for an event that happened
        modality = "asserted"
    if d.descriptive and a.cue:
        # an apposition or title is the paper's own description: only cues inside it count
        clauses = {"parataxis", "ccomp", "advcl", "conj", "relcl", "acl", "csubj", "xcomp"}
        phrase = [t for t in d.anchor.subtree
                  if not any(a.dep_ in clauses and a.i != d.anchor.i and d.anchor in a.ancestors
                             for a in [t, *t.ancestors] if a.i != d.anchor.i)]
        local = {t.lower_ for t in phrase} | {
            t.lower_
            for t in d.anchor.ancestors
            if t.i > d.anchor.sent.start and t.dep_ in {"amod", "advmod"}
        }
        if not set(a.cue.lower().split()) & local:
            modality, source, span, polarity = "asserted", None, None, True
    if d.modality and d.modality != "asserted":
        rank = modality_mod.lexicon().rank
        if rank.get(d.modality, 99) < rank.get(modality, 99):
            modality = d.modality
    source_ent = None
    if span is not None:
        sp = index.doc.char_span(span[0], span[1], alignment_mode="expand")
        if sp is not None:
            source_ent = index.entity_at(sp.root)
    return modality, source, source_ent, polarity


def _event_object_modality(d: _Draft, index: Index, modality: str) -> str:
    """A listed event keeps its own hedge ("and possibly even the assassination of")."""
    if not d.object_is_event:
        return modality
    ev = index.result.events[d.object]
    span = index.doc.char_span(ev.trigger.start, ev.trigger.end, alignment_mode="expand")
    if span is None:
        return modality
    own = modality_mod.assess(index.doc, span.root).modality
    rank = modality_mod.lexicon().rank
    return own if rank.get(own, 99) < rank.get(modality, 99) else modality


def extract(doc: Doc, result: ArticleResult) -> list[Relation]:
    """All relations the article states, outside its correction notices."""
    index = Index.build(doc, result)
    return _extract(index, skip=_excluded(index))


def extract_in(doc: Doc, result: ArticleResult, spans: list[tuple[int, int]]) -> list[Relation]:
    """Relations stated inside the given character spans only (used for correction notices)."""
    index = Index.build(doc, result)
    return _extract(index, only=spans, with_events=False)


def _extract(
    index: Index,
    skip: Sequence[tuple[int, int]] = (),
    only: list[tuple[int, int]] | None = None,
    with_events: bool = True,
) -> list[Relation]:
    lex = lexicon()
    drafts: list[_Draft] = []
    own_voice = tuple(x for x in (index.result.article.publisher,) if x)
    for sent in index.doc.sents:
        begin, stop = sent.start_char, sent.end_char
        if any(s <= begin < e for s, e in skip):
            continue
        if only is not None and not any(s <= begin < e or begin <= s < stop for s, e in only):
            continue
        for tok in sent:
            drafts += _noun_drafts(tok, index, lex)
            drafts += _verb_drafts(tok, index, lex)
            drafts += _compound_drafts(tok, index, lex)
            drafts += _reciprocal_drafts(tok, index, lex)
            drafts += _affiliation_drafts(tok, index, lex)
            drafts += _title_run_drafts(tok, index, lex)
    if with_events:
        drafts += _event_drafts(index, lex)
    deaths = _death_dates(index, lex)
    out: list[Relation] = []
    seen: dict[tuple, int] = {}
    for d in drafts:
        if d.object_is_event:
            if not (0 <= d.object < len(index.result.events)):
                continue
        elif d.subject == d.object:
            continue
        banned = lex.forbidden.get(d.type, {})
        if index.etype(d.subject) in banned.get("subject", ()):
            continue
        if not d.object_is_event and index.etype(d.object) in banned.get("object", ()):
            continue
        modality, source, source_ent, polarity = _assess(d, index, own_voice)
        modality = _event_object_modality(d, index, modality)
        if d.negated and polarity:
            # the events stage found the event negated ("he did not torture or kill anyone")
            polarity, modality = False, "negated"
        valid_from, valid_to = d.valid_from, d.valid_to
        if d.start_after_death_of is not None and valid_from is None:
            valid_from = deaths.get(d.start_after_death_of)
        if d.type == "leads" and valid_to is None and d.subject in deaths:
            valid_to = deaths[d.subject]
        subj, obj = d.subject, d.object
        if d.type in {"allied_with", "rival_of"} or (
            d.type == "family" and d.subtype in _SYMMETRIC_FAMILY
        ):
            subj, obj = min(subj, obj), max(subj, obj)  # one edge per unordered pair
        ev = _evidence(d.anchor, index)
        key = (d.type, subj, obj, d.object_is_event, d.subtype, polarity)
        rel = Relation(
            type=d.type,
            subject=subj,
            object=obj,
            evidence=(ev,),
            object_is_event=d.object_is_event,
            subtype=d.subtype,
            polarity=polarity,
            modality=modality,
            valid_from=valid_from,
            valid_to=valid_to,
            attributed_to=source,
            attributed_entity=source_ent,
            extractor=EXTRACTOR,
        )
        if key in seen:
            old = out[seen[key]]
            evidence = old.evidence if ev in old.evidence else old.evidence + (ev,)
            out[seen[key]] = replace(
                old,
                evidence=evidence,
                valid_from=old.valid_from or valid_from,
                valid_to=old.valid_to or valid_to,
            )
            continue
        seen[key] = len(out)
        out.append(rel)
    # a death ends every leads relation of the victim, however it was stated
    out = [
        replace(r, valid_to=deaths[r.subject])
        if r.type == "leads" and r.valid_to is None and r.subject in deaths
        else r
        for r in out
    ]
    return out


_SYMMETRIC_FAMILY = {
    "brother_of",
    "sister_of",
    "sibling_of",
    "spouse_of",
    "cousin_of",
    "brother_in_law_of",
}


def describe(rel: Relation, result: ArticleResult) -> str:
    """A one-line human reading of a relation (tests, debugging)."""
    subj = result.entities[rel.subject].name
    obj = (
        result.events[rel.object].trigger.text
        if rel.object_is_event
        else result.entities[rel.object].name
    )
    kind = f"{rel.type}:{rel.subtype}" if rel.subtype else rel.type
    return f"{subj} {kind} {obj}"


__all__ = [
    "EXTRACTOR",
    "Index",
    "describe",
    "extract",
    "extract_in",
    "holders",
    "lexicon",
    "object_entities",
]
