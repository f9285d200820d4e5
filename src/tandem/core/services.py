"""Helpers every app's services use: versioned edits, validation, history attribution."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError

from tandem.core.errors import Conflict, RuleViolation
from tandem.core.text import NUL_MESSAGE, has_nul

if TYPE_CHECKING:
    from django.db.models import Model


def check_version(obj: Any, version: int | None) -> None:
    """Raise Conflict unless `version` is the object's current version."""
    if version is None:
        raise RuleViolation(
            "The version you are editing is required to detect concurrent edits.",
            code="VERSION_REQUIRED",
            field="version",
        )
    if int(version) != obj.version:
        raise Conflict(
            f"This record was changed by someone else since you opened it "
            f"(you edited version {version}, it is now version {obj.version}). "
            "Reload it and apply your change again.",
            code="VERSION_CONFLICT",
            field="version",
        )


def apply_fields(obj: Model, data: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    """Set the allowed fields from `data` on `obj`; return {field: (old, new)} for real changes."""
    changes: dict[str, Any] = {}
    for name in allowed:
        if name not in data:
            continue
        attr = name
        field = obj._meta.get_field(name)
        if field.is_relation and field.many_to_one:
            attr = f"{name}_id"
        old = getattr(obj, attr)
        new = data[name]
        if field.is_relation and field.many_to_one and hasattr(new, "pk"):
            new = new.pk
        if old != new:
            changes[name] = (old, new)
            setattr(obj, attr, new)
    return changes


def validate_and_save(obj: Any, *, by: Any, reason: str = "", bump: bool = True) -> None:
    """Validate `obj` (RuleViolation naming the field), attribute history to `by`, save."""
    refuse_nul_text(obj)
    try:
        obj.full_clean(validate_unique=True)
    except ValidationError as err:
        raise _rule_violation_from(err) from err
    if bump and obj.pk is not None and hasattr(obj, "version"):
        obj.version += 1
    obj._history_user = by if getattr(by, "is_authenticated", False) else None
    if reason:
        obj._change_reason = reason
    try:
        obj.save()
    except IntegrityError as err:
        raise Conflict(
            "This would clash with an existing record.", code="INTEGRITY_CONFLICT"
        ) from err


def refuse_nul_text(obj: Any) -> None:
    """Refuse text holding NUL before any query sees it: PostgreSQL cannot store or compare it."""
    for field in obj._meta.concrete_fields:
        if has_nul(getattr(obj, field.attname, None)):
            raise RuleViolation(
                f"{str(field.verbose_name).capitalize()}: {NUL_MESSAGE}",
                code="INVALID_" + field.name.upper(),
                field=field.name,
            )


def delete_with_history(obj: Any, *, by: Any) -> None:
    """Delete `obj`, recording `by` in its history."""
    obj._history_user = by if getattr(by, "is_authenticated", False) else None
    obj.delete()


def _rule_violation_from(err: ValidationError) -> RuleViolation:
    """Turn Django's ValidationError into one RuleViolation naming the first field at fault."""
    if hasattr(err, "error_dict"):
        items = sorted(err.error_dict.items(), key=lambda item: item[0] == "__all__")
        field, errors = items[0]
        message = " ".join(m for e in errors for m in e.messages)
        field_name = None if field == "__all__" else field
        code = "INVALID_" + (field_name or "RECORD").upper()
        if field == "__all__" and errors and errors[0].code:
            code = str(errors[0].code).upper()
        return RuleViolation(message, code=code, field=field_name)
    return RuleViolation(" ".join(err.messages), code="INVALID_RECORD")


def lock(obj: Any) -> Any:
    """Re-read `obj` with a row lock for the rest of the transaction."""
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


def create_object(
    model: type[Model], *, data: dict[str, Any], fields: tuple[str, ...], by: Any
) -> Any:
    """Build a `model` from the allowed `fields` of `data`, validate and save it."""
    obj = model()
    apply_fields(obj, data, fields)
    validate_and_save(obj, by=by, bump=False)
    return obj


def update_object(obj: Any, *, data: dict[str, Any], fields: tuple[str, ...], by: Any) -> Any:
    """Lock `obj`, check `data["version"]`, apply the allowed fields, validate, save.

    Must run inside a transaction. Returns the saved object (unchanged if nothing changed).
    """
    locked = lock(obj)
    check_version(locked, data.get("version"))
    changes = apply_fields(locked, data, fields)
    if changes:
        validate_and_save(locked, by=by)
    return locked


def delete_object(obj: Any, *, by: Any, version: int | None = None) -> None:
    """Lock and delete `obj`; Conflict if stale (when `version` given) or still referenced."""
    locked = lock(obj)
    if version is not None:
        check_version(locked, version)
    try:
        delete_with_history(locked, by=by)
    except ProtectedError as err:
        names = sorted({str(type(o)._meta.verbose_name_plural) for o in err.protected_objects})
        raise Conflict(
            f"{locked} cannot be deleted while {', '.join(names)} still refer to it.",
            code="STILL_REFERENCED",
        ) from err
