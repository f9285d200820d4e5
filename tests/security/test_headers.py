"""Security headers on every page, and templates a strict Content-Security-Policy can serve."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.web.test_pages import PAGES
from tests.web.world import build_world

pytestmark = pytest.mark.django_db
TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "tandem"
DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    parts = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: value for name, value in parts}


def _assert_secure_headers(response, where: str) -> None:
    policy = _policy(response)
    for name, value in DIRECTIVES.items():
        assert policy.get(name) == value, (where, name, policy.get(name))
    assert "unsafe-inline" not in response["Content-Security-Policy"], where
    assert "unsafe-eval" not in response["Content-Security-Policy"], where
    assert response["X-Frame-Options"] == "DENY", where
    assert response["X-Content-Type-Options"] == "nosniff", where
    assert response["Referrer-Policy"] == "same-origin", where
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", where
    assert "camera=()" in response["Permissions-Policy"], where


@pytest.fixture
def world(unit, unit2, personas):
    return build_world(unit, unit2)


def test_every_page_carries_the_security_headers(world, admin, web_client):
    """Every named page of the UI (the resolver-checked list in tests/web) sends the headers."""
    client = web_client(admin)
    for name, (args, _) in PAGES.items():
        response = client.get(reverse(name, args=args(world)))
        assert response.status_code in (200, 405), name
        _assert_secure_headers(response, name)


@pytest.mark.parametrize(
    "url",
    ["/accounts/login/", "/no-such-page/", "/api/units", "/api/docs", "/api/openapi.json"],
)
def test_sign_in_errors_and_api_carry_the_security_headers(url, client, viewer):
    """The sign-in page, the 404 page, API answers and the API docs send them too."""
    if url.startswith("/api/") or url == "/no-such-page/":
        client.force_login(viewer)
    _assert_secure_headers(client.get(url), url)


def test_refusals_and_lockout_carry_the_security_headers(client, viewer, web_client, settings):
    """A 403 page and the 429 lockout page are as protected as any other."""
    forbidden = web_client(viewer).get(reverse("organization:unit_create"))
    assert forbidden.status_code == 403
    _assert_secure_headers(forbidden, "403")
    settings.AXES_FAILURE_LIMIT = 1
    locked = client.post("/accounts/login/", {"username": "viewer", "password": "no"})
    assert locked.status_code == 429
    _assert_secure_headers(locked, "429")


def _templates() -> list[Path]:
    return sorted(TEMPLATES.glob("**/templates/**/*.html"))


def test_no_template_has_inline_script_or_event_handler_attributes():
    """Every <script> has a src (or is a JSON data block) and no tag has an on*= attribute."""
    assert len(_templates()) > 10
    problems = []
    for path in _templates():
        text = path.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text, flags=re.IGNORECASE):
            if "src=" not in tag and 'type="application/json"' not in tag:
                problems.append(f"{path.name}: {tag}")
        for tag in re.findall(r"<[a-zA-Z][^>]*>", text):
            if re.search(r"\son[a-z]+\s*=", tag, flags=re.IGNORECASE):
                problems.append(f"{path.name}: {tag}")
        if re.search(r"javascript:", text, flags=re.IGNORECASE):
            problems.append(f"{path.name}: javascript: URL")
    assert problems == []


def test_htmx_is_told_not_to_inject_its_indicator_style():
    """HTMX would add an inline <style> for its indicator, which style-src 'self' refuses."""
    base = (TEMPLATES / "web" / "templates" / "web" / "base.html").read_text()
    assert '"includeIndicatorStyles": false' in base


def test_templates_have_no_inline_style_attributes():
    """The style policy allows no inline styles, so templates use classes from tandem.css."""
    from pathlib import Path

    import tandem

    offenders = [
        str(path)
        for path in Path(tandem.__file__).parent.rglob("templates/**/*.html")
        if 'style="' in path.read_text()
    ]
    assert offenders == []
