"""Tests for coursekit.system.normalise (hand-computed values in the comments)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit.errors import ConfigError, DataError
from coursekit.system import normalise


def test_minmax_both_directions():
    # (x − 10) / (30 − 10) · 100 = 0, 50, 100; lower-better reverses it
    assert normalise([10, 20, 30]).tolist() == [0.0, 50.0, 100.0]
    assert normalise([10, 20, 30], direction="lower").tolist() == [100.0, 50.0, 0.0]
    # (8 − 4) / (8 − 2) = 2/3
    assert normalise([2.0, 4.0, 8.0], direction="lower")[1] == pytest.approx(200 / 3)


def test_minmax_keeps_index_name_and_nan():
    s = pd.Series([0.7, np.nan, 0.9, 0.8], index=["A", "B", "C", "D"], name="fcr")
    out = normalise(s)
    assert out.name == "fcr" and list(out.index) == ["A", "B", "C", "D"]
    assert out["B"] != out["B"]  # NaN stays NaN, and is left out of min/max
    assert out[["A", "C", "D"]].tolist() == pytest.approx([0.0, 100.0, 50.0])


def test_constant_values_score_50():
    assert normalise([5, 5, 5]).tolist() == [50.0, 50.0, 50.0]
    assert normalise([5, 5, 5], method="zscore").tolist() == [50.0, 50.0, 50.0]
    assert normalise([7.0]).tolist() == [50.0]
    assert normalise([np.nan, np.nan]).isna().all()


def test_zscore_uses_population_sigma_and_t_scale():
    # mean 70, population σ = sqrt((100 + 0 + 100) / 3) = 8.16497; z = ∓1.224745
    # T = 50 + 10 z = 37.7526, 50, 62.2474 (a sample σ of 10 would give 40, 50, 60)
    out = normalise([60, 70, 80], method="zscore")
    assert out.tolist() == pytest.approx([37.7526, 50.0, 62.2474], abs=1e-4)
    assert normalise([60, 70, 80], method="zscore", direction="lower").tolist() == pytest.approx(
        [62.2474, 50.0, 37.7526], abs=1e-4)


def test_zscore_clips_to_0_100():
    # 99 zeros and one 100: mean 1, σ = sqrt(99) = 9.9499, z(100) = 9.9499 → T = 149.5 → clipped to 100
    x = [0.0] * 99 + [100.0]
    out = normalise(x, method="zscore")
    assert out.iloc[-1] == 100.0
    assert out.iloc[0] == pytest.approx(50 - 10 / math.sqrt(99))
    assert normalise(x, method="zscore", direction="lower").iloc[-1] == 0.0


def test_target_higher_is_better():
    # achievement 0.72/0.8 = 0.9 → 90; 0.8/0.8 = 1 → 100; 0.9/0.8 = 1.125 → capped at 1 → 100
    assert normalise([0.72, 0.80, 0.90], method="target", target=0.8).tolist() == pytest.approx([90, 100, 100])
    # cap 1.2: score = 100 · min(a, 1.2) / 1.2 → 75, 83.33, 93.75, 100 (a = 0.9, 1, 1.125, 1.25)
    out = normalise([0.72, 0.80, 0.90, 1.00], method="target", target=0.8, cap=1.2)
    assert out.tolist() == pytest.approx([75.0, 250 / 3, 93.75, 100.0])


def test_target_lower_is_better():
    # achievement = target / actual: 24/12 = 2 (capped 1.2) → 100; 24/24 = 1 → 83.33; 24/48 = 0.5 → 41.67
    out = normalise([12.0, 24.0, 48.0], method="target", direction="lower", target=24, cap=1.2)
    assert out.tolist() == pytest.approx([100.0, 250 / 3, 125 / 3])
    # an actual of 0 hours is full achievement, not a division error
    assert normalise([0.0, 48.0], method="target", direction="lower", target=24).tolist() == [100.0, 50.0]


def test_target_floors_negative_achievement():
    # NPS −10 against a target of 40: achievement −0.25 → floored at 0
    assert normalise([-10, 20, 40], method="target", target=40).tolist() == [0.0, 50.0, 100.0]


def test_bad_settings():
    with pytest.raises(ConfigError, match="unknown normalisation: 'rank'"):
        normalise([1, 2], method="rank")
    with pytest.raises(ConfigError, match="direction must be 'higher' or 'lower'"):
        normalise([1, 2], direction="up")
    with pytest.raises(ConfigError, match="needs a target value"):
        normalise([1, 2], method="target")
    with pytest.raises(ConfigError, match="target must be a positive number"):
        normalise([1, 2], method="target", target=0)
    with pytest.raises(ConfigError, match="cap must be a positive number"):
        normalise([1, 2], method="target", target=1, cap=0)


def test_bad_values_name_rows():
    s = pd.Series([1, "x", 3, "y"], index=["a", "b", "c", "d"], name="fcr", dtype=object)
    with pytest.raises(DataError) as info:
        normalise(s)
    assert info.value.column == "fcr" and info.value.rows == ["b", "d"]
    with pytest.raises(DataError, match="got a DataFrame"):
        normalise(pd.DataFrame({"a": [1, 2]}))
    with pytest.raises(DataError, match="must be a number"):
        normalise(pd.Series(["a", "b"]))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.floats(min_value=-1e6, max_value=1e6), min_size=1, max_size=30),
       st.sampled_from(["minmax", "zscore", "target"]), st.sampled_from(["higher", "lower"]))
def test_scores_stay_in_0_100_and_keep_order(values, method, direction):
    out = normalise(values, method=method, direction=direction, target=50.0)
    assert ((out >= 0) & (out <= 100)).all()
    if method != "target":  # monotone in the right direction
        order = np.argsort(values, kind="stable")
        ranked = out.to_numpy()[order]
        diffs = np.diff(ranked)
        assert (diffs >= -1e-9).all() if direction == "higher" else (diffs <= 1e-9).all()
