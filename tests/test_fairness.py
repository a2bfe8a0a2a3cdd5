"""Case-mix adjustment and rater calibration against hand-computed tables."""

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit.errors import ConfigError, DataError
from coursekit.fairness import case_mix, ranking_comparison, rater_calibration, ticket_outcome


def fcr_tickets():
    # A: P1 P1 P1 P3 -> 1 0 1 1 ; B: P1 P3 P3 P3 -> 0 1 1 0 ; C: P3 P3 -> 1 1
    return pd.DataFrame({
        "agent_id": list("AAAABBBBCC"),
        "priority": ["P1", "P1", "P1", "P3", "P1", "P3", "P3", "P3", "P3", "P3"],
        "first_contact_resolved": [True, False, True, True, False, True, True, False, True, True],
    })


def test_case_mix_binary_by_hand():
    # stratum means: P1 = (1+0+1+0)/4 = 0.5 ; P3 = (1+1+1+0+1+1)/6 = 5/6 ; population 7/10 = 0.7
    # A: observed 3/4 ; expected (3*0.5 + 5/6)/4 = 7/12 ; O/E = 9/7 = 1.285714 ; adjusted 0.9
    # B: observed 2/4 ; expected (0.5 + 3*5/6)/4 = 0.75 ; O/E = 2/3 ; adjusted 0.466667
    # C: observed 1 ; expected 5/6 ; O/E = 1.2 ; adjusted 0.84
    mix = case_mix(fcr_tickets(), strata=["priority"], min_n=3)
    assert mix.index.tolist() == ["A", "B", "C"]
    assert mix["n"].tolist() == [4, 4, 2]
    assert mix["observed"].tolist() == pytest.approx([0.75, 0.5, 1.0])
    assert mix["expected"].tolist() == pytest.approx([7 / 12, 0.75, 5 / 6])
    assert mix["oe"].tolist() == pytest.approx([9 / 7, 2 / 3, 1.2])
    assert mix["adjusted"].tolist() == pytest.approx([0.9, 0.7 * 2 / 3, 0.84])
    assert mix["oe_shrunk"].tolist() == pytest.approx(mix["oe"].tolist())  # shrinkage off
    assert mix["small_sample"].tolist() == [False, False, True]
    assert mix.direction == "higher" and mix.population_mean == pytest.approx(0.7)
    assert mix.attrs == {}  # the settings live on the table object, not in pandas' fragile .attrs
    assert mix[["observed", "oe"]].round(2).direction == "higher"  # and survive selecting and rounding
    # indirect standardisation: total expected successes = total observed successes (7)
    assert (mix["n"] * mix["expected"]).sum() == pytest.approx(7.0)


def test_shrinkage_by_hand():
    # k = 2 pseudo-tickets at O/E = 1:
    # A: (4*9/7 + 2)/6 = 25/21 = 1.190476 -> adjusted 0.833333
    # B: (4*2/3 + 2)/6 = 7/9 ; C: (2*1.2 + 2)/4 = 1.1 -> adjusted 0.77
    mix = case_mix(fcr_tickets(), strata=["priority"], shrinkage=2)
    assert mix["oe_shrunk"].tolist() == pytest.approx([25 / 21, 7 / 9, 1.1])
    assert mix["adjusted"].tolist() == pytest.approx([25 / 21 * 0.7, 7 / 9 * 0.7, 0.77])
    assert mix["oe"].tolist() == pytest.approx([9 / 7, 2 / 3, 1.2])  # raw O/E kept


def test_ranking_comparison_by_hand():
    # raw: C 1.0 > A 0.75 > B 0.5 ; adjusted: A 0.9 > C 0.84 > B 0.47
    ranks = ranking_comparison(case_mix(fcr_tickets(), strata=["priority"], min_n=3))
    assert ranks.index.tolist() == ["A", "C", "B"]
    assert ranks["raw_rank"].tolist() == [2, 1, 3]
    assert ranks["adjusted_rank"].tolist() == [1, 2, 3]
    assert ranks["rank_change"].tolist() == [1, -1, 0]
    assert ranks["small_sample"].tolist() == [False, True, False]


def test_continuous_lower_is_better_from_timestamps():
    # T1: a P1 ticket of 10 h and a P4 of 2 h ; T2: P4 of 4 h and 2 h, plus an open ticket (left out)
    # stratum means P1 = 10, P4 = (2+4+2)/3 = 8/3 ; population mean 18/4 = 4.5
    # T1: observed 6, expected (10 + 8/3)/2 = 19/3, O/E = 18/19 = 0.947 (< 1: faster than expected)
    # T2: observed 3, expected 8/3, O/E = 9/8 = 1.125 (slower than expected)
    start = pd.Timestamp("2024-01-01 08:00")
    tickets = pd.DataFrame({
        "team": ["T1", "T1", "T2", "T2", "T2"],
        "priority": ["P1", "P4", "P4", "P4", "P4"],
        "created_at": [start] * 5,
        "resolved_at": [start + pd.Timedelta(hours=h) for h in (10, 2, 4, 2)] + [pd.NaT],
    })
    mix = case_mix(tickets, kpi="ttr_mean_h", strata=["priority"], by="team", min_n=1)
    assert mix["n"].tolist() == [2, 2]
    assert mix["oe"].tolist() == pytest.approx([18 / 19, 9 / 8])
    assert mix["adjusted"].tolist() == pytest.approx([18 / 19 * 4.5, 9 / 8 * 4.5])
    assert mix.direction == "lower"
    ranks = ranking_comparison(mix)
    assert ranks.loc["T1", "raw_rank"] == 2 and ranks.loc["T1", "adjusted_rank"] == 1


def test_several_strata_and_grouping_keys():
    # cells (P1, phone) and (P1, chat) differ: with both strata, A's expected is its own cell mix
    tickets = pd.DataFrame({
        "team": ["X", "X", "Y", "Y"], "agent_id": ["A", "A", "B", "B"],
        "priority": ["P1", "P1", "P1", "P1"], "channel": ["phone", "chat", "phone", "chat"],
        "first_contact_resolved": [True, False, False, False],
    })
    # cells: (P1, phone) = 0.5 ; (P1, chat) = 0 -> A expected 0.25, B expected 0.25
    mix = case_mix(tickets, strata=["priority", "channel"], by=["team", "agent_id"], min_n=1)
    assert mix.index.names == ["team", "agent_id"]
    assert mix["expected"].tolist() == pytest.approx([0.25, 0.25])
    assert mix["oe"].tolist() == pytest.approx([2.0, 0.0])


def test_raw_outcome_column_needs_a_direction_for_ranking():
    tickets = fcr_tickets().assign(score=[80, 70, 90, 60, 75, 85, 65, 95, 70, 80])
    mix = case_mix(tickets, kpi="score", strata=["priority"])
    assert mix.direction is None
    with pytest.raises(ConfigError, match="direction="):
        ranking_comparison(mix)
    assert ranking_comparison(mix, direction="higher")["adjusted_rank"].min() == 1


@pytest.mark.parametrize(
    "change, kwargs, column, text",
    [
        (lambda t: t.drop(columns="priority"), {}, "priority", "case_mix needs this column"),
        (lambda t: t.assign(priority=["P1", None] + ["P3"] * 8), {}, "priority", "must not be missing; rows 1"),
        (lambda t: t, {"kpi": "nope"}, "nope", "neither a per-ticket KPI code nor a column"),
        (lambda t: t.assign(txt=["a"] * 10), {"kpi": "txt"}, "txt", "must be a number; rows 0, 1"),
        (lambda t: t.drop(columns="first_contact_resolved"), {}, "first_contact_resolved", "needs this column"),
    ],
)
def test_case_mix_bad_input(change, kwargs, column, text):
    with pytest.raises(DataError) as info:
        case_mix(change(fcr_tickets()), strata=["priority"], **kwargs)
    assert info.value.column == column
    assert text in str(info.value)
    assert "fix:" in str(info.value)


@pytest.mark.parametrize("kwargs", [{"min_n": 0}, {"shrinkage": -1}, {"direction": "up"}, {"strata": []}])
def test_case_mix_bad_settings(kwargs):
    with pytest.raises(ConfigError):
        case_mix(fcr_tickets(), **({"strata": ["priority"]} | kwargs))


def ratings_3x3():
    #        x  y  z
    #   A    5  5  5   (lenient, no spread)
    #   B    3  4  2
    #   C    2  3  1   (strict)
    return pd.DataFrame({"rater": list("AAABBBCCC"), "ratee": list("xyzxyzxyz"),
                         "score": [5, 5, 5, 3, 4, 2, 2, 3, 1]})


def test_rater_calibration_by_hand():
    # pool: mean 30/9 = 10/3 ; squared deviations sum to 18 -> var 18/8 = 2.25, sd 1.5
    # offset vs pool: A 5-10/3 = 5/3 ; B 3-10/3 = -1/3 ; C 2-10/3 = -4/3
    # offset vs others on the same ratee:
    #   A: x 5-(3+2)/2 = 2.5, y 5-3.5 = 1.5, z 5-1.5 = 3.5 -> 2.5
    #   B: x 3-3.5 = -0.5, y 4-4 = 0, z 2-3 = -1 -> -0.5
    #   C: x 2-4 = -2, y 3-4.5 = -1.5, z 1-3.5 = -2.5 -> -2.0
    # spread ratio: A 0/1.5 = 0 ; B 1/1.5 ; C 1/1.5
    # leniency (others, in pool sd): A 2.5/1.5 = 1.667 ; B -0.333 ; C -1.333
    cal = rater_calibration(ratings_3x3())
    assert cal.pool_sd == pytest.approx(1.5) and cal.attrs == {}
    assert cal["n"].tolist() == [3, 3, 3]
    assert cal["offset_pool"].tolist() == pytest.approx([5 / 3, -1 / 3, -4 / 3])
    assert cal["offset_others"].tolist() == pytest.approx([2.5, -0.5, -2.0])
    assert cal["spread_ratio"].tolist() == pytest.approx([0.0, 2 / 3, 2 / 3])
    assert cal["leniency"].tolist() == pytest.approx([2.5 / 1.5, -0.5 / 1.5, -2.0 / 1.5])
    assert cal["flags"].tolist() == ["lenient, central tendency", "", "strict"]
    pool = rater_calibration(ratings_3x3(), against="pool")
    assert pool["leniency"].tolist() == pytest.approx([5 / 3 / 1.5, -1 / 3 / 1.5, -4 / 3 / 1.5])
    assert pool["flags"].tolist() == ["lenient, central tendency", "", "strict"]


def test_rater_thresholds_and_unshared_ratees():
    # raise the offset threshold above 1.667: nobody is lenient or strict any more
    cal = rater_calibration(ratings_3x3(), offset_threshold=2.0, spread_threshold=0.7)
    assert cal["flags"].tolist() == ["central tendency", "central tendency", "central tendency"]
    # a ratee only C rated does not enter C's offset vs others
    extra = pd.concat([ratings_3x3(), pd.DataFrame({"rater": ["C"], "ratee": ["w"], "score": [5]})],
                      ignore_index=True)
    cal = rater_calibration(extra)
    assert cal.loc["C", "n"] == 4 and cal.loc["C", "n_shared"] == 3
    assert cal.loc["C", "offset_others"] == pytest.approx(-2.0)


@pytest.mark.parametrize(
    "change, column, text",
    [
        (lambda r: r.drop(columns="ratee"), "ratee", "needs this column"),
        (lambda r: r.assign(score=["5"] * 8 + ["five"]), "score", "must be a number; rows 8"),
        (lambda r: r.assign(score=[5.0] * 8 + [None]), "score", "must not be missing; rows 8"),
        (lambda r: r.assign(score=[3] * 9), "score", "no spread"),
        (lambda r: r.assign(rater=[None] + ["A"] * 8), "rater", "must not be missing; rows 0"),
    ],
)
def test_rater_bad_input(change, column, text):
    with pytest.raises(DataError) as info:
        rater_calibration(change(ratings_3x3()))
    assert info.value.column == column
    assert text in str(info.value)


# ---- planted truth 2 (coursekit.datasets.generate.PLANTED["case_mix"]) ------------------------


@pytest.mark.parametrize("strata", [("category", "priority"), ("category", "priority", "channel", "product_line")])
def test_case_mix_reverses_the_planted_teams_rank(strata):
    datasets = pytest.importorskip("coursekit.datasets")
    from coursekit.datasets.generate import PLANTED

    planted = PLANTED["case_mix"]
    tickets = datasets.load("tickets")
    teams = tickets[tickets["industry"] == planted["industry"]]
    ranks = ranking_comparison(case_mix(teams, kpi="fcr", strata=strata, by="team"))
    assert len(ranks) == 4
    assert ranks.loc[planted["team"], "raw_rank"] == 4  # raw FCR: last
    assert ranks.loc[planted["team"], "adjusted_rank"] == 1  # observed/expected: first
    assert ranks.loc[planted["team"], "rank_change"] == 3
    assert not ranks["small_sample"].any()


def test_group_with_zero_expected_gets_no_rank_and_overlap_is_refused():
    # stratum P1 never resolved at first contact: agent Z (only P1 tickets) has expected 0 -> O/E undefined
    tickets = pd.DataFrame({"agent_id": ["Y", "Y", "Z", "Z"], "priority": ["P3", "P1", "P1", "P1"],
                            "first_contact_resolved": [True, False, False, False]})
    mix = case_mix(tickets, strata=["priority"], min_n=1)
    assert pd.isna(mix.loc["Z", "oe"]) and pd.isna(mix.loc["Z", "adjusted"])
    ranks = ranking_comparison(mix)
    assert ranks.loc["Y", "adjusted_rank"] == 1 and pd.isna(ranks.loc["Z", "adjusted_rank"])
    with pytest.raises(ConfigError, match="both a stratum and the grouping"):
        case_mix(tickets, strata=["priority"], by="priority")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("ABC"), st.sampled_from(["P1", "P2", "P3"]), st.booleans()),
                min_size=1, max_size=60))
def test_case_mix_total_expected_equals_total_observed(rows):
    # indirect standardisation: sum over tickets of the stratum means = sum of outcomes
    tickets = pd.DataFrame(rows, columns=["agent_id", "priority", "first_contact_resolved"])
    mix = case_mix(tickets, strata=["priority"], min_n=1)
    assert (mix["n"] * mix["expected"]).sum() == pytest.approx((mix["n"] * mix["observed"]).sum())
    assert mix["n"].sum() == len(tickets)


def test_case_mix_accepts_object_column_of_flags():
    # An object-dtype outcome column holding only True/False must be read as 1/0, not rejected.
    # Hand check: stratum x has outcomes [1, 0] (rate 0.5) -> agent a (the 1) has O/E = 1/0.5 = 2.
    frame = pd.DataFrame({"agent_id": ["a", "b"], "category": ["x", "x"],
                          "met": pd.Series([True, False], dtype=object)})
    from coursekit.fairness import case_mix
    mix = case_mix(frame, kpi="met", strata=("category",), min_n=1)
    assert mix.loc["a", "oe"] == pytest.approx(2.0)
    assert mix.loc["b", "oe"] == pytest.approx(0.0)


def test_missing_tables_and_columns_get_the_fix_for_that_function():
    with pytest.raises(DataError, match="column 'grader': rater_calibration needs this column .*"
                                        "fix: name the ratings table's columns with rater=, ratee= and score="):
        rater_calibration(ratings_3x3(), rater="grader")
    with pytest.raises(DataError,
                       match="ranking_comparison needs a DataFrame, got list; fix: pass the result of case_mix"):
        ranking_comparison([1, 2])
    with pytest.raises(DataError, match="ticket_outcome needs a DataFrame"):
        ticket_outcome([1, 2], "fcr")
