"""Hand-computed checks of complaint rate, complaint-handling satisfaction and retention."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from coursekit import kpi
from coursekit.errors import ConfigError, DataError


@pytest.fixture
def tickets():
    return pd.DataFrame({
        "ticket_id": ["T1", "T2", "T3", "T4", "T5", "T6"],
        "product_line": ["X", "X", "X", "Y", "Y", "Z"],
        "complaint": pd.array([True, False, True, False, None, False], dtype="boolean"),
    })


def test_complaint_rate_with_numbers():
    # 12 complaints on 8,000 orders -> 12 / 8000 * 1000 = 1.5 per 1,000
    assert kpi.complaint_rate(12, base=8000) == 1.5
    # per 10,000 units: 12 / 8000 * 10000 = 15
    assert kpi.complaint_rate(12, base=8000, per=10_000) == 15.0


def test_complaint_rate_base_tickets(tickets):
    # recorded flags: T F T F F (T5 missing) -> 2 / 5 * 1000 = 400 per 1,000 tickets
    assert kpi.complaint_rate(tickets, base="tickets") == 400.0
    # X: 2/3 -> 666.7; Y: 0/1 -> 0; Z: 0/1 -> 0
    out = kpi.complaint_rate(tickets, by="product_line", base="tickets")
    assert out.to_dict() == pytest.approx({"X": 2000 / 3, "Y": 0.0, "Z": 0.0})


def test_complaint_rate_per_group_base(tickets):
    # complaints: X 2, Y 0, Z 0; units sold X 4000, Y 1000, Z 500, W 100 (no tickets)
    base = {"X": 4000, "Y": 1000, "Z": 500, "W": 100}
    out = kpi.complaint_rate(tickets, by="product_line", base=base)
    # X 2/4000*1000 = 0.5; the others 0 (W has a base but no complaints -> 0, not missing)
    assert out.to_dict() == {"X": 0.5, "Y": 0.0, "Z": 0.0, "W": 0.0}
    assert out.index.name == "product_line"


def test_complaint_rate_from_complaints_table():
    c = pd.DataFrame({"complaint_id": ["C1", "C2", "C3"], "industry": ["retail", "retail", "finance"]})
    # 3 complaints on 1,500 customers -> 2 per 1,000
    assert kpi.complaint_rate(c, base=1500) == 2.0
    # retail 2 / 1000 * 1000 = 2; finance 1 / 250 * 1000 = 4
    assert kpi.complaint_rate(c, by="industry", base=pd.Series({"retail": 1000, "finance": 250})).to_dict() == {
        "retail": 2.0, "finance": 4.0}


def test_complaint_rate_needs_explicit_valid_base(tickets):
    with pytest.raises(TypeError):
        kpi.complaint_rate(tickets)  # base is required
    with pytest.raises(DataError, match="column 'base': must be a positive number"):
        kpi.complaint_rate(5, base=0)
    with pytest.raises(ConfigError, match="per group"):
        kpi.complaint_rate(tickets, by="product_line", base=1000)
    with pytest.raises(ConfigError, match="needs by="):
        kpi.complaint_rate(tickets, base={"X": 10})
    with pytest.raises(DataError, match=r"column 'base': has no value for these groups.*rows X"):
        kpi.complaint_rate(tickets, by="product_line", base={"Y": 10, "Z": 10})
    with pytest.raises(DataError, match=r"column 'base': must be a positive number for every group; rows Y"):
        kpi.complaint_rate(tickets, by="product_line", base={"X": 10, "Y": 0})
    with pytest.raises(ConfigError):
        kpi.complaint_rate(tickets, base="orders")


def test_complaint_satisfaction_from_complaints_table():
    c = pd.DataFrame({"cause": ["fee", "fee", "delay", "delay"],
                      "satisfied": pd.array([True, False, True, None], dtype="boolean")})
    # answered: T F T -> 2/3; by cause: fee 1/2, delay 1/1 (missing excluded)
    assert kpi.complaint_satisfaction(c) == pytest.approx(2 / 3)
    assert kpi.complaint_satisfaction(c, by="cause").to_dict() == {"delay": 1.0, "fee": 0.5}


def test_complaint_satisfaction_from_surveys(tickets):
    s = pd.DataFrame({"ticket_id": ["T1", "T2", "T3", "T3", "T9"], "csat": [5, 1, 3, 4, 5]})
    # complaint tickets: T1, T3 -> answers 5 (top), 3, 4 (top) -> 2/3; T2 is no complaint, T9 unknown
    assert kpi.complaint_satisfaction(tickets, s) == pytest.approx(2 / 3)
    # by product line taken from the tickets: X (T1, T3) -> 2/3; T9 has no ticket -> dropped
    out = kpi.complaint_satisfaction(tickets, s, by="product_line")
    assert out.to_dict() == pytest.approx({"X": 2 / 3})


def test_retention_scalar_and_vector():
    # (210 - 30) / 200 = 0.9
    assert kpi.retention(start=200, end=210, new=30) == 0.9
    idx = ["north", "south"]
    out = kpi.retention(pd.Series([100, 50], index=idx), pd.Series([95, 60], index=idx), pd.Series([10, 20], index=idx))
    # north (95 - 10)/100 = 0.85; south (60 - 20)/50 = 0.8
    assert out.to_dict() == pytest.approx({"north": 0.85, "south": 0.8})
    assert kpi.retention([100, 100], [100, 50], 0).tolist() == [1.0, 0.5]


@pytest.mark.parametrize(("args", "pattern"), [
    ((0, 10, 1), "column 'start': must be a positive number"),
    ((100, 10, 20), "column 'end': minus new must be >= 0"),
    ((100, 150, 20), "column 'end': minus new must not exceed start"),
    ((100, 90, -1), "column 'new': must be a number of new customers >= 0"),
])
def test_retention_bad_counts(args, pattern):
    with pytest.raises(DataError, match=pattern):
        kpi.retention(*args)


def test_retention_bad_segment_is_named():
    with pytest.raises(DataError, match=r"rows south \(values: 0.0\)"):
        kpi.retention(pd.Series([100, 0], index=["north", "south"]), 90, 0)


def test_empty_complaint_group_is_nan():
    c = pd.DataFrame({"cause": ["fee"], "satisfied": pd.array([None], dtype="boolean")})
    assert math.isnan(kpi.complaint_satisfaction(c))
