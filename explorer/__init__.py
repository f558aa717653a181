"""Explorer of human-trafficking law over time.

Public API for notebooks (stable names):

* tables: ``load_instruments()``, ``load_participation()``, ``load_states()``, ``load_relations()``,
  ``load_events()``, ``load_sources()``, ``load_depositary_counts()``, ``load_definitions()``,
  ``load_known_gaps()``, ``load_coverage()``, ``load_meta(name)``;
* coverage: ``coverage()`` / ``coverage(instrument)`` — how complete the rows are; answers built on
  incomplete rows emit ``CoverageWarning`` and carry ``frame.attrs["coverage"]``;
* status engine: ``parties(instrument, as_of)``, ``statuses(instrument, as_of)``, ``status_matrix(as_of)``,
  ``counts_over_time(instrument)``, ``lineage(instrument)``, ``state_history(state)``;
* figures (Plotly, restyle freely): ``timeline()``, ``world_map(instrument, as_of)``, ``parties_chart(...)``;
* dashboards: ``build_app(name)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import teaching  # noqa: F401  (ex.teaching: the notebooks' self-checks; a submodule, not in __all__)
from .api import (
    check_instrument,
    check_state,
    clear_caches,
    country_history,
    country_profile,
    country_timeline,
    counts_over_time,
    coverage,
    data_as_of,
    engine,
    instrument,
    lineage,
    organisation_parties,
    parties,
    parties_chart,
    reservations,
    set_query,
    state_history,
    status_matrix,
    statuses,
    timeline,
    world_map,
)
from .coverage_rules import CoverageWarning
from .errors import DataFileError, DataValidationError, UnknownIdError
from .load import (
    load_coverage,
    load_definitions,
    load_depositary_counts,
    load_events,
    load_instruments,
    load_known_gaps,
    load_meta,
    load_participation,
    load_relations,
    load_reservations,
    load_sources,
    load_states,
    load_table,
)

if TYPE_CHECKING:
    import ipywidgets


def build_app(name: str, **options) -> ipywidgets.Widget:
    """Assemble a dashboard (``"timeline"``, ``"map"`` or ``"country"``) as an ipywidgets container."""
    from .apps import build_app as _build_app

    return _build_app(name, **options)


# The public names, listed by hand (submodules such as ``explorer.api`` stay importable but are not part of it).
__all__ = [
    # tables
    "load_coverage",
    "load_definitions",
    "load_depositary_counts",
    "load_events",
    "load_instruments",
    "load_known_gaps",
    "load_meta",
    "load_participation",
    "load_relations",
    "load_reservations",
    "load_sources",
    "load_states",
    "load_table",
    # ids, data date, caches
    "check_instrument",
    "check_state",
    "clear_caches",
    "data_as_of",
    "instrument",
    # coverage
    "coverage",
    "CoverageWarning",
    # status engine and queries
    "engine",
    "parties",
    "statuses",
    "organisation_parties",
    "status_matrix",
    "counts_over_time",
    "lineage",
    "state_history",
    "set_query",
    "country_profile",
    "country_history",
    "reservations",
    # figures
    "timeline",
    "world_map",
    "parties_chart",
    "country_timeline",
    # dashboards
    "build_app",
    # errors
    "DataFileError",
    "DataValidationError",
    "UnknownIdError",
]
