"""Schemathesis over the served OpenAPI schema, in-process: for the test and `tandem bench fuzz`.

Every operation is fuzzed as each given role (a bearer token) with positive and negative cases;
about half of them aim their path ids at seeded records, so reads and edits reach real rows
rather than only answering 404. Failures are collected, not raised, so one run reports every
distinct problem (with a curl line to replay it).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tandem.accounts.choices import Role
from tandem.accounts.services import token_create, user_role_set
from tandem.organization.models import BusinessUnit, Person
from tandem.portfolio.choices import InitiativeState
from tests.factories import (
    BusinessOutcomeFactory,
    BusinessUnitFactory,
    DependencyFactory,
    EffortEstimateFactory,
    InitiativeFactory,
    PersonFactory,
    ScopeChangeFactory,
    StatusUpdateFactory,
    StrategicGoalFactory,
    TeamFactory,
    UserFactory,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@dataclass
class FuzzReport:
    """What a run did: operations and cases, the statuses seen, and each distinct failure."""

    operations: int = 0
    cases: int = 0
    statuses: Counter = field(default_factory=Counter)
    failures: dict[str, str] = field(default_factory=dict)  # "<op> <role> <title>" -> detail

    def summary(self) -> str:
        statuses = ", ".join(f"{code}: {n}" for code, n in sorted(self.statuses.items()))
        return (
            f"operations {self.operations}, cases {self.cases}, failures {len(self.failures)}"
            f" (statuses {statuses})"
        )


def seed(unit: BusinessUnit | None = None) -> dict[str, Any]:
    """A unit, a team, a goal and initiatives with one of each child; their ids by path name."""
    unit = unit or BusinessUnitFactory(name="Finance", code="FIN")
    team = TeamFactory(name="Data platform", lead=PersonFactory(unit=unit))
    goal = StrategicGoalFactory(owner_unit=unit)
    initiative = InitiativeFactory(requesting_unit=unit, business_sponsor=PersonFactory())
    initiative.goals.add(goal)
    started = InitiativeFactory(requesting_unit=unit, state=InitiativeState.APPROVED)
    outcome = BusinessOutcomeFactory(initiative=initiative)
    estimate = EffortEstimateFactory(initiative=initiative, team=team)
    status = StatusUpdateFactory(initiative=initiative)
    scope = ScopeChangeFactory(initiative=initiative)
    dependency = DependencyFactory(predecessor=started, successor=initiative)
    return {
        "unit_id": unit.pk,
        "team_id": team.pk,
        "person_id": Person.objects.filter(unit=unit).first().pk,
        "goal_id": goal.pk,
        "initiative_id": initiative.pk,
        "outcome_id": outcome.pk,
        "estimate_id": estimate.pk,
        "status_update_id": status.pk,
        "scope_change_id": scope.pk,
        "dependency_id": dependency.pk,
    }


def roles_seed(unit: BusinessUnit) -> dict[str, dict[str, str]]:
    """A portfolio office user and `unit`'s business lead, as bearer-token headers."""
    roles = {"portfolio office": ("fuzz-portfolio", Role.PORTFOLIO_OFFICE, None)}
    roles["business lead"] = ("fuzz-business", Role.BUSINESS_LEAD, unit)
    headers = {}
    for label, (username, role, their_unit) in roles.items():
        user = UserFactory(username=username)
        user_role_set(user=user, role=role)
        PersonFactory(name=username, user=user, unit=their_unit)
        headers[label] = bearer(username)
    return headers


def bearer(username: str) -> dict[str, str]:
    """Headers authenticating as `username` with a fresh API token."""
    return {"Authorization": f"Bearer {token_create(username=username)[1]}"}


def load_schema() -> Any:
    """The schema the API serves, read in-process from the WSGI application."""
    from django.core.wsgi import get_wsgi_application

    with _kept_connection():
        return schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@contextmanager
def _kept_connection() -> Iterator[None]:
    """Like Django's test client: inside a test's transaction, the end of a request must not
    close the database connection (on PostgreSQL that would end the transaction)."""
    if not connection.in_atomic_block:
        yield
        return
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def fuzz(
    schema: Any, *, roles: dict[str, dict[str, str]], ids: dict[str, Any], examples: int
) -> FuzzReport:
    """Fuzz every operation as every role with about `examples` cases each; collect failures."""
    report = FuzzReport()
    quiet = logging.getLogger("django.request")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # thousands of 4xx warnings otherwise; 5xx still log
    try:
        with _kept_connection():
            for result in schema.get_all_operations():
                operation = result.ok()
                report.operations += 1
                for role, headers in roles.items():
                    _fuzz_operation(operation, role, headers, ids, examples, report)
    finally:
        quiet.setLevel(level)
    return report


def _strategy(operation: Any, ids: dict[str, Any]) -> Any:
    """Generated cases, negative ones, and generated cases aimed at seeded records."""
    names = [p.name for p in operation.path_parameters]
    strategies = [
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    ]
    if names and all(name in ids for name in names):
        real = {name: ids[name] for name in names}
        strategies.append(operation.as_strategy(path_parameters=real))
        strategies.append(operation.as_strategy(path_parameters=real))
    return st.one_of(strategies)


def _fuzz_operation(
    operation: Any,
    role: str,
    headers: dict[str, str],
    ids: dict[str, Any],
    examples: int,
    report: FuzzReport,
) -> None:
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=_strategy(operation, ids))
    def run(case: Any) -> None:
        # Inside a test's transaction each case rolls back, so one database error (which
        # aborts a PostgreSQL transaction) cannot turn every later case into a 500.
        savepoint = transaction.savepoint() if connection.in_atomic_block else None
        try:
            response = case.call(headers=headers)
        finally:
            if savepoint is not None:
                transaction.savepoint_rollback(savepoint)
        report.cases += 1
        report.statuses[response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except FailureGroup as group:
            for failure in group.exceptions:
                key = f"{operation.label} as {role}: {failure.title}"
                report.failures.setdefault(key, f"{failure.message}\n{case.as_curl_command()}")

    run()


__all__ = ["CHECKS", "FuzzReport", "bearer", "fuzz", "load_schema", "roles_seed", "seed"]
