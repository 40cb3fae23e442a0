"""Modality and attribution of a claim: is it asserted, reported, believed, hedged, denied,
negated — and according to whom?

A cue (``data/modality.yaml``) modifies the claims whose trigger lies in its syntactic scope.
:func:`assess` walks from the trigger up its head chain to the sentence root and gathers the
cues met on the way: adverbs ("reportedly", "possibly"), modal auxiliaries ("may"), raising
verbs ("believed to have"), speculation and reporting verbs ("analysts speculated that",
"officials said"), "according to X", blame participles ("connected to"), denial and negation.
The most hedged modality wins; the source is the subject of the nearest attributing verb.

Two scope rules matter in news copy:

- coordination: a cue on one conjunct ("..., the bombing of X, and possibly even the
  assassination of Y") applies to that conjunct only, not to the ones before it;
- a nominal trigger that is the subject/object of an ordinary verb ("the attack could change
  the war") does not inherit that verb's modals or negation; light verbs ("did not carry out
  the attack", "will order another attack") pass them on.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml
from spacy.tokens import Doc, Span, Token

from ..settings import DATA_DIR

DATA = DATA_DIR / "modality.yaml"

# Dependency labels of a clause's subject, and of a noun phrase's parts dropped from a source.
_SUBJ = {"nsubj", "nsubjpass", "csubj", "expl"}
_TRIM = {"relcl", "acl", "punct", "appos", "cc", "conj", "advcl", "parataxis"}
# Clausal complements: the clause below carries the upper verb's attribution.
_CLAUSAL = {
    "ccomp",
    "xcomp",
    "advcl",
    "parataxis",
    "conj",
    "acl",
    "relcl",
    "pcomp",
    "csubj",
    "oprd",
}
# A noun argument of a verb; climbing through it is limited to light verbs.
_NOUN_ARG = {"nsubj", "nsubjpass", "dobj", "obj", "attr", "dative", "iobj"}


@dataclass(frozen=True)
class Assessment:
    """The modality of one claim and the source it is attributed to (None: the paper's own voice)."""

    modality: str
    attributed_to: str | None
    source_span: tuple[int, int] | None
    polarity: bool
    cue: str | None


@dataclass(frozen=True)
class _Lexicon:
    rank: dict[str, int]
    adverbs: dict[str, str]
    adverb_phrases: dict[tuple[str, ...], str]
    modals: dict[str, str]
    hedge_nouns: dict[str, str]
    request_verbs: frozenset[str]  # what they ask for (their object) has not happened
    verbs: dict[str, str]
    suspicion: dict[str, frozenset[str]]
    source_preps: dict[str, str | None]
    negation: frozenset[str]
    neg_dets: frozenset[str]
    light_verbs: frozenset[str]
    own_voice: frozenset[str]
    not_sources: frozenset[str]
    distributing_coordinators: frozenset[str] = frozenset()
    contrast_coordinators: frozenset[str] = frozenset()
    negative_pronouns: frozenset[str] = frozenset()
    conditional_marks: dict[str, str] = field(default_factory=dict)
    hedge_adjectives: dict[str, str] = field(default_factory=dict)


def _invert(table: dict[str, list[str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for modality, words in (table or {}).items():
        for w in words:
            out.setdefault(str(w).lower(), modality)
    return out


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    """The cue lexicon from data/modality.yaml, loaded once."""
    raw: dict[str, Any] = yaml.safe_load(DATA.read_text())
    adverbs = _invert(raw["adverbs"])
    return _Lexicon(
        rank={m: i for i, m in enumerate(raw["rank"])},
        adverbs={k: v for k, v in adverbs.items() if " " not in k},
        adverb_phrases={tuple(k.split()): v for k, v in adverbs.items() if " " in k},
        modals=_invert(raw["modals"]),
        hedge_nouns=_invert(raw["hedge_nouns"]),
        request_verbs=frozenset(str(w).lower() for w in raw.get("request_verbs") or ()),
        verbs=_invert(raw["verbs"]),
        suspicion={k: frozenset(v or ()) for k, v in raw["suspicion_participles"].items()},
        source_preps=dict(raw["source_preps"]),
        negation=frozenset(raw["negation_words"]),
        neg_dets=frozenset(raw["negation_determiners"]),
        light_verbs=frozenset(raw["light_verbs"]),
        own_voice=frozenset(w.lower() for w in raw["own_voice"]),
        not_sources=frozenset(w.lower() for w in raw.get("not_sources", ())),
        distributing_coordinators=frozenset(
            str(w).lower() for w in raw.get("distributing_coordinators", ())
        ),
        contrast_coordinators=frozenset(
            str(w).lower() for w in raw.get("contrast_coordinators", ())
        ),
        negative_pronouns=frozenset(str(w).lower() for w in raw.get("negative_pronouns", ())),
        conditional_marks=_invert(raw.get("conditional_marks") or {}),
        hedge_adjectives=_invert(raw.get("hedge_adjectives") or {}),
    )


# ---------------------------------------------------------------------------------------------
# Source phrases


def phrase_span(head: Token) -> Span:
    """The noun phrase headed by ``head``, trimmed of relative clauses, appositions and
    coordination ("the official, who spoke to CBS News" -> "the official")."""
    doc = head.doc
    keep = {head.i}
    stack = [c for c in head.children if c.dep_ not in _TRIM or _inside_word(c)]
    while stack:
        t = stack.pop()
        keep.add(t.i)
        stack.extend(
            c for c in t.children if c.dep_ not in {"relcl", "acl", "appos"} or t.i < head.i
        )
    # a contiguous span around the head only
    lo = hi = head.i
    while lo - 1 in keep:
        lo -= 1
    while hi + 1 in keep:
        hi += 1
    span = doc[lo : hi + 1]
    # never end on punctuation or a dangling preposition
    while len(span) > 1 and (span[-1].is_punct or span[-1].dep_ in {"cc", "prep", "case"}):
        span = span[:-1]
    while len(span) > 1 and span[0].is_punct:
        span = span[1:]
    return span


def _inside_word(tok: Token) -> bool:
    """A hyphen or slash with no space on either side ("France-Presse"): part of the name, not
    punctuation that ends the phrase (else "Agence France-Presse" is cut to "Presse")."""
    doc = tok.doc
    return (tok.dep_ == "punct" and 0 < tok.i < len(doc) - 1 and not tok.whitespace_
            and not doc[tok.i - 1].whitespace_)


def _subject(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ in {"nsubj", "nsubjpass", "csubj"}:
            return None if c.lower_ in lexicon().not_sources else c
    for c in verb.children:
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    # a conjoined verb shares its subject ("X arrived and said ...")
    if verb.dep_ == "conj" and verb.head.pos_ in {"VERB", "AUX"}:
        return _subject(verb.head)
    return None


def _agent(verb: Token) -> Token | None:
    """The "by"-agent of a passive ("believed by CIA officers")."""
    for c in verb.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _source_prep_object(tok: Token) -> Token | None:
    """For "according to X" / "citing X": the object X, else None."""
    lex = lexicon()
    word = tok.lower_
    if word not in lex.source_preps:
        return None
    second = lex.source_preps[word]
    for c in tok.children:
        if second and c.lower_ == second:
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
        if not second and c.dep_ in {"pobj", "dobj"}:
            return c
    if second:  # the parser sometimes hangs "to" off the next token
        nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
        if nxt is not None and nxt.lower_ == second:
            for g in nxt.children:
                if g.dep_ == "pobj":
                    return g
    return None


# ---------------------------------------------------------------------------------------------
# The walk


@dataclass
class _Found:
    modality: str
    cue: str
    source: Token | None = None


def _node_cues(node: Token, came_from: Token | None, scope: str) -> list[_Found]:
    """Cues attached to ``node`` that scope over the child ``came_from`` we reached it from.

    ``scope`` is "full" (the trigger itself, or a clause it heads), "argument" (a nominal trigger
    that is an argument of ``node``: only light verbs pass their hedges on) or "adjunct" (the
    trigger sits in a prepositional or adverbial adjunct of ``node``: adverbs and sources
    reach it, but negation and modals of ``node`` are about ``node``'s own event).
    """
    lex = lexicon()
    found: list[_Found] = []
    lemma = node.lemma_.lower()
    is_verb = node.pos_ in {"VERB", "AUX"}
    light = lemma in lex.light_verbs
    # "there will be an attack" hedges the attack; "the attack will be the first of many"
    # only says what it will count as
    if lemma == "be" and came_from is not None and came_from.dep_ in {"nsubj", "nsubjpass"}:
        light = False
    hedges = scope == "full" or (scope == "argument" and light)
    adverbs = hedges or scope == "adjunct"
    # scope "conj": the head conjunct of the trigger's conjunct; only its sources are shared
    doc = node.doc

    # "it is possible that ...", "it seems likely that ...": the clause hangs on the adjective
    if (
        came_from is not None
        and node.pos_ == "ADJ"
        and came_from.dep_ in {"ccomp", "xcomp"}
        and lemma in lex.hedge_adjectives
    ):
        found.append(_Found(lex.hedge_adjectives[lemma], node.text))
    for c in node.children:
        if came_from is not None and c.i == came_from.i:
            continue
        w = c.lower_
        if adverbs and c.dep_ == "advmod":
            pair = (doc[c.i - 1].lower_, w) if c.i > 0 else None
            if pair in lex.adverb_phrases:
                found.append(_Found(lex.adverb_phrases[pair], f"{doc[c.i - 1].text} {c.text}"))
            elif w in lex.adverbs:
                found.append(_Found(lex.adverbs[w], c.text))
        if hedges and is_verb and c.dep_ == "aux" and w in lex.modals:
            found.append(_Found(lex.modals[w], c.text))
        # "if the army withdrew", "unless a deal is signed": a condition has not happened
        if c.dep_ == "mark" and w in lex.conditional_marks and (
            scope != "conj"
            # "if he were indicted and convicted": a conjunct with no subject of its own
            or (came_from is not None and not any(g.dep_ in {"nsubj", "nsubjpass"} for g in came_from.children))
        ):
            found.append(_Found(lex.conditional_marks[w], c.text))
        # "a deal would be far more likely": the subject of a hedging predicate adjective
        if (
            lemma == "be"
            and came_from is not None
            and came_from.dep_ in {"nsubj", "nsubjpass", "ccomp", "csubj"}
            and c.dep_ == "acomp"
            and c.lemma_.lower() in lex.hedge_adjectives
        ):
            found.append(_Found(lex.hedge_adjectives[c.lemma_.lower()], c.text))
        if hedges and c.dep_ == "neg" and w in lex.negation:
            found.append(_Found("negated", c.text))
        if hedges and c.dep_ == "det" and w in lex.neg_dets and not is_verb:
            found.append(_Found("negated", c.text))
        # "No group claimed responsibility", "Nobody was hurt": a negative subject of the
        # event's own verb (not of a verb above it: "no one knows who carried out the attack")
        if (
            hedges
            and is_verb
            and (came_from is None or scope == "argument")
            and c.dep_ in {"nsubj", "nsubjpass"}
            and (
                w in lex.negative_pronouns
                or any(d.dep_ == "det" and d.lower_ in lex.neg_dets for d in c.children)
            )
        ):
            found.append(_Found("negated", c.text))
        # "according to X" attached anywhere on the chain
        if c.dep_ in {"prep", "advcl", "advmod"}:
            obj = _source_prep_object(c)
            if obj is not None:
                cue = f"{c.text} {doc[c.i + 1].text}" if c.i + 1 < len(doc) else c.text
                found.append(_Found("reported", cue, obj))
        # "..., officials said." attached as parataxis / ccomp after the clause we climb through
        if (
            c.dep_ in {"parataxis", "ccomp"}
            and c.i > node.i
            and lex.verbs.get(c.lemma_.lower())
            in {
                "reported",
                "asserted",
            }
        ):
            found.append(_Found(lex.verbs[c.lemma_.lower()], c.text, _subject(c)))

    if came_from is None:
        return found

    dep = came_from.dep_
    # "X said (that) CLAUSE", "believed to have turned", "analysts speculated that"; a temporal
    # clause ("a day after Jones arrived, analysts said ...") is presupposed, not reported
    if (
        is_verb
        and lemma in lex.verbs
        and (dep in _CLAUSAL or dep in {"dobj", "nsubjpass", "attr"})
        and not _temporal_clause(came_from)
    ):
        modality = lex.verbs[lemma]
        source = _subject(node)
        passive = (
            any(c.dep_ in {"auxpass", "nsubjpass"} for c in node.children)
            or node.tag_ == "VBN"
            and node.dep_ in {"acl", "advcl", "appos"}
        )
        if passive:
            # raising: "X is believed to have ..." — the believer is the by-agent, if any
            source = _agent(node)
        if modality in {"believed", "suspected"} and source is None and node.tag_ == "VBN":
            source = _agent(node)
        if source is None and node.dep_ == "xcomp":
            # object control: "has led analysts to speculate", "asked officials to confirm"
            source = next((c for c in node.head.children if c.dep_ in {"dobj", "obj"}), None)
        if modality == "possible_intent":  # a threat or plan: not yet happened, no source
            modality, source = "possible", None
            # only for its own complement: "asked the press to report that the air force is
            # bombing" does not make the bombing a plan
            intent_reaches = scope in {"full", "argument"}
        else:
            intent_reaches = True
        if intent_reaches:
            found.append(_Found(modality, node.text, source))
    # "X said the attack ..." when the subject of the reported clause is the trigger itself
    # is covered above (dep ccomp); "connected to the attacks"
    if (
        dep == "prep"
        and lemma in lex.suspicion
        and (not lex.suspicion[lemma] or came_from.lower_ in lex.suspicion[lemma])
    ):
        found.append(_Found("suspected", f"{node.text} {came_from.text}", _agent(node)))
    # "the assassination was blamed on the Tigers", "the attack was attributed to ISIS"
    if dep == "nsubjpass" and lemma in lex.suspicion:
        found.append(_Found("suspected", node.text, None))
    # "suspected of", "believed responsible" as adjectives / participles in an NP
    if (
        node.pos_ in {"NOUN"}
        and lemma in lex.hedge_nouns
        and dep in {"acl", "ccomp", "prep", "relcl"}
    ):
        found.append(_Found(lex.hedge_nouns[lemma], node.text))
    return found


_TEMPORAL_MARKS = frozenset({"after", "before", "since", "when", "as", "until", "while", "once", "following"})


def _temporal_clause(clause: Token) -> bool:
    """An adverbial clause or phrase of time: "after X arrived", "a day after ..."."""
    if clause.dep_ == "advcl":
        return any(c.dep_ in {"mark", "advmod"} and c.lower_ in _TEMPORAL_MARKS for c in clause.children)
    if clause.dep_ in {"prep", "npadvmod"}:
        return clause.lower_ in _TEMPORAL_MARKS or any(
            c.dep_ == "prep" and c.lower_ in _TEMPORAL_MARKS for c in clause.children
        )
    return False


def _presupposed(noun: Token) -> bool:
    """A definite or possessed event noun that is not itself what a clause asserts: "last
    year's suicide bombing", "the recent bombing of the hotel", "Pakistan's military advance
    has made inroads".  The text takes such an event as given; a report, a belief or a
    suspicion above it is about something else (its consequences, who did it).  Not when a
    light verb makes the noun the claim ("the attack took place", "did not carry out the
    attack") or the noun is the predicate of a copula."""
    if noun.pos_ not in {"NOUN", "PROPN"}:
        return False
    definite = any(
        (c.dep_ == "det" and c.lower_ in {"the", "this", "that", "these", "those"}) or c.dep_ == "poss"
        for c in noun.children
    )
    if not definite:
        return False
    head = noun.head
    if noun.dep_ in {"attr", "oprd"}:
        return False
    if head.pos_ in {"VERB", "AUX"} and head.lemma_.lower() in lexicon().light_verbs and head.lemma_.lower() != "be":
        return False
    # "demanded the resignation of the president", "sought the release of": what is asked for
    # has not happened, however definite ("planned the attack" still presupposes it)
    if noun.dep_ in {"dobj", "obj"} and head.lemma_.lower() in lexicon().request_verbs:
        return False
    # "the demand for Laden's extradition", "the possibility of his arrest": a hedge noun's
    # complement is not taken as given, however definite
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.lemma_.lower() in lexicon().hedge_nouns:
        return False
    return True


def _purpose(clause: Token) -> bool:
    """An infinitive purpose clause ("working together to target U.S. forces") shares the
    modality of the clause it serves."""
    return clause.dep_ == "advcl" and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in clause.children
    )


_ADJUNCT = {"prep", "agent", "npadvmod", "advmod", "advcl", "pcomp"}


def _shares_auxiliaries(conj: Token, head: Token) -> bool:
    """Whether a coordinated verb falls under its head conjunct's negation and modals: "did
    not torture or kill", "may attack or kidnap", "will not negotiate nor surrender".  It must
    have no subject or auxiliary of its own, and the coordinator must not contrast ("was not
    charged but released")."""
    if conj.pos_ not in {"VERB", "AUX"} or head.pos_ not in {"VERB", "AUX"}:
        return False
    if any(c.dep_ in {"nsubj", "nsubjpass", "aux", "auxpass", "neg"} for c in conj.children):
        return False
    lex = lexicon()
    ccs = {c.lower_ for c in head.children if c.dep_ in {"cc", "preconj"} and c.i < conj.i}
    if ccs & lex.contrast_coordinators:
        return False
    if ccs & lex.distributing_coordinators:
        return True
    # "did not torture and kill": a bare infinitive after do-support shares it
    return conj.tag_ == "VB" and head.tag_ == "VB"


def _auxiliary_cues(head: Token) -> list[_Found]:
    """The negation and modal cues on a head conjunct's own auxiliaries."""
    lex = lexicon()
    found: list[_Found] = []
    for c in head.children:
        w = c.lower_
        if c.dep_ == "aux" and w in lex.modals:
            found.append(_Found(lex.modals[w], c.text))
        if c.dep_ == "neg" and w in lex.negation:
            found.append(_Found("negated", c.text))
    return found


def _climb(trigger: Token) -> list[_Found]:
    """All cues in scope of ``trigger``, innermost first."""
    found = _node_cues(trigger, None, "full")
    child = trigger
    nominal = trigger.pos_ in {"NOUN", "PROPN", "PRON", "NUM"}
    scope_blocked = False  # once inside an adjunct, higher negation/modals stay out
    # once the trigger hangs in a prepositional phrase of another noun ("responsibility for the
    # attack", "involvement in the bombing"), a negation or denial above is about that noun
    embedded = False
    seen = {trigger.i}
    while child.head.i != child.i and child.head.i not in seen:
        node = child.head
        seen.add(node.i)
        if embedded:
            before = len(found)
            found.extend(_node_cues(node, child, _scope_of(node, child, nominal, scope_blocked)))
            found[before:] = [f for f in found[before:] if f.modality not in {"negated", "denied"}]
            if node.pos_ in {"VERB", "AUX"}:
                nominal = False
                if node.lemma_.lower() in lexicon().verbs:
                    scope_blocked = True
            elif node.pos_ in {"NOUN", "PROPN"}:
                nominal = True
            child = node
            continue
        if child.dep_ == "prep" and node.pos_ in {"NOUN", "PROPN"} and child.i > node.i:
            embedded = True
        if child.dep_ in {"conj", "appos"}:
            # a conjunct's own cues stay on it; the head conjunct's hedges don't reach it
            # ("..., and possibly even the assassination"), its sources do ("X, according to
            # officials, and may ..."), and so does everything above the coordination
            found.extend(_node_cues(node, child, "conj"))
            if child.dep_ == "conj" and _shares_auxiliaries(child, node):
                found.extend(_auxiliary_cues(node))
            child = node
            continue
        node_is_verb = node.pos_ in {"VERB", "AUX"}
        if nominal and child.dep_ in _NOUN_ARG and node_is_verb:
            scope = "argument"
        elif node_is_verb and (scope_blocked or (child.dep_ in _ADJUNCT and not _purpose(child))):
            scope = "adjunct"
        else:
            scope = "full"
        found.extend(_node_cues(node, child, scope))
        if node_is_verb:
            if scope == "argument" and node.lemma_.lower() not in lexicon().light_verbs:
                scope_blocked = True
            if scope == "adjunct":
                scope_blocked = True
            # a complement clause of an attributing verb: the clause above is another claim
            if node.lemma_.lower() in lexicon().verbs:
                scope_blocked = True
            nominal = False
        elif node.pos_ in {"NOUN", "PROPN"}:
            nominal = True
        child = node
    return found


_RELATIVE = frozenset({"who", "whom", "which", "that", "whose"})
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
_ANTECEDENT_SENTENCES = 2  # how far back a pronoun source may find its antecedent


def resolve_source(tok: Token) -> Token | None:
    """The head of the named source a source token stands for, or None.

    A relative pronoun stands for the noun its clause modifies ("Karzai, who said ..."); "he"
    or "she" for the nearest person named before it in the same or the two sentences before;
    other pronouns ("they", "it", "we") for nothing.  A described source with a name in
    apposition ("the movement's spokesman, Zabihullah Mujahid, said") is the name."""
    low = tok.lower_
    if low in _RELATIVE and tok.head.dep_ in {"relcl", "acl"} and tok.head.head.i != tok.head.i:
        tok = tok.head.head
    elif low in _PERSON_PRONOUNS:
        return _person_antecedent(tok)
    elif tok.pos_ == "PRON" or low in _RELATIVE:
        return None
    for c in tok.children:
        if c.dep_ == "appos" and c.pos_ == "PROPN":
            return c
    return tok


def _person_antecedent(pron: Token) -> Token | None:
    doc = pron.doc
    sent_starts = [s.start for s in doc.sents if s.start <= pron.i]
    lo = sent_starts[-1 - _ANTECEDENT_SENTENCES] if len(sent_starts) > _ANTECEDENT_SENTENCES else 0
    for ent in reversed(doc.ents):
        if ent.end <= pron.i and ent.start >= lo and ent.label_ == "PERSON":
            return ent.root
    return None


def _scope_of(node: Token, child: Token, nominal: bool, scope_blocked: bool) -> str:
    node_is_verb = node.pos_ in {"VERB", "AUX"}
    if nominal and child.dep_ in _NOUN_ARG and node_is_verb:
        return "argument"
    if node_is_verb and (scope_blocked or (child.dep_ in _ADJUNCT and not _purpose(child))):
        return "adjunct"
    return "full"


def _is_own_voice(text: str, own_voice: Collection[str]) -> bool:
    low = text.lower().strip()
    return low in lexicon().own_voice or low in {v.lower() for v in own_voice}


def assess(doc: Doc, trigger: Token | Span, own_voice: Collection[str] = (),
           presuppose: bool = False) -> Assessment:
    """The modality of the claim whose trigger is ``trigger``, and who it is attributed to.

    ``own_voice`` lists names meaning the newspaper itself (its publisher, e.g. "CBS News"):
    a claim such a source reports is asserted, not reported.

    With ``presuppose`` (an event's own modality: did it happen?) a definite or possessed
    event noun keeps only the cues on the noun itself: "the Tigers were blamed for the
    bombing" says who did it, not whether it happened.  Without it (a claim about the event,
    e.g. who is responsible) the whole scope counts.
    """
    lex = lexicon()
    head = trigger.root if isinstance(trigger, Span) else trigger
    # a presupposed event keeps only the cues on its own noun ("the alleged attack", "no
    # attack"); what is said about it above does not make it reported or suspected
    found = _node_cues(head, None, "full") if presuppose and _presupposed(head) else _climb(head)
    if not found:
        return Assessment("asserted", None, None, True, None)

    # the most hedged modality wins; ties go to the innermost cue
    best = min(found, key=lambda f: lex.rank.get(f.modality, len(lex.rank)))
    modality = best.modality
    # the source: the innermost cue that names one (a hedge inside a report keeps the reporter)
    source_tok = best.source
    if source_tok is None:
        for f in found:
            if f.source is not None:
                source_tok = f.source
                break
    attributed: str | None = None
    span: tuple[int, int] | None = None
    if source_tok is not None:
        source_tok = resolve_source(source_tok)
    if source_tok is not None:
        phrase = phrase_span(source_tok)
        attributed, span = phrase.text, (phrase.start_char, phrase.end_char)
        if _is_own_voice(attributed, own_voice):
            attributed, span = None, None
            if modality == "reported":
                modality = "asserted"
    polarity = modality != "negated"
    return Assessment(modality, attributed, span, polarity, best.cue)


def sentence_source(sent: Span) -> tuple[str, Span] | None:
    """The source a whole sentence is attributed to (quotes): the subject of its main reporting
    verb, or the object of "according to"; None when the sentence speaks in the paper's voice."""
    lex = lexicon()
    root = sent.root
    candidates = [root] + [c for c in root.children if c.dep_ in {"parataxis", "ccomp", "conj"}]
    for verb in candidates:
        if verb.pos_ in {"VERB", "AUX"} and lex.verbs.get(verb.lemma_.lower()) in {
            "reported",
            "asserted",
            "denied",
            "speculated",
            "believed",
        }:
            subj = _subject(verb)
            if subj is not None:
                phrase = phrase_span(subj)
                return phrase.text, phrase
    for tok in sent:
        obj = _source_prep_object(tok)
        if obj is not None:
            phrase = phrase_span(obj)
            return phrase.text, phrase
    return None


@lru_cache(maxsize=1)
def reporting_verbs() -> dict[str, str]:
    """Lemma -> modality for every verb that attributes a claim to its subject (say, claim,
    believe, speculate, deny, confirm ...); intent verbs (threaten, plan) are left out."""
    return {k: v for k, v in lexicon().verbs.items() if v not in {"possible_intent", "possible"}}
