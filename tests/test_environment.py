"""environment.yml (conda/Binder) must list the same packages and lower bounds as pyproject.toml."""
from __future__ import annotations

import re
import tomllib

import yaml

from conftest import REPO_DIR

NAME_TO_CONDA = {"pyyaml": "pyyaml"}


def _normalise(requirement: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement)
    name, spec = match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")
    return NAME_TO_CONDA.get(name, name), spec


def test_environment_matches_pyproject():
    project = tomllib.loads((REPO_DIR / "pyproject.toml").read_text())["project"]
    wanted = dict(_normalise(r) for r in project["dependencies"] + project["optional-dependencies"]["test"])
    environment = yaml.safe_load((REPO_DIR / "environment.yml").read_text())
    listed = dict(_normalise(d) for d in environment["dependencies"]
                  if isinstance(d, str) and not d.startswith(("python", "pip")))
    assert listed == wanted
