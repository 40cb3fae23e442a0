"""Queries and analytics over the store: profiles, timelines, the network as of a date, paths.

Two time axes: ``as_of`` asks when a fact held in the world (its validity interval);
``known_as_of`` asks what the press had reported by then (publication dates of the evidence).

What is expensive to derive (the facts, networkx graphs, a server's answers) lives in a
:class:`ReadModel`: one per version of the store's data, which many :class:`Graph` objects -- one
per thread and connection in the web server -- share, so it is built once, not once per thread.
"""

from __future__ import annotations

import calendar
import threading
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import networkx as nx

from ..errors import NewsgraphError, echo
from ..periods import ISO_DATE, period_end, period_start
from ..store import Store
from .facts import (
    EventFact,
    RelationFact,
    event_facts,
    fold_inverses,
    held_from,
    pair_key,
    relation_facts,
)

ACTOR_TYPES = ("PERSON", "ARMED_GROUP", "ORGANIZATION", "GOVERNMENT", "MEDIA")
T = TypeVar("T")


def parse_as_of(value: str | None) -> str | None:
    """Validate an as-of date (YYYY, YYYY-MM or YYYY-MM-DD) and return it as a full day."""
    if value is None:
        return None
    m = ISO_DATE.match(value.strip())
    if not m or m.end() != len(value.strip()):
        raise NewsgraphError(f"malformed date {echo(value)}: use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    if not (1 <= month <= 12) or not (1 <= day <= calendar.monthrange(year, month)[1]):
        raise NewsgraphError(f"malformed date {echo(value)}: no such day")
    return f"{year:04d}-{month:02d}-{day:02d}"


def holds_at(fact: RelationFact, as_of: str) -> bool:
    """Whether a relation held on ``as_of``, as far as the archive knows: from its stated start
    or, when the text gives none, from its first report (:func:`newsgraph.query.facts.held_from`), to
    the end of its ``valid_to`` period."""
    start = held_from(fact.valid_from, fact.valid_to, fact.published)
    end = period_end(fact.valid_to)
    if start and as_of < start:
        return False
    return not (end and as_of > end)


class ReadModel:
    """Values derived from one version of a store's data, built once and shared by threads.

    :meth:`get` builds a value on first use; concurrent callers of the same key wait for that
    one build instead of each building (a lock per key, so a slow build blocks only its own
    key).  Values are read-only by convention.  At most :attr:`max_entries` values are kept
    (the least recently used go first; the facts stay), so per-date and per-request entries
    cannot grow without bound.  ``builds`` counts builds per key kind, for tests and benchmarks.
    """

    PINNED = ("facts", "shown", "names", "types", "events_by_id", "mention_counts")

    def __init__(self, max_entries: int = 512) -> None:
        self.max_entries = max_entries
        self.builds: Counter[Hashable] = Counter()
        self._values: OrderedDict[tuple[Hashable, ...], Any] = OrderedDict()
        self._locks: dict[tuple[Hashable, ...], threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple[Hashable, ...], build: Callable[[], T]) -> T:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]  # type: ignore[no-any-return]
            key_lock = self._locks.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                if key in self._values:  # built while this caller waited
                    return self._values[key]  # type: ignore[no-any-return]
            built = False
            try:
                value = build()
                built = True
            finally:  # a failed build (an unknown name) leaves no lock behind
                with self._lock:
                    self._locks.pop(key, None)
                    if built:
                        self._values[key] = value
                        self.builds[key[0]] += 1
                        self._evict()
            return value

    def _evict(self) -> None:
        for old in list(self._values):
            if len(self._values) <= self.max_entries:
                return
            if old[0] not in self.PINNED:
                del self._values[old]


class Graph:
    """Read-side API over a :class:`Store`; ``model`` shares derived values with other Graphs
    over the same data (the web server's threads), else each Graph keeps its own."""

    def __init__(self, store: Store, model: ReadModel | None = None) -> None:
        self.store = store
        self.model = model if model is not None else ReadModel()

    def memo(self, key: tuple[Hashable, ...], build: Callable[[], T]) -> T:
        """``build()``, once per data version and ``key`` (see :class:`ReadModel`)."""
        return self.model.get(key, build)

    # -- entities ---------------------------------------------------------------------------
    def facts(self) -> tuple[list[EventFact], list[RelationFact]]:
        return self.memo(("facts",), self._build_facts)

    def _build_facts(self) -> tuple[list[EventFact], list[RelationFact]]:
        """The stored facts (the store keeps them current: nothing is aggregated here)."""
        return event_facts(self.store), relation_facts(self.store)

    def shown_relations(self) -> list[RelationFact]:
        """The relation facts as a reader sees them: an inverse ("X killed_by Y") or symmetric
        twin folded into one fact with the claims of both (:func:`newsgraph.query.facts.fold_inverses`)."""
        return self.memo(("shown",), lambda: fold_inverses(self.facts()[1]))

    def entity_id(self, name: str | int) -> int:
        """Resolve an id, a canonical name or an alias (case- and punctuation-insensitive)."""
        return self.store.entity_id(name)

    def entities(self, type: str | None = None, search: str | None = None, limit: int = 100,
                 offset: int = 0) -> list[dict[str, Any]]:
        found = self.store.entity_summaries(types=[type.upper()] if type else None, search=search,
                                            limit=limit, offset=offset)
        aliases = self.store.aliases_of([e.id for e in found])
        return [{"id": e.id, "name": e.name, "type": e.type, "kb_id": e.kb_id, "mentions": e.mentions,
                 "articles": e.articles, "aliases": aliases.get(e.id, [])} for e in found]

    def top_entities(self, limit: int = 10, types: tuple[str, ...] = ACTOR_TYPES) -> list[dict[str, Any]]:
        return [{"id": e.id, "name": e.name, "type": e.type, "mentions": e.mentions, "articles": e.articles}
                for e in self.store.entity_summaries(types=types, mentioned=True, limit=limit)]

    def names(self) -> dict[int, str]:
        """Entity id -> name, read once per data version (shared: never modify it)."""
        return self.memo(("names",), lambda: {e.id: e.name for e in self.store.entities()})

    def _types(self) -> dict[int, str]:
        return self.memo(("types",), lambda: {e.id: e.type for e in self.store.entities()})

    def _mention_counts(self) -> dict[int, int]:
        return self.memo(("mention_counts",), lambda: {
            e.id: e.mentions for e in self.store.entity_summaries(mentioned=True)})

    def _events_by_id(self) -> dict[str, EventFact]:
        return self.memo(("events_by_id",), lambda: {e.id: e for e in self.facts()[0]})

    def profile(self, name: str | int) -> dict[str, Any]:
        eid = self.entity_id(name)
        rec = self.store.entity_record(eid)
        arts: dict[str, dict[str, Any]] = {}
        for m in self.store.mentions_in_context(eid):
            art = arts.setdefault(m.article_id, {
                "id": m.article_id, "title": m.title, "publisher": m.publisher, "published": m.published,
                "published_range": [m.published_from, m.published_to] if m.published_from else None,
                "mentions": []})
            art["mentions"].append({"start": m.start, "end": m.end, "text": m.text, "type": m.type,
                                    "sentence": m.sentence, "sentence_text": " ".join(m.sentence_text.split())})
        links = [{"article_id": k.article_id, "local_name": k.local_name, "reason": k.reason}
                 for k in self.store.entity_links(eid)]
        quotes = [{"article_id": q.article_id, "cue": q.cue, "content": q.content, "start": q.start, "end": q.end}
                  for q in self.store.quotes_by(eid)]
        return {
            "id": eid, "name": rec.name, "type": rec.type, "kb_id": rec.kb_id, "aliases": list(rec.aliases),
            "mention_count": rec.mention_count, "articles": list(arts.values()), "links": links,
            "relations": self.relations(eid), "quotes": quotes,
        }

    # -- facts ------------------------------------------------------------------------------
    def _relation_dict(self, f: RelationFact, names: dict[int, str], events: dict[str, EventFact]) -> dict[str, Any]:
        # an event object reads as what happened ("suicide attack"); its id stays in ``object``
        obj_name = (events[f.object].subtype.replace("_", " ") if f.object_is_event and f.object in events
                    else names.get(f.object, str(f.object)) if not f.object_is_event and isinstance(f.object, int)
                    else str(f.object))
        kind = f"{f.type}{'/' + f.subtype if f.subtype else ''}"
        neg = "" if f.polarity else "NOT "
        when = ""
        if f.valid_from or f.valid_to:
            when = f" [{f.valid_from or '…'} – {f.valid_to or '…'}]"
        flags = f" ({f.modality}{', retracted' if f.retracted else ''}"
        flags += f", according to {f.attributed_to})" if f.attributed_to else ")"
        return {
            "id": f.id, "type": f.type, "subtype": f.subtype, "subject": f.subject,
            "subject_name": names.get(f.subject, str(f.subject)), "object": f.object, "object_name": obj_name,
            "object_is_event": f.object_is_event, "polarity": f.polarity, "modality": f.modality,
            "valid_from": f.valid_from, "valid_to": f.valid_to, "attributed_to": f.attributed_to,
            "retracted": f.retracted, "published": f.published, "evidence": f.evidence, "articles": f.articles,
            "summary": f"{names.get(f.subject, f.subject)} {neg}{kind} {obj_name}{when}{flags}",
        }

    def relations(self, name: str | int, as_of: str | None = None) -> list[dict[str, Any]]:
        eid = self.entity_id(name)
        day = parse_as_of(as_of)
        names, by_id = self.names(), self._events_by_id()
        return [self._relation_dict(f, names, by_id) for f in self.shown_relations()
                if eid in (f.subject, f.object) and (day is None or holds_at(f, day))]

    def event_dict(self, f: EventFact, names: dict[int, str]) -> dict[str, Any]:
        return {
            "id": f.id, "type": f.type, "subtype": f.subtype, "date": f.date, "location": f.location,
            "location_name": names.get(f.location) if f.location is not None else None,
            "killed": f.killed, "injured": f.injured, "modality": f.modality, "polarity": f.polarity,
            "attributed_to": f.attributed_to,
            "roles": [{**r, "entity_name": names.get(r["entity_id"])} for r in f.roles],
            "evidence": f.evidence, "articles": f.articles, "published": f.published,
        }

    def events(self, name: str | int | None = None, limit: int = 1000) -> list[dict[str, Any]]:
        events, _ = self.facts()
        names = self.names()
        eid = self.entity_id(name) if name is not None else None
        out = [self.event_dict(f, names) for f in events
               if eid is None or f.location == eid or any(r["entity_id"] == eid for r in f.roles)]
        return out[:limit]

    def timeline(self, name: str | int) -> list[dict[str, Any]]:
        """Dated events and relation changes of one entity, oldest first (undated last)."""
        eid = self.entity_id(name)
        items: list[dict[str, Any]] = []
        for ev in self.events(eid):
            items.append({"date": (ev["date"] or {}).get("value"), "kind": "event",
                          "summary": _event_summary(ev), "modality": ev["modality"], "id": ev["id"],
                          "evidence": ev["evidence"]})
        for rel in self.relations(eid):
            if rel["valid_from"]:
                items.append({"date": rel["valid_from"], "kind": "relation_start", "summary": "from: " + rel["summary"],
                              "modality": rel["modality"], "id": rel["id"], "evidence": rel["evidence"],
                              "relation": rel})
            if rel["valid_to"]:
                items.append({"date": rel["valid_to"], "kind": "relation_end", "summary": "until: " + rel["summary"],
                              "modality": rel["modality"], "id": rel["id"], "evidence": rel["evidence"],
                              "relation": rel})
        items.sort(key=lambda i: (i["date"] is None, i["date"] or ""))
        return items

    def network(self, as_of: str | None = None, types: list[str] | None = None,
                known_as_of: str | None = None, include_retracted: bool = False) -> dict[str, Any]:
        """Nodes and edges of the actor network at a date (validity) and/or as reported by a date."""
        day, known = parse_as_of(as_of), parse_as_of(known_as_of)
        rels = self.shown_relations()
        edges = []
        node_ids: set[int] = set()
        names = self.names()
        for f in rels:
            if f.object_is_event:
                continue
            if types and f.type not in types:
                continue
            if f.retracted and not include_retracted:
                continue
            if day and not holds_at(f, day):
                continue
            if known and (f.published or "9999") > known:
                continue
            edges.append(self._relation_dict(f, names, {}))
            node_ids.update((f.subject, int(f.object)))
        # from values read once per data version: a query with one parameter per node costs more
        # to build (a new statement for each count of nodes) than it takes to run
        kinds, counts = self._types(), self._mention_counts()
        nodes = [{"id": i, "name": names[i], "type": kinds[i], "mentions": counts.get(i, 0)}
                 for i in sorted(node_ids) if i in names]
        return {"as_of": day, "known_as_of": known, "nodes": nodes, "edges": edges}

    def nx_graph(self, as_of: str | None = None) -> nx.MultiGraph:
        """The as-of network as a networkx graph, built once per date and data version."""
        return self.memo(("nx", parse_as_of(as_of)), lambda: self._build_nx(as_of))

    def _build_nx(self, as_of: str | None) -> nx.MultiGraph:
        net = self.network(as_of)
        g = nx.MultiGraph()
        for n in net["nodes"]:
            g.add_node(n["id"], **n)
        for e in net["edges"]:
            g.add_edge(e["subject"], e["object"], key=e["id"], **e)
        return g

    def path(self, a: str | int, b: str | int, as_of: str | None = None, limit: int = 3) -> list[list[dict[str, Any]]]:
        """Shortest chains of relations between two actors, each hop with its evidence."""
        src, dst = self.entity_id(a), self.entity_id(b)
        g = self.nx_graph(as_of)
        if src not in g or dst not in g:
            return []
        simple = nx.Graph(g.edges())
        paths = []
        try:
            for nodes in nx.all_shortest_paths(simple, src, dst):
                hops = []
                for u, v in zip(nodes, nodes[1:], strict=False):
                    data = min(g.get_edge_data(u, v).values(), key=lambda d: d["modality"] != "asserted")
                    hops.append(data)
                paths.append(hops)
                if len(paths) >= limit:
                    break
        except nx.NetworkXNoPath:
            return []
        return paths

    def conflicts(self) -> list[dict[str, Any]]:
        """Claims that disagree across sources: polarity, retraction or modality differ for one relation,
        or different death tolls / perpetrators for one event."""
        events, rels = self.facts()
        names = self.names()
        groups: dict[tuple[Any, ...], list[RelationFact]] = defaultdict(list)
        for f in rels:
            groups[pair_key(f)].append(f)
        out = []
        for (rtype, sub, _a, _b), facts in groups.items():
            stances = {(f.polarity and not f.retracted) for f in facts}
            if len(stances) > 1:
                out.append({"kind": "relation", "type": rtype, "subtype": sub,
                            "claims": [self._relation_dict(f, names, {}) for f in facts]})
        for ev in events:
            tolls = {c for c in _claim_tolls(self.store, ev.claims) if c is not None}
            if len(tolls) > 1:
                out.append({"kind": "event_toll", "event": self.event_dict(ev, names), "killed": sorted(tolls)})
        out.extend(self._competing(rels, names))
        return out

    def _competing(self, rels: list[RelationFact], names: dict[Any, str]) -> list[dict[str, Any]]:
        """Sources that name different culprits for one event ("responsibility"), or different
        leaders of one group over overlapping periods ("leadership"): both claims stand, side
        by side, with their sources."""
        out: list[dict[str, Any]] = []
        live = [f for f in rels if f.polarity and not f.retracted]
        culprits: dict[Any, list[RelationFact]] = defaultdict(list)
        leaders: dict[Any, list[RelationFact]] = defaultdict(list)
        for f in live:
            if f.type == "responsible_for" and f.object_is_event:
                culprits[f.object].append(f)
            elif f.type == "leads" and not f.object_is_event:
                leaders[f.object].append(f)
        types = self._types()
        for facts in culprits.values():
            # a bomber and the group behind him do not compete; two groups (or states) do
            groups = [f for f in facts if types.get(f.subject) != "PERSON"]
            if len({f.subject for f in groups}) > 1:
                facts = groups
                out.append({"kind": "responsibility", "type": "responsible_for", "subtype": None,
                            "claims": [self._relation_dict(f, names, {}) for f in facts]})
        for facts in leaders.values():
            rivals = [(a, b) for i, a in enumerate(facts) for b in facts[i + 1:]
                      if a.subject != b.subject and _periods_overlap(a, b)]
            if rivals:
                involved = list({f.id: f for pair in rivals for f in pair}.values())
                out.append({"kind": "leadership", "type": "leads", "subtype": None,
                            "claims": [self._relation_dict(f, names, {}) for f in involved]})
        return out


def _periods_overlap(a: RelationFact, b: RelationFact) -> bool:
    """Whether two relations held at once.  A relation ends during its ``valid_to`` period, so
    one ending in August 2009 and one starting in August 2009 are a succession; open ends
    overlap anything, and two claims that say nothing of time are about the same time."""
    a_from, a_to = period_start(a.valid_from) or "0000", period_start(a.valid_to) or "9999"
    b_from, b_to = period_start(b.valid_from) or "0000", period_start(b.valid_to) or "9999"
    return a_from < b_to and b_from < a_to


def _claim_tolls(store: Store, claims: list[str]) -> list[int | None]:
    return store.event_tolls(claims)


def _event_summary(ev: dict[str, Any]) -> str:
    parts = [ev["subtype"].replace("_", " ")]
    for role in ("perpetrator", "actor", "target", "victim"):
        fillers = sorted({r["entity_name"] or r["text"] for r in ev["roles"] if r["role"] == role})
        if fillers:
            parts.append(f"{role}: {', '.join(fillers)}")
    if ev["location_name"]:
        parts.append(f"in {ev['location_name']}")
    if ev["killed"]:
        parts.append(f"{ev['killed']} killed")
    return "; ".join(parts)
