"""The audit log's hash chain: each event's hash covers the previous hash and its own fields.

Kept free of models so the migration that back-fills old rows computes the same hash.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any


def canonical_detail(detail: Any) -> Any:
    """`detail` as it reads back from the JSON column (tuples become lists, keys strings)."""
    return json.loads(json.dumps(detail or {}))


def chain_hash(
    prev_hash: str,
    *,
    at: datetime,
    actor_id: int | None,
    action: str,
    target: str,
    detail: Any,
    address: str | None,
) -> str:
    """SHA-256 over the previous hash and a canonical JSON of the event's fields."""
    payload = json.dumps(
        {
            "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor": actor_id,
            "action": action,
            "target": target,
            "detail": detail,
            "address": address or None,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256((prev_hash + payload).encode()).hexdigest()
