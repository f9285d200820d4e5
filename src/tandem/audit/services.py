"""The only writer of AuditEvent."""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from tandem.audit.hashing import canonical_detail, chain_hash
from tandem.audit.models import AuditEvent

# Any constant: the PostgreSQL advisory lock that serialises appends to the hash chain.
_CHAIN_LOCK = 0x7A4D17


@transaction.atomic
def audit_record(
    *,
    action: str,
    by: Any = None,
    target: str = "",
    detail: dict[str, Any] | None = None,
    address: str | None = None,
) -> AuditEvent:
    """Append one security event, chained to the previous one by its hash.

    The chain's tail is read and extended under a lock held until the transaction commits
    (an advisory lock on PostgreSQL; SQLite's IMMEDIATE transactions already hold the write
    lock), so two concurrent events never claim the same predecessor.
    """
    _lock_chain()
    event = AuditEvent(
        at=timezone.now(),
        actor=by if getattr(by, "is_authenticated", False) else None,
        action=action[:60],
        target=target[:200],
        detail=canonical_detail(detail),
        address=AuditEvent._meta.get_field("address").get_prep_value(address) or None,
    )
    event.prev_hash = (
        AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or ""
    )
    event.hash = chain_hash(
        event.prev_hash,
        at=event.at,
        actor_id=event.actor_id,
        action=event.action,
        target=event.target,
        detail=event.detail,
        address=event.address,
    )
    event.save(force_insert=True)
    return event


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
