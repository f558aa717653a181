"""Self-check cells: right answers pass, wrong answers fail, blank answers only prompt."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from explorer import teaching

from conftest import REPO_DIR


def _wrong(expected):
    return expected + "-x" if isinstance(expected, str) else expected + 1


@pytest.mark.parametrize("exercise_id", sorted(teaching.EXERCISES))
def test_self_check_accepts_the_data_answer_and_rejects_others(exercise_id, real_tables, capsys):
    expected = teaching.EXERCISES[exercise_id].expected()
    assert teaching.check(exercise_id, expected) is True
    assert teaching.check(exercise_id, None) is False
    with pytest.raises(AssertionError, match="Not quite"):
        teaching.check(exercise_id, _wrong(expected))


def test_every_exercise_is_in_a_notebook():
    text = "".join(path.read_text() for path in (REPO_DIR / "notebooks").glob("*.ipynb"))
    assert all(f'check(\\"{exercise_id}\\"' in text for exercise_id in teaching.EXERCISES)


def test_a_wrong_answer_fails_the_notebook(real_tables):
    path = REPO_DIR / "notebooks" / "02_who_joined_when.ipynb"
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code" and cell.source.startswith("answer = None"):
            cell.source = "answer = -1"
    with pytest.raises(CellExecutionError, match="Not quite"):
        NotebookClient(
            notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
        ).execute()
