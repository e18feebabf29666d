"""What each reminder says: subjects and template contexts from plain numbers. Pure: no Django import.

Every amount carries its docs/domain.md source (docs/design.md, principle 3); amounts stay in SI (ml) in the context and
are shown in the recipient's units by the templates (docs/design.md, principle 5).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from core.status import STATUS_WORDS
from intake import targets
from recovery.status import REASON_WORDS, ReasonCode, about

ML_PER_FL_OZ = 29.5735  # US customary fluid ounce
GLASS_ML = 250  # "a glass": the unit the hydration nudge counts in, and what its one-tap link logs
PRODUCT_NAME = "Trainer"
SUBJECT_MAX_CHARS = 150
# docs/domain.md §1 warm-up "Mobilise" and cool-down: light mobility for a rest day, no load.
REST_DAY_MOBILITY = (
    "Easy walk, 20-30 minutes",
    "Leg swings, 10 each side",
    "Hip bridges, 2 x 10",
    "Hamstring and calf stretches, 30 s each, 2-4 times",
)
SOURCE_REST = "ACSM Position Stand (MSSE 2009): recovery days, 48 h between hard sessions for the same muscles"
SOURCE_HYDRATION = (
    "US National Academies DRI 2004 (beverages); a nudge only when over 15 % behind the target pro-rated over "
    "waking hours"
)
SOURCE_HOOPER = "Hooper & Mackinnon, Sports Med 1995"
# docs/domain.md §8: medical flags make advice more careful. The same words as intake.targets.exercise_hydration.
FLUID_CAUTIONS = {
    "kidney_disease": "With kidney disease, ask your doctor whether you have a fluid limit before following this.",
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


def volume(ml: float, units: str) -> str:
    """An amount of fluid in the person's units: "350 ml" or "12 fl oz"."""
    if units == "imperial":
        return f"{round(ml / ML_PER_FL_OZ):,} fl oz"
    return f"{round(ml):,} ml"


def fluid_cautions(medical_flags: Sequence[str]) -> list[str]:
    """The sentences that must come with any drinking advice for these docs/domain.md §8 flags."""
    return [FLUID_CAUTIONS[f] for f in medical_flags if f in FLUID_CAUTIONS]


def clean_subject(text: str) -> str:
    """A one-line subject: CR, LF and every other control character become a space, so nothing typed into a
    name can add a mail header; long subjects are cut."""
    text = " ".join(_CONTROL.sub(" ", text).split())
    return text if len(text) <= SUBJECT_MAX_CHARS else text[: SUBJECT_MAX_CHARS - 1].rstrip() + "…"


@dataclass(frozen=True)
class Message:
    subject: str
    context: dict[str, Any]


def hydration(
    pace: targets.HydrationPace, target_ml: int, at: str, units: str, cautions: Sequence[str] = ()
) -> Message:
    """docs/domain.md §9 hydration nudge: how far behind, and how much to drink, never past the day's target (§4)."""
    behind_pct = round(pace.behind_fraction * 100)
    return Message(
        subject=f"Time for a drink: about {volume(pace.suggest_ml, units)} to catch up",
        context={
            "at": at,
            "drunk_ml": pace.drunk_ml,
            "expected_ml": pace.expected_ml,
            "target_ml": target_ml,
            "behind_pct": behind_pct,
            "suggest_ml": pace.suggest_ml,
            "glasses": max(1, math.ceil(pace.suggest_ml / GLASS_ML)),
            "glass_ml": GLASS_ML,
            "cautions": list(cautions),
            "source": SOURCE_HYDRATION,
        },
    )


def pre_session(
    title: str,
    start: str,
    minutes: int,
    guidance: targets.ExerciseHydration,
    units: str,
    cautions: Sequence[str] = (),
    match: bool = False,
) -> Message:
    """docs/domain.md §4 "Before": 6 ml/kg about 4 h before (rounded to 50 ml), 3-5 ml/kg more if urine is dark.
    Before a match the FIFA 11+ warm-up comes first (docs/domain.md section 11)."""
    low, high = guidance.before_2h_if_dark_urine_ml
    drink = f"drink {volume(guidance.before_4h_ml, units)} now"
    return Message(
        subject=f"Match day: {title} at {start}, {drink}" if match else f"{title} at {start}: {drink}",
        context={
            "match": match,
            "title": title,
            "start": start,
            "minutes": minutes,
            "before_ml": guidance.before_4h_ml,
            "top_up_low_ml": low,
            "top_up_high_ml": high,
            "sweat_ml": guidance.expected_sweat_ml,
            "during_min_ml": guidance.during_min_ml,
            "during_max_ml": guidance.during_max_ml,
            "max_mass_loss_kg": guidance.max_mass_loss_kg,
            "drink_to_thirst": guidance.drink_to_thirst,
            "why": list(guidance.why),
            "cautions": list(cautions),
            "source": guidance.source,
        },
    )


def post_session(
    title: str,
    sweat_ml: int,
    logged: bool,
    stretching: Sequence[dict[str, Any]],
    stretching_minutes: int,
    log_url: str,
    cautions: Sequence[str] = (),
    match: bool = False,
    rpe_url: str = "",
) -> Message:
    """docs/domain.md §4 "After" (about 1.5 L per kg lost) and §1's stretching block, with a link to log the session.
    After a match, the recovery day of the match-day scheme (docs/domain.md section 11). `rpe_url`: the session's
    workout came from a watch file without an RPE, which the email asks for there."""
    ask = "give its RPE" if rpe_url else "log it"
    return Message(
        subject=f"After {title}: rehydrate, stretch, {ask}" + (", recover tomorrow" if match else ""),
        context={
            "rpe_url": rpe_url,
            "match": match,
            "title": title,
            "sweat_ml": sweat_ml,
            "logged": logged,
            "rehydrate_ml_per_kg": targets.REHYDRATION_ML_PER_KG_LOST,
            "rehydrate_if_nothing_drunk_ml": targets.after_exercise_ml(sweat_ml / targets.ML_PER_KG_SWEAT),
            "stretching": list(stretching),
            "stretching_minutes": stretching_minutes,
            "log_url": log_url,
            "cautions": list(cautions),
            "source": f"{targets.SOURCE_REHYDRATION}; ACSM Position Stand (MSSE 2011) for static stretches",
        },
    )


def rest_day(day_kind: str, sessions: Sequence[str]) -> Message:
    """docs/domain.md §9 rest-day reminder: why rest matters, and light mobility."""
    cross = day_kind == "cross_training"
    return Message(
        subject="Cross-training day: keep it easy" if cross else "Rest day: recovery is part of training",
        context={
            "day_kind": day_kind,
            "cross_training": cross,
            "sessions": list(sessions),
            "mobility": list(REST_DAY_MOBILITY),
            "source": SOURCE_REST,
        },
    )


def checkin(checkin_url: str) -> Message:
    """docs/domain.md §9 evening check-in, when no wellness check-in was logged today (§3 Hooper items)."""
    return Message(
        subject="How did today feel? Log your check-in",
        context={"checkin_url": checkin_url, "source": SOURCE_HOOPER},
    )


def recovery_alert(athlete_name: str, reasons: Sequence[dict[str, Any]], for_coach: bool, day: str) -> Message:
    """docs/domain.md §7: the recovery status turned red; the reasons say why."""
    subject = (
        f"{athlete_name}'s recovery check turned red" if for_coach else "Your recovery check is red today: take care"
    )
    return Message(
        subject=subject,
        context={
            "athlete_name": athlete_name,
            "for_coach": for_coach,
            "day": _day_words(day),
            # the reasons speak to the athlete ("You rated ..."); the coach reads them about the athlete, by name
            "reasons": [
                {"code": str(r.get("code", "")), "message": _spoken(str(r.get("message", "")), for_coach, athlete_name)}
                for r in reasons
            ],
            "source": "Recovery checks: training load (Gabbett, BJSM 2016) and wellness scores (Hooper & Mackinnon, "
            "Sports Med 1995)",
        },
    )


def _spoken(message: str, for_coach: bool, athlete_name: str) -> str:
    return about(message, athlete_name) if for_coach else message


# Issue 14: the digest names each athlete's recovery status in words (core.status.STATUS_WORDS). The stored status
# is read as a string, so a status those words do not know reads as unknown, as no check at all does (never green).
FLAGGING_STATUSES = ("red", "amber")  # worst first: the digest's order
SEVERITY_ORDER = ("red", "amber", "info")


def digest_status(status: str | None, reasons: Sequence[dict[str, Any]], athlete_name: str) -> dict[str, Any]:
    """An athlete's recovery status for the coach: its word and its top reason (highest severity first), spoken
    about the athlete ("Ana rated fatigue 7 of 7"), with the reason's name."""
    status = status if status in STATUS_WORDS else "unknown"
    ranked = sorted(
        (r for r in reasons if r.get("severity") in SEVERITY_ORDER[:2]),
        key=lambda r: SEVERITY_ORDER.index(r["severity"]),
    )
    reason = ""
    if ranked and status in FLAGGING_STATUSES:
        top = ranked[0]
        code = str(top.get("code", ""))
        name = REASON_WORDS.get(ReasonCode(code)) if code in {c.value for c in ReasonCode} else None
        message = about(str(top.get("message", "")), athlete_name)
        reason = f"{name[0].upper()}{name[1:]}: {message}" if name else message
    return {
        "status": status,
        "status_words": STATUS_WORDS[status] + (" (not enough data yet)" if status == "unknown" else ""),
        "status_reason": reason,
        "status_flagged": status in FLAGGING_STATUSES,
    }


def _digest_order(athlete: dict[str, Any]) -> tuple[int, bool, str]:
    status = athlete.get("status")
    rank = FLAGGING_STATUSES.index(status) if status in FLAGGING_STATUSES else len(FLAGGING_STATUSES)
    return (rank, not athlete["flags"], athlete["name"])


def _is_flagged(athlete: dict[str, Any]) -> bool:
    return bool(athlete["flags"]) or bool(athlete.get("status_flagged"))


def _day_words(iso: str) -> str:
    """ "Tuesday 9 June" from "2026-06-09"."""
    day = dt.date.fromisoformat(iso)
    return f"{day:%A} {day.day} {day:%B}"


def coach_digest(coach_name: str, athletes: Sequence[dict[str, Any]], day: str) -> Message:
    """docs/domain.md §9 morning digest: red, then amber athletes, then others flagged (a cramp or no check-in
    yesterday), then the rest; each with their recovery status, compliance and missed logs (§2). "Yesterday" is
    each athlete's own, in their zone."""
    rows = [
        {**a, "flagged": _is_flagged(a), "yesterday_words": _day_words(a["yesterday"]) if a.get("yesterday") else ""}
        for a in athletes
    ]
    flagged = sum(1 for a in rows if a["flagged"])
    word = "athlete needs" if flagged == 1 else "athletes need"
    return Message(
        subject=f"Your athletes this morning: {flagged} {word} a look" if flagged else "Your athletes this morning",
        context={
            "coach_name": coach_name,
            "day": day,
            "day_words": _day_words(day),
            "athletes": sorted(rows, key=_digest_order),
            "flagged": flagged,
            "source": "Compliance bands: done is 80-120 % of the planned minutes, partial 50-150 %",
        },
    )


# --- the settings page's "next: ..." (issue 14) -------------------------------------------------------------
NEXT_CONDITIONS = {
    "hydration": ", if you are behind on water then",
    "pre_session": ", before a planned session",
    "post_session": ", after a planned session",
    "rest_day": ", a rest or cross-training day",
    "checkin": ", if that day's check-in is still missing",
}
NOTHING_NEXT = {
    "pre_session": "No session planned in the next few days.",
    "post_session": "No session planned in the next few days.",
    "rest_day": "No rest day in a published week in the next 7 days.",
    "recovery_alert": "When a recovery check turns red.",
}


def when_words(local_at: dt.datetime, today: dt.date) -> str:
    """A moment on the person's own clock in words: "today at 14:00", "tomorrow at 10:00", "on Friday at 08:00"
    within the week, "on Fri 19 Jun at 08:00" further on."""
    clock = f"{local_at:%H:%M}"
    days = (local_at.date() - today).days
    if days == 0:
        return f"today at {clock}"
    if days == 1:
        return f"tomorrow at {clock}"
    if 1 < days < 7:
        return f"on {local_at:%A} at {clock}"
    return f"on {local_at:%a} {local_at.day} {local_at:%b} at {clock}"


def next_words(kind: str, on: bool, local_at: dt.datetime | None, today: dt.date) -> str:
    """One line for a reminder kind on the settings page: "Next: today at 16:00, if you are behind on water then." """
    if not on:
        return "Off."
    if local_at is None:
        return NOTHING_NEXT.get(kind, "Nothing due in the next days.")
    return f"Next: {when_words(local_at, today)}{NEXT_CONDITIONS.get(kind, '')}."
