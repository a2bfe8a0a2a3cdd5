"""Reading, classifying and normalising nbgrader notebooks.

Small helpers shared by the modules of :mod:`coursekit.trainer`. They work on
plain ``nbformat`` notebooks and never import nbgrader. The region markers
(``BEGIN SOLUTION`` …) are defined here, once, and :func:`split_regions` is the
one parser of marked regions.

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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

#: Roles a cell can play in an nbgrader notebook.
ROLES = ("test", "answer", "manual", "task", "readonly", "plain")

#: nbgrader's region markers by kind: ``(begin, end)``; a marker line contains one.
MARKERS = {"solution": ("BEGIN SOLUTION", "END SOLUTION"),
           "hidden": ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS"),
           "rubric": ("BEGIN MARK SCHEME", "END MARK SCHEME")}

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


@dataclass(frozen=True)
class Region:
    """A run of lines of a cell source: inside one marked region, or outside all of them.

    ``kind`` is a key of the markers (``None`` outside); ``lines`` exclude the
    marker lines; ``begin`` is the begin-marker line ("" outside); ``closed``
    is false for a region that runs to the end of the source.
    """

    kind: str | None
    lines: tuple[str, ...]
    begin: str = ""
    closed: bool = True

    @property
    def text(self) -> str:
        """The lines joined by newlines."""
        return "\n".join(self.lines)


def split_regions(source: str, markers: dict[str, tuple[str, str]] | None = None) -> list[Region]:
    """Cut ``source`` into regions between ``markers`` (default :data:`MARKERS`) and the text outside.

    A line containing a begin marker opens a region of its kind, which the
    next line containing the matching end marker closes; lines in between
    belong to the region whatever they contain. An end marker outside a
    region is ordinary text.

    >>> [(r.kind, r.text) for r in split_regions("a\\n### BEGIN HIDDEN TESTS\\nx\\n### END HIDDEN TESTS\\nb")]
    [(None, 'a'), ('hidden', 'x'), (None, 'b')]
    >>> split_regions("a\\n  # BEGIN SOLUTION\\nx")[-1]
    Region(kind='solution', lines=('x',), begin='  # BEGIN SOLUTION', closed=False)
    """
    markers = MARKERS if markers is None else markers
    found: list[Region] = []
    kind: str | None = None
    begin, lines = "", []
    for line in source.split("\n"):
        if kind is None:
            opened = next((k for k, (start, _) in markers.items() if start in line), None)
            if opened is None:
                lines.append(line)
                continue
            if lines:
                found.append(Region(None, tuple(lines)))
            kind, begin, lines = opened, line, []
        elif markers[kind][1] in line:
            found.append(Region(kind, tuple(lines), begin))
            kind, begin, lines = None, "", []
        else:
            lines.append(line)
    if kind is not None:
        found.append(Region(kind, tuple(lines), begin, closed=False))
    elif lines:
        found.append(Region(None, tuple(lines)))
    return found


def regions(source: str, kind: str) -> list[str]:
    """Text of each closed region of ``kind`` (a key of :data:`MARKERS`) in ``source``.

    >>> regions("a\\n### BEGIN SOLUTION\\nx = 1\\n### END SOLUTION\\nb", "solution")
    ['x = 1']
    """
    return [r.text for r in split_regions(source, {kind: MARKERS[kind]}) if r.closed and r.kind]


def cell_errors(path: str | Path) -> dict[str, str]:
    """The error (``ename: evalue``) or stderr text of every code cell of a notebook that shows one.

    Keyed by grade id (``cell <n>`` for cells without one); read from an
    executed (e.g. autograded) notebook. A missing file gives an empty dict.

    >>> cell_errors("no/such/notebook.ipynb")
    {}
    """
    out: dict[str, str] = {}
    if not Path(path).is_file():
        return out
    for index, cell in enumerate(read(path).cells):
        label = nbgrader_meta(cell).get("grade_id") or f"cell {index}"
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                out[label] = f"{output.get('ename')}: {output.get('evalue')}"[:300]
                break
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                out[label] = "stderr output: " + output.get("text", "")[:200]
                break
    return out


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
