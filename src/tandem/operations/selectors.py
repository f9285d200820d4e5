"""Reads for backup, restore and transfer: the canonical dump, row counts, migration state.

The canonical dump is the yardstick for "identical": every row of every model (auto-created
many-to-many tables included), ordered by model label and primary key, one sorted JSON object a
line, with values normalised so that SQLite and PostgreSQL give the same text (datetimes in UTC,
decimals at their field's places, JSON with sorted keys).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

# Rows that `tandem migrate` and role set-up create by themselves: a database holding only these
# counts as empty (restore and transfer may fill it without --force).
SCAFFOLD_MODELS = frozenset(
    {"contenttypes.contenttype", "auth.permission", "auth.group", "auth.group_permissions"}
)
CHUNK = 2000


def stored_models(*, using: str = DEFAULT_DB_ALIAS) -> list[type[models.Model]]:
    """Every concrete model whose table exists in `using`, ordered by label."""
    tables = set(connections[using].introspection.table_names())
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and model._meta.db_table in tables
    ]
    return sorted(found, key=lambda model: model._meta.label_lower)


def row_counts(*, using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Rows per model label in `using`."""
    return {
        model._meta.label_lower: model._base_manager.using(using).count()
        for model in stored_models(using=using)
    }


def database_has_data(*, using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether `using` holds any row beyond what migrations and roles create by themselves."""
    return any(
        model._base_manager.using(using).exists()
        for model in stored_models(using=using)
        if model._meta.label_lower not in SCAFFOLD_MODELS
    )


def migrations_applied(*, using: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    """The migrations recorded as applied in `using`, per app, sorted; {} before `migrate`."""
    recorder = MigrationRecorder(connections[using])
    if not recorder.has_table():
        return {}
    applied: dict[str, list[str]] = {}
    for app_label, name in sorted(recorder.applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


def migrations_mismatch(applied: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    """Compare `applied` with this code's migrations: (missing from `applied`, unknown to code)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    have = {(app_label, name) for app_label, names in applied.items() for name in names}
    replaced = {key for m in loader.replacements.values() for key in m.replaces}
    missing = [
        key
        for key in loader.graph.nodes
        if key not in have
        and not (key in loader.replacements and set(loader.replacements[key].replaces) <= have)
    ]
    extra = [key for key in have if key not in loader.graph.nodes and key not in replaced]
    return sorted(f"{a}.{n}" for a, n in missing), sorted(f"{a}.{n}" for a, n in extra)


def canonical_dump_lines(*, using: str = DEFAULT_DB_ALIAS) -> Iterator[str]:
    """Yield the canonical dump of `using`, one JSON line (no newline) per row."""
    for model in stored_models(using=using):
        label = model._meta.label_lower
        pk_name = model._meta.pk.attname
        fields = [f for f in model._meta.concrete_fields if f.attname != pk_name]
        names = [pk_name, *(f.attname for f in fields)]
        rows = model._base_manager.using(using).order_by("pk").values_list(*names)
        for pk, *values in rows.iterator(chunk_size=CHUNK):
            record = {
                "model": label,
                "pk": _canonical(model._meta.pk, pk),
                "fields": {
                    f.attname: _canonical(f, v) for f, v in zip(fields, values, strict=True)
                },
            }
            yield json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def canonical_dump(*, using: str = DEFAULT_DB_ALIAS) -> str:
    """The canonical dump of `using` as one text, a line per row (see the module docstring)."""
    return "".join(line + "\n" for line in canonical_dump_lines(using=using))


def canonical_digest(*, using: str = DEFAULT_DB_ALIAS) -> dict[str, Any]:
    """The sha256, byte size and line count of `canonical_dump(using=using)`, without keeping it."""
    digest = hashlib.sha256()
    size = lines = 0
    for line in canonical_dump_lines(using=using):
        data = (line + "\n").encode()
        digest.update(data)
        size += len(data)
        lines += 1
    return {"sha256": digest.hexdigest(), "bytes": size, "rows": lines}


def _canonical(field: models.Field, value: Any) -> Any:
    """A JSON value for `value` that reads the same whichever database it came from."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        places = getattr(field, "decimal_places", None)
        if places is not None and value.is_finite():
            value = value.quantize(Decimal(1).scaleb(-places))
        return format(value, "f")
    if isinstance(value, dt.timedelta):
        return value // dt.timedelta(microseconds=1)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dict | list):
        return value  # JSONField: json.dumps(sort_keys=True) orders nested keys
    return str(value)
