"""Fingerprints of table contents, worked out by the database in one row.

A plan is remembered per state of the records it reads; the states of a few columns of every
row (say each initiative's state and dates) are its part of that state. Fetching those rows
to hash them in Python costs a conversion per value (thousands for a large portfolio, on every
request); here the database joins them into one string, and only that string travels.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from django.db import connection
from django.db.models import Model


def columns_digest(model: type[Model], columns: Sequence[str]) -> str:
    """A digest of `columns` of every row of `model`, in primary-key order. One query."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    key = quote(model._meta.pk.column)
    text = " || ',' || ".join(f"COALESCE(CAST({quote(c)} AS TEXT), '~')" for c in columns)
    if connection.vendor == "postgresql":
        sql = f"SELECT string_agg({text}, ';' ORDER BY {key}) FROM {table}"  # noqa: S608
    else:
        inner = f"SELECT {text} AS row_text FROM {table} ORDER BY {key}"  # noqa: S608
        sql = f"SELECT group_concat(row_text, ';') FROM ({inner})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        (joined,) = cursor.fetchone()
    return hashlib.blake2b((joined or "").encode(), digest_size=12).hexdigest()
