"""A business lead and an IT lead score the same initiative: the business rates it top
value, IT rates its feasibility low; the "needs a conversation" flag appears and the
ranking changes."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tandem.portfolio.choices import InitiativeState
from tandem.prioritization import services
from tests.factories import BusinessOutcomeFactory, InitiativeFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BUSINESS_SCORES = {
    "strategic_fit": "5",
    "revenue_impact": "5",
    "cost_reduction": "5",
    "risk_reduction": "4",
    "compliance_need": "3",
    "urgency": "5",
}


def _ranked_titles(page) -> list[str]:
    rows = page.get_by_test_id("ranked-row")
    return [rows.nth(i).locator("a.fw-semibold").inner_text() for i in range(rows.count())]


def _score_sheet(page, scores: dict[str, str], criteria) -> None:
    form = page.get_by_test_id("score-form")
    for key, value in scores.items():
        form.locator(f"#id_c{criteria[key].pk}-value").select_option(value)
    return form


def test_business_and_it_leads_score_and_the_disagreement_is_flagged(
    transactional_db, personas, unit, sign_in, screenshots
):
    model = services.scoring_models_install_defaults()
    criteria = {c.key: c for c in model.criteria.all()}
    faster = InitiativeFactory(
        title="Automated ledger reconciliation", requesting_unit=unit, state=InitiativeState.INTAKE
    )
    BusinessOutcomeFactory(
        initiative=faster, metric="Days to close the books", baseline=9, target=5
    )
    portal = InitiativeFactory(title="Supplier portal", state=InitiativeState.INTAKE)
    for key, value in {
        "strategic_fit": 4,
        "revenue_impact": 4,
        "cost_reduction": 3,
        "risk_reduction": 3,
        "compliance_need": 1,
        "urgency": 4,
    }.items():
        services.score_set(
            initiative=portal,
            criterion=criteria[key],
            data={"value": value},
            by=personas["business2"],
        )
    for key, value in {
        "feasibility": 4,
        "effort": 1,
        "delivery_risk": 1,
        "architecture_fit": 4,
    }.items():
        services.score_set(
            initiative=portal, criterion=criteria[key], data={"value": value}, by=personas["itlead"]
        )

    # The Finance lead scores the business criteria: the initiative goes to the top.
    page = sign_in("business")
    page.goto(f"/prioritization/initiatives/{faster.pk}/scores/")
    expect(page.get_by_test_id("value-statement")).to_contain_text(
        "Cut days to close the books from 9 to 5 days (−44%)"
    )
    form = _score_sheet(page, BUSINESS_SCORES, criteria)
    form.locator(f"#id_c{criteria['revenue_impact'].pk}-rationale").fill(
        "Finance closes four days sooner; controllers move to analysis."
    )
    form.get_by_role("button", name="Save my scores").click()
    expect(page.get_by_role("alert").first).to_contain_text("Your scores are saved (6 changed).")
    expect(page.get_by_test_id("initiative-rank")).to_have_text("#1 of 2")
    page.get_by_role("link", name="Priorities").first.click()
    assert _ranked_titles(page) == ["Automated ledger reconciliation", "Supplier portal"]
    expect(page.get_by_test_id("conversation-flag")).to_have_count(0)

    # The IT lead rates feasibility low: the flag appears and the initiative drops.
    it_page = sign_in("itlead")
    it_page.goto(f"/prioritization/initiatives/{faster.pk}/scores/")
    expect(it_page.get_by_test_id("criterion-revenue_impact")).to_contain_text(
        "Finance closes four days sooner"
    )
    form = _score_sheet(
        it_page, {"feasibility": "1", "effort": "5", "delivery_risk": "5"}, criteria
    )
    form.locator(f"#id_c{criteria['feasibility'].pk}-rationale").fill(
        "Needs the ERP upgrade first."
    )
    form.get_by_role("button", name="Save my scores").click()
    expect(it_page.get_by_test_id("conversation-flags")).to_contain_text(
        "The business rates this among its top-value initiatives (value 90/100) but IT rates "
        "Feasibility 1.0 of 5."
    )
    expect(it_page.get_by_test_id("initiative-rank")).to_have_text("#2 of 2")
    it_page.screenshot(path=str(screenshots / "scores-disagreement.png"), full_page=True)

    # The business lead sees the same: the ranking changed, with the flag on the row.
    page.reload()
    assert _ranked_titles(page) == ["Supplier portal", "Automated ledger reconciliation"]
    flagged = page.get_by_test_id("ranked-row").nth(1)
    expect(flagged.get_by_test_id("conversation-flag")).to_contain_text("IT rates Feasibility 1.0")
    expect(page.get_by_test_id("flag-count")).to_have_text("1")
    page.screenshot(path=str(screenshots / "ranking-after-it-scores.png"), full_page=True)
