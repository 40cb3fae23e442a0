"""The MUC-4 relevance classifier: loading, scoring, its use in the MUC mapping, the trainer."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from newsgraph.evaluate import scoring as ev
from newsgraph.extract import relevance as rel

from .conftest import ROOT, SHARED

MUC_DEV = SHARED / "eval" / "muc4" / "dev"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GUERRILLAS  BOMBED\nTHE EMBASSY", "guerrillas bombed the embassy"),
        ("Guerrillas bombed the embassy", "guerrillas bombed the embassy"),
        ("  \n ", ""),
        ("A" * (rel.MAX_CHARS + 50), "a" * rel.MAX_CHARS),
    ],
)
def test_prepare(text: str, expected: str) -> None:
    assert rel.prepare(text) == expected


def test_missing_or_broken_model_is_none(tmp_path: Path) -> None:
    assert rel.load_relevance(tmp_path / "absent") is None
    (tmp_path / rel.META_FILE).write_text(json.dumps({"threshold": 0.3}))  # no model/ beside it
    assert rel.load_relevance(tmp_path) is None


def test_packaged_model_is_small_and_loads() -> None:
    size = sum(f.stat().st_size for f in rel.MODEL_DIR.rglob("*") if f.is_file())
    assert 0 < size < 4_000_000
    model = rel.load_relevance()
    assert model is not None
    assert model.labels == (rel.RELEVANT,)
    assert 0.0 < model.threshold < 1.0
    assert model.meta["trained_on"].endswith("0101-1300")  # never the CI slice nor a test set


ATTACK = (
    "SAN SALVADOR, 12 APR 89 (ACAN-EFE) -- [TEXT] URBAN GUERRILLAS TODAY DETONATED A CAR BOMB "
    "OUTSIDE THE HOME OF ATTORNEY GENERAL ROBERTO GARCIA ALVARADO, KILLING HIM AND WOUNDING TWO "
    "BODYGUARDS. POLICE SAID THE FMLN WAS RESPONSIBLE FOR THE ATTACK, THE THIRD BOMBING AGAINST "
    "GOVERNMENT OFFICIALS THIS MONTH.  THE EXPLOSIVE WAS PLACED UNDER HIS VEHICLE."
)
POLITICS = (
    "TEGUCIGALPA, 20 MAY 89 (AFP) -- [TEXT] THE HONDURAN CONGRESS TODAY APPROVED THE NATIONAL "
    "BUDGET AFTER A LONG DEBATE ON ECONOMIC POLICY. PRESIDENT AZCONA SAID THE DIALOGUE WITH THE "
    "OPPOSITION PARTIES WILL CONTINUE NEXT WEEK, AND THE FOREIGN MINISTERS WILL PREPARE THE "
    "SUMMIT OF CENTRAL AMERICAN PRESIDENTS."
)


def test_packaged_model_ranks_an_attack_above_politics() -> None:
    model = rel.load_relevance()
    assert model is not None
    attack, politics = model.relevance([ATTACK, POLITICS])
    assert attack > politics
    # case does not matter: the pipeline truecases MUC's capitals, the classifier lower-cases
    assert model.relevance([ATTACK.title()])[0] == pytest.approx(attack)


@pytest.mark.skipif(not MUC_DEV.is_dir(), reason="../shared/eval/muc4 is not present")
def test_packaged_model_separates_the_held_out_slice() -> None:
    """ROC AUC on dev 0001-0100, the CI gate's slice: never trained or tuned on."""
    from newsgraph.evaluate import muc4

    docs = muc4.read_texts(MUC_DEV / "dev-muc3-0001-0100")
    keys = muc4.read_keys(MUC_DEV / "key-dev-0001.muc4")
    docs = [d for d in docs if d.id in keys]
    model = rel.load_relevance()
    assert model is not None
    scores = model.relevance([a.text for a in muc4.raw_articles(docs)])
    pos = [s for s, d in zip(scores, docs, strict=True) if keys[d.id]]
    neg = [s for s, d in zip(scores, docs, strict=True) if not keys[d.id]]
    auc = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg) / (len(pos) * len(neg))
    assert auc > 0.75


class KeywordModel(rel.RelevanceModel):
    """A stand-in classifier: relevant iff the text says "bomb"."""

    def __init__(self, threshold: float = 0.5) -> None:
        super().__init__(nlp=None, threshold=threshold)

    def score(self, texts: list[str], batch_size: int = 64) -> list[dict[str, float]]:
        return [{rel.RELEVANT: float("bomb" in t.lower())} for t in texts]


def _export(tmp_path: Path) -> Path:
    arts = [
        {
            "id": 1,
            "source": "DEV-MUC3-9001.txt",
            "text": "Guerrillas set off a bomb at the embassy.",
        },
        {"id": 2, "source": "DEV-MUC3-9002.txt", "text": "Troops attacked rebel positions."},
        {"id": 3, "source": "DEV-MUC3-9003.txt", "text": "..."},
    ]
    evs = [
        {
            "id": i,
            "type": "ATTACK",
            "subtype": "bombing",
            "roles": [
                {"role": "target", "text": "the embassy", "entity_id": None, "article_id": i}
            ],
            "evidence": [{"article_id": i}],
        }
        for i in (1, 2, 3)
    ]
    for name, rows in (("articles", arts), ("entities", []), ("events", evs)):
        (tmp_path / f"{name}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    return tmp_path


@pytest.mark.parametrize(
    ("model", "kept"),
    [
        (None, ["DEV-MUC3-9001", "DEV-MUC3-9002", "DEV-MUC3-9003"]),  # switched off
        (KeywordModel(0.5), ["DEV-MUC3-9001", "DEV-MUC3-9003"]),  # 9003 has no words to judge
        (KeywordModel(0.0), ["DEV-MUC3-9001", "DEV-MUC3-9002", "DEV-MUC3-9003"]),
    ],
)
def test_events_to_muc4_drops_irrelevant_documents(
    tmp_path: Path, model: rel.RelevanceModel | None, kept: list[str]
) -> None:
    pred = ev.events_to_muc4(_export(tmp_path), relevance=model)
    assert sorted(pred) == kept
    assert pred["DEV-MUC3-9001"][0]["Target"] == ["embassy"]


def test_events_to_muc4_without_packaged_model(tmp_path: Path, monkeypatch) -> None:
    """A missing model falls back to the plain mapping."""
    monkeypatch.setattr(rel, "MODEL_DIR", tmp_path / "absent")
    assert rel.load_relevance() is None
    pred = ev.events_to_muc4(_export(tmp_path))
    assert len(pred) == 3


def _trainer():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import train_muc4_relevance
    finally:
        sys.path.pop(0)
    return train_muc4_relevance


def test_trainer_is_seeded_and_learns(capsys) -> None:
    trainer = _trainer()
    assert "0001-0100" not in trainer.FILES
    assert sorted(r for fold in trainer.FOLDS for r in fold) == sorted(trainer.FILES)  # a partition
    data = [
        (f"D{i}", text, {rel.RELEVANT: label})
        for i in range(8)
        for text, label in ((ATTACK, 1.0), (POLITICS, 0.0))
    ]
    runs = [trainer.train(data, seed=3, epochs=4, length=2**10) for _ in range(2)]
    scores = [rel.RelevanceModel(nlp=nlp).relevance([ATTACK, POLITICS]) for nlp in runs]
    assert scores[0] == scores[1]  # same seed, same model
    assert scores[0][0] > 0.5 > scores[0][1]
    report = trainer.classification_report([1.0, 0.6, 0.4, 0.2], data[:4])
    assert report == {
        "p": 0.5,
        "r": 0.5,
        "f1": 0.5,
        "auc": 0.75,
        "accuracy": 0.5,
        "relevant": 2,
        "messages": 4,
    }
