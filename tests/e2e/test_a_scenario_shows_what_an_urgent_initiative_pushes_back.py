"""The roadmap's what-if: open the roadmap, draft a scenario, add an urgent initiative ranked
first, and compare it with the plan as it stands — without a console error."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tandem.demo import services as demo_services
from tandem.demo.generator import DEMO_PASSWORD
from tandem.portfolio.choices import Feasibility, InitiativeState
from tandem.portfolio.models import Initiative
from tandem.roadmap import scenario_selectors
from tandem.roadmap import services as roadmap_services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _waiting_initiatives() -> list[Initiative]:
    """Initiatives in feasibility review with IT's estimates, not judged infeasible."""
    return list(
        Initiative.objects.filter(state=InitiativeState.FEASIBILITY_REVIEW, estimates__isnull=False)
        .exclude(feasibility=Feasibility.NOT_FEASIBLE)
        .order_by("-pk")
    )


def _one_that_pushes_work_back() -> Initiative:
    """A waiting initiative that, added and ranked first, makes planned work finish later.

    Most of the demo's do; which ones depends on the week the demo is planned from (a
    quieter team may have room in some weeks), so the test finds one through a scenario it
    deletes again instead of assuming one.
    """
    office = get_user_model().objects.get(username="portfolio")
    for candidate in _waiting_initiatives():
        probe = roadmap_services.scenario_create(data={"name": f"Probe {candidate.pk}"}, by=office)
        for kind in ("add", "first"):
            roadmap_services.change_add(
                scenario=probe, data={"kind": kind, "initiative": candidate}, by=office
            )
        compared = scenario_selectors.plan_compare(user=office, left=None, right=probe)
        roadmap_services.scenario_delete(scenario=probe, by=office)
        if compared["summary"]["later"]:
            return candidate
    raise AssertionError("no waiting initiative of the demo pushes planned work back")


def test_a_scenario_shows_what_an_urgent_initiative_pushes_back(
    transactional_db, browser, live_server, screenshots
):
    """Create a scenario from the roadmap, add an initiative and rank it first; its page and
    the compare page show it added and the approved work that now finishes later."""
    demo_services.demo_load(size="small", seed=7)
    urgent = _one_that_pushes_work_back()
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000}, base_url=live_server.url
    )
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("portfolio")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda err: problems.append(str(err)))

    page.get_by_role("link", name="Roadmap", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Roadmap")
    page.get_by_test_id("scenarios-link").click()
    page.get_by_test_id("new-scenario").click()
    page.get_by_label("Name").fill("Urgent first")
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Urgent first")
    expect(page.get_by_test_id("scenario-no-changes")).to_be_visible()

    page.get_by_label("Initiative").select_option(label=urgent.title)
    page.get_by_role("button", name="Add to the scenario").click()
    expect(page.get_by_test_id("scenario-changes")).to_contain_text(f"Add {urgent.title}")
    page.get_by_test_id("change-kind").select_option("first")
    form = page.get_by_test_id("change-form")
    expect(form.locator("input[name='kind']")).to_have_value("first")  # HTMX swapped it in
    page.get_by_label("Initiative").select_option(label=urgent.title)
    page.get_by_role("button", name="Add to the scenario").click()
    expect(page.get_by_test_id("scenario-changes")).to_contain_text(f"Rank {urgent.title} first")

    page.get_by_test_id("compare-link").click()
    expect(page).to_have_url(re.compile(r"/roadmap/compare/\?left=baseline&right=\d+"))
    table = page.get_by_test_id("compare-table")
    expect(table.locator("tr[data-only='right']")).to_contain_text(urgent.title)
    later = table.locator("tr[data-shift]:not([data-shift='0']):not([data-shift^='-'])")
    expect(later.first).to_contain_text("later")
    expect(page.get_by_test_id("compare-summary")).to_contain_text("finish later in Urgent first")
    expect(page.get_by_test_id("compare-teams")).to_contain_text("%")
    page.screenshot(path=str(screenshots / "roadmap_scenario_compare.png"), full_page=True)
    assert Initiative.objects.get(pk=urgent.pk).state == InitiativeState.FEASIBILITY_REVIEW
    context.close()
    assert problems == []
