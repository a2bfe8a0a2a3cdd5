"""Training analytics against hand computations and scipy.stats."""

import math

import pandas as pd
import pytest

from coursekit.errors import ConfigError, DataError
from coursekit.training import (
    ROIResult,
    kirkpatrick,
    phillips_roi,
)


def test_phillips_roi_by_hand():
    # benefits 150 000, costs 60 000 + 40 000 = 100 000
    # ROI = (150 000 - 100 000)/100 000 * 100 = 50 % ; BCR = 1.5
    r = phillips_roi(150_000, {"trainer": 60_000, "time off job": 40_000})
    assert (r.roi_pct, r.bcr, r.net_benefit) == (50.0, 1.5, 50_000.0)
    # isolation: 60 % of the gain credited to training, 80 % confidence in the estimate
    # benefits 150 000 * 0.6 * 0.8 = 72 000 ; ROI = -28 % ; BCR = 0.72
    adj = phillips_roi([100_000, 50_000], 100_000, attribution=0.6, estimate_confidence=0.8)
    assert adj.benefits == pytest.approx(72_000) and adj.raw_benefits == 150_000
    assert adj.roi_pct == pytest.approx(-28.0) and adj.bcr == pytest.approx(0.72)


@pytest.mark.parametrize(
    "benefits, costs, kwargs, error, text",
    [
        (100, 0, {}, DataError, "column 'costs': must be more than 0"),
        (100, -5, {}, DataError, "must be more than 0"),
        ("lots", 10, {}, DataError, "column 'benefits'"),
        (100, [10, "x"], {}, DataError, "column 'costs': must be a number; rows 1"),
        (100, 10, {"attribution": 1.5}, ConfigError, "attribution"),
        (100, 10, {"estimate_confidence": 0}, ConfigError, "estimate_confidence"),
    ],
)
def test_phillips_roi_bad_input(benefits, costs, kwargs, error, text):
    with pytest.raises(error, match=text):
        phillips_roi(benefits, costs, **kwargs)


def kirkpatrick_frame():
    return pd.DataFrame({
        "group": ["treatment"] * 3 + ["control"] * 3,
        "reaction": [4.0, 5.0, 3.0, None, None, None],
        "pre_score": [50, 55, 60, 52, 56, 58], "post_score": [62, 66, 73, 55, 58, 62],
        "fcr_pre": [0.70, 0.72, 0.68, 0.70, 0.71, 0.69], "fcr_post": [0.80, 0.84, 0.77, 0.72, 0.72, 0.72],
    })


def test_kirkpatrick_table_by_hand():
    # L1: mean reaction of the trained (4+5+3)/3 = 4 ; L2: score DiD = 9 (as in test_diff_in_diff_by_hand)
    # L3: FCR changes treated .10 .12 .09 -> .103333 ; control .02 .01 .03 -> .02 ; DiD .083333
    # L4: benefits 150,000 ; L5 (Phillips): ROI = (150,000 - 100,000) / 100,000 = 50 %
    table = kirkpatrick(kirkpatrick_frame(), results=phillips_roi(150_000, 100_000))
    assert list(table.columns) == ["level", "name", "name_zh", "measure", "value", "source"]
    assert table["level"].tolist() == [1, 2, 3, 4, 5]
    assert table["name_zh"].tolist() == ["反应层", "学习层", "行为层", "结果层", "投资回报率层"]
    assert table["value"].tolist() == pytest.approx([4.0, 9.0, 0.25 / 3, 150_000, 50.0])
    assert "n=3" in table.loc[0, "source"]
    assert "DiD" in table.loc[1, "measure"] and "control n=3" in table.loc[1, "source"]
    assert "BCR 1.50" in table.loc[4, "source"]
    # the same ROI passed beside a custom level-4 result
    custom = kirkpatrick(kirkpatrick_frame(), results={"value": 3.0}, roi=phillips_roi(150_000, 100_000))
    assert custom["value"].tolist()[3:] == pytest.approx([3.0, 50.0])
    # without an ROI there is no fifth level
    assert kirkpatrick(kirkpatrick_frame())["level"].tolist() == [1, 2, 3, 4]


def test_kirkpatrick_without_control_and_with_custom_results():
    trained = kirkpatrick_frame().iloc[:3]
    table = kirkpatrick(trained, behaviour=None,
                        results={"measure": "complaints per 1,000 orders", "value": -1.2, "source": "CRM"})
    # no control group: level 2 is the paired mean change (12+11+13)/3 = 12
    assert table.loc[1, "value"] == pytest.approx(12.0)
    assert "no control group" in table.loc[1, "measure"]
    assert math.isnan(table.loc[2, "value"]) and table.loc[2, "measure"] == "not measured"
    assert table.loc[3, "value"] == -1.2 and table.loc[3, "source"] == "CRM"
    with pytest.raises(ConfigError, match="'value'"):
        kirkpatrick(trained, results={"measure": "x"})
    with pytest.raises(DataError, match="column 'reaction'"):
        kirkpatrick(trained.drop(columns="reaction"))
    # break-even: benefits equal costs -> ROI 0 %, BCR 1
    even = phillips_roi(1, 1)
    assert isinstance(even, ROIResult) and (even.roi_pct, even.bcr) == (0.0, 1.0)


# ---- planted truth 1 (coursekit.datasets.generate.PLANTED["training"]) -------------------------


