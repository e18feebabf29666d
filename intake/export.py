"""An athlete's logs for a date range as one CSV (issue 4: admin and CSV export). Reads only; 7 queries."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from intake.models import Meal, SupplementLog, SweatTest, WaterLog
from intake.targets import MINERAL_FIELDS
from people.logs import local_day_bounds
from people.models import AthleteProfile
from training.models import CrampEpisode, WellnessCheckIn, WorkoutLog

COLUMNS = [
    "kind", "local_date", "at", "minutes", "rpe", "load", "completed", "warmup_done", "stretching_done", "water_ml",
    "food", "grams", *MINERAL_FIELDS, "sleep", "fatigue", "stress",
    "soreness", "resting_hr_bpm", "hrv_rmssd_ms", "morning_mass_kg", "location", "side", "severity", "context",
    "sweat_rate_ml_per_h", "mass_loss_pct", "notes",
]  # fmt: skip


def rows(athlete: AthleteProfile, first: dt.date, last: dt.date) -> Iterator[dict[str, object]]:
    zone = ZoneInfo(athlete.time_zone)
    start, end = local_day_bounds(athlete, first)[0], local_day_bounds(athlete, last)[1]

    def local(at: dt.datetime) -> tuple[str, str]:
        moment = at.astimezone(zone)
        return moment.date().isoformat(), moment.isoformat()

    for w in WorkoutLog.objects.filter(athlete=athlete, date__gte=first, date__lte=last).order_by("date", "id"):
        yield {"kind": "workout", "local_date": w.date.isoformat(), "minutes": w.minutes, "rpe": w.rpe, "load": w.load,
               "completed": w.completed, "warmup_done": w.warmup_done, "stretching_done": w.stretching_done,
               "notes": w.notes}  # fmt: skip
    for c in WellnessCheckIn.objects.filter(athlete=athlete, date__gte=first, date__lte=last).order_by("date"):
        yield {"kind": "checkin", "local_date": c.date.isoformat(), "sleep": c.sleep, "fatigue": c.fatigue,
               "stress": c.stress, "soreness": c.soreness, "resting_hr_bpm": c.resting_hr_bpm,
               "hrv_rmssd_ms": c.hrv_rmssd_ms, "morning_mass_kg": c.morning_mass_kg}  # fmt: skip
    for s in SweatTest.objects.filter(athlete=athlete, date__gte=first, date__lte=last).order_by("date"):
        yield {"kind": "sweat_test", "local_date": s.date.isoformat(), "minutes": s.minutes,
               "sweat_rate_ml_per_h": s.sweat_rate_ml_per_h, "mass_loss_pct": s.mass_loss_pct}  # fmt: skip
    for w in WaterLog.objects.filter(athlete=athlete, at__gte=start, at__lt=end).order_by("at"):
        day, at = local(w.at)
        yield {"kind": "water", "local_date": day, "at": at, "water_ml": w.water_ml}
    meals = Meal.objects.filter(athlete=athlete, at__gte=start, at__lt=end).prefetch_related("items__food")
    for meal in meals.order_by("at"):
        day, at = local(meal.at)
        for item in meal.items.all():
            yield {"kind": "meal_item", "local_date": day, "at": at, "food": item.food.description,
                   "grams": item.grams, "notes": meal.notes}  # fmt: skip
    for s in SupplementLog.objects.filter(athlete=athlete, at__gte=start, at__lt=end).order_by("at"):
        day, at = local(s.at)
        yield {"kind": "supplement", "local_date": day, "at": at, "potassium_mg": s.potassium_mg,
               "calcium_mg": s.calcium_mg, "magnesium_mg": s.magnesium_mg, "sodium_mg": s.sodium_mg}  # fmt: skip
    for c in CrampEpisode.objects.filter(athlete=athlete, at__gte=start, at__lt=end).order_by("at"):
        day, at = local(c.at)
        yield {"kind": "cramp", "local_date": day, "at": at, "location": c.location, "side": c.side,
               "severity": c.severity, "minutes": c.duration_minutes, "context": c.context,
               "notes": c.notes}  # fmt: skip


def to_csv(athlete: AthleteProfile, first: dt.date, last: dt.date) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in rows(athlete, first, last):
        # A cell starting with = + - @ would run as a formula in a spreadsheet: quote it as text.
        writer.writerow({k: (f"'{v}" if isinstance(v, str) and v[:1] in "=+-@" else v) for k, v in row.items()})
    return buffer.getvalue()
