"""coursekit — the helper library of the 售后服务绩效考核培训 course.

Importing ``coursekit`` is cheap: matplotlib, ipywidgets, scipy and nbgrader are
imported only by the modules that need them. The most used names are available
at the top level and loaded on first use:

>>> import coursekit
>>> coursekit.DataError.__name__
'DataError'
"""

from __future__ import annotations

import importlib
from typing import Any

from coursekit.errors import ConfigError, CoursekitError, DataError

__version__ = "0.1.0"

# name -> module that defines it; loaded lazily on first attribute access.
_LAZY = {
    "load": "coursekit.datasets",
    "read_tickets": "coursekit.datasets",
    "read_surveys": "coursekit.datasets",
    "set_language": "coursekit.i18n",
    "get_language": "coursekit.i18n",
    "kpi": "coursekit.kpi",
    "weights": "coursekit.weights",
    "system": "coursekit.system",
    "appraisal": "coursekit.appraisal",
    "fairness": "coursekit.fairness",
    "training": "coursekit.training",
    "spc": "coursekit.spc",
    "plots": "coursekit.plots",
    "widgets": "coursekit.widgets",
    "datasets": "coursekit.datasets",
    "i18n": "coursekit.i18n",
    "exercise": "coursekit.exercise",
    "quiz": "coursekit.quiz",
}

__all__ = ["ConfigError", "CoursekitError", "DataError", "__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'coursekit' has no attribute {name!r}")
    module = importlib.import_module(module_name)
    value = module if module_name == f"coursekit.{name}" else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
