"""Quotes: who said what, with the speech verb and the exact span.

Direct quotes are the text between quote marks (a quote left open at a paragraph's end closes
there, as news copy continues it in the next paragraph).  Each is attributed to the subject of
the speech verb next to it in its sentence(s) (",\u201d Interior Minister Rehman Malik told CBS
News", ",\u201d says Christine Fair, a Pakistan expert at ...", "according to a senior U.S.
official"); "he added" / "the official says" go back to the last quoted speaker that fits; a
quote with no verb of its own continues the previous speaker's quote in its paragraph or the
one before.  Indirect speech is the complement clause of a speech verb outside quote marks
("Malik said the military offensive in Swat ...", "analysts said the ...").

Speech verbs are shared with :mod:`newsgraph.extract.modality` (``data/modality.yaml``);
``data/quotes.yaml`` only says which verb classes count and adds a few cues.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml
from spacy.tokens import Doc, Span, Token

from ..records import ArticleResult, Quote
from ..settings import DATA_DIR
from . import modality as modality_mod
from .nlp import doc_text
from .relations import Index

DATA = DATA_DIR / "quotes.yaml"
VERSION = "0.1"

_PERSON_PRONOUNS = {"he", "she"}
_PLURAL_PRONOUNS = {"they"}
_NEUTER_PRONOUNS = {"it"}
_RELATIVE = {"who", "that", "which"}
_PARA = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class _Lex:
    direct: frozenset[str]
    indirect: frozenset[str]
    marks: dict[str, str]
    min_words: int
    unattributable: frozenset[str]
    nonperson_heads: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> _Lex:
    raw: dict[str, Any] = yaml.safe_load(DATA.read_text())
    verbs = modality_mod.reporting_verbs()
    extra = {str(v).lower() for v in raw.get("extra_verbs") or ()}
    direct = {v for v, cls in verbs.items() if cls in set(raw.get("direct_classes") or ())} | extra
    indirect = {v for v, cls in verbs.items() if cls in set(raw.get("indirect_classes") or ())}
    indirect |= extra | {str(v).lower() for v in raw.get("indirect_extra") or ()}
    return _Lex(
        frozenset(direct),
        frozenset(indirect),
        dict(raw.get("marks") or {}),
        int(raw.get("min_words", 4)),
        frozenset(str(w).lower() for w in raw.get("unattributable_subjects") or ()),
        frozenset(str(w).lower() for w in raw.get("nonperson_heads") or ()),
    )


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text inside each pair of quote marks; an open quote closes at the end
    of its paragraph."""
    lex = lexicon()
    # longest mark first: wire copy writes ``quotes'' with two-character marks
    openers = sorted(lex.marks, key=len, reverse=True)
    firsts = {m[0] for m in openers}
    paras = [0] + [m.end() for m in _PARA.finditer(text)] + [len(text) + 1]
    out: list[tuple[int, int]] = []
    for p0, p1 in zip(paras, paras[1:], strict=False):
        chunk_end = min(p1, len(text))
        i = p0
        while i < chunk_end:
            mark = (next((m for m in openers if text.startswith(m, i)), None)
                    if text[i] in firsts else None)
            if mark is not None:
                close = lex.marks[mark]
                begin = i + len(mark)
                j = text.find(close, begin, chunk_end)
                if j < 0:  # continued in the next paragraph
                    end = chunk_end
                    while end > begin and text[end - 1] in " \t\r\n":
                        end -= 1
                    out.append((begin, end))
                    break
                out.append((begin, j))
                i = j + len(close)
            else:
                i += 1
    return [(s, e) for s, e in out if e > s]


def _inside(tok: Token, spans: list[tuple[int, int]]) -> bool:
    return any(s <= tok.idx < e for s, e in spans)


@dataclass
class _Speaker:
    text: str
    entity: int | None
    head: str  # lemma of the phrase head, to match "the official" with "a senior ... official"
    plural: bool
    person: bool = False  # may a later "he" / "she" stand for this speaker?


class _Attributor:
    """Finds the speech verb of a quote and resolves its subject to a speaker."""

    def __init__(self, doc: Doc, result: ArticleResult, index: Index) -> None:
        self.doc, self.result, self.index = doc, result, index
        self.last: _Speaker | None = None
        self.last_para: int = -1

    def speaker_of(self, subj: Token) -> _Speaker | None:
        """The speaker a subject names, or None when it names no one a reader could cite:
        "I" / "we" / "you" of a transcript, an expletive "it was reported", a stray word."""
        lex = lexicon()
        phrase = modality_mod.phrase_span(subj)
        low = subj.lower_
        # "one of the agreements states" still names a source; a bare "one" does not
        has_of = any(c.dep_ == "prep" for c in subj.children)
        if (low in lex.unattributable and not has_of) or _in_brackets(subj):
            return None
        if subj.pos_ not in {"NOUN", "PROPN", "PRON"} and not has_of:
            return None  # "less still can it be demanded": no noun phrase, no speaker
        if subj.tag_ in {"WDT", "WP"} and subj.head.dep_ not in {"relcl", "acl"}:
            return None  # a question word ("who said ...?") is no speaker
        if low in _RELATIVE:
            # "Joaquin Villalobos, a rebel leader, who told ...": the relative's antecedent
            head = subj.head.head
            if head.dep_ == "appos" and self.index.entity_at(head) is None:
                head = head.head
            return None if head.i == subj.i else self.speaker_of(head)
        if low in _NEUTER_PRONOUNS:
            verb = subj.head
            if subj.dep_ == "nsubjpass" or any(c.dep_ == "auxpass" for c in verb.children):
                return None  # "it was reported that ...": no one in particular
            ent = self.index.antecedent(subj, persons=False)
            return self._entity_speaker(ent, subj) if ent is not None else None
        if low in _PLURAL_PRONOUNS:
            # "The rebels blew up pylons. They also announced ...": the previous sentence's
            # plural subject is a nearer referent than the last speaker
            prev = _previous_subject(subj)
            if prev is not None and prev.lower_ not in _PLURAL_PRONOUNS:
                found = self.speaker_of(prev)
                if found is not None:
                    return found
        if low in _PERSON_PRONOUNS | _PLURAL_PRONOUNS:
            plural = low in _PLURAL_PRONOUNS
            # "he" goes back to the last person speaker, not to "the radio" or "the report"
            if (
                self.last is not None
                and plural == self.last.plural
                and (plural or self.last.person)
            ):
                return self.last
            ent = self.index.entity_at(subj)
            if ent is not None:
                return self._entity_speaker(ent, subj)
            return None  # a bare "he" / "they" with nothing to refer to cites no one
        # the phrase head must be the name: "a senior Western diplomat in Islamabad" is no
        # Islamabad, "Interior Minister Rehman Malik" is Malik
        ent = self.index.entity_at(subj)
        if ent is not None:
            return self._entity_speaker(ent, subj)
        # "a military spokesman, Maj. Gen. Athar Abbas, told": the apposition names him
        # (the parser may hang it on the phrase's last noun: "one of the leaders of the
        # protest group, Alberto Pizango, stated")
        for c in [*subj.children, *(t for t in subj.subtree if t.head.i != subj.i)]:
            if c.dep_ == "appos" and (ent := self.index.entity_at(c)) is not None:
                if self.result.entities[ent].type == "PERSON":
                    return self._entity_speaker(ent, subj)
        # "the official" after "a senior Pakistani security official": the same source
        definite = any(
            c.lower_ in {"the", "this", "that"} for c in subj.children if c.dep_ == "det"
        )
        if definite and self.last is not None and self.last.head == subj.lemma_.lower():
            return self.last
        plural = subj.tag_ in {"NNS", "NNPS"}
        person = not plural and subj.lemma_.lower() not in lex.nonperson_heads
        return _Speaker(phrase.text, None, subj.lemma_.lower(), plural, person)

    def _entity_speaker(self, ent: int, tok: Token) -> _Speaker:
        e = self.result.entities[ent]
        return _Speaker(e.name, ent, tok.lemma_.lower(), False, e.type == "PERSON")

    def verb_subject(self, verb: Token) -> Token | None:
        for c in verb.children:
            if c.dep_ in {"nsubj", "nsubjpass"}:
                return c
        if verb.dep_ in {"conj", "xcomp", "advcl"} and not _across_paragraph(verb.head, verb):
            return self.verb_subject(verb.head)
        return None


def _previous_subject(tok: Token) -> Token | None:
    """The plural subject of the main verb of the sentence before ``tok``'s, in its paragraph;
    only when ``tok`` opens its own sentence's main clause."""
    sent = tok.sent
    if tok.head.i != sent.root.i or sent.start == 0:
        return None
    prev = tok.doc[sent.start - 1].sent
    if _across_paragraph(prev.root, tok):
        return None
    subj = [c for c in prev.root.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if subj and subj[0].tag_ in {"NNS", "NNPS"}:
        return subj[0]
    return None


_MODALS = {"can", "could", "may", "might", "must", "should", "would", "ca"}


def _unreal(verb: Token) -> bool:
    """ "No country can claim that ...", "he did not say that ...": a speech verb under a modal
    or a negation reports no actual speech."""
    return any((c.dep_ == "aux" and c.lower_ in _MODALS) or c.dep_ == "neg" for c in verb.children)


def _across_paragraph(a: Token, b: Token) -> bool:
    """Is there a paragraph break between two tokens?  A headline run into the first paragraph
    parses as one sentence; its subject is no subject of the paragraph's verbs."""
    lo, hi = sorted((a.idx, b.idx))
    return bool(_PARA.search(doc_text(a.doc), lo, hi))


def _in_brackets(tok: Token) -> bool:
    """ "[End recording] said": an editor's bracketed note is no speaker."""
    line_start = doc_text(tok.doc).rfind("\n", 0, tok.idx) + 1
    before = doc_text(tok.doc)[line_start : tok.idx]
    return before.count("[") > before.count("]")


def _para_index(text: str, pos: int) -> int:
    return sum(1 for m in _PARA.finditer(text, 0, pos))


def _candidate_verbs(
    sents: list[Span], qs: int, qe: int, spans: list[tuple[int, int]], lex: _Lex
) -> list[Token]:
    """Speech verbs outside quote marks in the quote's sentences, nearest after the quote first."""
    after: list[Token] = []
    before: list[Token] = []
    for sent in sents:
        for t in sent:
            if (
                _inside(t, spans)
                or t.lemma_.lower() not in lex.direct
                or t.pos_ not in {"VERB", "AUX"}
            ):
                continue
            (after if t.idx >= qe else before).append(t)
    return sorted(after, key=lambda t: t.idx) + sorted(before, key=lambda t: -t.idx)


def _according_to(sents: list[Span], spans: list[tuple[int, int]]) -> Token | None:
    for sent in sents:
        for t in sent:
            if _inside(t, spans):
                continue
            obj = modality_mod._source_prep_object(t)  # shared "according to X" logic
            if obj is not None:
                return obj
    return None


def _according_clauses(doc: Doc, spans: list[tuple[int, int]]) -> list[tuple[Token, tuple[int, int]]]:
    """ "According to Agência Estado, members of the MST are accused of ...", "... were killed,
    according to police": the sentence without the source phrase is what the source says (an
    indirect quote).  Not where the sentence holds a direct quote, which names its own source."""
    out = []
    for t in doc:
        if t.lower_ != "according" or _inside(t, spans):
            continue
        obj = modality_mod._source_prep_object(t)
        if obj is None:
            continue
        sent = t.sent
        if any(sent.start_char < e and s < sent.end_char for s, e in spans):
            continue
        phrase = {x.i for x in t.subtree} | {x.i for x in obj.subtree} | {t.i + 1}
        lo, hi = min(phrase), max(phrase)
        before = [x for x in sent if x.i < lo]
        after = [x for x in sent if x.i > hi]
        # the statement is the longer side; the source phrase sits at one end of the sentence
        side = max((before, after), key=lambda xs: len([x for x in xs if not x.is_punct]))
        while side and (side[0].is_punct or side[0].is_space or side[0].dep_ == "cc"):
            side = side[1:]
        while side and (side[-1].is_punct or side[-1].is_space):
            side = side[:-1]
        if len([x for x in side if not x.is_punct]) < 4:
            continue
        out.append((obj, (side[0].idx, side[-1].idx + len(side[-1]))))
    return out


def _clean(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim whitespace and the trailing comma news copy puts inside the closing mark."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def extract(doc: Doc, result: ArticleResult) -> list[Quote]:
    """Direct and indirect quotes of the article, in text order.

    One pass in text order, so that "he added" can go back to the speaker of the quote before,
    whether that one was direct or indirect."""
    lex = lexicon()
    text = doc_text(doc)
    index = Index.build(doc, result)
    att = _Attributor(doc, result, index)
    spans = quote_spans(text)
    items: list[tuple[int, str, Any]] = [(qs, "direct", (qs, qe)) for qs, qe in spans]
    for verb in doc:
        clause = _indirect_clause(verb, spans, lex)
        if clause is not None:
            items.append((clause[0], "indirect", (verb, clause)))
    items += [(c[0], "according", (obj, c)) for obj, c in _according_clauses(doc, spans)]
    items.sort(key=lambda x: (x[0], x[1]))

    quotes: list[Quote] = []
    used_verbs: set[int] = set()
    prev_para_speaker: dict[int, _Speaker] = {}
    covered: list[tuple[int, int]] = []  # indirect clauses, whose partial quotes they contain
    for _, kind, payload in items:
        if kind == "according":
            obj, (start, end) = payload
            speaker = att.speaker_of(obj)
            if speaker is None or any(q.start < end and start < q.end for q in quotes):
                continue
            content = " ".join(text[start:end].split()).rstrip(",;:.")
            quotes.append(Quote(speaker.text, "according to", content, start, end, speaker.entity,
                                index.sentence_of(start)))
            covered.append((start, end))
            att.last = speaker
            continue
        if kind == "indirect":
            verb, (start, end) = payload
            if verb.i in used_verbs:
                continue
            subj = att.verb_subject(verb)
            if subj is None:
                continue
            # a partial quote at the clause's end runs on to its closing mark ("... stages. We have")
            end = max([end] + [e for s, e in spans if start < s < end])
            speaker = att.speaker_of(subj)
            if speaker is None:
                used_verbs.add(verb.i)
                continue
            content = text[start:end].strip()
            for o, c in lex.marks.items():
                content = content.replace(o, "").replace(c, "")
            content = " ".join(content.split()).rstrip(",;:.")
            quotes.append(
                Quote(
                    speaker.text,
                    verb.text,
                    content,
                    start,
                    end,
                    speaker.entity,
                    index.sentence_of(start),
                )
            )
            used_verbs.add(verb.i)
            covered.append((start, end))
            att.last = speaker
            continue
        qs, qe = payload
        if any(s <= qs and qe <= e for s, e in covered):
            continue
        quote = _direct(doc, qs, qe, spans, att, lex, used_verbs, prev_para_speaker, quotes)
        if quote is not None:
            quotes.append(quote)
    quotes.extend(_block_quotes(doc, text, quotes, att, lex, index))
    quotes.sort(key=lambda q: q.start)
    return quotes


def _block_quotes(doc: Doc, text: str, quotes: list[Quote], att: Any, lex: _Lex, index: Index) -> list[Quote]:
    """A paragraph introduced by one that ends in a colon after a speech verb ("Gershom
    Gorenberg at South Jerusalem notes:", "One blogger writes:") is a block quote by that
    verb's subject, with or without quote marks (blogs, online reports).  Only the paragraph
    right after the introduction: where a block quote ends is not marked."""
    bounds = [0] + [m.end() for m in _PARA.finditer(text)]
    paras = [(a, (bounds[k + 1] if k + 1 < len(bounds) else len(text))) for k, a in enumerate(bounds)]
    out: list[Quote] = []
    for (a, b), nxt in zip(paras, paras[1:], strict=False):
        intro = text[a:b].rstrip()
        if not intro.endswith(":") or len(intro.split()) > 40:
            continue
        qs, qe = _clean(text, nxt[0], nxt[1])
        if qe - qs < 20 or any(q.start < qe and qs < q.end for q in quotes):
            continue
        span = doc.char_span(a, a + len(intro), alignment_mode="expand")
        if span is None:
            continue
        verbs = [t for t in span if t.pos_ in {"VERB", "AUX"} and t.lemma_.lower() in lex.direct]
        if not verbs:
            continue
        verb = verbs[-1]
        subj = att.verb_subject(verb)
        speaker = att.speaker_of(subj) if subj is not None else None
        if speaker is None:
            continue
        content = " ".join(text[qs:qe].split())
        for o, c in lex.marks.items():
            if content.startswith(o) and content.endswith(c):
                content = content[len(o): -len(c)]
        out.append(Quote(speaker.text, verb.text, content, qs, qe, speaker.entity, index.sentence_of(qs)))
    return out


def _indirect_clause(
    verb: Token, spans: list[tuple[int, int]], lex: _Lex
) -> tuple[int, int] | None:
    """The (start, end) of the complement clause of a speech verb outside quote marks."""
    if (
        verb.pos_ not in {"VERB", "AUX"}
        or verb.lemma_.lower() not in lex.indirect
        or _inside(verb, spans)
    ):
        return None
    comp = [c for c in verb.children if c.dep_ == "ccomp"]
    if not comp or _unreal(verb):
        return None
    sub = list(comp[0].subtree)
    # "claimed they had no information ... and asserted that ...": a coordinated speech verb
    # (parsed inside the clause) starts a statement of its own; the clause ends before it
    for c in sub:
        if (
            c.dep_ == "conj"
            and c.i > comp[0].i
            and c.lemma_.lower() in lex.indirect
            and any(x.dep_ == "ccomp" for x in c.children)
            and not any(x.dep_ in {"auxpass", "nsubjpass"} for x in c.children)
        ):
            cut = min(t.i for t in c.subtree)
            while cut > comp[0].i and (
                verb.doc[cut - 1].dep_ == "cc" or verb.doc[cut - 1].is_punct
            ):
                cut -= 1
            sub = [t for t in sub if t.i < cut]
            break
    while sub and (sub[0].dep_ == "mark" or sub[0].is_punct and sub[0].text not in lex.marks):
        sub = sub[1:]  # "denied that ...": the complementizer is not what was said
    if not sub:
        return None
    start, end = min(t.idx for t in sub), max(t.idx + len(t) for t in sub)
    if end - start < 8 or len([t for t in sub if not t.is_punct]) < 3:
        return None
    if any(s - 1 <= start and end <= e + 1 for s, e in spans):
        return None  # the clause is itself a direct quote ("...," he said / he said: "...")
    if start > verb.idx and any(start - 2 <= s <= start + 1 for s, _ in spans):
        return None  # he said: "the whole clause quoted"
    return start, end


def _direct(
    doc: Doc,
    qs: int,
    qe: int,
    spans: list[tuple[int, int]],
    att: _Attributor,
    lex: _Lex,
    used_verbs: set[int],
    prev_para_speaker: dict[int, _Speaker],
    quotes: list[Quote],
) -> Quote | None:
    text = doc_text(doc)
    n_words = len(text[qs:qe].split())
    sents = [s for s in doc.sents if s.start_char < qe and s.end_char > qs]
    if not sents:
        return None
    # the attribution may sit in the sentence after the closing mark (", he added.")
    last = sents[-1]
    if last.end_char <= qe + 2 and last.end < len(doc):
        nxt = doc[last.end].sent
        if any(t.lemma_.lower() in lex.direct for t in nxt[:4]):
            sents.append(nxt)
    para = _para_index(text, qs)
    speaker: _Speaker | None = None
    cue: str | None = None
    for verb in _candidate_verbs(sents, qs, qe, spans, lex):
        if not _attributes(doc, verb, qs, qe):
            continue
        subj = att.verb_subject(verb)
        if subj is None or _inside(subj, [(qs, qe)]):
            continue
        speaker, cue = att.speaker_of(subj), verb.text
        used_verbs.add(verb.i)
        if speaker is None:
            return None  # attributed, but to no one a reader could cite ("I", "it was said")
        break
    if speaker is None:
        obj = _according_to(sents[-1:], spans)
        if obj is not None and _attributes(
            doc, obj.head.head if obj.head.lower_ == "to" else obj.head, qs, qe
        ):
            speaker, cue = att.speaker_of(obj), "according to"
    if speaker is None and n_words >= lex.min_words and _standalone(text, sents, qs, qe):
        # a quote on its own continues the speaker of its paragraph or of the one before
        speaker = prev_para_speaker.get(para) or prev_para_speaker.get(para - 1)
        cue = quotes[-1].cue if speaker is not None and quotes else None
    if speaker is None or cue is None:
        return None
    if n_words < lex.min_words and not _direct_object_of_speech(doc, qs, qe, lex):
        return None  # a scare quote inside reported speech ("forged new 'connections'")
    s, e = _clean(text, qs, qe)
    att.last = speaker
    prev_para_speaker[para] = speaker
    return Quote(speaker.text, cue, text[s:e], s, e, speaker.entity, att.index.sentence_of(s))


def _attributes(doc: Doc, verb: Token, qs: int, qe: int) -> bool:
    """Does ``verb`` introduce the quote at [qs, qe)?  It governs the quoted words, or stands
    right next to the quote marks (",” he added" / "Haqqani said: “...")."""
    if verb.idx >= qe:
        # ',” he added' / '?” says X': the quote ends on a comma, ? or ! at its mark
        between = doc_text(doc)[qe : verb.idx]
        ends = doc_text(doc)[qs:qe].rstrip()[-1:] in {",", "?", "!"} or between.lstrip(
            " \"”»'"
        ).startswith(",")
        if ends and len(between.split()) <= 6 and not re.search(r"[.!?]", between.strip(" \"”»',")):
            return True
    elif verb.idx + len(verb) <= qs:
        between = doc_text(doc)[verb.idx + len(verb) : qs]
        if len(between.split()) <= 5 and re.search(r"[:,]\s*[\"“«]?\s*$", between):
            return True
    span = doc.char_span(qs, qe, alignment_mode="expand")
    if span is None:
        return False
    roots = {t for t in span if t.head.i < span.start or t.head.i >= span.end or t.head.i == t.i}
    return any(verb in r.ancestors for r in roots)


def _partial(verb: Token, qs: int) -> bool:
    """Is the quote the tail of the verb's reported clause (words before it, outside the marks)?"""
    for c in verb.children:
        if c.dep_ == "ccomp":
            start = min(t.idx for t in c.subtree)
            end = max(t.idx + len(t) for t in c.subtree)
            if start < qs - 2 and qs < end:
                return True
    return False


def _standalone(text: str, sents: list[Span], qs: int, qe: int) -> bool:
    """A quote that is a whole sentence (or several) on its own: it may continue a speaker."""
    marks = lexicon().marks
    before = text[sents[0].start_char : qs].strip()
    after = text[qe : sents[-1].end_char].strip()
    # what may stand around it: its own marks (one or two characters) and a full stop
    return (not before or before in marks) and len(after) <= 1 + max(map(len, marks.values()))


def _direct_object_of_speech(doc: Doc, qs: int, qe: int, lex: _Lex) -> bool:
    """A short quote that is itself what a speech verb says ("..., he said: 'No.'")."""
    span = doc.char_span(qs, qe, alignment_mode="expand")
    if span is None:
        return False
    head = span.root.head
    return head.lemma_.lower() in lex.direct and span.root.dep_ in {"ccomp", "dobj", "parataxis"}


__all__ = ["extract", "quote_spans", "lexicon", "VERSION"]
