"""The demo company's capacity page: the heatmap, a team's breakdown, where teams run short,
an initiative's impact, and not one console error (the CSP allows no inline script or style)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tandem.demo import services as demo_services
from tandem.demo.generator import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_capacity_page_shows_where_teams_run_short(
    transactional_db, browser, live_server, screenshots
):
    """Heatmap with the demo's teams; a click on a team shows its breakdown; the shortfall
    table names the initiatives behind it; filters and the impact card work without errors."""
    demo_services.demo_load(size="small", seed=7)
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000}, base_url=live_server.url
    )
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda err: problems.append(str(err)))
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("portfolio")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")

    page.get_by_role("link", name="Capacity", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Capacity")
    heatmap = page.get_by_test_id("heatmap")
    expect(heatmap.locator("svg")).to_be_visible()
    for team in ("Data & Analytics", "ERP & Finance Systems", "Service Desk"):
        expect(heatmap.locator("svg text", has_text=team).first).to_be_visible()
    expect(
        heatmap.locator("svg text", has_text="How much of each team is spoken for")
    ).to_be_visible()

    # Hovering a cell shows a tooltip built from CSS classes, in person-weeks.
    box = heatmap.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.55)
    expect(page.locator(".chart-tip").first).to_contain_text("person-weeks")

    shortfalls = page.get_by_test_id("shortfalls")
    expect(shortfalls).to_contain_text("ERP & Finance Systems")
    causes = shortfalls.locator("a[href^='/portfolio/']")
    assert causes.count() >= 1
    page.screenshot(path=str(screenshots / "capacity_overview.png"), full_page=True)

    # A click on a team's name in the heatmap loads its breakdown below it.
    heatmap.locator("svg text", has_text="ERP & Finance Systems").first.click()
    breakdown = page.get_by_test_id("team-breakdown")
    expect(breakdown.get_by_test_id("team-breakdown-chart").locator("svg")).to_be_visible()
    expect(breakdown.locator("svg text", has_text="what the time goes to")).to_be_visible()
    expect(breakdown).to_contain_text("Where it runs short")
    breakdown.screenshot(path=str(screenshots / "capacity_team_breakdown.png"))

    # By month: HTMX swaps the body and the charts are drawn again.
    page.get_by_label("Show by").select_option("month")
    expect(page).to_have_url(re.compile(r"grain=month"))
    expect(heatmap.locator("svg text", has_text="Month").first).to_be_visible()
    expect(page.get_by_test_id("summary-chart").locator("svg")).to_be_visible()

    # The first initiative behind a shortfall shows its impact on capacity.
    causes.first.click()
    expect(page.get_by_test_id("capacity-impact")).to_be_visible()
    expect(page.get_by_test_id("impact-summary")).not_to_be_empty()

    assert problems == []
    context.close()
