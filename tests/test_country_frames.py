"""The country profile's year frames (views/country_frames.py) give, for every year, exactly the profile
``api.country_profile`` gives for that date; the page shows a year from them without the kernel."""

from __future__ import annotations

import pandas as pd
import pytest

from explorer import api, load
from explorer.views.country_frames import build_cells, change_years, dated_profiles

DATED = ["status", "signature", "consent", "entry_into_force", "exit", "note", "source_ids"]


@pytest.mark.parametrize("state_id", ["SGP", "SRB"])  # SRB succeeded former states (YUG, SCG)
def test_dated_profiles_equal_the_api_profile_on_every_year(real_tables, use_data_dir, state_id):
    use_data_dir(None)
    participation, states = load.load_participation(), load.load_states()
    instruments, coverage = load.load_instruments(), load.load_coverage()
    as_of = pd.Timestamp(load.load_meta("participation")["as_of"])
    names = states.set_index("state_id")["name"].to_dict()
    changing = set(change_years([state_id], participation, states, instruments, coverage, 1904, as_of.year))
    dates = [min(pd.Timestamp(f"{year}-12-31"), as_of) for year in range(1904, as_of.year + 1)]
    template = api.country_profile(state_id, as_of)
    profiles = dated_profiles(template, state_id, dates, participation, instruments, states, coverage, names)
    previous = None
    for when, profile in zip(dates, profiles):
        expected = api.country_profile(state_id, when)
        pd.testing.assert_frame_equal(
            profile[["instrument_id", *DATED]].reset_index(drop=True),
            expected[["instrument_id", *DATED]].reset_index(drop=True),
            obj=str(when),
        )
        if previous is not None and when.year not in changing:  # a year said not to change does not
            pd.testing.assert_frame_equal(profile[DATED], previous[DATED], obj=f"{when} repeats the year before")
        previous = profile


def test_build_cells_keeps_change_points_only():
    frames = build_cells(
        [2000, 2001, 2002], [{"a": "x", "@stamp": "s"}, {"a": "x", "@stamp": "t"}, {"a": "y", "@stamp": "t"}]
    )
    assert frames["cells"] == {"a": [[0, 0], [2, 3]]} and frames["texts"] == ["x", "s", "t", "y"]
    assert frames["stamps"] == [[0, 1], [1, 2]]
