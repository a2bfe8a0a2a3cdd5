"""ROI explorer: how the Phillips ROI of a training depends on the benefit assumption and the effect.

Benefits of a training are an assumption: *value per point* (money per
percentage point of KPI gain, per person and year) times the gain times the
number of people trained. :func:`roi_scenarios` computes ROI % and BCR for
several effect estimates at once (the DiD estimate, its confidence limits, the
naive before/after change); :func:`roi_explorer` puts a slider on the value
per point and a menu on the effect, so a trainee sees which of the two drives
the conclusion.

>>> table = roi_scenarios({"DiD": 0.05, "CI low": -0.01}, value_per_point=400, people=10, costs=15_000)
>>> table[["benefits", "roi_pct", "bcr"]].round(2)
          benefits  roi_pct   bcr
scenario
DiD        20000.0    33.33  1.33
CI low     -4000.0  -126.67 -0.27
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from coursekit.errors import ConfigError, DataError
from coursekit.i18n import label
from coursekit.widgets._common import StaticFallback, escape, static_note, static_text, table_output


def roi_scenarios(effects: Mapping[str, float], *, value_per_point: float, people: int, costs: Any,
                  per: float = 0.01) -> pd.DataFrame:
    """ROI % and BCR of each effect estimate under one benefit assumption.

    benefits = effect / ``per`` × ``value_per_point`` × ``people`` (``per=0.01``:
    the effect is a fraction such as an FCR change of 0.05 = 5 points), then
    :func:`coursekit.training.phillips_roi` with ``costs`` (an amount or a list
    of amounts). ``breakeven_value`` is the value per point at which benefits
    equal costs (NaN when the effect is not above 0).

    >>> float(roi_scenarios({"DiD": 0.05}, value_per_point=400, people=10, costs=15_000).loc["DiD", "breakeven_value"])
    300.0
    """
    from coursekit.training import phillips_roi

    checked = _effects(effects)
    _check_assumptions(value_per_point, people, per)
    rows = {}
    for name, effect in checked.items():
        points = effect / per
        result = phillips_roi(points * value_per_point * people, costs)
        breakeven = result.costs / (points * people) if points > 0 else math.nan
        rows[name] = {"effect": effect, "benefits": result.benefits, "costs": result.costs,
                      "roi_pct": result.roi_pct, "bcr": result.bcr, "breakeven_value": breakeven}
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "scenario"
    return table


class ROIExplorer(StaticFallback):
    """State and widgets of :func:`roi_explorer` (see there).

    Attributes
    ----------
    widget:
        The ipywidgets box to display (a cell ending with the explorer shows it too).
    value_slider:
        The value per point.
    basis:
        Dropdown of the effect scenarios.
    summary:
        HTML with ROI, BCR, benefits, costs and the break-even value per point.

    Displayed while ``COURSEKIT_STATIC=1`` (a static site build), it shows a note, the
    :attr:`table` of every scenario and the summary of the chosen one as ordinary outputs.
    """

    def __init__(self, effects: Mapping[str, float], *, value_per_point: float, people: int, costs: Any,
                 per: float = 0.01, max_value: float | None = None, step: float | None = None) -> None:
        import ipywidgets as w

        self.effects = _effects(effects)
        _check_assumptions(value_per_point, people, per)
        self.people, self.costs, self.per = people, costs, per
        top = float(max_value) if max_value is not None else 3 * float(value_per_point) or 100.0
        if not (math.isfinite(top) and top >= value_per_point):
            raise ConfigError(f"max_value must be a number >= value_per_point ({value_per_point}), got {max_value!r}")
        self.value_slider = w.FloatSlider(value=float(value_per_point), min=0.0, max=top,
                                          step=float(step) if step else top / 24,
                                          description=label("widget.roi.value_per_point"),
                                          style={"description_width": "initial"})
        self.basis = w.Dropdown(options=list(self.effects), value=next(iter(self.effects)),
                                description=label("widget.roi.basis"))
        self.summary = w.HTML()
        self.value_slider.observe(self._show, names="value")
        self.basis.observe(self._show, names="value")
        self.widget = w.VBox([self.value_slider, self.basis, self.summary])
        self._show()

    @property
    def table(self) -> pd.DataFrame:
        """:func:`roi_scenarios` of every scenario at the slider's value per point."""
        return roi_scenarios(self.effects, value_per_point=self.value_slider.value, people=self.people,
                             costs=self.costs, per=self.per)

    @property
    def result(self) -> pd.Series:
        """The row of :attr:`table` for the chosen scenario (effect, benefits, costs, roi_pct, bcr ...)."""
        return self.table.loc[self.basis.value]

    def set(self, *, value_per_point: float | None = None, scenario: str | None = None) -> None:
        """Move the slider and/or choose a scenario (same as doing it in the widget)."""
        if scenario is not None:
            if scenario not in self.effects:
                raise ConfigError(f"no scenario {scenario!r}; scenarios: {', '.join(self.effects)}")
            self.basis.value = scenario
        if value_per_point is not None:
            self.value_slider.value = float(value_per_point)

    def _lines(self) -> tuple[str, str]:
        r = self.result
        text = label("widget.roi.summary", roi=r["roi_pct"], bcr=r["bcr"], benefits=r["benefits"], costs=r["costs"])
        if math.isnan(r["breakeven_value"]):
            return text, label("widget.roi.no_breakeven")
        return text, label("widget.roi.breakeven", value=r["breakeven_value"])

    def _show(self, _change: Any = None) -> None:
        text, extra = self._lines()
        self.summary.value = f"<b>{escape(text)}</b><br>{escape(extra)}"

    def _static_note(self) -> dict[str, str]:
        return static_note(static_text("roi"), [(label("widget.roi.value_per_point"), f"{self.value_slider.value:,g}"),
                                                (label("widget.roi.basis"), self.basis.value)])

    def _static_tables(self) -> list[dict[str, str]]:
        effect, breakeven = static_text("effect"), static_text("breakeven")
        table = self.table.rename(columns={"effect": effect, "breakeven_value": breakeven})
        table.index.name = label("widget.roi.basis")
        formats = {effect: ".4g", "benefits": ",.0f", "costs": ",.0f", "roi_pct": ".1f", "bcr": ".2f",
                   breakeven: ",.0f"}
        summary = {"text/plain": "\n".join(self._lines()), "text/html": f"<p>{self.summary.value}</p>"}
        return [table_output(table, formats=formats), summary]


def roi_explorer(effects: Mapping[str, float], *, value_per_point: float, people: int, costs: Any,
                 per: float = 0.01, max_value: float | None = None, step: float | None = None) -> ROIExplorer:
    """A slider for the value per point and a menu of effect estimates, showing ROI % and BCR.

    Parameters
    ----------
    effects:
        ``{scenario name: effect}``, e.g. ``{"DiD 估计": r.estimate, "DiD 95%CI 下限": r.ci[0]}``
        (the first is shown first).
    value_per_point, people, costs, per:
        The benefit assumption, as in :func:`roi_scenarios`.
    max_value, step:
        Slider range (default 0 to 3 × ``value_per_point``) and step (default 1/24 of the range).

    Returns
    -------
    ROIExplorer
        Display it; drive it with ``.set(value_per_point=..., scenario=...)``
        and read ``.result`` / ``.table``.

    >>> ex = roi_explorer({"DiD": 0.05, "naive": 0.08}, value_per_point=400, people=10, costs=15_000)
    >>> ex.value_slider.max, ex.value_slider.step
    (1200.0, 50.0)
    >>> round(float(ex.result["roi_pct"]), 1)   # 0.05 -> 5 points x 400 x 10 = 20,000 vs 15,000
    33.3
    >>> ex.set(value_per_point=300, scenario="naive")
    >>> round(float(ex.result["roi_pct"]), 1)   # 8 x 300 x 10 = 24,000 vs 15,000
    60.0
    """
    return ROIExplorer(effects, value_per_point=value_per_point, people=people, costs=costs, per=per,
                       max_value=max_value, step=step)


def _effects(effects: Any) -> dict[str, float]:
    if not isinstance(effects, Mapping) or not effects:
        raise ConfigError("effects must be a non-empty mapping of scenario name → effect, "
                          f"e.g. {{'DiD': 0.05}}, got {effects!r}")
    out = {}
    for name, value in effects.items():
        number = float(value) if isinstance(value, int | float) and not isinstance(value, bool) else math.nan
        if not math.isfinite(number):
            raise DataError("effects", "must be finite numbers (an effect per scenario)", rows=[name],
                            values=[value], hint="pass the estimates as numbers, e.g. result.ci[0]")
        out[str(name)] = number
    return out


def _check_assumptions(value_per_point: Any, people: Any, per: Any) -> None:
    if isinstance(value_per_point, bool) or not isinstance(value_per_point, int | float) \
            or not math.isfinite(value_per_point) or value_per_point < 0:
        raise ConfigError(f"value_per_point must be a number >= 0 (money per point, person and year), "
                          f"got {value_per_point!r}")
    if isinstance(people, bool) or not isinstance(people, int) or people < 1:
        raise ConfigError(f"people must be a whole number >= 1 (the people trained), got {people!r}")
    if isinstance(per, bool) or not isinstance(per, int | float) or not per > 0:
        raise ConfigError(f"per must be a positive number (0.01: one point = 0.01 of the effect), got {per!r}")
