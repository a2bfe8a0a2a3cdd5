"""`coursekit course build`: nbgrader makes the release and the solutions, reproducibly."""

from __future__ import annotations

import shutil

import pytest

from coursekit.trainer import build, notebooks
from tests.course.conftest import COURSE, SOLUTIONS

pytestmark = pytest.mark.slow


def _snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def fresh():
    """One build of the repository's course, in memory (the repository is only read)."""
    before = _snapshot(COURSE)
    files = build.build_files(COURSE)
    assert _snapshot(COURSE) == before, "building must not write into course/"
    return files


def test_committed_release_and_solutions_are_up_to_date(fresh):
    stale = build.stale_files(COURSE, SOLUTIONS)
    assert stale == [], "built files are stale; run `coursekit course build`:\n" + "\n".join(stale)
    assert set(fresh["release"]) == {p.relative_to(COURSE / "release").as_posix()
                                     for p in (COURSE / "release").rglob("*") if p.is_file()}


def test_two_builds_are_byte_identical(fresh):
    assert build.build_files(COURSE) == fresh


def test_solutions_show_answers_and_drop_hidden_tests(fresh):
    text = fresh["solutions"]["a1_kpi_calculation/a1_kpi_calculation.ipynb"].decode()
    assert "fcr_by_agent = tickets.groupby" in text and "评分细则" not in text  # a1 has no written task
    assert "BEGIN HIDDEN TESTS" not in text and "ck.kpi.fcr(tickets" not in text
    assert "评分细则" in fresh["solutions"]["a2_weights/a2_weights.ipynb"].decode()
    assert "README.md" in fresh["solutions"]


def test_build_course_writes_prunes_and_leaves_unchanged_files_alone(tmp_path):
    release, solutions = tmp_path / "release", tmp_path / "solutions"
    (release / "old_assignment").mkdir(parents=True)
    (release / "old_assignment" / "old.ipynb").write_text("{}", encoding="utf-8")
    first = build.build_course(COURSE, solutions, release_dir=release)
    assert first.assignments == build.list_assignments(COURSE)
    assert release / "old_assignment" / "old.ipynb" in first.removed and not (release / "old_assignment").exists()
    assert _snapshot(release) == _snapshot(COURSE / "release")
    assert _snapshot(solutions) == _snapshot(SOLUTIONS)
    again = build.build_course(COURSE, solutions, release_dir=release)
    assert again.written == [] and again.removed == []


def test_a_broken_source_notebook_fails_with_nbgrader_s_reason(tmp_path):
    course = tmp_path / "course"
    course.mkdir()
    shutil.copy2(COURSE / "nbgrader_config.py", course / "nbgrader_config.py")
    src = COURSE / "source" / "a1_kpi_calculation" / "a1_kpi_calculation.ipynb"
    nb = notebooks.read(src)
    cell = notebooks.find_cell(nb, "a1-test-fcr")
    cell.source = cell.source.replace("### END HIDDEN TESTS", "")  # unterminated hidden region
    notebooks.write(nb, course / "source" / "a1_kpi_calculation" / "a1_kpi_calculation.ipynb")
    with pytest.raises(build.BuildError, match="generate_assignment a1_kpi_calculation failed"):
        build.build_course(course, tmp_path / "solutions")
    assert not (tmp_path / "solutions").exists()
