"""API authentication: bearer tokens from `tandem token`, and the browser session with CSRF."""

import hashlib
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.test import Client

from tandem.accounts.models import ApiToken
from tandem.organization.models import BusinessUnit

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _token_command(*args):
    out = StringIO()
    call_command("token", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def _bearer(raw):
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_token_command_prints_a_token_that_works_as_bearer(viewer):
    """`tandem token USERNAME` prints the token on its last line; it authenticates API calls."""
    raw = _token_command("viewer")[-1]
    response = _bearer(raw).get("/api/units")
    assert response.status_code == 200
    token = ApiToken.objects.get(user=viewer)
    assert token.last_used is not None


def test_token_is_stored_only_as_a_hash(viewer):
    """The database keeps the SHA-256 of the token and a short prefix, never the token."""
    raw = _token_command("viewer", "--name", "ci")[-1]
    token = ApiToken.objects.get(user=viewer)
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw.startswith(token.prefix)
    assert len(token.prefix) < len(raw)
    assert raw not in {token.key_hash, token.prefix, token.name}


def test_token_revoked_gets_401(viewer):
    """After `tandem token --revoke PREFIX` the token is refused with 401."""
    raw = _token_command("viewer")[-1]
    prefix = ApiToken.objects.get(user=viewer).prefix
    assert _token_command("--revoke", prefix) == [f"Revoked 1 token(s) starting with {prefix}."]
    response = _bearer(raw).get("/api/units")
    assert response.status_code == 401
    assert response.json()["code"] == "NOT_AUTHENTICATED"


def test_token_of_inactive_user_gets_401(viewer):
    """A token stops working when its user is deactivated."""
    raw = _token_command("viewer")[-1]
    viewer.is_active = False
    viewer.save()
    assert _bearer(raw).get("/api/units").status_code == 401


@pytest.mark.parametrize("header", ["Bearer tdm_not-a-token", "Basic dmlld2VyOnB3", ""])
def test_token_wrong_or_missing_gets_401(viewer, header):
    """An unknown token, another scheme or no credentials at all answer 401."""
    client = Client(headers={"Authorization": header}) if header else Client()
    response = client.get("/api/initiatives")
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Sign in, or send 'Authorization: Bearer <token>'.",
        "code": "NOT_AUTHENTICATED",
        "field": None,
    }


def test_token_command_refuses_unknown_user(db):
    """Asking for a token for nobody fails with the service's sentence."""
    with pytest.raises(CommandError, match="There is no user called 'nobody'"):
        _token_command("nobody")
    assert ApiToken.objects.count() == 0


def test_token_bearer_writes_need_no_csrf(admin):
    """Scripts using a bearer token write without a CSRF token."""
    raw = _token_command("admin")[-1]
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {raw}"})
    response = client.post("/api/units", {"name": "Legal", "code": "LEG"}, content_type=JSON)
    assert response.status_code == 201


def test_session_reads_without_csrf(viewer):
    """A signed-in browser session reads the API without a token."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(viewer)
    assert client.get("/api/units").status_code == 200


def test_session_write_without_csrf_is_refused(admin):
    """A session write with no CSRF token is refused with 403 and saves nothing."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    before = BusinessUnit.objects.count()
    response = client.post("/api/units", {"name": "Legal", "code": "LEG"}, content_type=JSON)
    assert (response.status_code, response.json()["code"]) == (403, "CSRF_FAILED")
    assert response.json()["detail"].startswith("The CSRF check failed")
    assert BusinessUnit.objects.count() == before


def test_session_write_with_csrf_succeeds(admin):
    """A session write carrying the CSRF cookie and header goes through."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    request = HttpRequest()
    token = get_token(request)
    client.cookies[settings.CSRF_COOKIE_NAME] = request.META["CSRF_COOKIE"]
    response = client.post(
        "/api/units",
        {"name": "Legal", "code": "LEG"},
        content_type=JSON,
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 201, response.json()
