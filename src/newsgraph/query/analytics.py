"""Network analytics: who is central, which groups cluster, and what connections are new.

All functions read the actor network of :class:`newsgraph.query.graph.Graph` (relation facts between
entities; retracted facts left out) at a date of validity (``as_of``), collapsed to a simple
undirected graph whose edge weight is the number of relation facts between two actors.
Communities are Louvain (networkx, fixed seed, so runs repeat) on that weighted graph.

:func:`new_connections` answers "who splintered, regrouped or reconnected since DATE": every
relation first reported (or starting) on or after DATE, flagged when it links actors that the
network known before DATE kept in different connected components (``bridges_components``) or
in different communities (``bridges_communities``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx

from ..store import Store
from .facts import RelationFact
from .graph import Graph, holds_at, parse_as_of, period_start

SEED = 42  # Louvain is randomised; a fixed seed makes reports reproducible


def simple_graph(facts: list[RelationFact], names: dict[int, str], types: dict[int, str] | None = None) -> nx.Graph:
    """Undirected weighted graph of entity-to-entity relation facts (retracted ones left out)."""
    g = nx.Graph()
    for f in facts:
        if f.object_is_event or f.retracted or not f.polarity:
            continue
        u, v = f.subject, int(f.object)
        if u == v:
            continue
        for n in (u, v):
            if n not in g:
                g.add_node(n, name=names.get(n, str(n)), type=(types or {}).get(n))
        if g.has_edge(u, v):
            g[u][v]["weight"] += 1
            g[u][v]["relations"].append(f.id)
        else:
            g.add_edge(u, v, weight=1, relations=[f.id])
    return g


def _types(store: Store) -> dict[int, str]:
    return {e.id: e.type for e in store.entities()}


def network_at(store: Store, as_of: str | None = None) -> nx.Graph:
    """The simple actor graph holding on ``as_of`` (every fact when None)."""
    graph = Graph(store)
    day = parse_as_of(as_of)
    _, rels = graph.facts()
    return simple_graph([f for f in rels if day is None or holds_at(f, day)], graph.names(), _types(store))


def communities(g: nx.Graph) -> list[set[int]]:
    """Louvain communities, largest first (ties by smallest id, so the order is stable)."""
    if g.number_of_edges() == 0:
        return [{n} for n in sorted(g.nodes)]
    parts = nx.community.louvain_communities(g, weight="weight", seed=SEED)
    return sorted((set(p) for p in parts), key=lambda p: (-len(p), min(p)))


def community_of(parts: list[set[int]]) -> dict[int, int]:
    return {n: i for i, p in enumerate(parts) for n in p}


def centrality(store: Store, as_of: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Degree and betweenness centrality (normalised) and community of every actor, most
    central first."""
    g = network_at(store, as_of)
    if g.number_of_nodes() == 0:
        return []
    degree = nx.degree_centrality(g)
    between = nx.betweenness_centrality(g, normalized=True)
    comm = community_of(communities(g))
    rows = [{"id": n, "name": g.nodes[n]["name"], "type": g.nodes[n]["type"], "degree": g.degree(n),
             "degree_centrality": round(degree[n], 4), "betweenness": round(between[n], 4),
             "community": comm[n]} for n in g.nodes]
    rows.sort(key=lambda r: (-r["betweenness"], -r["degree"], r["name"]))
    return rows[:limit] if limit else rows


def community_table(store: Store, as_of: str | None = None) -> list[dict[str, Any]]:
    """Each community with its members (by degree) and internal edge count."""
    g = network_at(store, as_of)
    out = []
    for i, members in enumerate(communities(g)):
        sub = g.subgraph(members)
        ordered = sorted(members, key=lambda n: (-g.degree(n), g.nodes[n]["name"]))
        out.append({"community": i, "size": len(members), "edges": sub.number_of_edges(),
                    "members": [{"id": n, "name": g.nodes[n]["name"], "type": g.nodes[n]["type"]} for n in ordered]})
    return out


def new_connections(store: Store, since: str) -> list[dict[str, Any]]:
    """Relations first reported, or starting, on or after ``since``, each flagged by whether it
    joins actors the earlier network kept apart.

    The earlier network is every non-retracted relation reported before ``since`` that had not
    ended before it started (and not starting after it).  Each new edge says whether its ends
    were in that network at all (``new_actors``), in different connected components
    (``bridges_components``: reconnects separate networks) or in different communities
    (``bridges_communities``: links separate clusters of one network).
    """
    day = parse_as_of(since) or ""
    graph = Graph(store)
    _, rels = graph.facts()
    names, types = graph.names(), _types(store)
    before, after = [], []
    for f in rels:
        if f.object_is_event or f.retracted or not f.polarity:
            continue
        start = period_start(f.valid_from)
        reported = f.published
        if (reported and reported >= day) or (start and start >= day):
            after.append(f)
        elif reported or start:
            before.append(f)
    base = simple_graph(before, names, types)
    component = {n: i for i, comp in enumerate(nx.connected_components(base)) for n in comp}
    comm = community_of(communities(base))
    seen_pairs = {frozenset(e) for e in base.edges}
    out = []
    for f in sorted(after, key=lambda f: (f.published or "", f.valid_from or "", f.id)):
        u, v = f.subject, int(f.object)
        known = [n in base for n in (u, v)]
        out.append({
            "id": f.id, "type": f.type, "subtype": f.subtype, "subject": u, "subject_name": names.get(u, str(u)),
            "object": v, "object_name": names.get(v, str(v)), "modality": f.modality,
            "valid_from": f.valid_from, "valid_to": f.valid_to, "reported": f.published,
            "attributed_to": f.attributed_to, "evidence": f.evidence, "articles": f.articles,
            "new_pair": frozenset((u, v)) not in seen_pairs,
            "new_actors": [names.get(n, str(n)) for n, k in zip((u, v), known, strict=True) if not k],
            "bridges_components": all(known) and component[u] != component[v],
            "bridges_communities": all(known) and comm[u] != comm[v],
        })
    return out


def community_changes(store: Store, before: str, after: str) -> dict[str, Any]:
    """How communities at ``before`` map onto those at ``after``: a community whose members
    end up in several is ``split``; several that end up in one are ``merged``."""
    g0, g1 = network_at(store, before), network_at(store, after)
    c0, c1 = communities(g0), community_of(communities(g1))
    split, merged = [], defaultdict(list)
    for i, members in enumerate(c0):
        targets = {c1[n] for n in members if n in c1}
        names = sorted(g0.nodes[n]["name"] for n in members)
        if len(targets) > 1:
            split.append({"community": i, "members": names, "now_in": sorted(targets)})
        for t in targets:
            merged[t].append(i)
    return {"before": parse_as_of(before), "after": parse_as_of(after), "split": split,
            "merged": [{"community": t, "from": sorted(src)} for t, src in merged.items() if len(src) > 1],
            "actors_before": g0.number_of_nodes(), "actors_after": g1.number_of_nodes()}


def _neighbours(edges: list[dict[str, Any]]) -> dict[int, set[int]]:
    out: dict[int, set[int]] = defaultdict(set)
    for e in edges:
        u, v = e["subject"], int(e["object"])
        if u != v:
            out[u].add(v)
            out[v].add(u)
    return out


def _hops_from(start: int, neighbours: dict[int, set[int]], hops: int) -> dict[int, int]:
    """Node -> distance from ``start``, for nodes at most ``hops`` away."""
    dist = {start: 0}
    frontier = [start]
    for d in range(1, hops + 1):
        frontier = [m for n in frontier for m in neighbours.get(n, ()) if m not in dist]
        for m in frontier:
            dist.setdefault(m, d)
    return dist


def focus_view(net: dict[str, Any], top: int | None = None, focus: int | None = None, hops: int = 1,
               community: dict[int, int] | None = None) -> dict[str, Any]:
    """The part of a network (:meth:`Graph.network`) a reader can take in.

    ``focus``: the actor and those within ``hops`` relations of it (its ego network); ``top``:
    at most that many actors, the best connected first (degree: distinct neighbours in this
    network; then mentions), nearest to the focus first when both are given.  Edges are those
    between kept actors.  Every node gets its ``degree`` and, from ``community`` (actor ->
    community number, best computed once over all dates so colours hold across months), its
    ``community``; ``total_nodes`` and ``total_edges`` count the whole network.
    """
    neighbours = _neighbours(net["edges"])
    nodes = {n["id"]: {**n, "degree": len(neighbours.get(n["id"], ())),
                       "community": (community or {}).get(n["id"])} for n in net["nodes"]}
    dist = _hops_from(focus, neighbours, hops) if focus is not None else {}
    order = sorted(nodes.values(), key=lambda n: (dist.get(n["id"], 0), -n["degree"], -n["mentions"], n["id"]))
    if focus is not None:
        order = [n for n in order if n["id"] in dist]
    kept = order[:top] if top else order
    ids = {n["id"] for n in kept}
    edges = [e for e in net["edges"] if e["subject"] in ids and int(e["object"]) in ids]
    return {**net, "nodes": kept, "edges": edges, "total_nodes": len(nodes), "total_edges": len(net["edges"]),
            "focus": focus, "hops": hops if focus is not None else None, "top": top}


def all_time_communities(graph: Graph) -> dict[int, int]:
    """Actor -> community over every relation ever reported (Louvain, fixed seed): one colour
    per actor however the month changes."""
    g = simple_graph(graph.shown_relations(), graph.names())
    return community_of(communities(g))
