"""columns_digest: the database's one-row fingerprint of a few columns of every row."""

from __future__ import annotations

from datetime import date

import pytest

from tandem.core.stamps import columns_digest
from tandem.portfolio.models import Initiative
from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db
COLUMNS = ("id", "state", "planned_start", "requesting_unit_id")


def test_digest_changes_with_the_columns_and_only_with_them():
    """A state, a date or a new row changes it; a title does not; clearing the date again
    gives back the digest from before it was set."""
    first = InitiativeFactory(planned_start=None)
    InitiativeFactory()
    initial = columns_digest(Initiative, COLUMNS)
    Initiative.objects.filter(pk=first.pk).update(title="Renamed")
    assert columns_digest(Initiative, COLUMNS) == initial
    Initiative.objects.filter(pk=first.pk).update(state="intake")
    in_intake = columns_digest(Initiative, COLUMNS)
    Initiative.objects.filter(pk=first.pk).update(planned_start=date(2027, 3, 1))
    dated = columns_digest(Initiative, COLUMNS)
    assert len({initial, in_intake, dated}) == 3
    Initiative.objects.filter(pk=first.pk).update(planned_start=None)
    assert columns_digest(Initiative, COLUMNS) == in_intake
    InitiativeFactory()
    assert columns_digest(Initiative, COLUMNS) not in {initial, in_intake, dated}


def test_an_empty_table_has_a_digest():
    """No rows is a state too (the database answers NULL)."""
    assert len(columns_digest(Initiative, COLUMNS)) == 24
