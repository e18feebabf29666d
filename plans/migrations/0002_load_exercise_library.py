"""Load the exercise library (plans/data/exercises.json) so every install has it after `migrate`."""

from django.db import migrations


def load(apps, schema_editor):
    from plans.library import sync_library

    sync_library(apps.get_model("plans", "Exercise"))


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
