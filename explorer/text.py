"""Formatting of dates and text for display. Everything shown to a viewer passes through here, so
text from the data (titles, notes) is always escaped and never interpreted as HTML."""

from __future__ import annotations

import datetime as dt
import html

import pandas as pd


def format_date(value) -> str:
    """'25 Dec 2003'. Works for any year (pre-1970 included); '—' for a missing date."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    value = pd.Timestamp(value)
    return f"{value.day} {value.strftime('%b')} {value.year}"


def format_long_date(value) -> str:
    """'25 December 2003'."""
    value = pd.Timestamp(value)
    return f"{value.day} {value.strftime('%B')} {value.year}"


def escape(value) -> str:
    """HTML-escape any value for an HTML widget ('' for missing)."""
    if value is None or (not isinstance(value, (str, list)) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


def hover_escape(value) -> str:
    """Escape text for Plotly's titles and hover labels (which understand a few tags of their own).

    Plotly decodes numeric character references and only a handful of named ones (``&amp;``,
    ``&lt;``, ``&gt;``…, not ``&quot;``), so quotes become numeric references: a title with a quote
    in it shows the quote, not a literal ``&quot;``.
    """
    return escape(value).replace("&quot;", "&#34;")


def one_line(text: str, limit: int = 120) -> str:
    """First sentence of a text, cut to ``limit`` characters."""
    text = " ".join(str(text or "").split())
    sentence = text.split(". ")[0]
    if len(sentence) > limit:
        sentence = sentence[: limit - 1].rstrip() + "…"
    return sentence
