"""The per-article gold builder (newsgraph.evaluate.gold): span references, every-occurrence mentions,
coverage lint, cross-article clusters and the stable split."""

from __future__ import annotations

import json

import pytest
import yaml

from newsgraph.evaluate.gold import (
    ArticleAnnotation,
    GoldError,
    article_body,
    build_realnews,
    default_split,
    main,
    resolve,
)

TEXT = ("President Ali Musa met Musa Kaya in Lagos on Monday. Musa said the Delta Front had attacked "
        "a police post in Warri, killing three officers.\n\nKaya, a Delta Front commander, denied it.")


def test_resolve_refuses_ambiguous_and_missing():
    assert resolve(TEXT, {"text": "Musa", "in": "Musa said"})[:2] == (53, 57)
    with pytest.raises(GoldError):
        resolve(TEXT, "Musa")
    with pytest.raises(GoldError):
        resolve(TEXT, "Abuja")


def test_plain_mentions_take_every_occurrence_not_nested():
    ann = {"entities": [
        {"id": "ali_musa", "name": "Ali Musa", "type": "PERSON", "aliases": ["Musa"],
         "mentions": ["Ali Musa", {"text": "Musa", "in": "Musa said"}]},
        {"id": "musa_kaya", "name": "Musa Kaya", "type": "PERSON", "aliases": ["Kaya"],
         "mentions": ["Musa Kaya", "Kaya"]},
        {"id": "delta_front", "name": "Delta Front", "type": "ARMED_GROUP", "mentions": ["Delta Front"]},
        {"id": "lagos", "name": "Lagos", "type": "LOCATION", "mentions": ["Lagos"]},
        {"id": "warri", "name": "Warri", "type": "LOCATION", "mentions": ["Warri"]},
    ]}
    a = ArticleAnnotation("a1", TEXT, ann)
    ents = {e["id"]: e for e in a.entities()}
    assert a.errors == []
    assert [m["text"] for m in ents["ali_musa"]["mentions"]] == ["Ali Musa", "Musa"]
    assert [m["text"] for m in ents["musa_kaya"]["mentions"]] == ["Musa Kaya", "Kaya"]  # no nested Kaya
    assert len(ents["delta_front"]["mentions"]) == 2


def test_lint_reports_unannotated_alias_and_unknown_ids():
    ann = {"entities": [
        {"id": "musa_kaya", "name": "Musa Kaya", "type": "PERSON", "aliases": ["Musa"], "mentions": ["Musa Kaya"]},
        {"id": "x", "name": "X", "type": "THING", "mentions": ["Lagos"]},
    ], "relations": [{"type": "leads", "subject": "musa_kaya", "object": "delta_front", "evidence": ["Kaya, a Delta"]}]}
    a = ArticleAnnotation("a1", TEXT, ann)
    a.build()
    text = "\n".join(a.errors)
    assert "unannotated 'Musa'" in text
    assert "type 'THING'" in text
    assert "'delta_front' is not an annotated entity" in text


def _write_set(root, articles):
    (root / "articles").mkdir(parents=True)
    (root / "annotations").mkdir()
    rows = ["id\tpublisher\tpublished\tregion\ttitle\tlicence\trepository\tpath\tcommit\turl"]
    for aid, body, ann in articles:
        (root / "articles" / f"{aid}.txt").write_text(f"Headline {aid}\n\n{body}\n", encoding="utf-8")
        (root / "articles" / f"{aid}.meta.json").write_text(json.dumps(
            {"title": f"Headline {aid}", "publisher": "Wire", "published": "2014-06-24", "url": None}))
        (root / "annotations" / f"{aid}.yaml").write_text(yaml.safe_dump(ann), encoding="utf-8")
        rows.append(f"{aid}\tWire\t2014-06-24\tWest Africa\tHeadline\tCC BY\trepo\tpath\t\t")
    (root / "sources.tsv").write_text("\n".join(rows) + "\n")


def test_build_merges_clusters_across_articles_and_checks_staleness(tmp_path, capsys):
    lagos = {"id": "lagos", "name": "Lagos", "type": "LOCATION", "mentions": ["Lagos"]}
    _write_set(tmp_path, [
        ("a1", "Police in Lagos said nothing.", {"entities": [lagos]}),
        ("a2", "Lagos was quiet.\n\nIn Lagos, markets opened.", {"entities": [lagos]}),
    ])
    assert main([str(tmp_path)]) == 0
    per_split, errors = build_realnews(tmp_path)
    assert errors == []
    clusters = [e for b in per_split.values() for e in b["entities"]]
    assert sum(len(e["mentions"]) for e in clusters) == 3
    assert article_body((tmp_path / "articles" / "a2.txt").read_text()) == "Lagos was quiet.\n\nIn Lagos, markets opened."
    assert main([str(tmp_path), "--check"]) == 0
    (tmp_path / "annotations" / "a1.yaml").write_text(yaml.safe_dump({"entities": []}))
    assert main([str(tmp_path), "--check"]) == 1


def test_split_is_stable_and_stratified():
    ids = [f"art{i}" for i in range(200)]
    test = [i for i in ids if default_split(i, "Wire") == "test"]
    assert 0.3 < len(test) / len(ids) < 0.5
    assert [default_split(i, "Wire") for i in ids] == [default_split(i, "Wire") for i in ids]


def test_eval_realnews_writes_the_errors_it_was_asked_for(tmp_path):
    from typer.testing import CliRunner

    from newsgraph.cli import app

    ann = {"entities": [
        {"id": "musa_kaya", "name": "Musa Kaya", "type": "PERSON", "mentions": ["Musa Kaya"]},
        {"id": "delta_front", "name": "Delta Front", "type": "ARMED_GROUP", "mentions": ["Delta Front"]},
    ], "relations": [{"type": "rival_of", "subject": "musa_kaya", "object": "delta_front",
                      "evidence": ["Musa Kaya"]}]}
    _write_set(tmp_path / "set", [("a1", "Musa Kaya met the Delta Front on Monday.", ann)])
    out = tmp_path / "errors.jsonl"
    result = CliRunner().invoke(app, ["eval", "realnews", str(tmp_path / "set"), "--split", "all",
                                      "--work", str(tmp_path / "work"), "--errors", str(out), "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    missed = [r for r in rows if r["kind"] == "relation_missed"]
    assert [(r["split"], r["type"], r["subject"], r["object"]) for r in missed] == [
        (rows[0]["split"], "rival_of", "musa_kaya", "delta_front")
    ]
