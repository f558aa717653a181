"""The static site (`make static`): built once into a temporary folder, then checked as files, and in
headless chromium opened from disk (file://) and from a web server under a sub-path, with every
request to another host blocked. Expected values are computed from the parquet tables directly,
not from the code under test."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd
import pytest
import yaml
from plotly.offline import get_plotlyjs_version

import explorer
from explorer import build as build_module
from explorer.static_site import build as static_build
from explorer.static_site import build_site
from explorer.static_site.pages import script_json

import fixture_data
from browser import BlockedRequests
from conftest import ARTIFACTS_DIR, REPO_DIR
from stamp_box import assert_stamp_inside
from voila_server import free_port

# The verbatim reservation, declaration and objection texts on the country pages added about 2 MB (Dec 2026).
SIZE_LIMIT_BYTES = 20_000_000
PALERMO = "palermo-protocol-2000"
PARTY_BLUE = "rgb(0, 114, 178)"  # 'party' in the Okabe–Ito blue (figures/style.py)
HOSTILE_TITLE = '<img src=x onerror="window.__pwned=1"></script><script>window.__pwned=2</script> & Co'
CONSENT = ["ratification", "accession", "acceptance", "approval", "succession", "definitive_signature", "participation"]


@pytest.fixture(scope="module")
def site(tmp_path_factory, real_tables):
    explorer.clear_caches()
    report = build_site(tmp_path_factory.mktemp("static") / "site", make_zip=True)
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    (ARTIFACTS_DIR / "static_site_size.txt").write_text(
        f"{report.line()}\nfiles: {report.files}\nbytes: {report.bytes}\nzip bytes: {report.zip_bytes}\n"
        f"build seconds: {report.seconds:.1f}\nlimit bytes: {SIZE_LIMIT_BYTES}\n"
    )
    return report


def _pages(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


class _References(HTMLParser):
    """Every (tag, attribute, value) that loads or links something, and every <script> tag."""

    def __init__(self):
        super().__init__()
        self.references, self.scripts = [], []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            self.scripts.append(attributes)
        for name in ("src", "href"):
            if attributes.get(name) is not None:
                self.references.append((tag, name, attributes[name]))


def _parse(path: Path) -> _References:
    parser = _References()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _participation(real_tables) -> pd.DataFrame:
    log = pd.read_parquet(real_tables / "participation.parquet")
    log["date"] = pd.to_datetime(log["date"])
    return log


# --- files --------------------------------------------------------------------------------------


def test_expected_files_exist(site, real_tables):
    root = site.out
    for name in (
        "index.html",
        "timeline.html",
        "definitions.html",
        "known-gaps.html",
        "data.html",
        "data-dictionary.html",
        "data-changes.html",
        "sources.html",
        "coverage.html",
        "README.txt",
        "data/data_dictionary.md",
        "data/coverage.csv",
    ):
        assert (root / name).is_file(), name
    log = _participation(real_tables)
    with_rows = sorted(log["instrument_id"].unique())
    assert sorted(p.stem for p in (root / "maps").glob("*.html")) == with_rows
    states = pd.read_parquet(real_tables / "states.parquet")
    states = states.loc[states["kind"] != "organisation", "state_id"]  # the EU is listed on its maps instead
    instruments = pd.read_parquet(real_tables / "instruments.parquet")
    acting = (set(log["state_id"]) | set(instruments["jurisdiction"].dropna())) & set(states)
    assert sorted(p.stem for p in (root / "countries").glob("*.html")) == sorted(acting)
    for parquet in sorted(real_tables.glob("*.parquet")):
        for suffix in (".parquet", ".meta.yaml", ".csv"):
            assert (root / "data" / f"{parquet.stem}{suffix}").is_file(), f"{parquet.stem}{suffix}"
        assert (root / "data" / parquet.name).read_bytes() == parquet.read_bytes()
    assets = sorted(p.name for p in (root / "assets").iterdir())
    # Maps need plotly.js's geo bundle, the timeline and country charts its basic one (scatter only).
    version = get_plotlyjs_version()
    assert sorted(re.sub(r"\.\w{8}\.min\.js$", "", a) for a in assets if a.startswith("plotly-")) == [
        f"plotly-basic-{version}",
        f"plotly-geo-{version}",
    ], assets
    assert len([a for a in assets if a.startswith("world_50m.")]) == 1, assets
    assert site.zip_path is not None and site.zip_path.is_file()
    assert not list(root.parent.glob(".*.tmp")), "the temporary build folder was left behind"


def test_each_page_loads_the_one_plotly_js_bundle_its_figures_need(site):
    """Map pages (choropleth, small-state dots, the parties chart) load the geo bundle; the timeline and
    country pages (scatter) the basic one; pages without a figure none. The bundles are the npm packages'
    files of plotly.py's plotly.js version, byte for byte."""
    root = site.out
    expected_kind = {"maps": "geo", "countries": "basic"}
    seen = set()
    for page in _pages(root):
        relative = page.relative_to(root)
        html = page.read_text(encoding="utf-8")
        plotly = [a["src"] for a in _parse(page).scripts if "plotly-" in a.get("src", "")]
        has_figure = "data-explorer-figure=" in html
        if not has_figure:
            assert plotly == [], relative
            continue
        kind = expected_kind.get(relative.parts[0], "basic")
        assert len(plotly) == 1, (relative, plotly)
        file = (page.parent / plotly[0]).resolve()
        header = file.read_text(encoding="utf-8")[:120]
        assert f"plotly.js ({kind} - minified) v{get_plotlyjs_version()}" in header, (relative, header)
        seen.add(file)
    assert {re.sub(r"\.\w{8}\.min\.js$", "", path.name) for path in seen} == {
        f"plotly-basic-{get_plotlyjs_version()}",
        f"plotly-geo-{get_plotlyjs_version()}",
    }
    vendored = REPO_DIR / "explorer" / "vendor" / "plotlyjs"
    for path in seen:
        kind = "geo" if "-geo-" in path.name else "basic"
        assert path.read_bytes() == (vendored / f"plotly-{kind}.min.js").read_bytes(), path.name
    assert (root / "licences" / "LICENSE-plotly.js.txt").is_file()


def test_asset_names_carry_their_content_hash(site):
    for path in (site.out / "assets").iterdir():
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:8]
        assert f".{digest}." in path.name, f"{path.name} does not carry its content hash {digest}"


def test_references_are_relative_and_resolve(site):
    root = site.out
    checked = 0
    for page in _pages(root):
        parsed = _parse(page)
        for tag, attribute, value in parsed.references:
            scheme = urlparse(value).scheme
            assert not value.startswith("/"), f"{page.name}: absolute path {value!r}"
            if scheme in ("http", "https"):
                # Citations link to their sources; nothing from another host is loaded.
                assert tag == "a" and attribute == "href", f"{page.name}: <{tag} {attribute}={value!r}> loads a URL"
                continue
            assert scheme == "", f"{page.name}: {value!r}"
            target = value.split("#")[0]
            if target:
                assert (page.parent / target).resolve().is_file(), f"{page.name}: {value!r} does not exist"
                assert (page.parent / target).resolve().is_relative_to(root), f"{page.name}: {value!r} leaves the site"
                checked += 1
    assert checked > 1000
    for script in (root / "assets").glob("*.js"):
        if not script.name.startswith("plotly-"):  # plotly.js's own default URLs are never used (browser tests)
            assert not re.search(r"https?://", script.read_text(encoding="utf-8")), script.name


def test_pages_have_title_heading_stamp_and_sources(site):
    meta = yaml.safe_load((site.out / "data" / "participation.meta.yaml").read_text())
    as_of = pd.Timestamp(meta["as_of"])
    stamp = f"Data version {meta['release']}, as of {as_of.day} {as_of.strftime('%B')} {as_of.year}."
    for page in _pages(site.out):
        html = page.read_text(encoding="utf-8")
        assert html.startswith('<!DOCTYPE html>\n<html lang="en">'), page.name
        assert re.search(r"<title>[^<]+</title>", html), page.name
        assert html.count("<h1>") == 1, page.name
        assert stamp in html, page.name
        assert "Sources used on this page" in html, page.name


def test_only_our_own_script_tags(site):
    """Text from the data never becomes markup: every <script> is one the build emits."""
    for page in _pages(site.out):
        html = page.read_text(encoding="utf-8")
        parsed = _parse(page)
        assert len(re.findall(r"<script", html, re.IGNORECASE)) == len(parsed.scripts), page.name
        for attributes in parsed.scripts:
            if "src" in attributes:
                assert re.fullmatch(r"(\.\./)?assets/[\w.-]+\.js", attributes["src"]), attributes
            else:
                assert attributes.get("type") == "application/json" and "data-explorer-figure" in attributes
        blocks = re.findall(
            r'<script type="application/json" data-explorer-figure="[^"]+">(.*?)</script>', html, re.DOTALL
        )
        assert len(blocks) == sum(1 for a in parsed.scripts if "src" not in a)
        for block in blocks:
            assert "</" not in block and "<!" not in block


def test_script_json_cannot_break_out():
    text = script_json({"title": HOSTILE_TITLE + "<!-- <SCRIPT>"})
    assert "</" not in text and "<!" not in text and "<s" not in text.lower()
    assert json.loads(text)["title"] == HOSTILE_TITLE + "<!-- <SCRIPT>"


def test_map_page_has_a_frame_per_year_and_the_latest_statuses(site, real_tables):
    instruments = pd.read_parquet(real_tables / "instruments.parquet").set_index("instrument_id")
    html = (site.out / "maps" / f"{PALERMO}.html").read_text(encoding="utf-8")
    block = re.search(r'data-explorer-figure="map">(.*?)</script>', html, re.DOTALL).group(1)
    spec = json.loads(block)
    adopted = pd.Timestamp(instruments.at[PALERMO, "adopted"]).year
    meta = yaml.safe_load((site.out / "data" / "participation.meta.yaml").read_text())
    years = [str(year) for year in spec["animation"]["years"]]
    assert years == [str(y) for y in range(adopted, pd.Timestamp(meta["as_of"]).year + 1)]
    assert spec["figure"]["layout"]["sliders"][0]["active"] == len(years) - 1
    assert spec["config"]["displaylogo"] is False and spec["config"]["responsive"] is True
    assert "geojson" not in block, "the geometry is shared, not embedded per page"
    assert "Status of every state on" in html and "Download the statuses of every state (CSV)" in html


def test_csv_files_are_stamped(site, real_tables):
    csvs = sorted(site.out.rglob("*.csv"))
    assert len(csvs) > 40
    for path in csvs:
        lines = path.read_text(encoding="utf-8").splitlines()
        stamp = [line for line in lines[:10] if line.startswith("#")]
        assert len(stamp) >= 3 and lines[: len(stamp)] == stamp, path.name
        assert any("as of" in line.lower() for line in stamp), path.name
    for parquet in sorted(real_tables.glob("*.parquet")):
        path = site.out / "data" / f"{parquet.stem}.csv"
        skip = sum(1 for line in path.read_text(encoding="utf-8").splitlines()[:10] if line.startswith("#"))
        assert len(pd.read_csv(path, skiprows=skip)) == len(pd.read_parquet(parquet)), path.name


def test_size_is_well_under_the_limit(site):
    files = [p for p in site.out.rglob("*") if p.is_file()]
    total = sum(p.stat().st_size for p in files)
    assert total == site.bytes
    assert total < SIZE_LIMIT_BYTES, f"the static site is {total / 1e6:.1f} MB"


def test_a_failed_build_leaves_the_previous_site_alone(tmp_path, monkeypatch, real_tables):
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("the previous site")

    def broken(self):
        (self.root / "index.html").write_text("half a site")
        raise RuntimeError("disk full")

    monkeypatch.setattr(static_build.Site, "build", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        build_site(out, make_zip=True)
    assert (out / "index.html").read_text() == "the previous site"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"], "temporary files were left behind"


def _hostile_site(tmp_path, use_data_dir) -> Path:
    """The hand-made dataset with HTML in an instrument's title, built, then the static site from it."""
    curated = fixture_data.write_curated(tmp_path)
    path = curated / "instruments" / "test.yaml"
    instruments = yaml.safe_load(path.read_text())
    instruments[0]["short_title"] = HOSTILE_TITLE
    instruments[0]["summary"] = "A summary with <b>markup</b> & an ampersand."
    path.write_text(yaml.safe_dump(instruments, sort_keys=False))
    build_module.build(curated, tmp_path / "tables")
    use_data_dir(tmp_path)
    try:
        return build_site(tmp_path / "out" / "site").out
    finally:
        use_data_dir(None)


@pytest.fixture
def hostile_site(tmp_path, use_data_dir):
    return _hostile_site(tmp_path, use_data_dir)


def test_html_in_the_data_is_escaped(hostile_site):
    page = hostile_site / "maps" / "treaty-a.html"
    html = page.read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=" in html and "&amp; Co" in html
    for path in _pages(hostile_site):
        text = path.read_text(encoding="utf-8")
        assert "<img" not in text and 'onerror="window' not in text, path.name
        assert len(re.findall(r"<script", text, re.IGNORECASE)) == len(_parse(path).scripts), path.name
        assert "window.__pwned=2</script>" not in text, path.name


# --- in a browser (the `browser` fixture of conftest.py) ---------------------------------------------


class Page:
    """A page of the site in its own browser context, network blocked, console errors collected."""

    def __init__(self, browser, url: str, name: str, width: int = 1280):
        self.name = name
        self.context = browser.new_context(viewport={"width": width, "height": 1000})
        self.blocked = BlockedRequests()
        self.context.route("**/*", self.blocked.handler)
        self.page = self.context.new_page()
        self.console, self.errors = [], []
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
        self.page.goto(url, wait_until="load", timeout=60_000)

    def _on_console(self, message):
        self.console.append(f"{message.type}: {message.text}")
        if message.type == "error":
            self.errors.append(message.text)

    def wait_drawn(self, target: str):
        self.page.wait_for_selector(f"#{target}[data-drawn='true']", timeout=60_000)

    def fill_of(self, state_id: str):
        return self.page.evaluate(
            """(code) => {
            const path = Array.from(document.querySelectorAll('#map path.choroplethlocation'))
                .find(p => p.__data__ && p.__data__.loc === code);
            return path ? getComputedStyle(path).fill : null; }""",
            state_id,
        )

    def click_slider_step(self, year: str):
        """Click the tick of a year on Plotly's own slider, as a viewer would."""
        index = self.page.evaluate(
            "(year) => document.getElementById('map').layout.sliders[0].steps.findIndex(s => s.label === year)", year
        )
        assert index >= 0, f"no slider step for {year}"
        self.page.locator("#map .slider-rail-rect").first.scroll_into_view_if_needed()
        tick = self.page.locator("#map .slider-tick-rect").nth(index).bounding_box()
        rail = self.page.locator("#map .slider-rail-rect").first.bounding_box()
        self.page.mouse.click(tick["x"] + tick["width"] / 2, rail["y"] + rail["height"] / 2)
        self.page.wait_for_function(
            "(year) => document.getElementById('map').getAttribute('data-frame') === year", arg=year, timeout=30_000
        )
        self.page.wait_for_timeout(400)

    def save(self, label: str):
        ARTIFACTS_DIR.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS_DIR / f"static-{label}.png"), full_page=True)
        (ARTIFACTS_DIR / f"static-{label}.console.log").write_text("\n".join(self.console))

    def check_clean(self):
        assert list(self.blocked) == [], f"the page tried to reach the network: {list(self.blocked)}"
        assert self.errors == [], f"errors in the console: {self.errors}"

    def close(self):
        self.context.close()


def _changed_state(real_tables) -> tuple[str, str, str]:
    """A well-known state with no consent to Palermo by the end of 2003 and one by mid-2009 (from the rows)."""
    log = _participation(real_tables)
    palermo = log[(log["instrument_id"] == PALERMO) & log["action"].isin(CONSENT)]
    first = palermo.groupby("state_id")["date"].min()
    candidates = first[(first >= pd.Timestamp("2005-01-01")) & (first <= pd.Timestamp("2009-06-30"))]
    for state in ("FRA", "DEU", "USA", "GBR", "ITA", "ESP", "CHE", "SWE"):
        if state in candidates.index:
            return state, "2003", "2010"
    return candidates.index[0], "2003", "2010"


@pytest.mark.browser
def test_map_from_disk_draws_offline_and_the_slider_changes_a_state(site, browser, real_tables):
    state, before_year, after_year = _changed_state(real_tables)
    view = Page(browser, (site.out / "maps" / f"{PALERMO}.html").as_uri(), "map")
    try:
        view.wait_drawn("map")
        view.wait_drawn("parties")
        assert view.page.locator("#map path.choroplethlocation").count() > 150
        latest = view.fill_of(state)
        assert latest == PARTY_BLUE
        view.save("map-latest")
        view.click_slider_step(before_year)
        before = view.fill_of(state)
        assert "31 Dec 2003" in view.page.locator("#map .gtitle").text_content()
        view.save(f"map-{before_year}")
        view.click_slider_step(after_year)
        after = view.fill_of(state)
        view.save(f"map-{after_year}")
        assert before is not None and before != after, f"{state}'s colour did not change"
        assert after == PARTY_BLUE
        assert view.page.locator("#map-date").inner_text() == "31 Dec 2010"
        assert view.page.locator("#map-year").input_value() == "2010"
        # The labelled range input (keyboard) drives the same frames.
        view.page.locator("#map-year").focus()
        view.page.keyboard.press("Home")
        view.page.wait_for_function(
            "() => document.getElementById('map').getAttribute('data-frame') === '2000'", timeout=30_000
        )
        view.page.wait_for_timeout(400)
        assert view.page.evaluate("() => document.getElementById('map').layout.sliders[0].active") == 0
        assert view.fill_of(state) != PARTY_BLUE
        view.check_clean()
    finally:
        view.close()


@pytest.mark.browser
def test_index_timeline_and_country_pages_draw_from_disk(site, browser, real_tables):
    index = Page(browser, (site.out / "index.html").as_uri(), "index")
    try:
        assert index.page.locator(f"a[href='maps/{PALERMO}.html']").count() == 1
        assert index.page.locator("a[href='countries/PHL.html']").count() == 1
        index.save("index")
        index.check_clean()
    finally:
        index.close()
    timeline = Page(browser, (site.out / "timeline.html").as_uri(), "timeline")
    try:
        timeline.wait_drawn("timeline")
        instruments = pd.read_parquet(real_tables / "instruments.parquet")
        dated = instruments[instruments[["adopted", "enacted", "opened_for_signature"]].notna().any(axis=1)]
        drawn = timeline.page.evaluate("""() => document.getElementById('timeline')._fullData
            .find(t => t.name === 'Adopted / enacted').x.length""")
        assert drawn == len(dated)
        timeline.save("timeline")
        timeline.check_clean()
    finally:
        timeline.close()
    country = Page(browser, (site.out / "countries" / "PHL.html").as_uri(), "country")
    try:
        country.wait_drawn("country-timeline")
        log = _participation(real_tables)
        drawn = country.page.evaluate("""() => document.getElementById('country-timeline')._fullData
            .filter(t => !t.name.includes('National law')).reduce((n, t) => n + t.x.length, 0)""")
        assert drawn == int((log["state_id"] == "PHL").sum())
        assert "Republic Act No. 9208" in country.page.inner_text(
            "body"
        ) or "Anti-Trafficking in Persons Act of 2003" in country.page.inner_text("body")
        country.save("country-phl")
        country.check_clean()
    finally:
        country.close()


@pytest.mark.browser
def test_no_serious_accessibility_findings(site, browser):
    axe = REPO_DIR / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
    if not axe.exists():
        pytest.skip("axe-core is installed by `make test`")
    for path, target in (
        (f"maps/{PALERMO}.html", "map"),
        ("countries/PHL.html", "country-timeline"),
        ("index.html", None),
        ("data-dictionary.html", None),
    ):
        view = Page(browser, (site.out / path).as_uri(), "axe")
        try:
            if target:
                view.wait_drawn(target)
            view.page.add_script_tag(path=str(axe))
            violations = view.page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']}))
                .violations.map(v => ({id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map(n => n.target)}))""")
            serious = [v for v in violations if v["impact"] in {"serious", "critical"}]
            assert serious == [], f"{path}: {serious}"
        finally:
            view.close()


@pytest.mark.browser
def test_html_in_the_data_stays_text_in_the_browser(hostile_site, browser):
    view = Page(browser, (hostile_site / "maps" / "treaty-a.html").as_uri(), "hostile")
    try:
        view.wait_drawn("map")
        assert view.page.evaluate("() => window.__pwned") is None
        assert HOSTILE_TITLE in view.page.locator("h1").inner_text()
        assert view.page.locator("#map path.choroplethlocation").count() > 150
        view.save("hostile")
        view.check_clean()
    finally:
        view.close()


@pytest.mark.browser
def test_site_works_under_a_sub_path_on_a_web_server(site, browser, tmp_path):
    served = tmp_path / "www"
    shutil.copytree(site.out, served / "sub" / "path")
    port = free_port()
    log = (ARTIFACTS_DIR / "static-http-server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(served)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/sub/path/"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "index.html", timeout=2)
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "http.server did not start"
                time.sleep(0.2)
        view = Page(browser, f"{base}maps/{PALERMO}.html", "subpath")
        try:
            view.wait_drawn("map")
            # Served over http, 'Embed this page' gives the page's full address.
            assert f'src="{base}maps/{PALERMO}.html"' in view.page.locator("#embed-view-snippet").input_value()
            assert view.page.locator("#map path.choroplethlocation").count() > 150
            view.page.get_by_role("link", name="Timeline").first.click()
            view.page.wait_for_url(f"{base}timeline.html")
            view.wait_drawn("timeline")
            view.save("subpath-timeline")
            view.check_clean()
        finally:
            view.close()
    finally:
        server.terminate()
        server.wait(timeout=15)
        log.close()


@pytest.mark.browser
def test_pages_fit_a_phone_and_offer_an_embed_code(site, browser):
    """At 390 px: no sideways scrolling, the map's legend under the map; every page has 'Embed this page'
    with its address relative to the site's folder and a working copy button (offline, from disk)."""
    for path, target in (
        (f"maps/{PALERMO}.html", "map"),
        ("countries/PHL.html", "country-timeline"),
        ("timeline.html", "timeline"),
        ("index.html", None),
        ("sources.html", None),
    ):
        name = path.rsplit("/", 1)[-1].removesuffix(".html")
        for width in (390, 1280):
            view = Page(browser, (site.out / path).as_uri(), f"{name}-{width}", width=width)
            try:
                if target:
                    view.wait_drawn(target)
                page_width, viewport = view.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
                assert page_width <= viewport, f"{path} at {width}px scrolls sideways ({page_width} > {viewport})"
                snippet = view.page.locator("#embed-view-snippet").input_value()
                assert f'src="{path}"' in snippet and "<iframe" in snippet
                view.page.get_by_role("button", name="Copy embed").click()
                view.page.wait_for_function(
                    "() => document.getElementById('embed-view-snippet-status').textContent.length > 0", timeout=10_000
                )
                if target == "map" and width == 390:
                    drawn = view.page.evaluate("""() => { const boxes = Array.from(document.querySelectorAll(
                        '#map path.choroplethlocation')).map(p => p.getBoundingClientRect()).filter(b => b.width > 0);
                        return Math.max(...boxes.map(b => b.right)) - Math.min(...boxes.map(b => b.left)); }""")
                    assert drawn > 0.75 * width, f"the map is squeezed to {drawn}px"
                view.save(f"phone-{name}-{width}" if width == 390 else f"wide-{name}-{width}")
                view.check_clean()
            finally:
                view.close()


@pytest.mark.browser
def test_the_stamp_under_each_chart_is_never_cut(site, browser):
    """At 390 px and 1280 px the as-of and sources stamp stays inside its figure, sources list and all."""
    for path, targets in (
        (f"maps/{PALERMO}.html", ("map", "parties")),
        ("countries/PHL.html", ("country-timeline",)),
        ("timeline.html", ("timeline",)),
    ):
        name = path.rsplit("/", 1)[-1].removesuffix(".html")
        for width in (390, 1280):
            view = Page(browser, (site.out / path).as_uri(), f"stamp-{name}-{width}", width=width)
            try:
                for target in targets:
                    view.wait_drawn(target)
                    assert_stamp_inside(view.page, f"#{target}", f"{path} at {width}px")
                view.check_clean()
            finally:
                view.close()
