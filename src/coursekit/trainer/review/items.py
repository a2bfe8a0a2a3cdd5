"""Classical item analysis of an assignment's test cells, and trainee profiles.

For every item (graded cell) of a trainees × items score matrix:

``difficulty``
    mean score ÷ points, i.e. the proportion of the points the class earned
    (for pass/fail cells: the pass rate). High = easy.
``pass_rate``
    share of trainees with full points on the item.
``r_item_rest`` — the discrimination index used for flags
    corrected point-biserial correlation: Pearson's r between the item score
    and the *rest score* (total minus this item), so the item is not
    correlated with itself. For pass/fail items it equals the point-biserial
    ``(M1 - M0) / s * sqrt(p * q)`` with M1/M0 the mean rest score of those
    passing/failing, s the population standard deviation of the rest score.
``d_upper_lower``
    Kelley's upper-lower index: mean proportion in the top 27 % of trainees by
    total minus that in the bottom 27 % (groups of ``round(0.27 n)``, at least 1;
    ties at a group's edge are broken by trainee order).

Flags: ``too easy`` (difficulty > 0.9), ``too hard`` (difficulty < 0.2),
``negative discrimination`` (r_item_rest < 0).

>>> import pandas as pd
>>> m = pd.DataFrame({"q1": [1, 0, 1, 1], "q2": [1, 0, 1, 0]}, index=list("abcd"))
>>> item_analysis(m, pd.Series({"q1": 1, "q2": 1}))["difficulty"].tolist()
[0.75, 0.5]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coursekit.errors import DataError

TOO_EASY, TOO_HARD, NEGATIVE = "too easy", "too hard", "negative discrimination"
#: Chinese labels of the flags, for reports.
FLAG_LABELS = {TOO_EASY: "过易", TOO_HARD: "过难", NEGATIVE: "负区分度"}


def _check(matrix: pd.DataFrame, max_scores: pd.Series) -> pd.Series:
    if matrix.empty:
        raise DataError(None, "the score matrix is empty: no graded trainees",
                        hint="grade the assignment before analysing it")
    missing = [c for c in matrix.columns if c not in max_scores.index]
    if missing:
        raise DataError("max_scores", "must give the points of every item",
                        rows=missing, hint="pass a Series indexed by the matrix's columns")
    max_scores = max_scores.reindex(matrix.columns).astype("float64")
    bad = max_scores[~(max_scores > 0)]
    if len(bad):
        raise DataError("max_scores", "must be positive", rows=list(bad.index),
                        values=list(bad.to_numpy()), hint="drop items worth 0 points")
    values = matrix.astype("float64")
    over = [(s, c) for c in values.columns for s in values.index
            if values.loc[s, c] < 0 or values.loc[s, c] > max_scores[c] + 1e-9]
    if over:
        raise DataError(None, "scores must lie between 0 and the item's points",
                        rows=[f"{s}/{c}" for s, c in over],
                        values=[values.loc[s, c] for s, c in over],
                        hint="check the gradebook for manual scores above the maximum")
    return max_scores


def _pearson(x: np.ndarray, y: np.ndarray) -> float:
    if len(x) < 2 or np.std(x) == 0 or np.std(y) == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])


def item_analysis(matrix: pd.DataFrame, max_scores: pd.Series, *, easy: float = 0.9,
                  hard: float = 0.2, group: float = 0.27) -> pd.DataFrame:
    """Per-item statistics (see the module docstring), one row per column of ``matrix``.

    Trainees with any missing score (NaN: not graded) are left out.
    Columns: ``max_score, n, mean_score, difficulty, pass_rate, r_item_rest,
    d_upper_lower, flags`` (flags: ``"; "``-joined, ``""`` when none).
    """
    max_scores = _check(matrix, max_scores)
    complete = matrix.astype("float64").dropna(axis=0, how="any")
    if complete.empty:
        raise DataError(None, "no trainee has a score on every item",
                        hint="finish manual grading or analyse the test cells only")
    proportion = complete / max_scores
    total = complete.sum(axis=1)
    n = len(complete)
    size = max(1, int(round(group * n)))
    order = np.lexsort((np.arange(n), -total.to_numpy()))  # by total desc, then row order
    upper = complete.index[order[:size]]
    lower_order = np.lexsort((np.arange(n), total.to_numpy()))
    lower = complete.index[lower_order[:size]]
    rows = []
    for item in complete.columns:
        score = complete[item].to_numpy()
        rest = (total - complete[item]).to_numpy()
        difficulty = float(proportion[item].mean())
        r = _pearson(score, rest)
        d = float(proportion.loc[upper, item].mean() - proportion.loc[lower, item].mean())
        flags = []
        if difficulty > easy:
            flags.append(TOO_EASY)
        if difficulty < hard:
            flags.append(TOO_HARD)
        if r == r and r < 0:
            flags.append(NEGATIVE)
        rows.append({
            "max_score": float(max_scores[item]), "n": n,
            "mean_score": float(score.mean()), "difficulty": difficulty,
            "pass_rate": float((score >= max_scores[item] - 1e-9).mean()),
            "r_item_rest": r, "d_upper_lower": d, "flags": "; ".join(flags),
        })
    return pd.DataFrame(rows, index=pd.Index(list(complete.columns), name="item"))


def trainee_profiles(matrix: pd.DataFrame, max_scores: pd.Series, sections: pd.Series, *,
                     strength: float = 0.8, gap: float = 0.5) -> pd.DataFrame:
    """Each trainee's result per course section, labelled ``strength`` / ``gap``.

    ``sections`` maps item → section. Returns one row per trainee and section
    with ``score, max_score, proportion, class_proportion, label``; ``label`` is
    ``"strength"`` when the trainee earned at least ``strength`` of the
    section's points, ``"gap"`` below ``gap``, else ``""``. Ungraded items
    (NaN) count as 0.

    >>> m = pd.DataFrame({"q1": [1.0, 0.0], "q2": [1.0, 1.0]}, index=["a", "b"])
    >>> p = trainee_profiles(m, pd.Series({"q1": 1, "q2": 1}), pd.Series({"q1": "S1", "q2": "S2"}))
    >>> p.set_index(["student", "section"])["label"].to_dict()
    {('a', 'S1'): 'strength', ('a', 'S2'): 'strength', ('b', 'S1'): 'gap', ('b', 'S2'): 'strength'}
    """
    max_scores = _check(matrix.fillna(0.0), max_scores)
    missing = [c for c in matrix.columns if c not in sections.index]
    if missing:
        raise DataError("sections", "must name the section of every item", rows=missing,
                        hint="map each item to a section (see coursekit.trainer.author.sections)")
    section_of = sections.reindex(matrix.columns)
    order = list(dict.fromkeys(section_of.tolist()))
    scores = matrix.fillna(0.0).astype("float64").T.groupby(section_of.to_numpy(), sort=False).sum().T
    maxima = max_scores.groupby(section_of.to_numpy(), sort=False).sum()
    rows = []
    for student in scores.index:
        for section in order:
            got, most = float(scores.loc[student, section]), float(maxima[section])
            share = got / most
            label = "strength" if share >= strength else "gap" if share < gap else ""
            rows.append({"student": student, "section": section, "score": got,
                         "max_score": most, "proportion": share,
                         "class_proportion": float(scores[section].mean() / most),
                         "label": label})
    return pd.DataFrame(rows)
