"""Checks of the shipped tables, parametrised over every table, plus depositary-count checks."""

from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml

from explorer import build
from explorer.dictionary import DICTIONARY_PATH, render
from explorer.load import load_table
from explorer.schema import TABLES
from explorer.status import StatusEngine

from conftest import REPO_DIR
from table_expectations import CONSENT_ACTIONS

TABLE_NAMES = list(TABLES)


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_table_matches_schema_and_is_sorted(name, real_tables):
    table = TABLES[name]
    arrow = pq.read_table(real_tables / f"{name}.parquet")
    assert arrow.schema.names == table.field_names
    frame = arrow.to_pandas()
    keys = pd.Series(
        ["|".join(map(str, values)) for values in frame[list(table.primary_key)].itertuples(index=False)], dtype=object
    )
    assert keys.is_unique, f"{name}: duplicate keys {keys[keys.duplicated()].tolist()[:5]}"
    sort_by = list(table.sort_by or table.primary_key)
    resorted = frame.sort_values(sort_by, kind="stable", na_position="last").reset_index(drop=True)
    pd.testing.assert_frame_equal(frame[sort_by].astype(str), resorted[sort_by].astype(str))


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_every_row_is_sourced_and_sidecar_is_complete(name, real_tables):
    frame = pq.read_table(real_tables / f"{name}.parquet").to_pandas()
    meta = yaml.safe_load((real_tables / f"{name}.meta.yaml").read_text())
    assert meta["rows"] == len(frame)
    assert {"title", "description", "as_of", "licence", "sources", "fields"} <= set(meta)
    if "source_id" in frame:
        assert frame["source_id"].notna().all()
        sources = set(pq.read_table(real_tables / "sources.parquet").column("source_id").to_pylist())
        assert set(frame["source_id"]) <= sources


def test_shipped_tables_are_current(real_tables, tmp_path):
    """data/tables is what the curated inputs build today (byte for byte)."""
    build.build(REPO_DIR / "data" / "curated", tmp_path / "fresh")
    for name in TABLE_NAMES:
        assert (tmp_path / "fresh" / f"{name}.parquet").read_bytes() == (
            real_tables / f"{name}.parquet"
        ).read_bytes(), f"{name}.parquet is stale: run `make data`"


def test_data_dictionary_is_current():
    assert DICTIONARY_PATH.read_text(encoding="utf-8") == render(), (
        "docs/data_dictionary.md is stale: run `make dictionary`"
    )


def test_every_source_is_cited(real_tables):
    cited = set()
    for name in TABLE_NAMES:
        frame = pq.read_table(real_tables / f"{name}.parquet").to_pandas()
        for column in ("source_id", "other_source_ids"):
            if column in frame:
                for value in frame[column].dropna():
                    cited |= set(value) if not isinstance(value, str) else {value}
    sources = set(pq.read_table(real_tables / "sources.parquet").column("source_id").to_pylist())
    # Counts and gaps cite sources too; a source nobody cites is clutter or a forgotten row.
    assert sources - cited == set()


# --- depositary counts -------------------------------------------------------------------------


def _engine(real_tables):
    return StatusEngine(
        load_table("participation", real_tables),
        load_table("instruments", real_tables),
        load_table("states", real_tables),
    )


def _counts(real_tables):
    counts = load_table("depositary_counts", real_tables)
    return [row for _, row in counts.iterrows()]


def test_coverage_table_reproduces_every_published_count(real_tables):
    """The generated coverage table says, per instrument, what the rows give on the latest published date.

    Independent of the status engine: parties counted with pandas (distinct participants with a consent on
    or before the date, less those that had left or ceased to exist), for the instruments whose rows
    come from one current depositary page.
    """
    coverage = pd.read_parquet(real_tables / "coverage.parquet")
    participation = pd.read_parquet(real_tables / "participation.parquet")
    states = pd.read_parquet(real_tables / "states.parquet")
    ended = states.dropna(subset=["existed_to"]).set_index("state_id")["existed_to"]
    by_id = coverage.set_index("instrument_id")
    for instrument_id, published in (("cedaw-1979", 189), ("crc-1989", 196), ("opsc-2000", 178)):
        when = pd.Timestamp("2026-02-03")
        rows = participation[
            (participation["instrument_id"] == instrument_id) & (pd.to_datetime(participation["date"]) <= when)
        ]
        joined = set(rows.loc[rows["action"].isin(CONSENT_ACTIONS), "state_id"])
        left = set(rows.loc[rows["action"].isin(["denunciation", "withdrawal"]), "state_id"])
        gone = {s for s in joined if s in ended.index and pd.Timestamp(ended[s]) < when}
        assert len(joined - left - gone) == published
        assert by_id.at[instrument_id, "coverage_class"] == "complete"
        assert by_id.at[instrument_id, "published_parties"] == published
        assert by_id.at[instrument_id, "computed_at_published"] == published
    # Every published count's instrument is in the table, and each class is one of the four.
    counts = pd.read_parquet(real_tables / "depositary_counts.parquet")
    assert set(counts["instrument_id"]) <= set(coverage["instrument_id"])
    assert set(coverage["coverage_class"]) <= {"complete", "complete_to", "partial", "unknown"}
    # The latest published count per instrument is the one the table reports.
    latest = counts.sort_values(["status_as_at", "source_id"]).groupby("instrument_id").last()
    for instrument_id, row in latest.iterrows():
        assert by_id.at[instrument_id, "published_parties"] == row["parties"], instrument_id
        assert pd.Timestamp(by_id.at[instrument_id, "published_as_at"]) == pd.Timestamp(row["status_as_at"])
    # A class other than 'unknown' needs a published count; 'partial' means none matched.
    assert by_id.loc[by_id["coverage_class"] != "unknown", "published_parties"].notna().all()
    partial = by_id[by_id["coverage_class"] == "partial"]
    assert (partial["computed_at_published"] != partial["published_parties"]).all()
    assert by_id.at["ilo-c182", "coverage_class"] == "partial"


# --- model-law matrix (ICMEC 2018) -------------------------------------------------------------

# The countries whose national legislation the ICMEC report (November 2018) discusses, read from the report.
ICMEC_COUNTRIES = {"ZAF", "TZA", "UGA", "ZMB", "ZWE", "PHL", "ATG", "USA", "QAT", "IRQ", "AUS", "SGP"}


def test_model_law_matrix_covers_every_country_and_provision(real_tables):
    provisions = pd.read_parquet(real_tables / "model_law_provisions.parquet")
    assessments = pd.read_parquet(real_tables / "model_law_assessments.parquet")
    icmec = provisions[provisions["provision_id"].str.startswith("icmec-2018-")]
    assert {"icmec-2018-m1", "icmec-2018-m8"} <= set(icmec["provision_id"])
    cells = assessments[assessments["provision_id"].isin(icmec["provision_id"])]
    assert set(cells["state_id"]) == ICMEC_COUNTRIES
    assert len(cells.drop_duplicates(["state_id", "provision_id"])) == len(ICMEC_COUNTRIES) * len(icmec)
    assert cells["source_id"].notna().all()
    answered = cells[cells["value"].isin(["yes", "partial", "no"])]
    assert answered["note"].notna().all(), "every yes/partial/no cell says why"


def test_council_of_europe_rows_agree_with_the_declared_rule(real_tables):
    """Where an instrument declares the first-of-the-month rule, every entry into force of a party whose
    consent date is known and came after the general entry into force follows it, whether the date was
    typed from a source or computed (by hand or by the build)."""
    from explorer.derive import party_entry_into_force

    instruments = pd.read_parquet(real_tables / "instruments.parquet")
    ruled = instruments[instruments["party_eif_first_of_month"].fillna(False).astype(bool)]
    assert "cets-197" in set(ruled["instrument_id"])
    log = pd.read_parquet(real_tables / "participation.parquet")
    checked = 0
    for instrument in ruled.to_dict("records"):
        rows = log[log["instrument_id"] == instrument["instrument_id"]]
        consents = rows[rows["action"].isin(["ratification", "accession", "acceptance", "approval"])]
        first = consents.groupby("state_id")["date"].min()
        rule = {"party_eif_months": int(instrument["party_eif_months"]), "party_eif_first_of_month": True}
        general = pd.Timestamp(instrument["entry_into_force"]).date()
        for row in rows[rows["action"] == "entry_into_force"].itertuples():
            if row.state_id not in first.index:
                continue
            own, _ = party_entry_into_force(pd.Timestamp(first[row.state_id]).date(), rule)
            expected, typed = max(own, general), pd.Timestamp(row.date).date()
            assert typed == expected, f"{row.state_id} {instrument['instrument_id']}: {typed} != {expected}"
            checked += 1
    assert checked >= 10
