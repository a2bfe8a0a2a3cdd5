"""Training analytics against hand computations and scipy.stats."""


import numpy as np
import pandas as pd
import pytest

from coursekit.errors import DataError
from coursekit.training import (
    training_needs,
)

# ---- needs analysis ---------------------------------------------------------------------------


def competency_table():
    rows = [
        # agent, team, competency, importance, required, current
        ("A", "T1", "product", 0.5, 4, 2),   # gap 2, weighted 1.0
        ("A", "T1", "empathy", 0.3, 3, 4),   # raw -1 -> clipped to 0
        ("A", "T1", "system", 0.2, 5, 3),    # gap 2, weighted 0.4
        ("B", "T1", "product", 0.5, 4, 4),   # 0
        ("B", "T1", "empathy", 0.3, 5, 2),   # gap 3, weighted 0.9
        ("B", "T1", "system", 0.2, 5, 4),    # gap 1, weighted 0.2
        ("C", "T2", "product", 0.5, 4, 3),   # gap 1, weighted 0.5
        ("C", "T2", "empathy", 0.3, 3, 3),   # 0
        ("C", "T2", "system", 0.2, 5, 5),    # 0
    ]
    return pd.DataFrame(rows, columns=["agent_id", "team", "competency", "importance",
                                       "required_level", "current_level"])


def test_needs_per_agent_by_hand():
    needs = training_needs(competency_table())
    # need index = sum of weighted gaps: A 1.0+0+0.4 = 1.4 ; B 0+0.9+0.2 = 1.1 ; C 0.5
    agents = needs.agents
    assert agents.index.tolist() == ["A", "B", "C"]
    assert agents["need_index"].tolist() == pytest.approx([1.4, 1.1, 0.5])
    assert agents["n_gaps"].tolist() == [2, 2, 1]
    assert agents["top_competency"].tolist() == ["product", "empathy", "product"]
    detail = needs.detail
    a = detail[detail["agent_id"] == "A"]
    assert a["competency"].tolist() == ["product", "system", "empathy"]
    assert a["priority"].tolist() == [1, 2, 3]
    # A is above the requirement on empathy: raw gap -1, clipped to 0 (does not offset other gaps)
    empathy = a[a["competency"] == "empathy"].iloc[0]
    assert empathy["raw_gap"] == -1 and empathy["gap"] == 0 and not empathy["needed"]


def test_needs_per_team_by_hand():
    teams = training_needs(competency_table()).teams
    t1 = teams[teams["team"] == "T1"]
    # T1 product: gaps 2, 0 -> mean 1, weighted 1.0, 0 -> 0.5, share 1/2
    # T1 empathy: gaps 0, 3 -> 1.5, weighted 0, 0.9 -> 0.45 ; T1 system: gaps 2, 1 -> 1.5, weighted 0.3
    assert t1["competency"].tolist() == ["product", "empathy", "system"]
    assert t1["mean_weighted_gap"].tolist() == pytest.approx([0.5, 0.45, 0.3])
    assert t1["mean_gap"].tolist() == pytest.approx([1.0, 1.5, 1.5])
    assert t1["share_needing"].tolist() == pytest.approx([0.5, 0.5, 1.0])
    assert t1["n_agents"].tolist() == [2, 2, 2]
    t2 = teams[teams["team"] == "T2"]
    # ties at 0 are ordered by name
    assert t2["competency"].tolist() == ["product", "empathy", "system"]
    assert t2["priority"].tolist() == [1, 2, 3]


def test_needs_without_team_and_bad_input():
    needs = training_needs(competency_table().drop(columns="team"), team=None)
    assert needs.teams.empty and needs.agents.index.tolist() == ["A", "B", "C"]
    with pytest.raises(DataError, match="column 'team': training_needs needs this column"):
        training_needs(competency_table().drop(columns="team"))
    bad = competency_table().assign(importance=[0.5, -0.3, 0.2] * 3)
    with pytest.raises(DataError, match=r"column 'importance': must not be negative; rows 1, 4, 7"):
        training_needs(bad)
    text = competency_table().astype({"current_level": object})
    text.loc[2, "current_level"] = "三"
    with pytest.raises(DataError, match=r"column 'current_level': must be a number; rows 2 \(values: '三'\)"):
        training_needs(text)
    gap = competency_table().astype({"required_level": float})
    gap.loc[0, "required_level"] = np.nan
    with pytest.raises(DataError, match="column 'required_level': must not be missing; rows 0"):
        training_needs(gap)


# ---- paired effect ----------------------------------------------------------------------------

