"""Changed copies of a KPI system: new weights or new targets.

A :class:`~coursekit.system.KPISystem` is frozen, so "what if the weights (or
targets) were different?" gives a *new* system that can be scored next to the
old one. :meth:`KPISystem.with_weights <coursekit.system.KPISystem.with_weights>`
and :meth:`KPISystem.with_targets <coursekit.system.KPISystem.with_targets>`
call :func:`reweighted` and :func:`retargeted`; the dashboards in
:mod:`coursekit.widgets` use those methods.

>>> from coursekit.system import example_system
>>> system = example_system("retail")
>>> retargeted(system, {"return_time_h": 120}).indicator("return_time_h").target
120.0
>>> system.indicator("return_time_h").target        # the original is unchanged
168.0
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

from coursekit.checks import did_you_mean
from coursekit.errors import ConfigError
from coursekit.system._values import weight_value
from coursekit.system.indicator import Dimension, Indicator

if TYPE_CHECKING:
    from coursekit.system.model import KPISystem

__all__ = ["WEIGHT_LEVELS", "WeightLevel", "retargeted", "reweighted"]

#: Which weights :meth:`KPISystem.with_weights` changes: global indicator weights or dimension/local ones.
WeightLevel = Literal["global", "local"]
WEIGHT_LEVELS: tuple[WeightLevel, ...] = ("global", "local")


def reweighted(system: KPISystem, mapping: Mapping[str, float], level: WeightLevel = "global") -> KPISystem:
    """``system`` with changed weights, rescaled to sum 1 (see :meth:`KPISystem.with_weights`).

    A new system of the same class is built from new :class:`Dimension` objects, so this
    module needs :class:`~coursekit.system.KPISystem` only for its type hints.
    """
    if level not in WEIGHT_LEVELS:
        raise ConfigError(f"level must be 'global' or 'local', got {level!r}")
    new = {str(k): weight_value(v, f"new weight of {k!r}") for k, v in dict(mapping).items()}
    dim_names = [d.name for d in system.dimensions]
    allowed = list(system.codes) + (dim_names if level == "local" else [])
    unknown = [k for k in new if k not in allowed]
    if unknown:
        k = unknown[0]
        extra = " (dimension weights are set with level='local')" if k in dim_names else ""
        raise ConfigError(f"with_weights: {k!r} is not an indicator{'' if level == 'global' else ' or dimension'} "
                          f"of this system{extra}; {did_you_mean(k, allowed)}choose from {', '.join(allowed)}")
    if level == "global":
        g = system.global_weights()
        for k, v in new.items():
            g[k] = v
        total = float(g.sum())
        if total <= 0:
            raise ConfigError("with_weights: the new weights are all zero; give at least one positive weight")
        g = g / total
        dims = []
        for d in system.dimensions:
            dw = float(g[list(d.codes)].sum())
            inds = [i.replace(weight=(float(g[i.code]) / dw if dw > 0 else i.weight)) for i in d.indicators]
            if dw > 0:
                inds = _renormalised(inds)
            dims.append(Dimension(d.name, dw, inds))
        return type(system)(_renormalised_dims(dims), name=system.name)
    dws = {d.name: new.get(d.name, d.weight) for d in system.dimensions}
    if sum(dws.values()) <= 0:
        raise ConfigError("with_weights: the new dimension weights are all zero")
    dims = []
    for d in system.dimensions:
        lw = {i.code: new.get(i.code, i.weight) for i in d.indicators}
        total = sum(lw.values())
        if total <= 0:
            raise ConfigError(f"with_weights: the indicator weights of dimension {d.name!r} are all zero")
        inds = _renormalised([i.replace(weight=lw[i.code] / total) for i in d.indicators])
        dims.append(Dimension(d.name, dws[d.name] / sum(dws.values()), inds))
    return type(system)(_renormalised_dims(dims), name=system.name)


def retargeted(system: KPISystem, mapping: Mapping[str, float]) -> KPISystem:
    """``system`` with new targets for some indicators (see :meth:`KPISystem.with_targets`)."""
    if not isinstance(mapping, Mapping):
        raise ConfigError(f"with_targets takes a mapping of indicator code → new target, e.g. {{'fcr': 0.8}}, "
                          f"got {type(mapping).__name__}")
    codes = list(system.codes)
    unknown = [k for k in mapping if k not in codes]
    if unknown:
        k = unknown[0]
        raise ConfigError(f"with_targets: {k!r} is not an indicator of this system; "
                          f"{did_you_mean(k, codes)}choose from {', '.join(codes)}")
    targets = {k: _target(v, k) for k, v in mapping.items()}
    dims = [Dimension(d.name, d.weight, [i.replace(target=targets[i.code]) if i.code in targets else i
                                         for i in d.indicators])
            for d in system.dimensions]
    return type(system)(dims, name=system.name)


def _target(value: Any, code: str) -> float:
    """A new target as a float: a finite number (true/false and text are refused)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise ConfigError(f"with_targets: the new target of {code!r} must be a finite number "
                          f"(e.g. 0.8 for an 80 % goal), got {value!r}")
    return float(value)


def _renormalised(indicators: list[Indicator]) -> list[Indicator]:
    total = sum(i.weight for i in indicators)
    return [i.replace(weight=i.weight / total) for i in indicators]


def _renormalised_dims(dims: list[Dimension]) -> list[Dimension]:
    total = sum(d.weight for d in dims)
    return [Dimension(d.name, d.weight / total, d.indicators) for d in dims]
