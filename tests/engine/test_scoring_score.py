"""Scores: hand-computed weighted, WSJF and RICE totals, breakdowns, coverage and ranks."""

from __future__ import annotations

import pytest

from tandem.engine.scoring import (
    SIZE_FLOOR,
    Criterion,
    Rating,
    ScoringModel,
    Side,
    business_value,
    it_view,
    score,
)


def rate(
    item: int,
    criterion: int,
    value: float,
    scorer: int = 0,
    side: Side = "business",
    unit: int = -1,
) -> Rating:
    """One rating, by default a business scorer's."""
    return Rating(item, criterion, value, scorer, side, unit)


def weighted_model() -> ScoringModel:
    """Value (business, weight 2), urgency (business, 1), effort (IT, 1, lower is better)."""
    return ScoringModel(
        "weighted",
        (
            Criterion("value", "Value", "business", weight=2.0),
            Criterion("urgency", "Urgency", "business"),
            Criterion("effort", "Effort", "it", higher_is_better=False),
        ),
    )


def wsjf_model() -> ScoringModel:
    """WSJF's four roles plus a feasibility criterion outside the formula."""
    return ScoringModel(
        "wsjf",
        (
            Criterion("bv", "Business value", "business", role="business_value"),
            Criterion("tc", "Time criticality", "business", role="time_criticality"),
            Criterion("rr", "Risk / opportunity", "business", role="risk_opportunity"),
            Criterion("js", "Job size", "it", higher_is_better=False, role="job_size"),
            Criterion("feasibility", "Feasibility", "it", feasibility=True),
        ),
    )


def rice_model() -> ScoringModel:
    """RICE's four roles, effort first to show the order of criteria does not matter."""
    return ScoringModel(
        "rice",
        (
            Criterion("effort", "Effort", "it", higher_is_better=False, role="effort"),
            Criterion("reach", "Reach", "business", role="reach"),
            Criterion("impact", "Impact", "business", role="impact"),
            Criterion("confidence", "Confidence", "business", role="confidence"),
        ),
    )


def single(values: list[float | None]) -> list[Rating]:
    """One business rating per item on criterion 0 (None: unrated)."""
    return [rate(item, 0, v) for item, v in enumerate(values) if v is not None]


ONE = ScoringModel("weighted", (Criterion("value", "Value", "business"),))


def test_weighted_total_inverts_lower_is_better():
    """(2·4 + 1·3 + 1·(5−1)) / (4·5) = 15/20 → 75, with points 40 + 15 + 20."""
    ratings = [rate(0, 0, 4), rate(0, 1, 3), rate(0, 2, 1, scorer=1, side="it")]
    result = score(weighted_model(), ratings, 1)
    assert result.method == "weighted"
    assert result.totals == (75.0,)
    assert result.values == ((4.0, 3.0, 1.0),)
    assert result.contributions == ((40.0, 15.0, 20.0),)
    assert result.coverage == (1.0,)


def test_weighted_total_leaves_out_unrated_criteria_and_reports_coverage():
    """Only value rated (5): 2·5 / 2·5 → 100, covering 2 of 4 weight; unrated items have None."""
    result = score(weighted_model(), [rate(0, 0, 5)], 2)
    assert result.totals == (100.0, None)
    assert result.contributions == ((100.0, None, None), (None, None, None))
    assert result.coverage == (0.5, 0.0)
    assert result.ranks == (1, None)
    assert result.order == (0, 1)


def test_weighted_value_prefers_the_owning_side():
    """Business owns value: IT's 0 is ignored while a business rating exists."""
    ratings = [
        rate(0, 0, 4, scorer=0),
        rate(0, 0, 2, scorer=1),
        rate(0, 0, 0, scorer=9, side="it"),
        rate(0, 2, 2, scorer=9, side="it"),
        rate(0, 2, 5, scorer=0),
    ]
    result = score(weighted_model(), ratings, 1)
    assert result.values == ((3.0, None, 2.0),)
    # (2·3 + 1·(5−2)) / (3·5) = 9/15
    assert result.totals[0] == pytest.approx(60.0)


def test_weighted_value_falls_back_to_the_other_side():
    """Without an owning-side rating, everyone's mean is the value."""
    ratings = [rate(0, 0, 2, scorer=8, side="it"), rate(0, 0, 3, scorer=9, side="it")]
    result = score(weighted_model(), ratings, 1)
    assert result.values[0][0] == 2.5
    assert result.totals == (50.0,)


def test_weighted_zero_weight_criterion_adds_no_points():
    """A rated criterion of weight 0 is shown with 0 points; alone it gives no total."""
    model = ScoringModel(
        "weighted",
        (Criterion("a", "A", "business"), Criterion("note", "Note", "business", weight=0)),
    )
    result = score(model, [rate(0, 0, 5), rate(0, 1, 1), rate(1, 1, 4)], 2)
    assert result.totals == (100.0, None)
    assert result.contributions == ((100.0, 0.0), (None, None))
    assert result.coverage == (1.0, 0.0)


def test_wsjf_total_is_cost_of_delay_over_job_size():
    """(4 + 3 + 2) / 3 = 3; job size is not inverted; feasibility adds nothing."""
    ratings = [
        rate(0, 0, 4),
        rate(0, 1, 3),
        rate(0, 2, 2),
        rate(0, 3, 3, scorer=1, side="it"),
        rate(0, 4, 1, scorer=1, side="it"),
    ]
    result = score(wsjf_model(), ratings, 1)
    assert result.totals == (3.0,)
    assert result.contributions == ((4.0, 3.0, 2.0, 3.0, None),)
    assert result.values[0][4] == 1.0
    assert result.coverage == (1.0,)


def test_wsjf_job_size_below_the_floor_counts_as_the_floor():
    """A job size of 0 (or 0.25) divides by 0.5: (4 + 3 + 2) / 0.5 = 18."""
    assert SIZE_FLOOR == 0.5
    for size in (0.0, 0.25, 0.5):
        ratings = [rate(0, 0, 4), rate(0, 1, 3), rate(0, 2, 2), rate(0, 3, size, 1, "it")]
        assert score(wsjf_model(), ratings, 1).totals == (18.0,)


def test_wsjf_total_is_none_when_a_part_is_missing():
    """Without risk/opportunity there is no WSJF; coverage shows three of four roles."""
    ratings = [rate(0, 0, 4), rate(0, 1, 3), rate(0, 3, 3, scorer=1, side="it")]
    result = score(wsjf_model(), ratings, 1)
    assert result.totals == (None,)
    assert result.coverage == (0.75,)
    assert result.contributions == ((4.0, 3.0, None, 3.0, None),)
    assert result.ranks == (None,)


def test_rice_total():
    """4 × 3 × (5/5) / 2 = 6; with confidence 2.5, half of it."""
    sure = [rate(0, 0, 2, 1, "it"), rate(0, 1, 4), rate(0, 2, 3), rate(0, 3, 5)]
    unsure = [rate(1, 0, 2, 1, "it"), rate(1, 1, 4), rate(1, 2, 3), rate(1, 3, 2.5)]
    result = score(rice_model(), sure + unsure, 2)
    assert result.totals == (6.0, 3.0)
    assert result.contributions[0] == (2.0, 4.0, 3.0, 5.0)
    assert result.ranks == (1, 2)


def test_rice_effort_below_the_floor_counts_as_the_floor():
    """Effort 0 divides by 0.5: 4 × 3 × 1 / 0.5 = 24."""
    ratings = [rate(0, 0, 0, 1, "it"), rate(0, 1, 4), rate(0, 2, 3), rate(0, 3, 5)]
    assert score(rice_model(), ratings, 1).totals == (24.0,)


def test_rice_total_is_none_when_a_part_is_missing():
    """No effort estimate, no RICE."""
    result = score(rice_model(), [rate(0, 1, 4), rate(0, 2, 3), rate(0, 3, 5)], 1)
    assert (result.totals, result.coverage) == ((None,), (0.75,))


def test_ranks_share_the_better_place_on_ties():
    """Totals 60, 100, 60, –, 20 rank 2, 1, 2, –, 4 (competition ranking)."""
    result = score(ONE, single([3, 5, 3, None, 1]), 5)
    assert result.totals == (60.0, 100.0, 60.0, None, 20.0)
    assert result.ranks == (2, 1, 2, None, 4)
    assert result.order == (1, 0, 2, 4, 3)


def test_ranks_tie_totals_equal_up_to_rounding():
    """A mean of 0.1 and 0.2 ties a rating of 0.15, though the floats differ in the last bit."""
    ratings = [rate(0, 0, 0.1, 0), rate(0, 0, 0.2, 1), rate(1, 0, 0.15)]
    result = score(ONE, ratings, 2)
    assert result.totals[0] != result.totals[1]
    assert result.ranks == (1, 1)
    assert result.order == (0, 1)


def test_unscored_items_come_last_by_index():
    """Items without a total follow the scored ones, in index order."""
    result = score(ONE, single([None, 2, None, 4]), 4)
    assert result.order == (3, 1, 0, 2)
    assert result.ranks == (None, 2, None, 1)


def test_score_with_no_items_is_empty():
    """No items, no scores."""
    result = score(ONE, [], 0)
    assert (result.totals, result.values, result.ranks, result.order) == ((), (), (), ())


def test_business_value_and_it_view_split_the_criteria_by_side():
    """Business: (2·4 + 1·3) / 15 → 73.3; IT: effort 1 inverted → 80."""
    ratings = [rate(0, 0, 4), rate(0, 1, 3), rate(0, 2, 1, scorer=1, side="it")]
    assert business_value(weighted_model(), ratings, 2) == (pytest.approx(220 / 3), None)
    assert it_view(weighted_model(), ratings, 2) == (80.0, None)


def test_business_value_of_a_wsjf_model_averages_its_business_criteria():
    """WSJF business criteria 4, 3, 2 → 60; IT view inverts job size 3 and adds feasibility 1."""
    ratings = [
        rate(0, 0, 4),
        rate(0, 1, 3),
        rate(0, 2, 2),
        rate(0, 3, 3, scorer=1, side="it"),
        rate(0, 4, 1, scorer=1, side="it"),
    ]
    assert business_value(wsjf_model(), ratings, 1) == (60.0,)
    assert it_view(wsjf_model(), ratings, 1) == (30.0,)


def test_business_value_is_none_without_weighted_business_criteria():
    """A side whose criteria all weigh 0 has no view."""
    model = ScoringModel(
        "weighted",
        (Criterion("a", "A", "business", weight=0), Criterion("b", "B", "it")),
    )
    ratings = [rate(0, 0, 5), rate(0, 1, 5, 1, "it")]
    assert business_value(model, ratings, 1) == (None,)
    assert it_view(model, ratings, 1) == (100.0,)
