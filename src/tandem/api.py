"""The REST API: one Ninja router per app, shared authentication and error answers."""

from __future__ import annotations

import hashlib
import threading
import time
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI, Schema, Status
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.throttling import SimpleRateThrottle

from tandem import __version__
from tandem.accounts.services import token_authenticate
from tandem.core import counters
from tandem.core.api_schemas import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS, Error
from tandem.core.errors import DomainError

__all__ = ["ERRORS", "LIST_ERRORS", "READ_ERRORS", "WRITE_ERRORS", "Error", "api"]


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>` for scripts."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class SessionCookie(APIKeyCookie):
    """The browser's session (CSRF-checked for writes)."""

    param_name = "sessionid"

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        return None


class _SettingsRateThrottle(SimpleRateThrottle):
    """A rate from settings, read on every request (so tests and operators can change it),
    counted in fixed windows shared by every app process (`tandem.core.counters`).

    A window is `duration` seconds long; its counter is one small integer (one upsert in the
    database, or `incr` in Redis), so a request costs one tiny write whatever the limit.
    (Ninja's sliding window keeps every request's time in one cached list and rewrites it on
    every request: at 1,200 a minute that is kilobytes per call.) A client can spend its
    allowance at the end of one window and again at the start of the next; that burst is the
    price. The wait for Retry-After is kept per thread (`tandem serve` answers on threads, and
    one throttle object serves every request)."""

    setting = ""

    def __init__(self) -> None:
        self.rate = None
        self._state = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        self._state.wait = None
        rate = getattr(settings, self.setting, "") or None
        if rate is None:
            return True
        key = self.get_cache_key(request)
        if key is None:
            return True
        allowed, duration = self.parse_rate(rate)
        now = time.time()
        window = int(now // duration)
        count = counters.hit(key, period=window, duration=duration)
        if count > allowed:
            self._state.wait = (window + 1) * duration - now
            return False
        return True

    def wait(self) -> float | None:
        return getattr(self._state, "wait", None)


class CredentialRateThrottle(_SettingsRateThrottle):
    """API_RATE_LIMIT per credential: each bearer token, or each browser session."""

    scope = "credential"
    setting = "API_RATE_LIMIT"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        if getattr(request, "auth", None) is None:
            return None
        header = request.headers.get("Authorization", "")
        scheme, _, raw = header.partition(" ")
        if scheme.lower() == "bearer" and raw.strip():
            ident = "token:" + hashlib.sha256(raw.strip().encode()).hexdigest()
        else:
            session_key = getattr(getattr(request, "session", None), "session_key", None)
            ident = f"session:{session_key or request.auth}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AnonymousRateThrottle(_SettingsRateThrottle):
    """API_ANON_RATE_LIMIT per address, for the operations open without credentials."""

    scope = "anonymous"
    setting = "API_ANON_RATE_LIMIT"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        if getattr(request, "auth", None) is not None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TandemAPI(NinjaAPI):
    """NinjaAPI whose URLs are exempt from LoginRequiredMiddleware: the API authenticates itself
    (and answers 401 rather than redirecting to the login page)."""

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        patterns = super()._get_urls()
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback.login_required = False
        return patterns

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        """The schema, with the rate limit's 429 declared on every operation."""
        schema = super().get_openapi_schema(**kwargs)
        for item in schema["paths"].values():
            for operation in item.values():
                operation["responses"].setdefault("429", RATE_LIMITED_RESPONSE)
        return schema


RATE_LIMITED_RESPONSE = {
    "description": "Too Many Requests: the rate limit (per token or session; per address "
    "without credentials) is used up. Retry after the seconds in Retry-After.",
    "headers": {
        "Retry-After": {
            "description": "Seconds to wait before the next request.",
            "schema": {"type": "integer"},
        }
    },
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}


api = TandemAPI(
    title="Tandem API",
    version=__version__,
    description=(
        "One shared plan for business and IT. Authenticate with the browser session or "
        "`Authorization: Bearer <token>` (create one with `tandem token USERNAME`). Edits carry "
        "the `version` they were based on; a stale one is refused with 409."
    ),
    auth=[BearerToken(), SessionCookie()],
    throttle=[CredentialRateThrottle(), AnonymousRateThrottle()],
    urls_namespace="api",
)

ERRORS = WRITE_ERRORS


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    first = exc.errors[0] if exc.errors else {}
    field = _field_of(first.get("loc", ()))
    message = first.get("msg", "Invalid input")
    detail = f"{field}: {message}" if field else message
    return api.create_response(
        request,
        {"detail": detail, "code": "INVALID_INPUT", "field": field or None, "errors": exc.errors},
        status=400,
    )


def _field_of(loc: Any) -> str:
    """The request field an error location points at: `title`, `state` (not `filters.state.0`)."""
    parts = [str(part) for part in loc if not isinstance(part, int)]
    if parts and parts[0] in ("query", "path"):
        return parts[-1] if len(parts) > 1 else ""
    return ".".join(part for part in parts if part not in ("body", "payload"))


@api.exception_handler(AuthenticationError)
def _authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request,
        {
            "detail": "Sign in, or send 'Authorization: Bearer <token>'.",
            "code": "NOT_AUTHENTICATED",
            "field": None,
        },
        status=401,
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc, Throttled):  # Ninja adds Retry-After to this answer
        body = {
            "detail": "Too many requests: slow down and retry after the time in Retry-After.",
            "code": "RATE_LIMITED",
            "field": None,
        }
    elif exc.status_code == 403 and "csrf" in str(exc).lower():
        body = {
            "detail": "The CSRF check failed: send the X-CSRFToken header with browser-session "
            "writes, or use a bearer token.",
            "code": "CSRF_FAILED",
            "field": None,
        }
    else:
        body = {"detail": str(exc), "code": "HTTP_ERROR", "field": None}
    return api.create_response(request, body, status=exc.status_code)


class HealthOut(Schema):
    status: str
    database: str
    version: str


@api.get(
    "/health",
    auth=None,
    response={200: HealthOut, 503: HealthOut},
    operation_id="health_get",
    summary="Is the service up and its database reachable?",
)
def health_get(request: HttpRequest) -> Status[dict[str, str]]:
    """Answer ok when a query against the database succeeds."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return Status(
            503, {"status": "unavailable", "database": "unreachable", "version": __version__}
        )
    return Status(200, {"status": "ok", "database": "ok", "version": __version__})


def _add_routers() -> None:
    from tandem.capacity.api import router as capacity_router
    from tandem.operations.api import router as operations_router
    from tandem.organization.api import router as organization_router
    from tandem.portfolio.api import router as portfolio_router
    from tandem.prioritization.api import router as prioritization_router
    from tandem.roadmap.api import router as roadmap_router
    from tandem.roadmap.scenario_api import router as scenario_router
    from tandem.strategy.api import router as strategy_router

    api.add_router("/", organization_router)
    api.add_router("/", strategy_router)
    api.add_router("/", portfolio_router)
    api.add_router("/", capacity_router)
    api.add_router("/", prioritization_router)
    api.add_router("/", roadmap_router)
    api.add_router("/", scenario_router)
    api.add_router("/", operations_router)


_add_routers()
