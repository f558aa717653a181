"""A state's (or several states') actions over time, and the model-law assessment matrix."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..text import format_date, hover_escape
from ._common import LEGEND_ABOVE, base_layout, hover
from .style import OKABE_ITO

STATE_COLOURS = [OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["bluish_green"], OKABE_ITO["reddish_purple"]]
ACTION_SYMBOLS = {
    "signature": ("circle-open", "Signature"),
    "consent": ("circle", "Ratification / accession / succession"),
    "entry_into_force": ("diamond", "Entry into force for the state"),
    "exit": ("x", "Denunciation / withdrawal"),
    "law": ("square", "National law enacted"),
}
_GROUP = {
    "signature": "signature",
    "entry_into_force": "entry_into_force",
    "denunciation": "exit",
    "withdrawal": "exit",
    "enacted": "law",
}


def _group(action: str) -> str:
    return _GROUP.get(action, "consent")


def country_timeline_figure(histories: dict[str, pd.DataFrame], *, height: int | None = None) -> go.Figure:
    """``histories`` maps a state label to rows with columns short_title, action, date, source_id.

    National laws are rows with action 'enacted'. Every state shares the same rows (instruments)
    and date axis, so two states can be compared at a glance.
    """
    figure = go.Figure()
    combined = (
        pd.concat(list(histories.values()), ignore_index=True)
        if histories
        else pd.DataFrame(columns=["short_title", "date"])
    )
    titles = list(combined.groupby("short_title")["date"].min().sort_values(kind="stable").index)
    offsets = {label: (index - (len(histories) - 1) / 2) * 0.22 for index, label in enumerate(histories)}
    position = {title: len(titles) - index for index, title in enumerate(titles)}
    for index, (label, frame) in enumerate(histories.items()):
        colour = STATE_COLOURS[index % len(STATE_COLOURS)]
        frame = frame.assign(group=frame["action"].map(_group))
        for group, (symbol, description) in ACTION_SYMBOLS.items():
            rows = frame[frame["group"] == group]
            if rows.empty:
                continue
            figure.add_trace(
                go.Scatter(
                    x=rows["date"],
                    y=[position[t] + offsets[label] for t in rows["short_title"]],
                    mode="markers",
                    name=f"{hover_escape(label)} · {description}",
                    legendgroup=label,
                    marker=dict(symbol=symbol, size=11, color=colour, line=dict(color=colour, width=2)),
                    **hover(
                        [
                            f"<b>{hover_escape(label)}</b><br>{hover_escape(r['short_title'])}<br>"
                            f"{hover_escape(str(r['action']).replace('_', ' '))}: {format_date(r['date'])}"
                            f"<br>Source: {hover_escape(r['source_id'])}"
                            for _, r in rows.iterrows()
                        ],
                        rows["short_title"],
                    ),
                )
            )
    return base_layout(
        figure,
        height=height or max(360, 120 + 24 * len(titles)),
        margin=dict(l=10, r=10, t=30, b=40),
        legend=LEGEND_ABOVE,
        xaxis=dict(type="date", title=None),
        yaxis=dict(
            tickmode="array",
            tickvals=[position[t] for t in titles],
            ticktext=[hover_escape(t) for t in titles],
            automargin=True,
            showgrid=True,
            zeroline=False,
        ),
    )


ASSESSMENT_ORDER = ["yes", "partial", "no", "not_assessed"]
ASSESSMENT_COLOURS = {
    "yes": OKABE_ITO["blue"],
    "partial": OKABE_ITO["sky_blue"],
    "no": OKABE_ITO["vermillion"],
    "not_assessed": "#E5E5E5",
}
ASSESSMENT_LABELS = {"yes": "Yes", "partial": "Partly", "no": "No", "not_assessed": "Not assessed"}


def provision_code(provision_id: str) -> str:
    """'icmec-2018-m6' -> 'M6' (the short code used on the axis; titles are listed beside the chart)."""
    return provision_id.rsplit("-", 1)[-1].upper()


def latest_assessments(assessments: pd.DataFrame) -> pd.DataFrame:
    """The newest assessment of each (state, provision) cell; older ones stay in the data, unshown."""
    return assessments.sort_values("assessed_as_of").drop_duplicates(["state_id", "provision_id"], keep="last")


def model_law_figure(
    assessments: pd.DataFrame, provisions: pd.DataFrame, state_names: dict[str, str], *, highlight: str | None = None
) -> go.Figure:
    """Heat map: states (rows) × provisions (columns), one fixed colour per assessment value."""
    provisions = provisions.sort_values("order")
    columns = list(provisions["provision_id"])
    labels = list(provisions["title"])
    states = sorted(assessments["state_id"].unique(), key=lambda s: state_names.get(s, s))
    cell = latest_assessments(assessments).set_index(["state_id", "provision_id"])
    z, text = [], []
    for state in states:
        row_z, row_text = [], []
        for provision, label in zip(columns, labels):
            if (state, provision) in cell.index:
                item = cell.loc[(state, provision)]
                value = item["value"]
                detail = (
                    f"<b>{hover_escape(state_names.get(state, state))}</b> · {hover_escape(label)}<br>"
                    f"{ASSESSMENT_LABELS[value]} (as of {format_date(item['assessed_as_of'])})"
                )
                if isinstance(item["statute_section"], str):
                    detail += f"<br>{hover_escape(item['statute_section'])}"
                if isinstance(item["note"], str):
                    detail += f"<br>{hover_escape(item['note'][:160])}"
            else:
                value, detail = "not_assessed", f"{hover_escape(state_names.get(state, state))}: not assessed"
            row_z.append(ASSESSMENT_ORDER.index(value))
            row_text.append(detail)
        z.append(row_z)
        text.append(row_text)
    n = len(ASSESSMENT_ORDER)
    scale = []
    for index, value in enumerate(ASSESSMENT_ORDER):
        scale += [[index / n, ASSESSMENT_COLOURS[value]], [(index + 1) / n, ASSESSMENT_COLOURS[value]]]
    codes = [provision_code(provision) for provision in columns]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=codes,
            y=[("▶ " if s == highlight else "") + hover_escape(state_names.get(s, s)) for s in states],
            zmin=-0.5,
            zmax=n - 0.5,
            colorscale=scale,
            xgap=2,
            ygap=2,
            **hover(text),
            colorbar=dict(
                tickvals=list(range(n)),
                ticktext=[ASSESSMENT_LABELS[v] for v in ASSESSMENT_ORDER],
                title=dict(text="Meets it?"),
            ),
        )
    )
    return base_layout(
        figure,
        height=max(320, 90 + 30 * len(states)),
        margin=dict(l=10, r=10, t=30, b=10),
        xaxis=dict(side="top", tickangle=0),
        yaxis=dict(autorange="reversed", automargin=True),
    )
