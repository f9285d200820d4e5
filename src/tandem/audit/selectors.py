"""Reads of the audit log."""

from __future__ import annotations

from dataclasses import dataclass

from tandem.audit.hashing import chain_hash
from tandem.audit.models import AuditEvent


@dataclass(frozen=True)
class ChainReport:
    """How far the hash chain holds: `broken_id` is the first event that does not fit."""

    checked: int
    broken_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def audit_chain_verify() -> ChainReport:
    """Walk the events in id order, recomputing each hash from its predecessor's."""
    previous, checked = "", 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.prev_hash != previous:
            return ChainReport(checked, event.pk, "its prev_hash is not the previous event's hash")
        expected = chain_hash(
            previous,
            at=event.at,
            actor_id=event.actor_id,
            action=event.action,
            target=event.target,
            detail=event.detail,
            address=event.address,
        )
        if event.hash != expected:
            return ChainReport(checked, event.pk, "its fields do not match its hash")
        previous, checked = event.hash, checked + 1
    return ChainReport(checked)
