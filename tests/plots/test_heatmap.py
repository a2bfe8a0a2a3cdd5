"""coursekit.plots.heatmap: coloured cells with their values, translated labels, clear input errors."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from coursekit import plots
from coursekit.errors import DataError
from coursekit.i18n import messages_in, set_language
from coursekit.plots.fonts import plot_language


def _texts(items) -> list[str]:
    return [t.get_text() for t in items]


# competency gaps of two teams (chapter 2's table, cut down); the MF-T2 x 产品知识 cell is missing
GAPS = pd.DataFrame({"沟通": [0.40, 0.10], "产品知识": [0.25, np.nan], "投诉处理": [0.05, 0.30]},
                    index=pd.Index(["MF-T1", "MF-T2"], name="team"))
GAPS.columns.name = "competency"


def test_every_finite_cell_is_written_in_its_cell_row_by_row():
    ax = plots.heatmap(GAPS)
    # row MF-T1: 0.40, 0.25, 0.05; row MF-T2: 0.10, (missing), 0.30 -> 5 numbers at (column, row)
    assert _texts(ax.texts) == ["0.40", "0.25", "0.05", "0.10", "0.30"]
    assert [t.get_position() for t in ax.texts] == [(0, 0), (1, 0), (2, 0), (0, 1), (2, 1)]
    image = ax.images[0]
    assert image.get_array().mask.tolist() == [[False, False, False], [False, True, False]]
    assert image.get_clim() == (0.05, 0.40)  # default range: the table's min and max


def test_labels_come_from_the_table_and_translate(monkeypatch):
    ax = plots.heatmap(GAPS, title="能力差距", colorbar="平均加权差距")
    assert _texts(ax.get_xticklabels()) == ["沟通", "产品知识", "投诉处理"]
    assert _texts(ax.get_yticklabels()) == ["MF-T1", "MF-T2"]
    zh = plot_language() == "zh"  # without a CJK font the plots fall back to English labels
    assert ax.get_ylabel() == ("班组" if zh else "team")
    assert ax.get_title() == "能力差距"
    assert ax.figure.axes[-1].get_ylabel() == "平均加权差距"  # the colour bar
    kpis = pd.DataFrame({"fcr": [0.72], "csat": [0.9]}, index=["MF-T1"])
    ax = plots.heatmap(kpis, fmt=".0%", xlabel="KPI", ylabel="班组")
    assert _texts(ax.get_xticklabels())[0] == ("首次解决率(FCR)" if zh else "first contact resolution (FCR)")
    assert _texts(ax.texts) == ["72%", "90%"] and (ax.get_xlabel(), ax.get_ylabel()) == ("KPI", "班组")
    set_language("en")
    ax = plots.heatmap(GAPS)
    assert ax.get_ylabel() == "team"


def test_text_colour_follows_the_cell_darkness():
    # Oranges: the largest value is dark orange -> white text; the smallest nearly white -> black text
    ax = plots.heatmap(GAPS)
    colours = {t.get_text(): t.get_color() for t in ax.texts}
    assert colours["0.40"] == "white" and colours["0.05"] == "black"


def test_format_function_range_and_no_numbers():
    ax = plots.heatmap(GAPS, fmt=lambda v: f"{v * 100:.0f} 分", vmin=0, vmax=1, cmap="Blues")
    assert _texts(ax.texts)[0] == "40 分"
    assert ax.images[0].get_clim() == (0, 1) and ax.images[0].get_cmap().name == "Blues"
    assert len(plots.heatmap(GAPS, annotate=False).texts) == 0


def test_draws_on_a_given_axes():
    fig, (left, right) = plt.subplots(1, 2)
    assert plots.heatmap(GAPS, ax=right) is right
    assert len(right.images) == 1 and len(left.images) == 0


def test_numbers_written_as_text_are_read():
    ax = plots.heatmap(pd.DataFrame({"a": ["1.5", "2"]}, index=["x", "y"]), fmt=".1f")
    assert _texts(ax.texts) == ["1.5", "2.0"]


@pytest.mark.parametrize("table, match", [
    ([[1, 2]], "column 'table': must be a DataFrame .*got list; fix: pivot the data first"),
    (pd.DataFrame(), "column 'table': has no rows or no columns"),
    (pd.DataFrame({"a": [1.0, "很好", "x"]}, index=["T1", "T2", "T3"]),
     r"column 'a': must hold finite numbers \(missing cells are left blank\); rows T2, T3 \(values: '很好', 'x'\)"),
    (pd.DataFrame({"a": [1.0, np.inf]}), r"column 'a': must hold finite numbers.*rows 1 \(values: inf\)"),
])
def test_bad_tables_name_what_is_wrong(table, match):
    with pytest.raises(DataError, match=match):
        plots.heatmap(table)


def test_errors_speak_chinese_for_trainees():
    with pytest.raises(DataError) as info:
        plots.heatmap(pd.DataFrame({"a": ["x"]}))
    with messages_in("zh"):
        assert str(info.value) == ("列 'a'：必须是有限的数（缺失的单元格留白）；行 0（值：'x'）；"
                                   "修正方法：修正这些单元格或把它们留空")
