"""Permission checks shared by views and API operations."""

from __future__ import annotations

from typing import Any

from tandem.core.errors import Forbidden


def require(user: Any, perm: str, obj: Any = None) -> None:
    """Raise Forbidden unless `user` has `perm` (on `obj` when given)."""
    if not user.has_perm(perm, obj):
        raise Forbidden(
            "You do not have permission to do this.",
            code="PERMISSION_DENIED",
        )
