"""Citations of instruments in APA, Chicago and Bluebook style (simplified, from the instruments table)."""
from __future__ import annotations

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


def cite_all(row) -> dict[str, str]:
    return {style: cite(row, style) for style in STYLES}
