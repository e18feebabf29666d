"""Sessions built or reshaped the engine's way, for a coach who adds or edits a session without giving blocks.

Pure: catalogue and sessions in, frozen sessions out. A coach's edit keeps the session's strength blocks (its
Nordic and single-leg work count for the week's hamstring rule) and moves minutes only in and out of the main block.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from .blocks import (
    MIN_MAIN_MINUTES,
    PLANNED_RPE,
    Library,
    Role,
    cooldown_block,
    main_block,
    stretching_block,
    warmup_block,
)
from .types import Block, BlockExercise, BlockKind, Exercise, Intensity, Modality, Session


class SessionTooShort(ValueError):
    """The minutes asked for cannot hold the session's blocks; the message says the shortest length and why."""

    def __init__(self, message: str, shortest_minutes: int) -> None:
        super().__init__(message)
        self.shortest_minutes = shortest_minutes


def build_session(
    catalogue: Sequence[Exercise],
    *,
    title: str,
    modality: Modality,
    intensity: Intensity,
    planned_minutes: int,
    planned_rpe: int | None = None,
    variant: int = 0,
    strength: Sequence[Block] = (),
) -> Session:
    """Warm-up, main, `strength`, cool-down and stretching blocks that add up to `planned_minutes`.

    SessionTooShort names the shortest session of that kind when `planned_minutes` cannot hold the blocks.
    """
    modality, intensity = Modality(modality), Intensity(intensity)
    lib = Library.build(catalogue)
    role = (
        Role.CROSS if modality.is_cross_training else (Role.QUALITY if intensity is not Intensity.EASY else Role.EASY)
    )
    warmup = warmup_block(lib, modality, intensity, variant)
    cooldown = cooldown_block(lib, modality)
    stretching = stretching_block(lib, modality, variant)
    fixed = (warmup, *strength, cooldown, stretching)
    main_minutes = planned_minutes - sum(block.minutes for block in fixed)
    min_main_minutes = MIN_MAIN_MINUTES[intensity]
    if main_minutes < min_main_minutes:
        placeholder = Block(BlockKind.MAIN, 0)  # where the main block would go, for the sentence's order
        shape = (warmup, placeholder, *strength, cooldown, stretching)
        raise _too_short(planned_minutes, _label(modality, intensity), shape, min_main_minutes)
    main = main_block(lib, modality, role, intensity, main_minutes, variant)
    return Session(
        title=title or main.exercises[0].name,
        modality=modality,
        intensity=intensity,
        planned_rpe=planned_rpe or PLANNED_RPE[intensity],
        blocks=(warmup, main, *strength, cooldown, stretching),
    )


def reshape_session(
    catalogue: Sequence[Exercise],
    session: Session,
    *,
    modality: Modality,
    intensity: Intensity,
    planned_minutes: int | None = None,
    planned_rpe: int | None = None,
    title: str | None = None,
    variant: int = 0,
) -> Session:
    """The session as another modality or intensity: warm-up, main, cool-down and stretching rebuilt for it, its
    strength blocks kept as they are, the main block taking what is left of `planned_minutes` (by default the
    session's own minutes).

    A title the engine gave (the old main exercise's name) follows the new main exercise; a coach's title stays.
    The planned RPE stays while the intensity does. SessionTooShort when the minutes cannot hold the blocks.
    """
    intensity = Intensity(intensity)
    strength = tuple(block for block in session.blocks if block.kind is BlockKind.STRENGTH)
    minutes = session.planned_minutes if planned_minutes is None else planned_minutes
    kept_rpe = session.planned_rpe if intensity is session.intensity else None
    return build_session(
        catalogue,
        title=title or ("" if session.title in _main_names(session) else session.title),
        modality=modality,
        intensity=intensity,
        planned_minutes=minutes,
        planned_rpe=planned_rpe or kept_rpe,
        variant=variant,
        strength=strength,
    )


def resize_session(session: Session, planned_minutes: int) -> Session:
    """The session at `planned_minutes`: only its main block grows or shrinks; warm-up, strength, cool-down and
    stretching stay exactly as they are.

    SessionTooShort when the other blocks and the shortest main block do not fit; ValueError when the session has
    no main block to resize.
    """
    if planned_minutes == session.planned_minutes:
        return session  # nothing to move: a session stored under older minimums is not refused for being resent
    mains = [i for i, block in enumerate(session.blocks) if block.kind is BlockKind.MAIN]
    if not mains:
        raise ValueError("This session has no main block to lengthen or shorten; send its blocks instead.")
    main_minutes = planned_minutes - sum(b.minutes for b in session.blocks if b.kind is not BlockKind.MAIN)
    # every main block keeps at least a minute, so a coach's split main work cannot fall under one per block
    min_main_minutes = max(MIN_MAIN_MINUTES[session.intensity], len(mains))
    if main_minutes < min_main_minutes:
        label = _label(session.modality, session.intensity)
        raise _too_short(planned_minutes, label, session.blocks, min_main_minutes)
    blocks = list(session.blocks)
    for i, minutes in zip(mains, _spread([blocks[i].minutes for i in mains], main_minutes), strict=True):
        blocks[i] = _main_resized(blocks[i], minutes)
    return dataclasses.replace(session, blocks=tuple(blocks))


def _spread(minutes: list[int], total_minutes: int) -> list[int]:
    """Main-block minutes adding up to `total_minutes`: added minutes go to the first main block; cut minutes come
    from the last ones first, each keeping at least one."""
    out = list(minutes)
    change = total_minutes - sum(out)
    if change >= 0:
        out[0] += change
        return out
    for i in reversed(range(len(out))):
        cut = min(-change, out[i] - 1)
        out[i], change = out[i] - cut, change + cut
    return out


def _main_resized(block: Block, minutes: int) -> Block:
    return Block(block.kind, minutes, tuple(_exercise_resized(ex, block.minutes, minutes) for ex in block.exercises))


def _exercise_resized(exercise: BlockExercise, old_minutes: int, minutes: int) -> BlockExercise:
    """Work timed to the whole block follows its length; repeats that no longer fit (equal recoveries) lose sets."""
    if exercise.seconds == old_minutes * 60:
        return dataclasses.replace(exercise, seconds=minutes * 60)
    if exercise.seconds and exercise.sets > 1:
        sets = min(exercise.sets, max(1, minutes * 60 // (2 * exercise.seconds)))
        # main_block's note names the block's length ("Keep the rest of the 20 min easy.")
        notes = exercise.notes.replace(f"the {old_minutes} min", f"the {minutes} min")
        return dataclasses.replace(exercise, sets=sets, notes=notes)
    return exercise


def _main_names(session: Session) -> set[str]:
    return {ex.name for block in session.blocks if block.kind is BlockKind.MAIN for ex in block.exercises[:1]}


def _label(modality: Modality, intensity: Intensity) -> str:
    return f"{intensity} {modality.replace('_', ' ')} session"


_PART_WORDS = {
    BlockKind.WARMUP: "{} minutes of warm-up",
    BlockKind.MAIN: "a main block of at least {} minutes",
    BlockKind.STRENGTH: "{} minutes of strength work",
    BlockKind.COOLDOWN: "{} minutes of cool-down",
    BlockKind.STRETCHING: "{} minutes of stretching",
}


def _too_short(minutes: int, label: str, blocks: Sequence[Block], min_main_minutes: int) -> SessionTooShort:
    """The refusal, listing in session order what the shortest session holds; main blocks count at their minimum."""
    needed: dict[BlockKind, int] = {}
    for block in blocks:
        needed[block.kind] = needed.get(block.kind, 0) + block.minutes
    needed[BlockKind.MAIN] = min_main_minutes
    shortest = sum(needed.values())
    parts = [_PART_WORDS[kind].format(n) for kind, n in needed.items() if n]
    listed = ", ".join(parts[:-1]) + f" and {parts[-1]}" if len(parts) > 1 else parts[0]
    message = f"{minutes} minutes is too short for this {label}: it needs at least {shortest} minutes, for {listed}."
    return SessionTooShort(message, shortest)
