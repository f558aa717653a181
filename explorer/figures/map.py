"""World map of every state's status on one instrument at one date.

One choropleth trace coloured by a fixed, ordered categorical scale (the same categories and
colours in every year, so the legend never changes), plus dots for states too small to see or
missing from the shipped geometry. The geometry is never fetched from the internet: the caller
either gives the URL where ``explorer/geometry`` is served (``topojson_url`` in the figure's config)
or the figure embeds it (``embed_geometry``, for notebooks and exported HTML).

No file is read here: which states have a shape, where the small states' dots go and the shapes to embed
are passed in (:class:`explorer.load.MapGeometry`, :func:`explorer.load.map_geojson`); left out, they are
the shipped geometry, which :mod:`explorer.load` reads once per process.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go

from ..status import STATUS_ORDER, STATUSES
from ..text import format_date, hover_escape
from ._common import base_layout, hover
from .style import STATUS_COLOURS

if TYPE_CHECKING:
    from ..load import MapGeometry


def _shipped_geometry() -> MapGeometry:
    from ..load import map_geometry

    return map_geometry()


def _colourscale(legend: list[str]) -> list:
    n = len(legend)
    scale = []
    for index, status in enumerate(legend):
        scale.append([index / n, STATUS_COLOURS[status]])
        scale.append([(index + 1) / n, STATUS_COLOURS[status]])
    return scale


# Shown in the legend only where some state has them: 'No action recorded' is a claim the rows can
# support only where they are complete, and 'No data' appears only where they are not.
CONDITIONAL_STATUSES = ("no_action", "no_data")


def legend_statuses(statuses: pd.Series) -> list[str]:
    """The legend entries of a map: every status, but 'no action' / 'no data' only where present."""
    present = set(statuses)
    return [s for s in STATUS_ORDER if s not in CONDITIONAL_STATUSES or s in present]


def hover_text(name, status, action, action_date, via_name, source_id) -> str:
    """The hover label of one state (also built per year for the map's year frames)."""
    text = f"<b>{hover_escape(name)}</b><br>{STATUSES[status]}"
    if status == "no_data":
        text += "<br>the rows for this instrument are incomplete"
    if isinstance(action, str):
        text += f"<br>{hover_escape(action).replace('_', ' ')}: {format_date(action_date)}"
    if isinstance(via_name, str):
        text += f"<br>via {hover_escape(via_name)}"
    if isinstance(source_id, str):
        text += f"<br>Source: {hover_escape(source_id)}"
    return text


def map_figure(
    statuses: pd.DataFrame,
    *,
    title: str | None = None,
    height: int = 520,
    legend_from: pd.Series | None = None,
    geometry: MapGeometry | None = None,
) -> go.Figure:
    """``statuses`` is the output of :meth:`StatusEngine.statuses` (state_id, name, status, action…).

    ``legend_from``: the statuses whose categories the legend lists (default: those of ``statuses``;
    a map animated over years passes the statuses of every year). ``geometry``: the shapes and small-state
    points (default: the shipped geometry, :func:`explorer.load.map_geometry`)."""
    geometry = geometry or _shipped_geometry()
    frame = statuses.copy()
    names = dict(zip(frame["state_id"], frame["name"]))
    frame["via_name"] = frame["via"].map(lambda via: names.get(via, via) if isinstance(via, str) else None)
    # Only the categories shown are on the colour bar (no unlabelled band); each keeps its colour.
    shown = frame["status"] if legend_from is None else pd.concat([frame["status"], pd.Series(legend_from)])
    legend = legend_statuses(shown)
    frame["code"] = frame["status"].map(legend.index)
    frame["hover"] = [
        hover_text(*values)
        for values in zip(
            frame["name"], frame["status"], frame["action"], frame["action_date"], frame["via_name"], frame["source_id"]
        )
    ]
    shaped = frame[frame["state_id"].isin(geometry.shape_ids)]
    n = len(legend)
    figure = go.Figure()
    figure.add_trace(
        go.Choropleth(
            locations=shaped["state_id"],
            z=shaped["code"],
            locationmode="ISO-3",
            zmin=-0.5,
            zmax=n - 0.5,
            colorscale=_colourscale(legend),
            **hover(shaped["hover"], shaped["state_id"]),
            marker=dict(line=dict(color="#FFFFFF", width=0.4)),
            name="States",
            colorbar=dict(
                title=dict(text="Status"),
                tickvals=list(range(n)),
                ticktext=[STATUSES[s] for s in legend],
                len=0.9,
                thickness=14,
            ),
        )
    )
    points = geometry.label_points.merge(frame, on="state_id")
    figure.add_trace(
        go.Scattergeo(
            lat=points["lat"],
            lon=points["lon"],
            mode="markers",
            name="Small states",
            marker=dict(
                size=6, color=[STATUS_COLOURS[s] for s in points["status"]], line=dict(color="#333333", width=0.6)
            ),
            **hover(points["hover"], points["state_id"]),
            showlegend=False,
        )
    )
    figure.update_geos(
        resolution=50,
        scope="world",
        projection_type="natural earth",
        showframe=False,
        showcoastlines=False,
        showcountries=False,
        showland=True,
        landcolor="#F4F4F4",
        showocean=True,
        oceancolor="#EEF4F8",
        lataxis_range=[-58, 85],
    )
    return base_layout(
        figure,
        height=height,
        margin=dict(l=0, r=0, t=40 if title else 10, b=0),
        title=dict(text=hover_escape(title), x=0.01) if title else None,
    )


def geometry_config(topojson_url: str) -> dict:
    """Plotly config that makes the map load its geometry from ``topojson_url`` (a folder URL)."""
    return {
        "topojsonURL": topojson_url if topojson_url.endswith("/") else topojson_url + "/",
        "displaylogo": False,
        "responsive": True,
    }


def embed_geometry(figure: go.Figure, geojson: dict | None = None) -> go.Figure:
    """Put the country shapes inside the figure, so it needs no URL at all (notebooks, static pages).

    ``geojson``: features keyed by ISO alpha-3 (default: the shipped shapes, :func:`explorer.load.map_geojson`).
    """
    if geojson is None:
        from ..load import map_geojson

        geojson = map_geojson()
    figure.update_traces(selector=dict(type="choropleth"), geojson=geojson, locationmode="geojson-id")
    # plotly.js still fetches its own world topology from its CDN (and draws nothing if that fails)
    # when a base layer (land, ocean…) is shown or when the first trace on the map has any location
    # mode, 'geojson-id' included. So the embedded map shows no base layers (every state with a
    # shape is a coloured shape anyway) and the small-state dots, placed by latitude and longitude,
    # come first. Tested offline in a browser (tests/test_browser.py).
    figure.data = sorted(figure.data, key=lambda trace: trace.type == "choropleth")
    figure.update_geos(
        showland=False,
        showocean=False,
        showlakes=False,
        showrivers=False,
        showcoastlines=False,
        showcountries=False,
        showsubunits=False,
    )
    return figure
