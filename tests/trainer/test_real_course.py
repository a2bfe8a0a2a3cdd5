"""The real course, graded the way a trainer grades it: `grade_assignment` in the sandbox.

The fixture course of the other trainer tests carries its own data file; the real
assignments load the shipped datasets through `coursekit.load`, so the sandbox must
expose them (read-only) to the trainee kernel. Every assignment's solution must
score full marks and the released blank 0, with the sandbox on when available.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coursekit.trainer.grade import grade_assignment
from coursekit.trainer.sandbox import SandboxPolicy, check_sandbox
from tests.trainer.coursefactory import tool_env

COURSE = Path(__file__).resolve().parents[2] / "course"
ASSIGNMENTS = sorted(p.name for p in (COURSE / "source").iterdir() if p.is_dir())

pytestmark = pytest.mark.slow


def _autograded_points(nb_path: Path) -> float:
    """Max points of the autograded cells (written answers are graded by hand)."""
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    return sum(c["metadata"]["nbgrader"].get("points", 0) for c in nb["cells"]
               if c["metadata"].get("nbgrader", {}).get("grade")
               and not c["metadata"]["nbgrader"].get("solution"))


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = tmp_path_factory.mktemp("real") / "course"
    shutil.copytree(COURSE, course, ignore=shutil.ignore_patterns(
        "submitted", "autograded", "feedback", ".coursekit", "gradebook.db", "reports"))
    for assignment in ASSIGNMENTS:
        subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", assignment,
                        "--force", "--log-level=ERROR"], cwd=course, env=tool_env(), check=True,
                       capture_output=True)
        for student, folder in (("solution", "source"), ("blank", "release")):
            target = course / "submitted" / student / assignment
            shutil.copytree(course / folder / assignment, target)
            (target / "timestamp.txt").write_text("2024-06-01 09:00:00.000000 UTC", encoding="utf-8")
    sandbox = "bwrap" if check_sandbox(SandboxPolicy()).ok else "none"
    runs = {a: grade_assignment(course, a, workers=2, sandbox=sandbox) for a in ASSIGNMENTS}
    return course, runs, sandbox


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solution_full_marks_blank_zero_in_the_sandbox(graded, assignment):
    course, runs, sandbox = graded
    run = runs[assignment]
    assert run.sandbox == sandbox
    auto = sum(_autograded_points(p) for p in (course / "source" / assignment).glob("*.ipynb"))
    solution, blank = run["solution"], run["blank"]
    assert solution.status == "graded" and blank.status == "graded", (solution, blank)
    assert solution.score == pytest.approx(auto), f"{assignment}: solution scored {solution.score}/{auto}"
    assert blank.score == pytest.approx(0.0)
