"""Quality-improvement charts: Pareto chart and control chart with rule violations.

>>> import pandas as pd
>>> from coursekit.plots import pareto_chart, control_chart
>>> ax = pareto_chart(pd.Series({"配件缺货": 40, "上门超时": 25, "态度": 20, "其他": 15}))
>>> len(ax.figure.axes)           # bars + the cumulative-share axis
2
>>> ax2 = control_chart([5, 6, 5, 7, 6, 12], centre=6, ucl=9, lcl=3)
>>> len(ax2.collections)          # one set of marked points (the 12)
1
>>> import matplotlib.pyplot as plt; plt.close("all")
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from coursekit.errors import DataError
from coursekit.plots._common import HIGHLIGHT, MUTED, PALETTE, Texts, as_values, new_axes

_COUNT_COLUMNS = ("count", "counts", "n", "frequency", "freq")
_CATEGORY_COLUMNS = ("category", "cause", "reason", "item")


# ---- Pareto --------------------------------------------------------------------------------


def pareto_chart(
    table: pd.Series | pd.DataFrame | Mapping[Any, float],
    *,
    ax: Any = None,
    threshold: float = 0.8,
    max_bars: int | None = 15,
    title: str | None = None,
    xlabel: str | None = None,
) -> Any:
    """Bars of counts (largest first), the cumulative share line, and the 80 % line.

    Parameters
    ----------
    table:
        Counts per category: a Series or dict (``{cause: count}``), or the table
        of :func:`coursekit.spc.pareto` (a ``count`` column; categories in a
        ``category``/``cause`` column or the index). The table is (re)built
        with :func:`coursekit.spc.pareto`, largest count first.
    threshold:
        Cumulative share of the dashed line; the "vital few" bars (highlighted)
        are those of :func:`coursekit.spc.pareto`: the top categories up to and
        including the one whose cumulative share first reaches it.
    max_bars:
        With more categories than this, the smallest ones are added up into
        a last "其他" / "other" bar (highlighted if it holds a vital-few
        category); ``None`` draws every category.
    title, xlabel:
        Texts or i18n keys (defaults: "帕累托图", "类别").

    Returns
    -------
    matplotlib.axes.Axes
        The bar Axes; the cumulative share is drawn on its twin
        (``ax.figure.axes[1]``, 0-100 %).

    >>> ax = pareto_chart({"A": 50, "B": 30, "C": 15, "D": 5})
    >>> [p.get_facecolor() == ax.patches[0].get_facecolor() for p in ax.patches]
    [True, True, False, False]
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    ordered = _pareto_table(table, threshold)
    if max_bars is not None and (not isinstance(max_bars, int) or max_bars < 2):
        raise DataError("max_bars", f"must be a whole number of at least 2 or None, got {max_bars!r}",
                        hint="e.g. max_bars=10")
    text = Texts()
    names = [text(c) for c in ordered.index]
    counts, cumulative = ordered["count"].to_numpy(), ordered["cum_share"].to_numpy()
    vital = ordered["vital_few"].to_numpy()
    if max_bars is not None and len(ordered) > max_bars:
        keep = max_bars - 1
        names = names[:keep] + [text("plot.pareto.other", n=len(ordered) - keep)]
        counts = np.append(counts[:keep], counts[keep:].sum())
        cumulative = np.append(cumulative[:keep], 1.0)
        vital = np.append(vital[:keep], vital[keep:].any())
    ax = new_axes(ax, figsize=(9.0, 4.8) if len(counts) > 8 else (7.0, 4.5))
    positions = np.arange(len(counts))
    colours = [HIGHLIGHT if v else PALETTE[0] for v in vital]
    ax.bar(positions, counts, color=colours)
    # Legend entry for the highlighted bars only (the others are the "useful many").
    ax.bar([], [], color=HIGHLIGHT, label=text("plot.pareto.vital_few"))
    slanted = {"rotation": 45, "ha": "right", "rotation_mode": "anchor", "fontsize": "small"}
    ax.set_xticks(positions, names, **(slanted if len(counts) > 5 else {}))
    ax.set_ylabel(text("plot.pareto.count"))
    if xlabel is None:
        name = ordered.index.name
        xlabel = str(name) if name and name != "category" else "plot.pareto.category"
    ax.set_xlabel(text(xlabel))
    ax.set_title(text(title) if title is not None else text("plot.pareto.title"))

    from matplotlib.ticker import PercentFormatter

    share = ax.twinx()
    share.plot(positions, cumulative, color=PALETTE[2], marker="o",
               label=text("plot.pareto.cumulative"))
    share.axhline(threshold, color=MUTED, linestyle="--", linewidth=1,
                  label=text("plot.pareto.threshold", share=threshold))
    share.set_ylim(0, 1.05)
    share.yaxis.set_major_formatter(PercentFormatter(xmax=1.0))
    share.set_ylabel(text("plot.pareto.cumulative"))
    handles = ax.get_legend_handles_labels()
    more = share.get_legend_handles_labels()
    share.legend(handles[0] + more[0], handles[1] + more[1], loc="center right", framealpha=0.9)
    return ax


def _pareto_table(table: Any, threshold: float) -> pd.DataFrame:
    """The :func:`coursekit.spc.pareto` table of ``table`` (counts or an existing Pareto table)."""
    from coursekit.spc import pareto

    if isinstance(table, pd.DataFrame):
        column = next((c for c in _COUNT_COLUMNS if c in table.columns), None)
        if column is None:
            raise DataError(None, f"a Pareto table needs a count column, found {list(table.columns)}",
                            hint="name it 'count', or pass a Series of counts indexed by category")
        key = next((c for c in _CATEGORY_COLUMNS if c in table.columns), None)
        index = pd.Index(table[key]) if key else table.index
        table = pd.Series(table[column].to_numpy(), index=index, name=column)
    return pareto(table, threshold=threshold)


# ---- control chart -----------------------------------------------------------------------


def control_chart(
    chart: Any,
    violations: Any = None,
    *,
    ax: Any = None,
    centre: float | None = None,
    ucl: float | None = None,
    lcl: float | None = None,
    title: str | None = None,
    ylabel: str | None = None,
    xlabel: str | None = None,
) -> Any:
    """Plot points with centre line and control limits, marking rule violations.

    Parameters
    ----------
    chart:
        The result of :func:`coursekit.spc.xmr` or :func:`coursekit.spc.p_chart`
        (limits are read from its ``frame``; the baseline period is shaded),
        or plain values (list, array, Series; a Series index such as months
        becomes the x axis). For plain values give ``centre``, ``ucl`` and
        ``lcl``, or leave all three out to use XmR limits from
        :func:`coursekit.spc.xmr`.
    violations:
        Points to mark, annotated with their rule numbers: the table of
        ``result.rules(...)`` (``position`` and ``rule`` columns), a rule
        family name (``"nelson"``/``"western_electric"``, needs an spc result),
        a ``{rule: positions}`` mapping, booleans as long as the data, or a list
        of index labels (or integer positions). Points outside the limits are
        always marked (rule 1).
    title, ylabel, xlabel:
        Texts or i18n keys; ``ylabel`` defaults to the Series name.

    Returns
    -------
    matplotlib.axes.Axes

    >>> ax = control_chart([5, 6, 5, 7, 6, 5, 6, 7], violations={2: [6, 7]},
    ...                    centre=6, ucl=9, lcl=3)
    >>> [t.get_text() for t in ax.texts]
    ['2', '2']
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    x, frame, result, name = _chart_frame(chart, centre, ucl, lcl)
    marks = _violation_marks(violations, frame, result)
    for position in np.flatnonzero(frame["outside"].to_numpy()):
        marks.setdefault(int(position), set())
    text = Texts()
    ax = new_axes(ax, figsize=(8.0, 4.0))

    ax.plot(x, frame["value"].to_numpy(), color=PALETTE[0], marker="o", markersize=4, linewidth=1.2)
    step = "steps-mid" if frame["ucl"].nunique() > 1 else "default"
    for column, key, style in (("ucl", "plot.control.ucl", "--"), ("centre", "plot.control.centre", "-"),
                               ("lcl", "plot.control.lcl", "--")):
        line = frame[column].to_numpy()
        colour = PALETTE[2] if column == "centre" else HIGHLIGHT
        caption = text(key) + (f"={line[0]:.4g}" if step == "default" else "")
        ax.plot(x, line, color=colour, linestyle=style, linewidth=1, drawstyle=step, label=caption)
    if "baseline" in frame and not frame["baseline"].all():
        base = np.flatnonzero(frame["baseline"].to_numpy())
        ax.axvspan(x[base[0]], x[base[-1]], color=MUTED, alpha=0.12, linewidth=0)
    if marks:
        positions = sorted(marks)
        ax.scatter(x[positions], frame["value"].to_numpy()[positions], s=70, facecolors="none",
                   edgecolors=HIGHLIGHT, linewidths=1.8, zorder=3, label=text("plot.control.violation"))
        for at in positions:
            if marks[at]:
                ax.annotate(",".join(str(r) for r in sorted(marks[at])),
                            (x[at], frame["value"].iloc[at]), xytext=(0, 8),
                            textcoords="offset points", ha="center", fontsize="small", color=HIGHLIGHT)
    if not isinstance(x, pd.Index):
        labels = [str(v) for v in frame.index]
        if len(labels) <= 40 and not _default_positions(frame.index):
            ax.set_xticks(x, [text(v) for v in labels], rotation=45, ha="right")
    ax.set_ylabel(text(ylabel) if ylabel is not None else text(name if name else "plot.control.value"))
    if xlabel is None:
        dated = isinstance(x, pd.DatetimeIndex)
        xlabel = str(frame.index.name or "") if dated else str(frame.index.name or "plot.control.point")
    ax.set_xlabel(text(xlabel))
    ax.set_title(text(title) if title is not None else text("plot.control.title"))
    ax.legend(loc="best", fontsize="small", frameon=False)
    return ax


def _default_positions(index: pd.Index) -> bool:
    return isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1


def _chart_frame(chart: Any, centre: Any, ucl: Any, lcl: Any) -> tuple[Any, pd.DataFrame, Any, Any]:
    """(x, frame with value/centre/ucl/lcl/outside[/baseline], spc result or None, values name)."""
    result = None
    frame = getattr(chart, "frame", None)
    if isinstance(frame, pd.DataFrame) and {"centre", "ucl", "lcl"} <= set(frame.columns):
        value_column = "x" if "x" in frame.columns else "p"
        if value_column not in frame.columns:
            raise DataError(None, "the chart result's frame has neither an 'x' nor a 'p' column",
                            hint="pass a result of coursekit.spc.xmr or coursekit.spc.p_chart")
        result = chart
        table = frame.rename(columns={value_column: "value"})
        name = None
    else:
        values = as_values(chart, "values")
        name = values.name
        given = [v is not None for v in (centre, ucl, lcl)]
        if any(given) and not all(given):
            raise DataError("centre/ucl/lcl", "give all three limits or none",
                            hint="leave them out to use XmR limits from coursekit.spc.xmr(values)")
        if not any(given):
            from coursekit.spc import xmr

            result = xmr(values)
            table = result.frame.rename(columns={"x": "value"})
        else:
            for arg, value in (("centre", centre), ("ucl", ucl), ("lcl", lcl)):
                if not isinstance(value, (int, float, np.number)) or not np.isfinite(value):
                    raise DataError(arg, f"must be a finite number, got {value!r}", hint=f"e.g. {arg}=12.5")
            if not lcl <= centre <= ucl:
                raise DataError("centre/ucl/lcl", f"must satisfy lcl <= centre <= ucl, got {lcl}, {centre}, {ucl}",
                                hint="check the order of the limits")
            table = pd.DataFrame({"value": values.to_numpy(), "centre": float(centre), "ucl": float(ucl),
                                  "lcl": float(lcl)}, index=values.index)
    table = table.copy()
    table["outside"] = (table["value"] > table["ucl"]) | (table["value"] < table["lcl"])
    index = table.index
    if isinstance(index, pd.DatetimeIndex) or (pd.api.types.is_numeric_dtype(index.dtype)
                                                and not _default_positions(index)):
        x: Any = index
    else:
        x = np.arange(len(table))
    return x, table, result, name


def _violation_marks(violations: Any, frame: pd.DataFrame, result: Any) -> dict[int, set[int]]:
    """{position: {rule numbers}} of the points to mark."""
    n = len(frame)
    marks: dict[int, set[int]] = {}
    if violations is None:
        return marks
    if isinstance(violations, str):
        if result is None or not hasattr(result, "rules"):
            raise DataError("violations", f"a rule family name ({violations!r}) needs an spc chart result",
                            hint="pass coursekit.spc.xmr(values) as the chart, or a table of violations")
        violations = result.rules(violations)
    if isinstance(violations, pd.DataFrame):
        if "position" not in violations.columns:
            raise DataError("violations", f"a violations table needs a 'position' column, found "
                            f"{list(violations.columns)}", hint="pass the table returned by result.rules()")
        rules = violations["rule"] if "rule" in violations.columns else [None] * len(violations)
        items = [(int(p), r) for p, r in zip(violations["position"], rules, strict=True)]
    elif isinstance(violations, Mapping):
        items = [(p, rule) for rule, positions in violations.items() for p in _positions(positions, frame)]
    else:
        items = [(p, None) for p in _positions(violations, frame)]
    for position, rule in items:
        if not 0 <= position < n:
            raise DataError("violations", f"position {position} is outside the {n} points",
                            hint="positions count from 0")
        marks.setdefault(int(position), set())
        if rule is not None and not pd.isna(rule):
            marks[int(position)].add(int(rule))
    return marks


def _positions(points: Any, frame: pd.DataFrame) -> list[int]:
    """Positions from booleans, index labels or integer positions."""
    points = list(points.tolist() if hasattr(points, "tolist") else points)
    if points and all(isinstance(p, (bool, np.bool_)) for p in points):
        if len(points) != len(frame):
            raise DataError("violations", f"booleans must be one per point ({len(frame)}), got {len(points)}",
                            hint="or pass the positions of the points to mark")
        return [i for i, flag in enumerate(points) if flag]
    index = frame.index
    if not _default_positions(index) and all(p in index for p in points):
        return [_position_of(index, p) for p in points]
    if all(isinstance(p, (int, np.integer)) for p in points):
        return [int(p) for p in points]
    missing = [p for p in points if p not in index]
    raise DataError("violations", "must be index labels or integer positions of the points",
                    rows=missing, values=missing, hint="e.g. result.rules('nelson') or [3, 7]")


def _position_of(index: pd.Index, label: Any) -> int:
    """The position of ``label`` in ``index``; a :class:`DataError` when the label occurs more than once.

    >>> _position_of(pd.Index(["a", "b"]), "b")
    1
    """
    where = index.get_loc(label)
    if isinstance(where, (int, np.integer)):
        return int(where)
    raise DataError("violations", f"the label {label!r} occurs more than once in the chart's index",
                    hint="mark points by their position (0, 1, ...) instead of by label")
