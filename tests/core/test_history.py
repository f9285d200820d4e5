"""The change history as people read it: fields and linked goals, in the model's order."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.portfolio import selectors
from tandem.portfolio import services as portfolio_services
from tests.factories import InitiativeFactory, StrategicGoalFactory

pytestmark = pytest.mark.django_db


def _edit(initiative, by, **data):
    initiative.refresh_from_db()
    return portfolio_services.initiative_update(
        initiative=initiative, data={**data, "version": initiative.version}, by=by
    )


def test_history_shows_goal_changes_by_name_after_the_field_changes(portfolio):
    keep = StrategicGoalFactory(title="Grow EMEA")
    drop = StrategicGoalFactory(title="Cut churn")
    add = StrategicGoalFactory(title="Close faster")
    initiative = InitiativeFactory(title="CRM")
    _edit(initiative, portfolio, goals=[keep, drop])
    _edit(initiative, portfolio, title="CRM renewal", goals=[keep, add])

    latest = selectors.initiative_history(user=portfolio, initiative=initiative)[0]

    assert latest.action == "changed"
    labels = [label for label, _old, _new in latest.changes]
    assert labels == ["Title", "Goals"]
    goals = dict((label, (old, new)) for label, old, new in latest.changes)["Goals"]
    assert set(goals[0].split(", ")) == {"Grow EMEA", "Cut churn"}
    assert set(goals[1].split(", ")) == {"Grow EMEA", "Close faster"}


def test_history_reads_linked_goals_in_one_query_however_many_edits(portfolio):
    goals = StrategicGoalFactory.create_batch(3)
    initiative = InitiativeFactory()
    for n in range(6):
        _edit(initiative, portfolio, goals=goals[: n % 3 + 1], title=f"Edit {n}")

    with CaptureQueriesContext(connection) as queries:
        entries = selectors.initiative_history(user=portfolio, initiative=initiative)

    goal_reads = [q for q in queries if "historicalinitiative_goals" in q["sql"]]
    assert len(goal_reads) == 1
    assert sum(1 for e in entries if e.action == "changed") == 6


def test_history_names_estimates_and_dependencies_without_a_query_per_record(portfolio):
    """An estimate is named by its team and a dependency by both initiatives: their records
    read those in one query per link, not one per record (the detail page showed 3 team
    reads for 3 estimates)."""
    from tests.factories import DependencyFactory, EffortEstimateFactory, TeamFactory

    initiative = InitiativeFactory(title="CRM")

    def history_queries():
        with CaptureQueriesContext(connection) as queries:
            entries = selectors.initiative_history(user=portfolio, initiative=initiative)
        return len(queries), entries

    EffortEstimateFactory(initiative=initiative, team=TeamFactory(name="Apps"))
    DependencyFactory(predecessor=InitiativeFactory(title="ERP"), successor=initiative)
    few, _ = history_queries()
    for name in ("Data", "Infra", "Service desk"):
        EffortEstimateFactory(initiative=initiative, team=TeamFactory(name=name))
    DependencyFactory(predecessor=initiative, successor=InitiativeFactory(title="Portal"))
    many, entries = history_queries()

    assert many == few
    subjects = {entry.subject for entry in entries}
    assert any(s.startswith("Effort estimate: Service desk:") for s in subjects)
    assert "Dependency: ERP → CRM" in subjects
    assert "Dependency: CRM → Portal" in subjects
