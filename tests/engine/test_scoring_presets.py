"""Preset scoring models and the plain-words levels of their criteria."""

from __future__ import annotations

import pytest

from tandem.engine.scoring import (
    LEVELS,
    METHODS,
    ROLES,
    SIDES,
    Rating,
    ScoringModel,
    default_rice,
    default_weighted,
    default_wsjf,
    it_view,
    score,
)

PRESETS = (default_weighted, default_wsjf, default_rice)


def sides(model: ScoringModel) -> dict[str, str]:
    """Criterion key → side."""
    return {c.key: c.side for c in model.criteria}


def test_default_weighted_criteria_and_sides():
    """Six business criteria, four IT ones; effort and delivery risk are lower-is-better."""
    model = default_weighted()
    assert model.method == "weighted"
    assert sides(model) == {
        "strategic_fit": "business",
        "revenue_impact": "business",
        "cost_reduction": "business",
        "risk_reduction": "business",
        "compliance_need": "business",
        "urgency": "business",
        "feasibility": "it",
        "effort": "it",
        "delivery_risk": "it",
        "architecture_fit": "it",
    }
    lower = {c.key for c in model.criteria if not c.higher_is_better}
    assert lower == {"effort", "delivery_risk"}
    assert [c.key for c in model.criteria if c.feasibility] == ["feasibility"]
    assert {c.weight for c in model.criteria} == {1.0}


def test_default_wsjf_roles_and_sides():
    """The business rates cost of delay; IT rates job size and feasibility."""
    model = default_wsjf()
    roles = {c.role: c.side for c in model.criteria if c.role}
    assert roles == {
        "business_value": "business",
        "time_criticality": "business",
        "risk_opportunity": "business",
        "job_size": "it",
    }
    assert sides(model)["feasibility"] == "it"


def test_default_rice_roles_and_sides():
    """The business rates reach, impact and confidence; IT rates effort."""
    roles = {c.role: c.side for c in default_rice().criteria if c.role}
    assert roles == {
        "reach": "business",
        "impact": "business",
        "confidence": "business",
        "effort": "it",
    }


@pytest.mark.parametrize("preset", PRESETS)
def test_every_preset_criterion_has_six_levels(preset):
    """Each preset criterion's levels 0–5 are described in words."""
    for criterion in preset().criteria:
        levels = LEVELS[criterion.key]
        assert len(levels) == 6
        assert all(text.strip() for text in levels)


def test_levels_describe_only_preset_criteria():
    """LEVELS has no entry that no preset uses."""
    keys = {c.key for preset in PRESETS for c in preset().criteria}
    assert set(LEVELS) == keys


def test_levels_read_in_business_words():
    """Examples of the scale the UI shows next to a rating."""
    assert LEVELS["revenue_impact"][:2] == ("None", "Under 50k a year")
    assert LEVELS["effort"][0] == "Under a person-week"
    assert LEVELS["effort"][5] == "Over two person-years"


def test_presets_are_fresh_models():
    """Each call builds a new, equal model."""
    assert default_wsjf() == default_wsjf()
    assert default_wsjf() is not default_wsjf()


def test_public_constants():
    """Methods, sides and the roles each method needs."""
    assert METHODS == ("weighted", "wsjf", "rice")
    assert SIDES == ("business", "it")
    assert ROLES["weighted"] == ()
    assert set(ROLES["wsjf"]) == {c.role for c in default_wsjf().criteria if c.role}
    assert set(ROLES["rice"]) == {c.role for c in default_rice().criteria if c.role}


def test_default_weighted_scores_a_fully_rated_initiative():
    """Business all 4, feasibility and fit 4, effort and risk 1: every criterion counts 4 → 80."""
    model = default_weighted()
    ratings = [
        Rating(0, i, 1 if not c.higher_is_better else 4, 0 if c.side == "business" else 1, c.side)
        for i, c in enumerate(model.criteria)
    ]
    result = score(model, ratings, 1)
    assert result.totals == (pytest.approx(80.0),)
    assert result.coverage == (1.0,)
    assert sum(p for p in result.contributions[0] if p is not None) == pytest.approx(80.0)
    assert it_view(model, ratings, 1) == (pytest.approx(80.0),)
