"""The catalog matches the shared KPI-code contract and every code has a function."""

from __future__ import annotations

import re

from coursekit import kpi

CONTRACT = ["fcr", "first_time_fix", "frt_mean_h", "frt_median_h", "ttr_mean_h", "ttr_median_h",
            "sla_compliance", "backlog", "reopen_rate", "repeat_repair_rate", "csat", "csat_mean", "nps",
            "ces", "complaint_rate", "complaint_satisfaction", "return_time_h", "retention", "qa_score",
            "critical_error_rate"]


def test_codes_are_exactly_the_contract():
    cat = kpi.catalog()
    assert list(cat.index) == CONTRACT
    assert cat.index.name == "code"
    assert list(kpi.CODES) == CONTRACT


def test_columns_are_filled_in():
    cat = kpi.catalog()
    for col in ["name_zh", "name_en", "formula", "formula_zh", "direction", "unit", "industries", "variant",
                "variant_zh"]:
        assert cat[col].str.len().gt(3).all() or col == "name_zh", col
    assert set(cat["direction"]) == {"higher", "lower"}
    assert cat["name_zh"].str.len().ge(2).all()


def test_directions_of_the_tricky_ones():
    d = kpi.catalog()["direction"]
    # CES 2.0 is an agreement scale: higher is better; times, backlog and error rates are lower-better
    assert d["ces"] == "higher" and d["nps"] == "higher"
    for code in ["frt_mean_h", "ttr_median_h", "backlog", "reopen_rate", "repeat_repair_rate",
                 "complaint_rate", "return_time_h", "critical_error_rate"]:
        assert d[code] == "lower", code


def test_variants_name_the_definitions_used():
    v = kpi.catalog()["variant"]
    assert "top-2-box" in v["csat"] and "CES 2.0" in v["ces"] and "system-based" in v["fcr"]
    assert "30 days" in v["repeat_repair_rate"]


def test_every_kpi_has_a_chinese_variant_next_to_the_english_one():
    cat = kpi.catalog()
    columns = list(cat.columns)
    assert columns.index("variant_zh") == columns.index("variant") + 1
    cjk = re.compile(r"[\u4e00-\u9fff]")
    for code, text in cat["variant_zh"].items():
        assert isinstance(text, str) and text.strip(), code
        assert len(cjk.findall(text)) >= 5, f"{code}: the Chinese 口径 should be Chinese text, got {text!r}"
        assert text != cat.loc[code, "variant"], code


def test_chinese_variants_say_the_same_as_the_english_ones():
    v, zh = kpi.catalog()["variant"], kpi.catalog()["variant_zh"]
    # the facts that matter must survive the translation: the number, the scale, the rule
    assert "30 天" in zh["repeat_repair_rate"] and "30 days" in v["repeat_repair_rate"]
    assert "CES 2.0" in zh["ces"] and "1–7" in zh["ces"]
    assert "前两项" in zh["csat"] and "前两项" in zh["complaint_satisfaction"]
    assert "系统" in zh["fcr"] and "分母" in zh["fcr"]
    assert "自然小时" in zh["ttr_mean_h"] and "clock hours" in v["ttr_mean_h"]
    assert "168 小时" in zh["return_time_h"] and "168 h" in v["return_time_h"]
    assert "7–8 分" in zh["nps"] and "分母" in zh["nps"]
    assert "不计入分母" in zh["sla_compliance"] and "超时" in zh["sla_compliance"]
    for code in ("frt_mean_h", "frt_median_h", "ttr_mean_h", "ttr_median_h", "sla_compliance", "return_time_h"):
        assert "自然小时" in zh[code], code


def test_every_code_has_a_public_function():
    for code, func in kpi.catalog()["function"].items():
        assert callable(getattr(kpi, func)), code


def test_catalog_is_a_fresh_copy():
    cat = kpi.catalog()
    cat.loc["fcr", "direction"] = "lower"
    assert kpi.catalog().loc["fcr", "direction"] == "higher"
