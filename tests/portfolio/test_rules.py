"""Who may do what in the portfolio: the rules behind every page and API operation."""

import pytest

from tandem.portfolio.choices import InitiativeState
from tandem.portfolio.rules import transition_permission
from tests.factories import BusinessOutcomeFactory, InitiativeFactory

pytestmark = pytest.mark.django_db
S = InitiativeState

# (permission, expected for admin, portfolio, itlead, business [own unit], business2, viewer)
MATRIX = [
    ("portfolio.view_initiative", (1, 1, 1, 1, 1, 1)),
    ("portfolio.change_initiative", (1, 1, 0, 1, 0, 0)),
    ("portfolio.delete_initiative", (1, 1, 0, 1, 0, 0)),
    ("portfolio.assess_initiative", (1, 1, 1, 0, 0, 0)),
    ("portfolio.submit_initiative", (1, 1, 0, 1, 0, 0)),
    ("portfolio.progress_initiative", (1, 1, 1, 0, 0, 0)),
    ("portfolio.decide_initiative", (1, 1, 0, 0, 0, 0)),
    ("portfolio.change_businessoutcome", (1, 1, 0, 1, 0, 0)),
    ("portfolio.add_effortestimate", (1, 1, 1, 0, 0, 0)),
    ("portfolio.add_statusupdate", (1, 1, 1, 1, 0, 0)),
    ("portfolio.add_scopechange", (1, 1, 1, 1, 0, 0)),
]
ORDER = ("admin", "portfolio", "itlead", "business", "business2", "viewer")


@pytest.mark.parametrize(("perm", "expected"), MATRIX)
def test_portfolio_permissions_per_role(personas, unit, perm, expected):
    """Each role holds exactly the portfolio permissions its job needs, on its own unit's work."""
    initiative = InitiativeFactory(requesting_unit=unit)
    got = tuple(int(personas[name].has_perm(perm, initiative)) for name in ORDER)
    assert got == expected


def test_business_lead_may_only_create_for_own_unit(business, unit, unit2):
    """A business lead creates initiatives for their own unit, not another's."""
    assert business.has_perm("portfolio.add_initiative", unit)
    assert not business.has_perm("portfolio.add_initiative", unit2)


def test_business_lead_may_not_delete_own_initiative_after_intake(business, unit):
    """Past intake, deleting is the portfolio office's call."""
    initiative = InitiativeFactory(requesting_unit=unit, state=S.APPROVED)
    assert not business.has_perm("portfolio.delete_initiative", initiative)


def test_outcome_permission_follows_its_initiative_unit(business, business2, unit):
    """An outcome belongs to its initiative's unit."""
    outcome = BusinessOutcomeFactory(initiative=InitiativeFactory(requesting_unit=unit))
    assert business.has_perm("portfolio.change_businessoutcome", outcome)
    assert not business2.has_perm("portfolio.change_businessoutcome", outcome)


def test_anonymous_has_no_permission(unit):
    """Signed-out visitors may not even read."""
    from django.contrib.auth.models import AnonymousUser

    initiative = InitiativeFactory(requesting_unit=unit)
    assert not AnonymousUser().has_perm("portfolio.view_initiative", initiative)


@pytest.mark.parametrize(
    ("state", "to", "perm"),
    [
        (S.IDEA, S.INTAKE, "portfolio.submit_initiative"),
        (S.IDEA, S.CANCELLED, "portfolio.submit_initiative"),
        (S.INTAKE, S.FEASIBILITY_REVIEW, "portfolio.progress_initiative"),
        (S.FEASIBILITY_REVIEW, S.APPROVED, "portfolio.decide_initiative"),
        (S.APPROVED, S.IN_PROGRESS, "portfolio.progress_initiative"),
        (S.APPROVED, S.CANCELLED, "portfolio.decide_initiative"),
        (S.ON_HOLD, S.APPROVED, "portfolio.decide_initiative"),
    ],
)
def test_transition_permission_per_move(state, to, perm):
    """Submitting is the requester's, progress is IT's, decisions are the portfolio office's."""
    assert transition_permission(InitiativeFactory.build(state=state), to) == perm
