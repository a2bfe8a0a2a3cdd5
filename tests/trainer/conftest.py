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
