"""Every notebook in notebooks/ and dashboards/ runs without error; committed notebooks have no outputs."""
from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import REPO_DIR

NOTEBOOKS = sorted((REPO_DIR / "notebooks").glob("**/*.ipynb")) + sorted((REPO_DIR / "dashboards").glob("*.ipynb"))
IDS = [str(path.relative_to(REPO_DIR)) for path in NOTEBOOKS]


def test_there_are_notebooks():
    assert any(p.parent.name == "dashboards" for p in NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_committed_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name} has outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_executes(path, real_tables):
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", f"{path.name}: {output.get('ename')}: {output.get('evalue')}"
            text = "".join(output.get("text", "")) if output.get("output_type") == "stream" else ""
            assert "Traceback" not in text
