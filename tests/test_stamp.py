"""The stamp under every chart (as-of date, sources, coverage): wrapped into lines that fit a phone, never cut
at the right edge; the figure makes room for all its lines. (In a browser: tests/test_stamp_browser.py.)"""

from __future__ import annotations

import html

import plotly.graph_objects as go

from explorer.figures.style import (
    STAMP_HEIGHT,
    STAMP_LINE_CHARACTERS,
    STAMP_LINE_PIXELS,
    STAMP_LINES,
    stamp,
    stamp_lines,
)
from explorer.ui import stamp_text

LONG_IDS = [
    "untc-nl-inview-xviii-12-a-parties",
    "untc-xviii-12-a",
    "untc-unodc-southasia-bhutan-2023",
    "untc-mofa-japan-press3-000292",
    "coe-press-197-2008-01-23",
    "ilo-sr-che-c029-c105-c138",
]
LONG_COVERAGE = (
    "Coverage: complete_to: 169 of 182 published parties (20 Apr 2024) in the rows; counts are minimums; "
    "'No data' = not recorded"
)


def _lines(text: str) -> list[str]:
    return [html.unescape(line) for line in text.split("<br>")]


def test_every_line_of_a_long_stamp_fits_a_phone():
    text = stamp_text("2026-12-30", LONG_IDS, LONG_COVERAGE)
    lines = _lines(text)
    assert all(len(line) <= STAMP_LINE_CHARACTERS for line in lines), lines
    assert lines[0] == "Trafficking-law explorer · data as of 30 Dec 2026"
    # The sources take two lines at most: as many of the first ones as fit, then how many more (the Sources
    # panel and the CSV list them all); the coverage line follows in full, wrapped.
    assert lines[1:3] == ["sources: untc-nl-inview-xviii-12-a-parties,", "untc-xviii-12-a and 4 more sources"]
    assert " ".join(lines[3:]) == LONG_COVERAGE


def test_a_short_stamp_names_its_sources():
    lines = _lines(stamp_text("2026-12-03", ["untc-xviii-12-a", "ml-unodc-ctoc-signatures"]))
    assert lines == [
        "Trafficking-law explorer · data as of 3 Dec 2026",
        "sources: untc-xviii-12-a, ml-unodc-ctoc-signatures",
    ]
    assert _lines(stamp_text("2026-12-03", list("abcde")))[1] == "sources: a, b, c, d and 1 more source"
    assert _lines(stamp_text("2026-12-03", []))[1] == "sources: see panel"
    assert _lines(stamp_text("2026-12-03", ["x" * 60, "y"]))[1] == "sources: 2 (see panel)"


def test_the_figure_makes_room_for_every_line():
    short, long = "one line", stamp_text("2026-12-30", LONG_IDS, LONG_COVERAGE)
    figure = stamp(go.Figure(layout=dict(height=400, margin=dict(b=20))), short)
    assert figure.layout.height == 400 + STAMP_HEIGHT
    figure = stamp(go.Figure(layout=dict(height=400, margin=dict(b=20))), long)
    extra = STAMP_HEIGHT + STAMP_LINE_PIXELS * (stamp_lines(long) - STAMP_LINES)
    assert stamp_lines(long) == 6 and figure.layout.height == 400 + extra and figure.layout.margin.b == 20 + extra
    # A map whose stamp changes with the year reserves room for its longest one.
    figure = stamp(go.Figure(layout=dict(height=400, margin=dict(b=20))), short, lines=stamp_lines(long))
    assert figure.layout.height == 400 + extra
