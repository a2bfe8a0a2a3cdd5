"""Read an assignment's grades out of the nbgrader gradebook as tables.

:func:`load_scores` returns a :class:`ScoreSheet`: the long table (one row per
trainee and graded cell) plus the cell catalogue (order, points, kind,
section). Exports and the item report are built from it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from coursekit.errors import ConfigError
from coursekit.trainer import nbconfig
from coursekit.trainer.author.sections import section_map

#: Kinds of graded cells: autograded test, manually graded answer, manually graded task.
KINDS = ("test", "manual", "task")


@dataclass
class ScoreSheet:
    """Grades of one assignment.

    ``long`` has columns ``student, item, score, max_score`` (``score`` is NaN
    where nothing was graded yet); ``items`` is indexed by item label in
    notebook order with columns ``notebook, cell, kind, max_score, section``.
    An item label is the grade id, prefixed with ``notebook/`` when the
    assignment has several notebooks.
    """

    assignment: str
    long: pd.DataFrame
    items: pd.DataFrame

    def matrix(self, kinds: tuple[str, ...] | None = None) -> pd.DataFrame:
        """Trainees × items score matrix (items in notebook order).

        >>> sheet = ScoreSheet("a", pd.DataFrame({"student": ["s1"], "item": ["t1"],
        ...     "score": [1.0], "max_score": [2.0]}), pd.DataFrame({"notebook": ["a"],
        ...     "cell": ["t1"], "kind": ["test"], "max_score": [2.0], "section": ["x"]},
        ...     index=pd.Index(["t1"], name="item")))
        >>> sheet.matrix().loc["s1", "t1"]
        np.float64(1.0)
        """
        items = self.items if kinds is None else self.items[self.items["kind"].isin(kinds)]
        wide = self.long.pivot(index="student", columns="item", values="score")
        wide = wide.reindex(columns=list(items.index))
        wide.columns.name = None
        return wide.sort_index()

    def max_scores(self, kinds: tuple[str, ...] | None = None) -> pd.Series:
        """Points of each item (same order as :meth:`matrix`)."""
        items = self.items if kinds is None else self.items[self.items["kind"].isin(kinds)]
        return items["max_score"].astype("float64")


def _kind(notebook: Any, name: str) -> str:
    solution = {c.name for c in notebook.solution_cells}
    tasks = {c.name for c in notebook.task_cells}
    if name in tasks:
        return "task"
    return "manual" if name in solution else "test"


def load_scores(course_dir: str | os.PathLike, assignment: str) -> ScoreSheet:
    """All grades of ``assignment`` from the course's gradebook (see :class:`ScoreSheet`)."""
    import nbformat
    from nbgrader.api import MissingEntry

    coursedir = nbconfig.course_directory(nbconfig.load_config(course_dir))
    rows: list[dict] = []
    catalogue: dict[tuple[str, str], dict] = {}
    with nbconfig.open_gradebook(coursedir) as gb:
        try:
            source = gb.find_assignment(assignment)
        except MissingEntry:
            raise ConfigError(f"assignment {assignment!r} is not in the gradebook; fix: "
                              "generate and grade it first") from None
        notebooks = {nb.name: nb for nb in source.notebooks}
        for nb_name, notebook in notebooks.items():
            for cell in [*notebook.grade_cells, *notebook.task_cells]:
                catalogue[(nb_name, cell.name)] = {
                    "notebook": nb_name, "cell": cell.name,
                    "kind": _kind(notebook, cell.name), "max_score": float(cell.max_score)}
        for submission in gb.assignment_submissions(assignment):
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    rows.append({"student": submission.student.id, "notebook": notebook.name,
                                 "cell": grade.name,
                                 "score": float("nan") if grade.score is None else float(grade.score),
                                 "max_score": float(grade.max_score)})
    order = _notebook_order(Path(coursedir.root) / coursedir.source_directory / assignment,
                            nbformat)
    keys = sorted(catalogue, key=lambda k: (sorted(notebooks).index(k[0]),
                                            order.get(k, 10**6), k[1]))
    several = len(notebooks) > 1
    label = {k: f"{k[0]}/{k[1]}" if several else k[1] for k in keys}
    sections = section_map(coursedir.root, assignment, coursedir.source_directory)
    items = pd.DataFrame([{**catalogue[k], "section": sections.get(k, k[0])} for k in keys],
                         index=pd.Index([label[k] for k in keys], name="item"),
                         columns=["notebook", "cell", "kind", "max_score", "section"])
    long = pd.DataFrame(rows, columns=["student", "notebook", "cell", "score", "max_score"])
    long["item"] = [label.get((n, c), f"{n}/{c}") for n, c in zip(long["notebook"], long["cell"], strict=True)]
    long = long[["student", "item", "score", "max_score"]].sort_values(["student", "item"])
    return ScoreSheet(assignment, long.reset_index(drop=True), items)


def _notebook_order(folder: Path, nbformat: Any) -> dict[tuple[str, str], int]:
    """Position of each graded cell in the source notebooks (for column order)."""
    order: dict[tuple[str, str], int] = {}
    for path in sorted(folder.glob("*.ipynb")):
        try:
            nb = nbformat.read(str(path), as_version=4)
        except Exception:  # a broken source notebook: fall back to names
            continue
        for position, cell in enumerate(nb.cells):
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            if grade_id:
                order[(path.stem, grade_id)] = position
    return order
