"""The map's time dimension, sent to the browser once per instrument.

A year change on the map must not wait for the kernel (it used to cost over a second: rebuild the
figure, serialise it, redraw). So when an instrument is chosen, the kernel computes every year's
statuses once and sends a compact description: for each drawn state, the years at which what is
drawn for it changes (colour code and hover text), plus each year's title, sentence, coverage notice
and figure stamp. The page script (``explorer/live_plot.js``) applies a year by restyling only the
colours and hover texts; the kernel learns the settled year for what needs Python (deep link,
citation, table, CSV).

Pure: statuses in, a JSON-ready dict out.
"""

from __future__ import annotations

import pandas as pd

from ..figures.map import hover_text, legend_statuses
from ..figures.style import STATUS_COLOURS


def _drawn(frame: pd.DataFrame, codes: dict[str, int]) -> dict[str, tuple]:
    names = dict(zip(frame["state_id"], frame["name"]))
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
    sentences: list[str],
    notices: list[str],
    stamps: list[str],
    shapes: list[str],
    points: list[str],
) -> dict:
    """Year frames for the map.

    ``statuses[i]`` is every state's status for ``years[i]``; ``shapes`` and ``points`` are the state ids
    of the figure's choropleth and small-state dot traces, in trace order. Each state gets a list of
    ``[year index, code, colour index, hover index]`` change points, first entry at year index 0.
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
        for state_id, value in _drawn(frame[frame["state_id"].isin(wanted)], codes).items():
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
    missing = sorted(wanted - set(changes))
    if missing:
        raise ValueError(f"drawn states without a status: {missing[:5]}")
    return {
        "years": years,
        "legend": legend,
        "colours": colours,
        "hovers": hovers,
        "titles": titles,
        "sentences": sentences,
        "notices": notices,
        "stamps": stamps,
        "shapes": shapes,
        "points": points,
        "changes": changes,
    }
