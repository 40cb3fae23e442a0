"""Quality gate: pinned floors on the real-news test part (the gate that matters: real articles the
rules were not written from), the seed gold (a regression test) and a fixed slice of MUC-4
development data.

The floors only ever go up: when a change improves a score, raise its floor in the same commit.
They are set a little under the measured score so that harmless nondeterminism does not fail CI.
"""

from __future__ import annotations

import pytest

from newsgraph.evaluate.scoring import check_floors, eval_gold, eval_muc4

from .conftest import GOLD, ROOT, SHARED

SEED_FLOORS = {
    "mentions_exact.micro.f1": 0.97,
    "mentions_overlap.micro.f1": 0.97,
    "entities.b_cubed.f1": 0.94,
    "entities.ceaf_e.f1": 0.93,
    "events.micro.f1": 0.53,
    "event_roles.micro.f1": 0.42,
    "relations.micro.f1": 0.68,
    # 0.719 since family ties are scored as pairs: the retracted "brothers" claim now matches,
    # gold "asserted, retracted" against the system's "negated, retracted"
    "modality.micro.f1": 0.71,
    "timex.value.f1": 0.95,
    "quotes.micro.f1": 0.85,
}

# eval/realnews test part (docs/annotation.md): scored, never error-analysed while tuning.
# Relations and events are the key ones of each article, so their recall is key recall.
# Floors sit about a point under the measured values (second round: 0.817, 0.872, 0.489,
# 0.273, 0.773).
REALNEWS_FLOORS = {
    "mentions_exact.micro.f1": 0.80,
    "entities.b_cubed.f1": 0.86,
    "events.micro.r": 0.47,
    "relations.micro.r": 0.26,
    "quotes.micro.f1": 0.76,
}

# dev-muc3-0001-0100: the first 50 messages that have keys, a slice never used to tune rules.
MUC4_SLICE = ("dev/dev-muc3-0001-0100", "dev/key-dev-0001.muc4", 50)
MUC4_FLOORS = {
    "muc4_document.micro.f1": 0.35,
    "muc4_gtt.micro.f1": 0.34,
    "muc4_template.incident_type.f1": 0.66,
}


@pytest.mark.slow
def test_seed_gold_floors(tmp_path):
    scores = eval_gold(GOLD, tmp_path, root=ROOT)
    assert check_floors(scores, SEED_FLOORS) == []


@pytest.mark.slow
def test_realnews_test_part_floors(tmp_path):
    from newsgraph.evaluate.gold import shared_dir, write_gold

    if not (shared_dir() / "eval" / "timeml" / "aquaint").is_dir():
        pytest.skip("../shared is not present (part of the real-news set is read from it)")
    dirs = write_gold(ROOT / "eval" / "realnews", tmp_path / "gold")
    scores = eval_gold(dirs["test"], tmp_path / "work", root=ROOT)
    assert check_floors(scores, REALNEWS_FLOORS) == []


@pytest.mark.slow
def test_muc4_slice_floors(tmp_path):
    muc = SHARED / "eval" / "muc4"
    if not muc.is_dir():
        pytest.skip("../shared/eval/muc4 is not present")
    texts, keys, n = MUC4_SLICE
    scores = eval_muc4(muc / texts, muc / keys, tmp_path, limit=n)
    assert scores["documents"] == n
    assert check_floors(scores, MUC4_FLOORS) == []
