"""Browser tests: Playwright (sync API) driving Debian's Chromium against the live server."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop; Django's ORM calls in the tests are still synchronous.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("TANDEM_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(
    os.environ.get("TANDEM_SCREENSHOTS", str(Path(tempfile.gettempdir()) / "tandem-screenshots"))
)
PASSWORD = "correct-horse-battery"  # what tests.factories.UserFactory sets


def _skip_or_fail(reason: str) -> None:
    """Skip locally; under CI=true a skipped browser test is a failure."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium; never a browser downloaded by Playwright."""
    if not CHROMIUM.exists():
        _skip_or_fail(f"{CHROMIUM} is missing: install it with `apt-get install -y chromium`")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _skip_or_fail("the playwright package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def sign_in(browser, live_server):
    """Open a fresh browser context signed in as `username`; returns its page."""
    contexts = []

    def open_as(username: str):
        context = browser.new_context(
            viewport={"width": 1400, "height": 1000}, base_url=live_server.url
        )
        contexts.append(context)
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    yield open_as
    for context in contexts:
        context.close()


@pytest.fixture
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
