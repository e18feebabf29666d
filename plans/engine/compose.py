"""One session built the engine's way, for a coach who adds or reshapes a session without giving blocks."""

from __future__ import annotations

from collections.abc import Sequence

from .blocks import (
    PLANNED_RPE,
    Library,
    Role,
    cooldown_block,
    main_block,
    min_session_minutes,
    stretching_block,
    warmup_block,
)
from .types import Exercise, Intensity, Modality, Session


def build_session(
    catalogue: Sequence[Exercise],
    *,
    title: str,
    modality: Modality,
    intensity: Intensity,
    planned_minutes: int,
    planned_rpe: int | None = None,
    variant: int = 0,
) -> Session:
    """Warm-up, main, cool-down and stretching blocks that add up to `planned_minutes`.

    ValueError names the shortest session of that kind when `planned_minutes` cannot hold the blocks.
    """
    modality, intensity = Modality(modality), Intensity(intensity)
    shortest = min_session_minutes(modality, intensity, 0)
    if planned_minutes < shortest:
        raise ValueError(
            f"A {intensity} {modality} session needs at least {shortest} minutes to hold its warm-up, "
            "cool-down and stretching."
        )
    lib = Library.build(catalogue)
    role = (
        Role.CROSS if modality.is_cross_training else (Role.QUALITY if intensity is not Intensity.EASY else Role.EASY)
    )
    warmup = warmup_block(lib, modality, intensity, variant)
    cooldown = cooldown_block(lib, modality)
    stretching = stretching_block(lib, modality, variant)
    main_minutes = planned_minutes - warmup.minutes - cooldown.minutes - stretching.minutes
    main = main_block(lib, modality, role, intensity, main_minutes, variant)
    return Session(
        title=title or main.exercises[0].name,
        modality=modality,
        intensity=intensity,
        planned_rpe=planned_rpe or PLANNED_RPE[intensity],
        blocks=(warmup, main, cooldown, stretching),
    )
