"""benchmarks/load.py's PostgreSQL option skips cleanly when there is no server to reach."""

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
