"""One start-date rule (explorer.dates) for every caller, and the years the views start from."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

import explorer
from explorer import api, dates, load
from explorer.definitions import definitions_table
from explorer.status import StatusEngine

from conftest import REPO_DIR


def test_start_is_the_earliest_of_adoption_enactment_and_opening():
    row = {
        "adopted": pd.Timestamp("2000-11-15"),
        "opened_for_signature": pd.Timestamp("2000-12-12"),
        "enacted": None,
        "entry_into_force": pd.Timestamp("2003-12-25"),
    }
    assert dates.start_date(row) == pd.Timestamp("2000-11-15")
    assert dates.start_date({"adopted": None, "enacted": pd.Timestamp("1998-05-28")}) == pd.Timestamp("1998-05-28")
    assert dates.start_date({"adopted": pd.NaT, "enacted": None, "opened_for_signature": None}) is None
    # The earliest, not the first field present: a row that gives more than one.
    assert dates.start_date(
        {"adopted": pd.Timestamp("2001-01-01"), "opened_for_signature": pd.Timestamp("2000-06-01")}
    ) == pd.Timestamp("2000-06-01")
    # Curated records hold datetime.date and keep that type (validation compares them with other dates).
    assert dates.start_value({"adopted": dt.date(1950, 1, 1), "enacted": None}) == dt.date(1950, 1, 1)


def test_every_caller_uses_the_same_start_date(real_tables):
    instruments = load.load_instruments()
    expected = dates.start_dates(instruments)
    by_row = pd.Series([dates.start_date(row) for _, row in instruments.iterrows()], dtype="datetime64[ns]")
    pd.testing.assert_series_equal(by_row, expected.astype("datetime64[ns]"), check_names=False)
    for instrument_id, start in zip(instruments["instrument_id"], expected):
        assert api.start_date(instrument_id) == (None if pd.isna(start) else start)
    engine = StatusEngine(load.load_participation(), instruments, load.load_states())
    pd.testing.assert_series_equal(engine._first_date, dates.start_dates(instruments.set_index("instrument_id")))
    table = definitions_table(load.load_definitions(), instruments)
    assert list(table["when"]) == list(table["instrument_id"].map(expected.set_axis(instruments["instrument_id"])))


def test_placement_falls_back_to_entry_into_force():
    frame = pd.DataFrame(
        {
            "adopted": [pd.NaT, pd.Timestamp("1950-01-01")],
            "enacted": [pd.NaT, pd.NaT],
            "opened_for_signature": [pd.NaT, pd.NaT],
            "entry_into_force": [pd.Timestamp("1960-01-01"), pd.Timestamp("1951-01-01")],
        }
    )
    assert list(dates.placement_dates(frame)) == [pd.Timestamp("1960-01-01"), pd.Timestamp("1950-01-01")]


def test_first_year_is_the_oldest_instrument(real_tables):
    """FIRST_YEAR (the map's and the country profiles' first year) is a fact of the data: keep them equal."""
    oldest = dates.start_dates(load.load_instruments()).min()
    assert dates.FIRST_YEAR == oldest.year
    assert dates.TIMELINE_START_YEAR <= dates.FIRST_YEAR


def test_party_statuses_are_spelled_out_once():
    """The set of party statuses is status.PARTY_STATUSES; no other module types it again."""
    spelled = re.compile(r"""[\[(]\s*["']party["']\s*,\s*["']party_not_in_force["']\s*[\])]""")
    offenders = [
        path.relative_to(REPO_DIR).as_posix()
        for path in sorted((REPO_DIR / "explorer").rglob("*.py"))
        if path.name != "status.py" and spelled.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_core_instruments_come_from_the_data(real_tables):
    instruments = load.load_instruments().set_index("instrument_id")
    core = api.core_instruments()
    assert len(core) >= 10 and "palermo-protocol-2000" in core
    assert set(instruments.loc[core, "jurisdiction"]) == {"multilateral"}
    profile = explorer.country_profile("SWE")
    assert set(profile.loc[profile["core"], "instrument_id"]) == set(core) & set(profile["instrument_id"])
