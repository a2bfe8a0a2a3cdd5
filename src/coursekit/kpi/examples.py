"""Tiny hand-made tables for examples and exercises (numbers you can check by hand).

``tickets()``: 6 tickets of agents A, B, C (teams X and Y) over two days;
``surveys()``: 5 answers on the resolved ones. Their KPIs, by hand:

* FCR 4/6 = 0.667; time to first response 1, 3, 0.5, 1, 2, 0.25 h
  (mean 7.75/6 = 1.29 h, median 1 h); time to resolve 2, 4, 12, 2, 6 h over the
  5 resolved tickets (mean 5.2 h, median 4 h; T2 is still open).
* SLA (cut-off = latest timestamp, 2024-01-02 20:00): T1, T3 (4 h on a 4 h SLA),
  T5, T6 met; T4 late; open T2 is 35 h old on an 8 h SLA, so breached: 4/6.
* Backlog 1 (T2); re-open rate 1/5 (T4 of the 5 resolved tickets).
* CSAT answers 5, 4, 2, 5, 3: top-2-box 3/5 = 0.6, mean 3.8; NPS answers
  10, 9, 6, 8, 7: (2 promoters - 1 detractor)/5 x 100 = 20; CES 2.0 answers
  7, 6, 3, 6, 5: mean 5.4.

>>> from coursekit.kpi import examples, fcr
>>> round(fcr(examples.tickets()), 3)
0.667
"""

from __future__ import annotations

import pandas as pd


def tickets() -> pd.DataFrame:
    """Six example tickets with the core schema columns.

    >>> tickets()[["ticket_id", "agent_id", "team"]].head(2)
      ticket_id agent_id team
    0        T1        A    X
    1        T2        A    X
    """
    created = ["2024-01-01 08:00", "2024-01-01 09:00", "2024-01-01 10:00",
               "2024-01-02 08:00", "2024-01-02 09:00", "2024-01-02 10:00"]
    response = ["2024-01-01 09:00", "2024-01-01 12:00", "2024-01-01 10:30",
                "2024-01-02 09:00", "2024-01-02 11:00", "2024-01-02 10:15"]
    resolved = ["2024-01-01 10:00", None, "2024-01-01 14:00",
                "2024-01-02 20:00", "2024-01-02 11:00", "2024-01-02 16:00"]
    return pd.DataFrame({
        "ticket_id": ["T1", "T2", "T3", "T4", "T5", "T6"],
        "team": pd.Categorical(["X", "X", "Y", "Y", "Y", "Y"]),
        "agent_id": ["A", "A", "B", "B", "C", "C"],
        "created_at": pd.to_datetime(created),
        "first_response_at": pd.to_datetime(response),
        "resolved_at": pd.to_datetime(pd.Series(resolved, dtype=object)),
        "sla_hours": [8.0, 8.0, 4.0, 8.0, 8.0, 8.0],
        "first_contact_resolved": [True, False, True, False, True, True],
        "reopened": [False, False, False, True, False, False],
    })


def surveys() -> pd.DataFrame:
    """Five example survey answers (CSAT 1-5, NPS 0-10, CES 2.0 1-7).

    >>> surveys()["csat"].tolist()
    [5, 4, 2, 5, 3]
    """
    return pd.DataFrame({
        "survey_id": ["S1", "S2", "S3", "S4", "S5"],
        "ticket_id": ["T1", "T3", "T4", "T5", "T6"],
        "agent_id": ["A", "B", "B", "C", "C"],
        "csat": [5, 4, 2, 5, 3],
        "nps": [10, 9, 6, 8, 7],
        "ces": [7, 6, 3, 6, 5],
    })
