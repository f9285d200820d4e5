"""Checks of single values shared by the scoring inputs (private)."""

from __future__ import annotations

import math
import operator
from numbers import Real

from tandem.engine.errors import InvalidInput


def require_text(path: str, value: object) -> str:
    """Non-empty text."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(path, "must be non-empty text")
    return value


def require_flag(path: str, value: object) -> bool:
    """True or False."""
    if not isinstance(value, bool):
        raise InvalidInput(path, "must be true or false")
    return value


def require_real(path: str, value: object) -> float:
    """A finite number (not a bool), as a float."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise InvalidInput(path, "must be a number")
    number = float(value)
    if not math.isfinite(number):
        raise InvalidInput(path, "must be a finite number")
    return number


def require_whole(path: str, value: object, minimum: int) -> int:
    """A whole number (not a bool) of at least ``minimum``, as an int."""
    message = f"must be a whole number of at least {minimum}"
    if isinstance(value, bool):
        raise InvalidInput(path, message)
    try:
        number = operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        raise InvalidInput(path, message) from None
    if number < minimum:
        raise InvalidInput(path, message)
    return number


def require_index(path: str, value: object, count: int, things: str) -> int:
    """A whole number indexing one of ``count`` ``things`` (a plural noun)."""
    number = require_whole(path, value, 0)
    if number >= count:
        if count == 0:
            raise InvalidInput(path, f"refers to one of the {things}, but there are none")
        raise InvalidInput(path, f"must name one of the {count} {things} (0–{count - 1})")
    return number
