"""The demo company's joint scores: a ranking with real disagreements, value statements in
business words on every approved initiative, and a selection with a visible cut line."""

from datetime import date
from decimal import Decimal

import pytest

from tandem.demo import services
from tandem.engine import select
from tandem.portfolio.choices import InitiativeState
from tandem.portfolio.models import Initiative
from tandem.portfolio.value import value_statement
from tandem.prioritization import selectors
from tandem.prioritization import services as prioritization_services
from tandem.prioritization.models import Alternative, Score, SelectionRun

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 10)


@pytest.fixture
def demo():
    return services.demo_load(size="small", seed=7, today=TODAY)


def test_the_demo_ranking_has_real_disagreements(demo):
    ranking = selectors.ranking(user=None)
    assert len(ranking.rows) > 40
    kinds = {flag["kind"] for row in ranking.flagged for flag in row.flags}
    assert kinds == {"sides", "units", "feasibility"}
    assert len(ranking.flagged) >= 5
    assert Score.objects.filter(side="it").exists()
    assert Score.objects.values("unit").distinct().count() >= 3  # Finance, Sales, and IT (none)


def test_every_approved_demo_initiative_states_its_value_in_business_words(demo):
    approved = Initiative.objects.filter(
        state__in=(InitiativeState.APPROVED, InitiativeState.IN_PROGRESS)
    ).prefetch_related("outcomes")
    assert approved.count() > 10
    for initiative in approved:
        statement = value_statement(initiative)
        assert statement.startswith(("Cut ", "Raise ")), (initiative.title, statement)
        assert " by Q" in statement, statement


def test_a_demo_selection_has_a_cut_line_with_reasons(demo):
    run = prioritization_services.selection_run_create(
        period_from="2026Q3", period_to="2027Q2", budget=Decimal("600000"), by=None, time_limit=10
    )
    view = selectors.selection_view(run)
    assert run.status == "OPTIMAL"
    assert view["funded"]
    assert view["unfunded"]
    assert all(row["reasons"] for row in view["unfunded"]), view["unfunded"]
    texts = " ".join(reason for row in view["unfunded"] for reason in row["reasons"])
    assert "left of the budget" in texts or "person-weeks left" in texts
    problem = select.SelectionProblem.from_json(run.problem)
    assert select.check(problem, run.result["chosen"]) == []
    assert view["spent"] <= 600000


def test_the_demo_reset_removes_scores_alternatives_and_selections(demo):
    prioritization_services.selection_run_create(
        period_from="2026Q3", period_to="2026Q4", budget=None, by=None, time_limit=2
    )
    assert Alternative.objects.exists()
    services.demo_reset()
    assert not Score.objects.exists()
    assert not Alternative.objects.exists()
    assert not SelectionRun.objects.exists()
