"""Review actions over HTTP (``serve --allow-edits``): refused unless enabled, authorised by a
header token, same-origin JSON only; each action changes what the read endpoints show, is listed
in /api/decisions with who and why, can be undone, and survives a full re-ingest.

Most tests use the hand-built store of ``test_web_api`` (no model, exact expectations), fresh
per test since they write; the re-ingest test runs the real pipeline on two short texts.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from newsgraph.errors import NewsgraphError  # noqa: E402
from newsgraph.web.api import create_app  # noqa: E402
from newsgraph.web.edits import MAX_BODY, READ_ONLY, check_token, new_token  # noqa: E402

from .test_web_api import build_store  # noqa: E402

TOKEN = "s3cret-token-for-tests-0123"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ACTIONS = ("merge", "split", "rename", "retype", "reject", "confirm", "undo")
ALLIED = ("Haqqani network", "allied_with", "Hakimullah Mehsud")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return build_store(tmp_path / "web.db")


@pytest.fixture
def client(db: Path) -> TestClient:
    return TestClient(create_app(str(db), edit_token=TOKEN))


def _id(client: TestClient, name: str) -> int:
    items = client.get("/api/entities", params={"q": name}).json()["items"]
    return next(e["id"] for e in items if e["name"] == name)


def _edges(client: TestClient) -> dict[tuple[str, str, str], dict]:
    return {(e["subject_name"], e["type"], e["object_name"]): e for e in client.get("/api/network").json()["edges"]}


def _post(client: TestClient, action: str, body: dict, **headers: str):
    return client.post(f"/api/review/{action}", json=body, headers={**AUTH, **headers})


# -- refused unless enabled and authorised -------------------------------------------------------
@pytest.mark.parametrize("action", ACTIONS)
def test_read_only_server_refuses_every_action(db, action):
    ro = TestClient(create_app(str(db)))
    r = ro.post(f"/api/review/{action}", json={}, headers=AUTH)
    assert r.status_code == 403
    assert r.json() == {"error": READ_ONLY}


def test_read_only_server_config_and_decisions(db):
    ro = TestClient(create_app(str(db)))
    assert ro.get("/api/config").json()["edits"] is False
    assert ro.get("/api/decisions", headers=AUTH).status_code == 403
    assert TestClient(create_app(str(db), edit_token=TOKEN)).get("/api/config").json()["edits"] is True


@pytest.mark.parametrize("token", [None, "", "short", " " * 20, "fifteen-chars-x"])
def test_short_tokens_are_refused(db, token):
    with pytest.raises(NewsgraphError, match="at least 16"):
        check_token(token)
    if token is not None:
        with pytest.raises(NewsgraphError, match="at least 16"):
            create_app(str(db), edit_token=token)


def test_new_token_is_long_enough():
    assert check_token(new_token()) and new_token() != new_token()


@pytest.mark.parametrize(("headers", "cookies", "status"), [
    ({}, {}, 401),
    ({"Authorization": "Bearer wrong-token-wrong-token"}, {}, 401),
    ({"Authorization": f"Basic {TOKEN}"}, {}, 401),
    ({"Authorization": f"Bearer {TOKEN}x"}, {}, 401),
    ({"Authorization": f"Bearer {TOKEN[:-1]}"}, {}, 401),
    ({"Authorization": "Bearer "}, {}, 401),
    ({}, {"token": TOKEN, "newsgraph_token": TOKEN}, 401),  # a cookie never authorises
    ({"Authorization": f"Bearer {TOKEN}"}, {}, 200),
    ({"Authorization": f"bearer {TOKEN}"}, {}, 200),
    ({"X-Newsgraph-Token": TOKEN}, {}, 200),
])
def test_token_must_come_in_a_header(client, headers, cookies, status):
    client.cookies.update(cookies)
    body = {"entity": "Waziristan", "type": "LOCATION"}  # a retype to its own type: a no-op decision
    r = client.post("/api/review/retype", json=body, headers=headers)
    assert r.status_code == status, r.text
    if status == 401:
        assert "token" in r.json()["error"]
    assert client.get("/api/decisions", headers=headers).status_code == status


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x", "application/jsonx"])
def test_json_only(client, content_type):
    headers = {**AUTH, **({"Content-Type": content_type} if content_type else {})}
    r = client.post("/api/review/rename", content=b'{"entity": "Waziristan", "name": "W"}', headers=headers)
    assert r.status_code == 415
    assert "application/json" in r.json()["error"]
    assert client.get("/api/decisions", headers=AUTH).json()["items"] == []


@pytest.mark.parametrize(("headers", "status"), [
    ({"Origin": "https://evil.example"}, 403),
    ({"Origin": "null"}, 403),
    ({"Origin": "http://testserver.evil.example"}, 403),
    ({"Sec-Fetch-Site": "cross-site"}, 403),
    ({"Sec-Fetch-Site": "same-site"}, 403),
    ({"Origin": "http://testserver", "Sec-Fetch-Site": "cross-site"}, 403),
    ({"Origin": "http://testserver"}, 200),
    ({"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}, 200),
    ({"Sec-Fetch-Site": "same-origin"}, 200),
])
def test_same_origin_only(client, headers, status):
    r = _post(client, "rename", {"entity": "Waziristan", "name": "Waziristan region"}, **headers)
    assert r.status_code == status, r.text
    expected = [] if status == 403 else ["rename"]
    assert [d["action"] for d in client.get("/api/decisions", headers=AUTH).json()["items"]] == expected


@pytest.mark.parametrize(("body", "status", "needle"), [
    (b"{not json", 422, "JSON"),
    (b'{"entity": "Waziristan"}', 422, "name"),
    (b'{"entity": "Waziristan", "name": "W", "evil": 1}', 422, "evil"),
    (b'{"entity": "Waziristan", "name": ""}', 422, "name"),
    (b'{"entity": "Waziristan", "name": "W", "why": "' + b"x" * 2001 + b'"}', 422, "why"),
    (b'{"entity": "Nobody At All", "name": "W"}', 404, "no entity"),
    (b'{"entity": "Waziristan", "name": "' + b"x" * (MAX_BODY + 1) + b'"}', 413, "bytes"),
    # ids no row can have: once HTTP 500 (an overflow in the database driver)
    (b'{"entity": %d, "name": "W"}' % 2**63, 422, "entity: input should be less than or equal to"),
    (b'{"entity": "%d", "name": "W"}' % 2**63, 404, "no entity with id"),
    (b'{"entity": 0, "name": "W"}', 422, "entity: input should be greater than or equal to 1"),
    (b'{"entity": ' + b"9" * 5000 + b', "name": "W"}', 422, "number out of range"),
])
def test_bad_bodies_are_clear_json(client, body, status, needle):
    r = client.post("/api/review/rename", content=body, headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == status, r.text
    assert needle.lower() in r.json()["error"].lower()


def test_chunked_body_is_bounded(client):
    def chunks():
        yield b'{"entity": "Waziristan", "name": "'
        for _ in range(MAX_BODY // 1000 + 2):
            yield b"x" * 1000
        yield b'"}'

    r = client.post("/api/review/rename", content=chunks(), headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 413


@pytest.mark.parametrize(("action", "body", "status", "needle"), [
    ("merge", {"keep": "Waziristan", "gone": "Waziristan"}, 400, "already one entity"),
    ("merge", {"keep": "Waziristan", "gone": "Nobody"}, 404, "no entity"),
    ("retype", {"entity": "Waziristan", "type": "DRAGON"}, 400, "unknown entity type"),
    ("reject", {}, 400, "either"),
    ("reject", {"fact": "rel1", "claims": ["cbs1:r0"]}, 400, "either"),
    ("reject", {"fact": "rel999"}, 404, "no fact"),
    ("reject", {"claims": ["<script>"]}, 400, "not a claim id"),
    ("confirm", {"claims": ["cbs1:r99"]}, 404, "no relation claim"),
    ("split", {"entity": "Waziristan", "mentions": ["cbs1:0-5"]}, 404, "none of those mentions"),
    ("undo", {}, 404, "no decision"),
    ("merge", {"keep": str(2**63), "gone": "Waziristan"}, 404, "no entity with id"),
    ("split", {"entity": "Waziristan", "mentions": [str(2**63)]}, 404, "no mention with id"),
    ("split", {"entity": "Waziristan", "mentions": [2**63]}, 422, "less than or equal to"),
    ("undo", {"decision": 2**63}, 422, "decision: Input should be less than or equal to"),
])
def test_domain_errors(client, action, body, status, needle):
    r = _post(client, action, body)
    assert r.status_code == status, r.text
    assert needle in r.json()["error"]


# -- each action, seen by the read endpoints -------------------------------------------------------
def test_merge(client):
    keep, gone = _id(client, "Tehrik-e-Taliban Pakistan"), _id(client, "Haqqani network")
    r = _post(client, "merge", {"keep": keep, "gone": "Haqqani network", "why": "same group, two names"})
    assert r.status_code == 200, r.text
    assert r.json()["entity"] == keep
    assert client.get(f"/api/entities/{gone}").status_code == 404
    profile = client.get(f"/api/entities/{keep}").json()
    assert "Haqqani network" in profile["aliases"]
    assert ("Tehrik-e-Taliban Pakistan", "allied_with", "Hakimullah Mehsud") in _edges(client)
    assert ALLIED not in _edges(client)


def test_split(client):
    ttp = _id(client, "Tehrik-e-Taliban Pakistan")
    mention = next(m for a in client.get(f"/api/entities/{ttp}").json()["articles"] if a["id"] == "xss3"
                   for m in a["mentions"])
    r = _post(client, "split", {"entity": ttp, "mentions": [f"xss3:{mention['start']}-{mention['end']}"],
                                "name": "Commenters' Taliban"})
    assert r.status_code == 200, r.text
    new = r.json()["new_entity"]
    assert client.get(f"/api/entities/{new}").json()["name"] == "Commenters' Taliban"
    assert {a["id"] for a in client.get(f"/api/entities/{ttp}").json()["articles"]} == {"cbs1", "npr2"}
    member = next(e for k, e in _edges(client).items() if k[1] == "member_of")
    assert member["object_name"] == "Commenters' Taliban"


def test_rename_and_retype(client):
    hq = _id(client, "Haqqani network")
    assert _post(client, "rename", {"entity": hq, "name": "  Haqqani   Network "}).status_code == 200
    assert _post(client, "retype", {"entity": "Haqqani Network", "type": "organization"}).status_code == 200
    profile = client.get(f"/api/entities/{hq}").json()
    assert (profile["name"], profile["type"]) == ("Haqqani Network", "ORGANIZATION")
    assert "Haqqani network" in profile["aliases"]
    assert [e["name"] for e in client.get("/api/entities", params={"type": "ARMED_GROUP"}).json()["items"]] == \
        ["Tehrik-e-Taliban Pakistan"]
    assert ("Haqqani Network", "allied_with", "Hakimullah Mehsud") in _edges(client)


def test_reject_by_claims_and_by_fact_then_confirm(client):
    edge = _edges(client)[ALLIED]
    assert edge["claims"] == ["npr2:r2"] and edge["confirmed"] is False
    assert _post(client, "reject", {"claims": edge["claims"], "why": "speculation"}).status_code == 200
    assert ALLIED not in _edges(client)
    hq = _id(client, "Haqqani network")
    assert client.get(f"/api/entities/{hq}").json()["relations"] == []
    # a later confirmation overrides the rejection, and marks the fact as vouched for
    assert _post(client, "confirm", {"claims": ["npr2:r2"]}).status_code == 200
    assert _edges(client)[ALLIED]["confirmed"] is True
    based = _edges(client)[("Baitullah Mehsud", "based_in", "Waziristan")]
    assert _post(client, "reject", {"fact": based["id"]}).status_code == 200
    assert ("Baitullah Mehsud", "based_in", "Waziristan") not in _edges(client)


def test_reject_event(client):
    events = client.get("/api/events").json()["items"]
    assert [e["claims"] for e in events] == [["npr2:e0"]]
    assert _post(client, "reject", {"fact": events[0]["id"]}).status_code == 200
    assert client.get("/api/events").json()["items"] == []


def test_decisions_record_who_and_why(client):
    _post(client, "rename", {"entity": "Waziristan", "name": "North Waziristan", "why": "more precise"})
    _post(client, "retype", {"entity": "Haqqani network", "type": "ORGANIZATION"}, **{"X-Newsgraph-User": "ayesha"})
    _post(client, "reject", {"claims": ["npr2:r2"], "by": "omar"}, **{"X-Newsgraph-User": "ayesha"})
    items = client.get("/api/decisions", headers=AUTH).json()["items"]
    assert [(d["action"], d["by"], d["why"]) for d in items] == [
        ("rename", "web", "more precise"), ("retype", "ayesha", None), ("reject", "omar", None)]
    assert items[0]["summary"] == "rename 'Waziristan' (LOCATION) to 'North Waziristan'"
    assert all(d["at"] and d["undone"] is False for d in items)


def test_undo_restores_and_is_listed(client):
    hq = _id(client, "Haqqani network")
    first = _post(client, "rename", {"entity": hq, "name": "HQN"}).json()["decision"]["id"]
    second = _post(client, "reject", {"claims": ["npr2:r2"]}).json()["decision"]["id"]
    listed = client.get("/api/decisions", headers=AUTH).json()
    assert listed["undoable"] == second
    # the page names the decision it shows as latest: an out-of-date view is refused
    r = _post(client, "undo", {"decision": first})
    assert r.status_code == 409 and f"#{second}" in r.json()["error"]
    r = _post(client, "undo", {"decision": second, "why": "too hasty"})
    assert r.status_code == 200 and r.json()["decision"]["id"] == second
    assert ("HQN", "allied_with", "Hakimullah Mehsud") in _edges(client)
    assert _post(client, "undo", {}).json()["decision"]["id"] == first
    assert client.get(f"/api/entities/{hq}").json()["name"] == "Haqqani network"
    listed = client.get("/api/decisions", headers=AUTH).json()
    assert [(d["action"], d["undone"]) for d in listed["items"]] == [
        ("rename", True), ("reject", True), ("undo", False), ("undo", False)]
    assert listed["items"][2]["why"] == "too hasty"
    assert listed["undoable"] is None
    assert client.get("/api/decisions", params={"active": True}, headers=AUTH).json()["items"][0]["action"] == "undo"


def test_concurrent_writes_are_serialised(client):
    names = [f"Waziristan {i}" for i in range(8)]
    codes: list[int] = []

    def rename(name: str) -> None:
        codes.append(_post(client, "rename", {"entity": _wid, "name": name}).status_code)

    _wid = _id(client, "Waziristan")
    threads = [threading.Thread(target=rename, args=(n,)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert codes == [200] * len(names)
    assert len(client.get("/api/decisions", headers=AUTH).json()["items"]) == len(names)
    assert client.get(f"/api/entities/{_wid}").json()["name"] in names


def test_server_threads_share_one_read_model_rebuilt_once_per_write(client):
    """Concurrent reads build the facts once, not once per worker thread; a write gives the next
    read a fresh model (one more build), which answers with the write applied."""
    from concurrent.futures import ThreadPoolExecutor

    stores = client.app.state.stores
    urls = ["/api/network", "/api/stats", "/api/events", "/api/network?as_of=2009-08", "/api/months"] * 8
    with ThreadPoolExecutor(16) as pool:
        assert {r.status_code for r in pool.map(client.get, urls)} == {200}
    first = stores.current()
    assert first.builds["facts"] == 1 and first.builds["json"] == 5  # each answer built once, not 8 times
    assert ALLIED in _edges(client)
    assert _post(client, "reject", {"fact": _edges(client)[ALLIED]["id"]}).status_code == 200
    with ThreadPoolExecutor(16) as pool:
        assert {r.status_code for r in pool.map(client.get, urls)} == {200}
    second = stores.current()
    assert second is not first and second.builds["facts"] == 1
    assert ALLIED not in _edges(client)


def test_reads_need_no_token_and_stay_read_only(client, db):
    assert client.get("/api/network").status_code == 200
    assert client.post("/api/network", json={}).status_code in (404, 405)
    assert "review" in {t for p in client.get("/openapi.json").json()["paths"].values()
                        for op in p.values() for t in op.get("tags", [])}


# -- survives a re-ingest ------------------------------------------------------------------------------
TEXTS = {
    "a1.txt": "Abu Zubair led the Valley Liberation Army in the north of Kandahar. "
              "Abu Zubair said the group would fight on.\n",
    "a2.txt": "Zubair Khan, the leader of the Northern Valley Fighters, was killed in a drone strike in Kandahar "
              "on Monday. Officials said Zubair Khan had survived earlier attacks.\n",
}


def test_web_decisions_survive_reingest(tmp_path):
    from newsgraph.pipeline import ingest

    paths = []
    for name, text in TEXTS.items():
        (tmp_path / name).write_text(text)
        paths.append(str(tmp_path / name))
    db = str(tmp_path / "reingest.db")
    assert ingest(paths, db, published="2009-06-25").added == 2
    client = TestClient(create_app(db, edit_token=TOKEN))
    leads = [k for k in _edges(client) if k[1] == "leads"]
    assert ("Abu Zubair", "leads", "Valley Liberation Army") in leads, leads
    assert _post(client, "merge", {"keep": "Abu Zubair", "gone": "Zubair Khan", "why": "one man"}).status_code == 200
    fighters = _edges(client)[("Abu Zubair", "leads", "Northern Valley Fighters")]
    assert _post(client, "reject", {"claims": fighters["claims"]}).status_code == 200

    assert ingest(paths, db, published="2009-06-25", replace_existing=True).added == 2

    edges = _edges(client)  # the same server: its read side sees the re-ingest too
    assert ("Abu Zubair", "leads", "Valley Liberation Army") in edges
    assert ("Abu Zubair", "leads", "Northern Valley Fighters") not in edges
    assert not [k for k in edges if "Zubair Khan" in k]
    names = [e["name"] for e in client.get("/api/entities", params={"q": "Zubair"}).json()["items"]]
    assert names == ["Abu Zubair"]
    assert "Zubair Khan" in client.get(f"/api/entities/{_id(client, 'Abu Zubair')}").json()["aliases"]
    assert [d["action"] for d in client.get("/api/decisions", headers=AUTH).json()["items"]] == ["merge", "reject"]


def test_serve_refuses_a_short_token_and_says_how_to_sign_in(db, capsys, monkeypatch):
    from newsgraph.web import api

    with pytest.raises(NewsgraphError, match="at least 16"):
        api.serve(str(db), edit_token="short")
    if not api.vendor.is_vendored():
        pytest.skip("web assets not vendored")
    ran = []
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: ran.append(app))
    monkeypatch.setattr(api.geo, "gazetteer", lambda: None)
    api.serve(str(db), edit_token=TOKEN)
    out = capsys.readouterr().out
    assert "Sign in to edit" in out and "Authorization: Bearer" in out
    assert TOKEN not in out  # never echoed to logs
    assert TestClient(ran[0], base_url="http://127.0.0.1").get("/api/config").json()["edits"] is True
