"""Design tasks carry at least a third of the course's points, and course/README.md says how many.

`course/design_tasks.yaml` lists the graded cells that grade the *design* of a KPI system
(choosing indicators, 口径 decisions, targets, weights, grade rules, gates, design memos),
each with the skill it grades. Points come from the source notebooks' nbgrader metadata.
"""

from __future__ import annotations

import re

import yaml

from coursekit.trainer import notebooks
from tests.course.conftest import COURSE

REGISTRY = COURSE / "design_tasks.yaml"


def _graded_points() -> dict[str, dict[str, float]]:
    points: dict[str, dict[str, float]] = {}
    for folder in sorted((COURSE / "source").iterdir()):
        for path in sorted(folder.glob("*.ipynb")):
            nb = notebooks.read(path)
            for gid, cell in notebooks.graded_cells(nb):
                meta = notebooks.nbgrader_meta(cell)
                if meta.get("grade"):
                    points.setdefault(folder.name, {})[gid] = float(meta.get("points", 0))
    return points


def test_every_listed_design_cell_is_a_graded_cell_with_a_reason():
    registry = yaml.safe_load(REGISTRY.read_text(encoding="utf-8"))
    points = _graded_points()
    for assignment, cells in registry.items():
        assert assignment in points, f"{assignment} is not an assignment in course/source"
        for gid, skill in cells.items():
            assert gid in points[assignment], f"{assignment}: {gid} is not a graded cell"
            assert isinstance(skill, str) and len(skill) > 10, f"{gid}: say which design skill it grades"


def test_design_tasks_carry_a_third_of_all_points_and_the_readme_says_so():
    registry = yaml.safe_load(REGISTRY.read_text(encoding="utf-8"))
    points = _graded_points()
    total = sum(p for cells in points.values() for p in cells.values())
    design = sum(points[a][gid] for a, cells in registry.items() for gid in cells)
    assert design / total >= 1 / 3, f"design tasks carry {design:g} of {total:g} points"
    readme = (COURSE / "README.md").read_text(encoding="utf-8")
    stated = re.search(r"design tasks carry \*\*(\d+(?:\.\d+)?) of (\d+(?:\.\d+)?) points\*\*", readme)
    assert stated, "course/README.md must state 'design tasks carry **X of Y points**'"
    assert (float(stated.group(1)), float(stated.group(2))) == (design, total)
