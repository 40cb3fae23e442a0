"""Entity resolution: name chains inside one article, and links to entities already stored.

In-article rules (``chain``), applied in this order:

1. mentions carrying the same KB id are one entity, named by the KB's canonical name;
2. mentions with the same name key (``entities.name_key``: titles, honorifics and "al-" prefixes
   ignored for people) and the same type are one entity;
3. a person's shorter name (a lone surname, a given name, "Hammam al-Balawi") joins the longest
   compatible full name of the article when exactly one fits;
   when several fit ("Mehsud" with Baitullah *and* Hakimullah Mehsud), a mention is linked only
   if exactly one of the fitting full names was written out in the same sentence before it or
   in the previous sentence, and the mention is not a modifier ("a Haqqani zone"); the others
   stay in their own entity marked ``ambiguous``;
4. an all-capitals acronym joins the one organisation of the article whose initials it spells;
5. a building described by fewer names ("the Khost base") joins the one building described with
   the same noun and more names ("the CIA base at Khost").

Across articles (``link``) a merge needs positive evidence and never joins people whose given
names differ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc

from ..records import Article, LocalEntity, Mention, StoredEntity
from ..settings import Settings
from .entities import ORG_TYPES, initials, name_key, person_tokens, similar_names, similarity
from .kb import KnowledgeBase, norm
from .nlp import doc_text


@dataclass
class _Cluster:
    type: str
    mentions: list[int] = field(default_factory=list)
    kb_id: str | None = None
    name: str = ""
    reasons: list[str] = field(default_factory=list)
    ambiguous: bool = False
    alive: bool = True

    def tokens(self) -> list[str]:
        return person_tokens(self.name)


def _better_name(new: str, old: str) -> bool:
    """Longer names win; at equal length mixed case beats a dateline's capitals ("KABUL")."""
    return (len(new), not new.isupper()) > (len(old), not old.isupper())


def _family(type_: str) -> str:
    """Types that may name the same thing: the organisation types are often confused."""
    return "ORG" if type_ in ORG_TYPES else type_


def _compatible(short: list[str], full: list[str]) -> bool:
    """``short`` is a shorter form of ``full``: its words in order, sharing the first (given
    name) or the last (surname) word."""
    if not short or len(short) >= len(full):
        return False
    if short[0] != full[0] and short[-1] != full[-1]:
        return False
    it = iter(full)
    return all(any(w == f for f in it) for w in short)


def _is_modifier(doc: Doc | None, mention: Mention) -> bool:
    """ "a Haqqani zone": a name used as a noun modifier names no one in particular."""
    if doc is None:
        return False
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    return root.dep_ in ("compound", "amod") and not root.head.ent_type_ and root.head.i >= span.end


def _merge(into: _Cluster, other: _Cluster, reason: str) -> None:
    into.mentions.extend(other.mentions)
    into.reasons.append(reason)
    other.alive = False
    other.mentions = []


def chain(
    doc: Doc | None, article: Article, mentions: list[Mention], kb: KnowledgeBase
) -> tuple[list[Mention], list[LocalEntity]]:
    """Group ``mentions`` into the article's entities; returns the mentions (sorted, with
    ``entity`` set) and the entities (ordered by first mention)."""
    mentions = sorted(mentions, key=lambda m: (m.start, m.end))
    sent_of = [m.sentence for m in mentions]

    # 1-2: KB id, then name key.
    clusters: list[_Cluster] = []
    by_key: dict[tuple[str, ...], _Cluster] = {}
    for i, m in enumerate(mentions):
        key: tuple[str, ...]
        entry = kb.entries.get(m.kb_id) if m.kb_id else None
        # "Mariott hotel" carries the hotel chain's id, but the building is not the chain.
        if entry is not None and _family(entry.type) == _family(m.type):
            key = ("kb", entry.id)
        else:
            key = ("name", _family(m.type), name_key(m.text, m.type))
        cluster = by_key.get(key)
        if cluster is None:
            cluster = _Cluster(m.type, kb_id=key[1] if key[0] == "kb" else None)
            if cluster.kb_id and entry is not None:
                cluster.name, cluster.type = entry.name, entry.type
            else:
                cluster.name = m.text
            by_key[key] = cluster
            clusters.append(cluster)
        elif not cluster.kb_id:
            if norm(m.text) != norm(cluster.name):
                cluster.reasons.append(f"same name as {cluster.name} without titles")
            if _better_name(m.text, cluster.name):
                cluster.name = m.text
        if entry is not None:
            if m.source == "fuzzy":
                # Against each KB name and its prefix of the same length ("Mariott hotel" vs
                # "Marriott hotel in Islamabad"), so the score says how close the spelling is.
                text = norm(m.text)
                score = max(
                    max(
                        similarity(text, norm(n)),
                        similarity(text, norm(n)[: len(text) + 1].strip()),
                    )
                    for n in entry.names
                )
                cluster.reasons.append(f"fuzzy {score:.0f} to {entry.name}")
            elif norm(m.text) != norm(entry.name) and cluster.kb_id:
                cluster.reasons.append("kb alias")
            if not cluster.kb_id:
                cluster.reasons.append(f"named after kb {entry.name}")
        cluster.mentions.append(i)

    # A KB entity also absorbs the article's spelling of its name without the KB id.
    kb_clusters = {c.kb_id: c for c in clusters if c.kb_id}
    for c in clusters:
        if c.kb_id or not c.alive:
            continue
        entries = [
            e
            for e in kb.lookup(c.name)
            if e.id in kb_clusters and _family(e.type) == _family(c.type)
        ]
        if len(entries) == 1:
            _merge(kb_clusters[entries[0].id], c, f"kb alias {c.name!r}")

    _chain_people(doc, mentions, clusters, sent_of, kb)
    _chain_acronyms(mentions, clusters)
    _chain_buildings(clusters)

    # Output: mentions with their entity index, entities by first mention.
    live = sorted((c for c in clusters if c.alive and c.mentions), key=lambda c: min(c.mentions))
    out_mentions = list(mentions)
    entities: list[LocalEntity] = []
    for index, c in enumerate(live):
        c.mentions.sort()
        aliases = list(dict.fromkeys(mentions[i].text for i in c.mentions))
        for i in c.mentions:
            out_mentions[i] = replace(mentions[i], entity=index)
        entities.append(
            LocalEntity(
                name=c.name,
                type=c.type,
                mentions=list(c.mentions),
                aliases=aliases,
                kb_id=c.kb_id,
                ambiguous=c.ambiguous,
                reasons=list(dict.fromkeys(c.reasons)),
            )
        )
    return out_mentions, entities


def _forms(c: _Cluster, mentions: list[Mention], kb: KnowledgeBase) -> list[list[str]]:
    """The forms of a person cluster a short name may refer to: those written in the article and
    its canonical name.  Not the KB's other aliases: "Mehsud" in an article that names
    Baitullah Mehsud and "Qari Zainuddin" is Baitullah, though the KB knows the latter as
    "Qari Zainuddin Mehsud" too."""
    names = [mentions[i].text for i in c.mentions] + [c.name]
    forms = {tuple(person_tokens(n)) for n in names}
    return [list(f) for f in forms if f]


def _fitting_form(short: list[str], forms: list[list[str]]) -> list[str] | None:
    fits = [f for f in forms if _compatible(short, f)]
    return max(fits, key=len) if fits else None


def _kin_in_sentence(mentions: list[Mention], sent_of: list[int], i: int, surname: str) -> bool:
    """Whether another person named in mention ``i``'s sentence has the surname ``surname``."""
    return bool(surname) and any(
        j != i
        and sent_of[j] == sent_of[i]
        and m.type == "PERSON"
        and len(person_tokens(m.text)) > 1
        and person_tokens(m.text)[-1] == surname
        for j, m in enumerate(mentions)
    )


def _continues(doc: Doc | None, m: Mention, forms: list[list[str]], toks: list[str]) -> bool:
    """Whether the words after mention ``m`` complete it, in any case, into one of ``forms``
    (truecased wire copy writes "Fidel castro", and NER keeps only "Fidel")."""
    if doc is None:
        return False
    after = [w.casefold() for w in re.findall(r"[\w'-]+", doc_text(doc)[m.end : m.end + 80])]
    return any(
        len(f) > len(toks) and f[: len(toks)] == toks and after[: len(f) - len(toks)] == f[len(toks) :]
        for f in forms
    )


# Sentences back (the mention's own included) within which a lone given name may join the
# full name it fits: "Ignacio Ellacuria ... Ignacio said" yes, a paragraph later no.
GIVEN_NAME_WINDOW = 2


def _chain_people(
    doc: Doc | None,
    mentions: list[Mention],
    clusters: list[_Cluster],
    sent_of: list[int],
    kb: KnowledgeBase,
) -> None:
    people = [c for c in clusters if c.alive and c.type == "PERSON"]
    for short in sorted(people, key=lambda c: len(c.tokens())):
        # A KB person is its own entity; only article-local short forms are folded.
        if not short.alive or short.kb_id:
            continue
        toks = short.tokens()
        forms = {id(c): _forms(c, mentions, kb) for c in people if c.alive and c is not short}
        # The same name once titles are ignored ("Zainuddin" and the KB's "Qari Zainuddin").
        same = [c for c in people if id(c) in forms and toks in forms[id(c)]]
        if len(same) == 1:
            _merge(same[0], short, f"same name as {same[0].name} without titles")
            continue
        fits = [c for c in people if id(c) in forms and _fitting_form(toks, forms[id(c)])]
        # Keep only the longest: "Hammam al-Balawi" is itself a short form of "Hammam Khalil al-Balawi".
        fits = [
            c
            for c in fits
            if c.kb_id
            or not any(o is not c and _fitting_form(c.tokens(), forms[id(o)]) for o in fits)
        ]
        if not fits:
            continue
        form = _fitting_form(toks, forms[id(fits[0])]) or []
        kind = "surname" if toks[-1] == form[-1] else "given name"
        # A lone given name is shared by many people ("Alfredo", "Jorge"): written once, it
        # joins a full name only near it, never across the article.  Used again and again it
        # is how the article calls that person (and Spanish "Gomez" of "Gomez Padilla" is a
        # surname that reads like a given name).
        lone_given = kind == "given name" and len(toks) == 1 and len(short.mentions) < 2
        if len(fits) == 1 and not lone_given:
            _merge(fits[0], short, f"{kind} of {fits[0].name}")
            continue
        # Several full names fit, or a lone given name: decide mention by mention from the
        # preceding context.
        reach = GIVEN_NAME_WINDOW if lone_given else 1
        full_mentions = {
            id(c): [i for i in c.mentions if len(person_tokens(mentions[i].text)) > len(toks)]
            for c in fits
        }
        surnames = {id(c): (_fitting_form(toks, forms[id(c)]) or [""])[-1] for c in fits}
        keep: list[int] = []
        for i in short.mentions:
            m = mentions[i]
            window = [
                c
                for c in fits
                if any(
                    j < i and sent_of[i] - reach <= sent_of[j] <= sent_of[i]
                    for j in full_mentions[id(c)]
                )
                # "Jalaluddin Haqqani and his son Siraj": a relative with the full name's
                # surname in the same sentence places a far given name in that family.
                or (lone_given and _kin_in_sentence(mentions, sent_of, i, surnames[id(c)]))
                # "Fidel castro": the full name, its surname cut off by its case.
                or (lone_given and _continues(doc, m, forms[id(c)], toks))
            ]
            # The continued name is a "modifier" of its own lower-cased surname.
            whole = len(window) == 1 and lone_given and _continues(doc, m, forms[id(window[0])], toks)
            if len(window) == 1 and (whole or not _is_modifier(doc, m)):
                target = window[0]
                target.mentions.append(i)
                how = "the rest of the name follows" if whole else "only one named just before"
                target.reasons.append(f"{kind} of {target.name} ({how})")
            else:
                keep.append(i)
        short.mentions = keep
        short.ambiguous = True
        short.reasons.append(
            "fits " + " and ".join(sorted(c.name for c in fits))
            + (" but is a given name far from them" if lone_given and len(fits) == 1 else "")
        )
        if not keep:
            short.alive = False


_ACRONYM = re.compile(r"^[A-Z]{2,6}$")


def _chain_acronyms(mentions: list[Mention], clusters: list[_Cluster]) -> None:
    orgs = [c for c in clusters if c.alive and _family(c.type) == "ORG"]
    for short in orgs:
        if not short.alive or short.kb_id or not _ACRONYM.match(short.name):
            continue
        fits = [
            c
            for c in orgs
            if c is not short
            and c.alive
            and len(c.name.split()) > 1
            and initials(c.name) == short.name
        ]
        if len(fits) == 1:
            _merge(fits[0], short, f"acronym of {fits[0].name}")


def _building_key(name: str) -> tuple[str, frozenset[str]]:
    """ "CIA base at Khost" -> ("base", {"cia", "khost"}): the building noun and the names."""
    words = name.split()
    head = next((w.casefold() for w in words if w.islower() and w not in ("at", "in")), "")
    return head, frozenset(norm(w) for w in words if w[:1].isupper())


def _chain_buildings(clusters: list[_Cluster]) -> None:
    """ "the Khost base" after "the CIA base at Khost": a building named by the same noun and a
    subset of the same names joins it, when exactly one earlier building fits."""
    buildings = [c for c in clusters if c.alive and c.type == "FACILITY" and not c.kb_id]
    for short in buildings:
        head, names = _building_key(short.name)
        if not head or not names:
            continue
        fits = [
            c
            for c in buildings
            if c is not short
            and c.alive
            and _building_key(c.name)[0] == head
            and names < _building_key(c.name)[1]
        ]
        if len(fits) == 1:
            _merge(fits[0], short, f"same building as {fits[0].name}")


# --------------------------------------------------------------------------- across articles


def _skeleton(text: str) -> str:
    """Consonant skeleton, doubled letters collapsed: "mariott"/"marriott" -> "mrt"."""
    text = re.sub(r"[aeiouy\s]", "", text)
    return re.sub(r"(.)\1+", r"\1", text)


def blocking_keys(name: str, type: str) -> set[str]:  # noqa: A002 - the store's word
    """Keys under which the store files an entity name, so that a new mention finds its
    candidates: the normalised name, the name without titles, typo-tolerant keys (consonant
    skeleton, letters sorted per word) for names of 6+ characters, and for people the surname."""
    keys: set[str] = set()
    full = norm(name)
    if not full:
        return keys
    keys.add(f"n:{full}")
    toks = person_tokens(name) if type == "PERSON" else full.split()
    bare = " ".join(toks)
    if bare:
        keys.add(f"n:{bare}")
    if len(bare.replace(" ", "")) >= 6:
        keys.add(f"c:{_skeleton(bare)}")
        keys.add("a:" + " ".join("".join(sorted(t)) for t in toks))
    if type == "PERSON" and toks:
        keys.add(f"sur:{toks[-1]}")
    return keys


def _names(name: str, aliases: tuple[str, ...] | list[str], type_: str) -> list[str]:
    """Names usable for cross-article matching: a person's one-word aliases are left out, they
    are short forms that say nothing on their own."""
    out = [name]
    for alias in aliases:
        if type_ == "PERSON" and len(person_tokens(alias)) < 2:
            continue
        out.append(alias)
    return list(dict.fromkeys(out))


def _given_names_differ(a: str, b: str) -> bool:
    ta, tb = person_tokens(a), person_tokens(b)
    return len(ta) > 1 and len(tb) > 1 and ta[0] != tb[0]


def _kb_id_of(name: str, type_: str, kb: KnowledgeBase) -> str | None:
    """The KB entry a stored or local name is an alias of, when exactly one of its type family
    (a one-word person alias does not count: "Mehsud" names several people)."""
    if type_ == "PERSON" and len(person_tokens(name)) < 2:
        return None
    ids = {e.id for e in kb.lookup(name) if _family(e.type) == _family(type_)}
    return ids.pop() if len(ids) == 1 else None


_GENERIC_QUALIFIERS = frozenset(
    "national supreme constitutional federal central foreign interior home defence defense high "
    "state people's peoples public general special internal external electoral election "
    "presidential city municipal provincial regional district county local upper lower "
    "justice finance health education security affairs trade labour labor armed royal".split()
)


def generic_institution(name: str) -> bool:
    """A name made only of institution words and generic qualifiers ("Supreme Court",
    "Ministry of Foreign Affairs", "National Assembly", "the Church"): it names a different
    body in every country, so it never links across articles by name alone."""
    from .entities import lexicon

    lex = lexicon()
    cue_words = {w for t, cues in lex.name_cues if t in {"GOVERNMENT", "ORGANIZATION", "FACILITY"} for w in cues}
    words = [w for w in norm(name).split() if w not in lex.minor_words]
    return bool(words) and all(w in cue_words or w in _GENERIC_QUALIFIERS for w in words)


def link(
    local: LocalEntity, candidates: list[StoredEntity], kb: KnowledgeBase
) -> tuple[int | None, str]:
    """The stored entity ``local`` is the same as, or None, with the reason.

    Rules, first that applies: same KB id; the same full name (or full alias) with a compatible
    type; a typo-level fuzzy match (``Settings.fuzzy_threshold``, per-word edit limits) of the
    same type; a lone person surname when exactly one stored person carries it and the local
    entity is not ambiguous.  People with different given names never merge; ties refuse.
    """
    threshold = Settings().fuzzy_threshold
    person = local.type == "PERSON"
    local_kb = local.kb_id or _kb_id_of(local.name, local.type, kb)
    cand_kb = {c.id: c.kb_id or _kb_id_of(c.name, c.type, kb) for c in candidates}
    pool = [c for c in candidates if not (local_kb and cand_kb[c.id] and cand_kb[c.id] != local_kb)]
    if local_kb:
        same = [c for c in pool if cand_kb[c.id] == local_kb]
        if same:
            best = max(same, key=lambda c: c.mention_count)
            return best.id, f"same kb id {local_kb}"
    pool = [c for c in pool if _family(c.type) == _family(local.type)]
    if not person and generic_institution(local.name):
        # "Supreme Court", "Interior Ministry", "the Church": every country has one
        return None, f"generic name {local.name!r}: not linked across articles"
    if person:
        pool = [c for c in pool if not _given_names_differ(local.name, c.name)]
    local_names = _names(local.name, local.aliases, local.type)
    if person and len(person_tokens(local.name)) < 2:
        local_names = []  # a lone name only links through the surname rule below

    # Same full name or alias.
    exact: dict[int, StoredEntity] = {}
    local_keys = {name_key(n, local.type) for n in local_names}
    for c in pool:
        if person and len(person_tokens(c.name)) < 2:
            continue
        cand_keys = {name_key(n, c.type) for n in _names(c.name, c.aliases, c.type)}
        if local_keys & cand_keys:
            exact[c.id] = c
    if len(exact) == 1:
        c = next(iter(exact.values()))
        return c.id, f"same name {c.name!r}"
    if len(exact) > 1:
        typed = [c for c in exact.values() if c.type == local.type]
        if len(typed) == 1:
            return typed[0].id, f"same name and type {typed[0].name!r}"
        return None, "ambiguous: same name as " + ", ".join(
            sorted(f"#{c.id}" for c in exact.values())
        )

    # Typos of the same type.
    scored: dict[int, tuple[float, StoredEntity, str, str]] = {}
    for c in pool:
        if c.type != local.type or (person and len(person_tokens(c.name)) < 2):
            continue
        for a in local_names:
            for b in _names(c.name, c.aliases, c.type):
                if similar_names(a, b, threshold, person=person):
                    score = similarity(name_key(a, local.type), name_key(b, c.type))
                    if score > scored.get(c.id, (0.0,))[0]:
                        scored[c.id] = (score, c, a, b)
    if len(scored) == 1:
        score, c, a, b = next(iter(scored.values()))
        return c.id, f"fuzzy {score:.0f} {a!r} to {b!r}"
    if len(scored) > 1:
        return None, "ambiguous: typo of " + ", ".join(sorted(f"#{i}" for i in scored))

    # A lone surname: only when exactly one stored person has it.
    toks = person_tokens(local.name)
    if person and len(toks) == 1:
        if local.ambiguous:
            return None, "ambiguous short name in its article"
        owners = [
            c
            for c in pool
            if len(person_tokens(c.name)) > 1 and person_tokens(c.name)[-1] == toks[0]
        ]
        if len(owners) == 1:
            return owners[0].id, f"surname of {owners[0].name} (only candidate)"
        if owners:
            return None, f"surname {toks[0]!r} fits {len(owners)} people"
    return None, "no candidate matched"
