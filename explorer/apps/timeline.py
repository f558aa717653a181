"""Timeline explorer dashboard: instruments in lanes by family, filters, lineage, events, details."""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from .. import api, deeplink, load, ui
from ..citation import cite_all
from ..coverage_rules import complete_on
from ..dates import TIMELINE_START_YEAR, placement_dates, start_dates
from ..definitions import definitions_html
from ..figures import timeline_figure
from ..figures.style import stamp
from ..glossary import glossary_html
from ..live_plot import LivePlot
from ..schema import FAMILIES, INSTRUMENT_KINDS, TOPICS
from ..text import escape, format_date
from ..views.coverage import CLASS_LABELS, count_sentence
from .base import Dashboard
from .pickers import state_labels, state_picker

ALL = "(all)"
NONE_SELECTED = "(none)"


def filter_instruments(
    instruments: pd.DataFrame,
    participation: pd.DataFrame,
    *,
    families=None,
    kind=None,
    topic=None,
    years=None,
    state=None,
    text=None,
) -> pd.DataFrame:
    """The filters of the timeline, combined with AND. Pure function (tested directly)."""
    frame = instruments
    if families is not None:
        frame = frame[frame["family"].isin(families)]
    if kind and kind != ALL:
        frame = frame[frame["kind"] == kind]
    if topic and topic != ALL:
        frame = frame[frame["topics"].map(lambda topics: topic in topics)]
    if years is not None:
        start = placement_dates(frame)
        # Instruments without any verified date have no year: they stay, to be listed as not drawn.
        frame = frame[start.isna() | ((start.dt.year >= years[0]) & (start.dt.year <= years[1]))]
    if state:
        joined = set(participation.loc[participation["state_id"] == state, "instrument_id"])
        frame = frame[frame["instrument_id"].isin(joined) | (frame["jurisdiction"] == state)]
    if text:
        needle = text.strip().lower()
        haystack = (
            frame["short_title"].fillna("")
            + " "
            + frame["official_title"].fillna("")
            + " "
            + frame["instrument_id"]
            + " "
            + frame["citation"].fillna("")
        ).str.lower()
        frame = frame[haystack.str.contains(needle, regex=False)]
    return frame


class TimelineApp(Dashboard):
    TRACE_TYPES = ("scatter",)  # (plotly.js basic bundle)
    RESPONSIVE = True  # on a phone the titles go above the rows (timeline_figure(narrow=True))

    def __init__(self, query: str | None = None):
        self.instruments = load.load_instruments()
        self.relations = load.load_relations()
        self.events = load.load_events()
        self.participation = load.load_participation()
        self.sources = load.load_sources()
        self.states = load.load_states()
        self.gaps = load.load_known_gaps()
        self.as_of = pd.Timestamp(load.load_meta("instruments")["as_of"])
        self.last_year = self.as_of.year
        self._start(query)

    # -- widgets --------------------------------------------------------------------------------

    def _build_widgets(self):
        present = [f for f in FAMILIES if f in set(self.instruments["family"])]
        self.family_boxes = {
            family: widgets.Checkbox(
                value=True,
                description=FAMILIES[family],
                indent=False,
                layout=widgets.Layout(width="auto", margin="0 12px 0 0"),
            )
            for family in present
        }
        kinds = [k for k in INSTRUMENT_KINDS if k in set(self.instruments["kind"])]
        self.kind = widgets.Dropdown(
            options=[(ALL, ALL)] + [(INSTRUMENT_KINDS[k].split(" (")[0], k) for k in kinds],
            description="Kind",
            value=ALL,
        )
        topics = sorted({t for ts in self.instruments["topics"] for t in ts})
        self.topic = widgets.Dropdown(
            options=[(ALL, ALL)] + [(TOPICS[t], t) for t in topics], description="Topic", value=ALL
        )
        self.search = widgets.Text(
            description="Search", placeholder="words in a title or citation", continuous_update=False
        )
        state_ids = sorted(set(self.participation["state_id"]) | set(self.instruments["jurisdiction"]))
        self.state_labels = state_labels(self.states.set_index("state_id")["name"], state_ids)
        self.state = state_picker(self.state_labels, "type a country name")  # emptied: no state filter
        self.years = widgets.IntRangeSlider(
            value=(TIMELINE_START_YEAR, self.last_year),
            min=TIMELINE_START_YEAR,
            max=self.last_year,
            description="Years",
            continuous_update=False,
            layout=widgets.Layout(width="460px"),
        )
        self.show_events = widgets.Checkbox(value=True, description="Cases & events", indent=False)
        self.show_lineage = widgets.Checkbox(value=True, description="Lineage lines", indent=False)
        self.selected = widgets.Dropdown(
            description="Instrument",
            options=[(NONE_SELECTED, NONE_SELECTED)],
            value=NONE_SELECTED,
            layout=widgets.Layout(width="520px"),
        )
        self.count = widgets.HTML()
        self.figure_plot = LivePlot("explorer-timeline", 420, trace_types=self.TRACE_TYPES)
        self.detail = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.sources_panel = widgets.HTML()
        self.cite_panel = widgets.HTML()
        self.table_panel = widgets.HTML()
        self.gaps_panel = widgets.HTML(ui.known_gaps_html(self.gaps))
        self.definitions_panel = widgets.HTML(definitions_html(load.load_definitions(), self.instruments, self.sources))
        refresh = ui.guarded(self.error_box)(lambda change: None if self._quiet or not self._ready else self.refresh())
        for control in [
            *self.family_boxes.values(),
            self.kind,
            self.topic,
            self.search,
            self.state,
            self.years,
            self.show_events,
            self.show_lineage,
            self.selected,
        ]:
            control.observe(refresh, names="value")

    def _apply_query(self, query: str) -> list[str]:
        families = set(self.family_boxes)
        validators = {
            "instrument": lambda raw: api.check_instrument(raw.strip()),
            "family": lambda raw: [deeplink.parse_choice(part, families) for part in raw.split(",")],
            "from": lambda raw: deeplink.parse_year(raw, TIMELINE_START_YEAR, self.last_year),
            "to": lambda raw: deeplink.parse_year(raw, TIMELINE_START_YEAR, self.last_year),
            "state": lambda raw: deeplink.parse_choice(raw.strip().upper(), set(self.state_labels.values())),
            "q": lambda raw: raw.strip()[:100],
        }
        values, messages = deeplink.parse_query(query, validators)
        if "family" in values:
            for family, box in self.family_boxes.items():
                box.value = family in values["family"]
        start, end = values.get("from", TIMELINE_START_YEAR), values.get("to", self.last_year)
        if start > end:
            messages.append("'from' is after 'to'; showing all years.")
            start, end = TIMELINE_START_YEAR, self.last_year
        self.years.value = (start, end)
        if "state" in values:
            self.state.value = next(k for k, v in self.state_labels.items() if v == values["state"])
        if "q" in values:
            self.search.value = values["q"]
        self._query_instrument = values.get("instrument")
        return messages

    # -- state ----------------------------------------------------------------------------------

    def current_filter(self) -> pd.DataFrame:
        families = [family for family, box in self.family_boxes.items() if box.value]
        state = self.state_labels.get(self.state.value) if self.state.value else None
        return filter_instruments(
            self.instruments,
            self.participation,
            families=families,
            kind=self.kind.value,
            topic=self.topic.value,
            years=self.years.value,
            state=state,
            text=self.search.value,
        )

    def refresh(self):
        visible = self.current_filter()
        self._update_selector(visible)
        selected = None if self.selected.value == NONE_SELECTED else self.selected.value
        highlighted = set(api.lineage(selected)["instrument_id"]) if selected else set()
        events = self.events
        if self.show_events.value:
            years = self.years.value
            events = events[(events["date"].dt.year >= years[0]) & (events["date"].dt.year <= years[1])]
        undated = visible[
            visible[["adopted", "enacted", "opened_for_signature", "entry_into_force"]].isna().all(axis=1)
        ]
        if visible.empty:
            self.count.value = ui.messages_html(["No instrument matches these filters. Widen them to see more."])
        else:
            note = f" ({len(undated)} without a verified date are listed below, not drawn)" if len(undated) else ""
            self.count.value = (
                f"<div class='explorer-summary' id='timeline-count'>Showing {len(visible) - len(undated)} instruments"
                f"{escape(note)}.</div>"
            )
        years = self.years.value
        figure = timeline_figure(
            visible,
            self.relations,
            events if self.show_events.value else None,
            as_of=self.as_of,
            date_range=(f"{years[0]}-01-01", f"{years[1] + 1}-01-01"),
            selected=selected,
            highlighted=highlighted,
            show_events=self.show_events.value,
            show_lineage=self.show_lineage.value,
            narrow=self.narrow,
        )
        self.detail.value = self._detail_html(selected, undated)
        self.table_panel.value = instruments_table_html(visible.drop(index=undated.index))
        source_ids = list(visible["source_id"]) + [s for ids in visible["other_source_ids"] for s in ids]
        if self.show_events.value:
            source_ids += list(events["source_id"])
        stamp(figure, ui.stamp_text(self.as_of, source_ids))
        ui.show_figure(
            self.figure_plot,
            figure,
            ui.figure_config(f"timeline_{years[0]}-{years[1]}"),
            f"Timeline chart: {len(visible) - len(undated)} treaties, acts and laws on a date axis, "
            f"{years[0]}–{years[1]}; the panels below list them as a table.",
        )
        self.sources_panel.value = ui.sources_html(source_ids, self.sources, "Sources for the instruments shown")
        self._cite(selected, years, source_ids)

    def _cite(self, selected: str | None, years, source_ids):
        families = [family for family, box in self.family_boxes.items() if box.value]
        state = self.state_labels.get(self.state.value) if self.state.value else None
        params = {
            "instrument": selected,
            "family": ",".join(families) if len(families) < len(self.family_boxes) else None,
            "from": years[0] if years[0] != TIMELINE_START_YEAR else None,
            "to": years[1] if years[1] != self.last_year else None,
            "state": state,
            "q": self.search.value or None,
        }
        rows = [self.instruments.set_index("instrument_id").loc[selected].rename(selected)] if selected else []
        title = f"Timeline of human-trafficking law, {years[0]}–{years[1]}"
        if selected:
            title += f", {rows[0]['short_title']} selected"
            source_ids = [rows[0]["source_id"], *rows[0]["other_source_ids"]]
        self._show_citation("timeline.ipynb", title, params, rows, source_ids)

    def _update_selector(self, visible: pd.DataFrame):
        ordered = visible.assign(start=start_dates(visible))
        ordered = ordered.sort_values(["family", "start", "instrument_id"])
        options = [(NONE_SELECTED, NONE_SELECTED)] + [
            (
                f"{FAMILIES[row['family']]} · {row['start'].year if pd.notna(row['start']) else '—'} · "
                f"{row['short_title']}",
                row["instrument_id"],
            )
            for _, row in ordered.iterrows()
        ]
        wanted = self._query_instrument or self.selected.value
        self._query_instrument = None
        self._quiet = True
        try:
            self.selected.options = options
            self.selected.value = wanted if wanted in {value for _, value in options} else NONE_SELECTED
        finally:
            self._quiet = False

    def _detail_html(self, selected: str | None, undated: pd.DataFrame) -> str:
        parts = []
        if not undated.empty:
            parts.append(
                "<div class='explorer-panel'><b>Not drawn (no verified date yet):</b> "
                + ", ".join(escape(t) for t in undated["short_title"])
                + "</div>"
            )
        if not selected:
            parts.append(
                "<div class='explorer-panel'>Pick an instrument above to see its details, lineage and sources.</div>"
            )
            return "".join(parts)
        return detail_html(
            selected, self.instruments, self.relations, self.participation, self.sources, self.as_of
        ) + "".join(parts)

    def widget(self) -> widgets.Widget:
        families = widgets.HBox(list(self.family_boxes.values()), layout=widgets.Layout(flex_flow="row wrap"))
        return widgets.VBox(
            [
                ui.header(
                    "Human-trafficking law over time",
                    "Treaties, EU acts and national laws from 1904 to today. Hover a mark for its dates; "
                    "pick an instrument for its lineage and sources.",
                    self.as_of,
                ),
                self.messages,
                self.error_box,
                widgets.HTML("<b>Families</b>"),
                families,
                widgets.HBox([self.kind, self.topic, self.search], layout=widgets.Layout(flex_flow="row wrap")),
                widgets.HBox(
                    [self.state, self.years, self.show_events, self.show_lineage],
                    layout=widgets.Layout(flex_flow="row wrap"),
                ),
                self.selected,
                self.count,
                self.figure_plot,
                self.detail,
                widgets.Accordion(
                    children=[
                        self.definitions_panel,
                        self.sources_panel,
                        self.gaps_panel,
                        self.cite_panel,
                        widgets.HTML(glossary_html()),
                        self.table_panel,
                    ],
                    titles=(
                        "How the definition changed",
                        "Sources",
                        "Known gaps in the data",
                        "Cite this view",
                        "Glossary",
                        "Table of the instruments shown (accessible alternative)",
                    ),
                ),
                self.bridge,
            ],
            layout=widgets.Layout(width="100%"),
        ).add_class("explorer-app")


def instruments_table_html(visible: pd.DataFrame) -> str:
    """The chart's content as a table: one row per instrument shown, oldest first."""
    frame = visible.assign(start=start_dates(visible), family_name=visible["family"].map(FAMILIES))
    frame = frame.sort_values(["start", "entry_into_force", "short_title"])
    columns = {
        "short_title": "Instrument",
        "family_name": "Family",
        "start": "Adopted / enacted",
        "entry_into_force": "Entry into force",
        "repealed": "Repealed / replaced",
        "citation": "Citation",
    }
    return f"<div id='timeline-table'>{len(frame)} instruments on the chart, oldest first.</div>" + ui.html_table(
        frame, columns
    )


def detail_html(instrument_id: str, instruments, relations, participation, sources, as_of) -> str:
    row = instruments.set_index("instrument_id").loc[instrument_id]
    dates = [
        (label, row[name])
        for name, label in (
            ("adopted", "Adopted"),
            ("opened_for_signature", "Opened for signature"),
            ("enacted", "Enacted"),
            ("entry_into_force", "Entry into force"),
            ("repealed", "Repealed / replaced"),
        )
        if pd.notna(row[name])
    ]
    facts = "".join(
        f"<tr><th scope='row'>{escape(label)}</th><td>{escape(format_date(value))}</td></tr>" for label, value in dates
    )
    for label, value in (
        ("Citation", row["citation"]),
        ("Depositary", row["depositary"]),
        ("UN Treaty Collection no.", row["mtdsg_no"]),
        ("Kind", INSTRUMENT_KINDS[row["kind"]]),
        ("Family", FAMILIES[row["family"]]),
    ):
        if isinstance(value, str) and value:
            facts += f"<tr><th scope='row'>{escape(label)}</th><td>{escape(value)}</td></tr>"
    if instrument_id in set(participation["instrument_id"]):
        record = api.coverage_record(instrument_id)
        count = len(api.parties(instrument_id, as_of, warn=False))
        minimum = "" if complete_on(record, as_of) else "at least "
        facts += (
            f"<tr><th scope='row'>Parties on {escape(format_date(as_of))}</th><td>{minimum}{count} "
            f"(computed from the participation rows)</td></tr>"
            f"<tr><th scope='row'>Data coverage</th><td>{escape(CLASS_LABELS[record['coverage_class']])}: "
            f"{escape(record['note'])} {escape(count_sentence(record, as_of))}</td></tr>"
        )
    titles = instruments.set_index("instrument_id")["short_title"]
    relation_items = []
    for _, rel in relations[relations["from_id"] == instrument_id].iterrows():
        relation_items.append(f"<li>{escape(rel['type'])} <b>{escape(titles.get(rel['to_id']))}</b></li>")
    for _, rel in relations[relations["to_id"] == instrument_id].iterrows():
        relation_items.append(f"<li><b>{escape(titles.get(rel['from_id']))}</b> {escape(rel['type'])} this</li>")
    related_sources = list(
        relations[(relations["from_id"] == instrument_id) | (relations["to_id"] == instrument_id)]["source_id"]
    )
    lineage = api.lineage(instrument_id)
    lineage_text = ""
    if not lineage.empty:
        ancestors = lineage[lineage["direction"] == "ancestor"]["short_title"]
        descendants = lineage[lineage["direction"] == "descendant"]["short_title"]
        lineage_text = (
            f"<p><b>Ancestors:</b> {escape(', '.join(ancestors)) or '—'}<br>"
            f"<b>Descendants:</b> {escape(', '.join(descendants)) or '—'}</p>"
        )
    note = f"<p><i>{escape(row['note'])}</i></p>" if isinstance(row["note"], str) else ""
    citations = "".join(
        f"<li><b>{escape(style.upper() if style == 'apa' else style.title())}</b>: {escape(text)}</li>"
        for style, text in cite_all(row).items()
    )
    note += f"<p><b>Cite this instrument</b></p><ul>{citations}</ul>"
    return (
        f"<div class='explorer-panel' id='instrument-detail'><h3>{escape(row['short_title'])}</h3>"
        f"<p>{escape(row['official_title'])}</p>"
        f"<p>{escape(row['summary'] or '')}</p><table>{facts}</table>"
        + (f"<p><b>Relations</b></p><ul>{''.join(relation_items)}</ul>" if relation_items else "")
        + lineage_text
        + note
        + ui.sources_html(
            [row["source_id"], *row["other_source_ids"], *related_sources], sources, "Sources for this instrument"
        )
        + "</div>"
    )


def build(query: str | None = None) -> widgets.Widget:
    return TimelineApp(query).widget()
