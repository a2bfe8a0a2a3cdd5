"""What 03b (services) must find on any seed.

The generator plants three things the chapter teaches for the services industry: agents get tickets of the
same difficulty (no case-mix effect, so the honest conclusion is "adjustment changes nothing"); the
competency shortfalls are largest in 情绪管理 and 投诉处理 (datasets/_config.py: importance x average
shortfall 0.22 and 0.18, the next is 0.10); the July training adds PLANTED["training"]["score_effect"]
test points. Complaint shares have no planted change, so the p-chart should stay in control.
Each check runs in the chapter's kernel after its last cell and uses the chapter's own variables.
"""

CHECKS = [
    ("case mix: every agent's expected FCR is about the same, and the printed conclusion says so",
     "assert balanced, exp_spread\n"
     "assert ('分派得很均衡' in case_mix_text or '分派大体均衡' in case_mix_text), case_mix_text"),
    ("the printed grade sentence agrees with the regrading",
     "assert same == ('没有影响' in case_mix_text), (same, case_mix_text)"),
    ("the two largest weighted gaps are the planted complaint-handling competencies",
     "assert set(team_gap.columns[:2]) == {'情绪管理', '投诉处理'}, list(team_gap.columns)"),
    ("shrinkage pulls every agent's complaint O/E towards 1",
     "assert ((mix_c['oe_shrunk'] - 1).abs() <= (mix_c['oe'] - 1).abs() + 1e-12).all(), mix_c"),
    ("the test-score DiD recovers the planted learning effect",
     "from coursekit.datasets import PLANTED\n"
     "assert did_test.ci[0] <= PLANTED['training']['score_effect'] <= did_test.ci[1], did_test"),
    ("the printed FCR training conclusion follows its confidence interval",
     "text = training_md.data\n"
     "assert ('区间含 0：' in text) == (did_fcr.ci[0] <= 0 <= did_fcr.ci[1]), text"),
    ("the stability sentence follows the p-chart",
     "assert ('统计受控' in stability) == in_control, stability"),
    ("the diagnosis names the SERVQUAL dimension with most complaints",
     "assert top_dim == dimension_counts.drop('其他', errors='ignore').idxmax(), dimension_counts"),
]
