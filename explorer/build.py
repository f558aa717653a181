"""``python -m explorer.build``: validate the curated inputs and write the parquet tables.

Parquet is written deterministically (schema column order, rows sorted by key, no timestamps), so
rebuilding unchanged inputs gives identical bytes. All tables are written into a fresh folder that
replaces ``data/tables`` only when everything validated and was written: a failure leaves the
previous tables untouched.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from . import coverage_rules, curated, derive
from .errors import DataValidationError
from .load import frame_from_arrow
from .paths import curated_dir as default_curated_dir
from .paths import tables_dir as default_tables_dir
from .schema import COVERAGE, TABLES, Table
from .status import StatusEngine
from .validate import apply_exceptions, check_fields, check_references, read_known_exceptions, validate

BUILT_MARKER = ".built"


def assemble(curated_dir: Path) -> tuple[dict[str, list[dict]], dict, list]:
    """Read, derive and validate. Returns (tables, release, excepted problems); raises on problems."""
    release = curated.read_release(curated_dir)
    raw = curated.read_all(curated_dir)
    problems = [problem for records in raw.values() for problem in records.problems]
    tables = {name: list(records) for name, records in raw.items()}
    tables["states"] = derive.current_states() + derive.historical_states(tables["states"])
    instruments = {r["instrument_id"]: r for r in tables["instruments"]}
    ended = {r["state_id"]: r.get("existed_to") for r in tables["states"]}
    tables["participation"] = tables["participation"] + derive.computed_entry_into_force(
        tables["participation"], instruments, ended
    )
    problems += validate(tables, release["as_of"])
    exceptions_path = curated_dir / "known_exceptions.yaml"
    problems, excepted = apply_exceptions(problems, read_known_exceptions(exceptions_path), str(exceptions_path))
    if problems:
        raise DataValidationError(problems)
    tables["coverage"] = computed_coverage(tables, release["as_of"])
    problems = check_fields(COVERAGE, tables["coverage"]) + check_references(
        {name: tables[name] for name in ("coverage", "instruments", "sources")}
    )
    if problems:  # a bug in the rule, not in the data: still, nothing half-written
        raise DataValidationError(problems)
    return tables, release, excepted


def computed_coverage(tables: dict[str, list[dict]], as_of: dt.date) -> list[dict]:
    """The coverage table (explorer.coverage_rules) from the validated rows."""
    frames = {
        name: frame_from_arrow(TABLES[name], to_arrow(TABLES[name], tables[name]))
        for name in ("participation", "instruments", "states", "depositary_counts")
    }
    engine = StatusEngine(frames["participation"], frames["instruments"], frames["states"])
    table = coverage_rules.coverage_table(
        engine, frames["instruments"], frames["participation"], frames["depositary_counts"], frames["states"], as_of
    )
    return [
        {"_file": "computed by explorer.coverage_rules", "_row": None, **row} for row in coverage_rules.records(table)
    ]


def _sort_key(table: Table):
    names = table.sort_by or table.primary_key

    def key(record):
        return tuple(
            (record.get(name) is None, record.get(name) or "")
            if not isinstance(record.get(name), dt.date)
            else (False, record[name].isoformat())
            for name in names
        )

    return key


def to_arrow(table: Table, records: list[dict]) -> pa.Table:
    rows = sorted(records, key=_sort_key(table))
    columns = {name: [row.get(name) for row in rows] for name in table.field_names}
    return pa.Table.from_pydict(columns, schema=table.arrow_schema())


def sidecar(table: Table, records: list[dict], release: dict) -> dict:
    source_ids = sorted({r["source_id"] for r in records if r.get("source_id")})
    return {
        "table": table.name,
        "title": table.title,
        "description": table.description,
        "as_of": release["as_of"].isoformat(),
        "release": str(release.get("version", release["as_of"].isoformat())),
        "rows": len(records),
        "primary_key": list(table.primary_key),
        "licence": table.licence,
        "sources": source_ids,
        "fields": [{"name": f.name, "type": f.type, "description": f.description} for f in table.fields],
    }


def write_tables(tables: dict[str, list[dict]], release: dict, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".tables-", dir=target.parent))
    try:
        for name, table in TABLES.items():
            arrow_table = to_arrow(table, tables[name])
            pq.write_table(arrow_table, staging / f"{name}.parquet", compression="zstd")
            meta = yaml.safe_dump(sidecar(table, tables[name], release), sort_keys=False, allow_unicode=True)
            (staging / f"{name}.meta.yaml").write_text(meta, encoding="utf-8")
        (staging / BUILT_MARKER).write_text(release["as_of"].isoformat() + "\n", encoding="utf-8")
        backup = target.with_name(target.name + ".old")
        if backup.exists():
            shutil.rmtree(backup)
        if target.exists():
            target.rename(backup)
        staging.rename(target)
        if backup.exists():
            shutil.rmtree(backup)
    finally:
        if staging.exists():
            shutil.rmtree(staging)


def build(curated_dir: Path | None = None, target: Path | None = None) -> dict[str, int]:
    curated_dir = curated_dir or default_curated_dir()
    target = target or default_tables_dir()
    tables, release, excepted = assemble(curated_dir)
    write_tables(tables, release, target)
    return {name: len(records) for name, records in tables.items()} | {"known_exceptions": len(excepted)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--curated", type=Path, default=None)
    parser.add_argument("--target", type=Path, default=None)
    args = parser.parse_args(argv)
    try:
        counts = build(args.curated, args.target)
    except DataValidationError as error:
        print(f"Data NOT written. {error}", file=sys.stderr)
        return 1
    except Exception as error:  # a corrupt or missing file: say which, without a traceback
        print(f"Data NOT written. {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    print("Wrote " + ", ".join(f"{name}: {count}" for name, count in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
