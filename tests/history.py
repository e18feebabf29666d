"""An athlete's history for the account tests: `rows` of every kind of row Trainer keeps about an athlete,
written through the same services the API uses where one exists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from intake import log_services as intake_logs
from intake import services as intake_services
from intake.models import Food, Meal
from people.logs import local_today
from plans import services as plan_services
from plans.models import BlockExercise, Exercise, PlanTemplate, PlanWeek
from reminders.models import ReminderPreference
from tests.factories import (
    CoachAlertFactory,
    DeliveryFactory,
    InvitationFactory,
    PlanAdjustmentFactory,
    RecoveryStatusFactory,
)
from training import services as plan_logs

BANANA, SPINACH = "09040", "11457"


def library_food(ndb: str) -> Food:
    return Food.objects.get(ndb_no=ndb)


def give_history(athlete, coach, rows: int = 1) -> list[PlanWeek]:
    """`rows` published weeks (from this one on) and `rows` of each log, check, status and email."""
    today, now = local_today(athlete), timezone.now()
    monday = today - dt.timedelta(days=today.weekday())
    plans = []
    for i in range(rows):
        plan = plan_services.generate_plan(athlete=athlete, week_start=monday + dt.timedelta(weeks=i), author=coach)
        plans.append(plan_services.publish_plan(plan))
    for i in range(rows):
        _logs(athlete, coach, today - dt.timedelta(days=i), now - dt.timedelta(minutes=10 * i + 1))
        _checks(athlete, coach, plans[i], today - dt.timedelta(days=i), now)
    ReminderPreference.objects.update_or_create(user=athlete.user, defaults={"hydration": False})
    InvitationFactory(athlete=athlete, invited_by=coach, email=athlete.user.email)
    return plans


def _logs(athlete, coach, day: dt.date, at: dt.datetime) -> None:
    intake_logs.log_water(athlete=athlete, water_ml=250, at=at)
    items = [
        {"food": library_food(BANANA), "grams": Decimal(118)},
        {"food": library_food(SPINACH), "grams": Decimal(30)},
    ]
    intake_logs.log_meal(athlete=athlete, items=items, at=at, notes="lunch")
    intake_logs.log_supplement(athlete=athlete, data={"magnesium_mg": 200, "at": at})
    intake_logs.record_sweat_test(
        athlete=athlete, data={"date": day, "minutes": 60, "mass_before_kg": 62, "mass_after_kg": 61.4, "fluid_ml": 300}
    )
    plan_logs.log_workout(athlete=athlete, data={"date": day, "minutes": 45, "rpe": 5, "notes": "tempo"}, by=coach)
    checkin = {"date": day, "sleep": 3, "fatigue": 4, "stress": 2, "soreness": 3, "resting_hr_bpm": 52}
    plan_logs.record_checkin(athlete=athlete, data=checkin)
    cramp = {
        "at": at,
        "location": "behind_knee",
        "side": "left",
        "severity": 6,
        "duration_minutes": 2,
        "context": "night",
    }
    plan_logs.log_cramp(athlete=athlete, data=cramp)


def _checks(athlete, coach, plan: PlanWeek, day: dt.date, now: dt.datetime) -> None:
    reasons = [{"code": "hooper_high", "message": "Fatigue is up.", "severity": "warn"}]
    RecoveryStatusFactory(athlete=athlete, date=day, status="amber", reasons=reasons, checked_at=now)
    session = plan.sessions.first()
    PlanAdjustmentFactory(
        plan=plan, session=session, date=session.date, kind="easier", status="amber", reasons=reasons,
        message="One step easier.", before={"date": session.date.isoformat(), "week": {}},
    )  # fmt: skip
    CoachAlertFactory(coach=coach, athlete=athlete, date=day, status="red", reasons=reasons, message="Red.")
    DeliveryFactory(
        recipient=athlete.user, athlete=athlete, kind="hydration", local_date=day, slot="10:00", subject="Drink up"
    )


@dataclass
class CoachOwn:
    """What a coach made that athletes' records use: a food eaten in a meal, one nobody ate, an exercise in a
    session, a template."""

    eaten_food: Food
    uneaten_food: Food
    exercise: Exercise
    meal: Meal
    block_exercise: BlockExercise
    template: PlanTemplate


def give_coach_own(coach, athlete, plan: PlanWeek) -> CoachOwn:
    def food(description: str) -> Food:
        return intake_services.create_coach_food(
            owner=coach, description=description, short_description="", group_code=None, is_beverage=None,
            portions=[], nutrients={"potassium_mg": Decimal(400), "magnesium_mg": Decimal(60), "water_g": Decimal(80)},
        )  # fmt: skip

    eaten, uneaten = food("Recovery shake, coach's recipe"), food("Beet juice, coach's recipe")
    meal = intake_logs.log_meal(athlete=athlete, items=[{"food": eaten, "grams": Decimal(300)}], notes="after run")
    exercise = plan_services.add_exercise(
        owner=coach,
        data={"name": "Nordic hamstring curl, coach's cue", "category": "strength_prevention", "instructions": "Slow."},
    )
    # A session's exercise row pointing at the coach's exercise, as a coach edit with that slug writes it.
    row = BlockExercise.objects.filter(block__session__plan=plan).order_by("id").first()
    row.exercise, row.name = exercise, exercise.name
    row.save(update_fields=["exercise", "name"])
    template = plan_services.save_template(plan=plan, name="Base week", owner=coach)
    return CoachOwn(eaten, uneaten, exercise, meal, row, template)
