"""Code cells a trainee reads stay short: logic that needs more lives in coursekit (issue 12 §3).

The goal is about 15 lines; a cell may run to 17 (a setup cell with its imports, a table built
in one place). Longer logic belongs in the library, with doctests.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
MAX_LINES = 17


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_code_cells_are_short(chapter):
    nb = nbformat.read(chapter, as_version=4)
    long = [(cell.get("id"), len(cell.source.splitlines())) for cell in nb.cells
            if cell.cell_type == "code" and len(cell.source.splitlines()) > MAX_LINES]
    assert not long, f"{chapter.name}: code cells over {MAX_LINES} lines (id, lines): {long}"
