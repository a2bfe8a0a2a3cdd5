"""Fixtures of the trainer tests: a generated nbgrader course, copied per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.trainer import coursefactory as cf


@pytest.fixture(scope="session")
def generated_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture course after ``nbgrader generate_assignment`` (do not modify)."""
    course = tmp_path_factory.mktemp("template") / "course"
    shutil.copytree(cf.FIXTURE, course)
    cf.generate(course)
    return course


@pytest.fixture
def course(generated_course: Path, tmp_path: Path) -> Path:
    """A fresh copy of the generated course, with no submissions."""
    return cf.new_course(generated_course, tmp_path / "course")


#: Prints IPython's input history (which holds earlier hidden tests) into its output.
EXFIL_RATE = "print(In)\n\ndef rate(part, whole):\n    return part / whole if whole else 0.0"


@pytest.fixture(scope="session")
def graded_course(generated_course: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A course whose honest trainees and one history-printing trainee are graded."""
    from coursekit.trainer.grade import SandboxPolicy, grade_assignment
    from coursekit.trainer.grade.sandbox_check import check_sandbox

    course = cf.new_course(generated_course, tmp_path_factory.mktemp("graded") / "course")
    cf.submit_honest(course)
    release = cf.release_notebook(course)
    cf.submit(course, "h5_exfil", cf.with_answers(release, {**cf.SOLUTION,
                                                            "rate_answer": EXFIL_RATE}))
    sandbox = "bwrap" if check_sandbox(SandboxPolicy()).ok else "none"
    run = grade_assignment(course, cf.ASSIGNMENT, workers=2, timeout=5, sandbox=sandbox)
    assert [r.status for r in run.results] == ["graded"] * 5, run.results
    return course
