"""Restore case in all-capitals wire copy (MUC-4's messages, some agencies' feeds) before the
model reads it: common words lower-cased, names capitalised, known names given their own casing.
The text keeps its length, so character offsets into the original stay valid.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import cast


@lru_cache(maxsize=1)
def _lowercase_lexicon() -> frozenset[str]:
    """Words usually written in lower case: spaCy's English stop words plus the WordNet
    lemma index shipped inside the installed spaCy model (nouns, verbs, adjectives, adverbs).

    Nothing is downloaded; when the model's lookups are unavailable only stop words are used.
    """
    words: set[str] = set()
    try:
        from spacy.lang.en.stop_words import STOP_WORDS

        words |= {w.lower() for w in STOP_WORDS}
    except Exception:  # pragma: no cover - spaCy is a dependency
        pass
    try:
        from spacy.pipeline import Lemmatizer

        from newsgraph.extract.nlp import load_model
        from newsgraph.settings import Settings

        nlp = load_model(Settings().model)
        lookups = cast(Lemmatizer, nlp.get_pipe("lemmatizer")).lookups
        if lookups.has_table("lemma_index"):
            for entries in lookups.get_table("lemma_index").values():
                words |= {w for w in entries if w.isalpha() and w.islower()}
        if lookups.has_table("lemma_exc"):
            for table in lookups.get_table("lemma_exc").values():
                words |= {w for w in table if w.isalpha() and w.islower()}
    except Exception:
        pass
    return frozenset(words)


@lru_cache(maxsize=1)
def _name_phrases() -> dict[tuple[str, ...], str]:
    """Cased names to restore as whole phrases: the knowledge base's names and aliases,
    Babel's English territory names and the time-zone cities ("El Salvador", "Shining Path",
    "FMLN", "Lima").  Keyed by the
    lower-cased word tuple."""
    names: set[str] = set()
    try:
        from newsgraph.extract.kb import load_kb

        names |= {alias for alias, _ in load_kb().aliases()}
    except Exception:
        pass
    try:
        from babel import Locale

        names |= set(Locale("en").territories.values())
    except Exception:  # pragma: no cover - babel comes with dateparser
        pass
    try:  # city names of the IANA time zones: Lima, Bogota, Karachi, Kabul...
        import zoneinfo

        names |= {
            z.rsplit("/", 1)[-1].replace("_", " ")
            for z in zoneinfo.available_timezones()
            if "/" in z and not z.startswith("Etc/")
        }
    except Exception:  # pragma: no cover - no tz database on this system
        pass
    phrases: dict[tuple[str, ...], str] = {}
    common = _lowercase_lexicon()
    for name in names:
        if name != name.lower() and len(name) > 1:
            words = tuple(w.lower() for w in _WORD.findall(name))
            if len(words) == 1 and name not in (name.capitalize(), name.upper()) and words[0] in common:
                continue  # "LeT" (Lashkar-e-Taiba) must not turn every "LET US" into a name
            if words and " ".join(_WORD.findall(name)) == " ".join(name.split()):
                phrases.setdefault(words, name)
    return phrases


def is_upper_text(text: str, threshold: float = 0.9) -> bool:
    """True when at least ``threshold`` of the cased letters are upper case."""
    letters = [c for c in text if c.isalpha() and (c.isupper() or c.islower())]
    if len(letters) < 20:
        return False
    return sum(c.isupper() for c in letters) / len(letters) >= threshold


_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
# A gap between two words that ends a sentence (or a headline/bracketed header part).
_BOUNDARY = re.compile(r"[.!?:]['\")\]]*\s|\n\s*\n|--|\[")
# "[TEXT] THE ..." : the body starts after these bracketed header words.
_HEADER_WORDS = frozenset({"TEXT", "SUMMARY", "EXCERPT", "EXCERPTS", "CONTINUED", "RECORDING"})
_ABBREVIATIONS = frozenset(
    "MR MRS MS DR GEN COL LT MAJ CAPT SGT ST NO GOV SEN REP MSGR FR REV JR SR VS".split()
)
# Month names that are also common words: capitalised only next to a number ("10 MAY",
# "MAY 1989").
_MONTH_WORDS = frozenset({"may", "march"})


def _next_to_number(text: str, start: int, end: int) -> bool:
    return bool(re.match(r"[ \t]+\d", text[end : end + 3])) or bool(
        re.search(r"\d[ \t]+$", text[max(0, start - 3) : start])
    )


# Words that open a place or personal name: the word after them is part of the name
# ("SAN SALVADOR", "PUERTO BOYACA", "MOUNT ...").  Upper-cased for comparison.
_NAME_OPENERS = frozenset(
    "SAN SANTA SANTO SAO PUERTO PUERTA FORT PORT MOUNT LAKE CAPE CIUDAD VILLA".split()
)
_VOWEL = re.compile(r"[AEIOUYaeiouy]")


_ALWAYS_CAPITAL = frozenset(
    "jan feb mar apr jun jul aug sep sept oct nov dec january february march april june july "
    "august september october november december monday tuesday wednesday thursday friday "
    "saturday sunday".split()
)


def _known(low: str, lex: frozenset[str]) -> bool:
    """Is ``low`` (or its stem after a regular inflection) a lower-case word?"""
    if low in _ALWAYS_CAPITAL:
        return False
    base = low.split("'")[0]
    if base in lex:
        return True
    for suffix, repl in (
        ("ies", "y"),
        ("es", ""),
        ("s", ""),
        ("ied", "y"),
        ("ed", ""),
        ("ed", "e"),
        ("ing", ""),
        ("ing", "e"),
        ("ly", ""),
        ("er", ""),
        ("est", ""),
        ("est", "e"),  # largest -> large
        ("er", "e"),  # safer -> safe
        ("men", "man"),  # gunmen, policemen, spokesmen: irregular plurals of -man nouns
    ):
        if base.endswith(suffix) and len(base) > len(suffix) + 2:
            stem = base[: -len(suffix)] + repl
            if stem in lex:
                return True
            if (
                suffix in ("ed", "ing")
                and len(stem) > 3
                and stem[-1] == stem[-2]
                and stem[:-1] in lex
            ):
                return True  # doubled consonant: kidnapped -> kidnap
    return False


def _typo_of_known(low: str, lex: frozenset[str]) -> bool:
    """A long word with one letter too many ("undidentified", "afffected", "harrassed") is a
    misspelt common word, not a name: wire copy has many such typos, and a capital would make
    each one an entity.  Only long words: deleting a letter from a short name often gives a
    word."""
    if len(low) < 8:
        return False
    # Not the first letter nor the last two: "bernardo", "francois", "amazonia" are names,
    # not "bernard", "franco", "amazon" with a letter too many.
    return any(_known(low[:i] + low[i + 1 :], lex) for i in range(1, len(low) - 2))


def truecase(
    text: str,
    lexicon: frozenset[str] | None = None,
    phrases: dict[tuple[str, ...], str] | None = None,
) -> str:
    """Restore case in all-caps text; mixed-case text is returned unchanged.

    A word in the lower-case lexicon is lower-cased unless it starts a sentence; a word
    without vowels (FMLN, PCP) is an acronym and stays upper case; any other word is taken
    for a name and capitalised.  Known names (``phrases``: by default the knowledge base's
    names and aliases and Babel's country names) then get their own casing.  The result has exactly the same length as ``text``, so
    character offsets stay valid.
    """
    if not is_upper_text(text):
        return text
    lex = _lowercase_lexicon() if lexicon is None else lexicon
    out = list(text.lower())
    prev_end = 0
    prev_word = ""
    for m in _WORD.finditer(text):
        gap = text[prev_end : m.start()]
        if gap.startswith(".") and (len(prev_word) == 1 or prev_word in _ABBREVIATIONS):
            gap = gap[1:]  # "U.S. ARMY", "MR. CRISTIANI": the period ends no sentence
        sentence_start = (
            prev_end == 0
            or bool(_BOUNDARY.search(gap))
            or ("]" in gap and prev_word in _HEADER_WORDS)
        )
        word = m.group(0)
        low = word.lower()
        if len(word) == 1:  # "A" is the article; other single letters are initials (U.S.)
            if low != "a" or sentence_start:
                out[m.start()] = word.upper()
        elif len(word) > 1 and not _VOWEL.search(word):
            out[m.start() : m.end()] = list(word.upper())
        elif (
            sentence_start
            or not (_known(low, lex) or _typo_of_known(low, lex))
            or (low in _MONTH_WORDS and _next_to_number(text, m.start(), m.end()))
            or (prev_word in _NAME_OPENERS and gap in (" ", "\n"))
        ):
            out[m.start()] = word[0].upper()
        prev_end = m.end()
        prev_word = word.upper()
    if phrases is None:
        phrases = _name_phrases()
    if phrases:
        _restore_phrases(text, out, phrases)
    return "".join(out)


def _restore_phrases(text: str, out: list[str], phrases: dict[tuple[str, ...], str]) -> None:
    """Overwrite known names with their own casing, longest match first, in place."""
    longest = max(len(k) for k in phrases)
    words = list(_WORD.finditer(text))
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            span = words[i : i + n]
            # only across single spaces/newlines: a name does not cross punctuation
            if n > 1 and any(
                text[a.end() : b.start()] not in (" ", "\n")
                for a, b in zip(span, span[1:], strict=False)
            ):
                continue
            cased = phrases.get(tuple(w.group(0).lower() for w in span))
            if cased is None:
                continue
            cased_words = _WORD.findall(cased)
            for w, c in zip(span, cased_words, strict=False):
                if len(c) == len(w.group(0)):
                    out[w.start() : w.end()] = list(c)
            i += n - 1
            break
        i += 1
