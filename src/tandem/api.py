"""The REST API: one Ninja router per app, shared authentication and error answers."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI, Schema, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import APIKeyCookie, HttpBearer

from tandem import __version__
from tandem.accounts.services import token_authenticate
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


class TandemAPI(NinjaAPI):
    """NinjaAPI whose URLs are exempt from LoginRequiredMiddleware: the API authenticates itself
    (and answers 401 rather than redirecting to the login page)."""

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        patterns = super()._get_urls()
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback.login_required = False
        return patterns


api = TandemAPI(
    title="Tandem API",
    version=__version__,
    description=(
        "One shared plan for business and IT. Authenticate with the browser session or "
        "`Authorization: Bearer <token>` (create one with `tandem token USERNAME`). Edits carry "
        "the `version` they were based on; a stale one is refused with 409."
    ),
    auth=[BearerToken(), SessionCookie()],
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
    if exc.status_code == 403 and "csrf" in str(exc).lower():
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
    from tandem.organization.api import router as organization_router
    from tandem.portfolio.api import router as portfolio_router
    from tandem.strategy.api import router as strategy_router

    api.add_router("/", organization_router)
    api.add_router("/", strategy_router)
    api.add_router("/", portfolio_router)


_add_routers()
