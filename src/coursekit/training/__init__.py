"""Training analytics (培训分析): needs, pre/post effect, difference-in-differences, Kirkpatrick, ROI.

* :func:`training_needs` — competency gap = required − current, weighted by importance;
* :func:`training_plan` / :func:`team_modules` — each agent's top gaps as focus items,
  team-wide modules where a share of the team falls short;
* :func:`paired_effect` — paired t-test with ``d_z`` and ``d_av`` effect sizes;
* :func:`diff_in_diff` / :func:`diff_in_diff_long` — training effect net of the
  drift everybody had (Welch interval on change scores);
* :func:`kirkpatrick` — the four-level summary of a programme;
* :func:`phillips_roi` — ROI % and benefit-cost ratio (Phillips level 5).

scipy.special (Student's t) is imported inside the functions that need it.

>>> result = paired_effect([60, 65, 70, 75], [66, 68, 79, 81])
>>> result.mean_diff, result.n
(6.0, 4)
"""

from coursekit.training.did import DiDResult, diff_in_diff, diff_in_diff_long
from coursekit.training.evaluation import LEVELS, ROIResult, kirkpatrick, phillips_roi
from coursekit.training.needs import NeedsAnalysis, training_needs
from coursekit.training.paired import PairedEffect, effect_size_label, paired_effect
from coursekit.training.plan import team_modules, training_plan

__all__ = [
    "LEVELS",
    "DiDResult",
    "NeedsAnalysis",
    "PairedEffect",
    "ROIResult",
    "diff_in_diff",
    "diff_in_diff_long",
    "effect_size_label",
    "kirkpatrick",
    "paired_effect",
    "phillips_roi",
    "team_modules",
    "training_needs",
    "training_plan",
]
