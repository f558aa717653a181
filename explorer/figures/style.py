"""Shared look: colour-blind-safe palette (Okabe–Ito), fonts, family lanes."""
from __future__ import annotations

from ..schema import FAMILIES

# Okabe & Ito (2008) colour-universal-design palette.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}

STATUS_COLOURS = {
    "party": OKABE_ITO["blue"],
    "party_not_in_force": OKABE_ITO["sky_blue"],
    "via_predecessor": OKABE_ITO["bluish_green"],
    "signatory": OKABE_ITO["orange"],
    "denounced": OKABE_ITO["vermillion"],
    # A grey dark enough to stay apart from 'not applicable' (tests/test_palette.py).
    "no_action": "#BDBDBD",
    # NOTE: 'No data' (rows incomplete) must never look like 'No action recorded': a pale sand, apart
    # from both greys for every colour vision (tests/test_palette.py).
    "no_data": "#EAD9B8",
    "not_applicable": "#F4F4F4",
}

FAMILY_COLOURS = {
    "league": "#6B4E16",
    "un": OKABE_ITO["blue"],
    "ilo": OKABE_ITO["bluish_green"],
    "council_of_europe": OKABE_ITO["reddish_purple"],
    "eu": OKABE_ITO["sky_blue"],
    "asean": OKABE_ITO["orange"],
    "saarc": OKABE_ITO["orange"],
    "oas": OKABE_ITO["orange"],
    "us_federal": OKABE_ITO["vermillion"],
    "national": "#555555",
}

# Timeline lanes, top to bottom. ASEAN, SAARC and OAS share a regional lane.
LANES = [
    ("league", ("league",)),
    ("un", ("un",)),
    ("ilo", ("ilo",)),
    ("council_of_europe", ("council_of_europe",)),
    ("eu", ("eu",)),
    ("regional", ("asean", "saarc", "oas")),
    ("us_federal", ("us_federal",)),
    ("national", ("national",)),
]
LANE_LABELS = {lane: FAMILIES.get(lane, "ASEAN, SAARC, OAS") for lane, _ in LANES}
LANE_LABELS["league"] = "Early & League of Nations"
LANE_LABELS["regional"] = "ASEAN · SAARC · OAS"
LANE_OF_FAMILY = {family: lane for lane, families in LANES for family in families}

FONT = dict(family="DejaVu Sans, Arial, sans-serif", size=13)


STAMP_HEIGHT = 34


def stamp(figure, text: str):
    """Write the as-of date and sources under the plot, so every PNG exported from it carries them."""
    margin = figure.layout.margin.b if figure.layout.margin.b is not None else 10
    figure.add_annotation(text=text, xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
                          yshift=-(margin + 4), showarrow=False, align="left",
                          font=dict(size=10, color="#444444"), name="explorer-stamp")
    figure.update_layout(margin=dict(b=margin + STAMP_HEIGHT))
    if figure.layout.height:
        figure.update_layout(height=figure.layout.height + STAMP_HEIGHT)
    return figure
