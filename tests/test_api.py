"""Notebook API: results and clear errors with suggestions (the dashboards: test_apps.py; deep links:
test_deeplink.py)."""

from __future__ import annotations

import pandas as pd
import pytest

import explorer


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
    assert dict(zip(lineage["instrument_id"], lineage["direction"])) == {
        "treaty-b": "descendant",
        "law-c": "descendant",
    }


def test_missing_table_names_the_file_and_the_fix(tmp_path, use_data_dir):
    use_data_dir(tmp_path)
    with pytest.raises(explorer.DataFileError, match=r"instruments\.parquet is missing; run `make data`"):
        explorer.load_instruments()


def test_corrupt_table_names_the_file(fixture_data_dir):
    (fixture_data_dir / "tables" / "events.parquet").write_bytes(b"not parquet at all")
    explorer.clear_caches()
    with pytest.raises(explorer.DataFileError, match=r"events\.parquet is corrupt"):
        explorer.load_events()


def test_missing_sidecar_names_the_file_in_the_api_and_the_app(fixture_data_dir):
    (fixture_data_dir / "tables" / "participation.meta.yaml").unlink()
    explorer.clear_caches()
    with pytest.raises(
        explorer.DataFileError,
        match=r"participation\.meta\.yaml \(the sidecar of "
        r"participation\.parquet\) is missing; run `make data`",
    ):
        explorer.load_meta("participation")
    widget = explorer.build_app("map")
    assert "participation.meta.yaml" in widget.value and "make data" in widget.value
    assert "Traceback" not in widget.value


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


def test_profiles_work_for_every_state_in_the_shipped_data(real_tables, use_data_dir):
    use_data_dir(real_tables.parent)
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


def test_profile_names_the_former_state_it_was_covered_through(fixture_data_dir):
    profile = explorer.country_profile("HRV", "1960-01-01").set_index("instrument_id")
    assert profile.at["treaty-a", "status"] == "via_predecessor"
    assert profile.at["treaty-a", "note"] == "via Yugoslavia: ratification of 1952-01-01"
