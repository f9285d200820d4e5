"""Writes for capacity data. Every function is one transaction; a refusal changes nothing."""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass, replace
from datetime import date
from typing import IO, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from tandem.audit.services import audit_record
from tandem.capacity import choices, imports
from tandem.capacity.imports import ActualRow, Problem
from tandem.capacity.models import (
    Actual,
    ActualsImport,
    CapacitySettings,
    Holiday,
    Leave,
    NonDiscretionaryLoad,
    PlannedHire,
    WorkProfile,
)
from tandem.core.errors import Conflict, RuleViolation
from tandem.core.services import (
    apply_fields,
    check_version,
    create_object,
    delete_object,
    update_object,
    validate_and_save,
)
from tandem.core.uploads import CSV, validate_upload
from tandem.organization.models import Team
from tandem.portfolio.choices import InitiativeState

HOLIDAY_FIELDS = ("date", "name")
LEAVE_FIELDS = ("person", "first_day", "last_day", "kind", "note")
HIRE_FIELDS = ("team", "title", "fte", "hours_per_week", "expected_start", "kind", "note")
LOAD_FIELDS = (
    "team",
    "category",
    "basis",
    "percent_of_supply",
    "hours_per_week",
    "first_day",
    "last_day",
    "note",
)
WORK_PROFILE_FIELDS = ("weights",)
SETTINGS_FIELDS = (
    "attrition_annual_pct",
    "standard_hours_per_week",
    "forecast_estimator",
    "requisition_delay_weeks",
)
BATCH = 500

#
# Holidays
#


def _refuse_taken_date(day: date | None, *, exclude: int | None = None) -> None:
    taken = Holiday.objects.filter(date=day).exclude(pk=exclude).first() if day else None
    if taken is not None:
        raise Conflict(
            f"{day:%d %b %Y} is already a holiday ({taken.name}).",
            code=choices.HOLIDAY_DATE_TAKEN,
            field="date",
        )


@transaction.atomic
def holiday_create(*, data: dict[str, Any], by: Any) -> Holiday:
    """Add a company holiday; Conflict if that day already is one."""
    _refuse_taken_date(data.get("date"))
    return create_object(Holiday, data=data, fields=HOLIDAY_FIELDS, by=by)


@transaction.atomic
def holiday_update(*, holiday: Holiday, data: dict[str, Any], by: Any) -> Holiday:
    """Edit a company holiday; Conflict if stale or the new day already is a holiday."""
    if "date" in data:
        _refuse_taken_date(data["date"], exclude=holiday.pk)
    return update_object(holiday, data=data, fields=HOLIDAY_FIELDS, by=by)


@transaction.atomic
def holiday_delete(*, holiday: Holiday, by: Any, version: int | None = None) -> None:
    """Remove a company holiday."""
    delete_object(holiday, by=by, version=version)


#
# Leave, planned hires, non-discretionary load
#


@transaction.atomic
def leave_create(*, data: dict[str, Any], by: Any) -> Leave:
    """Record leave of an IT person; RuleViolation naming the field if invalid."""
    return create_object(Leave, data=data, fields=LEAVE_FIELDS, by=by)


@transaction.atomic
def leave_update(*, leave: Leave, data: dict[str, Any], by: Any) -> Leave:
    """Edit a leave entry; Conflict if stale."""
    return update_object(leave, data=data, fields=LEAVE_FIELDS, by=by)


@transaction.atomic
def leave_delete(*, leave: Leave, by: Any, version: int | None = None) -> None:
    """Remove a leave entry."""
    delete_object(leave, by=by, version=version)


@transaction.atomic
def hire_create(*, data: dict[str, Any], by: Any) -> PlannedHire:
    """Add a planned hire or an open requisition to a team."""
    return create_object(PlannedHire, data=data, fields=HIRE_FIELDS, by=by)


@transaction.atomic
def hire_update(*, hire: PlannedHire, data: dict[str, Any], by: Any) -> PlannedHire:
    """Edit a planned hire; Conflict if stale."""
    return update_object(hire, data=data, fields=HIRE_FIELDS, by=by)


@transaction.atomic
def hire_delete(*, hire: PlannedHire, by: Any, version: int | None = None) -> None:
    """Remove a planned hire (filled, or no longer planned)."""
    delete_object(hire, by=by, version=version)


@transaction.atomic
def load_create(*, data: dict[str, Any], by: Any) -> NonDiscretionaryLoad:
    """Add non-discretionary load to a team; RuleViolation if the amount its basis needs is
    missing."""
    return create_object(NonDiscretionaryLoad, data=data, fields=LOAD_FIELDS, by=by)


@transaction.atomic
def load_update(
    *, load: NonDiscretionaryLoad, data: dict[str, Any], by: Any
) -> NonDiscretionaryLoad:
    """Edit a load entry (switching basis clears the other amount); Conflict if stale."""
    return update_object(load, data=data, fields=LOAD_FIELDS, by=by)


@transaction.atomic
def load_delete(*, load: NonDiscretionaryLoad, by: Any, version: int | None = None) -> None:
    """Remove a load entry."""
    delete_object(load, by=by, version=version)


#
# Work profiles
#


def _refuse_closed(estimate: Any) -> None:
    initiative = estimate.initiative
    if initiative.state in (InitiativeState.DONE, InitiativeState.CANCELLED):
        raise RuleViolation(
            f"The initiative is {initiative.get_state_display().lower()}, so its effort can no "
            "longer be reshaped.",
            code=choices.WORK_PROFILE_INITIATIVE_CLOSED,
            field="estimate",
        )


@transaction.atomic
def work_profile_create(*, data: dict[str, Any], by: Any) -> WorkProfile:
    """Shape how `data["estimate"]` spreads over its initiative's planned dates; Conflict if it
    already has a profile, RuleViolation if the initiative is closed or the weights invalid."""
    estimate = data.get("estimate")
    if estimate is not None:
        _refuse_closed(estimate)
        if WorkProfile.objects.filter(estimate=estimate).exists():
            raise Conflict(
                "This estimate already has a work profile; edit that one instead.",
                code=choices.WORK_PROFILE_EXISTS,
                field="estimate",
            )
    profile = WorkProfile(estimate=estimate)  # apply_fields sets many-to-one links only
    apply_fields(profile, data, WORK_PROFILE_FIELDS)
    validate_and_save(profile, by=by, bump=False)
    return profile


@transaction.atomic
def work_profile_update(*, work_profile: WorkProfile, data: dict[str, Any], by: Any) -> WorkProfile:
    """Change a profile's weights; Conflict if stale."""
    _refuse_closed(work_profile.estimate)
    return update_object(work_profile, data=data, fields=WORK_PROFILE_FIELDS, by=by)


@transaction.atomic
def work_profile_delete(*, work_profile: WorkProfile, by: Any, version: int | None = None) -> None:
    """Remove a profile: the estimate is spread evenly again."""
    _refuse_closed(work_profile.estimate)
    delete_object(work_profile, by=by, version=version)


#
# Settings
#


@transaction.atomic
def capacity_settings_update(*, data: dict[str, Any], by: Any) -> CapacitySettings:
    """Change the capacity settings; Conflict if `data["version"]` is stale.

    Before the first change the row may not exist yet (reading creates it); it is then
    created with the change, so the edit still leaves exactly one history record.
    """
    current = CapacitySettings.objects.select_for_update().filter(pk=1).first()
    if current is not None:
        return update_object(current, data=data, fields=SETTINGS_FIELDS, by=by)
    current = CapacitySettings(pk=1)
    check_version(current, data.get("version"))
    apply_fields(current, data, SETTINGS_FIELDS)
    validate_and_save(current, by=by, bump=False)
    return current


#
# Importing actual hours
#


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import of actual hours did (or, in a dry run, would do)."""

    file_name: str
    sha256: str
    dry_run: bool
    total: int
    created: int
    updated: int
    unchanged: int
    skipped: int
    problems: tuple[Problem, ...] = ()
    import_id: int | None = None

    @property
    def imported(self) -> int:
        """Rows written: new weeks plus changed ones."""
        return self.created + self.updated

    def summary(self) -> str:
        """One sentence, e.g. 'Imported 624 rows (0 updated, 0 unchanged, 0 skipped) from …'."""
        verb = "Would import" if self.dry_run else "Imported"
        rows = "row" if self.imported == 1 else "rows"
        return (
            f"{verb} {self.imported} {rows} ({self.updated} updated, {self.unchanged} unchanged, "
            f"{self.skipped} skipped) from {self.file_name}"
        )


class ActualsImportRefused(RuleViolation):
    """The file has bad rows and skipping them was not asked for; `problems` lists each."""

    def __init__(self, *, file_name: str, problems: list[Problem], dry_run: bool) -> None:
        lines = len({problem.line for problem in problems})
        outcome = "nothing would be imported" if dry_run else "nothing was imported"
        super().__init__(
            f"{file_name} has {lines} bad row{'s' if lines != 1 else ''}, so {outcome}. Correct "
            "them, or import only the good rows by skipping the bad ones.",
            code=choices.ACTUALS_ROWS_INVALID,
            field="file",
        )
        self.problems = tuple(problems)


@transaction.atomic
def actuals_import(
    *,
    file: str | os.PathLike[str] | IO[Any],
    file_name: str,
    by: Any,
    dry_run: bool = False,
    skip_bad_rows: bool = False,
    today: date | None = None,
) -> ImportReport:
    """Import weekly actual hours per team and category from a CSV file (a path or a stream).

    Every row is checked before anything is written. RuleViolation if the file is not an
    acceptable CSV or lacks a column; ActualsImportRefused (listing every bad row) if a row is
    bad and `skip_bad_rows` is false. Rows already recorded with the same hours are left alone
    (importing a file twice changes nothing); different hours replace the old value, with
    history. A dry run checks and counts, and writes nothing.
    """
    data = _read_upload(file, file_name)
    teams = {name.lower(): pk for pk, name in Team.objects.values_list("pk", "name")}
    parsed = imports.parse_actuals(
        imports.decode(data, file_name=file_name),
        teams=teams,
        today=today or timezone.localdate(),
        file_name=file_name,
    )
    if parsed.problems and not skip_bad_rows:
        raise ActualsImportRefused(file_name=file_name, problems=parsed.problems, dry_run=dry_run)
    new, changed, unchanged = _sort_rows(parsed.rows)
    report = ImportReport(
        file_name=file_name,
        sha256=hashlib.sha256(data).hexdigest(),
        dry_run=dry_run,
        total=parsed.total,
        created=len(new),
        updated=len(changed),
        unchanged=unchanged,
        skipped=parsed.bad_lines,
        problems=tuple(parsed.problems),
    )
    if dry_run:
        return report
    record = ActualsImport(
        file_name=file_name[:255],
        sha256=report.sha256,
        imported_by=by if getattr(by, "is_authenticated", False) else None,
        rows_total=report.total,
        rows_imported=report.imported,
        rows_updated=report.updated,
        rows_unchanged=report.unchanged,
        rows_skipped=report.skipped,
    )
    validate_and_save(record, by=by, bump=False)
    _write_actuals(record, new, changed, by=by)
    audit_record(
        action="import",
        by=by,
        target=f"actual hours from {file_name}"[:200],
        detail={
            "kind": "actuals",
            "file": file_name,
            "sha256": report.sha256,
            "import_id": record.pk,
            "rows": report.total,
            "imported": report.imported,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "skipped": report.skipped,
        },
    )
    return replace(report, import_id=record.pk)


def _read_upload(file: str | os.PathLike[str] | IO[Any], file_name: str) -> bytes:
    """The file's bytes, once its size, extension and content pass `validate_upload`."""
    limit = settings.UPLOAD_MAX_BYTES
    content_type = ""
    try:
        if isinstance(file, str | os.PathLike):
            size = os.path.getsize(file)
            with open(file, "rb") as handle:
                data = handle.read(limit + 1)
        else:
            raw = file.read(limit + 1)
            data = raw.encode("utf-8") if isinstance(raw, str) else raw
            size = getattr(file, "size", None) or len(data)
            content_type = getattr(file, "content_type", "") or ""
    except OSError as err:
        raise RuleViolation(
            f"{file_name} cannot be read: {err.strerror or err}.",
            code=choices.ACTUALS_FILE_UNREADABLE,
            field="file",
        ) from err
    upload = io.BytesIO(data)
    upload.name = file_name
    upload.size = max(size, len(data))  # type: ignore[attr-defined]
    upload.content_type = content_type  # type: ignore[attr-defined]
    validate_upload(upload, allowed=CSV, max_bytes=limit, field="file")
    return data


def _sort_rows(
    rows: list[ActualRow],
) -> tuple[list[ActualRow], list[tuple[Actual, ActualRow]], int]:
    """Split good rows into new ones, changed ones (with the stored actual) and a count of
    unchanged ones; the stored actuals are locked for the rest of the transaction."""
    keys = {row.key for row in rows}
    stored: dict[tuple[int, date, str], Actual] = {}
    if rows:
        candidates = Actual.objects.select_for_update().filter(
            team_id__in={row.team_id for row in rows},
            week__range=(min(row.week for row in rows), max(row.week for row in rows)),
        )
        for actual in candidates:
            key = (actual.team_id, actual.week, actual.category)
            if key in keys:
                stored[key] = actual
    new, changed, unchanged = [], [], 0
    for row in rows:
        actual = stored.get(row.key)
        if actual is None:
            new.append(row)
        elif actual.hours != row.hours:
            changed.append((actual, row))
        else:
            unchanged += 1
    return new, changed, unchanged


def _write_actuals(
    record: ActualsImport,
    new: list[ActualRow],
    changed: list[tuple[Actual, ActualRow]],
    *,
    by: Any,
) -> None:
    """Insert new actuals and replace changed ones, one history record each, as `by`."""
    user = by if getattr(by, "is_authenticated", False) else None
    now = timezone.now()
    try:
        bulk_create_with_history(
            [
                Actual(
                    team_id=row.team_id,
                    week=row.week,
                    category=row.category,
                    hours=row.hours,
                    source=record,
                )
                for row in new
            ],
            Actual,
            batch_size=BATCH,
            default_user=user,
            default_date=now,
        )
    except IntegrityError as err:
        raise Conflict(
            "Another import wrote some of the same weeks at the same time; import the file again.",
            code="INTEGRITY_CONFLICT",
            field="file",
        ) from err
    for actual, row in changed:
        actual.hours, actual.source, actual.version, actual.updated = (
            row.hours,
            record,
            actual.version + 1,
            now,
        )
    bulk_update_with_history(
        [actual for actual, _ in changed],
        Actual,
        ["hours", "source", "version", "updated"],
        batch_size=BATCH,
        default_user=user,
        default_date=now,
    )
