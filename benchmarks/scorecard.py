"""Benchmark: ``coursekit.kpi.scorecard`` vs the same aggregation in DuckDB, on 1,000,000 tickets.

Run from the repository root (DuckDB is a benchmark-only dependency, extra ``bench``)::

    python benchmarks/scorecard.py            # 1,000,000 generated tickets, 7 repetitions
    python benchmarks/scorecard.py --per-industry 25000 --repeat 3

The tickets come from ``coursekit.datasets.generate`` (``tickets_per_industry``
x 4 industries). Both sides compute, per ``agent_id``: FCR, mean and median
time to first response and to resolve (hours), SLA compliance (as known at the
latest timestamp, open tickets past their SLA breached, pending ones left
out), re-open rate (reopened / ever resolved) and the ticket count. DuckDB
queries the same pandas frame in-process. The script checks that both give the
same numbers, then prints both medians and the ratio (goal: <= 2x).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import numpy as np
import pandas as pd

from coursekit import kpi

KPIS = ("fcr", "frt_mean_h", "frt_median_h", "ttr_mean_h", "ttr_median_h", "sla_compliance", "reopen_rate")

SQL = """
WITH cut AS (
    SELECT greatest(max(created_at), max(first_response_at), max(resolved_at)) AS at FROM tickets
), rows AS (
    SELECT
        agent_id,
        first_contact_resolved::DOUBLE AS fcr,
        (epoch_us(first_response_at) - epoch_us(created_at)) / 3.6e9 AS frt_h,
        (epoch_us(resolved_at) - epoch_us(created_at)) / 3.6e9 AS ttr_h,
        CASE
            WHEN sla_hours IS NULL THEN NULL
            WHEN resolved_at <= cut.at
                THEN CASE WHEN (epoch_us(resolved_at) - epoch_us(created_at)) / 3.6e9 <= sla_hours
                          THEN 1.0 ELSE 0.0 END
            WHEN created_at <= cut.at AND (epoch_us(cut.at) - epoch_us(created_at)) / 3.6e9 > sla_hours
                THEN 0.0
        END AS sla,
        CASE WHEN resolved_at IS NOT NULL OR reopened THEN reopened::DOUBLE END AS reopen
    FROM tickets, cut
)
SELECT
    agent_id,
    avg(fcr) AS fcr,
    avg(frt_h) AS frt_mean_h,
    median(frt_h) AS frt_median_h,
    avg(ttr_h) AS ttr_mean_h,
    median(ttr_h) AS ttr_median_h,
    avg(sla) AS sla_compliance,
    avg(reopen) AS reopen_rate,
    count(*) AS n_tickets
FROM rows
GROUP BY agent_id
ORDER BY agent_id
"""


def make_tickets(per_industry: int) -> pd.DataFrame:
    from coursekit.datasets.generate import generate

    return generate(tickets_per_industry=per_industry)["tickets"]


def run_coursekit(tickets: pd.DataFrame) -> pd.DataFrame:
    return kpi.scorecard(tickets, kpis=KPIS, by="agent_id")


def run_duckdb(con, tickets: pd.DataFrame) -> pd.DataFrame:
    con.register("tickets", tickets)
    try:
        return con.execute(SQL).df()
    finally:
        con.unregister("tickets")


def timed(funcs: dict, repeat: int) -> dict[str, tuple[float, list[float], object]]:
    """Run the functions in turn ``repeat`` times (interleaved, so load changes hit both alike)."""
    times: dict[str, list[float]] = {name: [] for name in funcs}
    results: dict[str, object] = {}
    for _ in range(repeat):
        for name, func in funcs.items():
            start = time.perf_counter()
            results[name] = func()
            times[name].append(time.perf_counter() - start)
    return {name: (statistics.median(times[name]), times[name], results[name]) for name in funcs}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-industry", type=int, default=250_000, help="tickets per industry (x4)")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)

    import duckdb

    start = time.perf_counter()
    tickets = make_tickets(args.per_industry)
    print(f"tickets: {len(tickets):,} ({tickets['agent_id'].nunique()} agents), "
          f"generated in {time.perf_counter() - start:.1f} s")
    con = duckdb.connect()
    threads = con.execute("SELECT current_setting('threads')").fetchall()[0][0]

    ours = run_coursekit(tickets)            # warm-up (imports, caches)
    theirs = run_duckdb(con, tickets)
    runs = timed({"coursekit": lambda: run_coursekit(tickets), "duckdb": lambda: run_duckdb(con, tickets)},
                 args.repeat)
    ck_median, ck_times, ours = runs["coursekit"]
    db_median, db_times, theirs = runs["duckdb"]

    # Same numbers on both sides (not part of the test suite: a benchmark-only check).
    theirs = theirs.set_index("agent_id")
    assert list(ours.index) == list(theirs.index), "different agents"
    for col in [*KPIS, "n_tickets"]:
        np.testing.assert_allclose(ours[col].to_numpy(dtype=float), theirs[col].to_numpy(dtype=float),
                                   rtol=1e-9, atol=1e-12, err_msg=col)

    print(f"coursekit.kpi.scorecard: median {ck_median * 1000:.0f} ms  "
          f"({', '.join(f'{t * 1000:.0f}' for t in ck_times)})")
    print(f"duckdb {duckdb.__version__} ({threads} threads): median {db_median * 1000:.0f} ms  "
          f"({', '.join(f'{t * 1000:.0f}' for t in db_times)})")
    ratio = ck_median / db_median
    print(f"ratio coursekit / duckdb: {ratio:.2f}x (goal <= 2x){'' if ratio <= 2 else '  -- ABOVE GOAL'}")
    print("results identical: yes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
