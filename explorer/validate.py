"""Validation of the assembled tables. Every problem names its file, row and field.

Checks: required fields, allowed values, unique keys, foreign keys, every row sourced, and
plausible dates (nothing before an instrument was adopted, entry into force not before adoption,
nothing after the release's as-of date, no action by a state after it ceased to exist).

Genuine oddities are listed in ``data/curated/known_exceptions.yaml`` (check + table + key + reason);
they are reported separately, and an exception that matches nothing is itself a problem, so the
list always matches the data exactly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import yaml

from .dates import start_value
from .errors import DataFileError, Problem
from .schema import CONSENT_ACTIONS, TABLES, Table


def key_of(table: Table, record: dict) -> str:
    return "|".join("" if record.get(name) is None else str(record.get(name)) for name in table.primary_key)


def _problem(check, table, record, field, message):
    return Problem(
        check, table.name, record.get("_file", "?"), record.get("_row"), field, key_of(table, record), message
    )


def check_fields(table: Table, records: list[dict]) -> list[Problem]:
    problems = []
    for record in records:
        for spec in table.fields:
            value = record.get(spec.name)
            if value is None or value == []:
                if spec.required:
                    problems.append(
                        _problem("missing_required", table, record, spec.name, f"'{spec.name}' is required")
                    )
                continue
            if spec.allowed is not None:
                values = value if spec.type == "list" else [value]
                for item in values:
                    if item not in spec.allowed:
                        allowed = ", ".join(sorted(spec.allowed))
                        problems.append(
                            _problem(
                                "not_allowed", table, record, spec.name, f"'{item}' is not allowed (allowed: {allowed})"
                            )
                        )
    return problems


def check_unique(table: Table, records: list[dict]) -> list[Problem]:
    seen: dict[str, dict] = {}
    problems = []
    for record in records:
        key = key_of(table, record)
        if key in seen:
            first = seen[key]
            problems.append(
                _problem(
                    "duplicate_key",
                    table,
                    record,
                    ",".join(table.primary_key),
                    f"duplicate key {key!r} (first at {first['_file']}, row {first['_row']})",
                )
            )
        else:
            seen[key] = record
    return problems


def check_references(tables: dict[str, list[dict]]) -> list[Problem]:
    index = {}
    problems = []
    for name, table in TABLES.items():
        for spec in table.fields:
            if not spec.references:
                continue
            target_table, target_field = spec.references.split(".")
            if (target_table, target_field) not in index:
                index[(target_table, target_field)] = {r.get(target_field) for r in tables.get(target_table, [])}
            valid = index[(target_table, target_field)]
            for record in tables.get(name, []):
                value = record.get(spec.name)
                values = value if isinstance(value, list) else [value]
                for item in values:
                    if item is not None and item not in valid:
                        problems.append(
                            _problem(
                                "unknown_reference",
                                table,
                                record,
                                spec.name,
                                f"'{item}' is not a known {target_table}.{target_field}",
                            )
                        )
    return problems


def check_dates(tables: dict[str, list[dict]], as_of: dt.date) -> list[Problem]:
    """Implausible dates: after the release's as-of date, an instrument's entry into force or repeal before it
    started, an action before the instrument started, an entry into force before the state's consent, an act
    by a state after it ceased to exist."""
    instruments = {r["instrument_id"]: r for r in tables.get("instruments", [])}
    states = {r["state_id"]: r for r in tables.get("states", [])}
    return (
        _dates_after_as_of(tables, as_of)
        + _instrument_date_order(instruments.values())
        + _participation_dates(tables.get("participation", []), instruments, states)
    )


def _dates_after_as_of(tables: dict[str, list[dict]], as_of: dt.date) -> list[Problem]:
    """Every date field of every table (a source's ``accessed`` date included) must be on or before as-of."""
    problems = []
    for name, table in TABLES.items():
        date_fields = [spec.name for spec in table.fields if spec.type == "date" and spec.name != "accessed"]
        for record in tables.get(name, []):
            for field in date_fields:
                value = record.get(field)
                if value is not None and value > as_of:
                    problems.append(
                        _problem(
                            "after_as_of", table, record, field, f"{value} is after the release's as-of date {as_of}"
                        )
                    )
            if name == "sources" and record.get("accessed") and record["accessed"] > as_of:
                problems.append(
                    _problem(
                        "after_as_of",
                        table,
                        record,
                        "accessed",
                        f"{record['accessed']} is after the release's as-of date {as_of}",
                    )
                )
    return problems


def _instrument_date_order(instruments: Iterable[dict]) -> list[Problem]:
    """An instrument's entry into force and repeal are not before its start date."""
    problems = []
    table = TABLES["instruments"]
    for record in instruments:
        start = start_value(record)
        for field in ("entry_into_force", "repealed"):
            value = record.get(field)
            if value is not None and start is not None and value < start:
                problems.append(
                    _problem(
                        "date_order",
                        table,
                        record,
                        field,
                        f"{field} {value} is before the instrument was adopted ({start})",
                    )
                )
    return problems


def _earliest_consents(participation: list[dict]) -> dict[tuple[str, str], dt.date]:
    """Per (state, instrument): the date of its earliest consent to be bound."""
    consent_dates: dict[tuple[str, str], dt.date] = {}
    for record in participation:
        if record.get("action") in CONSENT_ACTIONS and record.get("date"):
            key = (record["state_id"], record["instrument_id"])
            consent_dates[key] = min(record["date"], consent_dates.get(key, record["date"]))
    return consent_dates


def _participation_dates(
    participation: list[dict], instruments: dict[str, dict], states: dict[str, dict]
) -> list[Problem]:
    """Per action: not before the instrument started; an entry into force not before the state's consent; not
    after the state ceased to exist."""
    problems = []
    table = TABLES["participation"]
    consent_dates = _earliest_consents(participation)
    for record in participation:
        date = record.get("date")
        instrument = instruments.get(record.get("instrument_id"))
        if date is None or instrument is None:
            continue
        start = start_value(instrument)
        if start is not None and date < start:
            problems.append(
                _problem(
                    "date_before_adoption",
                    table,
                    record,
                    "date",
                    f"{record['action']} on {date} is before {record['instrument_id']} was adopted ({start})",
                )
            )
        if record.get("action") == "entry_into_force":
            consent = consent_dates.get((record["state_id"], record["instrument_id"]))
            if consent is not None and date < consent:
                problems.append(
                    _problem(
                        "date_order",
                        table,
                        record,
                        "date",
                        f"entry into force {date} is before the state's consent ({consent})",
                    )
                )
        state = states.get(record.get("state_id"))
        if state and state.get("existed_to") and date > state["existed_to"]:
            problems.append(
                _problem(
                    "state_not_existing",
                    table,
                    record,
                    "date",
                    f"{record['state_id']} ceased to exist on {state['existed_to']}, but acts on {date}",
                )
            )
    return problems


def check_relations(tables: dict[str, list[dict]]) -> list[Problem]:
    table = TABLES["relations"]
    return [
        _problem("self_relation", table, r, "to_id", "an instrument cannot relate to itself")
        for r in tables.get("relations", [])
        if r.get("from_id") == r.get("to_id")
    ]


def validate(tables: dict[str, list[dict]], as_of: dt.date) -> list[Problem]:
    problems: list[Problem] = []
    for name, table in TABLES.items():
        records = tables.get(name, [])
        problems += check_fields(table, records)
        problems += check_unique(table, records)
    problems += check_references(tables)
    problems += check_dates(tables, as_of)
    problems += check_relations(tables)
    problems += check_entry_into_force_rules(tables)
    problems += check_core_flags(tables)
    return problems


def check_core_flags(tables: dict[str, list[dict]]) -> list[Problem]:
    """``core`` marks international instruments: a national or EU law cannot be one."""
    table = TABLES["instruments"]
    return [
        _problem(
            "core_not_multilateral",
            table,
            record,
            "core",
            f"core is set, but the jurisdiction is {record.get('jurisdiction')!r}, not 'multilateral'",
        )
        for record in tables.get("instruments", [])
        if record.get("core") and record.get("jurisdiction") != "multilateral"
    ]


def check_entry_into_force_rules(tables: dict[str, list[dict]]) -> list[Problem]:
    """A party rule counts either days or months; the first-of-the-month form needs the months."""
    problems = []
    table = TABLES["instruments"]
    for record in tables.get("instruments", []):
        days, months = record.get("party_eif_days"), record.get("party_eif_months")
        if days is not None and months is not None:
            problems.append(
                _problem(
                    "ambiguous_rule",
                    table,
                    record,
                    "party_eif_months",
                    "party_eif_rule gives both days_after_consent and months_after_consent",
                )
            )
        if record.get("party_eif_first_of_month") and months is None:
            problems.append(
                _problem(
                    "incomplete_rule",
                    table,
                    record,
                    "party_eif_first_of_month",
                    "first_day_of_following_month needs months_after_consent",
                )
            )
    return problems


def read_known_exceptions(path: Path) -> list[dict]:
    if not path.exists():
        return []
    try:
        items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as error:
        raise DataFileError(f"{path}: not readable as YAML: {error}") from error
    for index, item in enumerate(items, start=1):
        missing = {"check", "table", "key", "reason"} - set(item or {})
        if missing:
            raise DataFileError(f"{path}: item {index} lacks {', '.join(sorted(missing))}")
    return items


def apply_exceptions(problems: list[Problem], exceptions: list[dict], path: str):
    """Split problems into (remaining, excepted); unused exceptions become problems themselves."""
    wanted = {(e["check"], e["table"], str(e["key"])): e for e in exceptions}
    used = set()
    remaining, excepted = [], []
    for problem in problems:
        marker = (problem.check, problem.table, problem.key)
        if marker in wanted:
            used.add(marker)
            excepted.append(problem)
        else:
            remaining.append(problem)
    for marker, exception in wanted.items():
        if marker not in used:
            remaining.append(
                Problem(
                    "unused_exception",
                    marker[1],
                    path,
                    None,
                    None,
                    marker[2],
                    f"known exception {marker[0]} for {marker[2]!r} matches nothing in the data",
                )
            )
    return remaining, excepted
