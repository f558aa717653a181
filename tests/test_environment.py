"""environment.yml (conda) and binder/ must list the same packages and lower bounds as pyproject.toml."""

from __future__ import annotations

import os
import re
import tomllib

import yaml

from conftest import REPO_DIR

NAME_TO_CONDA = {"pyyaml": "pyyaml"}


def _normalise(requirement: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement)
    name, spec = match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")
    return NAME_TO_CONDA.get(name, name), spec


def _project() -> dict:
    return tomllib.loads((REPO_DIR / "pyproject.toml").read_text())["project"]


def _listed(path) -> dict[str, str]:
    """Packages of a conda environment file: conda ones, and pip ones (those not on conda-forge)."""
    environment = yaml.safe_load(path.read_text())
    entries = []
    for entry in environment["dependencies"]:
        if isinstance(entry, dict):
            entries += [line for line in entry.get("pip", []) if not line.startswith("-")]
        elif not entry.startswith(("python", "pip")):
            entries.append(entry)
    listed = [_normalise(entry) for entry in entries]
    names = [name for name, _ in listed]
    assert len(names) == len(set(names)), f"{path.name} lists a package twice"
    return dict(listed)


def test_environment_matches_pyproject():
    project = _project()
    extras = project["optional-dependencies"]
    wanted = dict(_normalise(r) for r in project["dependencies"] + extras["test"] + extras["hub"])
    assert _listed(REPO_DIR / "environment.yml") == wanted


def test_binder_environment_has_the_runtime_dependencies():
    """Binder reads binder/environment.yml only (a binder/ folder hides the top-level file)."""
    wanted = dict(_normalise(r) for r in _project()["dependencies"])
    assert _listed(REPO_DIR / "binder" / "environment.yml") == wanted


def test_binder_post_build_does_what_make_data_does():
    post_build = REPO_DIR / "binder" / "postBuild"
    assert os.access(post_build, os.X_OK), "binder/postBuild must be executable"
    assert os.access(REPO_DIR / "binder" / "start", os.X_OK), "binder/start must be executable"
    script = post_build.read_text()
    makefile = (REPO_DIR / "Makefile").read_text()
    for step in ("-m explorer.build", "cp explorer/geometry/world_50m.json dashboards/static/"):
        assert step in makefile, f"the Makefile no longer does {step!r}: update binder/postBuild"
        assert step in script, f"binder/postBuild does not do {step!r}"
