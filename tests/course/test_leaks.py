"""Hidden tests, solutions and rubrics never reach trainees through shipped files."""

from __future__ import annotations

import json
import shutil

import pytest
from nbformat.v4 import new_code_cell, new_notebook

from coursekit.trainer import notebooks
from coursekit.trainer.author import leaks
from tests.course.conftest import COURSE, ROOT, SOLUTIONS

# Student-facing files besides the released exercises: chapters, data dictionary, README.
SHIPPED = [ROOT / "chapters", ROOT / "datasets", ROOT / "README.md"]


@pytest.fixture(scope="module")
def sources() -> list:
    return [notebooks.read(p) for p in sorted((COURSE / "source").glob("*/*.ipynb"))]


def test_the_course_has_secrets_to_protect(sources):
    secrets = leaks.secret_lines(sources)
    assert len(secrets["solution"]) > 50 and len(secrets["hidden"]) > 50


def test_release_has_no_solution_hidden_test_or_rubric(sources):
    assert (COURSE / "release").is_dir(), "run `coursekit course build`"
    assert leaks.find_leaks(sources, [COURSE / "release"]) == []


def test_release_keeps_stubs_and_visible_tests():
    for path in sorted((COURSE / "release").glob("*/*.ipynb")):
        nb = notebooks.read(path)
        for gid, cell in notebooks.graded_cells(nb, "answer"):
            assert "raise NotImplementedError()" in cell.source, f"{path.name} {gid}"
        for gid, cell in notebooks.graded_cells(nb, "manual"):
            assert cell.source == "在此处写下你的答案 / YOUR ANSWER HERE", f"{path.name} {gid}"
        assert list(notebooks.graded_cells(nb, "test")), path.name


def test_solutions_have_no_hidden_tests(sources):
    assert leaks.find_leaks(sources, [SOLUTIONS], kinds=("hidden", "rubric")) == []


def test_other_shipped_files_have_no_hidden_tests_or_solutions(sources):
    targets = [p for p in SHIPPED if p.exists()]
    assert leaks.find_leaks(sources, targets, kinds=("hidden", "rubric")) == []
    # Solution code may be taught in the chapters, but not the written model answers and rubrics.
    rubric_lines = {line for line in leaks.secret_lines(sources)["solution"] if "评分" in line or "参考答案" in line}
    for problem in leaks.find_leaks(sources, targets, kinds=("solution",)):
        assert not any(line in problem for line in rubric_lines), problem


def test_a_planted_leak_is_found(tmp_path, sources):
    """The scanner can fail: copy a release, paste a hidden test line into a cell and into an output."""
    shutil.copytree(COURSE / "release", tmp_path / "release")
    target = tmp_path / "release" / "a1_kpi_calculation" / "a1_kpi_calculation.ipynb"
    nb = json.loads(target.read_text(encoding="utf-8"))
    secret = sorted(leaks.secret_lines(sources)["hidden"])[0]
    code = next(c for c in nb["cells"] if c["cell_type"] == "code")
    code["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "  " + secret + "\n"}]
    target.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "release" / "notes.md").write_text("### BEGIN SOLUTION\n", encoding="utf-8")
    found = leaks.find_leaks(sources, [tmp_path / "release"])
    assert any(f"hidden: {secret}" in p for p in found)
    assert any("notes.md: solution marker: BEGIN SOLUTION" in p for p in found)


def test_unknown_kind_is_rejected(sources):
    with pytest.raises(ValueError, match="unknown kinds"):
        leaks.find_leaks(sources, [COURSE / "release"], kinds=("answers",))


def test_course_specific_markers_are_secrets_too(tmp_path):
    """A course that configures its own hidden-test delimiters gets its leaks found (feedback redacts them)."""
    from traitlets.config import Config

    from coursekit.trainer import nbconfig

    cfg = Config()
    cfg.ClearHiddenTests.begin_test_delimeter = "BEGIN SECRET"
    cfg.ClearHiddenTests.end_test_delimeter = "END SECRET"
    source = new_notebook(cells=[new_code_cell(
        "assert f(1) == 2\n### BEGIN SECRET\nassert f(10) == 20  # the hidden edge case\n### END SECRET")])
    leaked = tmp_path / "release.py"
    leaked.write_text("assert f(10) == 20  # the hidden edge case\n", encoding="utf-8")
    assert leaks.find_leaks([source], [tmp_path]) == []  # default markers: nothing looks secret
    found = leaks.find_leaks([source], [tmp_path], markers=nbconfig.markers(cfg))
    assert found == [f"{leaked}: hidden: assert f(10) == 20  # the hidden edge case"]
