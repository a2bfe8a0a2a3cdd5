"""Course datasets: the shipped sample data, its generator, and readers for your own data.

* :func:`load` reads one of the seven shipped tables as a typed DataFrame
  (``coursekit.load`` is the same function).
* :func:`generate` / :func:`write` (in :mod:`coursekit.datasets.generate`)
  simulate the data with four planted truths (:data:`PLANTED`).
* :func:`read_tickets` / :func:`read_surveys` (in :mod:`coursekit.datasets.byo`)
  read and validate a real export.
* :data:`EXPORTED_AT` is the moment the course data were exported, the one
  cut-off for "still open" items (deadlines, SLA, backlog).

>>> import coursekit
>>> coursekit.load is load
True
>>> NAMES
('staff', 'tickets', 'surveys', 'complaints', 'competency', 'training', 'monthly')
>>> EXPORTED_AT
Timestamp('2025-01-01 00:00:00')
"""

from __future__ import annotations

import importlib
from typing import Any

import pandas as pd

from coursekit.datasets import _config
from coursekit.datasets.load import NAMES, find_data_dir, load

#: The export time of the course data (the generator's end of time): items still
#: open at this moment are judged "as known at export" by the deadline/SLA KPIs.
EXPORTED_AT: pd.Timestamp = pd.Timestamp(_config.END)

_LAZY = {
    "read_tickets": "coursekit.datasets.byo",
    "read_surveys": "coursekit.datasets.byo",
    "generate": "coursekit.datasets.generate",
    "write": "coursekit.datasets.generate",
    "PLANTED": "coursekit.datasets.generate",
    "DEFAULT_SEED": "coursekit.datasets.generate",
}

__all__ = ["EXPORTED_AT", "NAMES", "find_data_dir", "load", *_LAZY]


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'coursekit.datasets' has no attribute {name!r}")
    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
