"""Timeline of instruments: lanes by family on a real date axis, spans from adoption to entry into
force (dotted) and from entry into force to repeal or today (solid), lineage connectors, events."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from ..dates import TIMELINE_START_YEAR, placement_dates, start_dates
from ..text import format_date, hover_escape, one_line
from ._common import LEGEND_ABOVE, add_segment, base_layout, hover, line_segments
from .style import FAMILY_COLOURS, LANE_LABELS, LANE_OF_FAMILY, LANES, OKABE_ITO

SLOT_WINDOW_YEARS = 4  # instruments closer than this in one lane go on separate rows
EVENTS_LANE = "Cases & events"


ROW_STEP = 1.0
LANE_GAP = 1.2


# Narrow layout (phones): each title is written above its row, across the whole width, instead of
# in a left margin that took ~40 % of a 390 px screen; rows are taller to make room for it.
NARROW_TITLE_CHARACTERS = 50
NARROW_ROW_PIXELS = 34
WIDE_ROW_PIXELS = 19


def _short(title: str, limit: int) -> str:
    """Middle ellipsis: the end of a title (often its year) is what tells similar titles apart."""
    if len(title) <= limit:
        return title
    tail = max(8, limit // 3)
    return title[: limit - tail - 1].rstrip() + "…" + title[-tail:].lstrip()


def _layout_rows(
    instruments: pd.DataFrame, title_limit: int = 32
) -> tuple[pd.DataFrame, list[tuple[float, str]], list]:
    """One row per instrument (its spans run to today, so rows cannot be shared), grouped in lanes.

    Returns the placed instruments (with ``y``), the y ticks (one per instrument: its short title,
    shortened to ``title_limit`` characters) and the lanes as (label, top y, bottom y) for the lane bands.
    """
    frame = instruments.copy()
    # Placed at adoption/enactment; an instrument known only by its entry into force is placed there
    # and drawn without an adoption mark (NOTE: its adoption date is a known gap).
    frame["adoption"] = start_dates(frame)
    frame["start"] = placement_dates(frame)
    frame = frame[frame["start"].notna()].copy()
    frame["lane"] = frame["family"].map(LANE_OF_FAMILY)
    frame = frame.sort_values(["start", "instrument_id"])
    y_positions: dict[str, float] = {}
    ticks: list[tuple[float, str]] = []
    lanes = []
    y = 0.0
    for lane, _families in LANES:
        members = frame[frame["lane"] == lane]
        if members.empty:
            continue
        top = -y + 0.4  # the lane's label sits on a row of its own, above its instruments
        y += ROW_STEP
        for _, row in members.iterrows():
            y_positions[row["instrument_id"]] = -y
            title = row["short_title"]
            # Middle ellipsis: the end of a title (often its year) is what tells similar titles apart.
            if title_limit == 32:  # the wide layout's labels, unchanged
                ticks.append((-y, title if len(title) <= 32 else title[:18].rstrip() + "…" + title[-12:].lstrip()))
            else:
                ticks.append((-y, _short(title, title_limit)))
            y += ROW_STEP
        lanes.append((LANE_LABELS[lane], top, -(y - ROW_STEP) - 0.5))
        y += LANE_GAP
    frame["y"] = frame["instrument_id"].map(y_positions)
    return frame, ticks, lanes


def _hover(row) -> str:
    lines = [f"<b>{hover_escape(row['short_title'])}</b>"]
    for name, label in (
        ("adopted", "Adopted"),
        ("opened_for_signature", "Opened for signature"),
        ("enacted", "Enacted"),
        ("entry_into_force", "In force"),
        ("repealed", "Repealed/replaced"),
    ):
        if pd.notna(row.get(name)):
            lines.append(f"{label}: {format_date(row[name])}")
    if row.get("summary"):
        lines.append(hover_escape(one_line(row["summary"], 110)))
    return "<br>".join(lines)


def timeline_figure(
    instruments: pd.DataFrame,
    relations: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
    *,
    as_of: dt.date | pd.Timestamp | str | None = None,
    date_range: tuple | None = None,
    selected: str | None = None,
    highlighted: set[str] | None = None,
    show_events: bool = True,
    show_lineage: bool = True,
    height: int | None = None,
    narrow: bool = False,
) -> go.Figure:
    """Build the timeline.

    ``narrow`` (phones, below ~600 px): titles above the rows instead of in a left margin, taller rows,
    smaller lane labels; the default (wide) layout is unchanged.

    ``instruments`` is the (already filtered) instruments table; ``relations`` are drawn between the
    instruments present; ``selected`` and ``highlighted`` (its ancestors and descendants) are emphasised.
    Instruments without any date cannot be placed and are left out (list them to the reader).
    """
    as_of = pd.Timestamp(as_of) if as_of is not None else pd.Timestamp(dt.date.today())
    highlighted = set(highlighted or ())
    placed, ticks, lanes = _layout_rows(instruments, NARROW_TITLE_CHARACTERS if narrow else 32)
    figure = go.Figure()
    _add_spans(figure, placed, as_of)
    if show_lineage and relations is not None and not relations.empty:
        _add_lineage(figure, placed, relations, highlighted | ({selected} if selected else set()))
    _add_marks(figure, placed, selected, highlighted)
    if show_events and events is not None and not events.empty:
        _add_events(figure, events, ticks, lanes)
    _add_lanes(figure, lanes, ticks, narrow)
    _apply_layout(figure, ticks, lanes, _x_range(date_range, as_of), height, narrow)
    return figure


STATUTE_KINDS = frozenset({"statute", "reauthorisation", "provision", "directive", "framework_decision", "regulation"})


def _add_spans(figure: go.Figure, placed: pd.DataFrame, as_of: pd.Timestamp) -> None:
    """The lines: dotted from adoption to entry into force, solid from entry into force (a statute: from its
    enactment) to repeal or ``as_of``."""
    pending_x, pending_y, force_x, force_y = [], [], [], []
    for _, row in placed.iterrows():
        start, y = row["start"], row["y"]
        eif = row["entry_into_force"] if pd.notna(row["entry_into_force"]) else None
        end = row["repealed"] if pd.notna(row["repealed"]) else as_of
        if eif is not None and eif > start:
            add_segment(pending_x, pending_y, (start, y), (eif, y))
            add_segment(force_x, force_y, (eif, y), (end, y))
        elif eif is not None or row["kind"] in STATUTE_KINDS:
            add_segment(force_x, force_y, (start, y), (end, y))
    figure.add_trace(
        line_segments(pending_x, pending_y, "Adopted, not yet in force", dict(color="#888888", width=2, dash="dot"))
    )
    figure.add_trace(line_segments(force_x, force_y, "In force", dict(color="#888888", width=3), opacity=0.6))


def _marks(x, y, name: str, marker: dict, texts: list[str], ids) -> go.Scatter:
    """One kind of mark: hover with its text, the instrument's (or event's) id for the dashboards' clicks."""
    return go.Scatter(x=x, y=y, mode="markers", name=name, marker=marker, **hover(texts, ids))


def _add_marks(figure: go.Figure, placed: pd.DataFrame, selected: str | None, highlighted: set[str]) -> None:
    """The marks: a dot at adoption or enactment (larger for the selected instrument and its lineage), a
    diamond at entry into force, a cross at repeal."""
    adopted = placed[placed["adoption"].notna()]
    colours = [FAMILY_COLOURS.get(family, "#333333") for family in adopted["family"]]
    sizes = [
        16 if instrument_id == selected else (12 if instrument_id in highlighted else 10)
        for instrument_id in adopted["instrument_id"]
    ]
    lines = [
        3 if instrument_id == selected or instrument_id in highlighted else 1
        for instrument_id in adopted["instrument_id"]
    ]
    figure.add_trace(
        _marks(
            adopted["start"],
            adopted["y"],
            "Adopted / enacted",
            dict(color=colours, size=sizes, line=dict(color="#000000", width=lines), symbol="circle"),
            [_hover(row) for _, row in adopted.iterrows()],
            adopted["instrument_id"],
        )
    )
    in_force = placed[
        placed["entry_into_force"].notna()
        & (placed["adoption"].isna() | (placed["entry_into_force"] != placed["start"]))
    ]
    figure.add_trace(
        _marks(
            in_force["entry_into_force"],
            in_force["y"],
            "Entry into force",
            dict(symbol="diamond", size=9, color="#FFFFFF", line=dict(color="#222222", width=1.5)),
            [_hover(r) for _, r in in_force.iterrows()],
            in_force["instrument_id"],
        )
    )
    repealed = placed[placed["repealed"].notna()]
    figure.add_trace(
        _marks(
            repealed["repealed"],
            repealed["y"],
            "Repealed / replaced",
            dict(symbol="x", size=9, color=OKABE_ITO["vermillion"]),
            [
                f"<b>{hover_escape(r['short_title'])}</b><br>Repealed/replaced: {format_date(r['repealed'])}"
                for _, r in repealed.iterrows()
            ],
            repealed["instrument_id"],
        )
    )


def _add_events(figure: go.Figure, events: pd.DataFrame, ticks: list, lanes: list) -> None:
    """Cases and events as stars in a lane of their own under the others (appended to ``ticks``, ``lanes``)."""
    lowest = min([y for y, _ in ticks], default=0.0) - LANE_GAP - ROW_STEP - 0.5
    ticks.append((lowest, EVENTS_LANE))
    lanes.append((EVENTS_LANE, lowest + ROW_STEP + 0.4, lowest - 0.5))
    figure.add_trace(
        _marks(
            events["date"],
            [lowest] * len(events),
            EVENTS_LANE,
            dict(symbol="star", size=11, color=OKABE_ITO["yellow"], line=dict(color="#333333", width=1)),
            [
                f"<b>{hover_escape(r['title'])}</b><br>{format_date(r['date'])}<br>"
                f"{hover_escape(one_line(r['summary'] or '', 110))}"
                for _, r in events.iterrows()
            ],
            events["event_id"],
        )
    )


def _x_range(date_range: tuple | None, as_of: pd.Timestamp) -> list[pd.Timestamp]:
    """The dates shown: ``date_range``, else from 1 January of ``TIMELINE_START_YEAR`` to two years after as-of."""
    if date_range is not None:
        return [pd.Timestamp(date_range[0]), pd.Timestamp(date_range[1])]
    return [pd.Timestamp(f"{TIMELINE_START_YEAR}-01-01"), as_of + pd.DateOffset(years=2)]


def _add_lanes(figure: go.Figure, lanes: list, ticks: list, narrow: bool) -> None:
    """Alternating lane bands with their labels; in the narrow layout, each title above its row."""
    for index, (label, top, bottom) in enumerate(lanes):
        figure.add_hrect(
            y0=bottom, y1=top, fillcolor="#F2F5F9" if index % 2 == 0 else "#FFFFFF", line_width=0, layer="below"
        )
        figure.add_annotation(
            x=0,
            xref="paper",
            xanchor="left",
            y=top - 0.05,
            yanchor="top",
            text=f"<b>{label}</b>",
            showarrow=False,
            font=dict(size=12, color="#333333"),
            bgcolor="rgba(255,255,255,0.7)",
        )
    if narrow:
        # Each title just above its row, from the left edge; the y axis carries no labels.
        for y, label in ticks:
            if label == EVENTS_LANE:
                continue
            figure.add_annotation(
                x=0,
                xref="paper",
                xanchor="left",
                y=y + 0.12,
                yanchor="bottom",
                text=hover_escape(label),
                showarrow=False,
                font=dict(size=11, color="#1a1a1a"),
                bgcolor="rgba(255,255,255,0.75)",
                borderpad=0,
                name="explorer-row-title",
            )


def _apply_layout(figure: go.Figure, ticks: list, lanes: list, x_range: list, height: int | None, narrow: bool) -> None:
    """Size (from the number of rows), margins, legend, the date axis and the rows' axis."""
    row_pixels = NARROW_ROW_PIXELS if narrow else WIDE_ROW_PIXELS
    base_layout(
        figure,
        height=height or max(420, 140 + row_pixels * len(ticks) + 24 * len(lanes)),
        margin=dict(l=10, r=10, t=30, b=40),
        legend=LEGEND_ABOVE,
        hoverlabel=dict(align="left"),
        xaxis=dict(type="date", range=x_range, title=None, showgrid=True),
        yaxis=dict(
            tickmode="array",
            tickvals=[y for y, _ in ticks],
            ticktext=[hover_escape(label) for _, label in ticks],
            showgrid=False,
            zeroline=False,
            automargin=True,
            tickfont=dict(size=11),
            range=[min([b for _, _, b in lanes], default=-1) - 0.3, 1.0],
        ),
    )
    if narrow:
        figure.update_layout(margin=dict(l=4, r=4, t=30, b=40), legend=dict(font=dict(size=11)), xaxis=dict(nticks=6))
        figure.update_yaxes(showticklabels=False)


def _add_lineage(figure: go.Figure, placed: pd.DataFrame, relations: pd.DataFrame, emphasised: set[str]):
    position = placed.set_index("instrument_id")[["start", "y"]]
    normal_x, normal_y, strong_x, strong_y = [], [], [], []
    for _, relation in relations.iterrows():
        if relation["from_id"] not in position.index or relation["to_id"] not in position.index:
            continue
        source, target = position.loc[relation["to_id"]], position.loc[relation["from_id"]]
        strong = relation["from_id"] in emphasised and relation["to_id"] in emphasised
        add_segment(
            strong_x if strong else normal_x,
            strong_y if strong else normal_y,
            (source["start"], source["y"]),
            (target["start"], target["y"]),
        )
    figure.add_trace(line_segments(normal_x, normal_y, "Lineage", dict(color="#9A9A9A", width=1), opacity=0.45))
    figure.add_trace(
        line_segments(strong_x, strong_y, "Selected lineage", dict(color=OKABE_ITO["vermillion"], width=3))
    )
