"""What the views say about participation, never more than the rows support.

Pure functions (DataFrames and coverage records in, text out), shared by the dashboards, the static
site and the notebooks. A coverage record is a row of the ``coverage`` table
(:func:`explorer.api.coverage_record`); :func:`explorer.coverage_rules.complete_on` decides whether a bare
count may be given for a date.
"""

from __future__ import annotations

import pandas as pd

from ..coverage_rules import complete_on
from ..schema import COVERAGE_CLASSES
from ..status import PARTY_STATUSES
from ..text import escape, format_date, format_long_date

CLASS_LABELS = {
    "complete": "Complete",
    "complete_to": "Complete to a date",
    "partial": "Partial",
    "unknown": "Unknown (no published count)",
}
assert set(CLASS_LABELS) == set(COVERAGE_CLASSES)


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _organisations_clause(organisations: pd.DataFrame | None) -> str:
    if organisations is None or organisations.empty:
        return ""
    names = [f"the {name}" for name in organisations["name"]]
    return " and " + (names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1])


def party_sentence(
    statuses: pd.DataFrame, title: str, when, record: dict | None = None, organisations: pd.DataFrame | None = None
) -> str:
    """'On 31 December 1950, 34 states were parties to …' — 'at least' where the rows are not complete.

    ``statuses`` is a states frame (drawn on the map); ``organisations`` the organisations that were
    parties (counted by depositaries, not drawn).
    """
    status = statuses["status"]
    if (status == "not_applicable").all():
        return f"On {format_long_date(when)}, {title} did not exist yet."
    parties = int(status.isin(PARTY_STATUSES).sum())
    pending = int((status == "party_not_in_force").sum())
    signatories = int((status == "signatory").sum())
    complete = complete_on(record, when)
    orgs = _organisations_clause(organisations)
    verb = "were parties" if parties != 1 or orgs else "was a party"
    text = (
        f"On {format_long_date(when)}, {'' if complete else 'at least '}"
        f"{_plural(parties, 'state', 'states')}{orgs} {verb} to {title}"
    )
    if pending:
        text += f" ({pending} not yet in force for them)"
    if signatories:
        text += f"; {'' if complete else 'at least '}{signatories} had signed only"
    via = int((status == "via_predecessor").sum())
    if via:
        text += f"; {via} present-day states were covered through a former state"
    return text + "."


def count_sentence(record: dict | None, when, publisher: str | None = None) -> str:
    """The published count beside the computed one, and what 'No data' means here ('' if complete)."""
    if complete_on(record, when):
        return ""
    if record is None or record["coverage_class"] == "unknown" or record.get("published_parties") is None:
        return (
            "No published count of parties is recorded to check these rows against, so they may be "
            "incomplete: states without a row are shown as 'No data', not 'No action recorded'."
        )
    by = f" (source: {publisher})" if publisher else ""
    published = (
        f"Published count: {record['published_parties']} parties on {format_long_date(record['published_as_at'])}{by}"
    )
    if record["coverage_class"] == "complete_to":
        through = format_long_date(record["complete_through"])
        if pd.Timestamp(record["published_as_at"]) == pd.Timestamp(record["complete_through"]):
            return (
                f"{published}, and these rows reproduce it; actions after {through} are not all recorded, so "
                "states without a row after that date are shown as 'No data'."
            )
        return (
            f"{published}; these rows record {record['computed_at_published']} on that date and are complete "
            f"only up to {through}: states without a row are shown as 'No data'."
        )
    return (
        f"{published}; these data record {record['computed_at_published']} on that date. States without a row "
        "are shown as 'No data', not 'No action recorded'."
    )


def coverage_line(record: dict | None, when) -> str:
    """One short line for CSV and PNG stamps."""
    if record is None:
        return "Coverage: unknown (no published count); 'No data' = not recorded"
    label = record["coverage_class"]
    if complete_on(record, when):
        if label == "complete":
            return (
                f"Coverage: complete; the rows reproduce the published count of {record['published_parties']} "
                f"on {format_date(record['published_as_at'])}"
            )
        return (
            f"Coverage: complete_to {format_date(record['complete_through'])}; the rows reproduce the published "
            "count of that date"
        )
    if record.get("published_parties") is None:
        return "Coverage: unknown (no published count): counts are minimums; 'No data' = not recorded"
    return (
        f"Coverage: {label}: {record['computed_at_published']} of {record['published_parties']} published parties "
        f"({format_date(record['published_as_at'])}) in the rows; counts are minimums; 'No data' = not recorded"
    )


def coverage_overview(
    table: pd.DataFrame, instruments: pd.DataFrame, gaps: pd.DataFrame, sources: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The coverage page's table: every instrument, rows, published count and date, class, source, gaps."""
    titles = instruments.set_index("instrument_id")["short_title"]
    families = instruments.set_index("instrument_id")["family"]
    gap_text = (
        gaps.dropna(subset=["instrument_id"])
        .groupby("instrument_id")["description"]
        .agg(lambda texts: " · ".join(texts))
    )
    frame = table.copy()
    frame.insert(1, "short_title", frame["instrument_id"].map(titles))
    frame.insert(2, "family", frame["instrument_id"].map(families))
    frame["class_label"] = frame["coverage_class"].map(CLASS_LABELS)
    frame["known_gaps"] = frame["instrument_id"].map(gap_text).fillna("")
    if sources is not None:
        producers = sources.set_index("source_id")["producer"]
        frame["published_by"] = frame["published_source_id"].map(producers)
    order = {name: index for index, name in enumerate(COVERAGE_CLASSES)}
    return (
        frame.assign(_order=frame["coverage_class"].map(order))
        .sort_values(["_order", "family", "short_title"], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )


def coverage_summary(table: pd.DataFrame) -> str:
    """'Of 31 instruments with participation data, 3 are complete, 15 complete to a date, …'."""
    counts = table["coverage_class"].value_counts()
    parts = [f"{int(counts.get(name, 0))} {CLASS_LABELS[name].lower()}" for name in COVERAGE_CLASSES]
    return (
        f"Coverage of the {len(table)} instruments with participation rows or a published count: "
        + ", ".join(parts)
        + "."
    )


def core_sentence(name: str, profile: pd.DataFrame, when) -> str:
    """'On …, X was party to N of the 13 core instruments; for K of the others the data are incomplete.'"""
    core = profile[profile["core"]]
    party = int(core["status"].isin(PARTY_STATUSES).sum())
    via = int((core["status"] == "via_predecessor").sum())
    no_data = int((core["status"] == "no_data").sum())
    text = (
        f"On {format_long_date(when)}, {name} was party to {'at least ' if no_data else ''}{party} of the "
        f"{len(core)} core instruments with participation data"
    )
    if via:
        text += f" (and covered through a former state for {via} more)"
    if no_data:
        text += (
            f"; for {no_data} of the others nothing is recorded and the rows are incomplete "
            "('No data (not recorded)'), so it may be party to more"
        )
    return text + "."


def coverage_table_html(overview: pd.DataFrame) -> str:
    """The coverage overview (:func:`coverage_overview`) as an accessible HTML table; every value escaped."""
    headers = (
        "Instrument",
        "Coverage",
        "Rows",
        "Parties in the rows",
        "Published count",
        "Published on",
        "Complete through",
        "In words",
        "Known gaps",
    )
    body = []
    for _, row in overview.iterrows():
        published = "" if pd.isna(row["published_parties"]) else int(row["published_parties"])
        cells = (
            row["short_title"],
            row["class_label"],
            row["rows"],
            row["parties_in_rows"],
            published,
            format_date(row["published_as_at"]),
            format_date(row["complete_through"]),
            row["note"],
            row["known_gaps"],
        )
        body.append("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in cells) + "</tr>")
    head = "".join(f"<th scope='col'>{escape(header)}</th>" for header in headers)
    return (
        f"<div class='explorer-panel' id='coverage-table'><p>{escape(coverage_summary(overview))} Computed by "
        "checking the rows against published party counts; where they are not complete, counts are minimums "
        "and states without a row are 'No data'.</p>"
        f"<table><tr>{head}</tr>{''.join(body)}</table></div>"
    )
