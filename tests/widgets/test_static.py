"""Dashboards in a static site build (COURSEKIT_STATIC=1): a note, tables and a chart, never a widget view.

A cell ending with a dashboard is displayed by IPython's display formatter: here a standalone
``DisplayFormatter`` plays the kernel's displayhook and ``IPython.display.display`` is recorded,
so the tests see the outputs a notebook would get (one mime bundle per output), in order.
"""

from __future__ import annotations

import base64
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import IPython  # noqa: E402
import IPython.display  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from IPython.core.formatters import DisplayFormatter  # noqa: E402
from IPython.core.pylabtools import select_figure_formats  # noqa: E402

from coursekit.i18n import set_language  # noqa: E402
from coursekit.quiz.items import static_mode  # noqa: E402
from coursekit.system import Dimension, Indicator, KPISystem  # noqa: E402
from coursekit.widgets import roi_explorer, roi_scenarios, weight_tuner, what_if, xmr_explorer  # noqa: E402
from coursekit.widgets._common import html_table  # noqa: E402

pytestmark = pytest.mark.usefixtures("zh_language")  # tests/conftest.py

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def show(monkeypatch):
    """``show(obj)``: the outputs of a notebook cell whose last expression is ``obj``."""
    formatter = DisplayFormatter()
    outputs: list[dict] = []

    def display(*objs, raw=False, **_kwargs):
        outputs.extend(dict(obj) if raw else formatter.format(obj)[0] for obj in objs)

    monkeypatch.setattr(IPython.display, "display", display)
    monkeypatch.setattr(IPython, "get_ipython", lambda: None)   # no inline backend: no figure formatter

    def shown(obj):
        outputs.clear()
        result, _ = formatter.format(obj)   # what the displayhook publishes as the cell's result
        return [*outputs, *([result] if result else [])]

    shown.formatter = formatter
    return shown


@pytest.fixture
def inline_backend(show, monkeypatch):
    """A shell whose formatter renders matplotlib figures as PNG, as the inline backend sets up."""
    shell = SimpleNamespace(display_formatter=show.formatter)
    select_figure_formats(shell, {"png"})
    monkeypatch.setattr(IPython, "get_ipython", lambda: shell)
    return show


@pytest.fixture
def static(monkeypatch):
    monkeypatch.setenv("COURSEKIT_STATIC", "1")


def pngs(outputs):
    """The PNG images among the outputs (bytes; a formatter's base64 text is decoded)."""
    found = [o["image/png"] for o in outputs if "image/png" in o]
    return [p if isinstance(p, bytes) else base64.b64decode(p) for p in found]


def htmls(outputs):
    return [o["text/html"] for o in outputs if "text/html" in o]


def assert_static(outputs):
    assert outputs, "nothing displayed"
    assert all(WIDGET_VIEW not in o for o in outputs)
    assert all("data:image" not in h for h in htmls(outputs))
    assert all("text/plain" in o for o in outputs)
    note = outputs[0]
    assert "coursekit lab" in note["text/plain"] and "<code>coursekit lab</code>" in note["text/html"]
    assert note["text/plain"].startswith("交互版：在 JupyterLab 中打开本章")


@pytest.mark.parametrize(("value", "expected"), [("1", True), ("true", True), (" YES ", True), ("0", False),
                                                 ("", False), ("no", False), (None, False)])
def test_static_mode_reads_coursekit_static(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("COURSEKIT_STATIC", raising=False)
    else:
        monkeypatch.setenv("COURSEKIT_STATIC", value)
    assert static_mode() is expected


# ---- weight tuner --------------------------------------------------------------------------




@pytest.mark.usefixtures("static")
def test_tuner_shows_note_ranking_table_and_chart(show, system, card):
    figures = plt.get_fignums()
    tuner = weight_tuner(system, card, top=2)
    outputs = show(tuner)
    assert_static(outputs)
    assert len(outputs) == 3 and "拖动滑块调整各指标的权重" in outputs[0]["text/plain"]
    table = outputs[1]["text/html"]
    assert table == html_table(tuner.ranking_table.head(2)) == tuner.table.value
    assert "<th>综合得分</th>" in table and "<td>75.0</td>" in table and "<td>62.5</td>" in table
    assert table.index("A1") < table.index("A2") and "A3" not in table     # top=2 rows, best first
    assert "12.5" not in table
    assert outputs[1]["text/plain"].split("\n")[2].split() == ["A1", "1", "75.0", "100.0", "50.0"]
    [image] = pngs(outputs)
    assert image.startswith(PNG) and outputs[2]["text/plain"].startswith("<Figure size 500x360")
    assert plt.get_fignums() == figures


@pytest.mark.usefixtures("static")
def test_tuner_chart_is_the_figure_itself_under_the_inline_backend(inline_backend, system, card):
    outputs = inline_backend(weight_tuner(system, card))
    assert_static(outputs)
    [image] = pngs(outputs)
    assert image.startswith(PNG)
    assert outputs[-1]["text/plain"].startswith("<Figure size 500x360")


@pytest.mark.usefixtures("static")
def test_tuner_without_chart_shows_no_image(show, system, card):
    outputs = show(weight_tuner(system, card, chart=False))
    assert_static(outputs)
    assert len(outputs) == 2 and pngs(outputs) == []


@pytest.mark.usefixtures("static")
def test_static_state_is_the_current_one(show, system, card):
    tuner = weight_tuner(system, card, chart=False)
    tuner.sliders["fcr"].value = 0.8               # A2 90, A3 40, A1 20 (test_widgets.py)
    table = show(tuner)[1]["text/html"]
    assert table.index("A2") < table.index("A3") < table.index("A1") and "<td>90.0</td>" in table


@pytest.mark.parametrize("value", [None, "0", "false"])
def test_outside_static_mode_the_widget_is_shown_as_before(show, monkeypatch, system, card, value):
    if value is None:
        monkeypatch.delenv("COURSEKIT_STATIC", raising=False)
    else:
        monkeypatch.setenv("COURSEKIT_STATIC", value)
    tuner = weight_tuner(system, card, chart=False)
    assert tuner._ipython_display_ is None        # IPython skips it and uses _repr_mimebundle_
    [output] = show(tuner)
    assert output == tuner.widget._repr_mimebundle_()
    assert output[WIDGET_VIEW]["model_id"] == tuner.widget.model_id


def test_static_repr_mimebundle_has_no_widget_view(monkeypatch, system, card):
    monkeypatch.setenv("COURSEKIT_STATIC", "1")
    tuner = weight_tuner(system, card, chart=False)
    bundle = tuner._repr_mimebundle_()
    assert WIDGET_VIEW not in bundle
    assert "coursekit lab" in bundle["text/plain"] and "<td>62.5</td>" in bundle["text/html"]


# ---- what-if -------------------------------------------------------------------------------


@pytest.mark.usefixtures("static")
def test_what_if_shows_composite_grade_rank_and_values(show):
    system = KPISystem([Dimension("质量", 1.0, [Indicator("fcr", 0.5, target=0.8, normalise="target"),
                                               Indicator("csat", 0.5)])])
    card = pd.DataFrame({"fcr": [0.6, 0.8, 0.7], "csat": [0.9, 0.8, 0.7]}, index=["A1", "A2", "A3"])
    sim = what_if(system, card, "A1")
    outputs = show(sim)
    assert_static(outputs)
    assert len(outputs) == 3 and pngs(outputs) == []
    assert "修改该员工的各项指标值或目标值" in outputs[0]["text/plain"] and "（员工：A1）" in outputs[0]["text/plain"]
    # A1: fcr 0.6 / 0.8 = 75, csat min-max 100 -> 87.5, grade B, first of 3
    summary = outputs[1]["text/html"]
    assert "<td>87.5</td>" in summary and "<td>B</td>" in summary and "<td>1 / 3</td>" in summary
    assert "<th>综合得分</th>" in summary and "<th>等级</th>" in summary
    details = outputs[2]["text/html"]
    assert details == html_table(sim.table, digits=3)
    for cell in ("<td>0.600</td>", "<td>0.800</td>", "<td>75.000</td>", "<td>37.500</td>", "<td>0.900</td>"):
        assert cell in details
    assert "<th>首次解决率(FCR)</th>" in details


# ---- ROI explorer --------------------------------------------------------------------------

EFFECTS = {"DiD 估计": 0.05, "DiD 95%CI 下限": -0.01, "朴素前后差": 0.08}


@pytest.mark.usefixtures("static")
def test_roi_explorer_shows_every_scenario(show):
    outputs = show(roi_explorer(EFFECTS, value_per_point=400, people=10, costs=15_000))
    assert_static(outputs)
    assert len(outputs) == 3 and pngs(outputs) == []
    assert "（每点价值(元)：400，效应口径：DiD 估计）" in outputs[0]["text/plain"]
    table = outputs[1]["text/html"]
    expected = roi_scenarios(EFFECTS, value_per_point=400, people=10, costs=15_000)
    for name, row in expected.iterrows():
        assert f"<th>{name}</th>" in table
        assert f"<td>{row['roi_pct']:.1f}</td>" in table and f"<td>{row['bcr']:.2f}</td>" in table
        assert f"<td>{row['benefits']:,.0f}</td>" in table
    # by hand: ROI 33.3 % and break-even 300 per point for the DiD estimate; none for the lower limit
    assert "<td>33.3</td>" in table and "<td>-126.7</td>" in table and "<td>300</td>" in table
    assert "<td>—</td>" in table and "<th>投资回报率(%)</th>" in table and "<th>效应口径</th>" in table
    assert "ROI = 33.3%，BCR = 1.33" in outputs[2]["text/plain"]


# ---- XmR explorer --------------------------------------------------------------------------


@pytest.fixture
def monthly():
    months = pd.date_range("2023-01-01", periods=8, freq="MS")
    # T1's last two months (0.90, 0.91) are above the baseline's UCL 0.742 (test_widgets.py); T2 is flat
    return pd.DataFrame({"team": ["T1"] * 8 + ["T2"] * 8, "month": list(months) * 2,
                         "fcr": [0.70, 0.72, 0.71, 0.69, 0.70, 0.71, 0.90, 0.91]
                         + [0.60, 0.62, 0.61, 0.60, 0.62, 0.61, 0.60, 0.62]})


@pytest.mark.usefixtures("static")
def test_xmr_explorer_shows_rule_breaks_and_chart(show, monthly):
    figures = plt.get_fignums()
    ex = xmr_explorer(monthly, {"fcr": "首次解决率"}, baseline=6)
    outputs = show(ex)
    assert_static(outputs)
    assert "（班组：T1，指标：首次解决率）" in outputs[0]["text/plain"]
    assert outputs[1]["text/plain"] == "基线之后触发规则的月份：2023-07、2023-08" == ex.note.value
    table = outputs[2]["text/html"]
    after = ex.view.rules[ex.view.rules["position"] >= 6]
    assert len(after) >= 2 and table.count("<tr>") == len(after) + 1     # header row of the index name
    assert "<th>2023-07</th>" in table and "<td>0.900</td>" in table and "<td>0.910</td>" in table
    assert "<td>1点超出3σ</td>" in table and "<th>判异规则</th>" in table and "2023-06" not in table
    [image] = pngs(outputs)
    assert image.startswith(PNG) and outputs[-1]["text/plain"].startswith("<Figure size 800x400")
    assert len(outputs) == 4 and plt.get_fignums() == figures


@pytest.mark.usefixtures("static")
def test_xmr_explorer_without_rule_breaks_shows_no_table(show, monthly):
    outputs = show(xmr_explorer(monthly, ["fcr"], baseline=6, value="T2"))
    assert_static(outputs)
    assert outputs[1]["text/plain"] == "基线之后触发规则的月份：无"
    assert not any("<table" in h for h in htmls(outputs)) and len(pngs(outputs)) == 1


# ---- language ------------------------------------------------------------------------------


@pytest.mark.usefixtures("static")
def test_static_views_follow_the_display_language(show, system, card):
    set_language("en")
    outputs = show(weight_tuner(system, card, chart=False))
    assert outputs[0]["text/plain"].startswith("Interactive version: open this chapter in JupyterLab")
    assert "coursekit lab" in outputs[0]["text/plain"] and "<th>composite score</th>" in outputs[1]["text/html"]
    outputs = show(roi_explorer({"DiD": 0.05}, value_per_point=400, people=10, costs=15_000))
    assert "(value per point: 400, effect basis: DiD)" in outputs[0]["text/plain"]
    assert "<th>break-even value per point</th>" in outputs[1]["text/html"]
