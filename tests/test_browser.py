"""The dashboards in a real browser: Voilà served on loopback, Debian chromium driven by Playwright,
every request to another host blocked. Expected values are computed from the parquet tables
directly, not from the code under test."""

from __future__ import annotations

import re
import time

import pandas as pd
import pytest
import yaml

from browser import BlockedRequests, Dashboard, assert_no_error_text, goto_with_one_retry
from conftest import ARTIFACTS_DIR
from table_expectations import dated_instruments, parties_without

pytestmark = pytest.mark.browser
pytest.importorskip("playwright.sync_api")

# `server` and `browser` are the module-scoped fixtures of conftest.py (one Voilà server for this module).


def test_timeline_draws_one_mark_per_instrument_and_filters(browser, server, real_tables):
    instruments = dated_instruments(pd.read_parquet(real_tables / "instruments.parquet"))
    dashboard = Dashboard(browser, server, "timeline")
    try:
        dashboard.wait_quiet()
        dashboard.save("default")
        dashboard.check_clean()
        assert dashboard.trace_points("Adopted / enacted") == len(instruments)

        us_federal = int((instruments["family"] == "us_federal").sum())
        assert us_federal > 0
        dashboard.page.get_by_label("United States federal law").uncheck()
        dashboard.page.wait_for_function(
            "(n) => { const gd = document.querySelectorAll('.js-plotly-plot')[0];"
            " const t = gd && gd._fullData && gd._fullData.find(t => t.name === 'Adopted / enacted');"
            " return t && t.x.length === n; }",
            arg=len(instruments) - us_federal,
            timeout=30_000,
        )
        dashboard.wait_quiet()
        assert dashboard.trace_points("Adopted / enacted") == len(instruments) - us_federal
        dashboard.save("filtered")
        dashboard.check_clean()
    finally:
        dashboard.close()


def test_timeline_selecting_an_instrument_shows_details_and_sources(browser, server, real_tables):
    instruments = pd.read_parquet(real_tables / "instruments.parquet").set_index("instrument_id")
    sources = pd.read_parquet(real_tables / "sources.parquet").set_index("source_id")
    palermo = instruments.loc["palermo-protocol-2000"]
    dashboard = Dashboard(browser, server, "timeline")
    try:
        select = dashboard.page.get_by_label("Instrument")
        label = select.locator("option", has_text=palermo["short_title"]).first.text_content()
        select.select_option(label=label)
        detail = dashboard.page.locator("#instrument-detail")
        detail.wait_for(timeout=30_000)
        text = detail.inner_text()
        assert palermo["short_title"] in text
        assert "Sources for this instrument" in text
        assert sources.loc[palermo["source_id"], "title"] in text
        dashboard.wait_quiet()
        dashboard.save("selected")
        dashboard.check_clean()
    finally:
        dashboard.close()


def test_timeline_invalid_deep_link_gives_message_and_default_view(browser, server, real_tables):
    instruments = dated_instruments(pd.read_parquet(real_tables / "instruments.parquet"))
    dashboard = Dashboard(browser, server, "timeline", "?instrument=%3Cscript%3Ealert(1)%3C/script%3E&from=abc")
    try:
        dashboard.wait_quiet()
        body = dashboard.page.inner_text("body")
        assert "is not a valid instrument" in body and "is not a valid from" in body
        assert dashboard.trace_points("Adopted / enacted") == len(instruments)
        assert dashboard.page.locator("script:has-text('alert(1)')").count() == 0
        dashboard.check_clean()
    finally:
        dashboard.close()


def _palermo_joiner(real_tables):
    """A state whose consent to Palermo was deposited in 2005–2009, per the participation rows."""
    log = pd.read_parquet(real_tables / "participation.parquet")
    palermo = log[log["instrument_id"] == "palermo-protocol-2000"]
    consents = palermo[palermo["action"].isin(["ratification", "accession", "acceptance", "approval"])]
    first = pd.to_datetime(consents.groupby("state_id")["date"].min())
    candidates = first[(first >= pd.Timestamp("2005-01-01")) & (first <= pd.Timestamp("2009-06-30"))]
    for state in ("FRA", "DEU", "USA", "GBR", "ITA", "ESP", "CHE", "SWE"):
        if state in candidates.index:
            return state
    return candidates.index[0]


def test_map_draws_offline_and_slider_changes_a_known_state(browser, server, real_tables):
    state = _palermo_joiner(real_tables)
    dashboard = Dashboard(browser, server, "map", "?instrument=palermo-protocol-2000&date=2003")
    try:
        dashboard.page.wait_for_selector("path.choroplethlocation", timeout=60_000)
        dashboard.page.wait_for_function(
            "() => (document.querySelector('#map-summary') || {innerText: ''}).innerText.includes('31 December 2003')",
            timeout=60_000,
        )
        dashboard.wait_map_drawn("31 Dec 2003")
        assert dashboard.page.locator("path.choroplethlocation").count() >= 200
        summary = dashboard.page.locator("#map-summary").inner_text()
        assert "31 December 2003" in summary
        before = dashboard.fill_of(state)
        dashboard.save("2003")
        handle = dashboard.page.locator(".widget-slider .noUi-handle").first
        handle.focus()
        for _ in range(7):
            handle.press("ArrowRight")
        dashboard.page.wait_for_function(
            "() => (document.querySelector('#map-summary') || {}).innerText.includes('31 December 2010')",
            timeout=60_000,
        )
        dashboard.wait_map_drawn("31 Dec 2010")
        after = dashboard.fill_of(state)
        dashboard.save("2010")
        assert before is not None and after is not None
        assert before != after, f"{state}'s colour did not change between 2003 and 2010"
        assert after == "rgb(0, 114, 178)"  # 'party' in the Okabe–Ito blue
        # Clicking the state's shape opens its details: its own actions on this instrument.
        box = dashboard.page.evaluate(
            """(code) => {
            const path = Array.from(document.querySelectorAll('path.choroplethlocation'))
                .find(p => p.__data__ && p.__data__.loc === code);
            const r = path.getBoundingClientRect();
            return {x: r.x + r.width / 2, y: r.y + r.height / 2};
        }""",
            "BRA",
        )  # a large shape: a click near a small state's dot would pick the dot
        dashboard.page.mouse.click(box["x"], box["y"])
        detail = dashboard.page.wait_for_selector("#state-detail", timeout=30_000)
        consent = pd.Timestamp(_palermo_consent_date(real_tables, "BRA"))
        shown = f"{consent.day} {consent.strftime('%b %Y')}"  # the table's date format, e.g. 29 Jan 2004
        assert "Brazil (BRA)" in detail.inner_text() and shown in detail.inner_text()
        dashboard.save("clicked")
        # PNG export from the map's camera button, drawn in the browser, stamped with date and sources.
        stamp = dashboard.page.evaluate("""() => (document.querySelector('.explorer-map-canvas .js-plotly-plot')
            .layout.annotations || []).map(a => a.text).join(' ')""")
        as_of = pd.Timestamp(yaml.safe_load((real_tables / "participation.meta.yaml").read_text())["as_of"])
        assert f"data as of {as_of.day} {as_of.strftime('%b %Y')}" in stamp and "untc-xviii-12-a" in stamp
        assert "Coverage: complete_to" in stamp  # rows after the 2014 table come from scattered sources
        with dashboard.page.expect_download(timeout=60_000) as download_info:
            dashboard.page.locator(".explorer-map-canvas .modebar-btn[data-title='Download plot as a PNG']").click()
        download = download_info.value
        assert download.suggested_filename == "palermo-protocol-2000_2010-12-31.png"
        png = open(download.path(), "rb").read()
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
        # 'Cite this view' gives the full address of this very view.
        dashboard.page.get_by_text("Cite this view", exact=True).click()
        citation = dashboard.page.wait_for_selector("#cite-view .explorer-citation[data-style='apa']").inner_text()
        assert re.search(
            r"from http://127\.0\.0\.1:\d+/voila/render/map\.ipynb\?instrument=palermo-protocol-2000"
            r"&date=2010-12-31$",
            citation,
        ), citation
        dashboard.check_clean()
    finally:
        dashboard.close()


def _palermo_consent_date(real_tables, state) -> str:
    log = pd.read_parquet(real_tables / "participation.parquet")
    rows = log[
        (log["instrument_id"] == "palermo-protocol-2000")
        & (log["state_id"] == state)
        & log["action"].isin(["ratification", "accession", "acceptance", "approval"])
    ]
    return str(rows["date"].min())[:10]


def test_map_invalid_deep_link_falls_back(browser, server):
    dashboard = Dashboard(browser, server, "map", "?instrument=nope&date=1066-13-45")
    try:
        dashboard.wait_quiet()
        body = dashboard.page.inner_text("body")
        assert "is not a valid instrument" in body and "is not a valid date" in body
        assert re.search(r"Palermo", dashboard.page.locator("#map-summary").inner_text())
        dashboard.check_clean()
    finally:
        dashboard.close()


def test_country_profile_and_comparison(browser, server, real_tables):
    log = pd.read_parquet(real_tables / "participation.parquet")
    philippines = log[log["state_id"] == "PHL"]
    dashboard = Dashboard(browser, server, "country", "?state=PHL&compare=SWE")
    try:
        dashboard.wait_quiet()
        summaries = dashboard.page.locator(".explorer-summary[data-state]")
        assert summaries.count() == 2
        assert "Philippines" in summaries.nth(0).inner_text() and "Sweden" in summaries.nth(1).inner_text()
        # The shared-axis timeline draws one marker per action of each state (national laws included).
        drawn = dashboard.page.evaluate("""() => { const gd = document.querySelectorAll('.js-plotly-plot')[0];
            return gd._fullData.filter(t => t.name.startsWith('Philippines') && !t.name.includes('National law'))
              .reduce((n, t) => n + t.x.length, 0); }""")
        assert drawn == len(philippines)
        body = dashboard.page.inner_text("body")
        assert "Republic Act No. 9208" in body or "Anti-Trafficking in Persons Act of 2003" in body
        dashboard.save("phl-swe")
        dashboard.check_clean()
    finally:
        dashboard.close()


def test_country_set_query_from_deep_link(browser, server, real_tables):
    dashboard = Dashboard(
        browser,
        server,
        "country",
        "?state=FRA&include=traffic-persons-convention-1949&exclude=palermo-protocol-2000&year=2012",
    )
    try:
        dashboard.wait_quiet()
        result = dashboard.page.locator("#set-result").inner_text()
        engine_free = parties_without(
            real_tables, "traffic-persons-convention-1949", "palermo-protocol-2000", "2012-12-31"
        )
        assert f": {len(engine_free)} state(s)." in result
        dashboard.check_clean()
    finally:
        dashboard.close()


def test_landing_page_lists_the_dashboards_offline(browser, server):
    """'/' opens the home page (tests/test_home.py checks it); the file list moved to voila/tree."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    blocked = BlockedRequests()
    page.route("**/*", blocked.handler)
    try:
        page.goto(server, wait_until="domcontentloaded", timeout=60_000)
        page.wait_for_selector("#home-cards", timeout=90_000)
        assert page.url.endswith("voila/render/home.ipynb")
        page.goto(f"{server}voila/tree", wait_until="domcontentloaded", timeout=60_000)
        page.wait_for_selector("text=timeline.ipynb", timeout=30_000)
        body = page.inner_text("body")
        for name in ("home.ipynb", "timeline.ipynb", "map.ipynb", "country.ipynb"):
            assert name in body
        assert "static" not in body.split(), "the geometry folder is listed as content"
        ARTIFACTS_DIR.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS_DIR / "landing.png"))
    finally:
        page.close()


def test_timeline_definition_view_quotes_palermo_article_3(browser, server, real_tables):
    definitions = pd.read_parquet(real_tables / "definitions.parquet")
    palermo = definitions[definitions["instrument_id"] == "palermo-protocol-2000"].iloc[0]
    first_sentence = palermo["text"].split("shall mean")[0].split("(a)")[-1].strip()
    dashboard = Dashboard(browser, server, "timeline")
    try:
        dashboard.page.get_by_text("How the definition changed").click()
        panel = dashboard.page.locator("#definitions")
        panel.wait_for(timeout=30_000)
        text = panel.inner_text()
        assert palermo["article"] in text and first_sentence in text and "shall mean the recruitment" in text
        # Oldest first: the 1904 Agreement's column comes before Palermo's.
        assert text.index("1904") < text.index("Palermo")
        dashboard.wait_quiet()
        dashboard.save("definitions")
        dashboard.check_clean()
    finally:
        dashboard.close()


def test_notebook_world_map_draws_offline_from_a_plain_html_file(browser, real_tables, tmp_path):
    """``explorer.world_map`` (notebooks, exported HTML) embeds its geometry: no request leaves the
    machine and the shapes are drawn. The party colour of a state is checked against the parquet."""
    import shutil
    from pathlib import Path

    import plotly

    import explorer

    state = _palermo_joiner(real_tables)
    shutil.copy(Path(plotly.__file__).parent / "package_data" / "plotly.min.js", tmp_path / "plotly.min.js")
    explorer.world_map("palermo-protocol-2000", "2010-12-31").write_html(
        tmp_path / "map.html", include_plotlyjs="plotly.min.js"
    )
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    blocked = BlockedRequests()
    page.route("**/*", blocked.handler)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto((tmp_path / "map.html").as_uri())
        page.wait_for_function(
            "() => document.querySelectorAll('path.choroplethlocation').length > 150", timeout=30_000
        )
        fill = page.evaluate(
            """(code) => {
            const path = Array.from(document.querySelectorAll('path.choroplethlocation'))
                .find(p => p.__data__ && p.__data__.loc === code);
            return path ? getComputedStyle(path).fill : null; }""",
            state,
        )
        page.screenshot(path=str(ARTIFACTS_DIR / "notebook-world-map.png"))
        assert fill == "rgb(0, 114, 178)", f"{state} should be drawn as a party in 2010, got {fill}"
        assert list(blocked) == [], f"the map tried to reach the internet: {list(blocked)}"
        assert errors == []
    finally:
        page.close()


def test_country_hostile_long_unicode_query_falls_back_safely(browser, server):
    """A 3,000-character query of unicode, a script tag and an RTL override: one named message,
    the default view, nothing executed."""
    hostile = "?state=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E%E2%80%AE%F0%9F%92%A5&compare=" + "%C3%A9" * 500
    dashboard = Dashboard(browser, server, "country", hostile)
    try:
        dashboard.page.wait_for_function(
            "() => document.body.innerText.includes('query string is too long')", timeout=60_000
        )
        assert dashboard.page.evaluate("() => window.__pwned") is None
        assert dashboard.page.locator("script:has-text('__pwned')").count() == 0
        dashboard.save("hostile-query")
        dashboard.check_clean()
    finally:
        dashboard.close()


# --- coverage: no view claims more than the rows support ------------------------------------------

NO_DATA_FILL = "rgb(234, 217, 184)"  # 'No data' (#EAD9B8)
NO_ACTION_FILL = "rgb(189, 189, 189)"  # 'No action recorded' (#BDBDBD)


def _map_title(real_tables, instrument_id):
    """The start of the map's title for an instrument (e.g. 'CRC — ' of 'CRC — 3 Dec 2026'): waiting for it,
    not only for the year, waits past a pooled kernel's default view (Palermo, drawn before the deep
    link is applied)."""
    instruments = pd.read_parquet(real_tables / "instruments.parquet").set_index("instrument_id")
    return f"{instruments.at[instrument_id, 'short_title']} — "


def _ilo_count(real_tables, instrument_id):
    counts = pd.read_parquet(real_tables / "depositary_counts.parquet")
    rows = counts[counts["instrument_id"] == instrument_id].sort_values("status_as_at")
    return int(rows["parties"].iloc[-1]), pd.Timestamp(rows["status_as_at"].iloc[-1])


def test_partial_instrument_map_says_no_data_and_names_the_published_count(browser, server, real_tables):
    log = pd.read_parquet(real_tables / "participation.parquet")
    recorded = set(log.loc[log["instrument_id"] == "ilo-c182", "state_id"])
    without = next(s for s in ("BRA", "CHN", "IND", "RUS", "NGA") if s not in recorded)
    published, when = _ilo_count(real_tables, "ilo-c182")
    dashboard = Dashboard(browser, server, "map", "?instrument=ilo-c182&date=2026")
    try:
        dashboard.wait_map_drawn(_map_title(real_tables, "ilo-c182"))
        summary = dashboard.page.locator("#map-summary").inner_text()
        assert "at least" in summary, summary
        body = dashboard.page.inner_text("body")
        assert f"{published} parties on {when.day} {when.strftime('%B %Y')}" in body
        assert dashboard.fill_of(without) == NO_DATA_FILL
        legend = dashboard.page.evaluate("""() => { const gd = document.querySelector(
            '.explorer-map-canvas .js-plotly-plot');
            return gd._fullData.find(t => t.type === 'choropleth').colorbar.ticktext; }""")
        assert "No data (not recorded)" in legend and "No action recorded" not in legend
        dashboard.save("c182-2026")
        dashboard.check_clean()
    finally:
        dashboard.close()


def test_palermo_2026_says_at_least_and_lists_the_eu_under_the_map(browser, server, real_tables):
    dashboard = Dashboard(browser, server, "map", "?instrument=palermo-protocol-2000&date=2026")
    try:
        dashboard.wait_map_drawn(_map_title(real_tables, "palermo-protocol-2000"))
        summary = dashboard.page.locator("#map-summary").inner_text()
        assert "at least" in summary and "the European Union" in summary, summary
        assert "European Union" in dashboard.page.locator("#map-organisations").inner_text()
        dashboard.check_clean()
    finally:
        dashboard.close()


def test_complete_instrument_map_shows_no_no_data(browser, server, real_tables):
    counts = pd.read_parquet(real_tables / "depositary_counts.parquet")
    crc = int(counts.loc[counts["instrument_id"] == "crc-1989", "parties"].max())
    dashboard = Dashboard(browser, server, "map", "?instrument=crc-1989&date=2026")
    try:
        dashboard.wait_map_drawn(_map_title(real_tables, "crc-1989"))
        summary = dashboard.page.locator("#map-summary").inner_text()
        assert "at least" not in summary and f"{crc} states were parties" in summary, summary
        fills = dashboard.page.evaluate("""() => Array.from(document.querySelectorAll('path.choroplethlocation'))
            .map(p => getComputedStyle(p).fill)""")
        assert NO_DATA_FILL not in fills and NO_ACTION_FILL in fills
        assert "No data" not in dashboard.page.inner_text("#map-summary")
        dashboard.check_clean()
    finally:
        dashboard.close()


def test_country_profile_says_not_recorded_for_an_ilo_instrument_without_rows(browser, server, real_tables):
    log = pd.read_parquet(real_tables / "participation.parquet")
    instruments = pd.read_parquet(real_tables / "instruments.parquet").set_index("instrument_id")
    with_rows = set(log["instrument_id"])
    phl = set(log.loc[log["state_id"] == "PHL", "instrument_id"])
    missing = sorted(i for i in with_rows - phl if i.startswith("ilo-"))
    assert missing, "the Philippines now has rows for every ILO instrument: pick another check"
    dashboard = Dashboard(browser, server, "country", "?state=PHL")
    try:
        dashboard.wait_quiet()
        rows = dashboard.page.evaluate("""() => Array.from(document.querySelectorAll('.explorer-panel table tr'))
            .map(tr => Array.from(tr.cells).map(c => c.innerText))""")
        by_title = {row[0]: row for row in rows if row}
        for instrument_id in missing:
            row = by_title[instruments.at[instrument_id, "short_title"]]
            assert row[2] == "No data (not recorded)", row
        summary = dashboard.page.locator(".explorer-summary[data-state='PHL']").inner_text()
        assert "at least" in summary and "incomplete" in summary
        dashboard.save("phl-not-recorded")
        dashboard.check_clean()
    finally:
        dashboard.close()


# --- the time dimension lives in the browser (issue: instant interaction) ---------------------------


def test_year_moves_are_drawn_by_the_page_without_rebuilding_the_map(browser, server, real_tables):
    """Five year moves: the map's colours change in the page, the kernel never sends a new figure, and
    the page sends at most one message per move (the slider's own value)."""
    from table_expectations import parties_without

    joined = sorted(
        parties_without(real_tables, "palermo-protocol-2000", "(none)", "2008-12-31")
        - parties_without(real_tables, "palermo-protocol-2000", "(none)", "2003-12-31")
    )
    log = pd.read_parquet(real_tables / "participation.parquet")
    with_rows = set(log.loc[log["instrument_id"] == "palermo-protocol-2000", "state_id"])
    coverage = pd.read_parquet(real_tables / "coverage.parquet").set_index("instrument_id")
    through = pd.Timestamp(coverage.at["palermo-protocol-2000", "complete_through"])
    assert through.year < 2016, "the rows became complete after 2015: pick other years"
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    blocked = BlockedRequests()
    page.route("**/*", blocked.handler)
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
    try:
        goto_with_one_retry(
            page,
            f"{server}voila/render/map.ipynb?instrument=palermo-protocol-2000&date=2003",
            ARTIFACTS_DIR / "retries.log",
        )
        page.wait_for_selector("path.choroplethlocation", timeout=90_000)
        page.wait_for_function(
            "() => { const p = document.querySelector('.explorer-map-canvas .explorer-live-plot');"
            " return p && p.getAttribute('data-shown-year') === '2003'; }",
            timeout=90_000,
        )
        time.sleep(3)  # let the start-up messages (page address, widget state) go out first
        drawn = page.evaluate(
            "() => document.querySelector('.explorer-map-canvas .explorer-live-plot').getAttribute('data-drawn')"
        )
        fill = """(code) => { const path = Array.from(document.querySelectorAll('path.choroplethlocation'))
            .find(p => p.__data__ && p.__data__.loc === code); return path ? getComputedStyle(path).fill : null; }"""
        shaped = [state for state in joined if page.evaluate(fill, state)]
        assert shaped, "no state with a shape joined Palermo between 2003 and 2008"
        before = {state: page.evaluate(fill, state) for state in shaped}
        assert "rgb(0, 114, 178)" not in before.values()  # none was a party in force in 2003
        count = len(sent)
        handle = page.locator(".explorer-map-year .noUi-handle").first
        handle.focus()
        for _ in range(5):
            handle.press("ArrowRight")
        page.wait_for_function(
            "() => document.querySelector('.explorer-map-canvas .explorer-live-plot')"
            ".getAttribute('data-shown-year') === '2008'",
            timeout=30_000,
        )
        after = {state: page.evaluate(fill, state) for state in shaped}
        assert set(after.values()) <= {"rgb(0, 114, 178)", "rgb(86, 180, 233)"}, after  # party (in force or not)
        assert "31 December 2008" in page.locator("#map-summary").inner_text()
        time.sleep(2)  # the kernel's answers (citation, table, chart) arrive: none may redraw the map
        assert (
            page.evaluate(
                "() => document.querySelector('.explorer-map-canvas .explorer-live-plot').getAttribute('data-drawn')"
            )
            == drawn
        )
        assert len(sent) - count <= 5, sent[count:]
        # After the rows' complete coverage ends (2014 table), a state without any row is 'No data'.
        absent = next(
            s
            for s in ("ATA", "GRL", "ESH", "PRI", "TWN", "XKX", "SOM", "PSE")
            if s not in with_rows and page.evaluate(fill, s)
        )
        for _ in range(through.year + 2 - 2008):
            handle.press("ArrowRight")
        page.wait_for_function(
            f"() => document.querySelector('.explorer-map-canvas .explorer-live-plot')"
            f".getAttribute('data-shown-year') === '{through.year + 2}'",
            timeout=30_000,
        )
        assert page.evaluate(fill, absent) == NO_DATA_FILL
        assert "at least" in page.locator("#map-summary").inner_text()
        page.screenshot(path=str(ARTIFACTS_DIR / "map-year-frames.png"), full_page=True)
        assert_no_error_text(page)
    finally:
        page.close()


def test_country_profile_shows_the_states_reservations(browser, server, real_tables):
    reservations = pd.read_parquet(real_tables / "reservations.parquet")
    own = reservations[reservations["kind"] == "reservation"]
    state = own["state_id"].value_counts().index[0]
    first = own[own["state_id"] == state].sort_values(["instrument_id", "seq"]).iloc[0]
    words = " ".join(str(first["text"]).split()[:6])
    dashboard = Dashboard(browser, server, "country", f"?state={state}")
    try:
        dashboard.wait_quiet(
            "(words) => Array.from(document.querySelectorAll('.jupyter-widget-Collapse-contents'))"
            ".some(el => el.textContent.replace(/\\s+/g, ' ').includes(words))",
            arg=words[:30],
        )
        panel = dashboard.open_panel("Reservations, declarations and objections")
        text = " ".join(panel.inner_text().split())
        assert words[:30] in text and "Reservation" in text, text[:300]
        dashboard.save("reservations")
        dashboard.check_clean()
    finally:
        dashboard.close()


# --- one renderer for every chart (explorer/live_plot.py) ---------------------------------------------


@pytest.mark.parametrize(
    "name, charts, bundle",
    [
        ("timeline", 1, "plotly-basic.min.js"),
        ("map", 2, "plotly-geo.min.js"),
        ("country", 2, "plotly-cartesian.min.js"),
    ],
)
def test_every_chart_is_drawn_by_the_one_renderer(browser, server, name, charts, bundle):
    """Every Plotly plot of the page is inside a LivePlot widget and drawn from its widget state; no
    Output widget holds a figure; plotly.js comes once, from our own server, as the partial bundle that
    draws the page's charts."""
    dashboard = Dashboard(browser, server, name)
    try:
        dashboard.page.wait_for_function(
            "(n) => document.querySelectorAll('.explorer-plot .explorer-live-plot[data-drawn]').length === n",
            arg=charts,
            timeout=60_000,
        )
        dashboard.wait_quiet()
        found = dashboard.page.evaluate("""() => ({
            plots: document.querySelectorAll('.js-plotly-plot').length,
            inRenderer: document.querySelectorAll('.explorer-plot > .explorer-live-plot.js-plotly-plot').length,
            drawn: Array.from(document.querySelectorAll('.explorer-live-plot')).filter(
                p => p.getAttribute('data-drawn') && p.getAttribute('data-drawn') === p.getAttribute('data-version')
                     && p.querySelector('.main-svg')).length,
            inOutput: document.querySelectorAll('.jupyter-widgets-output-area .js-plotly-plot, '
                + '.widget-output .js-plotly-plot, [data-mime-type="application/vnd.plotly.v1+json"]').length,
            scripts: performance.getEntriesByType('resource').map(e => e.name).filter(u => /plotly/i.test(u))})""")
        assert found["plots"] == found["inRenderer"] == found["drawn"] == charts, found
        assert found["inOutput"] == 0, found
        assert len(found["scripts"]) == 1 and found["scripts"][0].startswith(server), found["scripts"]
        assert found["scripts"][0].endswith("voila/files/static/" + bundle), found["scripts"]
        dashboard.save("one-renderer")
        dashboard.check_clean()
    finally:
        dashboard.close()
