"""Tests for coursekit.weights.ahp and the random-index tables."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit.errors import ConfigError, DataError
from coursekit.weights import (
    RANDOM_INDEX_TABLES,
    ahp,
    hierarchical_ahp,
    hierarchical_weights,
    pairwise_matrix,
    random_index,
    random_index_table,
    saaty_scale_value,
)

# Wikipedia, "Analytic hierarchy process – leader example" (criteria matrix), also quoted in
# ../shared/reference/domain.md: weights ≈ 0.547, 0.127, 0.270, 0.056; λmax ≈ 4.118; CR ≈ 0.044.
LEADER = [[1, 4, 3, 7], [1 / 4, 1, 1 / 3, 3], [1 / 3, 3, 1, 5], [1 / 7, 1 / 3, 1 / 5, 1]]
LEADER_LABELS = ["Experience", "Education", "Charisma", "Age"]


# --------------------------------------------------------------------------- published example
def test_wikipedia_leader_example():
    res = ahp(LEADER, labels=LEADER_LABELS)
    assert list(res.weights.index) == LEADER_LABELS
    assert res.weights.round(3).tolist() == [0.548, 0.127, 0.270, 0.056]  # Wikipedia rounds 0.5476 to 0.547
    assert res.weights.to_numpy() == pytest.approx([0.547, 0.127, 0.270, 0.056], abs=1e-3)
    assert res.lambda_max == pytest.approx(4.118, abs=5e-4)
    assert res.cr == pytest.approx(0.044, abs=5e-4)
    assert res.is_consistent
    assert res.n == 4
    assert res.random_index == 0.90
    assert res.random_index_table == "saaty1980"
    assert res.weights.sum() == pytest.approx(1.0, abs=1e-12)


def test_leader_example_with_other_ri_tables():
    # CI = (4.118418 − 4) / 3 = 0.039473; RI(4) = 0.89 in both the 2005 and the Chinese table.
    for table in ("saaty2005", "cn_textbook"):
        res = ahp(LEADER, random_index=table)
        assert res.ci == pytest.approx(0.039473, abs=1e-6)
        assert res.cr == pytest.approx(0.039473 / 0.89, abs=1e-6)
        assert res.random_index_table == table


def test_teaching_methods_on_leader_example_match_hand_computation():
    # Row geometric mean (方根法): row products 84, 1/4, 5, 1/105; fourth roots
    # 3.02742, 0.70711, 1.49535, 0.31239; sum 5.54227 → 0.54624, 0.12758, 0.26981, 0.05637.
    geo = ahp(LEADER, method="row_geometric_mean")
    assert geo.weights.to_numpy() == pytest.approx([0.54624, 0.12758, 0.26981, 0.05637], abs=2e-5)
    # Column-normalised mean (和积法): column sums 1.72619, 8.33333, 4.53333, 16;
    # row 1 = (1/1.72619 + 4/8.33333 + 3/4.53333 + 7/16) / 4 = (0.57931 + 0.48 + 0.66176 + 0.4375) / 4 = 0.53964.
    col = ahp(LEADER, method="column_normalised_mean")
    assert col.weights.iloc[0] == pytest.approx(0.53964, abs=2e-5)
    assert col.weights.sum() == pytest.approx(1.0)
    for res in (geo, col):
        # λ estimate = mean((A w)_i / w_i), close to the eigenvalue but not equal
        assert res.lambda_max == pytest.approx(4.118, abs=0.01)
        assert res.method in ("row_geometric_mean", "column_normalised_mean")


# --------------------------------------------------------------------------- hand computations
def test_perfectly_consistent_3x3_recovers_weights_exactly():
    # a_ij = w_i / w_j with w = (0.5, 0.3, 0.2): every column normalises to w, so λmax = 3, CI = CR = 0.
    a = [[1, 5 / 3, 5 / 2], [3 / 5, 1, 3 / 2], [2 / 5, 2 / 3, 1]]
    for method in ("eigenvector", "row_geometric_mean", "column_normalised_mean"):
        res = ahp(a, method=method)
        assert res.weights.to_numpy() == pytest.approx([0.5, 0.3, 0.2], abs=1e-12)
        assert res.lambda_max == pytest.approx(3.0, abs=1e-12)
        assert res.ci == pytest.approx(0.0, abs=1e-12)
        assert res.ci >= 0.0
        assert res.is_consistent
    assert list(ahp(a).weights.index) == ["C1", "C2", "C3"]


def test_2x2_is_always_consistent():
    # [[1, 3], [1/3, 1]]: (A − λI)w = 0 gives w = (3, 1)/4 and λ = 2; CR defined as 0 for n <= 2.
    res = ahp([[1, 3], [1 / 3, 1]], labels=["fcr", "speed"])
    assert res.weights.tolist() == pytest.approx([0.75, 0.25])
    assert res.lambda_max == pytest.approx(2.0)
    assert (res.ci, res.cr, res.random_index) == (0.0, 0.0, 0.0)
    assert res.is_consistent


def test_1x1_matrix():
    res = ahp([[1]], labels=["only"])
    assert res.weights.tolist() == [1.0]
    assert res.cr == 0.0


def test_3_cycle_is_inconsistent_hand_computed():
    # Circulant matrix [[1, 3, 1/3], [1/3, 1, 3], [3, 1/3, 1]]: λmax = 1 + 3 + 1/3 = 13/3,
    # CI = (13/3 − 3)/2 = 2/3, CR = (2/3)/0.58 = 1.1494; weights all 1/3.
    res = ahp([[1, 3, 1 / 3], [1 / 3, 1, 3], [3, 1 / 3, 1]])
    assert res.lambda_max == pytest.approx(13 / 3)
    assert res.ci == pytest.approx(2 / 3)
    assert res.cr == pytest.approx((2 / 3) / 0.58)
    assert not res.is_consistent
    table = res.inconsistency()
    # one cycle: the three pairs share the inconsistency equally
    assert table["share"].to_numpy() == pytest.approx([1 / 3] * 3)
    assert table["suggested_text"].tolist() == ["1", "1", "1"]


def test_inconsistency_points_at_the_reversed_judgement():
    # Built from weights 8:4:2:1 (a_ij = 2^(j−i)) with a[b, d] entered the wrong way round (1/4 not 4).
    a = [[1, 2, 4, 8], ["1/2", 1, 2, "1/4"], ["1/4", "1/2", 1, 2], ["1/8", 4, "1/2", 1]]
    res = ahp(a, labels=list("abcd"))
    assert not res.is_consistent
    table = res.inconsistency()
    assert (table.loc[1, "row"], table.loc[1, "column"]) == ("b", "d")
    assert table.loc[1, "given"] == 0.25
    assert list(table.columns) == ["row", "column", "given", "implied", "suggested", "suggested_text",
                                   "log_deviation", "ci_contribution", "share"]
    assert table.index.tolist() == [1, 2, 3, 4, 5, 6]
    assert table["log_deviation"].is_monotonic_decreasing
    assert table["share"].sum() == pytest.approx(1.0)
    # implied = w_i / w_j and log_deviation = |ln(a_ij · w_j / w_i)|
    w = res.weights
    row = table.loc[1]
    assert row["implied"] == pytest.approx(w["b"] / w["d"])
    assert row["log_deviation"] == pytest.approx(abs(math.log(0.25 * w["d"] / w["b"])))
    assert len(res.inconsistency(top=2)) == 2


@pytest.mark.parametrize("method", ["eigenvector", "row_geometric_mean", "column_normalised_mean"])
def test_ci_splits_exactly_over_pairs(method):
    res = ahp(LEADER, method=method)
    assert res.inconsistency()["ci_contribution"].sum() == pytest.approx(res.ci, rel=1e-10)


def test_consistent_matrix_is_weight_ratios():
    res = ahp(LEADER)
    cm = res.consistent_matrix()
    assert cm.loc["C1", "C2"] == pytest.approx(res.weights["C1"] / res.weights["C2"])
    assert np.allclose(np.diag(cm), 1)


def test_repr_is_short_and_says_the_verdict():
    text = repr(ahp(LEADER))
    assert "CR=0.0439" in text and "consistent" in text and "NOT" not in text


# --------------------------------------------------------------------------- input forms
def test_dataframe_input_keeps_labels_and_reorders_columns():
    labels = ["质量", "效率", "客户"]
    a = np.array([[1, 2, 1 / 2], [1 / 2, 1, 1 / 4], [2, 4, 1]])
    df = pd.DataFrame(a, index=labels, columns=labels)
    res = ahp(df)
    assert list(res.weights.index) == labels
    shuffled = df[["客户", "质量", "效率"]]
    assert ahp(shuffled).weights.tolist() == pytest.approx(res.weights.tolist())
    # consistent: 2 : 1 : 4 → 2/7, 1/7, 4/7
    assert res.weights.tolist() == pytest.approx([2 / 7, 1 / 7, 4 / 7])


def test_numpy_and_fraction_strings():
    res = ahp(np.array(LEADER))
    assert res.lambda_max == pytest.approx(4.118, abs=5e-4)
    res2 = ahp([[1, "4", "3", 7], ["1/4", 1, "1/3", 3], ["1/3", 3, 1, 5], ["1/7", "1/3", "1/5", 1]])
    assert res2.weights.tolist() == pytest.approx(res.weights.tolist())


def test_pairwise_matrix_builds_reciprocals():
    m = pairwise_matrix({("fcr", "csat"): 2, ("fcr", "ttr"): 4, ("csat", "ttr"): "2"})
    assert list(m.index) == ["fcr", "csat", "ttr"]
    assert m.loc["csat", "fcr"] == 0.5
    assert ahp(m).weights.tolist() == pytest.approx([4 / 7, 2 / 7, 1 / 7])


def test_pairwise_matrix_errors():
    with pytest.raises(ConfigError, match=r"1 pair\(s\) have no judgement: \(csat, ttr\)"):
        pairwise_matrix({("fcr", "csat"): 2, ("fcr", "ttr"): 4})
    with pytest.raises(ConfigError, match="given twice"):
        pairwise_matrix({("a", "b"): 2, ("b", "a"): 2})
    with pytest.raises(ConfigError, match="not among the labels"):
        pairwise_matrix({("a", "b"): 2}, labels=["a", "c"])
    with pytest.raises(DataError, match="positive"):
        pairwise_matrix({("a", "b"): 0})


# --------------------------------------------------------------------------- bad input
def test_rejects_non_square():
    with pytest.raises(DataError, match=r"must be square \(n × n\), got 2 rows × 3 columns"):
        ahp(np.ones((2, 3)))
    with pytest.raises(DataError, match="rows have lengths \\[2, 1\\]"):
        ahp([[1, 2], [0.5]])


def test_rejects_empty():
    with pytest.raises(DataError, match=r"at least one criterion \(n >= 1\)"):
        ahp([])


def test_rejects_nan_and_non_positive_naming_cells():
    with pytest.raises(DataError) as info:
        ahp([[1, np.nan], [1, 1]], labels=["a", "b"])
    msg = str(info.value)
    assert "column 'b'" in msg and "rows a" in msg and "nan" in msg and "positive finite number" in msg
    with pytest.raises(DataError) as info:
        ahp([[1, 2, 3], [0.5, 1, -1], [1 / 3, -1, 1]], labels=["x", "y", "z"])
    # the first column (left to right) holding a bad cell is named: column y, row z
    assert info.value.column == "y"
    assert info.value.rows == ["z"] and info.value.values == [-1]
    assert "2 bad cell(s)" in str(info.value)


def test_rejects_non_reciprocal_naming_both_cells():
    bad = [[1, 4, 3, 7], [0.3, 1, 1 / 3, 3], [1 / 3, 3, 1, 5], [1 / 7, 1 / 3, 1 / 5, 1]]
    with pytest.raises(DataError) as info:
        ahp(bad, labels=LEADER_LABELS)
    msg = str(info.value)
    assert "a[Experience, Education] = 4 and a[Education, Experience] = 0.3 are not reciprocal" in msg
    assert "product is 1.2" in msg
    assert "set a[Education, Experience] = 1 / a[Experience, Education] = 1/4" in msg
    assert info.value.column == "Education" and info.value.rows == ["Experience"]


def test_rounded_reciprocal_rejected_unless_tolerance_loosened():
    a = [[1, 3], [0.33, 1]]
    with pytest.raises(DataError, match="not 0.33"):
        ahp(a)
    assert ahp(a, tol=0.02).weights.sum() == pytest.approx(1.0)


def test_rejects_bad_diagonal():
    with pytest.raises(DataError, match=r"diagonal cell a\[b, b\] must be 1"):
        ahp([[1, 2], [0.5, 2]], labels=["a", "b"])


def test_rejects_bad_dataframe_labels_and_cells():
    df = pd.DataFrame([[1, 2], [0.5, 1]], index=["a", "b"], columns=["a", "c"])
    with pytest.raises(DataError, match="same criteria as row and column labels"):
        ahp(df)
    with pytest.raises(DataError, match="fraction like '1/3', got 'three'"):
        ahp([[1, "three"], ["1/3", 1]])
    with pytest.raises(ConfigError, match="labels has 3 names but the matrix is 2 × 2"):
        ahp([[1, 2], [0.5, 1]], labels=["a", "b", "c"])
    with pytest.raises(ConfigError, match="repeated: a"):
        ahp([[1, 2], [0.5, 1]], labels=["a", "a"])


def test_unknown_method_and_table():
    with pytest.raises(ConfigError, match="unknown AHP method: 'row_mean'; did you mean 'row_geometric_mean'"):
        ahp(LEADER, method="row_mean")
    with pytest.raises(ConfigError, match="unknown random-index table 'saaty'"):
        ahp(LEADER, random_index="saaty")


# --------------------------------------------------------------------------- random index tables
def test_random_index_tables_match_domain_reference():
    # values transcribed in ../shared/reference/domain.md
    assert [RANDOM_INDEX_TABLES["saaty1980"][n] for n in range(3, 16)] == [
        0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59]
    assert [RANDOM_INDEX_TABLES["saaty2005"][n] for n in range(3, 16)] == [
        0.52, 0.89, 1.11, 1.25, 1.35, 1.40, 1.45, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59]
    assert [RANDOM_INDEX_TABLES["cn_textbook"][n] for n in range(3, 11)] == [
        0.52, 0.89, 1.12, 1.26, 1.36, 1.41, 1.46, 1.49]
    assert random_index_table().shape == (15, 3)


def test_random_index_beyond_table_and_custom():
    with pytest.raises(ConfigError, match="no value for n = 16 .* n = 1..15"):
        random_index(16, "saaty2005")
    big = np.ones((16, 16))
    with pytest.raises(ConfigError, match="n = 16"):
        ahp(big)
    assert random_index(3, {3: 0.5}) == 0.5
    res = ahp([[1, 3, 1 / 3], [1 / 3, 1, 3], [3, 1 / 3, 1]], random_index={3: 0.5})
    assert res.random_index_table == "custom" and res.cr == pytest.approx((2 / 3) / 0.5)


def test_saaty_scale_value():
    assert saaty_scale_value(1.0) == (1, "1")
    assert saaty_scale_value(1 / 4.2)[1] == "1/4"
    assert saaty_scale_value(0.01)[1] == "1/9"
    # on a log scale 2.9 is nearer 3 than 2 (|ln 2.9/3| = 0.034 < |ln 2.9/2| = 0.372)
    assert saaty_scale_value(2.9)[1] == "3"
    with pytest.raises(DataError):
        saaty_scale_value(0)


# --------------------------------------------------------------------------- properties
_scale = st.sampled_from([1 / 9, 1 / 7, 1 / 5, 1 / 3, 1 / 2, 1, 2, 3, 5, 7, 9])


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=3, max_value=8).flatmap(
    lambda n: st.tuples(st.just(n), st.lists(_scale, min_size=n * (n - 1) // 2, max_size=n * (n - 1) // 2))))
def test_random_reciprocal_matrices(case):
    n, upper = case
    a = np.ones((n, n))
    it = iter(upper)
    for i in range(n):
        for j in range(i + 1, n):
            a[i, j] = next(it)
            a[j, i] = 1 / a[i, j]
    res = ahp(a)
    assert (res.weights > 0).all()
    assert res.weights.sum() == pytest.approx(1.0)
    assert res.lambda_max >= n - 1e-9          # Perron: λmax >= n for positive reciprocal matrices
    assert res.cr >= 0
    assert res.inconsistency()["ci_contribution"].sum() == pytest.approx(res.ci, abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(min_value=0.05, max_value=20), min_size=2, max_size=9))
def test_consistent_matrices_recover_their_weights(raw):
    w = np.array(raw) / sum(raw)
    res = ahp(np.outer(w, 1 / w))
    assert res.weights.to_numpy() == pytest.approx(w, rel=1e-8)
    assert res.cr == pytest.approx(0.0, abs=1e-9)


# --------------------------------------------------------------------------- hierarchy
def test_hierarchical_weights_hand_computed():
    # 0.6 × (0.5, 0.5) and 0.4 × (0.25, 0.75) → 0.3, 0.3, 0.1, 0.3
    g = hierarchical_weights(pd.Series({"客户": 0.6, "效率": 0.4}),
                             {"客户": {"csat": 0.5, "nps": 0.5}, "效率": pd.Series({"frt": 0.25, "ttr": 0.75})})
    assert g.tolist() == pytest.approx([0.3, 0.3, 0.1, 0.3])
    assert g.index.names == ["criterion", "indicator"]
    assert g.sum() == pytest.approx(1.0)
    assert g.loc["效率"].index.tolist() == ["frt", "ttr"]


def test_hierarchical_weights_errors():
    with pytest.raises(DataError, match="must sum to 1, they sum to 0.9"):
        hierarchical_weights({"a": 0.5, "b": 0.4}, {"a": {"x": 1}, "b": {"y": 1}})
    with pytest.raises(DataError, match=r"local_weights\['b'\].*sum to 1.1"):
        hierarchical_weights({"a": 0.5, "b": 0.5}, {"a": {"x": 1}, "b": {"y": 0.6, "z": 0.5}})
    with pytest.raises(ConfigError, match=r"missing: \['b'\]; not a criterion: \['c'\]"):
        hierarchical_weights({"a": 0.5, "b": 0.5}, {"a": {"x": 1}, "c": {"y": 1}})
    with pytest.raises(DataError, match="non-negative"):
        hierarchical_weights({"a": 1.5, "b": -0.5}, {"a": {"x": 1}, "b": {"y": 1}})


def test_hierarchical_ahp_and_total_cr():
    crit = pd.DataFrame([[1, 3], [1 / 3, 1]], index=["客户", "效率"], columns=["客户", "效率"])
    local = {"客户": LEADER, "效率": pairwise_matrix({("frt", "ttr"): "1/3"})}
    h = hierarchical_ahp(crit, local)
    # W = (0.75, 0.25); CR_total = (0.75 · CI_leader + 0.25 · 0) / (0.75 · 0.90 + 0.25 · 0) = CI_leader / 0.90
    assert h.cr_total == pytest.approx(h.local["客户"].ci / 0.90)
    assert h.cr_total == pytest.approx(0.0439, abs=1e-4)
    assert h.global_weights.sum() == pytest.approx(1.0)
    assert h.global_weights.loc[("效率", "ttr")] == pytest.approx(0.25 * 0.75)
    assert h.global_weights.loc[("客户", "C1")] == pytest.approx(0.75 * 0.5476, abs=1e-4)
    assert h.is_consistent
    bad = hierarchical_ahp([[1, 1], [1, 1]], {"a": [[1, 3, 1 / 3], [1 / 3, 1, 3], [3, 1 / 3, 1]], "b": [[1]]})
    assert not bad.is_consistent
    assert list(bad.criteria.weights.index) == ["a", "b"]
    assert "CR_total" in repr(bad)
