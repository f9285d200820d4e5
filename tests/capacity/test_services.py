"""The capacity writes: history attributed to the actor, version checks, refusals that change
nothing."""

from datetime import date
from decimal import Decimal

import pytest

from tandem.capacity import selectors, services
from tandem.capacity.choices import LoadBasis, LoadCategory
from tandem.capacity.models import (
    CapacitySettings,
    Holiday,
    Leave,
    NonDiscretionaryLoad,
    PlannedHire,
    WorkProfile,
)
from tandem.core.errors import Conflict, RuleViolation
from tandem.portfolio.choices import InitiativeState
from tests.factories import (
    EffortEstimateFactory,
    HolidayFactory,
    InitiativeFactory,
    LeaveFactory,
    NonDiscretionaryLoadFactory,
    PersonFactory,
    PlannedHireFactory,
    TeamFactory,
    WorkProfileFactory,
)

pytestmark = pytest.mark.django_db


def _records(obj):
    return list(obj.history.order_by("history_id").values_list("history_type", "history_user"))


def test_holiday_create_records_who_added_it(itlead):
    """A new holiday is version 1 with one creation record by its author."""
    holiday = services.holiday_create(
        data={"date": date(2026, 12, 25), "name": "Christmas Day"}, by=itlead
    )
    assert (holiday.version, _records(holiday)) == (1, [("+", itlead.pk)])


def test_holiday_create_refuses_a_day_that_already_is_one(portfolio):
    """Two holidays on one day are refused naming the date, and nothing is added."""
    HolidayFactory(date=date(2026, 12, 25), name="Christmas Day")
    with pytest.raises(Conflict) as err:
        services.holiday_create(data={"date": date(2026, 12, 25), "name": "Xmas"}, by=portfolio)
    assert (err.value.code, err.value.field, err.value.message) == (
        "HOLIDAY_DATE_TAKEN",
        "date",
        "25 Dec 2026 is already a holiday (Christmas Day).",
    )
    assert Holiday.objects.count() == 1


def test_holiday_update_refuses_stale_version(admin):
    """An edit based on an old version is refused and changes nothing."""
    holiday = HolidayFactory(name="May Day")
    services.holiday_update(holiday=holiday, data={"name": "Labour Day", "version": 1}, by=admin)
    with pytest.raises(Conflict) as err:
        services.holiday_update(holiday=holiday, data={"name": "Lost", "version": 1}, by=admin)
    assert err.value.code == "VERSION_CONFLICT"
    holiday.refresh_from_db()
    assert (holiday.name, holiday.version, holiday.history.count()) == ("Labour Day", 2, 2)


def test_holiday_update_may_keep_its_own_date(admin):
    """Saving a holiday with its own date is not a clash with itself."""
    holiday = HolidayFactory(date=date(2026, 5, 4), name="May Day")
    services.holiday_update(
        holiday=holiday,
        data={"date": date(2026, 5, 4), "name": "Early May", "version": 1},
        by=admin,
    )
    holiday.refresh_from_db()
    assert holiday.name == "Early May"


def test_holiday_delete_records_the_deletion(itlead):
    """Deleting leaves a deletion record by the actor."""
    holiday = HolidayFactory()
    services.holiday_delete(holiday=holiday, by=itlead, version=1)
    assert not Holiday.objects.exists()
    assert Holiday.history.filter(history_type="-", history_user=itlead).count() == 1


def test_leave_create_refuses_dates_out_of_order(itlead):
    """Leave ending before it starts is refused on the last day and nothing is saved."""
    person = PersonFactory(team=TeamFactory())
    with pytest.raises(RuleViolation) as err:
        services.leave_create(
            data={
                "person": person,
                "first_day": date(2026, 8, 10),
                "last_day": date(2026, 8, 3),
                "kind": "vacation",
            },
            by=itlead,
        )
    assert (err.value.code, err.value.field, err.value.message) == (
        "INVALID_LAST_DAY",
        "last_day",
        "The last day must be on or after the first day.",
    )
    assert not Leave.objects.exists()


def test_leave_update_and_delete(itlead):
    """Leave can be moved and removed; each write is one history record."""
    leave = LeaveFactory()
    leave = services.leave_update(
        leave=leave, data={"last_day": date(2026, 7, 24), "version": 1}, by=itlead
    )
    assert (leave.last_day, leave.version) == (date(2026, 7, 24), 2)
    services.leave_delete(leave=leave, by=itlead, version=2)
    assert [r[0] for r in Leave.history.order_by("history_id").values_list("history_type")] == [
        "+",
        "~",
        "-",
    ]


def test_hire_create_update_delete(portfolio):
    """A planned hire becomes an open requisition, then is filled and removed."""
    team = TeamFactory()
    hire = services.hire_create(
        data={
            "team": team,
            "title": "Data engineer",
            "fte": Decimal("1.00"),
            "hours_per_week": Decimal("40"),
            "expected_start": date(2026, 9, 1),
            "kind": "planned_hire",
        },
        by=portfolio,
    )
    hire = services.hire_update(
        hire=hire, data={"kind": "open_requisition", "version": 1}, by=portfolio
    )
    assert (hire.kind, hire.version) == ("open_requisition", 2)
    services.hire_delete(hire=hire, by=portfolio)
    assert not PlannedHire.objects.exists()


def test_hire_create_refuses_a_missing_start(portfolio):
    """A hire without an expected start is refused naming the field."""
    with pytest.raises(RuleViolation) as err:
        services.hire_create(data={"team": TeamFactory(), "title": "Analyst"}, by=portfolio)
    assert err.value.field == "expected_start"
    assert not PlannedHire.objects.exists()


def test_load_create_refuses_a_percentage_load_without_percentage(itlead):
    """A share-of-capacity load needs its percentage; nothing is saved without it."""
    with pytest.raises(RuleViolation) as err:
        services.load_create(
            data={
                "team": TeamFactory(),
                "category": LoadCategory.SUPPORT,
                "basis": LoadBasis.PERCENT,
                "first_day": date(2026, 1, 1),
            },
            by=itlead,
        )
    assert (err.value.field, err.value.message) == (
        "percent_of_supply",
        "Give the share of capacity this load takes.",
    )
    assert not NonDiscretionaryLoad.objects.exists()


def test_load_update_switches_basis_in_one_edit(itlead):
    """Changing a 20% load to 12 hours a week clears the percentage."""
    load = NonDiscretionaryLoadFactory(percent_of_supply=Decimal("20"))
    load = services.load_update(
        load=load,
        data={"basis": LoadBasis.HOURS, "hours_per_week": Decimal("12"), "version": 1},
        by=itlead,
    )
    load.refresh_from_db()
    assert (load.basis, load.percent_of_supply, load.hours_per_week, load.version) == (
        LoadBasis.HOURS,
        None,
        Decimal("12.0"),
        2,
    )
    services.load_delete(load=load, by=itlead, version=2)
    assert not NonDiscretionaryLoad.objects.exists()


def test_work_profile_create_and_update(itlead):
    """An estimate gets one profile; editing its weights bumps the version."""
    estimate = EffortEstimateFactory()
    profile = services.work_profile_create(
        data={"estimate": estimate, "weights": [3, 2, 1]}, by=itlead
    )
    profile = services.work_profile_update(
        work_profile=profile, data={"weights": [1, 1], "version": 1}, by=itlead
    )
    assert (profile.weights, profile.version, _records(profile)[0]) == ([1, 1], 2, ("+", itlead.pk))


def test_work_profile_create_refuses_a_second_profile(itlead):
    """An estimate with a profile gets no second one."""
    profile = WorkProfileFactory()
    with pytest.raises(Conflict) as err:
        services.work_profile_create(data={"estimate": profile.estimate, "weights": [1]}, by=itlead)
    assert (err.value.code, err.value.field) == ("WORK_PROFILE_EXISTS", "estimate")
    assert WorkProfile.objects.count() == 1


def test_work_profile_create_refuses_bad_weights(itlead):
    """Negative weights are refused naming the field."""
    with pytest.raises(RuleViolation) as err:
        services.work_profile_create(
            data={"estimate": EffortEstimateFactory(), "weights": [1, -2]}, by=itlead
        )
    assert (err.value.field, err.value.message) == ("weights", "Weights cannot be negative.")
    assert not WorkProfile.objects.exists()


@pytest.mark.parametrize("state", [InitiativeState.DONE, InitiativeState.CANCELLED])
def test_work_profile_refused_on_a_closed_initiative(itlead, state):
    """The effort of a finished or cancelled initiative is no longer reshaped."""
    estimate = EffortEstimateFactory(initiative=InitiativeFactory(state=state))
    with pytest.raises(RuleViolation) as err:
        services.work_profile_create(data={"estimate": estimate, "weights": [1]}, by=itlead)
    assert (err.value.code, err.value.field) == ("WORK_PROFILE_INITIATIVE_CLOSED", "estimate")
    profile = WorkProfileFactory()
    profile.estimate.initiative.state = state
    profile.estimate.initiative.save()
    with pytest.raises(RuleViolation):
        services.work_profile_delete(work_profile=profile, by=itlead)
    assert WorkProfile.objects.count() == 1


def test_work_profile_delete_spreads_the_estimate_evenly_again(itlead):
    """Removing a profile leaves the estimate itself alone."""
    profile = WorkProfileFactory()
    services.work_profile_delete(work_profile=profile, by=itlead, version=1)
    assert not WorkProfile.objects.exists()
    profile.estimate.refresh_from_db()


def test_capacity_settings_update_checks_the_version(portfolio):
    """Settings change with the current version; a stale one is refused."""
    selectors.capacity_settings_get()
    settings = services.capacity_settings_update(
        data={
            "attrition_annual_pct": Decimal("12.5"),
            "forecast_estimator": "linear_trend",
            "version": 1,
        },
        by=portfolio,
    )
    assert (settings.pk, settings.attrition_annual_pct, settings.version) == (
        1,
        Decimal("12.5"),
        2,
    )
    with pytest.raises(Conflict):
        services.capacity_settings_update(
            data={"requisition_delay_weeks": 4, "version": 1}, by=portfolio
        )
    assert CapacitySettings.objects.get().requisition_delay_weeks == 8


def test_capacity_settings_first_update_leaves_one_history_record(admin):
    """Changing the settings before anyone read them creates the row with the change, in one
    history record."""
    settings = services.capacity_settings_update(
        data={"standard_hours_per_week": Decimal("37.5"), "version": 1}, by=admin
    )
    assert (settings.standard_hours_per_week, settings.version) == (Decimal("37.5"), 1)
    assert list(settings.history.values_list("history_type", "history_user")) == [("+", admin.pk)]


def test_capacity_settings_update_refuses_an_unknown_estimator(portfolio):
    """An estimator that does not exist is refused naming the field."""
    selectors.capacity_settings_get()
    with pytest.raises(RuleViolation) as err:
        services.capacity_settings_update(
            data={"forecast_estimator": "crystal_ball", "version": 1}, by=portfolio
        )
    assert err.value.field == "forecast_estimator"
    assert CapacitySettings.objects.get().forecast_estimator == "mean_12w"


def test_planned_hire_factory_builds_a_valid_hire():
    """The factories build valid rows (used throughout these tests)."""
    PlannedHireFactory().full_clean()
    LeaveFactory().full_clean()
