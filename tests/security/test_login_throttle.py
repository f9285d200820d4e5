"""Login brute force is throttled per username and per address (django-axes), and audited."""

import pytest
from django.conf import settings

from tandem.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
RIGHT = "correct-horse-battery"


def _login(client, username, password, address):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def _fail(client, username, address, times):
    """Sign in wrongly `times` times; return the statuses (200: the form again; 429: locked)."""
    return [_login(client, username, "wrong", address).status_code for _ in range(times)]


def test_username_is_locked_after_the_failure_limit_even_with_the_right_password(client, viewer):
    """After AXES_FAILURE_LIMIT wrong passwords the account is locked from every address."""
    limit = settings.AXES_FAILURE_LIMIT
    assert _fail(client, "viewer", "10.0.0.1", limit) == [200] * (limit - 1) + [429]
    response = _login(client, "viewer", RIGHT, "10.9.9.9")
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_one_failure_short_of_the_limit_still_signs_in(client, viewer):
    """The limit is the limit: one failure fewer and the right password still works."""
    assert set(_fail(client, "viewer", "10.0.0.1", settings.AXES_FAILURE_LIMIT - 1)) == {200}
    response = _login(client, "viewer", RIGHT, "10.0.0.1")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(viewer.pk)


def test_address_is_locked_for_every_username_after_the_limit(client, viewer):
    """Failures spread over many usernames lock the address, not each username."""
    limit = settings.AXES_FAILURE_LIMIT
    statuses = [_fail(client, f"guess{n}", "10.0.0.7", 1)[0] for n in range(limit)]
    assert statuses == [200] * (limit - 1) + [429]
    assert _login(client, "viewer", RIGHT, "10.0.0.7").status_code == 429
    other_address = _login(client, "viewer", RIGHT, "10.0.0.8")
    assert other_address.status_code == 302  # the username itself is not locked


def test_lockout_is_audited_with_username_and_address(client, viewer):
    """Reaching the limit appends a `login_locked` event naming the username and address."""
    _fail(client, "viewer", "10.0.0.1", settings.AXES_FAILURE_LIMIT)
    _login(client, "viewer", RIGHT, "10.0.0.1")
    locked = AuditEvent.objects.filter(action="login_locked")
    assert locked.exists()
    assert set(locked.values_list("target", "address")) == {("viewer", "10.0.0.1")}
    failed = AuditEvent.objects.filter(action="login_failed", target="viewer").count()
    assert failed >= settings.AXES_FAILURE_LIMIT
    assert not AuditEvent.objects.filter(action="login").exists()


def test_lockout_answers_429_with_a_small_limit(client, viewer, settings):
    """The limit comes from settings (AXES_FAILURE_LIMIT, from the environment)."""
    settings.AXES_FAILURE_LIMIT = 2
    assert _fail(client, "viewer", "10.0.0.2", 2) == [200, 429]
    assert _login(client, "viewer", RIGHT, "10.0.0.2").status_code == 429
