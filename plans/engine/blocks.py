"""Builds the blocks of one session from the exercise catalogue: warm-up (RAMP), main, strength,
cool-down and stretching. Pure: exercises in, frozen blocks out."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from .constants import (
    COOLDOWN_MIN_MINUTES,
    FIFA_11_MINUTES,
    MIN_MAIN_BLOCK_MINUTES,
    RAISE_MINUTES,
    STRETCH_AFTER_RUN_AND_CYCLING,
    STRETCH_ALWAYS,
    STRETCH_FULL_MODALITIES,
    STRETCH_HOLD_SECONDS,
    STRETCH_HOLDS,
    WARMUP_MIN_MINUTES,
    WARMUP_MIN_MINUTES_HARD,
)
from .limits import NordicDose
from .types import TEAM_SPORTS, Block, BlockExercise, BlockKind, Category, Exercise, Intensity, Level, Modality


class Role(StrEnum):
    """What a session does in the week (generator vocabulary, not stored)."""

    LONG = "long"
    EASY = "easy"
    QUALITY = "quality"
    CROSS = "cross"


# Generator choice: warm-up length by intensity (the rules ask >= 10, >= 15 before hard).
WARMUP_MINUTES = {Intensity.EASY: WARMUP_MIN_MINUTES, Intensity.MODERATE: 12, Intensity.HARD: WARMUP_MIN_MINUTES_HARD}
# Shortest main block: 15 minutes (docs/domain.md section 1, "Session length"); quality sessions need room for
# their repeats (generator choice).
MIN_MAIN_MINUTES = {Intensity.EASY: MIN_MAIN_BLOCK_MINUTES, Intensity.MODERATE: 20, Intensity.HARD: 20}
# Generator choice: planned RPE inside each docs/domain.md section 1 band (easy 2-4, moderate 5-6, hard 7-9).
PLANNED_RPE = {Intensity.EASY: 3, Intensity.MODERATE: 5, Intensity.HARD: 7}
LONG_SESSION_RPE = 4
# Generator choice: minutes a strength block takes.
NORDIC_MINUTES = {2: 5, 3: 8}
SINGLE_LEG_MINUTES = 8
STRETCH_MINUTES_EACH = 2  # 2 holds of 30 s, each side

# Main exercises by sport and role (generator choice); the first of a tuple is the default, the rest rotate.
MAIN_EXERCISES: Mapping[Modality, Mapping[str, tuple[str, ...]]] = {
    Modality.RUN: {
        "long": ("long_run",),
        "easy": ("easy_run",),
        "moderate": ("tempo_run", "fartlek"),
        "hard": ("run_intervals", "hill_repeats"),
    },
    Modality.BIKE: {
        "long": ("long_ride",),
        "easy": ("endurance_ride",),
        "moderate": ("bike_tempo",),
        "hard": ("bike_vo2_intervals", "bike_threshold_intervals"),
    },
    Modality.SWIM: {
        "long": ("long_swim",),
        "easy": ("aerobic_swim",),
        "moderate": ("swim_technique_drills",),
        "hard": ("swim_threshold_100s", "swim_sprint_50s"),
    },
    Modality.ROW: {
        "long": ("long_row",),
        "easy": ("steady_row",),
        "moderate": ("row_tempo", "row_rate_pyramid"),
        "hard": ("row_500m_repeats",),
    },
    **{sport: dict.fromkeys(("long", "easy", "moderate", "hard"), ("team_practice",)) for sport in TEAM_SPORTS},
}
_MAIN_CATEGORY = {
    Modality.RUN: Category.MAIN_RUN,
    Modality.BIKE: Category.MAIN_BIKE,
    Modality.SWIM: Category.MAIN_SWIM,
    Modality.ROW: Category.MAIN_ROW,
    Modality.STRENGTH: Category.MAIN_STRENGTH,
    # a team sport's own session is the team's practice (or match): plans.engine.team
    **dict.fromkeys(TEAM_SPORTS, Category.MAIN_TEAM),
}
NORDIC_FULL = "nordic_hamstring_curl"
NORDIC_ASSISTED = "nordic_hamstring_curl_assisted"
# Novices start with the band-assisted regression for the first four weeks of the progression.
NORDIC_ASSISTED_WEEKS = 4
SINGLE_LEG_PAIRS = (
    ("single_leg_romanian_deadlift", "split_squat"),
    ("single_leg_bridge", "single_leg_romanian_deadlift"),
    ("split_squat", "single_leg_bridge"),
)


@dataclass(frozen=True, slots=True)
class Library:
    """The catalogue indexed for the generator: every lookup a session makes is one dict access, the indexes
    built once per catalogue (Library.build memoises them), never filtered again week after week."""

    by_slug: Mapping[str, Exercise]
    by_category: Mapping[Category, tuple[Exercise, ...]]
    # (category, modality) -> the exercises of that category that fit the modality, in catalogue order
    by_fit: Mapping[tuple[Category, Modality], tuple[Exercise, ...]] = field(default_factory=dict)
    # cross-training modality -> its exercises, in catalogue order
    by_cross_modality: Mapping[Modality, tuple[Exercise, ...]] = field(default_factory=dict)
    # muscle group -> the stretches that name it first (their main target), in catalogue order
    by_stretch_group: Mapping[str, tuple[Exercise, ...]] = field(default_factory=dict)
    # blocks made from the library and a few arguments (Library.block): frozen values, so one object serves every
    # session that asks for the same block
    blocks: dict[tuple[object, ...], Block] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def build(cls, catalogue: Iterable[Exercise]) -> Library:
        """The library of `catalogue`, the same object again for the same exercises (see _LIBRARIES)."""
        exercises = tuple(catalogue)
        key = id(catalogue)
        found = _LIBRARIES.get(key)
        if found is not None and found[0] == exercises:
            return found[1]
        library = cls._index(exercises)
        if len(_LIBRARIES) >= _LIBRARIES_KEPT:
            del _LIBRARIES[next(iter(_LIBRARIES))]  # the oldest: a few catalogues are live at once, never many
        _LIBRARIES[key] = (exercises, library)
        return library

    @classmethod
    def _index(cls, exercises: tuple[Exercise, ...]) -> Library:
        by_slug: dict[str, Exercise] = {}
        by_category: dict[Category, list[Exercise]] = {}
        by_cross: dict[Modality, list[Exercise]] = {}
        by_group: dict[str, list[Exercise]] = {}
        for exercise in exercises:
            by_slug[exercise.slug] = exercise
            by_category.setdefault(exercise.category, []).append(exercise)
            if exercise.category is Category.CROSS_TRAINING and exercise.modality is not None:
                by_cross.setdefault(exercise.modality, []).append(exercise)
            if exercise.category is Category.STRETCH and exercise.target_muscles:
                by_group.setdefault(exercise.target_muscles[0], []).append(exercise)
        by_fit = {
            (category, modality): fitting
            for category, items in by_category.items()
            for modality in Modality
            if (fitting := tuple(ex for ex in items if ex.fits(modality)))
        }
        return cls(
            by_slug,
            {category: tuple(items) for category, items in by_category.items()},
            by_fit,
            {modality: tuple(items) for modality, items in by_cross.items()},
            {group: tuple(items) for group, items in by_group.items()},
        )

    def suited(self, category: Category, modality: Modality) -> tuple[Exercise, ...]:
        options = self.by_fit.get((category, modality))
        if not options:
            raise ValueError(f"the exercise library has no {category} exercise for {modality}")
        return options

    def rotate(self, category: Category, modality: Modality, variant: int) -> Exercise:
        options = self.suited(category, modality)
        return options[variant % len(options)]

    def most_specific(self, category: Category, modality: Modality) -> Exercise:
        # sport-specific raise and cool-down first: an easy jog before a run, an easy swim before a swim
        return min(self.suited(category, modality), key=lambda ex: len(ex.suits) or 99)

    def slug_or_first(self, slug: str, category: Category) -> Exercise:
        exercise = self.by_slug.get(slug)
        if exercise is not None:
            return exercise
        fallback = self.by_category.get(category)
        if not fallback:
            raise ValueError(f"the exercise library has no {slug} and no {category} exercise")
        return fallback[0]

    def cross_exercise(self, modality: Modality, variant: int) -> Exercise:
        options = self.by_cross_modality.get(modality)
        if not options:
            raise ValueError(f"the exercise library has no cross_training exercise for {modality}")
        return options[variant % len(options)]

    def block(self, make: Callable[..., Block], *args: Hashable) -> Block:
        """make(self, *args), built once per (make, args): `make` reads nothing but the library and its args."""
        key = (make, *args)
        found = self.blocks.get(key)
        if found is None:
            if len(self.blocks) >= _BLOCKS_KEPT:
                self.blocks.clear()  # variants grow with the week's number: bound the memo, never the result
            found = self.blocks[key] = make(self, *args)
        return found


# Library.build's memo: id of the catalogue passed -> (its exercises when indexed, the library). The exercises are
# compared on every call (tuple equality, identity first, so a hit costs one pass over the catalogue): a list
# changed in place, or a new list that reuses a freed id, is indexed afresh.
_LIBRARIES: dict[int, tuple[tuple[Exercise, ...], Library]] = {}
_LIBRARIES_KEPT = 8
_BLOCKS_KEPT = 4096


def prescribe(
    exercise: Exercise,
    *,
    sets: int | None = None,
    reps: int | None = None,
    seconds: int | None = None,
    notes: str = "",
) -> BlockExercise:
    """A catalogue exercise as it appears in a block, with the catalogue defaults unless overridden."""
    return BlockExercise(
        name=exercise.name,
        sets=sets if sets is not None else exercise.default_sets,
        reps=reps if reps is not None else exercise.default_reps,
        seconds=seconds if seconds is not None else exercise.default_seconds,
        notes=notes,
        slug=exercise.slug,
        category=exercise.category,
        target_muscles=exercise.target_muscles,
    )


def stretch_groups(modality: Modality) -> tuple[str, ...]:
    # docs/domain.md section 1: always hamstrings and calves; quads, hip flexors, glutes after running and cycling
    if modality in STRETCH_FULL_MODALITIES:
        return STRETCH_ALWAYS + STRETCH_AFTER_RUN_AND_CYCLING
    return STRETCH_ALWAYS


def strength_minutes(dose: NordicDose | None, single_leg: bool) -> int:
    nordic = NORDIC_MINUTES.get(dose.sets, max(NORDIC_MINUTES.values())) if dose else 0
    return nordic + (SINGLE_LEG_MINUTES if single_leg else 0)


def overhead_minutes(modality: Modality, intensity: Intensity, strength: int) -> int:
    """Every minute of a session that is not its main block."""
    stretching = STRETCH_MINUTES_EACH * len(stretch_groups(modality))
    return WARMUP_MINUTES[intensity] + strength + COOLDOWN_MIN_MINUTES + stretching


@lru_cache(maxsize=1024)  # a few modalities x 3 intensities x a few strength figures, asked all through a layout
def min_session_minutes(modality: Modality, intensity: Intensity, strength: int) -> int:
    return overhead_minutes(modality, intensity, strength) + MIN_MAIN_MINUTES[intensity]


def warmup_block(lib: Library, modality: Modality, intensity: Intensity, variant: int) -> Block:
    """RAMP (docs/domain.md section 1): raise, activate and mobilise, potentiate; more of it before hard work."""
    return lib.block(_warmup_block, modality, intensity, variant)


def _warmup_block(lib: Library, modality: Modality, intensity: Intensity, variant: int) -> Block:
    hard = intensity == Intensity.HARD  # ==, not is: the memo's key does not tell "hard" from Intensity.HARD
    raise_ex = lib.most_specific(Category.WARMUP_RAISE, modality)
    exercises = [
        prescribe(raise_ex, sets=1, reps=None, seconds=RAISE_MINUTES * 60, notes="Easy, conversational effort."),
        prescribe(lib.rotate(Category.WARMUP_ACTIVATE, modality, variant)),
        prescribe(lib.rotate(Category.WARMUP_MOBILISE, modality, variant)),
    ]
    if hard:
        exercises.append(prescribe(lib.rotate(Category.WARMUP_MOBILISE, modality, variant + 1)))
    potentiate = lib.suited(Category.WARMUP_POTENTIATE, modality)
    for offset in range(2 if hard and len(potentiate) > 1 else 1):
        exercises.append(prescribe(potentiate[(variant + offset) % len(potentiate)]))
    return Block(BlockKind.WARMUP, WARMUP_MINUTES[intensity], tuple(exercises))


FIFA_11_PREFIX = "fifa11_"
# FIFA 11+ (Soligard et al., BMJ 2008): part 1 running (raise and mobilise in our catalogue's words), part 2
# strength, plyometrics and balance (activate), part 3 running (potentiate). Before a match only the running parts
# are done, as the programme's manual asks: part 2 belongs to training.
_FIFA_PARTS = (Category.WARMUP_RAISE, Category.WARMUP_MOBILISE, Category.WARMUP_ACTIVATE, Category.WARMUP_POTENTIATE)
_FIFA_MATCH_PARTS = (Category.WARMUP_RAISE, Category.WARMUP_MOBILISE, Category.WARMUP_POTENTIATE)


def fifa11_block(lib: Library, modality: Modality, *, match: bool = False) -> Block:
    """The FIFA 11+ warm-up before a team's practice or match (docs/domain.md section 11), its parts in order, about 20
    minutes. Its short partner hamstring set (part 2) is the warm-up's own, not the week's Nordic work."""
    parts = _FIFA_MATCH_PARTS if match else _FIFA_PARTS
    exercises = [
        prescribe(ex) for part in parts for ex in lib.suited(part, modality) if ex.slug.startswith(FIFA_11_PREFIX)
    ]
    if not exercises:
        raise ValueError(f"the exercise library has no FIFA 11+ exercises for {modality}")
    return Block(BlockKind.WARMUP, FIFA_11_MINUTES, tuple(exercises))


def event_main_block(lib: Library, match: bool, minutes: int, title: str) -> Block:
    """The main block of a fixed practice or match: the team's own session, as long as the team says."""
    exercise = lib.slug_or_first("team_match" if match else "team_practice", Category.MAIN_TEAM)
    notes = title if title and title != exercise.name else ""
    return Block(BlockKind.MAIN, minutes, (prescribe(exercise, sets=1, reps=None, seconds=minutes * 60, notes=notes),))


def _main_exercise(lib: Library, modality: Modality, role: Role, intensity: Intensity, variant: int) -> Exercise:
    if role == Role.CROSS:
        return lib.cross_exercise(modality, variant)
    key = "long" if role == Role.LONG else str(intensity)
    slugs = MAIN_EXERCISES.get(modality, {}).get(key) or ("",)
    return lib.slug_or_first(slugs[variant % len(slugs)], _MAIN_CATEGORY[modality])


_EFFORT_NOTES = {
    Intensity.EASY: "Easy, conversational effort (RPE 2-4).",
    Intensity.MODERATE: "Steady, comfortably hard effort (RPE 5-6).",
    Intensity.HARD: "Hard repeats (RPE 7-9) with easy recoveries; stop if form falls apart.",
}


def main_block(lib: Library, modality: Modality, role: Role, intensity: Intensity, minutes: int, variant: int) -> Block:
    if type(minutes) is not int:
        # the block writes `minutes` out, and 30.0 would find the memo's 30: only whole ints are memoised
        return _main_block(lib, modality, role, intensity, minutes, variant)
    return lib.block(_main_block, modality, role, intensity, minutes, variant)


def _main_block(
    lib: Library, modality: Modality, role: Role, intensity: Intensity, minutes: int, variant: int
) -> Block:
    exercise = _main_exercise(lib, modality, role, intensity, variant)
    note = _EFFORT_NOTES[intensity]
    # == rather than is, here and below: the memo's key does not tell a plain "easy" from Intensity.EASY
    repeats = exercise.default_sets > 1 and exercise.default_seconds and intensity != Intensity.EASY
    if repeats:
        # repeats with equal recoveries must fit the block; the rest of the block is easy
        fit = max(1, (minutes * 60) // (2 * exercise.default_seconds))
        sets = min(exercise.default_sets, fit)
        prescribed = prescribe(exercise, sets=sets, notes=f"{note} Keep the rest of the {minutes} min easy.")
    else:
        prescribed = prescribe(exercise, sets=1, reps=None, seconds=minutes * 60, notes=note)
    return Block(BlockKind.MAIN, minutes, (prescribed,))


def strength_block(
    lib: Library, dose: NordicDose | None, single_leg: bool, level: Level, nordic_week: int, variant: int
) -> Block:
    return lib.block(_strength_block, dose, single_leg, level, nordic_week, variant)


def _strength_block(
    lib: Library, dose: NordicDose | None, single_leg: bool, level: Level, nordic_week: int, variant: int
) -> Block:
    exercises = []
    if dose is not None:
        assisted = level == Level.NOVICE and nordic_week <= NORDIC_ASSISTED_WEEKS
        nordic = lib.slug_or_first(NORDIC_ASSISTED if assisted else NORDIC_FULL, Category.STRENGTH_PREVENTION)
        notes = f"{dose.label}. Lower as slowly as you can; stop the set when you can no longer control the descent."
        exercises.append(prescribe(nordic, sets=dose.sets, reps=dose.reps, seconds=None, notes=notes))
    if single_leg:
        for slug in SINGLE_LEG_PAIRS[variant % len(SINGLE_LEG_PAIRS)]:
            exercise = lib.slug_or_first(slug, Category.STRENGTH_PREVENTION)
            exercises.append(prescribe(exercise, notes="Each leg; start with the weaker side and match its reps."))
    return Block(BlockKind.STRENGTH, strength_minutes(dose, single_leg), tuple(exercises))


def cooldown_block(lib: Library, modality: Modality) -> Block:
    return lib.block(_cooldown_block, modality)


def _cooldown_block(lib: Library, modality: Modality) -> Block:
    exercise = lib.most_specific(Category.COOLDOWN, modality)
    prescribed = prescribe(exercise, sets=1, reps=None, seconds=COOLDOWN_MIN_MINUTES * 60)
    return Block(BlockKind.COOLDOWN, COOLDOWN_MIN_MINUTES, (prescribed,))


def _stretch_for(lib: Library, group: str, variant: int) -> Exercise:
    # a stretch counts for the muscle group it names first (its main target)
    options = lib.by_stretch_group.get(group)
    if not options:
        raise ValueError(f"the exercise library has no stretch for {group}")
    return options[variant % len(options)]


def stretching_block(lib: Library, modality: Modality, variant: int) -> Block:
    """Static stretches, 30 s holds twice each side (docs/domain.md section 1, ACSM 2011)."""
    return lib.block(_stretching_block, modality, variant)


def _stretching_block(lib: Library, modality: Modality, variant: int) -> Block:
    exercises = tuple(
        prescribe(
            _stretch_for(lib, group, variant),
            sets=STRETCH_HOLDS,
            reps=None,
            seconds=STRETCH_HOLD_SECONDS,
            notes="Each side; hold still without bouncing.",
        )
        for group in stretch_groups(modality)
    )
    return Block(BlockKind.STRETCHING, STRETCH_MINUTES_EACH * len(exercises), exercises)
