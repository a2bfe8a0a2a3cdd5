"""Indicator cards: one card per indicator, own fields win, fills by code/dimension, gaps listed.

Worked example (by hand): dimensions 客户 0.4 (csat 1.0) and 效率 0.6 (fcr 0.25, ttr_median_h 0.75) give
global weights csat 0.4, fcr 0.6 × 0.25 = 0.15, ttr_median_h 0.6 × 0.75 = 0.45 (sum 1).
"""

from __future__ import annotations

import pytest

from coursekit.errors import ConfigError
from coursekit.i18n import set_language
from coursekit.kpi import catalog
from coursekit.system import (
    EXAMPLE_SYSTEMS,
    Dimension,
    Indicator,
    KPISystem,
    example_system,
    indicator_cards,
    missing_card_fields,
)
from coursekit.system.cards import MISSING

pytestmark = pytest.mark.usefixtures("zh_language")  # tests/conftest.py


@pytest.fixture
def system():
    return KPISystem([
        Dimension("客户", 0.4, [Indicator("csat", 1.0, definition="已解决工单的回访问卷", source="回访问卷",
                                          period="季度")]),
        Dimension("效率", 0.6, [Indicator("fcr", 0.25, target=0.8, normalise="target"),
                                Indicator("ttr_median_h", 0.75)]),
    ], name="测试体系")


def test_one_card_per_indicator_with_effective_weights(system):
    table = indicator_cards(system).table()
    assert table.index.tolist() == ["csat", "fcr", "ttr_median_h"]
    assert table.index.name == "代码"
    assert list(table.columns) == ["维度", "指标", "口径", "数据来源", "考核周期", "责任人", "目标值", "全局权重",
                                   "方向"]
    assert table["全局权重"].tolist() == pytest.approx([0.4, 0.15, 0.45])
    assert table["维度"].tolist() == ["客户", "效率", "效率"]
    assert table["方向"].tolist() == ["越高越好", "越高越好", "越低越好"]
    assert table["目标值"].tolist() == ["（未填写）", "0.8", "（未填写）"]
    assert table.loc["fcr", "指标"] == catalog().loc["fcr", "name_zh"]


def test_own_fields_win_over_fills_and_the_catalog(system):
    table = indicator_cards(system, definition="别的口径", source="工单系统", period="年度").table()
    assert table.loc["csat", ["口径", "数据来源", "考核周期"]].tolist() == ["已解决工单的回访问卷", "回访问卷", "季度"]
    assert table.loc["fcr", ["口径", "数据来源", "考核周期"]].tolist() == ["别的口径", "工单系统", "年度"]


def test_definition_falls_back_on_the_catalog_formula(system):
    table = indicator_cards(system).table()
    assert table.loc["fcr", "口径"] == catalog().loc["fcr", "formula_zh"]
    assert indicator_cards(system, catalog=False).table().loc["fcr", "口径"] == "（未填写）"


def test_fills_by_code_win_over_fills_by_dimension(system):
    table = indicator_cards(system, owner={"效率": "运营主管", "fcr": "质检主管"}).table()
    assert table["责任人"].tolist() == ["（未填写）", "质检主管", "运营主管"]


def test_missing_lists_exactly_the_empty_fields(system):
    # csat: everything but owner and target; fcr: source, period, owner (口径 from the catalog);
    # ttr_median_h: the same plus target
    assert indicator_cards(system).missing() == {
        "csat": ["责任人", "目标值"],
        "fcr": ["数据来源", "考核周期", "责任人"],
        "ttr_median_h": ["数据来源", "考核周期", "责任人", "目标值"],
    }
    full = KPISystem([Dimension("客户", 1.0, [Indicator("csat", 1.0, target=0.9, definition="x", source="y",
                                                         period="z")])])
    assert missing_card_fields(full, owner="客服经理") == {}
    assert missing_card_fields(full) == {"csat": ["责任人"]}


@pytest.mark.parametrize("industry", sorted(EXAMPLE_SYSTEMS))
def test_every_example_system_gets_a_card_per_indicator(industry):
    example = example_system(industry)
    cards = indicator_cards(example, period="年度", owner="售后服务经理", source="课程数据")
    table = cards.table()
    assert len(cards) == len(table) == len(example.codes)
    assert table["全局权重"].sum() == pytest.approx(1.0)
    assert not (table["口径"] == MISSING["zh"]).any()        # every example KPI is in the catalog
    assert set(cards.missing()) == {c for c in example.codes if example.indicator(c).target is None}


def test_html_shows_a_card_per_indicator_and_marks_gaps(system):
    page = indicator_cards(system)._repr_html_()
    assert page.count("class='coursekit-card'") == 3
    assert "<b>测试体系</b>" in page and "color:#999'>（未填写）" in page
    spooky = KPISystem([Dimension("客户", 1.0, [Indicator("csat", 1.0, source="<script>")])])
    assert "<script>" not in indicator_cards(spooky)._repr_html_()


def test_english_labels(system):
    set_language("en")
    table = indicator_cards(system).table()
    assert list(table.columns)[:3] == ["dimension", "indicator", "definition"]
    assert table.loc["csat", "owner"] == "(not filled in)"
    assert table.loc["ttr_median_h", "direction"] == "lower is better"
    assert table.loc["fcr", "dimension"] == "efficiency"
    assert indicator_cards(system).missing()["csat"] == ["owner", "target"]


@pytest.mark.parametrize("kwargs, message", [
    ({"owner": {"csta": "x"}}, "owner: 'csta' is neither an indicator code nor a dimension"),
    ({"owner": {"csat": ""}}, r"owner\['csat'\] must be non-empty text"),
    ({"period": "  "}, "period must be non-empty text"),
    ({"source": ["工单"]}, "source must be a text for every indicator or a mapping"),
])
def test_bad_fills_are_refused(system, kwargs, message):
    with pytest.raises(ConfigError, match=message):
        indicator_cards(system, **kwargs)


def test_only_a_kpi_system_has_cards():
    with pytest.raises(ConfigError, match="indicator_cards takes a KPISystem"):
        indicator_cards({"dimensions": []})
