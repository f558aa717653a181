"""The home page (``dashboards/home.ipynb``, the landing page at ``/``): what the explorer is, how current
its data are, headline facts computed from the tables, one card per dashboard, and one search box
that opens the right dashboard at the right view (``explorer.views.search``).

Every text from the data or from the viewer is escaped (``explorer.text.escape``)."""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from .. import api, deeplink, load, ui
from ..citation import PROJECT
from ..dates import FIRST_YEAR, TIMELINE_START_YEAR, placement_dates
from ..figures.style import FAMILY_COLOURS, LANE_OF_FAMILY, LANES, OKABE_ITO
from ..paths import REPO_DIR
from ..schema import ACTIONS, FAMILIES
from ..text import escape, format_long_date
from ..views import search as search_view
from ..views.coverage import coverage_summary
from .base import Dashboard

PREVIEW_INSTRUMENT = "palermo-protocol-2000"
EXAMPLES = ("Palermo", "Philippines", "Backpage")

HOME_CSS = """
<style>
.explorer-home { max-width: 1100px; }
.explorer-home .widget-html-content { line-height: 1.4; }
.explorer-home .explorer-lead { font-size: 1.08em; max-width: 52em; margin: 4px 0 8px; line-height: 1.45; }
.explorer-cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 12px;
  margin: 10px 0; }
.explorer-card { border: 1px solid #d0d7de; border-radius: 6px; padding: 10px 12px; background: #fff; }
.explorer-card h2 { font-size: 1.15em; margin: 0 0 4px; }
.explorer-card p { margin: 4px 0; line-height: 1.4; }
.explorer-card svg { width: 100%; height: auto; display: block; margin: 6px 0; background: #F7F9FB; }
.explorer-card a.explorer-open { font-weight: bold; }
.explorer-home h2 { font-size: 1.2em; margin: 14px 0 4px; }
.explorer-facts ul, .explorer-more ul { margin: 4px 0; padding-left: 1.3em; }
.explorer-results ol { margin: 4px 0; padding-left: 1.4em; }
.explorer-results li { margin: 3px 0; }
.explorer-results .explorer-kind { color: #444; font-size: 0.9em; }
.explorer-nomatch { background: #FFF4D6; border-left: 4px solid #E69F00; padding: 6px 10px; margin: 4px 0; }
</style>
"""


def _svg_open(label: str, width: int = 240, height: int = 80) -> str:
    return (
        f"<svg viewBox='0 0 {width} {height}' role='img' aria-label='{escape(label)}' "
        f"xmlns='http://www.w3.org/2000/svg'>"
    )


def timeline_preview(instruments: pd.DataFrame, first: int, last: int) -> str:
    """Every dated instrument as a dot: year across, lane (family) down."""
    lanes = [lane for lane, _ in LANES]
    starts = placement_dates(instruments)
    dots = []
    for (_, row), start in zip(instruments.iterrows(), starts):
        if pd.isna(start):
            continue
        x = 8 + (start.year - first) / max(1, last - first) * 224
        y = 6 + lanes.index(LANE_OF_FAMILY.get(row["family"], "national")) * (60 / max(1, len(lanes) - 1))
        dots.append(f"<circle cx='{x:.1f}' cy='{y:.1f}' r='2.6' fill='{FAMILY_COLOURS.get(row['family'], '#555')}'/>")
    axis = (
        f"<text x='8' y='78' font-size='8' fill='#333'>{first}</text>"
        f"<text x='232' y='78' font-size='8' fill='#333' text-anchor='end'>{last}</text>"
    )
    return (
        _svg_open(f"Preview: {len(dots)} instruments on a time axis from {first} to {last}, one lane per family")
        + "".join(dots)
        + axis
        + "</svg>"
    )


def parties_preview(counts: pd.DataFrame, title: str, first: int, last: int) -> str:
    """The number of parties over time as a filled line."""
    if counts.empty:
        return ""
    top = max(1, int(counts["parties"].max()))
    points = [(8.0, 70.0)]
    for _, row in counts.iterrows():
        x = 8 + (row["date"].year + row["date"].dayofyear / 366 - first) / max(1, last - first) * 224
        points.append((x, 70 - row["parties"] / top * 58))
    points.append((232.0, points[-1][1]))
    points.append((232.0, 70.0))
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    return (
        _svg_open(f"Preview: parties to the {title} over time, up to {top}")
        + f"<polygon points='{path}' fill='{OKABE_ITO['sky_blue']}' stroke='{OKABE_ITO['blue']}' stroke-width='1.5'/>"
        + f"<text x='8' y='78' font-size='8' fill='#333'>{first}</text>"
        + f"<text x='232' y='78' font-size='8' fill='#333' text-anchor='end'>{last}</text>"
        + f"<text x='10' y='14' font-size='9' fill='#1a1a1a'>{top} parties</text></svg>"
    )


def actions_preview(participation: pd.DataFrame, first: int, last: int) -> str:
    """Treaty actions recorded per decade (all states), as bars."""
    years = pd.to_datetime(participation["date"]).dt.year
    decades = (years // 10 * 10).value_counts().sort_index()
    decades = decades[decades.index >= first // 10 * 10]
    if decades.empty:
        return ""
    top = int(decades.max())
    count = len(range(first // 10 * 10, last + 1, 10))
    width = 224 / count
    bars = []
    for index, decade in enumerate(range(first // 10 * 10, last + 1, 10)):
        value = int(decades.get(decade, 0))
        height = value / top * 58
        bars.append(
            f"<rect x='{8 + index * width + 1:.1f}' y='{70 - height:.1f}' width='{width - 2:.1f}' "
            f"height='{height:.1f}' fill='{OKABE_ITO['bluish_green']}'/>"
        )
    return (
        _svg_open(f"Preview: treaty actions of states recorded per decade, {first // 10 * 10}s to {last // 10 * 10}s")
        + "".join(bars)
        + f"<text x='8' y='78' font-size='8' fill='#333'>{first // 10 * 10}s</text>"
        + f"<text x='232' y='78' font-size='8' fill='#333' text-anchor='end'>{last // 10 * 10}s</text></svg>"
    )


def _teaching_notebooks() -> list[str]:
    folder = REPO_DIR / "notebooks"
    return sorted(path.name for path in folder.glob("[0-9]*.ipynb")) if folder.is_dir() else []


class HomeApp(Dashboard):
    def __init__(self, query: str | None = None):
        self.instruments = load.load_instruments()
        self.states = load.load_states()
        self.events = load.load_events()
        self.participation = load.load_participation()
        self.sources = load.load_sources()
        self.meta = load.load_meta("instruments")
        self.as_of = pd.Timestamp(self.meta["as_of"])
        self.index = search_view.build_index(
            self.instruments, self.states, self.events, self.participation, self.as_of.year
        )
        self._start(query)

    # -- widgets --------------------------------------------------------------------------------

    def _build_widgets(self):
        self.search = widgets.Text(
            description="Search",
            continuous_update=False,
            placeholder="an instrument, a country or a case, e.g. " + ", ".join(EXAMPLES),
            layout=widgets.Layout(width="100%", max_width="640px"),
        )
        self.search.add_class("explorer-home-search")
        self.search_button = widgets.Button(
            description="Search", button_style="primary", tooltip="Search instruments, countries and events"
        )
        self.results = widgets.HTML()
        self.cite_panel = widgets.HTML()
        guard = ui.guarded(self.error_box)
        self.search.observe(guard(lambda change: self.refresh()), names="value")
        self.search_button.on_click(guard(lambda button: self.refresh()))

    def _apply_query(self, query: str) -> list[str]:
        values, messages = deeplink.parse_query(query, {"q": lambda raw: search_view.clean_query(raw)})
        self._quiet = True
        try:
            self.search.value = values.get("q", "")
        finally:
            self._quiet = False
        return messages

    def refresh(self):
        if not self._ready or self._quiet:
            return
        self.results.value = results_html(search_view.search(self.index, self.search.value))
        params = {"q": search_view.clean_query(self.search.value) or None}
        self._show_citation("home.ipynb", "Home page", params, [], [])

    # -- content --------------------------------------------------------------------------------

    def intro_html(self) -> str:
        release = self.meta.get("release", "")
        licence = self.meta.get("licence", "")
        return (
            ui.CSS + HOME_CSS + f"<h1>{escape(PROJECT)}</h1>"
            "<p class='explorer-lead'>The explorer shows how the law against human trafficking grew, from the 1904 "
            "“white slave traffic” agreement to the Palermo Protocol, regional treaties, EU directives and US federal "
            "law: which instruments exist, who joined them when, and how national laws implement them. It is for "
            "students, teachers, journalists and anyone who wants a sourced answer, with every fact traced to its "
            "source.</p>"
            f"<div class='explorer-stamp' id='home-stamp'>Data version {escape(release)}, as of "
            f"<b>{escape(format_long_date(self.as_of))}</b>. Licence: {escape(licence)}.</div>"
        )

    def cards_html(self) -> str:
        first, last = TIMELINE_START_YEAR, self.as_of.year
        title = self.instruments.set_index("instrument_id")["short_title"].get(PREVIEW_INSTRUMENT, "")
        counts = api.counts_over_time(PREVIEW_INSTRUMENT) if title else pd.DataFrame(columns=["date", "parties"])
        cards = [
            (
                "timeline.ipynb",
                "Timeline",
                "When was each law adopted, what did it change, and which cases and events shaped it?",
                timeline_preview(self.instruments, first, last),
                "Open the timeline",
            ),
            (
                deeplink.build_link("map.ipynb", instrument=PREVIEW_INSTRUMENT),
                "Ratification map",
                "Who had joined a treaty in a given year, and how fast did it spread?",
                parties_preview(counts, title, 2000, last) if title else "",
                "Open the map",
            ),
            (
                "country.ipynb",
                "Country profiles",
                "What has one country signed, joined and enacted, and how does it compare with another?",
                actions_preview(self.participation, FIRST_YEAR, last),
                "Open the country profiles",
            ),
        ]
        items = "".join(
            f"<div class='explorer-card'><h2><a href='{escape(link)}'>{escape(name)}</a></h2><p>{escape(question)}</p>"
            f"{preview}<p><a class='explorer-open' href='{escape(link)}'>{escape(action)} →</a></p></div>"
            for link, name, question, preview, action in cards
        )
        return f"<nav aria-label='Dashboards' class='explorer-cards' id='home-cards'>{items}</nav>"

    def facts_html(self) -> str:
        families = self.instruments["family"].value_counts()
        by_family = ", ".join(
            f"{escape(FAMILIES.get(family, family))}: {int(count)}" for family, count in families.items()
        )
        countries = self.states[self.states["kind"] != "organisation"]
        acting = set(self.participation["state_id"]) | set(self.instruments["jurisdiction"].dropna())
        with_action = len(set(countries["state_id"]) & acting)
        log = self.participation.assign(date=pd.to_datetime(self.participation["date"]))
        log = log[log["date"] <= self.as_of].sort_values(["date", "state_id", "instrument_id"])
        latest = ""
        if len(log):
            row = log.iloc[-1]
            state = self.states.set_index("state_id")["name"].get(row["state_id"], row["state_id"])
            instrument = self.instruments.set_index("instrument_id")["short_title"].get(
                row["instrument_id"], row["instrument_id"]
            )
            action = ACTIONS.get(row["action"], row["action"]).split(" (")[0]
            link = deeplink.build_link("country.ipynb", state=row["state_id"])
            latest = (
                f"<li id='home-latest'>Most recent action recorded: <a href='{escape(link)}'>{escape(state)}</a>, "
                f"{escape(action.lower())} — {escape(instrument)}, {escape(format_long_date(row['date']))}.</li>"
            )
        summary = coverage_summary(api.coverage())
        return (
            "<section class='explorer-panel explorer-facts' aria-labelledby='home-facts'>"
            "<h2 id='home-facts'>In the data</h2><ul>"
            f"<li><b>{len(self.instruments)} instruments</b> by family: {by_family}.</li>"
            f"<li><b>{len(countries)} states</b> (current and former) in the register; {with_action} with at least one "
            f"recorded treaty action or national law; {len(self.participation)} treaty actions and "
            f"{len(self.events)} cases and events.</li>"
            f"{latest}<li id='home-coverage'>{escape(summary)} "
            "Where the rows are incomplete the views say “at least” or “no data”.</li></ul></section>"
        )

    def more_html(self) -> str:
        notebooks = _teaching_notebooks()
        listed = (" (" + ", ".join(f"<code>{escape(name)}</code>" for name in notebooks) + ")") if notebooks else ""
        return (
            "<section class='explorer-panel explorer-more' aria-labelledby='home-more'><h2 id='home-more'>For teachers "
            "and for offline use</h2><ul>"
            f"<li><b>Teaching notebooks</b>: <code>notebooks/</code> in the repository{listed}, exercises with "
            "self-checks; <code>notebooks/teacher/</code> has the worked answers. Open them in JupyterLab or on Binder.</li>"
            "<li><b>Offline site</b>: <code>make static</code> writes <code>build/trafficking-law-explorer-static.zip</code>, "
            "the explorer as plain HTML pages that work from a folder on disk, with no network.</li>"
            "<li><b>Data downloads</b>: every table as parquet in <code>data/tables/</code> (CSV and parquet in the offline "
            "site's <code>data/</code> folder, with the data dictionary). Here: " + self.downloads_html() + ".</li>"
            "<li><b>Embed a view</b>: every dashboard ends with “Embed this view”, an iframe code and a link for "
            "exactly the view on screen.</li>"
            "<li><b>How to cite</b>: each dashboard has a “Cite this view” panel (APA, Chicago, Bluebook) and each "
            "instrument its own citations; the explorer itself:</li></ul></section>"
        )

    def downloads_html(self) -> str:
        stamp = [
            f"Data version {self.meta.get('release', '')}, as of {self.as_of.date().isoformat()}",
            f"Licence: {self.meta.get('licence', '')}",
            "Trafficking-law explorer; sources in the sources registry (sources.parquet)",
        ]
        links = []
        for frame, name, label in (
            (self.instruments, "instruments", "instruments"),
            (self.events, "events", "cases and events"),
            (self.states, "states", "states"),
        ):
            plain = frame.copy()
            for column in plain.columns:
                if plain[column].map(lambda value: isinstance(value, (list, tuple))).any():
                    plain[column] = plain[column].map(
                        lambda value: "; ".join(value) if isinstance(value, (list, tuple)) else value
                    )
            links.append(
                ui.csv_download_html(plain, f"{name}_{self.as_of.date().isoformat()}.csv", stamp, f"{label} (CSV)")
            )
        return ", ".join(links)

    def widget(self) -> widgets.Widget:
        search_box = widgets.VBox(
            [
                widgets.HTML("<h2 id='home-search'>Find an instrument, a country or a case</h2>"),
                widgets.HBox(
                    [self.search, self.search_button], layout=widgets.Layout(flex_flow="row wrap", align_items="center")
                ),
                self.results,
            ]
        )
        return (
            widgets.VBox(
                [
                    widgets.HTML(self.intro_html()),
                    self.messages,
                    self.error_box,
                    search_box,
                    widgets.HTML(self.cards_html()),
                    widgets.HTML(self.facts_html()),
                    widgets.HTML(self.more_html()),
                    self.cite_panel,
                    self.bridge,
                ],
                layout=widgets.Layout(width="100%"),
            )
            .add_class("explorer-app")
            .add_class("explorer-home")
        )


def results_html(result: search_view.Result) -> str:
    """The hits as a list of links (the first is the best match), or 'no match' with suggestions."""
    if not result.query:
        return (
            "<div class='explorer-results' id='search-results' role='status'>Type a name, a title, a citation "
            "or a code and press Enter, e.g. " + ", ".join(f"<i>{escape(e)}</i>" for e in EXAMPLES) + ".</div>"
        )
    if not result.hits:
        suggestions = ""
        if result.suggestions:
            suggestions = " Did you mean: " + ", ".join(f"<i>{escape(s)}</i>" for s in result.suggestions) + "?"
        return (
            f"<div class='explorer-results' id='search-results' role='status'><div class='explorer-nomatch' "
            f"id='search-nomatch'>No match for “<span id='search-query'>{escape(result.query)}</span>”."
            f"{suggestions} Try a shorter word, a country's name or code (e.g. PHL), or a treaty's short title."
            "</div></div>"
        )
    items = []
    for number, hit in enumerate(result.hits):
        entry = hit.entry
        extra = "".join(f" · <a href='{escape(link)}'>{escape(label)}</a>" for label, link in entry.extra_links)
        where = {
            "instrument": "map" if entry.link.startswith("map.") else "timeline",
            "state": "country profile",
            "event": "timeline",
        }[entry.kind]
        best = " id='search-best'" if number == 0 else ""
        items.append(
            f"<li><a href='{escape(entry.link)}'{best}>{escape(entry.label)}</a> "
            f"<span class='explorer-kind'>{escape(search_view.KIND_LABELS[entry.kind])}"
            f"{' · ' + escape(entry.detail) if entry.detail else ''} · opens the {where}</span>{extra}</li>"
        )
    return (
        f"<div class='explorer-results' id='search-results' role='status'>{len(result.hits)} "
        f"match{'es' if len(result.hits) != 1 else ''} for “<span id='search-query'>{escape(result.query)}</span>”"
        f" (best first):<ol>{''.join(items)}</ol></div>"
    )


def build(query: str | None = None) -> widgets.Widget:
    return HomeApp(query).widget()
