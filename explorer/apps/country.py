"""Country profiles and comparisons: what a state signed, joined and enacted, and when; set queries
over instruments; the model-law assessment matrix."""

from __future__ import annotations

import threading

import ipywidgets as widgets
import pandas as pd

from .. import api, deeplink, load, ui
from ..dates import FIRST_YEAR, start_dates
from ..figures.country import (
    ASSESSMENT_LABELS,
    country_timeline_figure,
    latest_assessments,
    model_law_figure,
    provision_code,
)
from ..figures.style import stamp
from ..live_plot import LivePlot
from ..schema import FAMILIES
from ..status import STATUSES
from ..text import escape, format_long_date
from ..views.country_frames import STAMP_KEY, build_cells, change_years, dated_profiles, empty_profile
from ..views.coverage import CLASS_LABELS, core_sentence
from ..views.reservations import reservations_html
from .base import Dashboard

DEFAULT_STATE = "PHL"
NONE = ""
# The profile table's columns that do not depend on the date (the others are rewritten by the page).
FIXED_COLUMNS = ("short_title", "family", "coverage")


class CountryApp(Dashboard):
    TRACE_TYPES = ("scatter", "heatmap")  # country timeline, model-law matrix (cartesian bundle)

    def __init__(self, query: str | None = None):
        self.states = load.load_states()
        self.instruments = load.load_instruments()
        self.participation = load.load_participation()
        self.sources = load.load_sources()
        self.provisions = load.load_table("model_law_provisions")
        self.assessments = load.load_table("model_law_assessments")
        self.as_of = pd.Timestamp(load.load_meta("participation")["as_of"])
        # Organisations (the EU) are parties but not countries: the map lists them.
        self.states = self.states[self.states["kind"] != "organisation"]
        self.names = self.states.set_index("state_id")["name"].to_dict()
        kinds = self.states.set_index("state_id")["kind"].to_dict()
        self.state_labels = {
            f"{name} ({state_id})" + (" — former state" if kinds[state_id] == "historical" else ""): state_id
            for state_id, name in sorted(self.names.items(), key=lambda item: item[1])
        }
        self._start(query)

    def _label(self, state_id: str) -> str:
        return next(label for label, value in self.state_labels.items() if value == state_id)

    def _build_widgets(self):
        self._build_pickers()
        self._build_profile_views()
        self._build_set_query()
        self._profiles = None  # (states, years, profiles by year), see _compute_profiles
        self._frames = None  # (the year frames of those profiles,) once computed (_year_frames)
        self._drawn = None  # (states, narrow) of the charts on screen
        self._connect_controls()

    def _build_pickers(self):
        """State, Compare and the 'Status in' year."""
        options = sorted(self.state_labels)
        # ensure_option=False, so that emptying Compare reaches the app; text that is not a state's
        # label counts as no state. Sent on Enter or leaving the box, not on each key.
        self.state = widgets.Combobox(
            description="State",
            options=options,
            ensure_option=False,
            continuous_update=False,
            value=self._label(DEFAULT_STATE),
            placeholder="type a country name",
            layout=widgets.Layout(width="420px"),
        )
        self.compare = widgets.Combobox(
            description="Compare",
            options=options,
            ensure_option=False,
            continuous_update=False,
            placeholder="optional second state",
            layout=widgets.Layout(width="420px"),
        )
        self.year = widgets.IntSlider(
            description="Status in",
            min=FIRST_YEAR,
            max=self.as_of.year,
            value=self.as_of.year,
            continuous_update=False,
            layout=widgets.Layout(width="420px"),
        )
        self.year.add_class("explorer-country-year")  # the page script reads its readout (live_plot.js)

    def _build_profile_views(self):
        """The summary, the shared-axis timeline, the status table and its CSV, laws, panels."""
        self.summary = widgets.HTML()
        # Drawn once per choice of states; the 'Status in' year is applied by the page (country frames).
        self.figure_plot = LivePlot(
            "explorer-country", 360, year_class="explorer-country-year", trace_types=self.TRACE_TYPES
        )
        self.table = widgets.HTML()
        self.download = widgets.HTML()
        self.laws = widgets.HTML()
        self.model_plot = LivePlot("explorer-model-law", 300, trace_types=self.TRACE_TYPES)
        self.model_text = widgets.HTML()
        self.sources_panel = widgets.HTML()
        self.cite_panel = widgets.HTML()
        self.reservations = widgets.HTML()

    def _build_set_query(self):
        choices = self.instruments[self.instruments["instrument_id"].isin(set(self.participation["instrument_id"]))]
        instrument_options = [
            (f"{FAMILIES[r['family']]} · {r['short_title']}", r["instrument_id"])
            for _, r in choices.sort_values(["family", "adopted"]).iterrows()
        ]
        self.set_include = widgets.SelectMultiple(
            description="Parties to", options=instrument_options, rows=6, layout=widgets.Layout(width="520px")
        )
        self.set_exclude = widgets.SelectMultiple(
            description="but not", options=instrument_options, rows=6, layout=widgets.Layout(width="520px")
        )
        self.set_run = widgets.Button(description="Find states", button_style="primary")
        self.set_result = widgets.HTML()

    def _connect_controls(self):
        guard = ui.guarded(self.error_box)
        for control in (self.state, self.compare):
            control.observe(guard(lambda change: self.refresh() if self._ready else None), names="value")
        self.year.observe(guard(self._on_year), names="value")
        self.set_run.on_click(guard(lambda button: self.run_set_query()))

    # The page shows each year from the frames it already has; what needs Python (citation, CSV, sources,
    # links) follows the year once it has stopped moving.
    SETTLE_SECONDS = 0.4

    def _on_year(self, change):
        if not self._ready:
            return
        timer = getattr(self, "_settle_timer", None)
        if timer is not None:
            timer.cancel()
        self._settle_timer = threading.Timer(self.SETTLE_SECONDS, ui.guarded(self.error_box)(self._show_date))
        self._settle_timer.daemon = True
        self._settle_timer.start()

    def _apply_query(self, query: str) -> list[str]:
        known = set(self.names)

        def state(raw):
            return deeplink.parse_choice(raw.strip().upper(), known)

        instruments = set(self.instruments["instrument_id"])
        validators = {
            "state": state,
            "compare": state,
            "year": lambda raw: deeplink.parse_year(raw, FIRST_YEAR, self.as_of.year),
            "include": lambda raw: [deeplink.parse_choice(p, instruments) for p in raw.split(",")],
            "exclude": lambda raw: [deeplink.parse_choice(p, instruments) for p in raw.split(",")],
        }
        values, messages = deeplink.parse_query(query, validators)
        if "state" in values:
            self.state.value = self._label(values["state"])
        if "compare" in values:
            self.compare.value = self._label(values["compare"])
        if "year" in values:
            self.year.value = values["year"]
        available = {value for _, value in self.set_include.options}
        if "include" in values:
            self.set_include.value = tuple(v for v in values["include"] if v in available)
        if "exclude" in values:
            self.set_exclude.value = tuple(v for v in values["exclude"] if v in available)
        if "include" in values:
            self.run_set_query()
        return messages

    def selected_states(self) -> list[str]:
        chosen = [self.state_labels.get(self.state.value), self.state_labels.get(self.compare.value)]
        return list(dict.fromkeys(s for s in chosen if s))

    def when(self) -> pd.Timestamp:
        return min(pd.Timestamp(f"{self.year.value}-12-31"), self.as_of)

    def _view_key(self):
        return (self.state.value, self.compare.value, self.year.value)

    def refresh(self):
        """Draw what the view needs and is not on screen yet: every year's profile once per choice of states,
        the charts once per choice of states and width; the date's texts always."""
        states = self.selected_states()
        if not states:
            self.summary.value = ui.messages_html(["Pick a state to see its profile."])
            return
        if self._profiles is None or self._profiles[0] != tuple(states):
            self._compute_profiles(states)
        source_ids = self._show_date()
        drawn = (tuple(states), ui.narrow_view())
        if drawn == self._drawn:
            return  # another year of the same states: the page shows it from the frames it has
        self._draw_timeline(states, source_ids)
        self.laws.value = self._laws_html(states)
        self._show_reservations(states[0])
        self._draw_model_law(states[0])
        self._drawn = drawn

    def _compute_profiles(self, states: list[str]) -> None:
        """The profile of each state for every year, computed only for the years in which it can change
        (``views.country_frames``); other years share the year before's frames."""
        years = list(range(FIRST_YEAR, self.as_of.year + 1))
        changing = change_years(
            states,
            self.participation,
            load.load_states(),
            self.instruments,
            load.load_coverage(),
            FIRST_YEAR,
            self.as_of.year,
        )
        dates = [min(pd.Timestamp(f"{year}-12-31"), self.as_of) for year in changing]
        per_state = {}
        for state_id in states:
            profiles = dated_profiles(
                state_id, dates, self.participation, self.instruments, load.load_states(), load.load_coverage()
            )
            # A former state on a date it did not exist: no rows (the kernel then redraws the table per year).
            per_state[state_id] = dict(zip(changing, (empty_profile() if p is None else p for p in profiles)))
        by_year, last = [], None
        for year in years:
            if year in per_state[states[0]]:
                last = {state_id: per_state[state_id][year] for state_id in states}
            by_year.append(last)
        self._profiles = (tuple(states), years, by_year)
        self._frames = None

    def _profiles_on(self, states: list[str]) -> dict[str, pd.DataFrame]:
        if self._profiles is None or self._profiles[0] != tuple(states):
            self._compute_profiles(states)
        _, years, by_year = self._profiles
        return by_year[years.index(self.year.value)]

    def _profile_table(self, states: list[str], profiles: dict[str, pd.DataFrame]):
        """The status table (rows in display order) and its columns, for one date's profiles."""
        main = profiles[states[0]]
        table = main.assign(status=main["status"].map(STATUSES), family=main["family"].map(FAMILIES))
        if len(states) > 1:
            other = profiles[states[1]][["instrument_id", "status", "consent"]].rename(
                columns={"status": f"status_{states[1]}", "consent": f"consent_{states[1]}"}
            )
            other[f"status_{states[1]}"] = other[f"status_{states[1]}"].map(STATUSES)
            table = table.merge(other, on="instrument_id", how="left")
        table["coverage"] = table["coverage_class"].map(CLASS_LABELS)
        columns = {
            "short_title": "Instrument",
            "family": "Family",
            "status": f"Status ({states[0]})",
            "signature": "Signed",
            "consent": "Consent",
            "entry_into_force": "In force for it",
            "exit": "Left",
            "note": "Note",
            "coverage": "Data coverage",
            "source_ids": "Sources",
        }
        if len(states) > 1:
            columns |= {
                f"status_{states[1]}": f"Status ({states[1]})",
                f"consent_{states[1]}": f"Consent ({states[1]})",
            }
        ordered = table.sort_values(["core", "family", "short_title"], ascending=[False, True, True])
        return ordered, columns

    @staticmethod
    def _source_ids(ordered: pd.DataFrame) -> list[str]:
        return sorted({s for ids in ordered["source_ids"] for s in ids.split(", ") if s})

    def _show_date(self) -> list[str]:
        """Everything that depends on the 'Status in' date but the chart: summary, table, CSV, citation,
        sources. Returns the source ids of the table."""
        states = self.selected_states()
        if not states:
            return []
        when = self.when()
        profiles = self._profiles_on(states)
        self.summary.value = "".join(self._summary(s, profiles[s], when) for s in states)
        ordered, columns = self._profile_table(states, profiles)
        live = [column for column in columns if column not in FIXED_COLUMNS]
        self.table.value = ui.html_table(
            ordered, columns, cell_keys=list(ordered["instrument_id"]), live_columns=live
        ) + self._map_links(ordered)
        export = ordered[list(columns)].rename(columns=columns)
        source_ids = self._source_ids(ordered)
        national = self.instruments[self.instruments["jurisdiction"].isin(states)]
        title = f"Profile of {' compared with '.join(self.names[s] for s in states)} on {format_long_date(when)}"
        self._show_citation(
            "country.ipynb",
            title,
            {"state": states[0], "compare": states[1] if len(states) > 1 else None, "year": self.year.value},
            [],
            source_ids + list(national["source_id"]),
        )
        self.download.value = ui.csv_download_html(
            export,
            f"profile_{'_'.join(states)}_{when.date().isoformat()}.csv",
            [
                f"Status of {', '.join(states)} on {when.date().isoformat()} for every instrument with participation data",
                f"Data as of {self.as_of.date().isoformat()}; sources: {', '.join(source_ids)}",
                "Coverage: 'No data (not recorded)' = nothing recorded where the rows are incomplete (see the Data "
                "coverage column); 'No action recorded' = nothing recorded where they are complete",
            ],
            "Download (CSV)",
        )
        self.sources_panel.value = ui.sources_html(source_ids + list(national["source_id"]), self.sources)
        return source_ids

    def _year_frames(self, states: list[str]) -> dict | None:
        """Every year's cell texts (views/country_frames.py), or None when the table's rows differ between
        years (a former state on a date it no longer existed has no rows): the kernel then redraws it."""
        _, years, by_year = self._profiles
        cells_by_year, per_profiles, sentences, rows = [], {}, {}, None
        for year, profiles in zip(years, by_year):
            key = id(profiles)
            when = min(pd.Timestamp(f"{year}-12-31"), self.as_of)
            if key not in per_profiles:
                # The sentence depends on the date only through its opening 'On <date>,' (core_sentence).
                sentences[key] = {
                    s: core_sentence(self.names[s], profiles[s], when)[len(f"On {format_long_date(when)}") :]
                    for s in states
                }
                ordered, columns = self._profile_table(states, profiles)
                if rows is None:
                    rows = list(ordered["instrument_id"])
                elif list(ordered["instrument_id"]) != rows:
                    return None
                cells = {
                    f"{instrument_id}|{column}": ui.cell_text(value, column)
                    for column in columns
                    if column not in FIXED_COLUMNS
                    for instrument_id, value in zip(ordered["instrument_id"], ordered[column])
                }
                cells[STAMP_KEY] = ui.stamp_text(self.as_of, self._source_ids(ordered))
                per_profiles[key] = cells
            cells_by_year.append(
                {
                    **per_profiles[key],
                    **{f"summary|{s}": f"On {format_long_date(when)}{rest}" for s, rest in sentences[key].items()},
                }
            )
        return build_cells(years, cells_by_year)

    def _draw_timeline(self, states: list[str], source_ids: list[str]) -> None:
        if self._frames is None:
            self._frames = (self._year_frames(states),)  # (None,): computed, but the rows differ by year
        histories = {f"{self.names[s]} ({s})": api.country_history(s) for s in states}
        figure = stamp(country_timeline_figure(histories), ui.stamp_text(self.as_of, source_ids))
        names = " and ".join(self.names[s] for s in states)
        ui.show_figure(
            self.figure_plot,
            figure,
            ui.figure_config(f"country_{'_'.join(states)}"),
            f"Timeline of the treaty actions and national laws of {names}; the table below lists them.",
            frames=self._frames[0],
            year=self.year.value,
        )

    def _show_reservations(self, state_id: str) -> None:
        made = api.reservations(state_id)
        self.reservations.value = (
            reservations_html(made, f"Reservations, declarations and objections by {self.names[state_id]}")
            if len(made)
            else (
                "<div class='explorer-panel'>No reservation, declaration or objection of this state is recorded (only "
                "CEDAW, the CRC and its OPSC have them in the data so far).</div>"
            )
        )

    def _draw_model_law(self, state_id: str) -> None:
        if self.assessments.empty:
            self.model_text.value = ""
            return
        figure = model_law_figure(self.assessments, self.provisions, self.names, highlight=state_id)
        ui.show_figure(
            self.model_plot,
            figure,
            ui.figure_config(f"model_law_{state_id}"),
            "Model-law assessment matrix (ICMEC 2018): states by provisions; the same matrix follows as a table.",
        )
        if not self.model_text.value:  # the same for every state
            self.model_text.value = self._provisions_html()

    def _provisions_html(self) -> str:
        items = "".join(
            f"<li><b>{escape(provision_code(r['provision_id']))}</b> {escape(r['title'])}: "
            f"{escape(r['description'])}</li>"
            for _, r in self.provisions.sort_values("order").iterrows()
        )
        sources = ui.sources_html(self.provisions["source_id"], self.sources, "Source of the assessment")
        return (
            f"<div class='explorer-panel'><p>As assessed by the source on the date shown in each cell's hover "
            f"text; later changes in the law are added as later assessments, never overwritten.</p>"
            f"<ul>{items}</ul></div>{self._assessments_table_html()}{sources}"
        )

    def _assessments_table_html(self) -> str:
        """The heat map as a table (its accessible alternative): one row per state, one column per provision."""
        provisions = self.provisions.sort_values("order")
        grid = (
            latest_assessments(self.assessments)
            .pivot(index="state_id", columns="provision_id", values="value")
            .reindex(columns=provisions["provision_id"])
        )
        grid = grid.apply(
            lambda column: column.map(
                lambda value: ASSESSMENT_LABELS.get(value, "Not assessed") if isinstance(value, str) else "Not assessed"
            )
        )
        grid.insert(0, "state", [self.names.get(state, state) for state in grid.index])
        columns = {"state": "State", **{p: provision_code(p) for p in provisions["provision_id"]}}
        return (
            "<div id='model-law-table'><b>The matrix as a table</b> (latest assessment of each cell)</div>"
            + ui.html_table(grid.sort_values("state"), columns)
        )

    def _summary(self, state_id: str, profile: pd.DataFrame, when) -> str:
        text = core_sentence(self.names[state_id], profile, when)
        return (
            f"<div class='explorer-summary' data-state='{escape(state_id)}' "
            f"data-cell='summary|{escape(state_id)}'>{escape(text)}</div>"
        )

    def _map_links(self, table: pd.DataFrame) -> str:
        year = self.when().year
        links = [
            f"<a href='{escape(deeplink.build_link('map.ipynb', instrument=i, date=year))}' target='_blank'>"
            f"{escape(t)}</a>"
            for i, t in zip(table["instrument_id"], table["short_title"])
        ]
        return f"<div class='explorer-panel'><b>On the map:</b> {' · '.join(links)}</div>"

    def _laws_html(self, states: list[str]) -> str:
        national = self.instruments[self.instruments["jurisdiction"].isin(states)].copy()
        if national.empty:
            return (
                "<div class='explorer-panel'>No national laws of this state in the data yet "
                "(national-law coverage is thin outside the countries the seed documents discuss).</div>"
            )
        national["date"] = start_dates(national)
        columns = {
            "jurisdiction": "State",
            "short_title": "Law",
            "date": "Enacted",
            "citation": "Citation",
            "source_id": "Source",
        }
        return "<div class='explorer-panel'><b>National laws in the data</b></div>" + ui.html_table(
            national.sort_values(["jurisdiction", "date"]), columns
        )

    def run_set_query(self):
        include, exclude = list(self.set_include.value), list(self.set_exclude.value)
        if not include:
            self.set_result.value = ui.messages_html(["Choose at least one instrument under 'Parties to'."])
            return
        when = self.when()
        result = api.set_query(include, exclude, when)
        titles = self.instruments.set_index("instrument_id")["short_title"]
        label = (
            f"Parties to {' and '.join(titles[i] for i in include)}"
            + (f" but not to {' or '.join(titles[i] for i in exclude)}" if exclude else "")
            + f", on {format_long_date(when)}: {len(result)} state(s)."
        )
        columns = {"name": "State", "state_id": "Code"}
        download = ui.csv_download_html(
            result,
            f"set_query_{when.date().isoformat()}.csv",
            [label, f"Data as of {self.as_of.date().isoformat()}"],
            "Download (CSV)",
        )
        self.set_result.value = (
            f"<div class='explorer-summary' id='set-result'>{escape(label)}</div>"
            + download
            + ui.html_table(result, columns)
        )

    def widget(self) -> widgets.Widget:
        set_box = widgets.VBox(
            [
                widgets.HTML(
                    "<b>Set query</b>: states that joined some instruments but not others, on the date above. "
                    "Hold Ctrl (Cmd) to pick several."
                ),
                widgets.HBox([self.set_include, self.set_exclude], layout=widgets.Layout(flex_flow="row wrap")),
                self.set_run,
                self.set_result,
            ]
        )
        return widgets.VBox(
            [
                ui.header(
                    "Country profiles and comparisons",
                    "What a state signed, joined and enacted, and when; compare two states; find who joined what.",
                    self.as_of,
                ),
                self.messages,
                self.error_box,
                widgets.HBox([self.state, self.compare], layout=widgets.Layout(flex_flow="row wrap")),
                self.year,
                self.summary,
                self.figure_plot,
                self.download,
                self.table,
                self.laws,
                widgets.Accordion(
                    children=[
                        set_box,
                        self.reservations,
                        widgets.VBox([self.model_plot, self.model_text]),
                        self.sources_panel,
                        self.cite_panel,
                    ],
                    titles=(
                        "Set queries",
                        "Reservations, declarations and objections",
                        "Model-law assessment (ICMEC 2018)",
                        "Sources",
                        "Cite this view",
                    ),
                ),
                self.bridge,
            ],
            layout=widgets.Layout(width="100%"),
        ).add_class("explorer-app")


def build(query: str | None = None) -> widgets.Widget:
    return CountryApp(query).widget()
