"""The command line: a thin layer over the library.  Domain errors become one line and exit 1."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .errors import NewsgraphError
from .settings import load_settings

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="newsgraph: a time-aware, source-cited graph of who did what to whom, from news articles.")
eval_app = typer.Typer(no_args_is_help=True, help="Score extraction against gold annotations and benchmarks.")
kb_app = typer.Typer(no_args_is_help=True, help="Manage the knowledge base (actor dictionaries and aliases).")
app.add_typer(kb_app, name="kb")
app.add_typer(eval_app, name="eval")

console = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

DB_OPTION = typer.Option(None, "--db", help="Store: a SQLite file path or postgresql://user@host/db. "
                         "Default: ./newsgraph.db or the settings' db.")
JSON_OPTION = typer.Option(False, "--json", help="Print JSON instead of a table.")
def _decided(decision: Any) -> None:
    console.print(decision.summary, highlight=False)


BY_OPTION = typer.Option(None, "--by", help="Who takes the decision (default: $USER).")
WHY_OPTION = typer.Option(None, "--why", help="Why: kept with the decision.")


def _settings(db: str | None, **overrides: Any):
    return load_settings(db=db, **overrides)


def _open(db: str | None, readonly: bool = True):
    from .store import Store

    return Store(_settings(db).db, readonly=readonly)


def _print_json(data: Any) -> None:
    console.print_json(json.dumps(data, ensure_ascii=False, default=str))


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files, folders (recursive) or - for stdin: .txt, .html, .htm, .jsonl."),
    db: str = DB_OPTION,
    published: str = typer.Option(None, "--published", help="Publication date YYYY-MM-DD for all inputs."),
    publisher: str = typer.Option(None, "--publisher", help="Publisher name for all inputs."),
    replace: bool = typer.Option(False, "--replace", help="Re-analyse articles already in the store."),
    model: str = typer.Option(None, "--model", help="spaCy pipeline to use (package name or path)."),
    workers: int = typer.Option(None, "--workers", "-w", min=1, help="Worker processes for analysis."),
    executor: str = typer.Option("local", "--executor", help="local (worker processes) or ray (Ray Data actors; "
                                 "RAY_ADDRESS or the ray_address setting picks the cluster, else a local Ray "
                                 "with --workers CPUs)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Read, clean and analyse articles into the store. Bad files are recorded and skipped."""
    from datetime import date

    from .pipeline import ingest as run_ingest

    if published:
        try:
            date.fromisoformat(published)
        except ValueError:
            raise NewsgraphError(f"--published {published!r}: use YYYY-MM-DD") from None
    settings = _settings(db, model=model, workers=workers,
                         **({"executor": executor} if executor != "local" else {}))
    with Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                  TimeElapsedColumn(), console=err, disable=quiet, transient=True) as progress:
        task = progress.add_task("", total=None)

        def tick(report, source: str) -> None:
            progress.update(task, completed=report.seen,
                            description=f"{report.added} new, {report.failed} failed  {Path(source).name[:40]}")

        report = run_ingest(paths, settings=settings, published=published, publisher=publisher,
                            replace_existing=replace, stdin=sys.stdin if "-" in paths else None, progress=tick)
    for f in report.failures:
        err.print(f"[red]error[/red] {f.source}{':' + str(f.line) if f.line else ''}: {f.reason}", highlight=False)
    from .store import redact_url

    console.print(f"{report.added} articles added, {report.unchanged} unchanged, "
                  f"{report.duplicates} near-duplicates linked, {report.failed} failed "
                  f"-> {redact_url(settings.db)}")


@app.command()
def stats(db: str = DB_OPTION, as_json: bool = JSON_OPTION, top: int = typer.Option(10, help="Top actors to list.")) -> None:
    """Summary of the store: articles, entities by type, top actors by mentions."""
    from .query.graph import Graph

    with _open(db) as store:
        data = store.stats()
        data["top_actors"] = Graph(store).top_entities(limit=top)
    if as_json:
        _print_json(data)
        return
    t = Table(title="newsgraph store")
    t.add_column("what")
    t.add_column("count", justify="right")
    for key in ("articles", "entities", "mentions", "events", "relations", "quotes", "timexes", "duplicates",
                "failures"):
        t.add_row(key, str(data[key]))
    console.print(t)
    t = Table(title="entities by type")
    t.add_column("type")
    t.add_column("entities", justify="right")
    for k, v in data["entities_by_type"].items():
        t.add_row(k, str(v))
    console.print(t)
    t = Table(title=f"top {top} actors")
    t.add_column("entity")
    t.add_column("type")
    t.add_column("mentions", justify="right")
    t.add_column("articles", justify="right")
    for e in data["top_actors"]:
        t.add_row(e["name"], e["type"], str(e["mentions"]), str(e["articles"]))
    console.print(t)


@app.command()
def entities(
    db: str = DB_OPTION,
    type: str = typer.Option(None, "--type", "-t", help="Only this type (PERSON, ARMED_GROUP, ...)."),
    search: str = typer.Option(None, "--search", "-s", help="Name or alias contains this."),
    limit: int = typer.Option(100, help="At most this many rows."),
    as_json: bool = JSON_OPTION,
) -> None:
    """List entities with their type, aliases and mention counts."""
    from .query.graph import Graph

    with _open(db) as store:
        rows = Graph(store).entities(type=type, search=search, limit=limit)
    if as_json:
        _print_json(rows)
        return
    t = Table()
    for col in ("id", "name", "type", "mentions", "articles", "aliases"):
        t.add_column(col)
    for r in rows:
        t.add_row(str(r["id"]), r["name"], r["type"], str(r["mentions"]), str(r["articles"]),
                  ", ".join(a for a in r["aliases"] if a != r["name"])[:80])
    console.print(t)


@app.command()
def show(name: str = typer.Argument(..., help="Entity name, alias or id."), db: str = DB_OPTION,
         as_json: bool = JSON_OPTION) -> None:
    """Profile of one entity: type, aliases, articles, and each mention with its sentence."""
    from .query.graph import Graph

    with _open(db) as store:
        profile = Graph(store).profile(name)
    if as_json:
        _print_json(profile)
        return
    console.print(f"[bold]{profile['name']}[/bold]  ({profile['type']}, id {profile['id']}"
                  f"{', kb ' + profile['kb_id'] if profile['kb_id'] else ''})", highlight=False)
    console.print("aliases: " + ", ".join(profile["aliases"]), highlight=False)
    for art in profile["articles"]:
        console.print(f"\n[bold]{art['title'] or art['id']}[/bold] — {art['publisher'] or '?'}, "
                      f"{art['published'] or art['published_range'] or 'date unknown'}", highlight=False)
        for m in art["mentions"]:
            console.print(f"  [{m['start']}:{m['end']}] [cyan]{m['text']}[/cyan]: {m['sentence_text']}",
                          highlight=False)
    if profile.get("relations"):
        console.print("\nrelations:")
        for r in profile["relations"]:
            console.print(f"  {r['summary']}", highlight=False)


@app.command()
def failures(db: str = DB_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Inputs that could not be ingested, each with its reason."""
    with _open(db) as store:
        rows = [dict(r) for r in store.failures()]
    if as_json:
        _print_json(rows)
        return
    for r in rows:
        console.print(f"{r['source']}{':' + str(r['line']) if r['line'] else ''}: {r['reason']}", highlight=False)
    if not rows:
        console.print("no failures recorded")


@app.command()
def check(db: str = DB_OPTION) -> None:
    """Verify store integrity (SQLite integrity check, foreign keys, orphans)."""
    with _open(db, readonly=False) as store:
        problems = store.check()
    for p in problems:
        err.print(f"[red]problem[/red] {p}")
    if problems:
        raise typer.Exit(1)
    console.print("store is sound")


@app.command()
def export(
    db: str = DB_OPTION,
    format: str = typer.Option("jsonl", "--format", "-f",
                               help="jsonl (docs/export.md), graphml, gexf (Gephi timeline), neo4j "
                                    "(neo4j-admin import CSVs), parquet (every table), plover (event CSV)."),
    out: Path = typer.Option(None, "--out", "-o",
                             help="Output directory (jsonl, neo4j, parquet) or file (graphml, gexf, plover). "
                                  "Default: export/, or export.<format>."),
    no_events: bool = typer.Option(False, "--no-events", help="graphml/gexf: actors only, no event nodes."),
) -> None:
    """Export the store: the JSONL contract (docs/export.md) or a graph / table format for other tools."""
    from .query.export import EXPORT_FORMATS, export_gexf, export_graphml
    from .query.export import export as run_export

    if format not in EXPORT_FORMATS:
        raise NewsgraphError(f"unknown export format {format!r}; available: {', '.join(EXPORT_FORMATS)}")
    suffix = {"graphml": ".graphml", "gexf": ".gexf", "plover": ".csv"}
    target = out or (Path(f"export{suffix[format]}") if format in suffix else Path("export"))
    with _open(db) as store:
        if format == "graphml":
            counts = export_graphml(store, target, include_events=not no_events)
        elif format == "gexf":
            counts = export_gexf(store, target, include_events=not no_events)
        else:
            counts = run_export(store, format, target)
    for name, n in counts.items():
        console.print(f"{target}: {name} {n}", highlight=False)


@app.command()
def timeline(name: str = typer.Argument(..., help="Entity name, alias or id."), db: str = DB_OPTION,
             as_json: bool = JSON_OPTION) -> None:
    """Dated events and relation changes of one entity, oldest first."""
    from .query.graph import Graph

    with _open(db) as store:
        items = Graph(store).timeline(name)
    if as_json:
        _print_json(items)
        return
    t = Table(title=f"timeline: {name}")
    for col in ("date", "what", "modality"):
        t.add_column(col)
    for i in items:
        t.add_row(i["date"] or "undated", i["summary"], i["modality"])
    console.print(t)


@app.command()
def relations(name: str = typer.Argument(..., help="Entity name, alias or id."), db: str = DB_OPTION,
              as_of: str = typer.Option(None, "--as-of", help="Only relations holding on this date."),
              as_json: bool = JSON_OPTION) -> None:
    """Relations of one entity, with validity, modality, source and evidence."""
    from .query.graph import Graph

    with _open(db) as store:
        rows = Graph(store).relations(name, as_of=as_of)
    if as_json:
        _print_json(rows)
        return
    for r in rows:
        ev = r["evidence"][0]["text"] if r["evidence"] else ""
        console.print(f"[bold]{r['summary']}[/bold]\n    \"{' '.join(ev.split())[:200]}\"", highlight=False)
    if not rows:
        console.print("no relations")


@app.command()
def network(db: str = DB_OPTION, as_of: str = typer.Option(None, "--as-of", help="Who was connected on this date (a relation without a stated start counts from its first report)."),
            known_as_of: str = typer.Option(None, "--known-as-of", help="Only what had been reported by this date."),
            types: list[str] = typer.Option(None, "--types", help="Relation types to include (repeatable)."),
            as_json: bool = JSON_OPTION) -> None:
    """The actor network at a date: nodes and relation edges."""
    from .query.graph import Graph

    with _open(db) as store:
        net = Graph(store).network(as_of=as_of, types=types or None, known_as_of=known_as_of)
    if as_json:
        _print_json(net)
        return
    t = Table(title=f"network as of {net['as_of'] or 'any time'}: {len(net['nodes'])} actors, {len(net['edges'])} edges")
    for col in ("subject", "relation", "object", "valid", "modality"):
        t.add_column(col)
    for e in net["edges"]:
        t.add_row(e["subject_name"], e["type"] + (f"/{e['subtype']}" if e["subtype"] else ""), str(e["object_name"]),
                  f"{e['valid_from'] or '…'} – {e['valid_to'] or '…'}", e["modality"])
    console.print(t)


@app.command()
def path(a: str = typer.Argument(..., help="First actor."), b: str = typer.Argument(..., help="Second actor."),
         db: str = DB_OPTION, as_of: str = typer.Option(None, "--as-of"), as_json: bool = JSON_OPTION) -> None:
    """Shortest chains of relations between two actors, with the evidence for each hop."""
    from .query.graph import Graph

    with _open(db) as store:
        paths = Graph(store).path(a, b, as_of=as_of)
    if as_json:
        _print_json(paths)
        return
    if not paths:
        console.print(f"no path between {a} and {b}", highlight=False)
    for i, hops in enumerate(paths, 1):
        console.print(f"[bold]path {i}[/bold]")
        for h in hops:
            ev = h["evidence"][0]["text"] if h["evidence"] else ""
            console.print(f"  {h['summary']}\n      \"{' '.join(ev.split())[:200]}\"", highlight=False)


@app.command()
def claims(db: str = DB_OPTION, conflicts: bool = typer.Option(False, "--conflicts", help="Only claims in conflict."),
           as_json: bool = JSON_OPTION) -> None:
    """Relation claims; with --conflicts, the ones sources disagree on, side by side."""
    from .query.graph import Graph

    with _open(db) as store:
        g = Graph(store)
        if conflicts:
            rows = g.conflicts()
        else:
            names = g.names()
            rows = [g._relation_dict(f, names, {}) for f in g.facts()[1]]
    if as_json:
        _print_json(rows)
        return
    if conflicts:
        for c in rows:
            console.print(f"[bold]{c['kind']}[/bold] {c.get('type', '')}")
            for claim in c.get("claims", []):
                console.print(f"   {claim['summary']}  {claim['articles']}", highlight=False)
            if c["kind"] == "event_toll":
                console.print(f"   {c['event']['subtype']}: killed {c['killed']}", highlight=False)
        if not rows:
            console.print("no conflicting claims")
    else:
        for r in rows:
            console.print(r["summary"], highlight=False)


@app.command()
def geocode(
    db: str = DB_OPTION,
    entity: str = typer.Option(None, "--set", help="Correct one place: entity name, alias or id (with --lat/--lon)."),
    lat: float = typer.Option(None, "--lat", help="Latitude for --set."),
    lon: float = typer.Option(None, "--lon", help="Longitude for --set."),
    precision: str = typer.Option("city", "--precision", help="For --set: point, city, region or country."),
    note: str = typer.Option(None, "--note", help="For --set: why (kept with the correction)."),
    clear: str = typer.Option(None, "--clear", help="Drop the correction for this entity."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Place LOCATION and FACILITY entities on the map with an offline gazetteer; --set corrects one for good."""
    from .query.geo import clear_place, places, set_place
    from .query.geo import geocode as run_geocode
    from .query.graph import Graph

    with _open(db, readonly=False) as store:
        if entity is not None:
            if lat is None or lon is None:
                raise NewsgraphError("--set needs --lat and --lon")
            eid = Graph(store).entity_id(entity)
            set_place(store, eid, lat, lon, precision, note)
            console.print(f"{entity}: set to ({lat}, {lon}), {precision}", highlight=False)
            return
        if clear is not None:
            eid = Graph(store).entity_id(clear)
            console.print(f"{clear}: {'correction dropped' if clear_place(store, eid) else 'no correction'}",
                          highlight=False)
            return
        run_geocode(store)
        found = places(store)
        names = Graph(store).names()
    rows = [{"id": eid, "entity": names.get(eid), **p.as_dict()} for eid, p in sorted(found.items())]
    if as_json:
        _print_json(rows)
        return
    t = Table(title=f"{len(rows)} places")
    for col in ("entity", "place", "country", "precision", "lat", "lon", "source"):
        t.add_column(col)
    for r in rows:
        t.add_row(r["entity"], r["name"] + (f" (via {r['via']})" if r["via"] else ""), r["country"] or "",
                  r["precision"], f"{r['lat']:.3f}", f"{r['lon']:.3f}", r["source"])
    console.print(t)


@app.command()
def analytics(
    db: str = DB_OPTION,
    as_of: str = typer.Option(None, "--as-of", help="The network holding on this date."),
    top: int = typer.Option(20, help="At most this many actors."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Most central actors (degree, betweenness) and their community."""
    from .query.analytics import centrality

    with _open(db) as store:
        rows = centrality(store, as_of=as_of, limit=top)
    if as_json:
        _print_json(rows)
        return
    t = Table(title=f"central actors{' as of ' + as_of if as_of else ''}")
    for col in ("actor", "type", "links", "degree", "betweenness", "community"):
        t.add_column(col)
    for r in rows:
        t.add_row(r["name"], r["type"] or "", str(r["degree"]), f"{r['degree_centrality']:.3f}",
                  f"{r['betweenness']:.3f}", str(r["community"]))
    console.print(t)


@app.command()
def communities(
    db: str = DB_OPTION,
    as_of: str = typer.Option(None, "--as-of", help="The network holding on this date."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Groups of actors more tied to each other than to the rest (Louvain)."""
    from .query.analytics import community_table

    with _open(db) as store:
        rows = community_table(store, as_of=as_of)
    if as_json:
        _print_json(rows)
        return
    for c in rows:
        members = ", ".join(m["name"] for m in c["members"])
        console.print(f"[bold]community {c['community']}[/bold] ({c['size']} actors, {c['edges']} links): {members}",
                      highlight=False)


@app.command("new-connections")
def new_connections(
    since: str = typer.Option(..., "--since", help="Relations first reported (or starting) on or after this date."),
    db: str = DB_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """New relations since a date, flagged when they join previously separate groups."""
    from .query.analytics import new_connections as find

    with _open(db) as store:
        rows = find(store, since)
    if as_json:
        _print_json(rows)
        return
    t = Table(title=f"{len(rows)} connections reported since {since}")
    for col in ("subject", "relation", "object", "reported", "modality", "what it changes"):
        t.add_column(col)
    for r in rows:
        change = ("reconnects separate networks" if r["bridges_components"]
                  else "links two clusters" if r["bridges_communities"]
                  else "new actor(s): " + ", ".join(r["new_actors"]) if r["new_actors"] else "within a cluster")
        t.add_row(r["subject_name"], r["type"], r["object_name"], r["reported"] or "?", r["modality"], change)
    console.print(t)


@app.command()
def report(
    since: str = typer.Option(..., "--since", help="Brief on what was reported (or happened) on or after this date."),
    out: Path = typer.Option(Path("brief.html"), "--out", "-o", help="HTML file to write."),
    title: str = typer.Option(None, "--title", help="Heading of the brief."),
    db: str = DB_OPTION,
) -> None:
    """A self-contained HTML brief: network picture, timeline chart, new connections and cited facts."""
    from .query.report import write_report

    with _open(db) as store:
        path = write_report(store, since, out, title=title)
    console.print(f"brief written to {path}", highlight=False)


@app.command()
def merge(a: str = typer.Argument(..., help="Entity to keep (name, alias or id)."),
          b: str = typer.Argument(..., help="Entity merged into it and removed (name, alias or id)."),
          db: str = DB_OPTION, by: str = BY_OPTION, why: str = WHY_OPTION) -> None:
    """Merge B into A: B's mentions, aliases, links and claims move to A; later ingests of B's names land in A."""
    from .query import review

    with _open(db, readonly=False) as store:
        _decided(review.merge(store, a, b, by=by, why=why))


@app.command()
def split(entity: str = typer.Argument(..., help="Entity name, alias or id."),
          mentions: list[str] = typer.Option(..., "--mentions", "-m",
                                             help="Mention ids or ARTICLE_ID:START-END, comma-separated or repeated."),
          name: str = typer.Option(None, "--name", help="Name of the new entity. Default: its longest mention."),
          type: str = typer.Option(None, "--type", "-t", help="Type of the new entity. Default: the entity's."),
          db: str = DB_OPTION, by: str = BY_OPTION, why: str = WHY_OPTION) -> None:
    """Move some mentions of an entity (see `show ENTITY --json`) to a new entity."""
    from .query import review

    with _open(db, readonly=False) as store:
        _decided(review.split(store, entity, mentions, name=name, type=type, by=by, why=why))


@app.command()
def rename(entity: str = typer.Argument(..., help="Entity name, alias or id."),
           name: str = typer.Argument(..., help="The new canonical name."),
           db: str = DB_OPTION, by: str = BY_OPTION, why: str = WHY_OPTION) -> None:
    """Set an entity's canonical name; the old name stays an alias. Kept across re-ingests."""
    from .query import review

    with _open(db, readonly=False) as store:
        _decided(review.rename(store, entity, name, by=by, why=why))


@app.command()
def retype(entity: str = typer.Argument(..., help="Entity name, alias or id."),
           type: str = typer.Argument(..., help="PERSON, ARMED_GROUP, ORGANIZATION, GOVERNMENT, MEDIA, LOCATION "
                                                "or FACILITY."),
           db: str = DB_OPTION, by: str = BY_OPTION, why: str = WHY_OPTION) -> None:
    """Set an entity's type. Kept across re-ingests."""
    from .query import review

    with _open(db, readonly=False) as store:
        _decided(review.retype(store, entity, type, by=by, why=why))


@app.command()
def reject(fact: str = typer.Argument(..., help="Fact id (rel-…, ev-… from `claims --json`; relN, evN as listed) or claim ids "
                                                "(ARTICLE_ID:rN, ARTICLE_ID:eN), comma-separated."),
           db: str = DB_OPTION, by: str = BY_OPTION, why: str = WHY_OPTION) -> None:
    """Reject a fact or claims: they are hidden from facts and the graph, also after re-ingests."""
    from .query import review

    with _open(db, readonly=False) as store:
        _decided(review.reject(store, fact, by=by, why=why))


@app.command()
def confirm(fact: str = typer.Argument(..., help="Fact id (rel-…, ev-…; relN, evN as listed) or claim ids (ARTICLE_ID:rN, ARTICLE_ID:eN)."),
            db: str = DB_OPTION, by: str = BY_OPTION, why: str = WHY_OPTION) -> None:
    """Confirm a fact or claims (an analyst vouches for them; overrides an earlier rejection)."""
    from .query import review

    with _open(db, readonly=False) as store:
        _decided(review.confirm(store, fact, by=by, why=why))


@app.command()
def undo(db: str = DB_OPTION, by: str = BY_OPTION, why: str = WHY_OPTION) -> None:
    """Revert the latest review decision not yet undone (the undo is recorded too)."""
    from .query import review

    with _open(db, readonly=False) as store:
        d = review.undo(store, by=by, why=why)
    console.print(f"undone #{d.id} {d.summary}", highlight=False)


@app.command()
def decisions(db: str = DB_OPTION, active: bool = typer.Option(False, "--active", help="Only decisions in force."),
              as_json: bool = JSON_OPTION) -> None:
    """Review decisions, oldest first: what, who, when, why, and whether undone."""
    from .query import review

    with _open(db) as store:
        rows = [d.as_dict() for d in review.decisions(store, include_undone=not active)]
    if as_json:
        _print_json(rows)
        return
    t = Table()
    for col in ("id", "decision", "by", "at", "why", "undone"):
        t.add_column(col)
    for r in rows:
        t.add_row(str(r["id"]), r["summary"], r["by"], r["at"], r["why"] or "", "yes" if r["undone"] else "")
    console.print(t)
    if not rows:
        console.print("no decisions recorded")


@app.command()
def serve(
    db: str = DB_OPTION,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback unless --public)."),
    port: int = typer.Option(8765, "--port", min=1, max=65535, help="TCP port."),
    public: bool = typer.Option(False, "--public", help="Allow a non-loopback --host such as 0.0.0.0 "
                                "(anyone who can reach it can read the whole store)."),
    cors: list[str] = typer.Option([], "--cors", help="Allow cross-origin GETs from this origin (repeatable)."),
    allow_edits: bool = typer.Option(False, "--allow-edits", help="Offer the review actions (merge, rename, "
                                     "retype, reject, confirm, undo) in the page, to whoever holds the token."),
    token: str = typer.Option(None, "--token", envvar="NEWSGRAPH_TOKEN", show_default=False,
                              help="Edit token for --allow-edits, at least 16 characters (better: set "
                                   "NEWSGRAPH_TOKEN, which stays out of the process list)."),
) -> None:
    """Open the store in a browser: the network over time, with the evidence behind every edge."""
    try:
        from .web.api import serve as run_server
        from .web.edits import check_token
    except ImportError as exc:  # fastapi / uvicorn not installed
        raise NewsgraphError(f"the web UI needs the [web] extra: pip install -e '.[web]' ({exc})") from None
    if token and not allow_edits:
        console.print("note: --token / NEWSGRAPH_TOKEN is ignored without --allow-edits; the UI is read-only",
                      highlight=False)
    edit_token = check_token(token) if allow_edits else None  # NewsgraphError -> one line, exit code
    run_server(_settings(db).db, host=host, port=port, allow_public=public, allow_origins=tuple(cors),
               edit_token=edit_token)


def _show_scores(scores: dict[str, Any], title: str, as_json: bool) -> None:
    from .evaluate.scoring import render_table

    if as_json:
        _print_json(scores)
    else:
        console.print(render_table(scores, title))


def _work_dir(work: Path | None) -> Path:
    import tempfile

    return work or Path(tempfile.mkdtemp(prefix="newsgraph-eval-"))


@eval_app.command("gold")
def eval_gold_cmd(gold_dir: Path = typer.Argument(Path("tests/gold"), help="Gold directory (JSONL export format)."),
                  work: Path = typer.Option(None, "--work", help="Keep the temporary store and export here."),
                  baseline: bool = typer.Option(False, "--baseline", help="Also score bare spaCy NER on the same texts."),
                  as_json: bool = JSON_OPTION) -> None:
    """Run the pipeline on the gold articles' sources and score mentions, clusters, events, relations, timexes, quotes."""
    from .evaluate.scoring import bare_spacy_export, eval_gold, score_gold

    work = _work_dir(work)
    _show_scores(eval_gold(gold_dir, work, settings=load_settings()), f"gold: {gold_dir}", as_json)
    if baseline:
        bare = bare_spacy_export(work / "export", work / "bare_spacy")
        scores = score_gold(bare, gold_dir)
        scores = {k: v for k, v in scores.items() if k.startswith(("mentions", "entities"))}
        _show_scores(scores, "bare spaCy NER on the same cleaned texts", as_json)


@eval_app.command("realnews")
def eval_realnews_cmd(root: Path = typer.Argument(Path("eval/realnews"), help="The real-news set (docs/annotation.md)."),
                      split: str = typer.Option("dev", "--split", help="dev (tune on it), test (score it) or all."),
                      work: Path = typer.Option(None, "--work", help="Keep the gold, store and export here."),
                      baseline: bool = typer.Option(False, "--baseline", help="Also score bare spaCy NER on the same texts."),
                      errors: Path = typer.Option(None, "--errors", help="Write missed and unmatched events and relations here (JSONL); for the dev part."),
                      as_json: bool = JSON_OPTION) -> None:
    """Build the real-news gold from its annotation files and score the pipeline on one split.

    Relations and events are annotated as the key ones of each article: their recall is key
    recall, their precision a lower bound (see docs/evaluation.md for the judged precision)."""
    from .evaluate.gold import write_gold
    from .evaluate.scoring import bare_spacy_export, eval_gold, score_gold

    work = _work_dir(work)
    dirs = write_gold(root, work / "gold")
    chosen = sorted(dirs) if split == "all" else [split]
    results: dict[str, Any] = {}
    for name in chosen:
        if name not in dirs:
            raise typer.BadParameter(f"no annotated articles in split {name!r}")
        results[name] = eval_gold(dirs[name], work / name, settings=load_settings())
        if errors is not None:
            found: list[dict[str, Any]] = []
            score_gold(work / name / "export", dirs[name], errors=found)
            with errors.open("a" if name != chosen[0] else "w", encoding="utf-8") as fh:
                fh.writelines(json.dumps({"split": name, **e}, ensure_ascii=False) + "\n" for e in found)
        if baseline:
            bare = bare_spacy_export(work / name / "export", work / name / "bare_spacy")
            base = score_gold(bare, dirs[name])
            results[f"{name}_bare_spacy"] = {k: v for k, v in base.items() if k.startswith(("mentions", "entities"))}
    if as_json:
        _print_json(results)
        return
    for name, scores in results.items():
        _show_scores(scores, f"real news: {name}", False)


@eval_app.command("conll")
def eval_conll_cmd(file: Path = typer.Argument(..., help="CoNLL-2003 format file."), as_json: bool = JSON_OPTION) -> None:
    """Named entities against a CoNLL-2003 file (our types mapped onto PER/ORG/LOC/MISC)."""
    from .evaluate.scoring import eval_conll

    _show_scores(eval_conll(file, settings=load_settings()), f"CoNLL: {file}", as_json)


@eval_app.command("timeml")
def eval_timeml_cmd(directory: Path = typer.Argument(..., help="Directory of TimeML .tml files."),
                    as_json: bool = JSON_OPTION) -> None:
    """TIMEX3 detection and normalisation against TimeML files, anchored on each document's creation time."""
    from .evaluate.scoring import eval_timeml

    _show_scores(eval_timeml(directory), f"TimeML: {directory}", as_json)


@eval_app.command("muc4")
def eval_muc4_cmd(texts: Path = typer.Argument(..., help="MUC-4 raw text file or directory."),
                  keys: Path = typer.Argument(..., help="MUC-4 answer-key file or directory."),
                  limit: int = typer.Option(None, "--limit", help="Only the first N documents with keys."),
                  work: Path = typer.Option(None, "--work", help="Keep the temporary store and export here."),
                  as_json: bool = JSON_OPTION) -> None:
    """MUC-4 template filling: incident type and role fillers (PerpInd, PerpOrg, Target, Victim, Weapon)."""
    from .evaluate.scoring import eval_muc4

    _show_scores(eval_muc4(texts, keys, _work_dir(work), limit=limit, settings=load_settings()), f"MUC-4: {texts}", as_json)


@eval_app.command("all")
def eval_all_cmd(gold_dir: Path = typer.Option(Path("tests/gold"), help="Seed gold directory."),
                 muc4_dir: Path = typer.Option(Path("../shared/eval/muc4"), help="MUC-4 material."),
                 as_json: bool = JSON_OPTION) -> None:
    """Every scorer on what is present: the seed gold, the real-news dev and test parts and MUC-4 TST3 (make eval)."""
    import time

    from .evaluate.scoring import eval_gold, eval_muc4

    results: dict[str, Any] = {}
    if (gold_dir / "articles.jsonl").exists():
        t = time.perf_counter()
        results["seed_gold"] = eval_gold(gold_dir, _work_dir(None), settings=load_settings())
        results["seed_gold"]["seconds"] = round(time.perf_counter() - t, 2)
    realnews = Path("eval/realnews")
    if (realnews / "sources.tsv").exists():
        from .evaluate.gold import write_gold

        work = _work_dir(None)
        for split, d in sorted(write_gold(realnews, work / "gold").items()):
            t = time.perf_counter()
            results[f"realnews_{split}"] = eval_gold(d, work / split, settings=load_settings())
            results[f"realnews_{split}"]["seconds"] = round(time.perf_counter() - t, 2)
    tst3 = muc4_dir / "tst3"
    if tst3.is_dir():
        t = time.perf_counter()
        results["muc4_tst3"] = eval_muc4(tst3 / "tst3-muc4", tst3 / "key-tst3.v2", _work_dir(None), settings=load_settings())
        results["muc4_tst3"]["seconds_per_doc"] = round((time.perf_counter() - t) / max(1, results["muc4_tst3"]["documents"]), 3)
    if as_json:
        _print_json(results)
        return
    for name, scores in results.items():
        _show_scores(scores, name, False)


@kb_app.command("import")
def kb_import(file: Path = typer.Argument(..., help="CAMEO/Phoenix actor dictionary, or an alias table (CSV/TSV/YAML)."),
              db: str = DB_OPTION) -> None:
    """Import actors and aliases into the store's knowledge base (used by later ingests)."""
    from .extract.kb_import import import_file

    entries = import_file(file)
    with _open(db, readonly=False) as store:
        n = store.save_kb_entries(entries)
    console.print(f"{n} actors imported from {file}", highlight=False)


@kb_app.command("list")
def kb_list(db: str = DB_OPTION, search: str = typer.Option(None, "--search", "-s")) -> None:
    """List knowledge-base actors (packaged and imported) matching a search."""
    from .extract.kb import load_kb, norm
    from .store import Store

    settings = _settings(db)
    extra = Store(settings.db, readonly=True).kb_entries() if Path(settings.db).exists() else []
    kb = load_kb(settings.kb_paths, extra)
    key = norm(search) if search else ""
    for e in kb.entries.values():
        if not key or any(key in norm(n) for n in e.names):
            console.print(f"{e.id}\t{e.type}\t{e.name}\t{', '.join(e.aliases)[:80]}", highlight=False)


def main() -> None:
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(message)s")
    try:
        app()
    except NewsgraphError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        sys.exit(1)


if __name__ == "__main__":
    main()
