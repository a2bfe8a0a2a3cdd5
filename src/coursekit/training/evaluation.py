"""Programme evaluation: Kirkpatrick's four levels and Phillips' ROI (level 5)."""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from coursekit.errors import ConfigError, DataError
from coursekit.results import Result
from coursekit.training._input import as_numbers, require
from coursekit.training.did import diff_in_diff
from coursekit.training.paired import paired_effect


@dataclass(frozen=True)
class ROIResult(Result):
    """Phillips ROI: ``roi_pct = (benefits − costs)/costs × 100``, ``bcr = benefits/costs``.

    ``benefits`` are after isolation (``attribution``) and estimate-confidence
    adjustments; ``raw_benefits`` before them.
    """

    benefits: float
    costs: float
    net_benefit: float
    roi_pct: float
    bcr: float
    raw_benefits: float

    def title(self) -> str:
        return f"投资回报率 ROI = {self.roi_pct:.1f}%，效益成本比 BCR = {self.bcr:.2f}"

    def table(self) -> pd.DataFrame:
        """The money in one row: raw and attributed benefits, costs, net benefit, ROI % and BCR.

        >>> phillips_roi(150_000, 100_000, attribution=0.8).table()[["benefits", "net_benefit", "roi_pct"]]
           benefits  net_benefit  roi_pct
        0  120000.0      20000.0     20.0
        """
        return pd.DataFrame([{"raw_benefits": self.raw_benefits, "benefits": self.benefits, "costs": self.costs,
                              "net_benefit": self.net_benefit, "roi_pct": self.roi_pct, "bcr": self.bcr}])


def _total(value: Any, name: str) -> float:
    if isinstance(value, Mapping):
        value = list(value.values())
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        total = float(value)
    else:
        total = float(as_numbers(value, name).sum(min_count=1))
    if not math.isfinite(total):
        raise DataError(name, "must be a finite amount (or a list of amounts)", values=[value], rows=[name],
                        hint="give money in yuan, e.g. 120000")
    return total


def phillips_roi(benefits: Any, costs: Any, attribution: float = 1.0, estimate_confidence: float = 1.0) -> ROIResult:
    """ROI % and benefit-cost ratio of a programme (Phillips level 5).

    ``benefits`` and ``costs`` are amounts or lists/dicts/Series of amounts
    (summed: e.g. a cost breakdown). Phillips isolates the training's share:
    benefits are multiplied by ``attribution`` (share of the improvement
    credited to training) and ``estimate_confidence`` (confidence in the
    estimate), both in (0, 1].

    >>> r = phillips_roi(150_000, {"trainer": 60_000, "time off job": 40_000})
    >>> r.roi_pct, r.bcr
    (50.0, 1.5)
    """
    for value, name in ((attribution, "attribution"), (estimate_confidence, "estimate_confidence")):
        if not (isinstance(value, numbers.Real) and 0 < value <= 1):
            raise ConfigError(f"{name} must be a share in (0, 1], not {value!r}")
    raw = _total(benefits, "benefits")
    total_costs = _total(costs, "costs")
    if total_costs <= 0:
        raise DataError("costs", f"must be more than 0, got {total_costs:g}",
                        hint="include every cost: design, delivery, materials, trainees' time")
    adjusted = raw * attribution * estimate_confidence
    net = adjusted - total_costs
    return ROIResult(adjusted, total_costs, net, net / total_costs * 100, adjusted / total_costs, raw)


LEVELS = (
    (1, "Reaction", "反应层"),
    (2, "Learning", "学习层"),
    (3, "Behaviour", "行为层"),
    (4, "Results", "结果层"),
)
#: Phillips' fifth level, listed only when an ROI is given.
ROI_LEVEL = (5, "ROI (Phillips)", "投资回报率层")


def kirkpatrick(
    frame: pd.DataFrame,
    group: str = "group",
    treated: Any = "treatment",
    reaction: str | None = "reaction",
    learning: tuple[str, str] | None = ("pre_score", "post_score"),
    behaviour: tuple[str, str] | None = ("fcr_pre", "fcr_post"),
    results: Mapping[str, Any] | ROIResult | None = None,
    roi: ROIResult | None = None,
) -> pd.DataFrame:
    """Four-level summary of a programme: columns level, name, name_zh, measure, value, source.

    Defaults fit ``coursekit.load("training")``: level 1 = mean reaction
    (1–5) of the trained group; level 2 = test-score gain and level 3 = FCR
    change, each net of the control group (:func:`diff_in_diff`; a paired
    pre/post mean change when there is no control group). Level 4 (business
    results) is supplied by you: ``results={"measure": ..., "value": ...,
    "source": ...}`` or a :class:`ROIResult`. A level set to ``None`` is
    listed as not measured (value NaN).

    >>> f = pd.DataFrame({"group": ["treatment"] * 2 + ["control"] * 2, "reaction": [4.0, 5.0, None, None],
    ...                   "pre_score": [60, 62, 61, 60], "post_score": [80, 79, 64, 65],
    ...                   "fcr_pre": [0.7, 0.72, 0.7, 0.71], "fcr_post": [0.8, 0.8, 0.72, 0.73]})
    >>> kirkpatrick(f)[["level", "name_zh", "value"]].round(2)
       level name_zh  value
    0      1     反应层   4.50
    1      2     学习层  14.50
    2      3     行为层   0.07
    3      4     结果层    NaN
    """
    require(frame, [group], "kirkpatrick")
    treated_rows = frame[group] == treated
    has_control = bool((~treated_rows.fillna(False)).sum() >= 2)
    rows: list[tuple[str, float, str]] = []

    if reaction is None:
        rows.append(("not measured", math.nan, ""))
    else:
        require(frame, [reaction], "kirkpatrick")
        scores = as_numbers(frame.loc[treated_rows.fillna(False).to_numpy(dtype=bool), reaction], reaction).dropna()
        rows.append(("mean reaction score (1-5), trained group", float(scores.mean()),
                     f"{reaction}, n={len(scores)}"))

    for pair, label in ((learning, "test score"), (behaviour, "KPI")):
        if pair is None:
            rows.append(("not measured", math.nan, ""))
            continue
        before, after = pair
        require(frame, [before, after], "kirkpatrick")
        if has_control:
            did = diff_in_diff(frame, before, after, group=group, treated=treated, dropna=True)
            rows.append((f"{label} change net of control ({after} − {before}, DiD)", did.estimate,
                         f"{before}/{after}, treated n={did.n_treated}, control n={did.n_control}, "
                         f"{did.confidence:.0%} CI {did.ci[0]:.3g} to {did.ci[1]:.3g}"))
        else:
            part = frame.loc[treated_rows.fillna(False).to_numpy(dtype=bool), [before, after]].dropna()
            eff = paired_effect(part[before], part[after])
            rows.append((f"{label} change pre→post ({after} − {before}, no control group)", eff.mean_diff,
                         f"{before}/{after}, n={eff.n}, d_z={eff.d_z:.2f}"))

    if results is None:
        rows.append(("not measured (pass results=)", math.nan, ""))
    elif isinstance(results, ROIResult):
        roi = roi if roi is not None else results
        rows.append(("monetary benefits attributed to the programme", results.benefits,
                     "phillips_roi(benefits=...)"))
    else:
        if "value" not in results:
            raise ConfigError("results needs at least a 'value' (and ideally 'measure' and 'source')")
        rows.append((str(results.get("measure", "business result")), float(results["value"]),
                     str(results.get("source", ""))))

    levels = list(LEVELS)
    if roi is not None:
        levels.append(ROI_LEVEL)
        rows.append(("ROI % = (benefits − costs) / costs × 100", roi.roi_pct,
                     f"benefits {roi.benefits:,.0f} / costs {roi.costs:,.0f}, BCR {roi.bcr:.2f}"))
    return pd.DataFrame(
        [
            {"level": number, "name": name, "name_zh": name_zh, "measure": measure, "value": value, "source": source}
            for (number, name, name_zh), (measure, value, source) in zip(levels, rows, strict=True)
        ]
    )
