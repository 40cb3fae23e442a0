"""benchmarks/load.py: the PostgreSQL option and the real-article store skip cleanly when what they need is
not there; the real store is read from ../shared and built once."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

LOAD = Path(__file__).resolve().parents[1] / "benchmarks" / "load.py"


def _load_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("newsgraph_bench_load", LOAD)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_postgres_run_skips_when_unreachable(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("psycopg")
    load = _load_module()
    url = "postgresql://someone:secret@127.0.0.1:1/nothing"  # nothing listens on port 1
    reason = load.postgres_reason(url)
    assert reason is not None and "cannot reach" in reason and "secret" not in reason
    assert load.load_postgres("unused.db", url) is None  # no server started, nothing copied
    err = capsys.readouterr().err
    assert err.startswith("PostgreSQL load test skipped:") and "secret" not in err


def test_real_store_skips_with_one_line_without_shared(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    load = _load_module()
    monkeypatch.setattr(load, "MUC4_DEV", tmp_path / "no-muc4")
    assert load.main(["--real", "600", "--out", str(tmp_path)]) == 0  # no ingest, no server
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("real-article load test skipped:") and "no-muc4" in err[0]
    assert not list(tmp_path.glob("real-*"))


def test_real_inputs_are_the_shared_news_with_their_dates() -> None:
    load = _load_module()
    if load.real_reason() is not None:
        pytest.skip(load.real_reason())
    raws = load.real_inputs()
    aquaint = [r for r in raws if not r.source.startswith("DEV-MUC")]
    assert len(aquaint) == 73 and raws[:73] == aquaint  # AQUAINT first, then MUC-4 dev in file order
    assert all(r.published and r.publisher and r.text for r in aquaint)
    assert sum(1 for r in aquaint if r.title) >= 70  # one file has an empty TITLE
    muc = raws[73:]
    assert len(muc) == 1300 and muc[0].source == "DEV-MUC3-0001.txt" and muc[0].published == "1990-01-03"


def test_real_store_is_reused_not_reingested(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    load = _load_module()
    (tmp_path / "real-600.db").write_bytes(b"")
    (tmp_path / "real-600.json").write_text('{"articles": 600, "inputs": 601, "seconds": 49.0, "workers": 2}')
    monkeypatch.setattr(load, "real_inputs", lambda: pytest.fail("re-ingested"))
    db, meta = load.real_store(600, tmp_path)
    assert db == tmp_path / "real-600.db" and meta["reused"] and meta["seconds"] == 49.0
    assert "reused; ingest took 49 s" in load.describe_real(db, meta)
