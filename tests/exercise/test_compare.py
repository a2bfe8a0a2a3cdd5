"""``coursekit.exercise.compare``: messages that name the real difference, and equal inputs that pass.

Every expected message fragment below is written by hand from the small
hand-made inputs, not computed with the module under test.
"""

from __future__ import annotations

import datetime
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from coursekit import exercise
from coursekit.exercise.compare import expect_frame, expect_labels, expect_series, expect_value
from coursekit.i18n import get_language, set_language

AGENTS = ["MF-A001", "MF-A002", "MF-A003", "MF-A004"]
REF = pd.Series([0.5, 0.25, 0.75, 0.6], index=pd.Index(AGENTS, name="agent_id"), name="fcr")


@pytest.fixture(autouse=True)
def chinese():
    before = get_language()
    set_language("zh")
    yield
    set_language(before)


def message(check, *args, **kwargs) -> str:
    with pytest.raises(AssertionError) as err:
        check(*args, **kwargs)
    return str(err.value)


def fails_with(check, *args, fragments, **kwargs) -> str:
    text = message(check, *args, **kwargs)
    for fragment in fragments:
        assert fragment in text, f"{fragment!r} not in {text!r}"
    return text


# --- the package ----------------------------------------------------------------------------


def test_package_reexports_the_compare_functions():
    assert exercise.expect_series is expect_series
    assert exercise.expect_frame is expect_frame
    assert exercise.expect_value is expect_value
    assert exercise.expect_labels is expect_labels


def test_import_stays_light():
    code = ("import sys, coursekit.exercise.compare; "
            "print(sorted(m for m in ('matplotlib', 'scipy', 'ipywidgets', 'nbgrader') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- expect_series: equal inputs written other ways pass ----------------------------------


@pytest.mark.parametrize("variant", [
    pytest.param(lambda s: s, id="same"),
    pytest.param(lambda s: s.astype("float32"), id="float32"),
    pytest.param(lambda s: s.astype("Float64"), id="nullable-float"),
    pytest.param(lambda s: s.rename("whatever"), id="other-name"),
    pytest.param(lambda s: s.rename(None).rename_axis(None), id="no-names"),
    pytest.param(lambda s: s.iloc[[2, 0, 3, 1]], id="shuffled"),
    pytest.param(lambda s: s.set_axis(pd.CategoricalIndex(s.index)), id="categorical-index"),
    pytest.param(lambda s: s.set_axis(np.array(s.index, dtype=np.str_)), id="numpy-str-labels"),
    pytest.param(lambda s: s.to_dict(), id="dict"),
    pytest.param(lambda s: s.to_frame("fcr"), id="one-column-frame"),
    pytest.param(lambda s: s + 1e-13, id="within-atol"),
])
def test_series_equal_inputs_pass(variant):
    assert expect_series(variant(REF), REF, name="fcr_by_agent") is None


def test_series_ints_and_bools_where_floats_are_expected():
    counts = pd.Series([3.0, 0.0, 5.0], index=["a", "b", "c"])
    expect_series(pd.Series([5, 3, 0], index=["c", "a", "b"]), counts, name="counts")
    expect_series(pd.Series([3, 0, 5], index=["a", "b", "c"], dtype="Int64"), counts, name="counts")
    flags = pd.Series([1.0, 0.0], index=["a", "b"])
    expect_series(pd.Series([True, False], index=["a", "b"]), flags, name="flags")
    expect_series([0.5, 0.25], pd.Series([0.5, 0.25]), name="p")  # a list is fine for a 0..n-1 index


def test_series_missing_values_in_the_same_places_pass():
    ref = pd.Series([0.5, np.nan], index=["a", "b"])
    expect_series(pd.Series([np.nan, 0.5], index=["b", "a"]), ref, name="x")
    expect_series(pd.Series([0.5, None], index=["a", "b"], dtype="Float64"), ref, name="x")


def test_series_texts_and_categories_compare_by_value():
    grades = pd.Series(["A", "B", "C"], index=["x", "y", "z"])
    expect_series(grades.astype("category"), grades, name="grades")
    fails_with(expect_series, pd.Series(["A", "B", "B"], index=["x", "y", "z"]), grades, name="grades",
               fragments=["grades：3 个值中有 1 个与参考不一致，如 'z'：你的 'B'，参考 'C'。"])


# --- expect_series: type --------------------------------------------------------------------


def test_series_none_says_return_is_missing():
    assert message(expect_series, None, REF, name="fcr_by_agent") == \
        "fcr_by_agent：值是 None：函数是不是忘了 return？"


def test_series_list_where_an_index_is_needed():
    assert message(expect_series, [0.5, 0.25, 0.75, 0.6], REF, name="fcr_by_agent") == \
        "fcr_by_agent：应是以 agent_id 为索引的 pandas Series（每个 agent_id 一个值），现在是 list。"


def test_series_reset_index_frame_is_recognised():
    fails_with(expect_series, REF.reset_index(), REF, name="fcr_by_agent",
               fragments=["有 2 列的 DataFrame", "'agent_id' 列像是索引", "set_index('agent_id')"])


def test_series_wide_frame_and_other_types():
    wide = pd.DataFrame({"x": [1, 2], "y": [3, 4], "z": [5, 6]})
    fails_with(expect_series, wide, REF, name="s", fragments=["有 3 列的 DataFrame：请只取需要的那一列"])
    assert message(expect_series, 0.5, REF, name="s") == "s：应是 pandas Series，现在是 float。"
    assert message(expect_series, [1, 2], pd.Series([1.0, 2.0, 3.0]), name="s") == \
        "s：长度不对：应有 3 个值，你的有 2 个。"


# --- expect_series: labels ------------------------------------------------------------------


def test_series_missing_labels_lists_five_and_counts():
    ref = pd.Series(np.arange(8.0), index=[f"MF-A00{i}" for i in range(1, 9)])
    text = message(expect_series, ref.iloc[:1], ref, name="fcr_by_agent")
    assert text.startswith("fcr_by_agent：缺少 7 个标签：'MF-A002'、'MF-A003'、'MF-A004'、'MF-A005'、'MF-A006' 等。")
    assert "检查是否漏掉了一些行" in text
    assert "其余 1 行的值都与参考一致。" in text
    assert "MF-A007" not in text


def test_series_extra_zero_rows_are_unused_categories():
    causes = pd.Categorical(["退款慢", "退款慢", "态度差"], categories=["态度差", "退款慢", "配件缺", "发票问题"])
    mine = pd.Series(causes).value_counts()  # keeps the two categories that never occur, with count 0
    ref = pd.Series(["退款慢", "退款慢", "态度差"]).value_counts()
    text = message(expect_series, mine, ref, name="counts")
    assert "多出 2 行（值全为 0），可能是没有出现的类别：" in text
    assert "'配件缺'" in text and "'发票问题'" in text
    assert "observed=True" in text
    assert text.endswith("其余 2 行的值都与参考一致。")
    assert "从多到少" not in text


def test_series_extra_nan_rows_and_plain_extra_rows():
    ref = pd.Series([0.5, 0.25], index=["T1", "T2"])
    with_nan = pd.Series([0.5, 0.25, np.nan], index=["T1", "T2", "T9"])
    assert message(expect_series, with_nan, ref, name="x") == \
        "x：多出 1 行（值全为缺失值 NaN）：'T9'。参考中没有它们。其余 2 行的值都与参考一致。"
    with_value = pd.Series([0.5, 0.25, 0.3], index=["T1", "T2", "T9"])
    fails_with(expect_series, with_value, ref, name="x", fragments=["x：多出 1 个标签：'T9'。"])


def test_series_repeated_labels():
    twice = pd.Series([0.5, 0.5, 0.25, 0.75, 0.6], index=["MF-A001", *AGENTS])
    assert message(expect_series, twice, REF, name="x") == \
        "x：索引中有重复的标签：'MF-A001'。每个标签只应出现一次。"


def test_series_missing_labels_and_wrong_values_are_both_reported():
    mine = pd.Series([0.5, 0.3], index=["MF-A001", "MF-A002"])
    fails_with(expect_series, mine, REF, name="x",
               fragments=["缺少 2 个标签：'MF-A003'、'MF-A004'。", "2 个值中有 1 个与参考不一致",
                          "'MF-A002'：你的 0.3，参考 0.25"])


# --- expect_series: value patterns --------------------------------------------------------


def test_series_times_100():
    assert message(expect_series, REF * 100, REF, name="fcr_by_agent") == \
        "fcr_by_agent：看起来乘了 100（如 'MF-A001'：你的 50，参考 0.5）。这里不需要乘 100。"


def test_series_divided_by_100():
    fails_with(expect_series, REF / 100, REF, name="nps",
               fragments=["看起来除以了 100（或少乘了 100）", "你的 0.005，参考 0.5"])


def test_series_sign_flipped():
    fails_with(expect_series, -REF, REF, name="delta",
               fragments=["delta：正负号反了（如 'MF-A001'：你的 -0.5，参考 0.5）", "相减的先后次序"])


def test_series_constant_factor():
    fails_with(expect_series, REF * 2, REF, name="x",
               fragments=["所有值都是参考值的 2 倍（如 'MF-A001'：你的 1，参考 0.5）", "检查分母或单位"])


def test_series_time_unit_factor():
    hours = pd.Series([48.0, 12.0, 36.0], index=["a", "b", "c"])
    text = fails_with(expect_series, hours / 24, hours, name="ttr_h",
                      fragments=["所有值都是参考值的 0.04167 倍", "时间单位可能不对"])
    assert "'a'：你的 2，参考 48" in text
    fails_with(expect_series, hours * 60, hours, name="ttr_h", fragments=["60 倍", "时间单位可能不对"])


def test_series_constant_offset():
    ranks = pd.Series([1.0, 2.0, 3.0], index=["T1", "T2", "T3"])
    fails_with(expect_series, ranks - 1, ranks, name="rank",
               fragments=["所有值都比参考值小 1（如 'T1'：你的 0，参考 1）", "从 0 还是从 1 开始"])


def test_series_rounded():
    ref = pd.Series([0.71254, 0.5], index=["a", "b"])
    fails_with(expect_series, pd.Series([0.71, 0.5], index=["a", "b"]), ref, name="fcr",
               fragments=["看起来保留了 2 位小数（如 'a'：你的 0.71，参考 0.7125）", "不要 round"])


def test_series_nan_where_numbers_are_expected():
    mine = REF.copy()
    mine[["MF-A002", "MF-A004"]] = np.nan
    assert message(expect_series, mine, REF, name="x").startswith(
        "x：2 个值是缺失值 NaN，参考却是数字：'MF-A002'、'MF-A004'。检查是否除以 0")


def test_series_numbers_where_the_reference_has_none():
    ref = pd.Series([0.5, np.nan], index=["a", "b"])
    assert message(expect_series, pd.Series([0.5, 0.0], index=["a", "b"]), ref, name="x") == \
        "x：1 个值在参考中是缺失值 NaN（没有数据），你的却是 0：'b'。没有数据时不要填 0。"
    fails_with(expect_series, pd.Series([0.5, 0.1], index=["a", "b"]), ref, name="x",
               fragments=["你的却是数字：'b'。"])


def test_series_other_differences_name_the_largest():
    mine = REF.copy()
    mine["MF-A002"] = 0.26
    mine["MF-A003"] = 0.70
    assert message(expect_series, mine, REF, name="x") == \
        "x：4 个值中有 2 个与参考不一致，差得最多的是 'MF-A003'：你的 0.7，参考 0.75。"


def test_series_close_values_show_enough_digits():
    mine = REF.copy()
    mine["MF-A001"] = 0.50001
    fails_with(expect_series, mine, REF, name="x", fragments=["'MF-A001'：你的 0.50001，参考 0.5"])


def test_series_text_and_time_spans_where_numbers_are_expected():
    percent = pd.Series(["50%", "25%", "75%", "60%"], index=AGENTS)
    assert message(expect_series, percent, REF, name="x") == "x：值应是数字，现在有文字（如 'MF-A001'：'50%'）。"
    spans = pd.Series(pd.to_timedelta([2, 3], unit="h"), index=["a", "b"])
    fails_with(expect_series, spans, pd.Series([2.0, 3.0], index=["a", "b"]), name="ttr",
               fragments=["值是时间长度（如 0 days 02:00:00）", ".dt.total_seconds() / 3600"])


# --- expect_series: order -----------------------------------------------------------------


PARETO = pd.Series([5, 3, 2], index=["退款慢", "态度差", "配件缺"])


def test_series_order_only_checked_when_asked():
    expect_series(PARETO.sort_index(), PARETO, name="counts")
    fails_with(expect_series, PARETO.sort_index(), PARETO, name="counts", check_order=True,
               fragments=["顺序不同：第 1 个你的是 '态度差'，参考是 '退款慢'。", "应按值从大到小排列。"])


def test_series_order_reversed():
    assert message(expect_series, PARETO.iloc[::-1], PARETO, name="counts", check_order=True) == \
        "counts：顺序不同：第 1 个你的是 '配件缺'，参考是 '退款慢'。顺序正好反了。"


def test_series_order_differs_only_between_ties():
    ref = pd.Series([5, 3, 3, 1], index=["a", "b", "c", "d"])
    mine = ref.iloc[[0, 2, 1, 3]]
    fails_with(expect_series, mine, ref, name="counts", check_order=True,
               fragments=["第 2 个你的是 'c'，参考是 'b'", "只是值相同的几项先后不同"])


# --- hidden prefix and English ------------------------------------------------------------


def test_hidden_prefix_only_when_asked():
    assert message(expect_series, REF * 100, REF, name="x", hidden=True).startswith("隐藏测试：x：看起来乘了 100")
    assert not message(expect_series, REF * 100, REF, name="x").startswith("隐藏测试")


def test_english_messages_follow_set_language():
    set_language("en")
    assert message(expect_series, REF * 100, REF, name="fcr_by_agent", hidden=True) == \
        ("Hidden test: fcr_by_agent: looks multiplied by 100 (e.g. 'MF-A001': yours 50, reference 0.5). "
         "No need to multiply by 100 here.")
    ref = pd.Series(np.arange(8.0), index=list("abcdefgh"))
    text = message(expect_series, ref.iloc[:1], ref, name="x")
    assert text.startswith("x: 7 labels are missing: 'b', 'c', 'd', 'e', 'f' (and 2 more).")
    assert "The other 1 rows match the reference." in text
    assert message(expect_labels, ["a"], ["a", "b"], name="ids") == "ids: 1 missing: 'b'."


# --- expect_frame -------------------------------------------------------------------------


TABLE = pd.DataFrame({"count": [5, 3, 2], "share": [0.5, 0.3, 0.2], "cum_share": [0.5, 0.8, 1.0]},
                     index=["退款慢", "态度差", "配件缺"])


def test_frame_equal_inputs_pass():
    expect_frame(TABLE.astype({"count": "int32", "share": "float32"}).iloc[[2, 0, 1]], TABLE, name="t")
    expect_frame(TABLE.assign(extra=1), TABLE, name="t", columns=["count", "share"])
    expect_frame(TABLE[["cum_share", "count", "share"]], TABLE, name="t")
    expect_frame(TABLE["count"], TABLE[["count"]], name="t")


def test_frame_type_and_columns():
    assert message(expect_frame, TABLE["count"], TABLE, name="t") == "t：应是 pandas DataFrame，现在是 Series。"
    assert message(expect_frame, TABLE.drop(columns="share"), TABLE, name="t") == "t：缺少列：'share'。"
    assert message(expect_frame, TABLE.rename(columns={"cum_share": "Cum Share"}), TABLE, name="t") == \
        "t：缺少列：'cum_share'。列名 'Cum Share' 应写作 'cum_share'。"
    fails_with(expect_frame, TABLE.assign(note="x"), TABLE, name="t", fragments=["t：多出列：'note'"])
    twice = pd.concat([TABLE, TABLE[["count"]]], axis=1)
    assert message(expect_frame, twice, TABLE, name="t") == "t：有重复的列名：'count'。每列只应出现一次。"
    with pytest.raises(ValueError, match="not columns of the expected frame"):
        expect_frame(TABLE, TABLE, name="t", columns=["nope"])


def test_frame_column_values_name_the_column():
    mine = TABLE.assign(share=TABLE["share"] * 100, cum_share=TABLE["cum_share"] * 100)
    text = message(expect_frame, mine, TABLE, name="t")
    assert text.startswith("t 的 'share' 列：看起来乘了 100（如 '退款慢'：你的 50，参考 0.5）")
    assert text.endswith("另外 'cum_share' 列也与参考不一致。")


def test_frame_extra_zero_rows_then_matching_values():
    mine = pd.concat([TABLE, pd.DataFrame({"count": [0], "share": [0.0], "cum_share": [1.0]}, index=["发票问题"])])
    assert message(expect_frame, mine, TABLE, name="complaint_pareto", columns=["count", "cum_share"]) == (
        "complaint_pareto：多出 1 行（'count' 列全为 0），可能是没有出现的类别：'发票问题'。"
        "分组或计数时只保留出现过的类别（如 groupby(..., observed=True)）。其余 3 行的值都与参考一致。")


def test_frame_row_order():
    text = message(expect_frame, TABLE.sort_index(), TABLE, name="t", columns=["count"], check_order=True)
    assert text == "t：顺序不同：第 1 个你的是 '态度差'，参考是 '退款慢'。应按 'count' 列从大到小排列。"
    expect_frame(TABLE.sort_index(), TABLE, name="t", columns=["count"])


def test_frame_index_problem_and_column_values_together():
    mine = TABLE.iloc[:2].assign(share=[0.5, 0.35])
    fails_with(expect_frame, mine, TABLE, name="t", columns=["share"],
               fragments=["t：缺少 1 个标签：'配件缺'。", "'share' 列：2 个值中有 1 个与参考不一致"])


# --- expect_value -------------------------------------------------------------------------


@pytest.mark.parametrize("mine", [0.25, np.float32(0.25), np.float64(0.25), 0.25 + 1e-13])
def test_value_equal_inputs_pass(mine):
    expect_value(mine, 0.25, name="x")


def test_value_ints_bools_dates_and_texts_pass():
    expect_value(40, 40.0, name="nps")
    expect_value(np.int64(3), 3, name="n")
    expect_value(True, 1.0, name="flag")
    expect_value(np.float32(0.1), 0.1, name="x")  # float32 cannot hold 0.1 exactly
    expect_value(pd.Timestamp("2024-03-01"), pd.Timestamp("2024-03-01"), name="first_signal")
    expect_value("RT-T2", "RT-T2", name="team")
    expect_value(float("nan"), float("nan"), name="x")


def test_value_patterns():
    assert message(expect_value, 40.0, 0.4, name="rate") == \
        "rate：看起来乘了 100（你的 40，参考 0.4）。这里不需要乘 100。"
    assert message(expect_value, 0.4, 40.0, name="nps") == "nps：看起来除以了 100（或少乘了 100）（你的 0.4，参考 40）。"
    assert message(expect_value, -3.5, 3.5, name="d") == "d：正负号反了（你的 -3.5，参考 3.5）。检查相减的先后次序或方向。"
    assert message(expect_value, 0.33, 1 / 3, name="p").startswith("p：看起来保留了 2 位小数（你的 0.33，参考 0.3333）")
    assert message(expect_value, 0.5, 0.4, name="p") == "p：与参考不一致：你的 0.5，参考 0.4。"


def test_value_missing_and_types():
    assert message(expect_value, float("nan"), 40.0, name="nps") == "nps：是缺失值 NaN，参考是 40。检查是否除以 0 或数据为空。"
    assert message(expect_value, 0.0, float("nan"), name="x") == "x：应是缺失值 NaN（没有数据），你的是 0。"
    assert message(expect_value, None, 1.0, name="x") == "x：值是 None：函数是不是忘了 return？"
    assert message(expect_value, "40%", 0.4, name="x") == "x：应是数字，现在是 str '40%'。"
    assert message(expect_value, pd.Series([0.4]), 0.4, name="x") == \
        "x：应是单个值，现在是 Series（1 个值）：用 .item() 或 .iloc[0] 取出。"
    fails_with(expect_value, datetime.timedelta(hours=2), 2.0, name="ttr",
               fragments=["值是时间长度 2:00:00", ".total_seconds() / 3600"])


def test_value_dates_and_texts():
    assert message(expect_value, "2024-03-01", pd.Timestamp("2024-03-01"), name="first_signal") == \
        "first_signal：看起来一样，但类型不同：你的是 str，参考是 Timestamp。"
    assert message(expect_value, pd.Timestamp("2024-04-01"), pd.Timestamp("2024-03-01"), name="first_signal") == \
        "first_signal：与参考不一致：你的 '2024-04-01'，参考 '2024-03-01'。"
    assert message(expect_value, "RT-T1", "RT-T2", name="team", hidden=True) == \
        "隐藏测试：team：与参考不一致：你的 'RT-T1'，参考 'RT-T2'。"


# --- expect_labels ------------------------------------------------------------------------


@pytest.mark.parametrize("mine", [
    ["MF-A001", "MF-A002", "MF-A003"],
    ("MF-A003", "MF-A001", "MF-A002"),
    {"MF-A002", "MF-A003", "MF-A001"},
    np.array(["MF-A001", "MF-A002", "MF-A003"]),
    pd.Index(["MF-A002", "MF-A001", "MF-A003"]),
    pd.Series(["MF-A001", "MF-A002", "MF-A003"], dtype="category"),
])
def test_labels_equal_inputs_pass(mine):
    expect_labels(mine, ["MF-A001", "MF-A002", "MF-A003"], name="attention")


def test_labels_missing_and_extra():
    assert message(expect_labels, ["MF-A001", "MF-A009"], ["MF-A001", "MF-A002", "MF-A003"], name="attention") == \
        "attention：少了 2 个：'MF-A002'、'MF-A003'。多了 1 个：'MF-A009'。"


def test_labels_repeated_members():
    assert message(expect_labels, ["a", "b", "a"], ["a", "b"], name="ids") == \
        "ids：有重复的成员：'a'。应有 2 个成员，你的有 3 个。"


def test_labels_types():
    assert message(expect_labels, "MF-A001", ["MF-A001"], name="ids") == \
        "ids：应是列表，现在是一个字符串 'MF-A001'：只有一个成员也请写成 ['MF-A001']。"
    mask = pd.Series([True, False], index=["a", "b"])
    fails_with(expect_labels, mask, ["a"], name="ids", fragments=["True/False 的 Series", "s[s].index.tolist()"])
    assert message(expect_labels, None, ["a"], name="ids") == "ids：值是 None：函数是不是忘了 return？"
    assert message(expect_labels, 3, ["a"], name="ids") == "ids：应是列表（list），现在是 int。"


def test_labels_order():
    expect_labels(["b", "a", "c"], ["a", "b", "c"], name="ids")
    assert message(expect_labels, ["b", "a", "c"], ["a", "b", "c"], name="ids", ordered=True) == \
        "ids：成员都对，但顺序不同：第 1 个你的是 'b'，参考是 'a'。应按从小到大（字母）顺序排列。"
    assert message(expect_labels, ["c", "b", "a"], ["a", "b", "c"], name="ids", ordered=True) == \
        "ids：成员都对，但顺序不同：第 1 个你的是 'c'，参考是 'a'。顺序正好反了。"
