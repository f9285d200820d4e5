"""rules predicates for roles and units: one definition, used by every app's rules.py."""

from __future__ import annotations

from typing import Any

import rules

from tandem.accounts.choices import Role


def _has_group(user: Any, name: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_tandem_groups", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._tandem_groups = cached
    return name in cached


@rules.predicate
def is_admin(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False)) or _has_group(user, Role.ADMIN)


@rules.predicate
def is_portfolio_office(user: Any) -> bool:
    return _has_group(user, Role.PORTFOLIO_OFFICE)


@rules.predicate
def is_it_lead(user: Any) -> bool:
    return _has_group(user, Role.IT_LEAD)


@rules.predicate
def is_business_lead(user: Any) -> bool:
    return _has_group(user, Role.BUSINESS_LEAD)


@rules.predicate
def is_signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.is_active


def user_unit_id(user: Any) -> int | None:
    """The business unit of the person linked to `user`, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_tandem_unit_id"):
        person = getattr(user, "person", None) if _has_person(user) else None
        user._tandem_unit_id = person.unit_id if person is not None else None
    return user._tandem_unit_id


def _has_person(user: Any) -> bool:
    try:
        return user.person is not None
    except Exception:  # RelatedObjectDoesNotExist
        return False


def user_role(user: Any) -> str:
    """The user's role label, for display."""
    for role in (Role.ADMIN, Role.PORTFOLIO_OFFICE, Role.IT_LEAD, Role.BUSINESS_LEAD):
        if (role == Role.ADMIN and is_admin(user)) or _has_group(user, role):
            return role.label
    return Role.VIEWER.label
