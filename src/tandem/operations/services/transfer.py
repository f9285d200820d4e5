"""Transfer: copy every row of this installation's database into another (SQLite → PostgreSQL)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from typing import Any

import environ
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from tandem.audit.services import audit_record
from tandem.core.errors import Conflict, RuleViolation
from tandem.operations import selectors
from tandem.operations.services import support
from tandem.operations.services.support import Progress


def database_transfer(
    *, target_url: str, force: bool = False, progress: Progress | None = None
) -> dict[str, Any]:
    """Copy every row of this installation's database into the database at `target_url`.

    The target is migrated to this code's state, filled in one transaction with the same
    primary keys, its sequences reset, and checked against the source's canonical digest. The
    `transfer` audit event is recorded in the source first, so both hold it. RuleViolation for
    a bad URL, an unmigrated source or a differing result; Conflict if the target holds data
    and `force` is false.
    """
    say = progress or support.quiet
    config = _target_config(target_url)
    missing, extra = selectors.migrations_mismatch(selectors.migrations_applied())
    if missing or extra:
        raise RuleViolation(
            "This database is not at this code's migration state; run `tandem migrate` first.",
            code=support.DATABASE_NOT_MIGRATED,
        )
    started = time.perf_counter()
    shown = support.redacted(target_url)
    with support.extra_database(support.TRANSFER_ALIAS, config) as alias:
        if not force and selectors.database_has_data(using=alias):
            raise Conflict(
                f"The target database {shown} already holds data; transfer into an empty "
                "database, or add --force to replace its contents.",
                code=support.DATABASE_NOT_EMPTY,
                field="force",
            )
        say(f"Migrating the target database {shown}…")
        _migrate_elsewhere(target_url)
        audit_record(action="transfer", target=shown)
        say("Copying rows…")
        with transaction.atomic(), transaction.atomic(using=alias):
            source_digest = selectors.canonical_digest()  # the snapshot the copy reads
            rows = _copy_rows(DEFAULT_DB_ALIAS, alias, say)
        target_digest = selectors.canonical_digest(using=alias)
    if target_digest != source_digest:
        raise RuleViolation(
            "The target's data differs from the source after the copy (canonical sha256 "
            f"{target_digest['sha256']} instead of {source_digest['sha256']}).",
            code=support.RESTORE_VERIFY_FAILED,
        )
    say(f"Checked: canonical dumps identical (sha256 {source_digest['sha256'][:16]}…).")
    return {
        "target": shown,
        "rows": rows,
        "canonical": source_digest,
        "seconds": round(time.perf_counter() - started, 2),
    }


def _target_config(url: str) -> dict[str, Any]:
    """Django database settings for `url`; RuleViolation if unsupported or the source itself."""
    try:
        config = environ.Env.db_url_config(url)
    except Exception as err:  # django-environ raises several types for a bad URL
        raise RuleViolation(
            f"{support.redacted(url)} is not a database URL ({err}).",
            code=support.TRANSFER_TARGET_INVALID,
            field="to",
        ) from err
    engines = {"django.db.backends.postgresql", "django.db.backends.sqlite3"}
    if config.get("ENGINE") not in engines:
        raise RuleViolation(
            "The target must be a postgres:// (or sqlite:///) URL.",
            code=support.TRANSFER_TARGET_INVALID,
            field="to",
        )
    source = connections[DEFAULT_DB_ALIAS].settings_dict
    same = ("ENGINE", "NAME", "HOST", "PORT")
    if all(str(config.get(k) or "") == str(source.get(k) or "") for k in same):
        raise RuleViolation(
            "The target is this installation's own database; name another one.",
            code=support.TRANSFER_TARGET_INVALID,
            field="to",
        )
    return config


def _migrate_elsewhere(url: str) -> None:
    """Run `tandem migrate` with `url` as the default database, in a child process.

    A child process rather than `migrate --database`, because data migrations written for the
    default database (`apps.get_model(...).objects`) would otherwise touch the source.
    """
    result = subprocess.run(
        [sys.executable, "-m", "tandem.cli", "migrate", "--no-input"],
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuleViolation(
            f"Migrating the target database failed: {result.stderr.strip()[-2000:]}",
            code=support.TRANSFER_TARGET_INVALID,
            field="to",
        )


def _copy_rows(source: str, target: str, say: Progress) -> int:
    """Empty `target`'s tables and copy every row of `source` into them; return the row count.

    Foreign keys are checked at commit (Django creates them deferrable), so tables go in any
    order. Rows are inserted as stored: ids, `auto_now` values and the audit chain unchanged.
    """
    connection = connections[target]
    models = selectors.stored_models(using=source)
    if any(m._base_manager.using(target).exists() for m in models):
        # `flush` (audit's version) lifts the append-only triggers while it empties the tables
        call_command(
            "flush", database=target, interactive=False, inhibit_post_migrate=True, verbosity=0
        )
    total = 0
    with connection.cursor() as cursor:
        for model in models:
            copied = _copy_model(model, source, cursor, connection)
            if copied:
                say(f"  {model._meta.label_lower:<40} {copied:>7,}")
            total += copied
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
    return total


def _copy_model(model: Any, source: str, cursor: Any, connection: Any) -> int:
    """Insert every row of `model` from `source` through `cursor`; return how many."""
    fields = model._meta.concrete_fields
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from model metadata
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    rows = (
        model._base_manager.using(source)
        .order_by("pk")
        .values_list(*(f.attname for f in fields))
        .iterator(chunk_size=selectors.CHUNK)
    )
    count = 0
    for chunk in support.chunks(rows, selectors.CHUNK):
        params = [
            [f.get_db_prep_save(v, connection=connection) for f, v in zip(fields, row, strict=True)]
            for row in chunk
        ]
        cursor.executemany(sql, params)
        count += len(params)
    return count
