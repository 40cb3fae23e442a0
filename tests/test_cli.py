"""The CLI: every command works on the seed store, has help text, and is documented."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app

from .conftest import ROOT, SAMPLES

runner = CliRunner()


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("cli") / "cli.db")
    out = invoke("ingest", str(SAMPLES), "--db", path, "--quiet")
    assert "2 articles added" in out
    return path


def test_stats(db):
    data = json.loads(invoke("stats", "--db", db, "--json"))
    assert data["articles"] == 2
    assert data["entities_by_type"]["PERSON"] >= 8
    assert data["top_actors"][0]["mentions"] >= 5
    assert "top 10 actors" in invoke("stats", "--db", db)


def test_entities_and_show(db):
    rows = json.loads(invoke("entities", "--db", db, "--type", "ARMED_GROUP", "--json"))
    assert {"Tehrik-e-Taliban Pakistan", "Haqqani network"} <= {r["name"] for r in rows}
    profile = json.loads(invoke("show", "TTP", "--db", db, "--json"))
    assert profile["name"] == "Tehrik-e-Taliban Pakistan"
    text = invoke("show", "Baitullah Mehsud", "--db", db)
    assert "Mehsud" in text and "CBS News" in text


def test_unknown_entity_is_one_line_error(db):
    result = runner.invoke(app, ["show", "Nobody Atall", "--db", db])
    assert result.exit_code != 0
    assert isinstance(result.exception, Exception) and "no entity named" in str(result.exception)


def test_fact_queries(db):
    json.loads(invoke("timeline", "Baitullah Mehsud", "--db", db, "--json"))
    json.loads(invoke("relations", "Baitullah Mehsud", "--db", db, "--json"))
    net = json.loads(invoke("network", "--db", db, "--as-of", "2010-01-15", "--json"))
    assert {"nodes", "edges"} <= net.keys()
    json.loads(invoke("path", "Hakimullah Mehsud", "Baitullah Mehsud", "--db", db, "--json"))
    json.loads(invoke("claims", "--conflicts", "--db", db, "--json"))


def test_export_failures_check(db, tmp_path):
    out = invoke("export", "--db", db, "--format", "jsonl", "--out", str(tmp_path / "x"))
    assert "articles.jsonl 2" in out
    assert (tmp_path / "x" / "entities.jsonl").exists()
    assert "no failures" in invoke("failures", "--db", db)
    assert "sound" in invoke("check", "--db", db)


def test_kb_import(tmp_path):
    db = str(tmp_path / "kb.db")
    fixture = ROOT / "tests" / "fixtures" / "kb" / "aliases.csv"
    out = invoke("kb", "import", str(fixture), "--db", db)
    assert re.search(r"\d+ actors imported", out)


def _commands() -> list[str]:
    import typer.main

    group = typer.main.get_command(app)
    names = []
    for name, cmd in group.commands.items():
        if hasattr(cmd, "commands"):
            names += [f"{name} {sub}" for sub in cmd.commands]
        else:
            names.append(name)
    return names


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help_and_docs(command):
    out = invoke(*command.split(), "--help")
    assert "Usage" in out
    readme = (ROOT / "README.md").read_text()
    top = command.split()[0]
    assert f"newsgraph {top}" in readme, f"`newsgraph {top}` is not documented in README.md"


@pytest.mark.parametrize("args", [["--allow-edits"], ["--allow-edits", "--token", "short"]])
def test_serve_allow_edits_needs_a_long_token(db, args, monkeypatch):
    monkeypatch.delenv("NEWSGRAPH_TOKEN", raising=False)
    result = runner.invoke(app, ["serve", "--db", db, *args])
    assert result.exit_code != 0
    assert "16 characters" in str(result.exception) + result.output
