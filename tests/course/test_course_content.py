"""The graded course as authored: structure, metadata, feedback language, configuration."""

from __future__ import annotations

import ast
import re

import pytest

from coursekit.trainer import nbconfig, notebooks
from coursekit.trainer.author import build
from tests.course.conftest import ASSIGNMENTS, COURSE

CJK = re.compile(r"[\u4e00-\u9fff]")


def _source(assignment: str):
    (path,) = sorted((COURSE / "source" / assignment).glob("*.ipynb"))
    return path, notebooks.read(path)


def _visible(source: str) -> str:
    hidden = notebooks.regions(source, "hidden")
    out = source
    for region in hidden:
        out = out.replace(region, "")
    return out


def test_six_assignments_one_notebook_each_named_like_its_folder():
    assert build.list_assignments(COURSE) == list(ASSIGNMENTS)
    for assignment in ASSIGNMENTS:
        path, _ = _source(assignment)
        assert path.stem == assignment


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_source_is_committed_clean(assignment):
    """No outputs, execution counts or editor metadata: builds stay reproducible."""
    path, nb = _source(assignment)
    assert notebooks.dumps(notebooks.normalise(nb)) == path.read_text(encoding="utf-8")


def test_grade_ids_are_unique_across_the_course():
    ids = [gid for a in ASSIGNMENTS for gid, _ in notebooks.graded_cells(_source(a)[1])]
    assert len(ids) == len(set(ids))
    assert all(gid.startswith(("a1-", "a2-", "a3-", "a4-", "a5-", "a6-")) for gid in ids)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_header_names_chapter_and_total_points(assignment):
    _, nb = _source(assignment)
    head = nb.cells[0].source
    assert "对应章节" in head and re.search(r"第 [123] 章", head)
    total = sum(notebooks.points(nb).values())
    match = re.search(r"满分\*\*：(\d+) 分", head)
    assert match and float(match.group(1)) == total, f"header says {match and match.group(1)}, cells sum to {total}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_each_task_header_states_the_points_of_its_graded_cells(assignment):
    _, nb = _source(assignment)
    tasks: list[tuple[str, float, float]] = []
    for cell in nb.cells:
        match = re.match(r"## 任务 \d+.*?(\d+) 分", cell.source) if cell.cell_type == "markdown" else None
        if match:
            tasks.append((cell.source.splitlines()[0], float(match.group(1)), 0.0))
        elif tasks and notebooks.cell_role(cell) in ("test", "manual"):
            title, stated, counted = tasks[-1]
            tasks[-1] = (title, stated, counted + float(notebooks.nbgrader_meta(cell)["points"]))
    assert tasks, "no '## 任务 k … N 分' headers"
    for title, stated, counted in tasks:
        assert stated == counted, f"{title}: header {stated:g}, cells {counted:g}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_test_cells_give_chinese_feedback_and_hide_the_rest(assignment):
    _, nb = _source(assignment)
    for gid, cell in notebooks.graded_cells(nb, "test"):
        meta = notebooks.nbgrader_meta(cell)
        assert meta["locked"] and meta["points"] > 0, gid
        assert notebooks.regions(cell.source, "hidden"), f"{gid}: no hidden tests"
        asserts = [n for n in ast.walk(ast.parse(cell.source)) if isinstance(n, ast.Assert)]
        visible = [n for n in ast.walk(ast.parse(_visible(cell.source))) if isinstance(n, ast.Assert)]
        assert visible, f"{gid}: no visible test"
        for node in asserts:
            msg = node.msg
            assert isinstance(msg, ast.Constant) and CJK.search(str(msg.value)) or isinstance(msg, ast.Name), \
                f"{gid} line {node.lineno}: assertion without a Chinese message"
        assert "print(" not in cell.source, f"{gid}: tests print nothing"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_answer_cells_have_solutions_and_off_limits_are_named(assignment):
    _, nb = _source(assignment)
    answers = list(notebooks.graded_cells(nb, "answer"))
    assert answers
    for gid, cell in answers:
        assert notebooks.regions(cell.source, "solution"), gid
    # the header names the coursekit functions that are off limits, or says that none are (a6: building
    # a KPI system with the library is the skill practised)
    head = nb.cells[0].source
    assert "不要调用" in head or "没有禁止调用的函数" in head, "the header says what is off limits"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_manual_cells_carry_a_rubric_for_the_trainer(assignment):
    _, nb = _source(assignment)
    manual = list(notebooks.graded_cells(nb, "manual"))
    assert len(manual) == (0 if assignment in ("a1_kpi_calculation", "a3_scoring_fairness") else 1)
    for gid, cell in manual:
        (region,) = notebooks.regions(cell.source, "solution")
        assert "参考答案" in region and "评分细则" in region, gid


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_data_comes_from_the_shipped_datasets(assignment):
    _, nb = _source(assignment)
    setup = next(c for gid, c in notebooks.graded_cells(nb, "readonly") if gid.endswith("-setup"))
    assert "ck.load(" in setup.source
    assert not re.search(r"read_csv|open\(|[A-Za-z]:\\\\|/work/|/home/", "".join(c.source for c in nb.cells))


def test_nbgrader_config_is_portable_and_complete(tmp_path):
    text = (COURSE / "nbgrader_config.py").read_text(encoding="utf-8")
    assert not re.search(r"['\"](/|[A-Za-z]:\\)", text), "no absolute paths"
    config = nbconfig.load_config(COURSE)
    assert config.CourseDirectory.course_id == "aftersales-kpi"
    assert config.CourseDirectory.db_url.startswith("sqlite:///")
    assert config.OverwriteCells.add_missing_cells is True
    assert isinstance(config.Execute.timeout, int) and 10 <= config.Execute.timeout <= 300
    assert config.LimitOutput.max_lines > 0 and config.LimitOutput.max_traceback > 0
    stub = config.ClearSolutions.code_stub["python"]
    assert CJK.search(stub) and "YOUR CODE HERE" in stub and "raise NotImplementedError()" in stub
    assert CJK.search(config.ClearSolutions.text_stub) and "YOUR ANSWER HERE" in config.ClearSolutions.text_stub
    copy = build.copy_course(COURSE, tmp_path / "copy")
    moved = nbconfig.load_config(copy)
    assert moved.CourseDirectory.root == str(copy)
    assert moved.CourseDirectory.db_url == "sqlite:///" + str(copy / "gradebook.db")
    assert moved.Exchange.root == str(copy / "exchange")
    assert moved.Execute.timeout == config.Execute.timeout
    assert sorted(p.name for p in (copy / "source").iterdir()) == list(ASSIGNMENTS)
