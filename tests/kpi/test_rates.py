"""Hand-computed checks of the ticket rates (FCR, first-time fix, SLA, re-open, repeat repair)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from coursekit import kpi
from coursekit.errors import ConfigError, DataError


def ts(*stamps):
    return pd.to_datetime(list(stamps))


# ------------------------------------------------------------------ FCR

@pytest.fixture
def fcr_table():
    return pd.DataFrame({
        "team": ["A", "A", "A", "B", "B", "C"],
        "first_contact_resolved": pd.array([True, False, True, False, False, None], dtype="boolean"),
    })


def test_fcr_overall_excludes_missing_flag(fcr_table):
    # recorded flags T F T F F (row 5 missing): 2 / 5 = 0.4
    assert kpi.fcr(fcr_table) == pytest.approx(0.4)


def test_fcr_by_team_with_empty_group(fcr_table):
    # A: T F T -> 2/3; B: F F -> 0/2 = 0; C: only a missing flag -> no eligible row -> NaN
    out = kpi.fcr(fcr_table, by="team")
    assert out.name == "fcr" and out.index.name == "team"
    assert list(out.index) == ["A", "B", "C"]
    assert out["A"] == pytest.approx(2 / 3)
    assert out["B"] == 0.0
    assert math.isnan(out["C"])


def test_fcr_accepts_plain_bool_and_01():
    # 1 0 1 1 -> 3/4
    assert kpi.fcr(pd.DataFrame({"first_contact_resolved": [1, 0, 1, 1]})) == 0.75
    assert kpi.fcr(pd.DataFrame({"first_contact_resolved": [True, False, True, True]})) == 0.75


def test_fcr_empty_table_is_nan():
    empty = pd.DataFrame({"first_contact_resolved": pd.array([], dtype="boolean")})
    assert math.isnan(kpi.fcr(empty))


def test_fcr_bad_flag_names_column_rows_and_form():
    bad = pd.DataFrame({"first_contact_resolved": [True, "是", False, "maybe"]}, index=[10, 11, 12, 13])
    with pytest.raises(DataError) as err:
        kpi.fcr(bad)
    text = str(err.value)
    assert "first_contact_resolved" in text and "rows 11, 13" in text
    assert "'maybe'" in text and "true/false" in text


def test_fcr_missing_column_names_it():
    with pytest.raises(DataError, match="first_contact_resolved.*columns found: team"):
        kpi.fcr(pd.DataFrame({"team": ["A"]}))


def test_fcr_01_out_of_range_is_rejected():
    with pytest.raises(DataError, match=r"rows 1 \(values: 2.0\)"):
        kpi.fcr(pd.DataFrame({"first_contact_resolved": [1, 2]}))


# ------------------------------------------------------------------ first-time fix

def test_first_time_fix_only_counts_visits():
    t = pd.DataFrame({
        "onsite_visit": pd.array([True, True, False, True, None, True], dtype="boolean"),
        "first_time_fix": pd.array([True, False, None, True, True, None], dtype="boolean"),
    })
    # eligible: visit true and a flag recorded -> rows 0 (T), 1 (F), 3 (T); row 4 (visit unknown)
    # and row 5 (flag missing) are left out: 2 / 3
    assert kpi.first_time_fix(t) == pytest.approx(2 / 3)
    # without the onsite_visit column every recorded flag counts: T F T T -> 3/4
    assert kpi.first_time_fix(t.drop(columns="onsite_visit")) == 0.75


# ------------------------------------------------------------------ SLA

@pytest.fixture
def sla_table():
    created = "2024-01-01 00:00"
    return pd.DataFrame({
        "agent_id": ["A", "A", "A", "B", "B", "B", "C"],
        "created_at": ts(created, created, created, created, created, created, "2024-01-02 00:00"),
        "resolved_at": ts("2024-01-01 04:00",   # 4 h on 8 h: met
                          "2024-01-01 08:00",   # exactly 8 h on 8 h: met (<=, a tie)
                          "2024-01-01 09:00",   # 9 h on 8 h: breached
                          None,                 # open; breached once older than 8 h
                          None,                 # open on a 24 h SLA: pending until 24 h
                          "2024-01-01 02:00",   # no SLA: not counted
                          None),                # created after the cut-offs below
        "sla_hours": [8.0, 8.0, 8.0, 8.0, 24.0, np.nan, 8.0],
    })


def test_sla_compliance_at_cutoffs(sla_table):
    # at 10:00: met rows 0, 1; breached rows 2 and 3 (open, 10 h > 8 h); row 4 pending -> 2/4
    assert kpi.sla_compliance(sla_table, at="2024-01-01 10:00") == 0.5
    # at 06:00: only row 0 is known (met); rows 1-4 are open and within SLA -> 1/1
    assert kpi.sla_compliance(sla_table, at="2024-01-01 06:00") == 1.0
    # at 08:30: rows 0, 1 met; row 2 still open but 8.5 h > 8 h -> breached; row 3 breached -> 2/4
    assert kpi.sla_compliance(sla_table, at="2024-01-01 08:30") == 0.5
    # 2024-01-03: row 4 open 48 h > 24 h -> breached; row 6 open 24 h > 8 h -> breached:
    # met 0, 1; breached 2, 3, 4, 6 -> 2/6
    assert kpi.sla_compliance(sla_table, at="2024-01-03 00:00") == pytest.approx(1 / 3)


def test_sla_default_cutoff_is_latest_timestamp(sla_table):
    # latest timestamp = row 6 created 2024-01-02 00:00 -> same as at="2024-01-02 00:00":
    # met 0, 1; breached 2, 3 (24 h > 8 h); row 4 open exactly 24 h = SLA -> still pending;
    # row 6 age 0 -> pending: 2/4
    assert kpi.sla_compliance(sla_table) == 0.5
    assert kpi.sla_compliance(sla_table) == kpi.sla_compliance(sla_table, at="2024-01-02 00:00")


def test_sla_by_agent(sla_table):
    # at 10:00 -> A: met, met, breached = 2/3; B: row 3 breached, row 4 pending, row 5 no SLA = 0/1;
    # C: created after the cut-off -> no eligible row -> NaN
    out = kpi.sla_compliance(sla_table, by="agent_id", at="2024-01-01 10:00")
    assert out["A"] == pytest.approx(2 / 3) and out["B"] == 0.0 and math.isnan(out["C"])


def test_sla_rejects_non_positive_hours(sla_table):
    bad = sla_table.assign(sla_hours=[8.0, 0.0, 8.0, -1.0, 8.0, 8.0, 8.0])
    with pytest.raises(DataError, match=r"column 'sla_hours': must be a positive number of hours; rows 1, 3"):
        kpi.sla_compliance(bad)


# ------------------------------------------------------------------ re-open

def test_reopen_rate_denominator_is_ever_resolved():
    t = pd.DataFrame({
        "team": ["A", "A", "A", "B", "B"],
        "resolved_at": ts("2024-01-02", "2024-01-03", "2024-01-04", None, None),
        "reopened": pd.array([True, False, None, True, False], dtype="boolean"),
    })
    # ever resolved: rows 0-2 (resolved_at) and row 3 (re-opened, so it was closed once);
    # row 4 never resolved. Recorded flags among them: T, F, (NA skipped), T -> 2/3
    assert kpi.reopen_rate(t) == pytest.approx(2 / 3)
    # A: T F -> 1/2; B: row 3 T -> 1/1
    assert kpi.reopen_rate(t, by="team").to_dict() == {"A": 0.5, "B": 1.0}


# ------------------------------------------------------------------ repeat repair

@pytest.fixture
def repairs():
    return pd.DataFrame({
        "team": ["A", "A", "A", "B", "B", "B", "B", "C", "C"],
        "serial_no": pd.array(["S1", "S1", "S1", "S2", "S2", "S3", None, "S4", "S4"], dtype="str"),
        "created_at": ts("2024-01-01", "2024-01-20", "2024-02-25", "2024-01-01", "2024-02-09",
                         "2024-01-05", "2024-01-05", "2024-03-01", "2024-03-15"),
        "resolved_at": ts("2024-01-02", "2024-01-21", "2024-02-26", "2024-01-10", "2024-02-10",
                          "2024-01-06", "2024-01-06", None, "2024-03-16"),
    })


def test_repeat_repair_rate_hand_computed(repairs):
    # S1: row 0 resolved 01-02, next S1 ticket 01-20 -> 18 days <= 30: repeated;
    #     row 1 resolved 01-21, next 02-25 -> 35 days: not; row 2 is the last: not.
    # S2: row 3 resolved 01-10, next 02-09 -> exactly 30 days (tie, <=): repeated; row 4: not.
    # S3: single repair: not. Row 6 has no serial: not a repair.
    # S4: row 7 still open -> measured from creation 03-01 to 03-15 = 14 days: repeated; row 8 not.
    # repairs = 8, repeated = rows 0, 3, 7 -> 3/8
    assert kpi.repeat_repair_rate(repairs) == pytest.approx(3 / 8)
    # by team: A 1/3, B 1/3 (rows 3, 4, 5), C 1/2
    out = kpi.repeat_repair_rate(repairs, by="team")
    assert out.to_dict() == pytest.approx({"A": 1 / 3, "B": 1 / 3, "C": 0.5})


def test_repeat_repair_window(repairs):
    # window 17 days: 18 and 30 days fail, 14 days (S4) passes -> 1/8
    assert kpi.repeat_repair_rate(repairs, window_days=17) == pytest.approx(1 / 8)
    # window 35 days: row 1 (35 days) joins -> 4/8
    assert kpi.repeat_repair_rate(repairs, window_days=35) == 0.5
    with pytest.raises(ConfigError):
        kpi.repeat_repair_rate(repairs, window_days=0)


def test_repeat_repair_is_row_order_invariant(repairs):
    shuffled = repairs.sample(frac=1.0, random_state=3)
    assert kpi.repeat_repair_rate(shuffled) == kpi.repeat_repair_rate(repairs)
    pd.testing.assert_series_equal(kpi.repeat_repair_rate(shuffled, by="team"),
                                   kpi.repeat_repair_rate(repairs, by="team"))


def test_repeat_repair_same_moment_tie_uses_row_position():
    t = pd.DataFrame({
        "serial_no": ["S1", "S1"],
        "created_at": ts("2024-01-01 09:00", "2024-01-01 09:00"),
        "resolved_at": ts("2024-01-01 10:00", "2024-01-01 11:00"),
    })
    # same creation time: row 0 comes first; row 1 was created before row 0 was resolved
    # (gap -1 h <= 30 days) -> row 0 repeated, row 1 last -> 1/2
    assert kpi.repeat_repair_rate(t) == 0.5


def test_repeat_repair_without_repairs_is_nan():
    t = pd.DataFrame({"serial_no": pd.array([None, None], dtype="str"),
                      "created_at": ts("2024-01-01", "2024-01-02"), "resolved_at": ts(None, None)})
    assert math.isnan(kpi.repeat_repair_rate(t))
