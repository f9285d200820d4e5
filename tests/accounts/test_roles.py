"""Roles are groups; a user holds exactly one, and role changes are audited."""

import pytest

from tandem.accounts import services
from tandem.accounts.choices import Role
from tandem.accounts.roles import user_role, user_unit_id
from tandem.audit.models import AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_user_role_set_replaces_the_previous_role(admin):
    """Setting a role removes the old one and leaves an audit event."""
    user = UserFactory()
    services.user_role_set(user=user, role=Role.VIEWER, by=admin)
    services.user_role_set(user=user, role=Role.IT_LEAD, by=admin)
    assert list(user.groups.values_list("name", flat=True)) == [Role.IT_LEAD.value]
    event = AuditEvent.objects.filter(action="role_set", target=user.username).first()
    assert (event.actor, event.detail) == (admin, {"role": "IT lead"})


def test_user_role_label_for_each_persona(personas):
    """Each persona's role reads as a person would say it."""
    labels = {name: user_role(user) for name, user in personas.items()}
    assert labels == {
        "admin": "Admin",
        "portfolio": "Portfolio office",
        "itlead": "IT lead",
        "business": "Business lead",
        "business2": "Business lead",
        "viewer": "Viewer",
    }


def test_user_unit_id_comes_from_the_linked_person(business, business2, viewer, unit, unit2):
    """A business lead's unit is the unit of their Person record."""
    assert (user_unit_id(business), user_unit_id(business2), user_unit_id(viewer)) == (
        unit.pk,
        unit2.pk,
        None,
    )


def test_login_and_failed_login_are_audited(client, viewer):
    """Logins and failed logins land in the append-only audit log."""
    client.post("/accounts/login/", {"username": "viewer", "password": "wrong"})
    client.post("/accounts/login/", {"username": "viewer", "password": "correct-horse-battery"})
    actions = list(AuditEvent.objects.order_by("id").values_list("action", "target"))
    assert actions[-2:] == [("login_failed", "viewer"), ("login", "viewer")]


def test_role_change_in_the_admin_site_is_audited(admin, web_client):
    """Changing a user's groups on the admin site leaves a role_set event naming who did it."""
    from django.contrib.auth.models import Group

    admin.is_staff = True
    admin.is_superuser = True
    admin.save()
    user = UserFactory(username="newcomer")
    services.roles_ensure()
    it_lead = Group.objects.get(name=Role.IT_LEAD.value)
    response = web_client(admin).post(
        f"/admin/auth/user/{user.pk}/change/",
        {
            "username": "newcomer",
            "is_active": "on",
            "groups": [it_lead.pk],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "09:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.filter(action="role_set", target="newcomer").latest("id")
    assert (event.actor, event.detail) == (admin, {"groups": ["IT lead"], "previous": []})
