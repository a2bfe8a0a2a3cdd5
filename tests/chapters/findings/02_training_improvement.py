"""Chapter 2: what its methods must find on any seed, and what its printed sentences must then say.

Planted truths (coursekit.datasets.PLANTED): a randomised training with a real FCR and test-score
effect plus a common drift; method offsets on the test score only; a process change in one retail
team that cuts resolution time. Each check runs in the chapter's kernel after its last cell.
"""

CHECKS = [
    ("DiD finds the planted FCR training effect and the sentence calls it significant",
     "assert did_fcr.ci[0] > 0, did_fcr.ci\n"
     "assert '区间不含 0，培训效果显著' in did_text['FCR'], did_text['FCR']"),
    ("the test-score DiD interval covers the planted score effect, and the sentence says so",
     "from coursekit.datasets import PLANTED\n"
     "effect = PLANTED['training']['score_effect']\n"
     "assert did_score.ci[0] <= effect <= did_score.ci[1], (did_score.ci, effect)\n"
     "assert '落在置信区间内' in did_text['测验成绩'], did_text['测验成绩']"),
    ("the naive-versus-DiD sentence follows the sign of the difference",
     "for name, r in (('FCR', did_fcr), ('测验成绩', did_score)):\n"
     "    assert (r.naive > r.estimate) == ('朴素前后差比 DiD 高' in did_text[name]), did_text[name]"),
    ("randomised groups: the pre-training check finds parallel trends and says so",
     "assert parallel, parallel_text\n"
     "assert '平行趋势可信' in parallel_text, parallel_text"),
    ("the FCR verdict on training methods matches the pairwise intervals",
     "assert fcr_sig.empty == ('三种方式两两之间都分不出差异' in fcr_text), fcr_text\n"
     "assert fcr_sig.empty == ('不能以“提升 FCR”为理由' in method_advice), method_advice"),
    ("the method advice names the method with the largest score gain",
     "best_now = by_method['成绩提升'].astype(float).idxmax()\n"
     "assert method_advice.startswith(('学习层有依据：' + best_now, '学习层：' + best_now)), method_advice"),
    ("the XmR chart finds the planted process change (a drop, out of the baseline limits)",
     "from coursekit.datasets import PLANTED\n"
     "assert CHANGE_TEAM == PLANTED['process_change']['team']\n"
     "assert after_out and after < base.mean(), (after_out, after, base.mean())\n"
     "assert '比基线下降' in xmr_text, xmr_text"),
    ("the changed team improves more than its peers, and the case story says both yardsticks agree",
     "assert change[CHANGE_TEAM] < others, (change, others)\n"
     "assert '指向同一个结论' in case_text, case_text"),
    ("the p-chart shows the training effect lasting, and the sentence says so",
     "assert lasting, (t_above, c_above)\n"
     "assert '培训组的提升持续存在' in pchart_text, pchart_text"),
    ("open items: met + late + pending add up to all finance complaints, rate = library rate",
     "import math\n"
     "from coursekit import kpi\n"
     "from coursekit.datasets import EXPORTED_AT\n"
     "row = deadline.loc['15 日']\n"
     "assert row['达成'] + row['超期(含超期未结)'] + row['待定(未到期)'] == len(fin), row\n"
     "lib = kpi.deadline_compliance(fin, start='received_at', end='closed_at', limit_days=15, at=EXPORTED_AT)\n"
     "assert math.isclose(row['达成率'], lib), (row['达成率'], lib)"),
    ("the case story follows one device with repeated repairs",
     "assert story['serial_no'].nunique() == 1 and len(story) >= 2, story"),
]
