"""The KPI system: dimensions → indicators → 0–100 scores → composite.

A :class:`KPISystem` has dimensions (维度, e.g. 客户, 效率, 质量, 能力) whose
weights sum to 1; each :class:`Dimension` has indicators (指标) whose *local*
weights sum to 1; each :class:`Indicator` names a KPI code from
:func:`coursekit.kpi.catalog`, which way is better (taken from the catalog
unless given), an optional target and how to normalise it to 0–100
(:func:`coursekit.system.normalise`). The global weight of an indicator is
dimension weight × local weight.

The parts live in :mod:`.indicator`, scoring in :mod:`.score`, changed copies in
:mod:`.changes`, the readable table in :mod:`.describe` and YAML/JSON in :mod:`.io`;
this module ties them together (they never import it back).

>>> system = KPISystem([
...     Dimension("客户", 0.5, [Indicator("csat", 1.0)]),
...     Dimension("效率", 0.5, [Indicator("fcr", 0.5), Indicator("ttr_median_h", 0.5)]),
... ], name="demo")
>>> system.global_weights().tolist()
[0.5, 0.25, 0.25]
>>> card = pd.DataFrame({"csat": [0.9, 0.8, 0.7], "fcr": [0.6, 0.8, 0.7],
...                      "ttr_median_h": [4.0, 6.0, 8.0]}, index=["T1", "T2", "T3"])
>>> result = system.score(card)
>>> result.composite.round(1).tolist()     # see tests/system/test_model.py for the arithmetic
[75.0, 62.5, 12.5]
>>> result.ranking.tolist()
[1, 2, 3]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from coursekit.checks import did_you_mean
from coursekit.errors import ConfigError
from coursekit.results import Result
from coursekit.system._values import WEIGHT_TOLERANCE, check_sum
from coursekit.system.changes import WeightLevel, retargeted, reweighted
from coursekit.system.describe import Language, describe_table
from coursekit.system.indicator import CARD_FIELDS, Dimension, Indicator
from coursekit.system.io import parts_from_dict, read_json, read_yaml, system_to_dict, to_json, to_yaml
from coursekit.system.score import MissingRule, SystemScore, score_rows

__all__ = ["CARD_FIELDS", "Dimension", "Indicator", "KPISystem", "SystemScore", "WEIGHT_TOLERANCE"]


@dataclass(frozen=True)
class KPISystem(Result):
    """Dimensions → indicators, with weights, directions, targets and normalisation.

    Build it in code, from a dict (:meth:`from_dict`), YAML (:meth:`from_yaml`)
    or JSON (:meth:`from_json`). Dimension weights must sum to 1 and so must
    each dimension's indicator weights; codes are unique across the system.
    See the module docstring for an example.
    """

    dimensions: Sequence[Dimension]
    name: str = ""

    def __post_init__(self) -> None:
        dims = tuple(self.dimensions)
        for d in dims:
            if not isinstance(d, Dimension):
                raise ConfigError(f"KPISystem takes Dimension(...) objects, got {type(d).__name__}")
        if not dims:
            raise ConfigError("a KPISystem needs at least one Dimension")
        names = [d.name for d in dims]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ConfigError(f"dimension names must be unique; repeated: {', '.join(dupes)}")
        codes = [c for d in dims for c in d.codes]
        dupes = sorted({c for c in codes if codes.count(c) > 1})
        if dupes:
            where = {c: [d.name for d in dims if c in d.codes] for c in dupes}
            raise ConfigError("each KPI may appear in one dimension only; "
                              + "; ".join(f"{c} is in {', '.join(w)}" for c, w in where.items()))
        if not isinstance(self.name, str):
            raise ConfigError(f"system name must be a string, got {self.name!r}")
        object.__setattr__(self, "dimensions", dims)
        weights = {d.name: d.weight for d in dims}
        check_sum(weights, "dimensions", f"make the dimension weights sum to 1 "
                   f"(e.g. divide each by {sum(weights.values()):.6g})")

    # ----------------------------------------------------------------- lookup
    @property
    def codes(self) -> tuple[str, ...]:
        """All indicator codes, dimension by dimension."""
        return tuple(c for d in self.dimensions for c in d.codes)

    def indicator(self, code: str) -> Indicator:
        """The indicator with this code.

        >>> from coursekit.system import example_system
        >>> example_system("retail").indicator("return_time_h").target
        168.0
        """
        for d in self.dimensions:
            for i in d.indicators:
                if i.code == code:
                    return i
        raise ConfigError(f"the system has no indicator {code!r}; {did_you_mean(code, self.codes)}"
                          f"indicators: {', '.join(self.codes)}")

    def dimension(self, name: str) -> Dimension:
        """The dimension with this name.

        >>> from coursekit.system import example_system
        >>> example_system("finance").dimension("能力").codes
        ('qa_score',)
        """
        for d in self.dimensions:
            if d.name == name:
                return d
        names = [d.name for d in self.dimensions]
        raise ConfigError(f"the system has no dimension {name!r}; dimensions: {', '.join(names)}")

    # ----------------------------------------------------------------- weights
    def dimension_weights(self) -> pd.Series:
        """Dimension weights (sum 1), indexed by dimension name.

        >>> from coursekit.system import example_system
        >>> example_system("services").dimension_weights().to_dict()
        {'客户': 0.4, '效率': 0.3, '质量': 0.3}
        """
        return pd.Series({d.name: d.weight for d in self.dimensions}, name="weight", dtype=float).rename_axis(
            "dimension")

    def local_weights(self) -> pd.Series:
        """Indicator weights within their dimension, indexed by code.

        >>> from coursekit.system import example_system
        >>> float(example_system("finance").local_weights()["qa_score"])
        1.0
        """
        return pd.Series({i.code: i.weight for d in self.dimensions for i in d.indicators},
                         name="local_weight", dtype=float).rename_axis("indicator")

    def global_weights(self) -> pd.Series:
        """Dimension weight × local weight for every indicator (sums to 1), indexed by code.

        >>> from coursekit.system import example_system
        >>> round(float(example_system("finance").global_weights().sum()), 6)
        1.0
        """
        return pd.Series({i.code: d.weight * i.weight for d in self.dimensions for i in d.indicators},
                         name="global_weight", dtype=float).rename_axis("indicator")

    def with_weights(self, mapping: Mapping[str, float], level: WeightLevel = "global") -> KPISystem:
        """A new system with changed weights, rescaled to sum 1.

        ``level="global"``: ``mapping`` gives indicator codes → new global
        weights on any scale (codes not mentioned keep their current global
        weight); all globals are rescaled to sum 1, each dimension's weight
        becomes the sum of its indicators' globals and local weights follow.

        ``level="local"``: keys may be dimension names (new dimension weights)
        and/or codes (new local weights); each group is rescaled to sum 1 and
        unmentioned weights keep their current value before rescaling.

        >>> s = KPISystem([Dimension("客户", 0.5, [Indicator("csat", 1.0)]),
        ...                Dimension("效率", 0.5, [Indicator("fcr", 0.5), Indicator("ttr_median_h", 0.5)])])
        >>> s.with_weights({"csat": 2, "fcr": 1, "ttr_median_h": 1}).global_weights().tolist()
        [0.5, 0.25, 0.25]
        >>> s.with_weights({"客户": 3, "效率": 1}, level="local").dimension_weights().tolist()
        [0.75, 0.25]
        """
        return reweighted(self, mapping, level)

    def with_targets(self, mapping: Mapping[str, float]) -> KPISystem:
        """A new system with new targets for the indicators named in ``mapping`` (code → target).

        Weights, directions and normalisation stay as they are, and so does
        this system. Targets must be finite numbers, and positive for
        indicators scored against their target (``normalise="target"``);
        codes must be indicators of this system. Changing a target changes
        *everybody's* score on that indicator: it belongs to the system.

        A worked example: ``fcr`` is scored as achievement of its target,
        ``0.6 / 0.8 = 75``; with the target lowered to 0.6 the same value
        scores 100.

        >>> s = KPISystem([Dimension("质量", 1.0, [Indicator("fcr", 1.0, target=0.8, normalise="target")])])
        >>> card = pd.DataFrame({"fcr": [0.6, 0.8]}, index=["A1", "A2"])
        >>> s.score(card).composite.tolist(), s.with_targets({"fcr": 0.6}).score(card).composite.tolist()
        ([75.0, 100.0], [100.0, 100.0])
        >>> s.with_targets({"fcr": 0})
        Traceback (most recent call last):
        ...
        coursekit.errors.ConfigError: indicator 'fcr': target must be positive for normalise='target', got 0.0
        """
        return retargeted(self, mapping)

    # ----------------------------------------------------------------- scoring
    def score(self, scorecard: pd.DataFrame, missing: MissingRule = "error") -> SystemScore:
        """Score every row of a scorecard (rows = agents or teams, columns = KPI codes).

        Min–max and z-score normalisation are relative to the rows given, so a
        row's score depends on who it is compared with. ``missing="error"``
        (default) rejects missing KPI values naming the rows;
        ``missing="reweight"`` scores a row on the indicators it has, with
        their weights rescaled to sum 1 (a row with nothing left gets NaN).
        Extra scorecard columns are ignored.

        >>> s = KPISystem([Dimension("质量", 1.0, [Indicator("fcr", 0.5), Indicator("reopen_rate", 0.5)])])
        >>> import numpy as np
        >>> card = pd.DataFrame({"fcr": [0.7, 0.8], "reopen_rate": [0.05, np.nan]}, index=["A", "B"])
        >>> s.score(card, missing="reweight").composite.tolist()   # A: (0 + 50) / 2; B: fcr only
        [25.0, 100.0]
        """
        return score_rows(self, scorecard, missing)

    # ----------------------------------------------------------------- display
    def describe(self, lang: Language = "zh") -> pd.DataFrame:
        """A readable table of the system: one row per indicator.

        Columns (Chinese, the default): 维度, 维度权重, 指标, 方向, 权重 (local),
        全局权重, 目标值, 标准化方法; the index is the KPI code (代码).
        ``lang="en"`` gives English headers and names. When any indicator has
        card fields (:data:`CARD_FIELDS`), three more columns follow: 口径,
        数据来源, 考核周期 (``definition``, ``source``, ``period``; an empty
        string where a card leaves a field out).

        >>> from coursekit.system import example_system
        >>> table = example_system("manufacturing").describe()
        >>> list(table.columns)
        ['维度', '维度权重', '指标', '方向', '权重', '全局权重', '目标值', '标准化方法']
        >>> table.loc["first_time_fix", ["指标", "方向", "标准化方法"]].tolist()
        ['一次修复率', '越高越好', '目标达成率(封顶100%)']
        >>> carded = KPISystem([Dimension("客户", 1.0, [Indicator("csat", 1.0, source="回访问卷")])])
        >>> carded.describe()[["口径", "数据来源", "考核周期"]].values.tolist()
        [['', '回访问卷', '']]
        """
        return describe_table(self, lang)

    # ----------------------------------------------------------------- serialisation
    def to_dict(self) -> dict[str, Any]:
        """Plain dict (YAML/JSON-ready); :meth:`from_dict` reads it back.

        >>> d = KPISystem([Dimension("客户", 1.0, [Indicator("csat", 1.0)])], name="x").to_dict()
        >>> d["dimensions"][0]["indicators"][0]
        {'code': 'csat', 'weight': 1.0, 'direction': 'higher', 'normalise': 'minmax'}
        """
        return system_to_dict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> KPISystem:
        """Build from the dict form (see :meth:`to_dict`); unknown keys are errors.

        >>> s = KPISystem.from_dict({"dimensions": [
        ...     {"name": "质量", "weight": 1, "indicators": [{"code": "reopen_rate", "weight": 1}]}]})
        >>> s.indicator("reopen_rate").direction
        'lower'
        """
        dimensions, name = parts_from_dict(data)
        return cls(dimensions, name=name)

    def to_yaml(self, path: str | Path | None = None) -> str:
        """YAML text (UTF-8, Chinese kept readable); also written to ``path`` if given.

        >>> print(KPISystem([Dimension("客户", 1.0, [Indicator("nps", 1.0)])], name="示例").to_yaml())
        name: 示例
        dimensions:
        - name: 客户
          weight: 1.0
          indicators:
          - code: nps
            weight: 1.0
            direction: higher
            normalise: minmax
        <BLANKLINE>
        """
        return to_yaml(self, path)

    @classmethod
    def from_yaml(cls, source: str | Path) -> KPISystem:
        """Read from a YAML file path or YAML text.

        >>> s = KPISystem.from_yaml('''
        ... name: 演示
        ... dimensions:
        ...   - name: 客户
        ...     weight: 1
        ...     indicators:
        ...       - {code: csat, weight: 1}
        ... ''')
        >>> s.global_weights().to_dict()
        {'csat': 1.0}
        """
        return cls.from_dict(read_yaml(source))

    def to_json(self, path: str | Path | None = None) -> str:
        """JSON text (UTF-8, indented); also written to ``path`` if given.

        >>> text = KPISystem([Dimension("客户", 1.0, [Indicator("nps", 1.0)])]).to_json()
        >>> KPISystem.from_json(text).codes
        ('nps',)
        """
        return to_json(self, path)

    @classmethod
    def from_json(cls, source: str | Path) -> KPISystem:
        """Read from a JSON file path or JSON text.

        >>> KPISystem.from_json('{"dimensions": [{"name": "效率", "weight": 1, '
        ...                     '"indicators": [{"code": "fcr", "weight": 1}]}]}').global_weights().to_dict()
        {'fcr': 1.0}
        """
        return cls.from_dict(read_json(source))

    # ----------------------------------------------------------------- notebook display
    def title(self) -> str:
        return f"KPI 体系 {self.name}".strip()

    def table(self) -> pd.DataFrame:
        """:meth:`describe` in the current language (what a notebook shows for a system).

        >>> from coursekit.system import example_system
        >>> example_system("finance").table().shape[0] == len(example_system("finance").codes)
        True
        """
        from coursekit.i18n import get_language

        return self.describe("en" if get_language() == "en" else "zh")
