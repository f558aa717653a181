"""Figure builders: trace types, lanes, date axis, categories and colours, hover fields, lineage."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

import explorer
from explorer.figures import map_figure, parties_over_time_figure, timeline_figure
from explorer.figures.style import STATUS_COLOURS
from explorer.status import STATUSES


def _trace(figure, name):
    [trace] = [t for t in figure.data if t.name == name]
    return trace


def test_timeline_one_mark_per_instrument_on_a_date_axis(fixture_data_dir):
    instruments = explorer.load_instruments()
    figure = timeline_figure(instruments, explorer.load_relations(), explorer.load_events(), as_of="2026-01-01")
    assert isinstance(figure, go.Figure)
    adopted = _trace(figure, "Adopted / enacted")
    assert sorted(adopted.customdata) == sorted(instruments["instrument_id"])
    assert figure.layout.xaxis.type == "date"
    assert list(figure.layout.yaxis.ticktext) == ["Treaty A", "Treaty B", "Law C", "Cases &amp; events"]
    assert [a.text for a in figure.layout.annotations] == [
        "<b>United Nations</b>",
        "<b>Other national law</b>",
        "<b>Cases & events</b>",
    ]
    # Pre-1970 dates are real dates on the axis.
    first = pd.Timestamp(min(adopted.x))
    assert first == pd.Timestamp("1950-01-01")


def test_timeline_lanes_separate_families(fixture_data_dir):
    figure = timeline_figure(explorer.load_instruments(), as_of="2026-01-01")
    adopted = _trace(figure, "Adopted / enacted")
    y = dict(zip(adopted.customdata, adopted.y))
    assert y["treaty-a"] != y["law-c"]


def test_timeline_lineage_edges_join_the_right_instruments(fixture_data_dir):
    instruments = explorer.load_instruments()
    figure = timeline_figure(
        instruments,
        explorer.load_relations(),
        as_of="2026-01-01",
        selected="law-c",
        highlighted={"treaty-a", "treaty-b"},
    )
    starts = dict(zip(instruments["instrument_id"], instruments[["adopted", "enacted"]].min(axis=1)))
    strong = _trace(figure, "Selected lineage")
    pairs = {(pd.Timestamp(strong.x[i]), pd.Timestamp(strong.x[i + 1])) for i in range(0, len(strong.x), 3)}
    assert pairs == {(starts["treaty-a"], starts["treaty-b"]), (starts["treaty-b"], starts["law-c"])}


def test_timeline_hover_escapes_html(fixture_data_dir):
    figure = timeline_figure(explorer.load_instruments(), as_of="2026-01-01")
    hover = dict(zip(_trace(figure, "Adopted / enacted").customdata, _trace(figure, "Adopted / enacted").hovertext))
    assert "&lt;b&gt;with markup&lt;/b&gt;" in hover["law-c"]
    assert "Adopted: 1 Jan 1950" in hover["treaty-a"]


def test_hover_escape_uses_references_plotly_decodes():
    from explorer.text import hover_escape

    # Plotly decodes &amp; &lt; &gt; and numeric references, but shows '&quot;' literally.
    assert (
        hover_escape('The "Palermo" Protocol & <b>it\'s</b>')
        == "The &#34;Palermo&#34; Protocol &amp; &lt;b&gt;it&#x27;s&lt;/b&gt;"
    )


def test_map_categories_and_colours_are_stable_across_years(fixture_data_dir):
    early = map_figure(explorer.statuses("treaty-a", "1930-01-01"))
    late = map_figure(explorer.statuses("treaty-a", "2000-01-01"))
    # Every status has its fixed place on the scale; the legend lists 'No action recorded' and 'No data'
    # only where some state has them (treaty-a is complete, so never 'No data'; in 1930 it did not exist).
    always = ["party", "party_not_in_force", "via_predecessor", "signatory", "denounced", "not_applicable"]
    for figure, expected in ((early, always), (late, always[:5] + ["no_action", "not_applicable"])):
        choropleth = figure.data[0]
        assert choropleth.type == "choropleth" and choropleth.locationmode == "ISO-3"
        assert (choropleth.zmin, choropleth.zmax) == (-0.5, len(expected) - 0.5)
        assert list(choropleth.colorbar.tickvals) == list(range(len(expected)))
        assert list(choropleth.colorbar.ticktext) == [STATUSES[s] for s in expected]
        # Each category keeps its colour whatever else is shown.
        assert [c[1] for c in choropleth.colorscale[::2]] == [STATUS_COLOURS[s] for s in expected]
    partial = map_figure(
        pd.DataFrame(
            {
                "state_id": ["FRA", "DEU"],
                "name": ["France", "Germany"],
                "status": ["party", "no_data"],
                "action": [None, None],
                "action_date": [None, None],
                "source_id": [None, None],
                "via": [None, None],
            }
        )
    )
    legend = list(partial.data[0].colorbar.ticktext)
    assert STATUSES["no_data"] in legend and STATUSES["no_action"] not in legend


def test_map_hover_has_state_status_action_date_source(fixture_data_dir):
    figure = map_figure(explorer.statuses("treaty-a", "1960-01-01"))
    hover = dict(zip(figure.data[0].locations, figure.data[0].hovertext))
    assert "France" in hover["FRA"] and "Party (in force)" in hover["FRA"]
    assert "ratification: 1 Jun 1950" in hover["FRA"] and "test-depositary" in hover["FRA"]
    assert "via Yugoslavia" in hover["HRV"]


def test_map_draws_small_states_as_points(fixture_data_dir):
    figure = map_figure(explorer.statuses("treaty-a", "1960-01-01"))
    points = figure.data[1]
    assert points.type == "scattergeo" and "TUV" in list(points.customdata)  # Tuvalu has no shape at 1:50m


def test_parties_over_time_marks_the_date(fixture_data_dir):
    counts = explorer.counts_over_time("treaty-a")
    figure = parties_over_time_figure({"Treaty A": counts}, as_of="1960-01-01", end="2026-01-01")
    line = figure.data[0]
    assert line.line.shape == "hv"
    marker = figure.data[1]
    assert list(marker.y) == [3]  # FRA, SWE, YUG on 1 Jan 1960


def test_embedded_geometry_needs_no_url(fixture_data_dir):
    figure = explorer.world_map("treaty-a", "1960")
    choropleth = next(trace for trace in figure.data if trace.type == "choropleth")
    assert choropleth.locationmode == "geojson-id"
    # plotly.js would fetch its CDN topology if a base layer were shown or the first trace had a
    # location mode (see embed_geometry).
    assert figure.data[0].type == "scattergeo" and not figure.data[0].locationmode
    assert not any(
        figure.layout.geo[f"show{layer}"]
        for layer in ("land", "ocean", "lakes", "rivers", "coastlines", "countries", "subunits")
    )
    ids = {feature["id"] for feature in choropleth.geojson["features"]}
    assert {"FRA", "SWE", "USA"} <= ids


def test_instrument_known_only_by_entry_into_force_has_no_adoption_mark(fixture_data_dir):
    instruments = explorer.load_instruments()
    instruments.loc[instruments["instrument_id"] == "law-c", ["enacted", "entry_into_force"]] = [
        pd.NaT,
        pd.Timestamp("1999-01-01"),
    ]
    figure = timeline_figure(instruments, as_of="2026-01-01")
    assert "law-c" not in list(_trace(figure, "Adopted / enacted").customdata)
    assert "law-c" in list(_trace(figure, "Entry into force").customdata)


def test_timeline_filters_combine(fixture_data_dir):
    from explorer.apps.timeline import filter_instruments

    instruments, log = explorer.load_instruments(), explorer.load_participation()
    assert list(filter_instruments(instruments, log, families=["un"], years=(1955, 1970))["instrument_id"]) == [
        "treaty-b"
    ]
    assert list(filter_instruments(instruments, log, state="SWE", text="law")["instrument_id"]) == ["law-c"]
    assert filter_instruments(instruments, log, kind="directive").empty


def test_stamp_puts_the_as_of_line_under_the_plot_and_grows_the_figure():
    import plotly.graph_objects as go

    from explorer.figures.style import STAMP_HEIGHT, stamp

    figure = go.Figure(layout=dict(height=400, margin=dict(b=20)))
    stamp(figure, "data as of 22 Nov 2026 · sources: untc-xviii-12-a")
    notes = [a for a in figure.layout.annotations if a.name == "explorer-stamp"]
    assert len(notes) == 1 and "22 Nov 2026" in notes[0].text and notes[0].yref == "paper"
    assert figure.layout.height == 400 + STAMP_HEIGHT and figure.layout.margin.b == 20 + STAMP_HEIGHT


def test_figure_config_names_the_png_after_the_view():
    from explorer.ui import figure_config

    config = figure_config("palermo/2010 <x>", topojsonURL="/static/")
    assert config["toImageButtonOptions"] == {"format": "png", "filename": "palermo_2010__x_", "scale": 2}
    assert config["topojsonURL"] == "/static/" and config["displaylogo"] is False


def test_figure_builders_read_no_files():
    """figures/ promises DataFrames + options in, a Figure out: the geometry comes from explorer.load."""
    import re

    from conftest import REPO_DIR

    reading = re.compile(r"\bopen\(|read_text|read_bytes|read_parquet|read_csv|GEOMETRY_DIR|json\.load\(")
    offenders = [
        path.name
        for path in sorted((REPO_DIR / "explorer" / "figures").glob("*.py"))
        if reading.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_map_figure_draws_the_geometry_it_is_given(fixture_data_dir):
    import dataclasses

    from explorer import load

    statuses = explorer.statuses("treaty-a", "1960-01-01")
    shipped = load.map_geometry()
    only_france = dataclasses.replace(
        shipped, shape_ids=frozenset({"FRA"}), label_points=shipped.label_points.iloc[0:0]
    )
    figure = map_figure(statuses, geometry=only_france)
    assert list(figure.data[0].locations) == ["FRA"] and len(figure.data[1].lat) == 0
    assert list(map_figure(statuses).data[0].locations) == list(
        map_figure(statuses, geometry=shipped).data[0].locations
    )
