"""Citations of instruments in APA, Chicago and Bluebook style (simplified, from the instruments table)."""

from __future__ import annotations

import pandas as pd

from .dates import start_date

BLUEBOOK_MONTHS = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
STYLES = ("apa", "chicago", "bluebook")


def cite(row, style: str = "apa") -> str:
    """Cite one instrument (a row of the instruments table)."""
    if style not in STYLES:
        raise ValueError(f"unknown citation style {style!r}; use one of {', '.join(STYLES)}")
    title = row["official_title"]
    when = start_date(row)
    citation = row.get("citation") if isinstance(row.get("citation"), str) else ""
    if style == "apa":
        date = f"{when.year}, {when.strftime('%B')} {when.day}" if when is not None else "n.d."
        text = f"{title}. ({date})."
        return f"{text} {citation}." if citation else text
    if style == "chicago":
        date = f"{when.strftime('%B')} {when.day}, {when.year}" if when is not None else "n.d."
        text = f"{title}. {date}."
        return f"{text} {citation}." if citation else text
    date = f"{BLUEBOOK_MONTHS[when.month - 1]} {when.day}, {when.year}" if when is not None else "n.d."
    return f"{title}, {date}, {citation}." if citation else f"{title}, {date}."


PROJECT = "Trafficking-law explorer"


def _long(day, style: str) -> str:
    day = pd.Timestamp(day)
    if style in ("apa", "chicago"):
        return f"{day.strftime('%B')} {day.day}, {day.year}"
    return f"{BLUEBOOK_MONTHS[day.month - 1]} {day.day}, {day.year}"


def cite_view(title: str, url: str, as_of, accessed, style: str = "apa") -> str:
    """Cite a dashboard view (what the viewer sees at ``url``), with the data's as-of date."""
    if style not in STYLES:
        raise ValueError(f"unknown citation style {style!r}; use one of {', '.join(STYLES)}")
    as_of, accessed = pd.Timestamp(as_of), pd.Timestamp(accessed)
    if style == "apa":
        return (
            f"{PROJECT}. ({as_of.year}). {title} [Interactive dashboard; data as of {_long(as_of, style)}]. "
            f"Retrieved {_long(accessed, style)}, from {url}"
        )
    if style == "chicago":
        return (
            f"{PROJECT}. \u201c{title}.\u201d Interactive dashboard, data as of {_long(as_of, style)}. "
            f"Accessed {_long(accessed, style)}. {url}."
        )
    return f"{PROJECT}, {title} (data as of {_long(as_of, style)}), {url} (last visited {_long(accessed, style)})."


def cite_all(row) -> dict[str, str]:
    return {style: cite(row, style) for style in STYLES}
