"""training_plan / team_modules against a plan worked out by hand (the rule of chapter 2 and 03a–03d)."""

from __future__ import annotations

import pandas as pd
import pytest

from coursekit.errors import ConfigError
from coursekit.training import team_modules, training_needs, training_plan

IMPORTANCE = {"product": 0.5, "empathy": 0.3, "system": 0.2}
CURRENT = {  # every required level is 4; gap = max(4 - current, 0); weighted = importance × gap
    ("A", "T1"): (2, 3, 4),  # product 2 (1.0), empathy 1 (0.3)             -> need 1.3
    ("B", "T1"): (4, 2, 3),  # empathy 2 (0.6), system 1 (0.2)              -> need 0.8
    ("C", "T1"): (3, 4, 4),  # product 1 (0.5)                              -> need 0.5
    ("D", "T1"): (4, 4, 4),  # no gap                                       -> need 0
    ("E", "T2"): (1, 3, 2),  # product 3 (1.5), system 2 (0.4), empathy 1 (0.3) -> need 2.2
    ("F", "T2"): (4, 4, 4),  # no gap
}
# team shares short: T1 product 2/4, empathy 2/4, system 1/4; T2 product, empathy, system 1/2 each


@pytest.fixture
def needs():
    rows = [(agent, team, comp, IMPORTANCE[comp], 4, level)
            for (agent, team), levels in CURRENT.items() for comp, level in zip(IMPORTANCE, levels, strict=True)]
    table = pd.DataFrame(rows, columns=["agent_id", "team", "competency", "importance",
                                        "required_level", "current_level"])
    return training_needs(table)


def test_plan_by_hand(needs):
    plan = training_plan(needs, top_k=2, team_share=0.5)
    assert list(plan.columns) == ["agent_id", "team", "priority", "competency", "gap", "weighted_gap",
                                  "need_index", "team_share", "delivery"]
    # agents by need index E 2.2, A 1.3, B 0.8, C 0.5; D and F have no gaps, so no rows
    got = list(plan[["agent_id", "priority", "competency", "gap", "team_share", "delivery"]]
               .itertuples(index=False, name=None))
    assert got == [
        ("E", 1, "product", 3.0, 0.5, "team"),
        ("E", 2, "system", 2.0, 0.5, "team"),
        ("A", 1, "product", 2.0, 0.5, "team"),
        ("A", 2, "empathy", 1.0, 0.5, "team"),
        ("B", 1, "empathy", 2.0, 0.5, "team"),
        ("B", 2, "system", 1.0, 0.25, "individual"),  # only B in T1 falls short in system
        ("C", 1, "product", 1.0, 0.5, "team"),
    ]
    assert plan["weighted_gap"].tolist() == pytest.approx([1.5, 0.4, 1.0, 0.3, 0.6, 0.2, 0.5])
    assert plan["need_index"].tolist() == pytest.approx([2.2, 2.2, 1.3, 1.3, 0.8, 0.8, 0.5])


def test_threshold_and_top_k_change_the_plan(needs):
    # a higher threshold than every share (0.5 at most) makes every item individual
    assert set(training_plan(needs, team_share=0.6)["delivery"]) == {"individual"}
    # one focus item each: E product, A product, B empathy, C product
    first = training_plan(needs, top_k=1)
    assert list(zip(first["agent_id"], first["competency"], strict=True)) == [
        ("E", "product"), ("A", "product"), ("B", "empathy"), ("C", "product")]


def test_methods_column(needs):
    plan = training_plan(needs, methods={"product": "online", "empathy": "role play", "system": "micro-course"})
    assert plan["method"].tolist() == ["online", "micro-course", "online", "role play", "role play",
                                       "micro-course", "online"]
    with pytest.raises(ConfigError, match="methods has no entry for empathy, system"):
        training_plan(needs, methods={"product": "online"})


def test_team_modules_by_hand(needs):
    modules = team_modules(needs, team_share=0.5)
    # T1: product (2 of 4, mean weighted gap (1.0 + 0.5) / 4 = 0.375), empathy (2 of 4, 0.9 / 4 = 0.225);
    # T2: product (1 of 2, 0.75), system (0.2), empathy (0.15)
    got = list(modules[["team", "competency", "n_agents", "n_needing"]].itertuples(index=False, name=None))
    assert got == [("T1", "product", 4, 2), ("T1", "empathy", 4, 2),
                   ("T2", "product", 2, 1), ("T2", "system", 2, 1), ("T2", "empathy", 2, 1)]
    assert modules["mean_weighted_gap"].tolist() == pytest.approx([0.375, 0.225, 0.75, 0.2, 0.15])
    assert team_modules(needs, team_share=0.6).empty
    # the competency table itself is accepted (analysed with training_needs)
    assert len(team_modules(needs.detail, team_share=0.25)) == 6


@pytest.mark.parametrize("kwargs, message", [
    ({"top_k": 0}, "top_k must be a whole number"),
    ({"top_k": 1.5}, "top_k must be a whole number"),
    ({"top_k": True}, "top_k must be a whole number"),
    ({"team_share": 0}, "team_share must be a share above 0 and at most 1"),
    ({"team_share": 50}, "team_share must be a share above 0 and at most 1"),
    ({"team_share": "half"}, "team_share must be a share above 0 and at most 1"),
])
def test_bad_thresholds(needs, kwargs, message):
    with pytest.raises(ConfigError, match=message):
        training_plan(needs, **kwargs)


def test_bad_needs(needs):
    with pytest.raises(ConfigError, match="needs must be the result of coursekit.training.training_needs"):
        training_plan([1, 2, 3])
    no_team = training_needs(needs.detail.drop(columns="team"), team=None)
    with pytest.raises(ConfigError, match="no team table"):
        training_plan(no_team)
