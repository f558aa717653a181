"""How far the participation rows can be trusted, per instrument: computed, never typed.

For every instrument the rows are checked against the party counts that depositaries (or official
statements) publish (``depositary_counts``): the count computed from the rows on the date a count
speaks for either equals it or not. One rule turns that into a class:

* ``complete`` — the rows reproduce the latest published count, that count is current (it speaks for a
  date at most :data:`CURRENT_COUNT_DAYS` before the data's as-of date) and no row is dated after it. The
  rows are taken as complete up to the data's as-of date.
* ``complete_to`` — the rows reproduce a published count of date D, but not a later one, or rows after D
  come from scattered sources, or D is not current: complete up to D only.
* ``partial`` — the rows reproduce no published count (N of M parties recorded).
* ``unknown`` — no published count to check the rows against.

Everything that says "no action" asks :func:`complete_on` first: on a date for which the rows are not
known complete, a state without a row has ``no_data``, not ``no_action``.
"""

from __future__ import annotations

import warnings

import pandas as pd

from .schema import COVERAGE, COVERAGE_CLASSES
from .status import StatusEngine

# NOTE: a published count older than this (relative to the data's as-of date) is not taken to speak for
# today: depositaries record new parties every year, so "no action" after it would be a guess.
CURRENT_COUNT_DAYS = 366

COLUMNS = COVERAGE.field_names


class CoverageWarning(UserWarning):
    """The answer rests on rows that are known to be incomplete (or on a date outside the data)."""


#: The published-count fields of a coverage record for an instrument without a published count.
NO_PUBLISHED_COUNT = {
    "published_parties": None,
    "published_as_at": None,
    "published_source_id": None,
    "computed_at_published": None,
    "complete_through": None,
    "matching_count_source_id": None,
}


def _classify(
    engine: StatusEngine, instrument_id: str, counts: pd.DataFrame, last_row: pd.Timestamp | None, as_of: pd.Timestamp
) -> dict:
    counts = counts.sort_values(["status_as_at", "source_id"])
    computed = [engine.party_count(instrument_id, when) for when in counts["status_as_at"]]
    counts = counts.assign(computed=computed)
    record = dict(NO_PUBLISHED_COUNT)
    if counts.empty:
        return record | {"coverage_class": "unknown"}
    latest = counts.iloc[-1]
    record |= {
        "published_parties": int(latest["parties"]),
        "published_as_at": latest["status_as_at"],
        "published_source_id": latest["source_id"],
        "computed_at_published": int(latest["computed"]),
    }
    matching = counts[counts["computed"] == counts["parties"]]
    if matching.empty:
        return record | {"coverage_class": "partial"}
    match = matching.iloc[-1]
    record["matching_count_source_id"] = match["source_id"]
    current = (as_of - match["status_as_at"]).days <= CURRENT_COUNT_DAYS
    no_later_rows = last_row is None or last_row <= match["status_as_at"]
    if match.name == latest.name and current and no_later_rows:
        return record | {"coverage_class": "complete", "complete_through": as_of}
    return record | {"coverage_class": "complete_to", "complete_through": match["status_as_at"]}


def _note(record: dict) -> str:
    published = record["published_parties"]
    if record["coverage_class"] == "unknown":
        return f"{record['parties_in_rows']} parties in the rows; no published count to check them against."
    when = pd.Timestamp(record["published_as_at"]).date().isoformat()
    if record["coverage_class"] == "complete":
        return f"The rows reproduce the published count of {published} parties on {when}."
    if record["coverage_class"] == "complete_to":
        through = pd.Timestamp(record["complete_through"]).date().isoformat()
        return (
            f"The rows reproduce the published count on {through}, not later: {record['computed_at_published']} "
            f"of the {published} parties published on {when} are recorded."
        )
    return f"{record['computed_at_published']} of the {published} parties published on {when} are recorded."


def coverage_table(
    engine: StatusEngine,
    instruments: pd.DataFrame,
    participation: pd.DataFrame,
    counts: pd.DataFrame,
    states: pd.DataFrame,
    as_of,
) -> pd.DataFrame:
    """One row per instrument that has participation rows or a published count (see the module doc)."""
    as_of = pd.Timestamp(as_of)
    typed = participation[~participation["computed"].astype(bool)]
    organisations = set(states.loc[states["kind"] == "organisation", "state_id"])
    wanted = sorted(set(typed["instrument_id"]) | set(counts["instrument_id"]))
    known = set(instruments["instrument_id"])
    rows = []
    for instrument_id in wanted:
        if instrument_id not in known:
            continue
        own = typed[typed["instrument_id"] == instrument_id]
        last_row = own["date"].max() if len(own) else None
        record = {
            "instrument_id": instrument_id,
            "rows": int(len(own)),
            "parties_in_rows": engine.party_count(instrument_id, as_of),
            "counts_organisations": bool(own["state_id"].isin(organisations).any()),
        }
        record |= _classify(engine, instrument_id, counts[counts["instrument_id"] == instrument_id], last_row, as_of)
        record["note"] = _note(record)
        rows.append(record)
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for column in ("published_as_at", "complete_through"):
        frame[column] = pd.to_datetime(frame[column])
    assert set(frame["coverage_class"]) <= set(COVERAGE_CLASSES)
    return frame


def records(frame: pd.DataFrame) -> list[dict]:
    """The table as plain records (dates as ``datetime.date``) for the parquet writer."""
    out = []
    for row in frame.to_dict("records"):
        clean = {}
        for key, value in row.items():
            if isinstance(value, pd.Timestamp):
                value = value.date()
            elif value is not None and not isinstance(value, (str, bool, list)) and pd.isna(value):
                value = None
            elif hasattr(value, "item"):
                value = value.item()
            clean[key] = value
        out.append(clean)
    return out


# --- reading it ----------------------------------------------------------------------------------

INT_FIELDS = ("rows", "parties_in_rows", "published_parties", "computed_at_published")


def clean_record(row: dict) -> dict:
    """A coverage row read back from parquet: counts as int (or None), dates as Timestamp (or None)."""
    record = dict(row)
    for key in INT_FIELDS:
        value = record.get(key)
        record[key] = None if value is None or pd.isna(value) else int(value)
    for key in ("published_as_at", "complete_through"):
        value = record.get(key)
        record[key] = None if value is None or pd.isna(value) else pd.Timestamp(value)
    for key in ("published_source_id", "matching_count_source_id"):
        value = record.get(key)
        record[key] = None if not isinstance(value, str) else value
    return record


def complete_on(record, when) -> bool:
    """Whether the rows of one instrument are known complete on a date (``record``: a coverage row or None)."""
    if record is None:
        return False
    through = record["complete_through"]
    return (
        record["coverage_class"] in ("complete", "complete_to")
        and pd.notna(through)
        and pd.Timestamp(when) <= pd.Timestamp(through)
    )


def mark_no_data(statuses: pd.DataFrame, record, when) -> pd.DataFrame:
    """``no_action`` → ``no_data`` wherever the rows are not known complete on that date."""
    if complete_on(record, when):
        return statuses
    frame = statuses.copy()
    frame.loc[frame["status"] == "no_action", "status"] = "no_data"
    return frame


def mark_matrix(matrix: pd.DataFrame, table: pd.DataFrame, when) -> pd.DataFrame:
    """The same rule for a state × instrument status matrix."""
    frame = matrix.copy()
    by_id = table.set_index("instrument_id")
    for instrument_id in frame.columns:
        record = by_id.loc[instrument_id] if instrument_id in by_id.index else None
        if not complete_on(record, when):
            column = frame[instrument_id]
            frame.loc[column == "no_action", instrument_id] = "no_data"
    return frame


def warn_if_partial(record, when, what: str, instrument_id: str) -> str | None:
    """Emit a :class:`CoverageWarning` (and return its text) when the rows are not known complete on ``when``."""
    if complete_on(record, when):
        return None
    day = pd.Timestamp(when).date().isoformat()
    if record is None or record["coverage_class"] == "unknown":
        text = (
            f"{what} for {instrument_id} on {day} rests on rows with no published count to check them "
            f"against: states without a row are 'no_data', not 'no action'."
        )
    else:
        text = (
            f"{what} for {instrument_id} on {day} rests on rows that are {record['coverage_class']}: "
            f"{record['note']} States without a row are 'no_data', not 'no action'."
        )
    warnings.warn(text, CoverageWarning, stacklevel=3)
    return text
