"""Checks for 00a_pandas_primer on other seeds.

The primer teaches pandas, not a planted truth, but two of its printed sentences rest on
regularities the generator builds in, so they must hold on any seed: retail's busiest month
is a sales month (618 or Double 11), and FCR is higher in the second half of 2024 than in
the first (the company-wide drift from 2024-07 plus the training effect from 2024-08,
``PLANTED['training']``). The other checks tie the primer's hand computations to the
library (groupby-mean = ``kpi.fcr``) and its missing-value sentence to the data.
"""

CHECKS = [
    ("groupby + mean (the pivot table) gives the same FCR per industry as kpi.fcr",
     "import numpy as np\n"
     "expected = kpi.fcr(tickets, by='industry')\n"
     "assert np.allclose(fcr_by_industry.reindex(expected.index), expected), (fcr_by_industry, expected)"),
    ("the sentence names the industries with the highest and lowest FCR",
     "assert best == fcr_by_industry.idxmax() and worst == fcr_by_industry.idxmin()\n"
     "assert best != worst"),
    ("retail's busiest month is a sales month and the sentence says which",
     "assert peak.month in (6, 11), peak\n"
     "assert season != '不在两大促销月', season"),
    ("FCR rose in 2024 H2 (planted drift and training effect) and the note says so",
     "from coursekit.datasets import PLANTED\n"
     "assert PLANTED['training']['fcr_drift'] > 0 and PLANTED['training']['fcr_effect'] > 0\n"
     "assert h2 > h1, (h1, h2)\n"
     "assert '下半年更高' in half_note, half_note"),
    ("onsite_visit has values only for manufacturing, so the two means agree and the sentence says so",
     "import numpy as np\n"
     "assert np.isclose(onsite_all, onsite_mf), (onsite_all, onsite_mf)\n"
     "assert verdict.startswith('两者相同'), verdict"),
    ("the open-ticket count is the rows without a resolution time",
     "assert 0 < still_open.sum() == tickets['resolved_at'].isna().sum()"),
]
