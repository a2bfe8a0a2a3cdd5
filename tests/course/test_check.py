"""`coursekit course check`: the tests of the course are themselves tested through nbgrader."""

from __future__ import annotations

import json
import shutil

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from coursekit.cli import main
from coursekit.errors import ConfigError
from coursekit.trainer import notebooks
from coursekit.trainer.author import bank, check, mutants
from coursekit.trainer.grade import SandboxPolicy
from coursekit.trainer.grade.sandbox_check import check_sandbox
from tests.course.conftest import ASSIGNMENTS, BANK, COURSE

VALID = BANK.parent / "valid_answers"
EQUIVALENT = BANK.parent / "mutants" / "equivalent.yaml"

pytestmark = pytest.mark.slow

#: check grades the way trainers grade: in the bubblewrap sandbox whenever it works here.
SANDBOX = "bwrap" if check_sandbox(SandboxPolicy()).ok else "none"


def test_every_assignment_passes_all_checks_and_kills_its_mutants():
    """Solution full marks, blank zero, each wrong answer caught where aimed, no test that cannot fail,
    every valid answer written another way keeps full marks, and at least 90 % of the non-equivalent
    mutants of every solution cell are killed (issue 11: the check runs in CI).

    Graded like trainees' submissions, in the sandbox: the shipped datasets must be visible there.
    """
    report = check.check_course(COURSE, BANK, valid_answers=VALID, mutants=True, equivalent=EQUIVALENT)
    assert report.ok, check.format_report(report)
    assert report.sandbox == SANDBOX
    assert [a.assignment for a in report.assignments] == list(ASSIGNMENTS)
    assert all(v.scores == rep.test_cells for rep in report.assignments for v in rep.valid)
    for rep in report.assignments:
        assert rep.solution.scores == rep.test_cells  # full marks, cell by cell
        assert set(rep.blank.scores.values()) == {0.0}
        _assert_mutation_summary_is_consistent(rep)
    assert report.variants == (2 * len(ASSIGNMENTS) + len(bank.load_bank(BANK))
                               + len(bank.load_valid_bank(VALID))
                               + sum(rep.mutation.total for rep in report.assignments))
    data = report.to_dict()
    assert data["ok"] is True and "fcr-percent" in data["assignments"][0]["caught_by"]["a1-test-fcr"]


def _assert_mutation_summary_is_consistent(rep) -> None:
    """Every mutant verdict agrees with its graded submission; the counts add up; >= 90 % killed."""
    summary = rep.mutation
    sources = [notebooks.read(p) for p in sorted((COURSE / "source" / rep.assignment).glob("*.ipynb"))]
    assert [r.id for r in summary.results] == [m.id for m in mutants.generate(rep.assignment, sources)]
    assert summary.killed + len(summary.survivors) + summary.equivalent == summary.total == len(rep.mutants) > 0
    assert summary.share == pytest.approx(summary.killed / (summary.total - summary.equivalent))
    assert summary.share >= 0.90, (rep.assignment, summary.share)
    graded = {v.mutant: v for v in rep.mutants}
    for result in summary.results:
        variant = graded[result.id]
        assert variant.success, variant.error
        assert result.lost == variant.lost(rep.test_cells)
        assert (result.status == "killed") == bool(variant.lost(rep.test_cells)), result.id
        if result.status != "killed":
            assert variant.scores == rep.test_cells, result.id  # full marks
    assert summary.stale == [] and summary.not_equivalent == []


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


def _mutant_course(root):
    """One assignment: ``double`` with a sharp test, ``is_big`` whose test never looks near the boundary."""
    shutil.copy2(COURSE / "nbgrader_config.py", root / "nbgrader_config.py")
    cells = [new_markdown_cell("# 变异测试"),
             new_code_cell("def double(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION",
                           metadata=_meta("m-double", grade=False, solution=True)),
             new_code_cell('assert double(2) == 4, "二倍"\n### BEGIN HIDDEN TESTS\nassert double(5) == 10, "隐藏"\n'
                           "### END HIDDEN TESTS",
                           metadata=_meta("m-test-double", grade=True, solution=False, points=1)),
             new_code_cell("def is_big(x):\n    ### BEGIN SOLUTION\n    return x > 10\n    ### END SOLUTION",
                           metadata=_meta("m-big", grade=False, solution=True)),
             new_code_cell('assert is_big(20) and not is_big(0), "大于 10"',
                           metadata=_meta("m-test-big", grade=True, solution=False, points=1))]
    for index, cell in enumerate(cells):
        cell["id"] = f"c{index}"
    nb = new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                            "language": "python"}})
    notebooks.write(nb, root / "source" / "toy" / "toy.ipynb")
    (root / "wrong").mkdir()
    (root / "wrong" / "toy.yaml").write_text(
        "assignment: toy\nwrong_answers:\n  - id: triple\n    description: 3x\n    cell: m-double\n"
        "    code: |\n      def double(x):\n          return 3 * x\n    must_fail: [m-test-double]\n", encoding="utf-8")
    (root / "valid").mkdir()
    (root / "valid" / "toy.yaml").write_text(
        "assignment: toy\nvalid_answers:\n"
        "  - id: double-sum\n    description: x + x\n    cell: m-double\n"
        "    code: |\n      def double(x):\n          return x + x\n"
        "  - id: double-nearly\n    description: a factor a little off (must be reported)\n    cell: m-double\n"
        "    code: |\n      def double(x):\n          return 2.0000001 * x\n"
        "  - id: big-raises\n    description: right function, then an error in the cell (must be reported)\n"
        "    cell: m-big\n    code: |\n      def is_big(x):\n          return x > 10\n\n"
        "      raise ValueError('oops')\n", encoding="utf-8")
    (root / "equivalent.yaml").write_text(
        "toy:\n  - id: 'm-big:cmp:0'\n    reason: reviewed as equivalent for this test\n"
        "  - id: 'm-big:cmp:7'\n    reason: a mutant that no longer exists\n", encoding="utf-8")


def test_course_check_with_mutants_and_valid_answers_from_the_command_line(tmp_path, capsys):
    """Mutants of the toy solution are graded like submissions: 3 killed, 1 reviewed equivalent, 2 survive."""
    _mutant_course(tmp_path)
    out_json = tmp_path / "mutants.json"
    code = main(["course", "check", "--course", str(tmp_path), "--bank", str(tmp_path / "wrong"),
                 "--valid-bank", str(tmp_path / "valid"), "--equivalent", str(tmp_path / "equivalent.yaml"),
                 "--mutants-json", str(out_json), "--processes", "2", "--sandbox", SANDBOX])
    out = capsys.readouterr().out
    assert code == 1, out
    rows = {row["id"]: row for row in json.loads(out_json.read_text(encoding="utf-8"))}
    assert {i: r["status"] for i, r in rows.items()} == {
        "m-double:arith:0": "killed", "m-double:int+1:0": "killed", "m-double:int-1:0": "killed",
        "m-big:cmp:0": "equivalent", "m-big:int+1:0": "survived", "m-big:int-1:0": "survived"}
    assert rows["m-double:int+1:0"]["lost"] == ["m-test-double"]
    assert rows["m-big:int+1:0"]["diff"] == "line 3: return x > 10  ->  return x > 11"
    assert ("toy: 6 mutants, 3 killed, 1 equivalent, 2 survived: 60.0% of 5 non-equivalent killed "
            "(threshold 90%)") in out
    assert "survived  m-big:int+1:0  line 3: return x > 10  ->  return x > 11" in out
    assert ("[mutants] toy: mutation score 60.0% is below the threshold 90%: 2 of 5 non-equivalent mutants "
            "survive (m-big:int+1:0, m-big:int-1:0)") in out
    assert "[equivalent] toy: stale entry in equivalent.yaml: mutant 'm-big:cmp:7' no longer exists" in out
    assert "1 wrong answers, 3 valid answers" in out
    assert "[valid_answer] toy: valid answer 'double-nearly' scores 0 of 1 on m-test-double (AssertionError: 二倍)" \
        in out
    assert "[valid_answer] toy: valid answer 'big-raises' raises in toy.ipynb: m-big: ValueError: oops" in out
    assert "double-sum" not in out  # a valid answer that keeps full marks is not a problem
    assert f"{2 + 1 + 3 + 6} submissions graded" in out
