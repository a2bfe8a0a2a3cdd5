"""Every graded cell of the course maps to a named chapter section in sections.yaml.

The item-analysis report (``coursekit report``) maps trainees' strengths and gaps
back to these sections; a new graded cell without an entry would fall back to a
bare heading, so the map must stay complete.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from coursekit.trainer import notebooks

SOURCE = Path(__file__).resolve().parents[2] / "course" / "source"
ASSIGNMENTS = sorted(p.name for p in SOURCE.iterdir() if p.is_dir())


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_graded_cell_has_a_section(assignment):
    mapping = yaml.safe_load((SOURCE / assignment / "sections.yaml").read_text(encoding="utf-8"))
    graded = set()
    for path in sorted((SOURCE / assignment).glob("*.ipynb")):
        graded |= {grade_id for grade_id, _ in notebooks.graded_cells(notebooks.read(path))
                   if notebooks.nbgrader_meta(_).get("points")}
    assert graded, f"{assignment}: no graded cells found"
    missing = sorted(graded - set(mapping))
    unknown = sorted(set(mapping) - graded)
    assert not missing, f"{assignment}: graded cells without a section in sections.yaml: {missing}"
    assert not unknown, f"{assignment}: sections.yaml names cells that do not exist: {unknown}"
    assert all(str(v).startswith(("第1章", "第2章", "第3章")) for v in mapping.values())
