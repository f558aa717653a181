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

#: The template every figure of the package uses (registered with plotly.io under this name).
TEMPLATE_NAME = "trafficking_explorer"
#: Trace types the figure builders draw.
TRACE_TYPES = ("scatter", "bar", "heatmap", "choropleth", "scattergeo")


def _register_template():
    """plotly's "plotly_white", with its per-trace defaults kept for the package's own trace types only.

    Applying the named "plotly_white" copies defaults for 24 trace types into every figure: 21 ms a figure,
    13 s of a static-site build (267 figures); this one draws the same and costs about a quarter of that."""
    import plotly.graph_objects as go
    import plotly.io as pio

    if TEMPLATE_NAME not in pio.templates:
        white = pio.templates["plotly_white"]
        pio.templates[TEMPLATE_NAME] = go.layout.Template(
            layout=white.layout, data={kind: white.data[kind] for kind in TRACE_TYPES}
        )
    return pio.templates[TEMPLATE_NAME]


#: That template as an object: figures take it as it is (by name, plotly would copy it from the registry
#: first, which costs about as much again).
TEMPLATE = _register_template()


STAMP_LINES = 3  # the data date, then the sources in at most two lines (explorer.ui.stamp_text)
# Room under the plot for those lines whatever their number, so that a chart whose stamp the page rewrites
# (the year shown changes its sources) keeps its size.
STAMP_HEIGHT = 47
STAMP_LINE_PIXELS = 13  # and for each further line, e.g. a coverage line (10 px type)
# The stamp is wrapped, never cut. It starts at the plot's left edge, which a chart's y axis pushes ~70 px in:
# on a 390 px phone about 300 px are left; DejaVu Sans (the widest of FONT's families) at 10 px takes up to
# ~5.4 px a character, so lines of 50 characters fit (tests/test_stamp.py, tests/test_stamp_browser.py).
STAMP_LINE_CHARACTERS = 50


def wrap_words(words: list[str], width: int = STAMP_LINE_CHARACTERS) -> list[str]:
    """The words (each kept whole) joined by spaces into lines of at most ``width`` characters; a longer word
    stands on a line of its own."""
    lines: list[str] = []
    for word in words:
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def stamp_lines(text: str) -> int:
    """How many lines a stamp text (lines joined by ``<br>``, see :func:`explorer.ui.stamp_text`) takes."""
    return text.count("<br>") + 1


def stamp(figure, text: str, lines: int | None = None):
    """Write the as-of date and sources under the plot, so every PNG exported from it carries them.

    ``text`` is already wrapped (:func:`explorer.ui.stamp_text`); the figure grows by the room its lines
    take (at least :data:`STAMP_LINES`), or by the room of ``lines`` lines if more (a map whose stamp's
    coverage line changes with the year shown reserves room for its longest).
    """
    margin = figure.layout.margin.b if figure.layout.margin.b is not None else 10
    room = STAMP_HEIGHT + STAMP_LINE_PIXELS * max(0, max(lines or 0, stamp_lines(text)) - STAMP_LINES)
    figure.add_annotation(
        text=text,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xanchor="left",
        yanchor="top",
        yshift=-(margin + 4),
        showarrow=False,
        align="left",
        font=dict(size=10, color="#444444"),
        name="explorer-stamp",
    )
    figure.update_layout(margin=dict(b=margin + room))
    if figure.layout.height:
        figure.update_layout(height=figure.layout.height + room)
    return figure


NARROW_COLORBAR_PIXELS = 190
NARROW_MAP_PIXELS = 210  # height of a world map's plot area on a phone
NARROW_ROW_EXTRA = 16  # pixels added to each labelled row on a phone


def narrow_layout(figure):
    """Adapt any of the package's figures to a phone-width page (below ~600 px), in place.

    Legends go above the plot in rows, a colour bar (the map's status legend) moves under the plot
    (the figure grows by its length), long category labels on the y axis are drawn inside the plot
    (over its empty left part) instead of in a margin, and side margins shrink. Figures with a
    narrow layout of their own (``timeline_figure(narrow=True)``) pass through unharmed.
    """
    layout = figure.layout
    updates = {
        "margin": dict(
            l=min(layout.margin.l if layout.margin.l is not None else 4, 4),
            r=min(layout.margin.r if layout.margin.r is not None else 4, 4),
        )
    }
    if layout.legend.orientation != "h":
        updates["legend"] = dict(orientation="h", x=0, xanchor="left", y=1.0, yanchor="bottom", font=dict(size=11))
    if layout.title.text:
        updates["title"] = dict(font=dict(size=13), x=0, xanchor="left")
    bars = [
        trace
        for trace in figure.data
        if trace.type in ("choropleth", "choroplethmap", "heatmap") and trace.showscale is not False
    ]
    if bars:
        added = NARROW_COLORBAR_PIXELS + 40
        bottom = layout.margin.b if layout.margin.b is not None else 0
        top = layout.margin.t if layout.margin.t is not None else 0
        updates["margin"]["b"] = bottom + added
        height = layout.height or 450
        if any(trace.type in ("choropleth", "scattergeo") for trace in figure.data):
            height = min(height, top + bottom + NARROW_MAP_PIXELS)  # a world map is about twice as wide as high
        updates["height"] = height + added
        # Under whatever the old bottom margin held (e.g. the as-of stamp), in the new margin.
        plot_height = max(1, height - top - bottom)
        for trace in bars:
            trace.colorbar.update(
                x=0,
                xanchor="left",
                y=-(bottom + 6) / plot_height,
                yanchor="top",
                ypad=0,
                lenmode="pixels",
                len=NARROW_COLORBAR_PIXELS,
                thickness=12,
                tickfont=dict(size=11),
                title=dict(side="top"),
            )
    axis = layout.yaxis
    if (
        axis.ticktext is not None
        and axis.tickvals is not None
        and len(axis.ticktext) > 1
        and axis.showticklabels is not False
        and all(isinstance(v, (int, float)) for v in axis.tickvals)
    ):
        # Row labels (e.g. the country timeline's instruments): each written just above its row, across
        # the width, instead of in a left margin; the rows get taller to make room.
        for value, text in zip(axis.tickvals, axis.ticktext):
            figure.add_annotation(
                x=0,
                xref="paper",
                xanchor="left",
                y=value,
                yref="y",
                yanchor="bottom",
                yshift=6,
                text=text,
                showarrow=False,
                font=dict(size=11, color="#1a1a1a"),
                bgcolor="rgba(255,255,255,0.75)",
                borderpad=0,
            )
        figure.update_yaxes(showticklabels=False, automargin=False)
        if "height" in updates or layout.height:
            updates["height"] = int((updates.get("height") or layout.height) + NARROW_ROW_EXTRA * len(axis.ticktext))
    figure.update_layout(**updates)
    return figure
