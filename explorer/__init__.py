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
from .api import (check_instrument, check_state, clear_caches, counts_over_time, country_history, country_profile,
                  country_timeline, coverage, data_as_of, engine, instrument, lineage, organisation_parties,
                  reservations, set_query, parties, parties_chart, state_history, status_matrix, statuses, timeline, world_map)
from .coverage_rules import CoverageWarning
from . import teaching
from .errors import DataFileError, DataValidationError, UnknownIdError
from .load import (load_coverage, load_definitions, load_reservations, load_depositary_counts, load_events, load_instruments, load_known_gaps,
                   load_meta, load_participation, load_relations, load_sources, load_states, load_table)


def build_app(name: str, **options):
    """Assemble a dashboard (``"timeline"`` or ``"map"``) as an ipywidgets container."""
    from .apps import build_app as _build_app

    return _build_app(name, **options)


__all__ = [name for name in dir() if not name.startswith("_")]
