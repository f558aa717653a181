"""The files a contributor and a citing user rely on: licences, citation, Makefile help, public API."""

from __future__ import annotations

import re
import tomllib
import types

import yaml

import explorer

from conftest import REPO_DIR


def _pyproject() -> dict:
    return tomllib.loads((REPO_DIR / "pyproject.toml").read_text())


def test_citation_names_the_current_data_release():
    citation = yaml.safe_load((REPO_DIR / "CITATION.cff").read_text())
    release = yaml.safe_load((REPO_DIR / "data" / "curated" / "release.yaml").read_text())
    assert citation["cff-version"] == "1.2.0"
    assert str(citation["version"]) == str(release["version"]), "bump CITATION.cff's version with release.yaml"
    assert str(citation["date-released"]) == str(release["as_of"])
    assert citation["authors"] == [{"name": "Trafficking-law explorer contributors"}]


def test_licences_match_pyproject():
    assert _pyproject()["project"]["license"] == "MIT"
    assert (REPO_DIR / "LICENSE").read_text().startswith("MIT License")
    data_licence = (REPO_DIR / "LICENSE-data").read_text()
    assert "https://creativecommons.org/licenses/by/4.0/" in data_licence
    assert "data/curated/sources" in data_licence


def test_requires_python_allows_what_the_tests_use():
    assert _pyproject()["project"]["requires-python"] == ">=3.11"  # tomllib, used by the tests, is 3.11


def test_package_is_marked_typed_and_ships_the_marker():
    assert (REPO_DIR / "explorer" / "py.typed").exists()
    assert "py.typed" in _pyproject()["tool"]["setuptools"]["package-data"]["explorer"]


def test_public_names_are_listed_and_exist():
    names = explorer.__all__
    assert len(names) == len(set(names)), "a name is listed twice in explorer.__all__"
    for name in names:
        assert not name.startswith("_")
        assert hasattr(explorer, name), f"explorer.__all__ lists {name!r}, which the package does not define"
        assert not isinstance(getattr(explorer, name), types.ModuleType), f"{name} is a module"
    assert {
        "parties",
        "statuses",
        "world_map",
        "build_app",
        "coverage",
        "CoverageWarning",
        "UnknownIdError",
        "load_instruments",
        "load_reservations",
    } <= set(names)


def test_make_help_lists_every_target():
    makefile = (REPO_DIR / "Makefile").read_text()
    phony = re.search(r"^\.PHONY:(.*)$", makefile, re.MULTILINE).group(1).split()
    help_text = makefile[makefile.index("\nhelp:") :]
    help_text = help_text[: help_text.index("\n\n")]
    missing = [target for target in phony if target != "help" and not re.search(rf"\b{re.escape(target)}\b", help_text)]
    assert missing == [], f"make help does not mention {missing}"


def test_ruff_is_in_the_test_extras_and_run_by_make_test():
    extras = _pyproject()["project"]["optional-dependencies"]["test"]
    assert any(requirement.startswith("ruff") for requirement in extras)
    makefile = (REPO_DIR / "Makefile").read_text()
    test_recipe = makefile[makefile.index("\ntest:") :].split("\n\n")[0]
    assert "-m ruff check ." in test_recipe
