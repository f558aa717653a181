"""The home page at "/", its search, "Embed this view" in an iframe, and every dashboard at phone width.

Voilà served on loopback, Debian chromium driven by Playwright, every request to another host blocked.
Expected values come from the parquet tables and their metadata, not from the code under test."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.request

import pandas as pd
import pytest
import yaml

from browser import PLOT_SELECTOR, BlockedRequests, assert_no_error_text, goto_with_one_retry
from conftest import ARTIFACTS_DIR
from voila_server import free_port

pytestmark = pytest.mark.browser
pytest.importorskip("playwright.sync_api")

# Voilà's default template links Font Awesome from a CDN; blocked here, the page works without it.
KNOWN_EXTERNAL = ("cdn.jsdelivr.net/npm/@fortawesome",)
# Leaving a Voilà page (following a search result) makes Voilà ask its server to shut the page's kernel
# down; the server refuses (403) and the culler ends the kernel later. Voilà's own request, not ours.
KNOWN_ON_LEAVING = ("/voila/api/shutdown/",)
HOSTILE = "<img src=x onerror=alert(1)>"
PHONE, DESKTOP = 390, 1280
DASHBOARDS = {"home": "#home-cards", "timeline": PLOT_SELECTOR, "map": PLOT_SELECTOR, "country": PLOT_SELECTOR}


def _long_date(value) -> str:
    value = pd.Timestamp(value)
    return f"{value.day} {value.strftime('%B')} {value.year}"


class Page:
    """A page in its own context (clipboard allowed), network blocked, console errors and dialogs kept."""

    def __init__(self, browser, width=DESKTOP, height=1000):
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.context.grant_permissions(["clipboard-read", "clipboard-write"])
        self.blocked = BlockedRequests()
        self.context.route("**/*", self.blocked.handler)
        self.page = self.context.new_page()
        self.errors, self.dialogs = [], []
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))

    def _on_console(self, message):
        url = (message.location or {}).get("url", "")
        if message.type == "error" and not any(known in url for known in KNOWN_EXTERNAL + KNOWN_ON_LEAVING):
            self.errors.append(f"{message.text} [{url}]")

    def open(self, url, wait=PLOT_SELECTOR):
        goto_with_one_retry(self.page, url, ARTIFACTS_DIR / "retries.log")
        self.page.wait_for_selector(wait, timeout=90_000)

    def save(self, name):
        """A screenshot of the whole page: Voilà scrolls inside #rendered_cells, so the viewport is made as
        tall as the content first."""
        ARTIFACTS_DIR.mkdir(exist_ok=True)
        size = self.page.viewport_size
        height = self.page.evaluate("""() => { const e = document.querySelector('#rendered_cells');
            return Math.max(e ? e.scrollHeight : 0, document.documentElement.scrollHeight); }""")
        self.page.set_viewport_size({"width": size["width"], "height": min(int(height) + 10, 9000)})
        self.page.wait_for_timeout(800)
        self.page.screenshot(path=str(ARTIFACTS_DIR / f"{name}.png"), full_page=True)
        self.page.set_viewport_size(size)

    def check_clean(self):
        assert_no_error_text(self.page)
        unexpected = [url for url in self.blocked if not any(known in url for known in KNOWN_EXTERNAL)]
        assert unexpected == [], f"the page tried to reach the internet: {unexpected}"
        assert self.errors == [], f"JavaScript errors: {self.errors}"
        assert self.dialogs == [], f"a dialog opened: {self.dialogs}"

    def search(self, text):
        box = self.page.locator(".explorer-home-search input")
        box.fill(text)
        box.press("Enter")
        self.page.wait_for_function(
            "(text) => { const q = document.querySelector('#search-query'); return q && q.textContent === text; }",
            arg=" ".join(text.split()),
            timeout=30_000,
        )

    def close(self):
        self.context.close()


def test_root_opens_the_home_page_with_the_entry_points_and_the_data_date(browser, server, real_tables):
    meta = yaml.safe_load((real_tables / "instruments.meta.yaml").read_text())
    view = Page(browser)
    try:
        view.open(server, wait="#home-cards")
        assert view.page.url.endswith("/voila/render/home.ipynb"), view.page.url
        stamp = view.page.locator("#home-stamp").inner_text()
        assert _long_date(meta["as_of"]) in stamp and str(meta["release"]) in stamp and meta["licence"] in stamp
        cards = view.page.locator("#home-cards")
        for notebook in ("timeline.ipynb", "map.ipynb", "country.ipynb"):
            assert cards.locator(f"a[href^='{notebook}']").count() >= 1, notebook
        assert cards.locator("svg[role=img]").count() == 3  # one preview per dashboard, drawn inline
        instruments = pd.read_parquet(real_tables / "instruments.parquet")
        body = view.page.inner_text("body")
        assert f"{len(instruments)} instruments" in body
        assert "Coverage of the" in view.page.locator("#home-coverage").inner_text()
        assert "Embed this view" in body and "How to cite" in body
        view.save("home-1280")
        view.check_clean()
    finally:
        view.close()


def test_the_file_list_moved_to_voila_tree_without_the_geometry_folder(browser, server):
    view = Page(browser)
    try:
        view.open(f"{server}voila/tree", wait="text=timeline.ipynb")
        links = view.page.eval_on_selector_all("a", "links => links.map(a => a.textContent.trim())")
        for name in ("home.ipynb", "timeline.ipynb", "map.ipynb", "country.ipynb"):
            assert name in links
        assert "static" not in links, "the geometry folder is listed as content"
        view.page.screenshot(path=str(ARTIFACTS_DIR / "voila-tree.png"))
    finally:
        view.close()


def _search_and_follow(view, server, text: str, href: str) -> str:
    """Search from the home page, check the best match links to ``href``, follow it; return its text."""
    view.open(server, wait="#home-cards")
    view.search(text)
    best = view.page.locator("#search-best")
    assert best.get_attribute("href") == href
    label = best.inner_text()
    best.click()
    view.page.wait_for_url(f"**/voila/render/{href}", timeout=60_000)
    return label


def test_search_palermo_opens_the_map_on_palermo(browser, server, real_tables):
    instruments = pd.read_parquet(real_tables / "instruments.parquet").set_index("instrument_id")
    title = instruments.at["palermo-protocol-2000", "short_title"]
    view = Page(browser)
    try:
        best = _search_and_follow(view, server, "Palermo", "map.ipynb?instrument=palermo-protocol-2000")
        assert best == title
        view.page.wait_for_function(
            "(text) => { const plot = document.querySelector('.explorer-map-canvas .explorer-live-plot');"
            " return plot && plot.layout && plot.layout.title && plot.layout.title.text.includes(text); }",
            arg=title.split(" (")[0],
            timeout=90_000,
        )
        view.check_clean()
    finally:
        view.close()


def test_search_a_state_name_opens_its_profile(browser, server, real_tables):
    states = pd.read_parquet(real_tables / "states.parquet").set_index("state_id")
    name = states.at["PHL", "name"]
    view = Page(browser)
    try:
        _search_and_follow(view, server, name, "country.ipynb?state=PHL")
        view.page.wait_for_selector(PLOT_SELECTOR, timeout=90_000)
        assert view.page.locator(".explorer-app input").first.input_value().startswith(name)
        view.check_clean()
    finally:
        view.close()


def test_unknown_and_hostile_text_gives_no_match_shown_as_text(browser, server):
    view = Page(browser)
    try:
        view.open(server, wait="#home-cards")
        view.search("qzxv wibble")
        assert "No match for" in view.page.locator("#search-nomatch").inner_text()
        view.search("Swedn")  # a typo: suggestions from the names in the data
        assert "Sweden" in view.page.locator("#search-nomatch").inner_text()
        view.search(HOSTILE)
        assert view.page.locator("#search-query").text_content() == HOSTILE
        assert view.page.locator("#search-results img").count() == 0
        view.page.wait_for_timeout(500)
        # Nothing broke: a real query still works afterwards.
        view.search("Philippines")
        assert view.page.locator("#search-best").get_attribute("href") == "country.ipynb?state=PHL"
        view.save("home-search-hostile")
        view.check_clean()
    finally:
        view.close()


def _serve_folder(folder, log_name):
    port = free_port()
    log = (ARTIFACTS_DIR / log_name).open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(folder)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base, timeout=2)
            return process, log, base
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("http.server did not start")
            time.sleep(0.2)


def test_embed_snippet_of_a_map_view_draws_the_same_view_in_an_iframe(browser, server, real_tables, tmp_path):
    instruments = pd.read_parquet(real_tables / "instruments.parquet").set_index("instrument_id")
    title = instruments.at["palermo-protocol-2000", "short_title"]
    view = Page(browser)
    process = log = None
    try:
        view.open(f"{server}voila/render/map.ipynb?instrument=palermo-protocol-2000&date=2010")
        view.page.wait_for_function(
            "() => { const s = document.querySelector('#embed-view-snippet');"
            " return s && s.value.includes('date=2010-12-31'); }",
            timeout=60_000,
        )
        snippet = view.page.locator("#embed-view-snippet").input_value()
        link = view.page.locator("#embed-view-link").input_value()
        assert re.fullmatch(r'<iframe src="[^"]+" title="[^"]+" width="100%" height="\d+" [^>]*></iframe>', snippet)
        assert link.startswith(f"{server}voila/render/map.ipynb?") and "instrument=palermo-protocol-2000" in link
        assert f'src="{link.replace("&", "&amp;")}"' in snippet
        # The copy button puts the snippet on the clipboard (or selects it where the clipboard is refused).
        view.page.get_by_role("button", name="Copy embed").click()
        status = view.page.locator("#embed-view-snippet-status")
        view.page.wait_for_function(
            "() => document.querySelector('#embed-view-snippet-status').textContent", timeout=10_000
        )
        if status.inner_text() == "Copied.":
            assert view.page.evaluate("() => navigator.clipboard.readText()") == snippet

        # A plain page of a course, on another loopback port, with the snippet pasted in.
        (tmp_path / "course.html").write_text(
            "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Course page</title></head><body>"
            f"<h1>Week 3: who joined the Palermo Protocol?</h1>{snippet}</body></html>",
            encoding="utf-8",
        )
        process, log, base = _serve_folder(tmp_path, "embed-course-server.log")
        course = Page(browser)
        try:
            course.page.goto(f"{base}course.html", wait_until="domcontentloaded", timeout=60_000)
            frame = course.page.frame_locator("iframe")
            frame.locator(".explorer-map-canvas .explorer-live-plot").wait_for(timeout=90_000)
            inside = course.page.locator("iframe").element_handle().content_frame()  # another origin
            inside.wait_for_function(
                """([title, date]) => {
                    const plot = document.querySelector('.explorer-map-canvas .explorer-live-plot');
                    const text = plot && plot.layout && plot.layout.title && plot.layout.title.text;
                    return !!text && text.includes(title) && text.includes(date); }""",
                arg=[title.split(" (")[0], "31 Dec 2010"],
                timeout=90_000,
            )
            assert frame.locator("path.choroplethlocation").count() > 150
            course.page.wait_for_timeout(1000)
            course.page.screenshot(path=str(ARTIFACTS_DIR / "embed-map-in-iframe.png"), full_page=True)
            course.check_clean()
        finally:
            course.close()
    finally:
        view.close()
        if process is not None:
            process.terminate()
            process.wait(timeout=15)
            log.close()


@pytest.mark.parametrize("name", list(DASHBOARDS))
def test_phone_width_has_no_horizontal_scrolling(browser, server, name):
    for width in (PHONE, DESKTOP):
        view = Page(browser, width=width, height=844 if width == PHONE else 1000)
        try:
            view.open(f"{server}voila/render/{name}.ipynb", wait=DASHBOARDS[name])
            if name == "timeline" and width == PHONE:
                # The page's width reaches the kernel, which redraws the timeline in its narrow layout.
                view.page.wait_for_function(
                    """() => { const gd = document.querySelector('.js-plotly-plot');
                    return gd && gd.layout && gd.layout.yaxis && gd.layout.yaxis.showticklabels === false; }""",
                    timeout=60_000,
                )
            view.page.wait_for_timeout(2500)  # the page's width reaches the kernel, which redraws for it
            widths = view.page.evaluate("""() => { const cells = document.querySelector('#rendered_cells');
                return {page: document.documentElement.scrollWidth, viewport: window.innerWidth,
                        cells: cells ? cells.scrollWidth : 0, cellsVisible: cells ? cells.clientWidth : 0}; }""")
            assert widths["page"] <= widths["viewport"], f"{name} at {width}px scrolls sideways: {widths}"
            assert widths["cells"] <= widths["cellsVisible"], (
                f"{name} at {width}px: content wider than the page: {widths}"
            )
            if width == PHONE and name != "home":
                # Controls stacked: every visible control fits inside the screen.
                wide = view.page.evaluate(
                    """(w) => Array.from(document.querySelectorAll(
                    '.explorer-app .widget-dropdown, .explorer-app .widget-text, .explorer-app .widget-combobox,'
                    + ' .explorer-app .widget-slider')).filter(e => e.offsetParent !== null
                    && e.getBoundingClientRect().right > w + 1).length""",
                    width,
                )
                assert wide == 0, f"{wide} controls of {name} stick out of a {width}px screen"
            if name == "timeline" and width == PHONE:
                # Titles above the rows: the plot takes the whole width (no left margin of labels).
                plot_left = view.page.evaluate("""() => document.querySelector('.js-plotly-plot .nsewdrag')
                    .getBoundingClientRect().left - document.querySelector('.js-plotly-plot').getBoundingClientRect().left""")
                assert plot_left < 0.1 * width, f"the timeline's labels still take {plot_left}px"
            view.save(f"{name}-{width}")
            view.check_clean()
        finally:
            view.close()


def test_a_search_link_opens_the_home_page_with_its_results(browser, server):
    view = Page(browser)
    try:
        view.open(f"{server}?q=Palermo", wait="#search-best")
        assert view.page.url.endswith("/voila/render/home.ipynb?q=Palermo"), view.page.url
        assert view.page.locator("#search-best").get_attribute("href") == "map.ipynb?instrument=palermo-protocol-2000"
        assert view.page.locator(".explorer-home-search input").input_value() == "Palermo"
        view.check_clean()
    finally:
        view.close()
