"""Capacity data validates itself: each refusal names the field at fault."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tandem.capacity.choices import LoadBasis, LoadCategory
from tandem.capacity.models import (
    Actual,
    CapacitySettings,
    Leave,
    NonDiscretionaryLoad,
    PlannedHire,
    WorkProfile,
)
from tests.factories import (
    ActualsImportFactory,
    EffortEstimateFactory,
    PersonFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db


def _errors(obj) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as err:
        obj.full_clean()
    return err.value.message_dict


def test_leave_refuses_last_day_before_first_day():
    """Leave ending before it starts is refused on the last day."""
    person = PersonFactory(team=TeamFactory())
    leave = Leave(person=person, first_day=date(2026, 7, 10), last_day=date(2026, 7, 9))
    assert _errors(leave) == {"last_day": ["The last day must be on or after the first day."]}


def test_leave_is_for_it_people_only():
    """A business person (no IT team) cannot be given leave in the capacity plan."""
    person = PersonFactory(name="Bea Business")
    leave = Leave(person=person, first_day=date(2026, 7, 6), last_day=date(2026, 7, 6))
    assert _errors(leave) == {
        "person": ["Leave is recorded for IT people; Bea Business is not in an IT team."]
    }


def test_leave_database_refuses_dates_out_of_order():
    """The database guards the date order too, whatever writes the row."""
    person = PersonFactory(team=TeamFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        Leave.objects.create(person=person, first_day=date(2026, 7, 10), last_day=date(2026, 7, 1))


def test_planned_hire_refuses_fte_above_one():
    """An FTE fraction above 1 is refused on the field."""
    hire = PlannedHire(
        team=TeamFactory(), title="Analyst", fte=Decimal("1.5"), expected_start=date(2026, 9, 1)
    )
    assert set(_errors(hire)) == {"fte"}


@pytest.mark.parametrize(
    ("basis", "amounts", "field", "message"),
    [
        (LoadBasis.PERCENT, {}, "percent_of_supply", "Give the share of capacity this load takes."),
        (LoadBasis.HOURS, {}, "hours_per_week", "Give the hours per week this load takes."),
        (LoadBasis.PERCENT, {"percent_of_supply": Decimal("120")}, "percent_of_supply", None),
    ],
)
def test_load_needs_the_amount_its_basis_uses(basis, amounts, field, message):
    """A share-of-capacity load needs a percentage (0-100); an hours load needs hours."""
    load = NonDiscretionaryLoad(
        team=TeamFactory(),
        category=LoadCategory.SUPPORT,
        basis=basis,
        first_day=date(2026, 1, 1),
        **amounts,
    )
    errors = _errors(load)
    assert set(errors) == {field}
    if message:
        assert errors[field] == [message]


def test_load_clears_the_amount_its_basis_does_not_use():
    """Switching a load to hours drops the old percentage, so the row stays consistent."""
    load = NonDiscretionaryLoad(
        team=TeamFactory(),
        category=LoadCategory.OTHER,
        basis=LoadBasis.HOURS,
        percent_of_supply=Decimal("10"),
        hours_per_week=Decimal("12"),
        first_day=date(2026, 1, 1),
    )
    load.full_clean()
    load.save()
    assert (load.percent_of_supply, load.hours_per_week) == (None, Decimal("12"))


def test_load_refuses_last_day_before_first_day():
    """A load cannot end before it starts; an empty last day means ongoing."""
    load = NonDiscretionaryLoad(
        team=TeamFactory(),
        category=LoadCategory.MAINTENANCE,
        percent_of_supply=Decimal("10"),
        first_day=date(2026, 3, 1),
        last_day=date(2026, 2, 1),
    )
    assert set(_errors(load)) == {"last_day"}
    load.last_day = None
    load.full_clean()


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ([], "Give the profile as a list of at least one number, e.g. [1, 2, 2, 1]."),
        ("1,2", "Give the profile as a list of at least one number, e.g. [1, 2, 2, 1]."),
        ([1, "2"], "Every weight must be a number."),
        ([1, True], "Every weight must be a number."),
        ([1, -1], "Weights cannot be negative."),
        ([0, 0.0], "At least one weight must be above zero."),
        ([1] * 53, "A profile has at most 52 segments."),
    ],
)
def test_work_profile_refuses_bad_weights(weights, message):
    """Weights are 1-52 non-negative numbers, at least one above zero."""
    profile = WorkProfile(estimate=EffortEstimateFactory(), weights=weights)
    assert _errors(profile) == {"weights": [message]}


def test_work_profile_accepts_52_weights_with_zeros():
    """Zero segments are allowed as long as one carries effort."""
    WorkProfile(estimate=EffortEstimateFactory(), weights=[0] * 51 + [2.5]).full_clean()


def test_actual_week_must_be_a_monday():
    """Actual hours are per week, named by its Monday."""
    actual = Actual(
        team=TeamFactory(),
        week=date(2026, 3, 4),
        category=LoadCategory.SUPPORT,
        hours=Decimal("10"),
        source=ActualsImportFactory(),
    )
    assert _errors(actual) == {"week": ["A week is given by its Monday."]}


def test_actual_refuses_more_than_ten_thousand_hours():
    """An impossible number of hours in a week is refused on the field."""
    actual = Actual(
        team=TeamFactory(),
        week=date(2026, 3, 2),
        category=LoadCategory.SUPPORT,
        hours=Decimal("10000.01"),
        source=ActualsImportFactory(),
    )
    assert set(_errors(actual)) == {"hours"}


def test_capacity_settings_is_a_single_row():
    """The settings live in row 1; the database refuses a second row."""
    CapacitySettings.objects.create(pk=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        CapacitySettings.objects.create(pk=2)
    settings = CapacitySettings.objects.get()
    assert (
        settings.attrition_annual_pct,
        settings.standard_hours_per_week,
        settings.forecast_estimator,
        settings.requisition_delay_weeks,
    ) == (Decimal("10"), Decimal("40"), "mean_12w", 8)
