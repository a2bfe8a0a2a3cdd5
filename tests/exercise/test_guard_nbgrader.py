"""The off-limits guard under plain ``nbgrader autograde`` and ``nbgrader validate``.

A throw-away course with one assignment: the setup cell puts ``coursekit.weights``
off limits; the trainee computes AHP weights of a consistent 3×3 matrix (the
exact weights are 4/7, 2/7, 1/7: every column of a consistent matrix, normalised,
gives them); the hidden test compares with ``ck.weights.ahp`` (hidden tests may
call the library). Every route to the library must cost the task its points,
under nbgrader's own command line, with the Chinese message in the test cell.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coursekit.trainer.nbconfig import ensure_tool_path

pytestmark = pytest.mark.slow

COURSE_ID = "guard-tests"
ASSIGNMENT = "g1"

SETUP = """\
import numpy as np
import coursekit as ck

M = np.array([[1, 2, 4], [1 / 2, 1, 2], [1 / 4, 1 / 2, 1]])
ck.exercise.off_limits({"coursekit.weights": "请用 numpy 自己按列归一化后取行平均"})"""

SOLUTION = "### BEGIN SOLUTION\nw = (M / M.sum(axis=0)).mean(axis=1)\n### END SOLUTION"

TEST = """\
ck.exercise.verify()
assert len(w) == 3, "w 应有 3 个权重"
### BEGIN HIDDEN TESTS
assert np.allclose(np.asarray(w, dtype=float), ck.weights.ahp(M).weights.to_numpy()), "隐藏测试：权重不对"
### END HIDDEN TESTS"""

SECOND_ANSWER = "### BEGIN SOLUTION\ntotal = float(np.sum(M))\n### END SOLUTION"
SECOND_TEST = "ck.exercise.verify()\nassert abs(total - np.sum(M)) < 1e-9"

HONEST = "w = (M / M.sum(axis=0)).mean(axis=1)"
#: Each way of reaching the off-limits library, written as a trainee would.
ROUTES = {
    "direct": "w = ck.weights.ahp(M).weights",
    "alias": "from coursekit.weights import ahp as a\nw = a(M).weights",
    "getattr": "w = getattr(ck.weights, 'ahp')(M).weights",
    "importlib": "import importlib\nw = importlib.import_module('coursekit.weights.ahp').ahp(M).weights",
    "sys_modules": "import sys\nw = sys.modules['coursekit.weights'].ahp(M).weights",
    "caught": ("try:\n    w = ck.weights.ahp(M).weights\nexcept Exception:\n"
               "    w = (M / M.sum(axis=0)).mean(axis=1)"),
    "in_function": "def weights_of(m):\n    return ck.weights.ahp(m).weights\n\nw = weights_of(M)",
    "patch_numpy": "np.allclose = lambda *a, **k: True\nw = [0, 0, 0]",
}


def _cell(source: str, **nbgrader: object) -> dict:
    meta = {"nbgrader": {"schema_version": 3, "solution": False, "grade": False, "locked": False,
                         "task": False, **nbgrader}} if nbgrader else {}
    return {"cell_type": "code", "execution_count": None, "id": str(nbgrader.get("grade_id", "free")),
            "metadata": meta, "outputs": [], "source": source}


def _source_notebook() -> dict:
    cells = [
        _cell(SETUP, grade_id="setup", locked=True),
        _cell(SOLUTION, grade_id="answer", solution=True),
        _cell(TEST, grade_id="test", grade=True, locked=True, points=2),
        _cell(SECOND_ANSWER, grade_id="answer2", solution=True),
        _cell(SECOND_TEST, grade_id="test2", grade=True, locked=True, points=1),
    ]
    return {"cells": cells, "nbformat": 4, "nbformat_minor": 5,
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                        "language": "python"}}}


def _run(course: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = ensure_tool_path()
    env.pop("NBGRADER_EXECUTION", None)
    return subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("guard") / "course"
    (root / "source" / ASSIGNMENT).mkdir(parents=True)
    (root / "nbgrader_config.py").write_text(
        "c = get_config()  # noqa: F821\n"
        f"c.CourseDirectory.course_id = {COURSE_ID!r}\n"
        "c.Execute.timeout = 60\n"
        "c.Execute.extra_arguments = ['--IPKernelApp.log_level=ERROR']\n"
        "from coursekit.trainer.trust import configure\n"
        "configure(c)\n", encoding="utf-8")
    (root / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").write_text(
        json.dumps(_source_notebook(), ensure_ascii=False, indent=1), encoding="utf-8")
    done = _run(root, "generate_assignment", ASSIGNMENT, "--force")
    assert done.returncode == 0, done.stderr
    return root


def _submit(course: Path, student: str, answer: str) -> Path:
    release = json.loads((course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text("utf-8"))
    for cell in release["cells"]:
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if gid == "answer":
            cell["source"] = answer
        elif gid == "answer2":
            cell["source"] = "total = float(np.sum(M))"
    folder = course / "submitted" / student / ASSIGNMENT
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{ASSIGNMENT}.ipynb"
    path.write_text(json.dumps(release, ensure_ascii=False, indent=1), encoding="utf-8")
    (folder / "timestamp.txt").write_text("2024-05-06 09:30:00.000000 UTC", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def graded(course: Path) -> dict[str, dict[str, float]]:
    """Per trainee: score per test cell, after one plain ``nbgrader autograde`` run."""
    from nbgrader.api import Gradebook

    _submit(course, "honest", HONEST)
    for name, code in ROUTES.items():
        _submit(course, name, code)
    done = _run(course, "autograde", ASSIGNMENT, "--force")
    assert done.returncode == 0, done.stderr[-3000:]
    url = f"sqlite:///{course / 'gradebook.db'}"
    scores: dict[str, dict[str, float]] = {}
    with Gradebook(url, COURSE_ID) as gb:
        for student in ["honest", *ROUTES]:
            nb = gb.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, student)
            scores[student] = {g.name: float(g.score) for g in nb.grades if g.name in ("test", "test2")}
    return scores


def _autograded_test_output(course: Path, student: str, grade_id: str) -> str:
    path = course / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id:
            return "\n".join(o.get("evalue", "") for o in cell.get("outputs", [])
                             if o.get("output_type") == "error")
    raise AssertionError(f"{grade_id} not in the autograded notebook")


def test_honest_answer_keeps_full_marks_and_hidden_test_may_call_the_library(graded):
    # the hidden test calls ck.weights.ahp: it only passes because the test cell is trusted
    assert graded["honest"] == {"test": 2.0, "test2": 1.0}


@pytest.mark.parametrize("route", [r for r in ROUTES if r != "patch_numpy"])
def test_every_route_to_the_library_loses_the_task(graded, course, route):
    assert graded[route]["test"] == 0.0
    assert graded[route]["test2"] == 1.0, "a later, honest task keeps its point"
    message = _autograded_test_output(course, route, "test")
    assert "coursekit.weights.ahp" in message and "本次作业不允许调用" in message


def test_patching_the_checks_zeroes_the_tasks_after_it(graded, course):
    assert graded["patch_numpy"] == {"test": 0.0, "test2": 0.0}
    assert "np.allclose" in _autograded_test_output(course, "patch_numpy", "test2")


def test_the_trust_cell_does_not_stay_in_the_autograded_notebook(graded, course):
    path = course / "autograded" / "honest" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert len(nb["cells"]) == 5
    assert "trust(" not in path.read_text(encoding="utf-8")


def test_nbgrader_validate_shows_the_trainee_the_same_message(course, tmp_path):
    folder = tmp_path / "mine"
    shutil.copytree(course / "release" / ASSIGNMENT, folder)
    path = folder / f"{ASSIGNMENT}.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if gid == "answer":
            cell["source"] = ROUTES["alias"]
        elif gid == "answer2":
            cell["source"] = "total = float(np.sum(M))"
    path.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")
    done = _run(folder, "validate", str(path))
    assert "VALIDATION FAILED" in done.stdout, done.stdout[-2000:]
    assert "本次作业不允许调用 `coursekit.weights.ahp`" in done.stdout
    # the honest version validates
    for cell in nb["cells"]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "answer":
            cell["source"] = HONEST
    path.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")
    done = _run(folder, "validate", str(path))
    assert "Success! Your notebook passes all the tests." in done.stdout, done.stdout[-2000:]
