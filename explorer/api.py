"""The notebook API: stable, documented names for students and teachers.

>>> import explorer as ex
>>> ex.parties("palermo-protocol-2000", as_of="2010-01-01").shape[0]   # doctest: +SKIP
>>> ex.world_map("palermo-protocol-2000", "2010-01-01").show()          # doctest: +SKIP

Unknown instrument or state ids raise :class:`UnknownIdError` with close matches suggested.
"""
from __future__ import annotations

import datetime as dt
import difflib
import functools

import pandas as pd

from . import load
from .errors import UnknownIdError
from .paths import tables_dir
from .status import StatusEngine


@functools.lru_cache(maxsize=1)
def _engine_cached(directory: str) -> StatusEngine:
    return StatusEngine(load.load_table("participation", directory), load.load_table("instruments", directory),
                        load.load_table("states", directory))


def engine() -> StatusEngine:
    """The status engine over the shipped data (built once per process)."""
    return _engine_cached(str(tables_dir()))


def clear_caches() -> None:
    """Forget loaded tables (after ``make data`` in a running kernel)."""
    load.clear_cache()
    _engine_cached.cache_clear()


def _suggest(value: str, choices: dict[str, str]) -> str:
    lowered = {key.lower(): key for key in choices}
    lowered.update({label.lower(): key for key, label in choices.items() if label})
    close = difflib.get_close_matches(str(value).lower(), list(lowered), n=3, cutoff=0.5)
    ids = list(dict.fromkeys(lowered[match] for match in close))
    return f" Did you mean: {', '.join(ids)}?" if ids else ""


def check_instrument(instrument_id: str) -> str:
    """Return the id if it exists; otherwise raise UnknownIdError suggesting close matches."""
    instruments = load.load_instruments()
    ids = dict(zip(instruments["instrument_id"], instruments["short_title"]))
    if instrument_id in ids:
        return instrument_id
    raise UnknownIdError(f"Unknown instrument id {instrument_id!r}.{_suggest(instrument_id, ids)} "
                         f"See explorer.load_instruments() for all {len(ids)} ids.")


def check_state(state_id: str) -> str:
    """Return the (upper-cased) state id if it exists; otherwise raise UnknownIdError with suggestions."""
    states = load.load_states()
    names = dict(zip(states["state_id"], states["name"]))
    candidate = str(state_id).upper()
    if candidate in names:
        return candidate
    raise UnknownIdError(f"Unknown state {state_id!r} (use ISO 3166 alpha-3 codes, e.g. 'PHL')."
                         f"{_suggest(state_id, names)}")


def _date(value) -> pd.Timestamp:
    if value is None:
        return pd.Timestamp(dt.date.today())
    try:
        return pd.Timestamp(value)
    except (ValueError, TypeError) as error:
        raise ValueError(f"{value!r} is not a date (use 'YYYY-MM-DD')") from error


def instrument(instrument_id: str) -> pd.Series:
    """One instrument's row."""
    instruments = load.load_instruments().set_index("instrument_id", drop=False)
    return instruments.loc[check_instrument(instrument_id)]


def parties(instrument_id: str, as_of=None) -> pd.DataFrame:
    """States that were parties to an instrument on a date (default: today)."""
    return engine().parties(check_instrument(instrument_id), _date(as_of))


def statuses(instrument_id: str, as_of=None) -> pd.DataFrame:
    """Every state's status on an instrument on a date."""
    return engine().statuses(check_instrument(instrument_id), _date(as_of))


def status_matrix(as_of=None, instrument_ids=None) -> pd.DataFrame:
    """State × instrument table of statuses on a date (instruments with participation data by default)."""
    if instrument_ids is None:
        instrument_ids = sorted(load.load_participation()["instrument_id"].unique())
    return engine().status_matrix(_date(as_of), [check_instrument(i) for i in instrument_ids])


def counts_over_time(instrument_id: str) -> pd.DataFrame:
    """Number of parties after every change (date, parties, in_force)."""
    return engine().counts_over_time(check_instrument(instrument_id))


def lineage(instrument_id: str) -> pd.DataFrame:
    """Ancestors and descendants of an instrument through typed relations.

    Columns: instrument_id, short_title, direction ('ancestor' or 'descendant'), depth.
    """
    check_instrument(instrument_id)
    relations = load.load_relations()
    found = {}
    for direction, near, far in (("ancestor", "from_id", "to_id"), ("descendant", "to_id", "from_id")):
        frontier, depth = {instrument_id}, 0
        seen = {instrument_id}
        while frontier:
            depth += 1
            step = relations[relations[near].isin(frontier)][far]
            frontier = set(step) - seen
            seen |= frontier
            for other in frontier:
                found.setdefault(other, (direction, depth))
    titles = load.load_instruments().set_index("instrument_id")["short_title"]
    rows = [(other, titles.get(other), direction, depth) for other, (direction, depth) in found.items()]
    frame = pd.DataFrame(rows, columns=["instrument_id", "short_title", "direction", "depth"])
    return frame.sort_values(["direction", "depth", "instrument_id"]).reset_index(drop=True)


def state_history(state_id: str) -> pd.DataFrame:
    """Every action of one state, with instrument titles."""
    state_id = check_state(state_id)
    log = load.load_participation()
    log = log[log["state_id"] == state_id]
    titles = load.load_instruments()[["instrument_id", "short_title", "family"]]
    return log.merge(titles, on="instrument_id", how="left").sort_values("date").reset_index(drop=True)


# --- figures --------------------------------------------------------------------------------------

def timeline(families=None, selected: str | None = None, show_events: bool = True):
    """The instruments timeline as a Plotly figure (restyle it freely)."""
    from .figures import timeline_figure

    instruments = load.load_instruments()
    if families:
        instruments = instruments[instruments["family"].isin(families)]
    highlighted = set(lineage(selected)["instrument_id"]) if selected else set()
    return timeline_figure(instruments, load.load_relations(), load.load_events() if show_events else None,
                           as_of=load.load_meta("instruments")["as_of"], selected=selected, highlighted=highlighted)


def world_map(instrument_id: str, as_of=None):
    """World map of every state's status on an instrument and date (geometry embedded: works offline)."""
    from .figures import map_figure
    from .figures.map import embed_geometry

    when = _date(as_of)
    title = f"{instrument(instrument_id)['short_title']} — {when.date().isoformat()}"
    return embed_geometry(map_figure(statuses(instrument_id, when), title=title))


def parties_chart(instrument_ids, as_of=None):
    """Parties over time for one or more instruments, with a marker at ``as_of``."""
    from .figures import parties_over_time_figure

    if isinstance(instrument_ids, str):
        instrument_ids = [instrument_ids]
    series = {instrument(i)["short_title"]: counts_over_time(i) for i in instrument_ids}
    return parties_over_time_figure(series, as_of=_date(as_of) if as_of is not None else None)
