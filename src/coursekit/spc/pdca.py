"""A small PDCA (Plan-Do-Check-Act) record: what was planned, what was done, did the KPI move.

>>> cycle = PDCACycle("缩短退款周期", ["预审核", "每日清单"], kpi="return_time_h",
...                   baseline=72.0, after=48.0, direction="lower")
>>> cycle.delta, round(cycle.relative_change, 3), cycle.improved
(-24.0, -0.333, True)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from coursekit.errors import DataError
from coursekit.results import Result

#: The four steps of a cycle, in order.
Stage = Literal["plan", "do", "check", "act"]
STAGES: tuple[Stage, ...] = ("plan", "do", "check", "act")


@dataclass
class PDCACycle(Result):
    """One improvement cycle.

    ``direction`` says which way is better for the KPI (``"higher"`` or
    ``"lower"``); ``after`` stays ``None`` until the Check step.
    """

    plan: str
    measures: list[str] = field(default_factory=list)
    kpi: str = ""
    baseline: float | None = None
    after: float | None = None
    direction: Literal["higher", "lower"] = "higher"
    stage: Stage = "plan"
    notes: str = ""

    def __post_init__(self) -> None:
        if self.direction not in ("higher", "lower"):
            raise DataError("direction", f"must be 'higher' or 'lower', got {self.direction!r}",
                            hint="say which way the KPI improves")
        if self.stage not in STAGES:
            raise DataError("stage", f"must be one of {STAGES}, got {self.stage!r}",
                            hint="use the English stage name")

    @property
    def delta(self) -> float | None:
        """``after − baseline`` (``None`` until both are known).

        >>> PDCACycle("x", baseline=10.0).delta is None
        True
        """
        if self.baseline is None or self.after is None:
            return None
        return float(self.after) - float(self.baseline)

    @property
    def relative_change(self) -> float | None:
        """``delta / baseline`` (``None`` if unknown or the baseline is 0).

        >>> PDCACycle("x", baseline=0.5, after=0.6).relative_change
        0.2
        """
        if self.delta is None or not self.baseline:
            return None
        return self.delta / float(self.baseline)

    @property
    def improved(self) -> bool | None:
        """Whether the KPI moved the good way (``None`` until measured).

        >>> PDCACycle("x", kpi="fcr", baseline=0.7, after=0.75).improved
        True
        """
        if self.delta is None:
            return None
        return self.delta > 0 if self.direction == "higher" else self.delta < 0

    def title(self) -> str:
        return f"PDCA 循环：{self.plan}"

    def table(self) -> pd.DataFrame:
        """This cycle as one row of :func:`pdca_table`.

        >>> PDCACycle("a", ["m"], "fcr", 0.7, 0.8).table()["improved"].tolist()
        [True]
        """
        return pdca_table([self])

    def advance(self) -> Stage:
        """Move to the next stage (act → plan starts the next turn) and return it.

        >>> c = PDCACycle("x"); c.advance(), c.advance()
        ('do', 'check')
        """
        self.stage = STAGES[(STAGES.index(self.stage) + 1) % len(STAGES)]
        return self.stage


def pdca_table(cycles: Iterable[PDCACycle]) -> pd.DataFrame:
    """One row per cycle: plan, measures, KPI, stage, baseline, after, delta, improved.

    >>> pdca_table([PDCACycle("a", ["m"], "fcr", 0.7, 0.8)])[["kpi", "delta"]].round(2)
       kpi  delta
    0  fcr    0.1
    """
    rows = [
        {
            "plan": c.plan,
            "measures": "; ".join(c.measures),
            "kpi": c.kpi,
            "stage": c.stage,
            "baseline": c.baseline,
            "after": c.after,
            "delta": c.delta,
            "relative_change": c.relative_change,
            "improved": c.improved,
        }
        for c in cycles
    ]
    columns = ["plan", "measures", "kpi", "stage", "baseline", "after", "delta", "relative_change", "improved"]
    return pd.DataFrame(rows, columns=columns)
