"""Expected values for the browser tests, computed with pandas straight from the parquet tables, never by
calling the code under test."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

# The acts that make a state a party, typed here rather than taken from explorer.status (the code under test).
CONSENT_ACTIONS = {
    "ratification",
    "accession",
    "succession",
    "acceptance",
    "approval",
    "definitive_signature",
    "participation",
}


def dated_instruments(instruments: pd.DataFrame) -> pd.DataFrame:
    """Instruments with an adoption, enactment or signature date (those the timeline marks as adopted)."""
    return instruments[instruments[["adopted", "enacted", "opened_for_signature"]].notna().any(axis=1)]


def parties_without(real_tables: Path, include: str, exclude: str, date) -> set[str]:
    """Independent of the status engine: consent on or before the date, no exit before it."""
    log = pd.read_parquet(real_tables / "participation.parquet")
    log["date"] = pd.to_datetime(log["date"])
    when = pd.Timestamp(date)
    states = pd.read_parquet(real_tables / "states.parquet")
    ended = pd.to_datetime(states.set_index("state_id")["existed_to"]).dropna()

    organisations = set(states.loc[states["kind"] == "organisation", "state_id"])  # counted, never drawn

    def parties(instrument):
        rows = log[(log["instrument_id"] == instrument) & (log["date"] <= when)]
        # A consent, or an entry into force recorded without its consent (some sources give only that).
        joined = set(rows[rows["action"].isin(CONSENT_ACTIONS | {"entry_into_force"})]["state_id"]) - organisations
        left = set(rows[rows["action"].isin(["denunciation", "withdrawal"])]["state_id"])
        gone = {s for s in joined if s in ended.index and ended[s] < when}
        return joined - left - gone

    return parties(include) - parties(exclude)
