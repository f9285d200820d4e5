"""Rate-limit counters: one call counted in one statement, shared by every app process.

With Redis (or any cache but the database one) the counter is the cache's atomic `incr`. With
the database cache, `incr` is a read and a transaction around a count, a read and a write: six
round trips per API call. Here it is one upsert on `RateCounter` (SQLite 3.35+ and PostgreSQL
both speak `INSERT ... ON CONFLICT ... RETURNING`), and the row of a client whose window has
moved on starts again from one.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from tandem.core.models import RateCounter

_UPSERT = """
INSERT INTO {table} (key, period, expires, hits) VALUES (%s, %s, %s, 1)
ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN {table}.period = excluded.period THEN {table}.hits + 1 ELSE 1 END,
    period = excluded.period,
    expires = excluded.expires
RETURNING hits
"""


def in_database() -> bool:
    """Whether counters live in the database (the cache is the database cache)."""
    return settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")


def hit(key: str, *, period: int, duration: int) -> int:
    """Count one call of `key` in window number `period` (`duration` seconds long); the count
    so far in that window, this call included."""
    if not in_database():
        return _cache_hit(f"{key}:{period}", duration)
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    expires = (period + 1) * duration
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT.format(table=table), [key, period, expires])
        hits = int(cursor.fetchone()[0])
    if hits == 1:  # a new window for this client: forget everyone's finished windows
        RateCounter.objects.filter(expires__lt=int(time.time())).delete()
    return hits


def hits(key: str, *, period: int) -> int:
    """The calls counted for `key` in window number `period` (0 when none)."""
    if not in_database():
        return int(cache.get(f"{key}:{period}") or 0)
    row = RateCounter.objects.filter(key=key, period=period).values_list("hits", flat=True)
    return int(row.first() or 0)


def _cache_hit(counter: str, duration: int) -> int:
    try:
        return int(cache.incr(counter))  # atomic on Redis
    except ValueError:  # the window's first call (a race here loses one count, no more)
        cache.add(counter, 1, timeout=duration + 1)
        return 1
