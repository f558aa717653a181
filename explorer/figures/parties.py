"""Number of parties over time for one or more instruments, with a marker at a chosen date."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..text import format_date, hover_escape
from ._common import LEGEND_ABOVE, base_layout
from .style import OKABE_ITO

LINE_COLOURS = [OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["bluish_green"], OKABE_ITO["reddish_purple"]]


def parties_over_time_figure(
    series: dict[str, pd.DataFrame],
    *,
    as_of=None,
    end=None,
    height: int = 320,
    published: dict[str, pd.DataFrame] | None = None,
) -> go.Figure:
    """``series`` maps a label to the output of :meth:`StatusEngine.counts_over_time`.

    ``published`` maps the same labels to the counts depositaries published (``depositary_counts`` rows:
    status_as_at, parties, source_id), drawn as points so that the gap between the rows and the
    depositary shows.
    """
    figure = go.Figure()
    end = pd.Timestamp(end) if end is not None else pd.Timestamp.today().normalize()
    for index, (label, counts) in enumerate((published or {}).items()):
        if counts is None or counts.empty:
            continue
        colour = LINE_COLOURS[list(series).index(label) % len(LINE_COLOURS)] if label in series else "#000000"
        figure.add_trace(
            go.Scatter(
                x=list(counts["status_as_at"]),
                y=list(counts["parties"]),
                mode="markers",
                name=hover_escape(f"Published count: {label}"),
                marker=dict(symbol="diamond-open", size=12, color=colour, line=dict(width=2.5)),
                customdata=[hover_escape(s) for s in counts["source_id"]],
                hovertemplate="Published: %{y} parties on %{x|%d %b %Y}<br>source %{customdata}<extra></extra>",
            )
        )
    for index, (label, counts) in enumerate(series.items()):
        if counts.empty:
            continue
        xs = list(counts["date"]) + [end]
        ys = list(counts["parties"]) + [counts["parties"].iloc[-1]]
        figure.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line_shape="hv",
                name=hover_escape(label),
                line=dict(color=LINE_COLOURS[index % len(LINE_COLOURS)], width=2.5),
                hovertemplate="%{x|%d %b %Y}: %{y} parties<extra>" + hover_escape(label) + "</extra>",
            )
        )
        if as_of is not None:
            when = pd.Timestamp(as_of)
            before = counts[counts["date"] <= when]
            value = int(before["parties"].iloc[-1]) if len(before) else 0
            figure.add_trace(
                go.Scatter(
                    x=[when],
                    y=[value],
                    mode="markers",
                    name=f"{value} on {format_date(when)}",
                    marker=dict(
                        size=11, color=LINE_COLOURS[index % len(LINE_COLOURS)], line=dict(color="#000000", width=1.5)
                    ),
                    hovertemplate=f"{format_date(when)}: {value} parties<extra></extra>",
                    showlegend=False,
                )
            )
    if as_of is not None:
        figure.add_vline(x=pd.Timestamp(as_of), line=dict(color="#555555", dash="dot", width=1))
    return base_layout(
        figure,
        height=height,
        margin=dict(l=10, r=10, t=30, b=30),
        xaxis=dict(type="date", title=None),
        yaxis=dict(title="Parties (from the rows; ◇ published)" if published else "Parties", rangemode="tozero"),
        legend=LEGEND_ABOVE,
    )
