"""The admin list's default order (urgency) as an index: an index scan, not a sort.

PostgreSQL only: SQLite (the embedded demo database) cannot index NULLS LAST.
"""

from django.db import migrations

INDEX = "application_urgency_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON applications_application "
            "(current_title_valid_until ASC NULLS LAST, submitted_at DESC, id DESC)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("applications", "0009_fiction_and_document_requests")]

    operations = [migrations.RunPython(create, drop)]
