"""coursekit.checks.as_floats: the one conversion of input to floats, and its error messages."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from coursekit.checks import as_floats
from coursekit.errors import DataError


def test_worked_example_message_names_column_rows_values_and_fix():
    # A trainee's post-training scores; A3 was typed with its unit, A4 was left empty.
    scores = pd.Series([80, 92, "85分", None], index=["A1", "A2", "A3", "A4"], name="post_score")
    with pytest.raises(DataError) as info:
        as_floats(scores, "post", hint="convert text such as '85分' to numbers first")
    assert str(info.value) == ("column 'post_score': must be a number; rows A3 (values: '85分'); "
                               "fix: convert text such as '85分' to numbers first")
    assert info.value.column == "post_score" and info.value.rows == ["A3"] and info.value.values == ["85分"]


def test_numbers_come_back_as_floats_with_the_callers_labels():
    out = as_floats(pd.Series([80, 92, None], index=["A1", "A2", "A4"], name="post_score", dtype=object), "post")
    assert out.dtype == float and out.name == "post_score" and list(out.index) == ["A1", "A2", "A4"]
    assert out.tolist()[:2] == [80.0, 92.0] and np.isnan(out["A4"])
    assert as_floats((1, 2.5, np.float32(4)), "x").tolist() == [1.0, 2.5, 4.0]
    assert as_floats(np.array([[1, 2], [3, 4]]), "x").tolist() == [1.0, 2.0, 3.0, 4.0]   # flattened
    assert as_floats(pd.Series([1, None], dtype="Int64"), "x").isna().tolist() == [False, True]


def test_unnamed_values_are_named_by_the_argument_and_rows_by_position():
    with pytest.raises(DataError) as info:
        as_floats([1, "x", 3, "n/a"], "defects")
    assert info.value.column == "defects" and info.value.rows == [1, 3] and info.value.values == ["x", "n/a"]
    assert "fix: convert or remove text such as '1,234' or 'n/a'" in str(info.value)


def test_text_numbers_are_read_only_when_asked():
    assert as_floats(["1", "2.5", None], "sla_hours", text=True).tolist()[:2] == [1.0, 2.5]
    with pytest.raises(DataError, match=r"column 'sla_hours': must be a number; rows 0, 1 \(values: '1', '2.5'\)"):
        as_floats(["1", "2.5"], "sla_hours")
    with pytest.raises(DataError, match=r"rows 1 \(values: '八小时'\)"):
        as_floats(["8", "八小时"], "sla_hours", text=True)


def test_true_false_count_as_one_and_zero_unless_refused():
    assert as_floats(pd.Series([True, False, None], dtype="boolean"), "fcr").tolist()[:2] == [1.0, 0.0]
    with pytest.raises(DataError) as info:
        as_floats([True, False], "pre", booleans=False)
    assert str(info.value).startswith("column 'pre': must be a number, not true/false; fix: ")
    # true/false entries among numbers (or text) follow the same rule
    assert as_floats([True, 2.0, None], "x").tolist()[:2] == [1.0, 2.0]
    assert as_floats([np.True_, "2"], "x", text=True).tolist() == [1.0, 2.0]
    with pytest.raises(DataError, match=r"column 'x': must be a number, not true/false; rows 0 \(values: True\)"):
        as_floats([True, 2.0, "3"], "x", text=True, booleans=False)


def test_many_bad_rows_are_summarised():
    with pytest.raises(DataError, match=r"rows 0, 1, 2, 3, 4 and 2 more \(values: 'a', 'b', 'c', 'd', 'e'\)"):
        as_floats(list("abcdefg"), "x")


@pytest.mark.parametrize("values, words", [
    (pd.DataFrame({"a": [1, 2]}), "must be one column of numbers, got a DataFrame with columns ['a']"),
    (5, "must be one sequence of numbers (a list, array or column), got int"),
    ("1234", "got str"),
    ({"a": 1}, "got dict"),
    (pd.Series(pd.to_datetime(["2024-03-01"])), "must be a number, got dates or durations (dtype datetime64"),
])
def test_values_that_are_not_one_sequence_of_numbers(values, words):
    with pytest.raises(DataError) as info:
        as_floats(values, "values")
    assert words in str(info.value) and "fix: " in str(info.value)
