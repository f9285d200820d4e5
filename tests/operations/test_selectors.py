"""The canonical dump and the migration-state comparison."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from tandem.operations import selectors
from tests.factories import BusinessUnitFactory

pytestmark = pytest.mark.django_db


def test_canonical_dump_orders_rows_by_model_and_pk():
    """Rows come sorted by model label, then primary key, as sorted one-line JSON objects."""
    units = [BusinessUnitFactory(), BusinessUnitFactory()]
    lines = [json.loads(line) for line in selectors.canonical_dump().splitlines()]
    keys = [(line["model"], line["pk"]) for line in lines]
    assert keys == sorted(keys)
    unit_pks = [line["pk"] for line in lines if line["model"] == "organization.businessunit"]
    assert unit_pks == sorted(u.pk for u in units)
    first = next(
        line
        for line in lines
        if line["model"] == "organization.businessunit" and line["pk"] == units[0].pk
    )
    assert first["fields"]["code"] == units[0].code
    assert first["fields"]["created"].endswith("+00:00")


def test_canonical_digest_matches_the_dump():
    """The digest's size and row count describe the dump text."""
    BusinessUnitFactory()
    text = selectors.canonical_dump()
    digest = selectors.canonical_digest()
    assert (digest["bytes"], digest["rows"]) == (len(text.encode()), text.count("\n"))


def test_canonical_values_read_the_same_from_either_database():
    """Datetimes go to UTC, decimals to their field's places, durations to microseconds."""
    from tandem.portfolio.models import Initiative

    budget = Initiative._meta.get_field("budget_estimate")
    paris = dt.timezone(dt.timedelta(hours=1))
    assert selectors._canonical(budget, Decimal("12.5")) == format(
        Decimal("12.5").quantize(Decimal(1).scaleb(-budget.decimal_places)), "f"
    )
    moment = dt.datetime(2026, 1, 1, 13, 0, tzinfo=paris)
    assert selectors._canonical(budget, moment) == "2026-01-01T12:00:00+00:00"
    assert selectors._canonical(budget, dt.timedelta(seconds=1)) == 1_000_000


def test_migrations_mismatch_names_missing_and_unknown_migrations():
    """The comparison lists migrations the state lacks and ones this code does not know."""
    applied = selectors.migrations_applied()
    assert selectors.migrations_mismatch(applied) == ([], [])
    changed = {app: list(names) for app, names in applied.items()}
    changed["portfolio"].remove("0001_initial")
    changed["portfolio"].append("0099_unknown")
    assert selectors.migrations_mismatch(changed) == (
        ["portfolio.0001_initial"],
        ["portfolio.0099_unknown"],
    )
