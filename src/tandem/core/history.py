"""Change history (django-simple-history) as people read it: who, when, what, old → new."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import prefetch_related_objects

from tandem.core.formatting import quantity

HIDDEN_FIELDS = ("version", "updated", "created")
ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass(frozen=True)
class HistoryEntry:
    """One recorded change, ready to show to a person."""

    when: datetime
    who: str
    action: str  # "created", "changed", "deleted"
    subject: str  # "Initiative", "Business outcome: Days to close: 9 → 4 days", ...
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    reason: str = ""


def entries_from_records(
    records: Iterable[Any], subject: Callable[[Any], str], *, related: tuple[str, ...] = ()
) -> list[HistoryEntry]:
    """History entries (oldest first) for records of one model, each diffed against the
    previous record of the same object. `subject` names the object as it was (it gets the
    record's instance); `related` are the foreign keys it reads, fetched in one query each
    rather than one per record."""
    records = list(records)
    m2m = _m2m_rows(records)
    instances = [record.instance for record in records]
    if related:
        prefetch_related_objects(instances, *related)
    previous: dict[Any, Any] = {}
    entries = []
    for record, instance in zip(records, instances, strict=True):
        before = previous.get(record.id)
        changes = _changes(record, before, m2m) if before is not None else []
        previous[record.id] = record
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user.get_username() if record.history_user else "system",
                action=ACTIONS.get(record.history_type, record.history_type),
                subject=subject(instance),
                changes=changes,
                reason=record.history_change_reason or "",
            )
        )
    return entries


def _m2m_rows(records: list[Any]) -> dict[str, dict[Any, list[dict[str, Any]]]]:
    """For each many-to-many field of the records' model: history id -> the related rows, as
    simple-history's diff has them ([{"<model>": id}], sorted), read in one query per field.
    (Its own diff reads them with two queries per record and field.)"""
    if not records:
        return {}
    found: dict[str, dict[Any, list[dict[str, Any]]]] = {}
    ids = [record.history_id for record in records]
    for model_field in records[0]._history_m2m_fields:
        through = getattr(records[0], model_field.name).model
        key = model_field.related_model._meta.model_name
        rows: dict[Any, list[dict[str, Any]]] = {pk: [] for pk in ids}
        pairs = through.objects.filter(history__in=ids).order_by(key).values_list("history", key)
        for history_id, related_id in pairs:
            rows[history_id].append({key: related_id})
        found[model_field.name] = rows
    return found


def object_history(obj: Any) -> list[HistoryEntry]:
    """Every recorded change to `obj`, newest first."""
    records = obj.history.select_related("history_user").order_by("history_date", "history_id")
    label = str(obj._meta.verbose_name).capitalize()
    return list(reversed(entries_from_records(records, lambda _instance: label)))


def _changes(
    record: Any, before: Any, m2m: dict[str, dict[Any, list[dict[str, Any]]]]
) -> list[tuple[str, str, str]]:
    if record.history_type != "~":
        return []
    model = record.instance_type
    changes = [
        (c.field, c.old, c.new) for c in record.diff_against(before, excluded_fields=m2m).changes
    ]
    for name, rows in m2m.items():
        old, new = rows[before.history_id], rows[record.history_id]
        if old != new:
            changes.append((name, old, new))
    order = {f.name: i for i, f in enumerate(model._meta.get_fields())}
    changes.sort(key=lambda change: order.get(change[0], len(order)))
    return [
        (_label(model, name), _show(model, name, old), _show(model, name, new))
        for name, old, new in changes
        if name not in HIDDEN_FIELDS
    ]


def _label(model: Any, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name).capitalize()
    except FieldDoesNotExist:
        return name.replace("_", " ").capitalize()


def _show(model: Any, name: str, value: Any) -> str:
    """A value as people read it: labels for choices, names for links, plain numbers."""
    if value in (None, "", []):
        return "—"
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return str(value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.many_to_many:
        key = model_field.related_model._meta.model_name
        ids = [row.get(key) if isinstance(row, dict) else row for row in value]
        return _names(model_field.related_model, ids)
    if model_field.is_relation:
        return _names(model_field.related_model, [value])
    if model_field.get_internal_type() == "DecimalField":
        return quantity(value)
    return str(value)


def _names(related_model: Any, ids: list[Any]) -> str:
    names = {obj.pk: str(obj) for obj in related_model._default_manager.filter(pk__in=ids)}
    return ", ".join(names.get(pk, f"(deleted #{pk})") for pk in ids) or "—"
