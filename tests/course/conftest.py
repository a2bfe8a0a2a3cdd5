"""Shared paths and helpers for the graded-course tests."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "course"
SOLUTIONS = ROOT / "solutions"
BANK = Path(__file__).resolve().parent / "wrong_answers"
ASSIGNMENTS = ("a1_kpi_calculation", "a2_weights", "a3_scoring_fairness", "a4_training", "a5_improvement")


@pytest.fixture
def venv_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """nbgrader runs `alembic` and kernels named `python` through PATH: use this venv's."""
    bindir = str(Path(sys.executable).parent)
    monkeypatch.setenv("PATH", bindir + os.pathsep + os.environ.get("PATH", ""))
