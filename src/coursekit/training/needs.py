"""Training needs analysis: competency gaps per agent and per team.

Person analysis in the sense of McGehee & Thayer (1961): for every agent and
competency, ``gap = max(required − current, 0)``, weighted by importance.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from coursekit.errors import DataError, offending, reject_missing
from coursekit.results import Result
from coursekit.training._input import as_numbers, require


@dataclass(frozen=True, eq=False)
class NeedsAnalysis(Result):
    """Result of :func:`training_needs`.

    ``detail``: one row per agent × competency with ``gap`` (clipped at 0),
    ``raw_gap`` (negative = above the requirement), ``weighted_gap`` =
    importance × gap, ``needed`` (gap > 0) and ``priority`` (1 = most urgent
    within the agent), sorted by agent then priority.
    ``agents``: per agent ``need_index`` (Σ weighted gap), ``n_gaps`` and
    ``top_competency``, sorted by ``need_index`` descending.
    ``teams``: per team × competency ``n_agents``, ``share_needing``,
    ``mean_gap``, ``mean_weighted_gap`` and ``priority`` within the team.
    """

    detail: pd.DataFrame
    agents: pd.DataFrame
    teams: pd.DataFrame

    def title(self) -> str:
        return "培训需求：每人的能力差距（需求指数从高到低）"

    def table(self) -> pd.DataFrame:
        """The per-agent summary (``agents``): need index, number of gaps, top competency."""
        return self.agents


def training_needs(competency: pd.DataFrame, agent: str = "agent_id", team: str | None = "team") -> NeedsAnalysis:
    """Competency gaps (McGehee & Thayer person analysis), per agent and per team.

    ``gap = max(required_level − current_level, 0)``: a level *above* the
    requirement does not offset a gap elsewhere, so it is clipped to 0 (the
    unclipped value stays in ``raw_gap``). ``weighted_gap = importance × gap``.
    Ties in priority are broken by the larger raw gap, then by competency name.
    Pass ``team=None`` when the table has no team column.

    >>> c = pd.DataFrame({"agent_id": ["A", "A", "B", "B"], "team": ["T", "T", "T", "T"],
    ...                   "competency": ["product", "empathy", "product", "empathy"],
    ...                   "importance": [0.6, 0.4, 0.6, 0.4],
    ...                   "required_level": [4, 4, 4, 4], "current_level": [2, 5, 3, 1]})
    >>> needs = training_needs(c)
    >>> needs.agents[["need_index", "top_competency"]]
              need_index top_competency
    agent_id
    B                1.8        empathy
    A                1.2        product
    """
    columns = [agent, "competency", "importance", "required_level", "current_level"]
    keys = [agent] + ([team] if team else [])
    require(competency, columns + ([team] if team else []), "training_needs")
    frame = competency[keys + columns[1:]].copy()
    for col in ("importance", "required_level", "current_level"):
        values = as_numbers(frame[col], col)
        reject_missing(values, col, hint="fill in every level and weight")
        frame[col] = values
    negative = frame["importance"] < 0
    if negative.any():
        rows, vals = offending(negative, frame.index, frame["importance"].tolist())
        raise DataError("importance", "must not be negative", rows=rows, values=vals,
                        hint="importance weights are 0 or more (they usually sum to 1 per agent)")
    frame["raw_gap"] = frame["required_level"] - frame["current_level"]
    frame["gap"] = frame["raw_gap"].clip(lower=0)
    frame["weighted_gap"] = frame["importance"] * frame["gap"]
    frame["needed"] = frame["gap"] > 0
    frame["_name"] = frame["competency"].astype(str)
    frame = frame.sort_values([agent, "weighted_gap", "raw_gap", "_name"],
                              ascending=[True, False, False, True], kind="stable")
    frame["priority"] = frame.groupby(agent, sort=False).cumcount() + 1
    detail = frame.drop(columns="_name").reset_index(drop=True)

    by_agent = detail.groupby(keys, observed=True, sort=False)
    agents = pd.DataFrame({
        "need_index": by_agent["weighted_gap"].sum(),
        "n_gaps": by_agent["needed"].sum().astype("int64"),
        "top_competency": by_agent["competency"].first().astype(str),
        "top_weighted_gap": by_agent["weighted_gap"].first(),
    }).reset_index()
    agents.loc[agents["n_gaps"] == 0, "top_competency"] = ""
    agents = agents.sort_values(["need_index", agent], ascending=[False, True], kind="stable").set_index(agent)

    if team:
        by_team = detail.groupby([team, "competency"], observed=True)
        teams = pd.DataFrame({
            "n_agents": by_team[agent].nunique(),
            "share_needing": by_team["needed"].mean(),
            "mean_gap": by_team["gap"].mean(),
            "mean_weighted_gap": by_team["weighted_gap"].mean(),
        }).reset_index()
        teams["_name"] = teams["competency"].astype(str)
        teams = teams.sort_values([team, "mean_weighted_gap", "_name"], ascending=[True, False, True],
                                  kind="stable").drop(columns="_name")
        teams["priority"] = teams.groupby(team, observed=True, sort=False).cumcount() + 1
        teams = teams.reset_index(drop=True)
    else:
        teams = pd.DataFrame()
    return NeedsAnalysis(detail, agents, teams)
