"""Reading the hand-curated inputs under ``data/curated`` into plain records.

Each record is a dict of field values plus ``_file`` and ``_row`` (where it came from), so that
validation can point at the exact place of a problem. Values are converted to Python types here
(dates, ints, bools, lists); anything that does not convert is reported, not guessed.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import yaml

from .errors import DataFileError, Problem
from .schema import CURATED_TABLES, Table

# Curated YAML may nest a few things that the tables store flat.
_NESTED = {
    "party_eif_rule": {
        "days_after_consent": "party_eif_days",
        "months_after_consent": "party_eif_months",
        "first_day_of_following_month": "party_eif_first_of_month",
        "article": "party_eif_article",
        "source_id": "party_eif_source_id",
    },
    "elements": {
        "who_protected": "who_protected",
        "consent_relevant": "consent_relevant",
        "age_threshold": "age_threshold",
        "means_required": "means_required",
        "purpose": "purpose",
        "transnational_required": "transnational_required",
    },
}
_RENAMED = {"from": "from_id", "to": "to_id"}


class Records(list):
    """A list of records with the problems found while reading them."""

    def __init__(self, records=(), problems=()):
        super().__init__(records)
        self.problems: list[Problem] = list(problems)


def read_release(curated_dir: Path) -> dict:
    path = curated_dir / "release.yaml"
    try:
        release = yaml.safe_load(path.read_text(encoding="utf-8"))
        release["as_of"] = _to_date(release["as_of"])
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as error:
        raise DataFileError(f"{path}: cannot read the release file (needs 'as_of: YYYY-MM-DD'): {error}") from error
    return release


def read_table(table: Table, curated_dir: Path) -> Records:
    """Read every curated file of one table."""
    pattern = table.curated
    files = sorted(curated_dir.glob(pattern))
    out = Records()
    for path in files:
        relative = str(path.relative_to(curated_dir.parent)) if curated_dir.parent in path.parents else str(path)
        raw_rows = _read_csv(path) if path.suffix == ".csv" else _read_yaml(path)
        for row_number, raw in raw_rows:
            record, problems = _convert(table, raw, relative, row_number)
            out.problems.extend(problems)
            if record is not None:
                out.append(record)
    return out


def read_all(curated_dir: Path) -> dict[str, Records]:
    return {name: read_table(table, curated_dir) for name, table in CURATED_TABLES.items()}


# --- file formats -----------------------------------------------------------------------------


def _read_yaml(path: Path):
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise DataFileError(f"{path}: not readable as YAML: {error}") from error
    if content is None:
        return []
    if not isinstance(content, list):
        raise DataFileError(f"{path}: expected a list of mappings at the top level, found {type(content).__name__}")
    rows = []
    for index, item in enumerate(content, start=1):
        if not isinstance(item, dict):
            raise DataFileError(f"{path}: item {index} is not a mapping")
        rows.append((index, item))
    return rows


def _read_csv(path: Path):
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            # Row numbers are the line numbers a spreadsheet shows (header is line 1).
            rows = [(line, dict(row)) for line, row in enumerate(reader, start=2)]
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise DataFileError(f"{path}: not readable as CSV: {error}") from error
    for line, row in rows:
        if None in row:
            raise DataFileError(f"{path}: line {line} has more cells than the header")
    return rows


# --- conversion -------------------------------------------------------------------------------


def _flatten(raw: dict) -> dict:
    flat = {}
    for key, value in raw.items():
        key = _RENAMED.get(key, key)
        if key in _NESTED and isinstance(value, dict):
            for inner_key, inner_value in value.items():
                flat[_NESTED[key].get(inner_key, f"{key}.{inner_key}")] = inner_value
        else:
            flat[key] = value
    return flat


def _convert(table: Table, raw: dict, file: str, row: int):
    flat = _flatten(raw)
    problems = []
    known = set(table.field_names)
    for name in flat:
        if name not in known:
            problems.append(Problem("unknown_field", table.name, file, row, name, "", f"unknown field '{name}'"))
    record = {"_file": file, "_row": row}
    for spec in table.fields:
        value = flat.get(spec.name)
        if isinstance(value, str):
            value = value.strip()
            if value == "":
                value = None
        try:
            record[spec.name] = None if value is None else _CONVERTERS[spec.type](value)
        except (TypeError, ValueError) as error:
            problems.append(
                Problem(
                    "bad_value", table.name, file, row, spec.name, "", f"'{value}' is not a valid {spec.type}: {error}"
                )
            )
            record[spec.name] = None
    if table.name == "participation" and record.get("computed") is None:
        record["computed"] = False
    return record, problems


def _to_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    raise TypeError(f"expected YYYY-MM-DD, got {type(value).__name__}")


def _to_int(value) -> int:
    if isinstance(value, bool):
        raise TypeError("expected a whole number, got a boolean")
    if isinstance(value, float) and not value.is_integer():
        raise ValueError("not a whole number")
    return int(value)


def _to_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"true", "yes", "1"}:
        return True
    if text in {"false", "no", "0"}:
        return False
    raise ValueError("expected true or false")


def _to_list(value) -> list[str]:
    if isinstance(value, str):
        items = [item.strip() for item in value.replace(";", ",").split(",")]
    elif isinstance(value, (list, tuple)):
        items = [str(item).strip() for item in value]
    else:
        raise TypeError("expected a list")
    return [item for item in items if item]


def _to_string(value) -> str:
    if isinstance(value, (dict, list)):
        raise TypeError(f"expected text, got a {type(value).__name__}")
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


_CONVERTERS = {"date": _to_date, "int": _to_int, "bool": _to_bool, "list": _to_list, "string": _to_string}
