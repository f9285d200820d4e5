"""Who may change capacity data: admins, the portfolio office and IT leads; the rest read."""

import pytest
from django.contrib.auth.models import AnonymousUser

pytestmark = pytest.mark.django_db

ORDER = ("admin", "portfolio", "itlead", "business", "business2", "viewer")
MODELS = (
    "holiday",
    "leave",
    "plannedhire",
    "nondiscretionaryload",
    "workprofile",
    "actual",
    "actualsimport",
)
# (permission, expected for admin, portfolio, itlead, business, business2, viewer)
MATRIX = [
    *((f"capacity.view_{m}", (1, 1, 1, 1, 1, 1)) for m in MODELS),
    *(
        (f"capacity.{verb}_{m}", (1, 1, 1, 0, 0, 0))
        for m in MODELS
        for verb in ("add", "change", "delete")
    ),
    ("capacity.view_capacitysettings", (1, 1, 1, 1, 1, 1)),
    ("capacity.change_capacitysettings", (1, 1, 1, 0, 0, 0)),
    ("capacity.import_actuals", (1, 1, 1, 0, 0, 0)),
]


@pytest.mark.parametrize(("perm", "expected"), MATRIX)
def test_capacity_permissions_per_role(personas, perm, expected):
    """Each role reads capacity data; only admins, the office and IT leads change it."""
    assert tuple(int(personas[name].has_perm(perm)) for name in ORDER) == expected


def test_anonymous_has_no_capacity_permission():
    """Signed-out visitors may not even read capacity data."""
    assert not AnonymousUser().has_perm("capacity.view_holiday")
    assert not AnonymousUser().has_perm("capacity.import_actuals")
