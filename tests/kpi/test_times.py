"""Hand-computed checks of response/resolution times, return time and backlog."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from coursekit import kpi
from coursekit.errors import ConfigError, DataError


def ts(*stamps):
    return pd.to_datetime(list(stamps))


@pytest.fixture
def tickets():
    return pd.DataFrame({
        "agent_id": ["A", "A", "B", "B", "C"],
        "created_at": ts("2024-01-01 08:00", "2024-01-01 09:00", "2024-01-01 10:00",
                         "2024-01-02 08:00", "2024-01-02 09:00"),
        #                         +1 h                +2 h                +4 h          missing   +0.5 h
        "first_response_at": ts("2024-01-01 09:00", "2024-01-01 11:00", "2024-01-01 14:00", None,
                                "2024-01-02 09:30"),
        #                   +2 h                +10 h               open  +6 h                +3 h
        "resolved_at": ts("2024-01-01 10:00", "2024-01-01 19:00", None, "2024-01-02 14:00",
                          "2024-01-02 12:00"),
    })


def test_first_response_mean_and_median(tickets):
    # durations 1, 2, 4, (missing), 0.5 -> mean 7.5 / 4 = 1.875; sorted 0.5 1 2 4 -> median (1 + 2)/2 = 1.5
    assert kpi.frt_mean_h(tickets) == 1.875
    assert kpi.frt_median_h(tickets) == 1.5


def test_first_response_by_agent(tickets):
    # A: 1, 2 -> mean 1.5 (median 1.5); B: 4 and missing -> 4; C: 0.5
    assert kpi.frt_mean_h(tickets, by="agent_id").to_dict() == {"A": 1.5, "B": 4.0, "C": 0.5}
    assert kpi.frt_median_h(tickets, by="agent_id").to_dict() == {"A": 1.5, "B": 4.0, "C": 0.5}


def test_time_to_resolve_excludes_open(tickets):
    # resolved: 2, 10, 6, 3 (row 2 open) -> mean 21/4 = 5.25; sorted 2 3 6 10 -> median 4.5
    assert kpi.ttr_mean_h(tickets) == 5.25
    assert kpi.ttr_median_h(tickets) == 4.5
    # B: row 2 open, row 3 6 h -> 6; A: 2, 10 -> mean 6, median 6
    assert kpi.ttr_mean_h(tickets, by="agent_id").to_dict() == {"A": 6.0, "B": 6.0, "C": 3.0}


def test_group_with_only_open_tickets_is_nan(tickets):
    only_open = tickets.assign(agent_id=["A", "A", "D", "B", "C"])
    out = kpi.ttr_median_h(only_open, by="agent_id")
    assert list(out.index) == ["A", "B", "C", "D"] and math.isnan(out["D"])


def test_per_ticket_hours(tickets):
    assert kpi.first_response_hours(tickets).tolist()[:3] == [1.0, 2.0, 4.0]
    assert kpi.resolve_hours(tickets).isna().tolist() == [False, False, True, False, False]


def test_negative_duration_names_rows(tickets):
    bad = tickets.copy()
    bad.loc[4, "resolved_at"] = pd.Timestamp("2024-01-02 08:00")  # before created 09:00
    with pytest.raises(DataError) as err:
        kpi.ttr_mean_h(bad)
    text = str(err.value)
    assert "column 'resolved_at': must not be earlier than created_at; rows 4" in text
    assert "2024-01-02 08:00" in text


def test_string_timestamps_are_parsed_and_bad_ones_reported():
    t = pd.DataFrame({"created_at": ["2024-01-01 08:00", "2024-01-01 09:00"],
                      "first_response_at": ["2024-01-01 08:30", "later"]})
    with pytest.raises(DataError, match=r"first_response_at.*date-time.*rows 1 \(values: 'later'\)"):
        kpi.frt_mean_h(t)
    # 0.5 h for the parseable row only
    assert kpi.frt_mean_h(t.iloc[:1]) == 0.5


def test_return_time():
    r = pd.DataFrame({
        "agent_id": ["A", "A", "B", "B"],
        "goods_received_at": ts("2024-05-01 10:00", "2024-05-02 10:00", "2024-05-03 00:00", None),
        "refund_completed_at": ts("2024-05-02 10:00", "2024-05-05 10:00", "2024-05-04 12:00", None),
    })
    # 24 h, 72 h, 36 h, (no return) -> mean 132/3 = 44; median 36
    assert kpi.return_time_h(r) == 44.0
    assert kpi.return_time_h(r, stat="median") == 36.0
    assert kpi.return_time_h(r, by="agent_id").to_dict() == {"A": 48.0, "B": 36.0}
    with pytest.raises(ConfigError):
        kpi.return_time_h(r, stat="max")


def test_backlog_counts_open_at_cutoff(tickets):
    # default cut-off: latest timestamp (2024-01-02 14:00) -> only row 2 open
    assert kpi.backlog(tickets) == 1
    # at 2024-01-01 09:30: created rows 0 (resolved 10:00 -> open) and 1 -> 2
    assert kpi.backlog(tickets, at="2024-01-01 09:30") == 2
    # at 2024-01-01 10:00: row 0 resolved exactly then -> closed; rows 1, 2 open -> 2
    assert kpi.backlog(tickets, at="2024-01-01 10:00") == 2
    # before any ticket: 0
    assert kpi.backlog(tickets, at="2023-12-31") == 0
    out = kpi.backlog(tickets, by="agent_id")
    assert out.to_dict() == {"A": 0, "B": 1, "C": 0} and str(out.dtype) == "int64"


def test_backlog_empty_table_is_zero():
    empty = pd.DataFrame({"created_at": ts(), "resolved_at": ts()})
    assert kpi.backlog(empty) == 0


def test_backlog_age_profile(tickets):
    # at 2024-01-04 10:00: row 2 open since 2024-01-01 10:00 = 72 h -> band 72-168h ([72, 168))
    prof = kpi.backlog_age(tickets, at="2024-01-04 10:00")
    assert prof.to_dict() == {"0-24h": 0, "24-72h": 0, "72-168h": 1, "168-720h": 0, ">=720h": 0}
    # at 2024-01-01 12:00: rows 1 (3 h) and 2 (2 h) open -> both under 24 h; by agent A 1, B 1
    by = kpi.backlog_age(tickets, by="agent_id", at="2024-01-01 12:00", bins=(0, 24, float("inf")))
    assert list(by.columns) == ["0-24h", ">=24h"]
    assert by["0-24h"].to_dict() == {"A": 1, "B": 1, "C": 0}
    with pytest.raises(ConfigError):
        kpi.backlog_age(tickets, bins=(24, 0))


@pytest.mark.parametrize(("func", "end"), [
    (kpi.frt_mean_h, "first_response_at"), (kpi.frt_median_h, "first_response_at"),
    (kpi.ttr_mean_h, "resolved_at"), (kpi.ttr_median_h, "resolved_at"),
])
def test_time_kpis_name_their_result_and_their_errors(tickets, func, end):
    # the four share one body: each must still measure its own span and speak in its own name
    assert func(tickets, by="agent_id").name == func.__name__
    with pytest.raises(DataError, match=rf"column '{end}': {func.__name__} needs this column"):
        func(tickets.drop(columns=end))
    early = tickets.assign(**{end: tickets["created_at"] - pd.Timedelta(hours=1)})
    with pytest.raises(DataError, match=rf"column '{end}': must not be earlier than created_at; rows 0, 1"):
        func(early)


def test_time_kpis_measure_their_own_span():
    # response +1 h / +3 h, resolution +2 h / +10 h, return 24 h / 48 h: every statistic is distinct
    t = pd.DataFrame({
        "agent_id": ["A", "A"],
        "created_at": ts("2024-01-01 08:00", "2024-01-01 08:00"),
        "first_response_at": ts("2024-01-01 09:00", "2024-01-01 11:00"),
        "resolved_at": ts("2024-01-01 10:00", "2024-01-01 18:00"),
        "goods_received_at": ts("2024-01-02 00:00", "2024-01-02 00:00"),
        "refund_completed_at": ts("2024-01-03 00:00", "2024-01-04 00:00"),
    })
    assert (kpi.frt_mean_h(t), kpi.ttr_mean_h(t), kpi.return_time_h(t)) == (2.0, 6.0, 36.0)
    assert kpi.frt_median_h(t.iloc[:1]) == 1.0 and kpi.ttr_median_h(t.iloc[1:]) == 10.0
    assert kpi.return_time_h(t, by="agent_id", stat="median").to_dict() == {"A": 36.0}
