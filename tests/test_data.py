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

TABLE_NAMES = list(TABLES)


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_table_matches_schema_and_is_sorted(name, real_tables):
    table = TABLES[name]
    arrow = pq.read_table(real_tables / f"{name}.parquet")
    assert arrow.schema.names == table.field_names
    frame = arrow.to_pandas()
    keys = pd.Series(["|".join(map(str, values)) for values in frame[list(table.primary_key)].itertuples(index=False)],
                     dtype=object)
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
        assert (tmp_path / "fresh" / f"{name}.parquet").read_bytes() == \
            (real_tables / f"{name}.parquet").read_bytes(), f"{name}.parquet is stale: run `make data`"


def test_data_dictionary_is_current():
    assert DICTIONARY_PATH.read_text(encoding="utf-8") == render(), \
        "docs/data_dictionary.md is stale: run `make dictionary`"


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
    return StatusEngine(load_table("participation", real_tables), load_table("instruments", real_tables),
                        load_table("states", real_tables))


def _counts(real_tables):
    counts = load_table("depositary_counts", real_tables)
    return [row for _, row in counts.iterrows()]


STALE = yaml.safe_load((REPO_DIR / "data" / "curated" / "count_discrepancies.yaml").read_text()) or []
STALE_KEYS = {(item["instrument_id"], item["source_id"]) for item in STALE}


def test_depositary_counts_match_rows_or_are_listed(real_tables):
    """Parties computed from the rows, as of each count's date, equal the depositary's published count.

    Where they differ (the rows are older than the count, or sources disagree) the pair is listed,
    with the reason, in data/curated/count_discrepancies.yaml; that list must match exactly.
    """
    engine = _engine(real_tables)
    rows_by_instrument = set(pd.read_parquet(real_tables / "participation.parquet")["instrument_id"])
    mismatched = {}
    for row in _counts(real_tables):
        if row["instrument_id"] not in rows_by_instrument:
            mismatched[(row["instrument_id"], row["source_id"])] = (row["parties"], 0)
            continue
        computed = len(engine.parties(row["instrument_id"], row["status_as_at"]))
        if computed != row["parties"]:
            mismatched[(row["instrument_id"], row["source_id"])] = (row["parties"], computed)
    assert set(mismatched) == STALE_KEYS, {k: v for k, v in mismatched.items() if k not in STALE_KEYS}
    for item in STALE:
        published, computed = mismatched[(item["instrument_id"], item["source_id"])]
        assert (item["published"], item["computed"]) == (published, computed), item


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
