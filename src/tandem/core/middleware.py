"""Security headers on every response: Content-Security-Policy and Permissions-Policy.

Django's SecurityMiddleware and XFrameOptionsMiddleware already send nosniff, Referrer-Policy,
Cross-Origin-Opener-Policy, X-Frame-Options and (over HTTPS) HSTS; this adds the two it lacks.
The policy allows no inline script or style: pages load only our static files, and chart data
travels in `json_script` blocks, which browsers never execute.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class SecurityHeadersMiddleware:
    """Add CONTENT_SECURITY_POLICY and PERMISSIONS_POLICY unless the view set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        if policy:
            response.headers.setdefault("Content-Security-Policy", policy)
        permissions = getattr(settings, "PERMISSIONS_POLICY", "")
        if permissions:
            response.headers.setdefault("Permissions-Policy", permissions)
        return response
