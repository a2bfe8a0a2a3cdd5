"""Helpers for the dataset tests: where the committed CSVs are, and reading them with plain pandas.

The planted-truth tests deliberately use nothing but ``pandas.read_csv`` so
they prove the truths are in the *files* trainees open, not only in coursekit.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[2]
DATASETS = REPO / "datasets"
TIME_COLUMNS = {
    "tickets": ["created_at", "first_response_at", "resolved_at", "goods_received_at",
                "refund_completed_at", "complaint_closed_at"],
    "surveys": ["responded_at"],
    "complaints": ["received_at", "closed_at"],
    "monthly": ["month"],
}


@cache
def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATASETS / f"{name}.csv", parse_dates=TIME_COLUMNS.get(name, []))


def shipped(name: str) -> pd.DataFrame:
    """A fresh copy of one committed CSV read with plain ``pandas.read_csv``."""
    return _read(name).copy()
