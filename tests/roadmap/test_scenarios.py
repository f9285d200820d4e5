"""Scenarios: copy-on-write what-ifs of the roadmap, compared with the baseline and adopted."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from tandem.audit.models import AuditEvent
from tandem.capacity.models import NonDiscretionaryLoad, PlannedHire
from tandem.core.errors import Conflict, RuleViolation
from tandem.portfolio.choices import InitiativeState
from tandem.portfolio.models import EffortEstimate, Initiative
from tandem.roadmap import scenario_selectors, selectors, services
from tandem.roadmap.choices import ChangeKind, ScenarioStatus
from tandem.roadmap.models import RankedFirst
from tests.factories import EffortEstimateFactory, InitiativeFactory

pytestmark = pytest.mark.django_db


def _rows(plan):
    return {row["title"]: row for row in plan["initiatives"]}


def _scenario(by, name="Sanctions first"):
    return services.scenario_create(data={"name": name}, by=by)


def _add(scenario, by, kind, **fields):
    scenario.refresh_from_db()
    return services.change_add(scenario=scenario, data={"kind": kind, **fields}, by=by)


def test_a_scenario_adding_an_urgent_initiative_shows_which_others_slip(contest, urgent, portfolio):
    """Adding the urgent work ranked first pushes the portal back 4 weeks; the baseline is
    untouched and the compare page names what moved."""
    scenario = _scenario(portfolio)
    _add(scenario, portfolio, ChangeKind.ADD, initiative=urgent)
    _add(scenario, portfolio, ChangeKind.FIRST, initiative=urgent)
    baseline = _rows(selectors.roadmap_plan(user=portfolio))
    variant = _rows(selectors.roadmap_plan(user=portfolio, scenario=scenario))
    assert "Sanctions Screening" not in baseline
    assert variant["Sanctions Screening"]["start_week"] == 0
    assert (
        variant["Customer Portal"]["finish_week"] == baseline["Customer Portal"]["finish_week"] + 4
    )
    assert "Sanctions Screening" in variant["Customer Portal"]["explanation"]
    compared = scenario_selectors.plan_compare(user=portfolio, left=None, right=scenario)
    moved = {row["title"]: row for row in compared["rows"]}
    assert moved["Customer Portal"]["shift_weeks"] == 4
    assert moved["GDPR Retention"]["shift_weeks"] == 4
    assert moved["Sanctions Screening"]["only"] == "right"
    assert compared["summary"] == {
        "later": 2,
        "earlier": 0,
        "newly_late": 0,
        "newly_on_time": 0,
        "added": 1,
        "removed": 0,
    }
    assert urgent.__class__.objects.get(pk=urgent.pk).state == InitiativeState.FEASIBILITY_REVIEW


def test_compare_reports_value_per_quarter_and_team_use_on_both_sides(contest, urgent, portfolio):
    """Both sides share the quarters; the added work raises Data Platform's use."""
    scenario = _scenario(portfolio)
    _add(scenario, portfolio, ChangeKind.ADD, initiative=urgent)
    quarters = scenario_selectors.plan_compare(user=portfolio, left=None, right=scenario)[
        "quarters"
    ]
    assert len(quarters["names"]) == len(quarters["value_left"]) == len(quarters["value_right"])
    assert len(quarters["names"]) >= 4
    team = next(t for t in quarters["teams"] if t["team"] == "Data Platform")
    assert sum(filter(None, team["right"])) > sum(filter(None, team["left"])) > 0
    assert all(0 <= share <= 1 for share in team["right"] if share is not None)


def test_taking_an_initiative_off_lets_the_next_one_start_at_once(contest, portfolio):
    """Removing the portal lets GDPR Retention start in week 0 and meet its target."""
    scenario = _scenario(portfolio)
    _add(scenario, portfolio, ChangeKind.REMOVE, initiative=contest.portal)
    rows = _rows(selectors.roadmap_plan(user=portfolio, scenario=scenario))
    assert "Customer Portal" not in rows
    assert (rows["GDPR Retention"]["start_week"], rows["GDPR Retention"]["late_weeks"]) == (0, 0)
    summary = scenario_selectors.plan_compare(user=portfolio, left=None, right=scenario)["summary"]
    assert (summary["removed"], summary["newly_on_time"], summary["earlier"]) == (1, 1, 1)


def test_a_hire_and_a_lost_team_week_change_capacity_as_adopting_would(contest, portfolio, monday):
    """Two hires from this week let both run side by side; 80 lost hours a week stall all."""
    hired = _scenario(portfolio, "Two more engineers")
    _add(hired, portfolio, ChangeKind.HIRE, team=contest.team, people=2, first_day=monday)
    rows = _rows(selectors.roadmap_plan(user=portfolio, scenario=hired))
    assert rows["GDPR Retention"]["start_week"] == 0
    stalled = _scenario(portfolio, "Migration freeze")
    _add(
        stalled,
        portfolio,
        ChangeKind.LOAD,
        team=contest.team,
        hours_per_week=Decimal("80"),
        first_day=monday,
        last_day=monday + timedelta(weeks=5, days=6),
    )
    rows = _rows(selectors.roadmap_plan(user=portfolio, scenario=stalled))
    assert rows["Customer Portal"]["start_week"] == 6


def test_a_changed_estimate_replaces_the_baseline_one(contest, portfolio):
    """Halving the portal's work lets retention start 2 weeks earlier."""
    scenario = _scenario(portfolio)
    _add(
        scenario,
        portfolio,
        ChangeKind.ESTIMATE,
        initiative=contest.portal,
        team=contest.team,
        low=Decimal("3"),
        likely=Decimal("4"),
        high=Decimal("6"),
        rate=Decimal("2"),
    )
    rows = _rows(selectors.roadmap_plan(user=portfolio, scenario=scenario))
    assert rows["GDPR Retention"]["start_week"] == 2


@pytest.mark.parametrize(
    ("kind", "fields", "field", "words"),
    [
        ("add", {}, "initiative", "needs initiative"),
        ("hire", {"people": 2}, "team", "needs team"),
        ("nonsense", {}, "kind", "Choose what to change"),
    ],
)
def test_a_change_missing_what_its_kind_needs_names_the_field(
    contest, portfolio, kind, fields, field, words
):
    """Each kind says which field it lacks; nothing is saved."""
    scenario = _scenario(portfolio)
    with pytest.raises(RuleViolation) as caught:
        _add(scenario, portfolio, kind, **fields)
    assert caught.value.field == field
    assert words in caught.value.message
    assert scenario.changes.count() == 0


def test_changes_that_make_no_sense_are_refused_with_the_reason(contest, urgent, portfolio):
    """Adding what is already on the roadmap, ranking first what is not on it, or changing an
    initiative the scenario takes off are refused; an initiative without estimates cannot be
    added."""
    scenario = _scenario(portfolio)
    cases = [
        ({"kind": "add", "initiative": contest.portal}, "already on the roadmap"),
        ({"kind": "first", "initiative": urgent}, "add it to this scenario first"),
        ({"kind": "add", "initiative": InitiativeFactory(title="Bare")}, "no effort estimate"),
    ]
    _add(scenario, portfolio, ChangeKind.REMOVE, initiative=contest.gdpr)
    cases.append(({"kind": "first", "initiative": contest.gdpr}, "takes GDPR Retention off"))
    for data, words in cases:
        scenario.refresh_from_db()
        with pytest.raises(RuleViolation) as caught:
            services.change_add(scenario=scenario, data=data, by=portfolio)
        assert words in caught.value.message, data
        assert caught.value.field == "initiative"
    assert scenario.changes.count() == 1


def test_a_stale_scenario_version_is_a_conflict(contest, urgent, portfolio):
    """Adding a change against an old version of the scenario is refused, not merged."""
    scenario = _scenario(portfolio)
    _add(scenario, portfolio, ChangeKind.ADD, initiative=urgent)
    with pytest.raises(Conflict):
        services.change_add(
            scenario=scenario,
            data={"kind": "first", "initiative": urgent, "scenario_version": 1},
            by=portfolio,
        )


def test_adopting_writes_every_change_into_the_records_and_the_audit_log(
    contest, urgent, portfolio, monday
):
    """Adoption approves the added initiative, ranks it first, hires, changes the estimate
    and adds the load; the baseline plan then equals the scenario's."""
    scenario = _scenario(portfolio)
    _add(scenario, portfolio, ChangeKind.ADD, initiative=urgent)
    _add(scenario, portfolio, ChangeKind.FIRST, initiative=urgent)
    _add(scenario, portfolio, ChangeKind.HIRE, team=contest.team, people=2, first_day=monday)
    _add(
        scenario,
        portfolio,
        ChangeKind.ESTIMATE,
        initiative=contest.gdpr,
        team=contest.team,
        low=Decimal("5"),
        likely=Decimal("6"),
        high=Decimal("9"),
    )
    _add(
        scenario,
        portfolio,
        ChangeKind.LOAD,
        team=contest.team,
        hours_per_week=Decimal("8"),
        first_day=monday + timedelta(weeks=10),
    )
    expected = _rows(selectors.roadmap_plan(user=portfolio, scenario=scenario))
    scenario.refresh_from_db()
    adopted = services.scenario_adopt(scenario=scenario, by=portfolio, version=scenario.version)
    assert adopted.status == ScenarioStatus.ADOPTED
    assert Initiative.objects.get(pk=urgent.pk).state == InitiativeState.APPROVED
    assert RankedFirst.objects.get().initiative == urgent
    assert PlannedHire.objects.filter(team=contest.team).count() == 2
    assert EffortEstimate.objects.get(initiative=contest.gdpr).likely == Decimal("6")
    assert NonDiscretionaryLoad.objects.get(team=contest.team).hours_per_week == Decimal("8")
    event = AuditEvent.objects.get(action="scenario_adopted")
    assert event.actor == portfolio
    assert len(event.detail["changes"]) == 5
    after = _rows(selectors.roadmap_plan(user=portfolio))
    assert {t: (r["start_week"], r["finish_week"]) for t, r in after.items()} == {
        t: (r["start_week"], r["finish_week"]) for t, r in expected.items()
    }


def test_adoption_is_all_or_nothing(contest, portfolio, monday):
    """An added idea cannot be approved: nothing of the scenario is written."""
    idea = InitiativeFactory(title="Chatbot", state=InitiativeState.IDEA)
    EffortEstimateFactory(initiative=idea, team=contest.team, likely=4)
    scenario = _scenario(portfolio)
    _add(scenario, portfolio, ChangeKind.HIRE, team=contest.team, people=1, first_day=monday)
    _add(scenario, portfolio, ChangeKind.ADD, initiative=idea)
    scenario.refresh_from_db()
    with pytest.raises(RuleViolation) as caught:
        services.scenario_adopt(scenario=scenario, by=portfolio, version=scenario.version)
    assert "Add Chatbot to the roadmap" in caught.value.message
    assert "cannot move to 'Approved'" in caught.value.message
    assert PlannedHire.objects.count() == 0
    scenario.refresh_from_db()
    assert scenario.status == ScenarioStatus.DRAFT
    assert not AuditEvent.objects.filter(action="scenario_adopted").exists()


def test_an_adopted_scenario_can_no_longer_change(contest, urgent, portfolio):
    """After adoption, adding a change or adopting again is refused."""
    scenario = _scenario(portfolio)
    _add(scenario, portfolio, ChangeKind.ADD, initiative=urgent)
    scenario.refresh_from_db()
    services.scenario_adopt(scenario=scenario, by=portfolio, version=scenario.version)
    with pytest.raises(RuleViolation) as caught:
        _add(scenario, portfolio, ChangeKind.REMOVE, initiative=contest.portal)
    assert "can no longer change" in caught.value.message


def test_a_scenario_plan_is_remembered_per_state_of_its_changes(contest, urgent, portfolio):
    """The same scenario answers from memory; a new change is planned afresh."""
    scenario = _scenario(portfolio)
    _add(scenario, portfolio, ChangeKind.ADD, initiative=urgent)
    first = selectors.roadmap_plan(user=portfolio, scenario=scenario)
    assert selectors.roadmap_plan(user=portfolio, scenario=scenario) == first
    _add(scenario, portfolio, ChangeKind.FIRST, initiative=urgent)
    again = _rows(selectors.roadmap_plan(user=portfolio, scenario=scenario))
    assert again["Sanctions Screening"]["start_week"] == 0
