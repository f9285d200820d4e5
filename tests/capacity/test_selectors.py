"""Reads of capacity data: lists with their filters, single objects, the settings row."""

from datetime import date

import pytest

from tandem.capacity import selectors
from tandem.capacity.models import CapacitySettings
from tandem.core.errors import NotFound
from tests.factories import (
    ActualFactory,
    ActualsImportFactory,
    HolidayFactory,
    LeaveFactory,
    NonDiscretionaryLoadFactory,
    PersonFactory,
    PlannedHireFactory,
    TeamFactory,
    WorkProfileFactory,
)

pytestmark = pytest.mark.django_db


def test_holiday_list_between_dates(viewer):
    """Holidays come in date order, optionally within a period."""
    late, early = HolidayFactory(date=date(2026, 12, 25)), HolidayFactory(date=date(2026, 1, 1))
    assert list(selectors.holiday_list(user=viewer)) == [early, late]
    assert list(selectors.holiday_list(user=viewer, start=date(2026, 6, 1))) == [late]
    assert list(selectors.holiday_list(user=viewer, end=date(2026, 6, 1))) == [early]


def test_leave_list_by_team_and_overlap(viewer):
    """Leave filters by team, person and by overlapping a period."""
    team = TeamFactory()
    mine = LeaveFactory(
        person=PersonFactory(team=team), first_day=date(2026, 7, 6), last_day=date(2026, 7, 17)
    )
    other = LeaveFactory(first_day=date(2026, 8, 3), last_day=date(2026, 8, 7))
    assert list(selectors.leave_list(user=viewer)) == [mine, other]
    assert list(selectors.leave_list(user=viewer, team_id=team.pk)) == [mine]
    assert list(selectors.leave_list(user=viewer, person_id=other.person_id)) == [other]
    in_july = selectors.leave_list(user=viewer, start=date(2026, 7, 15), end=date(2026, 7, 31))
    assert list(in_july) == [mine]


def test_hire_and_load_lists_by_team(viewer):
    """Hires and loads filter by team; loads also by the day they apply."""
    team = TeamFactory()
    hire = PlannedHireFactory(team=team)
    PlannedHireFactory()
    assert list(selectors.hire_list(user=viewer, team_id=team.pk)) == [hire]
    ongoing = NonDiscretionaryLoadFactory(team=team, first_day=date(2025, 1, 1))
    ended = NonDiscretionaryLoadFactory(
        team=team, first_day=date(2025, 1, 1), last_day=date(2025, 6, 30), category="compliance"
    )
    assert set(selectors.load_list(user=viewer, team_id=team.pk)) == {ongoing, ended}
    assert list(selectors.load_list(user=viewer, on=date(2026, 1, 1))) == [ongoing]


def test_actual_list_and_imports(viewer):
    """Actual hours filter by team, category and weeks; imports come newest first."""
    team = TeamFactory()
    first = ActualFactory(team=team, week=date(2026, 1, 5))
    ActualFactory(team=team, week=date(2026, 1, 12), category="maintenance")
    ActualFactory()
    assert list(selectors.actual_list(user=viewer, team_id=team.pk, category="support")) == [first]
    assert selectors.actual_list(user=viewer, start=date(2026, 1, 12)).count() == 2
    newest = ActualsImportFactory()
    assert selectors.actuals_import_list(user=viewer).first() == newest


def test_work_profile_list_by_initiative(viewer):
    """Profiles list per initiative."""
    profile = WorkProfileFactory()
    WorkProfileFactory()
    listed = selectors.work_profile_list(user=viewer, initiative_id=profile.estimate.initiative_id)
    assert list(listed) == [profile]


@pytest.mark.parametrize(
    ("getter", "code"),
    [
        (selectors.holiday_get, "HOLIDAY_NOT_FOUND"),
        (selectors.leave_get, "LEAVE_NOT_FOUND"),
        (selectors.hire_get, "HIRE_NOT_FOUND"),
        (selectors.load_get, "LOAD_NOT_FOUND"),
        (selectors.work_profile_get, "WORK_PROFILE_NOT_FOUND"),
        (selectors.actuals_import_get, "ACTUALS_IMPORT_NOT_FOUND"),
    ],
)
def test_get_of_a_missing_object_is_not_found(viewer, getter, code):
    """Asking for an id that does not exist is NotFound with the entity's code."""
    with pytest.raises(NotFound) as err:
        getter(user=viewer, pk=999)
    assert err.value.code == code


def test_capacity_settings_get_creates_the_defaults_once(viewer):
    """The settings row is created with the defaults on first read, and only once."""
    first = selectors.capacity_settings_get(user=viewer)
    again = selectors.capacity_settings_get(user=viewer)
    assert (first.pk, again.pk, CapacitySettings.objects.count()) == (1, 1, 1)
    assert first.forecast_estimator == "mean_12w"
