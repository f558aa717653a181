"""The map's status table, CSV, stamp, coverage notice and organisations line (explorer.views.map_status),
shared by the map dashboard and the static site's map pages."""

from __future__ import annotations

import pandas as pd

import explorer
from explorer import api
from explorer.status import STATUS_ORDER, STATUSES
from explorer.views.map_status import NOT_LISTED, TABLE_COLUMNS, map_status_view, organisations_sentence


def _view(every_state_in_csv=False, **options):
    statuses = explorer.statuses("treaty-a", "1960-12-31", warn=False)
    record = api.coverage_record("treaty-a")
    return statuses, map_status_view(
        statuses,
        None,
        instrument_id="treaty-a",
        title="Treaty A",
        when="1960-12-31",
        as_of="2026-12-03",
        source_ids=["test-depositary"],
        record=record,
        every_state_in_csv=every_state_in_csv,
        **options,
    )


def test_table_lists_recorded_statuses_in_legend_order(fixture_data_dir):
    statuses, view = _view()
    listed = statuses[~statuses["status"].isin(NOT_LISTED)]
    assert sorted(view.table["state_id"]) == sorted(listed["state_id"])
    labels = list(view.table["status"])
    order = [STATUS_ORDER.index(next(key for key, label in STATUSES.items() if label == text)) for text in labels]
    assert order == sorted(order)
    assert list(view.csv.columns) == list(TABLE_COLUMNS.values())
    assert list(view.csv["Code"]) == list(view.table["state_id"])  # the dashboard: exactly what is shown
    assert view.no_action == int((statuses["status"] == "no_action").sum())


def test_csv_of_every_state_and_its_stamp(fixture_data_dir):
    statuses, view = _view(every_state_in_csv=True, release="2026.12.03", citations="see data/sources.csv")
    assert sorted(view.csv["Code"]) == sorted(statuses["state_id"])
    assert view.stamp[0] == "Treaty A (treaty-a): status of every state on 1960-12-31"
    assert view.stamp[1] == "Data as of 2026-12-03, release 2026.12.03; sources: test-depositary"
    assert view.stamp[2].startswith("Coverage") and view.stamp[3] == "see data/sources.csv"
    _, dashboard = _view()
    assert dashboard.stamp[1] == "Data as of 2026-12-03; sources: test-depositary"


def test_organisations_sentence():
    assert organisations_sentence(None) == "" and organisations_sentence(pd.DataFrame({"name": []})) == ""
    assert (
        organisations_sentence(pd.DataFrame({"name": ["European Union"]}))
        == "Also a party, not drawn on the map (an organisation, not a state): European Union."
    )
