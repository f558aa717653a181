"""``python -m explorer.static_site [--out DIR] [--zip]``: the explorer as a folder of static HTML pages.

For a classroom with no network, or any static web host: open ``index.html`` from disk, or copy the
folder anywhere on a server (every link is relative, so it works under any path). The pages are built
from the same tables, status engine and figure builders as the dashboards.

The site is written into a temporary sibling folder and renamed into place at the end, so a failed
build never leaves a half-written site behind. Output is deterministic for the same data (sorted
order, no build time stamped anywhere).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import api, changelog, load, ui
from ..dates import TIMELINE_START_YEAR, start_dates
from ..definitions import definitions_html
from ..dictionary import render as render_dictionary
from ..figures.parties import parties_over_time_figure
from ..figures.style import stamp
from ..paths import REPO_DIR
from ..schema import FAMILIES
from ..status import PARTY_STATUSES, STATUSES
from ..text import escape, format_date, format_long_date, one_line
from ..views.coverage import (
    CLASS_LABELS,
    coverage_line,
    coverage_overview,
    coverage_summary,
    party_sentence,
)
from ..views.map_status import TABLE_COLUMNS, MapStatusView, map_status_view
from ..views.reservations import reservations_html
from . import pages
from .assets import Assets, copy_licences, plotly_asset, write_assets
from .exports import write_csv, write_data_folder
from .maps import add_slider, build_map, drop_animated_arrays

DEFAULT_OUT = REPO_DIR / "build" / "static"
ZIP_NAME = "trafficking-law-explorer-static.zip"
ZIP_FOLDER = "trafficking-law-explorer-static"
MAPS, COUNTRIES = "maps", "countries"
# The last stamp line of the map CSVs: where the offline edition keeps the full citations.
OFFLINE_CITATIONS = "Trafficking-law explorer (offline edition); full citations of the sources: ../data/sources.csv"
SAFE_NAME = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")


def _file_name(identifier: str) -> str:
    """Ids become file names; refuse anything that could leave the folder or need URL escaping."""
    if not identifier or identifier.startswith(".") or set(identifier) - SAFE_NAME:
        raise ValueError(f"{identifier!r} cannot be used as a file name in the static site")
    return identifier


def _ids(values) -> list[str]:
    return [value for value in dict.fromkeys(values) if isinstance(value, str) and value]


def _plain_table(headers: list[str], rows: list[list[str]], caption: str | None = None) -> str:
    """A table whose cells are HTML already escaped by the caller (for cells with links)."""
    head = "".join(f"<th scope='col'>{escape(header)}</th>" for header in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    return f"<div class='table-wrap'><table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"


def yearly_counts(counts: pd.DataFrame) -> pd.DataFrame:
    """Parties at the end of each year in which the count changed (the chart's table, at a readable size)."""
    by_year = counts.assign(year=counts["date"].dt.year).groupby("year", sort=True)[["parties", "in_force"]].last()
    return by_year.reset_index()


@dataclass
class BuildReport:
    out: Path
    files: int
    bytes: int
    zip_path: Path | None
    zip_bytes: int
    seconds: float

    def line(self) -> str:
        zipped = f"; zip {self.zip_bytes / 1e6:.1f} MB" if self.zip_path else ""
        return f"static site: {self.files} files, {self.bytes / 1e6:.1f} MB in {self.out}{zipped}"


class Site:
    """Writes every page of the site into ``root``."""

    def __init__(self, root: Path, progress=None):
        self.root = root
        self.progress = progress or (lambda message: None)
        meta = load.load_meta("participation")
        self.release = pages.Release(version=str(meta.get("release")), as_of=str(meta["as_of"]))
        self.as_of = pd.Timestamp(meta["as_of"])
        self.instruments = load.load_instruments().set_index("instrument_id", drop=False).rename_axis(None)
        self.participation = load.load_participation()
        self.states = load.load_states().set_index("state_id", drop=False).rename_axis(None)
        self.sources = load.load_sources()
        self.gaps = load.load_known_gaps()
        self.events = load.load_events()
        self.coverage = load.load_coverage()
        self.counts = load.load_depositary_counts()
        self.start = start_dates(self.instruments)
        self.geometry = load.map_geometry()
        self.map_ids = sorted(set(self.participation["instrument_id"]) & set(self.instruments.index))
        acting = set(self.participation["state_id"]) | set(self.instruments["jurisdiction"].dropna())
        # Organisations (the EU) are parties but not countries: no country page; the maps list them.
        countries = set(self.states.index[self.states["kind"] != "organisation"])
        self.country_ids = sorted(acting & countries)
        self.assets: Assets | None = None
        self.map_summaries: dict[str, str] = {}
        self.tables: list[dict] = []

    # -- helpers ------------------------------------------------------------------------------

    def write(self, path: str, text: str) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")

    def page(
        self,
        path: str,
        title: str,
        body: str,
        source_ids=(),
        sources_html: str | None = None,
        figures: tuple[dict, ...] = (),
        **flags,
    ):
        """Write a page; ``figures``: the specs of its figures (``pages.figure_spec``), which decide the
        plotly.js bundle it loads."""
        root = "../" * path.count("/")
        if figures:
            flags["plotly"] = plotly_asset(self.root, self.assets, [spec["figure"] for spec in figures])
        if sources_html is None:
            sources_html = pages.sources_list_html(root, _ids(source_ids), self.sources)
        sources_html += (
            f"<p>Every source of the data, with full citations: {pages.link(root, 'sources.html', 'all sources')}.</p>"
        )
        self.write(
            path,
            pages.page(
                title,
                body,
                root=root,
                assets=self.assets,
                release=self.release,
                sources=sources_html,
                path=path,
                **flags,
            ),
        )

    def stamp_line(self, source_ids) -> str:
        return ui.stamp_text(self.as_of, _ids(source_ids))

    def map_link(self, root: str, instrument_id: str, text: str) -> str:
        if instrument_id in self.map_ids:
            return pages.link(root, f"{MAPS}/{_file_name(instrument_id)}.html", text)
        return escape(text)

    def country_link(self, root: str, state_id: str, text: str | None = None) -> str:
        label = text or (
            f"{self.states.at[state_id, 'name']} ({state_id})" if state_id in self.states.index else state_id
        )
        if state_id in self.country_ids:
            return pages.link(root, f"{COUNTRIES}/{_file_name(state_id)}.html", label)
        return escape(label)

    def instrument_facts(self, row) -> str:
        items = [
            ("Official title", escape(row["official_title"])),
            ("Family", escape(FAMILIES.get(row["family"], row["family"]))),
            ("Kind", escape(str(row["kind"]).replace("_", " "))),
        ]
        for field, label in (
            ("adopted", "Adopted"),
            ("opened_for_signature", "Opened for signature"),
            ("enacted", "Enacted"),
            ("entry_into_force", "Entry into force"),
            ("repealed", "Repealed / replaced"),
        ):
            if pd.notna(row[field]):
                items.append((label, escape(format_long_date(row[field]))))
        for field, label in (("depositary", "Depositary"), ("citation", "Citation")):
            if isinstance(row[field], str) and row[field]:
                items.append((label, escape(row[field])))
        facts = "".join(f"<tr><th scope='row'>{label}</th><td>{value}</td></tr>" for label, value in items)
        summary = f"<p class='lead'>{escape(row['summary'])}</p>" if isinstance(row["summary"], str) else ""
        note = f"<p class='note'>{escape(row['note'])}</p>" if isinstance(row["note"], str) and row["note"] else ""
        return f"{summary}<div class='table-wrap'><table>{facts}</table></div>{note}"

    # -- pages --------------------------------------------------------------------------------

    def build(self) -> None:
        tasks = [
            ("assets and licences", self.write_assets),
            ("data folder (parquet, CSV, dictionary)", self.write_data),
        ]
        tasks += [(f"map {instrument_id}", lambda i=instrument_id: self.map_page(i)) for instrument_id in self.map_ids]
        tasks += [(f"country {state_id}", lambda s=state_id: self.country_page(s)) for state_id in self.country_ids]
        tasks += [
            ("timeline", self.timeline_page),
            ("definitions", self.definitions_page),
            ("coverage", self.coverage_page),
            ("known gaps", self.gaps_page),
            ("sources", self.sources_page),
            ("data pages", self.data_pages),
            ("index", self.index_page),
        ]
        for number, (label, task) in enumerate(tasks, start=1):
            self.progress(f"[{number}/{len(tasks)}] {label}")
            task()

    def write_assets(self) -> None:
        from ..figures.map import map_figure

        # The geometry file keeps the topology layers the maps draw, read from a map as built.
        geo = map_figure(
            api.statuses(self.map_ids[0], self.as_of, warn=False)
            if self.map_ids
            else pd.DataFrame(columns=["state_id", "name", "status", "action", "action_date", "source_id", "via"]),
            geometry=self.geometry,
        ).to_plotly_json()["layout"]["geo"]
        self.assets = write_assets(self.root, geo)
        copy_licences(self.root)
        self.write(
            "README.txt",
            (
                "Trafficking-law explorer — offline edition\n\n"
                f"{self.release.stamp()}\n\nOpen index.html in a web browser. No network is needed: plotly.js, the world "
                "map and all data are in this folder.\nTo publish it, copy the whole folder to any static web host "
                "(it works under any path).\nThe data are in data/ (parquet and CSV; see data_dictionary.md).\n"
            ),
        )

    def write_data(self) -> None:
        self.tables = write_data_folder(self.root)

    def map_page(self, instrument_id: str) -> None:
        """One instrument's map page: facts, summary and notes, the map with its year slider, the parties
        chart, the status table with its CSV, the known gaps."""
        row = self.instruments.loc[instrument_id]
        title = row["short_title"]
        years = build_map(instrument_id, self.as_of, self.geometry)
        source_ids = _ids([row["source_id"], *row["other_source_ids"], row["party_eif_source_id"], *years.source_ids])
        record = api.coverage_record(instrument_id)
        # NOTE: the year frames share one stamp; the coverage line speaks for the as-of date.
        stamp_line = ui.stamp_text(self.as_of, _ids(source_ids), coverage_line(record, self.as_of))
        organisations = years.organisations
        view = map_status_view(
            years.latest,
            organisations,
            instrument_id=instrument_id,
            title=title,
            when=self.as_of,
            as_of=self.as_of,
            source_ids=source_ids,
            record=record,
            publisher=self.producer(record),
            every_state_in_csv=True,
            release=self.release.version,
            citations=OFFLINE_CITATIONS,
        )
        sentence = party_sentence(years.latest, title, self.as_of, record, organisations)
        self.map_summaries[instrument_id] = sentence
        map_html, map_spec = self._map_section(instrument_id, title, years, stamp_line)
        chart_html, chart_spec = self._parties_section(instrument_id, title, stamp_line)
        body = (
            f"{self.instrument_facts(row)}"
            f"<p class='summary' id='map-summary'>{escape(sentence)}</p>{self._map_notes_html(view)}"
            f"{map_html}{chart_html}{self._map_status_section(instrument_id, view)}"
            "<h2>Known gaps</h2>"
            f"{ui.known_gaps_html(self.gaps[self.gaps['instrument_id'] == instrument_id])}"
            f"<p>Gaps that concern all instruments: {pages.link('../', 'known-gaps.html', 'all known gaps')}.</p>"
            f"<p>{pages.link('../', 'timeline.html', 'This instrument on the timeline of all instruments')}</p>"
        )
        path = f"{MAPS}/{_file_name(instrument_id)}.html"
        self.page(
            path,
            f"Who joined when: {title}",
            body,
            source_ids,
            figures=(map_spec, chart_spec),
            world=True,
            description=f"World map of the states party to {title}, year by year.",
        )

    def producer(self, record: dict) -> str | None:
        """Who published the count a coverage record compares the rows with."""
        return self.sources.set_index("source_id")["producer"].get(record["published_source_id"])

    @staticmethod
    def _map_notes_html(view: MapStatusView) -> str:
        """The coverage notice (with a link to the coverage page) and the organisations not drawn."""
        html = (
            f"<p class='note' id='coverage-notice'>NOTE: {escape(view.notice)} "
            f"{pages.link('../', 'coverage.html', 'Coverage of every instrument')}.</p>"
            if view.notice
            else ""
        )
        if view.organisations:
            html += f"<p id='map-organisations'>{escape(view.organisations)}</p>"
        return html

    def _map_section(self, instrument_id: str, title: str, years, stamp_line: str) -> tuple[str, dict]:
        """'Who joined when': the year control, the map with one frame per year, its caption; and its spec."""
        first, last = years.dates[0].year, years.dates[-1].year
        figure = add_slider(stamp(years.figure, stamp_line), first, last)
        map_spec = drop_animated_arrays(
            pages.figure_spec(figure, "map", ui.figure_config(f"{instrument_id}_map"), years.animation)
        )
        controls = (
            "<div class='controls'>"
            f"<label for='map-year'>Year shown on the map</label>"
            f"<input type='range' id='map-year' data-explorer-year='map' min='{first}' max='{last}' step='1' "
            f"value='{last}' aria-describedby='map-date'>"
            f"<output id='map-date' for='map-year' aria-live='polite'>{escape(format_date(years.dates[-1]))}</output>"
            "<button type='button' data-explorer-play='map' aria-pressed='false'>&#9654; Play</button>"
            "</div>"
        )
        map_caption = (
            f"World map: every state's status on {escape(title)}, year by year from {first} (on 31 December of "
            f"each year; the last year on the data's as-of date, {escape(format_long_date(self.as_of))}). Use the "
            "slider under the map or the labelled control above it. Former states (the USSR, Yugoslavia…) have no "
            "shape of their own: while they existed, their participation shows on their successors' territory as "
            "'covered via a former state'. Small states are dots. The table below lists the statuses on the as-of "
            "date."
        )
        return (
            f"<h2 id='map-heading'>Who joined when</h2>{controls}{pages.figure_html(map_spec, map_caption)}",
            map_spec,
        )

    def _parties_section(self, instrument_id: str, title: str, stamp_line: str) -> tuple[str, dict]:
        """'Number of parties over time': the chart (published counts as points) and its table; and its spec."""
        counts = api.counts_over_time(instrument_id)
        published = {title: self.counts[self.counts["instrument_id"] == instrument_id]}
        chart = stamp(parties_over_time_figure({title: counts}, end=self.as_of, published=published), stamp_line)
        chart_spec = pages.figure_spec(chart, "parties", ui.figure_config(f"{instrument_id}_parties_over_time"))
        counts_table = ui.html_table(
            yearly_counts(counts), {"year": "Year", "parties": "Parties", "in_force": "In force for"}
        )
        caption = "Parties over time (consent given, in force or not yet), from the participation rows; table below."
        return (
            "<h2>Number of parties over time</h2>"
            f"{pages.figure_html(chart_spec, caption)}"
            f"{pages.details('Table of this chart: parties at the end of each year in which the number changed', counts_table)}",
            chart_spec,
        )

    def _map_status_section(self, instrument_id: str, view: MapStatusView) -> str:
        """The status of every state on the as-of date: the CSV (every state) and the table (those with a
        recorded status)."""
        csv_path = f"{MAPS}/{_file_name(instrument_id)}.csv"
        write_csv(self.root / csv_path, view.csv, view.stamp)
        return (
            f"<h2>Status of every state on {escape(format_long_date(self.as_of))}</h2>"
            f"<p>{len(view.table)} states with a recorded status; left out of this table (they are in the CSV): "
            f"{view.no_action} with no action recorded, {view.no_data} with no data (nothing recorded where the "
            "rows are incomplete).</p>"
            f"{pages.csv_link('../', csv_path, 'Download the statuses of every state (CSV)')}"
            f"{ui.html_table(view.table, TABLE_COLUMNS)}"
        )

    def country_page(self, state_id: str) -> None:
        """One state's page: who it is, the chart of its actions and laws, its status on every instrument
        (table and CSV), its reservations, national laws and cases."""
        state = self.states.loc[state_id]
        when = self._country_date(state)
        profile = api.country_profile(state_id, when)
        history = api.country_history(state_id)  # what the chart draws: its sources are the page's
        laws = self.instruments[self.instruments["jurisdiction"] == state_id].copy()
        events = self.events[self.events["jurisdiction"] == state_id]
        source_ids = _ids([state["source_id"], *history["source_id"], *laws["source_id"], *events["source_id"]])
        label = f"{state['name']} ({state_id})"
        figure = stamp(api.country_timeline(state_id), self.stamp_line(source_ids))
        spec = pages.figure_spec(figure, "country-timeline", ui.figure_config(f"{state_id}_timeline"))
        # Oldest instrument first, as on the chart.
        profile = profile.assign(start=profile["instrument_id"].map(self.start)).sort_values(
            ["start", "instrument_id"], kind="stable", na_position="last"
        )
        body = "".join(self._country_intro(state_id, state, when, profile)) + (
            "<h2>Treaty actions and national laws over time</h2>"
            f"{pages.figure_html(spec, 'Each row is an instrument; marks show signature, consent (ratification, accession, succession), entry into force, denunciation and national laws enacted. The tables below give the same dates.')}"
            + self._country_status_section(state_id, label, when, profile)
        )
        made = api.reservations(state_id)
        if len(made):
            body += "<h2>Reservations, declarations and objections</h2>" + reservations_html(made)
            source_ids = _ids([*source_ids, *made["source_id"]])
        body += self._laws_html(laws) + self._events_html(events)
        path = f"{COUNTRIES}/{_file_name(state_id)}.html"
        self.page(
            path,
            label,
            body,
            source_ids,
            figures=(spec,),
            description=f"Treaty actions and national laws of {state['name']} on human trafficking.",
        )

    def _country_date(self, state) -> pd.Timestamp:
        """The date a country page speaks for: the as-of date, or a former state's last day."""
        if state["kind"] == "historical" and pd.notna(state["existed_to"]):
            return min(self.as_of, pd.Timestamp(state["existed_to"]))
        return self.as_of

    def _country_intro(self, state_id: str, state, when: pd.Timestamp, profile: pd.DataFrame) -> list[str]:
        """A former state's dates and successors, the former states it belonged to, its note, and how many
        instruments it was party to."""
        intro = []
        if state["kind"] == "historical":
            span = (
                f"{format_long_date(state['existed_from']) if pd.notna(state['existed_from']) else '?'} – "
                f"{format_long_date(state['existed_to']) if pd.notna(state['existed_to']) else '?'}"
            )
            successors = ", ".join(
                self.country_link("../", s) for s in state["successor_ids"] if s in self.states.index
            )
            intro.append(
                f"<p>A former state ({escape(span)}). Statuses below are on its last day, "
                f"{escape(format_long_date(when))}."
                + (f" Successor states: {successors}." if successors else "")
                + "</p>"
            )
        predecessors = [other for other, successors in self.states["successor_ids"].items() if state_id in successors]
        if predecessors:
            intro.append(
                "<p>Former state(s) whose territory included it: "
                + ", ".join(self.country_link("../", p) for p in predecessors)
                + ".</p>"
            )
        if isinstance(state["note"], str) and state["note"]:
            intro.append(f"<p class='note'>{escape(state['note'])}</p>")
        parties = int(profile["status"].isin(PARTY_STATUSES).sum())
        not_recorded = int((profile["status"] == "no_data").sum())
        intro.append(
            f"<p class='summary'>On {escape(format_long_date(when))}: party to "
            f"{'at least ' if not_recorded else ''}{parties} of the {len(profile)} instruments that have "
            "participation data"
            + (
                f"; on {not_recorded} of them nothing is recorded for this state and the rows are incomplete "
                "(No data (not recorded))"
                if not_recorded
                else ""
            )
            + ".</p>"
        )
        return intro

    def _country_status_section(self, state_id: str, label: str, when: pd.Timestamp, profile: pd.DataFrame) -> str:
        """The state's status on every instrument: the CSV (every instrument), the table (those it acted on,
        linked to their maps) and a line each for the others."""
        acted = profile[
            ~profile["status"].isin(["no_action", "not_applicable"])
            | profile[["signature", "consent", "entry_into_force", "exit"]].notna().any(axis=1)
        ]
        untouched = profile[~profile.index.isin(acted.index)]
        status_labels = profile.assign(status=profile["status"].map(STATUSES))
        columns = {
            "short_title": "Instrument",
            "status": "Status",
            "signature": "Signature",
            "consent": "Consent to be bound",
            "entry_into_force": "In force for the state",
            "exit": "Denounced / withdrew",
            "note": "Note",
            "source_ids": "Sources",
        }
        status_labels["coverage"] = status_labels["coverage_class"].map(CLASS_LABELS)
        columns["coverage"] = "Data coverage"
        csv_path = f"{COUNTRIES}/{_file_name(state_id)}.csv"
        write_csv(
            self.root / csv_path,
            status_labels[["instrument_id", *columns]].rename(columns=columns),
            [
                f"{label}: status on every instrument with participation data, on {when.date().isoformat()}",
                (
                    f"Data as of {self.as_of.date().isoformat()}, release {self.release.version}; sources: the ids in "
                    "the Sources column of each row"
                ),
                "Coverage: 'No data (not recorded)' = nothing recorded where the rows are incomplete (Data coverage "
                "column); 'No action recorded' = nothing recorded where they are complete",
                "Trafficking-law explorer (offline edition); full citations of the sources: ../data/sources.csv",
            ],
        )
        # The status table doubles as the chart's table alternative: it has the same dates (the first
        # signature, consent, entry into force and exit per instrument), and the laws table the laws.
        rows = [
            [
                self.map_link("../", r["instrument_id"], r["short_title"]),
                escape(r["status"]),
                *(
                    escape(format_date(r[c])) if pd.notna(r[c]) else ""
                    for c in ("signature", "consent", "entry_into_force", "exit")
                ),
                escape(r["note"]),
                escape(r["source_ids"]),
                escape(r["coverage"]),
            ]
            for _, r in status_labels.loc[acted.index].iterrows()
        ]
        return (
            f"<h2>Status on each instrument ({escape(format_long_date(when))})</h2>"
            f"{pages.csv_link('../', csv_path, 'Download this table for every instrument (CSV)')}"
            + (
                _plain_table(list(columns.values()), rows, "Instruments this state acted on (linked: its map)")
                if rows
                else "<p>No treaty action recorded for this state.</p>"
            )
            + "".join(
                f"<p>{label} on {len(group)} other instrument(s): {escape('; '.join(group['short_title']))}.</p>"
                for label, group in (
                    ("No action recorded (the rows are complete there)", untouched[untouched["status"] != "no_data"]),
                    (
                        "Not recorded: no data, the rows are incomplete (see the coverage page)",
                        untouched[untouched["status"] == "no_data"],
                    ),
                )
                if len(group)
            )
        )

    @staticmethod
    def _laws_html(laws: pd.DataFrame) -> str:
        """'National laws in the data', oldest first (empty without laws)."""
        if not len(laws):
            return ""
        laws = laws.assign(when=start_dates(laws))
        rows = [
            [
                escape(law["short_title"]),
                escape(format_date(law["when"])),
                escape(format_date(law["repealed"])),
                escape(law["citation"]),
                escape(one_line(law["summary"], 200)),
            ]
            for _, law in laws.sort_values("when").iterrows()
        ]
        return "<h2>National laws in the data</h2>" + _plain_table(
            ["Law", "Enacted / adopted", "Repealed", "Citation", "Summary"], rows
        )

    @staticmethod
    def _events_html(events: pd.DataFrame) -> str:
        """'Cases and events', oldest first (empty without events)."""
        if not len(events):
            return ""
        rows = [
            [
                escape(format_date(event["date"])),
                escape(event["title"]),
                escape(event["kind"]),
                escape(one_line(event["summary"] or "", 200)),
            ]
            for _, event in events.sort_values("date").iterrows()
        ]
        return "<h2>Cases and events</h2>" + _plain_table(["Date", "Event", "Kind", "Summary"], rows)

    def timeline_page(self) -> None:
        instruments = self.instruments.copy()
        instruments["when"] = start_dates(instruments)
        source_ids = _ids([*instruments["source_id"], *self.events["source_id"]])
        figure = stamp(api.timeline(), self.stamp_line(source_ids))
        spec = pages.figure_spec(figure, "timeline", ui.figure_config("timeline"))
        rows = []
        for _, row in instruments.sort_values(["when", "instrument_id"], na_position="last").iterrows():
            rows.append(
                [
                    self.map_link("", row["instrument_id"], row["short_title"]),
                    escape(FAMILIES.get(row["family"], row["family"])),
                    escape(str(row["kind"]).replace("_", " ")),
                    escape(format_date(row["when"])),
                    escape(format_date(row["entry_into_force"])),
                    escape(format_date(row["repealed"])),
                    escape(one_line(row["summary"] or "", 160)),
                ]
            )
        table = _plain_table(
            [
                "Instrument (linked: has a map)",
                "Family",
                "Kind",
                "Adopted / enacted",
                "Entry into force",
                "Repealed / replaced",
                "Summary",
            ],
            rows,
        )
        events = "".join(
            f"<li>{escape(format_date(e['date']))} — {escape(e['title'])}: "
            f"{escape(one_line(e['summary'] or '', 160))}</li>"
            for _, e in self.events.sort_values("date").iterrows()
        )
        undated = instruments[instruments["when"].isna() & instruments["entry_into_force"].isna()]
        missing = (
            f"<p>Not on the chart (no date in the data): {escape(', '.join(undated['short_title']))}.</p>"
            if len(undated)
            else ""
        )
        body = (
            f"<p class='lead'>Every instrument in the data on one date axis from {TIMELINE_START_YEAR}, in lanes by "
            "family: a dot at "
            "adoption or enactment, a dotted line until entry into force, a solid line while in force, a cross at "
            "repeal; grey lines join related instruments (amends, supersedes, reauthorises…); stars are cases and "
            "events.</p>"
            f"{pages.figure_html(spec, 'Timeline of all instruments; the table below lists the same instruments, oldest first.')}"
            f"{missing}<h2>All instruments, oldest first</h2>{table}"
            f"{pages.details(f'Cases and events ({len(self.events)})', f'<ul>{events}</ul>')}"
        )
        self.page(
            "timeline.html",
            "Timeline of trafficking law",
            body,
            source_ids,
            figures=(spec,),
            description="Every instrument of trafficking law on one time axis.",
        )

    def definitions_page(self) -> None:
        definitions = load.load_definitions()
        body = definitions_html(definitions, load.load_instruments(), self.sources)
        self.page("definitions.html", "How the definition changed", body, definitions["source_id"])

    def coverage_page(self) -> None:
        overview = coverage_overview(self.coverage, self.instruments.reset_index(drop=True), self.gaps, self.sources)
        rows = [
            [
                self.map_link("", r["instrument_id"], r["short_title"]),
                escape(r["class_label"]),
                escape(r["rows"]),
                escape(r["parties_in_rows"]),
                escape("" if pd.isna(r["published_parties"]) else int(r["published_parties"])),
                escape(format_date(r["published_as_at"])),
                escape(r["published_by"] or ""),
                escape(format_date(r["complete_through"])),
                escape(r["note"]),
                escape(r["known_gaps"]),
            ]
            for _, r in overview.iterrows()
        ]
        body = (
            "<p class='lead'>How far the participation rows can be trusted, instrument by instrument. The classes are "
            "computed by checking the rows against the party counts depositaries or official statements published, "
            "never typed by hand. Where the rows are not complete, the maps say 'at least' and show states without "
            "a row as 'No data', not 'No action recorded'.</p>"
            f"<p class='summary' id='coverage-summary'>{escape(coverage_summary(self.coverage))}</p>"
            + _plain_table(
                [
                    "Instrument",
                    "Coverage",
                    "Rows",
                    f"Parties in the rows ({format_date(self.as_of)})",
                    "Published count",
                    "Published on",
                    "Published by",
                    "Complete through",
                    "In words",
                    "Known gaps",
                ],
                rows,
                "Coverage of every instrument with participation rows",
            )
            + f"<p>{pages.link('', 'data/coverage.csv', 'This table as CSV')} · "
            f"{pages.link('', 'known-gaps.html', 'All known gaps')}</p>"
        )
        source_ids = _ids([*self.coverage["published_source_id"], *self.coverage["matching_count_source_id"]])
        self.page("coverage.html", "Coverage of the participation data", body, source_ids)

    def gaps_page(self) -> None:
        body = (
            "<p class='lead'>What the data is known to lack, and why. These are the project's own notes; the "
            "map and country pages repeat the ones that concern them.</p>"
            f"{ui.known_gaps_html(self.gaps)}"
        )
        self.page(
            "known-gaps.html",
            "Known gaps in the data",
            body,
            sources_html="<p>The known gaps are notes of the project and cite no source of their own.</p>",
        )

    def sources_page(self) -> None:
        body = (
            "<p class='lead'>Every source the data rests on, as recorded in the sources registry "
            f"({pages.link('', 'data/sources.csv', 'sources.csv')}).</p>"
        )
        self.page(
            "sources.html",
            "Sources",
            body + pages.sources_registry_html(self.sources),
            sources_html="<p>This page lists them all.</p>",
        )

    def data_pages(self) -> None:
        rows = [
            [
                f"<code>{escape(t['name'])}</code>",
                escape(t["title"]),
                escape(t["description"]),
                escape(t["rows"]),
                escape(format_date(t["as_of"])),
                " · ".join(
                    pages.link("", f"data/{t['name']}.{ext}", label)
                    for ext, label in (("csv", "CSV"), ("parquet", "parquet"), ("meta.yaml", "meta.yaml"))
                ),
            ]
            for t in self.tables
        ]
        body = (
            "<p class='lead'>The tables this site is built from, as CSV (for spreadsheets) and parquet (for pandas, R, "
            "DuckDB…). Each parquet file has a <code>.meta.yaml</code> sidecar with its title, as-of date, licence and "
            "the sources it uses. Each CSV starts with a few lines beginning with <code>#</code> that say the same; "
            "skip them when reading (e.g. <code>pandas.read_csv(path, skiprows=4)</code>). Lists inside a cell are "
            "separated by <code>; </code>.</p>"
            + _plain_table(["Table", "Title", "Description", "Rows", "As of", "Files"], rows)
            + f"<p>What every field means: {pages.link('', 'data-dictionary.html', 'data dictionary')} (also as "
            f"{pages.link('', 'data/data_dictionary.md', 'Markdown')}). What changed since the previous release: "
            f"{pages.link('', 'data-changes.html', 'data changes')}.</p>"
            "<p>Licence: CC BY 4.0 for the compilation; the facts come from the public sources cited per row.</p>"
        )
        all_sources = sorted(self.sources["source_id"])
        self.page(
            "data.html",
            "Data: download the tables",
            body,
            sources_html=f"<p>The tables cite {len(all_sources)} sources, listed on the sources page and in "
            f"{pages.link('', 'data/sources.csv', 'sources.csv')}.</p>",
        )
        dictionary = pages.markdown_html(render_dictionary())
        self.page(
            "data-dictionary.html",
            "Data dictionary",
            dictionary,
            sources_html="<p>The dictionary is generated from the project's schema "
            "(<code>explorer/schema.py</code>).</p>",
        )
        self.page(
            "data-changes.html",
            "Data changes since the previous release",
            pages.markdown_html(changelog.current_markdown()),
            sources_html="<p>Computed from the tables and the stored snapshot of each release "
            "(<code>explorer/changelog.py</code>).</p>",
        )

    def index_page(self) -> None:
        maps = self.instruments.loc[self.map_ids].copy()
        maps["when"] = start_dates(maps)
        sections = []
        for family, family_label in FAMILIES.items():
            members = maps[maps["family"] == family].sort_values(["when", "instrument_id"])
            if members.empty:
                continue
            items = "".join(
                f"<li>{escape(row['when'].year if pd.notna(row['when']) else '—')} · "
                f"{self.map_link('', row['instrument_id'], row['short_title'])}"
                f"<br><small>{escape(self.map_summaries.get(row['instrument_id'], ''))}</small></li>"
                for _, row in members.iterrows()
            )
            sections.append(f"<h3>{escape(family_label)}</h3><ul>{items}</ul>")
        current = [s for s in self.country_ids if self.states.at[s, "kind"] != "historical"]
        former = [s for s in self.country_ids if self.states.at[s, "kind"] == "historical"]

        def country_list(ids):
            ordered = sorted(ids, key=lambda s: (self.states.at[s, "name"], s))
            return "<ul class='columns'>" + "".join(f"<li>{self.country_link('', s)}</li>" for s in ordered) + "</ul>"

        body = (
            "<p class='lead'>Human-trafficking law over time: which instruments exist (from the 1904 agreement on the "
            "'white slave traffic' to the Palermo Protocol, regional treaties, EU law, US federal law), who joined "
            "when, and how states implement them. This is the offline edition of the explorer: plain pages that work "
            "from a folder on disk with no network, or from any web host.</p>"
            f"<p class='summary'>{escape(self.release.stamp())}</p>"
            "<h2>Start here</h2><ul>"
            f"<li>{pages.link('', 'timeline.html', 'Timeline')} — every instrument on one time axis, with lineage "
            "and cases.</li>"
            f"<li>{pages.link('', 'definitions.html', 'How the definition changed')} — the definition articles side "
            "by side, oldest first.</li>"
            f"<li>{pages.link('', 'data.html', 'Data')} — every table as CSV and parquet, and the "
            f"{pages.link('', 'data-dictionary.html', 'data dictionary')}.</li>"
            f"<li>{pages.link('', 'coverage.html', 'Coverage')} — how complete the participation rows are, per "
            f"instrument. {escape(coverage_summary(self.coverage))}</li>"
            f"<li>{pages.link('', 'known-gaps.html', 'Known gaps')} — what the data lacks, and why.</li>"
            f"<li>{pages.link('', 'sources.html', 'Sources')} — the full sources registry.</li></ul>"
            f"<h2 id='maps'>Maps: who joined when ({len(self.map_ids)} instruments)</h2>"
            "<p>One page per instrument that has participation data: a world map with a year slider, the number of "
            "parties over time, and a table of every state's status.</p>"
            + "".join(sections)
            + f"<h2 id='countries'>Countries ({len(self.country_ids)})</h2>"
            "<p>One page per state with a treaty action or a national law in the data.</p>"
            + country_list(current)
            + ("<h3>Former states</h3>" + country_list(former) if former else "")
            + f"<h2>Licences</h2><p>Data: CC BY 4.0 (compilation); facts from the public sources cited. Map geometry "
            f"and small-state points: see {pages.link('', 'licences/geometry-README.md', 'the geometry README')} "
            f"and its licence files in {pages.link('', 'licences/LICENSE-world-countries-ODbL.txt', 'licences/')}. "
            f"plotly.js: MIT licence ({pages.link('', 'licences/LICENSE-plotly.js.txt', 'licences/LICENSE-plotly.js.txt')}"
            ", and in its files' headers).</p>"
        )
        self.page(
            "index.html",
            "Trafficking-law explorer",
            body,
            sources_html="<p>Each page lists the sources of what it shows.</p>",
            description="Offline edition of the trafficking-law explorer: timeline, maps, country profiles, "
            "definitions and data.",
        )


# -- building atomically -------------------------------------------------------------------------


def _folder_size(folder: Path) -> tuple[int, int]:
    files = [path for path in folder.rglob("*") if path.is_file()]
    return len(files), sum(path.stat().st_size for path in files)


def write_zip(folder: Path, target: Path, as_of: pd.Timestamp) -> None:
    """A reproducible zip: sorted entries under one top folder, all dated to the data's as-of date."""
    stamp_time = (max(as_of.year, 1980), as_of.month, as_of.day, 0, 0, 0)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{ZIP_FOLDER}/{path.relative_to(folder).as_posix()}", date_time=stamp_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())


def build_site(out: Path = DEFAULT_OUT, make_zip: bool = False, progress=None) -> BuildReport:
    """Build the site into ``out`` (replaced only once the new one is complete); optionally zip it."""
    started = time.monotonic()
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    zip_path = out.parent / ZIP_NAME if make_zip else None
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    zip_work = out.parent / f".{ZIP_NAME}.tmp" if make_zip else None
    try:
        site = Site(work, progress)
        site.build()
        for path in [work, *work.rglob("*")]:  # mkdtemp makes a private folder; a web server must read it
            path.chmod(0o755 if path.is_dir() else 0o644)
        if zip_work is not None:
            write_zip(work, zip_work, site.as_of)
        if out.exists():
            old = out.parent / f".{out.name}.old"
            shutil.rmtree(old, ignore_errors=True)
            out.rename(old)
            work.rename(out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            work.rename(out)
        if zip_work is not None:
            os.replace(zip_work, zip_path)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        if zip_work is not None and zip_work.exists():
            zip_work.unlink()
        raise
    files, size = _folder_size(out)
    return BuildReport(
        out=out,
        files=files,
        bytes=size,
        zip_path=zip_path,
        zip_bytes=zip_path.stat().st_size if zip_path else 0,
        seconds=time.monotonic() - started,
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m explorer.static_site", description="Build the explorer as a folder of static HTML pages."
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default: {DEFAULT_OUT})")
    parser.add_argument("--zip", action="store_true", help=f"also write {ZIP_NAME} next to the output folder")
    args = parser.parse_args(argv)
    report = build_site(args.out, args.zip, progress=lambda message: print(message, file=sys.stderr, flush=True))
    print(f"{report.line()} ({report.seconds:.0f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
