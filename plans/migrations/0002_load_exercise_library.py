"""Load the exercise library (plans/data/exercises.json) so every install has it after `migrate`."""

import json
from pathlib import Path

from django.db import migrations

LIBRARY = Path(__file__).resolve().parent.parent / "data" / "exercises.json"
FIELDS = ["name", "category", "modality", "suits", "target_muscles", "equipment", "instructions",
          "default_sets", "default_reps", "default_seconds"]


def load(apps, schema_editor):
    Exercise = apps.get_model("plans", "Exercise")
    entries = json.loads(LIBRARY.read_text(encoding="utf-8"))
    existing = {e.slug: e for e in Exercise.objects.filter(owner__isnull=True)}
    new, changed = [], []
    for entry in entries:
        values = {field: entry.get(field) for field in FIELDS}
        values["modality"] = values["modality"] or ""
        values["suits"] = values["suits"] or []
        if entry["slug"] in existing:
            exercise = existing[entry["slug"]]
            for field, value in values.items():
                setattr(exercise, field, value)
            changed.append(exercise)
        else:
            new.append(Exercise(slug=entry["slug"], **values))
    Exercise.objects.bulk_create(new)
    Exercise.objects.bulk_update(changed, FIELDS)


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
