"""The real server on a loopback port, spoken to over raw sockets: requests that are malformed,
slow or abandoned get a 4xx or a closed connection and one line in the log, never a hang or a
traceback.  Timeouts are shortened for the tests; each case is bounded by socket timeouts.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
uvicorn = pytest.importorskip("uvicorn")

from newsgraph.web import api, edits, server  # noqa: E402

from .test_web_api import build_store  # noqa: E402

TOKEN = "s3cret-token-for-tests-0123"
REQUEST_SECONDS = 1.5
BODY_SECONDS = 0.5


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def text(self) -> str:
        return "\n".join(self.format(r) for r in self.records)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, _Lines]]:
    """``create_app`` under uvicorn with the options ``newsgraph serve`` uses, on a free port."""
    saved = server.REQUEST_SECONDS, edits.BODY_SECONDS
    server.REQUEST_SECONDS, edits.BODY_SECONDS = REQUEST_SECONDS, BODY_SECONDS
    db = build_store(tmp_path_factory.mktemp("live") / "web.db")
    app = api.create_app(str(db), edit_token=TOKEN, allowed_hosts=["127.0.0.1"])
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=sock.getsockname()[1],
                                        **server.uvicorn_options()))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    lines = _Lines()
    for name in ("uvicorn.error", "newsgraph.web"):
        logging.getLogger(name).addHandler(lines)
    yield sock.getsockname()[1], lines
    for name in ("uvicorn.error", "newsgraph.web"):
        logging.getLogger(name).removeHandler(lines)
    srv.should_exit = True
    thread.join(5)
    server.REQUEST_SECONDS, edits.BODY_SECONDS = saved


def _exchange(port: int, raw: bytes, *, wait: float = 5.0) -> tuple[bytes, float, bool]:
    """Send ``raw``; read until the server closes or ``wait`` passes: (reply, seconds, closed)."""
    t0 = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=wait) as conn:
        if raw:
            conn.sendall(raw)
        reply = b""
        try:
            while chunk := conn.recv(65536):
                reply += chunk
        except TimeoutError:
            return reply, time.monotonic() - t0, False
    return reply, time.monotonic() - t0, True


def _head(method: str, path: str, *extra: str) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", *extra]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


WRITE = (f"Authorization: Bearer {TOKEN}", "Content-Type: application/json")


@pytest.mark.parametrize("raw", [
    _head("GET", "/api/stats", "Content-Length: 5", "Transfer-Encoding: chunked") + b"hello",
    _head("GET", "/api/stats", "Content-Length: 4", "Transfer-Encoding: chunked") + b"3",
    _head("POST", "/api/review/undo", *WRITE, "Content-Length: 4", "Transfer-Encoding: chunked") + b"2\r\n{}",
])
def test_content_length_with_chunked_is_refused_and_closed(live, raw):
    port, _ = live
    reply, seconds, closed = _exchange(port, raw)
    assert reply.startswith(b"HTTP/1.1 400 "), reply[:200]
    assert b"not both" in reply and b"content-security-policy" in reply.lower()
    assert closed and seconds < 2  # once held open for ever


def test_disconnect_mid_upload_is_one_line(live):
    port, lines = live
    before = len(lines.records)
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(_head("POST", "/api/review/undo", *WRITE, "Content-Length: 1000") + b'{"deci')
        time.sleep(0.2)
    deadline = time.monotonic() + 5
    while len(lines.records) == before and time.monotonic() < deadline:
        time.sleep(0.05)
    new = lines.records[before:]
    assert [r.getMessage() for r in new] == ["newsgraph: client disconnected before sending all of POST "
                                             "/api/review/undo"]
    assert not any(r.exc_info for r in new) and "Traceback" not in lines.text()


def test_stalled_body_gets_408(live):
    port, _ = live
    raw = _head("POST", "/api/review/undo", *WRITE, "Content-Length: 100") + b'{"deci'
    reply, seconds, _ = _exchange(port, raw, wait=REQUEST_SECONDS + 3)
    assert reply.startswith(b"HTTP/1.1 408 "), reply[:200]
    assert b"not received within" in reply and seconds < REQUEST_SECONDS + 1


@pytest.mark.parametrize("raw", [
    b"",  # connects and says nothing
    b"GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n",  # headers that never end
    _head("GET", "/api/stats", "Content-Length: 100") + b"ab",  # answered, but the body never ends
])
def test_slow_requests_are_cut(live, raw):
    port, lines = live
    reply, seconds, closed = _exchange(port, raw, wait=REQUEST_SECONDS + 3)
    assert closed and seconds < REQUEST_SECONDS + 1, (reply[:100], seconds)
    assert "request not received within" in lines.text()


def _response(conn: socket.socket) -> bytes:
    """One whole response (headers and Content-Length body) from a kept-alive connection."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += conn.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:"))
    while len(body) < length:
        body += conn.recv(65536)
    return head + b"\r\n\r\n" + body


def test_good_requests_still_work_and_keep_alive(live):
    port, _ = live
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        for _ in range(2):  # two requests on one connection
            conn.sendall(_head("GET", "/api/stats"))
            reply = _response(conn)
            assert reply.startswith(b"HTTP/1.1 200 ") and reply.endswith(b"}"), reply[:200]


def test_serve_runs_uvicorn_with_these_options(tmp_path, monkeypatch):
    if not api.vendor.is_vendored():
        pytest.skip("web assets not vendored")
    ran: list[dict] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: ran.append(kw))
    monkeypatch.setattr(api.geo, "gazetteer", lambda: None)
    api.serve(str(build_store(Path(tmp_path) / "web.db")))
    assert ran[0]["http"] is server.DeadlineH11Protocol
    assert ran[0]["host"] == "127.0.0.1" and ran[0]["timeout_keep_alive"] <= 10
