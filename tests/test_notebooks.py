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
    client = NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", f"{path.name}: {output.get('ename')}: {output.get('evalue')}"
            text = "".join(output.get("text", "")) if output.get("output_type") == "stream" else ""
            assert "Traceback" not in text


def _generator():
    """tools/make_notebooks.py, imported from its file (tools/ is not a package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_notebooks", REPO_DIR / "tools" / "make_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cells(notebook) -> list[tuple[str, str, str]]:
    return [(cell.get("id"), cell.cell_type, cell.source) for cell in notebook.cells]


def test_committed_teaching_notebooks_are_what_the_generator_writes():
    """Edit tools/make_notebooks.py and run `python tools/make_notebooks.py`, never the notebooks by hand."""
    generator = _generator()
    registry = generator.load_registry()
    expected = {}
    for name, spec in generator.NOTEBOOKS.items():
        expected[f"notebooks/{name}.ipynb"] = generator.build(name, spec, False, registry)
        expected[f"notebooks/teacher/{name}_teacher.ipynb"] = generator.build(name, spec, True, registry)
    committed = {str(path.relative_to(REPO_DIR)) for path in (REPO_DIR / "notebooks").glob("**/*.ipynb")}
    assert committed == set(expected), "notebooks/ holds notebooks the generator does not write, or lacks some"
    for relative, notebook in expected.items():
        on_disk = nbformat.read(REPO_DIR / relative, as_version=4)
        assert _cells(on_disk) == _cells(notebook), f"{relative} differs from tools/make_notebooks.py: regenerate it"
        assert on_disk.metadata.get("kernelspec") == notebook.metadata.get("kernelspec"), relative
