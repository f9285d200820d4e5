"""Production settings: `tandem check --deploy` is clean, cookies are Secure and HttpOnly, and
the limits come from the environment."""

import json
import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings

TANDEM = Path(sys.executable).with_name("tandem")
PRODUCTION = {
    "DEBUG": "false",
    "HTTPS": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "ALLOWED_HOSTS": "tandem.example.com",
}
KEPT = ("PATH", "HOME", "LANG", "LC_ALL", "VIRTUAL_ENV", "SYSTEMROOT", "TMPDIR")


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A clean production-like environment: nothing from the developer's shell leaks in."""
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    env = {k: v for k, v in os.environ.items() if k in KEPT}
    return env | {
        "TANDEM_HOME": str(tmp_path),
        "SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(60)),
        **PRODUCTION,
        **extra,
    }


def _settings(env: dict[str, str], *names: str) -> dict[str, object]:
    code = (
        "import json, tandem.settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {list(names)!r}}}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    """`tandem check --deploy --fail-level WARNING` exits 0 and reports no issues."""
    result = subprocess.run(
        [TANDEM, "check", "--deploy", "--fail-level", "WARNING"],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_complains_without_https(tmp_path):
    """The same check fails when HTTPS is off, so the clean result above is earned."""
    result = subprocess.run(
        [TANDEM, "check", "--deploy", "--fail-level", "WARNING"],
        env=_env(tmp_path, HTTPS="false"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "security.W012" in result.stderr + result.stdout  # SESSION_COOKIE_SECURE


def test_production_cookies_are_secure_and_httponly(tmp_path):
    """With HTTPS=true session and CSRF cookies are Secure and HttpOnly; HTTP redirects; HSTS."""
    values = _settings(
        _env(tmp_path),
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_HTTPONLY",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_PROXY_SSL_HEADER",
    )
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
    }


def test_limits_come_from_the_environment(tmp_path):
    """Upload sizes, API rates and the login failure limit are read from the environment."""
    env = _env(
        tmp_path,
        DATA_UPLOAD_MAX_MEMORY_SIZE="1000",
        FILE_UPLOAD_MAX_MEMORY_SIZE="2000",
        UPLOAD_MAX_BYTES="3000",
        API_RATE_LIMIT="7/m",
        API_ANON_RATE_LIMIT="2/s",
        AXES_FAILURE_LIMIT="9",
    )
    names = [
        "DATA_UPLOAD_MAX_MEMORY_SIZE",
        "FILE_UPLOAD_MAX_MEMORY_SIZE",
        "UPLOAD_MAX_BYTES",
        "API_RATE_LIMIT",
        "API_ANON_RATE_LIMIT",
        "AXES_FAILURE_LIMIT",
    ]
    assert list(_settings(env, *names).values()) == [1000, 2000, 3000, "7/m", "2/s", 9]


@pytest.mark.django_db
def test_session_cookie_is_httponly_and_secure_when_configured(client, viewer, settings):
    """The sign-in answer sets the session cookie HttpOnly, and Secure under HTTPS settings."""
    settings.SESSION_COOKIE_SECURE = True
    response = client.post(
        "/accounts/login/", {"username": "viewer", "password": "correct-horse-battery"}
    )
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert (cookie["httponly"], cookie["secure"], cookie["samesite"]) == (True, True, "Lax")


@pytest.mark.django_db
def test_oversized_request_body_is_refused(admin, client, settings):
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE is refused with 400 and saves nothing."""
    from tandem.organization.models import BusinessUnit

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(admin)
    body = {"name": "Legal", "code": "LEG", "description": "x" * 2000}
    response = client.post("/api/units", body, content_type="application/json")
    assert response.status_code == 400
    assert not BusinessUnit.objects.filter(code="LEG").exists()


def test_the_database_cache_keeps_every_clients_rate_counter():
    """Django's default (300 entries) would cull live rate-limit counters past 300 clients."""
    cache = django_settings.CACHES["default"]
    if not cache["BACKEND"].endswith("DatabaseCache"):
        pytest.skip("CACHE_URL points at another cache")
    assert cache["OPTIONS"]["MAX_ENTRIES"] >= 20_000
