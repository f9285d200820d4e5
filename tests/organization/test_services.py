"""Organization writes: validation names the field, stale edits conflict, deletes respect links."""

from decimal import Decimal

import pytest

from tandem.core.errors import Conflict, RuleViolation
from tandem.organization import services
from tandem.organization.models import Person
from tests.factories import BusinessUnitFactory, InitiativeFactory, PersonFactory, TeamFactory

pytestmark = pytest.mark.django_db


def test_person_create_refuses_fte_above_one(itlead):
    """FTE is a fraction of full time; above 1 is refused naming `fte`."""
    with pytest.raises(RuleViolation) as err:
        services.person_create(
            by=itlead,
            data={
                "name": "Ada",
                "email": "ada@example.com",
                "fte": Decimal("1.5"),
                "hours_per_week": Decimal(40),
            },
        )
    assert err.value.field == "fte"
    assert not Person.objects.filter(email="ada@example.com").exists()


def test_person_create_refuses_end_before_start(itlead):
    """A person cannot leave before they start."""
    from datetime import date

    with pytest.raises(RuleViolation) as err:
        services.person_create(
            by=itlead,
            data={
                "name": "Ada",
                "email": "ada@example.com",
                "start_date": date(2026, 5, 1),
                "end_date": date(2026, 1, 1),
            },
        )
    assert err.value.field == "end_date"


def test_person_create_refuses_duplicate_email(itlead):
    """E-mail addresses are unique."""
    PersonFactory(email="ada@example.com")
    with pytest.raises(RuleViolation) as err:
        services.person_create(by=itlead, data={"name": "Ada", "email": "ada@example.com"})
    assert err.value.field == "email"


def test_team_update_detects_stale_version(itlead):
    """Two leads editing the same team: the second, stale edit is refused."""
    team = TeamFactory(name="Service Desk")
    services.team_update(team=team, data={"description": "First", "version": 1}, by=itlead)
    with pytest.raises(Conflict):
        services.team_update(team=team, data={"description": "Second", "version": 1}, by=itlead)
    team.refresh_from_db()
    assert (team.description, team.version, team.history.count()) == ("First", 2, 2)


def test_unit_delete_refused_while_initiatives_refer_to_it(admin):
    """A unit with initiatives cannot be deleted; the message says why."""
    unit = BusinessUnitFactory(name="Finance")
    InitiativeFactory(requesting_unit=unit)
    with pytest.raises(Conflict) as err:
        services.unit_delete(unit=unit, by=admin)
    assert err.value.code == "STILL_REFERENCED"
    assert err.value.message == "Finance cannot be deleted while initiatives still refer to it."


def test_unit_update_without_changes_keeps_the_version(admin):
    """Saving unchanged data does not create a new version or history row."""
    unit = BusinessUnitFactory(name="Finance")
    services.unit_update(unit=unit, data={"name": "Finance", "version": 1}, by=admin)
    unit.refresh_from_db()
    assert (unit.version, unit.history.count()) == (1, 1)
