"""A treaty's world map with a year slider, for the static pages.

The map itself is :func:`explorer.figures.map_figure` at the data's as-of date. The slider has one
Plotly frame per year, from the year the instrument was adopted (never before ``dates.FIRST_YEAR``) to the
as-of year; each frame shows the statuses on 31 December of its year (on the as-of date for the last one).

Only three things change from one year to the next: the choropleth's ``z`` and ``hovertext`` and the
small-state dots' ``marker.color`` and ``hovertext``. The page stores, per year, just the states
whose values changed since the year before, as indexes into one table of distinct values; site.js
turns that back into ordinary frames. Every value comes from ``map_figure`` itself, so the frames
and the first drawing always agree.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import api, load
from ..dates import FIRST_YEAR, start_date
from ..figures.map import map_figure
from ..text import format_date, hover_escape

# The columns that decide how a state is drawn (map_figure's hover reads these and the names).
SITUATION = ("status", "action", "action_date", "source_id", "via")
CHOROPLETH, DOTS = 0, 1
TRACE_KEYS = {CHOROPLETH: ("z", "hovertext"), DOTS: ("marker.color", "hovertext")}


@dataclass
class MapYears:
    instrument_id: str
    title: str
    dates: list[pd.Timestamp]  # one per frame, oldest first
    statuses: list[pd.DataFrame]  # the status engine's answer on each date
    figure: object  # map_figure on the last date
    animation: dict  # compact frames for site.js

    @property
    def latest(self) -> pd.DataFrame:
        return self.statuses[-1]

    @property
    def source_ids(self) -> list[str]:
        found = set()
        for frame in self.statuses:
            found.update(frame["source_id"].dropna())
        return sorted(found)


def frame_dates(instrument_id: str, as_of: pd.Timestamp) -> list[pd.Timestamp]:
    start = start_date(api.instrument(instrument_id))
    first = max(FIRST_YEAR, start.year if start is not None else FIRST_YEAR)
    return [min(pd.Timestamp(f"{year}-12-31"), as_of) for year in range(first, as_of.year + 1)] or [as_of]


def _situation_keys(frame: pd.DataFrame) -> list[tuple]:
    """Per row, the values that decide how the state is drawn (missing values as None)."""
    part = frame[list(SITUATION)].astype(object)
    return list(part.where(part.notna(), None).itertuples(index=False, name=None))


def _by_state(frame: pd.DataFrame) -> dict[str, tuple]:
    return dict(zip(frame["state_id"], _situation_keys(frame)))


def _situations(statuses: list[pd.DataFrame]) -> dict[str, dict[tuple, dict]]:
    """Every distinct situation of every state over the years (state -> situation -> one record)."""
    rows: dict[str, dict[tuple, dict]] = {}
    for frame in statuses:
        for position, (state, key) in enumerate(zip(frame["state_id"], _situation_keys(frame))):
            known = rows.setdefault(state, {})
            if key not in known:
                known[key] = frame.iloc[position].to_dict()
    return rows


def _drawn_values(
    statuses: list[pd.DataFrame], legend_from: pd.Series, geometry: load.MapGeometry
) -> dict[tuple[int, str, tuple], tuple]:
    """(trace, state, situation) -> the values map_figure draws for it.

    map_figure is called on a few "layers" that hold one situation per state (each state's k-th
    situation, or its last if it has fewer), so every point of a trace maps back to its state by
    ``customdata`` and every layer carries every state's name (for 'via <former state>')."""
    rows = _situations(statuses)
    depth = max(len(situations) for situations in rows.values())
    drawn = {}
    for layer in range(depth):
        chosen = {
            state: list(situations.items())[min(layer, len(situations) - 1)] for state, situations in rows.items()
        }
        figure = map_figure(
            pd.DataFrame([record for _, record in chosen.values()]), legend_from=legend_from, geometry=geometry
        )
        for trace_index, keys in TRACE_KEYS.items():
            trace = figure.data[trace_index]
            columns = [list(trace.customdata)] + [list(_get(trace, key)) for key in keys]
            for state, *values in zip(*columns):
                drawn[(trace_index, state, chosen[state][0])] = tuple(_plain(v) for v in values)
    return drawn


def _get(trace, path: str):
    value = trace
    for part in path.split("."):
        value = value[part]
    return value


def _nested(path: str, value) -> dict:
    """'marker.color', v -> {'marker': {'color': v}}."""
    for part in reversed(path.split(".")):
        value = {part: value}
    return value


def _plain(value):
    """numpy scalars -> Python (JSON) values."""
    return value.item() if hasattr(value, "item") else value


def build_map(instrument_id: str, as_of, geometry: load.MapGeometry | None = None) -> MapYears:
    """The map of one instrument with a frame per year (``geometry``: default the shipped one)."""
    as_of = pd.Timestamp(as_of)
    geometry = geometry or load.map_geometry()
    row = api.instrument(instrument_id)
    dates = frame_dates(instrument_id, as_of)
    statuses = [api.statuses(instrument_id, when, warn=False) for when in dates]
    every_year = pd.concat([frame["status"] for frame in statuses], ignore_index=True)
    figure = map_figure(
        statuses[-1],
        title=f"{row['short_title']} — {format_date(dates[-1])}",
        legend_from=every_year,
        geometry=geometry,
    )
    drawn = _drawn_values(statuses, every_year, geometry)
    order = {index: [str(state) for state in figure.data[index].customdata] for index in TRACE_KEYS}

    values: list = []
    value_index: dict = {}

    def intern(value) -> int:
        key = (type(value).__name__, value)
        if key not in value_index:
            value_index[key] = len(values)
            values.append(value)
        return value_index[key]

    def year_values(frame: pd.DataFrame) -> dict[int, list[tuple[int, ...]]]:
        situation = _by_state(frame)
        result = {}
        for index, states in order.items():
            missing = [state for state in states if state not in situation]
            if missing:  # a drawn state absent that year: frames could not keep the same points
                raise ValueError(
                    f"{instrument_id}: states {missing[:5]} are drawn on the map but have no status "
                    f"on some dates; the year slider needs the same states every year"
                )
            result[index] = [tuple(intern(v) for v in drawn[(index, state, situation[state])]) for state in states]
        return result

    # The figure as drawn first (the as-of date), with the same plain values the frames use.
    latest_values = year_values(statuses[-1])
    for index, keys in TRACE_KEYS.items():
        for position, key in enumerate(keys):
            figure.data[index].update(_nested(key, [values[entry[position]] for entry in latest_values[index]]))
    # The first frame lists every point; later frames only the points that changed.
    previous = {index: [None] * len(states) for index, states in order.items()}
    frames = []
    for when, frame in zip(dates, statuses):
        current = year_values(frame)
        changes = []
        for index in TRACE_KEYS:
            flat = []
            for point, (old, new) in enumerate(zip(previous[index], current[index])):
                if old != new:
                    flat += [point, *new]
            changes.append(flat)
        frames.append({"name": str(when.year), "date": format_date(when), "changes": changes})
        previous = current
    animation = {
        "traces": list(TRACE_KEYS),
        "keys": [list(keys) for keys in TRACE_KEYS.values()],
        "sizes": [len(order[index]) for index in TRACE_KEYS],
        "values": values,
        "title": f"{hover_escape(row['short_title'])} — ",
        "frames": frames,
    }
    return MapYears(instrument_id, row["short_title"], dates, statuses, figure, animation)


def drop_animated_arrays(spec: dict) -> dict:
    """Leave out of a page's figure the arrays its last frame holds anyway (site.js puts them back)."""
    animation = spec["animation"]
    for index, keys in zip(animation["traces"], animation["keys"]):
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
