"""Training analytics against hand computations and scipy.stats."""


import pytest
from scipy import stats


def test_t_distribution_helpers_match_scipy_stats():
    """The paired test and DiD use scipy.special's t functions (a lighter import than scipy.stats).

    Reference: scipy.stats.t, which calls the same special functions; plus two t-table values.
    """

    from coursekit.training._t import t_quantile, two_sided_p

    for df in (1, 2.5, 3, 10, 51.7, 200):
        for t in (0.0, 0.5, 2.0, 4.899, 12.0):
            assert two_sided_p(t, df) == pytest.approx(2 * stats.t.sf(t, df), rel=1e-12, abs=1e-300)
            assert two_sided_p(-t, df) == two_sided_p(t, df)
        for q in (0.9, 0.95, 0.975, 0.995):
            assert t_quantile(q, df) == pytest.approx(stats.t.ppf(q, df), rel=1e-10)
    assert round(t_quantile(0.975, 3), 3) == 3.182 and round(t_quantile(0.975, 10), 3) == 2.228
