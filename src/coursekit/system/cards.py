"""Indicator cards (指标卡片): the KPI method written down for every indicator of a system.

A card answers, for one indicator: what exactly is counted (口径), where the
data come from (数据来源), over which period it is appraised (考核周期), who
owns it (责任人), the target (目标值), its effective weight in the system
(全局权重 = dimension weight × local weight) and which way is better (方向).

:func:`indicator_cards` reads the card fields an :class:`~coursekit.system.Indicator`
carries (``definition``, ``source``, ``period``). Gaps can be filled for the
whole system by keyword (a text for every indicator, or a mapping keyed by
indicator code or dimension name), and 口径 falls back on the KPI catalog's
formula (:func:`coursekit.kpi.catalog`, column ``formula_zh``) unless
``catalog=False``. What is still unknown shows as ``（未填写）``, and
:meth:`IndicatorCards.missing` (or :func:`missing_card_fields`) lists it —
the to-do list of a KPI design workshop.

>>> from coursekit.system import Dimension, Indicator, KPISystem
>>> system = KPISystem([Dimension("客户", 0.4, [Indicator("csat", 1.0, source="回访问卷")]),
...                     Dimension("质量", 0.6, [Indicator("fcr", 1.0, target=0.8, normalise="target")])])
>>> cards = indicator_cards(system, period="年度", owner={"客户": "客服经理"})
>>> cards.table().loc["csat", ["数据来源", "考核周期", "责任人", "目标值", "方向"]].tolist()
['回访问卷', '年度', '客服经理', '（未填写）', '越高越好']
>>> cards.table()["全局权重"].tolist()
[0.4, 0.6]
>>> cards.missing()
{'csat': ['目标值'], 'fcr': ['数据来源', '责任人']}
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import pandas as pd

from coursekit.errors import ConfigError
from coursekit.i18n import get_language
from coursekit.results import Result
from coursekit.system.indicator import Indicator
from coursekit.system.model import KPISystem

__all__ = ["CARD_COLUMNS", "MISSING", "IndicatorCards", "indicator_cards", "missing_card_fields"]

#: Card fields in display order: (key, Chinese label, English label).
CARD_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("dimension", "维度", "dimension"),
    ("indicator", "指标", "indicator"),
    ("definition", "口径", "definition"),
    ("source", "数据来源", "data source"),
    ("period", "考核周期", "period"),
    ("owner", "责任人", "owner"),
    ("target", "目标值", "target"),
    ("weight", "全局权重", "weight in system"),
    ("direction", "方向", "direction"),
)
#: What a card shows for a field nobody filled in.
MISSING = {"zh": "（未填写）", "en": "(not filled in)"}
_FILLABLE = ("definition", "source", "period", "owner")
_CHECKED = ("definition", "source", "period", "owner", "target")
_DIRECTION = {"zh": {"higher": "越高越好", "lower": "越低越好"},
              "en": {"higher": "higher is better", "lower": "lower is better"}}


class IndicatorCards(Result):
    """The cards of one system (see :func:`indicator_cards`).

    ``table()`` is a DataFrame (one row per indicator, index = KPI code, labels in
    the display language); ``missing()`` lists the empty fields by code; the
    object shows as a grid of cards in a notebook (its own ``_repr_html_``).
    """

    def __init__(self, system: KPISystem, rows: list[dict[str, Any]], lang: str) -> None:
        self.system = system
        self._rows = rows
        self.lang = lang

    def __len__(self) -> int:
        return len(self._rows)

    def title(self) -> str | None:
        return self.system.name or None

    def table(self) -> pd.DataFrame:
        """One row per indicator; empty fields read ``（未填写）``."""
        position = 1 if self.lang == "zh" else 2
        names = {c[0]: c[position] for c in CARD_COLUMNS}
        frame = pd.DataFrame([{names[k]: self._shown(row, k) for k, *_ in CARD_COLUMNS} for row in self._rows],
                             index=pd.Index([row["code"] for row in self._rows],
                                            name="代码" if self.lang == "zh" else "code"))
        return frame

    def missing(self) -> dict[str, list[str]]:
        """``{code: [labels of the empty fields]}`` for the indicators whose card has gaps."""
        position = 1 if self.lang == "zh" else 2
        labels = {c[0]: c[position] for c in CARD_COLUMNS}
        out = {}
        for row in self._rows:
            gaps = [labels[k] for k in _CHECKED if row[k] is None]
            if gaps:
                out[row["code"]] = gaps
        return out

    def _shown(self, row: Mapping[str, Any], key: str) -> Any:
        value = row[key]
        if value is None:
            return MISSING[self.lang]
        if key == "target":
            return f"{value:g}"
        return value

    def _repr_html_(self) -> str:
        position = 1 if self.lang == "zh" else 2
        cards = []
        for row in self._rows:
            items = []
            for key, *labels in CARD_COLUMNS[2:]:
                value = self._shown(row, key)
                text = f"{value:.3g}" if key == "weight" else str(value)
                style = " style='color:#999'" if row[key] is None else ""
                items.append(f"<tr><th style='text-align:left;padding-right:.8em;white-space:nowrap'>"
                             f"{labels[position - 1]}</th><td{style}>{html.escape(text)}</td></tr>")
            cards.append("<div class='coursekit-card' style='border:1px solid #ccc;border-radius:6px;"
                         "padding:.5em .8em;margin:.3em;width:24em;display:inline-block;vertical-align:top'>"
                         f"<b>{html.escape(row['indicator'])}</b> <code>{html.escape(row['code'])}</code>"
                         f"<br><small>{html.escape(row['dimension'])}</small>"
                         f"<table style='margin-top:.3em'>{''.join(items)}</table></div>")
        title = html.escape(self.system.name) if self.system.name else ""
        head = f"<p><b>{title}</b></p>" if title else ""
        return f"<div class='coursekit-cards'>{head}{''.join(cards)}</div>"

    def __repr__(self) -> str:
        return self.table().to_string()


def indicator_cards(system: KPISystem, *, definition: Any = None, source: Any = None, period: Any = None,
                    owner: Any = None, catalog: bool = True) -> IndicatorCards:
    """One card per indicator of ``system``: 口径, 数据来源, 考核周期, 责任人, 目标值, 全局权重, 方向.

    A field the indicator itself carries always wins. ``definition``,
    ``source``, ``period`` and ``owner`` fill the gaps: a text for every
    indicator, or a mapping keyed by indicator code or by dimension name (the
    code wins). With ``catalog=True`` a 口径 still missing is the catalog's
    Chinese formula. Labels follow :func:`coursekit.set_language`.

    >>> from coursekit.system import example_system
    >>> cards = indicator_cards(example_system("finance"), source={"客户": "回访问卷"})
    >>> len(cards), cards.table().loc["csat", "数据来源"], cards.table().loc["fcr", "数据来源"]
    (7, '回访问卷', '（未填写）')
    >>> round(float(cards.table()["全局权重"].sum()), 9)
    1.0
    >>> indicator_cards(example_system("finance"), owner={"csta": "x"})
    Traceback (most recent call last):
    ...
    coursekit.errors.ConfigError: owner: 'csta' is neither an indicator code nor a dimension ...
    """
    if not isinstance(system, KPISystem):
        raise ConfigError(f"indicator_cards takes a KPISystem (e.g. example_system('retail')), "
                          f"got {type(system).__name__}")
    fills = {"definition": definition, "source": source, "period": period, "owner": owner}
    for name, value in fills.items():
        _check_fill(system, name, value)
    lang = "zh" if get_language() == "zh" else "en"
    formulas = _formulas() if catalog else {}
    weights = system.global_weights()
    rows = []
    for dimension in system.dimensions:
        for ind in dimension.indicators:
            row: dict[str, Any] = {
                "code": ind.code, "dimension": dimension.name if lang == "zh" else _english(dimension.name),
                "indicator": ind.name_zh if lang == "zh" else ind.name_en,
                "target": ind.target, "weight": float(weights[ind.code]),
                "direction": _DIRECTION[lang][ind.direction or "higher"],
            }
            for name in _FILLABLE:
                row[name] = _own(ind, name) or _lookup(fills[name], ind.code, dimension.name)
            if row["definition"] is None:
                row["definition"] = formulas.get(ind.code)
            rows.append(row)
    return IndicatorCards(system, rows, lang)


def missing_card_fields(system: KPISystem, **fills: Any) -> dict[str, list[str]]:
    """Which indicators lack which card fields: ``indicator_cards(system, **fills).missing()``.

    >>> from coursekit.system import example_system
    >>> gaps = missing_card_fields(example_system("retail"), period="年度")
    >>> gaps["return_time_h"], gaps["nps"]
    (['数据来源', '责任人'], ['数据来源', '责任人', '目标值'])
    """
    return indicator_cards(system, **fills).missing()


# --------------------------------------------------------------------------- helpers
def _own(ind: Indicator, name: str) -> str | None:
    return getattr(ind, name, None)


def _lookup(fill: Any, code: str, dimension: str) -> str | None:
    if fill is None:
        return None
    if isinstance(fill, str):
        return fill
    return fill.get(code, fill.get(dimension))


def _check_fill(system: KPISystem, name: str, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, str):
        if not value.strip():
            raise ConfigError(f"{name} must be non-empty text, or a mapping code/dimension -> text")
        return
    if not isinstance(value, Mapping):
        raise ConfigError(f"{name} must be a text for every indicator or a mapping code/dimension -> text, "
                          f"got {type(value).__name__}")
    dimensions = [d.name for d in system.dimensions]
    for key, text in value.items():
        if key not in system.codes and key not in dimensions:
            raise ConfigError(f"{name}: {key!r} is neither an indicator code nor a dimension of this system; "
                              f"codes: {', '.join(system.codes)}; dimensions: {', '.join(dimensions)}")
        if not isinstance(text, str) or not text.strip():
            raise ConfigError(f"{name}[{key!r}] must be non-empty text, got {text!r}")


def _formulas() -> dict[str, str]:
    from coursekit.kpi import catalog

    return {str(code): str(text) for code, text in catalog()["formula_zh"].items()}


def _english(name: str) -> str:
    from coursekit.i18n import label

    return label(name, lang="en")
