"""Reservations, declarations and objections as an HTML table.

A pure function (a DataFrame of :func:`explorer.api.reservations` in, an HTML fragment out) for the
dashboards, the static site and the notebooks. Every value from the data is escaped; long texts
are folded into ``<details>`` so that a state with many objections stays readable.
"""

from __future__ import annotations

import pandas as pd

from ..schema import RESERVATION_KINDS
from ..text import escape, format_date

KIND_LABELS = {
    "reservation": "Reservation",
    "declaration": "Declaration",
    "declaration_or_reservation": "Declaration or reservation (not labelled)",
    "objection": "Objection",
    "withdrawal_of_reservation": "Withdrawal of a reservation",
    "withdrawal_of_declaration": "Withdrawal of a declaration",
    "withdrawal": "Withdrawal of reservations and declarations",
}
assert set(KIND_LABELS) == set(RESERVATION_KINDS)

SHORT_TEXT = 400  # characters shown without folding
SUMMARY_TEXT = 160  # characters of a folded text shown in its summary


def _value(row, name):
    value = row.get(name) if hasattr(row, "get") else None
    if value is None or (not isinstance(value, (str, list)) and pd.isna(value)):
        return None
    return value


def _paragraphs(text: str) -> str:
    return "<br>".join(escape(line) for line in str(text).split("\n"))


def _text_cell(text) -> str:
    text = "" if text is None else str(text)
    if len(text) <= SHORT_TEXT:
        return _paragraphs(text)
    flat = " ".join(text.split())
    summary = flat[:SUMMARY_TEXT].rsplit(" ", 1)[0] + " …"
    return (
        f"<details><summary>{escape(summary)} <span class='explorer-more'>(full text, "
        f"{len(text):,} characters)</span></summary>{_paragraphs(text)}</details>"
    )


def reservations_html(frame: pd.DataFrame, caption: str | None = None) -> str:
    """An HTML table of reservation rows (columns of the ``reservations`` table; ``state_name`` and
    ``short_title`` are used when present). An empty frame gives a sentence, not an empty table."""
    if frame is None or frame.empty:
        return (
            "<p class='explorer-reservations-empty'>No reservations, declarations or objections are recorded "
            "for this selection.</p>"
        )
    several_instruments = frame["instrument_id"].nunique() > 1
    header = ["State"] + (["Instrument"] if several_instruments else []) + ["Kind", "Date", "Text", "Source"]
    parts = ["<table class='explorer-reservations'>"]
    if caption:
        parts.append(f"<caption>{escape(caption)}</caption>")
    parts.append("<thead><tr>" + "".join(f"<th scope='col'>{escape(h)}</th>" for h in header) + "</tr></thead>")
    parts.append("<tbody>")
    for _, row in frame.iterrows():
        state = _value(row, "state_name") or row["state_id"]
        cells = [f"{escape(state)} <span class='explorer-id'>({escape(row['state_id'])})</span>"]
        if several_instruments:
            cells.append(escape(_value(row, "short_title") or row["instrument_id"]))
        kind = row["kind"]
        cells.append(escape(KIND_LABELS.get(kind, kind)))
        date = _value(row, "date")
        cells.append(
            escape(format_date(date))
            if date is not None
            else "<span title='The page gives no date: made upon signature or consent'>—</span>"
        )
        text_cell = _text_cell(_value(row, "text"))
        note = _value(row, "note")
        if note:
            text_cell += f"<div class='explorer-note'>{escape(note)}</div>"
        cells.append(text_cell)
        cells.append(escape(_value(row, "source_id") or ""))
        parts.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)
