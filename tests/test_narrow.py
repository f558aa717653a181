"""Phone-width layouts of the figures: the timeline's titles above its rows, and narrow_layout for the rest.
The wide (default) layouts stay as they were."""

from __future__ import annotations

import explorer
from explorer.figures.style import narrow_layout
from explorer.figures.timeline import timeline_figure


def test_timeline_narrow_writes_titles_above_rows_and_keeps_the_wide_layout(real_tables):
    instruments = explorer.load_instruments()
    wide, narrow = timeline_figure(instruments), timeline_figure(instruments, narrow=True)
    assert wide.layout.yaxis.showticklabels is not False and wide.layout.margin.l == 10
    assert narrow.layout.yaxis.showticklabels is False and narrow.layout.margin.l <= 4
    titles = [a.text for a in narrow.layout.annotations if a.name == "explorer-row-title"]
    assert len(titles) == len(narrow.layout.yaxis.tickvals)
    assert all(len(title) <= 50 for title in titles)
    assert narrow.layout.height > wide.layout.height  # taller rows, room for the titles


def test_narrow_layout_moves_the_map_legend_under_the_map(real_tables):
    figure = narrow_layout(explorer.world_map("palermo-protocol-2000", "2010-12-31"))
    bar = next(trace for trace in figure.data if trace.type == "choropleth").colorbar
    assert bar.yanchor == "top" and bar.y <= 0 and bar.x == 0 and bar.lenmode == "pixels"
    assert figure.layout.margin.l <= 4 and figure.layout.margin.r <= 4


def test_narrow_layout_puts_row_labels_above_rows(real_tables):
    figure = explorer.country_timeline("PHL")
    rows = len(figure.layout.yaxis.ticktext)
    before = figure.layout.height
    narrow_layout(figure)
    assert figure.layout.yaxis.showticklabels is False
    assert len([a for a in figure.layout.annotations if a.yref == "y"]) >= rows
    assert figure.layout.height > before
