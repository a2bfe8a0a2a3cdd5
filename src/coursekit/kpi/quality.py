"""Quality-assurance KPIs from sampled evaluations: QA score and critical error rate.

Only evaluated tickets (a non-missing ``qa_score`` / ``critical_errors``)
count; the others were not sampled.

>>> import pandas as pd
>>> q = pd.DataFrame({"agent_id": ["A", "A", "B", "B"],
...                   "qa_score": [90.0, 80.0, None, 70.0],
...                   "critical_errors": [0, 2, None, 0]})
>>> qa_score(q), round(critical_error_rate(q), 4)
(80.0, 0.3333)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import overload

import numpy as np
import pandas as pd

from coursekit.kpi._frame import By, as_float, check_scores, require
from coursekit.kpi.spec import DEFAULT_OPTIONS, Options, compute
from coursekit.schema import TICKETS


def _checked(tickets: pd.DataFrame, column: str) -> np.ndarray:
    """``column`` as floats, checked against its range in the data contract."""
    return check_scores(as_float(tickets, column), TICKETS[column].valid, column, tickets.index,
                        shown=tickets[column].to_numpy(dtype=object))


def qa_values(tickets: pd.DataFrame, options: Options = DEFAULT_OPTIONS) -> np.ndarray:
    """The checked 0-100 ``qa_score`` per ticket (``NaN`` not evaluated)."""
    require(tickets, ["qa_score"], "qa_score")
    return _checked(tickets, "qa_score")


@overload
def qa_score(tickets: pd.DataFrame, by: None = None) -> float: ...
@overload
def qa_score(tickets: pd.DataFrame, by: str | Sequence[str]) -> pd.Series: ...
def qa_score(tickets: pd.DataFrame, by: By = None) -> float | pd.Series:
    """Mean QA professionalism score (0-100) of the evaluated tickets.

    >>> import pandas as pd
    >>> q = pd.DataFrame({"agent_id": ["A", "A", "B"], "qa_score": [90.0, 80.0, 70.0]})
    >>> qa_score(q, by="agent_id").to_dict()
    {'A': 85.0, 'B': 70.0}
    """
    return compute("qa_score", tickets, by)


def critical_error_values(tickets: pd.DataFrame, options: Options = DEFAULT_OPTIONS) -> np.ndarray:
    """Per evaluated ticket 1.0 with at least one critical error, else 0.0 (``NaN`` not evaluated)."""
    require(tickets, ["critical_errors"], "critical_error_rate")
    errors = _checked(tickets, "critical_errors")
    return np.where(np.isnan(errors), np.nan, errors > 0)


@overload
def critical_error_rate(tickets: pd.DataFrame, by: None = None) -> float: ...
@overload
def critical_error_rate(tickets: pd.DataFrame, by: str | Sequence[str]) -> pd.Series: ...
def critical_error_rate(tickets: pd.DataFrame, by: By = None) -> float | pd.Series:
    """Share of evaluated tickets with at least one critical compliance error.

    A share of evaluations (not errors per evaluation): two errors in one
    evaluation count once.

    >>> import pandas as pd
    >>> q = pd.DataFrame({"agent_id": ["A", "A", "B", "B"], "critical_errors": [0, 2, None, 0]})
    >>> critical_error_rate(q, by="agent_id").to_dict()   # A: 1 of 2; B: 0 of 1 evaluated
    {'A': 0.5, 'B': 0.0}
    """
    return compute("critical_error_rate", tickets, by)
