"""The KPI system: dimensions → indicators → 0–100 scores → composite.

A :class:`KPISystem` has dimensions (维度, e.g. 客户, 效率, 质量, 能力) whose
weights sum to 1; each :class:`Dimension` has indicators (指标) whose *local*
weights sum to 1; each :class:`Indicator` names a KPI code from
:func:`coursekit.kpi.catalog`, which way is better (taken from the catalog
unless given), an optional target and how to normalise it to 0–100
(:func:`coursekit.system.normalise`). The global weight of an indicator is
dimension weight × local weight.

>>> system = KPISystem([
...     Dimension("客户", 0.5, [Indicator("csat", 1.0)]),
...     Dimension("效率", 0.5, [Indicator("fcr", 0.5), Indicator("ttr_median_h", 0.5)]),
... ], name="demo")
>>> system.global_weights().tolist()
[0.5, 0.25, 0.25]
>>> card = pd.DataFrame({"csat": [0.9, 0.8, 0.7], "fcr": [0.6, 0.8, 0.7],
...                      "ttr_median_h": [4.0, 6.0, 8.0]}, index=["T1", "T2", "T3"])
>>> result = system.score(card)
>>> result.composite.round(1).tolist()     # see tests/test_system_model.py for the arithmetic
[75.0, 62.5, 12.5]
>>> result.ranking.tolist()
[1, 2, 3]
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from coursekit.errors import ConfigError, DataError
from coursekit.system.normalise import DIRECTIONS, NORMALISE_METHODS
from coursekit.system.normalise import normalise as _normalise

__all__ = ["CARD_FIELDS", "Dimension", "Indicator", "KPISystem", "SystemScore", "WEIGHT_TOLERANCE"]

#: How far a set of weights may be from summing to 1.
WEIGHT_TOLERANCE = 1e-6

#: Optional text fields of an indicator card (口径, 数据来源, 考核周期), in display order.
CARD_FIELDS = ("definition", "source", "period")
_CARD_FIELD_HINT = {"definition": "口径: which records count, e.g. in the denominator",
                    "source": "数据来源: where the data come from, e.g. '工单系统'",
                    "period": "考核周期: e.g. '月度' or '年度'"}
_CARD_HEADERS_ZH = {"definition": "口径", "source": "数据来源", "period": "考核周期"}

_DIRECTION_ZH = {"higher": "越高越好", "lower": "越低越好"}
_DIRECTION_EN = {"higher": "higher is better", "lower": "lower is better"}


@lru_cache(maxsize=1)
def _catalog() -> dict[str, dict[str, str]]:
    """KPI code → {direction, name_zh, name_en} from :func:`coursekit.kpi.catalog`."""
    from coursekit.kpi import catalog

    cat = catalog()
    return {str(code): {"direction": str(row["direction"]), "name_zh": str(row["name_zh"]),
                        "name_en": str(row["name_en"])}
            for code, row in cat.iterrows()}


def _close(word: str, choices: Iterable[str]) -> str:
    matches = difflib.get_close_matches(str(word), [str(c) for c in choices], n=3, cutoff=0.5)
    return f"did you mean {', '.join(repr(m) for m in matches)}? " if matches else ""


def _weight(value: Any, what: str) -> float:
    try:
        w = float(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{what} must be a number, got {value!r}") from None
    if not math.isfinite(w) or w < 0:
        raise ConfigError(f"{what} must be a non-negative number, got {value!r}")
    return w


# --------------------------------------------------------------------------- Indicator
@dataclass(frozen=True)
class Indicator:
    """One KPI in the system.

    Parameters
    ----------
    code: a KPI code of :func:`coursekit.kpi.catalog` (e.g. ``"fcr"``).
    weight: local weight within its dimension (the dimension's weights sum to 1).
    direction: ``"higher"`` or ``"lower"`` is better; ``None`` takes it from the
        catalog. A code outside the catalog (your own KPI) needs an explicit direction.
    target: the goal value; required for ``normalise="target"``.
    normalise: ``"minmax"``, ``"zscore"`` or ``"target"`` (see :mod:`coursekit.system.normalise`).
    cap: highest achievement counted by ``"target"`` (1.0 = 100 %).
    definition, source, period: the rest of the indicator card (指标卡片), all
        optional text: ``definition`` is the 口径 (which records count, e.g. "all
        tickets created in the period, open ones included"), ``source`` the data
        source (数据来源, e.g. "工单系统") and ``period`` the appraisal period
        (考核周期, e.g. "年度"). They do not change the scores; they are kept
        through :meth:`KPISystem.to_dict` / YAML / JSON and shown by
        :meth:`KPISystem.describe`. Given, each must be non-empty text.

    >>> Indicator("ttr_median_h", 0.5).direction
    'lower'
    >>> Indicator("fcr", 1.0, target=0.8, normalise="target").score([0.6, 0.8, 0.9]).tolist()
    [75.0, 100.0, 100.0]
    >>> Indicator("fcr", 1.0, definition="期内创建的全部工单（含未解决）", source="工单系统", period="年度").source
    '工单系统'
    >>> Indicator("fcrr", 1.0)
    Traceback (most recent call last):
    ...
    coursekit.errors.ConfigError: unknown KPI code 'fcrr'; did you mean 'fcr'? Codes are listed by coursekit.kpi.catalog(); for your own KPI give direction='higher' or 'lower'
    """

    code: str
    weight: float
    direction: str | None = None
    target: float | None = None
    normalise: str = "minmax"
    cap: float = 1.0
    definition: str | None = None
    source: str | None = None
    period: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.code, str) or not self.code:
            raise ConfigError(f"indicator code must be a non-empty string, got {self.code!r}")
        for name in CARD_FIELDS:
            value = getattr(self, name)
            if value is not None and (not isinstance(value, str) or not value.strip()):
                raise ConfigError(f"indicator {self.code!r}: {name} must be non-empty text "
                                  f"({_CARD_FIELD_HINT[name]}) or left out, got {value!r}")
        object.__setattr__(self, "weight", _weight(self.weight, f"weight of indicator {self.code!r}"))
        if self.normalise not in NORMALISE_METHODS:
            raise ConfigError(f"indicator {self.code!r}: unknown normalise={self.normalise!r}; "
                              f"choose one of {', '.join(NORMALISE_METHODS)}")
        catalog = _catalog()
        if self.direction is None:
            if self.code not in catalog:
                raise ConfigError(f"unknown KPI code {self.code!r}; {_close(self.code, catalog)}Codes are listed "
                                  "by coursekit.kpi.catalog(); for your own KPI give direction='higher' or 'lower'")
            object.__setattr__(self, "direction", catalog[self.code]["direction"])
        elif self.direction not in DIRECTIONS:
            raise ConfigError(f"indicator {self.code!r}: direction must be 'higher' or 'lower' "
                              f"(which way is better), got {self.direction!r}")
        if self.target is not None:
            try:
                target = float(self.target)
            except (TypeError, ValueError):
                raise ConfigError(f"indicator {self.code!r}: target must be a number, got {self.target!r}") from None
            object.__setattr__(self, "target", target)
        if self.normalise == "target":
            if self.target is None:
                raise ConfigError(f"indicator {self.code!r} uses normalise='target' but has no target; "
                                  "give target=... (e.g. 0.8 for an 80 % goal) or use 'minmax'")
            if not self.target > 0:
                raise ConfigError(f"indicator {self.code!r}: target must be positive for normalise='target', "
                                  f"got {self.target!r}")
        cap = _weight(self.cap, f"cap of indicator {self.code!r}")
        if cap <= 0:
            raise ConfigError(f"indicator {self.code!r}: cap must be positive (1.0 = 100 % achievement)")
        object.__setattr__(self, "cap", cap)

    @property
    def name_zh(self) -> str:
        """Chinese KPI name from the catalog (the code for your own KPIs)."""
        return _catalog().get(self.code, {}).get("name_zh", self.code)

    @property
    def name_en(self) -> str:
        """English KPI name from the catalog (the code for your own KPIs)."""
        return _catalog().get(self.code, {}).get("name_en", self.code)

    def score(self, values: Any) -> pd.Series:
        """0–100 scores of raw KPI values with this indicator's settings."""
        return _normalise(values, method=self.normalise, direction=self.direction or "higher",
                          target=self.target, cap=self.cap)

    def replace(self, **changes: Any) -> Indicator:
        """A copy with some fields changed (validated again).

        >>> Indicator("fcr", 0.5).replace(weight=1.0).weight
        1.0
        """
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(changes)
        return Indicator(**values)


# --------------------------------------------------------------------------- Dimension
def _check_sum(weights: Mapping[str, float], what: str, hint: str) -> None:
    total = sum(weights.values())
    if abs(total - 1.0) > WEIGHT_TOLERANCE:
        raise DataError(what, f"weights must sum to 1, they sum to {total:.6g}",
                        rows=list(weights), values=[round(v, 6) for v in weights.values()], hint=hint)


@dataclass(frozen=True)
class Dimension:
    """A group of indicators (维度) with a weight in the system.

    ``indicators`` are :class:`Indicator` objects whose weights sum to 1.

    >>> d = Dimension("效率", 0.3, [Indicator("frt_median_h", 0.4), Indicator("sla_compliance", 0.6)])
    >>> d.codes
    ('frt_median_h', 'sla_compliance')
    >>> Dimension("效率", 0.3, [Indicator("frt_median_h", 0.4), Indicator("sla_compliance", 0.5)])
    Traceback (most recent call last):
    ...
    coursekit.errors.DataError: column 'dimension 效率': weights must sum to 1, they sum to 0.9; rows frt_median_h, sla_compliance (values: 0.4, 0.5); fix: make the indicator weights of 效率 sum to 1 (e.g. divide each by 0.9)
    """

    name: str
    weight: float
    indicators: tuple[Indicator, ...] = field(default=())

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise ConfigError(f"dimension name must be a non-empty string, got {self.name!r}")
        object.__setattr__(self, "weight", _weight(self.weight, f"weight of dimension {self.name!r}"))
        items = tuple(self.indicators)
        for item in items:
            if not isinstance(item, Indicator):
                raise ConfigError(f"dimension {self.name!r}: indicators must be Indicator(...) objects, "
                                  f"got {type(item).__name__}")
        if not items:
            raise ConfigError(f"dimension {self.name!r} has no indicators; add at least one Indicator")
        codes = [i.code for i in items]
        dupes = sorted({c for c in codes if codes.count(c) > 1})
        if dupes:
            raise ConfigError(f"dimension {self.name!r} lists {', '.join(dupes)} more than once")
        object.__setattr__(self, "indicators", items)
        weights = {i.code: i.weight for i in items}
        total = sum(weights.values())
        _check_sum(weights, f"dimension {self.name}",
                   f"make the indicator weights of {self.name} sum to 1 (e.g. divide each by {total:.6g})")

    @property
    def codes(self) -> tuple[str, ...]:
        """The indicator codes, in order."""
        return tuple(i.code for i in self.indicators)


# --------------------------------------------------------------------------- scoring result
@dataclass(frozen=True, eq=False, repr=False)
class SystemScore:
    """What :meth:`KPISystem.score` returns (all scores 0–100, rows = scorecard rows).

    ``indicators``: one column per indicator code; ``dimensions``: one column
    per dimension; ``composite``: the weighted total; ``ranking``: 1 = best
    (ties share the better rank, ``method="min"``); ``contributions``: global
    weight × indicator score (each row sums to the composite).
    """

    system: KPISystem
    indicators: pd.DataFrame
    dimensions: pd.DataFrame
    composite: pd.Series
    ranking: pd.Series
    contributions: pd.DataFrame

    def table(self) -> pd.DataFrame:
        """Dimension scores, composite and ranking side by side, best first.

        >>> s = KPISystem([Dimension("客户", 1.0, [Indicator("csat", 1.0)])])
        >>> s.score(pd.DataFrame({"csat": [0.7, 0.9]}, index=["T1", "T2"])).table()
               客户  composite  ranking
        T2  100.0      100.0        1
        T1    0.0        0.0        2
        """
        out = self.dimensions.assign(composite=self.composite, ranking=self.ranking)
        return out.sort_values(["ranking"], kind="stable")

    def __repr__(self) -> str:
        return f"SystemScore({self.system.name or 'KPISystem'!s}: {len(self.composite)} rows)"


# --------------------------------------------------------------------------- KPISystem
@dataclass(frozen=True)
class KPISystem:
    """Dimensions → indicators, with weights, directions, targets and normalisation.

    Build it in code, from a dict (:meth:`from_dict`), YAML (:meth:`from_yaml`)
    or JSON (:meth:`from_json`). Dimension weights must sum to 1 and so must
    each dimension's indicator weights; codes are unique across the system.
    See the module docstring for an example.
    """

    dimensions: tuple[Dimension, ...]
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
        _check_sum(weights, "dimensions", f"make the dimension weights sum to 1 "
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
        raise ConfigError(f"the system has no indicator {code!r}; {_close(code, self.codes)}"
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

    def with_weights(self, mapping: Mapping[str, float], level: str = "global") -> KPISystem:
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
        from coursekit.system.changes import reweighted

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
        from coursekit.system.changes import retargeted

        return retargeted(self, mapping)

    # ----------------------------------------------------------------- scoring
    def score(self, scorecard: pd.DataFrame, missing: str = "error") -> SystemScore:
        """Score every row of a scorecard (rows = agents or teams, columns = KPI codes).

        Min–max and z-score normalisation are relative to the rows given, so a
        row's score depends on who it is compared with. ``missing="error"``
        (default) rejects missing KPI values naming the rows;
        ``missing="reweight"`` scores a row on the indicators it has, with
        their weights rescaled to sum 1 (a row with nothing left gets NaN).
        Extra scorecard columns are ignored.

        >>> s = KPISystem([Dimension("质量", 1.0, [Indicator("fcr", 0.5), Indicator("reopen_rate", 0.5)])])
        >>> card = pd.DataFrame({"fcr": [0.7, 0.8], "reopen_rate": [0.05, np.nan]}, index=["A", "B"])
        >>> s.score(card, missing="reweight").composite.tolist()   # A: (0 + 50) / 2; B: fcr only
        [25.0, 100.0]
        """
        if missing not in ("error", "reweight"):
            raise ConfigError(f"missing must be 'error' or 'reweight', got {missing!r}")
        frame = self._check_scorecard(scorecard)
        if missing == "error":
            nan = frame.isna()
            if nan.any().any():
                col = str(nan.any().idxmax())
                raise DataError(col, "has missing values; every row needs every KPI of the system",
                                rows=list(frame.index[nan[col]]),
                                hint="fill or drop those rows, or score with missing='reweight'")
        ind = pd.DataFrame({i.code: i.score(frame[i.code]) for d in self.dimensions for i in d.indicators},
                           index=frame.index)
        dims = pd.DataFrame({d.name: _weighted(ind[list(d.codes)], [i.weight for i in d.indicators])
                             for d in self.dimensions}, index=frame.index)
        composite = _weighted(dims, [d.weight for d in self.dimensions]).rename("composite")
        ranking = composite.rank(ascending=False, method="min").astype("Int64").rename("ranking")
        contributions = ind * self.global_weights()
        return SystemScore(system=self, indicators=ind, dimensions=dims, composite=composite, ranking=ranking,
                           contributions=contributions)

    def _check_scorecard(self, scorecard: Any) -> pd.DataFrame:
        if not isinstance(scorecard, pd.DataFrame):
            raise DataError(None, f"the scorecard must be a DataFrame (rows = agents or teams, columns = KPI "
                            f"codes), got {type(scorecard).__name__}",
                            hint="build one with coursekit.kpi.scorecard(tickets, by='agent_id')")
        if len(scorecard) == 0:
            raise DataError(None, "the scorecard has no rows")
        have = [str(c) for c in scorecard.columns]
        absent = [c for c in self.codes if c not in scorecard.columns]
        if absent:
            c = absent[0]
            others = f" (also missing: {', '.join(absent[1:])})" if len(absent) > 1 else ""
            raise DataError(c, f"the scorecard has no column {c!r}, which the KPI system needs{others}",
                            hint=f"{_close(c, have)}columns present: {', '.join(have) or 'none'}; compute it with "
                                 "coursekit.kpi.scorecard(..., kpis=[...]) or remove the indicator")
        frame = scorecard[list(self.codes)]
        for c in self.codes:
            col = frame[c]
            if pd.api.types.is_bool_dtype(col) or not pd.api.types.is_numeric_dtype(col):
                raise DataError(c, f"must hold numbers, got dtype {col.dtype}",
                                hint="convert it with pd.to_numeric or recompute the scorecard")
        return frame.astype(float)

    # ----------------------------------------------------------------- display
    def describe(self, lang: str = "zh") -> pd.DataFrame:
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
        if lang not in ("zh", "en"):
            raise ConfigError(f"lang must be 'zh' or 'en', got {lang!r}")
        rows = []
        for d in self.dimensions:
            for i in d.indicators:
                rows.append({
                    "dimension": d.name if lang == "zh" else _dimension_en(d.name),
                    "dimension_weight": d.weight,
                    "indicator": i.name_zh if lang == "zh" else i.name_en,
                    "direction": (_DIRECTION_ZH if lang == "zh" else _DIRECTION_EN)[i.direction or "higher"],
                    "weight": i.weight,
                    "global_weight": d.weight * i.weight,
                    "target": np.nan if i.target is None else i.target,
                    "normalise": _method_label(i, lang),
                    **{name: getattr(i, name) or "" for name in CARD_FIELDS},
                })
        table = pd.DataFrame(rows, index=pd.Index(list(self.codes), name="代码" if lang == "zh" else "code"))
        carded = any(getattr(i, name) is not None for d in self.dimensions for i in d.indicators
                     for name in CARD_FIELDS)
        if not carded:
            table = table.drop(columns=list(CARD_FIELDS))
        if lang == "zh":
            table.columns = ["维度", "维度权重", "指标", "方向", "权重", "全局权重", "目标值", "标准化方法",
                             *([_CARD_HEADERS_ZH[name] for name in CARD_FIELDS] if carded else [])]
        return table

    # ----------------------------------------------------------------- serialisation
    def to_dict(self) -> dict[str, Any]:
        """Plain dict (YAML/JSON-ready); :meth:`from_dict` reads it back.

        >>> d = KPISystem([Dimension("客户", 1.0, [Indicator("csat", 1.0)])], name="x").to_dict()
        >>> d["dimensions"][0]["indicators"][0]
        {'code': 'csat', 'weight': 1.0, 'direction': 'higher', 'normalise': 'minmax'}
        """
        from coursekit.system.io import system_to_dict

        return system_to_dict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> KPISystem:
        """Build from the dict form (see :meth:`to_dict`); unknown keys are errors.

        >>> s = KPISystem.from_dict({"dimensions": [
        ...     {"name": "质量", "weight": 1, "indicators": [{"code": "reopen_rate", "weight": 1}]}]})
        >>> s.indicator("reopen_rate").direction
        'lower'
        """
        from coursekit.system.io import system_from_dict

        return system_from_dict(data)

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
        from coursekit.system.io import to_yaml

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
        from coursekit.system.io import from_yaml

        return from_yaml(source)

    def to_json(self, path: str | Path | None = None) -> str:
        """JSON text (UTF-8, indented); also written to ``path`` if given.

        >>> text = KPISystem([Dimension("客户", 1.0, [Indicator("nps", 1.0)])]).to_json()
        >>> KPISystem.from_json(text).codes
        ('nps',)
        """
        from coursekit.system.io import to_json

        return to_json(self, path)

    @classmethod
    def from_json(cls, source: str | Path) -> KPISystem:
        """Read from a JSON file path or JSON text.

        >>> KPISystem.from_json('{"dimensions": [{"name": "效率", "weight": 1, '
        ...                     '"indicators": [{"code": "fcr", "weight": 1}]}]}').global_weights().to_dict()
        {'fcr': 1.0}
        """
        from coursekit.system.io import from_json

        return from_json(source)


# --------------------------------------------------------------------------- helpers
def _weighted(scores: pd.DataFrame, weights: list[float]) -> pd.Series:
    """Weighted mean per row, weights rescaled over the non-missing cells."""
    w = np.asarray(weights, dtype=float)
    values = scores.to_numpy(dtype=float)
    present = ~np.isnan(values)
    wsum = (present * w).sum(axis=1)
    total = np.where(present, values, 0.0) @ w
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(wsum > 0, total / np.where(wsum > 0, wsum, 1.0), np.nan)
    return pd.Series(out, index=scores.index, dtype=float)


def _method_label(ind: Indicator, lang: str) -> str:
    if ind.normalise == "minmax":
        return "极差标准化(min-max)" if lang == "zh" else "min-max"
    if ind.normalise == "zscore":
        return "标准分(T=50+10z)" if lang == "zh" else "z-score (T = 50 + 10z)"
    pct = f"{ind.cap * 100:g}%"
    return f"目标达成率(封顶{pct})" if lang == "zh" else f"target achievement (capped at {pct})"


def _dimension_en(name: str) -> str:
    from coursekit.i18n import label

    return label(name, lang="en")
