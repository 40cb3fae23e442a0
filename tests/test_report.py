"""Briefing report: a self-contained HTML file with charts, new connections and cited facts."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest

from newsgraph.query.report import build_report, write_report
from newsgraph.store import Store
from tests.test_analytics import build_scenario


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    s = build_scenario(tmp_path_factory.mktemp("rep") / "s.db")
    yield s
    s.close()


@pytest.fixture(scope="module")
def html_all(store: Store) -> str:
    return build_report(store, "2009-01-01")


def test_self_contained(html_all: str) -> None:
    images = re.findall(r"<img alt='([^']+)' src='data:image/png;base64,([^']+)'", html_all)
    assert [alt for alt, _ in images] == ["actor network", "timeline"]
    for _, data in images:
        assert base64.b64decode(data)[:8] == b"\x89PNG\r\n\x1a\n"
    # Nothing fetched: no external stylesheet, script or image.
    assert not re.search(r"(src|href)=['\"]https?:", html_all)
    assert "<script" not in html_all and "<style>" in html_all


def test_article_text_is_escaped(html_all: str) -> None:
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; fled." in html_all


@pytest.mark.parametrize("needle", [
    # each fact with its evidence sentence, publisher, title and date
    "Hakimullah Mehsud took charge of the TTP in August 2009.",
    "NPR, “Story artB” 2009-12-30",
    "CBS News, “Story artA” 2009-06-25",
    "On June 9, 2009 the TTP bombed the Pearl Continental Hotel Peshawar",
    "bombing; perpetrator: Tehrik-e-Taliban Pakistan; target: Pearl Continental Hotel Peshawar; in Peshawar; 17 killed",
    "according to analysts",
    "speculated",
])
def test_cited_facts(html_all: str, needle: str) -> None:
    assert needle in html_all


def test_since_filters_and_flags_bridges(store: Store) -> None:
    html = build_report(store, "2009-07-01")
    assert "Events (0)" in html and "Relations (3)" in html
    assert "Qari Zainuddin is the main rival" not in html  # June news is background, not cited
    assert "reconnects networks that were separate" in html  # TTP allied with the Haqqani network
    assert "new actor(s): al-Qaeda" in html
    assert re.search(r"<b>1</b>connections bridging groups", html)


def test_write_report_and_empty_store(store: Store, tmp_path: Path) -> None:
    out = write_report(store, "2009-07", tmp_path / "sub" / "brief.html")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    with Store(tmp_path / "empty.db") as empty:
        html = build_report(empty, "2009-07-01")
    assert "Events (0)" in html and "<img" not in html


def test_bad_date(store: Store) -> None:
    from newsgraph.errors import NewsgraphError

    with pytest.raises(NewsgraphError):
        build_report(store, "last week")
