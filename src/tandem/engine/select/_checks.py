"""Validation of single values for the selection inputs (private)."""

from __future__ import annotations

import math
import operator
from collections.abc import Iterable
from typing import Any

from tandem.engine.errors import InvalidInput


def amount(path: str, value: object) -> float:
    """A finite number, 0 or more, as a float."""
    if isinstance(value, bool | str | bytes):
        raise InvalidInput(path, "must be a number")
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InvalidInput(path, "must be a number") from None
    if not math.isfinite(number):
        raise InvalidInput(path, "must be a finite number")
    if number < 0:
        raise InvalidInput(path, "must be ≥ 0")
    return number


def index(path: str, value: object, count: int, things: str) -> int:
    """A whole number naming one of ``count`` ``things`` (a plural noun)."""
    if isinstance(value, bool):
        number = None
    else:
        try:
            number = operator.index(value)  # type: ignore[arg-type]
        except TypeError:
            number = None
    if number is None:
        raise InvalidInput(path, f"must be a whole number naming one of the {things}")
    if count == 0:
        raise InvalidInput(path, f"refers to one of the {things}, but there are none")
    if not 0 <= number < count:
        raise InvalidInput(path, f"must name one of the {count} {things} (0–{count - 1})")
    return number


def items(path: str, value: object) -> tuple[Any, ...]:
    """A sequence (not a string or mapping) as a tuple."""
    if isinstance(value, str | bytes | dict) or not isinstance(value, Iterable):
        raise InvalidInput(path, "must be a list")
    return tuple(value)


def flag(path: str, value: object) -> bool:
    """True or False (0 and 1 are accepted)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise InvalidInput(path, "must be true or false")


def text(path: str, value: object) -> str:
    """A string."""
    if not isinstance(value, str):
        raise InvalidInput(path, "must be text")
    return value
