"""XmR explorer: pick a group (team) and a metric of a monthly table, see its XmR chart and rule breaks.

:func:`xmr_view` does the work (one group's series, the XmR limits from a
baseline, the rule violations and the periods after the baseline that break a
rule); :func:`xmr_explorer` adds two menus and redraws the chart as a PNG.

>>> import pandas as pd
>>> months = pd.date_range("2023-01-01", periods=8, freq="MS")
>>> frame = pd.DataFrame({"team": ["T1"] * 8, "month": months,
...                       "fcr": [0.70, 0.72, 0.71, 0.69, 0.70, 0.71, 0.90, 0.91]})
>>> view = xmr_view(frame, "T1", "fcr", baseline=6)
>>> round(view.chart.centre, 3), [f"{m:%Y-%m}" for m in view.flagged]
(0.705, ['2023-07', '2023-08'])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from coursekit.errors import ConfigError, DataError
from coursekit.i18n import get_language, label
from coursekit.widgets._common import (
    StaticFallback,
    escape,
    new_figure,
    render_png,
    static_note,
    static_text,
    table_output,
)

if TYPE_CHECKING:
    from coursekit.spc.rules import RuleFamily


@dataclass(frozen=True)
class XmRView:
    """One group's XmR chart: ``series`` (by period), ``chart`` (:class:`coursekit.spc.XmRResult`),
    ``rules`` (its violations) and ``flagged`` (periods after the baseline that break a rule, sorted)."""

    group: Any
    metric: str
    series: pd.Series
    chart: Any
    rules: pd.DataFrame
    flagged: list


def xmr_view(frame: pd.DataFrame, group_value: Any, metric: str, *, group: str = "team", period: str = "month",
             baseline: Any = None, family: RuleFamily = "western_electric") -> XmRView:
    """The XmR chart of ``metric`` for the rows where ``group == group_value``, by ``period``.

    ``baseline`` chooses the points that set the limits, as in
    :func:`coursekit.spc.xmr` (e.g. ``slice("2023-01-01", "2023-12-01")``);
    ``family`` names the rules (``"western_electric"`` or ``"nelson"``).
    Missing values of the metric are left out.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"team": ["T1", "T1", "T2"], "month": [1, 2, 1], "fcr": [0.7, 0.8, 0.6]})
    >>> xmr_view(frame, "T9", "fcr")
    Traceback (most recent call last):
    ...
    coursekit.errors.ConfigError: no team 'T9'; choose one of T1, T2
    """
    from coursekit import spc

    _require(frame, [group, period, metric])
    choices = _groups(frame, group)
    if group_value not in choices:
        raise ConfigError(f"no {group} {group_value!r}; choose one of {', '.join(map(str, choices))}")
    rows = frame[frame[group] == group_value]
    repeated = rows[period].duplicated(keep=False).to_numpy()
    if repeated.any():
        raise DataError(period, "has more than one row for the same period", rows=list(rows.index[repeated]),
                        hint=f"aggregate first, e.g. frame.groupby([{group!r}, {period!r}]).mean()")
    series = rows.set_index(period)[metric].sort_index().dropna()
    chart = spc.xmr(series, baseline=baseline)
    rules = chart.rules(family)
    in_base = chart.frame["baseline"].to_numpy()
    last = int(in_base.nonzero()[0].max())
    flagged = sorted(set(rules.loc[rules["position"] > last, "point"]))
    return XmRView(group_value, metric, series, chart, rules, flagged)


class XmRExplorer(StaticFallback):
    """State and widgets of :func:`xmr_explorer` (see there).

    Attributes
    ----------
    widget:
        The ipywidgets box to display (a cell ending with the explorer shows it too).
    group_box, metric_box:
        Dropdowns of the groups and the metrics.
    image, note:
        The chart (PNG) and the list of flagged periods after the baseline.
    view:
        The current :class:`XmRView`.

    Displayed while ``COURSEKIT_STATIC=1`` (a static site build), it shows a note, the rule
    breaks after the baseline, the flagged periods and the chart as ordinary outputs instead.
    """

    def __init__(self, frame: pd.DataFrame, metrics: Mapping[str, str] | Sequence[str], *, group: str = "team",
                 period: str = "month", baseline: Any = None, family: RuleFamily = "western_electric",
                 value: Any = None, metric: str | None = None) -> None:
        import ipywidgets as w

        names = dict(metrics) if isinstance(metrics, Mapping) else {str(m): label(m) for m in metrics}
        if not names:
            raise ConfigError("metrics must name at least one column, e.g. ['sla_compliance', 'fcr']")
        _require(frame, [group, period, *names])
        self.frame, self.names, self.group, self.period = frame, names, group, period
        self.baseline, self.family = baseline, family
        choices = _groups(frame, group)
        if value is not None and value not in choices:
            raise ConfigError(f"no {group} {value!r}; choose one of {', '.join(map(str, choices))}")
        if metric is not None and metric not in names:
            raise ConfigError(f"no metric {metric!r}; metrics: {', '.join(names)}")
        self.group_box = w.Dropdown(options=choices, value=value if value is not None else choices[0],
                                    description=label(group))
        self.metric_box = w.Dropdown(options=[(text, code) for code, text in names.items()],
                                     value=metric if metric is not None else next(iter(names)),
                                     description=label("widget.indicator"))
        self.image, self.note = w.Image(format="png"), w.HTML()
        self.view = self._compute()
        self.group_box.observe(self._show, names="value")
        self.metric_box.observe(self._show, names="value")
        self.widget = w.VBox([w.HBox([self.group_box, self.metric_box]), self.image, self.note])
        self._draw()

    def set(self, *, value: Any = None, metric: str | None = None) -> None:
        """Choose a group and/or a metric (same as using the menus)."""
        if metric is not None:
            if metric not in self.names:
                raise ConfigError(f"no metric {metric!r}; metrics: {', '.join(self.names)}")
            self.metric_box.value = metric
        if value is not None:
            self.group_box.value = value

    def _compute(self) -> XmRView:
        return xmr_view(self.frame, self.group_box.value, self.metric_box.value, group=self.group,
                        period=self.period, baseline=self.baseline, family=self.family)

    def _show(self, _change: Any = None) -> None:
        self.view = self._compute()
        self._draw()

    def _chart(self, ax: Any) -> None:
        from coursekit import plots

        view, name = self.view, self.names[self.metric_box.value]
        title = label("widget.xmr.title", group=view.group, metric=name)
        plots.control_chart(view.chart, view.rules, ax=ax, title=title, ylabel=name, xlabel=label(self.period))

    def _flagged(self) -> str:
        items = "、".join(_when(p) for p in self.view.flagged) or label("widget.none")
        return label("widget.xmr.flagged", period=label(self.period), items=items)

    def _draw(self) -> None:
        self.image.value = render_png(self._chart, figsize=(8, 4))
        self.note.value = escape(self._flagged())

    def _static_note(self) -> dict[str, str]:
        shown = [(label(self.group), self.view.group), (label("widget.indicator"), self.names[self.metric_box.value])]
        return static_note(static_text("xmr", group=label(self.group)), shown)

    def _static_tables(self) -> list[dict[str, str]]:
        """The rule breaks after the baseline (one row per period and rule) and the flagged periods."""
        view, flagged = self.view, self._flagged()
        after = view.rules[view.rules["point"].isin(view.flagged)]
        breaks = pd.DataFrame({"plot.control.value": view.series.loc[after["point"]].to_numpy(),
                               static_text("rule"): after["rule"].to_numpy(),
                               static_text("rule_name"): after["name_zh" if get_language() == "zh" else "name"]
                               .to_numpy()}, index=pd.Index([_when(p) for p in after["point"]], name=self.period))
        note = {"text/plain": flagged, "text/html": f"<p>{escape(flagged)}</p>"}
        return [note, table_output(breaks, digits=3)] if len(breaks) else [note]

    def _static_figure(self) -> Any:
        return new_figure(self._chart, figsize=(8, 4))


def xmr_explorer(frame: pd.DataFrame, metrics: Mapping[str, str] | Sequence[str], *, group: str = "team",
                 period: str = "month", baseline: Any = None, family: RuleFamily = "western_electric",
                 value: Any = None, metric: str | None = None) -> XmRExplorer:
    """Menus for a group and a metric of a per-period table; shows the XmR chart and the rule breaks.

    Parameters
    ----------
    frame:
        One row per group and period, e.g. ``coursekit.load("monthly")``.
    metrics:
        Columns to offer: ``{column: display name}`` or a list of columns
        (named by :func:`coursekit.i18n.label`).
    group, period:
        The group column (menu) and the period column (x axis).
    baseline, family:
        As in :func:`xmr_view`.
    value, metric:
        The group and metric shown first (default: the first of each).

    Returns
    -------
    XmRExplorer
        Display it; drive it with ``.set(value=..., metric=...)`` and read ``.view``.

    >>> import pandas as pd
    >>> months = pd.date_range("2023-01-01", periods=6, freq="MS")
    >>> frame = pd.DataFrame({"team": ["T1"] * 6 + ["T2"] * 6, "month": list(months) * 2,
    ...                       "fcr": [0.70, 0.72, 0.71, 0.69, 0.70, 0.95] + [0.6, 0.62, 0.61, 0.6, 0.62, 0.61]})
    >>> ex = xmr_explorer(frame, ["fcr"], baseline=5)
    >>> ex.note.value
    '基线之后触发规则的月份：2023-06'
    >>> ex.set(value="T2"); ex.note.value
    '基线之后触发规则的月份：无'
    """
    return XmRExplorer(frame, metrics, group=group, period=period, baseline=baseline, family=family,
                       value=value, metric=metric)


def _require(frame: Any, columns: Sequence[str]) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise DataError(None, f"xmr_explorer needs a DataFrame, got {type(frame).__name__}",
                        hint="pass a table such as coursekit.load('monthly')")
    for col in columns:
        if col not in frame.columns:
            found = ", ".join(map(str, frame.columns[:20]))
            raise DataError(col, f"xmr_explorer needs this column but the table has none; columns found: {found}",
                            hint="rename the column or pass its name as an argument")


def _groups(frame: pd.DataFrame, group: str) -> list:
    return sorted(frame[group].dropna().unique().tolist(), key=str)


def _when(point: Any) -> str:
    if isinstance(point, pd.Timestamp):
        return f"{point:%Y-%m}" if point.day == 1 and point == point.normalize() else f"{point:%Y-%m-%d}"
    return str(point)
