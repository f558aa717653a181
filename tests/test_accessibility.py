"""axe-core (from npm, installed by `make test`) on every dashboard: no serious or critical findings,
except the ones listed here with the reason they cannot be fixed in this project."""

from __future__ import annotations

import json

import pytest

from browser import PLOT_SELECTOR, BlockedRequests, goto_with_one_retry, launch
from conftest import ARTIFACTS_DIR, REPO_DIR
from voila_server import voila_server

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")
AXE = REPO_DIR / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"

# rule id -> why it is accepted for now (upstream widgets we do not control).
ACCEPTED: dict[str, str] = {}
# What shows that a page has drawn (the home page has no Plotly figure).
READY = {"home": "#home-cards"}


@pytest.fixture(scope="module")
def page_factory():
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make test` installs axe-core from npm")
    with voila_server() as base, playwright_api.sync_playwright() as playwright:
        browser = launch(playwright)

        def open_page(name, width=1280):
            page = browser.new_page(viewport={"width": width, "height": 1000})
            page.route("**/*", BlockedRequests().handler)
            ARTIFACTS_DIR.mkdir(exist_ok=True)
            goto_with_one_retry(page, f"{base}voila/render/{name}.ipynb", ARTIFACTS_DIR / "retries.log")
            page.wait_for_selector(READY.get(name, PLOT_SELECTOR), timeout=90_000)
            page.wait_for_timeout(1500)
            return page

        yield open_page
        browser.close()


@pytest.mark.parametrize(
    "name,width",
    [("home", 1280), ("home", 390), ("timeline", 1280), ("map", 1280), ("country", 1280), ("timeline", 390)],
)
def test_no_serious_accessibility_findings(page_factory, name, width):
    page = page_factory(name, width)
    if name == "home":  # with results on screen too
        box = page.locator(".explorer-home-search input")
        box.fill("Palermo")
        box.press("Enter")
        page.wait_for_selector("#search-best", timeout=30_000)
    try:
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']}))
            .violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,
                                   targets: v.nodes.slice(0, 5).map(n => n.target.join(' '))}))""")
        ARTIFACTS_DIR.mkdir(exist_ok=True)
        (ARTIFACTS_DIR / f"{name}-{width}-axe.json").write_text(json.dumps(violations, indent=1))
        serious = [v for v in violations if v["impact"] in {"serious", "critical"} and v["id"] not in ACCEPTED]
        assert serious == [], serious
        # Every slider handle has a name a screen reader can read (apps/base.py names them).
        unnamed = page.evaluate("""() => Array.from(document.querySelectorAll('[role=slider]'))
            .filter(h => !(h.getAttribute('aria-label') || h.getAttribute('aria-labelledby'))).length""")
        assert unnamed == 0
    finally:
        page.close()
