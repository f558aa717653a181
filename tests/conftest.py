"""Shared fixtures: the real built tables, and a small hand-made dataset in a temporary folder."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parent
REPO_DIR = TESTS_DIR.parent
ARTIFACTS_DIR = REPO_DIR / "test-artifacts"
sys.path.insert(0, str(TESTS_DIR))

import fixture_data  # noqa: E402

import explorer  # noqa: E402
from explorer import build as build_module  # noqa: E402


@pytest.fixture
def curated_copy(tmp_path) -> Path:
    """A fresh copy of the hand-made curated dataset (break it as you like)."""
    return fixture_data.write_curated(tmp_path)


@pytest.fixture
def fixture_data_dir(tmp_path, monkeypatch) -> Path:
    """The hand-made dataset, built, and made the package's data folder for the test."""
    curated = fixture_data.write_curated(tmp_path)
    build_module.build(curated, tmp_path / "tables")
    monkeypatch.setenv("EXPLORER_DATA_DIR", str(tmp_path))
    explorer.clear_caches()
    yield tmp_path
    explorer.clear_caches()


@pytest.fixture(scope="session")
def real_tables() -> Path:
    """The project's built tables (``make data`` builds them before the tests run)."""
    path = REPO_DIR / "data" / "tables"
    assert (path / ".built").exists(), "data/tables is not built: run `make data`"
    return path
