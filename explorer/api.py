"""The notebook API: stable, documented names for students and teachers.

>>> import explorer as ex
>>> ex.parties("palermo-protocol-2000", as_of="2010-01-01").shape[0]   # doctest: +SKIP
>>> ex.world_map("palermo-protocol-2000", "2010-01-01").show()          # doctest: +SKIP

Unknown instrument or state ids raise :class:`UnknownIdError` with close matches suggested.

NOTE: the rows are complete for some instruments only (``coverage()``). Answers that rest on incomplete
rows carry ``frame.attrs["coverage"]`` and emit a :class:`CoverageWarning`; a state without a row is then
``no_data``, not ``no_action``. A date after the data's as-of date, or before the instrument existed,
warns too.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import warnings
from collections.abc import Iterable
from typing import TYPE_CHECKING

import pandas as pd

from . import coverage_rules, dates, load
from .coverage_rules import CoverageWarning
from .errors import UnknownIdError
from .paths import tables_dir
from .status import PARTY_STATUSES, StatusEngine

if TYPE_CHECKING:
    import plotly.graph_objects as go

#: A date as the API accepts it: an ISO string (``"2010-06-30"``), a date or a Timestamp; ``None`` means the
#: data's as-of date.
DateLike = str | dt.date | pd.Timestamp | None


@functools.lru_cache(maxsize=1)
def _engine_cached(directory: str) -> StatusEngine:
    return StatusEngine(
        load.load_table("participation", directory),
        load.load_table("instruments", directory),
        load.load_table("states", directory),
    )


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
    raise UnknownIdError(
        f"Unknown instrument id {instrument_id!r}.{_suggest(instrument_id, ids)} "
        f"See explorer.load_instruments() for all {len(ids)} ids."
    )


def check_state(state_id: str) -> str:
    """Return the (upper-cased) state id if it exists; otherwise raise UnknownIdError with suggestions."""
    states = load.load_states()
    names = dict(zip(states["state_id"], states["name"]))
    candidate = str(state_id).upper()
    if candidate in names:
        return candidate
    raise UnknownIdError(
        f"Unknown state {state_id!r} (use ISO 3166 alpha-3 codes, e.g. 'PHL').{_suggest(state_id, names)}"
    )


def data_as_of() -> pd.Timestamp:
    """The date the data speaks for (the release's as-of date)."""
    return pd.Timestamp(load.load_meta("participation")["as_of"])


def _date(value: DateLike) -> pd.Timestamp:
    """A date from a string, date or None; None is the data's as-of date (the data says nothing later)."""
    if value is None:
        return data_as_of()
    try:
        return pd.Timestamp(value)
    except (ValueError, TypeError) as error:
        raise ValueError(f"{value!r} is not a date (use 'YYYY-MM-DD')") from error


def _warn_outside(when: pd.Timestamp, instrument_id: str | None = None) -> None:
    """Warn (naming both dates) for a date after the data's as-of date or before the instrument existed."""
    as_of = data_as_of()
    if when > as_of:
        warnings.warn(
            f"{when.date().isoformat()} is after the data's as-of date ({as_of.date().isoformat()}): "
            f"the answer is the status on {as_of.date().isoformat()}, as far as the rows know.",
            CoverageWarning,
            stacklevel=3,
        )
    if instrument_id is not None:
        first = start_date(instrument_id)
        if first is not None and when < first:
            warnings.warn(
                f"{when.date().isoformat()} is before {instrument_id} existed (first date "
                f"{first.date().isoformat()}): every status is 'not_applicable'.",
                CoverageWarning,
                stacklevel=3,
            )


def start_date(instrument_id: str) -> pd.Timestamp | None:
    """The instrument's start date (:func:`explorer.dates.start_date`), None for an unknown id or no date."""
    instruments = load.load_instruments()
    row = instruments[instruments["instrument_id"] == instrument_id]
    return dates.start_date(row.iloc[0]) if len(row) else None


def instrument(instrument_id: str) -> pd.Series:
    """One instrument's row."""
    instruments = load.load_instruments().set_index("instrument_id", drop=False)
    return instruments.loc[check_instrument(instrument_id)]


def coverage(instrument_id: str | None = None) -> pd.DataFrame | pd.Series:
    """How complete the participation rows are: the whole table, or one instrument's row (a Series).

    Columns: coverage_class (complete | complete_to | partial | unknown), rows, parties_in_rows,
    published_parties, published_as_at, published_source_id, computed_at_published, complete_through,
    matching_count_source_id, counts_organisations, note. An instrument with neither rows nor a published
    count is ``unknown`` with 0 rows.
    """
    table = load.load_coverage()
    if instrument_id is None:
        return table
    record = coverage_record(check_instrument(instrument_id))
    return pd.Series(record, name=instrument_id)


def coverage_record(instrument_id: str) -> dict:
    """One instrument's coverage row as a dict (``unknown`` when the table has no row for it)."""
    table = load.load_coverage()
    rows = table[table["instrument_id"] == instrument_id]
    if len(rows):
        return coverage_rules.clean_record(rows.iloc[0].to_dict())
    return {
        "instrument_id": instrument_id,
        "coverage_class": "unknown",
        "rows": 0,
        "parties_in_rows": 0,
        **coverage_rules.NO_PUBLISHED_COUNT,
        "counts_organisations": False,
        "note": "No participation rows and no published count.",
    }


def _with_coverage(
    frame: pd.DataFrame, instrument_id: str, when: pd.Timestamp, what: str, warn: bool = True
) -> pd.DataFrame:
    record = coverage_record(instrument_id)
    complete = coverage_rules.complete_on(record, when)
    warning = coverage_rules.warn_if_partial(record, when, what, instrument_id) if warn else None
    frame.attrs["coverage"] = record | {"complete_on_date": complete, "date": when, "warning": warning}
    return frame


def parties(instrument_id: str, as_of: DateLike = None, warn: bool = True) -> pd.DataFrame:
    """States (and organisations such as the EU, which depositaries count) that were parties to an
    instrument on a date (default: the data's as-of date). Warns when the rows are not known complete
    (``warn=False``: the dashboards, which say so on the page)."""
    instrument_id, when = check_instrument(instrument_id), _date(as_of)
    if warn:
        _warn_outside(when, instrument_id)
    return _with_coverage(engine().parties(instrument_id, when), instrument_id, when, "The list of parties", warn)


def statuses(instrument_id: str, as_of: DateLike = None, warn: bool = True) -> pd.DataFrame:
    """Every state's status on an instrument on a date (``no_data`` where the rows are not known complete)."""
    instrument_id, when = check_instrument(instrument_id), _date(as_of)
    if warn:
        _warn_outside(when, instrument_id)
    frame = coverage_rules.mark_no_data(engine().statuses(instrument_id, when), coverage_record(instrument_id), when)
    return _with_coverage(frame, instrument_id, when, "The statuses", warn)


def organisation_parties(instrument_id: str, as_of: DateLike = None) -> pd.DataFrame:
    """Organisations (the EU) that were parties on a date: counted, but not drawn on the map."""
    return engine().organisation_parties(check_instrument(instrument_id), _date(as_of))


def status_matrix(
    as_of: DateLike = None, instrument_ids: Iterable[str] | None = None, warn: bool = True
) -> pd.DataFrame:
    """State × instrument table of statuses on a date (instruments with participation data by default).

    ``no_data`` where an instrument's rows are not known complete on the date; ``attrs["coverage"]`` has
    the coverage rows of the instruments shown, and a :class:`CoverageWarning` names the incomplete ones.
    """
    if instrument_ids is None:
        instrument_ids = sorted(load.load_participation()["instrument_id"].unique())
    when = _date(as_of)
    if warn:
        _warn_outside(when)
    instrument_ids = [check_instrument(i) for i in instrument_ids]
    table = load.load_coverage()
    matrix = coverage_rules.mark_matrix(engine().status_matrix(when, instrument_ids), table, when)
    incomplete = [i for i in instrument_ids if not coverage_rules.complete_on(coverage_record(i), when)]
    if incomplete and warn:
        warnings.warn(
            f"On {when.date().isoformat()} the rows are not known complete for {len(incomplete)} of "
            f"{len(instrument_ids)} instruments ({', '.join(incomplete)}): 'no_data' marks states "
            f"without a row there. See explorer.coverage().",
            CoverageWarning,
            stacklevel=2,
        )
    matrix.attrs["coverage"] = table[table["instrument_id"].isin(instrument_ids)].reset_index(drop=True)
    matrix.attrs["incomplete"] = incomplete
    return matrix


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


def timeline(families: Iterable[str] | None = None, selected: str | None = None, show_events: bool = True) -> go.Figure:
    """The instruments timeline as a Plotly figure (restyle it freely)."""
    from .figures import timeline_figure

    instruments = load.load_instruments()
    if families:
        instruments = instruments[instruments["family"].isin(families)]
    highlighted = set(lineage(selected)["instrument_id"]) if selected else set()
    return timeline_figure(
        instruments,
        load.load_relations(),
        load.load_events() if show_events else None,
        as_of=load.load_meta("instruments")["as_of"],
        selected=selected,
        highlighted=highlighted,
    )


def world_map(instrument_id: str, as_of: DateLike = None) -> go.Figure:
    """World map of every state's status on an instrument and date (geometry embedded: works offline)."""
    from .figures import map_figure
    from .figures.map import embed_geometry

    when = _date(as_of)
    title = f"{instrument(instrument_id)['short_title']} — {when.date().isoformat()}"
    return embed_geometry(
        map_figure(statuses(instrument_id, when), title=title, geometry=load.map_geometry()), load.map_geojson()
    )


def parties_chart(instrument_ids: str | Iterable[str], as_of: DateLike = None) -> go.Figure:
    """Parties over time for one or more instruments, with a marker at ``as_of``; the counts depositaries
    published are drawn as points, so the gap between the rows and the depositary shows."""
    from .figures import parties_over_time_figure

    if isinstance(instrument_ids, str):
        instrument_ids = [instrument_ids]
    series = {instrument(i)["short_title"]: counts_over_time(i) for i in instrument_ids}
    counts = load.load_depositary_counts()
    published = {instrument(i)["short_title"]: counts[counts["instrument_id"] == i] for i in instrument_ids}
    return parties_over_time_figure(
        series, as_of=_date(as_of) if as_of is not None else None, end=data_as_of(), published=published
    )


def core_instruments() -> list[str]:
    """Ids of the core instruments (``core: true`` in ``data/curated/instruments``), sorted."""
    instruments = load.load_instruments()
    return sorted(instruments.loc[instruments["core"].eq(True), "instrument_id"])  # empty (None) = not core


def set_query(include: Iterable[str], exclude: Iterable[str] = (), as_of: DateLike = None) -> pd.DataFrame:
    """States that were parties to every instrument in ``include`` and to none in ``exclude`` on a date.

    >>> set_query(["traffic-persons-convention-1949"], ["palermo-protocol-2000"], "2020-01-01")  # doctest: +SKIP
    """
    include, exclude = [check_instrument(i) for i in include], [check_instrument(i) for i in exclude]
    if not include:
        raise ValueError("set_query needs at least one instrument to include")
    when = _date(as_of)
    matrix = engine().status_matrix(when, include + exclude, include_historical=True)
    is_party = matrix.isin(PARTY_STATUSES)
    keep = is_party[include].all(axis=1)
    if exclude:
        keep &= ~is_party[exclude].any(axis=1)
    names = load.load_states().set_index("state_id")["name"]
    result = matrix[keep].reset_index().rename(columns={"index": "state_id"})
    result.insert(1, "name", result["state_id"].map(names))
    return result.sort_values("name").reset_index(drop=True)


def country_profile(state_id: str, as_of: DateLike = None) -> pd.DataFrame:
    """Every instrument with participation data: the state's status on a date and its key dates."""
    from .views.country_frames import dated_profiles, empty_profile  # the same rule for the dashboard's years

    state_id = check_state(state_id)
    (profile,) = dated_profiles(
        state_id,
        [_date(as_of)],
        load.load_participation(),
        load.load_instruments(),
        load.load_states(),
        load.load_coverage(),
    )
    return empty_profile() if profile is None else profile  # None: a former state on a date it did not exist


def country_history(state_id: str) -> pd.DataFrame:
    """A state's treaty actions and its national laws, for the country timeline."""
    state_id = check_state(state_id)
    actions = state_history(state_id)[["short_title", "instrument_id", "action", "date", "source_id"]]
    laws = load.load_instruments()
    laws = laws[laws["jurisdiction"] == state_id]
    laws = laws.assign(action="enacted", date=dates.start_dates(laws)).dropna(subset=["date"])
    return (
        pd.concat([actions, laws[["short_title", "instrument_id", "action", "date", "source_id"]]], ignore_index=True)
        .sort_values("date")
        .reset_index(drop=True)
    )


def country_timeline(*state_ids: str) -> go.Figure:
    """One or more states' actions and national laws on a shared time axis (Plotly figure)."""
    from .figures.country import country_timeline_figure

    names = load.load_states().set_index("state_id")["name"]
    return country_timeline_figure(
        {f"{names[check_state(s)]} ({check_state(s)})": country_history(s) for s in state_ids}
    )


def reservations(state_id: str | None = None, instrument_id: str | None = None) -> pd.DataFrame:
    """Reservations, declarations, objections and withdrawals (verbatim texts from the depositary pages).

    Filter by the state that made them and/or the instrument; columns are those of the ``reservations``
    table plus ``state_name`` and ``short_title``. ``date`` is empty when the page gives none (the text was
    made upon signature or consent, as the note or the page says).
    """
    frame = load.load_table("reservations")
    if state_id is not None:
        frame = frame[frame["state_id"] == check_state(state_id)]
    if instrument_id is not None:
        frame = frame[frame["instrument_id"] == check_instrument(instrument_id)]
    names = load.load_states().set_index("state_id")["name"]
    titles = load.load_instruments().set_index("instrument_id")["short_title"]
    frame = frame.assign(state_name=frame["state_id"].map(names), short_title=frame["instrument_id"].map(titles))
    return frame.sort_values(["instrument_id", "state_id", "kind", "seq"]).reset_index(drop=True)
