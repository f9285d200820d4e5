"""Numbers and money read the way people write them."""

from decimal import Decimal

import pytest

from tandem.core.formatting import money, quantity


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("9.0000"), "9"),
        (Decimal("2.50"), "2.5"),
        (12000, "12,000"),
        (Decimal("-3.0"), "-3"),
        (None, "—"),
        ("", "—"),
        ("n/a", "n/a"),
    ],
)
def test_quantity_drops_trailing_zeros(value, expected):
    """Quantities lose trailing zeros and gain thousands separators."""
    assert quantity(value) == expected


@pytest.mark.parametrize(
    ("value", "currency", "expected"),
    [
        (Decimal("120000.50"), "EUR", "€120,001"),
        (49000, "USD", "$49,000"),
        (Decimal("-1500"), "GBP", "-£1,500"),
        (10, "SEK", "SEK 10"),
        (None, "EUR", "—"),
    ],
)
def test_money_shows_whole_units_with_the_currency(value, currency, expected):
    """Money is rounded to whole units with its currency sign."""
    assert money(value, currency) == expected
