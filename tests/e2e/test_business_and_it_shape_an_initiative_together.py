"""A business lead proposes an initiative, IT estimates it, and a viewer can only look."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tandem.portfolio.models import Initiative
from tests.factories import InitiativeFactory, TeamFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_business_lead_and_it_lead_shape_an_initiative_and_viewer_only_reads(
    transactional_db, personas, unit, unit2, sign_in, screenshots
):
    """Create, add an outcome, submit to intake; IT estimates; history shows both; viewer reads."""
    TeamFactory(name="Finance systems")
    InitiativeFactory(title="CRM clean-up", requesting_unit=unit2)

    # The Finance business lead proposes an initiative and states its outcome.
    page = sign_in("business")
    page.get_by_role("link", name="Propose an initiative").first.click()
    page.get_by_label("Title").fill("Automated ledger reconciliation")
    page.get_by_label("Kind").select_option(label="Growth")
    page.get_by_label("Problem statement").fill(
        "Month-end close takes nine days because ledgers are reconciled by hand."
    )
    page.get_by_label("Budget estimate").fill("1250000")
    page.get_by_role("button", name="Create initiative").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Automated ledger reconciliation")
    detail_url = page.url

    page.get_by_role("link", name="Add outcome").click()
    outcome_form = page.get_by_test_id("outcome-form")
    outcome_form.get_by_label("Business measure").fill("Days to close the books")
    outcome_form.get_by_label("Baseline").fill("9")
    outcome_form.get_by_label(re.compile(r"^Target")).fill("4")
    outcome_form.get_by_label("Unit").fill("days")
    outcome_form.get_by_label("Reach the target by").fill("2027-06-30")
    outcome_form.get_by_role("button", name="Add business outcome").click()
    expect(page.get_by_test_id("outcomes")).to_contain_text("Days to close the books: 9 → 4 days")

    page.get_by_role("button", name="Move to Intake").click()
    expect(page.get_by_role("alert").first).to_contain_text("Moved to Intake.")
    assert Initiative.objects.get(title="Automated ledger reconciliation").state == "intake"

    # The IT lead adds the effort estimate.
    it_page = sign_in("itlead")
    it_page.goto(detail_url)
    it_page.get_by_role("link", name="Add estimate").click()
    estimate_form = it_page.get_by_test_id("estimate-form")
    estimate_form.get_by_label("IT team").select_option(label="Finance systems")
    estimate_form.get_by_label("Best case (person-weeks)").fill("6")
    estimate_form.get_by_label("Most likely (person-weeks)").fill("8")
    estimate_form.get_by_label("Worst case (person-weeks)").fill("13")
    estimate_form.get_by_role("button", name="Add effort estimate").click()
    expect(it_page.get_by_test_id("estimates")).to_contain_text("Finance systems")

    # Both changes are in the initiative's history, attributed to who made them.
    history = it_page.get_by_test_id("history")
    expect(history).to_contain_text("business created Business outcome: Days to close the books")
    expect(history).to_contain_text("itlead created Effort estimate: Finance systems")
    expect(history).to_contain_text("Moved to Intake")
    it_page.screenshot(path=str(screenshots / "initiative_detail.png"), full_page=True)
    it_page.goto("/portfolio/")
    expect(it_page.get_by_test_id("initiative-table")).to_contain_text("1,250,000")
    it_page.get_by_role("link", name=re.compile("^Budget")).click()
    expect(it_page).to_have_url(re.compile(r"sort=budget"))
    it_page.screenshot(path=str(screenshots / "initiative_list.png"), full_page=True)

    # A viewer sees the initiative without edit buttons, and a write is refused.
    viewer_page = sign_in("viewer")
    viewer_page.goto(detail_url)
    expect(viewer_page.get_by_role("heading", level=1)).to_contain_text("Automated ledger")
    actions = viewer_page.get_by_test_id("initiative-actions")
    expect(actions.get_by_role("link")).to_have_count(0)
    expect(viewer_page.get_by_test_id("transitions")).to_have_count(0)
    expect(viewer_page.get_by_role("link", name="Add outcome")).to_have_count(0)
    token = viewer_page.locator('meta[name="csrf-token"]').get_attribute("content")
    refused = viewer_page.request.post(
        detail_url + "edit/",
        headers={"X-CSRFToken": token},
        form={
            "title": "Hijacked",
            "requesting_unit": str(unit.pk),
            "kind": "growth",
            "version": "1",
        },
    )
    assert refused.status == 403
    assert Initiative.objects.filter(title="Hijacked").count() == 0
