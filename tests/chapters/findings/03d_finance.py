"""Findings of 03d_finance (the finance case) that must hold on any seed.

Planted truths the chapter teaches (coursekit.datasets.PLANTED["training"]): the July
2024 programme adds about +15 test points and +0.10 FCR to the trained half; the
whole bank gains a little FCR from July (knowledge-base update). The rest are rules
the chapter applies (the one open-items rule, the compliance gate) and sentences it
prints, which must agree with the numbers beside them.
"""

CHECKS = [
    ("difference-in-differences finds the planted test-score effect (CI above 0, covering PLANTED)",
     "from coursekit.datasets import PLANTED\n"
     "assert did_test.ci[0] > 0, did_test.ci\n"
     "assert did_test.ci[0] <= PLANTED['training']['score_effect'] <= did_test.ci[1], did_test.ci"),
    ("the printed learning verdict follows the test-score CI",
     "assert ('效果明确' in lines[0]) == bool(did_test.ci[0] > 0), lines[0]"),
    ("the pooled FCR difference-in-differences finds a positive training effect",
     "assert pooled.ci[0] > 0, pooled.ci"),
    ("the printed behaviour verdict follows the bank's own FCR CI",
     "assert ('跨过 0' in lines[1]) == bool(did_fcr.ci[0] <= 0), lines[1]"),
    ("monthly FCR rises after the July programme (planted drift + effect)",
     "assert fcr_after > fcr_before, (fcr_before, fcr_after)"),
    ("open complaints not yet due leave the denominator (one rule, EXPORTED_AT)",
     "from coursekit import kpi\n"
     "from coursekit.datasets import EXPORTED_AT\n"
     "rate = 1 - kpi.deadline_compliance(complaints, start='received_at', end='closed_at', limit_days=15, at=EXPORTED_AT)\n"
     "assert abs(overdue.sum() / known.sum() - rate) < 1e-12, (overdue.sum(), known.sum(), rate)\n"
     "assert naive >= rate - 1e-12"),
    ("the compliance gate caps everyone with a critical error at C, three or more at D",
     "assert (final[errors >= 1] <= 'C').all(), final[errors >= 1]\n"
     "assert (final[errors >= 3] == 'D').all(), final[errors >= 3]\n"
     "assert (final[errors == 0] == grades[errors == 0]).all()"),
    ("agents never sampled in 2024 are reported, not scored as zero",
     "assert set(no_qa) == set(card.index[card['qa_score'].isna()])\n"
     "assert score.composite.notna().all()"),
    ("detection chance grows with the number of samples, and the fairness sentence follows it",
     "assert detect_max >= detect_min\n"
     "assert ('抽检设计' in fair_text) == bool(detect_max - detect_min >= 0.3), fair_text"),
    ("the category sentence follows the 3-sigma test",
     "assert concentrated == bool(by_category.loc[worst, '关键错误率'] > upper)\n"
     "assert ('集中' in verdict and '没有超过' not in verdict) == concentrated, verdict"),
    ("the p-chart reading follows its signals",
     "assert reading.startswith('没有报警') == (len(error_signals) == 0), reading"),
    ("the fee-disclosure link is printed only when both analyses point at it",
     "assert ('费用披露' in link) == bool(concentrated and worst == '费用咨询' and table.index[0] == '费用不透明'), link"),
    ("the complaint-trend sentence follows the z statistic",
     "assert ('明显变差' in trend) == bool(z >= 2) and ('明显改善' in trend) == bool(z <= -2), (z, trend)"),
]
