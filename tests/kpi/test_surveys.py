"""Hand-computed checks of CSAT (top-2-box and mean), NPS and CES 2.0, and their input checks."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from coursekit import kpi
from coursekit.errors import ConfigError, DataError


@pytest.fixture
def surveys():
    return pd.DataFrame({
        "agent_id": ["A", "A", "A", "B", "B", "B", "C"],
        "csat": pd.array([5, 4, 3, 2, 1, 4, None], dtype="Int64"),
        "nps": pd.array([10, 9, 8, 7, 6, 0, None], dtype="Int64"),
        "ces": pd.array([7, 5, 6, None, 1, 7, None], dtype="Int64"),
    })


def test_csat_top2box_and_mean(surveys):
    # answered 5 4 3 2 1 4 (one missing): 4s and 5s = 3 -> 3/6 = 0.5; mean 19/6
    assert kpi.csat(surveys) == 0.5
    assert kpi.csat(surveys, method="mean") == pytest.approx(19 / 6)
    assert kpi.csat_mean(surveys) == pytest.approx(19 / 6)


def test_csat_by_agent_with_unanswered_group(surveys):
    # A: 5 4 3 -> 2/3; B: 2 1 4 -> 1/3; C: only a missing answer -> NaN
    out = kpi.csat(surveys, by="agent_id")
    assert out["A"] == pytest.approx(2 / 3) and out["B"] == pytest.approx(1 / 3)
    assert math.isnan(out["C"]) and out.name == "csat"
    assert kpi.csat(surveys, by="agent_id", method="mean").name == "csat_mean"


def test_csat_on_sequences():
    # 4 is the lower edge of the top two boxes (a tie at the boundary counts): 4 4 3 -> 2/3
    assert kpi.csat([4, 4, 3]) == pytest.approx(2 / 3)
    assert kpi.csat(pd.Series([5, 5])) == 1.0
    assert kpi.csat(np.array([1.0, np.nan, 2.0])) == 0.0     # missing excluded: 0 of 2
    assert math.isnan(kpi.csat([]))
    assert math.isnan(kpi.csat([None, None]))
    assert kpi.csat(("5", "3")) == 0.5                        # numeric strings are read as numbers


def test_nps_hand_computed(surveys):
    # answers 10 9 8 7 6 0: promoters 10, 9 (2); passives 8, 7; detractors 6, 0 (2) -> (2 - 2)/6 = 0
    assert kpi.nps(surveys) == 0.0
    # boundaries: 9 promoter, 7 passive, 6 detractor: (3 - 1) / 4 * 100 = 50
    assert kpi.nps([9, 9, 9, 6]) == 50.0
    assert kpi.nps([7, 8]) == 0.0
    assert kpi.nps([10, 10]) == 100.0 and kpi.nps([0, 6]) == -100.0
    # by agent: A 10 9 8 -> 2/3*100 = 66.67; B 7 6 0 -> -2/3*100; C no answer -> NaN
    out = kpi.nps(surveys, by="agent_id")
    assert out["A"] == pytest.approx(200 / 3) and out["B"] == pytest.approx(-200 / 3)
    assert math.isnan(out["C"])


def test_ces_v2(surveys):
    # answered 7 5 6 1 7 -> 26/5 = 5.2
    assert kpi.ces(surveys) == pytest.approx(5.2)
    assert kpi.ces(surveys, by="agent_id").to_dict() == pytest.approx({"A": 6.0, "B": 4.0, "C": float("nan")},
                                                                      nan_ok=True)


def test_answer_counts(surveys):
    counts = kpi.answer_counts(surveys)
    assert counts["csat_answered"] == 6 and counts["csat_missing"] == 1
    assert counts["ces_missing"] == 2
    by = kpi.answer_counts(surveys, by="agent_id")
    assert by.loc["C", "nps_missing"] == 1 and by.loc["B", "ces_answered"] == 2


@pytest.mark.parametrize(("func", "answers", "rows", "form"), [
    (kpi.csat, [5, 6, 0, 3], "rows 1, 2 (values: 6, 0)", "integer from 1 to 5"),
    (kpi.csat, [4.5, 3], "rows 0 (values: 4.5)", "integer from 1 to 5"),
    (kpi.nps, [10, 11, -1], "rows 1, 2 (values: 11, -1)", "integer from 0 to 10"),
    (kpi.ces, [1, 8], "rows 1 (values: 8)", "integer from 1 to 7"),
])
def test_out_of_range_answers(func, answers, rows, form):
    with pytest.raises(DataError) as err:
        func(answers)
    text = str(err.value)
    assert form in text and rows in text and "column '" in text


def test_out_of_range_in_frame_names_index_labels(surveys):
    bad = surveys.set_axis([f"r{i}" for i in range(7)]).assign(csat=[5, 4, 9, 2, 1, 4, 7])
    with pytest.raises(DataError, match=r"column 'csat': must be an integer from 1 to 5; rows r2, r6 \(values: 9, 7\)"):
        kpi.csat(bad)


def test_non_numeric_answers_are_reported():
    with pytest.raises(DataError, match=r"csat.*must be a number.*'很满意'"):
        kpi.csat(["5", "很满意"])


def test_more_than_five_bad_rows_are_summarised():
    with pytest.raises(DataError, match=r"rows 0, 1, 2, 3, 4 and 2 more"):
        kpi.nps([11] * 7)


def test_survey_argument_errors(surveys):
    with pytest.raises(ConfigError):
        kpi.csat(surveys, method="average")
    with pytest.raises(ConfigError):
        kpi.nps([9, 10], by="agent_id")
    with pytest.raises(DataError, match="nps.*columns found"):
        kpi.nps(surveys.drop(columns="nps"))
    with pytest.raises(DataError):
        kpi.nps(7)
