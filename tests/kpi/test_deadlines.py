"""Hand-computed checks of the one open-items rule (deadline_flags / deadline_compliance / sla_flags).

Every expected value below is worked out by hand in the comment beside it.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from coursekit import kpi
from coursekit.datasets import EXPORTED_AT, load
from coursekit.errors import ConfigError, DataError

AT = "2025-01-01 00:00"
SPAN = {"start": "received_at", "end": "closed_at"}


def ts(*stamps):
    return pd.to_datetime(list(stamps))


@pytest.fixture
def complaints():
    # a 15-day limit judged at 2025-01-01 00:00
    return pd.DataFrame({
        "team": ["A", "A", "A", "B", "B", "B", "B", "B"],
        "received_at": ts("2024-12-01",   # closed after 9 days: met
                          "2024-12-01",   # closed after exactly 15 days: met (<=)
                          "2024-12-01",   # closed after 16 days: late
                          "2024-12-01",   # open, 31 days old at the cut-off: late
                          "2024-12-17",   # open, exactly 15 days old: still pending
                          "2024-12-25",   # open, 7 days old: pending
                          None,           # no start time: pending (cannot be judged)
                          "2025-01-02"),  # received after the cut-off: pending
        "closed_at": ts("2024-12-10", "2024-12-16", "2024-12-17", None, None, None, "2024-12-05", None),
    }, index=[f"C{i}" for i in range(1, 9)])


def test_flags_per_row(complaints):
    flags = kpi.deadline_flags(complaints, **SPAN, limit_days=15, at=AT)
    assert str(flags.dtype) == "boolean" and flags.name == "deadline_met"
    assert list(flags.index) == list(complaints.index)
    assert flags.tolist() == [True, True, False, False, pd.NA, pd.NA, pd.NA, pd.NA]


def test_compliance_leaves_pending_out_of_the_denominator(complaints):
    # met C1, C2; late C3, C4; C5-C8 pending -> 2 / 4
    assert kpi.deadline_compliance(complaints, **SPAN, limit_days=15, at=AT) == 0.5
    # the naive reading (pending counted as late) would give 2 / 8 = 0.25: the rule must differ from it
    naive = complaints["closed_at"].notna() & (complaints["closed_at"] - complaints["received_at"]
                                               <= pd.Timedelta(days=15))
    assert naive.mean() == 0.25


def test_compliance_by_group(complaints):
    # A: C1 met, C2 met, C3 late -> 2/3; B: C4 late, C5-C8 pending -> 0/1
    out = kpi.deadline_compliance(complaints, by="team", **SPAN, limit_days=15, at=AT)
    assert out.name == "deadline_compliance"
    assert out["A"] == pytest.approx(2 / 3) and out["B"] == 0.0


def test_end_after_the_cutoff_counts_as_open(complaints):
    # at 2024-12-12: C1 closed (9 days, met); C2, C3 closed later -> open at 11 days -> pending;
    # C4 open 11 days -> pending; C5-C8 received after the cut-off or without start -> pending; C7 no start
    flags = kpi.deadline_flags(complaints, **SPAN, limit_days=15, at="2024-12-12")
    assert flags.tolist() == [True] + [pd.NA] * 7
    # at 2024-12-17 00:00: C2 closed at 15 days (met); C3 closes at 16 days = the cut-off itself (done, late);
    # C4 open exactly 16 days > 15 -> late
    flags = kpi.deadline_flags(complaints, **SPAN, limit_days=15, at="2024-12-17")
    assert flags.tolist()[:4] == [True, True, False, False]


def test_default_cutoff_is_the_latest_start_or_end(complaints):
    # latest timestamp in received_at/closed_at is C8's 2025-01-02: C5 is then 16 days old -> late,
    # C6 8 days -> pending, C8 0 days -> pending
    assert kpi.deadline_flags(complaints, **SPAN, limit_days=15).tolist() == \
        [True, True, False, False, False, pd.NA, pd.NA, pd.NA]


def test_cutoff_accepts_exported_at_and_aware_times(complaints):
    same = kpi.deadline_flags(complaints, **SPAN, limit_days=15, at=EXPORTED_AT)
    aware = kpi.deadline_flags(complaints, **SPAN, limit_days=15, at=pd.Timestamp(AT, tz="UTC"))
    assert same.equals(kpi.deadline_flags(complaints, **SPAN, limit_days=15, at=AT)) and same.equals(aware)


def test_hours_and_days_are_the_same_limit(complaints):
    days = kpi.deadline_flags(complaints, **SPAN, limit_days=15, at=AT)
    assert days.equals(kpi.deadline_flags(complaints, **SPAN, limit_hours=360, at=AT))


def test_limit_per_row_from_a_column(complaints):
    # C1 9 days on a 7-day limit -> late; C2 15 days on 30 -> met; C3 no limit -> pending;
    # C4 open 31 days on 60 -> pending; C5 open 15 days on 7 -> late; rest pending as before
    frame = complaints.assign(limit=[7, 30, None, 60, 7, 7, 7, 7])
    flags = kpi.deadline_flags(frame, **SPAN, limit_days="limit", at=AT)
    assert flags.tolist() == [False, True, pd.NA, pd.NA, False, pd.NA, pd.NA, pd.NA]


def test_empty_and_undecided_give_nan():
    empty = pd.DataFrame({"received_at": pd.to_datetime([]), "closed_at": pd.to_datetime([])})
    assert math.isnan(kpi.deadline_compliance(empty, **SPAN, limit_days=15))
    fresh = pd.DataFrame({"received_at": ts("2024-12-30"), "closed_at": ts(None)})
    assert math.isnan(kpi.deadline_compliance(fresh, **SPAN, limit_days=15, at=AT))


def test_text_dates_are_read():
    # 2024-12-01 08:00 -> 2024-12-05 08:00 is 4 days on a 3-day limit: late
    text = pd.DataFrame({"received_at": ["2024-12-01 08:00"], "closed_at": ["2024-12-05 08:00"]})
    assert kpi.deadline_flags(text, **SPAN, limit_days=3, at=AT).tolist() == [False]


@pytest.mark.parametrize("limits, message", [
    ({}, "exactly one of limit_days= or limit_hours="),
    ({"limit_days": 15, "limit_hours": 360}, "exactly one of limit_days= or limit_hours="),
    ({"limit_days": 0}, "limit_days must be a positive number"),
    ({"limit_hours": -8}, "limit_hours must be a positive number"),
    ({"limit_days": True}, "limit_days must be a positive number"),
    ({"limit_days": float("nan")}, "limit_days must be a positive number"),
])
def test_bad_limits_are_refused(complaints, limits, message):
    with pytest.raises(ConfigError, match=message):
        kpi.deadline_flags(complaints, **SPAN, **limits, at=AT)


def test_bad_columns_and_values_are_named(complaints):
    with pytest.raises(DataError, match="column 'done_at': deadline_compliance needs this column"):
        kpi.deadline_compliance(complaints, start="received_at", end="done_at", limit_days=15)
    with pytest.raises(DataError, match="column 'days'"):
        kpi.deadline_flags(complaints, **SPAN, limit_days="days")
    with pytest.raises(DataError, match=r"column 'limit': must be a positive number; rows C2"):
        kpi.deadline_flags(complaints.assign(limit=[7, 0, 7, 7, 7, 7, 7, 7]), **SPAN, limit_days="limit")
    backwards = complaints.assign(closed_at=complaints["closed_at"].where(complaints.index != "C1",
                                                                          pd.Timestamp("2024-11-30")))
    with pytest.raises(DataError, match=r"column 'closed_at': must not be earlier than received_at; rows C1"):
        kpi.deadline_flags(backwards, **SPAN, limit_days=15)
    with pytest.raises(ConfigError, match="at must be a date-time"):
        kpi.deadline_flags(complaints, **SPAN, limit_days=15, at="yesterday-ish")


# ------------------------------------------------------------------ SLA: the same rule, the ticket's own hours

@pytest.fixture
def sla_table():
    created = "2024-01-01 00:00"
    return pd.DataFrame({
        "created_at": ts(created, created, created, created, created),
        "resolved_at": ts("2024-01-01 04:00", "2024-01-01 09:00", None, None, "2024-01-01 02:00"),
        "sla_hours": [8.0, 8.0, 8.0, 48.0, np.nan],
    })


def test_sla_flags(sla_table):
    # at 2024-01-02: 4 h on 8 (met); 9 h on 8 (late); open 24 h on 8 (late); open 24 h on 48 (pending);
    # no SLA (not counted)
    flags = kpi.sla_flags(sla_table, at="2024-01-02")
    assert flags.name == "sla_met" and flags.tolist() == [True, False, False, pd.NA, pd.NA]
    # sla_compliance is the mean of the decided flags: 1 / 3
    assert kpi.sla_compliance(sla_table, at="2024-01-02") == pytest.approx(1 / 3)
    same = kpi.deadline_flags(sla_table, start="created_at", end="resolved_at", limit_hours="sla_hours",
                              at="2024-01-02")
    assert same.tolist() == flags.tolist()


def test_shipped_flag_agrees_for_closed_complaints_only():
    # The data's closed_within_limit marks every open complaint as 0. For closed ones it must agree with
    # the rule (the limits are 15 days in finance, 7 elsewhere); open ones are late or pending instead.
    c = load("complaints")
    limit = np.where(c["industry"] == "finance", 15, 7)
    flags = kpi.deadline_flags(c.assign(limit=limit), **SPAN, limit_days="limit", at=EXPORTED_AT)
    closed = c["closed_at"].notna()
    assert (flags[closed].astype(bool) == c.loc[closed, "closed_within_limit"]).all()
    assert flags[~closed].ne(True).all()
    # recently received open complaints exist, so the rule and the naive mean differ
    assert flags[~closed].isna().any()
