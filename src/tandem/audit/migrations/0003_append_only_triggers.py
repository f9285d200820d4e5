"""Make audit_auditevent append-only: the database refuses UPDATE and DELETE (and TRUNCATE on
PostgreSQL). The SQL for each vendor lives in `tandem.audit.triggers`."""

from django.db import migrations

from tandem.audit import triggers


def install(apps, schema_editor):
    triggers.install(schema_editor.connection)


def remove(apps, schema_editor):
    triggers.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_hash_chain")]

    operations = [migrations.RunPython(install, remove)]
