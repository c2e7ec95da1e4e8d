"""The worklist's search as indexes: a search that does not read the whole table.

The admin's search (``search_fields`` "surname", "given_names", "=passport_number")
asks PostgreSQL for ``UPPER(surname::text) LIKE UPPER('%term%') OR
UPPER(given_names::text) LIKE ... OR UPPER(passport_number::text) = UPPER(term)``.
A pattern with a leading wildcard is served by no B-tree index, and the OR
can use indexes only if every branch has one, so every search read every
request. GIN indexes with pg_trgm's operator class on exactly the two names'
expressions serve them for any term of three characters or more, and a B-tree
index on the passport number's expression the third branch
(tests/applications/test_name_search_index.py reads the plan). pg_trgm ships
with PostgreSQL and is a trusted extension: the database's owner may create it.

PostgreSQL only: SQLite (the embedded demo database) has neither.
"""

from django.db import migrations

INDEXES = {
    "application_surname_trgm_idx": "USING gin ((UPPER(surname::text)) gin_trgm_ops)",
    "application_given_names_trgm_idx": "USING gin ((UPPER(given_names::text)) gin_trgm_ops)",
    "application_passport_upper_idx": "((UPPER(passport_number::text)))",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, definition in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON applications_application {definition}"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    # The extension stays: other objects may use it, and it holds no data.


class Migration(migrations.Migration):
    dependencies = [("applications", "0015_kinds_passport_substitute_citizenship_certificate")]

    operations = [migrations.RunPython(create, drop)]
