"""Tests for coursekit.system.io: dict / YAML / JSON round trips and their error messages."""

from __future__ import annotations

import json

import pytest

from coursekit.errors import ConfigError, DataError
from coursekit.system import KPISystem, example_system

YAML = """\
name: 演示体系
dimensions:
  - name: 客户
    weight: 0.4
    indicators:
      - {code: csat, weight: 0.5}
      - {code: nps, weight: 0.5}
  - name: 效率
    weight: 0.6
    indicators:
      - {code: fcr, weight: 0.6, normalise: target, target: 0.8, cap: 1.2}
      - {code: ttr_median_h, weight: 0.4}
"""


def test_from_yaml_text():
    s = KPISystem.from_yaml(YAML)
    assert s.name == "演示体系"
    assert s.global_weights().to_dict() == pytest.approx({"csat": 0.2, "nps": 0.2, "fcr": 0.36, "ttr_median_h": 0.24})
    fcr = s.indicator("fcr")
    assert (fcr.normalise, fcr.target, fcr.cap, fcr.direction) == ("target", 0.8, 1.2, "higher")
    assert s.indicator("ttr_median_h").direction == "lower"   # filled from the catalog


@pytest.mark.parametrize("industry", ["manufacturing", "services", "retail", "finance"])
def test_round_trips(industry, tmp_path):
    s = example_system(industry)
    assert KPISystem.from_dict(s.to_dict()) == s
    assert KPISystem.from_yaml(s.to_yaml()) == s
    assert KPISystem.from_json(s.to_json()) == s
    y, j = tmp_path / "system.yaml", tmp_path / "system.json"
    text = s.to_yaml(y)
    assert y.read_text(encoding="utf-8") == text
    assert "客户" in text          # Chinese written as is, not \u escapes
    assert KPISystem.from_yaml(y) == s
    assert KPISystem.from_yaml(str(y)) == s
    s.to_json(j)
    assert KPISystem.from_json(j) == s
    assert json.loads(j.read_text(encoding="utf-8"))["name"] == s.name


def test_to_dict_leaves_defaults_out():
    d = KPISystem.from_yaml(YAML).to_dict()
    inds = d["dimensions"][1]["indicators"]
    assert inds[0] == {"code": "fcr", "weight": 0.6, "direction": "higher", "normalise": "target",
                       "target": 0.8, "cap": 1.2}
    assert inds[1] == {"code": "ttr_median_h", "weight": 0.4, "direction": "lower", "normalise": "minmax"}


def test_typo_key_is_rejected_with_place():
    bad = YAML.replace("{code: nps, weight: 0.5}", "{code: nps, wieght: 0.5}")
    with pytest.raises(ConfigError) as info:
        KPISystem.from_yaml(bad)
    msg = str(info.value)
    assert "dimension 1 ('客户'), indicator 2 ('nps')" in msg and "unknown key(s) 'wieght'" in msg
    assert "allowed keys are cap, code, definition, direction, normalise, period, source, target, weight" in msg


def test_missing_keys_and_bad_shapes():
    with pytest.raises(ConfigError, match=r"dimension 1 \('客户'\): missing key\(s\) weight"):
        KPISystem.from_dict({"dimensions": [{"name": "客户", "indicators": [{"code": "csat", "weight": 1}]}]})
    with pytest.raises(ConfigError, match="missing key\\(s\\) dimensions"):
        KPISystem.from_dict({"name": "x"})
    with pytest.raises(ConfigError, match="'dimensions' must be a list"):
        KPISystem.from_dict({"dimensions": {"客户": 1}})
    with pytest.raises(ConfigError, match="no such file"):
        KPISystem.from_yaml("no_such_system.yaml")
    with pytest.raises(ConfigError, match="could not be read"):
        KPISystem.from_json("{not json")
    with pytest.raises(ConfigError, match="could not be read"):
        KPISystem.from_yaml("a: [1\nb: 2")


def test_validation_errors_come_through_from_files():
    with pytest.raises(DataError, match="they sum to 0.9"):
        KPISystem.from_yaml(YAML.replace("weight: 0.6\n    indicators", "weight: 0.5\n    indicators"))
    with pytest.raises(ConfigError, match="did you mean 'nps'"):
        KPISystem.from_yaml(YAML.replace("code: nps", "code: npss"))
    with pytest.raises(ConfigError, match="has no target"):
        KPISystem.from_yaml(YAML.replace(", target: 0.8", ""))


# --------------------------------------------------------------------------- indicator cards
CARDED = {"name": "卡片", "dimensions": [{"name": "客户", "weight": 1.0, "indicators": [
    {"code": "csat", "weight": 0.5, "definition": "期内已解决工单的回访问卷，1-5 分中答 4 或 5 分的占比",
     "source": "回访问卷", "period": "年度", "target": 0.85},
    {"code": "fcr", "weight": 0.5, "target": 0.75}]}]}


def test_card_fields_round_trip_and_are_left_out_when_absent(tmp_path):
    s = KPISystem.from_dict(CARDED)
    csat, fcr = s.indicator("csat"), s.indicator("fcr")
    assert (csat.definition, csat.source, csat.period) == (CARDED["dimensions"][0]["indicators"][0]["definition"],
                                                           "回访问卷", "年度")
    assert (fcr.definition, fcr.source, fcr.period) == (None, None, None)
    d = s.to_dict()["dimensions"][0]["indicators"]
    assert d[0]["source"] == "回访问卷" and d[0]["period"] == "年度"
    assert not {"definition", "source", "period"} & set(d[1])
    assert KPISystem.from_yaml(s.to_yaml()) == s
    assert KPISystem.from_json(s.to_json(tmp_path / "s.json")) == s
    assert "数据来源" not in KPISystem.from_dict({"dimensions": [{"name": "x", "weight": 1, "indicators": [
        {"code": "fcr", "weight": 1}]}]}).to_yaml()      # nothing new written for old systems
    assert "source: 回访问卷" in s.to_yaml()


def test_card_fields_must_be_text():
    bad = {"dimensions": [{"name": "客户", "weight": 1, "indicators": [{"code": "csat", "weight": 1, "period": 12}]}]}
    with pytest.raises(ConfigError, match=r"indicator 'csat': period must be non-empty text .*got 12"):
        KPISystem.from_dict(bad)
