"""Weight tuner: one slider per indicator, weights kept summing to 1, live ranking.

How the weights stay at 1: when you move one slider to ``v``, every other
weight is multiplied by ``(1 − v) / (sum of the other weights)``, so the others
keep their proportions to each other (:func:`rebalance`). If all the others
are 0, the remainder ``1 − v`` is shared equally among them.

>>> import pandas as pd
>>> from coursekit.system import Dimension, Indicator, KPISystem
>>> system = KPISystem([Dimension("客户", 0.5, [Indicator("csat", 1.0)]),
...                     Dimension("效率", 0.5, [Indicator("fcr", 0.5), Indicator("ttr_median_h", 0.5)])])
>>> card = pd.DataFrame({"csat": [0.9, 0.8, 0.7], "fcr": [0.6, 0.8, 0.7],
...                      "ttr_median_h": [4.0, 6.0, 8.0]}, index=["A1", "A2", "A3"])
>>> tuner = weight_tuner(system, card, chart=False)
>>> tuner.ranking_table.index.tolist()
['A1', 'A2', 'A3']
>>> tuner.sliders["fcr"].value = 0.8          # what a trainee does with the mouse
>>> round(float(tuner.weights.sum()), 12), tuner.ranking_table.index.tolist()
(1.0, ['A2', 'A3', 'A1'])
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from coursekit.errors import ConfigError
from coursekit.i18n import label
from coursekit.widgets._common import (
    StaticFallback,
    escape,
    html_table,
    new_figure,
    render_png,
    static_note,
    static_text,
    table_output,
)


def rebalance(weights: pd.Series, code: str, value: float) -> pd.Series:
    """Set ``weights[code] = value`` (clipped to 0..1) and rescale the others to keep the sum 1.

    The others keep their proportions: each is multiplied by
    ``(1 − value) / (sum of the others)``; if they are all 0, they share
    ``1 − value`` equally. A single weight is always 1.

    >>> w = pd.Series({"a": 0.5, "b": 0.3, "c": 0.2})
    >>> rebalance(w, "a", 0.2).round(4).tolist()     # b, c scaled by 0.8 / 0.5 = 1.6
    [0.2, 0.48, 0.32]
    >>> rebalance(pd.Series({"a": 1.0, "b": 0.0, "c": 0.0}), "a", 0.4).round(4).tolist()
    [0.4, 0.3, 0.3]
    """
    if code not in weights.index:
        raise ConfigError(f"no weight named {code!r}; weights: {', '.join(map(str, weights.index))}")
    out = weights.astype(float).copy()
    others = out.index != code
    if not others.any():
        out[code] = 1.0
        return out
    value = min(max(float(value), 0.0), 1.0)
    rest = float(out[others].sum())
    if rest > 0:
        out[others] = out[others] * ((1.0 - value) / rest)
    else:
        out[others] = (1.0 - value) / int(others.sum())
    out[code] = value
    return out


class WeightTuner(StaticFallback):
    """State and widgets of :func:`weight_tuner` (see there).

    Attributes
    ----------
    widget:
        The ipywidgets box to display (a cell ending with the tuner shows it too).
    sliders:
        ``{code: FloatSlider}`` for the global indicator weights.
    table:
        HTML widget with the top rows of :attr:`ranking_table`.
    chart:
        Image widget with the composite-score bars of the top rows (``None``
        when made with ``chart=False``).

    Displayed while ``COURSEKIT_STATIC=1`` (a static site build), it shows a note,
    the top rows of the ranking table and the chart as ordinary outputs instead.
    """

    def __init__(self, system: Any, scorecard: pd.DataFrame, *, top: int = 10, chart: bool = True,
                 missing: str = "error") -> None:
        import ipywidgets as w

        if not isinstance(top, int) or top < 1:
            raise ConfigError(f"top must be a positive whole number of rows, got {top!r}")
        self.system = system
        self.scorecard = scorecard
        self.top = top
        self.missing = missing
        self._initial = _unit(system.global_weights())
        self._weights = self._initial.copy()
        self._busy = False
        self._score = system.score(scorecard, missing=missing)  # validates the scorecard up front

        self.sliders: dict[str, Any] = {}
        self._dimension_labels: dict[str, Any] = {}
        rows: list[Any] = []
        for dimension in system.dimensions:
            caption = w.HTML()
            self._dimension_labels[dimension.name] = caption
            rows.append(caption)
            for code in dimension.codes:
                slider = w.FloatSlider(value=float(self._weights[code]), min=0.0, max=1.0, step=0.01,
                                       description=label(code), readout_format=".2f",
                                       continuous_update=False, style={"description_width": "16em"},
                                       layout=w.Layout(width="34em"))
                slider.observe(self._on_slider, names="value")
                self.sliders[code] = slider
                rows.append(slider)
        if len(self.sliders) == 1:
            next(iter(self.sliders.values())).disabled = True
        reset = w.Button(description=label("widget.reset"), icon="undo")
        reset.on_click(lambda _button: self.reset())
        self.table = w.HTML()
        self.chart = w.Image(format="png", layout=w.Layout(width="420px")) if chart else None
        heading = w.HTML(f"<b>{escape(label('widget.weights'))}</b>")
        outputs = [self.table] + ([self.chart] if self.chart is not None else [])
        self.widget = w.VBox([heading, *rows, reset, w.HBox(outputs)])
        self._refresh()

    # ------------------------------------------------------------------ state
    @property
    def weights(self) -> pd.Series:
        """Current global weights by indicator code (they sum to 1)."""
        return self._weights.copy()

    @property
    def current_system(self) -> Any:
        """The KPI system with the current weights (``system.with_weights(weights)``)."""
        return self._system_now

    @property
    def score(self) -> Any:
        """The :class:`~coursekit.system.SystemScore` of the scorecard with the current weights."""
        return self._score

    @property
    def ranking_table(self) -> pd.DataFrame:
        """All rows, best first: ``ranking``, ``composite`` and one column per dimension."""
        return self._ranking.copy()

    # ------------------------------------------------------------------ actions
    def set_weight(self, code: str, value: float) -> None:
        """Move one slider from code (same effect as dragging it)."""
        if code not in self.sliders:
            raise ConfigError(f"no slider for {code!r}; indicators: {', '.join(self.sliders)}")
        self.sliders[code].value = float(value)

    def set_weights(self, mapping: Mapping[str, float]) -> None:
        """Set several weights at once (any scale; rescaled to sum 1; others keep theirs).

        The rules and errors are those of :meth:`KPISystem.with_weights`
        (``level="global"``), applied to the current weights.
        """
        self._apply(self._system_now.with_weights(mapping).global_weights())

    def reset(self) -> None:
        """Back to the system's own weights."""
        self._apply(self._initial.copy())

    # ------------------------------------------------------------------ internals
    def _on_slider(self, change: Mapping[str, Any]) -> None:
        if self._busy:
            return
        code = next(c for c, s in self.sliders.items() if s is change["owner"])
        self._apply(rebalance(self._weights, code, change["new"]))

    def _apply(self, weights: pd.Series) -> None:
        self._weights = weights
        self._busy = True
        try:
            for code, slider in self.sliders.items():
                if slider.value != float(weights[code]):
                    slider.value = float(weights[code])
        finally:
            self._busy = False
        self._refresh()

    def _refresh(self) -> None:
        self._system_now = self.system.with_weights(self._weights.to_dict())
        self._score = self._system_now.score(self.scorecard, missing=self.missing)
        ranking = pd.DataFrame({"ranking": self._score.ranking, "composite": self._score.composite})
        self._ranking = ranking.join(self._score.dimensions).sort_values("ranking", kind="stable")
        for dimension in self._system_now.dimensions:
            self._dimension_labels[dimension.name].value = (
                f"<b>{escape(label(dimension.name))}</b> {dimension.weight:.2f}")
        shown = self._ranking.head(self.top)
        self.table.value = html_table(shown)
        if self.chart is not None:
            self.chart.value = render_png(lambda ax: _ranking_bars(ax, shown["composite"]))

    # ------------------------------------------------------------------ static view
    def _static_note(self) -> dict[str, str]:
        return static_note(static_text("tuner"))

    def _static_tables(self) -> list[dict[str, str]]:
        return [table_output(self._ranking.head(self.top))]

    def _static_figure(self) -> Any:
        if self.chart is None:
            return None
        shown = self._ranking.head(self.top)
        return new_figure(lambda ax: _ranking_bars(ax, shown["composite"]))


def _ranking_bars(ax: Any, composite: pd.Series) -> None:
    from coursekit.plots import kpi_bars

    kpi_bars(composite, "composite", ax=ax, horizontal=True, title="plot.ranking.title")
    ax.set_xlim(0, 100)


def _unit(weights: pd.Series) -> pd.Series:
    weights = weights.astype(float)
    return weights / float(weights.sum())


def weight_tuner(system: Any, scorecard: pd.DataFrame, *, top: int = 10, chart: bool = True,
                 missing: str = "error") -> WeightTuner:
    """Sliders for the global indicator weights of ``system`` and the live ranking of ``scorecard``.

    Every change re-scores with ``system.with_weights(weights).score(scorecard)``
    and refreshes the ranking table (top ``top`` rows) and a bar chart of the
    composite scores. Moving one slider rescales the others proportionally so
    the weights always sum to 1 (:func:`rebalance`); a caption per dimension
    shows its weight (the sum of its indicators' global weights).

    Parameters
    ----------
    system:
        A :class:`coursekit.system.KPISystem`.
    scorecard:
        Rows = agents or teams, columns = KPI codes (``coursekit.kpi.scorecard``).
    top:
        Rows shown in the table and chart.
    chart:
        Draw the bar chart (PNG in an Image widget); ``False`` is faster.
    missing:
        Passed to :meth:`KPISystem.score` (``"error"`` or ``"reweight"``).

    Returns
    -------
    WeightTuner
        Display it (or ``.widget``); read ``.weights``, ``.ranking_table``,
        ``.score``; set ``.sliders[code].value`` or call ``.set_weight``.
        Labels use the language set when the tuner was made.

    >>> import pandas as pd
    >>> from coursekit.system import Dimension, Indicator, KPISystem
    >>> system = KPISystem([Dimension("质量", 1.0, [Indicator("fcr", 0.5), Indicator("reopen_rate", 0.5)])])
    >>> card = pd.DataFrame({"fcr": [0.7, 0.8], "reopen_rate": [0.05, 0.10]}, index=["A1", "A2"])
    >>> tuner = weight_tuner(system, card, chart=False)
    >>> tuner.ranking_table["composite"].tolist()        # a tie: 50 each
    [50.0, 50.0]
    >>> tuner.set_weight("reopen_rate", 0.75)
    >>> tuner.weights.tolist(), tuner.ranking_table.index.tolist()
    ([0.25, 0.75], ['A1', 'A2'])
    """
    return WeightTuner(system, scorecard, top=top, chart=chart, missing=missing)
