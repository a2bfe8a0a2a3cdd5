"""Seeded generator of the course datasets, with four planted truths.

``generate(seed, tickets_per_industry)`` simulates two years (2023-01-01 ..
2024-12-31, exported 2025-01-01 00:00) of after-sales service in four
industries (manufacturing 制造业, services 服务业, retail 零售业, finance 金融业)
and returns the seven tables of :mod:`coursekit.schema`. The same seed
and size always give the same tables; :func:`write` turns them into the
byte-identical CSV files committed under ``datasets/`` (default seed 2024,
4,500 tickets per industry). Everything is vectorised with NumPy, so a million
tickets (``tickets_per_industry=250_000``) take seconds, not hours.

Planted truths (also in :data:`PLANTED` and ``datasets/README.md``)
--------------------------------------------------------------------
1. **Training (July 2024).** Half of every team (group ``treatment``) is
   trained; the others are the ``control`` group. From 2024-08-01 trained
   agents resolve +0.10 more tickets at first contact (added to the
   probability), and from 2024-07-01 *everybody* gains +0.02 (a company-wide
   knowledge-base update). Test scores: everyone +3 points (retest effect),
   trained agents +15 more (blended +4, online -2 relative to classroom,
   centred so the trained average stays +15). ``training.fcr_pre``/``fcr_post``
   are each agent's FCR over tickets created 2024-04..06 and 2024-08..10.
   Difference-in-differences recovers about +0.10 FCR and +15 points; the naive
   before/after change of the trained group shows about +0.12 and +18.
2. **Case mix.** Manufacturing team ``MF-T3`` gets harder tickets (more P1,
   more 故障维修/安装调试, hence more on-site visits) while its agents are the
   most skilled (hidden team mean skill +1.0 vs -0.1..+0.05). Its raw FCR
   ranks last among the four manufacturing teams; observed/expected FCR, with
   expected rates from the industry's category x priority strata, ranks it
   first.
3. **Process change.** Retail team ``RT-T2`` introduces door-step pick-up and
   instant refunds in March 2024: every duration after the first response is
   multiplied by 0.6 for tickets created from 2024-03-01, so its
   ``monthly.mean_resolution_hours`` drops by about 40 %.
4. **CSAT drivers.** Ordered logit: ``P(CSAT >= 4) = logistic(a_industry + 0.9 *
   FCR - 0.4 * ln(resolution hours))`` with ``a`` = 1.5 (manufacturing), 1.35
   (services), 1.9 (retail), 1.3 (finance); cut points of the latent score
   -3.3, -2.2, 0.0, 1.7 for CSAT > 1, 2, 3, 4.

>>> tables = generate(seed=7, tickets_per_industry=200)
>>> sorted(tables)
['competency', 'complaints', 'monthly', 'staff', 'surveys', 'tickets', 'training']
>>> len(tables["tickets"]), tables["monthly"]["month"].nunique()
(800, 24)
>>> PLANTED["process_change"]["team"]
'RT-T2'
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from coursekit.datasets import _config as C
from coursekit.datasets._files import write_checksums, write_csv
from coursekit.datasets._monthly import make_monthly
from coursekit.datasets._staff import make_staff
from coursekit.datasets._surveys import make_complaints, make_surveys
from coursekit.datasets._tickets import make_tickets
from coursekit.datasets._training import assign_groups, make_competency, make_training
from coursekit.datasets.load import apply_schema
from coursekit.schema import SCHEMAS

DEFAULT_SEED = 2024
DEFAULT_TICKETS_PER_INDUSTRY = C.DEFAULT_TICKETS_PER_INDUSTRY
TABLES = tuple(SCHEMAS)

PLANTED: dict[str, dict] = {
    "training": {
        "month": C.TRAINING_MONTH,
        "fcr_effect": C.FCR_EFFECT,
        "fcr_drift": C.FCR_DRIFT,
        "score_effect": C.SCORE_EFFECT,
        "score_drift": C.SCORE_DRIFT,
        "naive_fcr": C.FCR_EFFECT + C.FCR_DRIFT,
        "naive_score": C.SCORE_EFFECT + C.SCORE_DRIFT,
        "drift_from": "2024-07-01",
        "effect_from": "2024-08-01",
        "pre_window": ("2024-04-01", "2024-06-30"),
        "post_window": ("2024-08-01", "2024-10-31"),
        "method_score_offset": dict(C.METHOD_SCORE_OFFSET),
        "method_cost_yuan": dict(C.METHOD_COST_YUAN),
        "assignment": "random half of every team (rounded down)",
    },
    "case_mix": {
        "industry": "manufacturing",
        "team": C.HARD_TEAM,
        "category_factor": dict(C.HARD_CATEGORY_FACTOR),
        "priority_factor": dict(C.HARD_PRIORITY_FACTOR),
        "team_skill": dict(zip(C.team_ids(C.SPEC_BY_NAME["manufacturing"]),
                               C.SPEC_BY_NAME["manufacturing"].team_skill, strict=True)),
        "strata": ("category", "priority"),
        "raw_fcr_rank": "last",
        "adjusted_rank": "first",
    },
    "process_change": {
        "industry": "retail",
        "team": C.SHIFT_TEAM,
        "month": "2024-03",
        "factor": C.SHIFT_FACTOR,
        "kpi": "mean_resolution_hours",
    },
    "csat": {
        "model": "ordered logit: P(CSAT >= 4) = logistic(a + fcr * FCR + log_hours * ln(resolution hours))",
        "fcr": C.CSAT_FCR,
        "log_hours": C.CSAT_LOG_HOURS,
        "intercept": {spec.name: spec.csat_intercept for spec in C.INDUSTRY_SPECS},
        "cut_points": C.CSAT_CUTS,
    },
}


def generate(seed: int = DEFAULT_SEED, tickets_per_industry: int = DEFAULT_TICKETS_PER_INDUSTRY
             ) -> dict[str, pd.DataFrame]:
    """Simulate all seven tables; returns ``{name: typed DataFrame}`` in schema order.

    ``tickets_per_industry`` tickets are created in each of the four
    industries (at least 1). The staff, competency and training groups do not
    depend on it, only on ``seed``.

    >>> t = generate(seed=1, tickets_per_industry=50)["tickets"]
    >>> t.groupby("industry", observed=True).size().tolist()
    [50, 50, 50, 50]
    """
    if int(tickets_per_industry) < 1:
        raise ValueError(f"tickets_per_industry must be at least 1, not {tickets_per_industry!r}")
    n = int(tickets_per_industry)
    root = np.random.default_rng(seed)
    staff_rng, group_rng, competency_rng, training_rng, *streams = root.spawn(4 + 3 * len(C.INDUSTRY_SPECS))
    staff = make_staff(staff_rng)
    groups = assign_groups(group_rng, staff)
    treated = set(groups.loc[groups["group"] == "treatment", "agent_id"])
    tickets, surveys, complaints = [], [], []
    for i, spec in enumerate(C.INDUSTRY_SPECS):
        t_rng, s_rng, c_rng = streams[3 * i: 3 * i + 3]
        part = make_tickets(t_rng, spec.name, staff, treated, n)
        tickets.append(part)
        surveys.append(make_surveys(s_rng, part))
        complaints.append(make_complaints(c_rng, part))
    ticket_frame = pd.concat(tickets, ignore_index=True)
    survey_frame = pd.concat(surveys, ignore_index=True)
    complaint_frame = pd.concat(complaints, ignore_index=True)
    raw = {
        "staff": staff,
        "tickets": ticket_frame,
        "surveys": survey_frame,
        "complaints": complaint_frame,
        "competency": make_competency(competency_rng, staff),
        "training": make_training(training_rng, staff, groups, ticket_frame),
        "monthly": make_monthly(ticket_frame, survey_frame, complaint_frame),
    }
    return {name: apply_schema(name, raw[name]) for name in TABLES}


def write(tables: dict[str, pd.DataFrame], out_dir: str | Path) -> list[Path]:
    """Write ``tables`` as ``<name>.csv`` plus ``SHA256SUMS`` into ``out_dir`` (created if needed).

    Returns the paths written. Same tables, same bytes: see
    :mod:`coursekit.datasets._files` for the format.

    >>> import tempfile
    >>> paths = write(generate(seed=3, tickets_per_industry=20), tempfile.mkdtemp())
    >>> [p.name for p in paths][-2:]
    ['monthly.csv', 'SHA256SUMS']
    """
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, frame in tables.items():
        path = folder / f"{name}.csv"
        write_csv(frame, path, date_format="%Y-%m-%d" if name == "monthly" else "%Y-%m-%d %H:%M")
        paths.append(path)
    paths.append(write_checksums(folder, [p.name for p in paths]))
    return paths
