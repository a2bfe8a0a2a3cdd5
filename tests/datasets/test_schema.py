"""The value ranges of the data contract: one definition, read by read_tickets/read_surveys and the KPIs."""

from __future__ import annotations

import math

import numpy as np
import pytest

from coursekit.schema import SCHEMAS, Range

# The scales themselves (domain.md): if one changes here, the course text must change too.
EXPECTED = {
    ("tickets", "sla_hours"): Range(0, math.inf, integer=False, lo_excluded=True),
    ("tickets", "qa_score"): Range(0, 100),
    ("tickets", "critical_errors"): Range(0, math.inf, integer=True),
    ("surveys", "csat"): Range(1, 5, integer=True),
    ("surveys", "nps"): Range(0, 10, integer=True),
    ("surveys", "ces"): Range(1, 7, integer=True),
}


def test_the_ranged_columns_and_their_bounds():
    found = {(table, name): col.valid for table, cols in SCHEMAS.items() for name, col in cols.items()
             if col.valid is not None}
    assert sorted(found) == sorted(EXPECTED)
    for key, expected in EXPECTED.items():
        got = found[key]
        assert (got.lo, got.hi, got.integer, got.lo_excluded) == \
            (expected.lo, expected.hi, expected.integer, expected.lo_excluded), key


@pytest.mark.parametrize("key", list(EXPECTED))
def test_wording_matches_the_bounds(key):
    table, name = key
    valid = SCHEMAS[table][name].valid
    assert ("integer" in valid.form or "whole number" in valid.form) == valid.integer
    if valid.lo_excluded:
        assert "positive" in valid.form and valid.lo == 0
    elif math.isinf(valid.hi):
        assert f">= {valid.lo}" in valid.form
    else:
        assert f"from {valid.lo} to {valid.hi}" in valid.form


def test_outside_flags_exactly_the_broken_values():
    values = np.array([np.nan, -1, 0, 0.5, 1, 5, 5.5, 6])
    assert Range(1, 5, integer=True).outside(values).tolist() == \
        [False, True, True, True, False, False, True, True]
    assert Range(0, 100).outside(values).tolist() == [False, True] + [False] * 6
    assert Range(0, lo_excluded=True).outside(values).tolist() == [False, True, True] + [False] * 5
    assert Range(0, integer=True).outside(values).tolist() == \
        [False, True, False, True, False, False, True, False]
