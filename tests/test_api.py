"""Notebook API: results and clear errors with suggestions."""
from __future__ import annotations

import pandas as pd
import pytest

import explorer
from explorer import deeplink


def test_unknown_instrument_suggests_close_matches(fixture_data_dir):
    with pytest.raises(explorer.UnknownIdError) as caught:
        explorer.parties("treaty-aa")
    assert "Did you mean: treaty-a" in str(caught.value)


def test_unknown_state_suggests_close_matches(fixture_data_dir):
    with pytest.raises(explorer.UnknownIdError) as caught:
        explorer.state_history("Frnace")
    assert "FRA" in str(caught.value)


def test_bad_date_is_a_clear_error(fixture_data_dir):
    with pytest.raises(ValueError, match="not a date"):
        explorer.parties("treaty-a", as_of="yesterday-ish")


def test_parties_and_lineage(fixture_data_dir):
    assert sorted(explorer.parties("treaty-a", "1960-01-01")["state_id"]) == ["FRA", "SWE", "YUG"]
    lineage = explorer.lineage("treaty-a")
    assert dict(zip(lineage["instrument_id"], lineage["direction"])) == {"treaty-b": "descendant",
                                                                         "law-c": "descendant"}


def test_missing_table_names_the_file_and_the_fix(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLORER_DATA_DIR", str(tmp_path))
    explorer.clear_caches()
    with pytest.raises(explorer.DataFileError, match=r"instruments\.parquet is missing; run `make data`"):
        explorer.load_instruments()
    explorer.clear_caches()


def test_corrupt_table_names_the_file(fixture_data_dir):
    (fixture_data_dir / "tables" / "events.parquet").write_bytes(b"not parquet at all")
    explorer.clear_caches()
    with pytest.raises(explorer.DataFileError, match=r"events\.parquet is corrupt"):
        explorer.load_events()


def test_missing_sidecar_names_the_file_in_the_api_and_the_app(fixture_data_dir):
    (fixture_data_dir / "tables" / "participation.meta.yaml").unlink()
    explorer.clear_caches()
    with pytest.raises(explorer.DataFileError, match=r"participation\.meta\.yaml \(the sidecar of "
                                                     r"participation\.parquet\) is missing; run `make data`"):
        explorer.load_meta("participation")
    widget = explorer.build_app("map")
    assert "participation.meta.yaml" in widget.value and "make data" in widget.value
    assert "Traceback" not in widget.value


def test_build_app_failure_is_a_message_not_a_traceback(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLORER_DATA_DIR", str(tmp_path))
    explorer.clear_caches()
    widget = explorer.build_app("timeline")
    assert "could not start" in widget.value and "make data" in widget.value
    assert "Traceback" not in widget.value
    explorer.clear_caches()


@pytest.mark.parametrize("query, messages", [
    ("date=2010", 0),
    ("date=abcd", 1),
    ("date=" + "9" * 300, 1),
    ("x=" + "a" * 3000, 1),
    ("date=%3Cscript%3E", 1),
    ("unknown=1&date=2010", 1),
    ("date=1850", 1),
    ("date=2010-02-30", 1),
    ("%%%", 1),
    ("date=%E2%80%AE2010%F0%9F%92%A5", 1),  # right-to-left override and an emoji around the year
    ("date=2010&date=1950", 1),  # a parameter given twice
])
def test_deep_link_parsing_never_raises(query, messages):
    import datetime as dt

    values, found = deeplink.parse_query(query, {"date": lambda raw: deeplink.parse_date(
        raw, dt.date(1904, 1, 1), dt.date(2026, 1, 1))})
    assert len(found) == messages
    if not messages:
        assert values["date"] == dt.date(2010, 12, 31)


def test_deep_link_messages_are_escaped_in_the_app(fixture_data_dir):
    from explorer.apps.ratification_map import MapApp

    app = MapApp("instrument=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
    assert "<img" not in app.messages.value and "&lt;img" in app.messages.value


def test_build_link_round_trips():
    link = deeplink.build_link("http://h/voila/render/map.ipynb", instrument="palermo-protocol-2000", date="2010")
    assert link == "http://h/voila/render/map.ipynb?instrument=palermo-protocol-2000&date=2010"


def test_set_query_includes_former_states_that_existed(fixture_data_dir):
    result = explorer.set_query(["treaty-a"], ["treaty-b"], "1960-01-01")
    assert sorted(result["state_id"]) == ["FRA", "SWE", "YUG"]
    later = explorer.set_query(["treaty-a"], [], "1993-01-01")
    assert sorted(later["state_id"]) == ["FRA", "SVN"]  # Sweden denounced in 1970; Yugoslavia had ceased


def test_set_query_needs_an_instrument(fixture_data_dir):
    with pytest.raises(ValueError, match="at least one"):
        explorer.set_query([], ["treaty-a"])


def test_country_profile_and_history(fixture_data_dir):
    profile = explorer.country_profile("SWE", "1960-01-01").set_index("instrument_id")
    assert profile.at["treaty-a", "status"] == "party"
    assert profile.at["treaty-a", "consent"] == pd.Timestamp("1955-03-01")
    history = explorer.country_history("SWE")
    assert "enacted" in set(history["action"])  # its national law, Law C
    assert list(history["date"]) == sorted(history["date"])


def test_profiles_work_for_every_state_in_the_shipped_data(real_tables, monkeypatch):
    monkeypatch.setenv("EXPLORER_DATA_DIR", str(real_tables.parent))
    explorer.clear_caches()
    states = explorer.load_states()
    log = explorer.load_participation()
    for state_id in states["state_id"]:
        profile = explorer.country_profile(state_id, "2026-01-01")
        history = explorer.country_history(state_id)
        own = log[log["state_id"] == state_id]
        assert len(history) >= len(own)
        if len(profile):
            joined = profile[profile["consent"].notna()]
            assert set(joined["instrument_id"]) <= set(own["instrument_id"])
    explorer.clear_caches()


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


def test_profile_names_the_former_state_it_was_covered_through(fixture_data_dir):
    profile = explorer.country_profile("HRV", "1960-01-01").set_index("instrument_id")
    assert profile.at["treaty-a", "status"] == "via_predecessor"
    assert profile.at["treaty-a", "note"] == "via Yugoslavia: ratification of 1952-01-01"


def test_page_url_comes_from_the_request_voila_describes(monkeypatch):
    for name in ("SCRIPT_NAME", "SERVER_NAME", "SERVER_PORT", "VOILA_REQUEST_URL"):
        monkeypatch.delenv(name, raising=False)
    assert deeplink.page_url("map.ipynb") == "map.ipynb"
    monkeypatch.setenv("VOILA_REQUEST_URL", "http://h:8866/voila/render/map.ipynb?date=1950")
    assert deeplink.page_url("map.ipynb") == "http://h:8866/voila/render/map.ipynb"
    monkeypatch.setenv("SCRIPT_NAME", "/prefix/voila/render/map.ipynb")
    monkeypatch.setenv("SERVER_NAME", "example.org")
    monkeypatch.setenv("SERVER_PORT", "443")
    assert deeplink.page_url("map.ipynb") == "https://example.org/prefix/voila/render/map.ipynb"
    assert deeplink.page_url("timeline.ipynb") == "timeline.ipynb"


def test_page_address_from_the_browser_applies_the_deep_link(fixture_data_dir):
    """A preheated kernel draws the default view; the page then sends its address (apps/base.py)."""
    import json

    from explorer.apps.ratification_map import MapApp

    app = MapApp("")
    assert app.year.value == 2026
    app.address.value = json.dumps({"href": "javascript:alert(1)"})
    assert app.year.value == 2026 and app.page_address is None
    app.address.value = json.dumps({"href": "https://example.org/p/voila/render/map.ipynb?instrument=treaty-a&date=1960"})
    assert (app.instrument.value, app.year.value) == ("treaty-a", 1960)
    assert app.page_address == "https://example.org/p/voila/render/map.ipynb"
    assert "https://example.org/p/voila/render/map.ipynb?instrument=treaty-a&amp;date=1960-12-31" in app.cite_panel.value
    app.address.value = json.dumps({"href": "https://example.org/p/voila/render/map.ipynb?date=not-a-date"})
    assert "not a valid date" in app.messages.value
    assert app.error_box.value == ""


def test_pooled_kernel_switches_to_the_requested_view_and_keeps_alive(fixture_data_dir, monkeypatch):
    """A pooled kernel, once handed out, draws the linked view before its page connects, and must
    not look idle to the culler until the page connects (apps/base.py)."""
    import json
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
    # The page connects with the same address: the same view is drawn once more (what Output widgets
    # draw before the page connects is lost), and the citation learns the address; after that, the
    # same address changes nothing.
    drawn = app.map_plot.version
    address = json.dumps({"href": "http://h/voila/render/map.ipynb?instrument=treaty-a&date=1960"})
    app.address.value = address
    assert app.map_plot.version == drawn + 1 and (app.instrument.value, app.year.value) == ("treaty-a", 1960)
    assert "http://h/voila/render/map.ipynb?instrument=treaty-a&amp;date=1960-12-31" in app.cite_panel.value
    app.address.value = ""
    app.address.value = address
    assert app.map_plot.version == drawn + 1
    time.sleep(0.1)
    after_connect = app.heartbeat.value
    time.sleep(0.4)
    assert app.heartbeat.value == after_connect
    assert app.error_box.value == ""


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

    counts = pd.DataFrame({"date": pd.to_datetime(["2001-01-01", "2002-06-30", "2003-03-01", "2004-01-01"]),
                           "parties": [0, 1, 49, 50], "in_force": [0, 0, 49, 50]})
    assert parties_milestones(counts) == [("First party", pd.Timestamp("2002-06-30")),
                                          ("50 parties", pd.Timestamp("2004-01-01"))]
    text = parties_chart_text({"Treaty <A>": counts}, "2003-12-31")
    assert "Treaty &lt;A&gt;" in text and "<th scope='col'>Milestone</th>" in text
    assert "First party</td><td>30 Jun 2002" in text and "Parties on 31 December 2003: 49" in text


def test_timeline_and_matrix_have_table_alternatives(real_tables, monkeypatch):
    """Counted straight from the parquet: one row per dated or undated instrument shown, and one
    table cell per assessed (state, provision) with the report's own value."""
    from explorer.apps.country import CountryApp
    from explorer.apps.timeline import TimelineApp

    monkeypatch.delenv("EXPLORER_DATA_DIR", raising=False)
    explorer.clear_caches()
    instruments = pd.read_parquet(real_tables / "instruments.parquet")
    dated = instruments[instruments[["adopted", "enacted", "opened_for_signature", "entry_into_force"]]
                        .notna().any(axis=1)]
    table = TimelineApp("").table_panel.value
    assert f"{len(dated)} instruments on the chart, oldest first" in table
    assert table.count("<tr>") == len(dated) + 1
    assessments = pd.read_parquet(real_tables / "model_law_assessments.parquet")
    latest = assessments.sort_values("assessed_as_of").drop_duplicates(["state_id", "provision_id"], keep="last")
    matrix = CountryApp("state=PHL")._assessments_table_html()
    assert matrix.count("<td>Yes</td>") == int((latest["value"] == "yes").sum())
    assert matrix.count("<td>Partly</td>") == int((latest["value"] == "partial").sum())
    assert matrix.count("<tr>") == latest["state_id"].nunique() + 1
