"""The recovery check: green, amber or red (or unknown, with too little data), with the reasons behind it.

Pure core (docs/design.md): dataclasses in, dataclasses out; no Django import, no I/O. Codes and thresholds from
docs/domain.md §7, which points to §2 (load), §3 (readiness), §4 (water), §5 (minerals) and §8 (medical flags).
Every reason carries a sentence an athlete or coach understands, the value behind it and the threshold
crossed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from core.status import Status
from core.words import count
from intake.targets import (
    GUIDANCE_NOT_DIAGNOSIS,
    SEE_PROFESSIONAL,
    MedicalFlag,
    MineralDay,
    medical_notes,
    mineral_suggestion,
    shortfalls,
)
from plans.engine.constants import CONGESTED_WITHIN_DAYS
from plans.engine.matchdays import congested_pairs
from plans.engine.rules import day_label
from plans.load import ACWR_MIN_HISTORY_DAYS, LoadDay
from recovery.cramps import SEVERE_CRAMP_SEVERITY, Cramp
from recovery.readiness import (
    HOOPER_NO_BASELINE_AMBER,
    HOOPER_NO_BASELINE_RED,
    HOOPER_Z_AMBER,
    HOOPER_Z_RED,
    MASS_DROP_AMBER_PCT,
    MASS_DROP_RED_PCT,
    RESTING_HR_RISE_BPM,
    HooperResult,
    HrvResult,
    MassResult,
    Readiness,
    RestingHrResult,
)

ACWR_AMBER = 1.3  # docs/domain.md §7 load_spike: ratio over 1.3 is amber
ACWR_RED = 1.5  # docs/domain.md §7 load_spike: over 1.5 is red (Gabbett 2016's danger zone)
MONOTONY_INFO = 1.5  # docs/domain.md §7 monotony: over 1.5 is information
MONOTONY_AMBER = 2.0  # docs/domain.md §7 monotony: over 2.0 is amber
WATER_AMBER_PCT = 80  # docs/domain.md §7 dehydration: beverages under 80 % of yesterday's target
WATER_RED_PCT = 60  # docs/domain.md §7 dehydration: under 60 % is red
RECENT_CRAMP_HOURS = 48  # docs/domain.md §7 recent_cramp: a cramp in the last 48 h
CONGESTED_RECOVERY_DAYS = 2  # product rule: the congested-fixtures reason stays two days after the second match
HISTORY_DAYS = ACWR_MIN_HISTORY_DAYS  # docs/domain.md §7 insufficient_history: fewer than 28 days of logs


class Severity(StrEnum):
    INFO = "info"
    AMBER = "amber"
    RED = "red"


class ReasonCode(StrEnum):
    """docs/domain.md §7 codes."""

    LOAD_SPIKE = "load_spike"
    MONOTONY = "monotony"
    POOR_RECOVERY = "poor_recovery"
    ELEVATED_RESTING_HR = "elevated_resting_hr"
    DEHYDRATION = "dehydration"
    MINERAL_SHORTFALL = "mineral_shortfall"
    SKIPPED_WARMUP = "skipped_warmup"
    SKIPPED_STRETCHING = "skipped_stretching"
    CONSECUTIVE_DAYS = "consecutive_days"
    RECENT_CRAMP = "recent_cramp"
    MEDICAL_FLAG = "medical_flag"
    LOW_HRV = "low_hrv"
    INSUFFICIENT_HISTORY = "insufficient_history"
    CONGESTED_FIXTURES = "congested_fixtures"


# The one place each reason gets its name for people (issue 14: words, never codes).
REASON_WORDS: dict[ReasonCode, str] = {
    ReasonCode.LOAD_SPIKE: "load jump",
    ReasonCode.MONOTONY: "days much alike",
    ReasonCode.POOR_RECOVERY: "poor wellness scores",
    ReasonCode.ELEVATED_RESTING_HR: "raised resting heart rate",
    ReasonCode.DEHYDRATION: "low fluids",
    ReasonCode.MINERAL_SHORTFALL: "low minerals",
    ReasonCode.SKIPPED_WARMUP: "skipped warm-up",
    ReasonCode.SKIPPED_STRETCHING: "skipped stretching",
    ReasonCode.CONSECUTIVE_DAYS: "many days in a row",
    ReasonCode.RECENT_CRAMP: "a recent cramp",
    ReasonCode.MEDICAL_FLAG: "medical flags",
    ReasonCode.LOW_HRV: "low heart-rate variability",
    ReasonCode.INSUFFICIENT_HISTORY: "short history",
    ReasonCode.CONGESTED_FIXTURES: "matches close together",
}


@dataclass(frozen=True)
class Reason:
    code: ReasonCode
    severity: Severity
    message: str
    value: float | None
    threshold: float | None


@dataclass(frozen=True)
class WaterDay:
    """Yesterday's beverages against yesterday's target; pass None when nothing was logged (unknown, not 0)."""

    water_ml: float
    target_ml: float


@dataclass(frozen=True)
class LastSession:
    """The last completed session's habits (docs/api.md workout log)."""

    warmup_done: bool
    stretching_done: bool


@dataclass(frozen=True)
class RecoveryInput:
    now: datetime  # aware; cramps within 48 h of it count
    load: LoadDay | None = None
    readiness: Readiness | None = None
    yesterday_water: WaterDay | None = None
    minerals: tuple[MineralDay, ...] = ()  # the last days, oldest first, each with that day's targets
    last_session: LastSession | None = None
    consecutive_training_days: int = 0
    max_consecutive_training_days: int | None = None  # the level's maximum (docs/domain.md §1)
    cramps: tuple[Cramp, ...] = ()
    medical_flags: frozenset[MedicalFlag] = frozenset()
    days_of_history: int = 0
    # a team athlete's matches around the day (docs/domain.md section 11, congested fixtures), local dates
    match_dates: tuple[date, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "medical_flags", frozenset(MedicalFlag(f) for f in self.medical_flags))


@dataclass(frozen=True)
class RecoveryResult:
    status: Status
    reasons: tuple[Reason, ...]


def status_of(reasons: Sequence[Reason]) -> Status:
    """Red if any reason is red, amber if any is amber, else green; info never changes it (docs/domain.md §7)."""
    severities = {r.severity for r in reasons}
    if Severity.RED in severities:
        return Status.RED
    if Severity.AMBER in severities:
        return Status.AMBER
    return Status.GREEN


# Reasons speak to the athlete ("You rated fatigue 7 of 7"); the coach reads them about the athlete (issue 14).
# The first "you" of a reason becomes the athlete's name, the later ones "they" (verbs agreeing).
_YOU = re.compile(r"\b(you|your|yours|yourself)\b(?: (are|have|were)\b)?", re.IGNORECASE)
_NAMED = {"you": "{name}", "your": "{name}'s", "yours": "{name}'s", "yourself": "{name}"}
_PRONOUN = {"you": "they", "your": "their", "yours": "theirs", "yourself": "themselves"}
_NAMED_VERB = {"are": "is", "have": "has", "were": "was"}


def about(message: str, name: str) -> str:
    """A reason's sentence as the coach reads it: "Ana rated fatigue 7 of 7", "Yesterday Ana drank 742 ml, 41 % of
    their target", "Ana's resting heart rate is ..."."""
    named = False

    def turn(match: re.Match[str]) -> str:
        nonlocal named
        word, verb = match.group(1), match.group(2)
        if named:
            said = _PRONOUN[word.lower()]
            said = said.capitalize() if word[0].isupper() else said
        else:
            said, verb = _NAMED[word.lower()].format(name=name), _NAMED_VERB.get(verb or "", verb)
            named = True
        return f"{said} {verb}" if verb else said

    return _YOU.sub(turn, message)


def has_evidence(inp: RecoveryInput) -> bool:
    """Whether a quiet check means something: a check-in today, water logged yesterday, logged meals, or a week of
    workouts for the load figures. Without any of these, no reason firing says nothing about recovery."""
    readiness = inp.readiness
    checked_in = readiness is not None and any(
        signal is not None for signal in (readiness.hooper, readiness.resting_hr, readiness.mass, readiness.hrv)
    )
    load_known = inp.load is not None and (inp.load.acwr is not None or inp.load.monotony is not None)
    return checked_in or load_known or inp.yesterday_water is not None or bool(inp.minerals)


def recovery_check(inp: RecoveryInput) -> RecoveryResult:
    """Every docs/domain.md §7 reason that applies today, and the status they add up to: `unknown` rather than green
    when there is nothing to judge by (issue 14)."""
    reasons = [
        *_load_reasons(inp.load),
        *_readiness_reasons(inp.readiness),
        *_water_reasons(inp.yesterday_water, inp.medical_flags),
        *_mineral_reasons(inp.minerals, inp.medical_flags),
        *_habit_reasons(inp.last_session),
        *_consecutive_reasons(inp.consecutive_training_days, inp.max_consecutive_training_days),
        *_cramp_reasons(inp.cramps, inp.now),
        *_medical_reasons(inp.medical_flags),
        *_history_reasons(inp.days_of_history),
        *_fixture_reasons(inp.match_dates, inp.now.date()),
    ]
    status = status_of(reasons)
    if status is Status.GREEN and not has_evidence(inp):
        status = Status.UNKNOWN
    return RecoveryResult(status=status, reasons=tuple(reasons))


# --- load (docs/domain.md §2, §7) --------------------------------------------------------------------------------
def _load_reasons(load: LoadDay | None) -> list[Reason]:
    if load is None:
        return []
    return [r for r in (_load_spike(load.acwr), _monotony(load.monotony)) if r is not None]


def _load_spike(ratio: float | None) -> Reason | None:
    """Shown as a question, never as an injury prediction (docs/domain.md §2)."""
    if ratio is None or ratio <= ACWR_AMBER:
        return None
    red = ratio > ACWR_RED
    return Reason(
        ReasonCode.LOAD_SPIKE,
        Severity.RED if red else Severity.AMBER,
        f"Your last week's load is {ratio:.2f} times your 28-day average (0.8-1.3 is the usual range). "
        "This is a question, not a prediction: was the jump planned, and how does your body feel?",
        value=round(ratio, 3),
        threshold=ACWR_RED if red else ACWR_AMBER,
    )


def _monotony(monotony: float | None) -> Reason | None:
    if monotony is None or monotony <= MONOTONY_INFO:
        return None
    amber = monotony > MONOTONY_AMBER
    return Reason(
        ReasonCode.MONOTONY,
        Severity.AMBER if amber else Severity.INFO,
        f"Training monotony is {monotony:.1f} over the last 7 days: your days have been much alike. "
        "Alternating hard and easy days, with a rest day, lowers it.",
        value=round(monotony, 3),
        threshold=MONOTONY_AMBER if amber else MONOTONY_INFO,
    )


# --- readiness (docs/domain.md §3, §7) ---------------------------------------------------------------------------
def _readiness_reasons(readiness: Readiness | None) -> list[Reason]:
    if readiness is None:
        return []
    found = (
        _poor_recovery(readiness.hooper),
        _resting_hr(readiness.resting_hr),
        _mass_dehydration(readiness.mass),
        _low_hrv(readiness.hrv),
    )
    return [r for r in found if r is not None]


def _poor_recovery(hooper: HooperResult | None) -> Reason | None:
    if hooper is None or hooper.level is Status.GREEN:
        return None
    red = hooper.level is Status.RED
    severity = Severity.RED if red else Severity.AMBER
    if hooper.items_at_max:
        message = f"You rated {', '.join(hooper.items_at_max)} 7 of 7 (very, very bad) this morning."
        return Reason(ReasonCode.POOR_RECOVERY, severity, f"{message} Take it easy today.", hooper.index, None)
    if hooper.amber_streak:
        message = "Your wellness score (Hooper) has been above your usual for three days in a row."
        return Reason(
            ReasonCode.POOR_RECOVERY, severity, f"{message} Plan an easy or rest day.", hooper.index, hooper.z
        )
    if hooper.z is None:
        threshold = HOOPER_NO_BASELINE_RED if red else HOOPER_NO_BASELINE_AMBER
        message = (
            f"Your wellness score (Hooper: sleep, fatigue, stress, soreness) is {hooper.index} of 28, at or "
            "above "
            f"{threshold}. After 7 check-ins you will be compared with your own usual score."
        )
        return Reason(ReasonCode.POOR_RECOVERY, severity, message, hooper.index, threshold)
    threshold = HOOPER_Z_RED if red else HOOPER_Z_AMBER
    message = (
        f"Your wellness score (Hooper: sleep, fatigue, stress, soreness) is {hooper.index}, "
        f"{hooper.z:.1f} standard deviations above your last 28 days. Consider an easier day."
    )
    return Reason(ReasonCode.POOR_RECOVERY, severity, message, round(hooper.z, 3), threshold)


def _resting_hr(result: RestingHrResult | None) -> Reason | None:
    if result is None or result.level is Status.GREEN:
        return None
    return Reason(
        ReasonCode.ELEVATED_RESTING_HR,
        Severity.AMBER,
        f"Your resting heart rate is {result.resting_hr_bpm:.0f} bpm, {result.rise_bpm:.0f} bpm above your "
        f"28-day mean of {result.baseline_mean_bpm:.0f}. Fatigue, illness, heat or poor sleep can raise it.",
        value=round(result.rise_bpm, 1),
        threshold=RESTING_HR_RISE_BPM,
    )


def _mass_dehydration(result: MassResult | None) -> Reason | None:
    if result is None or result.level is Status.GREEN:
        return None
    red = result.level is Status.RED
    return Reason(
        ReasonCode.DEHYDRATION,
        Severity.RED if red else Severity.AMBER,
        f"Your morning body mass is {result.drop_pct:.1f} % below your 7-day mean: you may be low on fluids. "
        "Drink to thirst through the morning before training.",
        value=round(result.drop_pct, 2),
        threshold=MASS_DROP_RED_PCT if red else MASS_DROP_AMBER_PCT,
    )


def _low_hrv(result: HrvResult | None) -> Reason | None:
    if result is None or result.level is Status.GREEN:
        return None
    return Reason(
        ReasonCode.LOW_HRV,
        Severity.AMBER,
        f"Your 7-day heart-rate variability (ln rMSSD {result.week_mean_ln:.2f}) is below your 28-day "
        "baseline "
        f"range ({result.threshold_ln:.2f}). Keep today easy: no hard session.",
        value=round(result.week_mean_ln, 3),
        threshold=round(result.threshold_ln, 3),
    )


# --- water and minerals (docs/domain.md §4, §5, §7) --------------------------------------------------------------
def _water_reasons(water: WaterDay | None, flags: frozenset[MedicalFlag]) -> list[Reason]:
    if water is None or water.target_ml <= 0:
        return []
    pct = round(100 * water.water_ml / water.target_ml, 9)
    if pct >= WATER_AMBER_PCT:
        return []
    red = pct < WATER_RED_PCT
    message = (
        f"Yesterday you drank {water.water_ml:,.0f} ml, {pct:.0f} % of your {water.target_ml:,.0f} ml "
        "target. "
        "Drink to thirst today and keep a bottle at hand."
    )
    if MedicalFlag.DIABETES in flags:
        message += " With diabetes, high blood sugar increases urine output, so fluids matter more."
    threshold = WATER_RED_PCT if red else WATER_AMBER_PCT
    return [Reason(ReasonCode.DEHYDRATION, Severity.RED if red else Severity.AMBER, message, round(pct, 1), threshold)]


def _mineral_reasons(days: Sequence[MineralDay], flags: frozenset[MedicalFlag]) -> list[Reason]:
    """One amber reason per nutrient short over three days; the message is the flag-aware suggestion."""
    return [
        Reason(
            ReasonCode.MINERAL_SHORTFALL,
            Severity.AMBER,
            mineral_suggestion(short, flags).message,
            value=round(short.intake_pct, 1),
            threshold=short.threshold_pct,
        )
        for short in shortfalls(days)
    ]


# --- habits, consecutive days, cramps (docs/domain.md §1, §6, §7) ------------------------------------------------
def _habit_reasons(session: LastSession | None) -> list[Reason]:
    if session is None:
        return []
    reasons = []
    if not session.warmup_done:
        reasons.append(
            Reason(
                ReasonCode.SKIPPED_WARMUP,
                Severity.AMBER,
                "Your last session was logged without its warm-up. A structured warm-up of at least 10 "
                "minutes "
                "cut injuries by about a third in studies: keep it in today.",
                None,
                None,
            )
        )
    if not session.stretching_done:
        reasons.append(
            Reason(
                ReasonCode.SKIPPED_STRETCHING,
                Severity.AMBER,
                "Your last session was logged without its cool-down and stretches. Finish today's with 5 "
                "easy "
                "minutes and hamstring and calf stretches held 30 s.",
                None,
                None,
            )
        )
    return reasons


def _consecutive_reasons(days: int, max_days: int | None) -> list[Reason]:
    if max_days is None or days < max_days:
        return []
    message = (
        f"Today makes {days} training days in a row, the most your level allows ({max_days}). "
        "The next day should be a rest day."
    )
    return [Reason(ReasonCode.CONSECUTIVE_DAYS, Severity.AMBER, message, days, max_days)]


def _fixture_reasons(matches: Sequence[date], today: date) -> list[Reason]:
    """Two matches within 4 days raise injury rates about six-fold (Dupont et al., AJSM 2010): amber from the
    first of them until two days after the second (docs/domain.md section 11)."""
    for first, second in congested_pairs(matches):
        if first <= today <= second + timedelta(days=CONGESTED_RECOVERY_DAYS):
            days = (second - first).days
            message = (
                f"Two matches {days} days apart ({day_label(first)} and {day_label(second)}): injury rates are "
                "about six times higher in such congested weeks (Dupont et al., 2010). Keep the days between and "
                "after them easy, and sleep, eat and drink well."
            )
            return [Reason(ReasonCode.CONGESTED_FIXTURES, Severity.AMBER, message, days, CONGESTED_WITHIN_DAYS)]
    return []


def _cramp_reasons(cramps: Sequence[Cramp], now: datetime) -> list[Reason]:
    recent = [c for c in cramps if timedelta(0) <= now - c.at <= timedelta(hours=RECENT_CRAMP_HOURS)]
    if not recent:
        return []
    worst_severity = max(c.severity for c in recent)
    red = worst_severity >= SEVERE_CRAMP_SEVERITY
    count = "a cramp" if len(recent) == 1 else f"{len(recent)} cramps"
    message = f"You logged {count} in the last 48 hours (worst severity {worst_severity} of 10)."
    if red:
        message += f" Severe cramps: ease off, and if they keep coming back, {SEE_PROFESSIONAL}."
    else:
        message += " Look at what preceded it before your next hard session."
    threshold = SEVERE_CRAMP_SEVERITY if red else None
    return [
        Reason(
            ReasonCode.RECENT_CRAMP,
            Severity.RED if red else Severity.AMBER,
            message,
            worst_severity,
            threshold,
        )
    ]


def _medical_reasons(flags: frozenset[MedicalFlag]) -> list[Reason]:
    """Always information when flags exist (docs/domain.md §7): more careful advice, the status unchanged."""
    notes = medical_notes(flags)
    if not notes:
        return []
    message = " ".join(
        ["Your profile lists medical flags, so the advice here is more careful.", *(n.message for n in notes)]
    )
    message = f"{message} {GUIDANCE_NOT_DIAGNOSIS}"
    return [Reason(ReasonCode.MEDICAL_FLAG, Severity.INFO, message, None, None)]


def _history_reasons(days_of_history: int) -> list[Reason]:
    if days_of_history >= HISTORY_DAYS:
        return []
    logged = "No workouts logged yet" if days_of_history == 0 else f"{count(days_of_history, 'day')} of logs so far"
    message = (
        f"{logged}: the load ratio and your personal baselines need {HISTORY_DAYS} days, "
        "so some checks are not shown yet."
    )
    return [Reason(ReasonCode.INSUFFICIENT_HISTORY, Severity.INFO, message, days_of_history, HISTORY_DAYS)]
