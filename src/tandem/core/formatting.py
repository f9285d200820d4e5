"""How numbers and money read to people; used by model labels, templates and history."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF ", "JPY": "¥"}


def quantity(value: Any) -> str:
    """A quantity without trailing zeros: 4.0 -> '4', 2.50 -> '2.5', 12000 -> '12,000'."""
    if value in (None, ""):
        return "—"
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    if amount == amount.to_integral():
        return f"{amount.quantize(Decimal(1)):,}"
    return f"{amount.normalize():,f}"


def money(value: Any, currency: str = "EUR") -> str:
    """Whole currency units with thousands separated: 120000.5 EUR -> '€120,001'."""
    if value in (None, ""):
        return "—"
    try:
        amount = Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    symbol = CURRENCY_SYMBOLS.get(currency, f"{currency} ")
    sign = "-" if amount < 0 else ""
    return f"{sign}{symbol}{abs(amount):,}"
