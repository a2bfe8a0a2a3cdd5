"""Survey KPIs: CSAT (top-2-box or mean), NPS and CES 2.0.

Each function takes the surveys table (the ``csat`` / ``nps`` / ``ces``
column), a Series, or a plain sequence of answers. Missing answers
(``None``/``NaN``) are excluded from numerator and denominator;
:func:`answer_counts` reports how many there were. Answers outside the scale,
or not whole numbers, raise :class:`~coursekit.errors.DataError` naming the
column, the rows (index labels; positions for a plain sequence) and the scale.

>>> csat([5, 4, 3, 2, 5])
0.6
>>> nps([10, 9, 8, 6, 0])
0.0
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, overload

import numpy as np
import pandas as pd

from coursekit.checks import choose
from coursekit.errors import ConfigError, DataError
from coursekit.kpi._frame import By, as_float, by_list, check_scores, reduce, require
from coursekit.kpi.spec import DEFAULT_OPTIONS, Options, compute
from coursekit.schema import SURVEYS

#: Answer column -> its scale (:class:`~coursekit.schema.Range`), from the data contract.
SCALES = {name: col.valid for name, col in SURVEYS.items() if col.valid is not None}


def answers(data: Any, column: str, by: By = None) -> tuple[np.ndarray, pd.DataFrame]:
    """Validated answers of ``column`` as floats, plus the frame used for grouping.

    >>> answers([1, None, 5], "csat")[0].tolist()
    [1.0, nan, 5.0]
    """
    frame = survey_frame(data, column, by)
    return check_scores(as_float(frame, column), SCALES[column], column, frame.index,
                        shown=frame[column].to_numpy(dtype=object)), frame


def survey_frame(data: Any, column: str, by: By = None) -> pd.DataFrame:
    """``data`` as a table with the answer ``column``: the surveys DataFrame itself, or a Series/sequence.

    >>> survey_frame([5, 4], "csat")["csat"].tolist()
    [5, 4]
    """
    if isinstance(data, pd.DataFrame):
        require(data, [column], column)
        return data
    if by_list(by):
        raise ConfigError(f"by= needs the surveys DataFrame (with a {column!r} column), not a sequence")
    series = data if isinstance(data, pd.Series) else pd.Series(list(_as_sequence(data, column)), dtype=object)
    return series.to_frame(column)


def _as_sequence(data: Any, column: str) -> Sequence[Any]:
    if isinstance(data, (str, bytes)) or not hasattr(data, "__iter__"):
        raise DataError(column, f"expected a surveys DataFrame or a sequence of answers, got {data!r}")
    return list(data)


def csat_values(surveys: pd.DataFrame, options: Options = DEFAULT_OPTIONS) -> np.ndarray:
    """Per answer 1.0 when ``csat`` is 4 or 5 (top-2-box), 0.0 otherwise, ``NaN`` unanswered."""
    values, _ = answers(surveys, "csat")
    return np.where(np.isnan(values), np.nan, values >= 4)


def csat_score_values(surveys: pd.DataFrame, options: Options = DEFAULT_OPTIONS) -> np.ndarray:
    """The 1-5 ``csat`` answers (the values of ``csat_mean``)."""
    return answers(surveys, "csat")[0]


def nps_values(surveys: pd.DataFrame, options: Options = DEFAULT_OPTIONS) -> np.ndarray:
    """Per ``nps`` answer +100 promoter (9-10), -100 detractor (0-6), 0 passive (7-8)."""
    return _nps_values(answers(surveys, "nps")[0])


def ces_values(surveys: pd.DataFrame, options: Options = DEFAULT_OPTIONS) -> np.ndarray:
    """The 1-7 ``ces`` answers."""
    return answers(surveys, "ces")[0]


@overload
def csat(scores: Any, by: None = None, *, method: Literal["top2box", "mean"] = "top2box") -> float: ...
@overload
def csat(scores: Any, by: str | Sequence[str], *, method: Literal["top2box", "mean"] = "top2box") -> pd.Series: ...
def csat(scores: Any, by: By = None, *, method: Literal["top2box", "mean"] = "top2box") -> float | pd.Series:
    """Customer satisfaction from 1-5 answers (5 = very satisfied).

    ``method="top2box"`` (default, KPI ``csat``): share of answers that are 4
    or 5, a fraction in [0, 1]. ``method="mean"`` (KPI ``csat_mean``): the mean
    answer on 1-5. The two are not comparable with each other.

    >>> round(csat([5, 4, 3, None]), 3)  # 2 of 3 answers are 4 or 5
    0.667
    >>> csat([5, 4, 3], method="mean")
    4.0
    >>> import pandas as pd
    >>> s = pd.DataFrame({"agent_id": ["A", "A", "B"], "csat": [5, 2, 4]})
    >>> csat(s, by="agent_id").to_dict()
    {'A': 0.5, 'B': 1.0}
    """
    code = {"top2box": "csat", "mean": "csat_mean"}[choose(method, ("top2box", "mean"), "CSAT method")]
    return compute(code, survey_frame(scores, "csat", by), by)


@overload
def csat_mean(scores: Any, by: None = None) -> float: ...
@overload
def csat_mean(scores: Any, by: str | Sequence[str]) -> pd.Series: ...
def csat_mean(scores: Any, by: By = None) -> float | pd.Series:
    """Mean CSAT answer on 1-5 (same as ``csat(scores, method="mean")``).

    >>> csat_mean([5, 4, 4, 3])
    4.0
    """
    return csat(scores, by, method="mean")


def _nps_values(values: np.ndarray) -> np.ndarray:
    """+100 for promoters (9-10), -100 for detractors (0-6), 0 for passives (7-8)."""
    return np.where(np.isnan(values), np.nan, np.where(values >= 9, 100.0, np.where(values <= 6, -100.0, 0.0)))


@overload
def nps(scores: Any, by: None = None) -> float: ...
@overload
def nps(scores: Any, by: str | Sequence[str]) -> pd.Series: ...
def nps(scores: Any, by: By = None) -> float | pd.Series:
    """Net promoter score on -100..100 from 0-10 "would you recommend" answers.

    NPS = 100 x (promoters 9-10 - detractors 0-6) / all answers; passives
    (7-8) stay in the denominator.

    >>> nps([10, 9, 9, 7, 3])          # (3 - 1) / 5 * 100
    40.0
    >>> nps([8, 7])
    0.0
    """
    return compute("nps", survey_frame(scores, "nps", by), by)


@overload
def ces(scores: Any, by: None = None) -> float: ...
@overload
def ces(scores: Any, by: str | Sequence[str]) -> pd.Series: ...
def ces(scores: Any, by: By = None) -> float | pd.Series:
    """Customer effort score, CES 2.0: mean agreement 1-7 with "the company made it easy".

    Higher is better (less effort). CES 1.0 (1-5 effort, lower is better) is
    a different scale and is not accepted.

    >>> ces([7, 6, 5, 6])
    6.0
    """
    return compute("ces", survey_frame(scores, "ces", by), by)


def answer_counts(surveys: Any, by: By = None) -> pd.DataFrame | pd.Series:
    """How many answers and missing answers each survey question has.

    >>> import pandas as pd
    >>> s = pd.DataFrame({"csat": [5, None, 4], "nps": [9, 10, None]})
    >>> answer_counts(s).to_dict()
    {'csat_answered': 2, 'csat_missing': 1, 'nps_answered': 2, 'nps_missing': 1}
    """
    require(surveys, [], "answer_counts")
    out = {}
    for col in SCALES:
        if col in surveys.columns:
            present = surveys[col].notna().to_numpy()
            out[f"{col}_answered"] = reduce(present.astype(float), surveys, by, "sum", f"{col}_answered")
            out[f"{col}_missing"] = reduce((~present).astype(float), surveys, by, "sum", f"{col}_missing")
    if not by_list(by):
        return pd.Series(out, dtype="int64")
    return pd.DataFrame(out)
