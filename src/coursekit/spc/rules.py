"""Run rules for control charts: Western Electric (1956) and Nelson (1984).

Each rule looks at ``z = (x - centre) / sigma``. Conventions used here (state
them when teaching, because textbooks and software differ):

* "beyond kσ" is strict (``|z| > k``); "within 1σ" is strict (``|z| < 1``).
* A point exactly on the centre line is on neither side: it ends a run.
* Trend (Nelson 3) = six points in a row, each strictly higher (or lower)
  than the one before (five rises); a tie ends the trend.
* Alternation (Nelson 4) = fourteen points in a row whose successive changes
  alternate up and down; a zero change ends it.
* Which point is reported: the point that completes the pattern. For
  "k of m" rules the point must itself be beyond the limit, and the window
  ends at it (shorter windows at the very start of the series count too).
  For run rules (8/9 on one side, trends, alternation, 15 within, 8 beyond)
  every point from the one that completes the run onward is reported while
  the run continues. ``start`` is the position of the first point of the
  pattern that fired.

>>> nelson([0, 0, 4, 0], centre=0, sigma=1)[["position", "rule", "name"]]
   position  rule               name
0         2     1  1 point beyond 3σ
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from coursekit.checks import choose
from coursekit.errors import DataError
from coursekit.spc._input import as_numeric, check_scalar

COLUMNS = ["point", "position", "rule", "name", "name_zh", "start"]


@dataclass(frozen=True)
class Rule:
    """One run rule: its number within its family, English and Chinese name."""

    number: int
    name: str
    name_zh: str
    check: Callable[[np.ndarray], list[tuple[int, int]]]


# ---- detectors: take z, return [(position, start), ...] --------------------------------------


def _beyond(limit: float) -> Callable[[np.ndarray], list[tuple[int, int]]]:
    def check(z: np.ndarray) -> list[tuple[int, int]]:
        return [(int(i), int(i)) for i in np.flatnonzero(np.abs(z) > limit)]

    return check


def _k_of_m(k: int, m: int, limit: float) -> Callable[[np.ndarray], list[tuple[int, int]]]:
    def check(z: np.ndarray) -> list[tuple[int, int]]:
        hits = []
        for i, zi in enumerate(z):
            if abs(zi) <= limit:
                continue
            side = np.sign(zi)
            lo = max(0, i - m + 1)
            counted = [j for j in range(lo, i + 1) if z[j] * side > limit]
            if len(counted) >= k:
                hits.append((i, counted[0]))
        return hits

    return check


def _runs(condition: Callable[[np.ndarray], np.ndarray], length: int,
          key: Callable[[np.ndarray], np.ndarray] | None = None) -> Callable[[np.ndarray], list[tuple[int, int]]]:
    """Points ending ``length`` consecutive items that satisfy ``condition`` (and share ``key``)."""

    def check(z: np.ndarray) -> list[tuple[int, int]]:
        ok = condition(z)
        labels = key(z) if key is not None else np.zeros(len(z))
        hits, run = [], 0
        for i in range(len(z)):
            run = run + 1 if ok[i] and (run == 0 or labels[i] == labels[i - 1]) else (1 if ok[i] else 0)
            if run >= length:
                hits.append((i, i - length + 1))
        return hits

    return check


def _same_side(length: int) -> Callable[[np.ndarray], list[tuple[int, int]]]:
    return _runs(lambda z: z != 0, length, key=np.sign)


def _trend(points: int) -> Callable[[np.ndarray], list[tuple[int, int]]]:
    # a run of (points - 1) changes of the same strict sign; reported at the later point
    def check(z: np.ndarray) -> list[tuple[int, int]]:
        steps = np.sign(np.diff(z))
        inner = _runs(lambda s: s != 0, points - 1, key=lambda s: s)(steps)
        return [(i + 1, start) for i, start in inner]

    return check


def _alternating(points: int) -> Callable[[np.ndarray], list[tuple[int, int]]]:
    def check(z: np.ndarray) -> list[tuple[int, int]]:
        steps = np.sign(np.diff(z))
        hits, run = [], 0
        for i, s in enumerate(steps):
            if s == 0:
                run = 0
            elif run > 0 and s == -steps[i - 1]:
                run += 1
            else:
                run = 1
            if run >= points - 1:
                hits.append((i + 1, i + 1 - (points - 1)))
        return hits

    return check


def _within(length: int, limit: float) -> Callable[[np.ndarray], list[tuple[int, int]]]:
    return _runs(lambda z: np.abs(z) < limit, length)


def _outside_either(length: int, limit: float) -> Callable[[np.ndarray], list[tuple[int, int]]]:
    return _runs(lambda z: np.abs(z) > limit, length)


WESTERN_ELECTRIC_RULES: tuple[Rule, ...] = (
    Rule(1, "1 point beyond 3σ", "1点超出3σ", _beyond(3)),
    Rule(2, "2 of 3 beyond 2σ (same side)", "连续3点中有2点超出2σ(同侧)", _k_of_m(2, 3, 2)),
    Rule(3, "4 of 5 beyond 1σ (same side)", "连续5点中有4点超出1σ(同侧)", _k_of_m(4, 5, 1)),
    Rule(4, "8 in a row on one side", "连续8点在中心线同侧", _same_side(8)),
)

NELSON_RULES: tuple[Rule, ...] = (
    Rule(1, "1 point beyond 3σ", "1点超出3σ", _beyond(3)),
    Rule(2, "9 in a row on one side", "连续9点在中心线同侧", _same_side(9)),
    Rule(3, "6 in a row rising or falling", "连续6点持续上升或下降", _trend(6)),
    Rule(4, "14 in a row alternating", "连续14点上下交替", _alternating(14)),
    Rule(5, "2 of 3 beyond 2σ (same side)", "连续3点中有2点超出2σ(同侧)", _k_of_m(2, 3, 2)),
    Rule(6, "4 of 5 beyond 1σ (same side)", "连续5点中有4点超出1σ(同侧)", _k_of_m(4, 5, 1)),
    Rule(7, "15 in a row within 1σ", "连续15点在1σ以内", _within(15, 1)),
    Rule(8, "8 in a row beyond 1σ (either side)", "连续8点在1σ以外(两侧)", _outside_either(8, 1)),
)


#: The run-rule families (``"we"`` is short for ``"western_electric"``).
RuleFamily = Literal["nelson", "western_electric", "we"]
RULE_FAMILIES: tuple[RuleFamily, ...] = ("nelson", "western_electric", "we")


def rule_table(family: RuleFamily = "nelson") -> pd.DataFrame:
    """The rules of a family as a table (number, English and Chinese name).

    >>> rule_table("western_electric")["name"].tolist()[-1]
    '8 in a row on one side'
    >>> len(rule_table("nelson"))
    8
    """
    rules = _family(family)
    return pd.DataFrame({"rule": [r.number for r in rules], "name": [r.name for r in rules],
                         "name_zh": [r.name_zh for r in rules]})


def _family(family: RuleFamily) -> tuple[Rule, ...]:
    family = choose(family, RULE_FAMILIES, "rule family")
    return NELSON_RULES if family == "nelson" else WESTERN_ELECTRIC_RULES


def apply_rules(values: Any, centre: float, sigma: float, family: RuleFamily = "nelson",
                rules: Iterable[int] | None = None) -> pd.DataFrame:
    """Points of ``values`` that break the rules of ``family`` (tidy, one row per point and rule).

    Columns: ``point`` (the values' index label), ``position`` (0-based),
    ``rule``, ``name``, ``name_zh``, ``start`` (position where the pattern began).

    >>> apply_rules([5, 6, 7, 8, 9, 10], centre=7, sigma=10, family="nelson", rules=[3])["position"].tolist()
    [5]
    """
    series = as_numeric(values, "values")
    centre = check_scalar(centre, "centre")
    sigma = check_scalar(sigma, "sigma", positive=True)
    chosen = _family(family)
    if rules is not None:
        wanted = set(rules)
        unknown = wanted - {r.number for r in chosen}
        if unknown:
            raise DataError("rules", f"no rule numbered {sorted(unknown)} in {family!r}",
                            hint=f"choose from {[r.number for r in chosen]}")
        chosen = tuple(r for r in chosen if r.number in wanted)
    z = (series.to_numpy() - centre) / sigma
    rows = []
    for rule in chosen:
        for position, start in rule.check(z):
            rows.append((series.index[position], int(position), rule.number, rule.name, rule.name_zh, int(start)))
    table = pd.DataFrame(rows, columns=COLUMNS)
    table = table.astype({"position": "int64", "rule": "int64", "start": "int64"})
    return table.sort_values(["position", "rule"], kind="stable").reset_index(drop=True)


def western_electric(values: Any, centre: float, sigma: float, rules: Iterable[int] | None = None) -> pd.DataFrame:
    """Points breaking the four Western Electric rules (see the module notes for conventions).

    1: one point beyond 3σ; 2: 2 of 3 beyond 2σ, same side; 3: 4 of 5 beyond 1σ,
    same side; 4: 8 in a row on one side of the centre line.

    >>> western_electric([1] * 8, centre=0, sigma=1)[["position", "rule"]]
       position  rule
    0         7     4
    """
    return apply_rules(values, centre, sigma, "western_electric", rules)


def nelson(values: Any, centre: float, sigma: float, rules: Iterable[int] | None = None) -> pd.DataFrame:
    """Points breaking the eight Nelson (1984) rules (see the module notes for conventions).

    1: beyond 3σ; 2: 9 in a row on one side; 3: 6 in a row rising or falling;
    4: 14 in a row alternating; 5: 2 of 3 beyond 2σ (same side); 6: 4 of 5
    beyond 1σ (same side); 7: 15 in a row within 1σ; 8: 8 in a row beyond 1σ
    (either side).

    >>> nelson([1, 2, 3, 4, 5, 6], centre=3.5, sigma=10)[["position", "rule"]]
       position  rule
    0         5     3
    """
    return apply_rules(values, centre, sigma, "nelson", rules)
