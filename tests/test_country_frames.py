"""The country profile's year frames (views/country_frames.py, also ``api.country_profile``) give, for every
year, the profile the status engine over *all* the rows gives for that date (the frames use an engine over the
state's own rows and its former states' only); the page shows a year from them without the kernel."""

from __future__ import annotations

import pandas as pd
import pytest

from explorer import api, coverage_rules, load
from explorer.schema import CONSENT_ACTIONS, EXIT_ACTIONS
from explorer.views.country_frames import build_cells, change_years, dated_profiles

DATED = ["status", "signature", "consent", "entry_into_force", "exit", "note", "source_ids"]
FIXED = ["short_title", "family", "core", "coverage_class"]


def expected_profile(state_id, when, participation, instruments, coverage, names) -> pd.DataFrame | None:
    """The profile on one date from first principles: the full status matrix (every state's rows), the
    coverage rule on the whole matrix, and the state's own rows up to that date."""
    instrument_ids = sorted(participation["instrument_id"].unique())
    full = api.engine()  # over every row of the shipped tables
    matrix = full.status_matrix(when, instrument_ids, include_historical=True)
    if state_id not in matrix.index:
        return None
    statuses = coverage_rules.mark_matrix(matrix, coverage, when).loc[state_id]
    own = participation[(participation["state_id"] == state_id) & (participation["date"] <= when)]
    by_id = instruments.set_index("instrument_id")
    frame = pd.DataFrame({"instrument_id": instrument_ids})
    frame["short_title"] = [by_id.at[i, "short_title"] for i in instrument_ids]
    frame["family"] = [by_id.at[i, "family"] for i in instrument_ids]
    frame["status"] = [statuses[i] for i in instrument_ids]
    for column, actions in {
        "signature": ["signature"],
        "consent": CONSENT_ACTIONS,
        "entry_into_force": ["entry_into_force"],
        "exit": EXIT_ACTIONS,
    }.items():
        firsts = own[own["action"].isin(actions)].groupby("instrument_id")["date"].min()
        frame[column] = pd.to_datetime([firsts.get(i, pd.NaT) for i in instrument_ids])
    frame["core"] = [by_id.at[i, "core"] is True for i in instrument_ids]
    classes = coverage.set_index("instrument_id")["coverage_class"]
    frame["coverage_class"] = [classes.get(i, "unknown") for i in instrument_ids]
    notes = []
    for instrument_id, status in zip(instrument_ids, frame["status"]):
        if status != "via_predecessor":
            notes.append("")
            continue
        via = full.statuses(instrument_id, when).set_index("state_id").loc[state_id]
        notes.append(
            f"via {names[via['via']]}: {via['action'].replace('_', ' ')} "
            f"of {pd.Timestamp(via['action_date']).date().isoformat()}"
        )
    frame["note"] = notes
    sources = {i: set() for i in instrument_ids}
    for instrument_id, source_id in zip(own["instrument_id"], own["source_id"]):
        sources[instrument_id].add(source_id)
    frame["source_ids"] = [", ".join(sorted(sources[i])) for i in instrument_ids]
    return frame


# SRB succeeded former states (YUG, SCG); YUG ceased to exist (no profile on later dates).
@pytest.mark.parametrize("state_id", ["SGP", "SRB", "YUG"])
def test_dated_profiles_equal_the_full_engine_on_every_year(real_tables, use_data_dir, state_id):
    use_data_dir(None)
    participation, states = load.load_participation(), load.load_states()
    instruments, coverage = load.load_instruments(), load.load_coverage()
    as_of = pd.Timestamp(load.load_meta("participation")["as_of"])
    names = states.set_index("state_id")["name"].to_dict()
    changing = set(change_years([state_id], participation, states, instruments, coverage, 1904, as_of.year))
    dates = [min(pd.Timestamp(f"{year}-12-31"), as_of) for year in range(1904, as_of.year + 1)]
    profiles = dated_profiles(state_id, dates, participation, instruments, states, coverage)
    previous, missing = None, 0
    for when, profile in zip(dates, profiles):
        expected = expected_profile(state_id, when, participation, instruments, coverage, names)
        if expected is None:
            assert profile is None, f"{when}: a profile of a state that did not exist"
            missing += 1
            continue
        columns = ["instrument_id", *FIXED, *DATED]
        pd.testing.assert_frame_equal(
            profile[columns].reset_index(drop=True).astype({"note": object}).fillna({"note": ""}),
            expected[columns],
            check_dtype=False,
            obj=str(when),
        )
        if previous is not None and when.year not in changing:  # a year said not to change does not
            pd.testing.assert_frame_equal(profile[DATED], previous[DATED], obj=f"{when} repeats the year before")
        previous = profile
    assert (missing > 0) == (state_id == "YUG")


def test_api_country_profile_is_the_profile_of_its_date(real_tables, use_data_dir):
    use_data_dir(None)
    when = pd.Timestamp("1995-12-31")
    (frame,) = dated_profiles(
        "SRB", [when], load.load_participation(), load.load_instruments(), load.load_states(), load.load_coverage()
    )
    pd.testing.assert_frame_equal(api.country_profile("SRB", when), frame)
    assert api.country_profile("YUG", "2020-01-01").empty  # a former state after its end: no rows
    # A territory with no row at all has a profile too (nothing recorded).
    participation, states = load.load_participation(), load.load_states()
    assert "ABW" in set(states["state_id"]) and "ABW" not in set(participation["state_id"])
    names = states.set_index("state_id")["name"].to_dict()
    for day in ("1950-12-31", "2020-12-31"):
        expected = expected_profile(
            "ABW", pd.Timestamp(day), participation, load.load_instruments(), load.load_coverage(), names
        )
        profile = api.country_profile("ABW", day).astype({"note": object}).fillna({"note": ""})
        pd.testing.assert_frame_equal(profile[expected.columns], expected, check_dtype=False, obj=day)


def test_build_cells_keeps_change_points_only():
    frames = build_cells(
        [2000, 2001, 2002], [{"a": "x", "@stamp": "s"}, {"a": "x", "@stamp": "t"}, {"a": "y", "@stamp": "t"}]
    )
    assert frames["cells"] == {"a": [[0, 0], [2, 3]]} and frames["texts"] == ["x", "s", "t", "y"]
    assert frames["stamps"] == [[0, 1], [1, 2]]
