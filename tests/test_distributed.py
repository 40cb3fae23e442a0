"""The Ray executor gives the same store, and so the same export, as the local executor."""

from __future__ import annotations

import importlib.util
import pickle
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from newsgraph.extract.kb import load_kb
from newsgraph.ingest.clean import clean_article
from newsgraph.ingest.read import iter_raw
from newsgraph.pipeline import Pipeline
from newsgraph.query.export import export_jsonl
from newsgraph.records import Article, Failure
from newsgraph.settings import Settings
from newsgraph.store import Store

from .conftest import ROOT, SAMPLES

ray = pytest.importorskip("ray", reason="ray not installed (pip install 'newsgraph[distributed]')")
pytest.importorskip("ray.data", reason="ray[data] not installed")

pytestmark = pytest.mark.slow


def _articles(tmp_path: Path) -> list[Article]:
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "benchmarks" / "make_corpus.py")
    mc = importlib.util.module_from_spec(spec)
    sys.modules["make_corpus"] = mc
    spec.loader.exec_module(mc)
    corpus, _ = mc.generate(14, tmp_path / "corpus", seed=11, people=40)
    raws = [r for r in iter_raw([str(p) for p in sorted(SAMPLES.glob("*.txt"))] + [str(corpus)])
            if not isinstance(r, Failure)]
    return [clean_article(r) for r in raws]


def _export(results, db: Path, out: Path, settings: Settings) -> dict[str, str]:
    kb = load_kb(settings.kb_paths)
    with Store(db) as store:
        for r in results:
            if isinstance(r, Failure):
                store.record_failure(r)
            else:
                store.save(r, kb)
        export_jsonl(store, out)
    return {p.name: p.read_text() for p in sorted(out.glob("*.jsonl"))}


_LOCAL = """
import pickle, sys
from newsgraph.pipeline import get_pipeline
articles, settings = pickle.load(open(sys.argv[1], "rb"))
pickle.dump(list(get_pipeline(settings).process(articles)), open(sys.argv[2], "wb"))
"""


def _local_in_fresh_process(articles: list[Article], settings: Settings, tmp_path: Path) -> list:
    """The local executor's results from a fresh interpreter, as `newsgraph ingest` gets them.

    Not in this process: Ray's workers are fresh processes too, and the reference must not carry
    module state left by earlier tests in this session.
    """
    src, out = tmp_path / "in.pkl", tmp_path / "out.pkl"
    src.write_bytes(pickle.dumps((articles, settings)))
    subprocess.run([sys.executable, "-c", _LOCAL, str(src), str(out)], check=True, timeout=300)
    return pickle.loads(out.read_bytes())


@pytest.fixture(scope="module")
def local_ray():
    if not ray.is_initialized():
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


def test_ray_export_identical_to_local(tmp_path, local_ray) -> None:
    from newsgraph.distributed import analyse_with_ray

    articles = _articles(tmp_path)
    assert len(articles) == 16
    # small batches and windows so several actors, batches and datasets are exercised
    settings = replace(Settings(), batch_size=3, workers=2, extra={"ray_window": 7})
    local = _export(_local_in_fresh_process(articles, settings, tmp_path), tmp_path / "local.db", tmp_path / "l",
                    settings)
    results = list(analyse_with_ray(articles, settings, make_pipeline=Pipeline))
    assert [r.article.id for r in results] == [a.id for a in articles]  # input order kept
    distributed = _export(results, tmp_path / "ray.db", tmp_path / "r", settings)
    assert local.keys() == distributed.keys() and local["entities.jsonl"]
    for name in local:
        assert local[name] == distributed[name], name


def test_empty_input_yields_nothing(local_ray) -> None:
    from newsgraph.distributed import analyse_with_ray

    assert list(analyse_with_ray([], Settings(), make_pipeline=Pipeline)) == []
