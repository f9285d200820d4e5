"""The audit log is append-only in the database, and its hash chain shows tampering."""

import importlib
import itertools
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from tandem.audit import triggers
from tandem.audit.models import AuditEvent
from tandem.audit.services import audit_record
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(admin):
    """Three chained events (on top of the personas' role events)."""
    return [
        audit_record(action="token_create", by=admin, target="admin", detail={"prefix": "tdm_a"}),
        audit_record(action="login_failed", target="mallory", address="10.0.0.9"),
        audit_record(action="export", by=admin, target="initiatives.csv", detail={"rows": 3}),
    ]


def _refused(write) -> str:
    """Run `write` in a savepoint; return the database's refusal."""
    with pytest.raises(IntegrityError) as err, transaction.atomic():
        write()
    return str(err.value)


def _snapshot():
    return list(AuditEvent.objects.order_by("id").values_list("id", "action", "target", "hash"))


def _raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _check_constraints_now():
    """PostgreSQL refuses TRUNCATE while the test's own deferred foreign-key checks wait."""
    if connection.vendor == "postgresql":
        _raw("SET CONSTRAINTS ALL IMMEDIATE")


def test_orm_update_and_delete_are_refused(events):
    """save(), QuerySet.update() and delete() on an event are refused by the database."""
    before = _snapshot()
    event = events[1]
    event.target = "someone else"
    refusals = [
        _refused(event.save),
        _refused(lambda: AuditEvent.objects.filter(pk=event.pk).update(target="x")),
        _refused(event.delete),
        _refused(lambda: AuditEvent.objects.all().delete()),
    ]
    assert all("audit_auditevent is append-only" in message for message in refusals), refusals
    assert _snapshot() == before


def test_raw_sql_update_and_delete_are_refused(events):
    """Raw UPDATE and DELETE statements are refused too: the rule lives in the database."""
    before = _snapshot()
    update = _refused(
        lambda: _raw("UPDATE audit_auditevent SET target = 'x' WHERE id = %s", [events[0].pk])
    )
    delete = _refused(lambda: _raw("DELETE FROM audit_auditevent"))
    assert "UPDATE refused" in update
    assert "DELETE refused" in delete
    assert _snapshot() == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_truncate_is_refused_on_postgresql(events):
    """TRUNCATE, which skips row triggers, has its own refusal on PostgreSQL."""
    _check_constraints_now()
    assert "TRUNCATE refused" in _refused(lambda: _raw("TRUNCATE audit_auditevent"))
    assert AuditEvent.objects.count() == len(_snapshot())


def test_inserting_is_still_allowed(events):
    """Appending works: that is the one write the log accepts."""
    count = AuditEvent.objects.count()
    audit_record(action="logout", target="admin")
    assert AuditEvent.objects.count() == count + 1


def test_user_with_events_cannot_be_deleted(events, admin):
    """Deleting a user would rewrite their events, so it is refused; deactivate them instead."""
    with pytest.raises(ProtectedError), transaction.atomic():
        admin.delete()
    assert AuditEvent.objects.filter(actor=admin).count() >= 2
    UserFactory(username="nobody-audited").delete()  # users without events still can be


def test_events_are_chained_by_hash(events):
    """Each event stores its predecessor's hash; the first one starts from nothing."""
    chain = list(AuditEvent.objects.order_by("id"))
    assert chain[0].prev_hash == ""
    for previous, event in itertools.pairwise(chain):
        assert event.prev_hash == previous.hash
        assert len(event.hash) == 64


def _verify() -> str:
    out = StringIO()
    call_command("verify_audit_chain", stdout=out)
    return out.getvalue().strip()


def test_verify_audit_chain_reports_ok(events):
    """An untouched log verifies, counting every event."""
    assert _verify() == f"Audit chain OK: {AuditEvent.objects.count()} events."


@pytest.fixture
def without_triggers():
    """Lift the triggers the way an attacker with database access could (restored after)."""
    triggers.remove(connection)
    yield
    triggers.install(connection)


def test_verify_audit_chain_finds_an_edited_event(events, without_triggers):
    """An event changed behind the triggers' back is reported by id."""
    _raw("UPDATE audit_auditevent SET target = 'nobody' WHERE id = %s", [events[1].pk])
    with pytest.raises(CommandError) as err:
        _verify()
    assert str(err.value).startswith(
        f"Audit chain broken at event {events[1].pk}: its fields do not match its hash"
    )


def test_verify_audit_chain_finds_a_removed_event(events, without_triggers):
    """Removing an event breaks the link of the one after it."""
    _raw("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    with pytest.raises(CommandError, match=f"broken at event {events[2].pk}: its prev_hash"):
        _verify()


def test_verify_audit_chain_finds_a_forged_row(events):
    """A row inserted by raw SQL (the triggers allow inserts) cannot forge the chain."""
    _raw(
        "INSERT INTO audit_auditevent (at, action, target, detail, prev_hash, hash) "
        "VALUES (%s, 'role_set', 'mallory', '{}', %s, %s)",
        [events[-1].at, events[-1].hash, "0" * 64],
    )
    forged = AuditEvent.objects.order_by("-id").first()
    assert forged.target == "mallory"
    with pytest.raises(CommandError, match=f"broken at event {forged.pk}: its fields"):
        _verify()


def test_flush_empties_the_log_and_keeps_it_append_only(events):
    """`tandem flush` (wiping the whole database) clears the log; the triggers come back."""
    _check_constraints_now()
    call_command("flush", interactive=False, verbosity=0)
    assert AuditEvent.objects.count() == 0
    event = audit_record(action="login_failed", target="after-flush")
    assert "append-only" in _refused(event.delete)


def test_migration_backfills_the_chain_of_older_events(db, without_triggers):
    """Events recorded before the chain existed are chained in id order by the migration."""
    for target in ("a", "b"):
        _raw(
            "INSERT INTO audit_auditevent (at, action, target, detail, prev_hash, hash) "
            "VALUES (CURRENT_TIMESTAMP, 'login', %s, '{}', '', '')",
            [target],
        )
    migration = importlib.import_module("tandem.audit.migrations.0002_hash_chain")
    migration.backfill_chain(apps, None)
    assert _verify().startswith("Audit chain OK")
