"""The ``staff`` table: agents, their teams and their hidden skill.

Skill is a z-score-like number: within each team it is centred and scaled to a
standard deviation of 0.6, then shifted by the team's mean
(:attr:`IndustrySpec.team_skill`), so team means are exactly what the world
specifies (MF-T3 is the most skilled manufacturing team).

>>> import numpy as np
>>> staff = make_staff(np.random.default_rng(0))
>>> len(staff), staff["agent_id"].iloc[0]
(104, 'MF-A001')
>>> round(float(staff.groupby("team")["skill"].mean()["MF-T3"]), 2)
1.0
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coursekit.datasets._config import AGENTS_PER_TEAM, INDUSTRY_SPECS, team_ids
from coursekit.datasets.names import chinese_names

SKILL_SD = 0.6


def make_staff(rng: np.random.Generator) -> pd.DataFrame:
    """All agents of all industries (raw dtypes; typed later by the schema)."""
    frames = []
    n_total = sum(spec.n_teams for spec in INDUSTRY_SPECS) * AGENTS_PER_TEAM
    names = iter(chinese_names(rng, n_total))
    for spec in INDUSTRY_SPECS:
        teams = team_ids(spec)
        n = len(teams) * AGENTS_PER_TEAM
        team = np.repeat(teams, AGENTS_PER_TEAM)
        region = np.repeat(spec.regions, AGENTS_PER_TEAM)
        tenure = np.clip(np.round(np.exp(rng.normal(np.log(30.0), 0.8, n))), 3, 180).astype(np.int64)
        log_tenure = np.log(tenure)
        z_tenure = (log_tenure - log_tenure.mean()) / log_tenure.std()
        raw = 0.5 * z_tenure + np.sqrt(0.75) * rng.standard_normal(n)
        skill = np.empty(n)
        for i, offset in enumerate(spec.team_skill):
            part = slice(i * AGENTS_PER_TEAM, (i + 1) * AGENTS_PER_TEAM)
            block = raw[part]
            skill[part] = offset + SKILL_SD * (block - block.mean()) / block.std()
        frames.append(pd.DataFrame({
            "agent_id": [f"{spec.prefix}-A{i + 1:03d}" for i in range(n)],
            "name": [next(names) for _ in range(n)],
            "industry": spec.name,
            "team": team,
            "region": region,
            "tenure_months": tenure,
            "skill": np.round(skill, 3),
        }))
    return pd.concat(frames, ignore_index=True)
