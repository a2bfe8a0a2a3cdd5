"""Fair comparisons: case-mix adjustment and rater calibration (公平性).

**Case mix (observed / expected).** Agents do not get the same tickets. For a
KPI such as FCR, each ticket's *expected* value is the population mean of its
stratum (the cell of category × priority × channel × product line it falls in,
over all tickets passed in). For each agent (or team):

* ``observed`` = mean outcome of its tickets;
* ``expected`` = mean of its tickets' stratum means — what an average agent
  would score on exactly this mix of tickets;
* ``oe`` = observed / expected (1 = as expected for the mix);
* ``adjusted`` = ``oe`` × population mean, back on the KPI's own scale.

For a higher-is-better KPI (FCR) ``oe > 1`` is better than expected; for a
lower-is-better one (resolution hours) ``oe < 1`` is better (faster than an
average agent on the same tickets). This is indirect standardisation; cells
with very few tickets pull ``expected`` toward the group's own result, so keep
the strata coarse when data are thin.

**Small samples.** ``small_sample`` flags groups with ``n < min_n``.
``shrinkage=k`` (default 0: off) adds ``k`` pseudo-tickets at exactly the
expected level: ``oe_shrunk = (n·oe + k) / (n + k)``, so a group with ``n = k``
tickets is pulled halfway toward 1; ``adjusted`` uses ``oe_shrunk``.

**Rater calibration.** :func:`rater_calibration` compares each rater's
scores with the pool (leniency / strictness as a mean offset, central
tendency as a small spread).

>>> import pandas as pd
>>> t = pd.DataFrame({"agent_id": ["A", "A", "B", "B"], "category": ["easy", "hard", "easy", "easy"],
...                   "first_contact_resolved": [True, False, True, False]})
>>> case_mix(t, strata=["category"], min_n=1)[["observed", "expected", "oe"]].round(2)
          observed  expected    oe
agent_id
A              0.5      0.33  1.50
B              0.5      0.67  0.75
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from coursekit.checks import as_floats, choose, require_columns
from coursekit.errors import ConfigError, DataError, reject_missing
from coursekit.kpi.spec import REGISTRY, KPISpec

DEFAULT_STRATA = ("category", "priority", "channel", "product_line")
Direction = Literal["higher", "lower"]


class CaseMixTable(pd.DataFrame):
    """The table :func:`case_mix` returns: a DataFrame that also carries how it was computed.

    ``kpi``, ``direction``, ``population_mean``, ``strata`` and ``shrinkage``
    are attributes of the table itself (kept through selections and rounding),
    not entries of ``DataFrame.attrs``. :func:`ranking_comparison` reads
    ``direction`` from it.
    """

    _metadata = ["kpi", "direction", "population_mean", "strata", "shrinkage"]
    kpi: str | None = None
    direction: Direction | None = None
    population_mean: float = float("nan")
    strata: tuple[str, ...] = ()
    shrinkage: float = 0.0

    @property
    def _constructor(self) -> Callable[..., CaseMixTable]:
        return CaseMixTable


class CalibrationTable(pd.DataFrame):
    """The table :func:`rater_calibration` returns, with the pool's ``pool_mean``, ``pool_sd`` and ``against``."""

    _metadata = ["pool_mean", "pool_sd", "against"]
    pool_mean: float = float("nan")
    pool_sd: float = float("nan")
    against: Literal["others", "pool"] = "others"

    @property
    def _constructor(self) -> Callable[..., CalibrationTable]:
        return CalibrationTable


def per_ticket_kpis() -> dict[str, KPISpec]:
    """The registered KPIs whose per-ticket values can be compared with a stratum's expectation.

    Those read from the tickets table, averaged per group and on the values' own scale
    (not sums such as ``backlog``, not medians, not rescaled rates).

    >>> sorted(per_ticket_kpis())[:3]
    ['critical_error_rate', 'fcr', 'first_time_fix']
    """
    return {code: spec for code, spec in REGISTRY.items()
            if spec.table == "tickets" and spec.values is not None and spec.reduction == "mean"
            and spec.scale == 1.0}


def ticket_outcome(tickets: pd.DataFrame, kpi: str) -> tuple[np.ndarray, Direction | None]:
    """Per-ticket outcome values (``NaN`` = not counted) and the KPI's direction.

    ``kpi`` is a KPI code with a per-ticket value (``fcr``, ``first_time_fix``,
    ``reopen_rate``, ``ttr_mean_h``, ``frt_mean_h``; direction from the KPI
    catalog) or the name of a numeric / true-false column (direction unknown:
    ``None``).

    >>> t = pd.DataFrame({"first_contact_resolved": [True, False]})
    >>> values, direction = ticket_outcome(t, "fcr")
    >>> values.tolist(), direction
    ([1.0, 0.0], 'higher')
    """
    require_columns(tickets, [], "ticket_outcome")
    per_ticket = per_ticket_kpis()
    if kpi in per_ticket:
        spec = per_ticket[kpi]
        return np.asarray(spec.row_values(tickets), dtype=float), spec.direction
    if kpi not in tickets.columns:
        raise DataError(kpi, "is neither a per-ticket KPI code nor a column of the table",
                        hint=f"use one of {sorted(per_ticket)} or an outcome column name")
    return as_floats(tickets[kpi], kpi, text=True, hint="fix or empty these cells").to_numpy(), None


def _check_keys(frame: pd.DataFrame, keys: list[str], table: str = "tickets") -> None:
    for col in keys:
        reject_missing(frame[col], col,
                       hint=f"fill or drop these rows, e.g. {table}[{col!r}].fillna('unknown')")


def case_mix(
    tickets: pd.DataFrame,
    kpi: str = "fcr",
    strata: Sequence[str] = DEFAULT_STRATA,
    by: str | Sequence[str] = "agent_id",
    min_n: int = 30,
    shrinkage: float = 0.0,
    direction: Direction | None = None,
) -> CaseMixTable:
    """Case-mix adjusted KPI per group: n, observed, expected, O/E, adjusted, small-sample flag.

    Returns one row per group (index = ``by``) with columns ``n``,
    ``observed``, ``expected``, ``oe``, ``oe_shrunk``, ``adjusted`` and
    ``small_sample``: a :class:`CaseMixTable`, whose attributes ``kpi``,
    ``direction``, ``population_mean``, ``strata`` and ``shrinkage`` say how
    it was computed (:func:`ranking_comparison` reads ``direction``). Tickets whose outcome is missing (e.g. open
    tickets for resolution hours) are left out before anything is computed.
    See the module notes for the formulas.

    >>> t = pd.DataFrame({"team": ["T1", "T1", "T2", "T2"], "priority": ["P1", "P4", "P4", "P4"],
    ...                   "hours": [10.0, 2.0, 4.0, 2.0]})
    >>> mix = case_mix(t, kpi="hours", strata=["priority"], by="team", min_n=1, direction="lower")
    >>> mix[["observed", "expected", "oe", "adjusted"]].round(2)  # T1 slower raw, faster for its mix
          observed  expected    oe  adjusted
    team
    T1         6.0      6.33  0.95      4.26
    T2         3.0      2.67  1.12      5.06
    """
    strata = [strata] if isinstance(strata, str) else list(strata)
    keys = [by] if isinstance(by, str) else list(by)
    if not strata:
        raise ConfigError("strata must name at least one column, e.g. strata=['priority']")
    require_columns(tickets, strata + keys, "case_mix")
    if set(strata) & set(keys):
        raise ConfigError(f"{sorted(set(strata) & set(keys))} cannot be both a stratum and the grouping (by=)")
    if not (isinstance(min_n, (int, np.integer)) and min_n >= 1):
        raise ConfigError(f"min_n must be a whole number >= 1, not {min_n!r}")
    if not (isinstance(shrinkage, (int, float)) and np.isfinite(shrinkage) and shrinkage >= 0):
        raise ConfigError(f"shrinkage must be a number >= 0 (pseudo-tickets), not {shrinkage!r}")
    if direction is not None:
        direction = choose(direction, ("higher", "lower"), "direction")

    values, catalog_direction = ticket_outcome(tickets, kpi)
    counted = ~np.isnan(values)
    frame = tickets.loc[counted, strata + keys].copy()
    frame["_y"] = values[counted]
    if frame.empty:
        raise DataError(kpi, "has no counted tickets (all values missing)",
                        hint="check the outcome column or the filter applied before case_mix")
    _check_keys(frame, strata + keys)

    frame["_expected"] = frame.groupby(strata, observed=True, sort=False)["_y"].transform("mean")
    grouped = frame.groupby(keys, observed=True)
    table = CaseMixTable({"n": grouped["_y"].size(), "observed": grouped["_y"].mean(),
                          "expected": grouped["_expected"].mean()})
    population_mean = float(frame["_y"].mean())
    expected = table["expected"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        oe = np.where(expected != 0, table["observed"].to_numpy() / expected, np.nan)
    n = table["n"].to_numpy()
    table["oe"] = oe
    table["oe_shrunk"] = (n * oe + shrinkage) / (n + shrinkage)
    table["adjusted"] = table["oe_shrunk"] * population_mean
    table["small_sample"] = n < min_n
    table["n"] = table["n"].astype("int64")
    table.kpi, table.direction, table.population_mean = kpi, direction or catalog_direction, population_mean
    table.strata, table.shrinkage = tuple(strata), float(shrinkage)
    return table


def ranking_comparison(mix: pd.DataFrame, direction: Direction | None = None) -> pd.DataFrame:
    """Raw (observed) versus case-mix adjusted ranks, best = 1.

    ``mix`` is a :func:`case_mix` table; ``direction`` defaults to the one it
    recorded (``"higher"`` or ``"lower"`` is better). ``rank_change`` =
    raw rank − adjusted rank: positive means the group moves up once its case
    mix is taken into account. Ties share the better rank. Sorted by the
    adjusted rank.

    >>> mix = pd.DataFrame({"n": [50, 50], "observed": [0.70, 0.75], "adjusted": [0.80, 0.72],
    ...                     "small_sample": [False, False]}, index=pd.Index(["T1", "T2"], name="team"))
    >>> ranking_comparison(mix, direction="higher")[["raw_rank", "adjusted_rank", "rank_change"]]
          raw_rank  adjusted_rank  rank_change
    team
    T1           2              1            1
    T2           1              2           -1
    """
    require_columns(mix, ["observed", "adjusted"], "ranking_comparison", table_hint="pass the result of case_mix",
            column_hint="pass the table case_mix returns (it has observed and adjusted)")
    direction = direction or getattr(mix, "direction", None)
    if direction not in ("higher", "lower"):
        raise ConfigError("say which way is better: ranking_comparison(mix, direction='higher' or 'lower')")
    ascending = direction == "lower"
    out = pd.DataFrame(index=pd.Index(mix.index))
    if "n" in mix.columns:
        out["n"] = mix["n"]
    out["raw"] = mix["observed"]
    out["adjusted"] = mix["adjusted"]
    # nullable integers: a group with no expected value (O/E undefined) gets no rank
    out["raw_rank"] = mix["observed"].rank(ascending=ascending, method="min").astype("Int64")
    out["adjusted_rank"] = mix["adjusted"].rank(ascending=ascending, method="min").astype("Int64")
    out["rank_change"] = out["raw_rank"] - out["adjusted_rank"]
    if "small_sample" in mix.columns:
        out["small_sample"] = mix["small_sample"]
    return out.sort_values(["adjusted_rank", "raw_rank"], kind="stable")


def rank_agreement(a: pd.Series, b: pd.Series) -> float:
    """Spearman rank correlation of two Series over the labels both have (missing values dropped).

    The correlation of the two rankings: 1 = same order, 0 = unrelated, −1 = reversed;
    ties share their average rank. It is the Pearson correlation of the ranks, computed
    here without scipy (pandas' ``corr(method="spearman")`` imports ``scipy.stats``,
    about a second per notebook kernel).

    Worked example (by hand): over the common labels A, B, C, D the ranks are
    (1, 2, 3, 4) and (2, 1, 3, 4); Σd² = 2, so ρ = 1 − 6·2 / (4·(16 − 1)) = 0.8.

    >>> a = pd.Series({"A": 10, "B": 20, "C": 30, "D": 40, "E": 50})
    >>> b = pd.Series({"A": 0.2, "B": 0.1, "C": 0.3, "D": 0.4, "X": 0.9})
    >>> round(rank_agreement(a, b), 3)
    0.8
    >>> round(rank_agreement(a, -a), 3)
    -1.0
    """
    pairs = pd.concat([as_floats(a, "a"), as_floats(b, "b")], axis=1, join="inner").dropna()
    if len(pairs) < 2:
        raise DataError("a", f"and b share {len(pairs)} labels with values; a rank correlation needs at least 2",
                        hint="pass two Series indexed by the same ids, e.g. agent ids")
    ranks = pairs.rank()
    return float(ranks.iloc[:, 0].corr(ranks.iloc[:, 1]))


def rater_calibration(
    ratings: pd.DataFrame,
    rater: str = "rater",
    ratee: str = "ratee",
    score: str = "score",
    against: Literal["others", "pool"] = "others",
    offset_threshold: float = 0.5,
    spread_threshold: float = 0.5,
) -> CalibrationTable:
    """Leniency, strictness and central tendency of each rater (long table: one row per rating).

    Per rater: ``n``, ``mean``, ``sd`` (sample, ddof=1), and

    * ``offset_pool`` = rater mean − mean of all ratings;
    * ``offset_others`` = mean over the rater's ratings of (score − mean score
      the *other* raters gave the same ratee); ratings of ratees nobody else
      rated are skipped (``n_shared`` counts the ones used). This controls for
      raters who simply saw better people;
    * ``spread_ratio`` = rater sd / sd of all ratings;
    * ``leniency`` = the offset chosen by ``against`` (``"others"`` or
      ``"pool"``) in units of the pool sd; ``lenient`` if above
      ``offset_threshold``, ``strict`` if below its negative;
      ``central_tendency`` if ``spread_ratio < spread_threshold``.
    * ``flags``: the raised flags joined by ", " ("" if none).

    >>> r = pd.DataFrame({"rater": list("AAABBB"), "ratee": list("xyzxyz"), "score": [5, 5, 5, 3, 4, 2]})
    >>> rater_calibration(r)[["offset_pool", "offset_others", "spread_ratio", "flags"]].round(2)
           offset_pool  offset_others  spread_ratio                      flags
    rater
    A              1.0            2.0          0.00  lenient, central tendency
    B             -1.0           -2.0          0.79                     strict
    """
    require_columns(ratings, [rater, ratee, score], "rater_calibration",
            table_hint="pass the ratings table, one row per rating",
            column_hint="name the ratings table's columns with rater=, ratee= and score=")
    against = choose(against, ("others", "pool"), "against")
    scores = as_floats(ratings[score], score, text=True, booleans=False,
                       hint="fix or empty these cells").to_numpy()
    frame = ratings[[rater, ratee, score]].rename(columns={rater: "_r", ratee: "_e", score: "_s"})
    frame["_s"] = scores
    _check_keys(frame.rename(columns={"_r": rater, "_e": ratee}), [rater, ratee], "ratings")
    reject_missing(frame["_s"], score, hint="drop unrated rows first")
    if len(frame) < 2:
        raise DataError(score, f"needs at least 2 ratings, got {len(frame)}", hint="collect more ratings")

    pool_mean, pool_sd = frame["_s"].mean(), frame["_s"].std(ddof=1)
    if not pool_sd > 0:
        raise DataError(score, "has no spread at all (every rating is the same)",
                        hint="calibration compares spreads; it needs varied ratings")
    by_ratee = frame.groupby("_e", observed=True)["_s"]
    by_pair = frame.groupby(["_r", "_e"], observed=True)["_s"]
    other_sum = by_ratee.transform("sum") - by_pair.transform("sum")
    other_n = by_ratee.transform("size") - by_pair.transform("size")
    frame["_diff"] = frame["_s"] - (other_sum / other_n.where(other_n > 0))

    grouped = frame.groupby("_r", observed=True)
    table = CalibrationTable({
        "n": grouped["_s"].size().astype("int64"),
        "mean": grouped["_s"].mean(),
        "sd": grouped["_s"].std(ddof=1),
        "offset_pool": grouped["_s"].mean() - pool_mean,
        "offset_others": grouped["_diff"].mean(),
        "n_shared": grouped["_diff"].count().astype("int64"),
    })
    table.index.name = rater
    table["spread_ratio"] = table["sd"] / pool_sd
    offset = table["offset_others"] if against == "others" else table["offset_pool"]
    table["leniency"] = offset / pool_sd
    table["lenient"] = table["leniency"] > offset_threshold
    table["strict"] = table["leniency"] < -offset_threshold
    table["central_tendency"] = table["spread_ratio"] < spread_threshold
    names = {"lenient": "lenient", "strict": "strict", "central_tendency": "central tendency"}
    table["flags"] = [
        ", ".join(label for col, label in names.items() if row[col])
        for row in table[list(names)].to_dict("records")
    ]
    table.pool_mean, table.pool_sd, table.against = float(pool_mean), float(pool_sd), against
    return table
