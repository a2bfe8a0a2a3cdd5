"""The scorecard: many KPIs per agent (or team, ...) in one grouped pass.

Every KPI is first turned into one per-row value column (the same functions
the single-KPI calls use, so the numbers agree), then all columns are reduced
with a single ``groupby``: means, medians and sums are each one vectorised
call on the shared grouping. No per-group Python code runs.

>>> from coursekit.kpi.examples import tickets, surveys
>>> scorecard(tickets(), kpis=["fcr", "ttr_median_h", "sla_compliance"])
          fcr  ttr_median_h  sla_compliance  n_tickets
agent_id
A         0.5           2.0             0.5          2
B         0.5           8.0             0.5          2
C         1.0           4.0             1.0          2
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from coursekit.errors import ConfigError
from coursekit.kpi import times
from coursekit.kpi._frame import By, by_list, require
from coursekit.kpi.customers import attach
from coursekit.kpi.spec import REGISTRY, REPEAT_WINDOW_DAYS, KPISpec, Options, Values, get

#: The standard ticket KPIs (the default ``kpis`` without surveys).
STANDARD_TICKET_KPIS = ("fcr", "frt_mean_h", "frt_median_h", "ttr_mean_h", "ttr_median_h",
                        "sla_compliance", "reopen_rate")
#: Added to the default ``kpis`` when surveys are given.
STANDARD_SURVEY_KPIS = ("csat", "csat_mean", "nps", "ces")


def _codes(kpis: Sequence[str] | str | None, with_surveys: bool) -> list[str]:
    if kpis is None:
        return [*STANDARD_TICKET_KPIS, *(STANDARD_SURVEY_KPIS if with_surveys else ())]
    codes = [kpis] if isinstance(kpis, str) else list(kpis)
    for code in codes:
        spec = get(code)
        if spec.values is None or spec.table not in ("tickets", "surveys"):
            raise ConfigError(spec.why_not or f"KPI {code!r} is not computed from the tickets or surveys table")
        if spec.table == "surveys" and not with_surveys:
            raise ConfigError(f"KPI {code!r} needs the surveys table: scorecard(tickets, surveys, ...)")
    return list(dict.fromkeys(codes))


def _fast_key(column: pd.Series) -> Any:
    """A grouping key equivalent to ``column`` that pandas groups quickly.

    Text keys (agent ids) are factorised once as plain objects and grouped as a
    categorical, which is several times cheaper than hashing the string column
    inside ``groupby``; other dtypes are used as they are. Missing keys stay
    missing (code -1), so their rows are dropped as before.
    """
    if isinstance(column.dtype, pd.CategoricalDtype) or not (
            pd.api.types.is_string_dtype(column.dtype) or column.dtype == object):
        return column.reset_index(drop=True)
    codes, uniques = pd.factorize(column.to_numpy(dtype=object), sort=True)
    return pd.Series(pd.Categorical.from_codes(codes, categories=pd.Index(uniques, dtype=object)),
                     name=column.name)


def _plain_index(index: pd.Index, frame: pd.DataFrame, keys: list[str]) -> pd.Index:
    """Give the result index the key columns' own dtypes back (not the helper categoricals)."""
    if len(keys) == 1:
        column = frame[keys[0]]
        if isinstance(column.dtype, pd.CategoricalDtype):
            return index
        return pd.Index(np.asarray(index, dtype=object), dtype=column.dtype, name=keys[0])
    assert isinstance(index, pd.MultiIndex)  # several keys group into a MultiIndex
    levels: list[pd.Index] = []
    for level, key in zip(index.levels, keys, strict=True):
        column = frame[key]
        levels.append(level if isinstance(column.dtype, pd.CategoricalDtype)
                      else pd.Index(np.asarray(level, dtype=object), dtype=column.dtype))
    return index.set_levels(levels)  # type: ignore[arg-type]  # pandas-stubs: Index levels are valid


def _grouped(frame: pd.DataFrame, keys: list[str], specs: dict[str, KPISpec],
             options: Options, size_name: str) -> pd.DataFrame:
    """Per-row values of every KPI in ``specs``, reduced per group in one pass."""
    cache: dict[Values, np.ndarray] = {}
    columns: dict[str, np.ndarray] = {}
    hows: dict[str, list[str]] = {"mean": [], "median": [], "sum": []}
    for code, spec in specs.items():
        values = spec.values
        if values is None:  # excluded by _codes
            raise ConfigError(spec.why_not or f"KPI {code!r} is not computed from table rows")
        if values not in cache:
            cache[values] = values(frame, options)
        columns[code] = cache[values] * spec.scale if spec.scale != 1.0 else cache[values]
        hows[spec.reduction].append(code)
    data = pd.DataFrame(columns, index=pd.RangeIndex(len(frame)), dtype=float)
    if not keys:
        row = {code: getattr(data[code], how)() for how, codes in hows.items() for code in codes}
        row[size_name] = len(frame)
        return pd.DataFrame([row], index=pd.Index(["all"]))
    groupers = [_fast_key(frame[key]) for key in keys]
    grouped = data.groupby(groupers if len(keys) > 1 else groupers[0], observed=True, sort=True)
    parts = [getattr(grouped[codes], how)() for how, codes in hows.items() if codes]
    parts.append(grouped.size().rename(size_name))
    out = pd.concat(parts, axis=1)
    out.index = _plain_index(out.index, frame, keys)
    for code in hows["sum"]:
        out[code] = out[code].astype("int64")
    return out


def scorecard(tickets: pd.DataFrame, surveys: pd.DataFrame | None = None, kpis: Sequence[str] | None = None,
              by: By = "agent_id", *, at: Any = None, window_days: float = REPEAT_WINDOW_DAYS) -> pd.DataFrame:
    """One row per group, one column per KPI code, plus ``n_tickets`` (and ``n_surveys``).

    Parameters
    ----------
    tickets:
        The tickets table (schema column names).
    surveys:
        Optional surveys table; survey KPIs (``csat``, ``csat_mean``, ``nps``,
        ``ces``, ``complaint_satisfaction``) are computed from it. ``by``
        columns the surveys lack are taken from their tickets (``ticket_id``).
    kpis:
        KPI codes (see :func:`coursekit.kpi.catalog`); default: the standard
        ticket KPIs, plus the standard survey KPIs when surveys are given.
        ``retention`` needs customer counts and is not available here.
    by:
        Column or list of columns to group by; ``None`` gives one row ``"all"``.
    at:
        Cut-off for ``backlog`` and ``sla_compliance`` (default: the latest
        timestamp in the tickets).
    window_days:
        Window of ``repeat_repair_rate``.

    Groups are the observed key values of the tickets, sorted; a survey group
    with no tickets is left out. A group with no eligible rows for a KPI gets
    ``NaN`` (``backlog`` 0); ``n_surveys`` is 0 for groups without surveys.
    ``complaint_rate`` uses tickets with a recorded complaint flag as its base.

    >>> from coursekit.kpi.examples import tickets, surveys
    >>> scorecard(tickets(), surveys(), kpis=["fcr", "csat", "nps"], by="team")
               fcr  csat    nps  n_tickets  n_surveys
    team
    X     0.5     1.0  100.0          2          1
    Y     0.75    0.5    0.0          4          4
    """
    codes = _codes(kpis, surveys is not None)
    keys = by_list(by)
    require(tickets, keys, "scorecard")
    specs = {code: REGISTRY[code] for code in codes}
    if any(spec.at_cutoff for spec in specs.values()):
        at = times.cutoff(tickets, at)  # scan the timestamps once, not once per KPI
    options = Options(at=at, window_days=window_days)
    ticket_specs = {c: s for c, s in specs.items() if s.table == "tickets"}
    table = _grouped(tickets, keys, ticket_specs, options, "n_tickets")
    order = [*codes, "n_tickets"]
    if surveys is not None:
        survey_specs = {c: s for c, s in specs.items() if s.table == "surveys"}
        extra = [col for s in survey_specs.values() for col in s.from_tickets]
        frame = attach(surveys, tickets, [*keys, *extra])
        part = _grouped(frame, keys, survey_specs, options, "n_surveys")
        part = part.reindex(table.index)
        part["n_surveys"] = part["n_surveys"].fillna(0).astype("int64")
        table = pd.concat([table, part], axis=1)
        order.append("n_surveys")
    return table[order]
