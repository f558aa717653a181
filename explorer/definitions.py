"""The evolving definition: definition articles side by side, oldest first, with changes marked."""

from __future__ import annotations

import pandas as pd

from .dates import START_FIELDS, start_dates
from .text import escape, format_date

ELEMENTS = {
    "who_protected": "Who is protected",
    "consent_relevant": "Does the victim's consent matter?",
    "age_threshold": "Age threshold",
    "means_required": "Means required",
    "purpose": "Purpose / exploitation",
    "transnational_required": "Must a border be crossed?",
}


def definitions_table(definitions: pd.DataFrame, instruments: pd.DataFrame) -> pd.DataFrame:
    """One row per definition, in order of adoption, with the instrument's title and date."""
    info = instruments[["instrument_id", "short_title", *START_FIELDS]]
    frame = definitions.merge(info, on="instrument_id", how="left")
    frame["when"] = start_dates(frame)
    return frame.sort_values(["when", "definition_id"]).reset_index(drop=True)


def definitions_html(definitions: pd.DataFrame, instruments: pd.DataFrame, sources: pd.DataFrame) -> str:
    if definitions.empty:
        return "<div class='explorer-panel'>No definition texts in the data yet (see the known gaps).</div>"
    frame = definitions_table(definitions, instruments)
    source_titles = sources.set_index("source_id")["title"]
    head = "".join(
        f"<th scope='col'>{escape(r['short_title'])}<br><small>{escape(format_date(r['when']))}, "
        f"{escape(r['article'])}</small></th>"
        for _, r in frame.iterrows()
    )
    rows = []
    for field, label in ELEMENTS.items():
        cells, previous = [], None
        for _, row in frame.iterrows():
            value = row[field] if isinstance(row[field], str) else "—"
            changed = previous is not None and value != previous
            style = " style='background:#FFF4D6;font-weight:bold'" if changed else ""
            cells.append(f"<td{style}>{escape(value)}</td>")
            previous = value
        rows.append(f"<tr><th scope='row'>{escape(label)}</th>{''.join(cells)}</tr>")
    texts = "".join(
        f"<td><div class='definition-text' style='white-space:pre-wrap;max-height:22em;overflow:auto'>"
        f"{escape(r['text'])}</div><small>Source: {escape(source_titles.get(r['source_id'], r['source_id']))}"
        f"{' — ' + escape(r['note']) if isinstance(r['note'], str) else ''}</small></td>"
        for _, r in frame.iterrows()
    )
    return (
        "<div class='explorer-panel' id='definitions'><p>The definition (or scope) articles, quoted from the "
        "official texts, oldest first. The first rows are the project's own reading of each text; a highlighted "
        "cell differs from the instrument before it.</p><div style='overflow-x:auto'><table>"
        f"<tr><th></th>{head}</tr>{''.join(rows)}<tr><th scope='row'>Text</th>{texts}</tr></table></div></div>"
    )
