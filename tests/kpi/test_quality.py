"""Hand-computed checks of QA score and critical error rate."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from coursekit import kpi
from coursekit.errors import DataError


@pytest.fixture
def qa():
    return pd.DataFrame({
        "agent_id": ["A", "A", "A", "B", "B", "C"],
        "qa_score": [90.0, 80.0, None, 70.0, 75.5, None],
        "critical_errors": pd.array([0, 2, None, 0, 1, None], dtype="Int64"),
    })


def test_qa_score_mean_of_evaluated(qa):
    # evaluated: 90 80 70 75.5 -> 315.5 / 4 = 78.875; A (90 + 80)/2 = 85; B (70 + 75.5)/2 = 72.75; C none
    assert kpi.qa_score(qa) == 78.875
    out = kpi.qa_score(qa, by="agent_id")
    assert out["A"] == 85.0 and out["B"] == 72.75 and math.isnan(out["C"])


def test_critical_error_rate_counts_evaluations(qa):
    # evaluations with >= 1 error: 2 (rows 1: two errors count once, 4) of 4 -> 0.5
    assert kpi.critical_error_rate(qa) == 0.5
    # A: 1 of 2; B: 1 of 2; C: none evaluated -> NaN
    out = kpi.critical_error_rate(qa, by="agent_id")
    assert out["A"] == 0.5 and out["B"] == 0.5 and math.isnan(out["C"])


def test_bad_quality_values(qa):
    with pytest.raises(DataError, match=r"column 'qa_score': must be a number from 0 to 100; rows 1 \(values: 101.0\)"):
        kpi.qa_score(qa.assign(qa_score=[90.0, 101.0, None, 70.0, 75.5, None]))
    with pytest.raises(DataError, match=r"column 'critical_errors': must be a whole number >= 0; rows 0, 3"):
        kpi.critical_error_rate(qa.assign(critical_errors=[-1, 2, None, 0.5, 1, None]))
