"""The parts of a KPI system: :class:`Indicator` (one KPI and its card) and :class:`Dimension`.

An indicator names a KPI code of :func:`coursekit.kpi.catalog`, its local weight,
which way is better, an optional target and how to normalise it to 0–100; a
dimension (维度) groups indicators whose weights sum to 1.

>>> Dimension("客户", 1.0, [Indicator("csat", 0.5), Indicator("nps", 0.5)]).codes
('csat', 'nps')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any

import pandas as pd

from coursekit.checks import did_you_mean
from coursekit.errors import ConfigError
from coursekit.system._values import check_sum, weight_value
from coursekit.system.normalise import DIRECTIONS, NORMALISE_METHODS, Direction, NormaliseMethod
from coursekit.system.normalise import normalise as _normalise

__all__ = ["CARD_FIELDS", "Dimension", "Indicator", "kpi_names"]

#: Optional text fields of an indicator card (口径, 数据来源, 考核周期), in display order.
CARD_FIELDS = ("definition", "source", "period")
_CARD_FIELD_HINT = {"definition": "口径: which records count, e.g. in the denominator",
                    "source": "数据来源: where the data come from, e.g. '工单系统'",
                    "period": "考核周期: e.g. '月度' or '年度'"}


@lru_cache(maxsize=1)
def kpi_names() -> dict[str, dict[str, str]]:
    """KPI code → {direction, name_zh, name_en} from :func:`coursekit.kpi.catalog`.

    >>> kpi_names()["fcr"]["direction"]
    'higher'
    """
    from coursekit.kpi import catalog

    cat = catalog()
    return {str(code): {"direction": str(row["direction"]), "name_zh": str(row["name_zh"]),
                        "name_en": str(row["name_en"])}
            for code, row in cat.iterrows()}


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
    coursekit.errors.ConfigError: unknown KPI code 'fcrr'; did you mean 'fcr'? Codes are listed by ...
    """

    code: str
    weight: float
    direction: Direction | None = None
    target: float | None = None
    normalise: NormaliseMethod = "minmax"
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
        object.__setattr__(self, "weight", weight_value(self.weight, f"weight of indicator {self.code!r}"))
        if self.normalise not in NORMALISE_METHODS:
            raise ConfigError(f"indicator {self.code!r}: unknown normalise={self.normalise!r}; "
                              f"choose one of {', '.join(NORMALISE_METHODS)}")
        catalog = kpi_names()
        if self.direction is None:
            if self.code not in catalog:
                raise ConfigError(f"unknown KPI code {self.code!r}; {did_you_mean(self.code, catalog)}Codes are "
                                  "listed by coursekit.kpi.catalog(); for your own KPI give direction='higher' or "
                                  "'lower'")
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
        cap = weight_value(self.cap, f"cap of indicator {self.code!r}")
        if cap <= 0:
            raise ConfigError(f"indicator {self.code!r}: cap must be positive (1.0 = 100 % achievement)")
        object.__setattr__(self, "cap", cap)

    @property
    def name_zh(self) -> str:
        """Chinese KPI name from the catalog (the code for your own KPIs)."""
        return kpi_names().get(self.code, {}).get("name_zh", self.code)

    @property
    def name_en(self) -> str:
        """English KPI name from the catalog (the code for your own KPIs)."""
        return kpi_names().get(self.code, {}).get("name_en", self.code)

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
    coursekit.errors.DataError: column 'dimension 效率': weights must sum to 1, they sum to 0.9; ...
    """

    name: str
    weight: float
    indicators: Sequence[Indicator] = field(default=())

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise ConfigError(f"dimension name must be a non-empty string, got {self.name!r}")
        object.__setattr__(self, "weight", weight_value(self.weight, f"weight of dimension {self.name!r}"))
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
        check_sum(weights, f"dimension {self.name}",
                   f"make the indicator weights of {self.name} sum to 1 (e.g. divide each by {total:.6g})")

    @property
    def codes(self) -> tuple[str, ...]:
        """The indicator codes, in order."""
        return tuple(i.code for i in self.indicators)
