"""Loading and removing the demo company through its services."""

from collections import Counter

import pytest
from django.contrib.auth import get_user_model

from tandem import engine
from tandem.accounts.choices import Role
from tandem.core.errors import Conflict
from tandem.demo import selectors, services
from tandem.organization.models import BusinessUnit, Person, Team
from tandem.portfolio.choices import Feasibility, InitiativeKind, InitiativeState
from tandem.portfolio.models import (
    BusinessOutcome,
    Dependency,
    EffortEstimate,
    Initiative,
    ScopeChange,
    StatusUpdate,
)
from tandem.strategy.models import StrategicGoal

pytestmark = pytest.mark.django_db

DOMAIN_MODELS = (
    BusinessUnit,
    Team,
    Person,
    StrategicGoal,
    Initiative,
    BusinessOutcome,
    EffortEstimate,
    Dependency,
    StatusUpdate,
    ScopeChange,
)
S = InitiativeState


@pytest.fixture
def demo():
    """The small demo company, seed 7."""
    return services.demo_load(size="small", seed=7)


def _counts():
    return {model.__name__: model.objects.count() for model in DOMAIN_MODELS}


def test_demo_load_writes_what_the_summary_reports(demo):
    """The database holds the counts the summary reports."""
    assert _counts() == {
        "BusinessUnit": demo["units"],
        "Team": demo["teams"],
        "Person": demo["people"],
        "StrategicGoal": demo["goals"],
        "Initiative": demo["initiatives"],
        "BusinessOutcome": demo["outcomes"],
        "EffortEstimate": demo["estimates"],
        "Dependency": demo["dependencies"],
        "StatusUpdate": demo["status_updates"],
        "ScopeChange": demo["scope_changes"],
    }


def test_demo_load_is_deterministic_for_a_seed(demo):
    """Loading seed 7 again gives the same counts and titles; seed 8 gives other ones."""
    first = (_counts(), sorted(Initiative.objects.values_list("title", flat=True)))
    services.demo_load(size="small", seed=7, reset=True)
    assert (_counts(), sorted(Initiative.objects.values_list("title", flat=True))) == first
    services.demo_load(size="small", seed=8, reset=True)
    assert (_counts(), sorted(Initiative.objects.values_list("title", flat=True))) != first


def test_demo_load_small_company_has_the_company_shape(demo):
    """≈600 employees in 6 units, ~45 IT people in 7 teams, 85-95 initiatives of all kinds."""
    assert BusinessUnit.objects.count() == 6
    assert 570 <= sum(BusinessUnit.objects.values_list("headcount", flat=True)) <= 630
    assert Team.objects.count() == 7
    assert 40 <= Person.objects.filter(team__isnull=False).count() <= 50
    assert Team.objects.filter(lead__isnull=True).count() == 0
    assert all(team.lead.team_id == team.pk for team in Team.objects.select_related("lead"))
    assert 85 <= Initiative.objects.count() <= 95
    assert set(Initiative.objects.values_list("state", flat=True)) == set(S.values)
    assert set(Initiative.objects.values_list("kind", flat=True)) == set(InitiativeKind.values)
    goals = Counter(StrategicGoal.objects.values_list("owner_unit", flat=True))
    assert set(goals) == set(BusinessUnit.objects.values_list("pk", flat=True))
    assert all(2 <= n <= 3 for n in goals.values())


def test_demo_load_initiatives_satisfy_the_lifecycle_rules(demo):
    """From feasibility review on, initiatives have an outcome and estimates; approved and
    later ones are assessed feasible, and started ones have planned dates."""
    reviewed = (S.FEASIBILITY_REVIEW, S.APPROVED, S.IN_PROGRESS, S.DONE)
    items = Initiative.objects.prefetch_related("outcomes", "estimates")
    for item in items:
        state = item.held_from_state if item.state == S.ON_HOLD else item.state
        if state in reviewed:
            assert item.outcomes.all(), item.title
            assert item.estimates.all(), item.title
        if state in (S.APPROVED, S.IN_PROGRESS, S.DONE):
            assert item.feasibility in (Feasibility.FEASIBLE, Feasibility.CONDITIONAL)
        if state in (S.IN_PROGRESS, S.DONE):
            assert item.planned_start
            assert item.planned_end
        if item.state in (S.IN_PROGRESS, S.DONE):
            assert item.status_updates.exists(), item.title
        for estimate in item.estimates.all():
            assert 0 <= estimate.low <= estimate.likely <= estimate.high


def test_demo_load_dependencies_have_no_cycle(demo):
    """There are dependencies, and they form no cycle."""
    edges = list(Dependency.objects.values_list("predecessor_id", "successor_id"))
    assert len(edges) >= 5
    assert engine.find_cycle(edges) is None


def test_demo_load_creates_the_personas_with_their_roles(demo):
    """Each demo user exists with its role; the two business leads lead different units."""
    users = {u.username: u for u in get_user_model().objects.prefetch_related("groups")}
    expected = {
        "admin": Role.ADMIN,
        "portfolio": Role.PORTFOLIO_OFFICE,
        "itlead": Role.IT_LEAD,
        "business": Role.BUSINESS_LEAD,
        "business2": Role.BUSINESS_LEAD,
        "viewer": Role.VIEWER,
    }
    for username, role in expected.items():
        assert [g.name for g in users[username].groups.all()] == [role.value]
        assert users[username].check_password("tandem-demo")
    assert users["admin"].is_superuser
    assert not any(users[name].is_superuser for name in expected if name != "admin")
    business, business2 = users["business"].person, users["business2"].person
    assert (business.unit.name, business2.unit.name) == ("Finance", "Sales")
    assert users["itlead"].person.led_teams.exists()
    assert [row["username"] for row in selectors.demo_logins()] == list(expected)


def test_demo_load_gives_every_domain_object_history(demo):
    """Every domain object has at least one history record, attributed to the system."""
    for model in DOMAIN_MODELS:
        ids = set(model.objects.values_list("pk", flat=True))
        assert ids <= set(model.history.values_list("id", flat=True)), model.__name__
        assert not model.history.filter(history_user__isnull=False).exists()
    done = Initiative.objects.filter(state=S.DONE).first()
    trail = list(
        done.history.order_by("history_date", "history_id").values_list("state", flat=True)
    )
    assert trail[-3:] == [S.APPROVED, S.IN_PROGRESS, S.DONE]
    assert done.version == len(trail)


def test_demo_load_refuses_when_data_exists(demo):
    """A second load without reset is refused and changes nothing."""
    before = _counts()
    with pytest.raises(Conflict) as err:
        services.demo_load(size="small", seed=7)
    assert err.value.code == "DEMO_EXISTS"
    assert _counts() == before


def test_demo_reset_removes_domain_data_and_keeps_users(demo):
    """Reset deletes units, teams, people, goals and initiatives; the users stay."""
    services.demo_reset()
    assert not selectors.demo_exists()
    assert set(_counts().values()) == {0}
    assert get_user_model().objects.filter(username="business").exists()
