"""Security events land in the audit log with actor, target, address and time."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tandem.accounts import services
from tandem.accounts.choices import Role
from tandem.accounts.models import ApiToken
from tandem.audit.models import AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _new_events(since_id):
    return list(AuditEvent.objects.filter(id__gt=since_id).order_by("id"))


def _last_id():
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_sign_in_failure_and_sign_out_are_recorded(client, viewer):
    """A failed sign-in, a sign-in and a sign-out each leave one event with the address."""
    start, before = _last_id(), timezone.now()
    login = "/accounts/login/"
    client.post(login, {"username": "viewer", "password": "no"}, REMOTE_ADDR="10.2.0.1")
    client.post(
        login, {"username": "viewer", "password": "correct-horse-battery"}, REMOTE_ADDR="10.2.0.1"
    )
    client.post("/accounts/logout/", REMOTE_ADDR="10.2.0.1")
    events = _new_events(start)
    assert [(e.action, e.target, e.address) for e in events] == [
        ("login_failed", "viewer", "10.2.0.1"),
        ("login", "viewer", "10.2.0.1"),
        ("logout", "viewer", "10.2.0.1"),
    ]
    assert [e.actor for e in events] == [None, viewer, viewer]
    assert all(before <= e.at <= timezone.now() for e in events)


def test_role_change_is_recorded_with_who_did_it(admin):
    """Giving a user a role records the actor, the user and the role."""
    user, start = UserFactory(username="newcomer"), _last_id()
    services.user_role_set(user=user, role=Role.IT_LEAD, by=admin)
    [event] = _new_events(start)
    assert (event.action, event.actor, event.target, event.detail) == (
        "role_set",
        admin,
        "newcomer",
        {"role": "IT lead"},
    )


def test_token_creation_and_revocation_are_recorded(viewer):
    """`tandem token` creation and revocation each leave one event naming the token prefix."""
    start = _last_id()
    call_command("token", "viewer", "--name", "ci", stdout=StringIO())
    prefix = ApiToken.objects.get(user=viewer).prefix
    call_command("token", "--revoke", prefix, stdout=StringIO())
    events = _new_events(start)
    assert [(e.action, e.target, e.detail) for e in events] == [
        ("token_create", "viewer", {"prefix": prefix, "name": "ci"}),
        ("token_revoke", "viewer", {"prefix": prefix}),
    ]
    assert events[0].actor == viewer  # a token made from the command acts for its owner


def test_every_security_event_is_chained(client, viewer, admin):
    """The events above extend one unbroken hash chain."""
    client.post("/accounts/login/", {"username": "viewer", "password": "no"})
    services.token_create(username="viewer", by=admin)
    out = StringIO()
    call_command("verify_audit_chain", stdout=out)
    assert out.getvalue().strip() == f"Audit chain OK: {AuditEvent.objects.count()} events."
