"""The portfolio's writes: lifecycle gates, refusals that change nothing, history."""

from datetime import date
from decimal import Decimal

import pytest

from tandem.core.errors import Conflict, RuleViolation
from tandem.portfolio import services
from tandem.portfolio.choices import Feasibility, InitiativeKind, InitiativeState
from tandem.portfolio.models import Dependency, Initiative
from tests.factories import (
    BusinessOutcomeFactory,
    DependencyFactory,
    EffortEstimateFactory,
    InitiativeFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db
S = InitiativeState


def _ready_for_approval(**kwargs):
    initiative = InitiativeFactory(
        state=S.FEASIBILITY_REVIEW, feasibility=Feasibility.FEASIBLE, **kwargs
    )
    BusinessOutcomeFactory(initiative=initiative)
    EffortEstimateFactory(initiative=initiative)
    return initiative


def test_initiative_create_starts_as_idea_and_records_history(business, unit):
    """A new initiative is an idea at version 1, with one 'created' history row by its author."""
    initiative = services.initiative_create(
        data={"title": "Faster close", "requesting_unit": unit, "kind": InitiativeKind.GROWTH},
        by=business,
    )
    assert (initiative.state, initiative.version) == (S.IDEA, 1)
    record = initiative.history.get()
    assert (record.history_type, record.history_user) == ("+", business)


def test_initiative_create_refuses_a_later_state(business, unit):
    """Creating straight into 'approved' is refused and nothing is saved."""
    with pytest.raises(RuleViolation) as err:
        services.initiative_create(
            data={"title": "X", "requesting_unit": unit, "kind": "growth", "state": S.APPROVED},
            by=business,
        )
    assert (err.value.code, err.value.field) == ("INITIATIVE_CREATE_STATE", "state")
    assert Initiative.objects.count() == 0


def test_initiative_create_refuses_missing_title(business, unit):
    """A blank title is refused naming the field."""
    with pytest.raises(RuleViolation) as err:
        services.initiative_create(
            data={"title": "", "requesting_unit": unit, "kind": "growth"}, by=business
        )
    assert err.value.field == "title"
    assert Initiative.objects.count() == 0


def test_initiative_update_refuses_stale_version(portfolio):
    """An edit based on an old version is refused with Conflict and changes nothing."""
    initiative = InitiativeFactory(title="Old")
    services.initiative_update(
        initiative=initiative, data={"title": "New", "version": 1}, by=portfolio
    )
    with pytest.raises(Conflict) as err:
        services.initiative_update(
            initiative=initiative, data={"title": "Lost", "version": 1}, by=portfolio
        )
    assert (err.value.code, err.value.field) == ("VERSION_CONFLICT", "version")
    initiative.refresh_from_db()
    assert (initiative.title, initiative.version, initiative.history.count()) == ("New", 2, 2)


def test_initiative_update_refuses_planned_end_before_start(portfolio):
    """Planned dates out of order are refused naming planned_end."""
    initiative = InitiativeFactory()
    with pytest.raises(RuleViolation) as err:
        services.initiative_update(
            initiative=initiative,
            by=portfolio,
            data={"planned_start": date(2027, 5, 1), "planned_end": date(2027, 1, 1), "version": 1},
        )
    assert err.value.field == "planned_end"
    initiative.refresh_from_db()
    assert (initiative.planned_start, initiative.version) == (None, 1)


def test_initiative_transition_refuses_approval_without_outcome(portfolio):
    """Approving an initiative with no business outcome is refused and changes nothing."""
    initiative = InitiativeFactory(state=S.FEASIBILITY_REVIEW, feasibility=Feasibility.FEASIBLE)
    EffortEstimateFactory(initiative=initiative)
    with pytest.raises(RuleViolation) as err:
        services.initiative_transition(initiative=initiative, to=S.APPROVED, by=portfolio)
    assert (err.value.code, err.value.field) == ("INITIATIVE_NEEDS_OUTCOME", "outcomes")
    initiative.refresh_from_db()
    assert (initiative.state, initiative.version) == (S.FEASIBILITY_REVIEW, 1)


def test_initiative_transition_refuses_approval_without_estimate(portfolio):
    """Approval needs an effort estimate."""
    initiative = InitiativeFactory(state=S.FEASIBILITY_REVIEW, feasibility=Feasibility.FEASIBLE)
    BusinessOutcomeFactory(initiative=initiative)
    with pytest.raises(RuleViolation) as err:
        services.initiative_transition(initiative=initiative, to=S.APPROVED, by=portfolio)
    assert (err.value.code, err.value.field) == ("INITIATIVE_NEEDS_ESTIMATE", "estimates")


@pytest.mark.parametrize(
    ("feasibility", "code"),
    [
        (Feasibility.NOT_ASSESSED, "INITIATIVE_NEEDS_FEASIBILITY"),
        (Feasibility.NOT_FEASIBLE, "INITIATIVE_NOT_FEASIBLE"),
    ],
)
def test_initiative_transition_refuses_approval_without_feasibility(portfolio, feasibility, code):
    """IT must have assessed the initiative as feasible before approval."""
    initiative = _ready_for_approval()
    Initiative.objects.filter(pk=initiative.pk).update(feasibility=feasibility)
    initiative.refresh_from_db()
    with pytest.raises(RuleViolation) as err:
        services.initiative_transition(initiative=initiative, to=S.APPROVED, by=portfolio)
    assert (err.value.code, err.value.field) == (code, "feasibility")


def test_initiative_transition_walks_the_whole_lifecycle(portfolio):
    """idea → intake → feasibility review → approved → in progress → done, one version each."""
    initiative = InitiativeFactory(planned_start=date(2027, 1, 4), planned_end=date(2027, 6, 30))
    BusinessOutcomeFactory(initiative=initiative)
    EffortEstimateFactory(initiative=initiative)
    services.initiative_transition(initiative=initiative, to=S.INTAKE, by=portfolio)
    services.initiative_transition(initiative=initiative, to=S.FEASIBILITY_REVIEW, by=portfolio)
    initiative.refresh_from_db()
    services.initiative_assess(
        initiative=initiative,
        by=portfolio,
        data={"feasibility": Feasibility.FEASIBLE, "version": 3},
    )
    for state in (S.APPROVED, S.IN_PROGRESS, S.DONE):
        services.initiative_transition(initiative=initiative, to=state, by=portfolio)
    initiative.refresh_from_db()
    assert (initiative.state, initiative.version) == (S.DONE, 7)


def test_initiative_transition_refuses_skipping_states(portfolio):
    """An idea cannot jump to approved; the message lists where it can go."""
    initiative = InitiativeFactory()
    with pytest.raises(RuleViolation) as err:
        services.initiative_transition(initiative=initiative, to=S.APPROVED, by=portfolio)
    assert err.value.code == "INITIATIVE_TRANSITION_NOT_ALLOWED"
    assert err.value.message == (
        "An initiative in 'Idea' cannot move to 'Approved'. It can move to: Intake, Cancelled."
    )


def test_initiative_transition_refuses_unknown_state(portfolio):
    """An unknown target state is refused naming `to`."""
    initiative = InitiativeFactory()
    with pytest.raises(RuleViolation) as err:
        services.initiative_transition(initiative=initiative, to="launched", by=portfolio)
    assert (err.value.code, err.value.field) == ("INVALID_STATE", "to")


def test_initiative_transition_on_hold_resumes_to_previous_state(portfolio):
    """An initiative put on hold resumes to the state it was held in, and only that one."""
    initiative = InitiativeFactory(state=S.APPROVED)
    services.initiative_transition(initiative=initiative, to=S.ON_HOLD, by=portfolio)
    with pytest.raises(RuleViolation):
        services.initiative_transition(initiative=initiative, to=S.IN_PROGRESS, by=portfolio)
    services.initiative_transition(initiative=initiative, to=S.APPROVED, by=portfolio)
    initiative.refresh_from_db()
    assert (initiative.state, initiative.held_from_state) == (S.APPROVED, "")


def test_initiative_transition_refuses_intake_without_problem(business, unit):
    """Submitting to intake needs a problem statement."""
    initiative = InitiativeFactory(requesting_unit=unit, problem_statement="  ")
    with pytest.raises(RuleViolation) as err:
        services.initiative_transition(initiative=initiative, to=S.INTAKE, by=business)
    assert (err.value.code, err.value.field) == ("INITIATIVE_NEEDS_PROBLEM", "problem_statement")


def test_initiative_transition_refuses_start_without_planned_dates(portfolio):
    """Work cannot start without planned dates."""
    initiative = InitiativeFactory(state=S.APPROVED)
    with pytest.raises(RuleViolation) as err:
        services.initiative_transition(initiative=initiative, to=S.IN_PROGRESS, by=portfolio)
    assert (err.value.code, err.value.field) == ("INITIATIVE_NEEDS_PLANNED_DATES", "planned_start")


def test_initiative_transition_refuses_approval_inside_a_dependency_cycle(portfolio):
    """A cycle that slipped into the data (e.g. by direct edits) blocks approval."""
    a, b = _ready_for_approval(title="A"), InitiativeFactory(title="B")
    Dependency.objects.bulk_create(
        [Dependency(predecessor=a, successor=b), Dependency(predecessor=b, successor=a)]
    )
    with pytest.raises(RuleViolation) as err:
        services.initiative_transition(initiative=a, to=S.APPROVED, by=portfolio)
    assert (err.value.code, err.value.field) == ("INITIATIVE_DEPENDENCY_CYCLE", "dependencies")
    assert "A → B → A" in err.value.message


def test_dependency_create_refuses_a_cycle(itlead):
    """A dependency closing a cycle is refused, naming the initiatives along it."""
    a, b, c = (InitiativeFactory(title=t) for t in "ABC")
    DependencyFactory(predecessor=a, successor=b)
    DependencyFactory(predecessor=b, successor=c)
    with pytest.raises(RuleViolation) as err:
        services.dependency_create(data={"predecessor": c, "successor": a}, by=itlead)
    assert err.value.code == "DEPENDENCY_CYCLE"
    assert err.value.message == "This dependency would create a cycle: A → B → C → A."
    assert Dependency.objects.count() == 2


def test_dependency_create_refuses_self_and_duplicates(itlead):
    """An initiative cannot depend on itself, and a pair is recorded once."""
    a, b = InitiativeFactory(), InitiativeFactory()
    with pytest.raises(RuleViolation):
        services.dependency_create(data={"predecessor": a, "successor": a}, by=itlead)
    services.dependency_create(data={"predecessor": a, "successor": b}, by=itlead)
    with pytest.raises(Conflict):
        services.dependency_create(data={"predecessor": a, "successor": b}, by=itlead)
    assert Dependency.objects.count() == 1


def test_estimate_create_refuses_high_below_likely(itlead):
    """A three-point estimate must be ordered low ≤ likely ≤ high."""
    initiative = InitiativeFactory()
    with pytest.raises(RuleViolation) as err:
        services.estimate_create(
            initiative=initiative,
            by=itlead,
            data={
                "team": TeamFactory(),
                "low": Decimal(2),
                "likely": Decimal(5),
                "high": Decimal(4),
            },
        )
    assert err.value.field == "high"
    assert initiative.estimates.count() == 0


def test_estimate_create_refuses_second_estimate_for_a_team(itlead):
    """One estimate per team and initiative."""
    estimate = EffortEstimateFactory()
    with pytest.raises(Conflict) as err:
        services.estimate_create(
            initiative=estimate.initiative,
            by=itlead,
            data={"team": estimate.team, "low": 1, "likely": 2, "high": 3},
        )
    assert (err.value.code, err.value.field) == ("ESTIMATE_DUPLICATE_TEAM", "team")


def test_initiative_delete_refuses_after_approval(portfolio):
    """Approved work is cancelled, not deleted."""
    initiative = InitiativeFactory(state=S.APPROVED)
    with pytest.raises(RuleViolation) as err:
        services.initiative_delete(initiative=initiative, by=portfolio)
    assert err.value.code == "INITIATIVE_DELETE_STATE"
    assert Initiative.objects.filter(pk=initiative.pk).exists()


def test_outcome_create_refused_on_closed_initiative(business, unit):
    """Nothing can be added to a done or cancelled initiative."""
    initiative = InitiativeFactory(requesting_unit=unit, state=S.CANCELLED)
    with pytest.raises(RuleViolation) as err:
        services.outcome_create(
            initiative=initiative,
            by=business,
            data={
                "metric": "Churn",
                "baseline": 5,
                "target": 3,
                "unit": "%",
                "target_date": date(2027, 1, 1),
            },
        )
    assert err.value.code == "INITIATIVE_CLOSED"
