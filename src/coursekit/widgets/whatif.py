"""What-if simulator: change one agent's KPI values or the system's targets, watch the grade.

Each indicator gets a number box with the agent's value; indicators scored
against a target (``normalise="target"``) also get a box for the target.
After every change the whole scorecard is re-scored with the changed value or
target, then the agent's composite is graded with
:func:`coursekit.appraisal.grade_by_threshold`. Two lessons show up at once:

* a target belongs to the system, so changing it moves everybody's scores;
* min–max and z-score are relative: an agent's value can change other
  people's scores, and theirs can change the agent's.

>>> import pandas as pd
>>> from coursekit.system import Dimension, Indicator, KPISystem
>>> system = KPISystem([Dimension("质量", 1.0, [
...     Indicator("fcr", 0.5, target=0.8, normalise="target"), Indicator("csat", 0.5)])])
>>> card = pd.DataFrame({"fcr": [0.6, 0.8, 0.7], "csat": [0.9, 0.8, 0.7]}, index=["A1", "A2", "A3"])
>>> sim = what_if(system, card, "A1")
>>> sim.composite, sim.grade                  # 0.5 * 75 + 0.5 * 100
(87.5, 'B')
>>> sim.value_inputs["fcr"].value = 0.76     # 0.76 / 0.8 = 95 % of target
>>> sim.composite, sim.grade
(97.5, 'A')
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from coursekit.errors import ConfigError, CoursekitError
from coursekit.i18n import label
from coursekit.widgets._common import (
    StaticFallback,
    check_row,
    escape,
    html_table,
    static_note,
    static_text,
    table_output,
)


class WhatIf(StaticFallback):
    """State and widgets of :func:`what_if` (see there).

    Attributes
    ----------
    widget:
        The ipywidgets box to display (a cell ending with the simulator shows it too).
    value_inputs:
        ``{code: FloatText}`` holding the agent's KPI values.
    target_inputs:
        ``{code: FloatText}`` holding the targets of target-scored indicators.
    baseline_composite, baseline_grade, baseline_rank:
        Before any change.
    composite, grade, rank:
        After the current changes.
    error:
        The message of the last change that could not be scored (e.g. a
        target of 0), else ``None``; the results then keep their last values.

    Displayed while ``COURSEKIT_STATIC=1`` (a static site build), it shows a note, the
    agent's composite score, grade and rank, and the per-indicator table as ordinary outputs.
    """

    def __init__(self, system: Any, scorecard: pd.DataFrame, agent_id: Any,
                 thresholds: Mapping[str, float] | None = None, *, missing: str = "error") -> None:
        import ipywidgets as w

        check_row(scorecard, agent_id)
        self.system = system
        self.scorecard = scorecard
        self.agent_id = agent_id
        self.thresholds = thresholds
        self.missing = missing
        self.error: str | None = None
        self._values: dict[str, float] = {}
        self._targets: dict[str, float] = {}
        self._scored(system, scorecard)  # validates system, scorecard and thresholds up front
        self.baseline_composite, self.baseline_grade, self.baseline_rank = self._result
        self.composite, self.grade, self.rank = self._result

        self.value_inputs: dict[str, Any] = {}
        self.target_inputs: dict[str, Any] = {}
        rows = [w.HBox([w.HTML(f"<b>{escape(label(h))}</b>", layout=w.Layout(width=width))
                        for h, width in (("widget.indicator", "18em"), ("widget.value", "10em"),
                                         ("widget.target", "10em"))])]
        for dimension in system.dimensions:
            for indicator in dimension.indicators:
                code = indicator.code
                box = w.FloatText(value=float(scorecard.loc[agent_id, code]), layout=w.Layout(width="9em"))
                box.observe(self._on_change, names="value")
                self.value_inputs[code] = box
                cells = [w.Label(label(code), layout=w.Layout(width="18em")), box]
                if indicator.normalise == "target":
                    target = w.FloatText(value=float(indicator.target), layout=w.Layout(width="9em"))
                    target.observe(self._on_change, names="value")
                    self.target_inputs[code] = target
                    cells.append(target)
                rows.append(w.HBox(cells))
        reset = w.Button(description=label("widget.reset_values"), icon="undo")
        reset.on_click(lambda _button: self.reset())
        self.summary = w.HTML()
        self.details = w.HTML()
        heading = w.HTML(f"<b>{escape(label('widget.agent'))}: {escape(agent_id)}</b>")
        self.widget = w.VBox([heading, *rows, reset, self.summary, self.details])
        self._show()

    # ------------------------------------------------------------------ state
    @property
    def table(self) -> pd.DataFrame:
        """Per indicator code: the agent's ``value``, the ``target`` (NaN if none), the 0–100
        ``score``, the global ``weight`` and the ``contribution`` (weight × score) now."""
        score = self._score
        indicators = {i.code: i for d in self._system_now.dimensions for i in d.indicators}
        return pd.DataFrame({
            "value": [float(self._card.loc[self.agent_id, c]) for c in indicators],
            "target": [float("nan") if indicators[c].target is None else indicators[c].target
                       for c in indicators],
            "score": [float(score.indicators.loc[self.agent_id, c]) for c in indicators],
            "weight": [float(self._system_now.global_weights()[c]) for c in indicators],
            "contribution": [float(score.contributions.loc[self.agent_id, c]) for c in indicators],
        }, index=pd.Index(list(indicators), name="indicator"))

    # ------------------------------------------------------------------ actions
    def set_value(self, code: str, value: float) -> None:
        """Change the agent's value of KPI ``code`` (same as typing it in)."""
        if code not in self.value_inputs:
            raise ConfigError(f"no indicator {code!r}; indicators: {', '.join(self.value_inputs)}")
        self.value_inputs[code].value = float(value)

    def set_target(self, code: str, value: float) -> None:
        """Change the system's target of ``code`` (only target-scored indicators have one)."""
        if code not in self.target_inputs:
            raise ConfigError(f"{code!r} is not scored against a target; targets: "
                              f"{', '.join(self.target_inputs) or 'none'}")
        self.target_inputs[code].value = float(value)

    def reset(self) -> None:
        """Back to the agent's real values and the system's own targets."""
        for code, box in self.value_inputs.items():
            box.value = float(self.scorecard.loc[self.agent_id, code])
        for code, box in self.target_inputs.items():
            box.value = float(self.system.indicator(code).target)

    # ------------------------------------------------------------------ internals
    def _on_change(self, _change: Mapping[str, Any]) -> None:
        original = {c: float(self.scorecard.loc[self.agent_id, c]) for c in self.value_inputs}
        self._values = {c: float(b.value) for c, b in self.value_inputs.items() if float(b.value) != original[c]}
        self._targets = {c: float(b.value) for c, b in self.target_inputs.items()
                         if float(b.value) != self.system.indicator(c).target}
        try:
            self._scored(self.system.with_targets(self._targets), self._changed_card())
        except CoursekitError as exc:
            self.error = str(exc)
        else:
            self.error = None
            self.composite, self.grade, self.rank = self._result
        self._show()

    def _changed_card(self) -> pd.DataFrame:
        card = self.scorecard.astype({c: float for c in self.value_inputs})
        for code, value in self._values.items():
            card.loc[self.agent_id, code] = value
        return card

    def _scored(self, system: Any, card: pd.DataFrame) -> None:
        from coursekit.appraisal import grade_by_threshold

        score = system.score(card, missing=self.missing)
        composite = float(score.composite.loc[self.agent_id])
        grade = grade_by_threshold(pd.Series([composite], index=[self.agent_id]), self.thresholds).iloc[0]
        rank = int(score.ranking.loc[self.agent_id])
        self._system_now, self._card, self._score = system, card, score
        self._result = (round(composite, 10), str(grade), rank)

    def _show(self) -> None:
        def line(key: str, composite: float, grade: str, rank: int) -> str:
            return (f"<tr><td>{escape(label(key))}</td><td><b>{composite:.1f}</b></td>"
                    f"<td><b>{escape(grade)}</b></td><td>{rank} / {len(self.scorecard)}</td></tr>")

        head = "".join(f"<th>{escape(label(k))}</th>" for k in ("", "composite", "grade", "rank"))
        text = (f"<table class='coursekit-table'><tr>{head}</tr>"
                + line("widget.baseline", self.baseline_composite, self.baseline_grade, self.baseline_rank)
                + line("widget.now", self.composite, self.grade, self.rank) + "</table>")
        if self.error:
            text += f"<p style='color:#D55E00'>{escape(self.error)}</p>"
        self.summary.value = text
        self.details.value = html_table(self.table, digits=3)

    def _static_note(self) -> dict[str, str]:
        return static_note(static_text("what_if"), [(label("widget.agent"), self.agent_id)])

    def _static_tables(self) -> list[dict[str, str]]:
        summary = pd.DataFrame({"composite": [self.composite], "grade": [self.grade],
                                "rank": [f"{self.rank} / {len(self.scorecard)}"]},
                               index=pd.Index([self.agent_id], name="widget.agent"))
        return [table_output(summary), table_output(self.table, digits=3)]


def what_if(system: Any, scorecard: pd.DataFrame, agent_id: Any,
            thresholds: Mapping[str, float] | None = None, *, missing: str = "error") -> WhatIf:
    """Change one agent's KPI values or the targets and see the composite, grade and rank move.

    Parameters
    ----------
    system:
        A :class:`coursekit.system.KPISystem`.
    scorecard:
        Rows = agents or teams (index labels), columns = KPI codes.
    agent_id:
        The row to play with (a label of ``scorecard.index``).
    thresholds:
        Grade thresholds for :func:`coursekit.appraisal.grade_by_threshold`
        (default ``{"A": 90, "B": 80, "C": 70, "D": 0}``).
    missing:
        Passed to :meth:`KPISystem.score`.

    Returns
    -------
    WhatIf
        Display it (or ``.widget``); set ``.value_inputs[code].value`` /
        ``.target_inputs[code].value`` (or call ``set_value`` / ``set_target``)
        and read ``.composite``, ``.grade``, ``.rank`` and ``.table``.

    >>> import pandas as pd
    >>> from coursekit.system import Dimension, Indicator, KPISystem
    >>> system = KPISystem([Dimension("质量", 1.0, [
    ...     Indicator("fcr", 0.5, target=0.8, normalise="target"), Indicator("csat", 0.5)])])
    >>> card = pd.DataFrame({"fcr": [0.6, 0.8], "csat": [0.9, 0.8]}, index=["A1", "A2"])
    >>> sim = what_if(system, card, "A1", thresholds={"优秀": 90, "合格": 60, "待改进": 0})
    >>> sim.grade
    '合格'
    >>> sim.set_target("fcr", 0.6)               # A1 now meets the target: 100 on both
    >>> sim.composite, sim.grade
    (100.0, '优秀')
    """
    return WhatIf(system, scorecard, agent_id, thresholds, missing=missing)
