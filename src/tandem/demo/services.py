"""Writes for the demo company: prepare the database, load the company, remove domain data.

Units, teams and goals go through their apps' services. People, the portfolio and the capacity
data are written with `bulk_create` for speed, each object with a history trail dated as the
generator planned it (created, every state change, the feasibility assessment), attributed to
no user (system).
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Model, ProtectedError
from django.utils import timezone

from tandem import engine
from tandem.accounts import services as account_services
from tandem.accounts.choices import Role
from tandem.audit.services import audit_record
from tandem.capacity.models import (
    Actual,
    ActualsImport,
    Holiday,
    Leave,
    NonDiscretionaryLoad,
    PlannedHire,
    WorkProfile,
)
from tandem.core.errors import Conflict, DomainError, RuleViolation
from tandem.demo import choices, selectors
from tandem.demo.generator import DEMO_PASSWORD, DEMO_USERS, Company, company_generate
from tandem.demo.generator.specs import InitiativeSpec
from tandem.operations.models import PlanJob
from tandem.organization import services as organization_services
from tandem.organization.models import BusinessUnit, Person, Team
from tandem.portfolio.choices import Feasibility, InitiativeState
from tandem.portfolio.models import (
    BusinessOutcome,
    Dependency,
    EffortEstimate,
    Initiative,
    ScopeChange,
    StatusUpdate,
)
from tandem.prioritization import services as prioritization_services
from tandem.prioritization.models import Alternative, Score, SelectionRun
from tandem.roadmap import forecasting
from tandem.roadmap import services as roadmap_services
from tandem.roadmap.choices import ChangeKind
from tandem.roadmap.models import RankedFirst, Scenario, ScenarioChange
from tandem.strategy import services as strategy_services
from tandem.strategy.models import StrategicGoal

Progress = Callable[[str, int], None]
BATCH = 500
# children first, so that nothing is deleted while something still refers to it
DOMAIN_MODELS: tuple[type[Model], ...] = (
    PlanJob,  # plans, forecasts and optimizations worked out from the data being removed
    Scenario,
    RankedFirst,
    SelectionRun,
    Actual,
    ActualsImport,
    WorkProfile,
    Leave,
    PlannedHire,
    NonDiscretionaryLoad,
    Holiday,
    Initiative,
    StrategicGoal,
    Person,
    Team,
    BusinessUnit,
)
HISTORY_MODELS: tuple[type[Model], ...] = (
    ScenarioChange,
    Scenario,
    RankedFirst,
    SelectionRun,
    Score,
    Alternative,
    Actual,
    ActualsImport,
    WorkProfile,
    Leave,
    PlannedHire,
    NonDiscretionaryLoad,
    Holiday,
    Dependency,
    StatusUpdate,
    ScopeChange,
    EffortEstimate,
    BusinessOutcome,
    Initiative,
    StrategicGoal,
    Person,
    Team,
    BusinessUnit,
)


def demo_database_prepare() -> bool:
    """Apply unapplied migrations to the default database; return whether any ran."""
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    if not executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return False
    call_command("migrate", interactive=False, verbosity=0)
    return True


@transaction.atomic
def demo_reset() -> dict[str, int]:
    """Delete all units, teams, people, goals, initiatives, capacity data and their history.

    Users and the audit log stay. Conflict if other data still refers to the domain objects.
    """
    deleted = _delete_unrecorded(Actual, Leave)
    try:
        for model in DOMAIN_MODELS:
            _, counts = model.objects.all().delete()
            for label, count in counts.items():
                deleted[label] = deleted.get(label, 0) + count
    except ProtectedError as err:
        raise Conflict(
            "The demo data cannot be removed while other records still refer to it: "
            + ", ".join(sorted({str(obj) for obj in err.protected_objects})[:5])
            + ".",
            code=choices.DEMO_RESET_BLOCKED,
        ) from err
    apps.get_model("portfolio", "HistoricalInitiative_goals").objects.all().delete()
    for model in HISTORY_MODELS:
        model.history.model.objects.all().delete()  # type: ignore[attr-defined]
    audit_record(action="demo_reset", detail=deleted)
    return deleted


@transaction.atomic
def demo_load(
    *,
    size: str = "small",
    seed: int = choices.DEFAULT_SEED,
    progress: Progress | None = None,
    reset: bool = False,
    today: date | None = None,
) -> dict[str, Any]:
    """Load the demo company for `size` and `seed` in one transaction; return its counts.

    Conflict if domain data exists and `reset` is false; with `reset`, `demo_reset` runs first.
    """
    if size not in choices.SIZE_CHOICES:
        raise RuleViolation(f"There is no demo size {size!r}.", code="INVALID_SIZE", field="size")
    started = time.perf_counter()
    if reset:
        demo_reset()
    elif selectors.demo_exists():
        raise Conflict(
            "Demo data already exists; reset it first to load it again.",
            code=choices.DEMO_EXISTS,
        )
    company = company_generate(size=size, seed=seed, today=today or timezone.localdate())
    loader = _Loader(company, progress or (lambda stage, count: None))
    loader.run()
    summary = _summary(company, seconds=time.perf_counter() - started)
    audit_record(action="demo_load", detail={k: v for k, v in summary.items() if k != "seconds"})
    return summary


def _summary(company: Company, *, seconds: float) -> dict[str, Any]:
    items = company.initiatives
    return {
        "size": company.size,
        "seed": company.seed,
        "units": len(company.units),
        "headcount": sum(u.headcount for u in company.units),
        "teams": len(company.teams),
        "it_people": sum(1 for p in company.people if p.team),
        "people": len(company.people),
        "goals": len(company.goals),
        "initiatives": len(items),
        "states": dict(Counter(i.state for i in items)),
        "kinds": dict(Counter(i.kind for i in items)),
        "outcomes": sum(len(i.outcomes) for i in items),
        "estimates": sum(len(i.estimates) for i in items),
        "status_updates": sum(len(i.status_updates) for i in items),
        "scope_changes": sum(len(i.scope_changes) for i in items),
        "dependencies": len(company.dependencies),
        "holidays": len(company.capacity.holidays),
        "leaves": len(company.capacity.leaves),
        "hires": len(company.capacity.hires),
        "loads": len(company.capacity.loads),
        "work_profiles": len(company.capacity.work_profiles),
        "actuals": len(company.capacity.actuals),
        "overcommitted_teams": [
            team.name for team in company.teams if team.key in company.capacity.overcommitted
        ],
        "users": len(DEMO_USERS),
        "seconds": round(seconds, 2),
    }


class _Loader:
    """Writes one generated company, stage by stage, reporting each stage to `progress`."""

    def __init__(self, company: Company, progress: Progress) -> None:
        self.company = company
        self.progress = progress
        self.now = timezone.now()
        self.users: dict[str, Any] = {}
        self.units: dict[str, BusinessUnit] = {}
        self.teams: dict[str, Team] = {}
        self.people: dict[str, Person] = {}
        self.goals: dict[str, StrategicGoal] = {}
        self.initiatives: dict[int, Initiative] = {}

    def run(self) -> None:
        for stage, step in (
            ("users", self.load_users),
            ("business units", self.load_units),
            ("IT teams", self.load_teams),
            ("people", self.load_people),
            ("strategic goals", self.load_goals),
            ("initiatives", self.load_initiatives),
            ("outcomes", self.load_outcomes),
            ("estimates", self.load_estimates),
            ("status updates", self.load_status_updates),
            ("scope changes", self.load_scope_changes),
            ("dependencies", self.load_dependencies),
            ("scores", self.load_scores),
            ("alternatives", self.load_alternatives),
            ("holidays", self.load_holidays),
            ("leave", self.load_leaves),
            ("hiring plan", self.load_hires),
            ("load", self.load_loads),
            ("work profiles", self.load_work_profiles),
            ("actual hours", self.load_actuals),
            ("portfolio selection", self.load_selection),
            ("delivery forecast", self.load_forecast),
            ("scenarios", self.load_scenario),
        ):
            self.progress(stage, step())

    def at(self, day: date, sequence: int = 0) -> datetime:
        """A working-hours moment on `day`, never in the future; `sequence` orders a day."""
        moment = timezone.make_aware(datetime.combine(day, datetime.min.time()))
        return min(moment + timedelta(hours=9, minutes=(sequence * 23) % 480), self.now)

    def load_users(self) -> int:
        user_model = get_user_model()
        password = make_password(DEMO_PASSWORD)  # hashed once: the same for every demo user
        for username, role, _ in DEMO_USERS:
            person = self._person_spec(self.company.personas[username])
            first, _, last = person.name.partition(" ")
            user, _ = user_model.objects.get_or_create(username=username)
            user.first_name, user.last_name, user.email = first, last, person.email
            user.password, user.is_active = password, True
            user.is_superuser = user.is_staff = username == "admin"
            user.save()
            account_services.user_role_set(user=user, role=Role(role))
            self.users[username] = user
        return len(self.users)

    def _person_spec(self, key: str) -> Any:
        return next(p for p in self.company.people if p.key == key)

    def load_units(self) -> int:
        for spec in self.company.units:
            self.units[spec.key] = organization_services.unit_create(
                data={
                    "name": spec.name,
                    "code": spec.code,
                    "description": spec.description,
                    "headcount": spec.headcount,
                },
                by=None,
            )
        return len(self.units)

    def load_teams(self) -> int:
        for spec in self.company.teams:
            self.teams[spec.key] = organization_services.team_create(
                data={"name": spec.name, "description": spec.description}, by=None
            )
        return len(self.teams)

    def load_people(self) -> int:
        user_of = {key: self.users[username] for username, key in self.company.personas.items()}
        for spec in self.company.people:
            person = Person(
                name=spec.name,
                email=spec.email,
                fte=spec.fte,
                hours_per_week=spec.hours_per_week,
                skills=list(spec.skills),
                start_date=spec.start_date,
                end_date=spec.end_date,
                unit=self.units.get(spec.unit or ""),
                team=self.teams.get(spec.team or ""),
                user=user_of.get(spec.key),
            )
            _check(person)
            self.people[spec.key] = person
        people = list(self.people.values())
        Person.objects.bulk_create(people, batch_size=BATCH)
        _history(Person, ((p, p.created, "+", "Demo company loaded", {}) for p in people))
        leads = {p.team: p.key for p in self.company.people if p.role == "lead"}
        for key, team in self.teams.items():  # a lead must be a member, so leads come last
            organization_services.team_update(
                team=team,
                data={"lead": self.people[leads[key]], "version": team.version},
                by=None,
            )
        return len(people)

    def load_goals(self) -> int:
        for spec in self.company.goals:
            self.goals[spec.key] = strategy_services.goal_create(
                data={
                    "title": spec.title,
                    "statement": spec.statement,
                    "owner_unit": self.units[spec.unit],
                    "period_start": spec.period_start,
                    "period_end": spec.period_end,
                },
                by=None,
            )
        return len(self.goals)

    def load_initiatives(self) -> int:
        for spec in self.company.initiatives:
            self.initiatives[spec.key] = _initiative_build(self, spec)
        objs = list(self.initiatives.values())
        Initiative.objects.bulk_create(objs, batch_size=BATCH)
        specs = self.company.initiatives
        for obj, spec in zip(objs, specs, strict=True):
            obj.created = self.at(spec.steps[0].day)
            obj.updated = self.at(spec.steps[-1].day, len(spec.steps))
        Initiative.objects.bulk_update(objs, ["created", "updated"], batch_size=BATCH)
        through = Initiative.goals.through
        links = [
            through(initiative_id=obj.pk, strategicgoal_id=self.goals[goal].pk)
            for obj, spec in zip(objs, specs, strict=True)
            for goal in spec.goals
        ]
        through.objects.bulk_create(links, batch_size=BATCH)
        records = _history(
            Initiative,
            (
                row
                for obj, spec in zip(objs, specs, strict=True)
                for row in _initiative_trail(self, obj, spec)
            ),
        )
        _goal_history(records, links)
        return len(objs)

    def _children(self, model: type[Model], rows: Iterable[tuple[Model, date]]) -> int:
        """Write children of initiatives, created on their day, each with a history record."""
        pairs = list(rows)
        for obj, _ in pairs:
            _check(obj)
        objs = model.objects.bulk_create([obj for obj, _ in pairs], batch_size=BATCH)
        for obj, day in pairs:
            obj.created = obj.updated = self.at(day, 1)  # type: ignore[attr-defined]
        model.objects.bulk_update(objs, ["created", "updated"], batch_size=BATCH)
        _history(model, ((obj, obj.created, "+", "", {}) for obj in objs))  # type: ignore[attr-defined]
        return len(objs)

    def _each(self) -> Iterable[tuple[Initiative, InitiativeSpec]]:
        for spec in self.company.initiatives:
            yield self.initiatives[spec.key], spec

    def load_outcomes(self) -> int:
        return self._children(
            BusinessOutcome,
            (
                (
                    BusinessOutcome(
                        initiative=obj,
                        metric=o.metric,
                        baseline=o.baseline,
                        target=o.target,
                        unit=o.unit,
                        target_date=o.target_date,
                        supports=o.supports,
                    ),
                    o.day,
                )
                for obj, spec in self._each()
                for o in spec.outcomes
            ),
        )

    def load_estimates(self) -> int:
        return self._children(
            EffortEstimate,
            (
                (
                    EffortEstimate(
                        initiative=obj,
                        team=self.teams[e.team],
                        low=e.low,
                        likely=e.likely,
                        high=e.high,
                    ),
                    e.day,
                )
                for obj, spec in self._each()
                for e in spec.estimates
            ),
        )

    def load_status_updates(self) -> int:
        author = self.users["itlead"]
        return self._children(
            StatusUpdate,
            (
                (
                    StatusUpdate(initiative=obj, date=s.day, rag=s.rag, text=s.text, author=author),
                    s.day,
                )
                for obj, spec in self._each()
                for s in spec.status_updates
            ),
        )

    def load_scope_changes(self) -> int:
        author = self.users["portfolio"]
        return self._children(
            ScopeChange,
            (
                (
                    ScopeChange(
                        initiative=obj,
                        date=c.day,
                        reason=c.reason,
                        effort_delta=c.effort_delta,
                        author=author,
                    ),
                    c.day,
                )
                for obj, spec in self._each()
                for c in spec.scope_changes
            ),
        )

    def load_dependencies(self) -> int:
        links = self.company.dependencies
        edges = [(link.predecessor, link.successor) for link in links]
        cycle = engine.find_cycle(edges)
        if cycle is not None:
            raise RuleViolation(
                f"The generated dependencies contain a cycle: {cycle}.",
                code=choices.DEMO_DATA_INVALID,
                field="dependencies",
            )
        return self._children(
            Dependency,
            (
                (
                    Dependency(
                        predecessor=self.initiatives[link.predecessor],
                        successor=self.initiatives[link.successor],
                        note=link.note,
                    ),
                    link.day,
                )
                for link in links
            ),
        )

    def load_scores(self) -> int:
        """The demo leads' scores on the active model's criteria (those it has)."""
        model = prioritization_services.scoring_models_install_defaults()
        if model is None:
            return 0
        criteria = {c.key: c for c in model.criteria.all()}
        unit_of = {
            username: self.people[key].unit_id for username, key in self.company.personas.items()
        }
        rows = []
        for spec in self.company.scores:
            criterion = criteria.get(spec.criterion)
            if criterion is None:
                continue
            side = "it" if spec.scorer == "itlead" else "business"
            score = Score(
                initiative=self.initiatives[spec.initiative],
                criterion=criterion,
                scorer=self.users[spec.scorer],
                side=side,
                unit_id=unit_of[spec.scorer] if side == "business" else None,
                value=spec.value,
                rationale=spec.rationale,
            )
            rows.append((score, spec.day))
        return self._children(Score, rows)

    def load_selection(self) -> int:
        """A first selection for the next four quarters, so the ranking shows a cut line: the
        budget is half of what the candidates would cost together."""
        today = self.company.today
        first = today.year * 4 + (today.month - 1) // 3 + 1  # the next quarter, counted from 0
        period_from = f"{first // 4}Q{first % 4 + 1}"
        period_to = f"{(first + 3) // 4}Q{(first + 3) % 4 + 1}"
        costs = Initiative.objects.filter(
            state__in=(InitiativeState.INTAKE, InitiativeState.FEASIBILITY_REVIEW)
        ).values_list("budget_estimate", flat=True)
        budget = round(sum(c or 0 for c in costs) / 2, -4)
        prioritization_services.selection_run_create(
            period_from=period_from,
            period_to=period_to,
            budget=budget,
            by=self.users["portfolio"],
            time_limit=10.0,
        )
        return 1

    def load_alternatives(self) -> int:
        return self._children(
            Alternative,
            (
                (
                    Alternative(
                        first=self.initiatives[min(pair.first, pair.second)],
                        second=self.initiatives[max(pair.first, pair.second)],
                        note=pair.note,
                    ),
                    self.company.today,
                )
                for pair in self.company.alternatives
            ),
        )

    #
    # Capacity
    #

    def load_forecast(self) -> int:
        """Work out the delivery odds once, so the roadmap shows them without a worker; the
        initiatives forecast (none when the roadmap cannot be planned: its pages say why)."""
        try:
            job = forecasting.forecast_run_now()
        except DomainError:
            return 0
        return len((job.result or {}).get("initiatives", []))

    def load_scenario(self) -> int:
        """A what-if to open: the portfolio office's draft that adds the first initiative
        waiting in feasibility review (with estimates, not judged infeasible) to the roadmap
        and ranks it first, so its page shows which approved work would slip."""
        office = get_user_model().objects.filter(username="portfolio").first()
        candidate = (
            Initiative.objects.filter(
                state=InitiativeState.FEASIBILITY_REVIEW, estimates__isnull=False
            )
            .exclude(feasibility=Feasibility.NOT_FEASIBLE)
            .order_by("pk")
            .first()
        )
        if office is None or candidate is None:
            return 0
        scenario = roadmap_services.scenario_create(
            data={
                "name": f"What if {candidate.title} goes first?",
                "description": "The business asks for it urgently: which approved work slips?",
            },
            by=office,
        )
        for kind in (ChangeKind.ADD, ChangeKind.FIRST):
            scenario.refresh_from_db()
            roadmap_services.change_add(
                scenario=scenario, data={"kind": kind, "initiative": candidate}, by=office
            )
        return 1

    def _bulk(self, model: type[Model], objs: list[Any], *, check: bool = True) -> int:
        """Write capacity objects, each with a creation record by the system."""
        for obj in objs if check else ():
            _check(obj)
        model.objects.bulk_create(objs, batch_size=BATCH)
        _history(model, ((obj, obj.created, "+", "Demo company loaded", {}) for obj in objs))
        return len(objs)

    def load_holidays(self) -> int:
        taken = set(Holiday.objects.values_list("date", flat=True))  # a calendar entered earlier
        holidays = self.company.capacity.holidays
        return self._bulk(
            Holiday, [Holiday(date=h.day, name=h.name) for h in holidays if h.day not in taken]
        )

    def _built(self, model: type[Model], specs: Iterable[Any], **keys: Any) -> list[Any]:
        """`model` objects from generator records with the same field names; `keys` maps a
        field to the loaded objects its values name (e.g. team keys to teams)."""
        return [
            model(
                **{
                    f.name: keys[f.name][value] if f.name in keys else value
                    for f in dataclasses.fields(spec)
                    if (value := getattr(spec, f.name)) is not None
                }
            )
            for spec in specs
        ]

    def load_leaves(self) -> int:
        leaves = self.company.capacity.leaves
        return self._bulk(Leave, self._built(Leave, leaves, person=self.people))

    def load_hires(self) -> int:
        hires = self.company.capacity.hires
        return self._bulk(PlannedHire, self._built(PlannedHire, hires, team=self.teams))

    def load_loads(self) -> int:
        loads = self.company.capacity.loads
        return self._bulk(
            NonDiscretionaryLoad, self._built(NonDiscretionaryLoad, loads, team=self.teams)
        )

    def load_work_profiles(self) -> int:
        team_keys = {team.pk: key for key, team in self.teams.items()}
        initiative_keys = {obj.pk: key for key, obj in self.initiatives.items()}
        estimates = {
            (initiative_keys[initiative], team_keys[team]): pk
            for pk, initiative, team in EffortEstimate.objects.values_list(
                "pk", "initiative_id", "team_id"
            )
        }
        return self._bulk(
            WorkProfile,
            [
                WorkProfile(estimate_id=estimates[(s.initiative, s.team)], weights=s.weights)
                for s in self.company.capacity.work_profiles
            ],
        )

    def load_actuals(self) -> int:
        """A year of weekly hours, as if imported from the timesheet system last weekend."""
        specs = self.company.capacity.actuals
        lines = "".join(f"{s.week},{s.team},{s.category},{s.hours}\n" for s in specs)
        source = ActualsImport(
            file_name=f"timesheets-{self.company.today:%Y-%m-%d}.csv",
            sha256=hashlib.sha256(lines.encode()).hexdigest(),
            imported_at=self.now,
            rows_total=len(specs),
            rows_imported=len(specs),
        )
        self._bulk(ActualsImport, [source])
        team_ids = {key: team.pk for key, team in self.teams.items()}
        actuals = [  # ids rather than objects, and no full_clean: thousands of rows (Mondays)
            Actual(
                team_id=team_ids[s.team],
                week=s.week,
                category=s.category,
                hours=s.hours,
                source_id=source.pk,
            )
            for s in specs
        ]
        return self._bulk(Actual, actuals, check=False)


def _delete_unrecorded(*models: type[Model]) -> dict[str, int]:
    """Delete every row of `models` with one statement each, rows nothing refers to.

    `QuerySet.delete()` would send a signal per row, and django-simple-history would write a
    deletion record for each (a year of actual hours is thousands of rows), only for
    `demo_reset` to remove all history a moment later.
    """
    deleted = {}
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        for model in models:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - the name from model metadata
            deleted[model._meta.label] = cursor.rowcount
    return deleted


def _initiative_build(loader: _Loader, spec: InitiativeSpec) -> Initiative:
    initiative = Initiative(
        title=spec.title,
        problem_statement=spec.problem_statement,
        requesting_unit=loader.units[spec.unit],
        kind=spec.kind,
        business_sponsor=loader.people.get(spec.sponsor or ""),
        it_owner=loader.people.get(spec.it_owner or ""),
        budget_estimate=spec.budget_estimate,
        requested_start=spec.requested_start,
        requested_end=spec.requested_end,
        planned_start=spec.planned_start,
        planned_end=spec.planned_end,
        state=spec.state,
        held_from_state=spec.held_from_state,
        feasibility=spec.feasibility,
        feasibility_notes=spec.feasibility_notes,
        version=len(spec.steps),
    )
    _check(initiative)
    return initiative


def _initiative_trail(
    loader: _Loader, obj: Initiative, spec: InitiativeSpec
) -> Iterable[tuple[Model, datetime, str, str, dict]]:
    """One history row per saved version, as if each change had gone through the services."""
    approved = False
    for position, step in enumerate(spec.steps):
        approved = approved or step.state in ("approved", "in_progress", "done")
        when = loader.at(step.day, position)
        overrides = {
            "version": position + 1,
            "updated": when,
            "state": step.state,
            "held_from_state": step.held_from,
            "feasibility": step.feasibility,
            "feasibility_notes": spec.feasibility_notes
            if step.feasibility != "not_assessed"
            else "",
        }
        if not approved:
            overrides |= {"planned_start": None, "planned_end": None}
        yield obj, when, "+" if position == 0 else "~", step.reason, overrides


def _check(obj: Model) -> None:
    """Validate fields and clean() without queries; the database checks keys and constraints."""
    relations = [f.name for f in obj._meta.concrete_fields if f.is_relation]
    try:
        obj.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
    except ValidationError as err:
        raise RuleViolation(
            f"Generated {obj._meta.verbose_name} {obj} is invalid: {err}",
            code=choices.DEMO_DATA_INVALID,
        ) from err


def _history(model: type[Model], rows: Iterable[tuple[Model, datetime, str, str, dict]]) -> list:
    """Bulk-write history rows (object, when, type, reason, field overrides), user: system."""
    historical = model.history.model  # type: ignore[attr-defined]
    fields = [f.attname for f in historical.tracked_fields]
    records = [
        historical(
            history_date=when,
            history_user=None,
            history_type=kind,
            history_change_reason=reason or None,
            **{name: overrides.get(name, getattr(obj, name)) for name in fields},
        )
        for obj, when, kind, reason, overrides in rows
    ]
    return historical.objects.bulk_create(records, batch_size=BATCH)


def _goal_history(records: list, links: list) -> None:
    """Snapshot each initiative's goals into every history row, as simple_history does."""
    goals: dict[int, list[Any]] = {}
    for link in links:
        goals.setdefault(link.initiative_id, []).append(link)
    m2m = apps.get_model("portfolio", "HistoricalInitiative_goals")
    rows = [
        m2m(
            history=record,
            id=link.pk,
            initiative_id=link.initiative_id,
            strategicgoal_id=link.strategicgoal_id,
        )
        for record in records
        for link in goals.get(record.id, ())
    ]
    m2m.objects.bulk_create(rows, batch_size=BATCH)
