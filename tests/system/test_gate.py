"""system.compliance_gate against caps applied by hand (03d's rule: 1–2 breaches at most C, 3+ D)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from coursekit.appraisal import grade_by_threshold
from coursekit.errors import ConfigError, DataError
from coursekit.system import compliance_gate

THRESHOLDS = {"A": 70, "B": 50, "C": 35, "D": 0}
CAPS = {1: "C", 3: "D"}


@pytest.fixture
def grades():
    # scores 80 -> A, 60 -> B, 40 -> C, 20 -> D, 75 -> A, 55 -> B, missing -> no grade
    scores = pd.Series([80, 60, 40, 20, 75, 55, None], index=["p1", "p2", "p3", "p4", "p5", "p6", "p7"],
                       name="grade")
    return grade_by_threshold(scores, THRESHOLDS)


def test_caps_by_hand(grades):
    breaches = pd.Series({"p1": 1, "p2": 2, "p3": 1, "p4": 5, "p5": 3, "p6": 0, "p7": 4})
    final = compliance_gate(grades, breaches, caps=CAPS)
    # p1 A, 1 breach -> C; p2 B, 2 -> C; p3 C, 1 -> stays C; p4 D, 5 -> D; p5 A, 3 -> D; p6 B, 0 -> B;
    # p7 has no grade -> stays missing
    assert final.iloc[:6].tolist() == ["C", "C", "C", "D", "D", "B"]
    assert pd.isna(final["p7"])
    assert final.dtype == grades.dtype and final.name == "grade" and list(final.index) == list(grades.index)


def test_people_without_a_row_had_no_breach(grades):
    final = compliance_gate(grades, pd.Series({"p5": 1}), caps=CAPS)
    # only p5 (A) is capped to C; everyone else keeps the earned grade
    changed = final.astype(str) != grades.astype(str)
    assert list(final.index[changed & grades.notna()]) == ["p5"] and final["p5"] == "C"


def test_list_in_grade_order(grades):
    final = compliance_gate(grades, [0, 0, 0, 0, 3, 1, 0], caps=CAPS)
    # p5 A with 3 -> D; p6 B with 1 -> C
    assert final.iloc[:6].tolist() == ["A", "B", "C", "D", "D", "C"]


def test_numeric_scores():
    scores = pd.Series([88.0, 75.0, 91.0, 40.0, math.nan])
    # 0 -> 88; 1 -> min(75, 60) = 60; 3 -> 0; 2 -> min(40, 60) = 40; missing stays missing
    out = compliance_gate(scores, [0, 1, 3, 2, 1], caps={1: 60, 3: 0})
    assert out.iloc[:4].tolist() == [88.0, 60.0, 0.0, 40.0] and math.isnan(out.iloc[4])


@pytest.mark.parametrize("caps, message", [
    ({}, "caps must map a number of breaches"),
    ({0: "C"}, "caps keys are numbers of breaches"),
    ({1.5: "C"}, "caps keys are numbers of breaches"),
    ({1: "E"}, "cap 'E' \\(for 1 breaches\\) is not a grade; grades: D, C, B, A"),
    ({1: "D", 3: "C"}, "caps must not get better with more breaches: 1 -> 'D' but 3 -> 'C'"),
])
def test_bad_caps(grades, caps, message):
    with pytest.raises(ConfigError, match=message):
        compliance_gate(grades, [0] * 7, caps=caps)


def test_bad_breaches_and_grades(grades):
    with pytest.raises(DataError, match=r"column 'breaches': has people who have no grade; rows x9"):
        compliance_gate(grades, pd.Series({"p1": 1, "x9": 2}), caps=CAPS)
    with pytest.raises(DataError, match=r"column 'breaches': must be whole numbers >= 0; rows p2"):
        compliance_gate(grades, pd.Series({"p1": 1, "p2": -1}), caps=CAPS)
    with pytest.raises(DataError, match=r"must have one count per person \(7\), got 2"):
        compliance_gate(grades, [1, 2], caps=CAPS)
    with pytest.raises(ConfigError, match="grades must be a Series"):
        compliance_gate(["A", "B"], [0, 1], caps=CAPS)
    with pytest.raises(ConfigError, match="ordered categorical"):
        compliance_gate(pd.Series(["A", "B"], dtype="category"), [0, 1], caps=CAPS)
    with pytest.raises(ConfigError, match="must be a number when capping scores"):
        compliance_gate(pd.Series([80.0, 60.0]), [0, 1], caps={1: "C"})
