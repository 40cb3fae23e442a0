"""Near-duplicates: syndicated copies and re-scrapes are linked to the stored article, not counted twice."""

from __future__ import annotations

import pytest

from newsgraph.ingest import dedup
from newsgraph.pipeline import ingest
from newsgraph.store import Store

BODY = (
    "Gunmen on motorcycles opened fire on a police checkpoint outside Quetta on Tuesday, killing four "
    "officers and wounding two passers-by, provincial officials said. No group immediately claimed "
    "responsibility for the attack, the third on security forces in the city this month. Police said "
    "the attackers escaped towards the hills east of the city and a search operation was under way. "
    "Lashkar-e-Jhangvi has carried out several similar attacks in Balochistan in recent years, and "
    "officials said they were investigating whether the group was behind the shooting."
)


def test_similarity_of_near_copies_and_different_texts():
    a = dedup.signature(BODY)
    b = dedup.signature(BODY.replace("Tuesday", "Tuesday morning") + " Copyright 2013 Agence.")
    c = dedup.signature("Floods swept through three villages in Sindh after days of heavy monsoon rain, "
                        "officials said, and thousands of families were moved to relief camps.")
    assert dedup.similarity(a, b) >= dedup.THRESHOLD
    assert dedup.similarity(a, c) < 0.2
    assert dedup.bands(a) != dedup.bands(c)
    assert dedup.from_hex(dedup.to_hex(a)).tolist() == a.tolist()


def test_signature_is_deterministic():
    assert dedup.signature(BODY).tolist() == dedup.signature(BODY).tolist()


@pytest.mark.parametrize("variant", [
    "Agence France-Presse\n\n" + BODY + "\n\nReporting by Staff; editing by Desk.",  # another layout
    BODY.replace("four officers", "four policemen"),  # a light re-edit
])
def test_near_duplicate_is_linked_not_counted(tmp_path, variant):
    (tmp_path / "a.txt").write_text(BODY)
    (tmp_path / "b.txt").write_text(variant)
    db = tmp_path / "d.db"
    first = ingest([str(tmp_path / "a.txt")], str(db), published="2013-05-14")
    second = ingest([str(tmp_path / "b.txt")], str(db), published="2013-05-14")
    assert (first.added, second.added, second.duplicates) == (1, 0, 1)
    with Store(db, readonly=True) as store:
        assert store.stats()["articles"] == 1
        dup = store.query("SELECT source, duplicate_of, similarity FROM duplicates")
        assert len(dup) == 1 and dup[0]["source"].endswith("b.txt") and dup[0]["similarity"] >= dedup.THRESHOLD


def test_different_articles_are_both_kept(tmp_path):
    (tmp_path / "a.txt").write_text(BODY)
    (tmp_path / "b.txt").write_text(
        "A suicide bomber struck a market in Peshawar on Friday, killing eleven people and wounding dozens, "
        "police said. The Pakistani Taliban said they had carried out the bombing in revenge for a military "
        "offensive in the tribal areas. Hospitals in the city appealed for blood donations.")
    report = ingest([str(tmp_path)], str(tmp_path / "d.db"), published="2013-05-14")
    assert (report.added, report.duplicates) == (2, 0)
