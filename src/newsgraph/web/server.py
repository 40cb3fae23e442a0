"""How the web app meets the network: uvicorn's options and the guards below the routes.

uvicorn (with h11) closes an idle keep-alive connection after a few seconds, but waits forever
for a request that trickles in: headers a byte at a time, a body shorter than its
``Content-Length``, or ``Content-Length`` together with ``Transfer-Encoding: chunked`` (h11
follows the chunked framing, so the stated length never arrives).  Here:

- :class:`RequestGuard` refuses ``Content-Length`` with ``Transfer-Encoding`` (400, connection
  closed, as RFC 9112 section 6.1 allows) before any route reads a body;
- :class:`DeadlineH11Protocol` closes a connection whose request has not arrived in full within
  :data:`REQUEST_SECONDS` of the connection opening (or of the previous response), also one
  that never sends anything;
- :func:`uvicorn_options` is what ``newsgraph serve`` and the tests start uvicorn with.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import h11
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

REQUEST_SECONDS = 20.0  # a request (headers and body) on loopback arrives in milliseconds
KEEP_ALIVE_SECONDS = 5  # an idle connection between requests
log = logging.getLogger("newsgraph.web")


class RequestGuard:
    """ASGI middleware: a request framed two ways at once is refused before it reaches a route."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            names = {name.lower() for name, _ in scope["headers"]}
            if b"content-length" in names and b"transfer-encoding" in names:
                refused = JSONResponse({"error": "send Content-Length or Transfer-Encoding, not both"},
                                       status_code=400, headers={"connection": "close"})
                await refused(scope, receive, send)
                return
        await self.app(scope, receive, send)


class DeadlineH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with a deadline for each request to arrive in full.

    Armed when the connection opens and again after each response; disarmed once the request's
    last byte is in (a slow *answer* is never cut).  A client that misses it is disconnected
    with one line in the log; a route still reading its body sees the disconnect."""

    _deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state in (h11.DONE, h11.MUST_CLOSE, h11.CLOSED, h11.ERROR):
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(REQUEST_SECONDS, self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        client = f"{self.client[0]}:{self.client[1]}" if self.client else "a client"
        log.warning("newsgraph: closed the connection of %s: request not received within %.0f s",
                    client, REQUEST_SECONDS)
        self.transport.close()


def uvicorn_options() -> dict[str, Any]:
    """Keyword arguments for ``uvicorn.run``/``uvicorn.Config`` besides the app, host and port."""
    return {"http": DeadlineH11Protocol, "timeout_keep_alive": KEEP_ALIVE_SECONDS,
            "h11_max_incomplete_event_size": 16_384, "log_level": "warning", "server_header": False}
