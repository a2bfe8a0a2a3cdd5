"""Shared paths and helpers for the graded-course tests."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "course"
SOLUTIONS = ROOT / "solutions"
BANK = Path(__file__).resolve().parent / "wrong_answers"
ASSIGNMENTS = ("a1_kpi_calculation", "a2_weights", "a3_scoring_fairness", "a4_training", "a5_improvement",
               "a6_kpi_system_design")

