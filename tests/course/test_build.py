"""`coursekit course build`: nbgrader makes the release and the solutions, reproducibly."""

from __future__ import annotations

import shutil

import pytest

from coursekit.trainer import notebooks
from coursekit.trainer.author import build
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
    stale = build.stale_files(COURSE, SOLUTIONS, built=fresh)
    assert stale == [], "built files are stale; run `coursekit course build`:\n" + "\n".join(stale)


def test_stale_files_names_missing_changed_and_extra(fresh, tmp_path):
    release, solutions = tmp_path / "release", tmp_path / "solutions"
    shutil.copytree(COURSE / "release", release)
    shutil.copytree(SOLUTIONS, solutions)
    (release / "a2_weights" / "a2_weights.ipynb").unlink()
    (solutions / "README.md").write_text("edited by hand", encoding="utf-8")
    (release / "a1_kpi_calculation" / "scratch.txt").write_text("x", encoding="utf-8")
    assert build.stale_files(COURSE, solutions, release_dir=release, built=fresh) == [
        "release/a2_weights/a2_weights.ipynb: missing",
        "release/a1_kpi_calculation/scratch.txt: extra",
        "solutions/README.md: changed",
    ]


def test_build_course_is_reproducible_and_prunes(fresh, tmp_path):
    """A second, independent build into empty folders gives the same bytes as the first one."""
    release, solutions = tmp_path / "release", tmp_path / "solutions"
    (release / "old_assignment").mkdir(parents=True)
    (release / "old_assignment" / "old.ipynb").write_text("{}", encoding="utf-8")
    result = build.build_course(COURSE, solutions, release_dir=release)
    assert result.assignments == build.list_assignments(COURSE)
    assert release / "old_assignment" / "old.ipynb" in result.removed and not (release / "old_assignment").exists()
    assert _snapshot(release) == fresh["release"]
    assert _snapshot(solutions) == fresh["solutions"]


def test_solutions_show_answers_and_drop_hidden_tests(fresh):
    text = fresh["solutions"]["a1_kpi_calculation/a1_kpi_calculation.ipynb"].decode()
    assert "fcr_by_agent = tickets.groupby" in text
    assert "BEGIN HIDDEN TESTS" not in text and "ck.kpi.fcr(tickets" not in text
    assert "评分细则" in fresh["solutions"]["a2_weights/a2_weights.ipynb"].decode()
    assert "README.md" in fresh["solutions"]


def test_replace_tree_rewrites_only_what_changed(tmp_path):
    (tmp_path / "keep.txt").write_bytes(b"same")
    (tmp_path / "edit.txt").write_bytes(b"old")
    (tmp_path / "gone" ).mkdir()
    (tmp_path / "gone" / "x.txt").write_bytes(b"x")
    result = build.BuildResult(assignments=[])
    build._replace_tree(tmp_path, {"keep.txt": b"same", "edit.txt": b"new", "new/n.txt": b"n"}, result)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in result.written) == ["edit.txt", "new/n.txt"]
    assert [p.relative_to(tmp_path).as_posix() for p in result.removed] == ["gone/x.txt"]
    assert not (tmp_path / "gone").exists() and (tmp_path / "edit.txt").read_bytes() == b"new"


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
