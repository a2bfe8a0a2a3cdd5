"""The ``surveys`` and ``complaints`` tables, derived from the tickets.

CSAT follows an ordered-logit model (planted truth 4): with ``hours`` the
resolution time in clock hours,

    latent = intercept[industry] + 0.9 * FCR - 0.4 * ln(hours) + logistic noise
    CSAT   = 1 + number of cut points (-3.3, -2.2, 0.0, 1.7) below latent

so ``P(CSAT >= 4) = logistic(intercept + 0.9 * FCR - 0.4 * ln(hours))``.

>>> import numpy as np
>>> csat_from_latent(np.array([-5.0, -2.5, -1.0, 1.0, 3.0])).tolist()
[1, 2, 3, 4, 5]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coursekit.datasets import _config as C
from coursekit.datasets._tickets import TOTAL_MINUTES, _ids, _lognormal, _minutes, _stamp, day_weights

SURVEY_DELAY_MEDIAN = 20.0  # hours from resolution to the survey answer


def csat_from_latent(latent: np.ndarray) -> np.ndarray:
    """Map latent satisfaction to the 1-5 scale with the planted cut points."""
    return 1 + (latent[:, None] > np.array(C.CSAT_CUTS)[None, :]).sum(axis=1)


def _minutes_of(stamps: pd.Series) -> np.ndarray:
    values = stamps.to_numpy(dtype="datetime64[us]")
    missing = np.isnat(values)
    out = values.astype("datetime64[m]").astype(np.int64) - C.START.astype(np.int64)
    out[missing] = -1
    return out


def make_surveys(rng: np.random.Generator, tickets: pd.DataFrame) -> pd.DataFrame:
    """Survey answers of a random share of the resolved tickets of one industry."""
    spec = C.SPEC_BY_NAME[str(tickets["industry"].iloc[0])]
    n = len(tickets)
    resolved = _minutes_of(tickets["resolved_at"])
    answered_at = resolved + _minutes(_lognormal(rng, SURVEY_DELAY_MEDIAN, 0.8, n))
    fcr = tickets["first_contact_resolved"].to_numpy(dtype=bool)
    hours = np.maximum(tickets["_hours"].to_numpy(dtype=float), 1.0 / 60.0)
    latent = (spec.csat_intercept + C.CSAT_FCR * fcr + C.CSAT_LOG_HOURS * np.log(np.where(resolved >= 0, hours, 1.0))
              + rng.logistic(size=n))
    csat = csat_from_latent(latent)
    nps = np.clip(np.round(2.0 * csat - 0.5 + rng.normal(0.0, 1.2, n)), 0, 10).astype(np.int64)
    ces = np.clip(np.round(1.5 + 0.9 * csat + 0.5 * fcr + rng.normal(0.0, 0.9, n)), 1, 7).astype(np.int64)
    keep = (resolved >= 0) & (rng.random(n) < spec.response_rate) & (answered_at <= TOTAL_MINUTES)
    rows = np.flatnonzero(keep)
    rows = rows[np.argsort(answered_at[rows], kind="stable")]
    return pd.DataFrame({
        "survey_id": _ids(f"{spec.prefix}-S", np.arange(1, len(rows) + 1), 6),
        "ticket_id": tickets["ticket_id"].to_numpy()[rows],
        "industry": spec.name,
        "agent_id": tickets["agent_id"].to_numpy()[rows],
        "responded_at": _stamp(answered_at[rows]),
        "csat": csat[rows],
        "nps": nps[rows],
        "ces": ces[rows],
    })


def make_complaints(rng: np.random.Generator, tickets: pd.DataFrame) -> pd.DataFrame:
    """Complaints of one industry: linked to tickets, plus some from other channels (no ticket)."""
    spec = C.SPEC_BY_NAME[str(tickets["industry"].iloc[0])]
    n = len(tickets)
    created = _minutes_of(tickets["created_at"])
    resolved = _minutes_of(tickets["resolved_at"])
    limit = int(spec.complaint_limit_days * 1440)
    if spec.name == "services":
        linked = np.flatnonzero(tickets["complaint"].to_numpy(dtype=bool, na_value=False))
        received = created[linked]
        closed = _minutes_of(tickets["complaint_closed_at"])[linked]
    else:
        life = np.where(resolved >= 0, resolved, TOTAL_MINUTES) - created
        hours = np.maximum(life / 60.0, 1.0 / 60.0)
        reopened = tickets["reopened"].to_numpy(dtype=bool)
        eta = spec.complaint_base + 1.5 * reopened + 0.5 * np.log(hours / 24.0)
        linked = np.flatnonzero(rng.random(n) < 1.0 / (1.0 + np.exp(-eta)))
        received = created[linked] + _minutes(_lognormal(rng, np.maximum(life[linked] / 120.0, 0.1), 0.6, len(linked)))
        ok = received <= TOTAL_MINUTES
        linked, received = linked[ok], received[ok]
        closed = received + _minutes(24.0 * _lognormal(rng, 0.45 * spec.complaint_limit_days, 0.7, len(linked)))
    ticket_ids = tickets["ticket_id"].to_numpy(dtype=object)[linked]

    n_other = int(round(0.12 * len(linked)))
    other_day = rng.choice(C.N_DAYS, size=n_other, p=day_weights(spec.name))
    other_received = other_day * 1440 + rng.integers(8 * 60, 20 * 60, size=n_other)
    other_closed = other_received + _minutes(24.0 * _lognormal(rng, 0.45 * spec.complaint_limit_days, 0.7, n_other))
    received = np.concatenate([received, other_received])
    closed = np.concatenate([closed, other_closed])
    ticket_ids = np.concatenate([ticket_ids, np.full(n_other, None, dtype=object)])

    m = len(received)
    is_closed = (closed >= 0) & (closed <= TOTAL_MINUTES)
    within = is_closed & (closed - received <= limit)
    satisfied = pd.array(rng.random(m) < np.where(within, 0.72, 0.32), dtype="boolean")
    satisfied[~is_closed] = pd.NA
    cause = rng.choice(len(C.PARETO_SHARES), size=m, p=np.array(C.PARETO_SHARES))
    order = np.lexsort((np.arange(m), received))
    return pd.DataFrame({
        "complaint_id": _ids(f"{spec.prefix}-C", np.arange(1, m + 1), 5),
        "industry": spec.name,
        "ticket_id": pd.array(ticket_ids[order], dtype="str"),
        "received_at": _stamp(received[order]),
        "closed_at": _stamp(np.where(is_closed, closed, -1)[order]),
        "cause": np.array(spec.complaint_causes)[cause[order]],
        "closed_within_limit": within[order],
        "satisfied": satisfied[order],
    })
