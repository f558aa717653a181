"""Loading the built parquet tables as validated DataFrames.

The tables are read once per process and cached; callers get copies so that a notebook cannot
change the cache by accident. A missing or corrupt file raises :class:`DataFileError` naming the
file and the command that rebuilds it.
"""
from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from .errors import DataFileError
from .paths import tables_dir
from .schema import TABLES

REBUILD_HINT = "run `make data` to rebuild the tables"


@functools.lru_cache(maxsize=None)
def _read(name: str, directory: str) -> pd.DataFrame:
    table = TABLES[name]
    path = Path(directory) / f"{name}.parquet"
    if not path.exists():
        raise DataFileError(f"{path} is missing; {REBUILD_HINT}")
    try:
        arrow_table = pq.read_table(path)
    except (pa.ArrowException, OSError) as error:
        raise DataFileError(f"{path} is corrupt or unreadable ({error}); {REBUILD_HINT}") from error
    if arrow_table.schema.names != table.field_names:
        raise DataFileError(f"{path} has columns {arrow_table.schema.names}, expected {table.field_names}; "
                            f"{REBUILD_HINT}")
    return frame_from_arrow(table, arrow_table)


def frame_from_arrow(table, arrow_table: pa.Table) -> pd.DataFrame:
    """An Arrow table of a declared table as the DataFrame the package works with."""
    frame = arrow_table.to_pandas(date_as_object=False)
    for spec in table.fields:
        if spec.type == "date":
            frame[spec.name] = pd.to_datetime(frame[spec.name])
        elif spec.type == "list":
            frame[spec.name] = frame[spec.name].map(lambda value: list(value) if value is not None else [])
    return frame


def load_table(name: str, directory: Path | None = None) -> pd.DataFrame:
    """One table as a DataFrame (dates as ``datetime64``, lists as Python lists)."""
    if name not in TABLES:
        raise KeyError(f"unknown table {name!r}; tables are: {', '.join(TABLES)}")
    return _read(name, str(directory or tables_dir())).copy()


@functools.lru_cache(maxsize=None)
def _read_meta(name: str, directory: str) -> dict:
    path = Path(directory) / f"{name}.meta.yaml"
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise DataFileError(f"{path} (the sidecar of {name}.parquet) is missing; {REBUILD_HINT}") from error
    except yaml.YAMLError as error:
        raise DataFileError(f"{path} is not valid YAML ({error}); {REBUILD_HINT}") from error


def load_meta(name: str, directory: Path | None = None) -> dict:
    """The ``*.meta.yaml`` sidecar of a table (title, as_of, sources, licence, fields)."""
    return dict(_read_meta(name, str(directory or tables_dir())))


def clear_cache() -> None:
    _read.cache_clear()
    _read_meta.cache_clear()


def load_sources() -> pd.DataFrame:
    """The sources registry."""
    return load_table("sources")


def load_instruments() -> pd.DataFrame:
    """Instruments (treaties, protocols, EU acts, statutes) with key dates and citations."""
    return load_table("instruments")


def load_relations() -> pd.DataFrame:
    """Typed relations between instruments (``from_id`` amends/supersedes/… ``to_id``)."""
    return load_table("relations")


def load_states() -> pd.DataFrame:
    """States: ISO 3166-1 entries plus historical entities with successors."""
    return load_table("states")


def load_participation() -> pd.DataFrame:
    """The event log: one row per action of a state on an instrument."""
    return load_table("participation")


def load_events() -> pd.DataFrame:
    """Cases, platform events, enforcement actions and reports."""
    return load_table("events")


def load_depositary_counts() -> pd.DataFrame:
    """Party counts published by depositaries, with their as-of dates."""
    return load_table("depositary_counts")


def load_definitions() -> pd.DataFrame:
    """Definition articles quoted from the instruments."""
    return load_table("definitions")


def load_coverage() -> pd.DataFrame:
    """Per instrument: rows, latest published count, computed count, coverage class (computed by the build)."""
    return load_table("coverage")


def load_reservations() -> pd.DataFrame:
    """Reservations, declarations, objections and withdrawals, verbatim from the depositary pages."""
    return load_table("reservations")


def load_known_gaps() -> pd.DataFrame:
    """What the data is known to lack, and why."""
    return load_table("known_gaps")
