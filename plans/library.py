"""The exercise library shipped as data (plans/data/exercises.json), synced into the Exercise table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

LIBRARY = Path(__file__).resolve().parent / "data" / "exercises.json"
FIELDS = [
    "name", "category", "modality", "suits", "target_muscles", "equipment", "instructions", "default_sets",
    "default_reps", "default_seconds",
]  # fmt: skip


def sync_library(exercise_model: Any) -> int:
    """Insert or update every library exercise (owner empty); takes the model so migrations can pass theirs."""
    entries = json.loads(LIBRARY.read_text(encoding="utf-8"))
    # a migration's historical model knows the categories of its time: later ones load with a later migration
    allowed = {value for value, _ in exercise_model._meta.get_field("category").choices}
    entries = [entry for entry in entries if entry["category"] in allowed]
    existing = {e.slug: e for e in exercise_model.objects.filter(owner__isnull=True)}
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
            new.append(exercise_model(slug=entry["slug"], **values))
    exercise_model.objects.bulk_create(new)
    exercise_model.objects.bulk_update(changed, FIELDS)
    return len(new) + len(changed)
