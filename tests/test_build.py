"""The build: deterministic parquet, sidecars, atomic writes, and the computed entry into force."""

from __future__ import annotations

import datetime as dt
import hashlib

import pyarrow.parquet as pq
import pytest
import yaml

from explorer import build, derive
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


COE_RULE = {"party_eif_months": 3, "party_eif_first_of_month": True}


@pytest.mark.parametrize(
    ("consent", "expected"),
    [
        # Deposit 23 Mar 2011: three months expire on 23 Jun 2011, so in force on 1 Jul 2011.
        ("2011-03-23", "2011-07-01"),
        # 26 Nov 2013 + 3 months = 26 Feb 2014 -> 1 Mar 2014 (the period runs into the next year).
        ("2013-11-26", "2014-03-01"),
        # 30 Nov 2015 + 3 months = 29 Feb 2016 (no 30 Feb) -> 1 Mar 2016.
        ("2015-11-30", "2016-03-01"),
        # 30 Sep 2008 + 3 months = 30 Dec 2008 -> 1 Jan 2009 (the month after December).
        ("2008-09-30", "2009-01-01"),
        # A deposit on the first of a month: 1 Mar 2011 + 3 months = 1 Jun 2011 -> 1 Jul 2011.
        ("2011-03-01", "2011-07-01"),
    ],
)
def test_council_of_europe_first_of_month_rule(consent, expected):
    own, words = derive.party_entry_into_force(dt.date.fromisoformat(consent), COE_RULE)
    assert own == dt.date.fromisoformat(expected)
    assert words == "the first day of the month after 3 months"


def test_other_party_rules():
    consent = dt.date(2011, 3, 23)
    assert derive.party_entry_into_force(consent, {"party_eif_months": 3}) == (dt.date(2011, 6, 23), "3 months")
    assert derive.party_entry_into_force(consent, {"party_eif_days": 30}) == (dt.date(2011, 4, 22), "30 days")
    assert derive.party_entry_into_force(consent, {}) is None


def test_first_of_month_rule_in_the_build_respects_the_general_entry_into_force():
    instrument = {
        "instrument_id": "coe-x",
        "entry_into_force": dt.date(2008, 2, 1),
        "source_id": "s",
        "party_eif_article": "art. 42",
        **COE_RULE,
    }
    participation = [
        {
            "state_id": "AAA",
            "instrument_id": "coe-x",
            "action": "ratification",
            "date": dt.date(2006, 5, 19),
            "_file": "f.csv",
            "_row": 2,
        },
        {
            "state_id": "BBB",
            "instrument_id": "coe-x",
            "action": "accession",
            "date": dt.date(2013, 11, 26),
            "_file": "f.csv",
            "_row": 3,
        },
    ]
    rows = derive.computed_entry_into_force(participation, {"coe-x": instrument})
    assert {(r["state_id"], r["date"]) for r in rows} == {("AAA", dt.date(2008, 2, 1)), ("BBB", dt.date(2014, 3, 1))}
    assert all(r["computed"] and "first day of the month after 3 months" in r["note"] for r in rows)
