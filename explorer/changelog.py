"""Change log between data releases, computed from the tables (never written by hand).

Each release keeps a compact snapshot of its rows in ``data/releases/<version>.json.gz`` (key ->
fields, as text). The change log compares the current tables with the latest earlier snapshot:
rows added and removed, fields changed, and — for the participation log, whose key includes the
date — an action whose date moved is reported once as a corrected date, not as a removal plus an
addition.

``python -m explorer.changelog`` refreshes the current release's snapshot and writes
``docs/data_changes.md`` (shipped with the static site).
"""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

import pandas as pd
import yaml

from . import paths
from .load import load_table
from .schema import TABLES

TRACKED = (
    "instruments",
    "participation",
    "relations",
    "events",
    "sources",
    "definitions",
    "model_law_assessments",
    "depositary_counts",
    "reservations",
)
# Fields that change with every rebuild or carry no fact of their own.
IGNORED_FIELDS = {"accessed"}
CHANGES_COLUMNS = ["table", "change", "key", "field", "old", "new"]


def releases_dir() -> Path:
    return paths.data_dir() / "releases"


def _text(value) -> str:
    if isinstance(value, (list, tuple)) or hasattr(value, "tolist"):
        value = list(value.tolist() if hasattr(value, "tolist") else value)
        return ", ".join(str(v) for v in value)
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return str(value)


def snapshot(directory: Path | None = None) -> dict:
    """{table: {key text: {field: text}}} for the tracked tables."""
    result = {}
    for name in TRACKED:
        table = TABLES[name]
        frame = load_table(name, directory)
        rows = {}
        for record in frame.to_dict("records"):
            key = " | ".join(_text(record[field]) for field in table.primary_key)
            rows[key] = {
                field: _text(record[field])
                for field in table.field_names
                if field not in table.primary_key and field not in IGNORED_FIELDS
            }
        result[name] = rows
    return result


def diff(old: dict, new: dict) -> pd.DataFrame:
    """Every difference between two snapshots, one row per added/removed row or changed field."""
    changes = []
    for name in TRACKED:
        before, after = old.get(name, {}), new.get(name, {})
        added = sorted(set(after) - set(before))
        removed = sorted(set(before) - set(after))
        if name == "participation":
            added, removed, moved = _moved_dates(added, removed)
            changes += [
                (name, "date corrected", new_key, "date", old_key.rsplit(" | ", 1)[1], new_key.rsplit(" | ", 1)[1])
                for old_key, new_key in moved
            ]
        changes += [(name, "added", key, "", "", "") for key in added]
        changes += [(name, "removed", key, "", "", "") for key in removed]
        for key in sorted(set(before) & set(after)):
            for field in sorted(set(before[key]) | set(after[key])):
                if before[key].get(field, "") != after[key].get(field, ""):
                    changes.append((name, "changed", key, field, before[key].get(field, ""), after[key].get(field, "")))
    return pd.DataFrame(changes, columns=CHANGES_COLUMNS)


def _moved_dates(added: list[str], removed: list[str]):
    """Pair a removed and an added participation row that differ only in their date."""

    def stem(key):  # state | instrument | action | date  ->  state | instrument | action
        return key.rsplit(" | ", 1)[0]

    removed_by_stem: dict[str, list[str]] = {}
    for key in removed:
        removed_by_stem.setdefault(stem(key), []).append(key)
    moved, still_added = [], []
    for key in added:
        candidates = removed_by_stem.get(stem(key))
        if candidates and len(candidates) == 1:
            moved.append((candidates.pop(), key))
        else:
            still_added.append(key)
    paired = {old for old, _ in moved}
    return still_added, [key for key in removed if key not in paired], moved


def save_release(version: str, data: dict) -> Path:
    releases_dir().mkdir(parents=True, exist_ok=True)
    path = releases_dir() / f"{version}.json.gz"
    payload = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    # mtime=0: the same data gives the same bytes (no spurious changes in git).
    with gzip.GzipFile(path, "wb", mtime=0) as handle:
        handle.write(payload)
    return path


def load_release(version: str) -> dict:
    with gzip.open(releases_dir() / f"{version}.json.gz", "rb") as handle:
        return json.loads(handle.read())


def releases() -> list[str]:
    """Stored release versions, oldest first (versions are dates written YYYY.MM.DD)."""
    return sorted(path.name.removesuffix(".json.gz") for path in releases_dir().glob("*.json.gz"))


def current_release() -> dict:
    return yaml.safe_load((paths.curated_dir() / "release.yaml").read_text())


def render_markdown(changes: pd.DataFrame, version: str, as_of, previous: str | None, max_lines: int = 200) -> str:
    lines = [f"# Data changes: release {version} (data as of {as_of})", ""]
    if previous is None:
        lines += ["First release: there is no earlier release to compare with.", ""]
    else:
        lines += [
            f"Compared with release {previous}. Generated by `python -m explorer.changelog` from the tables; "
            "participation rows are keyed by state, instrument, action and date.",
            "",
        ]
    if changes.empty:
        lines.append("No change." if previous else "")
        return "\n".join(lines).rstrip() + "\n"
    counts = changes.groupby(["table", "change"]).size()
    lines += ["| table | change | rows |", "|---|---|---|"]
    lines += [f"| {table} | {change} | {count} |" for (table, change), count in counts.items()]
    for (table, change), group in changes.groupby(["table", "change"], sort=True):
        lines += ["", f"## {table}: {change}", ""]
        for _, row in group.head(max_lines).iterrows():
            detail = f" — {row['field']}: '{row['old']}' → '{row['new']}'" if row["field"] else ""
            lines.append(f"- `{row['key']}`{detail}")
        if len(group) > max_lines:
            lines.append(f"- … and {len(group) - max_lines} more")
    return "\n".join(lines) + "\n"


def current_markdown() -> str:
    """The change log of the data as built now against the latest earlier release (nothing is saved)."""
    release = current_release()
    version = str(release["version"])
    earlier = [v for v in releases() if v < version]
    previous = earlier[-1] if earlier else None
    changes = diff(load_release(previous), snapshot()) if previous else diff({}, {})
    return render_markdown(changes, version, release["as_of"], previous)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=paths.REPO_DIR / "docs" / "data_changes.md")
    args = parser.parse_args(argv)
    release = current_release()
    version = str(release["version"])
    current = snapshot()
    save_release(version, current)
    earlier = [v for v in releases() if v < version]
    previous = earlier[-1] if earlier else None
    changes = diff(load_release(previous), current) if previous else diff({}, {})
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(render_markdown(changes, version, release["as_of"], previous))
    print(
        f"release {version}: snapshot saved; {len(changes)} change(s) since {previous or 'nothing'}; "
        f"wrote {args.output}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
