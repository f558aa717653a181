"""Trace and layout pieces every figure builder uses in the same way (one rule each, declared here)."""

from __future__ import annotations

import plotly.graph_objects as go

from .style import FONT, TEMPLATE

#: The hover label shows our own text (built and escaped by the builder) and no trace-name box.
HOVER_TEMPLATE = "%{hovertext}<extra></extra>"

#: A horizontal legend just above the plot, from its left edge.
LEGEND_ABOVE = dict(orientation="h", yanchor="bottom", y=1.0, x=0)


def hover(texts, ids=None) -> dict:
    """A trace's hover arguments: ``texts`` (already escaped) as the whole label; ``ids`` in ``customdata``,
    which the dashboards' click handlers read."""
    fields = {"hovertext": texts, "hovertemplate": HOVER_TEMPLATE}
    if ids is not None:
        fields["customdata"] = ids
    return fields


def line_segments(x: list, y: list, name: str, line: dict, **extra) -> go.Scatter:
    """Line segments without hover (``None`` between segments): the timeline's spans and connectors, whose
    marks carry the hover instead."""
    return go.Scatter(x=x, y=y, mode="lines", name=name, line=line, hoverinfo="skip", **extra)


def add_segment(x: list, y: list, start: tuple, end: tuple) -> None:
    """Append one segment from ``start`` to ``end`` (each an (x, y) pair) to the arrays of a segments trace."""
    x += [start[0], end[0], None]
    y += [start[1], end[1], None]


def base_layout(figure: go.Figure, **layout) -> go.Figure:
    """The look every chart shares (the package's white template and font), plus the chart's own ``layout``."""
    figure.update_layout(template=TEMPLATE, font=FONT, **layout)
    return figure
