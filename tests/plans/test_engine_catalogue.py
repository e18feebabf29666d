"""The exercise library (plans/data/exercises.json) is complete enough for every session the engine writes."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from plans.engine import Category, Intensity, Modality, parse_catalogue
from plans.engine.blocks import MAIN_EXERCISES, Library, stretch_groups
from plans.engine.catalogue import exercise_from_dict
from plans.engine.constants import NORDIC_SLUGS, SINGLE_LEG_SLUGS, STRETCH_AFTER_RUN_AND_CYCLING, STRETCH_ALWAYS
from plans.engine.types import SESSION_MODALITIES, TEAM_SPORTS

from .engine_support import catalogue

CATALOGUE = catalogue()
BY_SLUG = {e.slug: e for e in CATALOGUE}
LIB = Library.build(CATALOGUE)


def test_size_and_unique_slugs() -> None:
    assert len(CATALOGUE) >= 80
    assert len(BY_SLUG) == len(CATALOGUE)
    assert all(re.fullmatch(r"[a-z0-9_]+", slug) for slug in BY_SLUG)


def test_every_category_is_used() -> None:
    counts = Counter(e.category for e in CATALOGUE)
    assert set(counts) == set(Category)


def test_every_entry_is_complete() -> None:
    for e in CATALOGUE:
        assert e.name and e.equipment and e.target_muscles, e.slug
        assert e.default_sets >= 1, e.slug
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", e.instructions.strip()) if s]
        assert 1 <= len(sentences) <= 3 and e.instructions.strip().endswith("."), e.slug
        assert e.default_reps is None or e.default_reps > 0
        assert e.default_seconds is None or e.default_seconds > 0


def test_cross_training_covers_every_modality() -> None:
    modalities = {e.modality for e in CATALOGUE if e.category is Category.CROSS_TRAINING}
    assert modalities == {m for m in Modality if m.is_cross_training}


def test_stretches_hold_30_seconds_2_to_4_times_with_several_per_group() -> None:
    stretches = [e for e in CATALOGUE if e.category is Category.STRETCH]
    for e in stretches:
        assert e.default_seconds == 30 and 2 <= e.default_sets <= 4, e.slug
    for group in STRETCH_ALWAYS + STRETCH_AFTER_RUN_AND_CYCLING:
        assert sum(1 for e in stretches if group in e.target_muscles) >= 2, group
        assert sum(1 for e in stretches if e.target_muscles[0] == group) >= 2, group


def test_prevention_strength_is_there() -> None:
    assert set(BY_SLUG) >= NORDIC_SLUGS | SINGLE_LEG_SLUGS
    for slug in (
        "hip_thrust",
        "calf_raise_straight_knee",
        "calf_raise_bent_knee",
        "copenhagen_plank",
        "single_leg_bridge",
        "split_squat",
    ):
        assert BY_SLUG[slug].category is Category.STRENGTH_PREVENTION


def test_named_warmup_exercises_are_there() -> None:
    expected = {
        "leg_swings_front_back": Category.WARMUP_MOBILISE,
        "walking_lunges": Category.WARMUP_MOBILISE,
        "glute_bridge": Category.WARMUP_ACTIVATE,
        "strides": Category.WARMUP_POTENTIATE,
        "progressive_accelerations": Category.WARMUP_POTENTIATE,
        "a_skips": Category.WARMUP_POTENTIATE,
        "easy_jog": Category.WARMUP_RAISE,
    }
    assert {slug: BY_SLUG[slug].category for slug in expected} == expected


@pytest.mark.parametrize("modality", sorted(SESSION_MODALITIES))
def test_every_modality_can_be_warmed_up_cooled_down_and_stretched(modality: Modality) -> None:
    for category in (
        Category.WARMUP_RAISE,
        Category.WARMUP_ACTIVATE,
        Category.WARMUP_MOBILISE,
        Category.WARMUP_POTENTIATE,
        Category.COOLDOWN,
    ):
        assert LIB.suited(category, modality)
    assert set(stretch_groups(modality)) >= set(STRETCH_ALWAYS)


def test_main_exercises_named_by_the_generator_exist() -> None:
    for sport, roles in MAIN_EXERCISES.items():
        category = "main_team" if sport.is_team_sport else f"main_{sport}"
        for role, slugs in roles.items():
            for slug in slugs:
                assert BY_SLUG[slug].category.value == category, (sport, role, slug)
    # a triathlon's sessions are its disciplines' (plans.engine.types.DISCIPLINES)
    assert set(MAIN_EXERCISES) == {Modality.RUN, Modality.BIKE, Modality.SWIM, Modality.ROW} | TEAM_SPORTS
    assert {str(i) for i in Intensity} <= set(MAIN_EXERCISES[Modality.RUN])


def test_bad_entries_are_refused() -> None:
    good = {
        "slug": "x",
        "name": "X",
        "category": "cross_training",
        "target_muscles": ["quadriceps"],
        "equipment": "none",
        "instructions": "Do it.",
        "default_sets": 1,
        "modality": "yoga",
    }
    assert exercise_from_dict(good).modality is Modality.YOGA
    for broken in (
        {k: v for k, v in good.items() if k != "name"},
        {**good, "modality": None},
        {**good, "modality": "run"},
        {**good, "category": "stretch", "modality": None, "target_muscles": ["shoulders"]},
        {**good, "category": "nonsense"},
    ):
        with pytest.raises(ValueError):
            exercise_from_dict(broken)
    with pytest.raises(ValueError, match="unique"):
        parse_catalogue([good, good])
