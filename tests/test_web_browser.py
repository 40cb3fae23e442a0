"""The web page in real headless Chromium (Debian's ``chromium`` driven by Playwright).

Runs uvicorn on a free 127.0.0.1 port over the hand-built store of ``test_web_api`` and checks
what a user sees: the month slider replays the Pakistan Taliban's change of leader, an edge
opens its evidence sentence and the article with the span marked, hostile article text stays
text, the keyboard reaches everything, and nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
]
playwright_api = pytest.importorskip("playwright.sync_api")
pytest.importorskip("uvicorn")

from .test_web_api import XSS_NAME, build_store  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from newsgraph.web.api import create_app
    from newsgraph.web.vendor import is_vendored, vendor

    if not is_vendored():
        if not (ROOT / "node_modules" / "cytoscape").exists():
            pytest.skip("browser libraries missing: run `npm ci` (make web-assets)")
        vendor(ROOT / "node_modules")
    db = build_store(tmp_path_factory.mktemp("browser") / "web.db")
    port = _free_port()
    app = create_app(str(db), allowed_hosts=["127.0.0.1"])
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(5)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Page:
    """A page that records console errors, CSP violations and every request leaving 127.0.0.1."""

    def __init__(self, browser: object, base: str) -> None:
        self.base = base
        self.page = browser.new_page(viewport={"width": 1300, "height": 900})  # type: ignore[attr-defined]
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

        def guard(route: object) -> None:
            url = route.request.url  # type: ignore[attr-defined]
            if url.startswith(base) or url.startswith("data:"):
                route.continue_()  # type: ignore[attr-defined]
            else:
                self.outside.append(url)
                route.abort()  # type: ignore[attr-defined]

        self.page.route("**/*", guard)

    def goto(self, hash_path: str) -> None:
        self.page.goto(f"{self.base}/{hash_path}")

    def network_month(self, month: str) -> None:
        self.page.wait_for_function(
            "m => document.querySelector('#cy') && document.querySelector('#cy').dataset.month === m", arg=month)

    def edges(self) -> set[str]:
        return set(filter(None, (self.page.get_attribute("#cy", "data-edges") or "").split("\n")))


@pytest.fixture
def page(browser: object, server: str) -> Iterator[Page]:
    p = Page(browser, server)
    yield p
    assert not p.outside, f"requests left 127.0.0.1: {p.outside}"
    assert not [e for e in p.errors if "Content Security Policy" in e or "Uncaught" in e], p.errors
    p.page.close()


HAKIM = "Hakimullah Mehsud|leads|Tehrik-e-Taliban Pakistan"
BAIT = "Baitullah Mehsud|leads|Tehrik-e-Taliban Pakistan"


def test_page_loads_quickly(page: Page) -> None:
    start = time.monotonic()
    page.goto("#/network")
    page.page.wait_for_selector("#cy[data-ready]")
    elapsed = time.monotonic() - start
    assert page.page.locator("#cy canvas").count() >= 1
    assert elapsed < 3.0, f"network view took {elapsed:.2f}s"


def test_slider_replays_change_of_leader(page: Page) -> None:
    page.goto("#/network")
    page.page.wait_for_selector("#cy[data-ready]")
    slider = page.page.locator("#month")
    slider.focus()
    page.page.keyboard.press("Home")  # the first month of the data: 2009-06
    page.network_month("2009-06")
    assert BAIT in page.edges() and HAKIM not in page.edges()
    for _ in range(7):  # arrow keys step month by month to 2010-01
        page.page.keyboard.press("ArrowRight")
    page.network_month("2010-01")
    assert HAKIM in page.edges() and BAIT not in page.edges()
    assert page.page.locator("#month-label").inner_text() == "2010-01"
    # The visible list mirrors the graph for keyboard and screen-reader users.
    items = page.page.locator("#edge-list button").all_inner_texts()
    assert "Hakimullah Mehsud — leads → Tehrik-e-Taliban Pakistan" in items
    assert not any(i.startswith("Baitullah Mehsud — leads") for i in items)


def test_play_button_steps_through_months(page: Page) -> None:
    page.goto("#/network")
    page.page.wait_for_selector("#cy[data-ready]")
    page.page.click("#play")
    page.network_month("2009-06")  # play restarts from the first month at the end of the range
    page.network_month("2009-07")
    assert page.page.get_attribute("#play", "aria-pressed") == "true"
    page.page.click("#play")
    assert page.page.get_attribute("#play", "aria-pressed") == "false"


def test_click_edge_shows_evidence_then_article_span(page: Page) -> None:
    page.goto("#/network")
    page.page.wait_for_selector("#cy[data-ready]")
    page.network_month("2010-02")
    point = page.page.evaluate("""() => {
        const cy = window.newsgraph.cy;
        const e = cy.edges().filter(e => e.data('raw').subject_name === 'Hakimullah Mehsud'
                                      && e.data('type') === 'leads')[0];
        const box = cy.container().getBoundingClientRect();
        const p = e.renderedMidpoint();
        return {x: box.left + p.x, y: box.top + p.y};
    }""")
    page.page.mouse.click(point["x"], point["y"])
    panel = page.page.locator("#evidence")
    panel.get_by_text("took charge of the Pakistan Taliban in August 2009").wait_for()
    assert "NPR" in panel.inner_text() and "2009-12-30" in panel.inner_text()
    panel.locator("ol.evidence a").first.click()
    mark = page.page.locator("mark#hl")
    mark.wait_for()
    assert mark.inner_text().startswith("Hakimullah Mehsud took charge of the Pakistan Taliban")
    assert page.page.locator("#article-title").inner_text() == "Militant Groups Seen Collaborating Against U.S."


def test_keyboard_opens_evidence_and_entity(page: Page) -> None:
    page.goto("#/network")
    page.page.wait_for_selector("#cy[data-ready]")
    button = page.page.locator("#edge-list button", has_text="Haqqani network")
    button.focus()
    page.page.keyboard.press("Enter")
    panel = page.page.locator("#evidence")
    panel.get_by_text("Analysts speculated").wait_for()
    assert "According to Analysts" in panel.inner_text()
    page.page.locator("#search-q").focus()
    page.page.keyboard.type("Hakim")
    page.page.locator("#search-results a").first.wait_for()
    page.page.keyboard.press("Enter")
    page.page.locator(".entity-view h2", has_text="Hakimullah Mehsud").wait_for()
    assert "2009-08" in page.page.locator(".timeline").inner_text()


def test_hostile_article_renders_as_text(page: Page) -> None:
    page.goto("#/article/xss3")
    body = page.page.locator("#article-text")
    body.wait_for()
    text = body.inner_text()
    assert "<script>window.__xss=2;" in text and '<iframe src="http://198.51.100.7/frame"' in text
    assert page.page.locator("script:not([src]), iframe, img").count() == 0
    assert page.page.locator("#article-title").inner_text().startswith("<script>")
    assert page.page.evaluate("() => window.__xss") is None
    # The hostile entity name is a link whose text is the markup, and so it stays in the network.
    assert body.locator("a.mention", has_text=XSS_NAME).count() == 1
    page.goto("#/network")
    page.page.wait_for_selector("#cy[data-ready]")
    assert page.page.locator("#edge-list button", has_text=XSS_NAME).count() == 1
    assert page.page.evaluate("() => window.__xss") is None


def test_map_draws_basemap_and_places(page: Page) -> None:
    page.goto("#/map")
    page.page.wait_for_selector("svg.map")
    assert page.page.locator("svg.map path.country").count() > 100
    assert page.page.locator("svg.map path.country.mentioned").count() == 0  # no country entity in this store
    place = page.page.locator('svg.map a.place[data-place="Waziristan"]')
    assert place.count() == 1 and "has-events" in (place.get_attribute("class") or "")
    page.page.locator(".place-list button", has_text="Waziristan").click()
    assert "missile strike, 1 killed" in page.page.locator("#place-panel").inner_text()
