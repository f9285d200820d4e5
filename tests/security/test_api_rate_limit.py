"""API rate limits: per bearer token or browser session, per address without credentials."""

import hashlib
import time

import pytest
from django.test import Client

from tandem.accounts.services import token_create
from tandem.core import counters
from tandem.core.models import RateCounter
from tandem.organization.models import BusinessUnit

pytestmark = pytest.mark.django_db
RATE_LIMITED = {
    "detail": "Too many requests: slow down and retry after the time in Retry-After.",
    "code": "RATE_LIMITED",
    "field": None,
}


def _bearer(user):
    _, raw = token_create(username=user.username)
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_token_gets_429_with_retry_after_past_its_rate(viewer, settings):
    """With API_RATE_LIMIT=3/m the fourth call answers 429 in the error shape, with Retry-After."""
    settings.API_RATE_LIMIT = "3/m"
    client = _bearer(viewer)
    assert [client.get("/api/units").status_code for _ in range(3)] == [200, 200, 200]
    response = client.get("/api/units")
    assert response.status_code == 429
    assert response.json() == RATE_LIMITED
    assert 1 <= int(response["Retry-After"]) <= 60


def test_rate_is_counted_per_token(viewer, settings):
    """A second token of the same user has its own allowance."""
    settings.API_RATE_LIMIT = "2/m"
    first, second = _bearer(viewer), _bearer(viewer)
    assert [first.get("/api/units").status_code for _ in range(3)] == [200, 200, 429]
    assert second.get("/api/units").status_code == 200


def test_writes_count_too_and_a_refused_call_changes_nothing(admin, settings):
    """Writes share the allowance; a throttled write creates nothing."""
    settings.API_RATE_LIMIT = "1/m"
    client = _bearer(admin)
    body = {"name": "Legal", "code": "LEG"}
    assert client.post("/api/units", body, content_type="application/json").status_code == 201
    again = client.post(
        "/api/units", {"name": "Tax", "code": "TAX"}, content_type="application/json"
    )
    assert again.status_code == 429
    assert not BusinessUnit.objects.filter(code="TAX").exists()


def test_the_count_is_one_small_integer_per_window_whatever_the_limit(viewer, settings):
    """A high limit costs no more per call than a low one: one counter row per client, not a
    list of every call's time (which grew to the limit, rewritten per call)."""
    settings.API_RATE_LIMIT = "100000/m"
    _, raw = token_create(username=viewer.username)
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    first_window = int(time.time() // 60)
    for _ in range(5):
        assert client.get("/api/units").status_code == 200
    ident = "token:" + hashlib.sha256(raw.encode()).hexdigest()
    key = f"throttle_credential_{ident}"
    last_window = int(time.time() // 60)
    if last_window == first_window:
        assert counters.hits(key, period=first_window) == 5
    assert RateCounter.objects.filter(key=key).count() == 1


def test_one_statement_counts_a_call_and_a_new_window_starts_again(settings):
    """The database counter adds one per call, restarts at one in the next window and clears
    the rows of windows that have ended."""
    assert counters.in_database()
    now = int(time.time() // 60)
    RateCounter.objects.create(key="gone", period=now - 2, expires=(now - 1) * 60, hits=9)
    assert [counters.hit("k", period=now, duration=60) for _ in range(3)] == [1, 2, 3]
    assert counters.hit("k", period=now + 1, duration=60) == 1
    assert counters.hits("k", period=now + 1) == 1
    assert counters.hits("k", period=now) == 0
    assert not RateCounter.objects.filter(key="gone").exists()


def test_the_cache_counts_when_the_cache_is_not_the_database(settings):
    """With Redis or another shared cache configured, the cache's incr holds the count."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert not counters.in_database()
    assert [counters.hit("c", period=7, duration=60) for _ in range(3)] == [1, 2, 3]
    assert counters.hits("c", period=7) == 3
    assert not RateCounter.objects.exists()


def test_browser_session_is_limited_per_session(viewer, settings):
    """A signed-in browser session has its own allowance, separate from the user's tokens."""
    settings.API_RATE_LIMIT = "2/m"
    browser = Client()
    browser.force_login(viewer)
    assert [browser.get("/api/units").status_code for _ in range(3)] == [200, 200, 429]
    assert _bearer(viewer).get("/api/units").status_code == 200


def test_anonymous_calls_are_limited_per_address(db, settings):
    """Operations open without credentials (the health check) are limited per address."""
    settings.API_ANON_RATE_LIMIT = "2/m"
    client = Client()
    seen = [client.get("/api/health", REMOTE_ADDR="10.1.1.1").status_code for _ in range(3)]
    assert seen == [200, 200, 429]
    assert client.get("/api/health", REMOTE_ADDR="10.1.1.1").json()["code"] == "RATE_LIMITED"
    assert client.get("/api/health", REMOTE_ADDR="10.1.1.2").status_code == 200


def test_unauthenticated_calls_still_answer_401_not_429(db, settings):
    """Calls without valid credentials are refused with 401 before any allowance is spent."""
    settings.API_RATE_LIMIT = "1/m"
    client = Client(headers={"Authorization": "Bearer tdm_wrong"})
    assert [client.get("/api/units").status_code for _ in range(3)] == [401, 401, 401]


def test_openapi_declares_429_with_retry_after_on_every_operation(client):
    """Every operation documents the rate limit's 429, its Error body and Retry-After header."""
    spec = client.get("/api/openapi.json").json()
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            declared = operation["responses"].get("429")
            assert declared, f"{method.upper()} {path}"
            assert declared["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/Error"
            }
            assert declared["headers"]["Retry-After"]["schema"] == {"type": "integer"}
