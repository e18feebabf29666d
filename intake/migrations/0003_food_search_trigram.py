"""PostgreSQL only: pg_trgm and a GIN trigram index on Food.search_text, which serves the food search's
`search_text LIKE '%word%'` tests (and its typo fallback) from the index instead of a scan.

pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it without being superuser.
SQLite gets nothing here.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "intake_food_search_trgm"


class TrigramExtensionOnPostgres(TrigramExtension):
    """Django's CreateExtension skips other databases going forwards but not backwards (it queries pg_extension)."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON intake_food USING gin (search_text gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("intake", "0002_load_sr28_foods")]

    operations = [
        TrigramExtensionOnPostgres(),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
