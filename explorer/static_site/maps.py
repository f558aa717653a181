"""A treaty's world map with a year slider, for the static pages.

The map itself is :func:`explorer.figures.map_figure` at the data's as-of date. The slider has one
Plotly frame per year, from the year the instrument was adopted (never before ``dates.FIRST_YEAR``) to the
as-of year; each frame shows the statuses on 31 December of its year (on the as-of date for the last one).

The years, the statuses and how each state is drawn are the map dashboard's (:mod:`explorer.views.map_frames`):
the page carries the same year frames, for each drawn state the years at which its colour code, colour and
hover text change, as indexes into tables of distinct values; site.js turns them back into ordinary Plotly
frames.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import api, load
from ..dates import FIRST_YEAR, start_date
from ..figures.map import map_figure
from ..text import format_date, hover_escape
from ..views.map_frames import YearStatuses, build_frames, statuses_by_year, year_dates

CHOROPLETH, DOTS = 0, 1
#: What the year frames change in each trace (site.js writes them back from the frames).
TRACE_KEYS = {CHOROPLETH: ("z", "hovertext"), DOTS: ("marker.color", "hovertext")}


@dataclass
class MapYears:
    instrument_id: str
    title: str
    dates: list[pd.Timestamp]  # one per frame, oldest first
    years: list[YearStatuses]  # the statuses on each date (views.map_frames.statuses_by_year)
    figure: object  # map_figure on the last date
    animation: dict  # the year frames (views.map_frames.build_frames) for site.js

    @property
    def statuses(self) -> list[pd.DataFrame]:
        return [year.states for year in self.years]

    @property
    def latest(self) -> pd.DataFrame:
        return self.years[-1].states

    @property
    def organisations(self) -> pd.DataFrame:
        """The organisations that were parties on the last date (counted, not drawn)."""
        return self.years[-1].organisations

    @property
    def source_ids(self) -> list[str]:
        found = set()
        for frame in self.statuses:
            found.update(frame["source_id"].dropna())
        return sorted(found)


def frame_dates(instrument_id: str, as_of: pd.Timestamp) -> list[pd.Timestamp]:
    start = start_date(api.instrument(instrument_id))
    return year_dates(max(FIRST_YEAR, start.year if start is not None else FIRST_YEAR), as_of)


def build_map(instrument_id: str, as_of, geometry: load.MapGeometry | None = None) -> MapYears:
    """The map of one instrument with a frame per year (``geometry``: default the shipped one)."""
    as_of = pd.Timestamp(as_of)
    geometry = geometry or load.map_geometry()
    title = api.instrument(instrument_id)["short_title"]
    dates = frame_dates(instrument_id, as_of)
    years = statuses_by_year(api.engine(), instrument_id, dates, api.coverage_record(instrument_id))
    statuses = [year.states for year in years]
    every_year = pd.concat([frame["status"] for frame in statuses], ignore_index=True)
    figure = map_figure(
        statuses[-1], title=f"{title} — {format_date(dates[-1])}", legend_from=every_year, geometry=geometry
    )
    shapes, points = ([str(state) for state in figure.data[index].customdata] for index in (CHOROPLETH, DOTS))
    animation = build_frames(
        [when.year for when in dates],
        statuses,
        titles=[hover_escape(f"{title} — {format_date(when)}") for when in dates],
        shapes=shapes,
        points=points,
    )
    animation["dates"] = [format_date(when) for when in dates]  # the readout beside the year control
    return MapYears(instrument_id, title, dates, years, figure, animation)


def drop_animated_arrays(spec: dict) -> dict:
    """Leave out of a page's figure the arrays its last frame holds anyway (site.js puts them back)."""
    for index, keys in TRACE_KEYS.items():
        trace = spec["figure"]["data"][index]
        for key in keys:
            *parents, last = key.split(".")
            holder = trace
            for part in parents:
                holder = holder.get(part, {})
            holder.pop(last, None)
    return spec


def add_slider(figure, first_year: int, last_year: int, extra_height: int = 96):
    """Room under the map and Plotly's year slider (its steps are added in the browser from the frames)."""
    bottom = figure.layout.margin.b or 0
    figure.update_layout(
        height=(figure.layout.height or 520) + extra_height,
        margin=dict(b=bottom + extra_height),
        sliders=[
            dict(
                active=last_year - first_year,
                x=0.03,
                len=0.94,
                y=0,
                yanchor="top",
                pad=dict(t=bottom + 12, b=4),
                currentvalue=dict(prefix="Year shown: ", font=dict(size=13)),
                ticklen=4,
                minorticklen=2,
                font=dict(size=11),
                steps=[],
            )
        ],
    )
    return figure
