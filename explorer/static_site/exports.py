"""The data folder of the static site: the parquet tables and their sidecars as built, CSV copies
stamped like the dashboards' downloads, and the data dictionary."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from .. import load
from ..dictionary import render as render_dictionary
from ..paths import tables_dir
from ..schema import TABLES


def stamped_csv(frame: pd.DataFrame, stamp_lines: list[str]) -> str:
    """CSV text under '#' comment lines, the layout of the dashboards' CSV downloads (ui.csv_download_html)."""
    header = "".join(f"# {line}\n" for line in stamp_lines)
    return header + frame.to_csv(index=False, date_format="%Y-%m-%d", lineterminator="\n")


def write_csv(path: Path, frame: pd.DataFrame, stamp_lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(stamped_csv(frame, stamp_lines), encoding="utf-8", newline="")


def flat_table(name: str) -> pd.DataFrame:
    """A table ready for CSV: list fields joined with '; ' (CSV has no lists)."""
    frame = load.load_table(name)
    for spec in TABLES[name].fields:
        if spec.type == "list":
            frame[spec.name] = frame[spec.name].map(lambda items: "; ".join(str(item) for item in items))
    return frame


def table_stamp(name: str, meta: dict) -> list[str]:
    sources = meta.get("sources") or []
    return [
        f"{meta.get('title', name)} — table '{name}' of the trafficking-law explorer, release {meta.get('release')}",
        f"Data as of {meta.get('as_of')}; {meta.get('rows')} rows; licence: {meta.get('licence')}",
        f"Sources ({len(sources)}): {', '.join(sources) if sources else 'see sources.csv'}",
        "Full citations of the sources: sources.csv; field meanings: data_dictionary.md",
    ]


def write_data_folder(root: Path) -> list[dict]:
    """Copy every table (parquet + meta.yaml), write its stamped CSV and the dictionary; describe each."""
    folder = root / "data"
    folder.mkdir(parents=True, exist_ok=True)
    described = []
    for name in TABLES:
        source = tables_dir() / f"{name}.parquet"
        if not source.exists():
            continue  # an optional table not built in this data folder
        meta = load.load_meta(name)
        shutil.copyfile(source, folder / f"{name}.parquet")
        shutil.copyfile(tables_dir() / f"{name}.meta.yaml", folder / f"{name}.meta.yaml")
        write_csv(folder / f"{name}.csv", flat_table(name), table_stamp(name, meta))
        described.append(
            {
                "name": name,
                "title": meta.get("title", name),
                "description": meta.get("description", ""),
                "rows": meta.get("rows"),
                "as_of": meta.get("as_of"),
            }
        )
    (folder / "data_dictionary.md").write_text(render_dictionary(), encoding="utf-8")
    return described
