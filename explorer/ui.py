"""Widgets and panels shared by the dashboards. Text from the data is always escaped here."""

from __future__ import annotations

import base64
import functools
import logging
import os

import ipywidgets as widgets
import pandas as pd

from .figures.style import STAMP_LINES, wrap_words
from .text import escape, format_date

LOG = logging.getLogger("explorer.ui")

CSS = """
<style>
.explorer-app { max-width: 1400px; font-family: 'DejaVu Sans', Arial, sans-serif; }
.explorer-app h1 { font-size: 1.5em; margin: 0.2em 0; }
.explorer-stamp { color: #444; font-size: 0.9em; }
.explorer-message { background: #FFF4D6; border-left: 4px solid #E69F00; padding: 6px 10px; margin: 4px 0; }
.explorer-error { background: #FDE8E4; border-left: 4px solid #D55E00; padding: 6px 10px; margin: 4px 0; }
.explorer-panel { font-size: 0.92em; line-height: 1.4; }
.explorer-panel table { border-collapse: collapse; }
.explorer-panel td, .explorer-panel th { border-bottom: 1px solid #ddd; padding: 2px 8px; text-align: left;
  vertical-align: top; }
.explorer-summary { font-size: 1.05em; margin: 6px 0; }
.explorer-app .jupyter-widget-Collapse-header, .explorer-app .jupyter-widget-Collapse-header span { color: #1a1a1a; }
.explorer-app a { color: #005a8c; text-decoration: underline; }
.explorer-stamp, .explorer-summary { line-height: 1.4; }
.explorer-embed { margin: 10px 0; max-width: 900px; }
.explorer-embed-row { margin: 6px 0; }
.explorer-embed-row label { display: block; font-weight: bold; }
.explorer-embed-text { display: block; width: 100%; box-sizing: border-box; font-family: 'DejaVu Sans Mono', monospace;
  font-size: 0.9em; resize: vertical; }
.explorer-copy { font: inherit; padding: 2px 12px; margin-top: 3px; border: 1px solid #666; border-radius: 3px;
  background: #fff; color: #1a1a1a; cursor: pointer; }
.explorer-copy:focus-visible { outline: 3px solid #E69F00; outline-offset: 2px; }
.explorer-copy-status { color: #1a5e20; }
/* Phones (and narrow frames): nothing wider than the screen, one control per line. */
.explorer-app .widget-inline-hbox, .explorer-app .jupyter-widgets.widget-inline-hbox { max-width: 100%; }
.explorer-app .js-plotly-plot, .explorer-app .plot-container { max-width: 100%; }
@media (max-width: 700px) {
  .explorer-app .widget-hbox { flex-wrap: wrap; }
  .explorer-app .widget-hbox > .jupyter-widgets, .explorer-app .widget-hbox > .widget-inline-hbox { flex: 1 1 100%; }
  .explorer-app .widget-text, .explorer-app .widget-dropdown, .explorer-app .widget-combobox,
  .explorer-app .widget-slider, .explorer-app .widget-select-multiple, .explorer-app .widget-select {
    width: 100% !important; max-width: 100%; }
  .explorer-app .widget-label { min-width: 0; width: auto; max-width: 30%; }
  .explorer-app .widget-html-content { line-height: 1.4; }
  .explorer-panel table { display: block; overflow-x: auto; max-width: 100%; }
  .explorer-app h1 { font-size: 1.3em; }
}
</style>
"""


def header(title: str, subtitle: str, as_of: str) -> widgets.HTML:
    return widgets.HTML(
        CSS + f"<h1>{escape(title)}</h1><div class='explorer-stamp'>{escape(subtitle)} "
        f"Data as of {escape(format_date(as_of))}.</div>"
    )


def messages_html(messages: list[str], css_class: str = "explorer-message") -> str:
    return "".join(f"<div class='{css_class}' role='status'>{escape(message)}</div>" for message in messages)


def guarded(error_box: widgets.HTML):
    """Decorator for widget callbacks: an exception shows a friendly message, never a traceback."""

    def decorate(callback):
        @functools.wraps(callback)
        def wrapper(*args, **kwargs):
            try:
                error_box.value = ""
                return callback(*args, **kwargs)
            except Exception as error:  # shown to the viewer as a sentence; details go to the server log
                LOG.exception("callback %s failed", callback.__name__)
                error_box.value = messages_html(
                    [
                        f"Sorry, this view could not be drawn ({type(error).__name__}: {error}). "
                        "Try another choice; the rest of the page still works."
                    ],
                    "explorer-error",
                )

        return wrapper

    return decorate


# One kernel serves one page, so the width of that page is the kernel's: apps/base.py sets it when the
# page connects (and redraws); figures shown through show_figure are then adapted to a phone's width.
_VIEW = {"narrow": False}


def set_narrow(narrow: bool) -> None:
    _VIEW["narrow"] = bool(narrow)


def narrow_view() -> bool:
    """True when this kernel's page (or the frame it is embedded in) is phone-width (below 600 px)."""
    return _VIEW["narrow"]


def show_figure(plot, figure, config: dict | None = None, label: str = "Chart", **frames) -> None:
    """Draw a Plotly figure in a :class:`explorer.live_plot.LivePlot` (the one renderer of every chart).

    On a phone-width page the figure is first adapted (:func:`explorer.figures.style.narrow_layout`).
    ``label`` is the plot's accessible name; ``frames`` and ``year`` go to ``LivePlot.show``."""
    if narrow_view():
        from .figures.style import narrow_layout

        narrow_layout(figure)
    plot.show(figure, config or {"displaylogo": False, "responsive": True}, label, **frames)


def figure_config(filename: str, **extra) -> dict:
    """Plotly config: the camera button saves a PNG (drawn in the browser, offline) named after the view."""
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in filename)[:120]
    return {
        "displaylogo": False,
        "responsive": True,
        "toImageButtonOptions": {"format": "png", "filename": safe, "scale": 2},
        **extra,
    }


STAMP_SOURCES = 4  # source ids named in a figure's stamp at most; the Sources panel and the CSV list them all


def _named_sources(ids: list[str], shown: int) -> list[str]:
    """The stamp's sources as words: the first ``shown`` ids, then how many more there are."""
    if not ids:
        return ["see panel"]
    if not shown:
        return [f"{len(ids)} (see panel)"]
    words = [f"{source_id}," for source_id in ids[: shown - 1]] + [ids[shown - 1]]
    rest = len(ids) - shown
    return words + ([f"and {rest} more source{'s' if rest > 1 else ''}"] if rest else [])


def stamp_text(as_of, source_ids, coverage: str | None = None) -> str:
    """The foot of an exported figure, as lines joined by ``<br>`` that fit a phone's width
    (:data:`explorer.figures.style.STAMP_LINE_CHARACTERS` each): project and data date; the sources in at most
    two lines (as many of the first four as fit, then 'and N more sources'); then the coverage line of the
    view (``views.coverage.coverage_line``) when there is one."""
    ids = [s for s in dict.fromkeys(source_ids) if isinstance(s, str)]
    for shown in range(min(len(ids), STAMP_SOURCES), -1, -1):
        sources = wrap_words(["sources:", *_named_sources(ids, shown)])
        if len(sources) <= STAMP_LINES - 1:
            break
    lines = [f"Trafficking-law explorer · data as of {format_date(as_of)}", *sources]
    if coverage:
        lines += wrap_words(coverage.split())
    return "<br>".join(escape(line) for line in lines)


def cite_view_html(
    view_title: str, url: str, as_of, instrument_rows=(), source_ids=(), sources: pd.DataFrame | None = None
) -> str:
    """'Cite this view': the view itself in three styles, then the primary sources it rests on."""
    from .citation import STYLES, cite, cite_view

    accessed = pd.Timestamp.now().normalize()
    labels = {"apa": "APA", "chicago": "Chicago", "bluebook": "Bluebook"}
    view = "".join(
        f"<li><b>{labels[style]}</b>: <span class='explorer-citation' data-style='{style}'>"
        f"{escape(cite_view(view_title, url, as_of, accessed, style))}</span></li>"
        for style in STYLES
    )
    primary = "".join(f"<li>{escape(cite(row, 'apa'))}</li>" for row in instrument_rows)
    registry = ""
    if sources is not None:
        wanted = [s for s in dict.fromkeys(source_ids) if isinstance(s, str)]
        rows = sources.set_index("source_id").reindex(wanted).dropna(subset=["citation"])
        registry = "".join(f"<li>{escape(citation)}</li>" for citation in rows["citation"])
    return (
        f"<div class='explorer-panel' id='cite-view'><b>This view</b><ul>{view}</ul>"
        + (f"<b>Instruments shown (APA)</b><ul>{primary}</ul>" if primary else "")
        + (f"<b>Primary sources</b><ul>{registry}</ul>" if registry else "")
        + "<p>Citations are generated from the data; check them against your style guide.</p></div>"
    )


def topojson_url() -> str:
    """URL of ``explorer/geometry`` as Voilà serves it (``dashboards/static`` links to it).

    Built from the base URL Voilà gives the kernel, so it also works behind a proxy prefix.
    """
    base = os.environ.get("EXPLORER_BASE_URL") or os.environ.get("VOILA_BASE_URL") or "/"
    if not base.endswith("/"):
        base += "/"
    return f"{base}voila/files/static/"


def sources_html(source_ids, sources: pd.DataFrame, heading: str = "Sources") -> str:
    wanted = [s for s in dict.fromkeys(source_ids) if isinstance(s, str)]
    table = sources.set_index("source_id")
    items = []
    for source_id in wanted:
        if source_id not in table.index:
            continue
        row = table.loc[source_id]
        title = escape(row["title"])
        link = (
            f"<a href='{escape(row['url'])}' target='_blank' rel='noopener noreferrer'>{title}</a>"
            if isinstance(row["url"], str) and row["url"].startswith(("http://", "https://"))
            else title
        )
        status = f"; status as at {format_date(row['status_as_at'])}" if pd.notna(row["status_as_at"]) else ""
        items.append(
            f"<li><code>{escape(source_id)}</code> — {escape(row['producer'])}: {link} "
            f"(accessed {format_date(row['accessed'])}{status}; {escape(row['kind'])})</li>"
        )
    if not items:
        return f"<div class='explorer-panel'><b>{escape(heading)}</b>: none for this view.</div>"
    return f"<div class='explorer-panel'><b>{escape(heading)}</b><ul>{''.join(items)}</ul></div>"


def known_gaps_html(gaps: pd.DataFrame, instrument_ids=None) -> str:
    if instrument_ids is not None:
        gaps = gaps[gaps["instrument_id"].isin(list(instrument_ids)) | gaps["instrument_id"].isna()]
    if gaps.empty:
        return "<div class='explorer-panel'>No known gaps recorded for this view.</div>"
    rows = "".join(
        f"<li><b>{escape(row['table'])}</b>"
        + (f" · <code>{escape(row['instrument_id'])}</code>" if isinstance(row["instrument_id"], str) else "")
        + f": {escape(row['description'])}"
        + (f" <i>{escape(row['reason'])}</i>" if row["reason"] else "")
        + "</li>"
        for _, row in gaps.iterrows()
    )
    return f"<div class='explorer-panel'><ul>{rows}</ul></div>"


def csv_download_html(frame: pd.DataFrame, filename: str, stamp_lines: list[str], label: str) -> str:
    """A link that downloads exactly ``frame`` as CSV, stamped with '#' comment lines (as-of, sources)."""
    header_lines = "".join(f"# {line}\n" for line in stamp_lines)
    payload = (header_lines + frame.to_csv(index=False)).encode("utf-8")
    encoded = base64.b64encode(payload).decode("ascii")
    return (
        f"<a download='{escape(filename)}' href='data:text/csv;charset=utf-8;base64,{encoded}' "
        f"class='explorer-download'>{escape(label)}</a>"
    )


def cell_text(value, column: str) -> str:
    """A table cell's text as :func:`html_table` shows it (before HTML escaping): dates as '3 Dec 2026',
    '' for a missing value. The page scripts that rewrite cells (``live_plot.js``) use the same texts."""
    if isinstance(value, pd.Timestamp) or (column.endswith("date") and value is not None):
        value = format_date(value)
    if value is None or (not isinstance(value, (str, list)) and pd.isna(value)):
        return ""
    return str(value)


def html_table(
    frame: pd.DataFrame,
    columns: dict[str, str],
    max_rows: int | None = None,
    cell_keys: list[str] | None = None,
    live_columns=(),
) -> str:
    """An accessible HTML table (escaped cells, header row, caption-free).

    ``cell_keys`` (one per row) and ``live_columns``: those cells get ``data-cell='<key>|<column>'``, so
    that a page script can rewrite them (the country profile's 'Status in' slider)."""
    shown = frame if max_rows is None else frame.head(max_rows)
    head = "".join(f"<th scope='col'>{escape(label)}</th>" for label in columns.values())
    live = set(live_columns)
    body = []
    for position, (_, row) in enumerate(shown.iterrows()):
        cells = []
        for column in columns:
            text = escape(cell_text(row[column], column))
            if cell_keys is not None and column in live:
                cells.append(f"<td data-cell='{escape(cell_keys[position])}|{escape(column)}'>{text}</td>")
            else:
                cells.append(f"<td>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    more = (
        f"<div>… {len(frame) - len(shown)} more rows in the CSV download.</div>"
        if max_rows is not None and len(frame) > max_rows
        else ""
    )
    return f"<div class='explorer-panel'><table><tr>{head}</tr>{''.join(body)}</table>{more}</div>"
