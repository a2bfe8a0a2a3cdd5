"""Tests of coursekit.i18n: the language setting and the label tables."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import coursekit
from coursekit.datasets.schema import SCHEMAS
from coursekit.errors import ConfigError
from coursekit.i18n import LANGUAGES, get_language, has_label, label, labels, set_language

# The KPI codes of the shared contract (brief: "Shared contracts between helpers").
CONTRACT_KPIS = [
    "fcr", "first_time_fix", "frt_mean_h", "frt_median_h", "ttr_mean_h", "ttr_median_h",
    "sla_compliance", "backlog", "reopen_rate", "repeat_repair_rate", "csat", "csat_mean", "nps",
    "ces", "complaint_rate", "complaint_satisfaction", "return_time_h", "retention", "qa_score",
    "critical_error_rate",
]

PACKAGE = Path(coursekit.__file__).parent


@pytest.fixture(autouse=True)
def _restore_language():
    before = get_language()
    yield
    set_language(before)


def test_default_is_chinese_and_switching_changes_labels():
    assert get_language() == "zh"
    assert label("customer") == "客户"
    set_language("en")
    assert get_language() == "en"
    assert label("customer") == "customer"
    assert label("客户") == "customer"


@pytest.mark.parametrize("given, expected", [("zh", "zh"), ("EN", "en"), ("zh-CN", "zh"), ("en_US", "en")])
def test_language_names_ignore_case_and_region(given, expected):
    set_language(given)
    assert get_language() == expected


@pytest.mark.parametrize("bad", ["fr", "", "chinese", None, 1])
def test_unknown_language_is_a_config_error_listing_valid_ones(bad):
    with pytest.raises(ConfigError) as info:
        set_language(bad)
    message = str(info.value)
    assert repr(bad) in message
    for lang in LANGUAGES:
        assert repr(lang) in message
    assert get_language() == "zh"  # unchanged after the error


def test_bad_lang_argument_of_label_is_a_config_error():
    with pytest.raises(ConfigError, match="unknown language 'de'"):
        label("fcr", lang="de")


@pytest.mark.parametrize("code", CONTRACT_KPIS)
def test_every_contract_kpi_has_two_distinct_labels(code):
    zh, en = label(code, lang="zh"), label(code, lang="en")
    assert zh != code and en != code and zh != en
    assert re.search(r"[\u4e00-\u9fff]", zh), zh  # Chinese text
    assert en.isascii(), en


def test_kpi_labels_start_with_the_catalog_names():
    from coursekit.kpi import catalog

    table = catalog()
    assert sorted(table.index) == sorted(CONTRACT_KPIS)
    for code, row in table.iterrows():
        assert label(code, lang="zh").startswith(row["name_zh"]), code
        assert label(code, lang="en").startswith(row["name_en"]), code


def test_kpi_code_wins_over_a_dataset_column_of_the_same_name():
    # monthly.fcr is "first contact resolution rate" in the schema; the KPI label wins
    assert label("fcr", lang="en") == "first contact resolution (FCR)"
    assert label("monthly.fcr", lang="en") == "first contact resolution rate"
    # surveys.csat is the 1-5 answer, the KPI csat is the top-2-box share
    assert label("surveys.csat", lang="zh") == "满意度(1-5)"
    assert label("csat", lang="zh") == "客户满意度(前两项占比)"


def test_every_schema_column_has_both_labels():
    for dataset, columns in SCHEMAS.items():
        for name, column in columns.items():
            assert label(f"{dataset}.{name}", lang="zh") == column.zh
            english = label(f"{dataset}.{name}", lang="en")
            assert column.en.startswith(english) and english, (dataset, name)


@pytest.mark.parametrize("key, zh, en", [
    ("tickets.agent_id", "处理人", "handling agent id"),
    ("agent_id", "员工编号", "agent id"),             # staff comes first in SCHEMAS
    ("resolved_at", "解决时间", "resolved at"),       # "(empty = still open)" dropped
    ("sla_hours", "SLA时限(小时)", "resolution SLA in clock hours"),
    ("mean_resolution_hours", "平均解决时长(小时)", "mean time to resolve, hours"),
])
def test_column_labels_by_hand(key, zh, en):
    assert (label(key, lang="zh"), label(key, lang="en")) == (zh, en)


@pytest.mark.parametrize("key, zh, en", [
    ("customer", "客户", "customer"),
    ("efficiency", "效率", "efficiency"),
    ("quality", "质量", "quality"),
    ("capability", "能力", "capability"),
])
def test_dimensions_translate_both_ways(key, zh, en):
    assert label(key, lang="zh") == zh and label(key, lang="en") == en
    assert label(zh, lang="en") == en and label(en, lang="zh") == zh


def test_grades_and_category_values():
    assert label("grade.A", lang="zh") == "A 级"
    assert label("grade.D", lang="en") == "grade D"
    assert labels(["manufacturing", "treatment", "control"], lang="zh") == ["制造业", "培训组", "对照组"]


def test_unknown_keys_pass_through_unchanged():
    assert label("MF-T3") == "MF-T3"
    assert label(42) == "42"
    assert not has_label("MF-T3")
    assert has_label("plot.radar.title") and has_label("质量")


def test_fields_fill_placeholders():
    assert label("plot.change", lang="zh", delta=0.1) == "平均变化 +0.1"
    assert label("plot.pareto.threshold", lang="en", share=0.8) == "80% line"


def test_every_text_key_used_by_plots_and_widgets_exists():
    sources = [*PACKAGE.joinpath("plots").glob("*.py")]
    widgets = PACKAGE / "widgets.py"
    if widgets.exists():
        sources.append(widgets)
    used = set()
    for path in sources:
        used |= set(re.findall(r"\"((?:plot|widget|grade)\.[a-z_.]+)\"", path.read_text(encoding="utf-8")))
    assert len(used) >= 15
    missing = sorted(k for k in used if not has_label(k))
    assert missing == []
    for key in used:
        assert label(key, lang="zh") != label(key, lang="en"), key
