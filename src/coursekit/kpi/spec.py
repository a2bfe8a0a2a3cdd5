"""The one KPI registry: every KPI's definition, per-row values and reduction in one :class:`KPISpec`.

A KPI is computed in two steps (see :mod:`coursekit.kpi._frame`): a *per-row
value* (a float array, ``NaN`` where the row does not count) and a *reduction*
of those values (mean, median or sum) over the table or per group. A
:class:`KPISpec` holds both, together with the texts of the catalog (names,
formula, 口径), the table the KPI reads, whether it is judged at a cut-off
``at`` and its scale. Everything else is derived from :data:`REGISTRY`:
:func:`coursekit.kpi.catalog`, the single-KPI functions (``fcr``, ``nps``, ...),
:func:`coursekit.kpi.scorecard` and :func:`coursekit.fairness.case_mix`.

The course's KPIs are registered in :mod:`coursekit.kpi.catalog`. Your own KPI
needs one :func:`register` call (:func:`registered` removes it again on exit):

>>> import numpy as np, pandas as pd
>>> toy = KPISpec("fast_close", "快速关单率", "fast close rate", "tickets resolved within 1 h / resolved",
...               "1 小时内解决的工单数 / 已解决工单数", "higher", "fraction 0-1", "services",
...               "clock hours", "按自然小时计", "compute",
...               values=lambda t, o: np.where(t["hours"].isna(), np.nan, t["hours"] <= 1.0))
>>> with registered(toy):
...     compute("fast_close", pd.DataFrame({"hours": [0.5, 2.0, None, 1.0]}))
0.6666666666666666
>>> "fast_close" in REGISTRY
False
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from coursekit.errors import ConfigError
from coursekit.kpi._frame import By, reduce

Reduction = Literal["mean", "median", "sum"]
Direction = Literal["higher", "lower"]
#: The table a KPI reads its rows from (``customers``: counts, not rows; see ``retention``).
Table = Literal["tickets", "surveys", "customers"]

#: Complaint rates are per 1,000 of their base.
COMPLAINT_PER = 1000.0
#: Default window of ``repeat_repair_rate`` in days.
REPEAT_WINDOW_DAYS = 30.0


@dataclass(frozen=True)
class Options:
    """The settings a per-row value function may read.

    ``at`` is the cut-off (``None``: the latest timestamp in the data) of the
    KPIs whose spec says ``at_cutoff``; ``window_days`` the repeat-repair window.
    """

    at: Any = None
    window_days: float = REPEAT_WINDOW_DAYS


DEFAULT_OPTIONS = Options()

#: Per-row values of a KPI: ``values(frame, options) -> float array`` aligned with ``frame``.
Values = Callable[[pd.DataFrame, Options], np.ndarray]

#: The columns of :func:`coursekit.kpi.catalog` (after the ``code`` index), in order.
CATALOG_COLUMNS = ("name_zh", "name_en", "formula", "formula_zh", "direction", "unit", "industries",
                   "variant", "variant_zh", "function")


@dataclass(frozen=True)
class KPISpec:
    """One KPI: its catalog texts and how it is computed.

    ``variant`` / ``variant_zh`` are the 口径 (which of the circulating
    definitions coursekit uses); ``function`` names the ``coursekit.kpi``
    function. ``values`` is ``None`` for a KPI that is not computed row by row
    (``why_not`` then says what to use instead). ``scale`` multiplies the
    per-row values (complaints per 1,000); ``at_cutoff`` says the values
    depend on the cut-off ``at``; ``window_days`` is the default window of a
    windowed KPI; ``from_tickets`` are columns a surveys KPI takes from the
    surveys' tickets.
    """

    code: str
    name_zh: str
    name_en: str
    formula: str
    formula_zh: str
    direction: Direction
    unit: str
    industries: str
    variant: str
    variant_zh: str
    function: str
    values: Values | None = field(default=None, compare=False, repr=False)
    reduction: Reduction = "mean"
    table: Table = "tickets"
    scale: float = 1.0
    at_cutoff: bool = False
    window_days: float | None = None
    from_tickets: tuple[str, ...] = ()
    why_not: str | None = None

    def row_values(self, frame: pd.DataFrame, options: Options = DEFAULT_OPTIONS) -> np.ndarray:
        """The scaled per-row values of this KPI on ``frame``."""
        if self.values is None:
            raise ConfigError(self.why_not or f"KPI {self.code!r} is not computed from table rows")
        values = self.values(frame, options)
        return values * self.scale if self.scale != 1.0 else values

    def compute(self, frame: pd.DataFrame, by: By = None, options: Options = DEFAULT_OPTIONS,
                reduction: Reduction | None = None) -> Any:
        """This KPI on ``frame``: a number without ``by``, a Series named after the code with it."""
        return reduce(self.row_values(frame, options), frame, by, reduction or self.reduction, self.code)


#: KPI code -> its spec, in catalog order. Change it only through :func:`register` / :func:`unregister`.
REGISTRY: dict[str, KPISpec] = {}


def register(spec: KPISpec, *, replace: bool = False) -> KPISpec:
    """Add ``spec`` to the registry (catalog, scorecard, case mix and :func:`compute` see it).

    A code that is already registered raises :class:`ConfigError` unless ``replace=True``.
    """
    if spec.code in REGISTRY and not replace:
        raise ConfigError(f"KPI code {spec.code!r} is already registered; pick another code or pass replace=True")
    REGISTRY[spec.code] = spec
    return spec


def unregister(code: str) -> KPISpec:
    """Remove ``code`` from the registry and return its spec."""
    return REGISTRY.pop(get(code).code)


@contextmanager
def registered(*specs: KPISpec) -> Iterator[None]:
    """Register ``specs`` for the ``with`` block only (e.g. in tests)."""
    for spec in specs:
        register(spec)
    try:
        yield
    finally:
        for spec in specs:
            REGISTRY.pop(spec.code, None)


def codes() -> tuple[str, ...]:
    """All registered KPI codes, in catalog order.

    >>> codes()[:3]
    ('fcr', 'first_time_fix', 'frt_mean_h')
    """
    return tuple(REGISTRY)


def get(code: str) -> KPISpec:
    """The spec of ``code``; an unknown code raises :class:`ConfigError` naming the known ones.

    >>> get("nps").direction
    'higher'
    >>> get("fcr_rate")
    Traceback (most recent call last):
    ...
    coursekit.errors.ConfigError: unknown KPI code 'fcr_rate'; known codes: fcr, ...
    """
    spec = REGISTRY.get(code) if isinstance(code, str) else None
    if spec is None:
        raise ConfigError(f"unknown KPI code {code!r}; known codes: {', '.join(REGISTRY)}")
    return spec


def tabular(table: Table, *, per_row: bool = True) -> dict[str, KPISpec]:
    """The registered specs that read ``table`` (with per-row values, unless ``per_row=False``)."""
    return {c: s for c, s in REGISTRY.items() if s.table == table and (s.values is not None or not per_row)}


def compute(code: str, frame: pd.DataFrame, by: By = None, *, at: Any = None,
            window_days: float = REPEAT_WINDOW_DAYS) -> Any:
    """KPI ``code`` on ``frame`` through its registered spec (values, then its reduction).

    >>> from coursekit.kpi.examples import tickets
    >>> compute("fcr", tickets(), by="team").to_dict()
    {'X': 0.5, 'Y': 0.75}
    """
    return get(code).compute(frame, by, Options(at=at, window_days=window_days))

