"""The exercise library as data: parsing (pure) and the one file read of the engine (load_catalogue)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .constants import STRETCH_AFTER_RUN_AND_CYCLING, STRETCH_ALWAYS
from .types import Category, Exercise, Modality

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "exercises.json"
_STRETCH_GROUPS = frozenset(STRETCH_ALWAYS + STRETCH_AFTER_RUN_AND_CYCLING)
_REQUIRED = ("slug", "name", "category", "target_muscles", "equipment", "instructions", "default_sets")


def exercise_from_dict(entry: Mapping[str, Any]) -> Exercise:
    """One catalogue entry; ValueError names the slug and the field at fault."""
    slug = entry.get("slug", "?")
    missing = [key for key in _REQUIRED if key not in entry]
    if missing:
        raise ValueError(f"exercise {slug}: missing {', '.join(missing)}")
    exercise = Exercise(
        slug=str(entry["slug"]),
        name=str(entry["name"]),
        category=Category(entry["category"]),
        target_muscles=tuple(entry["target_muscles"]),
        equipment=str(entry["equipment"]),
        instructions=str(entry["instructions"]),
        default_sets=int(entry["default_sets"]),
        default_reps=entry.get("default_reps"),
        default_seconds=entry.get("default_seconds"),
        modality=Modality(entry["modality"]) if entry.get("modality") else None,
        suits=tuple(Modality(m) for m in entry.get("suits", ())),
    )
    _check(exercise)
    return exercise


def _check(ex: Exercise) -> None:
    if ex.default_sets < 1 or not ex.target_muscles or not ex.instructions.strip():
        raise ValueError(f"exercise {ex.slug}: needs default_sets >= 1, target muscles and instructions")
    if (ex.category is Category.CROSS_TRAINING) != (ex.modality is not None):
        raise ValueError(f"exercise {ex.slug}: a modality is required on cross_training entries, and only there")
    if ex.modality is not None and not ex.modality.is_cross_training:
        raise ValueError(f"exercise {ex.slug}: {ex.modality} is not a cross-training modality")
    if ex.category is Category.STRETCH and not _STRETCH_GROUPS & set(ex.target_muscles):
        raise ValueError(f"exercise {ex.slug}: a stretch targets one of {', '.join(sorted(_STRETCH_GROUPS))}")


def parse_catalogue(entries: Iterable[Mapping[str, Any]]) -> list[Exercise]:
    exercises = [exercise_from_dict(entry) for entry in entries]
    slugs = [ex.slug for ex in exercises]
    if len(slugs) != len(set(slugs)):
        raise ValueError("exercise slugs must be unique")
    return exercises


def load_catalogue(path: str | Path | None = None) -> list[Exercise]:
    """Reads plans/data/exercises.json (or `path`): the engine's only I/O."""
    with open(path or DEFAULT_PATH, encoding="utf-8") as handle:
        return parse_catalogue(json.load(handle))
