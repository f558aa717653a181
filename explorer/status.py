"""The status engine: from the participation event log to the status of every state, on any date.

Statuses (see also the glossary):

* ``not_applicable`` — the instrument did not exist yet on that date, or the state did not exist;
* ``no_action`` — nothing recorded for that state, on a date for which the rows are known complete
  (see :mod:`explorer.coverage_rules`);
* ``no_data`` — nothing recorded for that state, on a date for which the rows are *not* known complete:
  the state may well have acted (the engine itself says ``no_action``; the coverage rule turns it into
  ``no_data``);
* ``signatory`` — signed, no consent to be bound yet;
* ``party_not_in_force`` — consent given, but the instrument is not yet in force for that state;
* ``party`` — consent given and in force (or no later entry-into-force date is known);
* ``denounced`` — denounced or withdrew (from the date recorded);
* ``via_predecessor`` — no action of its own, but on that date its territory belonged to a former
  state (e.g. the USSR, Yugoslavia) that was a party; shown on the successor's territory with a note.

Organisations that are parties in their own right (the EU; ``kind == 'organisation'`` in the states
table) are counted among the parties but have no place on the map: :meth:`StatusEngine.statuses` leaves
them out unless asked, :meth:`StatusEngine.parties` includes them.

A state whose only row is its entry into force (some sources give no consent date) is a party from that
date: the consent must have come earlier, but its date is not recorded.

The log is turned once into *change points* (a date and the status from that date on, per state
and instrument); the status on any date is then the last change point on or before it, which is a
vectorised lookup, fast enough for ~250 states × all instruments per date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .dates import start_dates
from .schema import CONSENT_ACTIONS, EXIT_ACTIONS

STATUSES = {
    "party": "Party (in force)",
    "party_not_in_force": "Party, not yet in force",
    "via_predecessor": "Covered via a former state",
    "signatory": "Signatory only",
    "denounced": "Denounced / withdrew",
    "no_action": "No action recorded",
    "no_data": "No data (not recorded)",
    "not_applicable": "Not applicable (instrument or state did not exist)",
}
STATUS_ORDER = list(STATUSES)
PARTY_STATUSES = ("party", "party_not_in_force")
_RANK = {"signatory": 1, "party_not_in_force": 2, "party": 3, "denounced": 4, "not_applicable": 5}


def _as_timestamp(value) -> pd.Timestamp:
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return pd.Timestamp(value)


@dataclass
class StatusEngine:
    """Status lookups over one event log.

    ``participation``, ``instruments`` and ``states`` are the DataFrames of the same names
    (as returned by :mod:`explorer.load`).
    """

    participation: pd.DataFrame
    instruments: pd.DataFrame
    states: pd.DataFrame

    def __post_init__(self):
        ended = self.states.dropna(subset=["existed_to"]).set_index("state_id")["existed_to"]
        self._changes = self._change_points(self.participation, self.instruments, ended)
        # Per instrument: arrays sorted by (pair, date) for a vectorised "last change on or before".
        self._by_instrument = {
            instrument_id: group.reset_index(drop=True)
            for instrument_id, group in self._changes.groupby("instrument_id", sort=False)
        }
        self._first_date = start_dates(self.instruments.set_index("instrument_id"))
        historical = self.states[self.states["kind"] == "historical"]
        self._historical = historical.set_index("state_id")
        current = self.states[self.states["kind"] == "current"]
        self._current_ids = current["state_id"].tolist()
        self._organisation_ids = self.states.loc[self.states["kind"] == "organisation", "state_id"].tolist()
        self._names = self.states.set_index("state_id")["name"]

    # -- building -----------------------------------------------------------------------------

    @staticmethod
    def _change_points(participation: pd.DataFrame, instruments: pd.DataFrame, ended: pd.Series) -> pd.DataFrame:
        """Vectorised: every (state, instrument) pair's status changes, with the act behind each."""
        keys = ["state_id", "instrument_id"]
        log = participation[keys + ["action", "date", "source_id"]].copy()
        log["action_date"] = log["date"]
        columns = keys + ["date", "status", "action", "action_date", "source_id"]
        parts = []

        signatures = log[log["action"] == "signature"].sort_values("date").drop_duplicates(keys)
        parts.append(signatures.assign(status="signatory"))

        consents = log[log["action"].isin(CONSENT_ACTIONS)].sort_values("date")
        eif = log[log["action"] == "entry_into_force"][keys + ["date"]].rename(columns={"date": "own_eif"})
        eif = eif.sort_values("own_eif")
        # NOTE: an entry into force with no consent recorded for the pair (e.g. a treaty database that
        # lists only entry-into-force dates): party in force from that date, consent date unknown.
        consented = consents[keys].drop_duplicates()
        eif_only = log[log["action"] == "entry_into_force"].merge(consented, on=keys, how="left", indicator=True)
        eif_only = eif_only[eif_only["_merge"] == "left_only"].drop(columns="_merge")
        eif_only = eif_only.sort_values("date").drop_duplicates(keys)
        parts.append(eif_only.assign(status="party"))
        if len(consents):
            matched = pd.merge_asof(consents, eif, left_on="date", right_on="own_eif", by=keys, direction="forward")
            general = matched["instrument_id"].map(instruments.set_index("instrument_id")["entry_into_force"])
            later_general = general.where(general > matched["date"])
            in_force = matched["own_eif"].fillna(later_general).fillna(matched["date"])
            pending = in_force > matched["date"]
            parts.append(matched[pending].assign(status="party_not_in_force"))
            parts.append(matched.assign(date=in_force, status="party"))

        exits = log[log["action"].isin(EXIT_ACTIONS)]
        parts.append(exits.assign(status="denounced"))

        kept = [part[columns] for part in parts if len(part)]
        if not kept:  # no row at all (a territory, a state's own slice of the log): nothing ever changes
            return pd.DataFrame(columns=columns)
        points = pd.concat(kept, ignore_index=True)
        if len(ended) and len(points):
            # A former state stops counting the day after it ceased to exist.
            last = points.sort_values("date").drop_duplicates(keys, keep="last")
            last = last[last["state_id"].isin(ended.index)]
            last = last.assign(date=last["state_id"].map(ended) + pd.Timedelta(days=1), status="not_applicable")
            points = pd.concat([points, last[columns]], ignore_index=True)
        if points.empty:
            return pd.DataFrame(columns=columns)
        points["rank"] = points["status"].map(_RANK)
        points = points.sort_values(keys + ["date", "rank"], kind="stable").drop(columns="rank")
        return points.reset_index(drop=True)

    # -- lookups ------------------------------------------------------------------------------

    def _existing_on(self, when: pd.Timestamp) -> pd.DataFrame:
        """Historical entities that existed on the date."""
        frame = self._historical
        started = frame["existed_from"].isna() | (frame["existed_from"] <= when)
        ended = frame["existed_to"].isna() | (frame["existed_to"] >= when)
        return frame[started & ended]

    def _last_changes(self, instrument_id: str, when: pd.Timestamp) -> pd.DataFrame:
        changes = self._by_instrument.get(instrument_id)
        if changes is None:
            return self._changes.iloc[0:0]
        upto = changes[changes["date"].values <= np.datetime64(when)]
        return upto.drop_duplicates("state_id", keep="last")

    def statuses(
        self, instrument_id: str, as_of, include_historical: bool = True, include_organisations: bool = False
    ) -> pd.DataFrame:
        """Status of every current state (and, if asked, every historical entity that existed and every
        organisation) on a date.

        Columns: state_id, name, status, action, action_date, source_id, via (predecessor id or None).
        """
        when = _as_timestamp(as_of)
        first = self._first_date.get(instrument_id)
        last = self._last_changes(instrument_id, when).set_index("state_id")
        existing_historical = self._existing_on(when)
        ids = list(self._current_ids)
        if include_historical:
            ids += existing_historical.index.tolist()
        if include_organisations:
            ids += self._organisation_ids
        frame = pd.DataFrame({"state_id": ids})
        frame["name"] = frame["state_id"].map(self._names)
        frame = frame.join(last[["status", "action", "action_date", "source_id"]], on="state_id")
        frame["status"] = frame["status"].fillna("no_action")
        frame["via"] = None
        if pd.isna(first) or first > when:
            frame["status"] = "not_applicable"
            return frame
        # Former states that were parties on that date cover their successors' territory.
        for predecessor_id, predecessor in existing_historical.iterrows():
            if predecessor_id not in last.index or last.at[predecessor_id, "status"] not in PARTY_STATUSES:
                continue
            for successor_id in predecessor["successor_ids"]:
                mask = (frame["state_id"] == successor_id) & (frame["status"] == "no_action")
                frame.loc[mask, "status"] = "via_predecessor"
                frame.loc[mask, "via"] = predecessor_id
                for column in ("action", "action_date", "source_id"):
                    frame.loc[mask, column] = last.at[predecessor_id, column]
        return frame

    def parties(self, instrument_id: str, as_of, include_organisations: bool = True) -> pd.DataFrame:
        """States (and organisations such as the EU) that were parties (consent given, in force or not
        yet) on the date; depositaries count both."""
        frame = self.statuses(instrument_id, as_of, include_organisations=include_organisations)
        return frame[frame["status"].isin(PARTY_STATUSES)].reset_index(drop=True)

    def party_count(self, instrument_id: str, as_of) -> int:
        """Number of parties on a date, counted as a depositary counts them (organisations included)."""
        return len(self.parties(instrument_id, as_of))

    @property
    def organisation_ids(self) -> list[str]:
        return list(self._organisation_ids)

    def change_dates(self, instrument_id: str) -> set[pd.Timestamp]:
        """Every date on which some status on the instrument can change: its change points and the first and
        last days (+1) of the former states."""
        changes = self._by_instrument.get(instrument_id)
        dates = set(pd.to_datetime(changes["date"])) if changes is not None else set()
        historical = self._historical
        dates |= set(historical["existed_from"].dropna())
        dates |= {day + pd.Timedelta(days=1) for day in historical["existed_to"].dropna()}
        return dates

    def statuses_on_dates(
        self, instrument_id: str, dates, also_changes_on=(), include_organisations: bool = False
    ) -> list[pd.DataFrame]:
        """:meth:`statuses` on each of ``dates`` (oldest first), computed only where something can have changed.

        The engine is asked on the first date and on every date by which a status can have changed since the
        date before (a change point, a former state's first or last day, the instrument's start, or a date in
        ``also_changes_on``, e.g. the end of the rows' complete coverage); every other date repeats the frame
        of the date before, the same object (so a caller can skip it by identity).
        """
        changes = set(self.change_dates(instrument_id)) | {pd.Timestamp(day) for day in also_changes_on}
        first = self._first_date.get(instrument_id)
        if pd.notna(first):
            changes.add(pd.Timestamp(first))
        ordered = np.array(sorted(changes), dtype="datetime64[ns]")
        results: list[pd.DataFrame] = []
        previous = None
        for when in (_as_timestamp(day) for day in dates):
            moved = previous is None or bool(
                ((ordered > np.datetime64(previous)) & (ordered <= np.datetime64(when))).any()
            )
            if moved:
                frame = self.statuses(instrument_id, when, include_organisations=include_organisations)
            results.append(frame)
            previous = when
        return results

    def organisation_parties(self, instrument_id: str, as_of) -> pd.DataFrame:
        """Organisations (e.g. the EU) that were parties on the date: listed under the map, not drawn."""
        frame = self.parties(instrument_id, as_of)
        return frame[frame["state_id"].isin(self._organisation_ids)].reset_index(drop=True)

    def status_matrix(self, as_of, instrument_ids=None, include_historical: bool = False) -> pd.DataFrame:
        """State × instrument table of statuses on a date (former states existing then, if asked).

        Vectorised over all instruments at once: one filter and one pivot of the change points.
        """
        when = _as_timestamp(as_of)
        instrument_ids = list(instrument_ids or self.instruments["instrument_id"])
        existing = self._existing_on(when)
        rows = list(self._current_ids) + (existing.index.tolist() if include_historical else [])
        changes = self._changes[
            (self._changes["date"].values <= np.datetime64(when)) & self._changes["instrument_id"].isin(instrument_ids)
        ]
        last = changes.drop_duplicates(["state_id", "instrument_id"], keep="last")
        matrix = last.pivot(index="state_id", columns="instrument_id", values="status")
        matrix = matrix.reindex(index=rows, columns=instrument_ids).astype(object).fillna("no_action")
        first = self._first_date.reindex(instrument_ids)
        for instrument_id in first.index[first.isna() | (first > when)]:
            matrix[instrument_id] = "not_applicable"
        party_rows = last[last["status"].isin(PARTY_STATUSES) & last["state_id"].isin(existing.index)]
        for _, change in party_rows.iterrows():
            successors = [s for s in existing.at[change["state_id"], "successor_ids"] if s in matrix.index]
            column = matrix.loc[successors, change["instrument_id"]]
            matrix.loc[column[column == "no_action"].index, change["instrument_id"]] = "via_predecessor"
        matrix.columns.name = None
        return matrix

    def counts_over_time(self, instrument_id: str, include_pending: bool = True) -> pd.DataFrame:
        """Number of parties after every change, as a step series (date, parties, in_force)."""
        changes = self._by_instrument.get(instrument_id)
        if changes is None or changes.empty:
            return pd.DataFrame({"date": pd.Series(dtype="datetime64[ns]"), "parties": [], "in_force": []})
        changes = changes.sort_values(["state_id", "date"], kind="stable")
        previous = changes.groupby("state_id")["status"].shift(1)
        counted = PARTY_STATUSES if include_pending else ("party",)
        delta_parties = changes["status"].isin(counted).astype(int) - previous.isin(counted).astype(int)
        delta_force = (changes["status"] == "party").astype(int) - (previous == "party").astype(int)
        steps = pd.DataFrame({"date": changes["date"], "parties": delta_parties, "in_force": delta_force})
        steps = steps.groupby("date", sort=True).sum().cumsum().reset_index()
        return steps[["date", "parties", "in_force"]]
