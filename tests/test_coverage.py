"""Coverage: computed per instrument, and no answer says more than the rows support."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
import yaml

import explorer
from explorer import api
from explorer import build as build_module
from explorer.coverage_rules import CoverageWarning, complete_on, mark_no_data
from explorer.views.coverage import count_sentence, coverage_line, party_sentence

import fixture_data

# Four extra fictional treaties, one per class, with their rows and counts (dates and numbers by hand).
EXTRA_INSTRUMENTS = [
    {
        "instrument_id": f"treaty-{key}",
        "short_title": f"Treaty {key.upper()}",
        "official_title": f"Test {key}",
        "kind": "treaty",
        "family": "un",
        "jurisdiction": "multilateral",
        "adopted": "1990-01-01",
        "entry_into_force": "1990-06-01",
        "topics": [],
        "summary": "Test.",
        "source_id": "test-depositary",
    }
    for key in ("d", "e", "f")
]
EXTRA_ROWS = [
    "FRA,treaty-d,ratification,1991-01-01,,false,test-depositary,",
    "DEU,treaty-d,ratification,1992-01-01,,false,test-depositary,",
    "ITA,treaty-e,ratification,1995-01-01,,false,test-depositary,",
    "ESP,treaty-f,accession,1999-01-01,a,false,test-depositary,",
]
EXTRA_COUNTS = [
    # treaty-d: 2 parties on 2000-01-01 (reproduced), 5 on 2020-01-01 (not): complete to 2000-01-01.
    {"instrument_id": "treaty-d", "source_id": "test-depositary", "status_as_at": "2000-01-01", "parties": 2},
    {"instrument_id": "treaty-d", "source_id": "test-depositary", "status_as_at": "2020-01-01", "parties": 5},
    # treaty-e: 10 published, 1 in the rows: partial.
    {"instrument_id": "treaty-e", "source_id": "test-depositary", "status_as_at": "2025-06-30", "parties": 10},
    # treaty-f: no count: unknown.
]


@pytest.fixture
def classes_data(tmp_path, use_data_dir):
    curated = fixture_data.write_curated(tmp_path)
    instruments = yaml.safe_load((curated / "instruments" / "test.yaml").read_text()) + EXTRA_INSTRUMENTS
    (curated / "instruments" / "test.yaml").write_text(yaml.safe_dump(instruments))
    counts = fixture_data.COUNTS + EXTRA_COUNTS
    (curated / "counts" / "test.yaml").write_text(yaml.safe_dump(counts))
    with (curated / "participation" / "test.csv").open("a") as handle:
        handle.write("\n".join(EXTRA_ROWS) + "\n")
    build_module.build(curated, tmp_path / "tables")
    return use_data_dir(tmp_path)


def test_classes_for_a_hand_made_dataset(classes_data):
    table = pd.read_parquet(classes_data / "tables" / "coverage.parquet").set_index("instrument_id")
    # treaty-a: FRA ratified 1950, SVN succeeded 1992 (SWE denounced 1970, YUG ended 1992): 2 on 2025-12-31,
    # as published; the count is current for the release of 2026-01-01 and no row is later.
    assert table.at["treaty-a", "coverage_class"] == "complete"
    assert table.at["treaty-a", "computed_at_published"] == 2
    assert pd.Timestamp(table.at["treaty-a", "complete_through"]) == pd.Timestamp("2026-01-01")
    assert table.at["treaty-d", "coverage_class"] == "complete_to"
    assert pd.Timestamp(table.at["treaty-d", "complete_through"]) == pd.Timestamp("2000-01-01")
    assert (table.at["treaty-d", "published_parties"], table.at["treaty-d", "computed_at_published"]) == (5, 2)
    assert table.at["treaty-e", "coverage_class"] == "partial"
    assert (table.at["treaty-e", "published_parties"], table.at["treaty-e", "computed_at_published"]) == (10, 1)
    assert table.at["treaty-f", "coverage_class"] == "unknown"
    assert pd.isna(table.at["treaty-f", "published_parties"])
    assert "treaty-b" not in table.index  # neither rows nor a count
    assert table["rows"].to_dict() == {"treaty-a": 7, "treaty-d": 2, "treaty-e": 1, "treaty-f": 1}


def test_no_data_only_where_the_rows_are_not_complete(classes_data):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CoverageWarning)
        before = api.statuses("treaty-d", "1999-12-31").set_index("state_id")["status"]
        after = api.statuses("treaty-d", "2010-12-31").set_index("state_id")["status"]
        partial = api.statuses("treaty-e", "2000-12-31").set_index("state_id")["status"]
    assert before["ITA"] == "no_action" and "no_data" not in set(before)
    assert after["ITA"] == "no_data" and after["FRA"] == "party"
    assert partial["FRA"] == "no_data" and partial["ITA"] == "party"


def test_a_count_older_than_a_year_does_not_speak_for_today():
    record = {"coverage_class": "complete_to", "complete_through": pd.Timestamp("2014-01-27")}
    assert complete_on(record, "2014-01-27") and not complete_on(record, "2014-01-28")
    assert not complete_on(None, "2000-01-01")
    frame = pd.DataFrame({"state_id": ["A", "B"], "status": ["party", "no_action"]})
    assert list(mark_no_data(frame, record, "2020-01-01")["status"]) == ["party", "no_data"]
    assert list(mark_no_data(frame, record, "2010-01-01")["status"]) == ["party", "no_action"]


def test_api_warns_where_the_rows_are_partial_and_not_where_complete(real_tables):
    with pytest.warns(CoverageWarning, match="ilo-c182"):
        frame = explorer.parties("ilo-c182", as_of="2026-12-01")
    assert frame.attrs["coverage"]["coverage_class"] == "partial"
    assert frame.attrs["coverage"]["published_parties"] == 187
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        crc = explorer.parties("crc-1989", "2026-02-03")
    assert len(crc) == 196 and crc.attrs["coverage"]["complete_on_date"]


def test_api_warns_for_dates_outside_the_data(real_tables):
    with pytest.warns(CoverageWarning, match="1800-01-01 is before palermo-protocol-2000 existed"):
        explorer.parties("palermo-protocol-2000", as_of="1800-01-01")
    as_of = explorer.data_as_of().date().isoformat()
    with pytest.warns(CoverageWarning, match=f"2030-01-01 is after the data's as-of date \\({as_of}\\)"):
        explorer.status_matrix("2030-01-01")


def test_real_maps_say_no_data_where_rows_are_missing(real_tables):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CoverageWarning)
        c182 = explorer.statuses("ilo-c182", "2026-12-01").set_index("state_id")["status"]
        crc = explorer.statuses("crc-1989", "2026-12-01")["status"]
    participation = pd.read_parquet(real_tables / "participation.parquet")
    with_rows = set(participation.loc[participation["instrument_id"] == "ilo-c182", "state_id"])
    without = sorted(set(c182.index) - with_rows)
    assert without and set(c182[without]) == {"no_data"}
    assert "no_action" not in set(c182)
    assert "no_data" not in set(crc)


def test_sentences_say_at_least_and_name_the_published_count():
    statuses = pd.DataFrame({"status": ["party"] * 4 + ["no_data"] * 10})
    record = {
        "coverage_class": "partial",
        "complete_through": None,
        "published_parties": 187,
        "published_as_at": pd.Timestamp("2020-08-04"),
        "computed_at_published": 4,
    }
    sentence = party_sentence(statuses, "C182", "2026-12-01", record)
    assert sentence == "On 1 December 2026, at least 4 states were parties to C182."
    notice = count_sentence(record, "2026-12-01", "ILO")
    assert "187 parties on 4 August 2020 (source: ILO)" in notice and "these data record 4" in notice
    assert "4 of 187" in coverage_line(record, "2026-12-01")
    complete = {
        "coverage_class": "complete",
        "complete_through": pd.Timestamp("2026-12-03"),
        "published_parties": 4,
        "published_as_at": pd.Timestamp("2026-02-03"),
        "computed_at_published": 4,
    }
    assert party_sentence(statuses, "C182", "2026-12-01", complete).startswith("On 1 December 2026, 4 states")
    assert count_sentence(complete, "2026-12-01") == ""
