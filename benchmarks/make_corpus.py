"""Synthetic news corpus with known truth, for benchmarks and resolution at scale.

    python benchmarks/make_corpus.py generate 1000 --seed 7 --out build/corpus
        -> build/corpus/articles.jsonl  (text, title, published, publisher, url)
           build/corpus/truth.jsonl     (per line: entity mentions with ids, events, relations)
    python benchmarks/make_corpus.py score --db build/bench.db --truth build/corpus/truth.jsonl
        -> B-cubed precision / recall of PERSON clusters in the store against the truth

Articles are built from sentence templates (benchmarks/data/templates.yaml) filled from a fixed
world (benchmarks/data/world.yaml): people belong to groups or governments, many share a surname,
later mentions use the surname alone, and a few people are mentioned far more than others (Zipf),
as in real coverage.  The same seed always gives the same corpus, byte for byte.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).parent / "data"
SLOT = re.compile(r"\{(\w+)\}")
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
# slot -> (entity kind, second-mention slot it introduces)
PERSON_SLOTS = {"P": "Ps", "O": "Os"}


@dataclass(frozen=True)
class Person:
    id: str
    given: str
    surname: str
    role: str  # relation type of the role (leads / member_of)
    phrase: str  # how a sentence states the role
    org: str  # group id or country id

    @property
    def name(self) -> str:
        return f"{self.given} {self.surname}"


@dataclass
class World:
    groups: list[dict[str, str]]
    places: list[dict[str, str]]
    publishers: list[str]
    members: dict[int, list[Person]]  # group index -> its people
    officials: dict[str, list[Person]]  # country -> its officials
    weights: dict[str, float] = field(default_factory=dict)  # person id -> how newsworthy


def build_world(rng: random.Random, people: int, data: dict[str, Any]) -> World:
    """Invent ``people`` people (unique full names, shared surnames) and give each a role."""
    names = [(g, s) for g in data["given_names"] for s in data["surnames"]]
    rng.shuffle(names)
    if people > len(names):
        raise SystemExit(f"at most {len(names)} people with the names in world.yaml")
    groups, places = data["groups"], data["places"]
    countries = sorted({p["country"] for p in places})
    world = World(groups, places, data["publishers"], defaultdict(list), defaultdict(list))
    n_members = 0
    for i, (given, surname) in enumerate(names[:people]):
        if i % 3 == 2:  # a third are officials of a government
            country = countries[i % len(countries)]
            role = rng.choice(data["official_roles"])
            person = Person(f"P{i}", given, surname, role["role"], role["phrase"], f"C:{country}")
            world.officials[country].append(person)
        else:
            g = n_members % len(groups)
            n_members += 1
            role = data["member_roles"][0] if not world.members[g] else rng.choice(data["member_roles"][1:])
            person = Person(f"P{i}", given, surname, role["role"], role["phrase"], f"G{g}")
            world.members[g].append(person)
        world.weights[person.id] = 1.0 / (1 + i) ** 0.7  # a few people dominate the news
    return world


def _pick(rng: random.Random, people: list[Person], weights: dict[str, float]) -> Person:
    return rng.choices(people, weights=[weights[p.id] for p in people])[0]


def _date_phrase(rng: random.Random, published: date) -> tuple[str, str]:
    """A date phrase a reporter would write and the day it means."""
    back = rng.randint(0, 6)
    day = published - timedelta(days=back)
    if back == 0:
        return "on " + WEEKDAYS[day.weekday()], day.isoformat()
    if rng.random() < 0.5:
        return "on " + WEEKDAYS[day.weekday()], day.isoformat()
    return f"on {MONTHS[day.month - 1]} {day.day}", day.isoformat()


def make_article(rng: random.Random, world: World, templates: dict[str, Any], line: int,
                 sentences: tuple[int, int] = (8, 12)) -> tuple[dict[str, Any], dict[str, Any]]:
    """One article (the JSONL record) and its truth (mentions with entity ids, events, relations)."""
    place = rng.choice(world.places)
    country = place["country"]
    g = rng.choices(range(len(world.groups)), weights=[1.0 / (1 + k) for k in range(len(world.groups))])[0]
    group = world.groups[g]
    member = _pick(rng, world.members[g], world.weights)
    official = _pick(rng, world.officials.get(country) or [p for ps in world.officials.values() for p in ps],
                     world.weights)
    published = date(2015, 1, 1) + timedelta(days=rng.randrange(3650))
    publisher = rng.choice(world.publishers)
    n_body = rng.randint(*sentences) - 1
    chosen = [rng.choice(templates["lead"]), *rng.sample(templates["body"], min(n_body, len(templates["body"])))]

    ids = {"P": member.id, "Ps": member.id, "O": official.id, "Os": official.id, "G": f"G{g}", "Gs": f"G{g}",
           "city": f"L:{place['city']}", "country": f"C:{country}"}
    types = {"P": "PERSON", "Ps": "PERSON", "O": "PERSON", "Os": "PERSON", "G": "ARMED_GROUP",
             "Gs": "ARMED_GROUP", "city": "LOCATION", "country": "LOCATION"}
    introduced: set[str] = set()
    text_parts: list[str] = []
    pos = 0
    truth: dict[str, Any] = {"line": line, "mentions": [], "events": [], "relations": []}
    for template in chosen:
        values: dict[str, str] = {}
        date_iso = None

        def fill(m: re.Match[str], template: dict[str, Any] = template, values: dict[str, str] = values) -> str:
            nonlocal date_iso
            slot = m[1]
            if slot in ("Ps", "Os", "Gs"):
                full = slot[0]
                if full not in introduced:  # a first mention is always the full form
                    slot = full
            if slot in ("P", "O", "G"):
                introduced.add(slot)
            value = {
                "P": member.name, "Ps": member.surname, "Prole": member.phrase, "O": official.name,
                "Os": official.surname, "Orole": official.phrase, "G": group["name"],
                "Gs": group["short"], "city": place["city"], "country": country, "adj": place["adj"],
                "pub": publisher, "n": str(rng.randint(2, 40)), "m": str(rng.randint(2, 60)),
                "year": str(published.year - rng.randint(1, 6)),
            }.get(slot)
            if slot == "date":
                value, date_iso = _date_phrase(rng, published)
            if value is None:
                raise KeyError(f"unknown slot {{{slot}}} in {template['text']!r}")
            article = "the " if slot == "G" and group.get("the") else ""  # "the Army of ...", not "Army of ..."
            if slot == "Gs" and value.startswith("the "):  # the mention is "Front", the article is prose
                article, value = "the ", value[4:]
            values[m[1]] = value
            return article + "\x00" + slot + "\x01" + value + "\x02"

        marked = SLOT.sub(fill, template["text"])
        sentence = ""
        for piece in re.split(r"(\x00\w+\x01[^\x02]*\x02)", marked):
            if piece.startswith("\x00"):
                slot, value = piece[1:-1].split("\x01")
                if slot in ids:
                    start = pos + len(sentence)
                    truth["mentions"].append({"start": start, "end": start + len(value), "text": value,
                                              "entity": ids[slot], "type": types[slot]})
                sentence += value
            else:
                sentence += piece
        sentence = sentence[0].upper() + sentence[1:]
        for m in truth["mentions"]:
            if m["start"] == pos:  # capitalising the sentence may have changed a mention's text
                m["text"] = sentence[: m["end"] - pos]
        if "event" in template:
            ev = dict(template["event"])
            for key, slot in list(ev.items()):
                if isinstance(slot, str) and slot in ids:
                    ev[key] = ids[slot]
                elif isinstance(slot, str) and slot in values:
                    ev[key] = int(values[slot]) if values[slot].isdigit() else values[slot]
                elif isinstance(slot, list):
                    ev[key] = [ids.get(s, s) for s in slot]
            ev["date"] = date_iso
            ev["evidence"] = [pos, pos + len(sentence)]
            truth["events"].append(ev)
        for rel in template.get("relations", ()):
            subject, obj = ids[rel["subject"]], ids[rel["object"]]
            rtype = rel["type"]
            if rtype == "role":
                rtype = member.role if subject == member.id else official.role
            truth["relations"].append({"type": rtype, "subject": subject, "object": obj,
                                       "evidence": [pos, pos + len(sentence)]})
        text_parts.append(sentence)
        pos += len(sentence) + 2
    text = "\n\n".join(text_parts) + "\n"
    title = rng.choice([f"Violence flares in {place['city']}", f"{group['name']} blamed for {place['city']} attack",
                        f"{place['adj']} forces step up operations near {place['city']}"])
    record = {"text": text, "title": title, "published": published.isoformat(), "publisher": publisher,
              "url": f"https://news.example.org/{published.year}/{line}"}
    return record, truth


def generate(n: int, out: Path, *, seed: int = 7, people: int = 400,
             sentences: tuple[int, int] = (8, 12)) -> tuple[Path, Path]:
    """Write ``n`` articles and their truth; returns (articles.jsonl, truth.jsonl)."""
    data = yaml.safe_load((DATA / "world.yaml").read_text())
    templates = yaml.safe_load((DATA / "templates.yaml").read_text())
    rng = random.Random(seed)
    world = build_world(rng, people, data)
    out.mkdir(parents=True, exist_ok=True)
    arts, truth = out / "articles.jsonl", out / "truth.jsonl"
    with arts.open("w", encoding="utf-8") as fa, truth.open("w", encoding="utf-8") as ft:
        for line in range(1, n + 1):
            record, t = make_article(rng, world, templates, line, sentences)
            fa.write(json.dumps(record, ensure_ascii=False) + "\n")
            ft.write(json.dumps(t, ensure_ascii=False) + "\n")
    return arts, truth


ROLE_SLOTS = ("perpetrator", "victim", "target")


def result_from_truth(record: dict[str, Any], truth: dict[str, Any], source: str = "corpus.jsonl") -> Any:
    """The ArticleResult a perfect analyser would produce for one generated article.

    Used to build large stores fast (no NLP) for query-latency and store-write benchmarks; the
    store still links entities across articles itself.
    """
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from newsgraph.ingest.clean import article_id
    from newsgraph.records import (
        Article,
        ArticleResult,
        Event,
        Evidence,
        LocalEntity,
        Mention,
        Relation,
        Role,
        Timex,
    )

    text = record["text"]
    article = Article(id=article_id(text), source=source, raw_text=text, text=text, title=record.get("title"),
                      publisher=record.get("publisher"), published=record.get("published"), line=truth["line"],
                      offsets=((0, 0, len(text)),))
    result = ArticleResult(article=article, pipeline_version="truth")
    start = 0
    for para in text.split("\n\n"):
        result.sentences.append((start, start + len(para.rstrip())))
        start += len(para) + 2
    sent_of = lambda pos: next(i for i, (a, b) in enumerate(result.sentences) if pos <= b)  # noqa: E731
    local: dict[str, int] = {}
    for m in sorted(truth["mentions"], key=lambda m: m["start"]):
        if m["entity"] not in local:
            local[m["entity"]] = len(result.entities)
            result.entities.append(LocalEntity(name=m["text"], type=m["type"]))
        ent = result.entities[local[m["entity"]]]
        if len(m["text"]) > len(ent.name):
            ent.name = m["text"]
        if m["text"] not in ent.aliases:
            ent.aliases.append(m["text"])
        ent.mentions.append(len(result.mentions))
        result.mentions.append(Mention(m["start"], m["end"], m["text"], m["type"], sent_of(m["start"]),
                                       local[m["entity"]]))

    def evidence(span: list[int]) -> Evidence:
        return Evidence(span[0], span[1], text[span[0]:span[1]], sent_of(span[0]))

    def first_mention(idx: int) -> Mention:
        return result.mentions[result.entities[idx].mentions[0]]

    for ev in truth["events"]:
        ev_span = evidence(ev["evidence"])
        roles = tuple(Role(r, first_mention(local[ev[r]]).text, first_mention(local[ev[r]]).start,
                           first_mention(local[ev[r]]).end, local[ev[r]])
                      for r in ROLE_SLOTS if ev.get(r) in local)
        date = Timex(ev_span.start, ev_span.end, ev_span.text, ev["date"], "day", record.get("published"),
                     ev_span.sentence) if ev.get("date") else None
        result.events.append(Event(ev["type"], ev.get("subtype", ""), ev_span, roles, date,
                                   local.get(ev.get("location", "")), ev.get("killed") if isinstance(ev.get("killed"), int) else None,
                                   evidence=(ev_span,)))
    for rel in truth["relations"]:
        if rel["subject"] in local and rel["object"] in local:
            result.relations.append(Relation(rel["type"], local[rel["subject"]], local[rel["object"]],
                                             (evidence(rel["evidence"]),)))
    return result


def _raw_to_clean(offsets: list[list[int]], raw: int) -> int | None:
    for clean_start, raw_start, length in offsets:
        if raw_start <= raw < raw_start + length:
            return clean_start + raw - raw_start
    return None


def score_resolution(db: str, truth_path: Path, entity_type: str = "PERSON") -> dict[str, float]:
    """B-cubed precision/recall of the store's ``entity_type`` clusters against the truth.

    Mentions are matched by exact span (truth offsets mapped through the cleaner's offsets);
    the clustering score is computed over matched mentions only, so NER misses do not count
    as clustering errors (``coverage`` reports them).
    """
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from newsgraph.evaluate.scoring import b_cubed
    from newsgraph.store import Store

    with Store(db, readonly=not db.startswith("postgres")) as store:
        arts = {r["line"]: (r["id"], json.loads(r["offsets"]))
                for r in store.query("SELECT id, line, offsets FROM articles WHERE line IS NOT NULL")}
        pred_of: dict[tuple[str, int, int], int] = {
            (r["article_id"], r["start"], r["end"]): r["entity_id"]
            for r in store.query('SELECT article_id, start, "end", entity_id FROM mentions WHERE type = ?',
                                 (entity_type,))}
    gold_clusters: dict[str, set] = defaultdict(set)
    pred_clusters: dict[int, set] = defaultdict(set)
    total = 0
    with Path(truth_path).open(encoding="utf-8") as f:
        for row in map(json.loads, f):
            if row["line"] not in arts:
                continue
            aid, offsets = arts[row["line"]]
            for m in row["mentions"]:
                if m["type"] != entity_type:
                    continue
                total += 1
                start, end = _raw_to_clean(offsets, m["start"]), _raw_to_clean(offsets, m["end"] - 1)
                key = (aid, start, end + 1 if end is not None else None)
                if key in pred_of:
                    gold_clusters[m["entity"]].add(key)
                    pred_clusters[pred_of[key]].add(key)
    scores = b_cubed(list(gold_clusters.values()), list(pred_clusters.values()))
    matched = sum(len(c) for c in gold_clusters.values())
    return {"precision": scores["p"], "recall": scores["r"],
            "coverage": matched / total if total else 0.0, "mentions": matched,
            "gold_entities": len(gold_clusters), "pred_entities": len(pred_clusters)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    gen = sub.add_parser("generate", help="write articles.jsonl and truth.jsonl")
    gen.add_argument("n", type=int)
    gen.add_argument("--seed", type=int, default=7)
    gen.add_argument("--people", type=int, default=400)
    gen.add_argument("--out", type=Path, default=Path("build/corpus"))
    sc = sub.add_parser("score", help="B-cubed of the store's PERSON clusters against the truth")
    sc.add_argument("--db", required=True)
    sc.add_argument("--truth", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.cmd == "generate":
        arts, truth = generate(args.n, args.out, seed=args.seed, people=args.people)
        print(f"wrote {args.n} articles to {arts} and their truth to {truth}")
    else:
        s = score_resolution(args.db, args.truth)
        print(f"PERSON clusters: B-cubed precision {s['precision']:.3f}, recall {s['recall']:.3f} "
              f"over {s['mentions']} matched mentions ({s['coverage']:.0%} of the truth's), "
              f"{s['pred_entities']} predicted vs {s['gold_entities']} true entities")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
