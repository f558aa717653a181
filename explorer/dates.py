"""The date an instrument is placed at: adoption, else enactment, else opening for signature."""
from __future__ import annotations

import pandas as pd

START_FIELDS = ("adopted", "enacted", "opened_for_signature")


def start_date(row) -> pd.Timestamp | None:
    """For one instrument row (mapping or Series)."""
    for name in START_FIELDS:
        value = row.get(name)
        if value is not None and pd.notna(value):
            return pd.Timestamp(value)
    return None


def start_dates(instruments: pd.DataFrame) -> pd.Series:
    """For a whole instruments table: the earliest of the start fields, per row."""
    return instruments[list(START_FIELDS)].min(axis=1)
