"""Portfolio pages: list filters and sorting, HTMX partials, conflicts, history, transitions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from tandem.portfolio.choices import InitiativeState
from tandem.portfolio.models import BusinessOutcome, Initiative
from tests.factories import InitiativeFactory
from tests.web.world import build_world

pytestmark = pytest.mark.django_db

LIST = reverse("portfolio:initiative_list")


@pytest.fixture
def world(unit, unit2, personas):
    return build_world(unit, unit2)


def _titles(response) -> list[str]:
    return [i.title for i in response.context["page"].object_list]


def test_initiative_list_filters_by_unit_state_kind_and_text(world, viewer, web_client):
    """Each filter of the FilterSet narrows the list."""
    client = web_client(viewer)
    InitiativeFactory(
        title="Ledger archive",
        requesting_unit=world.unit,
        state=InitiativeState.INTAKE,
        kind="compliance",
    )
    assert _titles(client.get(LIST, {"unit": world.unit2.pk})) == [
        "CRM clean-up",
        "Sales dashboard",
    ]
    assert _titles(client.get(LIST, {"state": "intake"})) == ["Ledger archive"]
    assert len(_titles(client.get(LIST, {"state": ["idea", "intake"]}))) == 4
    assert _titles(client.get(LIST, {"kind": "compliance"})) == ["Ledger archive"]
    assert _titles(client.get(LIST, {"q": "ledger"})) == [
        "Automated ledger reconciliation",
        "Ledger archive",
    ]
    assert _titles(client.get(LIST, {"goal": world.goal.pk})) == ["Automated ledger reconciliation"]
    assert _titles(client.get(LIST, {"team": world.team.pk})) == ["Automated ledger reconciliation"]


def test_initiative_list_sorts_by_clicked_column(world, viewer, web_client):
    """A column header sorts ascending, and clicking it again sorts descending."""
    client = web_client(viewer)
    Initiative.objects.filter(pk=world.other.pk).update(budget_estimate=Decimal("5"))
    ascending = client.get(LIST, {"sort": "budget"})
    assert _titles(ascending)[0] == "CRM clean-up"
    assert 'href="?sort=-budget"' in ascending.content.decode()
    assert _titles(client.get(LIST, {"sort": "-budget"}))[0] == "Automated ledger reconciliation"


def test_initiative_list_shows_money_and_state_badges(world, viewer, web_client):
    """Budgets have thousands separators; states are labelled badges."""
    body = web_client(viewer).get(LIST).content.decode()
    assert "1,250,000" in body
    assert '<span class="badge rounded-pill text-bg-light border">Idea</span>' in body


def test_initiative_list_htmx_returns_only_the_rows(world, viewer, web_client):
    """An HTMX filter request gets the `rows` partial, not the whole page."""
    response = web_client(viewer).get(LIST, {"q": "crm"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert "CRM clean-up" in body
    assert "Automated ledger reconciliation" not in body
    assert "HX-Request" in response["Vary"]


def test_initiative_list_bad_filter_is_explained(world, viewer, web_client):
    """A filter value that does not exist shows a sentence, not an error page."""
    response = web_client(viewer).get(LIST, {"unit": "999999"})
    assert response.status_code == 200
    assert "unit:" in response.context["error"]
    assert _titles(response) == []


def test_initiative_list_empty_state_says_what_to_do(business, web_client):
    """An empty portfolio tells a business lead how to start."""
    body = web_client(business).get(LIST).content.decode()
    assert "Propose the first initiative" in body


def test_initiative_create_by_business_lead(business, unit, web_client):
    """A business lead proposes an initiative for their unit; it starts as an idea."""
    response = web_client(business).post(
        reverse("portfolio:initiative_create"),
        {
            "title": "Supplier portal",
            "requesting_unit": unit.pk,
            "kind": "growth",
            "problem_statement": "Suppliers email invoices.",
            "budget_estimate": "80000",
        },
    )
    initiative = Initiative.objects.get(title="Supplier portal")
    assert response.status_code == 302
    assert response["Location"] == initiative.get_absolute_url()
    assert initiative.state == InitiativeState.IDEA
    assert initiative.history.first().history_user == business


def test_initiative_create_form_preselects_own_unit(business, unit, web_client):
    """The new-initiative form starts with the lead's own unit chosen."""
    response = web_client(business).get(reverse("portfolio:initiative_create"))
    assert response.context["form"]["requesting_unit"].value() == unit.pk


def test_initiative_edit_stale_version_shows_conflict_and_keeps_input(world, business, web_client):
    """Saving over someone else's newer edit explains the conflict and keeps what was typed."""
    url = reverse("portfolio:initiative_edit", args=[world.initiative.pk])
    stale = world.initiative.version
    Initiative.objects.filter(pk=world.initiative.pk).update(version=stale + 1)
    response = web_client(business).post(
        url,
        {
            "title": "My better title",
            "requesting_unit": world.unit.pk,
            "kind": "growth",
            "version": stale,
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "changed by someone else since you opened it" in body
    assert 'value="My better title"' in body
    assert Initiative.objects.get(pk=world.initiative.pk).title == world.initiative.title


def test_initiative_edit_htmx_gets_the_form_partial(world, business, web_client):
    """An HTMX edit with errors re-renders only the form."""
    url = reverse("portfolio:initiative_edit", args=[world.initiative.pk])
    response = web_client(business).post(
        url, {"title": "", "version": 1}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert "<html" not in body
    assert 'id="initiative-form"' in body
    assert "This field is required." in body


def test_initiative_detail_shows_everything_in_business_words(world, viewer, web_client):
    """Outcomes, estimate totals, dependencies, status and scope are all on the page."""
    body = web_client(viewer).get(world.initiative.get_absolute_url()).content.decode()
    assert "Days to close the books:</strong> 9 → 4 days by" in body
    assert "1,250,000" in body
    assert "Close the books faster" in body
    assert "CRM clean-up" in body  # the predecessor
    assert "Green — on track" in body
    assert "+3 person-weeks" in body
    assert '<td class="num">6</td>' in body  # the likely total


def test_initiative_detail_shows_audit_history_of_a_web_edit(world, business, web_client):
    """After an edit, the history names who changed which field from what to what."""
    client = web_client(business)
    client.post(
        reverse("portfolio:initiative_edit", args=[world.initiative.pk]),
        {
            "title": "Ledger reconciliation, automated",
            "requesting_unit": world.unit.pk,
            "kind": "growth",
            "goals": [world.goal.pk],
            "budget_estimate": "1250000",
            "problem_statement": world.initiative.problem_statement,
            "version": world.initiative.version,
        },
    )
    body = client.get(world.initiative.get_absolute_url()).content.decode()
    assert '<strong>business</strong> changed <span class="text-body-emphasis">Initiative' in body
    assert (
        'Automated ledger reconciliation</span> → <span class="new">Ledger reconciliation,'
        " automated" in body
    )


def test_initiative_detail_viewer_sees_no_edit_buttons(world, viewer, web_client):
    """A viewer sees the initiative but no edit, delete, transition or add buttons."""
    body = web_client(viewer).get(world.initiative.get_absolute_url()).content.decode()
    for url in (
        reverse("portfolio:initiative_edit", args=[world.initiative.pk]),
        reverse("portfolio:initiative_delete", args=[world.initiative.pk]),
        reverse("portfolio:initiative_transition", args=[world.initiative.pk]),
        reverse("portfolio:outcome_create", args=[world.initiative.pk]),
        reverse("portfolio:estimate_create", args=[world.initiative.pk]),
    ):
        assert url not in body


def test_initiative_detail_offers_only_permitted_moves(world, business, itlead, web_client):
    """The business lead may submit to intake; the IT lead sees no move for an idea."""
    url = world.initiative.get_absolute_url()
    assert [move.to for move in web_client(business).get(url).context["moves"]] == [
        "intake",
        "cancelled",
    ]
    assert web_client(itlead).get(url).context["moves"] == []


def test_initiative_detail_shows_what_blocks_approval(portfolio, web_client):
    """An unmet approval gate disables the button and lists what is missing, in words."""
    initiative = InitiativeFactory(state=InitiativeState.FEASIBILITY_REVIEW)
    response = web_client(portfolio).get(initiative.get_absolute_url())
    approve = next(m for m in response.context["moves"] if m.to == InitiativeState.APPROVED)
    assert approve.blockers == [
        "IT has not assessed feasibility yet; approval needs IT's assessment.",
        "An initiative is submitted for approval only with at least one business outcome: the "
        "measure it moves, where it is today, the target and the date (e.g. 'order fulfilment "
        "time from 4 to 3.4 days by Q3 2027').",
        "Approval needs at least one effort estimate from an IT team.",
    ]
    page = response.content.decode()
    assert "Before it can move to Approved:" in page
    assert 'disabled aria-describedby="blockers-approved"' in page


def test_initiative_transition_moves_and_says_so(world, business, web_client):
    """Submitting to intake moves the initiative and confirms it on the page."""
    response = web_client(business).post(
        reverse("portfolio:initiative_transition", args=[world.initiative.pk]),
        {"to": "intake", "version": world.initiative.version},
        follow=True,
    )
    world.initiative.refresh_from_db()
    assert world.initiative.state == InitiativeState.INTAKE
    assert "Moved to Intake." in response.content.decode()


def test_initiative_transition_gate_failure_is_explained(world, business, web_client):
    """A refused move shows the service's sentence and changes nothing."""
    Initiative.objects.filter(pk=world.initiative.pk).update(problem_statement="")
    response = web_client(business).post(
        reverse("portfolio:initiative_transition", args=[world.initiative.pk]),
        {"to": "intake", "version": world.initiative.version},
        follow=True,
    )
    world.initiative.refresh_from_db()
    assert world.initiative.state == InitiativeState.IDEA
    assert "Describe the business problem before submitting" in response.content.decode()


def test_outcome_create_inline_form_and_client_redirect(world, business, web_client):
    """HTMX loads the outcome form inline; a valid post reloads the page it came from."""
    client = web_client(business)
    url = reverse("portfolio:outcome_create", args=[world.initiative.pk])
    form = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in form
    assert 'name="metric"' in form
    response = client.post(
        url,
        {
            "metric": "Invoices paid late",
            "baseline": "12",
            "target": "3",
            "unit": "%",
            "target_date": "2027-06-30",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response["HX-Redirect"].endswith(f"{world.initiative.get_absolute_url()}#outcomes")
    inline = client.post(
        url,
        {
            "metric": "Disputes",
            "baseline": "40",
            "target": "10",
            "unit": "per month",
            "target_date": "2027-06-30",
        },
        headers={
            "HX-Request": "true",
            "HX-Current-URL": f"http://testserver{world.initiative.get_absolute_url()}",
        },
    )
    assert inline["HX-Refresh"] == "true"
    assert BusinessOutcome.objects.filter(metric="Invoices paid late").exists()


def test_outcome_create_refusal_lands_on_the_field(world, business, web_client):
    """The model's rule (target differs from baseline) is shown on the target field."""
    response = web_client(business).post(
        reverse("portfolio:outcome_create", args=[world.initiative.pk]),
        {
            "metric": "Flat",
            "baseline": "3",
            "target": "3",
            "unit": "%",
            "target_date": "2027-06-30",
        },
    )
    assert response.context["form"].errors["target"] == [
        "The target must differ from the baseline."
    ]


def test_initiative_delete_refused_after_intake_is_explained(world, admin, web_client):
    """Deleting an approved initiative is refused with the reason; it stays."""
    Initiative.objects.filter(pk=world.initiative.pk).update(state=InitiativeState.APPROVED)
    response = web_client(admin).post(
        reverse("portfolio:initiative_delete", args=[world.initiative.pk]),
        {"version": world.initiative.version},
        follow=True,
    )
    assert "cancel it instead" in response.content.decode()
    assert Initiative.objects.filter(pk=world.initiative.pk).exists()


def test_initiative_assess_by_it_lead(world, itlead, web_client):
    """An IT lead records feasibility; it shows on the initiative."""
    web_client(itlead).post(
        reverse("portfolio:initiative_assess", args=[world.initiative.pk]),
        {
            "feasibility": "conditional",
            "feasibility_notes": "Needs SSO.",
            "version": world.initiative.version,
        },
    )
    world.initiative.refresh_from_db()
    assert world.initiative.feasibility == "conditional"
    assert world.initiative.feasibility_notes == "Needs SSO."
