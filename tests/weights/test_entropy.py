"""Tests for coursekit.weights.entropy (熵权法)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from coursekit.errors import ConfigError, DataError
from coursekit.weights import entropy, entropy_details


def test_hand_computation_benefit_and_cost():
    # Three teams, fcr (benefit) and ttr_h (cost):
    # fcr 0.70, 0.75, 0.80 → x' = 0, 0.5, 1 → p = 0, 1/3, 2/3
    #   e = −(1/ln 3)(0 + 1/3·ln(1/3) + 2/3·ln(2/3)) = (0.366204 + 0.270310) / 1.098612 = 0.579380, d = 0.420620
    # ttr_h 10, 40, 20 (cost) → x' = (40 − x)/30 = 1, 0, 2/3 → p = 0.6, 0, 0.4
    #   e = −(1/ln 3)(0.6·ln 0.6 + 0.4·ln 0.4) = (0.306495 + 0.366516) / 1.098612 = 0.612602, d = 0.387398
    # w = d / Σd = 0.420620 / 0.808018 = 0.520557 and 0.479443
    table = pd.DataFrame({"fcr": [0.70, 0.75, 0.80], "ttr_h": [10.0, 40.0, 20.0]}, index=["T1", "T2", "T3"])
    d = entropy_details(table, cost=["ttr_h"])
    assert d.loc["fcr", "entropy"] == pytest.approx(0.579380, abs=1e-6)
    assert d.loc["ttr_h", "entropy"] == pytest.approx(0.612602, abs=1e-6)
    assert d["divergence"].tolist() == pytest.approx([0.420620, 0.387398], abs=1e-6)
    w = entropy(table, cost="ttr_h")
    assert w.tolist() == pytest.approx([0.520557, 0.479443], abs=1e-6)
    assert w.index.tolist() == ["fcr", "ttr_h"]
    assert w.sum() == pytest.approx(1.0)
    # the same formula written out independently
    p = np.array([0.6, 0.4])
    assert d.loc["ttr_h", "entropy"] == pytest.approx(-(p * np.log(p)).sum() / math.log(3))


def test_cost_column_equals_negated_benefit_column():
    rng = np.random.default_rng(7)
    t = pd.DataFrame(rng.uniform(1, 10, size=(12, 3)), columns=["a", "b", "c"])
    flipped = t.assign(b=-t["b"])
    assert entropy(t, cost=["b"]).tolist() == pytest.approx(entropy(flipped).tolist())


def test_two_rows_zero_log_zero():
    # m = 2: every column normalises to (0, 1) → p = (0, 1) → e = 0 (0·ln0 = 0), d = 1: equal weights
    w = entropy({"a": [1, 5], "b": [3, 2], "c": [0.1, 0.2]})
    assert w.tolist() == pytest.approx([1 / 3] * 3)


def test_uneven_column_gets_more_weight():
    # a: one team far ahead (1, 1, 1, 10) → concentrated p → low entropy → high weight
    w = entropy({"spread": [1, 1, 1, 10], "even": [1, 2, 3, 4]})
    assert w["spread"] > w["even"]


def test_constant_column_is_explained():
    with pytest.raises(DataError) as info:
        entropy({"a": [1, 2, 3], "b": [5, 5, 5], "c": [0, 0, 0]})
    msg = str(info.value)
    assert info.value.column == "b"
    assert "constant (every row = 5)" in msg and "max − min = 0" in msg and "drop the column" in msg
    assert "also constant: c" in msg


def test_nan_names_rows():
    t = pd.DataFrame({"a": [1.0, np.nan, 3.0, np.nan], "b": [1, 2, 3, 4]}, index=["A1", "A2", "A3", "A4"])
    with pytest.raises(DataError) as info:
        entropy(t)
    assert info.value.column == "a" and info.value.rows == ["A2", "A4"]
    assert "rows A2, A4" in str(info.value)


def test_other_bad_input():
    with pytest.raises(DataError, match="must be numeric"):
        entropy(pd.DataFrame({"team": ["x", "y"], "a": [1, 2]}))
    with pytest.raises(DataError, match="at least 2 rows"):
        entropy({"a": [1.0]})
    with pytest.raises(DataError, match="no columns"):
        entropy(pd.DataFrame(index=[1, 2]))
    with pytest.raises(ConfigError, match=r"cost column\(s\) \['ttr'\] are not in the table"):
        entropy({"a": [1, 2], "b": [2, 1]}, cost=["ttr"])
