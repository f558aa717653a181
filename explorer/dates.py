"""When an instrument starts, and the years the views start from: one rule for every caller.

An instrument's **start date** is the earliest of its adoption, enactment and opening for signature
(:data:`START_FIELDS`); the status engine, the validation, the timeline, the map, the country pages, the
definitions and the exercises all place an instrument there. In the data an instrument has at most one of
them earlier than the others (a treaty is adopted, then opened for signature; a statute is enacted), so
"the earliest" and "adoption, else enactment, else opening" agree; the earliest is the rule because it also
holds for a row that gives more than one.

Its **placement date** (:func:`placement_dates`) is the start date, else the general entry into force: where
the timeline and the search put an instrument whose text dates are unknown. It is a different question
("where to draw it"), so it has its own name; nothing treats an instrument as existing from its entry
into force.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

START_FIELDS = ("adopted", "enacted", "opened_for_signature")

#: The timeline's date axis starts on 1 January of this year: a round year before the oldest instrument.
TIMELINE_START_YEAR = 1900
#: The first year the map and the country profiles offer: the year of the oldest instrument in the data (the
#: 1904 International Agreement for the suppression of the "White Slave Traffic").
FIRST_YEAR = 1904


def start_value(record: Mapping) -> dt.date | pd.Timestamp | None:
    """The earliest start date of one instrument record, in the type the record holds it (``datetime.date`` in
    the curated records :mod:`explorer.validate` checks, Timestamps in the tables); None if it has none."""
    values = [record.get(name) for name in START_FIELDS]
    values = [value for value in values if value is not None and pd.notna(value)]
    return min(values) if values else None


def start_date(row: Mapping) -> pd.Timestamp | None:
    """The start date of one instrument row (mapping or Series) as a Timestamp, or None."""
    value = start_value(row)
    return None if value is None else pd.Timestamp(value)


def start_dates(instruments: pd.DataFrame) -> pd.Series:
    """The start date of every row of an instruments table (NaT where it has none)."""
    return instruments[list(START_FIELDS)].min(axis=1)


def placement_dates(instruments: pd.DataFrame) -> pd.Series:
    """Where an instrument is placed on a date axis: its start date, else its general entry into force."""
    return start_dates(instruments).fillna(instruments["entry_into_force"])
