"""The only writer of AuditEvent."""

from __future__ import annotations

from typing import Any

from tandem.audit.models import AuditEvent


def audit_record(
    *,
    action: str,
    by: Any = None,
    target: str = "",
    detail: dict[str, Any] | None = None,
    address: str | None = None,
) -> AuditEvent:
    """Append one security event."""
    actor = by if getattr(by, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        target=target[:200],
        detail=detail or {},
        address=address,
    )
