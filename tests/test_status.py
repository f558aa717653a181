"""Status rules on small hand-made event logs (no files involved)."""

from __future__ import annotations

import pandas as pd

from explorer.status import StatusEngine


def _frame(rows, columns):
    frame = pd.DataFrame(rows, columns=columns)
    for column in columns:
        if column in {
            "date",
            "adopted",
            "opened_for_signature",
            "enacted",
            "entry_into_force",
            "existed_from",
            "existed_to",
        }:
            frame[column] = pd.to_datetime(frame[column])
    return frame


INSTRUMENTS = _frame(
    [
        ("t", "1950-01-01", None, None, "1951-01-01"),
        ("late", "1990-01-01", None, None, "1992-01-01"),
    ],
    ["instrument_id", "adopted", "opened_for_signature", "enacted", "entry_into_force"],
)

STATES = pd.DataFrame(
    [
        {"state_id": s, "name": s, "kind": "current", "existed_from": pd.NaT, "existed_to": pd.NaT, "successor_ids": []}
        for s in ("AAA", "BBB", "CCC", "DDD", "EEE", "SVN", "HRV")
    ]
    + [
        {
            "state_id": "YUG",
            "name": "Yugoslavia",
            "kind": "historical",
            "existed_from": pd.Timestamp("1918-12-01"),
            "existed_to": pd.Timestamp("1992-04-27"),
            "successor_ids": ["SVN", "HRV"],
        }
    ]
)

COLUMNS = ["state_id", "instrument_id", "action", "date", "source_id"]


def engine(rows):
    return StatusEngine(_frame(rows, COLUMNS), INSTRUMENTS, STATES)


def status(eng, state, date, instrument="t"):
    frame = eng.statuses(instrument, date)
    return frame.set_index("state_id").at[state, "status"]


def test_signature_then_ratification():
    eng = engine([("AAA", "t", "signature", "1950-02-01", "s"), ("AAA", "t", "ratification", "1953-01-01", "s")])
    assert status(eng, "AAA", "1950-01-15") == "no_action"
    assert status(eng, "AAA", "1952-12-31") == "signatory"
    assert status(eng, "AAA", "1953-01-01") == "party"


def test_accession_without_signature():
    eng = engine([("BBB", "t", "accession", "1960-05-05", "s")])
    assert status(eng, "BBB", "1960-05-04") == "no_action"
    assert status(eng, "BBB", "1960-05-05") == "party"


def test_consent_before_general_entry_into_force_is_pending():
    eng = engine([("AAA", "t", "ratification", "1950-06-01", "s")])
    assert status(eng, "AAA", "1950-12-31") == "party_not_in_force"
    assert status(eng, "AAA", "1951-01-01") == "party"


def test_entry_into_force_for_the_state_later_than_consent():
    eng = engine([("CCC", "t", "ratification", "1970-01-01", "s"), ("CCC", "t", "entry_into_force", "1970-02-01", "s")])
    assert status(eng, "CCC", "1970-01-15") == "party_not_in_force"
    assert status(eng, "CCC", "1970-02-01") == "party"


def test_denunciation_and_rejoining():
    eng = engine(
        [
            ("DDD", "t", "ratification", "1955-01-01", "s"),
            ("DDD", "t", "denunciation", "1980-01-01", "s"),
            ("DDD", "t", "accession", "2000-01-01", "s"),
        ]
    )
    assert status(eng, "DDD", "1979-12-31") == "party"
    assert status(eng, "DDD", "1990-01-01") == "denounced"
    assert status(eng, "DDD", "2001-01-01") == "party"


def test_an_engine_without_any_row_gives_no_action_and_not_applicable():
    """A territory with no row at all (55 in the shipped data) once crashed the engine (concat of nothing)."""
    eng = engine([])
    assert status(eng, "AAA", "2000-01-01") == "no_action"
    assert status(eng, "AAA", "1940-01-01") == "not_applicable"
    assert len(eng.parties("t", "2000-01-01")) == 0


def test_instrument_not_yet_adopted_is_not_applicable():
    eng = engine([("AAA", "late", "ratification", "1991-01-01", "s")])
    frame = eng.statuses("late", "1980-01-01")
    assert set(frame["status"]) == {"not_applicable"}


def test_predecessor_covers_successors_while_it_exists_then_succession():
    eng = engine([("YUG", "t", "ratification", "1952-01-01", "s"), ("SVN", "t", "succession", "1992-07-06", "s")])
    frame = eng.statuses("t", "1980-01-01").set_index("state_id")
    assert frame.at["SVN", "status"] == "via_predecessor" and frame.at["SVN", "via"] == "YUG"
    assert frame.at["HRV", "status"] == "via_predecessor"
    assert frame.at["YUG", "status"] == "party"
    later = eng.statuses("t", "1993-01-01").set_index("state_id")
    assert "YUG" not in later.index  # it no longer existed
    assert later.at["SVN", "status"] == "party"
    assert later.at["HRV", "status"] == "no_action"  # no succession recorded for Croatia


def test_parties_and_counts_over_time():
    eng = engine(
        [
            ("AAA", "t", "ratification", "1950-06-01", "s"),
            ("BBB", "t", "accession", "1960-01-01", "s"),
            ("BBB", "t", "denunciation", "1970-01-01", "s"),
            ("YUG", "t", "ratification", "1952-01-01", "s"),
        ]
    )
    assert sorted(eng.parties("t", "1965-01-01")["state_id"]) == ["AAA", "BBB", "YUG"]
    counts = eng.counts_over_time("t").set_index("date")["parties"]
    assert counts[pd.Timestamp("1960-01-01")] == 3
    assert counts[pd.Timestamp("1970-01-01")] == 2
    assert counts[pd.Timestamp("1992-04-28")] == 1  # Yugoslavia ceased to exist


def test_status_matrix_shape():
    eng = engine([("AAA", "t", "ratification", "1950-06-01", "s")])
    matrix = eng.status_matrix("2000-01-01", ["t", "late"])
    assert list(matrix.columns) == ["t", "late"]
    assert matrix.at["AAA", "t"] == "party" and matrix.at["AAA", "late"] == "no_action"
    assert len(matrix) == 7


def test_every_status_arises_from_its_rule():
    """One log in which each status has its case: the statuses the engine gives are exactly the expected
    ones, and together with coverage's ``no_data`` they are every declared status (a new status needs a case
    here, and a rule that stops producing one fails)."""
    from explorer.coverage_rules import mark_no_data
    from explorer.status import STATUSES

    eng = engine(
        [
            ("AAA", "t", "ratification", "1950-06-01", "s"),  # in force from the general entry into force
            ("BBB", "t", "signature", "1950-02-01", "s"),
            ("CCC", "t", "accession", "1950-03-01", "s"),
            ("CCC", "t", "denunciation", "1951-03-01", "s"),
            ("YUG", "t", "ratification", "1950-07-01", "s"),  # covers SVN and HRV while it exists
        ]
    )
    expected = {
        "AAA": "party",
        "BBB": "signatory",
        "CCC": "denounced",
        "DDD": "no_action",
        "EEE": "no_action",
        "YUG": "party",
        "SVN": "via_predecessor",
        "HRV": "via_predecessor",
    }
    after = eng.statuses("t", "1951-06-01").set_index("state_id")["status"].to_dict()
    assert after == expected
    before = eng.statuses("t", "1950-12-31").set_index("state_id")["status"].to_dict()
    assert before["AAA"] == "party_not_in_force" and before["CCC"] == "party_not_in_force"
    not_yet = eng.statuses("late", "1951-06-01")
    assert set(not_yet["status"]) == {"not_applicable"}
    unchecked = mark_no_data(eng.statuses("t", "1951-06-01"), None, "1951-06-01")
    # Without a coverage record the rows are not known complete: "no action" becomes "no data".
    assert unchecked.set_index("state_id")["status"].to_dict() == {**expected, "DDD": "no_data", "EEE": "no_data"}
    seen = set(after.values()) | set(before.values()) | set(not_yet["status"]) | set(unchecked["status"])
    assert seen == set(STATUSES)


def test_statuses_on_dates_match_statuses_and_repeat_unchanged_years():
    eng = engine(
        [
            ("YUG", "t", "ratification", "1952-01-01", "s"),
            ("SVN", "t", "succession", "1992-07-06", "s"),
            ("AAA", "t", "signature", "1960-03-01", "s"),
        ]
    )
    dates = [pd.Timestamp(f"{year}-12-31") for year in range(1945, 1996)]
    frames = eng.statuses_on_dates("t", dates, also_changes_on=[pd.Timestamp("1970-06-01")])
    assert len(frames) == len(dates)
    for when, frame in zip(dates, frames):
        pd.testing.assert_frame_equal(frame, eng.statuses("t", when))
    # The engine is asked again only once something can have changed (the instrument's start, a change
    # point, Yugoslavia's last day, the extra date); every other year is the same object as the year before.
    asked = [dates[0].year] + [
        when.year for index, when in enumerate(dates[1:], 1) if frames[index] is not frames[index - 1]
    ]
    assert asked == [1945, 1950, 1952, 1960, 1970, 1992]
