"""Text rules every way in shares (API, forms, imports)."""

from __future__ import annotations

from typing import Any

NUL_MESSAGE = "Must not contain the NUL character (\\x00)."


def has_nul(value: Any) -> bool:
    """True when `value`, or a string inside a list, tuple or dict of it, holds a NUL character."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, (list, tuple, set)):
        return any(has_nul(item) for item in value)
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    return False
