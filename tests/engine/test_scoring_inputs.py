"""Scoring inputs: the refusals of bad criteria, models, ratings and thresholds."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from tandem.engine.errors import InvalidInput
from tandem.engine.scoring import (
    Criterion,
    Rating,
    ScoringModel,
    business_value,
    disagreements,
    it_view,
    score,
)


def refusal(make: Any) -> InvalidInput:
    """The InvalidInput raised by calling ``make``."""
    with pytest.raises(InvalidInput) as err:
        make()
    return err.value


def simple() -> ScoringModel:
    """Two weighted criteria: one business, one IT."""
    return ScoringModel(
        "weighted",
        (Criterion("value", "Value", "business"), Criterion("effort", "Effort", "it")),
    )


def wsjf(*criteria: Criterion) -> ScoringModel:
    """A WSJF model of the given criteria."""
    return ScoringModel("wsjf", criteria)


BV = Criterion("bv", "Business value", "business", role="business_value")
TC = Criterion("tc", "Time criticality", "business", role="time_criticality")
RR = Criterion("rr", "Risk / opportunity", "business", role="risk_opportunity")
JS = Criterion("js", "Job size", "it", role="job_size")


def test_model_refuses_an_unknown_method():
    """Only weighted, wsjf and rice are methods."""
    err = refusal(lambda: ScoringModel("moscow", simple().criteria))  # type: ignore[arg-type]
    assert (err.path, err.message) == ("method", "must be weighted, wsjf or rice")


def test_model_refuses_duplicate_keys_naming_the_first():
    """Two criteria with one key are refused at the second, naming the first."""
    err = refusal(
        lambda: ScoringModel(
            "weighted", (Criterion("a", "A", "business"), Criterion("a", "Also A", "it"))
        )
    )
    assert (err.path, err.message) == ("criteria[1].key", "repeats 'a' (criteria[0])")


def test_model_refuses_a_negative_weight():
    """Weights are 0 or more."""
    err = refusal(
        lambda: ScoringModel(
            "weighted", (Criterion("a", "A", "business"), Criterion("b", "B", "it", weight=-1))
        )
    )
    assert (err.path, err.message) == ("criteria[1].weight", "must be 0 or more")


@pytest.mark.parametrize(
    ("weight", "message"),
    [
        (float("nan"), "must be a finite number"),
        ("2", "must be a number"),
        (True, "must be a number"),
    ],
)
def test_model_refuses_a_weight_that_is_not_a_finite_number(weight, message):
    """A weight must be a finite real number."""
    err = refusal(lambda: ScoringModel("weighted", (Criterion("a", "A", "business", weight),)))
    assert (err.path, err.message) == ("criteria[0].weight", message)


def test_model_accepts_integer_and_numpy_weights():
    """Whole and numpy numbers are weights too."""
    model = ScoringModel(
        "weighted",
        (Criterion("a", "A", "business", 2), Criterion("b", "B", "it", np.float64(0.5))),
    )
    assert len(model.criteria) == 2


def test_weighted_model_needs_a_positive_weight():
    """A weighted model whose weights are all 0 (or that is empty) cannot score."""
    err = refusal(lambda: ScoringModel("weighted", (Criterion("a", "A", "business", 0.0),)))
    assert (err.path, err.message) == (
        "criteria",
        "needs at least one criterion with a weight above 0",
    )
    assert refusal(lambda: ScoringModel("weighted", ())).path == "criteria"


def test_weighted_model_refuses_a_role():
    """Roles belong to WSJF and RICE."""
    err = refusal(lambda: ScoringModel("weighted", (BV,)))
    assert (err.path, err.message) == ("criteria[0].role", "must be empty for the weighted method")


def test_wsjf_model_refuses_a_missing_role():
    """WSJF needs a job size."""
    err = refusal(lambda: wsjf(BV, TC, RR))
    assert (err.path, err.message) == ("criteria", "needs one criterion with role 'job_size'")


def test_wsjf_model_refuses_a_repeated_role():
    """Each WSJF role is one criterion."""
    again = Criterion("bv2", "More value", "business", role="business_value")
    err = refusal(lambda: wsjf(BV, TC, RR, JS, again))
    assert (err.path, err.message) == ("criteria[4].role", "repeats 'business_value' (criteria[0])")


def test_wsjf_model_refuses_a_rice_role():
    """A role must belong to the method."""
    reach = Criterion("reach", "Reach", "business", role="reach")
    err = refusal(lambda: wsjf(BV, TC, RR, JS, reach))
    assert (err.path, err.message) == (
        "criteria[4].role",
        "must be empty or one of business_value, time_criticality, risk_opportunity, job_size",
    )


def test_rice_model_refuses_a_missing_role():
    """RICE needs reach, impact, confidence and effort."""
    criteria = (
        Criterion("r", "Reach", "business", role="reach"),
        Criterion("i", "Impact", "business", role="impact"),
        Criterion("e", "Effort", "it", role="effort"),
    )
    err = refusal(lambda: ScoringModel("rice", criteria))
    assert err.message == "needs one criterion with role 'confidence'"


@pytest.mark.parametrize(
    ("criterion", "path", "message"),
    [
        (Criterion("", "A", "business"), "criteria[0].key", "must be non-empty text"),
        (Criterion("a", "  ", "business"), "criteria[0].name", "must be non-empty text"),
        (Criterion("a", "A", "finance"), "criteria[0].side", "must be business or it"),  # type: ignore[arg-type]
        (
            Criterion("a", "A", "it", higher_is_better="no"),  # type: ignore[arg-type]
            "criteria[0].higher_is_better",
            "must be true or false",
        ),
        (
            Criterion("a", "A", "it", feasibility=1),  # type: ignore[arg-type]
            "criteria[0].feasibility",
            "must be true or false",
        ),
        (Criterion("a", "A", "it", role=None), "criteria[0].role", "must be text"),  # type: ignore[arg-type]
        ("strategic_fit", "criteria[0]", "must be a Criterion"),
    ],
)
def test_model_refuses_a_malformed_criterion(criterion, path, message):
    """Each field of a criterion is checked, naming its position."""
    err = refusal(lambda: ScoringModel("weighted", (criterion,)))
    assert (err.path, err.message) == (path, message)


def test_model_keeps_criteria_as_a_tuple():
    """A list of criteria is stored as a tuple."""
    model = ScoringModel("weighted", [Criterion("a", "A", "business")])  # type: ignore[arg-type]
    assert isinstance(model.criteria, tuple)


@pytest.mark.parametrize(
    ("rating", "path", "message"),
    [
        (Rating(0, 0, 6, 0, "business"), "ratings[1].value", "must be 0 to 5"),
        (Rating(0, 0, -0.5, 0, "business"), "ratings[1].value", "must be 0 to 5"),
        (Rating(0, 0, float("nan"), 0, "business"), "ratings[1].value", "must be a finite number"),
        (Rating(0, 0, "3", 0, "business"), "ratings[1].value", "must be a number"),  # type: ignore[arg-type]
        (Rating(3, 0, 3, 0, "business"), "ratings[1].item", "must name one of the 3 items (0–2)"),
        (
            Rating(-1, 0, 3, 0, "business"),
            "ratings[1].item",
            "must be a whole number of at least 0",
        ),
        (
            Rating(1.0, 0, 3, 0, "business"),  # type: ignore[arg-type]
            "ratings[1].item",
            "must be a whole number of at least 0",
        ),
        (
            Rating(True, 0, 3, 0, "business"),
            "ratings[1].item",
            "must be a whole number of at least 0",
        ),
        (Rating(0, 2, 3, 0, "it"), "ratings[1].criterion", "must name one of the 2 criteria (0–1)"),
        (Rating(0, 0, 3, -1, "it"), "ratings[1].scorer", "must be a whole number of at least 0"),
        (Rating(0, 0, 3, 1, "finance"), "ratings[1].side", "must be business or it"),  # type: ignore[arg-type]
        (
            Rating(0, 0, 3, 1, "business", -2),
            "ratings[1].unit",
            "must be a whole number of at least -1",
        ),
        ((0, 0, 3, 1, "business"), "ratings[1]", "must be a Rating"),
    ],
)
def test_score_refuses_a_bad_rating_naming_its_position(rating, path, message):
    """A bad rating is refused with its position and field."""
    ratings = [Rating(1, 1, 2, 5, "it"), rating]
    err = refusal(lambda: score(simple(), ratings, 3))
    assert (err.path, err.message) == (path, message)


def test_score_refuses_a_repeated_rating_by_one_scorer():
    """One scorer rates an item on a criterion once; a second rating would count twice."""
    ratings = [
        Rating(0, 0, 3, 7, "business"),
        Rating(0, 1, 3, 7, "business"),
        Rating(0, 0, 4, 7, "business"),
    ]
    err = refusal(lambda: score(simple(), ratings, 1))
    assert (err.path, err.message) == (
        "ratings[2]",
        "repeats scorer 7's rating of item 0 on criterion 0 (ratings[0])",
    )


def test_score_refuses_a_rating_when_there_are_no_items():
    """With no items, any rating refers to nothing."""
    err = refusal(lambda: score(simple(), [Rating(0, 0, 3, 0, "business")], 0))
    assert (err.path, err.message) == (
        "ratings[0].item",
        "refers to one of the items, but there are none",
    )


def test_score_refuses_a_negative_item_count():
    """n_items is a count."""
    err = refusal(lambda: score(simple(), [], -1))
    assert (err.path, err.message) == ("n_items", "must be a whole number of at least 0")


def test_score_accepts_numpy_numbers():
    """Indices and values straight from numpy arrays are fine."""
    rating = Rating(np.int64(0), np.int32(0), np.float32(2.5), np.int64(3), "business", np.int64(1))  # type: ignore[arg-type]
    result = score(simple(), [rating], np.int64(1))  # type: ignore[arg-type]
    assert result.values == ((2.5, None),)
    assert type(result.values[0][0]) is float


def test_every_entry_point_checks_its_ratings():
    """business_value, it_view and disagreements refuse what score refuses."""
    bad = [Rating(0, 0, 9, 0, "business")]
    for entry in (business_value, it_view, disagreements):
        assert refusal(lambda entry=entry: entry(simple(), bad, 1)).path == "ratings[0].value"


@pytest.mark.parametrize(
    ("options", "path", "message"),
    [
        ({"gap": 0}, "gap", "must be above 0"),
        ({"gap": "2"}, "gap", "must be a number"),
        ({"top_value_share": 0}, "top_value_share", "must be above 0 and at most 1"),
        ({"top_value_share": 1.5}, "top_value_share", "must be above 0 and at most 1"),
        ({"low_feasibility": 6}, "low_feasibility", "must be 0 to 5"),
        ({"low_feasibility": -1}, "low_feasibility", "must be 0 to 5"),
    ],
)
def test_disagreements_refuses_thresholds_out_of_range(options, path, message):
    """Each threshold is checked and named."""
    err = refusal(lambda: disagreements(simple(), [], 1, **options))
    assert (err.path, err.message) == (path, message)
