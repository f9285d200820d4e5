"""The demo company's capacity data: holidays, leave, hires, load by team type, a year of
actual hours, work profiles, and two teams that are overcommitted in the next two quarters."""

from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

import pytest

from tandem.capacity.choices import LoadCategory
from tandem.capacity.models import (
    Actual,
    ActualsImport,
    Holiday,
    Leave,
    NonDiscretionaryLoad,
    PlannedHire,
    WorkProfile,
)
from tandem.demo import services
from tandem.demo.generator import company_generate
from tandem.organization.models import Person, Team
from tandem.portfolio.models import EffortEstimate

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 10)
MONDAY = TODAY - timedelta(days=TODAY.weekday())
NEXT_TWO_QUARTERS = [MONDAY + timedelta(weeks=k) for k in range(26)]
RUN_TEAMS = ("Infrastructure & Cloud", "Service Desk", "Security & Compliance")
CAPACITY_MODELS = (Holiday, Leave, PlannedHire, NonDiscretionaryLoad, WorkProfile, Actual)


@pytest.fixture
def demo():
    """The small demo company, seed 7, as loaded on TODAY."""
    return services.demo_load(size="small", seed=7, today=TODAY)


def _contracted_hours(team: Team, day: date) -> float:
    """Hours a week the team's members are employed for on `day`."""
    return sum(
        float(p.fte * p.hours_per_week)
        for p in Person.objects.filter(team=team)
        if (p.start_date is None or p.start_date <= day)
        and (p.end_date is None or p.end_date >= day)
    )


def _load_share(team: Team, day: date, hours: float) -> float:
    """The share of the team's week its non-discretionary load takes on `day`."""
    share = 0.0
    for load in NonDiscretionaryLoad.objects.filter(team=team, first_day__lte=day):
        if load.last_day and load.last_day < day:
            continue
        if load.percent_of_supply is not None:
            share += float(load.percent_of_supply) / 100
        else:
            share += float(load.hours_per_week) / hours
    return share


def test_demo_load_shares_fit_each_kind_of_team(demo):
    """Run teams carry 40-65% non-discretionary load, development teams 15-30%, in every
    week of the next two quarters."""
    for team in Team.objects.all():
        low, high = (0.40, 0.65) if team.name in RUN_TEAMS else (0.15, 0.30)
        hours = _contracted_hours(team, TODAY)
        shares = [_load_share(team, week, hours) for week in NEXT_TWO_QUARTERS]
        assert low <= min(shares) <= max(shares) <= high, (team.name, shares)
        categories = set(
            NonDiscretionaryLoad.objects.filter(team=team).values_list("category", flat=True)
        )
        assert categories == set(LoadCategory.values), team.name


def test_demo_has_a_year_of_weekly_actuals_in_line_with_the_load(demo):
    """Every team has 52 weeks of hours per category, Mondays ending last week; a team's
    yearly hours per category are close to its load's share of its contracted hours."""
    assert demo["actuals"] == Actual.objects.count() == 7 * 5 * 52
    weeks = sorted(set(Actual.objects.values_list("week", flat=True)))
    assert (len(weeks), weeks[-1]) == (52, MONDAY - timedelta(weeks=1))
    assert all(week.weekday() == 0 for week in weeks)
    source = ActualsImport.objects.get()
    assert source.rows_imported == Actual.objects.count()
    for team in Team.objects.all():
        hours = _contracted_hours(team, TODAY)
        for category in LoadCategory.values:
            booked = Actual.objects.filter(team=team, category=category).values_list(
                "hours", flat=True
            )
            assert len(booked) == 52
            mean = float(sum(booked)) / 52
            expected = sum(
                float(load.percent_of_supply or 0) / 100 * hours + float(load.hours_per_week or 0)
                for load in NonDiscretionaryLoad.objects.filter(
                    team=team, category=category, last_day__isnull=True
                )
            )
            # holidays, leave and noise take some weeks down; a trend moves two teams
            assert 0.6 * expected <= mean <= 1.15 * expected, (team.name, category)


def test_demo_has_holidays_leave_and_a_hiring_plan(demo):
    """Holidays for 2026-2028 on weekdays; leave for every IT person, some soon; a handful
    of hires and open requisitions within the next year."""
    days = list(Holiday.objects.values_list("date", "name"))
    by_year = Counter(day.year for day, _ in days)
    assert all(by_year[year] >= 8 for year in (2026, 2027, 2028))
    assert all(day.weekday() < 5 for day, _ in days)
    names = {name for _, name in days}
    assert {"New Year's Day", "Easter Monday", "Christmas Day", "May Day"} <= names
    it_people = set(Person.objects.filter(team__isnull=False).values_list("pk", flat=True))
    on_leave = set(Leave.objects.values_list("person", flat=True))
    assert on_leave == it_people
    soon = Leave.objects.filter(first_day__gte=TODAY, first_day__lte=TODAY + timedelta(days=90))
    assert soon.count() >= 10
    assert Leave.objects.filter(kind="parental", first_day__gt=TODAY).exists()
    per_person = defaultdict(list)
    for leave in Leave.objects.order_by("first_day"):
        per_person[leave.person_id].append(leave)
    for leaves in per_person.values():
        for before, after in pairwise(leaves):
            assert before.last_day < after.first_day
    hires = PlannedHire.objects.all()
    assert 4 <= hires.count() <= 12
    assert set(hires.values_list("kind", flat=True)) == {"planned_hire", "open_requisition"}
    assert all(TODAY < h.expected_start <= TODAY + timedelta(days=365) for h in hires)


def test_demo_work_profiles_and_history(demo):
    """Some estimates have a valid work profile; every capacity row has one creation record."""
    profiles = WorkProfile.objects.select_related("estimate")
    assert 5 <= profiles.count() < EffortEstimate.objects.count()
    for profile in profiles:
        profile.full_clean()
    for model in CAPACITY_MODELS:
        ids = set(model.objects.values_list("pk", flat=True))
        assert ids == set(model.history.values_list("id", flat=True)), model.__name__
        assert model.history.count() == len(ids)


def test_demo_has_two_teams_overcommitted_in_the_next_two_quarters(demo):
    """On the ERP and data teams, committed work (likely estimates spread evenly over the
    planned dates) plus the load exceeds what the team supplies for several weeks."""
    assert demo["overcommitted_teams"] == ["ERP & Finance Systems", "Data & Analytics"]
    for name in demo["overcommitted_teams"]:
        team = Team.objects.get(name=name)
        hours = _contracted_hours(team, TODAY)
        supply = hours / 40
        committed = [0.0] * len(NEXT_TWO_QUARTERS)
        estimates = EffortEstimate.objects.filter(
            team=team,
            initiative__state__in=("approved", "in_progress"),
            initiative__planned_start__isnull=False,
        ).select_related("initiative")
        for estimate in estimates:
            start, end = estimate.initiative.planned_start, estimate.initiative.planned_end
            span = max(1.0, ((end - start).days + 1) / 7)
            for k, week in enumerate(NEXT_TWO_QUARTERS):
                if start <= week + timedelta(days=6) and week <= end:
                    committed[k] += float(estimate.likely) / span
        short = [
            week
            for k, week in enumerate(NEXT_TWO_QUARTERS)
            if committed[k] + _load_share(team, week, hours) * supply > supply
        ]
        assert len(short) >= 4, (name, supply, committed)


def test_demo_reset_removes_capacity_data_and_loads_it_again(demo):
    """Reset removes the capacity data and its history; loading again gives the same counts."""
    counts = {model: model.objects.count() for model in CAPACITY_MODELS}
    services.demo_reset()
    assert not any(model.objects.exists() for model in (*CAPACITY_MODELS, ActualsImport))
    assert not any(model.history.exists() for model in CAPACITY_MODELS)
    services.demo_load(size="small", seed=7, today=TODAY)
    assert {model: model.objects.count() for model in CAPACITY_MODELS} == counts


def test_large_demo_scales_the_capacity_data():
    """The large company has capacity data for all 70 teams, with the ERP and data teams of
    every site overcommitted."""
    company = company_generate(size="large", seed=7, today=TODAY)
    capacity = company.capacity
    assert len(capacity.actuals) == 70 * 5 * 52
    assert {load.team for load in capacity.loads} == {team.key for team in company.teams}
    assert len(capacity.overcommitted) == 20
    assert 30 <= len(capacity.hires) <= 120
    assert len({leave.person for leave in capacity.leaves}) == sum(
        1 for p in company.people if p.team
    )
    assert all(a.hours >= Decimal(0) for a in capacity.actuals)
