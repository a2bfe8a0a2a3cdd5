"""spc.monthly_counts against counts worked out by hand, and fed straight into spc.p_chart."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from coursekit import spc
from coursekit.errors import ConfigError, DataError


@pytest.fixture
def tickets():
    return pd.DataFrame({
        "created_at": pd.to_datetime(["2024-01-31 23:59",   # January
                                      "2024-01-02 08:00",   # January
                                      "2024-02-01 00:00",   # February (first minute)
                                      "2024-02-15 12:00",   # February
                                      "2024-02-29 18:00",   # February (leap day)
                                      None,                 # no date: left out
                                      "2024-04-10 09:00"]),  # April (March has no rows)
        "resolved_first": pd.array([True, False, True, None, False, True, True], dtype="boolean"),
    }, index=[f"T{i}" for i in range(1, 8)])


def test_counts_by_hand(tickets):
    counts = spc.monthly_counts(tickets, date="created_at", flag="resolved_first")
    # January: T1 yes, T2 no -> 1 of 2; February: T3 yes, T4 unknown (left out), T5 no -> 1 of 2;
    # March: no rows (no entry); April: T7 yes -> 1 of 1; T6 has no date
    assert counts.index.name == "month"
    assert [f"{m:%Y-%m-%d}" for m in counts.index] == ["2024-01-01", "2024-02-01", "2024-04-01"]
    assert counts["events"].tolist() == [1, 1, 1]
    assert counts["base"].tolist() == [2, 2, 1]
    assert counts["share"].tolist() == [0.5, 0.5, 1.0]
    assert str(counts["events"].dtype) == "int64" and str(counts["base"].dtype) == "int64"


def test_feeds_p_chart(tickets):
    counts = spc.monthly_counts(tickets, date="created_at", flag="resolved_first")
    chart = spc.p_chart(counts["events"], counts["base"])
    # p-bar = 3 events / 5 base = 0.6; January's limit: 0.6 + 3 * sqrt(0.6 * 0.4 / 2) = 1.639 -> capped at 1
    assert chart.centre == pytest.approx(0.6)
    assert chart.frame["ucl"].iloc[0] == 1.0
    assert list(chart.frame.index) == list(counts.index)


def test_flag_as_series_and_none(tickets):
    # flag from an expression on the same table: T1..T7 resolved_first is not False
    same = spc.monthly_counts(tickets, date="created_at", flag=tickets["resolved_first"] == True)  # noqa: E712
    assert same["events"].tolist() == [1, 1, 1] and same["base"].tolist() == [2, 2, 1]
    # no flag: every dated row counts -> January 2, February 3, April 1
    volume = spc.monthly_counts(tickets, date="created_at")
    assert volume["events"].tolist() == [2, 3, 1] and volume["base"].tolist() == [2, 3, 1]
    # a plain list of 0/1 also works
    listed = spc.monthly_counts(tickets, date="created_at", flag=[1, 1, 0, 0, 0, 0, 0])
    assert listed["events"].tolist() == [2, 0, 0]


def test_quarters(tickets):
    # Q1 2024: T1 yes, T2 no, T3 yes, T5 no (T4 unknown) -> 2 of 4; Q2: T7 -> 1 of 1
    q = spc.monthly_counts(tickets, date="created_at", flag="resolved_first", period="Q")
    assert q.index.name == "quarter"
    assert [f"{m:%Y-%m-%d}" for m in q.index] == ["2024-01-01", "2024-04-01"]
    assert q["events"].tolist() == [2, 1] and q["base"].tolist() == [4, 1]


def test_text_dates_and_empty():
    text = pd.DataFrame({"d": ["2024-05-02", "2024-05-31 10:00"], "f": [True, True]})
    assert spc.monthly_counts(text, date="d", flag="f")["base"].tolist() == [2]
    empty = spc.monthly_counts(text.iloc[:0], date="d", flag="f")
    assert empty.empty and list(empty.columns) == ["events", "base", "share"]


def test_errors_name_the_problem(tickets):
    with pytest.raises(DataError, match="column 'opened_at': monthly_counts needs this date column"):
        spc.monthly_counts(tickets, date="opened_at", flag="resolved_first")
    with pytest.raises(DataError, match="column 'fcr': monthly_counts needs this flag column"):
        spc.monthly_counts(tickets, date="created_at", flag="fcr")
    with pytest.raises(DataError, match=r"column 'n': must be true/false \(or 1/0\); rows T2"):
        spc.monthly_counts(tickets.assign(n=[1, 3, 0, 0, 1, 1, 0]), date="created_at", flag="n")
    with pytest.raises(DataError, match=r"must have one value per row \(7\), got 2"):
        spc.monthly_counts(tickets, date="created_at", flag=[True, False])
    with pytest.raises(DataError, match="same index as the table"):
        spc.monthly_counts(tickets, date="created_at", flag=tickets["resolved_first"].reset_index(drop=True))
    with pytest.raises(DataError, match=r"column 'd': must be a date-time.*rows 1"):
        spc.monthly_counts(pd.DataFrame({"d": ["2024-01-01", "someday"]}), date="d")
    with pytest.raises(ConfigError, match="period must be 'M'"):
        spc.monthly_counts(tickets, date="created_at", period="W")


def test_shares_are_never_nan(tickets):
    counts = spc.monthly_counts(tickets.assign(resolved_first=pd.array([None] * 7, dtype="boolean")),
                                date="created_at", flag="resolved_first")
    assert counts.empty  # no known flag anywhere: no period has a base
    assert not any(math.isnan(x) for x in spc.monthly_counts(tickets, date="created_at")["share"])
    assert np.issubdtype(spc.monthly_counts(tickets, date="created_at").index.dtype, np.datetime64)
