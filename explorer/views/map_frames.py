"""The map's time dimension, sent to the browser once per instrument.

A year change on the map must not wait for the kernel (it used to cost over a second: rebuild the
figure, serialise it, redraw). So when an instrument is chosen, the kernel computes every year's
statuses once and sends a compact description: for each drawn state, the years at which what is
drawn for it changes (colour code and hover text), plus each year's title, sentence, coverage notice
and figure stamp. The page script (``explorer/live_plot.js``) applies a year by restyling only the
colours and hover texts; the kernel learns the settled year for what needs Python (deep link,
citation, table, CSV).

The static site's map pages (:mod:`explorer.static_site.maps`) carry the same frames, which their page
script turns into Plotly animation frames: one rule for which date each year shows
(:func:`year_dates`), what every state's status is then (:func:`statuses_by_year`) and how it is drawn
and encoded (:func:`build_frames`).

Pure: the status engine's answers in, a JSON-ready dict out.
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from ..coverage_rules import mark_no_data
from ..figures.map import hover_text, legend_statuses
from ..figures.style import STATUS_COLOURS
from ..status import PARTY_STATUSES, StatusEngine


def year_date(year: int, as_of) -> pd.Timestamp:
    """The date a year of the map shows: 31 December, or the data's as-of date in its own year."""
    return min(pd.Timestamp(f"{year}-12-31"), pd.Timestamp(as_of))


def year_dates(first_year: int, as_of) -> list[pd.Timestamp]:
    """The date of every year from ``first_year`` to the as-of year (just the as-of date if none)."""
    as_of = pd.Timestamp(as_of)
    return [year_date(year, as_of) for year in range(first_year, as_of.year + 1)] or [as_of]


class YearStatuses(NamedTuple):
    """One year of the map: the drawn states' statuses (``no_data`` marked where the rows are not known
    complete) and the organisations that were parties (counted, listed under the map, not drawn)."""

    states: pd.DataFrame
    organisations: pd.DataFrame


def statuses_by_year(engine: StatusEngine, instrument_id: str, dates: list, record: dict) -> list[YearStatuses]:
    """Every date's :class:`YearStatuses`; a date on which nothing can have changed repeats the entry of the
    date before (the same object, see :meth:`StatusEngine.statuses_on_dates`).

    ``record`` is the instrument's coverage record: the day after its ``complete_through`` is a change
    too ('No action recorded' becomes 'No data').
    """
    complete_through = record.get("complete_through")
    also = [pd.Timestamp(complete_through) + pd.Timedelta(days=1)] if pd.notna(complete_through) else []
    frames = engine.statuses_on_dates(instrument_id, dates, also_changes_on=also, include_organisations=True)
    organisation = engine.organisation_ids
    results: list[YearStatuses] = []
    for index, (when, frame) in enumerate(zip(dates, frames)):
        if index and frame is frames[index - 1]:
            results.append(results[-1])
            continue
        is_organisation = frame["state_id"].isin(organisation)
        states = mark_no_data(frame[~is_organisation].reset_index(drop=True), record, when)
        organisations = frame[is_organisation & frame["status"].isin(PARTY_STATUSES)].reset_index(drop=True)
        results.append(YearStatuses(states, organisations))
    return results


def _drawn(frame: pd.DataFrame, codes: dict[str, int], wanted: set[str]) -> dict[str, tuple]:
    """(code, colour, hover) of each state of ``wanted``; 'via <former state>' names a state of the whole
    frame (a former state is never drawn itself)."""
    names = dict(zip(frame["state_id"], frame["name"]))
    frame = frame[frame["state_id"].isin(wanted)]
    drawn = {}
    for state_id, name, status, action, action_date, via, source_id in zip(
        frame["state_id"],
        frame["name"],
        frame["status"],
        frame["action"],
        frame["action_date"],
        frame["via"],
        frame["source_id"],
    ):
        via_name = names.get(via, via) if isinstance(via, str) else None
        drawn[state_id] = (
            codes[status],
            STATUS_COLOURS[status],
            hover_text(name, status, action, action_date, via_name, source_id),
        )
    return drawn


def build_frames(
    years: list[int],
    statuses: list[pd.DataFrame],
    *,
    titles: list[str],
    shapes: list[str],
    points: list[str],
    sentences: list[str] = (),
    notices: list[str] = (),
    stamps: list[str] = (),
) -> dict:
    """Year frames for the map.

    ``statuses[i]`` is every state's status for ``years[i]``; ``shapes`` and ``points`` are the state ids
    of the figure's choropleth and small-state dot traces, in trace order. Each state gets a list of
    ``[year index, code, colour index, hover index]`` change points, first entry at year index 0.
    ``sentences``, ``notices`` and ``stamps``: the texts around the map that follow the year (the dashboard's;
    the static pages leave them out).
    """
    legend = legend_statuses(pd.concat([frame["status"] for frame in statuses], ignore_index=True))
    codes = {status: index for index, status in enumerate(legend)}
    colours: list[str] = []
    hovers: list[str] = []
    colour_ids: dict[str, int] = {}
    hover_ids: dict[str, int] = {}
    changes: dict[str, list[list[int]]] = {}
    last: dict[str, tuple] = {}
    wanted = set(shapes) | set(points)
    for index, frame in enumerate(statuses):
        if index and frame is statuses[index - 1]:  # a year in which nothing changed
            continue
        for state_id, value in _drawn(frame, codes, wanted).items():
            if last.get(state_id) == value:
                continue
            last[state_id] = value
            code, colour, hover = value
            colour_id = colour_ids.setdefault(colour, len(colours))
            if colour_id == len(colours):
                colours.append(colour)
            hover_id = hover_ids.setdefault(hover, len(hovers))
            if hover_id == len(hovers):
                hovers.append(hover)
            changes.setdefault(state_id, []).append([index, code, colour_id, hover_id])
    missing = sorted(state for state in wanted if changes.get(state, [[None]])[0][0] != 0)
    if missing:  # the frames keep the same points every year
        raise ValueError(f"drawn states without a status in the first year: {missing[:5]}")
    return {
        "years": years,
        "legend": legend,
        "colours": colours,
        "hovers": hovers,
        "titles": titles,
        "sentences": list(sentences),
        "notices": list(notices),
        "stamps": list(stamps),
        "shapes": shapes,
        "points": points,
        "changes": changes,
    }
