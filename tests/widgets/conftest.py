"""The small KPI system and scorecard the dashboard tests share (worked by hand below)."""

from __future__ import annotations

import pandas as pd
import pytest

from coursekit.system import Dimension, Indicator, KPISystem


@pytest.fixture
def system():
    # global weights: csat 0.5, fcr 0.25, ttr_median_h 0.25
    return KPISystem([Dimension("客户", 0.5, [Indicator("csat", 1.0)]),
                      Dimension("效率", 0.5, [Indicator("fcr", 0.5), Indicator("ttr_median_h", 0.5)])])


@pytest.fixture
def card():
    # min-max scores (0-100): csat A1 100, A2 50, A3 0; fcr A1 0, A2 100, A3 50;
    # ttr_median_h (lower is better) A1 100, A2 50, A3 0
    # composite: A1 0.5*100 + 0.25*0 + 0.25*100 = 75; A2 25 + 25 + 12.5 = 62.5; A3 0 + 12.5 + 0 = 12.5
    return pd.DataFrame({"csat": [0.9, 0.8, 0.7], "fcr": [0.6, 0.8, 0.7], "ttr_median_h": [4.0, 6.0, 8.0]},
                        index=pd.Index(["A1", "A2", "A3"], name="agent_id"))
