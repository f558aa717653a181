"""What the ratification map says besides the map: its status table, the table's CSV with its stamp, the
coverage notice and the organisations that are parties but not drawn.

One function, :func:`map_status_view`, for the map dashboard (:class:`explorer.apps.ratification_map.MapApp`)
and the static site's map pages (:meth:`explorer.static_site.build.Site.map_page`); each renders the parts
in its own markup. Pure: DataFrames and a coverage record in, frames and text out.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..status import STATUS_ORDER, STATUSES
from .coverage import count_sentence, coverage_line

#: The table's columns and their headings (the CSV uses the headings too).
TABLE_COLUMNS = {
    "name": "State",
    "state_id": "Code",
    "status": "Status",
    "action": "Action",
    "action_date": "Action date",
    "via": "Via former state",
    "source_id": "Source",
}
#: Statuses left out of the table (nothing recorded for the state): counted in a sentence instead.
NOT_LISTED = ("no_action", "no_data")
#: The CSV's last stamp line in the dashboards (the static site names its own ``data/sources.csv``).
DASHBOARD_CITATIONS = "Trafficking-law explorer; see the sources registry (sources.parquet) for full citations"


@dataclass(frozen=True)
class MapStatusView:
    """The parts of one map view (one instrument on one date) other than the map and the chart.

    ``table``: the states with a recorded status, status first (in :data:`explorer.status.STATUS_ORDER`),
    then name, statuses as labels, columns of :data:`TABLE_COLUMNS`; ``csv``: the rows of the CSV (the
    table's rows, or every state), with the headings as column names; ``stamp``: the CSV's comment lines;
    ``notice``: the coverage notice (empty when the rows reproduce the published count);
    ``organisations``: the sentence on the organisations that were parties but are not drawn (or empty);
    ``no_action``, ``no_data``: how many states the table leaves out, and why.
    """

    table: pd.DataFrame
    csv: pd.DataFrame
    stamp: list[str]
    notice: str
    organisations: str
    no_action: int
    no_data: int


def ordered_statuses(statuses: pd.DataFrame) -> pd.DataFrame:
    """Statuses sorted by status (in the legend's order), then name, with each status as its label."""
    order = statuses["status"].map(STATUS_ORDER.index)
    frame = statuses.assign(order=order).sort_values(["order", "name"], kind="stable").drop(columns="order")
    return frame.assign(status=frame["status"].map(STATUSES))


def organisations_sentence(organisations: pd.DataFrame | None) -> str:
    """'Also a party, not drawn on the map (an organisation, not a state): European Union.' or ''."""
    if organisations is None or not len(organisations):
        return ""
    return f"Also a party, not drawn on the map (an organisation, not a state): {', '.join(organisations['name'])}."


def map_status_view(
    statuses: pd.DataFrame,
    organisations: pd.DataFrame | None,
    *,
    instrument_id: str,
    title: str,
    when,
    as_of,
    source_ids,
    record: dict,
    publisher: str | None = None,
    every_state_in_csv: bool = False,
    release: str | None = None,
    citations: str = DASHBOARD_CITATIONS,
) -> MapStatusView:
    """The status table, CSV, CSV stamp, coverage notice and organisations sentence of one map view.

    ``statuses``: the states' statuses on ``when`` (``no_data`` already marked, as the map draws them);
    ``organisations``: the organisations that were parties; ``record``: the instrument's coverage record;
    ``publisher``: who published its latest count (named in the notice). ``every_state_in_csv``: the CSV
    lists every state (the static site, whose page table leaves some out) rather than exactly the table.
    """
    listed = statuses[~statuses["status"].isin(NOT_LISTED)]
    table = ordered_statuses(listed)
    exported = ordered_statuses(statuses) if every_state_in_csv else table
    when, as_of = pd.Timestamp(when), pd.Timestamp(as_of)
    data = f"Data as of {as_of.date().isoformat()}" + (f", release {release}" if release else "")
    return MapStatusView(
        table=table,
        csv=exported[list(TABLE_COLUMNS)].rename(columns=TABLE_COLUMNS),
        stamp=[  # what, data date (and release), sources, coverage, citations
            f"{title} ({instrument_id}): status of every state on {when.date().isoformat()}",
            f"{data}; sources: {', '.join(source_ids)}",
            coverage_line(record, when),
            citations,
        ],
        notice=count_sentence(record, when, publisher),
        organisations=organisations_sentence(organisations),
        no_action=int((statuses["status"] == "no_action").sum()),
        no_data=int((statuses["status"] == "no_data").sum()),
    )
