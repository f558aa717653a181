"""The plotly.js partial bundles (explorer/vendor/plotlyjs/, explorer/plotly_js.py): the same plotly.js version
as the figure JSON plotly.py writes, the trace types each one really registers (read in chromium), and the
bundle chosen for each figure of the explorer."""

from __future__ import annotations

import re
from pathlib import Path

import plotly
import pytest
from plotly.offline import get_plotlyjs_version

import explorer
from explorer import plotly_js
from explorer.figures import map_figure
from explorer.figures.country import model_law_figure

PARTIAL = ("basic", "geo", "cartesian")
# The trace modules the npm packages' READMEs list (plotly.js 4.1.1), typed here from those READMEs.
README_TRACES = {
    "basic": {"bar", "pie", "scatter"},
    "geo": {"choropleth", "scatter", "scattergeo"},
    "cartesian": {
        "bar",
        "box",
        "contour",
        "heatmap",
        "histogram",
        "histogram2d",
        "histogram2dcontour",
        "image",
        "pie",
        "scatter",
        "scatterternary",
        "violin",
    },
}


def _header(path: Path) -> str:
    return path.read_text(encoding="utf-8")[:200]


@pytest.mark.parametrize("name", PARTIAL)
def test_bundle_version_is_the_plotly_js_version_plotly_py_writes_for(name):
    path = plotly_js.bundle_file(name)
    assert path.is_file(), f"{path} missing: run `make plotly-js`"
    found = re.search(r"plotly\.js \((\w+) - minified\) v(\S+)", _header(path))
    assert found, _header(path)
    assert found.group(1) == name
    full = re.search(r"plotly\.js v(\S+)", _header(Path(plotly.__file__).parent / "package_data" / "plotly.min.js"))
    assert found.group(2) == get_plotlyjs_version() == full.group(1), (
        f"{path.name} is plotly.js {found.group(2)}, plotly {plotly.__version__} writes figures for "
        f"{get_plotlyjs_version()}: run `make plotly-js`"
    )
    assert plotly_js.file_version(path) == get_plotlyjs_version()


def test_vendored_files_carry_their_licence():
    licence = (plotly_js.VENDOR_DIR / "LICENSE-plotly.js.txt").read_text(encoding="utf-8")
    assert licence.startswith("MIT License") and "Plotly" in licence
    for name in PARTIAL:
        assert "Licensed under the MIT license" in _header(plotly_js.bundle_file(name))


def test_the_smallest_bundle_that_draws_each_figure_is_chosen(real_tables):
    statuses = explorer.statuses("palermo-protocol-2000", "2010-12-31", warn=False)
    world = map_figure(statuses)
    chart = explorer.parties_chart("palermo-protocol-2000")
    assert {trace.type for trace in world.data} == {"choropleth", "scattergeo"}
    assert plotly_js.bundle_name(world, chart) == "geo"
    assert plotly_js.bundle_name(explorer.timeline()) == "basic"
    assert plotly_js.bundle_name(explorer.country_timeline("PHL")) == "basic"
    assert plotly_js.bundle_name("scatter", "heatmap") == "cartesian"
    assert plotly_js.bundle_name({"data": [{"z": [[1]], "type": "heatmap"}]}) == "cartesian"
    assert plotly_js.bundle_name({"data": [{"y": [1]}]}) == "basic"  # no type: scatter, as in plotly.js
    # No partial bundle has a choropleth and a heatmap, or a sunburst: the full bundle.
    assert plotly_js.bundle_name(world, "heatmap") == "full"
    assert plotly_js.bundle_name("sunburst") == "full"
    assert plotly_js.plotly_js_path() == Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
    assert plotly_js.plotly_js_path(world).name == "plotly-geo.min.js"
    with pytest.raises(ValueError):
        plotly_js.bundle_file("gl3d")


def test_model_law_matrix_needs_the_cartesian_bundle(real_tables):
    from explorer import load

    names = load.load_states().set_index("state_id")["name"].to_dict()
    figure = model_law_figure(
        load.load_table("model_law_assessments"), load.load_table("model_law_provisions"), names, highlight="PHL"
    )
    assert {trace.type for trace in figure.data} == {"heatmap"}
    assert plotly_js.bundle_name(figure) == "cartesian"


def test_a_bundle_of_another_version_is_never_used(monkeypatch):
    monkeypatch.setattr(plotly_js, "get_plotlyjs_version", lambda: "99.0.0")
    assert plotly_js.bundle_name("choropleth") == "full"
    assert plotly_js.bundle_name("scatter") == "full"


@pytest.mark.browser
def test_each_bundle_registers_the_trace_types_it_is_chosen_for(browser):
    page = browser.new_page()
    try:
        registered = {}
        for name in (*PARTIAL, "full"):
            page.set_content("<!DOCTYPE html><html><body></body></html>")
            page.add_script_tag(path=str(plotly_js.bundle_file(name)))
            registered[name] = set(page.evaluate("() => Object.keys(Plotly.PlotSchema.get().traces)"))
            assert page.evaluate("() => Plotly.version") == get_plotlyjs_version(), name
        for name in PARTIAL:
            assert registered[name] == set(plotly_js.BUNDLE_TRACES[name]) == README_TRACES[name], name
            assert registered[name] < registered["full"]
        # A second bundle on the same page replaces the first instead of adding its traces: one per page.
        page.set_content("<!DOCTYPE html><html><body></body></html>")
        page.add_script_tag(path=str(plotly_js.bundle_file("geo")))
        page.add_script_tag(path=str(plotly_js.bundle_file("basic")))
        assert set(page.evaluate("() => Object.keys(Plotly.PlotSchema.get().traces)")) == registered["basic"]
    finally:
        page.close()
