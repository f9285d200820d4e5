"""Delivery odds over HTTP: GET /api/forecast, the roadmap page's odds card, whiskers and
"Work out delivery odds" button, and the initiative's "When can we have it?" card."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.capacity.charts import day_text
from tandem.operations.choices import JobKind
from tandem.operations.models import PlanJob
from tandem.roadmap import forecasting

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def _fresh_forecasts():
    """Each test works its forecasts out afresh (the memos live for the process)."""
    forecasting._FORECASTS.clear()
    forecasting._JOB_RESULTS.clear()


@pytest.fixture
def immediate_tasks(settings):
    """Run enqueued tasks in-process, right after the enqueuing transaction commits."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default"],
        }
    }


def test_forecast_get_answers_percentile_dates_and_chances(contest, viewer, api_client):
    """Every signed-in user reads P50/P85/P95 dates, the chance of meeting the target, and
    where an initiative's work loses its planned weeks (GDPR Retention, to the portal)."""
    response = api_client(viewer).get("/api/forecast?runs=400&seed=9")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["runs"], body["seed"], body["units"]) == (400, 9, "weeks")
    assert body["distribution"] == "PERT (beta, weight 4 on the likely value)"
    assert body["data_stamp"]
    assert [row["title"] for row in body["initiatives"]] == ["Customer Portal", "GDPR Retention"]
    for row in body["initiatives"]:
        assert row["p50"] <= row["p85"] <= row["p95"]
        assert 0 <= row["on_time_probability"] <= 1
        assert row["unit"]["name"] == "Finance"
    portal, gdpr = body["initiatives"]
    assert portal["holdup"] is None
    assert gdpr["holdup"]["team"] == contest.team.pk
    assert gdpr["holdup"]["holders"] == [contest.portal.pk]
    assert 0.2 <= gdpr["holdup"]["share"] <= 1


def test_forecast_get_defaults_to_1000_runs_and_seed_0(contest, viewer, api_client):
    """Without parameters the forecast has 1,000 runs from seed 0."""
    body = api_client(viewer).get("/api/forecast").json()
    assert (body["runs"], body["seed"]) == (1000, 0)


@pytest.mark.parametrize(
    ("query", "field"),
    [("runs=0", "runs"), ("runs=5001", "runs"), ("runs=many", "runs"), ("seed=-1", "seed")],
)
def test_forecast_get_refuses_bad_parameters_naming_the_field(viewer, api_client, query, field):
    """Runs outside 1..5,000 (or not a number) and a negative seed are a 400 naming the field."""
    response = api_client(viewer).get(f"/api/forecast?{query}")
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("INVALID_INPUT", field)
    assert response.json()["detail"].startswith(f"{field}: ")


def test_forecast_get_needs_sign_in(api_client):
    """An anonymous caller gets 401."""
    assert api_client().get("/api/forecast").status_code == 401


def test_roadmap_page_explains_delivery_odds_before_any_forecast(contest, portfolio, web_client):
    """With no forecast yet the card says what delivery odds are and what to click."""
    body = web_client(portfolio).get(reverse("roadmap:overview")).content.decode()
    assert 'data-testid="forecast-empty"' in body
    assert "How sure are these dates?" in body
    assert "Click “Work out delivery odds”" in body
    assert 'data-testid="forecast-request"' in body
    assert 'data-testid="gantt-whisker"' not in body


def test_roadmap_page_offers_no_button_to_a_viewer(contest, viewer, web_client):
    """A viewer reads the explanation but gets no button: the portfolio office can ask."""
    body = web_client(viewer).get(reverse("roadmap:overview")).content.decode()
    assert 'data-testid="forecast-request"' not in body
    assert "The portfolio office can work them out" in body


def test_viewer_cannot_request_delivery_odds(contest, viewer, web_client):
    """A viewer's post is refused with the 403 page and queues no job."""
    response = web_client(viewer).post(reverse("roadmap:forecast_create"), headers=HTMX)
    assert response.status_code == 403
    assert PlanJob.objects.count() == 0


def test_requesting_delivery_odds_shows_progress_that_polls(contest, portfolio, web_client):
    """The office's request queues a job; the card swaps to a progress bar polling itself."""
    client = web_client(portfolio)
    response = client.post(reverse("roadmap:forecast_create"), headers=HTMX)
    assert response.status_code == 200
    job = PlanJob.objects.get()
    assert (job.kind, job.status, job.params) == ("forecast", "queued", {"runs": 1000, "seed": 0})
    body = response.content.decode()
    assert f'hx-get="{reverse("roadmap:forecast_progress")}"' in body
    assert 'hx-trigger="every 1s"' in body
    assert '<progress class="w-100" max="100" value="0"' in body
    assert "Waiting for a background worker" in body
    PlanJob.objects.filter(pk=job.pk).update(status="running", progress=40)
    polled = client.get(reverse("roadmap:forecast_progress"), headers=HTMX).content.decode()
    assert "Working out delivery odds: 40% of 1,000 runs done." in polled
    assert 'value="40"' in polled


def test_request_without_htmx_goes_back_to_the_roadmap(contest, portfolio, web_client):
    """A plain form post queues the job and redirects to the roadmap, which shows progress."""
    client = web_client(portfolio)
    response = client.post(reverse("roadmap:forecast_create"))
    assert response["Location"] == reverse("roadmap:overview")
    assert 'data-testid="forecast-pending"' in client.get(response["Location"]).content.decode()


def test_finished_odds_reload_the_page_with_whiskers(
    contest, portfolio, web_client, immediate_tasks, django_capture_on_commit_callbacks
):
    """When the worker has finished, the poll reloads the page, which draws a P50–P85 whisker
    per initiative with a legend entry, and the table gives the dates and chances."""
    client = web_client(portfolio)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("roadmap:forecast_create"), headers=HTMX)
    assert PlanJob.objects.get().status == "done"
    polled = client.get(reverse("roadmap:forecast_progress"), headers=HTMX)
    assert polled.headers["HX-Refresh"] == "true"
    body = client.get(reverse("roadmap:overview")).content.decode()
    assert body.count('data-testid="gantt-whisker"') == 2
    assert ">P50–P85 finish (delivery odds)</text>" in body
    assert "from 1,000 runs" in body
    latest = forecasting.forecast_latest(user=None)["forecast"]
    gdpr = next(row for row in latest["initiatives"] if row["id"] == contest.gdpr.pk)
    assert f"{day_text(gdpr['p50'])} – {day_text(gdpr['p85'])}" in body
    assert "GDPR Retention: 50% sure by " in body
    assert 'data-testid="forecast-changed"' not in body
    share = f"{gdpr['holdup']['share']:.0%}"
    assert f"Waits longer than planned for Data Platform in {share} of runs" in body
    assert body.count('data-testid="odds-waits"') == 1  # the portal, ranked first, waits for none


def test_initiative_card_shows_p50_p85_and_the_chance_of_meeting_the_target(
    contest, viewer, web_client
):
    """The "When can we have it?" card gives the P50 and P85 dates, the chance as a
    percentage, and when and from how many runs the odds were worked out."""
    job = forecasting.forecast_run_now(runs=800, seed=1)
    row = next(
        r
        for r in forecasting.forecast_answer(job.result)["initiatives"]
        if r["id"] == contest.gdpr.pk
    )
    url = reverse("roadmap:initiative_plan", args=[contest.gdpr.pk])
    body = web_client(viewer).get(url, headers=HTMX).content.decode()
    assert f'data-testid="odds-p50">{day_text(row["p50"])}</dd>' in body
    assert f'data-testid="odds-p85">{day_text(row["p85"])}</dd>' in body
    chance = f"{row['on_time_probability']:.0%}"
    assert f'data-testid="odds-chance">{chance}</dd>' in body
    assert "The P50 date is often later than the planned finish" in body  # and why
    assert f"Delivery odds worked out on {day_text(job.finished_at.date())} from 800 runs" in body
    assert 'data-testid="odds-changed"' not in body


def test_initiative_card_notes_when_the_plan_changed_since(contest, viewer, web_client):
    """After an estimate changes, the card still shows the odds and says they may be stale."""
    forecasting.forecast_run_now(runs=100)
    estimate = contest.portal.estimates.get()
    estimate.high = 40
    estimate.save()
    url = reverse("roadmap:initiative_plan", args=[contest.portal.pk])
    body = web_client(viewer).get(url, headers=HTMX).content.decode()
    assert 'data-testid="odds-p50"' in body
    assert "The plan has changed since, so these odds may be out of date" in body


def test_initiative_card_explains_delivery_odds_before_any_forecast(contest, viewer, web_client):
    """Without a forecast the card says what delivery odds are and where to work them out."""
    url = reverse("roadmap:initiative_plan", args=[contest.portal.pk])
    body = web_client(viewer).get(url, headers=HTMX).content.decode()
    assert "How sure is this date?" in body
    assert "Work them out on the roadmap" in body


def test_roadmap_page_reports_a_failed_forecast(contest, viewer, web_client):
    """A failed forecast job is reported on the card with its reason."""
    PlanJob.objects.create(kind=JobKind.FORECAST, status="failed", error="RuleViolation: no.")
    body = web_client(viewer).get(reverse("roadmap:overview")).content.decode()
    assert "The last attempt to work out delivery odds failed: RuleViolation: no." in body


def test_initiative_card_says_which_work_takes_its_planned_weeks(contest, viewer, web_client):
    """GDPR Retention's card says how often its Data Platform work starts later than planned
    and links the initiative that runs over into its weeks; the portal's card says nothing
    of the kind."""
    job = forecasting.forecast_run_now(runs=500, seed=1)
    holdup = next(r for r in job.result["initiatives"] if r["id"] == contest.gdpr.pk)["holdup"]
    client = web_client(viewer)
    url = reverse("roadmap:initiative_plan", args=[contest.gdpr.pk])
    body = client.get(url, headers=HTMX).content.decode()
    percent = round(100 * holdup["share"])
    assert f"in {percent}% of the runs its work for Data Platform starts later" in body
    portal = reverse("roadmap:initiative_plan", args=[contest.portal.pk])
    assert f'<a href="{portal}">Customer Portal</a>' in body
    portal_body = client.get(portal, headers=HTMX).content.decode()
    assert 'data-testid="odds-holdup"' not in portal_body
    assert 'data-testid="odds-p50"' in portal_body
