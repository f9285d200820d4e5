"""The prioritization pages: ranking, scoring sheet, selection, scoring models."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from tandem.portfolio.choices import InitiativeState
from tandem.prioritization import services
from tandem.prioritization.models import Score, ScoringModel, SelectionRun
from tests.factories import (
    BusinessOutcomeFactory,
    EffortEstimateFactory,
    InitiativeFactory,
    PersonFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db


def _score(initiative, model, key, value, by):
    services.score_set(
        initiative=initiative, criterion=model.criteria.get(key=key), data={"value": value}, by=by
    )


def test_the_ranking_page_shows_rank_statement_and_flags(
    web_client, business, business2, scoring_model
):
    initiative = InitiativeFactory(title="Faster close")
    BusinessOutcomeFactory(initiative=initiative, baseline=9, target=5)
    _score(initiative, scoring_model, "urgency", 5, business)
    _score(initiative, scoring_model, "urgency", 1, business2)
    page = web_client(business).get(reverse("prioritization:ranking")).content.decode()
    assert "Faster close" in page
    assert "Cut days to close the books from 9 to 5 days (−44%)" in page
    assert "Needs a conversation:</strong> Finance rates Urgency 5.0, Sales 1.0." in page
    assert 'data-testid="value-effort-chart"' in page
    assert "no selection yet" in page


def test_the_ranking_page_says_what_to_do_when_empty(web_client, viewer, scoring_model):
    page = web_client(viewer).get(reverse("prioritization:ranking")).content.decode()
    assert "There are no open initiatives to rank." in page


def test_scoring_sheet_saves_the_leads_scores(web_client, itlead, scoring_model):
    initiative = InitiativeFactory()
    url = reverse("prioritization:initiative_scores", args=[initiative.pk])
    page = web_client(itlead).get(url).content.decode()
    assert "Your scores, for IT" in page
    assert page.index('data-testid="score-feasibility"') < page.index(
        'data-testid="score-revenue_impact"'
    )  # own side first
    feasibility = scoring_model.criteria.get(key="feasibility")
    effort = scoring_model.criteria.get(key="effort")
    response = web_client(itlead).post(
        url,
        {
            f"c{feasibility.pk}-value": "2",
            f"c{feasibility.pk}-rationale": "Needs the ERP upgrade first.",
            f"c{effort.pk}-value": "4",
        },
    )
    assert response.status_code == 302
    assert sorted(Score.objects.values_list("criterion__key", "value", "side")) == [
        ("effort", 4, "it"),
        ("feasibility", 2, "it"),
    ]
    page = web_client(itlead).get(url).content.decode()
    assert "Needs the ERP upgrade first." in page


def test_a_bad_score_is_shown_on_the_form_and_nothing_is_saved(web_client, itlead, scoring_model):
    initiative = InitiativeFactory()
    url = reverse("prioritization:initiative_scores", args=[initiative.pk])
    feasibility = scoring_model.criteria.get(key="feasibility")
    effort = scoring_model.criteria.get(key="effort")
    response = web_client(itlead).post(
        url, {f"c{feasibility.pk}-value": "2", f"c{effort.pk}-value": "9"}
    )
    assert response.status_code == 200
    assert "Select a valid choice. 9 is not one of the available choices." in (
        response.content.decode()
    )
    assert not Score.objects.exists()


def test_a_viewer_reads_the_sheet_without_a_form_and_cannot_post(web_client, viewer, scoring_model):
    initiative = InitiativeFactory()
    url = reverse("prioritization:initiative_scores", args=[initiative.pk])
    page = web_client(viewer).get(url).content.decode()
    assert 'data-testid="score-form"' not in page
    assert "you can read the scores" in page
    feasibility = scoring_model.criteria.get(key="feasibility")
    assert web_client(viewer).post(url, {f"c{feasibility.pk}-value": "2"}).status_code == 403
    assert not Score.objects.exists()


def test_running_a_selection_from_the_page_shows_the_cut_line(
    web_client, portfolio, business, scoring_model
):
    team = TeamFactory(name="Data Platform")
    PersonFactory(team=team, start_date=date(2020, 1, 1))
    for title, weeks, value in (("Big", 10, 5), ("Small", 4, 3)):
        initiative = InitiativeFactory(
            title=title,
            state=InitiativeState.INTAKE,
            requested_start=date(2027, 1, 4),
            requested_end=date(2027, 3, 28),
            budget_estimate=Decimal("50000"),
        )
        EffortEstimateFactory(initiative=initiative, team=team, low=weeks, likely=weeks, high=weeks)
        _score(initiative, scoring_model, "revenue_impact", value, business)
    InitiativeFactory(title="Not estimated yet", state=InitiativeState.INTAKE)
    response = web_client(portfolio).post(
        reverse("prioritization:selection"),
        {"period_from": "2027Q1", "period_to": "2027Q1", "budget": "", "time_limit": "5"},
    )
    run = SelectionRun.objects.get()
    assert response["Location"] == reverse("prioritization:selection_detail", args=[run.pk])
    page = web_client(business).get(response["Location"]).content.decode()
    assert "The cut line: not funded, and why" in page
    assert "Data Platform has 2 person-weeks left in 2027 Q1; this needs 4." in page
    assert "of 3 candidates; 1 not estimated by IT yet" in page
    assert "not estimated</span>" in page
    ranking = web_client(business).get(reverse("prioritization:ranking")).content.decode()
    assert "Below the cut line" in ranking


def test_a_bad_period_is_shown_on_the_selection_form(web_client, portfolio, scoring_model):
    response = web_client(portfolio).post(
        reverse("prioritization:selection"),
        {"period_from": "2027Q3", "period_to": "2027Q1", "time_limit": "5"},
    )
    assert response.status_code == 200
    assert "The period ends before it starts" in response.content.decode()
    assert not SelectionRun.objects.exists()


def test_the_office_activates_a_model_and_edits_a_weight(web_client, portfolio, scoring_model):
    page = web_client(portfolio).get(reverse("prioritization:scoring_models")).content.decode()
    assert "Make active" in page
    assert "Revenue impact" in page
    wsjf = ScoringModel.objects.get(method="wsjf")
    web_client(portfolio).post(
        reverse("prioritization:scoring_model_activate", args=[wsjf.pk]),
        {"version": wsjf.version},
    )
    wsjf.refresh_from_db()
    assert wsjf.is_active
    criterion = wsjf.criteria.get(key="job_size")
    response = web_client(portfolio).post(
        reverse("prioritization:criterion_edit", args=[criterion.pk]),
        {"name": "Job size", "weight": "2", "version": criterion.version},
    )
    assert response.status_code == 302
    criterion.refresh_from_db()
    assert (criterion.weight, criterion.higher_is_better) == (Decimal("2"), False)
    page = web_client(portfolio).get(reverse("prioritization:scoring_models")).content.decode()
    assert "Job size: weight 1 → 2" in page


def test_the_ranking_is_paged_and_can_show_only_the_flagged(
    web_client, business, business2, scoring_model
):
    for n in range(55):
        initiative = InitiativeFactory(title=f"Initiative {n:02}")
        _score(initiative, scoring_model, "revenue_impact", n % 6, business)
    flagged = InitiativeFactory(title="Disputed")
    _score(flagged, scoring_model, "urgency", 5, business)
    _score(flagged, scoring_model, "urgency", 0, business2)
    url = reverse("prioritization:ranking")
    first = web_client(business).get(url).content.decode()
    assert first.count('data-testid="ranked-row"') == 50
    assert "Showing 1–50 of 56" in first
    second = web_client(business).get(url, {"page": 2}).content.decode()
    assert second.count('data-testid="ranked-row"') == 6
    only = web_client(business).get(url, {"flagged": "1"}).content.decode()
    assert only.count('data-testid="ranked-row"') == 1
    assert "Disputed" in only
