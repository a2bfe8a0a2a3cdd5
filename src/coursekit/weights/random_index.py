"""Named random-index (RI) tables for the AHP consistency ratio CR = CI / RI(n).

Several RI tables circulate; they differ in the second decimal because each
author simulated a different number of random reciprocal matrices. A course
must say which one it uses, so every table here has a name and a source.

``"saaty1980"`` (the default)
    T. L. Saaty, *The Analytic Hierarchy Process*, McGraw-Hill, 1980: the
    classic table n = 3..10 (0.58 … 1.49), extended to 15 as usually quoted
    (note the dip at n = 12, 1.48, present in the published table).
``"saaty2005"``
    T. L. Saaty, *Theory and Applications of the Analytic Network Process*,
    RWS Publications, 2005 (larger simulations; 0.52 for n = 3).
``"cn_textbook"``
    The table printed in most Chinese textbooks and modelling courses
    (平均随机一致性指标 RI, e.g. 许树柏《层次分析法原理》1988; 司守奎《数学建模算法与应用》):
    0.52, 0.89, 1.12, 1.26, 1.36, 1.41, 1.46, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59.

For n = 1 and n = 2 every reciprocal matrix is consistent, RI is 0 and the
consistency ratio is defined as 0.

>>> random_index(4)
0.9
>>> random_index(3, "cn_textbook")
0.52
>>> random_index(2)
0.0
>>> sorted(RANDOM_INDEX_TABLES)
['cn_textbook', 'saaty1980', 'saaty2005']
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from coursekit.errors import ConfigError

__all__ = ["RANDOM_INDEX_TABLES", "RANDOM_INDEX_SOURCES", "random_index", "random_index_table"]


def _table(values_from_3: tuple[float, ...]) -> dict[int, float]:
    table = {1: 0.0, 2: 0.0}
    table.update({n: v for n, v in enumerate(values_from_3, start=3)})
    return table


RANDOM_INDEX_TABLES: dict[str, dict[int, float]] = {
    "saaty1980": _table((0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59)),
    "saaty2005": _table((0.52, 0.89, 1.11, 1.25, 1.35, 1.40, 1.45, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59)),
    "cn_textbook": _table((0.52, 0.89, 1.12, 1.26, 1.36, 1.41, 1.46, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59)),
}

RANDOM_INDEX_SOURCES: dict[str, str] = {
    "saaty1980": "Saaty, The Analytic Hierarchy Process (McGraw-Hill, 1980)",
    "saaty2005": "Saaty, Theory and Applications of the Analytic Network Process (RWS, 2005)",
    "cn_textbook": "Chinese textbook table (e.g. 许树柏《层次分析法原理》1988; 司守奎《数学建模算法与应用》)",
}


def _resolve(table: str | Mapping[int, float]) -> tuple[str, Mapping[int, float]]:
    if isinstance(table, str):
        if table not in RANDOM_INDEX_TABLES:
            raise ConfigError(
                f"unknown random-index table {table!r}; choose one of "
                + ", ".join(repr(k) for k in RANDOM_INDEX_TABLES)
                + " or pass your own mapping {n: RI}"
            )
        return table, RANDOM_INDEX_TABLES[table]
    if isinstance(table, Mapping):
        return "custom", table
    raise ConfigError(f"random_index must be a table name or a mapping {{n: RI}}, got {type(table).__name__}")


def random_index(n: int, table: str | Mapping[int, float] = "saaty1980") -> float:
    """RI(n) from a named table (or your own mapping ``{n: RI}``).

    Raises :class:`~coursekit.errors.ConfigError` when ``n`` is beyond the table.

    >>> random_index(5, "saaty2005")
    1.11
    >>> random_index(16)
    Traceback (most recent call last):
    ...
    coursekit.errors.ConfigError: random-index table 'saaty1980' has no value for n = 16 (it covers n = 1..15); ...
    """
    name, values = _resolve(table)
    if n <= 2:
        return 0.0
    if n not in values:
        known = sorted(values)
        span = f"n = {known[0]}..{known[-1]}" if known else "no n"
        raise ConfigError(
            f"random-index table {name!r} has no value for n = {n} (it covers {span}); "
            "split the comparison into smaller groups (a hierarchy) or pass your own mapping {n: RI}"
        )
    return float(values[n])


def random_index_table() -> pd.DataFrame:
    """All named tables side by side (rows n = 1..15, one column per table).

    >>> t = random_index_table()
    >>> t.loc[4].tolist()
    [0.9, 0.89, 0.89]
    """
    return pd.DataFrame(RANDOM_INDEX_TABLES).rename_axis("n")
