"""The dashboards as Python objects (no browser): messages, tables and CSV, table alternatives, the page
address and the preheated kernel pool (apps/base.py)."""

from __future__ import annotations

import json

import pandas as pd

import explorer


def test_build_app_failure_is_a_message_not_a_traceback(tmp_path, use_data_dir):
    use_data_dir(tmp_path)
    widget = explorer.build_app("timeline")
    assert "could not start" in widget.value and "make data" in widget.value
    assert "Traceback" not in widget.value


def test_deep_link_messages_are_escaped_in_the_app(fixture_data_dir):
    from explorer.apps.ratification_map import MapApp

    app = MapApp("instrument=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
    assert "<img" not in app.messages.value and "&lt;img" in app.messages.value


def test_map_table_and_csv_are_exactly_what_is_shown(fixture_data_dir):
    import base64
    import io
    import re

    from explorer.apps.ratification_map import MapApp

    app = MapApp("instrument=treaty-a&date=1960")
    assert app.table.value == ""  # built only when the panel is opened
    app.panels.selected_index = 0
    encoded = re.search(r"base64,([A-Za-z0-9+/=]+)", app.download.value).group(1)
    text = base64.b64decode(encoded).decode("utf-8")
    assert text.startswith("# Treaty A (treaty-a): status of every state on 1960-12-31")
    assert "sources: test-depositary" in text
    table = pd.read_csv(io.StringIO(text), comment="#")
    shown = explorer.statuses("treaty-a", "1960-12-31")
    assert sorted(table["Code"]) == sorted(shown[shown["status"] != "no_action"]["state_id"])


def test_page_address_from_the_browser_applies_the_deep_link(fixture_data_dir):
    """A preheated kernel draws the default view; the page then sends its address (apps/base.py)."""

    from explorer.apps.ratification_map import MapApp

    app = MapApp("")
    assert app.year.value == 2026
    app.address.value = json.dumps({"href": "javascript:alert(1)"})
    assert app.year.value == 2026 and app.page_address is None
    app.address.value = json.dumps(
        {"href": "https://example.org/p/voila/render/map.ipynb?instrument=treaty-a&date=1960"}
    )
    assert (app.instrument.value, app.year.value) == ("treaty-a", 1960)
    assert app.page_address == "https://example.org/p/voila/render/map.ipynb"
    assert (
        "https://example.org/p/voila/render/map.ipynb?instrument=treaty-a&amp;date=1960-12-31" in app.cite_panel.value
    )
    app.address.value = json.dumps({"href": "https://example.org/p/voila/render/map.ipynb?date=not-a-date"})
    assert "not a valid date" in app.messages.value
    assert app.error_box.value == ""


def test_pooled_kernel_switches_to_the_requested_view_and_keeps_alive(fixture_data_dir, monkeypatch):
    """A pooled kernel, once handed out, draws the linked view before its page connects, and must
    not look idle to the culler until the page connects (apps/base.py)."""
    import threading
    import time

    from explorer.apps import base
    from explorer.apps.ratification_map import MapApp

    handed_out = threading.Event()
    monkeypatch.setattr(base, "_wait_for_request", handed_out.wait)
    monkeypatch.setattr(base, "KEEPALIVE_SECONDS", 0.05)
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.delenv("QUERY_STRING", raising=False)
    app = MapApp()
    time.sleep(0.3)
    assert app.year.value == 2026 and app.heartbeat.value == 0  # in the pool: default view, no beats
    monkeypatch.setenv("QUERY_STRING", "instrument=treaty-a&date=1960")
    handed_out.set()
    deadline = time.monotonic() + 5
    while app.heartbeat.value < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert (app.instrument.value, app.year.value) == ("treaty-a", 1960)
    assert app.heartbeat.value >= 3
    # The page connects with the same address: nothing is drawn again (every chart's figure is widget
    # state, which the page receives when it connects), only the citation learns the address; after
    # that, the same address changes nothing.
    drawn, chart = app.map_plot.version, app.chart_plot.version
    address = json.dumps({"href": "http://h/voila/render/map.ipynb?instrument=treaty-a&date=1960"})
    app.address.value = address
    assert (app.map_plot.version, app.chart_plot.version) == (drawn, chart)
    assert (app.instrument.value, app.year.value) == ("treaty-a", 1960)
    assert "http://h/voila/render/map.ipynb?instrument=treaty-a&amp;date=1960-12-31" in app.cite_panel.value
    app.address.value = ""
    app.address.value = address
    assert app.map_plot.version == drawn
    time.sleep(0.1)
    after_connect = app.heartbeat.value
    time.sleep(0.4)
    assert app.heartbeat.value == after_connect
    assert app.error_box.value == ""


def test_a_phone_width_page_redraws_the_same_view_for_its_width(fixture_data_dir):
    """The page reports a phone's width: the view is drawn once more, in its narrow layout (the figure in
    the widget state changes, so the connected page redraws it); a wide page again: the wide layout."""

    from explorer.apps.ratification_map import MapApp

    app = MapApp("instrument=treaty-a&date=1960")
    drawn = app.map_plot.version
    wide = json.loads(app.map_plot.plot)["figure"]["layout"]
    address = "https://example.org/voila/render/map.ipynb?instrument=treaty-a&date=1960"
    app.address.value = json.dumps({"href": address, "width": 390})
    assert app.narrow and app.map_plot.version == drawn + 1
    narrow = json.loads(app.map_plot.plot)["figure"]["layout"]
    assert narrow != wide and narrow["height"] < wide["height"]
    app.address.value = json.dumps({"href": address, "width": 1280})
    assert not app.narrow and app.map_plot.version == drawn + 2
    assert json.loads(app.map_plot.plot)["figure"]["layout"] == wide
    assert app.error_box.value == ""


def test_every_chart_is_a_live_plot_and_no_output_widget_is_left(fixture_data_dir):
    """One renderer: every chart of every dashboard is a LivePlot (its figure in the widget state); no
    Output widget is left in a dashboard but the hidden one that carries the page-address script."""
    import ipywidgets as widgets

    from explorer.apps.country import CountryApp
    from explorer.apps.ratification_map import MapApp
    from explorer.apps.timeline import TimelineApp
    from explorer.live_plot import LivePlot

    def walk(widget):
        yield widget
        for child in getattr(widget, "children", ()):
            yield from walk(child)

    # The smallest plotly.js bundle that draws every chart of the page (one file per page).
    bundles = {TimelineApp: "plotly-basic.min.js", MapApp: "plotly-geo.min.js", CountryApp: "plotly-cartesian.min.js"}
    for app in (TimelineApp(""), MapApp(""), CountryApp("state=SVN&compare=FRA")):
        tree = list(walk(app.widget()))
        plots = [w for w in tree if isinstance(w, LivePlot)]
        assert plots and all(json.loads(plot.plot)["figure"]["data"] for plot in plots if plot.plot)
        assert {plot.plotly_url for plot in plots} == {plots[0].plotly_url}
        assert plots[0].plotly_url.endswith("voila/files/static/" + bundles[type(app)]), plots[0].plotly_url
        traces = {trace["type"] for plot in plots if plot.plot for trace in json.loads(plot.plot)["figure"]["data"]}
        assert traces <= set(type(app).TRACE_TYPES), (type(app).__name__, traces)
        outputs = [w for w in tree if isinstance(w, widgets.Output)]
        bridge = [w for w in app.bridge.children[1].children if isinstance(w, widgets.Output)]
        assert len(bridge) == 1 and outputs == bridge, type(app).__name__


def test_kernel_started_for_a_request_sends_no_heartbeats(fixture_data_dir, monkeypatch):
    import time

    from explorer.apps import base
    from explorer.apps.ratification_map import MapApp

    monkeypatch.setattr(base, "KEEPALIVE_SECONDS", 0.05)
    monkeypatch.setenv("VOILA_PREHEAT", "False")
    app = MapApp("")
    time.sleep(0.3)
    assert app.heartbeat.value == 0


def test_parties_chart_has_a_text_and_table_alternative():
    from explorer.apps.ratification_map import parties_chart_text, parties_milestones

    counts = pd.DataFrame(
        {
            "date": pd.to_datetime(["2001-01-01", "2002-06-30", "2003-03-01", "2004-01-01"]),
            "parties": [0, 1, 49, 50],
            "in_force": [0, 0, 49, 50],
        }
    )
    assert parties_milestones(counts) == [
        ("First party", pd.Timestamp("2002-06-30")),
        ("50 parties", pd.Timestamp("2004-01-01")),
    ]
    text = parties_chart_text({"Treaty <A>": counts}, "2003-12-31")
    assert "Treaty &lt;A&gt;" in text and "<th scope='col'>Milestone</th>" in text
    assert "First party</td><td>30 Jun 2002" in text and "Parties on 31 December 2003: 49" in text


def test_timeline_and_matrix_have_table_alternatives(real_tables, use_data_dir):
    """Counted straight from the parquet: one row per dated or undated instrument shown, and one
    table cell per assessed (state, provision) with the report's own value."""
    from explorer.apps.country import CountryApp
    from explorer.apps.timeline import TimelineApp

    use_data_dir(None)
    instruments = pd.read_parquet(real_tables / "instruments.parquet")
    dated = instruments[
        instruments[["adopted", "enacted", "opened_for_signature", "entry_into_force"]].notna().any(axis=1)
    ]
    table = TimelineApp("").table_panel.value
    assert f"{len(dated)} instruments on the chart, oldest first" in table
    assert table.count("<tr>") == len(dated) + 1
    assessments = pd.read_parquet(real_tables / "model_law_assessments.parquet")
    latest = assessments.sort_values("assessed_as_of").drop_duplicates(["state_id", "provision_id"], keep="last")
    matrix = CountryApp("state=PHL")._assessments_table_html()
    assert matrix.count("<td>Yes</td>") == int((latest["value"] == "yes").sum())
    assert matrix.count("<td>Partly</td>") == int((latest["value"] == "partial").sum())
    assert matrix.count("<tr>") == latest["state_id"].nunique() + 1


def test_live_plot_sends_its_plotly_js_to_a_page_outside_voila(monkeypatch):
    """In a notebook (no Voilà file route) the page asks the kernel for plotly.js: the plot answers with the
    bundle file its page would load, as one binary buffer; under Voilà the page loads that file by URL."""
    from explorer.live_plot import LivePlot, plotly_js_source

    for variable in ("VOILA_BASE_URL", "EXPLORER_BASE_URL"):
        monkeypatch.delenv(variable, raising=False)
    plot = LivePlot("explorer-test", 300, trace_types=("scatter",))
    assert plot.plotly_from_kernel
    sent = []
    monkeypatch.setattr(plot, "send", lambda content, buffers=None: sent.append((content, buffers)))
    plot._on_message(plot, {"request": "something else"}, [])
    assert sent == []
    plot._on_message(plot, {"request": "plotly.js"}, [])
    source = plotly_js_source("scatter")
    assert sent == [({"plotly_js": source.name}, [source.read_bytes()])]
    monkeypatch.setenv("VOILA_BASE_URL", "/")
    assert not LivePlot("explorer-test", 300, trace_types=("scatter",)).plotly_from_kernel
