"""Personas (one per role, as in the demo company) and clients acting as them."""

from __future__ import annotations

import pytest
from django.test import Client

from tandem.accounts import services as account_services
from tandem.accounts.choices import Role
from tests import clock
from tests.factories import BusinessUnitFactory, PersonFactory, UserFactory


def pytest_addoption(parser):
    clock.add_option(parser)


def pytest_configure(config):
    """Hash test passwords cheaply (the suite creates many users, none of them real); move the
    clock when --clock asks for it (see tests/clock.py)."""
    from django.conf import settings
    from django.contrib.auth.hashers import get_hashers, get_hashers_by_algorithm

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    get_hashers.cache_clear()
    get_hashers_by_algorithm.cache_clear()
    clock.start(config)


PERSONAS = {
    "admin": Role.ADMIN,
    "portfolio": Role.PORTFOLIO_OFFICE,
    "itlead": Role.IT_LEAD,
    "business": Role.BUSINESS_LEAD,
    "business2": Role.BUSINESS_LEAD,
    "viewer": Role.VIEWER,
}


@pytest.fixture
def unit(db):
    """The business unit the `business` persona leads."""
    return BusinessUnitFactory(name="Finance", code="FIN")


@pytest.fixture
def unit2(db):
    """The business unit the `business2` persona leads."""
    return BusinessUnitFactory(name="Sales", code="SAL")


def _persona(username: str, unit=None):
    user = UserFactory(username=username)
    account_services.user_role_set(user=user, role=PERSONAS[username])
    PersonFactory(name=username.title(), email=f"{username}@tandem.example", user=user, unit=unit)
    return user


@pytest.fixture
def admin(db):
    return _persona("admin")


@pytest.fixture
def portfolio(db):
    return _persona("portfolio")


@pytest.fixture
def itlead(db):
    return _persona("itlead")


@pytest.fixture
def business(db, unit):
    return _persona("business", unit)


@pytest.fixture
def business2(db, unit2):
    return _persona("business2", unit2)


@pytest.fixture
def viewer(db):
    return _persona("viewer")


@pytest.fixture
def personas(admin, portfolio, itlead, business, business2, viewer):
    """Every persona by name."""
    return {
        "admin": admin,
        "portfolio": portfolio,
        "itlead": itlead,
        "business": business,
        "business2": business2,
        "viewer": viewer,
    }


@pytest.fixture
def web_client():
    """A browser-like client signed in as the given user (None: anonymous)."""

    def make(user=None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def api_client(db):
    """A client sending a fresh bearer token for the given user (None: anonymous)."""

    def make(user=None) -> Client:
        if user is None:
            return Client()
        _, raw = account_services.token_create(username=user.username)
        return Client(headers={"Authorization": f"Bearer {raw}"})

    return make


@pytest.fixture(autouse=True)
def _fresh_memos():
    """Each test works its plans, rankings and rendered answers out afresh: the memos live
    for the process, and a rolled-back database hands out the same ids again."""
    from tandem.core import memo
    from tandem.prioritization import selectors as prioritization_selectors

    memo.clear_all()
    prioritization_selectors._RANKINGS.clear()  # memos of their own kind
    prioritization_selectors._RUN_PAYLOADS.clear()


@pytest.fixture
def scoring_model(db):
    """The active weighted scoring model (installed by the migration; again after a flush)."""
    from tandem.prioritization.services import scoring_models_install_defaults

    return scoring_models_install_defaults()
