"""data/curated/templates/: every snippet a contributor copies has only fields the schema knows, values that
convert, and the build never reads the folder."""

from __future__ import annotations

import csv
import io

import pytest
import yaml

from explorer import curated
from explorer.schema import CURATED_TABLES, TABLES

from conftest import REPO_DIR

TEMPLATES = REPO_DIR / "data" / "curated" / "templates"
TABLE_OF = {
    "participation.csv": "participation",
    "reservation.csv": "reservations",
    "source.yaml": "sources",
    "instrument.yaml": "instruments",
    "national_law.yaml": "instruments",
    "relation.yaml": "relations",
    "count.yaml": "depositary_counts",
    "known_gap.yaml": "known_gaps",
}


def _rows(path):
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".csv":
        lines = [line for line in text.splitlines() if not line.startswith("#")]
        return list(csv.DictReader(io.StringIO("\n".join(lines))))
    return yaml.safe_load(text)


def test_every_template_is_listed():
    assert sorted(p.name for p in TEMPLATES.iterdir() if p.suffix in {".csv", ".yaml"}) == sorted(TABLE_OF)


@pytest.mark.parametrize("name", sorted(TABLE_OF))
def test_template_fields_are_in_the_schema_and_convert(name):
    table = TABLES[TABLE_OF[name]]
    rows = _rows(TEMPLATES / name)
    assert rows, f"{name} has no example record"
    if name.endswith(".csv"):
        assert list(rows[0]) == table.field_names, f"{name}: the header must list the columns in schema order"
    for index, raw in enumerate(rows, start=1):
        _, problems = curated._convert(table, raw, name, index)
        assert problems == [], [str(p) for p in problems]


def test_the_build_does_not_read_the_templates():
    curated_dir = REPO_DIR / "data" / "curated"
    for table in CURATED_TABLES.values():
        assert not [p for p in curated_dir.glob(table.curated) if TEMPLATES in p.parents], table.name
