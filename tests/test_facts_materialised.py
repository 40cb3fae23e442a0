"""Facts materialised in the store (issue 14): kept current by every write, incrementally, and
equal at every step to a full rebuild from the claims; stable ids that review decisions keep
pointing at across re-ingests."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import pytest

from newsgraph.extract.kb import load_kb
from newsgraph.query import review
from newsgraph.query.facts import resolve_fact_id
from newsgraph.records import Relation
from newsgraph.store import Store, materialise

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from make_corpus import generate, result_from_truth  # noqa: E402


def _stored(store: Store) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    return [asdict(e) for e in store.event_facts()], [asdict(r) for r in store.relation_facts()]


def _rebuilt(store: Store) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    events, relations = materialise.compute(store.sa)  # from the claims alone, nothing read back
    return [asdict(e) for e in events], [asdict(r) for r in relations]


def check(store: Store) -> None:
    stored, rebuilt = _stored(store), _rebuilt(store)
    assert stored[0] == rebuilt[0]
    assert stored[1] == rebuilt[1]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Any]:
    out = tmp_path_factory.mktemp("corpus")
    texts, truth = generate(90, out, seed=3, people=60)
    return [result_from_truth(json.loads(a), json.loads(t), str(texts))
            for a, t in zip(texts.open(encoding="utf-8"), truth.open(encoding="utf-8"), strict=True)]


def _corrected(result: Any) -> Any:
    """The article re-analysed: its first relation dropped, a correction retracting another,
    its first event a month earlier."""
    rels = list(result.relations)
    if len(rels) >= 2:
        wrong = rels[1]
        rels = rels[1:] + [replace(wrong, polarity=False, retracted=True, modality="negated",
                                   attributed_to="correction")]
    events = list(result.events)
    if events and events[0].date and events[0].date.value:
        events[0] = replace(events[0], date=replace(events[0].date, value=events[0].date.value[:7]))
    return replace(result, relations=rels, events=events)


def test_incremental_facts_equal_a_full_rebuild(tmp_path: Path, corpus: list[Any]) -> None:
    kb = load_kb()
    with Store(tmp_path / "s.db") as store:
        for result in corpus[:50]:  # one transaction per article, facts followed in each
            store.save(result, kb)
        check(store)
        assert store.event_facts() and store.relation_facts()
        with store.deferred_facts():  # an ingest: one refresh at the end
            for result in corpus[50:80]:
                store.save(result, kb)
        check(store)
        for result in corpus[10:15]:  # re-analysed, with corrections
            store.save(_corrected(result), kb, replace=True)
            check(store)
        people = [e for e in store.entity_summaries(types=["PERSON"], mentioned=True)]
        review.merge(store, people[0].id, people[1].id)
        check(store)
        review.rename(store, people[2].id, "Someone Else Entirely")
        check(store)
        review.retype(store, people[3].id, "ORGANIZATION")
        check(store)
        first = store.relation_facts()[0]
        review.reject(store, first.id)
        check(store)
        assert first.id not in {r.id for r in store.relation_facts()}
        review.confirm(store, "ev2")  # the positional form is still understood
        check(store)
        review.undo(store)
        review.undo(store)
        check(store)
        assert first.id in {r.id for r in store.relation_facts()}
        for result in corpus[80:]:
            store.save(result, kb)
        check(store)


def test_fact_ids_are_stable_and_decisions_survive_reingest(tmp_path: Path, corpus: list[Any]) -> None:
    kb = load_kb()
    with Store(tmp_path / "a.db") as store:
        for result in corpus[:30]:
            store.save(result, kb)
        events, relations = store.event_facts(), store.relation_facts()
        assert all(e.id.startswith("ev-") for e in events) and all(r.id.startswith("rel-") for r in relations)
        assert len({e.id for e in events}) == len(events) and len({r.id for r in relations}) == len(relations)
        rejected, confirmed = relations[0], events[0]
        review.reject(store, rejected.id)
        review.confirm(store, confirmed.id)
        assert review.decisions(store)[0].target["fact"] == rejected.id
        kept = {r.id for r in store.relation_facts()}
        for result in corpus[:30]:  # re-ingest: claims and entities are written anew
            store.save(result, kb, replace=True)
        review.reapply(store)
        assert {r.id for r in store.relation_facts()} == kept
        assert rejected.id not in kept and confirmed.id in {e.id for e in store.event_facts()}
        status = review.claim_status(store)
        assert all(status.get(c) == "confirmed" for c in confirmed.claims)
        check(store)
    # the same articles in another store, in another order: the same ids
    with Store(tmp_path / "b.db") as other:
        for result in reversed(corpus[:30]):
            other.save(result, kb)
        assert {e.id for e in other.event_facts()} == {e.id for e in events}
        assert {r.id for r in other.relation_facts()} == {r.id for r in relations}


def test_positional_ids_resolve_in_list_order(tmp_path: Path, corpus: list[Any]) -> None:
    kb = load_kb()
    with Store(tmp_path / "p.db") as store:
        for result in corpus[:10]:
            store.save(result, kb)
        events, relations = store.event_facts(), store.relation_facts()
        assert resolve_fact_id(store, "ev1") == events[0].id
        assert resolve_fact_id(store, f"rel{len(relations)}") == relations[-1].id
        assert resolve_fact_id(store, "rel99999") is None and resolve_fact_id(store, "ev-000000000000") is None


def test_a_store_from_the_previous_release_gets_its_facts_on_upgrade(tmp_path: Path, corpus: list[Any]) -> None:
    """A store at revision 0001 (today's release: no fact tables) upgrades in place and its
    facts are computed once, equal to a rebuild."""
    from alembic import command
    from alembic.config import Config

    from newsgraph.store import migrate

    path = tmp_path / "old.db"
    with Store(path) as store:
        for result in corpus[:20]:
            store.save(result, load_kb())
        config = Config()
        config.set_main_option("script_location", str(migrate.MIGRATIONS))
        config.attributes["connection"] = store.sa
        with store.transaction():
            command.downgrade(config, "0001_baseline")
        assert not store.has_table("event_facts")
        old_events, old_relations = materialise.compute(store.sa)  # what a reader of it computes
        assert [e.id for e in store.event_facts()] == [e.id for e in old_events]
    with Store(path) as store:
        assert migrate.revision(store.sa) == migrate.head()
        check(store)
        assert [r.id for r in store.relation_facts()] == [r.id for r in old_relations]


def test_a_correction_retracts_the_stored_fact(tmp_path: Path, corpus: list[Any]) -> None:
    kb = load_kb()
    with Store(tmp_path / "c.db") as store:
        result = next(r for r in corpus if len(r.relations) >= 2)
        store.save(result, kb)
        wrong: Relation = result.relations[1]
        store.save(_corrected(result), kb, replace=True)
        retracted = [r for r in store.relation_facts() if r.retracted]
        assert retracted and all(r.type == wrong.type for r in retracted)
        check(store)
