"""Loading the built parquet tables as validated DataFrames, and the world geometry the maps draw.

The tables are read once per process and cached; callers get copies so that a notebook cannot
change the cache by accident. A missing or corrupt file raises :class:`DataFileError` naming the
file and the command that rebuilds it. The geometry shipped in ``explorer/geometry`` is read here too
(:func:`map_geometry`), so the figure builders receive it and read no file themselves.
"""

from __future__ import annotations

import csv
import functools
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from .errors import DataFileError
from .paths import GEOMETRY_DIR, tables_dir
from .schema import TABLES

REBUILD_HINT = "run `make data` to rebuild the tables"

#: Names of the tables this process has read (the kernel benchmark reports them: benchmarks/kernel_cost.py).
_LOADED: set[str] = set()


@functools.lru_cache(maxsize=1)
def _small_tables_allocator() -> None:
    """Let Arrow allocate from the C library's heap unless the user chose an allocator.

    NOTE: the tables are small (well under 1 MB each), but Arrow's default allocator (mimalloc) reserves
    arenas per thread: measured ~30 MB more per dashboard kernel (USS) than with the system allocator.
    ``python -m explorer.serving`` also sets ``ARROW_DEFAULT_MEMORY_POOL=system`` for its kernels, which takes
    effect before pandas first uses Arrow and saves a little more."""
    import os

    if "ARROW_DEFAULT_MEMORY_POOL" not in os.environ and pa.total_allocated_bytes() == 0:
        pa.set_memory_pool(pa.system_memory_pool())


@functools.lru_cache(maxsize=None)
def _read(name: str, directory: str) -> pd.DataFrame:
    table = TABLES[name]
    path = Path(directory) / f"{name}.parquet"
    if not path.exists():
        raise DataFileError(f"{path} is missing; {REBUILD_HINT}")
    _small_tables_allocator()
    try:
        # One file, read on this thread: pq.read_table would go through pyarrow.dataset (more imports and a
        # thread pool per process, for files of a few kilobytes).
        with pq.ParquetFile(path) as parquet_file:
            arrow_table = parquet_file.read(use_threads=False)
    except (pa.ArrowException, OSError) as error:
        raise DataFileError(f"{path} is corrupt or unreadable ({error}); {REBUILD_HINT}") from error
    if arrow_table.schema.names != table.field_names:
        raise DataFileError(
            f"{path} has columns {arrow_table.schema.names}, expected {table.field_names}; {REBUILD_HINT}"
        )
    _LOADED.add(name)
    return frame_from_arrow(table, arrow_table)


def loaded_tables() -> set[str]:
    """Names of the tables read so far in this process."""
    return set(_LOADED)


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
    # A shallow copy is enough: with copy-on-write (always on since pandas 3) a change to the copy copies
    # the column it touches and never reaches the cache. Deep copies cost a table's memory per call.
    return _read(name, str(directory or tables_dir())).copy(deep=False)


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
    _LOADED.clear()


# --- world geometry -------------------------------------------------------------------------------

#: The shipped world topology (``explorer/geometry/world_50m.json``; also served to the dashboards' maps).
GEOMETRY_NAME = "world_50m"


@dataclass(frozen=True)
class MapGeometry:
    """What a world map needs to know of the shipped geometry.

    ``shape_ids``: the ISO alpha-3 codes that have a shape; ``label_points``: one point per state too small to
    see or without a shape (state_id, lat, lon, has_shape); ``topology``: the TopoJSON itself.
    """

    name: str
    shape_ids: frozenset[str]
    label_points: pd.DataFrame

    @property
    def topology(self) -> dict:
        """The TopoJSON itself, read from the file on each call.

        NOTE: not kept in memory: the dashboards' maps load the geometry in the browser and only need
        ``shape_ids``, while the parsed file (1.1 MB of JSON) holds about 15 MB of Python objects in every kernel."""
        return _read_topology(self.name)


def _read_topology(name: str) -> dict:
    return json.loads((GEOMETRY_DIR / f"{name}.json").read_text(encoding="utf-8"))


def _label_points(path: Path) -> pd.DataFrame:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    frame = pd.DataFrame(rows)
    frame["lat"] = frame["lat"].astype(float)
    frame["lon"] = frame["lon"].astype(float)
    frame["has_shape"] = frame["has_shape"] == "True"
    return frame


@functools.lru_cache(maxsize=1)
def map_geometry() -> MapGeometry:
    """The shipped world geometry (read once per process)."""
    topology = _read_topology(GEOMETRY_NAME)
    shape_ids = frozenset(g.get("id") for g in topology["objects"]["countries"]["geometries"])
    return MapGeometry(GEOMETRY_NAME, shape_ids, _label_points(GEOMETRY_DIR / "label_points.csv"))


@functools.lru_cache(maxsize=1)
def map_geojson() -> dict:
    """The shipped topology as GeoJSON features keyed by ISO alpha-3 (for embedding the shapes in a figure)."""
    from .topology import topology_to_geojson

    return topology_to_geojson(map_geometry().topology, "countries", digits=2)


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
