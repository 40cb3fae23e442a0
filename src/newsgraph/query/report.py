"""Briefing reports: one self-contained HTML file on what the press reported since a date.

The page holds a network picture (new connections in red), a timeline chart, the new
connections with whether they bridge previously separate groups, the most central actors, and
every cited fact: each event and relation with its evidence sentence, publisher and date.
Charts are PNGs drawn with matplotlib (Agg backend, no display needed) and inlined as base64,
the CSS is inline, so the file opens anywhere offline and can be mailed as is.  Every string
that comes from an article or the store passes through :func:`html.escape`.
"""

from __future__ import annotations

import base64
import io
from collections import Counter
from datetime import UTC, date, datetime
from html import escape
from pathlib import Path
from typing import Any

from ..store import Store
from . import analytics
from .graph import Graph, parse_as_of, period_start

CSS = """
body{font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;margin:0 auto;max-width:980px;
padding:24px;color:#1d2430;line-height:1.45}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;border-bottom:2px solid #e3e7ee;padding-bottom:4px;margin-top:32px}
.meta{color:#5b6472;font-size:14px}.cards{display:flex;gap:12px;margin:18px 0}
.card{flex:1;background:#f4f6fa;border-radius:8px;padding:10px 14px}.card b{display:block;font-size:24px}
figure{margin:12px 0}figure img{max-width:100%;border:1px solid #e3e7ee;border-radius:6px}
figcaption{font-size:13px;color:#5b6472}
table{border-collapse:collapse;width:100%;font-size:14px}th,td{text-align:left;padding:5px 8px;
border-bottom:1px solid #e3e7ee;vertical-align:top}th{background:#f4f6fa}
.fact{border-left:4px solid #8aa2c8;padding:6px 12px;margin:12px 0;background:#fafbfd}
.fact .what{font-weight:600}.fact blockquote{margin:6px 0;font-style:italic;color:#333}
.cite{font-size:13px;color:#5b6472}.tag{display:inline-block;font-size:12px;padding:1px 7px;border-radius:9px;
background:#e3e7ee;margin-left:6px}td.d{white-space:nowrap}.tag.warn{background:#fde2c8}.tag.new{background:#f8d0d0}
"""

_MODALITY_COLOURS = {"asserted": "#2b6cb0", "reported": "#3c9d5d", "believed": "#b7791f", "suspected": "#b7791f",
                     "speculated": "#c05621", "possible": "#c05621", "denied": "#9b2c2c", "negated": "#718096"}


def _png(fig: Any) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")  # files only, never a window
    import matplotlib.pyplot as plt

    return plt


def network_png(store: Store, new_ids: set[str]) -> str | None:
    """The actor network (every reported, non-retracted relation): node colour is the
    community, node size the degree, red edges are new since the report date."""
    import networkx as nx

    g = analytics.network_at(store)
    if g.number_of_nodes() == 0:
        return None
    plt = _pyplot()
    comm = analytics.community_of(analytics.communities(g))
    pos = nx.spring_layout(g, seed=analytics.SEED, k=1.6 / max(1, g.number_of_nodes()) ** 0.5, weight=None)
    fig, ax = plt.subplots(figsize=(9.5, 6.5))
    palette = plt.get_cmap("tab10")
    new_edges = [(u, v) for u, v, d in g.edges(data=True) if set(d["relations"]) & new_ids]
    old_edges = [(u, v) for u, v in g.edges if (u, v) not in new_edges]
    nx.draw_networkx_edges(g, pos, edgelist=old_edges, ax=ax, edge_color="#9aa5b4", width=1.4)
    nx.draw_networkx_edges(g, pos, edgelist=new_edges, ax=ax, edge_color="#d62728", width=2.4)
    nx.draw_networkx_nodes(g, pos, ax=ax, node_color=[palette(comm[n] % 10) for n in g.nodes],
                           node_size=[220 + 160 * g.degree(n) for n in g.nodes], alpha=0.9)
    nx.draw_networkx_labels(g, pos, labels={n: g.nodes[n]["name"] for n in g.nodes}, ax=ax, font_size=8)
    ax.set_axis_off()
    ax.margins(0.12)
    return _png(fig)



def timeline_png(items: list[dict[str, Any]], since: str) -> str | None:
    """Dated events and relation starts on one axis per kind, coloured by modality, with the
    report date as a dashed line."""
    dated = [i for i in items if i.get("day")]
    if not dated:
        return None
    plt = _pyplot()
    import matplotlib.dates as mdates

    lanes = sorted({i["lane"] for i in dated})
    fig, ax = plt.subplots(figsize=(9.5, 0.6 + 0.45 * max(3, len(lanes))))
    for i in dated:
        ax.scatter(date.fromisoformat(i["day"]), lanes.index(i["lane"]), s=70, alpha=0.85,
                   color=_MODALITY_COLOURS.get(i["modality"], "#4a5568"), edgecolor="white", zorder=3)
    ax.axvline(date.fromisoformat(since), color="#d62728", linestyle="--", linewidth=1.2)
    ax.set_yticks(range(len(lanes)), lanes, fontsize=8)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    ax.grid(axis="x", color="#e3e7ee")
    ax.set_ylim(-0.7, len(lanes) - 0.3)
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)
    handles = [plt.Line2D([], [], marker="o", linestyle="", color=c, label=m)
               for m, c in _MODALITY_COLOURS.items() if any(i["modality"] == m for i in dated)]
    ax.legend(handles=handles, fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return _png(fig)


def _articles(store: Store) -> dict[str, dict[str, Any]]:
    return {a.id: {"title": a.title, "publisher": a.publisher, "url": a.url, "published": a.date,
                   "inferred": a.published is None}
            for a in store.article_heads()}


def _cite(ev: dict[str, Any], arts: dict[str, dict[str, Any]]) -> str:
    """One evidence sentence, quoted, with publisher, title and date."""
    a = arts.get(ev["article_id"], {})
    when = a.get("published") or "date unknown"
    if a.get("inferred") and a.get("published"):
        when = f"not before {when}"
    title = f" “{escape(a['title'])}”" if a.get("title") else ""
    return (f"<blockquote>{escape(' '.join(ev['text'].split()))}</blockquote>"
            f"<div class='cite'>{escape(a.get('publisher') or 'unknown publisher')},{title} {escape(when)}"
            f" · article {escape(ev['article_id'])} [{ev['start']}:{ev['end']}]</div>")


def _fact_html(what: str, tags: list[tuple[str, str]], evidence: list[dict[str, Any]],
               arts: dict[str, dict[str, Any]], limit: int = 3) -> str:
    tag_html = "".join(f"<span class='tag {cls}'>{escape(t)}</span>" for t, cls in tags)
    cites = "".join(_cite(ev, arts) for ev in evidence[:limit])
    more = f"<div class='cite'>and {len(evidence) - limit} more passages</div>" if len(evidence) > limit else ""
    return f"<div class='fact'><div class='what'>{escape(what)}{tag_html}</div>{cites}{more}</div>"


def _modality_tags(modality: str, attributed_to: str | None, retracted: bool = False,
                   polarity: bool = True) -> list[tuple[str, str]]:
    tags = [(modality, "" if modality == "asserted" else "warn")]
    if attributed_to:
        tags.append((f"according to {attributed_to}", ""))
    if not polarity:
        tags.append(("negated", "warn"))
    if retracted:
        tags.append(("retracted by a correction", "warn"))
    return tags


def _event_what(ev: dict[str, Any]) -> str:
    parts = [ev["subtype"].replace("_", " ")]
    for role in ("perpetrator", "actor", "target", "victim"):
        fillers = sorted({r["entity_name"] or r["text"] for r in ev["roles"] if r["role"] == role})
        if fillers:
            parts.append(f"{role}: {', '.join(fillers)}")
    if ev.get("location_name"):
        parts.append(f"in {ev['location_name']}")
    if ev.get("killed"):
        parts.append(f"{ev['killed']} killed")
    if ev.get("date"):
        parts.append(f"date {ev['date']['value']}")
    return "; ".join(parts)


def build_report(store: Store, since: str, title: str | None = None) -> str:
    """The briefing as one HTML string: everything reported (or dated) on or after ``since``."""
    day = parse_as_of(since)
    if day is None:
        raise ValueError("since is required")
    graph = Graph(store)
    arts = _articles(store)
    names = graph.names()
    events_all = graph.events(limit=1_000_000)
    _, rels = graph.facts()

    def is_new(published: str | None, start: str | None) -> bool:
        return bool((published and published >= day) or (start and start >= day))

    events = [e for e in events_all if is_new(e["published"], period_start((e["date"] or {}).get("value")))]
    relations = [graph._relation_dict(f, names, {}) for f in rels
                 if is_new(f.published, period_start(f.valid_from))]
    new_conn = analytics.new_connections(store, day)
    central = analytics.centrality(store, limit=10)
    new_articles = [a for a in arts.values() if a["published"] and a["published"] >= day]

    timeline: list[dict[str, Any]] = []
    for e in events_all:
        timeline.append({"day": period_start((e["date"] or {}).get("value")) or e["published"],
                         "lane": f"event: {e['type']}", "modality": e["modality"]})
    for f in rels:
        timeline.append({"day": period_start(f.valid_from) or f.published, "lane": f"relation: {f.type}",
                         "modality": f.modality})
    net_png = network_png(store, {c["id"] for c in new_conn})
    time_png = timeline_png(timeline, day)

    title = title or f"newsgraph brief: since {day}"
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    h: list[str] = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f"<div class='meta'>Store {escape(Path(store.path).name)} · generated {generated} · "
        "every statement below is cited to the passage that supports it; modality and source are "
        "as the articles give them.</div>",
        "<div class='cards'>",
        f"<div class='card'><b>{len(new_articles)}</b>articles since {escape(day)}</div>",
        f"<div class='card'><b>{len(events)}</b>events</div>",
        f"<div class='card'><b>{len(relations)}</b>relations</div>",
        f"<div class='card'><b>{sum(1 for c in new_conn if c['bridges_components'] or c['bridges_communities'])}"
        "</b>connections bridging groups</div>",
        "</div>",
    ]
    if net_png:
        h.append(f"<h2>Network</h2><figure><img alt='actor network' src='{net_png}'><figcaption>Actors linked by "
                 "reported relations; colour is the community, size the number of links, "
                 f"<span style='color:#d62728'>red</span> links were first reported on or after {escape(day)}."
                 "</figcaption></figure>")
    if time_png:
        h.append(f"<h2>Timeline</h2><figure><img alt='timeline' src='{time_png}'><figcaption>Events (by their date, "
                 "else the report date) and relation starts; the dashed line is "
                 f"{escape(day)}.</figcaption></figure>")
    h.append("<h2>New connections</h2>")
    if new_conn:
        h.append("<table><tr><th>relation</th><th>reported</th><th>what it changes</th></tr>")
        for c in new_conn:
            notes = []
            if c["bridges_components"]:
                notes.append("reconnects networks that were separate")
            elif c["bridges_communities"]:
                notes.append("links two different clusters")
            if c["new_actors"]:
                notes.append("new actor(s): " + ", ".join(c["new_actors"]))
            if not notes:
                notes.append("within an existing cluster")
            kind = c["type"] + (f"/{c['subtype']}" if c["subtype"] else "")
            h.append(f"<tr><td>{escape(c['subject_name'])} <i>{escape(kind)}</i> {escape(c['object_name'])}"
                     f" <span class='tag'>{escape(c['modality'])}</span></td><td class='d'>{escape(c['reported'] or '?')}</td>"
                     f"<td>{escape('; '.join(notes))}</td></tr>")
        h.append("</table>")
    else:
        h.append(f"<p>No relation first reported on or after {escape(day)}.</p>")
    if central:
        h.append("<h2>Key actors</h2><table><tr><th>actor</th><th>type</th><th>links</th>"
                 "<th>betweenness</th><th>community</th></tr>")
        for r in central:
            h.append(f"<tr><td>{escape(r['name'])}</td><td>{escape(r['type'] or '')}</td><td>{r['degree']}</td>"
                     f"<td>{r['betweenness']:.3f}</td><td>{r['community']}</td></tr>")
        h.append("</table>")
    h.append(f"<h2>Events ({len(events)})</h2>")
    for e in sorted(events, key=lambda e: (period_start((e["date"] or {}).get("value")) or e["published"] or "9999")):
        h.append(_fact_html(_event_what(e), _modality_tags(e["modality"], e["attributed_to"], polarity=e["polarity"]),
                            e["evidence"], arts))
    h.append(f"<h2>Relations ({len(relations)})</h2>")
    for r in relations:
        h.append(_fact_html(r["summary"], _modality_tags(r["modality"], r["attributed_to"], r["retracted"],
                                                         r["polarity"]), r["evidence"], arts))
    sources = Counter(a["publisher"] or "unknown" for a in new_articles)
    h.append("<h2>Sources</h2><ul>")
    for a_id, a in sorted(arts.items(), key=lambda kv: kv[1]["published"] or ""):
        if a["published"] and a["published"] >= day:
            h.append(f"<li>{escape(a['publisher'] or 'unknown')}, {escape(a['published'])}: "
                     f"{escape(a['title'] or a_id)}</li>")
    h.append(f"</ul><div class='meta'>{escape(', '.join(f'{k}: {v}' for k, v in sources.most_common()))}</div>")
    h.append("</body></html>")
    return "\n".join(h)


def write_report(store: Store, since: str, out: str | Path, title: str | None = None) -> Path:
    """Write :func:`build_report` to ``out`` (UTF-8) and return its path."""
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(build_report(store, since, title), encoding="utf-8")
    return path
