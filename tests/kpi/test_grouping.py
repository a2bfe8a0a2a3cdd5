"""The shared by= conventions: observed groups only, stable sorted order, missing keys, multi-column keys."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from coursekit import kpi
from coursekit.errors import DataError


@pytest.fixture
def t():
    return pd.DataFrame({
        "team": pd.Categorical(["Y", "X", "Y", "X", None], categories=["Y", "X", "W"]),
        "channel": ["phone", "chat", "chat", "phone", "chat"],
        "first_contact_resolved": [True, False, False, True, True],
    })


def test_categorical_groups_are_observed_and_in_category_order(t):
    out = kpi.fcr(t, by="team")
    # category order Y, X (not alphabetical); unused category W is not shown;
    # the row with a missing team is dropped. Y: T F -> 0.5; X: F T -> 0.5
    assert list(out.index) == ["Y", "X"]
    assert out.tolist() == [0.5, 0.5]


def test_string_groups_sorted(t):
    # chat: F F T -> 1/3; phone: T T -> 1
    out = kpi.fcr(t, by="channel")
    assert list(out.index) == ["chat", "phone"]
    assert out["chat"] == pytest.approx(1 / 3) and out["phone"] == 1.0


def test_two_keys_give_a_multiindex(t):
    out = kpi.fcr(t, by=["team", "channel"])
    assert out.index.names == ["team", "channel"]
    # (Y, chat) F; (Y, phone) T; (X, chat) F; (X, phone) T — only observed pairs
    assert out.to_dict() == {("Y", "chat"): 0.0, ("Y", "phone"): 1.0, ("X", "chat"): 0.0, ("X", "phone"): 1.0}


def test_single_key_in_a_list_is_a_flat_index(t):
    out = kpi.fcr(t, by=["channel"])
    assert not isinstance(out.index, pd.MultiIndex) and out.index.name == "channel"


def test_unknown_group_column(t):
    with pytest.raises(DataError, match="column 'agent_id'"):
        kpi.fcr(t, by="agent_id")


def test_duplicate_index_labels_are_fine(t):
    dup = t.set_axis([0, 0, 1, 1, 2])
    pd.testing.assert_series_equal(kpi.fcr(dup, by="channel"), kpi.fcr(t, by="channel"))


def test_group_of_only_missing_values_is_nan():
    t = pd.DataFrame({"g": ["a", "b"], "first_contact_resolved": pd.array([True, None], dtype="boolean")})
    out = kpi.fcr(t, by="g")
    assert out["a"] == 1.0 and math.isnan(out["b"])


def test_input_frame_is_not_modified(t):
    before = t.copy(deep=True)
    kpi.fcr(t, by="team")
    kpi.scorecard(t.assign(agent_id="A"), kpis=["fcr"], by="team")
    pd.testing.assert_frame_equal(t, before)
