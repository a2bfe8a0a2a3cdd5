"""Reading, classifying and normalising nbgrader notebooks.

Small helpers shared by :mod:`coursekit.trainer.build` and
:mod:`coursekit.trainer.check`. They work on plain ``nbformat`` notebooks and
never import nbgrader.

A cell's role comes from its ``metadata.nbgrader`` block:

>>> from nbformat.v4 import new_code_cell
>>> cell = new_code_cell("assert True")
>>> cell.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True,
...                              "grade_id": "t1", "points": 1}
>>> cell_role(cell)
'test'
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat

#: Roles a cell can play in an nbgrader notebook.
ROLES = ("test", "answer", "manual", "task", "readonly", "plain")

SOLUTION_BEGIN, SOLUTION_END = "BEGIN SOLUTION", "END SOLUTION"
HIDDEN_BEGIN, HIDDEN_END = "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"
MARK_SCHEME_BEGIN, MARK_SCHEME_END = "BEGIN MARK SCHEME", "END MARK SCHEME"

# Notebook-level metadata that survives normalisation; everything else
# (widgets state, toc settings, execution timings, ...) is volatile.
_KEPT_NB_METADATA = ("kernelspec", "language_info")
_KEPT_LANGUAGE_INFO = ("name",)


def read(path: str | Path) -> nbformat.NotebookNode:
    """Read a notebook (nbformat 4) from ``path``."""
    return nbformat.read(str(path), as_version=4)


def dumps(nb: nbformat.NotebookNode) -> str:
    """Serialise a notebook the way Jupyter does (sorted keys, one-space indent).

    >>> from nbformat.v4 import new_notebook
    >>> dumps(new_notebook()).endswith("\\n")
    True
    """
    text = nbformat.writes(nb)
    return text if text.endswith("\n") else text + "\n"


def write(nb: nbformat.NotebookNode, path: str | Path) -> None:
    """Write ``nb`` to ``path`` as UTF-8 with ``\\n`` line endings."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(dumps(nb), encoding="utf-8", newline="\n")


def nbgrader_meta(cell: Any) -> dict:
    """The cell's ``metadata.nbgrader`` dict (empty when the cell has none)."""
    return dict(cell.get("metadata", {}).get("nbgrader", {}) or {})


def cell_role(cell: Any) -> str:
    """What the cell is for in grading, one of :data:`ROLES`.

    ``test``: autograded test cell (grade, not solution); ``answer``: autograded
    answer cell (solution, not grade); ``manual``: manually graded answer
    (solution and grade); ``task``: manually graded task; ``readonly``: locked
    cell without points; ``plain``: any other cell.

    >>> from nbformat.v4 import new_markdown_cell
    >>> cell_role(new_markdown_cell("说明"))
    'plain'
    """
    meta = nbgrader_meta(cell)
    if not meta:
        return "plain"
    if meta.get("task"):
        return "task"
    grade, solution = bool(meta.get("grade")), bool(meta.get("solution"))
    if grade and solution:
        return "manual"
    if grade:
        return "test"
    if solution:
        return "answer"
    return "readonly" if meta.get("locked") else "plain"


def graded_cells(nb: Any, role: str | None = None) -> Iterator[tuple[str, Any]]:
    """Yield ``(grade_id, cell)`` for cells with nbgrader metadata (optionally of one role)."""
    for cell in nb.cells:
        meta = nbgrader_meta(cell)
        if "grade_id" not in meta:
            continue
        if role is None or cell_role(cell) == role:
            yield meta["grade_id"], cell


def points(nb: Any) -> dict[str, float]:
    """Points of every graded cell, keyed by grade id.

    >>> from nbformat.v4 import new_notebook, new_code_cell
    >>> cell = new_code_cell("assert 1")
    >>> cell.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": "t", "points": 2}
    >>> points(new_notebook(cells=[cell]))
    {'t': 2.0}
    """
    return {
        gid: float(nbgrader_meta(cell).get("points", 0))
        for gid, cell in graded_cells(nb)
        if nbgrader_meta(cell).get("grade") or nbgrader_meta(cell).get("task")
    }


def find_cell(nb: Any, grade_id: str) -> Any:
    """The cell with ``grade_id``; ``KeyError`` naming the known ids if absent."""
    for gid, cell in graded_cells(nb):
        if gid == grade_id:
            return cell
    known = ", ".join(gid for gid, _ in graded_cells(nb))
    raise KeyError(f"no cell with grade_id {grade_id!r}; known: {known}")


def regions(source: str, begin: str, end: str) -> list[str]:
    """Text between lines containing ``begin`` and ``end`` markers (markers excluded).

    >>> regions("a\\n### BEGIN SOLUTION\\nx = 1\\n### END SOLUTION\\nb", SOLUTION_BEGIN, SOLUTION_END)
    ['x = 1']
    """
    found, current = [], None
    for line in source.split("\n"):
        if begin in line:
            current = []
        elif end in line and current is not None:
            found.append("\n".join(current))
            current = None
        elif current is not None:
            current.append(line)
    return found


def normalise(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Strip volatile state so the same content always serialises identically.

    Keeps cell sources, cell ids, nbgrader metadata and the editable/deletable
    flags; drops outputs, execution counts, other cell metadata (``collapsed``,
    ``scrolled``, ``execution`` timings, ``trusted``) and notebook metadata
    other than the kernelspec and the language name.

    >>> from nbformat.v4 import new_notebook, new_code_cell
    >>> nb = new_notebook(cells=[new_code_cell("1", execution_count=3)])
    >>> nb.cells[0].metadata["scrolled"] = True
    >>> out = normalise(nb)
    >>> out.cells[0].execution_count, dict(out.cells[0].metadata)
    (None, {})
    """
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    meta = {k: nb.metadata[k] for k in _KEPT_NB_METADATA if k in nb.metadata}
    if "language_info" in meta:
        meta["language_info"] = {
            k: v for k, v in meta["language_info"].items() if k in _KEPT_LANGUAGE_INFO
        }
    nb.metadata = nbformat.from_dict(meta)
    for index, cell in enumerate(nb.cells):
        kept = {k: cell.metadata[k] for k in ("nbgrader", "editable", "deletable", "tags")
                if k in cell.metadata}
        cell.metadata = nbformat.from_dict(kept)
        if "id" not in cell or not cell.get("id"):
            cell["id"] = nbgrader_meta(cell).get("grade_id", f"cell-{index:03d}")
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        if "attachments" in cell and not cell["attachments"]:
            del cell["attachments"]
    return nb
