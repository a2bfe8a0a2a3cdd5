"""Pareto table and the PDCA record."""

import pandas as pd
import pytest

from coursekit.errors import DataError
from coursekit.spc import PDCACycle, pareto, pdca_table


def test_hand_computed_table():
    # total 100: a 50 (.50, cum .50), b 25 (.75), c 10 (.85), d 10 (.95), e 5 (1.00)
    # vital few = smallest top set reaching 80 %: a, b and c (c crosses 80 %)
    table = pareto({"e": 5, "c": 10, "a": 50, "d": 10, "b": 25})
    assert table.index.tolist() == ["a", "b", "c", "d", "e"]
    assert table["share"].tolist() == pytest.approx([0.50, 0.25, 0.10, 0.10, 0.05])
    assert table["cum_share"].tolist() == pytest.approx([0.50, 0.75, 0.85, 0.95, 1.00])
    assert table["rank"].tolist() == [1, 2, 3, 4, 5]
    assert table["vital_few"].tolist() == [True, True, True, False, False]
    # ties (c, d both 10) keep their input order
    assert table.index.get_loc("c") < table.index.get_loc("d")
    assert table.index.name == "category"


def test_reaching_the_threshold_exactly_stops_there():
    # a .5, b .3 -> cum .8 exactly: c is not needed
    assert pareto({"a": 50, "b": 30, "c": 20})["vital_few"].tolist() == [True, True, False]
    # ten equal causes, threshold .3: 0.1+0.1+0.1 = 0.30000000000000004 in floating point
    table = pareto(pd.Series([1] * 10, index=list("abcdefghij")), threshold=0.3)
    assert table["vital_few"].sum() == 3


def test_value_counts_input_keeps_its_index_name():
    causes = pd.Series(["late", "rude", "late", "part", "late"], name="cause")
    table = pareto(causes.value_counts())
    assert table.index.tolist()[0] == "late"
    assert table["count"].tolist() == [3, 1, 1]
    assert table.index.name == "cause"


@pytest.mark.parametrize(
    "counts, kwargs, column, text",
    [
        ({"a": 3, "b": -1}, {}, "counts", "must not be negative; rows b (values: -1)"),
        ({"a": 0, "b": 0}, {}, "counts", "adds up to 0"),
        ({"a": 1, "b": "x"}, {}, "counts", "must be a number; rows b"),
        (pd.Series([1, 2], index=["a", "a"]), {}, "counts", "repeated categories; rows a, a"),
        ([1, 2, 3], {}, "counts", "Series or dict"),
        ({"a": 1}, {"threshold": 80}, "threshold", "between 0 and 1"),
    ],
)
def test_bad_input(counts, kwargs, column, text):
    with pytest.raises(DataError) as info:
        pareto(counts, **kwargs)
    assert info.value.column == column
    assert text in str(info.value)
    assert "fix:" in str(info.value)


def test_pdca_cycle():
    # resolution time 30 h -> 18 h: delta -12 h, -40 %, improved (lower is better)
    cycle = PDCACycle("RT-T2 退货流程改造", ["预审核", "标准话术"], kpi="ttr_mean_h",
                      baseline=30.0, after=18.0, direction="lower")
    assert cycle.delta == -12.0
    assert cycle.relative_change == pytest.approx(-0.4)
    assert cycle.improved is True
    worse = PDCACycle("x", kpi="fcr", baseline=0.8, after=0.7)  # higher is better
    assert worse.improved is False
    pending = PDCACycle("y", kpi="fcr", baseline=0.8)
    assert pending.delta is None and pending.improved is None and pending.relative_change is None
    assert [pending.advance() for _ in range(4)] == ["do", "check", "act", "plan"]
    table = pdca_table([cycle, pending])
    assert table["measures"].iloc[0] == "预审核; 标准话术"
    assert table["delta"].iloc[0] == -12.0
    assert pd.isna(table["delta"].iloc[1])


def test_pdca_bad_direction_and_stage():
    with pytest.raises(DataError, match="'higher' or 'lower'"):
        PDCACycle("x", direction="up")
    with pytest.raises(DataError, match="stage"):
        PDCACycle("x", stage="done")
