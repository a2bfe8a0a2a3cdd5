"""The ``tickets`` table of one industry, fully vectorised (no per-row Python loops).

All times are integer minutes after 2023-01-01 00:00 until the very end, so the
ordering rules hold exactly: ``created < first_response < resolved`` (by at
least one minute) and, for retail returns, ``first_response < goods_received
< refund_completed = resolved``. Tickets whose resolution would fall after the
export time (2025-01-01 00:00) are open: ``resolved_at`` is empty.

Columns starting with ``_`` are internals (hidden skill, hours, ...) that the
other tables need; :func:`coursekit.datasets.generate.generate` drops them.

>>> import numpy as np
>>> from coursekit.datasets._staff import make_staff
>>> staff = make_staff(np.random.default_rng(0))
>>> t = make_tickets(np.random.default_rng(1), "retail", staff, set(), 300)
>>> len(t), t["ticket_id"].iloc[0]
(300, 'RT-000001')
>>> bool((t["first_response_at"] > t["created_at"]).all())
True
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coursekit.datasets import _config as C

MINUTES_PER_DAY = 1440
TOTAL_MINUTES = int((C.END - C.START) // np.timedelta64(1, "m"))

# Share of tickets by hour of day (a support centre open around the clock, busy in office hours).
HOUR_WEIGHTS = np.array([1, 0.6, 0.4, 0.3, 0.3, 0.5, 1.5, 4, 8, 11, 11, 10,
                         7, 9, 10, 10, 9, 8, 6, 5, 4.5, 4, 3, 2], dtype=float)


def _minutes(hours: np.ndarray) -> np.ndarray:
    """Hours -> whole minutes, at least one minute."""
    return np.maximum(np.ceil(hours * 60.0), 1.0).astype(np.int64)


def _lognormal(rng: np.random.Generator, median: np.ndarray | float, sigma: float, n: int) -> np.ndarray:
    return np.asarray(median, dtype=float) * np.exp(sigma * rng.standard_normal(n))


def day_weights(industry: str) -> np.ndarray:
    """Relative ticket volume of each day 2023-01-01 .. 2024-12-31.

    Weekends are quieter, the Spring Festival weeks are quiet, volume grows 15 %
    over the two years, and retail peaks around the 618 and Double-11 sales.

    >>> w = day_weights("retail")
    >>> len(w), bool(w[314] > w[300])  # 2023-11-11 (Double 11) vs an October Saturday
    (731, True)
    """
    days = np.arange(C.N_DAYS)
    dates = C.START.astype("datetime64[D]") + days
    weekday = (dates.astype(np.int64) + 3) % 7  # 0 = Monday (1970-01-01 was a Thursday)
    w = np.where(weekday < 5, 1.0, np.where(weekday == 5, 0.65, 0.55))
    w = w * (1.0 + 0.15 * days / (C.N_DAYS - 1))
    quiet = [("2023-01-21", "2023-01-28"), ("2024-02-10", "2024-02-18")]
    peaks = [("2023-06-01", "2023-06-19", 1.4), ("2024-06-01", "2024-06-19", 1.4),
             ("2023-11-01", "2023-11-13", 2.0), ("2024-11-01", "2024-11-13", 2.0)]
    for lo, hi in quiet:
        w[(dates >= np.datetime64(lo)) & (dates < np.datetime64(hi))] *= 0.45
    if industry == "retail":
        for lo, hi, factor in peaks:
            w[(dates >= np.datetime64(lo)) & (dates < np.datetime64(hi))] *= factor
    return w / w.sum()


def _creation_minutes(rng: np.random.Generator, industry: str, n: int) -> np.ndarray:
    day = rng.choice(C.N_DAYS, size=n, p=day_weights(industry))
    hour = rng.choice(24, size=n, p=HOUR_WEIGHTS / HOUR_WEIGHTS.sum())
    minute = rng.integers(0, 60, size=n)
    return np.sort(day * MINUTES_PER_DAY + hour * 60 + minute)


def _pick(rng: np.random.Generator, options: dict[str, float] | list[float], n: int) -> np.ndarray:
    p = np.asarray(list(options.values()) if isinstance(options, dict) else options, dtype=float)
    return rng.choice(len(p), size=n, p=p / p.sum())


def _team_case_mix(spec: C.IndustrySpec, team: str) -> tuple[np.ndarray, np.ndarray]:
    """Category and priority probabilities of one team (harder for the planted team)."""
    cat = np.array([c.weight for c in spec.categories])
    prio = np.array(C.PRIORITY_WEIGHTS)
    if team == C.HARD_TEAM:
        cat = cat * np.array([C.HARD_CATEGORY_FACTOR.get(c.name, 1.0) for c in spec.categories])
        prio = prio * np.array([C.HARD_PRIORITY_FACTOR[p] for p in C.PRIORITIES])
    return cat / cat.sum(), prio / prio.sum()


def make_tickets(rng: np.random.Generator, industry: str, staff: pd.DataFrame,
                 treated: set[str], n: int) -> pd.DataFrame:
    """Tickets of one industry; ``treated`` holds the agent ids of the training group."""
    spec = C.SPEC_BY_NAME[industry]
    agents = staff[staff["industry"] == industry].reset_index(drop=True)
    created = _creation_minutes(rng, industry, n)

    workload = rng.gamma(8.0, size=len(agents))
    agent = rng.choice(len(agents), size=n, p=workload / workload.sum())
    team_names = agents["team"].to_numpy()
    team = team_names[agent]
    skill = agents["skill"].to_numpy(dtype=float)[agent]
    is_treated = np.isin(agents["agent_id"].to_numpy(), list(treated))[agent]

    cat = np.empty(n, dtype=np.int64)
    prio = np.empty(n, dtype=np.int64)
    for name in C.team_ids(spec):
        rows = np.flatnonzero(team == name)
        p_cat, p_prio = _team_case_mix(spec, name)
        cat[rows] = rng.choice(len(p_cat), size=len(rows), p=p_cat)
        prio[rows] = rng.choice(len(p_prio), size=len(rows), p=p_prio)
    channel_names = np.array(list(spec.channels))
    chan = _pick(rng, spec.channels, n)
    product_names = np.array(list(spec.products))
    product = _pick(rng, spec.products, n)
    prio_names = np.array(C.PRIORITIES)
    cats = spec.categories

    def by_cat(attr: str) -> np.ndarray:
        return np.array([getattr(c, attr) for c in cats], dtype=float)[cat]

    def by_prio(table: dict[str, float]) -> np.ndarray:
        return np.array([table[p] for p in C.PRIORITIES])[prio]

    def by_chan(table: dict[str, float]) -> np.ndarray:
        return np.array([table[c] for c in channel_names])[chan]

    manufacturing, retail = industry == "manufacturing", industry == "retail"
    onsite = (rng.random(n) < by_cat("onsite")) if manufacturing else np.zeros(n, dtype=bool)

    # First contact resolution: logistic case-mix model + additive drift and training effect.
    eta = (spec.fcr_base + by_cat("fcr") + by_prio(C.PRIORITY_FCR) + by_chan(C.CHANNEL_FCR)
           + C.ONSITE_FCR * onsite + C.SKILL_FCR * skill)
    p_fcr = (C.FCR_FLOOR + C.FCR_SPAN / (1.0 + np.exp(-eta))
             + C.FCR_DRIFT * (created >= _rel(C.DRIFT_FROM))
             + C.FCR_EFFECT * (is_treated & (created >= _rel(C.EFFECT_FROM))))
    fcr = rng.random(n) < p_fcr

    # First response.
    speed = by_prio(C.PRIORITY_SPEED)
    first_response = created + _minutes(_lognormal(
        rng, by_chan(C.FIRST_RESPONSE_MEDIAN) * speed, C.FIRST_RESPONSE_SIGMA, n))
    late = first_response >= TOTAL_MINUTES  # not answered before the export: answered by then
    room = TOTAL_MINUTES - created[late] - 1
    first_response[late] = created[late] + 1 + np.floor(rng.random(late.sum()) * room).astype(np.int64)

    # Work after the first response (hours); the planted process change scales all of it.
    scale = np.where((team == C.SHIFT_TEAM) & (created >= _rel(C.SHIFT_FROM)), C.SHIFT_FACTOR, 1.0)
    quick = _lognormal(rng, by_chan(C.FCR_WORK_MEDIAN), C.FCR_WORK_SIGMA, n)
    slow = _lognormal(rng, spec.work_median * by_cat("work") * speed * np.exp(-0.15 * skill), C.WORK_SIGMA, n)
    work = np.where(fcr, quick, slow)

    first_time_fix = np.zeros(n, dtype=bool)
    if manufacturing:
        visit = _lognormal(rng, by_prio(C.VISIT_MEDIAN), C.VISIT_SIGMA, n) + _lognormal(rng, 2.5, 0.5, n)
        first_time_fix = fcr | (rng.random(n) < C.FIRST_TIME_FIX_EXTRA)
        second = _lognormal(rng, C.SECOND_VISIT_MEDIAN, C.VISIT_SIGMA, n)
        work = work + onsite * (visit + (~first_time_fix) * second)

    return_kind = np.zeros(n, dtype=np.int64)  # 0 none, 1 return, 2 exchange
    never = np.full(n, -1, dtype=np.int64)  # no goods returned, no refund (minutes; -1 is "no time")
    goods_at, refund_at = never, never
    if retail:
        p_ret = np.array([c.returns for c in cats])[cat]
        u = rng.random(n)
        return_kind = np.where(u < p_ret[:, 0], 1, np.where(u < p_ret[:, 0] + p_ret[:, 1], 2, 0))
        goods = _minutes(scale * _lognormal(rng, C.GOODS_RETURN_MEDIAN, C.GOODS_RETURN_SIGMA, n))
        refund = _minutes(scale * _lognormal(rng, C.REFUND_MEDIAN * np.exp(-0.1 * skill), C.REFUND_SIGMA, n))
        goods_at = first_response + goods
        refund_at = goods_at + refund

    reopened = ~fcr & (rng.random(n) < 1.0 / (1.0 + np.exp(1.7 + 0.4 * skill)))
    extra = reopened * _lognormal(rng, C.REOPEN_EXTRA_MEDIAN, 0.7, n)
    resolved = first_response + _minutes(scale * (work + extra))
    if retail:
        after_refund = np.where(reopened, _minutes(scale * extra), 0)
        resolved = np.where(return_kind > 0, refund_at + after_refund, resolved)

    is_open = resolved > TOTAL_MINUTES
    fcr = fcr & ~is_open
    reopened = reopened & ~is_open
    sla = by_prio(spec.sla_hours)

    width = max(6, len(str(n)))
    frame = pd.DataFrame({
        "ticket_id": _ids(f"{spec.prefix}-", np.arange(1, n + 1), width),
        "industry": industry,
        "team": team,
        "agent_id": agents["agent_id"].to_numpy()[agent],
        "created_at": _stamp(created),
        "first_response_at": _stamp(first_response),
        "resolved_at": _stamp(np.where(is_open, -1, resolved)),
        "channel": channel_names[chan],
        "product_line": product_names[product],
        "category": np.array([c.name for c in cats])[cat],
        "priority": prio_names[prio],
        "sla_hours": sla,
        "first_contact_resolved": fcr,
        "reopened": reopened,
    })
    _industry_columns(rng, frame, spec, n, onsite=onsite, ftf=first_time_fix, is_open=is_open,
                      return_kind=return_kind, goods_at=goods_at, refund_at=refund_at,
                      skill=skill, resolved=resolved, created=created, cat=cat)
    frame["_skill"] = skill
    frame["_treated"] = is_treated
    frame["_hours"] = np.where(is_open, np.nan, (resolved - created) / 60.0)
    return frame


def _rel(stamp: np.datetime64) -> int:
    return int((stamp - C.START) // np.timedelta64(1, "m"))


def _stamp(minutes: np.ndarray) -> np.ndarray:
    """Minutes after START -> datetime64[us]; negative means missing (NaT)."""
    out = (C.START + minutes.astype("timedelta64[m]")).astype("datetime64[us]")
    out[minutes < 0] = np.datetime64("NaT")
    return out


def _ids(prefix: str, numbers: np.ndarray, width: int) -> np.ndarray:
    """``prefix`` + zero-padded ``numbers`` as an object array of str (vectorised).

    >>> _ids("MF-", np.array([1, 42]), 6).tolist()
    ['MF-000001', 'MF-000042']
    """
    numbers = np.asarray(numbers, dtype=np.int64)
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    digits = (numbers[:, None] // powers[None, :]) % 10 + ord("0")
    text = np.ascontiguousarray(digits.astype(np.uint8)).view(f"S{width}").ravel().astype(f"U{width}")
    return np.char.add(prefix, text).astype(object)


def _na_bool(n: int) -> pd.arrays.BooleanArray:
    return pd.arrays.BooleanArray(np.zeros(n, dtype=bool), np.ones(n, dtype=bool))


def _industry_columns(rng: np.random.Generator, frame: pd.DataFrame, spec: C.IndustrySpec, n: int,
                      **v: np.ndarray) -> None:
    """Add the manufacturing / retail / services / finance columns (empty for other industries)."""
    na_time = np.full(n, np.datetime64("NaT"), dtype="datetime64[us]")
    is_open = v["is_open"]
    for col in ("onsite_visit", "first_time_fix", "warranty_claim"):
        frame[col] = _na_bool(n)
    frame["serial_no"] = np.full(n, np.nan, dtype=object)
    frame["return_type"] = np.full(n, np.nan, dtype=object)
    frame["goods_received_at"] = na_time
    frame["refund_completed_at"] = na_time
    frame["complaint"] = _na_bool(n)
    frame["complaint_closed_at"] = na_time
    frame["qa_score"] = np.full(n, np.nan)
    frame["critical_errors"] = pd.arrays.IntegerArray(np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool))

    if spec.name == "manufacturing":
        onsite = v["onsite"]
        frame["onsite_visit"] = pd.array(onsite, dtype="boolean")
        ftf = pd.array(v["ftf"], dtype="boolean")
        ftf[~onsite | is_open] = pd.NA
        frame["first_time_fix"] = ftf
        repair = np.array([c.repair for c in spec.categories])[v["cat"]]
        frame["warranty_claim"] = pd.array(rng.random(n) < np.where(repair, 0.45, 0.12), dtype="boolean")
        _serials(rng, frame, repair, v["created"], np.where(is_open, -1, v["resolved"]))
    elif spec.name == "retail":
        kind = v["return_kind"]
        frame["return_type"] = np.array(["none", "return", "exchange"], dtype=object)[kind]
        goods, refund = v["goods_at"], v["refund_at"]
        frame["goods_received_at"] = _stamp(np.where((kind > 0) & (goods <= TOTAL_MINUTES), goods, -1))
        frame["refund_completed_at"] = _stamp(np.where((kind > 0) & (refund <= TOTAL_MINUTES), refund, -1))
    elif spec.name == "services":
        p = np.array([c.complaint for c in spec.categories])[v["cat"]]
        complaint = rng.random(n) < p
        frame["complaint"] = pd.array(complaint, dtype="boolean")
        closed = v["resolved"] + _minutes(_lognormal(rng, C.COMPLAINT_CLOSE_MEDIAN, 0.9, n))
        ok = complaint & ~is_open & (closed <= TOTAL_MINUTES)
        frame["complaint_closed_at"] = _stamp(np.where(ok, closed, -1))
    elif spec.name == "finance":
        sampled = ~is_open & (rng.random(n) < C.QA_SAMPLE_SHARE)
        score = np.clip(rng.normal(C.QA_MEAN + 4.0 * v["skill"], C.QA_SD), 0, 100)
        errors = rng.poisson(C.CRITICAL_ERROR_RATE * np.exp(-0.5 * v["skill"]))
        frame["qa_score"] = np.where(sampled, np.round(score, 1), np.nan)
        crit = pd.array(errors, dtype="Int64")
        crit[~sampled] = pd.NA
        frame["critical_errors"] = crit


PRODUCT_CODES = {"数控机床": "CNC", "工业机器人": "ROB", "空压机": "ACP", "注塑机": "IMM"}


def _serials(rng: np.random.Generator, frame: pd.DataFrame, repair: np.ndarray,
             created: np.ndarray, resolved: np.ndarray) -> None:
    """Serial numbers on repairs; a share of repairs repeats an earlier repair within 30 days.

    A repeat copies the serial number and product line of a repair of another
    ticket resolved in the 30 days before the repeat was created.
    """
    n = len(frame)
    rows = np.flatnonzero(repair)
    numbers = rng.choice(10**8, size=len(rows), replace=False)
    product = frame["product_line"].to_numpy(dtype=object).copy()
    codes = pd.Series(product[rows]).map(PRODUCT_CODES).to_numpy(dtype=object)
    serial = np.full(n, np.nan, dtype=object)
    serial[rows] = codes + _ids("-", numbers, 8)

    is_repeat = np.zeros(n, dtype=bool)
    is_repeat[rows] = rng.random(len(rows)) < C.REPEAT_REPAIR_SHARE
    sources = np.flatnonzero(repair & ~is_repeat & (resolved >= 0))
    sources = sources[np.argsort(resolved[sources], kind="stable")]
    source_times = resolved[sources]
    repeats = np.flatnonzero(is_repeat)
    lo = np.searchsorted(source_times, created[repeats] - C.REPEAT_WINDOW_DAYS * MINUTES_PER_DAY, "left")
    hi = np.searchsorted(source_times, created[repeats], "left")
    u = rng.random(len(repeats))
    has = hi > lo
    chosen = sources[lo[has] + np.floor(u[has] * (hi[has] - lo[has])).astype(np.int64)]
    serial[repeats[has]] = serial[chosen]
    product[repeats[has]] = product[chosen]
    frame["serial_no"] = serial
    frame["product_line"] = product
