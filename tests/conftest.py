"""Shared fixtures: the real built tables, a small hand-made dataset in a temporary folder, a data-folder
swap that always restores the caches, and the Voilà server and browser of the browser tests."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parent
REPO_DIR = TESTS_DIR.parent
ARTIFACTS_DIR = REPO_DIR / "test-artifacts"
sys.path.insert(0, str(TESTS_DIR))

import explorer  # noqa: E402
from explorer import build as build_module  # noqa: E402

import fixture_data  # noqa: E402

DATA_DIR_VARIABLE = "EXPLORER_DATA_DIR"


@pytest.fixture
def use_data_dir():
    """Swap the package's data folder: ``use_data_dir(folder)`` makes ``folder`` (holding ``tables/``) the
    data folder, ``use_data_dir(None)`` the shipped one. The caches are cleared on every swap; the variable
    and the caches are restored after the test whatever happens."""
    before = os.environ.get(DATA_DIR_VARIABLE)

    def swap(folder: Path | None) -> Path | None:
        if folder is None:
            os.environ.pop(DATA_DIR_VARIABLE, None)
        else:
            os.environ[DATA_DIR_VARIABLE] = str(folder)
        explorer.clear_caches()
        return folder

    try:
        yield swap
    finally:
        if before is None:
            os.environ.pop(DATA_DIR_VARIABLE, None)
        else:
            os.environ[DATA_DIR_VARIABLE] = before
        explorer.clear_caches()


@pytest.fixture
def curated_copy(tmp_path) -> Path:
    """A fresh copy of the hand-made curated dataset (break it as you like)."""
    return fixture_data.write_curated(tmp_path)


@pytest.fixture
def fixture_data_dir(tmp_path, use_data_dir) -> Path:
    """The hand-made dataset, built, and made the package's data folder for the test."""
    curated = fixture_data.write_curated(tmp_path)
    build_module.build(curated, tmp_path / "tables")
    return use_data_dir(tmp_path)


@pytest.fixture(scope="session")
def real_tables() -> Path:
    """The project's built tables (``make data`` builds them before the tests run)."""
    path = REPO_DIR / "data" / "tables"
    assert (path / ".built").exists(), "data/tables is not built: run `make data`"
    return path


# --- browser tests ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server():
    """A Voilà server of dashboards/ on a free loopback port, one per test module."""
    from voila_server import voila_server

    with voila_server() as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium driven by Playwright (headless), one per test module."""
    sync_api = pytest.importorskip("playwright.sync_api")
    from browser import launch

    with sync_api.sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()
