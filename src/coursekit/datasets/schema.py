"""The datasets' column contracts, kept at their old address.

The schema lives in the foundation layer, :mod:`coursekit.schema`, so that every package
(``kpi``, ``i18n``, ``datasets`` …) can read it without importing the data package; this
module re-exports it for code written against ``coursekit.datasets.schema``.

>>> from coursekit.datasets.schema import SCHEMAS
>>> from coursekit import schema
>>> SCHEMAS is schema.SCHEMAS
True
"""

from coursekit.schema import *  # noqa: F403 - re-export
from coursekit.schema import __all__  # noqa: F401 - the same names as coursekit.schema
