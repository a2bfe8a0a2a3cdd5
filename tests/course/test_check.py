"""`coursekit course check`: the tests of the course are themselves tested through nbgrader."""

from __future__ import annotations

import shutil

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from coursekit.errors import ConfigError
from coursekit.trainer import bank, check, notebooks
from coursekit.trainer.sandbox import SandboxPolicy, check_sandbox
from tests.course.conftest import ASSIGNMENTS, BANK, COURSE

pytestmark = pytest.mark.slow

#: check grades the way trainers grade: in the bubblewrap sandbox whenever it works here.
SANDBOX = "bwrap" if check_sandbox(SandboxPolicy()).ok else "none"


def test_every_assignment_passes_all_four_checks():
    """Solution full marks, blank zero, each wrong answer caught where aimed, no test that cannot fail.

    Graded like trainees' submissions, in the sandbox: the shipped datasets must be visible there.
    """
    report = check.check_course(COURSE, BANK)
    assert report.ok, check.format_report(report)
    assert report.sandbox == SANDBOX
    assert [a.assignment for a in report.assignments] == list(ASSIGNMENTS)
    assert report.variants == 2 * len(ASSIGNMENTS) + len(bank.load_bank(BANK))
    for rep in report.assignments:
        assert rep.solution.scores == rep.test_cells  # full marks, cell by cell
        assert set(rep.blank.scores.values()) == {0.0}
    data = report.to_dict()
    assert data["ok"] is True and data["assignments"][0]["caught_by"]["a1-test-fcr"] == ["fcr-percent"]


def _meta(gid: str, *, grade: bool, solution: bool, points: float = 0) -> dict:
    meta = {"grade": grade, "grade_id": gid, "locked": not solution, "schema_version": 3,
            "solution": solution, "task": False}
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


def _toy_course(root):
    """A one-notebook course with a good test, a test that cannot fail and a test the solution fails."""
    shutil.copy2(COURSE / "nbgrader_config.py", root / "nbgrader_config.py")
    cells = [new_markdown_cell("# 小练习"),
             new_code_cell("import sys\nprint('note', file=sys.stderr)"),
             new_code_cell("def double(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION",
                           metadata=_meta("t-ans", grade=False, solution=True))]
    tests = {"t-good": ('assert double(2) == 4, "二倍"', 'assert double(5) == 10, "隐藏"'),
             "t-weak": ('assert True, "永远通过"', 'assert "double" in dir(), "隐藏"'),
             "t-broken": ('assert double(3) == 7, "题目出错了"', 'assert double(0) == 0, "隐藏"')}
    for gid, (visible, hidden) in tests.items():
        source = f"{visible}\n### BEGIN HIDDEN TESTS\n{hidden}\n### END HIDDEN TESTS"
        cells.append(new_code_cell(source, metadata=_meta(gid, grade=True, solution=False, points=1)))
    for index, cell in enumerate(cells):
        cell["id"] = f"c{index}"
    nb = new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                            "language": "python"}})
    notebooks.write(nb, root / "source" / "toy" / "toy.ipynb")
    # A second assignment whose solution passes everything: results must not mix across assignments.
    fixed = notebooks.read(root / "source" / "toy" / "toy.ipynb")
    notebooks.find_cell(fixed, "t-broken").source = notebooks.find_cell(fixed, "t-broken").source.replace(
        "double(3) == 7", "double(3) == 6")
    notebooks.write(fixed, root / "source" / "toy2" / "toy2.ipynb")
    return [
        bank.WrongAnswer("toy", "triple", "3x", {"t-ans": "def double(x):\n    return 3 * x"}, ("t-good",)),
        bank.WrongAnswer("toy", "plus-two", "x + 2 (right for 2 only)", {"t-ans": "def double(x):\n    return x + 2"},
                         ("t-good",)),
        bank.WrongAnswer("toy", "aims-at-weak", "aimed at a test that cannot fail",
                         {"t-ans": "def double(x):\n    return 0"}, ("t-weak",)),
        bank.WrongAnswer("toy", "bad-cell", "names a cell that does not exist", {"nope": "x = 1"}, ("t-good",)),
    ]


def test_check_reports_each_kind_of_problem(tmp_path):
    wrong = _toy_course(tmp_path)
    report = check.check_course(tmp_path, wrong, assignments=["toy", "toy2"], processes=2)
    assert not report.ok
    found = {(p.check, p.cell, p.wrong_answer) for p in report.all_problems if p.assignment == "toy"}
    assert found == {
        ("bank", None, "bad-cell"),
        ("solution", "t-broken", None),
        ("blank", "t-weak", None),
        ("wrong_answer", "t-weak", "aims-at-weak"),
        ("untested_cell", "t-weak", None),
        ("solution", None, None),  # the stderr cell
    }, check.format_report(report)
    assert any(p.message == "solution raises in toy.ipynb: cell 1: stderr output: note\n"
               for p in report.all_problems), check.format_report(report)
    assert report.sandbox == SANDBOX and ("WARNING" in check.format_report(report)) == (SANDBOX == "none")
    rep, rep2 = report.assignments
    assert rep2.solution.scores == {"t-good": 1.0, "t-weak": 1.0, "t-broken": 1.0}
    assert {(p.check, p.cell) for p in report.all_problems if p.assignment == "toy2"} == {
        ("blank", "t-weak"), ("untested_cell", "t-weak"), ("untested_cell", "t-good"), ("untested_cell", "t-broken"),
        ("solution", None)}
    assert rep.caught_by()["t-good"] == ["triple", "plus-two", "aims-at-weak"]  # plus-two: hidden test only
    assert rep.wrong[1].failures["t-good"] == "AssertionError: 隐藏"
    assert "AssertionError: 题目出错了" in rep.solution.failures["t-broken"]
    assert "[solution] toy: solution scores 0 of 1 on t-broken" in check.format_report(report)


def test_unknown_assignment_is_a_config_error():
    with pytest.raises(ConfigError, match="unknown assignment.*a9_nothing"):
        check.check_course(COURSE, [], assignments=["a9_nothing"])
