"""What 03a (manufacturing) must find on any seed: the planted case-mix truth and the training effect on tests.

The generator gives team PLANTED["case_mix"]["team"] (MF-T3) the hardest tickets and the most skilled
engineers: its raw FCR ranks last, its observed/expected FCR (category x priority strata) ranks first.
Each check runs in the chapter's kernel after its last cell and uses the chapter's own variables.
"""

CHECKS = [
    ("the chapter's key-account team is the planted hard team",
     "from coursekit.datasets import PLANTED\n"
     "assert HARD == PLANTED['case_mix']['team'] and tuple(STRATA) == tuple(PLANTED['case_mix']['strata']), (HARD, STRATA)"),
    ("raw FCR ranks the planted team last",
     "assert ranks.loc[HARD, 'raw_rank'] == len(ranks), ranks"),
    ("O/E ranks the planted team first",
     "assert ranks.loc[HARD, 'adjusted_rank'] == 1, ranks"),
    ("the printed fairness conclusion says last on raw, first on O/E",
     "assert '垫底' in fair_text and '排第一' in fair_text, fair_text"),
    ("the on-site SLA sentence follows the numbers",
     "assert ('反而最高' in where) == (sla_split['上门工单SLA达成率'].idxmax() == HARD), (where, sla_split)"),
    ("adjusted composite scores agree better with the hidden skill than raw ones",
     "assert agreement['调整后综合分'] > agreement['原始综合分'], agreement"),
    ("the test-score DiD recovers the planted learning effect",
     "from coursekit.datasets import PLANTED\n"
     "assert did_test.ci[0] <= PLANTED['training']['score_effect'] <= did_test.ci[1], did_test"),
    ("the printed FCR training conclusion follows its confidence interval",
     "text = training_md.data\n"
     "assert ('区间跨过 0' in text) == (did_fcr.ci[0] <= 0 <= did_fcr.ci[1]), text"),
    ("the p-chart sentence names the first alarm after the training when there is one",
     "assert signals.empty or (('之后' in Markdown(alarm).data) == (signals.iloc[0]['point'] >= TRAINING_MONTH)), alarm"),
]
