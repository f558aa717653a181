"""The build: deterministic parquet, sidecars, atomic writes, and the computed entry into force."""
from __future__ import annotations

import hashlib

import pyarrow.parquet as pq
import pytest
import yaml

from explorer import build
from explorer.errors import DataValidationError
from explorer.schema import TABLES


def _digests(folder):
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(folder.iterdir())}


def test_rebuilding_unchanged_inputs_gives_identical_bytes(curated_copy, tmp_path):
    build.build(curated_copy, tmp_path / "one")
    build.build(curated_copy, tmp_path / "two")
    assert _digests(tmp_path / "one") == _digests(tmp_path / "two")


def test_failed_validation_leaves_previous_tables_untouched(curated_copy, tmp_path):
    target = tmp_path / "tables"
    build.build(curated_copy, target)
    before = _digests(target)
    path = curated_copy / "participation" / "test.csv"
    path.write_text(path.read_text() + "XYZ,treaty-a,ratification,1956-01-01,,false,test-depositary,\n")
    with pytest.raises(DataValidationError):
        build.build(curated_copy, target)
    assert _digests(target) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tables-")]


def test_every_table_has_schema_columns_and_sidecar(curated_copy, tmp_path):
    build.build(curated_copy, tmp_path / "t")
    for name, table in TABLES.items():
        parquet = pq.read_table(tmp_path / "t" / f"{name}.parquet")
        assert parquet.schema.names == table.field_names
        meta = yaml.safe_load((tmp_path / "t" / f"{name}.meta.yaml").read_text())
        assert meta["as_of"] == "2026-01-01" and meta["rows"] == parquet.num_rows
        assert {"title", "description", "licence", "sources"} <= set(meta)


def test_computed_entry_into_force_follows_the_rule(curated_copy):
    tables, _, _ = build.assemble(curated_copy)
    computed = {(r["state_id"], r["date"].isoformat()) for r in tables["participation"] if r["computed"]}
    # FRA consented 1950-06-01, before the general entry into force (1951-01-01): in force then.
    # SWE acceded 1955-03-01: 30 days later. SVN succeeded 1992-07-06: 30 days later.
    assert computed == {("FRA", "1951-01-01"), ("SWE", "1955-03-31"), ("YUG", "1952-01-31"), ("SVN", "1992-08-05")}
    notes = [r["note"] for r in tables["participation"] if r["computed"]]
    assert all("art. 9" in note for note in notes)
