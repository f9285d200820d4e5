"""Two people edit the same initiative at once: the second is told, the first's change stays."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tandem.portfolio.models import Initiative
from tests.factories import InitiativeFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_second_save_of_a_stale_form_shows_a_conflict_and_keeps_the_first_change(
    transactional_db, personas, unit, sign_in, screenshots
):
    """Both open the edit form; the first saves; the second's save is refused on the page."""
    initiative = InitiativeFactory(title="Automated ledger reconciliation", requesting_unit=unit)
    edit_url = reverse("portfolio:initiative_edit", args=[initiative.pk])

    first = sign_in("business")
    second = sign_in("portfolio")
    first.goto(edit_url)
    second.goto(edit_url)

    first.get_by_label("Title").fill("Ledger reconciliation, automated")
    first.get_by_role("button", name="Save changes").click()
    expect(first.get_by_role("alert").first).to_contain_text("Your changes were saved.")

    second.get_by_label("Title").fill("Reconcile ledgers automatically")
    second.get_by_role("button", name="Save changes").click()
    expect(second.locator("#initiative-form")).to_contain_text(
        "This record was changed by someone else since you opened it"
    )
    expect(second.get_by_label("Title")).to_have_value("Reconcile ledgers automatically")
    second.screenshot(path=str(screenshots / "initiative_edit_conflict.png"), full_page=True)

    initiative.refresh_from_db()
    assert (initiative.title, initiative.version) == ("Ledger reconciliation, automated", 2)
    assert Initiative.history.filter(id=initiative.pk, history_type="~").count() == 1
