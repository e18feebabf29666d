"""Value types of the plan engine: StrEnums and frozen dataclasses. No Django, no I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import TypeVar

# One vocabulary for the athlete's level: the profile's, read by the engine as it is (docs/design.md "Layout").
from people.rules import Level, Sport


class Intensity(StrEnum):
    EASY = "easy"
    MODERATE = "moderate"
    HARD = "hard"

    @property
    def rank(self) -> int:
        """Order easy < moderate < hard, so a cap can be compared with a session."""
        return _INTENSITY_RANK[self]


_INTENSITY_RANK = {Intensity.EASY: 0, Intensity.MODERATE: 1, Intensity.HARD: 2}
_E = TypeVar("_E", bound=StrEnum)


class WeekKind(StrEnum):
    """A week's place in a training block (docs/domain.md section 1, "Blocks"); `single` is a week made alone."""

    BUILD = "build"
    DELOAD = "deload"
    TAPER = "taper"
    SINGLE = "single"

    @property
    def is_reduced(self) -> bool:
        """Deload and taper weeks cut the load on purpose: they are never a full week to grow from."""
        return self is _DELOAD or self is _TAPER


# Members read in every week's rules and generation, bound once: on CPython 3.11 each `WeekKind.DELOAD` goes through
# EnumType's __getattr__ hook, several times the cost of a module global.
_BUILD, _DELOAD, _TAPER = WeekKind.BUILD, WeekKind.DELOAD, WeekKind.TAPER
_HARD = Intensity.HARD


class DayKind(StrEnum):
    TRAINING = "training"
    CROSS_TRAINING = "cross_training"
    REST = "rest"


class BlockKind(StrEnum):
    WARMUP = "warmup"
    MAIN = "main"
    STRENGTH = "strength"
    COOLDOWN = "cooldown"
    STRETCHING = "stretching"


class Modality(StrEnum):
    # main sports (and strength sessions a coach may add)
    RUN = "run"
    BIKE = "bike"
    SWIM = "swim"
    ROW = "row"
    STRENGTH = "strength"
    # a sport of several disciplines (DISCIPLINES): never a session's modality, each session is one of them
    TRIATHLON = "triathlon"
    # team and racket sports (docs/domain.md section 11): the practices and matches the team fixes
    SOCCER = "soccer"
    BASKETBALL = "basketball"
    FIELD_HOCKEY = "field_hockey"
    RUGBY = "rugby"
    HANDBALL = "handball"
    VOLLEYBALL = "volleyball"
    TENNIS = "tennis"
    # cross-training modalities, docs/domain.md section 1
    CYCLING = "cycling"
    SWIMMING = "swimming"
    AQUA_JOGGING = "aqua_jogging"
    ELLIPTICAL = "elliptical"
    ROWING = "rowing"
    YOGA = "yoga"

    @property
    def is_cross_training(self) -> bool:
        return self in CROSS_MODALITIES

    @property
    def is_team_sport(self) -> bool:
        return self in TEAM_SPORTS


# The profile's sports are modalities of the same values; which of them are team sports is said once, in
# people.rules.Sport (Modality(sport) fails at import for a sport the engine does not know).
MAIN_SPORTS = frozenset(Modality(sport) for sport in Sport if not sport.is_team_sport)
TEAM_SPORTS = frozenset(Modality(sport) for sport in Sport if sport.is_team_sport)
# What a session can be: every modality but a sport of several disciplines.
SESSION_MODALITIES = frozenset(Modality) - {Modality.TRIATHLON}
# Triathlon plans run, bike and swim sessions (docs/domain.md section 11), each under its own long-session cap.
DISCIPLINES = {Modality.TRIATHLON: (Modality.BIKE, Modality.RUN, Modality.SWIM)}


def disciplines(sport: Modality) -> tuple[Modality, ...]:
    """The session modalities of a sport's own training: the sport itself, or a triathlon's three."""
    return DISCIPLINES.get(sport, (sport,))


CROSS_MODALITIES = frozenset(
    {
        Modality.CYCLING,
        Modality.SWIMMING,
        Modality.AQUA_JOGGING,
        Modality.ELLIPTICAL,
        Modality.ROWING,
        Modality.YOGA,
    }
)


class EventKind(StrEnum):
    """A fixed event of a team athlete's week (docs/domain.md section 11): the engine plans around it, never moves
    it."""

    MATCH = "match"
    PRACTICE = "practice"


class Category(StrEnum):
    """Exercise library categories (plans/data/exercises.json)."""

    WARMUP_RAISE = "warmup_raise"
    WARMUP_ACTIVATE = "warmup_activate"
    WARMUP_MOBILISE = "warmup_mobilise"
    WARMUP_POTENTIATE = "warmup_potentiate"
    MAIN_RUN = "main_run"
    MAIN_BIKE = "main_bike"
    MAIN_SWIM = "main_swim"
    MAIN_ROW = "main_row"
    MAIN_STRENGTH = "main_strength"
    MAIN_TEAM = "main_team"
    CROSS_TRAINING = "cross_training"
    STRENGTH_PREVENTION = "strength_prevention"
    COOLDOWN = "cooldown"
    STRETCH = "stretch"


@dataclass(frozen=True, slots=True)
class Exercise:
    """One catalogue entry. `suits` lists the session modalities a warm-up or cool-down exercise fits
    (empty: any); `modality` is set on cross-training entries only."""

    slug: str
    name: str
    category: Category
    target_muscles: tuple[str, ...]
    equipment: str
    instructions: str
    default_sets: int
    default_reps: int | None = None
    default_seconds: int | None = None
    modality: Modality | None = None
    suits: tuple[Modality, ...] = ()

    def fits(self, modality: Modality) -> bool:
        return not self.suits or modality in self.suits


@dataclass(frozen=True, slots=True)
class BlockExercise:
    """An exercise as prescribed in a block. `category` and `target_muscles` are copied from the
    catalogue so the rules can check a week without the catalogue at hand."""

    name: str
    sets: int = 1
    reps: int | None = None
    seconds: int | None = None
    notes: str = ""
    slug: str = ""
    category: Category | None = None
    target_muscles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Block:
    kind: BlockKind
    minutes: int
    exercises: tuple[BlockExercise, ...] = ()


@dataclass(frozen=True, slots=True)
class Session:
    """A planned session. `event` marks a team's fixed practice or match (None: the plan's own session), and
    `start_time` its local start, which the plan keeps."""

    title: str
    modality: Modality
    intensity: Intensity
    planned_rpe: int
    blocks: tuple[Block, ...]
    event: EventKind | None = None
    start_time: dt.time | None = None

    @property
    def fixed(self) -> bool:
        return self.event is not None

    @property
    def planned_minutes(self) -> int:
        return sum(block.minutes for block in self.blocks)

    @property
    def load(self) -> int:
        """Session load = RPE x minutes (docs/domain.md section 2, Foster 2001)."""
        return self.planned_rpe * self.planned_minutes


@dataclass(frozen=True, slots=True)
class FixedEvent:
    """A team practice or match on a date (docs/domain.md section 11). `minutes` is the event itself; the plan adds
    the warm-up before it and the cool-down and stretching after it."""

    date: dt.date
    kind: EventKind
    minutes: int
    intensity: Intensity
    start_time: dt.time | None = None
    title: str = ""

    def __post_init__(self) -> None:
        _set_coerced(self, "kind", EventKind(self.kind))
        _set_coerced(self, "intensity", Intensity(self.intensity))
        if not 1 <= self.minutes <= 300:
            raise ValueError("a fixed event lasts 1 to 300 minutes")


@dataclass(frozen=True, slots=True)
class Day:
    date: dt.date
    kind: DayKind
    sessions: tuple[Session, ...] = ()

    @property
    def load(self) -> int:
        return sum(session.load for session in self.sessions)

    @property
    def has_hard_session(self) -> bool:
        return any(s.intensity is _HARD for s in self.sessions)


@dataclass(frozen=True, slots=True)
class Week:
    week_start: dt.date
    days: tuple[Day, ...]
    unmet_wishes: tuple[str, ...] = ()

    @property
    def load(self) -> int:
        return sum(day.load for day in self.days)

    @property
    def planned_minutes(self) -> int:
        return sum(s.planned_minutes for s in self.sessions())

    def sessions(self) -> Iterator[Session]:
        for day in self.days:
            yield from day.sessions

    def dated_sessions(self) -> Iterator[tuple[dt.date, Session]]:
        for day in self.days:
            for session in day.sessions:
                yield day.date, session


@dataclass(frozen=True, slots=True)
class Violation:
    """A broken rule. `overridable` is False for hard limits that a coach's override reason cannot lift
    (weekly load growth over 30 %, youth limits, malformed weeks).

    `subject` says what the breach is about when a rule can break in several places (a session, a pair of
    days; "" for the week), `figure` is the number that breaks the rule and `figure_text` says it in words
    ("1 rest day"). `worse_when` is "higher" or "lower": an override accepts its figure and nothing worse.
    """

    rule: str
    message: str
    overridable: bool = True
    subject: str = ""
    figure: float | None = None
    figure_text: str = ""
    worse_when: str = "higher"

    def no_worse_than(self, figure: float | None) -> bool:
        """True when this breach's figure is within what an override accepted (`figure`)."""
        if self.figure is None or figure is None:
            return self.figure is None and figure is None
        return self.figure <= figure + 1e-9 if self.worse_when == "higher" else self.figure >= figure - 1e-9


def _event_order(event: FixedEvent) -> tuple[dt.date, dt.time, str]:
    return (event.date, event.start_time or dt.time(0, 0), event.kind)


def _set_coerced(obj: object, name: str, value: object) -> None:
    # frozen dataclasses: __post_init__ normalises inputs through object.__setattr__
    object.__setattr__(obj, name, value)


def _coerce_history(raw: Mapping[str, float] | None) -> dict[Modality, float]:
    history: dict[Modality, float] = {}
    for key, minutes in (raw or {}).items():
        if minutes is not None and minutes < 0:
            raise ValueError(f"longest_minutes_by_modality_30d[{key}] must be >= 0")
        if not minutes:
            continue  # no session of that modality in 30 days: no history, hence no cap
        history[_coerced(Modality, key)] = float(minutes)
    return history


def _coerced(kind: type[_E], value: object) -> _E:
    """kind(value), skipping the enum's lookup for a value that is a member already (every context made from an
    input, every week of a block): the same member either way."""
    return value if type(value) is kind else kind(value)  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class AthleteInput:
    """Everything the generator needs for one week. Inputs are validated; ValueError names the field."""

    level: Level
    sport: Modality
    age_years: int
    week_start: dt.date
    available_weekdays: frozenset[int]
    weekly_minutes_target: int
    preferred_long_day: int | None = None
    week_index: int = 1
    deload_every: int = 4
    previous_week_load: float | None = None
    longest_minutes_by_modality_30d: Mapping[Modality, float] = field(default_factory=dict)
    max_intensity: Intensity | None = None
    avoid_hard_dates: frozenset[dt.date] = field(default_factory=frozenset)
    imbalance: bool = False
    nordic_week: int | None = None
    # Week-boundary continuity: the days in a row ending on the previous Sunday that held a training or
    # cross-training session (0-7; 7 means a week or more), and whether that Sunday held a hard session.
    trailing_training_days: int = 0
    previous_day_hard: bool = False
    # Turn 2 (docs/domain.md section 1): the last full week's load (the baseline is the larger of it and last
    # week's), the week's place in a block (None: every `deload_every`th week is a deload), whether it is the
    # goal's week of a taper, whether the athlete starts without history, the week's number among the
    # athlete's planned weeks, and the days since last week's last hard session (1: last Sunday).
    last_full_week_load: float | None = None
    week_kind: WeekKind | None = None
    final_week: bool = False
    starting: bool = False
    plan_number: int | None = None
    days_since_hard: int | None = None
    # Team sports (docs/domain.md section 11): the match dates in and around the week (the match-day scheme looks
    # two days past each end), and the week's fixed practices and matches, which the generator keeps as given.
    match_dates: frozenset[dt.date] = field(default_factory=frozenset)
    fixed_events: tuple[FixedEvent, ...] = ()

    def __post_init__(self) -> None:
        _set_coerced(self, "level", _coerced(Level, self.level))
        _set_coerced(self, "sport", _coerced(Modality, self.sport))
        if self.week_kind is not None:
            _set_coerced(self, "week_kind", _coerced(WeekKind, self.week_kind))
        if self.sport not in MAIN_SPORTS | TEAM_SPORTS:
            raise ValueError("sport must be a main sport (run, bike, swim, row) or a team sport")
        _set_coerced(self, "match_dates", frozenset(self.match_dates))
        _set_coerced(self, "fixed_events", tuple(sorted(self.fixed_events, key=_event_order)))
        week = {self.week_start + dt.timedelta(days=i) for i in range(7)}
        if any(event.date not in week for event in self.fixed_events):
            raise ValueError("fixed_events must fall inside the week")
        matches = {e.date for e in self.fixed_events if e.kind is EventKind.MATCH}
        _set_coerced(self, "match_dates", self.match_dates | matches)
        if self.week_start.weekday() != 0:
            raise ValueError("week_start must be a Monday")
        _set_coerced(self, "available_weekdays", frozenset(self.available_weekdays))
        if not self.available_weekdays or not self.available_weekdays <= frozenset(range(7)):
            raise ValueError("available_weekdays must be a non-empty set of 0..6 (Monday = 0)")
        if self.preferred_long_day is not None and self.preferred_long_day not in range(7):
            raise ValueError("preferred_long_day must be 0..6 or None")
        if self.weekly_minutes_target <= 0:
            raise ValueError("weekly_minutes_target must be positive")
        if self.max_intensity is not None:
            _set_coerced(self, "max_intensity", _coerced(Intensity, self.max_intensity))
        _set_coerced(self, "avoid_hard_dates", frozenset(self.avoid_hard_dates))
        _set_coerced(self, "longest_minutes_by_modality_30d", _coerce_history(self.longest_minutes_by_modality_30d))
        _validate_common(self)


MIN_AGE_YEARS = 14  # docs/domain.md section 4: the product is for athletes 14 and older


def _validate_common(obj: AthleteInput | RuleContext) -> None:
    if not MIN_AGE_YEARS <= obj.age_years <= 120:
        raise ValueError(f"age_years must be between {MIN_AGE_YEARS} and 120")
    if obj.week_index < 1:
        raise ValueError("week_index is 1-based")
    if obj.deload_every < 2:
        raise ValueError("deload_every must be at least 2")
    if obj.previous_week_load is not None and obj.previous_week_load < 0:
        raise ValueError("previous_week_load must be >= 0")
    if obj.nordic_week is not None and obj.nordic_week < 1:
        raise ValueError("nordic_week is 1-based")
    trailing = obj.trailing_training_days
    if isinstance(trailing, bool) or not isinstance(trailing, int) or not 0 <= trailing <= 7:
        raise ValueError("trailing_training_days must be a whole number of days from 0 to 7")
    if not isinstance(obj.previous_day_hard, bool):
        raise ValueError("previous_day_hard must be True or False")
    if obj.last_full_week_load is not None and obj.last_full_week_load < 0:
        raise ValueError("last_full_week_load must be >= 0")
    if obj.plan_number is not None and obj.plan_number < 1:
        raise ValueError("plan_number is 1-based")
    if obj.days_since_hard is not None and obj.days_since_hard < 1:
        raise ValueError("days_since_hard counts from last Sunday (1)")


@dataclass(frozen=True, slots=True)
class RuleContext:
    """What the rules need to check any week, generated or edited by a coach."""

    level: Level
    age_years: int
    sport: Modality
    previous_week_load: float | None = None
    longest_minutes_by_modality_30d: Mapping[Modality, float] = field(default_factory=dict)
    week_index: int = 1
    deload_every: int = 4
    imbalance: bool = False
    nordic_week: int | None = None
    max_intensity: Intensity | None = None
    avoid_hard_dates: frozenset[dt.date] = field(default_factory=frozenset)
    # see AthleteInput: the streak running into Monday and a hard session on the previous Sunday
    trailing_training_days: int = 0
    previous_day_hard: bool = False
    # see AthleteInput
    last_full_week_load: float | None = None
    week_kind: WeekKind | None = None
    final_week: bool = False
    starting: bool = False
    plan_number: int | None = None
    days_since_hard: int | None = None
    match_dates: frozenset[dt.date] = field(default_factory=frozenset)  # see AthleteInput

    def __post_init__(self) -> None:
        _set_coerced(self, "level", _coerced(Level, self.level))
        _set_coerced(self, "sport", _coerced(Modality, self.sport))
        _set_coerced(self, "match_dates", frozenset(self.match_dates))
        if self.week_kind is not None:
            _set_coerced(self, "week_kind", _coerced(WeekKind, self.week_kind))
        if self.max_intensity is not None:
            _set_coerced(self, "max_intensity", _coerced(Intensity, self.max_intensity))
        _set_coerced(self, "avoid_hard_dates", frozenset(self.avoid_hard_dates))
        _set_coerced(self, "longest_minutes_by_modality_30d", _coerce_history(self.longest_minutes_by_modality_30d))
        _validate_common(self)

    @classmethod
    def from_input(cls, inp: AthleteInput) -> RuleContext:
        # every field of the context is a field of the input, under the same name, and AthleteInput.__post_init__
        # coerced and checked each one with the functions __post_init__ would run again (_coerced, _coerce_history,
        # _validate_common): the values are set as they are, a fresh dict for the history (a week's generation
        # makes one context and its check another, so this runs twice a week)
        ctx = object.__new__(cls)
        for name in _CONTEXT_FIELDS:
            object.__setattr__(ctx, name, getattr(inp, name))
        object.__setattr__(ctx, "longest_minutes_by_modality_30d", dict(inp.longest_minutes_by_modality_30d))
        return ctx

    @property
    def kind(self) -> WeekKind:
        """The week's kind; without one given, every `deload_every`th week of the chain is a deload."""
        if self.week_kind is not None:
            return self.week_kind
        return _DELOAD if self.week_index % self.deload_every == 0 else _BUILD

    @property
    def is_deload_week(self) -> bool:
        return self.kind is _DELOAD

    @property
    def is_reduced_week(self) -> bool:
        return self.kind.is_reduced

    @property
    def since_last_hard(self) -> int | None:
        """Days since the last hard session before Monday; a hard Sunday counts even without the figure."""
        if self.previous_day_hard:
            return 1
        return self.days_since_hard


_CONTEXT_FIELDS = tuple(f.name for f in fields(RuleContext))  # from_input's names, read once
