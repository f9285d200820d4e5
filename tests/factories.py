"""factory_boy factories for every domain model."""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from tandem.capacity.choices import HireKind, LeaveKind, LoadBasis, LoadCategory
from tandem.capacity.models import (
    Actual,
    ActualsImport,
    Holiday,
    Leave,
    NonDiscretionaryLoad,
    PlannedHire,
    WorkProfile,
)
from tandem.organization.models import BusinessUnit, Person, Team
from tandem.portfolio.choices import InitiativeKind, InitiativeState, Rag
from tandem.portfolio.models import (
    BusinessOutcome,
    Dependency,
    EffortEstimate,
    Initiative,
    ScopeChange,
    StatusUpdate,
)
from tandem.strategy.models import StrategicGoal


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class BusinessUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BusinessUnit

    name = factory.Sequence(lambda n: f"Business unit {n}")
    code = factory.Sequence(lambda n: f"BU{n}")
    headcount = 100


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"IT team {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.com")
    fte = Decimal("1.00")
    hours_per_week = Decimal("40.0")
    start_date = date(2024, 1, 1)


class StrategicGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategicGoal

    title = factory.Sequence(lambda n: f"Goal {n}")
    statement = "Grow recurring revenue in the mid-market segment."
    owner_unit = factory.SubFactory(BusinessUnitFactory)
    period_start = date(2026, 1, 1)
    period_end = date(2026, 12, 31)


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    title = factory.Sequence(lambda n: f"Initiative {n}")
    problem_statement = "Month-end close takes nine days because ledgers are reconciled by hand."
    requesting_unit = factory.SubFactory(BusinessUnitFactory)
    kind = InitiativeKind.GROWTH
    state = InitiativeState.IDEA
    budget_estimate = Decimal("120000.00")


class BusinessOutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BusinessOutcome

    initiative = factory.SubFactory(InitiativeFactory)
    metric = "Days to close the books"
    baseline = Decimal("9")
    target = Decimal("4")
    unit = "days"
    target_date = factory.LazyFunction(lambda: date.today() + timedelta(days=300))


class EffortEstimateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EffortEstimate

    initiative = factory.SubFactory(InitiativeFactory)
    team = factory.SubFactory(TeamFactory)
    low = Decimal("4")
    likely = Decimal("6")
    high = Decimal("10")


class DependencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dependency

    predecessor = factory.SubFactory(InitiativeFactory)
    successor = factory.SubFactory(InitiativeFactory)


class StatusUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusUpdate

    initiative = factory.SubFactory(InitiativeFactory)
    date = factory.LazyFunction(date.today)
    rag = Rag.GREEN
    text = "On track."


class ScopeChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScopeChange

    initiative = factory.SubFactory(InitiativeFactory)
    date = factory.LazyFunction(date.today)
    reason = "Added the Benelux entities."
    effort_delta = Decimal("3")


#
# Capacity
#


class HolidayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Holiday

    date = factory.Sequence(lambda n: date(2026, 1, 1) + timedelta(days=n))
    name = factory.Sequence(lambda n: f"Company day {n}")


class LeaveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Leave

    person = factory.SubFactory(PersonFactory, team=factory.SubFactory(TeamFactory))
    first_day = date(2026, 7, 6)
    last_day = date(2026, 7, 17)
    kind = LeaveKind.VACATION


class PlannedHireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlannedHire

    team = factory.SubFactory(TeamFactory)
    title = "Data engineer"
    expected_start = date(2026, 9, 1)
    kind = HireKind.PLANNED_HIRE


class NonDiscretionaryLoadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NonDiscretionaryLoad

    team = factory.SubFactory(TeamFactory)
    category = LoadCategory.SUPPORT
    basis = LoadBasis.PERCENT
    percent_of_supply = Decimal("20")
    first_day = date(2025, 1, 1)


class WorkProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkProfile

    estimate = factory.SubFactory(EffortEstimateFactory)
    weights = factory.LazyFunction(lambda: [1, 2, 2, 1])


class ActualsImportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActualsImport

    file_name = "timesheets.csv"
    sha256 = "0" * 64


class ActualFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actual

    team = factory.SubFactory(TeamFactory)
    week = factory.Sequence(lambda n: date(2026, 1, 5) + timedelta(weeks=n))
    category = LoadCategory.SUPPORT
    hours = Decimal("40")
    source = factory.SubFactory(ActualsImportFactory)
