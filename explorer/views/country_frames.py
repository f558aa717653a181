"""The country profile's time dimension, sent to the browser once per choice of states.

Moving the profile's 'Status in' slider must not wait for the kernel. So when a state (and a second one
to compare) is chosen, the kernel computes the profile once for every year in which it can change, and
sends the texts of every cell that depends on the date (statuses, dates, notes, sources, the summary
sentence, the chart's stamp) as change points. The page script (``explorer/live_plot.js``, kind
``cells``) rewrites the elements marked ``data-cell`` for the slider's year; the kernel learns the settled
year for what needs Python (deep link, citation, CSV).

The profiles come from :func:`dated_profiles`, which ``api.country_profile`` also uses for its one date:
one status engine over the state's own rows (and its former states'), then one small status matrix per
date (tests/test_country_frames.py checks every year against the engine over all the rows).
"""

from __future__ import annotations

import pandas as pd

from ..coverage_rules import complete_on
from ..dates import start_dates
from ..schema import CONSENT_ACTIONS, EXIT_ACTIONS

STAMP_KEY = "@stamp"  # the chart's stamp: not a cell of the page, applied to the figure


def predecessors_of(state_ids, states: pd.DataFrame) -> set[str]:
    """The former states whose successors include one of ``state_ids``."""
    state_ids = set(state_ids)
    return {
        state_id
        for state_id, successors in zip(states["state_id"], states["successor_ids"])
        if successors is not None and state_ids & set(successors)
    }


def change_years(
    state_ids,
    participation: pd.DataFrame,
    states: pd.DataFrame,
    instruments: pd.DataFrame,
    coverage: pd.DataFrame,
    first_year: int,
    last_year: int,
) -> list[int]:
    """The years whose profile (on 31 December) can differ from the year before's, ``first_year`` first.

    A profile changes only with an act of the state or of a former state it succeeded (their rows,
    including computed entries into force), a general entry into force of an instrument they acted on,
    their first or last day, an instrument's start (before it: 'not applicable'), or the end of an
    instrument's complete coverage (after it, 'No action recorded' becomes 'No data')."""
    related = set(state_ids) | predecessors_of(state_ids, states)
    rows = participation[participation["state_id"].isin(related)]
    dates = set(rows["date"])
    acted_on = instruments[instruments["instrument_id"].isin(set(rows["instrument_id"]))]
    dates |= set(acted_on["entry_into_force"].dropna())
    dates |= set(start_dates(instruments).dropna())
    own = states[states["state_id"].isin(related)]
    dates |= set(own["existed_from"].dropna())
    dates |= {pd.Timestamp(day) + pd.Timedelta(days=1) for day in own["existed_to"].dropna()}
    dates |= {pd.Timestamp(day) + pd.Timedelta(days=1) for day in coverage["complete_through"].dropna()}
    years = {pd.Timestamp(day).year for day in dates}
    return [first_year] + sorted(year for year in years if first_year < year <= last_year)


GROUPS = {
    "signature": ["signature"],
    "consent": sorted(CONSENT_ACTIONS),
    "entry_into_force": ["entry_into_force"],
    "exit": sorted(EXIT_ACTIONS),
}
# The columns of a profile (``api.country_profile``), in order.
PROFILE_COLUMNS = [
    "instrument_id",
    "short_title",
    "family",
    "status",
    *GROUPS,
    "core",
    "coverage_class",
    "note",
    "source_ids",
]


def empty_profile() -> pd.DataFrame:
    """The profile of a former state on a date when it did not exist: no rows (typed as the others are)."""
    dtypes = {column: "datetime64[ns]" for column in GROUPS} | {"core": bool}
    return pd.DataFrame({column: pd.Series(dtype=dtypes.get(column, object)) for column in PROFILE_COLUMNS})


def dated_profiles(
    state_id: str,
    dates: list[pd.Timestamp],
    participation: pd.DataFrame,
    instruments: pd.DataFrame,
    states: pd.DataFrame,
    coverage: pd.DataFrame,
) -> list[pd.DataFrame | None]:
    """The profile of ``state_id`` on each of ``dates`` (None where the state did not exist then): every
    instrument with participation data, the state's status on that date and its key dates as of then.

    This is ``api.country_profile`` (which asks it for one date). The statuses come from a status engine
    over the state's own rows and those of its former states only (a state's status depends on nothing
    else), which is what makes many dates cheap; tests/test_country_frames.py checks every year against the
    engine over all the rows."""
    from ..status import StatusEngine

    related = {state_id} | predecessors_of([state_id], states)
    rows = participation[participation["state_id"].isin(related)].reset_index(drop=True)
    engine = StatusEngine(rows, instruments, states[states["state_id"].isin(related)].reset_index(drop=True))
    names = states.set_index("state_id")["name"]
    instrument_ids = sorted(participation["instrument_id"].unique())
    # The columns that do not depend on the date.
    by_id = instruments.set_index("instrument_id")
    template = pd.DataFrame({"instrument_id": instrument_ids})
    template["short_title"] = template["instrument_id"].map(by_id["short_title"])
    template["family"] = template["instrument_id"].map(by_id["family"])
    core = set(instruments.loc[instruments["core"].eq(True), "instrument_id"])  # empty (None) = not core
    template["core"] = template["instrument_id"].isin(core)
    classes = coverage.set_index("instrument_id")["coverage_class"]
    template["coverage_class"] = template["instrument_id"].map(classes).fillna("unknown")
    records = {row["instrument_id"]: row for row in coverage.to_dict("records")}
    own = participation[participation["state_id"] == state_id].sort_values("date")
    # The first act of a kind on or before a date is the first act of that kind, if it is on or before it.
    firsts = {
        column: own[own["action"].isin(actions)].groupby("instrument_id")["date"].min().to_dict()
        for column, actions in GROUPS.items()
    }
    acts = list(zip(own["date"], own["instrument_id"], own["source_id"]))
    profiles = []
    for when in dates:
        matrix = engine.status_matrix(when, instrument_ids, include_historical=True)
        if state_id not in matrix.index:
            profiles.append(None)
            continue
        row = matrix.loc[state_id]
        # The coverage rule (coverage_rules.mark_matrix): no action where the rows are not known complete
        # is no data.
        status = {
            instrument_id: "no_data"
            if value == "no_action" and not complete_on(records.get(instrument_id), when)
            else value
            for instrument_id, value in row.items()
        }
        frame = template.copy()
        frame["status"] = frame["instrument_id"].map(status)
        for column in GROUPS:
            frame[column] = pd.to_datetime(
                frame["instrument_id"].map(
                    {instrument_id: day for instrument_id, day in firsts[column].items() if day <= when}
                )
            )
        # NOTE: where the state is covered through a former state, say which one and by what act.
        notes = {}
        for instrument_id in frame.loc[frame["status"] == "via_predecessor", "instrument_id"]:
            via = engine.statuses(instrument_id, when).set_index("state_id").loc[state_id]
            notes[instrument_id] = (
                f"via {names.get(via['via'], via['via'])}: {str(via['action']).replace('_', ' ')} "
                f"of {pd.Timestamp(via['action_date']).date().isoformat()}"
            )
        frame["note"] = frame["instrument_id"].map(notes)
        sources: dict[str, set] = {}
        for day, instrument_id, source_id in acts:
            if day > when:
                break
            sources.setdefault(instrument_id, set()).add(source_id)
        frame["source_ids"] = (
            frame["instrument_id"]
            .map({instrument_id: ", ".join(sorted(ids)) for instrument_id, ids in sources.items()})
            .astype(object)
            .fillna("")
        )
        profiles.append(frame[PROFILE_COLUMNS])
    return profiles


def build_cells(years: list[int], cells_by_year: list[dict[str, str]]) -> dict:
    """Cell frames: ``cells_by_year[i]`` maps each cell's key (its ``data-cell``) to its text in ``years[i]``.

    Each key gets a list of ``[year index, text index]`` change points, the first at year index 0; texts
    are stored once. The key ``STAMP_KEY`` (the chart's stamp) becomes ``stamps``."""
    keys = list(dict.fromkeys(key for cells in cells_by_year for key in cells))
    texts: list[str] = []
    text_ids: dict[str, int] = {}
    changes: dict[str, list[list[int]]] = {}
    last: dict[str, str] = {}
    for index, cells in enumerate(cells_by_year):
        for key in keys:
            text = cells.get(key, "")
            if index and last[key] == text:
                continue
            last[key] = text
            text_id = text_ids.setdefault(text, len(texts))
            if text_id == len(texts):
                texts.append(text)
            changes.setdefault(key, []).append([index, text_id])
    stamps = changes.pop(STAMP_KEY, None)
    return {"kind": "cells", "years": list(years), "texts": texts, "cells": changes, "stamps": stamps}
