"""From competency gaps to a training plan: personal focus plus team-wide modules.

The rule used in chapter 2 and the four case studies, on the result of
:func:`coursekit.training.training_needs`:

* **personal focus**: every agent's ``top_k`` largest weighted gaps (gap > 0);
  an agent without gaps has no focus and can coach others;
* **team-wide module**: when at least ``team_share`` of a team fall short in a
  competency, the team gets one module for it; a focus item the team module
  covers is delivered ``"team"``, the others ``"individual"`` (online
  micro-courses plus coaching).

:func:`training_plan` returns the personal focus items, :func:`team_modules`
the team-wide modules.

>>> import pandas as pd
>>> from coursekit.training import training_needs
>>> c = pd.DataFrame({"agent_id": ["A", "A", "B", "B"], "team": ["T", "T", "T", "T"],
...                   "competency": ["product", "empathy", "product", "empathy"],
...                   "importance": [0.6, 0.4, 0.6, 0.4],
...                   "required_level": [4, 4, 4, 4], "current_level": [2, 5, 3, 1]})
>>> plan = training_plan(training_needs(c), top_k=1, team_share=0.5)
>>> plan[["agent_id", "competency", "gap", "team_share", "delivery"]]
  agent_id competency  gap  team_share    delivery
0        B    empathy  3.0         0.5        team
1        A    product  2.0         1.0        team
"""

from __future__ import annotations

from collections.abc import Mapping
from numbers import Integral, Real
from typing import Any

import pandas as pd

from coursekit.errors import ConfigError
from coursekit.training.needs import NeedsAnalysis, training_needs

#: The thresholds chapter 2 teaches: two personal focus items, a team module when half the team needs it.
TOP_K = 2
TEAM_SHARE = 0.5


def _needs(needs: Any) -> NeedsAnalysis:
    if isinstance(needs, pd.DataFrame):
        needs = training_needs(needs)
    if not isinstance(needs, NeedsAnalysis):
        raise ConfigError(f"needs must be the result of coursekit.training.training_needs (or the competency "
                          f"table), not {type(needs).__name__}")
    if needs.teams.empty and not needs.detail.empty:
        raise ConfigError("the needs analysis has no team table: call training_needs with the team column "
                          "(team='team') so the team share can be computed")
    return needs


def _check_share(team_share: Any) -> float:
    if isinstance(team_share, bool) or not isinstance(team_share, Real) or not 0 < float(team_share) <= 1:
        raise ConfigError(f"team_share must be a share above 0 and at most 1 (e.g. 0.5 = half the team), "
                          f"not {team_share!r}")
    return float(team_share)


def team_modules(needs: Any, *, team_share: float = TEAM_SHARE) -> pd.DataFrame:
    """Team-wide modules: team × competency pairs where at least ``team_share`` of the team fall short.

    ``needs`` is a :class:`~coursekit.training.NeedsAnalysis` (or the
    competency table, analysed with :func:`training_needs`). Columns: ``team``,
    ``competency``, ``n_agents``, ``n_needing``, ``share_needing``,
    ``mean_weighted_gap``; sorted by team, then largest mean weighted gap.

    >>> import pandas as pd
    >>> c = pd.DataFrame({"agent_id": ["A", "B", "C", "D"], "team": ["T1", "T1", "T2", "T2"],
    ...                   "competency": ["product"] * 4, "importance": [1.0] * 4,
    ...                   "required_level": [4] * 4, "current_level": [3, 4, 2, 1]})
    >>> team_modules(c, team_share=0.5)[["team", "n_needing", "share_needing"]]
      team  n_needing  share_needing
    0   T1          1            0.5
    1   T2          2            1.0
    >>> len(team_modules(c, team_share=0.75))  # T1 (1 of 2) no longer qualifies
    1
    """
    share = _check_share(team_share)
    teams = _needs(needs).teams
    if teams.empty:
        return pd.DataFrame(columns=["team", "competency", "n_agents", "n_needing", "share_needing",
                                     "mean_weighted_gap"])
    team = teams.columns[0]
    chosen = teams[teams["share_needing"] >= share - 1e-12]
    out = chosen.assign(n_needing=(chosen["share_needing"] * chosen["n_agents"]).round().astype("int64"))
    columns = [team, "competency", "n_agents", "n_needing", "share_needing", "mean_weighted_gap"]
    return out[columns].reset_index(drop=True)


def training_plan(needs: Any, *, top_k: int = TOP_K, team_share: float = TEAM_SHARE,
                  methods: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Personal focus items: each agent's ``top_k`` largest gaps, marked team-wide or individual.

    Parameters
    ----------
    needs:
        A :class:`~coursekit.training.NeedsAnalysis` from :func:`training_needs`
        (or the competency table, analysed with it; it needs a team column).
    top_k:
        How many focus items per agent (a whole number ≥ 1; chapter 2 uses 2).
    team_share:
        The share of a team (0 < share ≤ 1) that must fall short in a
        competency for a team-wide module (see :func:`team_modules`).
    methods:
        Optional training method per competency (e.g. ``{"故障诊断": "混合式"}``);
        adds a ``method`` column. Every competency in the plan needs an entry.

    Returns one row per agent × focus item, with columns ``agent_id``,
    ``team``, ``priority`` (1 = largest gap of that agent), ``competency``,
    ``gap`` (levels short), ``weighted_gap``, ``need_index`` (the agent's
    Σ weighted gap), ``team_share`` (share of the agent's team short in that
    competency) and ``delivery`` (``"team"`` when ``team_share`` reaches the
    threshold, else ``"individual"``), plus ``method``. Sorted like
    ``needs.agents`` (largest need index first), then by priority. Agents
    without gaps have no rows.

    >>> import pandas as pd
    >>> c = pd.DataFrame({"agent_id": ["A", "A", "B", "B", "C", "C"], "team": ["T"] * 6,
    ...                   "competency": ["product", "empathy"] * 3, "importance": [0.5] * 6,
    ...                   "required_level": [4] * 6, "current_level": [2, 3, 4, 2, 3, 4]})
    >>> plan = training_plan(c, top_k=2, team_share=0.6, methods={"product": "online", "empathy": "role play"})
    >>> plan[["agent_id", "priority", "competency", "team_share", "delivery", "method"]]
      agent_id  priority competency  team_share    delivery     method
    0        A         1    product    0.666667        team     online
    1        A         2    empathy    0.666667        team  role play
    2        B         1    empathy    0.666667        team  role play
    3        C         1    product    0.666667        team     online
    >>> training_plan(c, top_k=0)
    Traceback (most recent call last):
    ...
    coursekit.errors.ConfigError: top_k must be a whole number of focus items per agent, at least 1 (e.g. 2), not 0
    """
    if isinstance(top_k, bool) or not isinstance(top_k, Integral) or top_k < 1:
        raise ConfigError(f"top_k must be a whole number of focus items per agent, at least 1 (e.g. 2), "
                          f"not {top_k!r}")
    share = _check_share(team_share)
    needs = _needs(needs)
    detail, agents, teams = needs.detail, needs.agents, needs.teams
    agent = agents.index.name
    focus = detail[detail["needed"] & (detail["priority"] <= top_k)]
    team = teams.columns[0]
    shares = teams.set_index([team, "competency"])["share_needing"]
    keys = pd.MultiIndex.from_arrays([focus[team], focus["competency"]])
    plan = pd.DataFrame({
        agent: focus[agent].to_numpy(),
        team: focus[team].to_numpy(),
        "priority": focus["priority"].to_numpy(),
        "competency": focus["competency"].to_numpy(),
        "gap": focus["gap"].to_numpy(),
        "weighted_gap": focus["weighted_gap"].to_numpy(),
        "need_index": agents["need_index"].reindex(focus[agent]).to_numpy(),
        "team_share": shares.reindex(keys).to_numpy(),
    })
    plan["delivery"] = ["team" if s >= share - 1e-12 else "individual" for s in plan["team_share"]]
    if methods is not None:
        names = plan["competency"].astype(str)
        missing = sorted(set(names) - set(map(str, methods)))
        if missing:
            raise ConfigError(f"methods has no entry for {', '.join(missing)}; add one per competency "
                              f"(e.g. {{'{missing[0]}': 'online course'}})")
        plan["method"] = names.map({str(k): v for k, v in methods.items()})
    order = pd.Series(range(len(agents)), index=agents.index)
    plan = plan.assign(_order=order.reindex(plan[agent]).to_numpy())
    plan = plan.sort_values(["_order", "priority"], kind="stable").drop(columns="_order")
    return plan.reset_index(drop=True)
