"""Reads for the demo company: is it loaded, and who can sign in to it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from tandem.demo.generator import DEMO_PASSWORD, DEMO_USERS
from tandem.organization.models import BusinessUnit, Person, Team
from tandem.portfolio.models import Initiative
from tandem.strategy.models import StrategicGoal


def demo_exists() -> bool:
    """Whether any domain data (units, teams, people, goals, initiatives) exists."""
    return any(
        model.objects.exists() for model in (BusinessUnit, Team, Person, StrategicGoal, Initiative)
    )


def demo_logins() -> list[dict[str, Any]]:
    """The demo users that exist, with their password, role and the person they are."""
    users = get_user_model().objects.filter(username__in=[u for u, _, _ in DEMO_USERS])
    by_name = {user.username: user for user in users}
    people = {
        person.user_id: person
        for person in Person.objects.select_related("unit", "team").filter(user__in=users)
    }
    rows = []
    for username, role, description in DEMO_USERS:
        user = by_name.get(username)
        if user is None:
            continue
        person = people.get(user.pk)
        place = ""
        if person is not None:
            place = (person.unit or person.team or "Portfolio office").__str__()
        rows.append(
            {
                "username": username,
                "password": DEMO_PASSWORD,
                "role": role,
                "description": description,
                "person": person.name if person else "",
                "place": place,
            }
        )
    return rows
