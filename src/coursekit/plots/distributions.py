"""Score distributions, before/after comparisons and KPI bars across groups.

>>> from coursekit.plots import score_distribution, before_after, kpi_bars
>>> ax = score_distribution([55, 62, 71, 78, 83, 88, 91, 95])
>>> [float(v) for v in ax.get_xlim()]
[0.0, 100.0]
>>> ax = before_after([60, 70, 65], [72, 75, 80])
>>> len(ax.lines)                 # three people + the mean line
4
>>> ax = kpi_bars({"MF-T1": 0.72, "MF-T2": 0.70, "MF-T3": 0.61}, "fcr", target=0.7)
>>> len(ax.patches)
3
>>> import matplotlib.pyplot as plt; plt.close("all")
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from coursekit.errors import DataError, reject_missing
from coursekit.plots._common import HIGHLIGHT, MUTED, PALETTE, Texts, _fraction_like, as_values, new_axes

# best to worst: green, blue, sky blue, orange, vermillion (Okabe-Ito)
GRADE_COLOURS = {"A": "#009E73", "B": "#0072B2", "C": "#56B4E9", "D": "#E69F00", "E": "#D55E00"}


def _grade_text(text: Texts, grade: Any) -> str:
    key = f"grade.{grade}"
    shown = text(key)
    return shown if shown != key else text(grade)


def score_distribution(
    scores: Any,
    grades: Any = None,
    *,
    ax: Any = None,
    thresholds: Mapping[Any, float] | None = None,
    bins: Any = None,
    title: str | None = None,
    xlabel: str | None = None,
) -> Any:
    """Histogram of (composite) scores, stacked by grade, with grade cut-offs.

    Parameters
    ----------
    scores:
        Scores, e.g. ``system_score.composite`` (0-100).
    grades:
        Optional grade of each score, aligned by position (or by index when
        both are Series), e.g. the output of
        :func:`coursekit.appraisal.grade_by_threshold`; bars are stacked and
        coloured by grade, listed best first for an ordered categorical
        (as coursekit.appraisal returns), else alphabetically.
    thresholds:
        Optional ``{grade: lowest score}`` cut-offs, drawn as dashed lines.
    bins:
        Passed to ``Axes.hist``; default 5-point bins from 0 to 100 when all
        scores lie there, else 20 bins.
    title, xlabel:
        Texts or i18n keys.

    Returns
    -------
    matplotlib.axes.Axes

    >>> ax = score_distribution([58, 65, 72, 84, 93], grades=["D", "C", "C", "B", "A"],
    ...                         thresholds={"A": 90, "B": 80, "C": 60})
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['A 级', 'B 级', 'C 级', 'D 级']
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    values = as_values(scores, "scores")
    if len(values) == 0:
        raise DataError("scores", "needs at least one score", hint="check the filter that produced the scores")
    text = Texts()
    ax = new_axes(ax)
    in_range = bool(((values >= 0) & (values <= 100)).all())
    if bins is None:
        bins = np.arange(0, 105, 5) if in_range else 20
    if grades is None:
        ax.hist(values.to_numpy(), bins=bins, color=PALETTE[0], edgecolor="white")
    else:
        grade = _aligned(grades, values, "grades")
        present = set(grade.unique())
        if isinstance(getattr(grades, "dtype", None), pd.CategoricalDtype) and grades.dtype.ordered:
            order = [g for g in reversed(grades.dtype.categories) if g in present]  # best grade first
        else:
            order = sorted(present, key=str)
        stacks = [values[grade == g].to_numpy() for g in order]
        colours = [GRADE_COLOURS.get(str(g), PALETTE[i % len(PALETTE)]) for i, g in enumerate(order)]
        ax.hist(stacks, bins=bins, stacked=True, color=colours, edgecolor="white",
                label=[_grade_text(text, g) for g in order])
        ax.legend(frameon=False)
    for i, (grade_name, cut) in enumerate((thresholds or {}).items()):
        ax.axvline(float(cut), color=MUTED, linestyle="--", linewidth=1)
        ax.annotate(f"{text(grade_name)} ≥ {float(cut):.4g}", (float(cut), 1.0), xycoords=("data", "axes fraction"),
                    xytext=(3, -12 - 11 * (i % 2)), textcoords="offset points", fontsize="small", color="#555555")
    if in_range:
        ax.set_xlim(0.0, 100.0)
    ax.set_xlabel(text(xlabel) if xlabel is not None else text("plot.distribution.score"))
    ax.set_ylabel(text("plot.distribution.count"))
    ax.set_title(text(title) if title is not None else text("plot.distribution.title"))
    return ax


def before_after(
    pre: Any,
    post: Any,
    *,
    ax: Any = None,
    groups: Any = None,
    title: str | None = None,
    ylabel: str | None = None,
) -> Any:
    """Slope chart of paired values: one thin line per person, bold lines for the means.

    Parameters
    ----------
    pre, post:
        Paired values (same length; aligned by index when both are Series),
        e.g. ``training["pre_score"]`` and ``training["post_score"]``.
    groups:
        Optional group of each pair (e.g. ``training["group"]``: treatment /
        control); each group gets its colour and its own mean line, labelled
        with its mean change, which is how a difference-in-differences looks.
    title, ylabel:
        Texts or i18n keys.

    Returns
    -------
    matplotlib.axes.Axes

    >>> ax = before_after([60, 70], [70, 74], groups=["treatment", "control"])
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['对照组: 平均变化 +4', '培训组: 平均变化 +10']
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    before = as_values(pre, "pre")
    after = as_values(post, "post")
    if len(before) != len(after):
        raise DataError("post", f"must have one value per pre value ({len(before)}), got {len(after)}",
                        hint="pass the two columns of the same table (paired data)")
    if len(before) == 0:
        raise DataError("pre", "needs at least one pair", hint="check the filter that produced the data")
    if isinstance(pre, pd.Series) and isinstance(post, pd.Series) and not before.index.equals(after.index):
        if set(before.index) != set(after.index):
            raise DataError("post", "index does not match the index of pre",
                            hint="pair the values first, e.g. pass two columns of one table")
        after = after.reindex(before.index)
    after = pd.Series(after.to_numpy(), index=before.index)
    group = _aligned(groups, before, "groups") if groups is not None else pd.Series("all", index=before.index)
    text = Texts()
    ax = new_axes(ax, figsize=(5.5, 4.5))
    order = sorted(group.dropna().unique(), key=str)
    single = groups is None
    for i, name in enumerate(order):
        colour = PALETTE[i % len(PALETTE)]
        chosen = (group == name).to_numpy()
        b, a = before.to_numpy()[chosen], after.to_numpy()[chosen]
        ax.plot(np.tile([[0.0], [1.0]], (1, len(b))), np.vstack([b, a]),
                color=MUTED if single else colour, alpha=0.35 if len(b) > 20 else 0.6, linewidth=0.8)
        change = text("plot.change", delta=float(np.mean(a - b)))
        caption = change if single else f"{text(name)}: {change}"
        ax.plot([0.0, 1.0], [b.mean(), a.mean()], color=HIGHLIGHT if single else colour, linewidth=3,
                marker="o", markersize=8, label=caption)
    ax.set_xticks([0.0, 1.0], [text("before"), text("after")])
    ax.set_xlim(-0.3, 1.3)
    ax.set_ylabel(text(ylabel) if ylabel is not None else text("plot.before_after.value"))
    ax.set_title(text(title) if title is not None else text("plot.before_after.title"))
    ax.legend(frameon=False, loc="best")
    return ax


def kpi_bars(
    values: Any,
    kpi: str | None = None,
    *,
    ax: Any = None,
    target: float | None = None,
    highlight: Any = (),
    sort: bool = True,
    horizontal: bool = False,
    percent: bool | None = None,
    title: str | None = None,
) -> Any:
    """Bar chart comparing one KPI across groups (teams, agents, industries).

    Parameters
    ----------
    values:
        A Series (or dict) indexed by group, e.g. a scorecard column; or a
        DataFrame with ``kpi`` as one of its columns (groups = its index).
    kpi:
        The KPI code (label of the value axis and, for rates, percent ticks);
        defaults to the Series name.
    target:
        Optional target drawn as a dashed line.
    highlight:
        Group names to colour differently (e.g. ``["MF-T3"]``).
    sort:
        Largest first (top bar first when ``horizontal``).
    percent:
        Show fractions as percentages; default: for rate KPIs with values in [0, 1].
    title:
        Text or i18n key; default "指标对比" / "KPI comparison".

    Returns
    -------
    matplotlib.axes.Axes

    >>> import pandas as pd
    >>> ax = kpi_bars(pd.Series([82.0, 75.5], index=["MF-A001", "MF-A002"], name="composite"),
    ...               horizontal=True)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['MF-A002', 'MF-A001']
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    series = _bar_values(values, kpi)
    code = kpi if kpi is not None else series.name
    if percent is None:
        percent = _fraction_like(series, code)
    if sort:
        series = series.sort_values(ascending=horizontal, kind="stable")
    text = Texts()
    ax = new_axes(ax)
    marked = {str(h) for h in ([highlight] if isinstance(highlight, str) else highlight)}
    colours = [HIGHLIGHT if str(g) in marked else PALETTE[0] for g in series.index]
    positions = np.arange(len(series))
    names = [text(g) for g in series.index]
    value_label = text(code) if code is not None else text("plot.bars.value")
    if horizontal:
        ax.barh(positions, series.to_numpy(), color=colours)
        ax.set_yticks(positions, names)
        ax.set_xlabel(value_label)
        line, axis = ax.axvline, ax.xaxis
    else:
        ax.bar(positions, series.to_numpy(), color=colours)
        many = len(series) > 6
        ax.set_xticks(positions, names, rotation=30 if many else 0, ha="right" if many else "center")
        ax.set_ylabel(value_label)
        line, axis = ax.axhline, ax.yaxis
    if target is not None:
        line(float(target), color=PALETTE[2], linestyle="--", linewidth=1.2, label=text("target"))
        ax.legend(frameon=False, loc="best")
    if percent:
        from matplotlib.ticker import PercentFormatter

        axis.set_major_formatter(PercentFormatter(xmax=1.0))
    ax.set_title(text(title) if title is not None else text("plot.bars.title"))
    return ax


def _bar_values(values: Any, kpi: str | None) -> pd.Series:
    if isinstance(values, Mapping) and not isinstance(values, pd.Series):
        values = pd.Series(dict(values), name=kpi)
    if isinstance(values, pd.DataFrame):
        if kpi is None or kpi not in values.columns:
            raise DataError(kpi, f"must be one of the table's columns {list(values.columns)}",
                            hint="e.g. kpi_bars(scorecard, 'fcr')")
        values = values[kpi]
    if not isinstance(values, pd.Series):
        raise DataError("values", f"must be a Series, dict or DataFrame, got {type(values).__name__}",
                        hint="index the values by group, e.g. scorecard['fcr']")
    if len(values) == 0:
        raise DataError(kpi or "values", "needs at least one group", hint="check the filter")
    return as_values(values, kpi or "values")


def _aligned(labels: Any, like: pd.Series, name: str) -> pd.Series:
    """``labels`` as a Series on ``like``'s index (by index for Series, else by position)."""
    if isinstance(labels, pd.Series) and isinstance(like, pd.Series) and set(labels.index) == set(like.index):
        return labels.reindex(like.index)
    items = list(labels)
    if len(items) != len(like):
        raise DataError(name, f"must have one entry per value ({len(like)}), got {len(items)}",
                        hint="pass a column of the same table")
    series = pd.Series(items, index=like.index, dtype=object)
    reject_missing(series, name, hint="fill or drop those rows")
    return series
