"""Citation formats against hand-written expected strings."""

from __future__ import annotations

import pandas as pd
import pytest

from explorer.citation import cite

PALERMO = {
    "official_title": "Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and "
    "Children, supplementing the United Nations Convention against Transnational Organized "
    "Crime",
    "adopted": pd.Timestamp("2000-11-15"),
    "enacted": None,
    "opened_for_signature": pd.Timestamp("2000-12-12"),
    "citation": "2237 UNTS 319",
}
FOSTA = {
    "official_title": "Allow States and Victims to Fight Online Sex Trafficking Act of 2017",
    "adopted": None,
    "enacted": pd.Timestamp("2018-04-11"),
    "opened_for_signature": None,
    "citation": "Pub. L. No. 115-164, 132 Stat. 1253",
}
UNDATED = {
    "official_title": "Some Act",
    "adopted": None,
    "enacted": None,
    "opened_for_signature": None,
    "citation": None,
}


@pytest.mark.parametrize(
    "row, style, expected",
    [
        (
            PALERMO,
            "apa",
            "Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and Children, "
            "supplementing the United Nations Convention against Transnational Organized Crime. "
            "(2000, November 15). 2237 UNTS 319.",
        ),
        (
            PALERMO,
            "bluebook",
            "Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and "
            "Children, supplementing the United Nations Convention against Transnational Organized "
            "Crime, Nov. 15, 2000, 2237 UNTS 319.",
        ),
        (
            FOSTA,
            "chicago",
            "Allow States and Victims to Fight Online Sex Trafficking Act of 2017. April 11, 2018. "
            "Pub. L. No. 115-164, 132 Stat. 1253.",
        ),
        (
            FOSTA,
            "bluebook",
            "Allow States and Victims to Fight Online Sex Trafficking Act of 2017, Apr. 11, 2018, "
            "Pub. L. No. 115-164, 132 Stat. 1253.",
        ),
        (UNDATED, "apa", "Some Act. (n.d.)."),
    ],
)
def test_citations(row, style, expected):
    assert cite(row, style) == expected


def test_unknown_style():
    with pytest.raises(ValueError, match="unknown citation style"):
        cite(PALERMO, "mla")


VIEW_URL = "https://example.org/voila/render/map.ipynb?instrument=palermo-protocol-2000&date=2010"


@pytest.mark.parametrize(
    "style, expected",
    [
        (
            "apa",
            "Trafficking-law explorer. (2026). Palermo map, 31 December 2010 [Interactive dashboard; data as of "
            "November 22, 2026]. Retrieved September 4, 2027, from " + VIEW_URL,
        ),
        (
            "chicago",
            "Trafficking-law explorer. \u201cPalermo map, 31 December 2010.\u201d Interactive dashboard, data as "
            "of November 22, 2026. Accessed September 4, 2027. " + VIEW_URL + ".",
        ),
        (
            "bluebook",
            "Trafficking-law explorer, Palermo map, 31 December 2010 (data as of Nov. 22, 2026), "
            + VIEW_URL
            + " (last visited Sept. 4, 2027).",
        ),
    ],
)
def test_view_citations(style, expected):
    from explorer.citation import cite_view

    assert cite_view("Palermo map, 31 December 2010", VIEW_URL, "2026-11-22", "2027-09-04", style) == expected


def test_view_citation_rejects_unknown_style():
    from explorer.citation import cite_view

    with pytest.raises(ValueError, match="unknown citation style"):
        cite_view("x", "y", "2026-01-01", "2026-01-02", "mla")


def test_cite_view_panel_escapes_and_lists_primary_sources():
    from explorer.ui import cite_view_html

    sources = pd.DataFrame({"source_id": ["s1", "s2"], "citation": ["UNTC <status> page", None]})
    html = cite_view_html("Map <b>x</b>", "map.ipynb?a=1&b=2", "2026-11-22", [PALERMO], ["s1", "s2", "s1"], sources)
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html
    assert "a=1&amp;b=2" in html
    assert html.count("UNTC &lt;status&gt; page") == 1
    assert "2237 UNTS 319" in html
