"""Review with memory: each decision's effect, its undo, and its survival of a full re-ingest.

Stores are built with the real pipeline on three short texts (the model loads once per process).
The two people below have different given names, so the resolver never joins them on its own:
a merge that holds after ``ingest --replace`` holds because :func:`review.reapply` re-applied it.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from newsgraph.errors import NewsgraphError, NotFoundError
from newsgraph.pipeline import ingest
from newsgraph.query import review
from newsgraph.query.graph import Graph
from newsgraph.store import Store

TEXTS = {
    "a1.txt": "Abu Zubair led the Valley Liberation Army in the north of Kandahar. "
              "Abu Zubair said the group would fight on.\n",
    "a2.txt": "Zubair Khan, the leader of the Northern Valley Fighters, was killed in a drone strike in Kandahar "
              "on Monday. Officials said Zubair Khan had survived earlier attacks.\n",
}
LATER = "The Northern Valley Fighters attacked a police post in Helmand. Zubair Khan was not seen.\n"


@pytest.fixture
def corpus(tmp_path: Path) -> list[str]:
    paths = []
    for name, text in TEXTS.items():
        (tmp_path / name).write_text(text)
        paths.append(str(tmp_path / name))
    return paths


@pytest.fixture
def store(corpus, tmp_path: Path):
    db = tmp_path / "review.db"
    report = ingest(corpus, str(db), published="2009-06-25")
    assert (report.added, report.failed) == (2, 0)
    with Store(db) as s:
        yield s


def reingest(store: Store, paths: list[str], *, apply: bool = True) -> None:
    """A full re-ingest with --replace; the pipeline re-applies the decisions itself.

    ``apply=False`` stops the pipeline's re-application, to show what the resolver alone would do.
    """
    from unittest import mock

    with mock.patch.object(review, "reapply", return_value=[]) if not apply else contextlib.nullcontext():
        report = ingest(paths, store, published="2009-06-25", replace_existing=True)
    assert report.failed == 0


def eid(store: Store, name: str) -> int:
    return Graph(store).entity_id(name)


def spans(store: Store, entity: int) -> set[tuple[str, int, int]]:
    return {tuple(r) for r in store.query('SELECT article_id, start, "end" FROM mentions WHERE entity_id = ?',
                                          (entity,))}


def article_of(store: Store, word: str) -> str:
    return store.query("SELECT id FROM articles WHERE text LIKE ?", (f"%{word}%",))[0][0]


def relation_subject(store: Store, article: str) -> int:
    return store.query("SELECT subject_entity FROM relations WHERE article_id = ? AND type = 'leads'",
                       (article,))[0][0]


def victim(store: Store, article: str) -> int:
    return store.query("SELECT r.entity_id FROM event_roles r JOIN events e ON e.id = r.event_id "
                       "WHERE e.article_id = ? AND r.role = 'victim'", (article,))[0][0]


def names(store: Store) -> list[str]:
    return sorted(r[0] for r in store.query("SELECT name FROM entities"))


# -- merge --------------------------------------------------------------------------------------
def test_merge_moves_everything(store):
    a, b = eid(store, "Abu Zubair"), eid(store, "Zubair Khan")
    a2 = article_of(store, "Zubair Khan")
    before = spans(store, a) | spans(store, b)
    d = review.merge(store, "Abu Zubair", "Zubair Khan", by="ana", why="same man, per ISW profile")
    assert d.action == "merge" and d.by == "ana"
    assert spans(store, a) == before
    assert not store.query("SELECT 1 FROM entities WHERE id = ?", (b,))
    assert "Zubair Khan" in {r[0] for r in store.query("SELECT alias FROM aliases WHERE entity_id = ?", (a,))}
    assert store.query("SELECT 1 FROM entity_keys WHERE entity_id = ? AND key = 'n:zubair khan'", (a,))
    assert relation_subject(store, a2) == a and victim(store, a2) == a
    assert {r[0] for r in store.query("SELECT entity_id FROM links WHERE local_name = 'Zubair Khan'")} == {a}
    assert store.check() == []


def test_merge_refuses_same_entity(store):
    with pytest.raises(NewsgraphError):
        review.merge(store, "Abu Zubair", "Abu Zubair")
    with pytest.raises(NotFoundError):
        review.merge(store, "Abu Zubair", "Nobody At All")


def test_merge_survives_reingest_with_replace(store, corpus):
    review.merge(store, "Abu Zubair", "Zubair Khan")
    merged = spans(store, eid(store, "Abu Zubair"))
    reingest(store, corpus, apply=False)
    # the resolver alone splits them again (different given names) ...
    assert eid(store, "Zubair Khan") != eid(store, "Abu Zubair")
    assert review.reapply(store)[0][1] == "applied"
    # ... the re-applied decision joins them again, claims included
    a = eid(store, "Abu Zubair")
    assert spans(store, a) == merged
    assert "Zubair Khan" not in names(store)
    a2 = article_of(store, "Zubair Khan")
    assert relation_subject(store, a2) == a and victim(store, a2) == a
    assert review.reapply(store)[0][1] == "in effect"  # idempotent
    assert store.check() == []


def test_later_ingests_land_in_the_kept_entity(store, corpus, tmp_path):
    review.merge(store, "Valley Liberation Army", "Northern Valley Fighters")
    review.merge(store, "Abu Zubair", "Zubair Khan")
    later = tmp_path / "a3.txt"
    later.write_text(LATER)
    ingest([str(later)], store, published="2009-07-01")
    a3 = article_of(store, "police post")
    # organisations: the moved aliases and keys link the new mention at ingest time
    org_mentions = store.query("SELECT entity_id FROM mentions WHERE article_id = ? AND text LIKE 'Northern%'", (a3,))
    assert {r[0] for r in org_mentions} == {eid(store, "Valley Liberation Army")}
    # people with another given name: the resolver refuses, the re-applied merge catches it
    review.reapply(store)
    person = store.query("SELECT entity_id FROM mentions WHERE article_id = ? AND text = 'Zubair Khan'", (a3,))
    assert {r[0] for r in person} == {eid(store, "Abu Zubair")}


# -- split --------------------------------------------------------------------------------------
def test_split_by_mention_id_and_span(store):
    a1, a2 = article_of(store, "Abu Zubair"), article_of(store, "Zubair Khan")
    review.merge(store, "Abu Zubair", "Zubair Khan")
    a = eid(store, "Abu Zubair")
    ids = [str(r[0]) for r in store.query("SELECT id FROM mentions WHERE article_id = ? AND entity_id = ?", (a2, a))]
    first, rest = ids[0], ids[1:]
    rows = [store.query('SELECT article_id, start, "end" FROM mentions WHERE id = ?', (i,))[0] for i in rest]
    d = review.split(store, "Abu Zubair", [first, ",".join(f"{r[0]}:{r[1]}-{r[2]}" for r in rows)],
                     name="Zubair Khan", by="ana", why="two men")
    new = eid(store, "Zubair Khan")
    assert d.payload["name"] == "Zubair Khan" and new != a
    assert {s[0] for s in spans(store, new)} == {a2} and {s[0] for s in spans(store, a)} == {a1}
    assert relation_subject(store, a2) == new and victim(store, a2) == new
    assert relation_subject(store, a1) == a
    aliases = {r[0] for r in store.query("SELECT alias FROM aliases WHERE entity_id = ?", (a,))}
    assert "Zubair Khan" not in aliases  # later "Zubair Khan" mentions no longer link to him
    assert store.check() == []


def test_split_survives_reingest(store, corpus):
    kandahar = eid(store, "Kandahar")
    a2 = article_of(store, "Zubair Khan")
    moved = sorted(s for s in spans(store, kandahar) if s[0] == a2)
    review.split(store, "Kandahar", [f"{a}:{s}-{e}" for a, s, e in moved], name="Kandahar Province")
    reingest(store, corpus, apply=False)
    one = {s for s in spans(store, eid(store, "Kandahar"))}
    assert {s[0] for s in one} == {a2, article_of(store, "Abu Zubair")}  # the resolver joins them again
    review.reapply(store)
    assert spans(store, eid(store, "Kandahar Province")) == set(moved)
    assert a2 not in {s[0] for s in spans(store, eid(store, "Kandahar"))}
    assert store.query("SELECT location_entity FROM events WHERE article_id = ? AND subtype = 'drone_strike'",
                       (a2,))[0][0] == eid(store, "Kandahar Province")


@pytest.mark.parametrize("mentions, error", [
    (["nonsense"], NewsgraphError),
    (["999999"], NotFoundError),
    (["nowhere:0-5"], NotFoundError),
])
def test_split_bad_mentions(store, mentions, error):
    with pytest.raises(error):
        review.split(store, "Kandahar", mentions)


def test_split_of_every_mention_is_refused(store):
    every = [f"{a}:{s}-{e}" for a, s, e in spans(store, eid(store, "Kandahar"))]
    with pytest.raises(NewsgraphError, match="rename"):
        review.split(store, "Kandahar", every)


# -- rename and retype --------------------------------------------------------------------------
def test_rename_survives_reingest(store, corpus):
    org = eid(store, "Northern Valley Fighters")
    review.rename(store, org, "Northern Valley Front", why="group's own name")
    assert names(store).count("Northern Valley Front") == 1
    assert eid(store, "Northern Valley Fighters") == eid(store, "Northern Valley Front")  # old name still finds it
    reingest(store, corpus, apply=False)
    assert "Northern Valley Front" not in names(store)  # the article was re-created from the text
    review.reapply(store)
    assert "Northern Valley Front" in names(store) and "Northern Valley Fighters" not in names(store)


def test_retype_survives_reingest(store, corpus):
    review.retype(store, "Northern Valley Fighters", "armed_group")
    row = store.query("SELECT type FROM entities WHERE name = 'Northern Valley Fighters'")
    assert [r[0] for r in row] == ["ARMED_GROUP"]
    reingest(store, corpus)
    row = store.query("SELECT type FROM entities WHERE name = 'Northern Valley Fighters'")
    assert [r[0] for r in row] == ["ARMED_GROUP"]


def test_retype_unknown_type(store):
    with pytest.raises(NewsgraphError, match="ARMED_GROUP"):
        review.retype(store, "Kandahar", "PLACE")


# -- reject and confirm -------------------------------------------------------------------------
def _leads_fact(store: Store, subject: str) -> str:
    g = Graph(store)
    events, rels = g.facts()
    sid = eid(store, subject)
    return next(f.id for f in rels if f.type == "leads" and f.subject == sid)


def test_reject_fact_by_fact_id(store):
    a1 = article_of(store, "Abu Zubair")
    fact = _leads_fact(store, "Abu Zubair")
    d = review.reject(store, fact, why="he was a spokesman")
    assert d.target["fact"] == fact and d.target["claims"][0]["id"] == f"{a1}:r0"
    assert review.rejected_claims(store) == {f"{a1}:r0"}
    assert review.confirmed_claims(store) == set()


def test_reject_event_claim_and_confirm_overrides(store):
    a2 = article_of(store, "Zubair Khan")
    review.reject(store, f"{a2}:e0")  # the drone strike ("earlier attacks" is no event)
    assert review.rejected_claims(store) == {f"{a2}:e0"}
    review.confirm(store, f"{a2}:e0", why="checked with the ministry")
    assert review.rejected_claims(store) == set()
    assert review.confirmed_claims(store) == {f"{a2}:e0"}
    assert review.claim_status(store) == {f"{a2}:e0": "confirmed"}


@pytest.mark.parametrize("fact, error", [("rel999", NotFoundError), ("nope:r0", NotFoundError),
                                         ("hello", NewsgraphError), ("", NewsgraphError)])
def test_reject_unknown(store, fact, error):
    with pytest.raises(error):
        review.reject(store, fact)


def test_rejection_survives_reingest_and_merge(store, corpus):
    a2 = article_of(store, "Zubair Khan")
    review.merge(store, "Abu Zubair", "Zubair Khan")
    review.reject(store, f"{a2}:r0")  # "Abu Zubair leads the Northern Valley Fighters", once merged
    reingest(store, corpus, apply=False)
    assert review.rejected_claims(store) == {f"{a2}:r0"}  # found again before the merge is re-applied
    review.reapply(store)
    assert review.rejected_claims(store) == {f"{a2}:r0"}
    a1 = article_of(store, "Abu Zubair")
    assert f"{a1}:r0" not in review.rejected_claims(store)  # the other article's claim stays


# -- undo ---------------------------------------------------------------------------------------
def test_undo_merge_splits_back(store):
    a, b = eid(store, "Abu Zubair"), eid(store, "Zubair Khan")
    a2 = article_of(store, "Zubair Khan")
    before_a, before_b = spans(store, a), spans(store, b)
    review.merge(store, a, b)
    undone = review.undo(store, by="ana", why="wrong man")
    assert undone.action == "merge" and undone.undone
    b2 = eid(store, "Zubair Khan")
    assert spans(store, a) == before_a and spans(store, b2) == before_b and b2 != a
    assert relation_subject(store, a2) == b2 and victim(store, a2) == b2
    assert "Zubair Khan" not in {r[0] for r in store.query("SELECT alias FROM aliases WHERE entity_id = ?", (a,))}
    assert store.query("SELECT 1 FROM entity_keys WHERE entity_id = ? AND key = 'n:zubair khan'", (b2,))
    assert store.check() == []


def test_undo_merge_after_reingest(store, corpus):
    review.merge(store, "Abu Zubair", "Zubair Khan")
    reingest(store, corpus)
    review.undo(store)
    assert eid(store, "Zubair Khan") != eid(store, "Abu Zubair")
    reingest(store, corpus)  # an undone decision is not re-applied
    assert eid(store, "Zubair Khan") != eid(store, "Abu Zubair")


def test_undo_split(store):
    kandahar = eid(store, "Kandahar")
    before = spans(store, kandahar)
    a2 = article_of(store, "Zubair Khan")
    review.split(store, kandahar, [f"{a}:{s}-{e}" for a, s, e in before if a == a2], name="Kandahar Province")
    review.undo(store)
    assert "Kandahar Province" not in names(store)
    assert spans(store, eid(store, "Kandahar")) == before


def test_undo_rename_retype_and_reject(store):
    a1 = article_of(store, "Abu Zubair")
    review.rename(store, "Valley Liberation Army", "VLA Front")
    review.retype(store, "VLA Front", "ORGANIZATION")
    review.reject(store, f"{a1}:r0")
    assert review.undo(store).action == "reject"
    assert review.rejected_claims(store) == set()
    assert review.undo(store).action == "retype"
    assert review.undo(store).action == "rename"
    assert store.query("SELECT type FROM entities WHERE name = 'Valley Liberation Army'")[0][0] == "ARMED_GROUP"
    assert "VLA Front" not in names(store)
    with pytest.raises(NotFoundError):
        review.undo(store)


# -- the decision log ---------------------------------------------------------------------------
def test_decisions_listing(store, monkeypatch):
    monkeypatch.setenv("USER", "fact-checker")
    assert review.decisions(store) == []
    review.merge(store, "Abu Zubair", "Zubair Khan", why="same man")
    review.rename(store, "Abu Zubair", "Zubair Khan Afridi", by="ana")
    review.undo(store)
    log = review.decisions(store)
    assert [(d.action, d.by, d.why, d.undone) for d in log] == [
        ("merge", "fact-checker", "same man", False),
        ("rename", "ana", None, True),
        ("undo", "fact-checker", None, False),
    ]
    assert log[0].summary == "merge 'Zubair Khan' (PERSON) into 'Abu Zubair' (PERSON)"
    assert log[2].summary.startswith("undo #2 (rename 'Abu Zubair' (PERSON) to 'Zubair Khan Afridi'")
    assert [d.action for d in review.decisions(store, include_undone=False)] == ["merge", "undo"]
    assert log[0].as_dict()["at"] and log[0].as_dict()["target"]["gone"]["name"] == "Zubair Khan"


def test_decisions_on_a_readonly_store_without_the_table(store, tmp_path):
    with Store(store.path, readonly=True) as ro:
        assert review.decisions(ro) == [] and review.rejected_claims(ro) == set()


def fingerprint(store: Store) -> dict[str, list[tuple]]:
    """The extracted data by entity names, not ids (an undone merge re-creates its entity)."""
    q = store.query
    return {
        "mentions": sorted(tuple(r) for r in q('SELECT m.article_id, m.start, m."end", e.name, e.type FROM mentions m '
                                                "JOIN entities e ON e.id = m.entity_id")),
        "aliases": sorted(tuple(r) for r in q("SELECT e.name, a.alias FROM aliases a JOIN entities e ON e.id = a.entity_id")),
        "keys": sorted(tuple(r) for r in q("SELECT e.name, k.key FROM entity_keys k JOIN entities e ON e.id = k.entity_id")),
        "links": sorted(tuple(r) for r in q("SELECT l.article_id, l.local_idx, e.name FROM links l "
                                             "JOIN entities e ON e.id = l.entity_id")),
        "relations": sorted(tuple(r) for r in q("SELECT r.id, s.name, o.name FROM relations r JOIN entities s ON "
                                                 "s.id = r.subject_entity LEFT JOIN entities o ON o.id = r.object_entity")),
        "roles": sorted(tuple(r) for r in q("SELECT r.event_id, r.role, r.start, e.name FROM event_roles r "
                                             "LEFT JOIN entities e ON e.id = r.entity_id")),
        "places": sorted(tuple(r) for r in q("SELECT v.id, e.name FROM events v LEFT JOIN entities e "
                                              "ON e.id = v.location_entity")),
    }


@pytest.mark.parametrize("decide", [
    lambda s: review.merge(s, "Abu Zubair", "Zubair Khan"),
    lambda s: review.merge(s, "Valley Liberation Army", "Northern Valley Fighters"),
    lambda s: review.split(s, "Kandahar", [f"{r[0]}:{r[1]}-{r[2]}" for r in s.query(
        'SELECT article_id, start, "end" FROM mentions WHERE text = ? ORDER BY article_id LIMIT 1', ("Kandahar",))]),
    lambda s: review.rename(s, "Kandahar", "Kandahar City"),
    lambda s: review.retype(s, "Abu Zubair", "ORGANIZATION"),
], ids=["merge-people", "merge-groups", "split", "rename", "retype"])
def test_undo_restores_the_data_exactly(store, decide):
    before = fingerprint(store)
    decide(store)
    assert fingerprint(store) != before
    review.undo(store)
    assert fingerprint(store) == before
