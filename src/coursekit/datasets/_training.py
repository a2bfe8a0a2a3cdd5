"""The ``competency`` and ``training`` tables.

Half of every team (rounded down, chosen at random) is trained in July 2024;
the trained agents are spread evenly over the three methods. ``fcr_pre`` and
``fcr_post`` are recomputed from the tickets: the share of an agent's tickets
created 2024-04-01..2024-06-30 (pre) and 2024-08-01..2024-10-31 (post) that
were resolved at first contact.

>>> import numpy as np
>>> from coursekit.datasets._staff import make_staff
>>> groups = assign_groups(np.random.default_rng(0), make_staff(np.random.default_rng(0)))
>>> groups["group"].value_counts().to_dict()
{'treatment': 52, 'control': 52}
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coursekit.datasets import _config as C

METHODS = ("traditional", "online", "blended")
HQ_REGION = "华东"  # classroom training is held here; other regions pay travel
TRAVEL_YUAN = 500.0


def assign_groups(rng: np.random.Generator, staff: pd.DataFrame) -> pd.DataFrame:
    """``agent_id``, ``group`` and ``method`` (empty for controls) for every agent."""
    group = np.full(len(staff), "control", dtype=object)
    method = np.full(len(staff), None, dtype=object)
    for _, rows in staff.groupby("team", sort=True, observed=True).indices.items():
        chosen = rng.permutation(rows)[: len(rows) // 2]
        group[chosen] = "treatment"
    for _, rows in staff.groupby("industry", sort=True, observed=True).indices.items():
        treated = rows[group[rows] == "treatment"]
        order = rng.permutation(treated)
        method[order] = np.resize(np.array(METHODS, dtype=object), len(order))
    return pd.DataFrame({"agent_id": staff["agent_id"].to_numpy(), "group": group, "method": method})


def _window_fcr(tickets: pd.DataFrame, window: tuple[str | np.datetime64, str | np.datetime64]) -> pd.Series:
    # a window may be given as text ("2024-01-01") or as datetime64
    lo, hi = (np.datetime64(str(w), "us") for w in window)
    created = tickets["created_at"].to_numpy(dtype="datetime64[us]")
    part = tickets.loc[(created >= lo) & (created < hi), ["agent_id", "first_contact_resolved"]]
    return part.groupby("agent_id")["first_contact_resolved"].mean()


def make_training(rng: np.random.Generator, staff: pd.DataFrame, groups: pd.DataFrame,
                  tickets: pd.DataFrame) -> pd.DataFrame:
    """One row per agent: group, method, test scores, FCR before/after, reaction, cost."""
    n = len(staff)
    skill = staff["skill"].to_numpy(dtype=float)
    treated = groups["group"].to_numpy() == "treatment"
    method = groups["method"].to_numpy(dtype=object)
    offset = np.array([C.METHOD_SCORE_OFFSET.get(m, 0.0) if t else 0.0 for m, t in zip(method, treated, strict=True)])
    if treated.any():
        offset[treated] -= offset[treated].mean()  # average treated gain stays SCORE_EFFECT
    pre = np.clip(rng.normal(58.0 + 6.0 * skill, 7.0), 0, 100)
    gain = C.SCORE_DRIFT + treated * (C.SCORE_EFFECT + offset) + rng.normal(0.0, 5.0, n)
    post = np.clip(pre + gain, 0, 100)
    reaction_mean = np.array([C.METHOD_REACTION.get(m, np.nan) if t else np.nan
                              for m, t in zip(method, treated, strict=True)])
    reaction = np.where(treated, np.clip(np.round(rng.normal(reaction_mean, 0.35), 1), 1, 5), np.nan)
    travel = np.where(staff["region"].to_numpy() == HQ_REGION, 0.0, TRAVEL_YUAN)
    cost = np.array([C.METHOD_COST_YUAN.get(m, 0.0) if t else 0.0 for m, t in zip(method, treated, strict=True)])
    cost = cost + np.where(treated & (method == "traditional"), travel, 0.0)
    agents = staff["agent_id"]
    return pd.DataFrame({
        "agent_id": agents.to_numpy(),
        "industry": staff["industry"].to_numpy(),
        "team": staff["team"].to_numpy(),
        "group": groups["group"].to_numpy(),
        "method": pd.array(method, dtype="str"),
        "pre_score": np.round(pre, 1),
        "post_score": np.round(post, 1),
        "fcr_pre": np.round(agents.map(_window_fcr(tickets, C.PRE_WINDOW)).to_numpy(dtype=float), 4),
        "fcr_post": np.round(agents.map(_window_fcr(tickets, C.POST_WINDOW)).to_numpy(dtype=float), 4),
        "reaction": reaction,
        "cost_yuan": cost,
    })


def make_competency(rng: np.random.Generator, staff: pd.DataFrame) -> pd.DataFrame:
    """Required vs current level (1-5) of each competency of each agent (assessed June 2024)."""
    frames = []
    for spec in C.INDUSTRY_SPECS:
        agents = staff[staff["industry"] == spec.name]
        names = list(spec.competencies)
        importance = np.array([spec.competencies[c][0] for c in names])
        required = np.array([spec.competencies[c][1] for c in names])
        shortfall = np.array([spec.competencies[c][2] for c in names])
        k, m = len(names), len(agents)
        skill = np.repeat(agents["skill"].to_numpy(dtype=float), k)
        current = np.tile(required - shortfall, m) + 0.8 * skill + rng.normal(0.0, 0.6, m * k)
        frames.append(pd.DataFrame({
            "agent_id": np.repeat(agents["agent_id"].to_numpy(), k),
            "industry": spec.name,
            "team": np.repeat(agents["team"].to_numpy(), k),
            "competency": np.tile(names, m),
            "importance": np.tile(importance, m),
            "required_level": np.tile(required, m).astype(np.int64),
            "current_level": np.clip(np.round(current), 1, 5).astype(np.int64),
        }))
    return pd.concat(frames, ignore_index=True)
