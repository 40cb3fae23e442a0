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

Name helpers used by :mod:`newsgraph.resolve` live here too.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml
from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from .kb import KBEntry, KnowledgeBase, norm
from .records import Article, Mention
from .settings import DATA_DIR, Settings

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
        name_prefixes=_words(data["name_prefixes"]),
        name_particles=_words(data["name_particles"]),
        minor_words=_words(data["minor_words"]),
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
    """A hash of the KB's names; recomputed only when its entry or alias count changes."""
    size = (len(kb.entries), len(kb._by_alias))
    cached = _FINGERPRINTS.get(id(kb))
    if cached is not None and cached[:2] == size:
        return cached[2]
    value = hash(tuple((e.id, e.type, e.names) for e in kb.entries.values()))
    _FINGERPRINTS[id(kb)] = (*size, value)
    return value


def _caps(text: str) -> bool:
    return any(c.isupper() for c in text)


class KBMatcher:
    """Marks KB names and aliases as entities before ``ner`` runs, so the statistical model
    respects them.  Matching is case-insensitive, but a token written with capitals in the KB
    must have a capital in the text (the alias "Front" must not match "the front line")."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab  # not the Language: the component must pickle for worker processes
        self.matcher = PhraseMatcher(vocab, attr="LOWER")
        self.patterns: list[tuple[tuple[bool, ...], str, str]] = []  # caps, kb id, label
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
        for text, pattern in zip(texts, nlp.tokenizer.pipe(texts), strict=True):
            entries = by_text[text]
            ids = {e.id for e in entries}
            types = {e.type for e in entries}
            kb_id = entries[0].id if len(ids) == 1 else ""
            label = _KB_LABEL.get(entries[0].type, "ORG") if len(types) == 1 else "ORG"
            key = f"{COMPONENT}:{len(self.patterns)}"
            self.patterns.append((tuple(_caps(t.text) for t in pattern), kb_id, label))
            self.matcher.add(key, [pattern])
        self.fingerprint = fingerprint

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for key, start, end in self.matcher(doc):
            caps, kb_id, label = self.patterns[int(self.vocab.strings[key].rsplit(":", 1)[1])]
            if len(caps) != end - start:
                continue
            if any(c and not _caps(t.text) for c, t in zip(caps, doc[start:end], strict=True)):
                continue
            spans.append(Span(doc, start, end, label=label, span_id=kb_id))
        if spans:
            doc.ents = filter_spans(list(doc.ents) + spans)
        return doc


@Language.factory(COMPONENT)
def _make_kb_matcher(nlp: Language, name: str) -> KBMatcher:
    return KBMatcher(nlp.vocab)


def configure(nlp: Language, kb: KnowledgeBase) -> None:
    """Add (once) the KB matcher before ``ner`` and load ``kb``'s names into it.  Idempotent;
    calling it again with a changed KB reloads the patterns."""
    if COMPONENT not in nlp.pipe_names:
        before = {"before": "ner"} if "ner" in nlp.pipe_names else {}
        nlp.add_pipe(COMPONENT, **before)
    nlp.get_pipe(COMPONENT).set_kb(nlp, kb)


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
    Never for names under 6 characters (see :func:`similar_names`)."""
    threshold = Settings().fuzzy_threshold if threshold is None else threshold
    key = norm(name)
    if len(key) < 6 or not kb.entries:
        return None
    index = _fuzzy_index(kb)
    found: dict[str, float] = {}
    for choice, _score, i in process.extract(
        key, index.names, scorer=fuzz.ratio, score_cutoff=threshold - 8, limit=10
    ):
        for kb_id in index.ids[i]:
            entry = kb.entries[kb_id]
            if similar_names(key, choice, threshold, person=entry.type == "PERSON"):
                found[kb_id] = max(found.get(kb_id, 0.0), similarity(key, choice))
    if len(found) != 1:
        return None
    kb_id, score = next(iter(found.items()))
    return kb.entries[kb_id], score


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
    facility_head: int | None = None  # token index of a following facility noun
    votes: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    def text(self, doc: Doc) -> str:
        return doc[self.start : self.end].text


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
    return start, end


def name_cue_type(name: str) -> str | None:
    """The type the words of an organisation's name imply ("Ministry of Interior" ->
    GOVERNMENT, "Free Syrian Army" -> ARMED_GROUP), or None."""
    lex = lexicon()
    words = set(re.split(r"[^\w']+", name.casefold())) | set(re.split(r"[^\w]+", name.casefold()))
    found = [t for t, cues in lex.name_cues if words & cues]
    if not found:
        return None
    if "FACILITY" in found:
        return "FACILITY"
    if "MEDIA" in found:
        return "MEDIA"
    if "ARMED_GROUP" in found:
        return "ARMED_GROUP"
    if "GOVERNMENT" in found:
        return "ARMED_GROUP" if words & lex.non_state_cues else "GOVERNMENT"
    return found[0]


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


def _place_context(doc: Doc, cand: _Cand, lex: Lexicon) -> float:
    """Evidence that an ORG-labelled name is a place: "at Khost, Afghanistan" (a name then a
    comma and a place), "around Khost" (a locative preposition)."""
    score = 0.0
    if cand.start > 0 and doc[cand.start - 1].lower_ in lex.location_prepositions:
        score += W_CUE
    if (
        cand.end + 1 < len(doc)
        and doc[cand.end].text == ","
        and doc[cand.end + 1].ent_type_ in ("GPE", "LOC")
    ):
        score += W_CONTEXT
    return score


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


def _repeats(
    doc: Doc, cands: list[_Cand], votes: dict[str, dict[str, float]], winner: Any
) -> list[tuple[int, int, str, str, str | None]]:
    """Mentions spaCy missed: a capitalised word, standing alone, that is the surname or given
    name of a person named in full in the article ("Gen. Qassem Soleimani ... Soleimani met")."""
    names: dict[str, str] = {}
    for key, v in votes.items():
        toks = person_tokens(key)
        if winner(v) == "PERSON" and len(toks) > 1:
            for tok in (toks[0], toks[-1]):
                names.setdefault(tok, "PERSON")
    if not names:
        return []
    covered = {i for c in cands for i in range(c.start, max(c.end, (c.facility_head or 0) + 1))}

    def capitalised(i: int) -> bool:
        return 0 <= i < len(doc) and doc[i].is_alpha and doc[i].text[:1].isupper()

    out = []
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
        out.append((tok.idx, tok.idx + len(tok.text), names[tok.lower_], "chain", None))
    return out


def _is_dateline(doc: Doc, cand: _Cand, lex: Lexicon) -> bool:
    """ "BEIRUT (Reuters) -": a capitalised place opening a line, before a dateline mark."""
    text = doc[cand.start : cand.end].text
    line_start = cand.start == 0 or "\n" in doc[cand.start - 1].text_with_ws
    return (
        line_start
        and len(text) >= 3
        and text.isupper()
        and cand.end < len(doc)
        and doc[cand.end].text in lex.dateline_followers
    )


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
    doc_text = doc.text  # a property that joins all tokens: read once
    cands: list[_Cand] = []
    norp_texts = {e.text.casefold() for e in doc.ents if e.label_ == "NORP"}

    for ent in doc.ents:
        if ent.label_ not in lex.label_types and ent.label_ not in lex.candidate_labels:
            continue
        start, end = _trim(doc, ent.start, ent.end, ent.label_, lex)
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
        for rs, re_ in _proper_runs(doc):
            # The longest sub-span that is a KB name, else the longest typo of one.
            best: tuple[int, int, tuple[str, ...], float] | None = None
            for a in range(rs, re_):
                for b in range(min(re_, a + 8), a, -1):
                    if covered.intersection(range(a, b)) or (best and b - a <= best[1] - best[0]):
                        continue
                    if doc[a].lower_ in lex.determiners:
                        break
                    text = doc[a:b].text
                    entries = kb.lookup(text)
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

    publisher = norm(article.publisher or "")
    out: list[_Cand] = []
    for cand in cands:
        text = cand.text(doc)
        if _is_junk(text, lex) or "\n" in doc_text[doc[cand.start].idx : doc[cand.end - 1].idx]:
            continue
        # "(AP Photo/Dilawar Jan)": a photo credit, not a mention of the agency.
        if cand.end < len(doc) and (
            doc[cand.end].lower_ in lex.boilerplate_tokens or doc[cand.end].text == "/"
        ):
            continue
        # "Defense" of "Defense Secretary Robert Gates": part of a title, not an organisation.
        if (
            cand.label == "ORG"
            and cand.end - cand.start == 1
            and cand.end < len(doc)
            and doc[cand.end].text[:1].isupper()
            and doc[cand.end].lower_.rstrip(".") in lex.titles
        ):
            continue
        # "Pakistanis" tagged ORG next to "Pakistani" NORP: a plural demonym.
        if cand.end - cand.start == 1 and text.endswith("s") and text[:-1].casefold() in norp_texts:
            continue
        if not cand.kb_ids:
            entries = kb.lookup(text)
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

    # Votes per normalised name.
    votes: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    loc_prefixes: set[str] = set()
    for cand in out:
        text = cand.text(doc)
        key = norm(text)
        v = votes[key]
        if cand.ext_type:
            v[cand.ext_type] += W_CONTEXT + W_KB
            continue
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
        # Context words type organisations; a person's appositive ("the main militant rival
        # to X") and a demonym's noun ("Pakistani officials") say nothing about the name.
        ctx = _context_type(doc, cand, lex) if cand.label in ("ORG", "FAC") else None
        if ctx:
            v[ctx] += W_CONTEXT
        if (
            cand.label in ("ORG", "FAC", "GPE", "LOC")
            and not cand.kb_ids
            and not name_cue_type(text)
        ):
            v["LOCATION"] += _place_context(doc, cand, lex)
        if key in lex.places:
            v["LOCATION"] += W_CONTEXT
        if _is_dateline(doc, cand, lex):
            v["LOCATION"] += W_KB
        words = key.split()
        if label_type == "LOCATION" and len(words) > 1 and words[-1] in lex.location_heads:
            loc_prefixes.add(" ".join(words[:-1]))

    def winner(v: dict[str, float]) -> str | None:
        best = max(v.values(), default=0.0)
        if best <= 0:
            return None
        return next(t for t in _TYPE_ORDER if v.get(t, 0.0) == best)

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
        type_ = winner(votes[key])
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
        span = doc[cand.start : end]
        kb_id = kb_ids[0] if len(kb_ids) == 1 else None
        mentions.append((span.start_char, span.end_char, type_, cand.source, kb_id))

    mentions.extend(_repeats(doc, out, votes, winner))

    # Overlaps (a fuzzy run over an NER span, an extension over the next name): keep the longest.
    mentions.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    result: list[Mention] = []
    last_end = -1
    for start, end, type_, source, kb_id in mentions:
        if start < last_end:
            continue
        last_end = end
        sentence = bisect_right(sent_starts, start) - 1
        result.append(
            Mention(start, end, doc_text[start:end], type_, max(sentence, 0), -1, source, kb_id)
        )
    return result
