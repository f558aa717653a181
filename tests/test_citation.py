"""Citation formats against hand-written expected strings."""
from __future__ import annotations

import pandas as pd
import pytest

from explorer.citation import cite

PALERMO = {"official_title": "Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and "
                             "Children, supplementing the United Nations Convention against Transnational Organized "
                             "Crime", "adopted": pd.Timestamp("2000-11-15"), "enacted": None,
           "opened_for_signature": pd.Timestamp("2000-12-12"), "citation": "2237 UNTS 319"}
FOSTA = {"official_title": "Allow States and Victims to Fight Online Sex Trafficking Act of 2017", "adopted": None,
         "enacted": pd.Timestamp("2018-04-11"), "opened_for_signature": None, "citation": "Pub. L. No. 115-164, "
         "132 Stat. 1253"}
UNDATED = {"official_title": "Some Act", "adopted": None, "enacted": None, "opened_for_signature": None,
           "citation": None}


@pytest.mark.parametrize("row, style, expected", [
    (PALERMO, "apa", "Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and Children, "
                     "supplementing the United Nations Convention against Transnational Organized Crime. "
                     "(2000, November 15). 2237 UNTS 319."),
    (PALERMO, "bluebook", "Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and "
                          "Children, supplementing the United Nations Convention against Transnational Organized "
                          "Crime, Nov. 15, 2000, 2237 UNTS 319."),
    (FOSTA, "chicago", "Allow States and Victims to Fight Online Sex Trafficking Act of 2017. April 11, 2018. "
                       "Pub. L. No. 115-164, 132 Stat. 1253."),
    (FOSTA, "bluebook", "Allow States and Victims to Fight Online Sex Trafficking Act of 2017, Apr. 11, 2018, "
                        "Pub. L. No. 115-164, 132 Stat. 1253."),
    (UNDATED, "apa", "Some Act. (n.d.)."),
])
def test_citations(row, style, expected):
    assert cite(row, style) == expected


def test_unknown_style():
    with pytest.raises(ValueError, match="unknown citation style"):
        cite(PALERMO, "mla")
