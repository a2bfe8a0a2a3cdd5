"""Properties that hold for any input (hypothesis), complementing the hand-computed cases."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit.spc import nelson, pareto, western_electric, xmr

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
# A real spread: a tiny one (e.g. 0, 0, 1e-169) vanishes when shifted by 1, and xmr rightly refuses equal points.
spread_out = st.lists(finite, min_size=3, max_size=40).filter(lambda v: max(v) - min(v) > 1e-3)


@settings(max_examples=60, deadline=None)
@given(spread_out, st.floats(min_value=-1e3, max_value=1e3), st.floats(min_value=0.1, max_value=1e3))
def test_xmr_is_shift_and_scale_equivariant(values, shift, scale):
    base = xmr(values)
    moved = xmr([scale * v + shift for v in values])
    assert moved.centre == pytest.approx(scale * base.centre + shift, rel=1e-6, abs=1e-6)
    assert moved.ucl - moved.centre == pytest.approx(scale * (base.ucl - base.centre), rel=1e-6)
    assert base.lcl < base.centre < base.ucl
    assert base.mr_ucl == pytest.approx(3.267 * base.mr_mean)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(min_value=-5, max_value=5, allow_nan=False), min_size=1, max_size=60))
def test_rules_only_report_points_of_the_series_and_rule_one_agrees(values):
    for table in (nelson(values, 0, 1), western_electric(values, 0, 1)):
        assert table["position"].between(0, len(values) - 1).all()
        assert (table["start"] <= table["position"]).all()
        beyond = [i for i, v in enumerate(values) if abs(v) > 3]
        assert table.loc[table["rule"] == 1, "position"].tolist() == beyond


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=5), st.integers(0, 1000), min_size=1, max_size=15)
       .filter(lambda d: sum(d.values()) > 0),
       st.floats(min_value=0.05, max_value=1.0))
def test_pareto_vital_few_is_the_smallest_set_reaching_the_threshold(counts, threshold):
    table = pareto(counts, threshold=threshold)
    assert table["cum_share"].iloc[-1] == pytest.approx(1.0)
    assert (np.diff(table["count"].to_numpy()) <= 0).all()
    k = int(table["vital_few"].sum())
    assert table["vital_few"].iloc[:k].all()  # a prefix of the sorted table
    assert table["cum_share"].iloc[k - 1] >= threshold - 1e-9
    if k > 1:
        assert table["cum_share"].iloc[k - 2] < threshold
