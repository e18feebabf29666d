"""The pure planning core: no Django import, no I/O except load_catalogue's one file read."""

from .catalogue import load_catalogue, parse_catalogue
from .generate import generate_week
from .rules import RULES, check_week, refusals
from .serialize import week_from_dict, week_to_dict
from .types import (
    AthleteInput,
    Block,
    BlockExercise,
    BlockKind,
    Category,
    Day,
    DayKind,
    Exercise,
    Intensity,
    Level,
    Modality,
    RuleContext,
    Session,
    Violation,
    Week,
    WeekKind,
)

__all__ = [
    "RULES",
    "AthleteInput",
    "Block",
    "BlockExercise",
    "BlockKind",
    "Category",
    "Day",
    "DayKind",
    "Exercise",
    "Intensity",
    "Level",
    "Modality",
    "RuleContext",
    "Session",
    "Violation",
    "Week",
    "WeekKind",
    "check_week",
    "generate_week",
    "load_catalogue",
    "parse_catalogue",
    "refusals",
    "week_from_dict",
    "week_to_dict",
]
