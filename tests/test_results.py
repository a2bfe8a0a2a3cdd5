"""Every result object of the model packages follows ``coursekit.results.Result``.

For each public result class: it is a :class:`~coursekit.results.HasTable`, ``.table()`` is a
non-empty DataFrame on a small worked example (numbers checked by hand below), and
``_repr_html_()`` shows Chinese text. No function of these packages hands back a
DataFrame or Series with metadata in ``.attrs``.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import re
import warnings

import pandas as pd
import pytest

from coursekit import appraisal, spc, training, weights
from coursekit.i18n import set_language
from coursekit.results import HasTable, Result
from coursekit.system import Dimension, Indicator, KPISystem, example_system, indicator_cards, normalise

CJK = re.compile(r"[\u4e00-\u9fff]")

# Small worked examples (the same numbers as the docstrings of the functions).
SCORES = pd.Series([91, 88, 85, 85, 80, 78, 75, 70, 65, 60], index=list("abcdefghij"))
DID_FRAME = pd.DataFrame({"group": ["treatment"] * 3 + ["control"] * 3,
                          "pre": [50, 55, 60, 52, 56, 58], "post": [62, 66, 73, 55, 58, 62]})
COMPETENCY = pd.DataFrame({"agent_id": ["A", "A", "B", "B"], "team": ["T", "T", "T", "T"],
                           "competency": ["product", "empathy", "product", "empathy"],
                           "importance": [0.6, 0.4, 0.6, 0.4],
                           "required_level": [4, 4, 4, 4], "current_level": [2, 5, 3, 1]})
SYSTEM = KPISystem([Dimension("客户", 0.5, [Indicator("csat", 1.0)]),
                    Dimension("效率", 0.5, [Indicator("fcr", 0.5), Indicator("ttr_median_h", 0.5)])], name="demo")
CARD = pd.DataFrame({"csat": [0.9, 0.8, 0.7], "fcr": [0.6, 0.8, 0.7], "ttr_median_h": [4.0, 6.0, 8.0]},
                    index=["T1", "T2", "T3"])


def _examples() -> dict[str, object]:
    return {
        "ForcedDistribution": appraisal.quota_report(appraisal.forced_distribution(SCORES)),
        "DiDResult": training.diff_in_diff(DID_FRAME, "pre", "post"),
        "PairedEffect": training.paired_effect([60, 65, 70, 75], [66, 68, 79, 81]),
        "ROIResult": training.phillips_roi(150_000, {"trainer": 60_000, "time off job": 40_000}),
        "NeedsAnalysis": training.training_needs(COMPETENCY),
        "XmRResult": spc.xmr([1, 1, 2, 1, 9], baseline=4),
        "PChartResult": spc.p_chart([1, 2, 1, 30], [100] * 4),
        "PDCACycle": spc.PDCACycle("缩短退款周期", ["预审核"], kpi="return_time_h", baseline=72.0, after=48.0,
                                   direction="lower"),
        "AHPResult": weights.ahp([[1, 3], [1 / 3, 1]], labels=["fcr", "speed"]),
        "HierarchicalAHPResult": weights.hierarchical_ahp([[1, 3], [1 / 3, 1]],
                                                          {"客户": [[1, 1], [1, 1]], "效率": [[1, 3], [1 / 3, 1]]}),
        "SystemScore": SYSTEM.score(CARD),
        "IndicatorCards": indicator_cards(SYSTEM),
        "KPISystem": SYSTEM,
    }


@pytest.fixture(autouse=True)
def chinese():
    set_language("zh")
    yield
    set_language("zh")


@pytest.mark.parametrize("name", list(_examples()))
def test_result_protocol(name):
    result = _examples()[name]
    assert type(result).__name__ == name
    assert isinstance(result, HasTable) and isinstance(result, Result)
    table = result.table()
    assert isinstance(table, pd.DataFrame) and not table.empty
    assert table.attrs == {}
    html = result._repr_html_()
    assert CJK.search(html), f"{name}: no Chinese in its notebook display"


def test_result_tables_by_hand():
    ex = _examples()
    # 20/70/10 of 10 distinct scores: exactly 2 A, 7 B, 1 C → deviations all 0
    forced = ex["ForcedDistribution"].table()
    assert forced["count"].tolist() == [2, 7, 1] and forced["deviation"].abs().max() < 1e-12
    # DiD: treated change (12+11+13)/3 = 12, control (3+2+4)/3 = 3 → 9
    assert ex["DiDResult"].table()["change"].tolist() == pytest.approx([12.0, 3.0])
    # paired: d = 6, 3, 9, 6 → mean 6, n 4, df 3
    assert ex["PairedEffect"].table().loc[0, ["n", "mean_diff", "df"]].tolist() == [4, 6.0, 3]
    # ROI: (150 000 − 100 000) / 100 000 = 50 %, BCR 1.5
    assert ex["ROIResult"].table().loc[0, ["roi_pct", "bcr"]].tolist() == [50.0, 1.5]
    # needs: A = 0.6·2 = 1.2, B = 0.6·1 + 0.4·3 = 1.8
    assert ex["NeedsAnalysis"].table()["need_index"].to_dict() == pytest.approx({"B": 1.8, "A": 1.2})
    # AHP 2 × 2 with a12 = 3: weights 3/4 and 1/4
    assert ex["AHPResult"].table()["weight"].tolist() == pytest.approx([0.75, 0.25])
    # hierarchy: 0.75 × (0.5, 0.5), 0.25 × (0.75, 0.25)
    assert ex["HierarchicalAHPResult"].table()["global_weight"].tolist() == pytest.approx(
        [0.375, 0.375, 0.1875, 0.0625])
    # system: composites 75, 62.5, 12.5 (tests/system/test_model.py) → T1 first
    assert ex["SystemScore"].table()["composite"].tolist() == pytest.approx([75.0, 62.5, 12.5])
    assert ex["XmRResult"].table()["outside"].tolist() == [False, False, False, False, True]
    assert ex["PDCACycle"].table().loc[0, "delta"] == -24.0


MODEL_PACKAGES = ("coursekit.appraisal", "coursekit.training", "coursekit.spc", "coursekit.weights",
                  "coursekit.system")
#: Public dataclasses that are inputs or settings, not results.
NOT_RESULTS = {"Indicator", "Dimension", "Rule"}


def _public_classes():
    for package in MODEL_PACKAGES:
        module = importlib.import_module(package)
        names = [package]
        if hasattr(module, "__path__"):
            names += [f"{package}.{m.name}" for m in pkgutil.iter_modules(module.__path__)
                      if not m.name.startswith("_")]
        for name in names:
            mod = importlib.import_module(name)
            for attr in getattr(mod, "__all__", []):
                obj = getattr(mod, attr)
                if (inspect.isclass(obj) and obj.__module__.startswith(package)
                        and (dataclasses.is_dataclass(obj) or hasattr(obj, "table"))):
                    yield obj


def test_every_public_result_class_is_covered():
    found = {cls.__name__ for cls in _public_classes()} - NOT_RESULTS
    assert found <= set(_examples()), f"result classes without an example here: {found - set(_examples())}"
    for cls in _public_classes():
        if cls.__name__ not in NOT_RESULTS:
            assert issubclass(cls, Result), cls


def _frames():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield "forced_distribution", appraisal.forced_distribution(SCORES)
        yield "forced_distribution small", appraisal.forced_distribution(SCORES[:4])
        yield "grade_by_threshold", appraisal.grade_by_threshold(SCORES)
        yield "percentile_bands", appraisal.percentile_bands(SCORES)
        yield "percentile_rank", appraisal.percentile_rank(SCORES)
        yield "grade_shares", appraisal.grade_shares(appraisal.forced_distribution(SCORES))
    needs = training.training_needs(COMPETENCY)
    yield "needs.detail", needs.detail
    yield "training_plan", training.training_plan(needs, top_k=1)
    yield "team_modules", training.team_modules(needs)
    kirk = DID_FRAME.rename(columns={"pre": "pre_score", "post": "post_score"}).assign(
        reaction=[4.0, 5.0, 4.0, None, None, None], fcr_pre=[0.7, 0.72, 0.7, 0.7, 0.71, 0.7],
        fcr_post=[0.8, 0.8, 0.82, 0.72, 0.73, 0.71])
    yield "kirkpatrick", training.kirkpatrick(kirk)
    yield "pareto", spc.pareto({"a": 5, "b": 3, "c": 2})
    yield "rules", spc.xmr([1, 1, 2, 1, 9], baseline=4).rules()
    yield "rule_table", spc.rule_table()
    yield "pdca_table", spc.pdca_table([spc.PDCACycle("x")])
    yield "entropy_details", weights.entropy_details(CARD)
    yield "inconsistency", weights.ahp([[1, 2, 4], [1 / 2, 1, 3], [1 / 4, 1 / 3, 1]]).inconsistency()
    yield "global_weights", SYSTEM.global_weights()
    yield "describe", example_system("retail").describe()
    yield "normalise", normalise([1.0, 2.0, 3.0])


@pytest.mark.parametrize("name, value", list(_frames()), ids=[n for n, _ in _frames()])
def test_no_metadata_in_attrs(name, value):
    assert isinstance(value, pd.DataFrame | pd.Series)
    assert value.attrs == {}, f"{name} keeps metadata in .attrs: {value.attrs}"
