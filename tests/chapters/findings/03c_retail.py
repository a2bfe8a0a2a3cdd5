"""Findings of 03c_retail (the retail case) that must hold on any seed.

Planted truth the chapter teaches (coursekit.datasets.PLANTED["process_change"]): team
RT-T2 multiplies every duration after the first response by 0.6 for tickets created
from 2024-03, so its monthly mean resolution hours drop by about 40 %. The chapter's
XmR chart (2023 baseline, Western Electric rules) must flag it, no earlier than the
change, and the case-mix adjustment with a team stratum must stop the pilot team's
agents collecting the A grades the process earned. The rest are sentences the chapter
prints, which must agree with the numbers beside them.
"""

CHECKS = [
    ("the chapter studies the planted pilot team",
     "from coursekit.datasets import PLANTED\n"
     "assert pilot == PLANTED['process_change']['team'], pilot"),
    ("XmR with the 2023 baseline flags the pilot team, not before the planted month",
     "import pandas as pd\n"
     "from coursekit.datasets import PLANTED\n"
     "assert len(we) > 0, 'no Western Electric signal for the pilot team'\n"
     "assert we.iloc[0]['point'] >= pd.Timestamp(PLANTED['process_change']['month']), we.iloc[0]"),
    ("the pilot team's mean resolution hours fall by a large part of the planted 40 %",
     "from coursekit.datasets import PLANTED\n"
     "assert drop >= (1 - PLANTED['process_change']['factor']) / 2, drop"),
    ("the decision cites the month the chart confirmed the change",
     "assert alarm_month is not None and alarm_month in decisions[0], decisions[0]"),
    ("comparing within the same process does not give the pilot team more A grades",
     "assert team_fair.loc[pilot, 'A'] <= team_grades.loc[pilot, 'A'], (team_grades, team_fair)"),
    ("the fairness conclusion follows the A counts",
     "assert ('流程差异' in fair_text and '没有明显扭曲' not in fair_text) == bool(process_matters), fair_text"),
    ("the FCR fairness sentence follows the rank correlation",
     "assert ('基本公平' in fcr_text) == bool(fcr_rho >= 0.9), fcr_text"),
    ("refunds: one open-items rule at EXPORTED_AT, and the pending sentence follows the waiting time",
     "from coursekit import kpi\n"
     "from coursekit.datasets import EXPORTED_AT\n"
     "flags = kpi.deadline_flags(rx, start='goods_received_at', end='refund_completed_at', limit_days=7, at=EXPORTED_AT)\n"
     "assert late == int(flags.eq(False).sum())\n"
     "assert ('尚在时限内' in pending_text) == bool(len(waiting) and (waiting <= 168).all()), pending_text"),
    ("complaints closed within 7 days use the same rule",
     "from coursekit import kpi\n"
     "from coursekit.datasets import EXPORTED_AT\n"
     "assert closed_in_time == kpi.deadline_compliance(complaints, start='received_at', end='closed_at', limit_days=7, at=EXPORTED_AT)"),
    ("the other teams' reading follows their own alarm counts",
     "for team, n in other_alarms.items():\n"
     "    assert (team in quiet) == (n == 0), (team, n)"),
]
