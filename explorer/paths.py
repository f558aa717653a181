"""Where things live. Everything is relative to the repository (or to an override for tests)."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
GEOMETRY_DIR = PACKAGE_DIR / "geometry"


def data_dir() -> Path:
    """Root of the data folder; ``EXPLORER_DATA_DIR`` overrides it (used by tests and deployments)."""
    return Path(os.environ.get("EXPLORER_DATA_DIR", REPO_DIR / "data"))


def curated_dir() -> Path:
    return data_dir() / "curated"


def tables_dir() -> Path:
    return data_dir() / "tables"
