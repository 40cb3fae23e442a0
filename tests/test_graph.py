"""Facts and queries: validity periods, deaths ending relations, corrections and conflicts, as-of networks."""

from __future__ import annotations

import pytest

from newsgraph.errors import NewsgraphError
from newsgraph.extract.kb import KnowledgeBase
from newsgraph.pipeline import ingest
from newsgraph.query.facts import RelationFact, period
from newsgraph.query.graph import Graph, holds_at, parse_as_of
from newsgraph.records import Event, Evidence, Relation, Role, Timex
from newsgraph.store import Store

from .conftest import SAMPLES
from .test_store import _result


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2009-08", ("2009-08-01", "2009-08-31")),
        ("2008-02", ("2008-02-01", "2008-02-29")),
        ("2009", ("2009-01-01", "2009-12-31")),
        ("2009-12-30", ("2009-12-30", "2009-12-30")),
        ("2009-W26", ("2009-06-22", "2009-06-28")),
        ("2009-SU", ("2009-06-01", "2009-08-31")),
        ("2009-WI", ("2009-12-01", "2010-02-28")),
        ("P2M", None),
        ("PAST_REF", None),
        (None, None),
    ],
)
def test_period(value, expected):
    assert period(value) == expected


@pytest.mark.parametrize("bad", ["2009-13", "2009-02-30", "June 2009", "20091", "2009-06-01x"])
def test_parse_as_of_rejects_malformed(bad):
    with pytest.raises(NewsgraphError):
        parse_as_of(bad)


# "Held in the world" never reaches into an unknown past: before the first report, a relation
# without a stated start is absent (it once held from the beginning of time when its end was known).
@pytest.mark.parametrize(("valid_from", "valid_to", "reported", "as_of", "held"), [
    ("2009-08", None, "2010-01-02", "2009-08-01", True),   # a stated start wins, even before the report
    ("2009-08", None, "2010-01-02", "2009-07-31", False),
    (None, None, "2009-06-25", "2009-06-24", False),       # no start: from the first report
    (None, None, "2009-06-25", "2009-06-25", True),
    (None, "2009-08", "2009-06-25", "2009-06-24", False),  # a known end does not open it to the past
    (None, "2009-08", "2009-06-25", "2009-08-31", True),
    (None, "2009-08", "2009-06-25", "2009-09-01", False),
    (None, "2009-08", "2009-12-30", "2009-07-31", False),  # reported after it ended: held in its last month
    (None, "2009-08", "2009-12-30", "2009-08-15", True),
    (None, "2009-08", "2009-12-30", "2009-12-30", False),
    (None, None, None, "1900-01-01", True),                # an undated archive bounds nothing
    (None, "2009-08", None, "2009-07-31", False),          # ... but a stated end does
])
def test_holds_at_never_before_first_report(valid_from, valid_to, reported, as_of, held):
    fact = RelationFact(id="rel1", type="leads", subtype=None, subject=1, object=2, object_is_event=False,
                        polarity=True, modality="asserted", valid_from=valid_from, valid_to=valid_to,
                        attributed_to=None, retracted=False, published=reported)
    assert holds_at(fact, as_of) is held


def test_fact_reported_is_earliest_dated_article(db_path):
    """An undated article sorts first; the fact's first report is still the earliest date."""
    ents = [("Baitullah Mehsud", "PERSON", ["Baitullah Mehsud"], None),
            ("Tehrik-e-Taliban Pakistan", "ARMED_GROUP", ["Tehrik-e-Taliban Pakistan"], None)]
    with Store(db_path) as store:
        for aid, text, published in (("undated", "Baitullah Mehsud leads Tehrik-e-Taliban Pakistan.", None),
                                     ("dated", "Baitullah Mehsud still leads Tehrik-e-Taliban Pakistan, "
                                               "officials said on Thursday.", "2009-06-25")):
            r = _result(text, ents, published=published, aid=aid)
            r.relations.append(Relation("leads", 0, 1, (Evidence(0, len(text), text, 0),)))
            store.save(r, KnowledgeBase())
        (fact,) = [f for f in Graph(store).facts()[1] if f.type == "leads"]
        assert sorted(fact.articles) == ["dated", "undated"] and fact.published == "2009-06-25"


def test_reports_of_one_killing_merge_across_articles(db_path):
    """One wire says "was shot to death on Oct. 23", another "killed last fall": the periods
    overlap and the subtypes are one event's (the rule that merges mentions within an article),
    so the archive holds one event, with the finer date and the more specific subtype."""
    ents = [("Barnett Slepian", "PERSON", ["Barnett Slepian"], None)]
    reports = (("a1", "Barnett Slepian was shot to death on Oct. 23.", "shot", "shooting", "1998-10-23", "day"),
               ("a2", "The killing of Barnett Slepian last fall shocked doctors.", "killing", "killing",
                "1998-FA", "season"),
               ("a3", "Barnett Slepian was killed in 1997, a reader wrote.", "killed", "killing", "1997", "year"))
    with Store(db_path) as store:
        for aid, text, trigger, subtype, value, precision in reports:
            r = _result(text, ents, published="1999-06-07", aid=aid)
            t = text.index(trigger)
            date = Timex(0, 1, value, value, precision, "1999-06-07", 0)
            r.events.append(Event("ASSAULT", subtype, Evidence(t, t + len(trigger), trigger, 0),
                                  roles=(Role("victim", "Barnett Slepian", 0, 15, 0),), date=date,
                                  evidence=(Evidence(0, len(text), text, 0),)))
            store.save(r, KnowledgeBase())
        facts = sorted(Graph(store).facts()[0], key=lambda f: len(f.articles))
        assert [(sorted(f.articles), f.subtype, (f.date or {}).get("value")) for f in facts] == [
            (["a3"], "killing", "1997"),  # another year: kept apart
            (["a1", "a2"], "shooting", "1998-10-23"),
        ]


def test_parse_as_of_forms():
    assert parse_as_of("2009") == "2009-01-01"
    assert parse_as_of("2009-06") == "2009-06-01"


def test_death_ends_relations_across_articles(db_path):
    """A relation from one article ends when another article reports the person's death."""
    kb = KnowledgeBase()
    text1 = "Abu Musab al-Zarqawi leads al-Qaeda in Iraq, officials said."
    r1 = _result(text1, [("Abu Musab al-Zarqawi", "PERSON", ["Abu Musab al-Zarqawi"], None),
                         ("al-Qaeda in Iraq", "ARMED_GROUP", ["al-Qaeda in Iraq"], None)], published="2005-03-01",
                 aid="a1")
    r1.relations.append(Relation("leads", 0, 1, (Evidence(0, len(text1), text1, 0),)))
    text2 = "Abu Musab al-Zarqawi was killed in an air strike in June 2006."
    r2 = _result(text2, [("Abu Musab al-Zarqawi", "PERSON", ["Abu Musab al-Zarqawi"], None)],
                 published="2006-06-09", aid="a2")
    trig = text2.index("killed")
    from newsgraph.records import Timex

    date = Timex(text2.index("June"), text2.index("June") + 9, "June 2006", "2006-06", "month")
    r2.events.append(Event("ASSAULT", "air_strike", Evidence(trig, trig + 6, "killed", 0),
                           roles=(Role("victim", "Abu Musab al-Zarqawi", 0, 20, 0),), date=date, killed=1,
                           evidence=(Evidence(0, len(text2), text2, 0),)))
    with Store(db_path) as store:
        store.save(r1, kb)
        store.save(r2, kb)
        g = Graph(store)
        rel = g.relations("Abu Musab al-Zarqawi")[0]
        assert rel["valid_to"] == "2006-06"
        assert g.network(as_of="2005-06-01")["edges"]
        assert not g.network(as_of="2006-07-01")["edges"]


def test_reported_death_does_not_end_relations(db_path):
    """Only an asserted death ends a person's relations: "the army said it killed X" may be wrong."""
    from newsgraph.records import Timex

    kb = KnowledgeBase()
    text1 = "Abu Hamza leads the Ansar Brigade, officials said."
    r1 = _result(text1, [("Abu Hamza", "PERSON", ["Abu Hamza"], None),
                         ("Ansar Brigade", "ARMED_GROUP", ["Ansar Brigade"], None)], published="2011-03-01",
                 aid="b1")
    r1.relations.append(Relation("leads", 0, 1, (Evidence(0, len(text1), text1, 0),)))
    text2 = "The army said Abu Hamza was killed in an air strike in May 2012."
    r2 = _result(text2, [("Abu Hamza", "PERSON", ["Abu Hamza"], None)], published="2012-05-20", aid="b2")
    trig = text2.index("killed")
    start = text2.index("Abu Hamza")
    date = Timex(text2.index("May"), text2.index("May") + 8, "May 2012", "2012-05", "month")
    r2.events.append(Event("ASSAULT", "air_strike", Evidence(trig, trig + 6, "killed", 0),
                           roles=(Role("victim", "Abu Hamza", start, start + 9, 0),), date=date, killed=1,
                           modality="reported", attributed_to="The army",
                           evidence=(Evidence(0, len(text2), text2, 0),)))
    with Store(db_path) as store:
        store.save(r1, kb)
        store.save(r2, kb)
        rel = Graph(store).relations("Abu Hamza")[0]
        assert rel["valid_to"] is None


def test_correction_retracts_own_article_and_conflicts_with_others(db_path):
    kb = KnowledgeBase()
    people = [("Hakimullah Mehsud", "PERSON", ["Hakimullah Mehsud"], None),
              ("Baitullah Mehsud", "PERSON", ["Baitullah Mehsud"], None)]
    t1 = "Hakimullah Mehsud and Baitullah Mehsud are brothers."
    r1 = _result(t1, people, published="2009-08-10", aid="wire")
    r1.relations.append(Relation("family", 0, 1, (Evidence(0, len(t1), t1, 0),), subtype="brother_of"))
    t2 = "Hakimullah Mehsud and Baitullah Mehsud were not brothers, a correction said."
    r2 = _result(t2, people, published="2010-02-02", aid="paper")
    ev = (Evidence(0, len(t2), t2, 0),)
    r2.relations.append(Relation("family", 0, 1, ev, subtype="brother_of"))  # the earlier web version
    r2.relations.append(Relation("family", 1, 0, ev, subtype="brother_of", polarity=False, modality="negated",
                                 retracted=True))
    with Store(db_path) as store:
        store.save(r1, kb)
        store.save(r2, kb)
        g = Graph(store)
        claims = [c for c in g.facts()[1] if c.type == "family"]
        by_article = {tuple(c.articles): c for c in claims if c.polarity}
        assert by_article[("paper",)].retracted is True  # corrected in its own article
        assert by_article[("wire",)].retracted is False  # another source still says so
        conflicts = g.conflicts()
        assert len(conflicts) == 1 and conflicts[0]["type"] == "family"
        assert not [e for e in g.network()["edges"] if e["retracted"]]


@pytest.fixture(scope="module")
def seed_graph(tmp_path_factory):
    db = tmp_path_factory.mktemp("g") / "seed.db"
    ingest([str(SAMPLES)], str(db))
    store = Store(db, readonly=True)
    yield Graph(store)
    store.close()


def _edges(net: dict) -> set[tuple[str, str, str]]:
    return {(e["subject_name"], e["type"], str(e["object_name"])) for e in net["edges"]}


def test_seed_network_changes_with_leadership(seed_graph):
    assert seed_graph.network(as_of="2009-06-24")["edges"] == []  # the day before the first article
    before = _edges(seed_graph.network(as_of="2009-07-01"))
    after = _edges(seed_graph.network(as_of="2010-01-15"))
    ttp = "Tehrik-e-Taliban Pakistan"
    assert ("Baitullah Mehsud", "leads", ttp) in before
    assert ("Hakimullah Mehsud", "leads", ttp) not in before
    assert ("Hakimullah Mehsud", "leads", ttp) in after
    assert ("Baitullah Mehsud", "leads", ttp) not in after


def test_seed_family_and_rivalry(seed_graph):
    rels = {(r["subject_name"], r["type"], r["subtype"], r["object_name"], r["retracted"])
            for r in seed_graph.relations("Jalaluddin Haqqani")}
    assert ("Jalaluddin Haqqani", "family", "father_of", "Sirajuddin Haqqani", False) in rels
    rivals = {r["object_name"] for r in seed_graph.relations("Qari Zainuddin") if r["type"] == "rival_of"} | {
        r["subject_name"] for r in seed_graph.relations("Qari Zainuddin") if r["type"] == "rival_of"}
    assert "Baitullah Mehsud" in rivals
    brothers = [r for r in seed_graph.relations("Hakimullah Mehsud") if r["subtype"] == "brother_of"]
    assert brothers and all(r["retracted"] and not r["polarity"] for r in brothers)


def test_seed_path_has_evidence(seed_graph):
    paths = seed_graph.path("Hakimullah Mehsud", "Baitullah Mehsud")
    assert paths
    for hop in paths[0]:
        assert hop["evidence"] and hop["evidence"][0]["text"]


def test_seed_timeline_is_ordered(seed_graph):
    items = seed_graph.timeline("Baitullah Mehsud")
    dated = [i["date"] for i in items if i["date"]]
    assert dated == sorted(dated) and dated


def test_competing_culprits_and_leaders_are_conflicts(db_path):
    """Two sources blaming different groups for one attack, or naming different leaders of a
    group at the same time, show side by side in conflicts; a succession does not."""
    kb = KnowledgeBase()
    groups = [("Ansar Brigade", "ARMED_GROUP", ["Ansar Brigade"], None),
              ("Delta Front", "ARMED_GROUP", ["Delta Front"], None),
              ("Abu Hamza", "PERSON", ["Abu Hamza"], None),
              ("Umar Saleh", "PERSON", ["Umar Saleh"], None),
              ("Gao", "LOCATION", ["Gao"], None)]
    t1 = ("The Ansar Brigade bombed the market in Gao on Monday, not the Delta Front. "
          "Abu Hamza leads the Ansar Brigade; Umar Saleh was not there.")
    r1 = _result(t1, groups, published="2012-05-07", aid="one")
    t2 = ("The Delta Front bombed the market in Gao on Monday, not the Ansar Brigade. "
          "Umar Saleh leads the Ansar Brigade; Abu Hamza was not there.")
    r2 = _result(t2, groups, published="2012-05-08", aid="two")
    from newsgraph.records import Timex
    for r, text, perp in ((r1, t1, 0), (r2, t2, 1)):
        trig = text.index("bombed")
        day = Timex(text.index("Monday"), text.index("Monday") + 6, "Monday", "2012-05-07", "day")
        r.events.append(Event("ASSAULT", "bombing", Evidence(trig, trig + 6, "bombed", 0),
                              roles=(Role("perpetrator", "x", 0, 3, perp),), date=day, location=4,
                              evidence=(Evidence(0, len(text), text, 0),)))
        r.relations.append(Relation("responsible_for", perp, 0, (Evidence(0, 10, text[:10], 0),),
                                    object_is_event=True))
        r.relations.append(Relation("leads", 2 if r is r1 else 3, 0, (Evidence(0, 10, text[:10], 0),)))
    with Store(db_path) as store:
        store.save(r1, kb)
        store.save(r2, kb)
        kinds = {c["kind"] for c in Graph(store).conflicts()}
        assert {"responsibility", "leadership"} <= kinds


# -- one read model shared by threads ----------------------------------------------------------------
def test_threads_share_one_fact_build(db_path, monkeypatch):
    """Twenty threads, each with its own connection and Graph, asking for the facts at once over
    one ReadModel: one build, the others wait for it and get the very same lists."""
    import threading
    import time

    import newsgraph.query.graph as graph_module
    from newsgraph.query.graph import ReadModel

    from .test_store import _first, _kb

    with Store(db_path) as store:
        store.save(_first(store), _kb())
    calls: list[int] = []
    real = graph_module.event_facts

    def slow_event_facts(store):
        calls.append(1)
        time.sleep(0.3)  # long enough that every thread arrives during the build
        return real(store)

    monkeypatch.setattr(graph_module, "event_facts", slow_event_facts)
    model = ReadModel()
    gate = threading.Barrier(20)
    got: list[object] = []

    def read() -> None:
        with Store(db_path, readonly=True) as store:
            gate.wait()
            got.append(Graph(store, model).facts())

    threads = [threading.Thread(target=read) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert len(got) == 20 and all(f is got[0] for f in got)
    assert len(calls) == 1 and model.builds["facts"] == 1


def test_read_model_is_bounded_and_keeps_the_facts():
    from newsgraph.query.graph import ReadModel

    model = ReadModel(max_entries=3)
    model.get(("facts",), lambda: "facts")
    for i in range(10):
        model.get(("json", i), lambda i=i: i)
    assert model.get(("facts",), lambda: "rebuilt") == "facts"  # pinned
    assert model.get(("json", 0), lambda: "rebuilt") == "rebuilt"  # evicted long ago
    assert model.get(("json", 9), lambda: "rebuilt") == 9


def test_failed_build_is_not_kept():
    from newsgraph.query.graph import ReadModel

    model = ReadModel()
    with pytest.raises(KeyError):
        model.get(("json", "x"), lambda: {}["missing"])
    assert model.get(("json", "x"), lambda: 1) == 1 and not model._locks
