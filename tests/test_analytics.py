"""Analytics: centrality, communities, new connections that bridge separate groups.

``build_scenario`` (also used by the export, geo and report tests) writes a small store by hand:
two articles six months apart.  In June 2009 the TTP cluster (Baitullah, Hakimullah, Zainuddin)
and the Haqqani cluster (Sirajuddin Haqqani, Haqqani network) are separate networks; the
December article reports the TTP allied with the Haqqani network (a reconnection), Hakimullah
taking over the TTP (inside an existing cluster) and Haqqani's tie to al-Qaeda (a new actor).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.extract.kb import KBEntry, load_kb
from newsgraph.query import analytics
from newsgraph.records import (
    Article,
    ArticleResult,
    Event,
    Evidence,
    LocalEntity,
    Mention,
    Relation,
    Role,
    Timex,
)
from newsgraph.store import Store

TEXT_A = (
    "Baitullah Mehsud leads the Tehrik-e-Taliban Pakistan from South Waziristan. "
    "Hakimullah Mehsud is a commander of the TTP. "
    "Qari Zainuddin is the main rival of Baitullah Mehsud. "
    "Sirajuddin Haqqani leads the Haqqani network. "
    "On June 9, 2009 the TTP bombed the Pearl Continental Hotel Peshawar, killing 17 people in Peshawar. "
    "A witness wrote <script>alert('x')</script> & fled."
)
TEXT_B = (
    "The Tehrik-e-Taliban Pakistan is now allied with the Haqqani network, officials said. "
    "Hakimullah Mehsud took charge of the TTP in August 2009. "
    "The Haqqani network is close to al-Qaeda, analysts speculated. "
    "Hyderabad and Karachi saw protests."
)


def _sentences(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch == "." and (i + 1 == len(text) or text[i + 1] == " "):
            out.append((start, i + 1))
            start = i + 2
    return out


def _article(aid: str, text: str, published: str, publisher: str,
             ents: list[tuple[str, str, list[str], str | None]]) -> ArticleResult:
    article = Article(id=aid, source=f"{aid}.txt", raw_text=text, text=text, published=published,
                      publisher=publisher, title=f"Story {aid}", offsets=((0, 0, len(text)),))
    sents = _sentences(text)
    result = ArticleResult(article=article, sentences=sents)
    for idx, (name, etype, forms, kb_id) in enumerate(ents):
        local = LocalEntity(name=name, type=etype, kb_id=kb_id, aliases=sorted(set(forms)))
        for form in forms:
            start = text.index(form)
            sent = next(i for i, (s, e) in enumerate(sents) if s <= start < e)
            result.mentions.append(Mention(start, start + len(form), form, etype, sent, idx, "ner", kb_id))
            local.mentions.append(len(result.mentions) - 1)
        result.entities.append(local)
    return result


def _ev(text: str, sents: list[tuple[int, int]], needle: str) -> Evidence:
    """The whole sentence containing ``needle``, as the extractors cite it."""
    pos = text.index(needle)
    i = next(i for i, (s, e) in enumerate(sents) if s <= pos < e)
    s, e = sents[i]
    return Evidence(s, e, text[s:e], i)


def build_scenario(path: str | Path) -> Store:
    store = Store(path)
    # An imported actor dictionary gives the TTP a date-bounded CAMEO code.
    store.save_kb_entries([KBEntry("ttp", "Tehrik-e-Taliban Pakistan", "ARMED_GROUP",
                                   cameo=("PAKREBTTP 20071201-",), source="test")])
    kb = load_kb((), store.kb_entries())
    a = _article("artA", TEXT_A, "2009-06-25", "CBS News", [
        ("Baitullah Mehsud", "PERSON", ["Baitullah Mehsud"], "baitullah_mehsud"),          # 0
        ("Tehrik-e-Taliban Pakistan", "ARMED_GROUP", ["Tehrik-e-Taliban Pakistan", "TTP"], "ttp"),  # 1
        ("Hakimullah Mehsud", "PERSON", ["Hakimullah Mehsud"], "hakimullah_mehsud"),        # 2
        ("Qari Zainuddin", "PERSON", ["Qari Zainuddin"], "qari_zainuddin"),                 # 3
        ("Sirajuddin Haqqani", "PERSON", ["Sirajuddin Haqqani"], "sirajuddin_haqqani"),     # 4
        ("Haqqani network", "ARMED_GROUP", ["Haqqani network"], "haqqani_network"),         # 5
        ("South Waziristan", "LOCATION", ["South Waziristan"], None),                        # 6
        ("Pearl Continental Hotel Peshawar", "FACILITY", ["Pearl Continental Hotel Peshawar"],
         "pearl_continental_peshawar"),                                                      # 7
        ("Peshawar", "LOCATION", ["in Peshawar"], None),                                    # 8
    ])
    # "in Peshawar" was a convenient unique needle; the mention itself is the name.
    m = a.mentions[-1]
    a.mentions[-1] = Mention(m.start + 3, m.end, "Peshawar", m.type, m.sentence, m.entity, m.source, m.kb_id)
    a.entities[8].aliases = ["Peshawar"]
    sa = a.sentences
    a.relations += [
        Relation("leads", 0, 1, (_ev(TEXT_A, sa, "Baitullah Mehsud leads"),)),
        Relation("based_in", 1, 6, (_ev(TEXT_A, sa, "Baitullah Mehsud leads"),)),
        Relation("member_of", 2, 1, (_ev(TEXT_A, sa, "commander of"),)),
        Relation("rival_of", 3, 0, (_ev(TEXT_A, sa, "main rival"),)),
        Relation("leads", 4, 5, (_ev(TEXT_A, sa, "Sirajuddin Haqqani leads"),)),
    ]
    d = TEXT_A.index("June 9, 2009")
    a.timexes.append(Timex(d, d + 12, "June 9, 2009", "2009-06-09", "day", "2009-06-25", 4))
    trig = TEXT_A.index("bombed")
    a.events.append(Event("ASSAULT", "bombing", Evidence(trig, trig + 6, "bombed", 4),
                          roles=(Role("perpetrator", "TTP", TEXT_A.index("TTP bombed"), TEXT_A.index("TTP bombed") + 3, 1),
                                 Role("target", "the Pearl Continental Hotel Peshawar", TEXT_A.index("the Pearl"),
                                      TEXT_A.index("the Pearl") + 36, 7)),
                          date=a.timexes[0], location=8, killed=17,
                          evidence=(_ev(TEXT_A, sa, "bombed"), _ev(TEXT_A, sa, "<script>"))))
    store.save(a, kb)
    b = _article("artB", TEXT_B, "2009-12-30", "NPR", [
        ("Tehrik-e-Taliban Pakistan", "ARMED_GROUP", ["Tehrik-e-Taliban Pakistan", "TTP"], "ttp"),  # 0
        ("Haqqani network", "ARMED_GROUP", ["Haqqani network"], "haqqani_network"),                 # 1
        ("Hakimullah Mehsud", "PERSON", ["Hakimullah Mehsud"], "hakimullah_mehsud"),                # 2
        ("al-Qaeda", "ARMED_GROUP", ["al-Qaeda"], None),                                           # 3
        ("Hyderabad", "LOCATION", ["Hyderabad"], None),                                            # 4
        ("Karachi", "LOCATION", ["Karachi"], None),                                                # 5
    ])
    sb = b.sentences
    b.relations += [
        Relation("allied_with", 0, 1, (_ev(TEXT_B, sb, "allied"),), attributed_to="officials", modality="reported"),
        Relation("leads", 2, 0, (_ev(TEXT_B, sb, "took charge"),), valid_from="2009-08"),
        Relation("allied_with", 1, 3, (_ev(TEXT_B, sb, "close to"),), modality="speculated",
                 attributed_to="analysts"),
    ]
    store.save(b, kb)
    return store


@pytest.fixture
def scenario(tmp_path: Path) -> Store:
    store = build_scenario(tmp_path / "scenario.db")
    yield store
    store.close()


def _id(store: Store, name: str) -> int:
    return store.query("SELECT id FROM entities WHERE name = ?", (name,))[0]["id"]


def test_centrality_ranks_the_broker_first(scenario: Store) -> None:
    rows = analytics.centrality(scenario)
    # The TTP links Baitullah's circle, Hakimullah and (since December) the Haqqani network.
    assert rows[0]["name"] == "Tehrik-e-Taliban Pakistan"
    assert rows[0]["betweenness"] > 0
    leaves = {r["name"]: r for r in rows}
    assert leaves["Qari Zainuddin"]["betweenness"] == 0
    assert leaves["Qari Zainuddin"]["degree"] == 1


@pytest.mark.parametrize("as_of, together, apart", [
    # June 2009: two separate networks, so never one community.
    ("2009-07-01", [("Baitullah Mehsud", "Qari Zainuddin")], [("Tehrik-e-Taliban Pakistan", "Haqqani network")]),
    # Every fact: the Haqqani pair stays a cluster of its own, apart from Baitullah's rival.
    (None, [("Sirajuddin Haqqani", "Haqqani network")], [("Qari Zainuddin", "al-Qaeda")]),
])
def test_communities(scenario: Store, as_of: str | None, together: list[tuple[str, str]],
                     apart: list[tuple[str, str]]) -> None:
    g = analytics.network_at(scenario, as_of)
    comm = analytics.community_of(analytics.communities(g))
    for a, b in together:
        assert comm[_id(scenario, a)] == comm[_id(scenario, b)]
    for a, b in apart:
        ia, ib = _id(scenario, a), _id(scenario, b)
        assert ia not in g or ib not in g or comm[ia] != comm[ib]


def test_network_at_respects_validity(scenario: Store) -> None:
    # Hakimullah's leadership starts 2009-08; in July only his membership holds.
    july = analytics.network_at(scenario, "2009-07-15")
    hak, ttp = _id(scenario, "Hakimullah Mehsud"), _id(scenario, "Tehrik-e-Taliban Pakistan")
    assert july[hak][ttp]["weight"] == 1
    assert analytics.network_at(scenario, "2009-09-01")[hak][ttp]["weight"] == 2


@pytest.mark.parametrize("subject, obj, new_pair, bridges_components, bridges_communities, new_actors", [
    ("Tehrik-e-Taliban Pakistan", "Haqqani network", True, True, True, []),
    ("Hakimullah Mehsud", "Tehrik-e-Taliban Pakistan", False, False, False, []),
    ("Haqqani network", "al-Qaeda", True, False, False, ["al-Qaeda"]),
])
def test_new_connections_since(scenario: Store, subject: str, obj: str, new_pair: bool,
                               bridges_components: bool, bridges_communities: bool, new_actors: list[str]) -> None:
    rows = {(r["subject_name"], r["object_name"]): r for r in analytics.new_connections(scenario, "2009-07-01")}
    assert len(rows) == 3  # the June relations are the baseline, not news
    r = rows[(subject, obj)]
    assert (r["new_pair"], r["bridges_components"], r["bridges_communities"]) == (
        new_pair, bridges_components, bridges_communities)
    assert r["new_actors"] == new_actors
    assert r["evidence"] and r["reported"] == "2009-12-30"


def test_new_connections_before_everything_lists_all(scenario: Store) -> None:
    rows = analytics.new_connections(scenario, "2009")
    assert len(rows) == 8
    assert not any(r["bridges_components"] for r in rows)  # nothing was known before


def test_community_changes_sees_the_merge(scenario: Store) -> None:
    change = analytics.community_changes(scenario, "2009-07-01", "2010-01-31")
    assert change["actors_before"] == 7 and change["actors_after"] == 8
    assert isinstance(change["split"], list) and isinstance(change["merged"], list)


def test_empty_store(tmp_path: Path) -> None:
    with Store(tmp_path / "empty.db") as store:
        assert analytics.centrality(store) == []
        assert analytics.new_connections(store, "2009-01-01") == []
        assert analytics.community_table(store) == []
