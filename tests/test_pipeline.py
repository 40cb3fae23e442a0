"""End to end: the bundled samples in, a cited entity graph out; batches survive bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from newsgraph.pipeline import ingest
from newsgraph.query.graph import Graph
from newsgraph.settings import Settings
from newsgraph.store import Store

from .conftest import SAMPLES

CBS = "000_ade3ec06338c3c2f"
NPR = "003_146b48d1e1b73cbb"


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("seed") / "seed.db"
    report = ingest([str(SAMPLES)], str(db))
    assert (report.added, report.failed) == (2, 0)
    return db


def _entity(g: Graph, name: str) -> dict:
    return g.profile(name)


def test_samples_metadata(seed_store):
    with Store(seed_store, readonly=True) as store:
        rows = {Path(r["source"]).stem: r for r in store.query("SELECT * FROM articles")}
    cbs, npr = rows[CBS], rows[NPR]
    assert (cbs["publisher"], cbs["published"], cbs["byline"], cbs["dateline"]) == (
        "CBS News", "2009-06-25", "Farhan Bokhari", "Islamabad")
    assert cbs["title"] == "Pakistan Gearing Up To Go After Mehsud"
    assert npr["published"] is None
    assert (npr["published_from"], npr["published_to"]) == ("2009-12-30", "2010-02-02")
    for text in (cbs["text"], npr["text"]):
        assert "<iframe" not in text and "Watch CBS News" not in text and "Terms of Use" not in text


def test_samples_resolution(seed_store):
    with Store(seed_store, readonly=True) as store:
        g = Graph(store)
        baitullah = g.profile("Baitullah Mehsud")
        # one id across both articles; the CBS "Mehsud" mentions chain to him
        assert len(baitullah["articles"]) == 2
        cbs_forms = {m["text"] for a in baitullah["articles"] if a["publisher"] == "CBS News" for m in a["mentions"]}
        assert "Mehsud" in cbs_forms
        assert g.entity_id("Hakimullah Mehsud") != baitullah["id"]
        # aliases of one armed group
        ttp = g.entity_id("Tehrik-e-Taliban Pakistan")
        assert g.entity_id("TTP") == ttp == g.entity_id("Pakistan Taliban")
        assert g.profile(ttp)["type"] == "ARMED_GROUP"
        # short forms resolved within an article
        for short, full in (("Balawi", "Balawi"), ("Malik", "Rehman Malik"), ("Zainuddin", "Qari Zainuddin")):
            prof = g.profile(full)
            assert short in prof["aliases"], (short, prof["aliases"])
        # the misspelt hotel joins the Marriott
        marriott = g.profile("Mariott hotel")
        assert "Marriott" in marriott["name"] and marriott["type"] == "FACILITY"


def test_every_mention_is_cited(seed_store):
    with Store(seed_store, readonly=True) as store:
        texts = {r["id"]: r["text"] for r in store.query("SELECT id, text FROM articles")}
        for m in store.query('SELECT article_id, start, "end", text FROM mentions'):
            assert texts[m["article_id"]][m["start"]:m["end"]] == m["text"]


def test_reingest_changes_nothing(seed_store):
    with Store(seed_store) as store:
        before = store.stats()
        report = ingest([str(SAMPLES)], store)
        assert (report.added, report.unchanged) == (0, 2)
        assert store.stats() == before


def test_bad_inputs_do_not_stop_the_batch(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLES / f"{CBS}.txt", folder / "good.txt")
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10)
    (folder / "bad.jsonl").write_text('{"text": "Rebels attacked a police post in Kidal, officials said on Monday."}\n'
                                      "{not json\n")
    db = tmp_path / "t.db"
    report = ingest([str(folder)], str(db))
    assert report.added == 2
    assert report.failed == 3
    with Store(db, readonly=True) as store:
        failures = store.failures()
        assert len(failures) == 3
        assert all("\n" not in f["reason"] for f in failures)
        assert {Path(f["source"]).name for f in failures} == {"empty.txt", "binary.txt", "bad.jsonl"}


def test_published_and_publisher_override(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Gunmen killed three soldiers near Kidal on Tuesday, the army said.\n\n"
                   "The attack was claimed by Ansar Dine, a group allied with al-Qaeda in the Islamic Maghreb.\n")
    db = tmp_path / "t.db"
    ingest([str(src)], str(db), published="2012-03-08", publisher="Reuters")
    with Store(db, readonly=True) as store:
        row = store.query("SELECT published, publisher FROM articles")[0]
        assert (row["published"], row["publisher"]) == ("2012-03-08", "Reuters")
        values = {r["text"]: r["value"] for r in store.query("SELECT text, value FROM timexes")}
        assert values.get("Tuesday") == "2012-03-06"


def test_two_workers_same_result_as_one(tmp_path):
    lines = []
    for i in range(6):
        lines.append(json.dumps({"text": f"Militants of the Haqqani network attacked a checkpoint in Khost, killing "
                                         f"{i + 2} soldiers, officials said.", "published": f"2010-05-0{i + 1}"}))
    src = tmp_path / "batch.jsonl"
    src.write_text("\n".join(lines) + "\n")
    out = {}
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.db"
        ingest([str(src)], str(db), settings=Settings(workers=workers, batch_size=2))
        with Store(db, readonly=True) as store:
            out[workers] = (
                sorted(r[0] for r in store.query("SELECT id FROM articles")),
                sorted(tuple(r) for r in store.query("SELECT id, name, type FROM entities")),
                store.stats(),
            )
    assert out[1] == out[2]


def test_all_capitals_wire_copy_is_truecased_for_analysis():
    from newsgraph.pipeline import get_pipeline
    from newsgraph.records import Article

    text = ("BOGOTA, 20 FEB 90 (EFE) -- GUERRILLAS OF THE NATIONAL LIBERATION ARMY ATTACKED A POLICE "
            "STATION IN MEDELLIN TODAY, KILLING FOUR POLICEMEN, POLICE SPOKESMAN CARLOS GOMEZ SAID.")
    article = Article(id="x", source="x.txt", raw_text=text, text=text, published="1990-02-20",
                      offsets=((0, 0, len(text)),))
    result = next(iter(get_pipeline().process([article])))
    assert len(result.article.text) == len(text)
    assert result.article.text.lower() == text.lower()
    names = {e.name.lower() for e in result.entities}
    assert "medellin" in names and "national liberation army" in names, names
    assert any(ev.killed == 4 for ev in result.events)


def test_aligner_ignores_case():
    from newsgraph.evaluate.scoring import OffsetAligner

    gold = "GUERRILLAS ATTACKED MEDELLIN."
    sys_ = "Guerrillas attacked Medellin."
    assert OffsetAligner(gold, sys_).span(20, 28) == (20, 28)
