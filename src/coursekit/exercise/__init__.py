"""Helpers the graded exercises' cells use (see ``course/``).

- :mod:`coursekit.exercise.guard` — off-limits functions: ``off_limits`` (setup cell),
  ``verify`` (first line of each test cell);
- :mod:`coursekit.exercise.tamper` — finds code that would fake or bypass the checks;
- :mod:`coursekit.exercise.compare` — hidden-test comparisons whose messages say what differs.

Names load on first use, so ``import coursekit`` stays light:

>>> import coursekit as ck
>>> ck.exercise.verify()          # nothing is off limits outside an exercise
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY = {
    "off_limits": "coursekit.exercise.guard",
    "verify": "coursekit.exercise.guard",
    "OffLimitsError": "coursekit.exercise.guard",
    "blocked_calls": "coursekit.exercise.guard",
    "find_tampering": "coursekit.exercise.tamper",
    "expect_series": "coursekit.exercise.compare",
    "expect_frame": "coursekit.exercise.compare",
    "expect_value": "coursekit.exercise.compare",
    "expect_labels": "coursekit.exercise.compare",
}
_SUBMODULES = ("guard", "tamper", "compare", "design")

__all__ = [*_LAZY, *_SUBMODULES]


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        globals()[name] = module
        return module
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'coursekit.exercise' has no attribute {name!r}")
    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
