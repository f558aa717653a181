"""Every interactive control of the three dashboards, driven in a real (headless) browser.

Each control is used at least once and what the page draws or shows afterwards is checked against
values computed here, with pandas, straight from the parquet tables -- never by calling the code
under test. The rules the expectations follow are written next to each helper (e.g. what counts as
'a party'), so a failure says whether the app or the rule changed.

Voilà runs on loopback, every other request is blocked (see ``browser.Dashboard``); each test
ends with ``check_clean()`` and leaves a screenshot and the console log in ``test-artifacts/``.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from browser import Dashboard
from table_expectations import dated_instruments, parties_without

# `server` and `browser` are the module-scoped fixtures of conftest.py (one Voilà server for this module).

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")

WAIT_MS = 60_000
START_FIELDS = ["adopted", "enacted", "opened_for_signature"]
CONSENT = ["ratification", "accession", "succession", "acceptance", "approval", "definitive_signature", "participation"]
PARTY_LABELS = ("Party (in force)", "Party, not yet in force")
NO_ACTION_LABEL = "No action recorded"


# --- independent expectations from the tables -------------------------------------------------------


def _table(real_tables: Path, name: str) -> pd.DataFrame:
    return pd.read_parquet(real_tables / f"{name}.parquet")


def _as_of(real_tables: Path, table: str) -> pd.Timestamp:
    meta = yaml.safe_load((real_tables / f"{table}.meta.yaml").read_text())
    return pd.Timestamp(str(meta["as_of"]))


def _long(when) -> str:
    when = pd.Timestamp(when)
    return f"{when.day} {when.strftime('%B')} {when.year}"


def _short(when) -> str:
    when = pd.Timestamp(when)
    return f"{when.day} {when.strftime('%b')} {when.year}"


def _parties(real_tables, instrument, date) -> set:
    """Parties on a date: consent on or before it, no exit, state not extinct (no 'exclude' instrument)."""
    return parties_without(real_tables, instrument, "(no instrument)", date)


def _timeline_visible(
    instruments, participation, *, families=None, kind=None, topic=None, years=(1900, None), state=None, text=None
) -> pd.DataFrame:
    """The instruments the timeline should show, filters combined with AND:

    * placed at the earliest of adopted / enacted / opened for signature, else at entry into force,
      and kept when that year is inside the Years range (so an instrument with no date at all is out);
    * State: the state has a participation row for it, or it is that state's own law;
    * Search: case-insensitive substring of short title, official title, id or citation.
    """
    frame = instruments
    if families is not None:
        frame = frame[frame["family"].isin(families)]
    if kind:
        frame = frame[frame["kind"] == kind]
    if topic:
        frame = frame[frame["topics"].map(lambda topics: topic in list(topics))]
    start = frame[START_FIELDS].apply(pd.to_datetime).min(axis=1).fillna(pd.to_datetime(frame["entry_into_force"]))
    last = years[1] if years[1] is not None else 10_000
    frame = frame[(start.dt.year >= years[0]) & (start.dt.year <= last)]
    if state:
        joined = set(participation.loc[participation["state_id"] == state, "instrument_id"])
        frame = frame[frame["instrument_id"].isin(joined) | (frame["jurisdiction"] == state)]
    if text:
        haystack = (
            frame["short_title"].fillna("")
            + " "
            + frame["official_title"].fillna("")
            + " "
            + frame["instrument_id"]
            + " "
            + frame["citation"].fillna("")
        ).str.lower()
        frame = frame[haystack.str.contains(text.lower(), regex=False)]
    return frame


def _status_word(participation, state, instrument, date) -> str:
    """Coarse status of one state on one instrument from its own rows (no exits exist in the data):
    'Party' (any consent on or before the date), else 'Signatory only', else 'No action recorded'."""
    rows = participation[
        (participation["state_id"] == state)
        & (participation["instrument_id"] == instrument)
        & (pd.to_datetime(participation["date"]) <= pd.Timestamp(date))
    ]
    if rows["action"].isin(CONSENT).any():
        return "Party"
    if (rows["action"] == "signature").any():
        return "Signatory only"
    return "No action recorded"


def _empty_label(real_tables, instrument, date) -> str:
    """What a state without a row shows: 'No action recorded' only where the coverage table says the rows
    are complete on that date, else 'No data (not recorded)'."""
    coverage = _table(real_tables, "coverage").set_index("instrument_id")
    through = coverage["complete_through"].get(instrument)
    complete = through is not None and pd.notna(through) and pd.Timestamp(date) <= pd.Timestamp(through)
    return NO_ACTION_LABEL if complete else "No data (not recorded)"


def _read_csv_download(dashboard, link) -> tuple[list[str], pd.DataFrame, str]:
    with dashboard.page.expect_download(timeout=WAIT_MS) as info:
        link.click()
    download = info.value
    lines = Path(download.path()).read_text(encoding="utf-8").splitlines(keepends=True)
    stamp = []
    while lines and lines[0].startswith("# "):  # the stamp comes first, then plain CSV
        stamp.append(lines.pop(0).rstrip("\n"))
    body = "".join(lines)
    return stamp, pd.read_csv(io.StringIO(body), dtype=str, keep_default_na=False), download.suggested_filename


# --- page helpers -----------------------------------------------------------------------------------


def _wait_text(dashboard, selector: str, text: str, timeout=WAIT_MS):
    """Wait until the element's visible text contains ``text``, then return that text."""
    dashboard.page.wait_for_function(
        "([sel, text]) => { const el = document.querySelector(sel); return !!el && el.innerText.includes(text); }",
        arg=[selector, text],
        timeout=timeout,
    )
    return dashboard.page.locator(selector).first.inner_text()


def _commit_combobox(page, label: str, text: str):
    """A Combobox (<input list=...>) takes a value only when it is exactly one of its options."""
    box = page.get_by_label(label, exact=True)
    box.fill(text)
    box.press("Enter")


def _press(page, slider_name: str, *keys: str):
    """Keyboard on a slider handle (the page names each handle after its widget's label)."""
    handle = page.get_by_role("slider", name=slider_name, exact=True)
    handle.focus()
    for key in keys:
        handle.press(key)


# Timeline: the "Adopted / enacted" markers trace and the "Showing N instruments." line.
_TIMELINE_STATE = """([markers, count]) => {
    const gd = document.querySelectorAll('.js-plotly-plot')[0];
    const trace = gd && gd._fullData && gd._fullData.find(t => t.name === 'Adopted / enacted');
    const shown = document.querySelector('#timeline-count');
    return !!trace && trace.x.length === markers && !!shown
        && shown.innerText.includes('Showing ' + count + ' instruments'); }"""


def _wait_timeline(dashboard, visible: pd.DataFrame, timeout=WAIT_MS):
    """Wait for the view of ``visible``: one marker per instrument with a start date; the count line
    counts every instrument placed (a start date or an entry into force)."""
    markers = int(visible[START_FIELDS].notna().any(axis=1).sum())
    count = int(visible[START_FIELDS + ["entry_into_force"]].notna().any(axis=1).sum())
    dashboard.page.wait_for_function(_TIMELINE_STATE, arg=[markers, count], timeout=timeout)
    assert dashboard.trace_points("Adopted / enacted") == markers
    rows = dashboard.page.evaluate("""() => { const gd = document.querySelectorAll('.js-plotly-plot')[0];
        return Array.from(gd._fullLayout.yaxis.ticktext || []).filter(t => t !== 'Cases &amp; events'
            && t !== 'Cases & events').length; }""")
    assert rows == count, "one row on the chart per instrument counted"
    assert dashboard.page.locator("#timeline-count").inner_text().startswith(f"Showing {count} instruments")
    return markers


def _segments(dashboard, trace_name: str) -> int:
    """Line segments of a lines trace (x holds start, end, null per segment); -1 when there is no trace."""
    return dashboard.page.evaluate(
        """(name) => {
        const gd = document.querySelectorAll('.js-plotly-plot')[0];
        const trace = gd._fullData.find(t => t.name === name);
        if (!trace) return -1;
        return Array.from(trace.x).filter(v => v !== null && v !== undefined).length / 2; }""",
        trace_name,
    )


def _trace_present(dashboard, trace_name: str, present: bool):
    dashboard.page.wait_for_function(
        """([name, present]) => {
        const gd = document.querySelectorAll('.js-plotly-plot')[0];
        return !!gd && !!gd._fullData && (gd._fullData.some(t => t.name === name) === present); }""",
        arg=[trace_name, present],
        timeout=WAIT_MS,
    )


# --- timeline ---------------------------------------------------------------------------------------


def test_timeline_filter_controls(browser, server, real_tables):
    """Family checkbox (United Nations), Kind, Topic, Search and State, each against the tables."""
    instruments = _table(real_tables, "instruments")
    participation = _table(real_tables, "participation")
    every_family = set(instruments["family"])
    dashboard = Dashboard(browser, server, "timeline")
    page = dashboard.page
    try:
        everything = _timeline_visible(instruments, participation)
        default = _wait_timeline(dashboard, everything)
        assert default == len(dated_instruments(instruments))

        # A family checkbox: no United Nations instrument is drawn.
        no_un = _timeline_visible(instruments, participation, families=every_family - {"un"})
        assert len(no_un) < len(everything)
        page.get_by_label("United Nations", exact=True).uncheck()
        _wait_timeline(dashboard, no_un)
        page.get_by_label("United Nations", exact=True).check()
        _wait_timeline(dashboard, everything)

        # Kind, then Topic on top of it (AND).
        protocols = _timeline_visible(instruments, participation, kind="protocol")
        page.get_by_label("Kind", exact=True).select_option(label="Protocol amending or supplementing a treaty")
        assert 0 < _wait_timeline(dashboard, protocols) < default
        for_children = _timeline_visible(instruments, participation, kind="protocol", topic="child_protection")
        assert 0 < len(for_children) < len(protocols)
        page.get_by_label("Topic", exact=True).select_option(label="Protection of children")
        _wait_timeline(dashboard, for_children)
        drawn_ids = set(
            page.evaluate("""() => { const gd = document.querySelectorAll('.js-plotly-plot')[0];
            return Array.from(gd._fullData.find(t => t.name === 'Adopted / enacted').customdata); }""")
        )
        assert drawn_ids == set(for_children["instrument_id"])
        page.get_by_label("Kind", exact=True).select_option(label="(all)")
        page.get_by_label("Topic", exact=True).select_option(label="(all)")
        _wait_timeline(dashboard, everything)

        # Search: words from titles, matched as the tables say (case-insensitive substring).
        found = _timeline_visible(instruments, participation, text="Slavery")
        assert 0 < len(found) < len(everything)
        search = page.get_by_label("Search", exact=True)
        search.fill("Slavery")
        search.press("Enter")
        _wait_timeline(dashboard, found)
        dashboard.save("search")
        cite = dashboard.open_panel("Cite this view")
        assert re.search(
            r"timeline\.ipynb\?q=Slavery\s*$", cite.locator(".explorer-citation[data-style='apa']").inner_text()
        )
        search.fill("")
        search.press("Enter")
        _wait_timeline(dashboard, everything)

        # State: what the Philippines took action on, and its own laws.
        philippines = _timeline_visible(instruments, participation, state="PHL")
        assert 0 < len(philippines) < len(everything)
        _commit_combobox(page, "State", "Philippines (PHL)")
        _wait_timeline(dashboard, philippines)
        dashboard.save("state-phl")
        dashboard.check_clean()
    finally:
        dashboard.close()


def test_timeline_years_events_lineage_and_panels(browser, server, real_tables):
    """Years range slider (keyboard on both handles), 'Cases & events', 'Lineage lines', the
    Sources / Known gaps / Cite this view / Glossary panels."""
    instruments = _table(real_tables, "instruments")
    participation = _table(real_tables, "participation")
    events = _table(real_tables, "events")
    relations = _table(real_tables, "relations")
    sources = _table(real_tables, "sources").set_index("source_id")
    gaps = _table(real_tables, "known_gaps")
    last_year = _as_of(real_tables, "instruments").year
    event_years = pd.to_datetime(events["date"]).dt.year
    dashboard = Dashboard(browser, server, "timeline")
    page = dashboard.page
    try:
        everything = _timeline_visible(instruments, participation)
        _wait_timeline(dashboard, everything)
        assert dashboard.trace_points("Cases & events") == len(events)
        placed = set(everything["instrument_id"])
        links = relations[relations["from_id"].isin(placed) & relations["to_id"].isin(placed)]
        assert len(links) > 0
        assert _segments(dashboard, "Lineage") == len(links)

        # Years: the upper handle three pages (5 years each) down, the lower one 18 pages up.
        first, last = 1900 + 18 * 5, last_year - 3 * 5
        _press(page, "Years (to)", "PageDown", "PageDown", "PageDown")
        _press(page, "Years (from)", *["PageUp"] * 18)
        window = _timeline_visible(instruments, participation, years=(first, last))
        _wait_timeline(dashboard, window)
        assert page.locator(".widget-slider .widget-readout").first.inner_text().replace(" ", "") == f"{first}–{last}"
        in_window = int(((event_years >= first) & (event_years <= last)).sum())
        assert 0 < in_window < len(events)
        page.wait_for_function(
            "(n) => { const gd = document.querySelectorAll('.js-plotly-plot')[0];"
            " const t = gd._fullData.find(t => t.name === 'Cases & events');"
            " return !!t && t.x.length === n; }",
            arg=in_window,
            timeout=WAIT_MS,
        )
        assert dashboard.trace_points("Cases & events") == in_window
        placed = set(window["instrument_id"])
        links = relations[relations["from_id"].isin(placed) & relations["to_id"].isin(placed)]
        assert _segments(dashboard, "Lineage") == len(links) > 0

        # Cases & events off: its lane disappears, the instruments stay; on again: back.
        page.get_by_label("Cases & events", exact=True).uncheck()
        _trace_present(dashboard, "Cases & events", False)
        _wait_timeline(dashboard, window)
        page.get_by_label("Cases & events", exact=True).check()
        _trace_present(dashboard, "Cases & events", True)
        assert dashboard.trace_points("Cases & events") == in_window

        # Lineage lines off: both connector traces go.
        page.get_by_label("Lineage lines", exact=True).uncheck()
        _trace_present(dashboard, "Lineage", False)
        _trace_present(dashboard, "Selected lineage", False)
        _wait_timeline(dashboard, window)
        dashboard.save("years-no-lineage")

        # Sources: every source of the instruments and events in view, none other.
        shown_events = events[(event_years >= first) & (event_years <= last)]
        # Instruments with no date at all are listed under the chart (not drawn): their sources count too.
        listed = pd.concat([window, instruments[instruments[START_FIELDS + ["entry_into_force"]].isna().all(axis=1)]])
        wanted = (
            set(listed["source_id"])
            | {s for ids in listed["other_source_ids"] if ids is not None for s in ids}
            | set(shown_events["source_id"])
        )
        wanted &= set(sources.index)
        panel = dashboard.open_panel("Sources")
        assert "Sources for the instruments shown" in panel.inner_text()
        codes = panel.locator("li code").all_inner_texts()
        assert len(codes) == len(set(codes)) and set(codes) == wanted
        palermo_source = instruments.set_index("instrument_id").at["palermo-protocol-2000", "source_id"]
        assert sources.at[palermo_source, "title"] in panel.inner_text()

        panel = dashboard.open_panel("Known gaps in the data")
        assert panel.locator("li").count() == len(gaps)
        assert gaps.iloc[0]["description"][:60] in panel.inner_text()

        panel = dashboard.open_panel("Cite this view")
        citation = panel.locator(".explorer-citation[data-style='apa']").inner_text()
        assert re.search(rf"timeline\.ipynb\?from={first}&to={last}\s*$", citation), citation

        panel = dashboard.open_panel("Glossary")
        text = panel.inner_text()
        assert "Ratification" in text and "Accession" in text and "Party (in force)" in text
        dashboard.save("glossary")
        dashboard.check_clean()
    finally:
        dashboard.close()


# --- map --------------------------------------------------------------------------------------------


def _map_summary(real_tables, instrument_id, when) -> str:
    """'On <date>, N states were parties to <title>' with N from ``_parties`` (there are no exits in the
    participation rows, so 'party' is simply: consented on or before the date, state still existing)."""
    count = len(_parties(real_tables, instrument_id, when))
    # 'at least' unless the rows are known complete on the date (the coverage table says up to when).
    coverage = _table(real_tables, "coverage").set_index("instrument_id")
    through = coverage["complete_through"].get(instrument_id)
    complete = through is not None and pd.notna(through) and pd.Timestamp(when) <= pd.Timestamp(through)
    return f"On {_long(when)}, {'' if complete else 'at least '}{count} state{'s' if count != 1 else ''}"


def _legend_fills(page) -> dict[str, str]:
    """Status label -> fill colour, read from the drawn map's own colour bar (so a palette change in the
    app does not break the test, but a state painted in a colour its status does not have does)."""
    return page.evaluate("""() => {
        const gd = document.querySelector('.explorer-map-canvas .js-plotly-plot');
        const t = gd._fullData.find(t => t.type === 'choropleth');
        const probe = document.createElement('div');
        document.body.appendChild(probe);
        const fills = {};
        Array.from(t.colorbar.tickvals).forEach((value, i) => {
            const at = (value - t.zmin) / (t.zmax - t.zmin);
            const entry = t.colorscale.find(([position]) => position > at) || t.colorscale[t.colorscale.length - 1];
            probe.style.color = entry[1];
            fills[t.colorbar.ticktext[i]] = getComputedStyle(probe).color;
        });
        probe.remove();
        return fills; }""")


def _selected_text(page, label):
    return page.get_by_label(label, exact=True).evaluate("s => s.options[s.selectedIndex].text").replace("\xa0", " ")


def test_map_family_instrument_and_find(browser, server, real_tables):
    """Family dropdown (its instruments), Instrument dropdown (map redrawn, a state's colour, the count
    of parties), the Find box (jumps to another family's instrument)."""
    instruments = _table(real_tables, "instruments")
    participation = _table(real_tables, "participation")
    as_of = _as_of(real_tables, "participation")
    for instrument_id in ("cets-185", "cets-197", "ilo-c138"):
        exits = participation[
            (participation["instrument_id"] == instrument_id)
            & participation["action"].isin(["denunciation", "withdrawal"])
        ]
        assert exits.empty, "the party rule here assumes no exits"
    titles = instruments.set_index("instrument_id")["short_title"]
    dashboard = Dashboard(browser, server, "map")
    page = dashboard.page
    try:
        _wait_text(dashboard, "#map-summary", _map_summary(real_tables, "palermo-protocol-2000", as_of))

        # Family: the Instrument list becomes that family's instruments with participation rows, oldest first.
        europe = instruments[
            (instruments["family"] == "council_of_europe")
            & instruments["instrument_id"].isin(set(participation["instrument_id"]))
        ].copy()
        europe["start"] = europe[START_FIELDS].apply(pd.to_datetime).min(axis=1)
        europe = europe.sort_values("start")
        page.get_by_label("Family", exact=True).select_option(label="Council of Europe")
        first = europe.iloc[0]["instrument_id"]
        _wait_text(dashboard, "#map-summary", _map_summary(real_tables, first, as_of))
        dashboard.wait_map_drawn(f"{titles[first]} — {_short(as_of)}")
        options = [
            text.replace("\xa0", " ")  # ipywidgets writes option labels with no-break spaces
            for text in page.get_by_label("Instrument", exact=True).locator("option").all_inner_texts()
        ]
        assert options == [f"{row.start.year} · {row.short_title}" for row in europe.itertuples()]

        # A state that is party to CETS 197 but has no row at all for CETS 185.
        newcomer = sorted(
            _parties(real_tables, "cets-197", as_of)
            - set(participation.loc[participation["instrument_id"] == first, "state_id"])
        )
        state = "BLR" if "BLR" in newcomer else newcomer[0]
        legend = _legend_fills(page)
        party_fills = {legend[label] for label in PARTY_LABELS}
        # No row: 'No data' where the rows are not known complete on the date, else 'No action recorded'.
        coverage = _table(real_tables, "coverage").set_index("instrument_id")
        through = coverage["complete_through"].get(first)
        empty = NO_ACTION_LABEL if pd.notna(through) and as_of <= pd.Timestamp(through) else "No data (not recorded)"
        assert legend[empty] not in party_fills
        assert dashboard.fill_of(state) == legend[empty]
        page.get_by_label("Instrument", exact=True).select_option(label=f"2005 · {titles['cets-197']}")
        _wait_text(dashboard, "#map-summary", _map_summary(real_tables, "cets-197", as_of))
        dashboard.wait_map_drawn(f"{titles['cets-197']} — {_short(as_of)}")
        assert dashboard.fill_of(state) in party_fills
        dashboard.save("cets-197")

        # Find: an instrument of another family; Family and Instrument follow.
        _commit_combobox(page, "Find", f"{titles['ilo-c138']} (International Labour Organization)")
        _wait_text(dashboard, "#map-summary", _map_summary(real_tables, "ilo-c138", as_of))
        dashboard.wait_map_drawn(f"{titles['ilo-c138']} — {_short(as_of)}")
        assert _selected_text(page, "Family") == "International Labour Organization"
        assert _selected_text(page, "Instrument") == f"1973 · {titles['ilo-c138']}"
        parties = _parties(real_tables, "ilo-c138", as_of)
        shapes = page.evaluate("""() => Object.fromEntries(Array.from(document.querySelectorAll(
            'path.choroplethlocation')).map(p => [p.__data__.loc, getComputedStyle(p).fill]))""")
        drawn_party = {state for state, fill in shapes.items() if fill in party_fills}
        assert len(parties & set(shapes)) >= 0.9 * len(parties)
        assert drawn_party == parties & set(shapes)  # every party with a shape, and only those, in blue
        dashboard.save("find-ilo")
        dashboard.check_clean()
    finally:
        dashboard.close()


def test_map_compare_state_table_panels_and_play(browser, server, real_tables):
    """Compare (second line on the parties-over-time chart), State picker (details panel), the table
    panel and its CSV, Sources, Known gaps, Glossary, then Play / Pause."""
    instruments = _table(real_tables, "instruments").set_index("instrument_id")
    participation = _table(real_tables, "participation")
    states = _table(real_tables, "states")
    sources = _table(real_tables, "sources").set_index("source_id")
    gaps = _table(real_tables, "known_gaps")
    as_of = _as_of(real_tables, "participation")
    palermo, smuggling = "palermo-protocol-2000", "smuggling-protocol-2000"
    dashboard = Dashboard(browser, server, "map")
    page = dashboard.page
    try:
        _wait_text(dashboard, "#map-summary", _map_summary(real_tables, palermo, as_of))
        dashboard.wait_map_drawn(f"{instruments.at[palermo, 'short_title']} — {_short(as_of)}")

        # Compare: the chart below the map gets a second line, ending at that instrument's parties today.
        chart_lines = """() => { const gd = Array.from(document.querySelectorAll('.js-plotly-plot'))
            .find(p => !p.closest('.explorer-map-canvas'));
            return gd && gd._fullData ? gd._fullData.filter(t => t.mode === 'lines')
                .map(t => ({name: t.name, last: t.y[t.y.length - 1]})) : []; }"""
        assert [line["name"] for line in page.evaluate(chart_lines)] == [instruments.at[palermo, "short_title"]]
        page.get_by_label("Compare", exact=True).select_option(
            label=f"{instruments.at[smuggling, 'short_title']} (United Nations)"
        )
        page.wait_for_function(f"() => ({chart_lines})().length === 2", timeout=WAIT_MS)
        lines = page.evaluate(chart_lines)
        assert [line["name"] for line in lines] == [
            instruments.at[palermo, "short_title"],
            instruments.at[smuggling, "short_title"],
        ]
        # The chart counts as the depositary counts: states and the European Union (a party to both).
        eu = participation[(participation["state_id"] == "XEU") & (participation["action"] == "approval")]
        assert {palermo, smuggling} <= set(eu["instrument_id"])
        assert lines[0]["last"] == len(_parties(real_tables, palermo, as_of)) + 1
        assert lines[1]["last"] == len(_parties(real_tables, smuggling, as_of)) + 1

        # State: Germany's own actions on Palermo and its status today.
        germany = participation[(participation["state_id"] == "DEU") & (participation["instrument_id"] == palermo)]
        assert _status_word(participation, "DEU", palermo, as_of) == "Party"
        assert (pd.to_datetime(germany.loc[germany["action"] == "entry_into_force", "date"]) <= as_of).any()
        _commit_combobox(page, "State", "Germany (DEU)")
        detail = _wait_text(dashboard, "#state-detail", "Germany (DEU)")
        assert f"Germany (DEU) — {instruments.at[palermo, 'short_title']}" in detail
        assert f"Status on {_long(as_of)}: Party (in force)" in detail
        assert page.locator("#state-detail table tr").count() == len(germany) + 1
        for date in germany["date"]:
            assert _short(date) in detail
        dashboard.save("compare-deu")

        # The accessible table: one row per state with any status other than 'no action' today.
        acted = participation[
            (participation["instrument_id"] == palermo)
            & (pd.to_datetime(participation["date"]) <= as_of)
            & participation["action"].isin(CONSENT + ["signature", "denunciation", "withdrawal", "entry_into_force"])
        ]
        existing = states[(states["kind"] == "current") | (pd.to_datetime(states["existed_to"]) >= as_of)]
        expected_rows = set(acted["state_id"]) & set(existing["state_id"])
        panel = dashboard.open_panel("Table of this map (accessible alternative)")
        panel.locator("table").wait_for(timeout=WAIT_MS)
        rows = panel.locator("table tr")
        assert rows.count() == len(expected_rows) + 1
        germany_row = panel.locator("table tr", has_text="Germany").first.locator("td").all_inner_texts()
        assert germany_row[:3] == ["Germany", "DEU", "Party (in force)"]
        stamp, csv, filename = _read_csv_download(dashboard, panel.locator("a.explorer-download"))
        assert filename == f"{palermo}_{as_of.date().isoformat()}.csv"
        assert (
            stamp[0] == f"# {instruments.at[palermo, 'short_title']} ({palermo}): status of every state on "
            f"{as_of.date().isoformat()}"
        )
        assert stamp[1].startswith(f"# Data as of {as_of.date().isoformat()}; sources: ")
        assert list(csv.columns[:3]) == ["State", "Code", "Status"]
        assert set(csv["Code"]) == expected_rows
        assert csv.set_index("Code").at["DEU", "Status"] == "Party (in force)"
        parties_in_csv = csv[csv["Status"].isin(["Party (in force)", "Party, not yet in force"])]
        assert set(parties_in_csv["Code"]) == _parties(real_tables, palermo, as_of)

        panel = dashboard.open_panel("Sources")
        assert "Sources for this map" in panel.inner_text()
        assert sources.at[instruments.at[palermo, "source_id"], "title"] in panel.inner_text()
        codes = set(panel.locator("li code").all_inner_texts())
        own_rows = set(participation.loc[participation["instrument_id"] == palermo, "source_id"])
        assert instruments.at[palermo, "source_id"] in codes
        assert codes <= (own_rows | {instruments.at[palermo, "source_id"]}) & set(sources.index)

        panel = dashboard.open_panel("Known gaps")
        own = gaps[(gaps["instrument_id"] == palermo) | gaps["instrument_id"].isna()]
        assert panel.locator("li").count() == len(own)

        panel = dashboard.open_panel("Glossary")
        assert "Covered via a former state" in panel.inner_text() and "Succession" in panel.inner_text()
        dashboard.save("panels")

        # Play: from the first year, one year at a time; Pause stops it.
        play = page.locator("button.widget-toggle-button")
        assert play.inner_text().strip() == "▶ Play"
        play.click()
        page.wait_for_function(
            """() => { const m = /31 December (\\d{4})/.exec(
            (document.querySelector('#map-summary') || {innerText: ''}).innerText);
            return !!m && +m[1] >= 1906 && +m[1] < 1990; }""",
            timeout=WAIT_MS,
        )
        assert "Pause" in play.inner_text()
        play.click()
        page.wait_for_function(
            "() => document.querySelector('button.widget-toggle-button').innerText.includes('Play')", timeout=WAIT_MS
        )
        # A step already under way when Pause arrived may still finish: wait until the summary and the
        # map show the slider's year, then the year must stay put for longer than two animation steps.
        page.wait_for_function(
            """() => { const m = /31 December (\\d{4})/.exec(
            document.querySelector('#map-summary').innerText);
            const handle = document.querySelector('.widget-slider .noUi-handle');
            return !!m && m[1] === handle.getAttribute('aria-valuetext'); }""",
            timeout=WAIT_MS,
        )
        year = page.get_by_role("slider", name="Year", exact=True).get_attribute("aria-valuetext")
        dashboard.wait_map_drawn(f"31 Dec {year}")
        summary = page.locator("#map-summary").inner_text()
        dashboard.observe_for(3.5)  # an absence of change cannot be waited for; 3.5 s > two steps of 1.2 s
        assert page.get_by_role("slider", name="Year", exact=True).get_attribute("aria-valuetext") == year
        assert page.locator("#map-summary").inner_text() == summary
        assert 1906 <= int(year) < 1990
        assert summary == f"On 31 December {year}, {instruments.at[palermo, 'short_title']} did not exist yet."
        dashboard.save("paused")
        dashboard.check_clean()
    finally:
        dashboard.close()


# --- country ----------------------------------------------------------------------------------------


def _status_table(page, header: str) -> list[dict]:
    """The profile table (the one whose header row has ``header``) as a list of {column: text}."""
    return page.evaluate(
        """(header) => {
        const table = Array.from(document.querySelectorAll('.explorer-panel table'))
            .find(t => Array.from(t.querySelectorAll('th')).some(th => th.innerText.trim() === header));
        if (!table) return [];
        const rows = Array.from(table.querySelectorAll('tr'));
        const names = Array.from(rows[0].querySelectorAll('th')).map(th => th.innerText.trim());
        return rows.slice(1).map(r => Object.fromEntries(
            Array.from(r.querySelectorAll('td')).map((td, i) => [names[i], td.innerText.trim()]))); }""",
        header,
    )


def _wait_state_drawn(page, name: str):
    page.wait_for_function(
        """(name) => { const gd = document.querySelectorAll('.js-plotly-plot')[0];
        return !!gd && !!gd._fullData && gd._fullData.some(t => t.name.startsWith(name)); }""",
        arg=name,
        timeout=WAIT_MS,
    )


def _markers_of(page, label: str) -> int:
    return page.evaluate(
        """(label) => { const gd = document.querySelectorAll('.js-plotly-plot')[0];
        return gd._fullData.filter(t => t.name.startsWith(label + ' · ') && !t.name.includes('National law'))
          .reduce((n, t) => n + t.x.length, 0); }""",
        label,
    )


def test_country_state_compare_year_panels_and_csv(browser, server, real_tables):
    """State and Compare pickers (typed labels), the 'Status in' slider, the CSV download, and the
    Model-law, Sources and Cite this view panels."""
    participation = _table(real_tables, "participation")
    instruments = _table(real_tables, "instruments").set_index("instrument_id")
    sources = _table(real_tables, "sources").set_index("source_id")
    assessments = _table(real_tables, "model_law_assessments")
    provisions = _table(real_tables, "model_law_provisions")
    as_of = _as_of(real_tables, "participation")
    with_rows = set(participation["instrument_id"])
    actip, budapest = "asean-actip-2015", "cets-185"
    dashboard = Dashboard(browser, server, "country")
    page = dashboard.page
    try:
        page.wait_for_selector(".explorer-summary[data-state='PHL']", timeout=WAIT_MS)

        _commit_combobox(page, "State", "Singapore (SGP)")
        page.wait_for_selector(".explorer-summary[data-state='SGP']", timeout=WAIT_MS)
        assert "Singapore" in page.locator(".explorer-summary[data-state='SGP']").inner_text()
        _wait_state_drawn(page, "Singapore")
        assert _markers_of(page, "Singapore (SGP)") == int((participation["state_id"] == "SGP").sum())

        _commit_combobox(page, "Compare", "Fiji (FJI)")
        page.wait_for_selector(".explorer-summary[data-state='FJI']", timeout=WAIT_MS)
        summaries = page.locator(".explorer-summary[data-state]")
        assert (
            summaries.count() == 2
            and "Singapore" in summaries.nth(0).inner_text()
            and "Fiji" in summaries.nth(1).inner_text()
        )
        _wait_state_drawn(page, "Fiji")
        assert _markers_of(page, "Fiji (FJI)") == int((participation["state_id"] == "FJI").sum())
        assert _markers_of(page, "Singapore (SGP)") == int((participation["state_id"] == "SGP").sum())
        table = _status_table(page, "Status (FJI)")
        assert len(table) == len(with_rows)
        by_title = {row["Instrument"]: row for row in table}
        assert _status_word(participation, "SGP", actip, as_of) == "Party"
        assert _status_word(participation, "FJI", budapest, as_of) == "Party"
        assert by_title[instruments.at[actip, "short_title"]]["Status (SGP)"].startswith("Party")
        assert by_title[instruments.at[budapest, "short_title"]]["Status (FJI)"].startswith("Party")

        # 'Status in' 2015: Singapore had only signed ACTIP, Fiji had not acted on Budapest.
        year = as_of.year - 2 * 5 - 1
        when = pd.Timestamp(f"{year}-12-31")
        _press(page, "Status in", "PageDown", "PageDown", "ArrowLeft")
        _wait_text(dashboard, ".explorer-summary[data-state='SGP']", f"On {_long(when)}, Singapore")
        page.wait_for_function(
            """([header, title, wanted]) => {
            const table = Array.from(document.querySelectorAll('.explorer-panel table'))
              .find(t => Array.from(t.querySelectorAll('th')).some(th => th.innerText.trim() === header));
            const row = table && Array.from(table.querySelectorAll('tr')).find(r => r.innerText.includes(title));
            return !!row && row.innerText.includes(wanted); }""",
            arg=["Status (FJI)", instruments.at[actip, "short_title"], "Signatory only"],
            timeout=WAIT_MS,
        )
        table = _status_table(page, "Status (FJI)")
        by_title = {row["Instrument"]: row for row in table}
        assert _status_word(participation, "SGP", actip, when) == "Signatory only"
        assert by_title[instruments.at[actip, "short_title"]]["Status (SGP)"] == "Signatory only"
        assert _status_word(participation, "FJI", budapest, when) == "No action recorded"
        empty = _empty_label(real_tables, budapest, when)
        assert by_title[instruments.at[budapest, "short_title"]]["Status (FJI)"] == empty
        dashboard.save("sgp-fji-2015")

        # The profile CSV: both states' statuses on that date, stamped. The page showed the year at once;
        # the kernel follows the settled year (for the CSV, citation and sources) a moment later.
        dashboard.wait_quiet(quiet_ms=1500)
        stamp, csv, filename = _read_csv_download(dashboard, page.locator("a.explorer-download[download^='profile_']"))
        assert filename == f"profile_SGP_FJI_{when.date().isoformat()}.csv"
        assert stamp[0].startswith(f"# Status of SGP, FJI on {when.date().isoformat()}")
        assert stamp[1].startswith(f"# Data as of {as_of.date().isoformat()}; sources: ")
        assert len(csv) == len(with_rows)
        rows = csv.set_index("Instrument")
        assert rows.at[instruments.at[actip, "short_title"], "Status (SGP)"] == "Signatory only"
        assert rows.at[instruments.at[budapest, "short_title"], "Status (FJI)"] == empty

        # Model-law matrix: every assessed state by every provision, the picked state marked.
        panel = dashboard.open_panel("Model-law assessment (ICMEC 2018)")
        panel.locator(".js-plotly-plot").wait_for(timeout=WAIT_MS)
        heat = panel.locator(".js-plotly-plot").evaluate("""gd => { const t = gd._fullData[0];
            return {rows: Array.from(t.y), columns: Array.from(t.x)}; }""")
        assert len(heat["rows"]) == assessments["state_id"].nunique()
        assert len(heat["columns"]) == len(provisions)
        assert "▶ Singapore" in heat["rows"]

        panel = dashboard.open_panel("Sources")
        # The profile is the one of 31 December <year>: it cites the sources of the acts up to that date.
        dated = participation[(participation["state_id"] == "SGP") & (pd.to_datetime(participation["date"]) <= when)]
        own = set(dated["source_id"]) & set(sources.index)
        codes = set(panel.locator("li code").all_inner_texts())
        assert own <= codes
        later = participation[(participation["state_id"] == "SGP") & (pd.to_datetime(participation["date"]) > when)]
        assert not (set(later["source_id"]) - own) & codes, "a source of a later act is cited"

        panel = dashboard.open_panel("Cite this view")
        citation = panel.locator(".explorer-citation[data-style='apa']").inner_text()
        assert re.search(rf"country\.ipynb\?state=SGP&compare=FJI&year={year}\s*$", citation), citation
        dashboard.save("panels")
        dashboard.check_clean()
    finally:
        dashboard.close()


def test_country_set_query_through_the_controls(browser, server, real_tables):
    """'Parties to' / 'but not' multi-selects and the 'Find states' button, with the result's CSV."""
    instruments = _table(real_tables, "instruments").set_index("instrument_id")
    states = _table(real_tables, "states").set_index("state_id")
    as_of = _as_of(real_tables, "participation")
    include, exclude = "palermo-protocol-2000", "smuggling-protocol-2000"
    expected = parties_without(real_tables, include, exclude, as_of.date().isoformat())
    assert 0 < len(expected)
    dashboard = Dashboard(browser, server, "country")
    page = dashboard.page
    try:
        page.wait_for_selector(".explorer-summary[data-state='PHL']", timeout=WAIT_MS)
        dashboard.open_panel("Set queries")
        page.get_by_label("Parties to", exact=True).select_option(
            label=f"United Nations · {instruments.at[include, 'short_title']}"
        )
        page.get_by_label("but not", exact=True).select_option(
            label=f"United Nations · {instruments.at[exclude, 'short_title']}"
        )
        page.get_by_role("button", name="Find states").click()
        result = _wait_text(dashboard, "#set-result", "state(s).")
        assert result == (
            f"Parties to {instruments.at[include, 'short_title']} but not to "
            f"{instruments.at[exclude, 'short_title']}, on {_long(as_of)}: {len(expected)} state(s)."
        )
        table = page.evaluate("""() => { const result = document.querySelector('#set-result');
            const table = result.parentElement.querySelector('.explorer-panel table');
            return Array.from(table.querySelectorAll('tr')).slice(1)
              .map(r => Array.from(r.querySelectorAll('td')).map(td => td.innerText.trim())); }""")
        assert {code for _, code in table} == expected
        assert {name for name, _ in table} == {states.at[s, "name"] for s in expected}
        link = page.locator("a.explorer-download[download^='set_query_']")
        stamp, csv, filename = _read_csv_download(dashboard, link)
        assert filename == f"set_query_{as_of.date().isoformat()}.csv"
        assert stamp[0] == f"# {result}"
        assert set(csv["state_id"]) == expected
        assert (csv[include].isin(["party", "party_not_in_force"])).all()
        assert not (csv[exclude].isin(["party", "party_not_in_force"])).any()
        dashboard.save("set-query")
        dashboard.check_clean()
    finally:
        dashboard.close()


# --- defects found by these tests, fixed in the apps -------------------------------------------------


def test_timeline_state_filter_can_be_cleared(browser, server, real_tables):
    instruments = _table(real_tables, "instruments")
    participation = _table(real_tables, "participation")
    dashboard = Dashboard(browser, server, "timeline")
    try:
        _wait_timeline(dashboard, _timeline_visible(instruments, participation))
        _commit_combobox(dashboard.page, "State", "Philippines (PHL)")
        _wait_timeline(dashboard, _timeline_visible(instruments, participation, state="PHL"))
        _commit_combobox(dashboard.page, "State", "")
        dashboard.page.get_by_label("State", exact=True).press("Tab")
        try:
            _wait_timeline(dashboard, _timeline_visible(instruments, participation), timeout=15_000)
        except playwright_api.TimeoutError:
            raise AssertionError("the box is empty but the view is still filtered to the Philippines") from None
    finally:
        dashboard.close()


def test_timeline_lists_undated_instruments(browser, server, real_tables):
    instruments = _table(real_tables, "instruments")
    undated = instruments[instruments[START_FIELDS + ["entry_into_force"]].isna().all(axis=1)]
    assert len(undated) > 0
    dashboard = Dashboard(browser, server, "timeline")
    try:
        _wait_timeline(dashboard, _timeline_visible(instruments, _table(real_tables, "participation")))
        body = dashboard.page.inner_text("body")
        assert "Not drawn (no verified date yet)" in body
        assert all(title in body for title in undated["short_title"])
    finally:
        dashboard.close()


def test_timeline_deep_link_redraws_the_chart(browser, server, real_tables):
    instruments = _table(real_tables, "instruments")
    participation = _table(real_tables, "participation")
    found = _timeline_visible(instruments, participation, text="Slavery")
    dashboard = Dashboard(browser, server, "timeline", "?q=Slavery")
    try:
        count = int(found[START_FIELDS + ["entry_into_force"]].notna().any(axis=1).sum())
        _wait_text(dashboard, "#timeline-count", f"Showing {count} instruments")  # the text follows the link
        try:
            _wait_timeline(dashboard, found, timeout=15_000)
        except playwright_api.TimeoutError:
            raise AssertionError(
                f"the count says {count} but the chart still draws "
                f"{dashboard.trace_points('Adopted / enacted')} instruments"
            ) from None
    finally:
        dashboard.close()


# --- the 'Status in' year lives in the page ---------------------------------------------------------


def _expected_status(real_tables, participation, instruments, state, instrument_id, date) -> str:
    """The profile's status label from the rows (there are no exits in the rows checked here): 'Party…' (any
    consent), 'Signatory only', else, for an instrument not adopted yet, 'Not applicable…', else the
    empty label of ``_empty_label``."""
    start = pd.to_datetime(instruments.loc[instrument_id, START_FIELDS]).min()
    if pd.isna(start) or start > pd.Timestamp(date):
        return "Not applicable (instrument or state did not exist)"
    word = _status_word(participation, state, instrument_id, date)
    return _empty_label(real_tables, instrument_id, date) if word == NO_ACTION_LABEL else word


def test_country_status_in_slider_moves_in_the_page(browser, server, real_tables):
    """Five moves of 'Status in': the table and the sentences show each year from what the page already has
    (the page sends at most the slider's own value per move; the kernel sends no new figure), and the
    statuses shown equal those computed from the parquet for that date. The CSV follows the settled year."""
    participation = _table(real_tables, "participation")
    instruments = _table(real_tables, "instruments").set_index("instrument_id")
    states = _table(real_tables, "states")
    as_of = _as_of(real_tables, "participation")
    covered = {s for successors in states["successor_ids"].dropna() for s in successors}
    chosen = ("SGP", "FJI")
    assert not covered & set(chosen), "a state covered via a former state: the rule below does not say so"
    exits = participation[
        participation["state_id"].isin(chosen) & participation["action"].isin(["denunciation", "withdrawal"])
    ]
    assert exits.empty, "the status rule here assumes no exits"
    with_rows = sorted(set(participation["instrument_id"]))
    year = as_of.year - 2 * 5 - 1
    when = pd.Timestamp(f"{year}-12-31")
    changed = [
        (state, i)
        for state in chosen
        for i in with_rows
        if _expected_status(real_tables, participation, instruments, state, i, when)
        != _expected_status(real_tables, participation, instruments, state, i, as_of)
    ]
    assert changed, "no status of these states changes between the two dates: pick other states"
    dashboard = Dashboard(browser, server, "country", "?state=SGP&compare=FJI")
    page = dashboard.page
    plot = ".explorer-country-canvas .explorer-live-plot"
    try:
        page.wait_for_selector(".explorer-summary[data-state='FJI']", timeout=WAIT_MS)
        page.wait_for_function(
            "([sel, year]) => { const p = document.querySelector(sel);"
            " return !!p && p.getAttribute('data-shown-year') === year; }",
            arg=[plot, str(as_of.year)],
            timeout=WAIT_MS,
        )
        dashboard.wait_quiet()
        drawn = page.locator(plot).get_attribute("data-drawn")
        sent = len(dashboard.sent)
        _press(page, "Status in", "PageDown", "PageDown", "ArrowLeft", "ArrowLeft", "ArrowRight")
        page.wait_for_function(
            "([sel, year]) => document.querySelector(sel).getAttribute('data-shown-year') === year",
            arg=[plot, str(year)],
            timeout=WAIT_MS,
        )
        # What the page shows for that year, before the kernel has said anything about it:
        shown = {
            state: {row["Instrument"]: row[f"Status ({state})"] for row in _status_table(page, "Status (FJI)")}
            for state in chosen
        }
        summary = page.locator(".explorer-summary[data-state='SGP']").inner_text()
        dashboard.wait_quiet(quiet_ms=1500)  # the kernel follows the settled year (CSV, citation, sources)
        moves = dashboard.sent[sent:]
        assert len(moves) <= 5, f"the page sent {len(moves)} messages for 5 moves: {moves}"
        assert page.locator(plot).get_attribute("data-drawn") == drawn, "the kernel sent a new figure"
        assert summary.startswith(f"On {_long(when)}, Singapore")
        for state in chosen:
            assert len(shown[state]) == len(with_rows)
            expected = {
                instruments.at[i, "short_title"]: _expected_status(
                    real_tables, participation, instruments, state, i, when
                )
                for i in with_rows
            }
            for title, label in shown[state].items():
                wanted = expected[title]
                assert label.startswith("Party") if wanted == "Party" else label == wanted, (state, title, label)
        # The kernel has followed the settled year: the CSV is the one of that date, and says the same.
        stamp, csv, filename = _read_csv_download(dashboard, page.locator("a.explorer-download[download^='profile_']"))
        assert filename == f"profile_SGP_FJI_{when.date().isoformat()}.csv"
        assert csv.set_index("Instrument")["Status (SGP)"].to_dict() == shown["SGP"]
        dashboard.save("status-in-moved")
        dashboard.check_clean()
    finally:
        dashboard.close()
