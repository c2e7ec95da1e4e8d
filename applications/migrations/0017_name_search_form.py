"""The worklist's name search without accents (applications/names.py).

Adds ``search_name`` (surname and given names as the search compares them),
fills it for the requests there are, and on PostgreSQL serves it with a
trigram index instead of the two of migration 0016 on the names, which the
search no longer reads (the passport number's index stays).
"""

from django.db import migrations, models

from applications.names import search_form

INDEX = "application_search_name_trgm_idx"
OLD_INDEXES = {
    "application_surname_trgm_idx": "USING gin ((UPPER(surname::text)) gin_trgm_ops)",
    "application_given_names_trgm_idx": "USING gin ((UPPER(given_names::text)) gin_trgm_ops)",
}


def fill(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    batch = []
    rows = Application.objects.only("surname", "given_names").order_by("pk")
    for application in rows.iterator(chunk_size=2000):
        application.search_name = search_form(f"{application.surname} {application.given_names}")
        batch.append(application)
        if len(batch) == 2000:
            Application.objects.bulk_update(batch, ["search_name"])
            batch = []
    Application.objects.bulk_update(batch, ["search_name"])


def index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON applications_application "
        "USING gin ((search_name::text) gin_trgm_ops)"
    )
    for name in OLD_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def unindex(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    for name, definition in OLD_INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON applications_application {definition}"
        )


class Migration(migrations.Migration):
    dependencies = [("applications", "0016_name_search_trigram_indexes")]

    operations = [
        migrations.AddField(
            model_name="application",
            name="search_name",
            field=models.CharField(default="", editable=False, max_length=260),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(index, unindex),
    ]
