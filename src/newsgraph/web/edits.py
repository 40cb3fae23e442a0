"""Review actions over HTTP, for ``serve --allow-edits``: the write half of the web API.

The endpoints wrap :mod:`newsgraph.query.review` one to one.  A write request must pass, in order:

1. edits enabled (the app was given a token), else 403 "the server is read-only";
2. same origin: an ``Origin`` header, when sent, names this server; ``Sec-Fetch-Site``, when
   sent, is ``same-origin`` (or ``none``); else 403;
3. the token, in ``Authorization: Bearer ...`` or ``X-Newsgraph-Token`` -- never a cookie, so a
   page on another site cannot make the browser send it -- compared in constant time; else 401;
4. ``Content-Type: application/json`` (a cross-site HTML form cannot send that); else 415;
5. a body of at most :data:`MAX_BODY` bytes (413), sent within :data:`BODY_SECONDS` (408), that
   the action's model accepts (422).

Writes run one at a time (a lock) on one writable :class:`Store`; the read side keeps its
read-only connections, which see a write at their next request (``PRAGMA data_version``).
"""

from __future__ import annotations

import hmac
import secrets
import threading
from collections.abc import Callable
from typing import Annotated, Any

import anyio
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.concurrency import run_in_threadpool

from ..errors import NewsgraphError, NotFoundError
from ..query import review
from ..store import MAX_ID, Store

MIN_TOKEN = 16
MAX_BODY = 16_384  # a review action is a few ids and a sentence of why; nothing needs more
BODY_SECONDS = 10.0  # 16 KB over loopback takes milliseconds
READ_ONLY = "the server is read-only; start it with --allow-edits"
TOKEN_HEADERS = ("authorization", "x-newsgraph-token")
USER_HEADER = "x-newsgraph-user"
DEFAULT_BY = "web"

Name = Annotated[str, Field(min_length=1, max_length=200)]
RowId = Annotated[int, Field(ge=1, le=MAX_ID)]  # what the store can hold; 2**63 is a 422, not a 500
EntityRef = RowId | Name  # an id, a canonical name or an alias, as everywhere else


def new_token() -> str:
    """A fresh random token, long enough for :func:`check_token`."""
    return secrets.token_urlsafe(24)


def check_token(token: str | None) -> str:
    """The token, stripped, when it is long enough to guard writes; else a :class:`NewsgraphError`
    that says how to make one."""
    token = (token or "").strip()
    if len(token) < MIN_TOKEN:
        raise NewsgraphError(f"--allow-edits needs a token of at least {MIN_TOKEN} characters "
                             f"(--token or NEWSGRAPH_TOKEN), for example: export NEWSGRAPH_TOKEN={new_token()}")
    return token


# -- request bodies --------------------------------------------------------------------------------
class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    by: str | None = Field(None, max_length=100, description="Who decides; else the X-Newsgraph-User "
                                                             "header, else 'web'.")
    why: str | None = Field(None, max_length=2000, description="Why: kept with the decision.")


class MergeBody(_Body):
    keep: EntityRef = Field(..., description="Entity kept (id, name or alias).")
    gone: EntityRef = Field(..., description="Entity merged into it and removed.")


class SplitBody(_Body):
    entity: EntityRef
    mentions: list[RowId | Name] = Field(..., min_length=1, max_length=500,
                                       description="Mention ids or ARTICLE_ID:START-END spans.")
    name: Name | None = Field(None, description="Name of the new entity; default its longest mention.")
    type: str | None = Field(None, max_length=40, description="Type of the new entity; default the entity's.")


class RenameBody(_Body):
    entity: EntityRef
    name: Name


class RetypeBody(_Body):
    entity: EntityRef
    type: str = Field(..., min_length=1, max_length=40)


class JudgeBody(_Body):
    fact: str | None = Field(None, max_length=40, description="Fact id (rel-…, ev-…), or relN, evN as listed now.")
    claims: list[Annotated[str, Field(min_length=1, max_length=200)]] | None = Field(
        None, min_length=1, max_length=200, description="Claim ids (ARTICLE_ID:rN, ARTICLE_ID:eN): stable "
                                                        "within an ingest, so preferred to fact ids.")


class UndoBody(_Body):
    decision: RowId | None = Field(None, description="The decision the user saw as the latest: refused "
                                                   "with 409 when another one is latest now.")


# -- the writer ------------------------------------------------------------------------------------
class Editor:
    """The one writable connection, used under a lock; opened at start-up so a store that cannot
    be written fails then, not at the first click."""

    def __init__(self, db_path: str, token: str) -> None:
        self.token = check_token(token).encode()
        self.lock = threading.Lock()
        self.store = Store(db_path)  # a writable store has every table, decisions included

    def run(self, action: Callable[[Store], Any]) -> Any:
        with self.lock:
            return action(self.store)

    def close(self) -> None:
        with self.lock:
            self.store.close()

    def token_ok(self, request: Request) -> bool:
        sent = ""
        auth = request.headers.get("authorization", "")
        if auth[:7].lower() == "bearer ":
            sent = auth[7:].strip()
        sent = sent or request.headers.get("x-newsgraph-token", "").strip()
        # Always compare, also when nothing came, so timing says nothing about the token.
        return hmac.compare_digest(sent.encode(), self.token) and bool(sent)


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _cross_site(request: Request) -> str | None:
    """Why the request looks cross-site, or None.  Browsers send ``Origin`` with every POST and
    ``Sec-Fetch-Site`` with every fetch; tools like curl send neither, and need the token anyway."""
    site = request.headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return f"cross-site request refused (Sec-Fetch-Site: {site})"
    origin = request.headers.get("origin")
    if origin is not None:
        host = request.headers.get("host", "")
        own = {f"{scheme}://{host}".lower() for scheme in ("http", "https")}
        if origin.lower().rstrip("/") not in own:
            return f"cross-origin request refused (Origin: {origin[:100]})"
    return None


async def _read_body(request: Request) -> bytes | JSONResponse:
    """The body; a 413 when it is longer than :data:`MAX_BODY` (checked while reading, so a
    chunked upload without Content-Length cannot fill memory either), a 408 when it has not
    arrived within :data:`BODY_SECONDS` (a stalled upload must not hold the action open)."""
    length = request.headers.get("content-length")
    if length is not None and (not (length.isascii() and length.isdigit()) or int(length) > MAX_BODY):
        return _error(413, f"request body over {MAX_BODY} bytes")
    chunks, size = [], 0
    try:
        with anyio.fail_after(BODY_SECONDS):
            async for chunk in request.stream():
                size += len(chunk)
                if size > MAX_BODY:
                    return _error(413, f"request body over {MAX_BODY} bytes")
                chunks.append(chunk)
    except TimeoutError:
        return _error(408, f"request body not received within {BODY_SECONDS:.0f} s")
    return b"".join(chunks)


def _validation_message(exc: ValidationError) -> str:
    """One line; for a field that may be an id or a name (``EntityRef``), only the first
    alternative's complaint, without pydantic's union tags (``constrained-int``)."""
    parts: dict[str, str] = {}
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if not str(p).startswith(("constrained-", "function-")))
        parts.setdefault(where, f"{where}: {err.get('msg', 'invalid')}" if where else str(err.get("msg", "invalid")))
    return "; ".join(parts.values()) or "invalid request"


def _openapi(model: type[BaseModel]) -> dict[str, Any]:
    """Document the body we parse by hand (we read it ourselves, after the checks above)."""
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": model.model_json_schema()}}},
            "security": [{"token": []}]}


def _who(request: Request, body: _Body) -> str:
    return (body.by or request.headers.get(USER_HEADER, "").strip()[:100] or DEFAULT_BY)


def add_routes(app: FastAPI, editor: Editor | None) -> None:
    """``POST /api/review/{action}`` and ``GET /api/decisions``; all refuse with 403 when
    ``editor`` is None (a read-only server)."""

    def gate(request: Request) -> JSONResponse | None:
        if editor is None:
            return _error(403, READ_ONLY)
        why = _cross_site(request)
        if why:
            return _error(403, why)
        if not editor.token_ok(request):
            return _error(401, "missing or wrong token: send it as 'Authorization: Bearer TOKEN'")
        return None

    async def parse(request: Request, model: type[_Body]) -> _Body | JSONResponse:
        refused = gate(request)
        if refused is not None:
            return refused
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype != "application/json":
            return _error(415, "send the action as JSON (Content-Type: application/json)")
        raw = await _read_body(request)
        if isinstance(raw, JSONResponse):
            return raw
        try:
            return model.model_validate_json(raw or b"{}")
        except ValidationError as exc:
            return _error(422, _validation_message(exc))

    async def decide(request: Request, model: type[_Body],
                     act: Callable[[Store, Any, str], tuple[review.Decision, dict[str, Any]]]) -> JSONResponse:
        body = await parse(request, model)
        if isinstance(body, JSONResponse):
            return body
        assert editor is not None
        by = _who(request, body)
        decision, extra = await run_in_threadpool(editor.run, lambda store: act(store, body, by))
        return JSONResponse({"decision": decision.as_dict(), **extra})

    def _merge(store: Store, b: MergeBody, by: str) -> tuple[review.Decision, dict[str, Any]]:
        d = review.merge(store, b.keep, b.gone, by=by, why=b.why)
        return d, {"entity": d.target["keep"]["id"]}

    def _split(store: Store, b: SplitBody, by: str) -> tuple[review.Decision, dict[str, Any]]:
        d = review.split(store, b.entity, b.mentions, name=b.name, type=b.type, by=by, why=b.why)
        return d, {"entity": d.target["entity"]["id"], "new_entity": d.payload["new_id"]}

    def _rename(store: Store, b: RenameBody, by: str) -> tuple[review.Decision, dict[str, Any]]:
        d = review.rename(store, b.entity, b.name, by=by, why=b.why)
        return d, {"entity": d.target["entity"]["id"]}

    def _retype(store: Store, b: RetypeBody, by: str) -> tuple[review.Decision, dict[str, Any]]:
        d = review.retype(store, b.entity, b.type, by=by, why=b.why)
        return d, {"entity": d.target["entity"]["id"]}

    def _judge(action: str) -> Callable[[Store, JudgeBody, str], tuple[review.Decision, dict[str, Any]]]:
        fn = review.reject if action == "reject" else review.confirm

        def run(store: Store, b: JudgeBody, by: str) -> tuple[review.Decision, dict[str, Any]]:
            if bool(b.fact) == bool(b.claims):
                raise NewsgraphError("give either 'fact' (rel-…, ev-…) or 'claims' (ARTICLE_ID:rN, ...), not both")
            return fn(store, b.fact or ",".join(b.claims or []), by=by, why=b.why), {}
        return run

    def _undo(store: Store, b: UndoBody, by: str) -> tuple[review.Decision, dict[str, Any]]:
        if b.decision is not None:
            latest = [d for d in review.decisions(store, include_undone=False) if d.action != "undo"]
            if not latest:
                raise NotFoundError("no decision to undo")
            if latest[-1].id != b.decision:
                raise _Conflict(f"decision #{b.decision} is not the latest one any more (#{latest[-1].id} is); "
                                "reload the decisions")
        return review.undo(store, by=by, why=b.why), {}

    routes: list[tuple[str, type[_Body], Callable[..., Any], str]] = [
        ("merge", MergeBody, _merge, "Merge entity 'gone' into 'keep' (kept across re-ingests)"),
        ("split", SplitBody, _split, "Move some mentions of an entity to a new entity"),
        ("rename", RenameBody, _rename, "Set an entity's canonical name"),
        ("retype", RetypeBody, _retype, "Set an entity's type"),
        ("reject", JudgeBody, _judge("reject"), "Reject a fact or claims: hidden from facts and the graph"),
        ("confirm", JudgeBody, _judge("confirm"), "Confirm a fact or claims"),
        ("undo", UndoBody, _undo, "Revert the latest decision not yet undone"),
    ]
    def make(model: type[_Body], act: Callable[..., Any]) -> Callable[[Request], Any]:
        async def handler(request: Request) -> JSONResponse:
            return await decide(request, model, act)
        return handler

    for action, model, act, summary in routes:
        app.add_api_route(f"/api/review/{action}", make(model, act), methods=["POST"], summary=summary,
                          name=f"review_{action}", openapi_extra=_openapi(model), tags=["review"])

    @app.exception_handler(_Conflict)
    async def _conflict(request: Request, exc: _Conflict) -> JSONResponse:
        return _error(409, str(exc))

    @app.get("/api/decisions", summary="Review decisions, oldest first (needs the edit token)", tags=["review"])
    def decisions(request: Request, active: bool = False) -> Any:
        refused = gate(request)
        if refused is not None:
            return refused
        assert editor is not None
        rows = editor.run(lambda store: [d.as_dict() for d in review.decisions(store, include_undone=not active)])
        undoable = next((r["id"] for r in reversed(rows) if not r["undone"] and r["action"] != "undo"), None)
        return {"items": rows, "undoable": undoable}


class _Conflict(NewsgraphError):
    """The user acted on a view of the decisions that is out of date."""
