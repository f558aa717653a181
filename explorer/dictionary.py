"""``python -m explorer.dictionary``: write ``docs/data_dictionary.md`` from the schema.

The dictionary is generated, never edited by hand; a test fails when the committed file differs
from what this module produces.
"""

from __future__ import annotations

import sys

from .paths import REPO_DIR
from .schema import TABLES
from .status import STATUSES

DICTIONARY_PATH = REPO_DIR / "docs" / "data_dictionary.md"


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render() -> str:
    lines = [
        "# Data dictionary",
        "",
        "Generated from `explorer/schema.py` by `python -m explorer.dictionary` — do not edit by hand.",
        "",
        "Each table is written to `data/tables/<table>.parquet` with a `<table>.meta.yaml` sidecar "
        "(title, description, as-of date, row count, licence, sources used).",
        "",
    ]
    for table in TABLES.values():
        lines += [
            f"## `{table.name}` — {table.title}",
            "",
            table.description,
            "",
            f"Primary key: {', '.join(f'`{k}`' for k in table.primary_key)}. "
            f"Curated input: `data/curated/{table.curated}`. Licence: {table.licence}.",
            "",
            "| field | type | required | description | allowed values / reference |",
            "|---|---|---|---|---|",
        ]
        for field in table.fields:
            constraint = ""
            if field.allowed:
                constraint = ", ".join(f"`{value}`" for value in field.allowed)
            elif field.references:
                constraint = f"→ `{field.references}`"
            lines.append(
                f"| `{field.name}` | {field.type} | {'yes' if field.required else ''} | "
                f"{_cell(field.description)} | {_cell(constraint)} |"
            )
        lines.append("")
        allowed = [f for f in table.fields if f.allowed]
        for field in allowed:
            lines += [f"**`{table.name}.{field.name}` values**", ""]
            lines += [f"- `{value}` — {_cell(meaning)}" for value, meaning in field.allowed.items()]
            lines.append("")
    lines += [
        "## Computed statuses (status engine)",
        "",
        "Not stored: computed from `participation` for any date by `explorer.status`.",
        "",
    ]
    lines += [f"- `{status}` — {label}" for status, label in STATUSES.items()]
    return "\n".join(lines) + "\n"


def main() -> int:
    DICTIONARY_PATH.parent.mkdir(parents=True, exist_ok=True)
    DICTIONARY_PATH.write_text(render(), encoding="utf-8")
    print(f"Wrote {DICTIONARY_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
