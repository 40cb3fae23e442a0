"""A generated store at the scale an analyst works at, built by hand (no model) in seconds.

``build_scale_store(path)`` writes 500 articles over 24 months about 500 actors in 20 clusters:
each article relates three to five actors of one cluster (now and then one of another), with
relations that start in the article's month and hold for a few months, so every month has its
own network of a few hundred actors and the all-dates network has them all; each article quotes
its first actor.  The same arguments
always give the same store.  Used by the browser tests of the network view and by
``scripts/screenshots.py --scale``.
"""

from __future__ import annotations

import random
from pathlib import Path

from newsgraph.extract.kb import KBEntry, KnowledgeBase
from newsgraph.records import (
    Article,
    ArticleResult,
    Evidence,
    LocalEntity,
    Mention,
    Quote,
    Relation,
)
from newsgraph.store import Store

FIRST = ["Abdul", "Karim", "Hamid", "Nasir", "Tariq", "Jamil", "Rashid", "Faisal", "Omar", "Yusuf", "Sami",
         "Bilal", "Zahir", "Idris", "Malik", "Anwar", "Qasim", "Walid", "Hadi", "Latif", "Munir", "Salim",
         "Rafiq", "Khalid", "Aziz"]
LAST = ["Haqqani", "Mehsud", "Durrani", "Yousafzai", "Afridi", "Wazir", "Khattak", "Baloch", "Noorzai",
        "Popalzai", "Achakzai", "Barakzai", "Shinwari", "Mohmand", "Orakzai", "Bangash", "Kakar",
        "Tanoli", "Marwat", "Bettani"]
GROUPS = ["Front", "Brigade", "Movement", "Council", "Network", "Army", "Shura", "Alliance"]
PLACES = ["North", "South", "East", "West", "Upper", "Lower", "Central", "Greater"]
TYPES = ["PERSON", "PERSON", "PERSON", "ARMED_GROUP", "ORGANIZATION", "GOVERNMENT", "PERSON", "MEDIA"]
RELATIONS = {("PERSON", "ARMED_GROUP"): "member_of", ("PERSON", "ORGANIZATION"): "member_of",
             ("PERSON", "GOVERNMENT"): "member_of", ("ARMED_GROUP", "GOVERNMENT"): "rival_of",
             ("PERSON", "PERSON"): "allied_with", ("ARMED_GROUP", "ARMED_GROUP"): "allied_with"}


def _actors(n: int, clusters: int) -> list[tuple[str, str, int]]:
    """(name, type, cluster) for ``n`` actors with distinct names."""
    out, seen = [], set()
    for i in range(n):
        etype = TYPES[i % len(TYPES)]
        k = i
        while True:
            if etype == "PERSON":
                name = f"{FIRST[k % len(FIRST)]} {LAST[(k // len(FIRST)) % len(LAST)]}"
            else:
                name = (f"{PLACES[k % len(PLACES)]} {LAST[(k // len(PLACES)) % len(LAST)]} "
                        f"{GROUPS[(k // (len(PLACES) * len(LAST))) % len(GROUPS)]}")
            if name not in seen:
                break
            k += 1
        seen.add(name)
        out.append((name, etype, i % clusters))
    return out


def _month(i: int) -> str:
    return f"{2008 + i // 12:04d}-{i % 12 + 1:02d}"


def _article(aid: int, month: int, last: int, chosen: list[int], actors: list[tuple[str, str, int]],
             rng: random.Random) -> ArticleResult:
    names = [actors[a][0] for a in chosen]
    sentences, text = [], ""
    pairs = list(zip(chosen, chosen[1:], strict=False))
    for a, b in pairs:
        sentence = f"{actors[a][0]} was seen with {actors[b][0]}."
        sentences.append((len(text), len(text) + len(sentence)))
        text += sentence + " "
    # the first actor is quoted at the end, so entity pages have quotes to cite
    quote_start = len(text) + len(names[0]) + len(' said "')
    text += f'{names[0]} said "we will hold the valley."'
    published = f"{_month(month)}-{rng.randint(1, 28):02d}"
    article = Article(id=f"s{aid:04d}", source=f"s{aid:04d}.txt", raw_text=text, text=text,
                      title=f"{names[0]} and {len(names) - 1} others", publisher=f"Wire {aid % 7}",
                      published=published, offsets=((0, 0, len(text)),))
    result = ArticleResult(article=article, sentences=sentences)
    local: dict[int, int] = {}
    for s_idx, (a, b) in enumerate(pairs):
        start = sentences[s_idx][0]
        for who, offset in ((a, start), (b, text.index(actors[b][0], start + len(actors[a][0])))):
            name, etype, _ = actors[who]
            if who not in local:
                local[who] = len(result.entities)
                result.entities.append(LocalEntity(name=name, type=etype, kb_id=f"a{who}", aliases=[name]))
            result.mentions.append(Mention(offset, offset + len(name), name, etype, s_idx, local[who], "kb", f"a{who}"))
            result.entities[local[who]].mentions.append(len(result.mentions) - 1)
    result.quotes.append(Quote(names[0], "said", "we will hold the valley.", quote_start,
                               quote_start + len("we will hold the valley."), speaker_entity=local[chosen[0]]))
    for s_idx, (a, b) in enumerate(pairs):
        rtype = RELATIONS.get((actors[a][1], actors[b][1])) or "allied_with"
        s, e = sentences[s_idx]
        result.relations.append(Relation(rtype, local[a], local[b], (Evidence(s, e, text[s:e], s_idx),),
                                         valid_from=_month(month),
                                         valid_to=_month(min(last, month + rng.randint(2, 8)))))
    return result


def build_scale_store(path: Path, articles: int = 500, actors: int = 500, clusters: int = 20, months: int = 24,
                      seed: int = 15) -> Path:
    rng = random.Random(seed)
    people = _actors(actors, clusters)
    by_cluster: dict[int, list[int]] = {}
    for i, (_, _, c) in enumerate(people):
        by_cluster.setdefault(c, []).append(i)
    kb = KnowledgeBase()
    for i, (name, etype, _) in enumerate(people):
        kb.add(KBEntry(f"a{i}", name, etype, (name,)))
    with Store(path) as store:
        for aid in range(articles):
            cluster = by_cluster[aid % clusters]
            # every actor appears at least once: walk the cluster, then add a few at random
            first = cluster[(aid // clusters) % len(cluster)]
            chosen = [first] + rng.sample([a for a in cluster if a != first], rng.randint(2, 4))
            if rng.random() < 0.3:
                chosen.append(rng.randrange(actors))
            chosen = list(dict.fromkeys(chosen))
            store.save(_article(aid, aid * months // articles, months - 1, chosen, people, rng), kb)
    return path
