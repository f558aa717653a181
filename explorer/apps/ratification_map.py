"""Ratification map dashboard: any instrument, any date, every state's status, offline."""

from __future__ import annotations

import threading
import time

import ipywidgets as widgets
import pandas as pd

from .. import api, deeplink, load, ui
from ..dates import FIRST_YEAR, start_dates
from ..figures import map_figure, parties_over_time_figure
from ..figures.map import geometry_config
from ..figures.style import narrow_layout, stamp, stamp_lines
from ..glossary import glossary_html
from ..live_plot import LivePlot
from ..schema import FAMILIES
from ..status import STATUSES
from ..text import escape, format_date, format_long_date, hover_escape
from ..views.coverage import count_sentence, coverage_line, coverage_overview, coverage_table_html, party_sentence
from ..views.map_frames import build_frames, statuses_by_year, year_date, year_dates
from ..views.map_status import TABLE_COLUMNS, map_status_view, organisations_sentence
from ..views.reservations import reservations_html
from .base import Dashboard
from .pickers import state_labels, state_picker

DEFAULT_INSTRUMENT = "palermo-protocol-2000"


MILESTONES = (1, 50, 100, 150, 175)


def parties_milestones(counts: pd.DataFrame) -> list[tuple[str, pd.Timestamp]]:
    """When the number of parties first reached 1, 50, 100… (from ``api.counts_over_time``)."""
    reached = []
    for milestone in MILESTONES:
        rows = counts[counts["parties"] >= milestone]
        if not rows.empty:
            reached.append(("First party" if milestone == 1 else f"{milestone} parties", rows["date"].iloc[0]))
    return reached


def parties_chart_text(series: dict[str, pd.DataFrame], when) -> str:
    """The parties-over-time chart in words and as a table (its accessible alternative)."""
    parts = []
    for title, counts in series.items():
        before = counts[counts["date"] <= pd.Timestamp(when)]
        now = int(before["parties"].iloc[-1]) if not before.empty else 0
        rows = pd.DataFrame(parties_milestones(counts), columns=["milestone", "date"])
        rows = pd.concat(
            [
                rows,
                pd.DataFrame(
                    [{"milestone": f"Parties on {format_long_date(when)}: {now}", "date": pd.Timestamp(when)}]
                ),
            ],
            ignore_index=True,
        )
        parts.append(
            f"<p><b>Parties over time: {escape(title)}</b></p>"
            + ui.html_table(rows, {"milestone": "Milestone", "date": "Date"})
        )
    return f"<div class='explorer-panel' id='parties-text'>{''.join(parts)}</div>"


class MapApp(Dashboard):
    TRACE_TYPES = ("choropleth", "scattergeo", "scatter")  # the map and parties chart (plotly.js geo bundle)

    def __init__(self, query: str | None = None):
        self.instruments = load.load_instruments()
        self.participation = load.load_participation()
        self.sources = load.load_sources()
        self.gaps = load.load_known_gaps()
        self.counts = load.load_depositary_counts()
        self.producers = self.sources.set_index("source_id")["producer"].to_dict()
        self.instrument_sources = self.instruments.set_index("instrument_id")["source_id"].to_dict()
        self.reservations = load.load_table("reservations")
        self.as_of = pd.Timestamp(load.load_meta("participation")["as_of"])
        with_data = set(self.participation["instrument_id"])
        self.choices = self.instruments[self.instruments["instrument_id"].isin(with_data)].copy()
        self.choices["start"] = start_dates(self.choices)
        self.choices = self.choices.sort_values(["family", "start"])
        self._start(query)

    def _build_widgets(self):
        self._build_controls()
        self._build_views()
        self._build_panels()
        self._set_instrument_options()
        self._frames_cache = (None, [], [], [], [])
        self._connect_controls()

    def _build_controls(self):
        """Family, instrument, find, compare, year and Play."""
        families = [f for f in FAMILIES if f in set(self.choices["family"])]
        self.family = widgets.Dropdown(
            options=[(FAMILIES[f], f) for f in families],
            description="Family",
            value="un" if "un" in families else families[0],
        )
        self.instrument = widgets.Dropdown(description="Instrument", layout=widgets.Layout(width="560px"))
        self.search = widgets.Combobox(
            description="Find",
            placeholder="search all instruments",
            options=sorted(self._search_labels()),
            ensure_option=True,
        )
        self.compare = widgets.Dropdown(
            description="Compare",
            options=[("(none)", "")]
            + [(label, instrument_id) for label, instrument_id in self._search_labels().items()],
            value="",
        )
        self.year = widgets.IntSlider(
            value=self.as_of.year,
            min=FIRST_YEAR,
            max=self.as_of.year,
            description="Year",
            continuous_update=False,
            layout=widgets.Layout(width="520px"),
        )
        self.year.add_class("explorer-map-year")  # the page script reads its readout (live_plot.js)
        # A plain toggle button (not ipywidgets.Play, whose icon-only buttons have no accessible name
        # and lose their icons offline): while pressed, a thread advances the year once per interval.
        self.play = widgets.ToggleButton(
            value=False, description="▶ Play", tooltip="Animate year by year", layout=widgets.Layout(width="110px")
        )

    def _build_views(self):
        """The map, the parties-over-time chart, the texts around them and the state details."""
        self.date_readout = widgets.HTML()
        self.summary = widgets.HTML()
        # Drawn once and then updated in place (Plotly.react): a year change repaints only colours.
        # A click on a state sets map_plot.clicked to its ISO code (the State picker below is the visible,
        # keyboard-accessible way to the same panel).
        self.map_plot = LivePlot(
            "explorer-map", 560, clickable=True, year_class="explorer-map-year", trace_types=self.TRACE_TYPES
        )
        self.chart_plot = LivePlot("explorer-parties", 320, trace_types=self.TRACE_TYPES)
        self.chart_text = widgets.HTML()
        self.state_labels = state_labels(load.load_states().set_index("state_id")["name"])
        self.state = state_picker(self.state_labels, "details for one state")
        self.state_detail = widgets.HTML()
        self.note = widgets.HTML(
            "<div class='explorer-panel'><b>Reading the map.</b> Status on 31 December of the chosen year "
            "(or on the data's as-of date for the current year). Former states (e.g. the USSR, Yugoslavia, "
            "Czechoslovakia) have no shape of their own: while they existed, their participation is shown on the "
            "territory of their present-day successors, marked 'covered via a former state'. A successor's own "
            "succession or accession is shown from the date the depositary records it. Small states are drawn "
            "as dots.</div>"
        )

    def _build_panels(self):
        """The accordion: table and CSV, sources, known gaps, coverage, citation, glossary."""
        self.table = widgets.HTML()
        self.download = widgets.HTML()
        self.sources_panel = widgets.HTML()
        self.gaps_panel = widgets.HTML()
        self.cite_panel = widgets.HTML()
        self.coverage_panel = widgets.HTML()
        self.panels = widgets.Accordion(
            children=[
                widgets.VBox([self.download, self.table]),
                self.sources_panel,
                self.gaps_panel,
                self.coverage_panel,
                self.cite_panel,
                widgets.HTML(glossary_html()),
            ],
            titles=(
                "Table of this map (accessible alternative)",
                "Sources",
                "Known gaps",
                "Coverage of every instrument",
                "Cite this view",
                "Glossary",
            ),
        )

    def _connect_controls(self):
        guard = ui.guarded(self.error_box)
        self.play.observe(self._on_play, names="value")
        self.family.observe(guard(self._on_family), names="value")
        self.search.observe(guard(self._on_search), names="value")
        self.state.observe(guard(lambda change: self._show_state()), names="value")
        self.map_plot.observe(guard(self._on_click), names="clicked")
        self.panels.observe(guard(self._on_panel), names="selected_index")
        self.instrument.observe(guard(self._on_change), names="value")
        self.compare.observe(guard(self._on_compare), names="value")
        # A year change is drawn by the page itself from the year frames (views/map_frames.py); the
        # kernel only updates what needs Python (citation, table, CSV, state details, the chart).
        self.year.observe(guard(self._on_year), names="value")

    # The page draws each year from the frames it already has, so Play can step ten years a second.
    PLAY_INTERVAL_SECONDS = 0.1
    # Citation, table, panels and the parties chart follow the year once it has settled.
    SETTLE_SECONDS = 0.4

    def _on_panel(self, change):
        if change["new"] == 0:
            self._fill_table()
        elif change["new"] == 3 and not self.coverage_panel.value:  # the same for every view: built once
            self.coverage_panel.value = coverage_table_html(
                coverage_overview(load.load_coverage(), self.instruments, self.gaps, self.sources)
            )

    def _on_play(self, change):
        if not change["new"]:
            self.play.description = "▶ Play"
            return
        self.play.description = "❚❚ Pause"
        if self.year.value >= self.year.max:
            self.year.value = self.year.min
        threading.Thread(target=self._animate, daemon=True).start()

    def _animate(self):
        while self.play.value and self.year.value < self.year.max:
            time.sleep(self.PLAY_INTERVAL_SECONDS)
            if self.play.value:
                self.year.value += 1
        self.play.value = False

    def _on_change(self, change):
        if not self._quiet and self._ready:
            self.refresh()

    def _on_compare(self, change):
        if not self._quiet and self._ready:
            self._show_year()  # the map is the same: only the chart and the citation change

    def _on_year(self, change):
        # The page has already drawn the year (map, sentence, notice); what needs Python waits until the
        # year stops moving, so that Play and a held-down key do not flood the page with panel updates.
        if not self._quiet and self._ready:
            self._settle_later()

    def _settle_later(self):
        timer = getattr(self, "_settle_timer", None)
        if timer is not None:
            timer.cancel()
        self._settle_timer = threading.Timer(self.SETTLE_SECONDS, ui.guarded(self.error_box)(lambda: self._show_year()))
        self._settle_timer.daemon = True
        self._settle_timer.start()

    def _on_family(self, change):
        if not self._quiet:
            self._set_instrument_options()
            if self._ready:
                self.refresh()

    def _search_labels(self) -> dict[str, str]:
        return {
            f"{row['short_title']} ({FAMILIES[row['family']]})": row["instrument_id"]
            for _, row in self.choices.iterrows()
        }

    def _set_instrument_options(self, wanted: str | None = None):
        members = self.choices[self.choices["family"] == self.family.value]
        options = [
            (f"{row['start'].year if pd.notna(row['start']) else '—'} · {row['short_title']}", row["instrument_id"])
            for _, row in members.iterrows()
        ]
        values = [value for _, value in options]
        wanted = wanted or (DEFAULT_INSTRUMENT if DEFAULT_INSTRUMENT in values else values[0])
        self._quiet = True
        try:
            self.instrument.options = options
            self.instrument.value = wanted if wanted in values else values[0]
        finally:
            self._quiet = False

    def _on_search(self, change):
        instrument_id = self._search_labels().get(change["new"])
        if instrument_id:
            self._select(instrument_id)

    def _select(self, instrument_id: str):
        family = self.choices.set_index("instrument_id").at[instrument_id, "family"]
        self._quiet = True
        try:
            self.family.value = family
        finally:
            self._quiet = False
        self._set_instrument_options(instrument_id)
        if self._ready:
            self.refresh()

    def _apply_query(self, query: str) -> list[str]:
        available = set(self.choices["instrument_id"])

        def instrument(raw):
            instrument_id = api.check_instrument(raw.strip())
            if instrument_id not in available:
                raise ValueError("no participation data for this instrument yet")
            return instrument_id

        validators = {
            "instrument": instrument,
            "date": lambda raw: deeplink.parse_date(raw, pd.Timestamp(f"{FIRST_YEAR}-01-01").date(), self.as_of.date()),
            "compare": instrument,
        }
        values, messages = deeplink.parse_query(query, validators)
        if "instrument" in values:
            self._select(values["instrument"])
        if "date" in values:
            self.year.value = values["date"].year
        if "compare" in values:
            self.compare.value = values["compare"]
        return messages

    def _on_click(self, change):
        state_id = (change["new"] or "").strip().upper()
        if not state_id:
            return
        self.map_plot.clicked = ""  # so that a second click on the same state is seen too
        label = next((label for label, value in self.state_labels.items() if value == state_id), None)
        if label is not None:
            self.state.value = label  # fills the details panel below the map

    def _show_state(self):
        state_id = self.state_labels.get(self.state.value)
        if not state_id:
            self.state_detail.value = ""
            return
        rows = self.participation[
            (self.participation["state_id"] == state_id)
            & (self.participation["instrument_id"] == self.instrument.value)
        ]
        title = self.instruments.set_index("instrument_id").at[self.instrument.value, "short_title"]
        status = self.current_statuses().set_index("state_id")
        line = ""
        if state_id in status.index:
            line = (
                f"<p>Status on {escape(format_long_date(self.current_date()))}: "
                f"<b>{escape(STATUSES[status.at[state_id, 'status']])}</b></p>"
            )
        columns = {
            "action": "Action",
            "date": "Date",
            "depositary_code": "Depositary mark",
            "computed": "Computed",
            "source_id": "Source",
            "note": "Note",
        }
        if len(rows):
            table = ui.html_table(rows.sort_values("date"), columns)
        elif state_id in status.index and status.at[state_id, "status"] == "no_data":
            table = (
                "<p>Nothing is recorded for this state on this instrument, and the rows for this instrument are "
                "incomplete on this date: it may have signed or joined (see Coverage and the known gaps).</p>"
            )
        else:
            table = "<p>No action recorded for this state on this instrument.</p>"
        link = deeplink.build_link("timeline.ipynb", state=state_id)
        made = self.reservations[
            (self.reservations["state_id"] == state_id) & (self.reservations["instrument_id"] == self.instrument.value)
        ]
        texts = (
            reservations_html(made, "Reservations, declarations and objections made by this state") if len(made) else ""
        )
        self.state_detail.value = (
            f"<div class='explorer-panel' id='state-detail'><b>{escape(self.state.value)} — {escape(title)}</b>"
            f"{line}{table}{texts}<p><a href='{escape(link)}' target='_blank'>Everything this state joined or "
            f"enacted (timeline)</a></p></div>"
        )

    def current_date(self) -> pd.Timestamp:
        return year_date(self.year.value, self.as_of)

    def current_statuses(self) -> pd.DataFrame:
        """Every state's status on the year shown (from the year frames' statuses, computed once)."""
        cached_id, dates, by_year = self._frames_cache[:3]
        if cached_id != self.instrument.value:
            return api.statuses(self.instrument.value, self.current_date(), warn=False)
        return by_year[dates.index(self.current_date())]

    def _publisher(self, record: dict) -> str | None:
        source_id = record.get("published_source_id")
        return self.producers.get(source_id) if isinstance(source_id, str) else None

    def _published(self, instrument_id: str) -> pd.DataFrame:
        return self.counts[self.counts["instrument_id"] == instrument_id]

    def _frame_for(
        self, instrument_id: str, when: pd.Timestamp, statuses: pd.DataFrame, organisations, record: dict, title: str
    ) -> tuple[str, str, str, list[str]]:
        """Sentence, coverage notice, stamp line and source ids for one date's statuses."""
        sentence = party_sentence(statuses, title, when, record, organisations)
        notice = count_sentence(record, when, self._publisher(record))
        source_ids = [s for s in statuses["source_id"].dropna().unique()] + [self.instrument_sources[instrument_id]]
        stamp_line = ui.stamp_text(self.as_of, source_ids, coverage_line(record, when))
        return sentence, notice, stamp_line, source_ids

    @staticmethod
    def _stamp_lines(texts) -> int:
        """Room for the longest of the years' stamps: the page changes the stamp with the year, not the height."""
        return max(stamp_lines(text[2]) for text in texts)

    def refresh(self):
        """A new instrument (or a first draw): every year's frame once, the map, then the year's views."""
        instrument_id = self.instrument.value
        row = self.instruments.set_index("instrument_id").loc[instrument_id]
        record = api.coverage_record(instrument_id)
        title = row["short_title"]
        dates = year_dates(self.year.min, self.as_of)
        pairs = statuses_by_year(api.engine(), instrument_id, dates, record)
        by_year = [states for states, _ in pairs]
        organisations_by_year = [organisations for _, organisations in pairs]
        texts, cache = [], {}
        for when, (states, organisations) in zip(dates, pairs):
            key = (id(states), when)  # the same statuses and date give the same texts
            cache[key] = cache.get(key) or self._frame_for(instrument_id, when, states, organisations, record, title)
            texts.append(cache[key])
        when = self.current_date()
        index = dates.index(when)
        every_year = pd.concat([frame["status"] for frame in by_year], ignore_index=True)
        figure = stamp(
            map_figure(by_year[index], title=f"{title} — {format_date(when)}", legend_from=every_year),
            texts[index][2],
            lines=self._stamp_lines(texts),
        )
        if self.narrow:
            narrow_layout(figure)  # a phone: the legend under the map, a shorter map
        shapes, points = (list(trace.customdata) for trace in figure.data)
        frames = build_frames(
            list(range(self.year.min, self.year.max + 1)),
            by_year,
            titles=[hover_escape(f"{title} — {format_date(d)}") for d in dates],
            sentences=[text[0] for text in texts],
            notices=[text[1] for text in texts],
            stamps=[text[2] for text in texts],
            shapes=shapes,
            points=points,
        )
        frames["dates"] = [f"Date shown: {format_long_date(d)}" for d in dates]
        frames["filenames"] = [
            ui.figure_config(f"{instrument_id}_{d.date().isoformat()}")["toImageButtonOptions"]["filename"]
            for d in dates
        ]
        self._frames_cache = (instrument_id, dates, by_year, organisations_by_year, texts)
        self.map_plot.show(
            figure,
            ui.figure_config(f"{instrument_id}_{when.date().isoformat()}", **geometry_config(ui.topojson_url())),
            f"World map. {texts[index][0]} {texts[index][1]}".strip(),
            frames=frames,
            year=self.year.value,
        )
        self._show_year()

    def _show_year(self):
        """Everything that depends on the year, but the map itself (drawn by the page from its frames)."""
        instrument_id = self.instrument.value
        cached_id, dates, by_year, organisations_by_year, texts = self._frames_cache
        if cached_id != instrument_id:  # not drawn yet for this instrument
            return self.refresh()
        when = self.current_date()
        index = dates.index(when)
        statuses, organisations = by_year[index], organisations_by_year[index]
        sentence, notice, stamp_line, source_ids = texts[index]
        row = self.instruments.set_index("instrument_id").loc[instrument_id]
        title = row["short_title"]
        self.date_readout.value = (
            f"<span class='explorer-map-date'><b>Date shown:</b> {escape(format_long_date(when))}</span>"
        )
        warning = (
            f"<div class='explorer-message' role='status' id='map-coverage-notice'>NOTE: {escape(notice)}</div>"
            if notice
            else "<div id='map-coverage-notice' hidden></div>"
        )
        orgs = ""
        if len(organisations):
            orgs = (
                f"<div class='explorer-stamp' id='map-organisations'>"
                f"{escape(organisations_sentence(organisations))}</div>"
            )
        self.summary.value = f"<div class='explorer-summary' id='map-summary'>{escape(sentence)}</div>{warning}{orgs}"
        compare_rows = []
        if self.compare.value and self.compare.value != instrument_id:
            compare_rows.append(self.instruments.set_index("instrument_id").loc[self.compare.value])
        self._show_citation(
            "map.ipynb",
            f"{title}: status of every state on {format_long_date(when)}",
            {"instrument": instrument_id, "date": when.date().isoformat(), "compare": self.compare.value or None},
            [row.rename(instrument_id)] + compare_rows,
            source_ids,
        )
        self._shown = (statuses, row, when, source_ids)
        if self.panels.selected_index == 0:
            self._fill_table()
        else:  # built when the viewer opens the panel: it is the slowest part of an update
            self.table.value = self.download.value = ""
        self.sources_panel.value = ui.sources_html(source_ids, self.sources, "Sources for this map")
        self.gaps_panel.value = ui.known_gaps_html(self.gaps, [row.name])
        self._show_state()
        self._draw_chart()

    def _draw_chart(self):
        instrument_id = self.instrument.value
        when = self.current_date()
        row = self.instruments.set_index("instrument_id").loc[instrument_id]
        title = row["short_title"]
        texts = self._frames_cache[4]
        stamp_line = texts[self._frames_cache[1].index(when)][2]
        series = {title: api.counts_over_time(instrument_id)}
        published = {title: self._published(instrument_id)}
        if self.compare.value and self.compare.value != instrument_id:
            other = self.instruments.set_index("instrument_id").loc[self.compare.value]
            series[other["short_title"]] = api.counts_over_time(self.compare.value)
            published[other["short_title"]] = self._published(self.compare.value)
        chart = stamp(
            parties_over_time_figure(series, as_of=when, end=self.as_of, published=published),
            stamp_line,
            lines=self._stamp_lines(texts),
        )
        ui.show_figure(
            self.chart_plot,
            chart,
            ui.figure_config(f"{instrument_id}_parties_over_time"),
            f"Parties over time: {', '.join(series)}; the chart's milestones follow as a table.",
        )
        self.chart_text.value = parties_chart_text(series, when)

    def _fill_table(self):
        statuses, row, when, source_ids = self._shown
        view = map_status_view(
            statuses,
            None,
            instrument_id=row.name,
            title=row["short_title"],
            when=when,
            as_of=self.as_of,
            source_ids=source_ids,
            record=api.coverage_record(row.name),
        )
        self.table.value = ui.html_table(view.table, TABLE_COLUMNS, max_rows=300)
        self.download.value = ui.csv_download_html(
            view.csv, f"{row.name}_{when.date().isoformat()}.csv", view.stamp, "Download this table (CSV)"
        )

    def widget(self) -> widgets.Widget:
        return widgets.VBox(
            [
                ui.header(
                    "Who joined when: ratification map",
                    "Pick an instrument and a year; every state's status is computed from the depositary records.",
                    self.as_of,
                ),
                self.messages,
                self.error_box,
                widgets.HBox([self.family, self.instrument], layout=widgets.Layout(flex_flow="row wrap")),
                widgets.HBox([self.search, self.compare], layout=widgets.Layout(flex_flow="row wrap")),
                widgets.HBox([self.play, self.year, self.date_readout], layout=widgets.Layout(flex_flow="row wrap")),
                self.summary,
                self.map_plot,
                widgets.HTML(
                    "<div class='explorer-stamp'>Click a state on the map, or pick it here, to see its "
                    "actions on this instrument.</div>"
                ),
                self.state,
                self.state_detail,
                self.chart_plot,
                self.chart_text,
                self.note,
                self.panels,
                self.bridge,
            ],
            layout=widgets.Layout(width="100%"),
        ).add_class("explorer-app")


def build(query: str | None = None) -> widgets.Widget:
    return MapApp(query).widget()
